#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

void diag_init(diag *d, size_t cap)
{
    d->file = "-";
    d->errors = d->total_errors = d->warnings = 0;
    d->cap = cap ? cap : 50;
}

void diag_file(diag *d, const char *file)
{
    d->file = file;
    d->errors = 0;
}

static void emit(diag *d, const char *kind, size_t line, size_t col, const char *field,
                 const char *fmt, va_list ap)
{
    fprintf(stderr, "%s:%zu:%zu: %s%s%s", d->file, line, col, kind, field ? field : "",
            field ? ": " : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void diag_error(diag *d, size_t line, size_t col, const char *field, const char *fmt, ...)
{
    d->errors++;
    d->total_errors++;
    if (d->errors <= d->cap) {
        va_list ap;
        va_start(ap, fmt);
        emit(d, "", line, col, field, fmt, ap);
        va_end(ap);
    } else if (d->errors == d->cap + 1) {
        fprintf(stderr, "%s: too many errors, further ones are counted but not shown\n", d->file);
    }
}

void diag_warning(diag *d, size_t line, size_t col, const char *field, const char *fmt, ...)
{
    d->warnings++;
    va_list ap;
    va_start(ap, fmt);
    emit(d, "warning: ", line, col, field, fmt, ap);
    va_end(ap);
}

void text_position(const char *text, size_t off, size_t *line, size_t *col)
{
    size_t l = 1, c = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;   /* count characters, not UTF-8 continuation bytes */
        }
    }
    *line = l;
    *col = c;
}
