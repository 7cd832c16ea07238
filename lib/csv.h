/* RFC 4180 CSV reading, for the territory catalogue. */
#ifndef TAAWUN_CSV_H
#define TAAWUN_CSV_H

#include <stddef.h>

typedef struct {
    char ***rows;      /* rows[r][c], owned */
    size_t *ncols;
    size_t nrows;
    size_t *lines;     /* source line of each row */
} csv_table;

/* Parses text; returns 0, or -1 with *err_line and a static *why. */
int csv_parse(const char *text, size_t len, csv_table *t, size_t *err_line, const char **why);
void csv_free(csv_table *t);
/* Column index of `name` in the header row (row 0), or -1. */
int csv_column(const csv_table *t, const char *name);

#endif
