/* Statistical charts drawn on any cairo_t (PDF page, PNG
 * image) inside a box given in user units (points at the identity matrix).
 * Everything is laid out to fit the box: text is wrapped or ellipsized,
 * axes are sized from their labels; nothing is clipped and nothing is
 * drawn outside the box.  With rtl set the layout is mirrored: value axis
 * on the right, first category at the right, bars growing leftwards
 * (tables: table_draw.h). */
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

#endif
