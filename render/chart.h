/* Statistical charts and tables drawn on any cairo_t (PDF page, PNG
 * image) inside a box given in user units (points at the identity matrix).
 * Everything is laid out to fit the box: text is wrapped or ellipsized,
 * axes are sized from their labels; nothing is clipped and nothing is
 * drawn outside the box.  With rtl set the layout is mirrored: value axis
 * on the right, first category at the right, bars growing leftwards,
 * first table column at the right. */
#ifndef TAAWUN_CHART_H
#define TAAWUN_CHART_H

#include <stddef.h>

#include <cairo.h>

#include "text.h"

typedef struct {
    const char *title;                 /* bold, up to 2 lines */
    const char *subtitle;              /* up to 2 lines; NULL: none */
    const char *value_axis_label;      /* e.g. "Bénéficiaires"; NULL: none */
    const char *category_axis_label;   /* NULL: none */
    size_t n_cat;
    const char *const *categories;     /* n_cat labels (periods for chart_line) */
    size_t n_series;
    const char *const *series_names;   /* n_series, shown in the legend */
    const double *values;              /* n_series * n_cat, row-major by series; NAN = missing */
    const unsigned char *partial;      /* n_series * n_cat, nonzero: the point rests on some of its
                                          parts only; chart_line draws it hollow and joins it to
                                          nothing (a line joins like with like); NULL: none */
    int rtl;
    const char *lang;                  /* "ar" or "fr": number format and the words Total/Other */
    int sort_desc;                     /* largest first (stacked: by total, grouped: by series 0);
                                          not for chart_line */
    int show_values;                   /* value labels at bars, points and slices */
    int decimals;                      /* of value labels; 0 also keeps tick steps >= 1 */
    const char *unit_suffix;           /* after value labels ("MAD", "درهم"); NULL: none */
    int percent;                       /* values are percentages: "12,5 %" */
    const char *note;                  /* small print at the bottom (source); NULL: none */
} chart_data;

typedef enum {
    CHART_BAR_HORIZONTAL,
    CHART_BAR_VERTICAL,
    CHART_BAR_GROUPED,
    CHART_BAR_STACKED,
    CHART_DOUGHNUT,
    CHART_LINE
} chart_kind;

/* Each returns 0, or -1 when the data is unusable (no values, no
 * categories) or the box too small for the plot.  Short of room, subtitle
 * and note give way first, then the axis titles; a refused chart has drawn
 * nothing, or at most its title. */

/* Series 0 as horizontal bars, value labels at the bar ends, category
 * labels wrapped into a label column (2 lines, then "…"). */
int chart_bar_horizontal(cairo_t *cr, double x, double y, double w, double h, const chart_data *d);
/* Series 0 as vertical bars; category labels wrapped under the bars, or
 * turned a quarter when words do not fit their slot, "…" beyond. */
int chart_bar_vertical(cairo_t *cr, double x, double y, double w, double h, const chart_data *d);
/* One bar per series in each category, legend on top. */
int chart_bar_grouped(cairo_t *cr, double x, double y, double w, double h, const chart_data *d);
/* Series stacked (series 0 at the bottom), totals above the bars. */
int chart_bar_stacked(cairo_t *cr, double x, double y, double w, double h, const chart_data *d);
/* Series 0 as a ring with the total in the middle and a legend of label,
 * value and percent; slices under 5 % are labelled in the legend only, and
 * categories beyond the 7th largest are grouped as "Autres"/"أخرى". */
int chart_doughnut(cairo_t *cr, double x, double y, double w, double h, const chart_data *d);
/* One line with markers per series; categories are the periods. */
int chart_line(cairo_t *cr, double x, double y, double w, double h, const chart_data *d);

int chart_draw(cairo_t *cr, chart_kind kind, double x, double y, double w, double h, const chart_data *d);
const char *chart_kind_name(chart_kind kind);   /* "hbar", "vbar", "grouped", … */

/* ---- tables ------------------------------------------------------------ */

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
