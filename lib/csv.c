#include "csv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void push_field(csv_table *t, strbuf *f, size_t *cap)
{
    size_t r = t->nrows - 1;
    if (t->ncols[r] == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        t->rows[r] = xrealloc(t->rows[r], *cap * sizeof(char *));
    }
    t->rows[r][t->ncols[r]++] = xstrndup(f->data, f->len);
    sb_reset(f);
}

static void new_row(csv_table *t, size_t line, size_t *rowcap, size_t *fieldcap)
{
    if (t->nrows == *rowcap) {
        *rowcap = *rowcap ? *rowcap * 2 : 64;
        t->rows = xrealloc(t->rows, *rowcap * sizeof *t->rows);
        t->ncols = xrealloc(t->ncols, *rowcap * sizeof *t->ncols);
        t->lines = xrealloc(t->lines, *rowcap * sizeof *t->lines);
    }
    t->rows[t->nrows] = NULL;
    t->ncols[t->nrows] = 0;
    t->lines[t->nrows] = line;
    t->nrows++;
    *fieldcap = 0;
}

int csv_parse(const char *s, size_t len, csv_table *t, size_t *err_line, const char **why)
{
    memset(t, 0, sizeof *t);
    strbuf f;
    sb_init(&f);
    size_t line = 1, rowcap = 0, fieldcap = 0, i = 0;
    int in_row = 0;
    while (i < len) {
        if (!in_row) {
            if (s[i] == '\n') { line++; i++; continue; }   /* blank line */
            new_row(t, line, &rowcap, &fieldcap);
            in_row = 1;
        }
        if (s[i] == '"') {
            size_t start_line = line;
            i++;
            for (;;) {
                if (i >= len) {
                    *err_line = start_line;
                    *why = "unterminated quoted field";
                    sb_free(&f);
                    return -1;
                }
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') { sb_putc(&f, '"'); i += 2; continue; }
                    i++;
                    break;
                }
                if (s[i] == '\n') line++;
                sb_putc(&f, s[i++]);
            }
        } else {
            while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
                sb_putc(&f, s[i++]);
        }
        if (i < len && s[i] == '\r') i++;
        push_field(t, &f, &fieldcap);
        if (i >= len) break;
        if (s[i] == ',') { i++; if (i >= len) { push_field(t, &f, &fieldcap); } continue; }
        if (s[i] == '\n') { line++; i++; in_row = 0; continue; }
        *err_line = line;
        *why = "unexpected character after a quoted field";
        sb_free(&f);
        return -1;
    }
    sb_free(&f);
    return 0;
}

void csv_free(csv_table *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols[r]; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    free(t->ncols);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

int csv_column(const csv_table *t, const char *name)
{
    if (t->nrows == 0)
        return -1;
    for (size_t c = 0; c < t->ncols[0]; c++)
        if (strcmp(t->rows[0][c], name) == 0)
            return (int)c;
    return -1;
}
