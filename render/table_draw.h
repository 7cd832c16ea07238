/* Tables drawn on any cairo_t inside a box, paged by the caller: cells
 * wrap, column widths follow the content of all rows; with rtl set the
 * first column is at the right. */
#ifndef TAAWUN_TABLE_DRAW_H
#define TAAWUN_TABLE_DRAW_H

#include <stddef.h>

#include <cairo.h>

#include "text.h"

typedef struct {
    size_t n_cols, n_rows;
    const char *const *header;   /* n_cols; NULL: no header row */
    const char *const *cells;    /* n_rows * n_cols, row-major; a NULL cell is empty */
    const text_align *align;     /* n_cols; NULL: column 0 TEXT_START, the others TEXT_NUMBER
                                    (figures right-aligned in both directions so units line up) */
    int rtl;                     /* column 0 at the right */
    int zebra;                   /* stripe every other row */
    int totals_row;              /* the last row is a total: bold, rule above */
    double font_size;            /* points; <= 0: 8 */
} table_spec;

typedef struct {
    double height;     /* height used from y */
    size_t next_row;   /* first row not drawn; n_rows when the table is complete */
} table_result;

/* Draws the header and rows first_row.. while they fit in h, column widths
 * computed from the content of all rows (the same on every page); cells
 * wrap (at most 4 lines).  When not even the header and one row fit,
 * nothing is drawn and next_row == first_row: continue on a new page,
 * passing next_row as first_row. */
table_result table_draw(cairo_t *cr, double x, double y, double w, double h, const table_spec *t,
                        size_t first_row);

#endif
