/* What the chart drawers share: geometry, the chart being drawn, helpers,
 * and the frame, legend and axes of chart_frame.c.  The drawers are
 * chart_bars.c (vertical and horizontal bars), chart_line.c and
 * chart_doughnut.c.  Private to render/chart_*.c; the public API is chart.h. */
#ifndef TAAWUN_CHART_INTERNAL_H
#define TAAWUN_CHART_INTERNAL_H

#include <math.h>
#include <string.h>

#include "chart.h"
#include "numfmt.h"
#include "palette.h"
#include "text.h"
#include "ticks.h"

#define TAU 6.28318530717958647692

/* Geometry, in points. */
#define PAD 4.0          /* inner margin of the box: antialiased edges stay inside */
#define GAP 6.0
#define SZ_TITLE 11.0
#define SZ_SUBTITLE 8.5
#define SZ_LABEL 8.0     /* category labels, legend */
#define SZ_SMALL 7.5     /* ticks, axis titles, value labels */
#define SZ_NOTE 7.0
#define GRID_W 0.5
#define AXIS_W 0.8
#define SWATCH 8.0
#define SMALL_SLICE 0.05 /* share under which a slice is labelled in the legend only */
#define MAX_SLICES 7     /* more categories: the smallest are grouped as "other" */
#define MIN_PLOT 60.0    /* least height of a plot, besides its category labels */

typedef struct {
    double x, y, w, h;
} rect;

typedef struct {
    cairo_t *cr;
    const chart_data *d;
    numfmt nf;
    int rtl;
    rect a;              /* what is left for the plot */
    double lh_label, lh_small;
} chart;

static inline double val(const chart_data *d, size_t s, size_t i)
{
    return d->values[s * d->n_cat + i];
}

static inline const char *word(const chart *c, const char *en, const char *fr, const char *ar)
{
    if (c->d->lang && strcmp(c->d->lang, "ar") == 0)
        return ar;
    if (c->d->lang && strcmp(c->d->lang, "fr") == 0)
        return fr;
    return en;
}

static inline text_style style(const chart *c, double size, int bold, grey_role g, text_align al, text_valign va,
                        int lines)
{
    text_style st = text_style_make(size, bold, c->rtl);
    st.colour = palette_grey(g);
    st.align = al;
    st.valign = va;
    st.max_lines = lines;
    return st;
}

/* Left edge of something w wide placed off from the start edge of r:
 * from the left in LTR, from the right in RTL. */
static inline double mx(const chart *c, const rect *r, double off, double w)
{
    return c->rtl ? r->x + r->w - off - w : r->x + off;
}
/* Horizontal and vertical rules as filled rectangles: exact extent, no
 * stroke half-width spilling over. */
static inline void hrule(cairo_t *cr, double x0, double x1, double y, double width, rgba col)
{
    palette_fill_rect(cr, fmin(x0, x1), y - width / 2, fabs(x1 - x0), width, col);
}

static inline void vrule(cairo_t *cr, double x, double y0, double y1, double width, rgba col)
{
    palette_fill_rect(cr, x - width / 2, fmin(y0, y1), width, fabs(y1 - y0), col);
}

typedef enum {
    SWATCH_BOX,
    SWATCH_LINE
} swatch_kind;

typedef struct {
    rect plot;
    ticks t;
    char tick_lab[TICKS_MAX][48];
    double tick_w;
    double slot;
    double label_w, label_h;   /* band of category labels under the plot */
    int label_lines;
    int rotated;
    int titles;                /* room for the axis titles */
} cat_layout;

/* chart_frame.c (what each does: at its definition) */
double chart_natural_width(const chart *c, const char *s, const text_style *st);
void chart_fmt_value(const chart *c, double v, char *buf, size_t n);
void chart_fmt_tick(const chart *c, const ticks *t, double v, char *buf, size_t n);
size_t *chart_order_make(size_t n, const double *keys, int sort);
size_t *chart_order_by_series(const chart_data *d, size_t s);
int chart_setup(chart *c, cairo_t *cr, double x, double y, double w, double h, const chart_data *d);
int chart_header(chart *c, size_t rows, double extra);
int chart_begin(chart *c, cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                size_t rows, double extra);
void chart_draw_marker(cairo_t *cr, double x, double y, double r, rgba col);
void chart_line_dash(cairo_t *cr, size_t series);
double chart_legend_height(chart *c, swatch_kind kind);
void chart_legend_top(chart *c, swatch_kind kind, double h);
int chart_axis_ticks(const chart *c, double lo, double hi, int target, int zero_based, ticks *out);
int chart_cat_layout_make(chart *c, double vmin, double vmax, int zero_based, double reserve_top,
                          cat_layout *L);
double chart_cat_y(const cat_layout *L, double v);
double chart_cat_cx(const chart *c, const cat_layout *L, size_t i);
double chart_cat_base(const cat_layout *L);
void chart_cat_draw_grid(chart *c, const cat_layout *L);
void chart_cat_draw_axis(chart *c, const cat_layout *L, const size_t *ord);
void chart_value_label(chart *c, const char *s, double cx, double bottom, double w, int bold, rgba col);
int chart_values_fit(chart *c, const double *vals, size_t n, double w, int bold);
void chart_value_range(const chart_data *d, double *lo, double *hi);

#endif
