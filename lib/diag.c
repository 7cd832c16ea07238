#include "diag.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag *d, size_t cap)
{
    d->file = "-";
    d->errors = d->total_errors = d->warnings = 0;
    d->cap = cap ? cap : 50;
    d->quiet = 0;
    d->record = NULL;
    d->record_base = 0;
}

void diag_file(diag *d, const char *file)
{
    d->file = file;
    d->errors = 0;
}

/* Writes s with control characters (C0, DEL, C1) and the bidi embeddings,
 * overrides and isolates escaped as \uXXXX: a message is one line of plain
 * text whatever the input it quotes. */
static void put_safe_n(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if ((size_t)((const char *)p - s) >= max && (*p & 0xC0) != 0x80) {
            fputs("...", stderr);   /* a field name from the input can be a megabyte long */
            return;
        }
        unsigned cp = 0;
        size_t n = 0;
        if (*p < 0x20 || *p == 0x7F) {
            cp = *p;
            n = 1;
        } else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            cp = p[1];
            n = 2;
        } else if (p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
                                    (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
            cp = 0x2000u | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
            n = 3;
        }
        if (n) {
            fprintf(stderr, "\\u%04X", cp);
            p += n;
        } else {
            fputc(*p++, stderr);
        }
    }
}

static void put_safe(const char *s)
{
    put_safe_n(s, (size_t)-1);
}

static void emit(diag *d, const char *kind, size_t line, size_t col, const char *field,
                 const char *fmt, va_list ap)
{
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *msg = small;
    if (n >= (int)sizeof small) {
        msg = xmalloc((size_t)n + 1);
        vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    } else if (n < 0) {
        small[0] = '\0';
    }
    va_end(ap2);
    put_safe(d->file);
    fprintf(stderr, ":%zu:%zu: %s", line, col, kind);
    if (field) {
        put_safe_n(field, 200);
        fputs(": ", stderr);
    }
    put_safe(msg);
    fputc('\n', stderr);
    if (msg != small)
        free(msg);
}

/* Record: kind ('E' error, 'W' warning, 'C' error counted only), then for
 * E and W the line and column, a flag and the field, and the message. */
static void record(diag *d, char kind, size_t line, size_t col, const char *field, const char *fmt, va_list ap)
{
    strbuf *r = d->record;
    sb_putc(r, kind);
    if (kind == 'C')
        return;
    sb_put(r, (const char *)&line, sizeof line);
    sb_put(r, (const char *)&col, sizeof col);
    sb_putc(r, field ? 1 : 0);
    if (field)
        sb_put(r, field, strlen(field) + 1);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    sb_reserve(r, (size_t)n + 1);
    vsnprintf(r->data + r->len, (size_t)n + 1, fmt, ap);
    r->len += (size_t)n + 1;   /* with its NUL */
    r->data[r->len] = '\0';
}

void diag_error(diag *d, size_t line, size_t col, const char *field, const char *fmt, ...)
{
    d->errors++;
    d->total_errors++;
    if (d->quiet)
        return;
    if (d->record) {
        va_list ap;
        va_start(ap, fmt);
        record(d, d->record_base + d->errors > d->cap ? 'C' : 'E', line, col, field, fmt, ap);
        va_end(ap);
        return;
    }
    if (d->errors <= d->cap) {
        va_list ap;
        va_start(ap, fmt);
        emit(d, "", line, col, field, fmt, ap);
        va_end(ap);
    } else if (d->errors == d->cap + 1) {
        put_safe(d->file);
        fputs(": too many errors, further ones are counted but not shown\n", stderr);
    }
}

void diag_warning(diag *d, size_t line, size_t col, const char *field, const char *fmt, ...)
{
    d->warnings++;
    if (d->quiet)
        return;
    if (d->record) {
        va_list ap;
        va_start(ap, fmt);
        record(d, 'W', line, col, field, fmt, ap);
        va_end(ap);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    emit(d, "warning: ", line, col, field, fmt, ap);
    va_end(ap);
}

void diag_replay(diag *d, const char *rec, size_t len)
{
    size_t i = 0;
    while (i < len) {
        char kind = rec[i++];
        if (kind == 'C') {
            d->errors++;
            d->total_errors++;
            if (!d->quiet && d->errors == d->cap + 1) {
                put_safe(d->file);
                fputs(": too many errors, further ones are counted but not shown\n", stderr);
            }
            continue;
        }
        size_t line, col;
        memcpy(&line, rec + i, sizeof line);
        memcpy(&col, rec + i + sizeof line, sizeof col);
        i += sizeof line + sizeof col;
        const char *field = NULL;
        if (rec[i++]) {
            field = rec + i;
            i += strlen(field) + 1;
        }
        const char *msg = rec + i;
        i += strlen(msg) + 1;
        if (kind == 'E')
            diag_error(d, line, col, field, "%s", msg);
        else if (d->total_errors == 0)
            diag_warning(d, line, col, field, "%s", msg);
    }
}

/* Advances (line, col) over text[from, to), stopping at the text's NUL;
 * returns 0 when the NUL was reached first. */
static int advance(const char *text, size_t from, size_t to, size_t *line, size_t *col)
{
    size_t l = *line, c = *col;
    int more = 1;
    for (size_t i = from; i < to; i++) {
        if (!text[i]) {
            more = 0;
            break;
        }
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;   /* count characters, not UTF-8 continuation bytes */
        }
    }
    *line = l;
    *col = c;
    return more;
}

void text_position(const char *text, size_t off, size_t *line, size_t *col)
{
    *line = *col = 1;
    advance(text, 0, off, line, col);
}

void text_positions_init(text_positions *p, const char *text)
{
    p->text = text;
    p->cap = 16;
    p->line = xmalloc(p->cap * sizeof *p->line);
    p->col = xmalloc(p->cap * sizeof *p->col);
    p->line[0] = p->col[0] = 1;
    p->n = 1;
    p->ended = 0;
    p->last_off = 0;
    p->last_line = p->last_col = 1;
}

void text_positions_free(text_positions *p)
{
    free(p->line);
    free(p->col);
    p->line = p->col = NULL;
    p->n = p->cap = 0;
}

void text_positions_get(text_positions *p, size_t off, size_t *line, size_t *col)
{
    size_t k = off / TEXT_POS_STEP;
    while (p->n <= k && !p->ended) {
        size_t l = p->line[p->n - 1], c = p->col[p->n - 1];
        if (!advance(p->text, (p->n - 1) * TEXT_POS_STEP, p->n * TEXT_POS_STEP, &l, &c)) {
            p->ended = 1;
            break;
        }
        if (p->n == p->cap) {
            p->cap *= 2;
            p->line = xrealloc(p->line, p->cap * sizeof *p->line);
            p->col = xrealloc(p->col, p->cap * sizeof *p->col);
        }
        p->line[p->n] = l;
        p->col[p->n] = c;
        p->n++;
    }
    size_t base = k < p->n ? k : p->n - 1;
    int more;
    if (off >= p->last_off && p->last_off >= base * TEXT_POS_STEP) {
        /* in order (errors mostly come in text order): go on from the last */
        *line = p->last_line;
        *col = p->last_col;
        more = advance(p->text, p->last_off, off, line, col);
    } else {
        *line = p->line[base];
        *col = p->col[base];
        more = advance(p->text, base * TEXT_POS_STEP, off, line, col);
    }
    if (more) {
        p->last_off = off;
        p->last_line = *line;
        p->last_col = *col;
    } else {
        /* off lies past the text's end: never resume from there */
        p->last_off = 0;
        p->last_line = p->last_col = 1;
    }
}
