#include "chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- helpers ----------------------------------------------------------- */

static double val(const chart_data *d, size_t s, size_t i)
{
    return d->values[s * d->n_cat + i];
}

static const char *word(const chart *c, const char *en, const char *fr, const char *ar)
{
    if (c->d->lang && strcmp(c->d->lang, "ar") == 0)
        return ar;
    if (c->d->lang && strcmp(c->d->lang, "fr") == 0)
        return fr;
    return en;
}

static text_style style(const chart *c, double size, int bold, grey_role g, text_align al, text_valign va,
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
static double mx(const chart *c, const rect *r, double off, double w)
{
    return c->rtl ? r->x + r->w - off - w : r->x + off;
}

static double natural_width(const chart *c, const char *s, const text_style *st)
{
    text_style one = *st;
    one.max_lines = 1;
    return text_measure(c->cr, s, 0, 0, &one).w;
}

static void fmt_value(const chart *c, double v, char *buf, size_t n)
{
    if (c->d->percent)
        numfmt_percent(buf, n, v, c->d->decimals, &c->nf);
    else
        numfmt_value(buf, n, v, c->d->decimals, &c->nf);
}

static void fmt_tick(const chart *c, const ticks *t, double v, char *buf, size_t n)
{
    if (c->d->percent)
        numfmt_percent(buf, n, v, t->decimals, &c->nf);
    else
        numfmt_compact(buf, n, v, t->step, fmax(fabs(t->lo), fabs(t->hi)), &c->nf);
}


/* Horizontal and vertical rules as filled rectangles: exact extent, no
 * stroke half-width spilling over. */
static void hrule(cairo_t *cr, double x0, double x1, double y, double width, rgba col)
{
    palette_fill_rect(cr, fmin(x0, x1), y - width / 2, fabs(x1 - x0), width, col);
}

static void vrule(cairo_t *cr, double x, double y0, double y1, double width, rgba col)
{
    palette_fill_rect(cr, x - width / 2, fmin(y0, y1), width, fabs(y1 - y0), col);
}

static int data_ok(const chart_data *d)
{
    return d && d->values && d->categories && d->n_cat > 0 && d->n_series > 0;
}

/* Category order: as given, or by decreasing key (missing last, stable). */
typedef struct {
    size_t i;
    double key;
} order_item;

static int order_cmp(const void *pa, const void *pb)
{
    const order_item *a = pa, *b = pb;
    int na = !!isnan(a->key), nb = !!isnan(b->key);
    if (na != nb)
        return na - nb;
    if (!na && a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* keys: n values or NULL (no sorting).  Caller frees. */
static size_t *order_make(size_t n, const double *keys, int sort)
{
    size_t *ord = malloc(n * sizeof *ord);
    order_item *it = malloc(n * sizeof *it);
    if (!ord || !it) {
        free(ord);
        free(it);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        it[i] = (order_item){i, keys ? keys[i] : 0};
    if (sort && keys)
        qsort(it, n, sizeof *it, order_cmp);
    for (size_t i = 0; i < n; i++)
        ord[i] = it[i].i;
    free(it);
    return ord;
}

static size_t *order_by_series(const chart_data *d, size_t s)
{
    if (!d->sort_desc)
        return order_make(d->n_cat, NULL, 0);
    double *k = malloc(d->n_cat * sizeof *k);
    if (!k)
        return NULL;
    for (size_t i = 0; i < d->n_cat; i++)
        k[i] = val(d, s, i);
    size_t *ord = order_make(d->n_cat, k, 1);
    free(k);
    return ord;
}

/* ---- frame: title, subtitle, note ------------------------------------- */

static double block_height(chart *c, const char *s, text_style st)
{
    if (!s || !s[0] || st.max_lines == 0)
        return 0;
    text_extent e = text_measure(c->cr, s, c->a.w, 0, &st);
    return e.lines ? e.h : 0;
}

static void block_top(chart *c, const char *s, text_style st, double gap_after)
{
    double h = block_height(c, s, st);
    if (h <= 0 || h > c->a.h)
        return;
    text_draw(c->cr, s, c->a.x, c->a.y, c->a.w, h, &st);
    c->a.y += h + gap_after;
    c->a.h -= h + gap_after;
}

/* Sets up c for a chart of d in the box; -1 when d is unusable or the box
 * tiny.  Draws nothing. */
static int chart_setup(chart *c, cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
{
    c->cr = cr;
    c->d = d;
    c->rtl = d && d->rtl;
    c->a = (rect){x + PAD, y + PAD, w - 2 * PAD, h - 2 * PAD};
    if (!data_ok(d) || c->a.w < 40 || c->a.h < 40)
        return -1;
    c->nf = numfmt_for_lang(d->lang ? d->lang : (c->rtl ? "ar" : "en"));
    c->nf.unit = d->unit_suffix;
    text_style sl = style(c, SZ_LABEL, 0, GREY_TEXT, TEXT_START, TEXT_TOP, 1);
    text_style ss = style(c, SZ_SMALL, 0, GREY_TEXT, TEXT_START, TEXT_TOP, 1);
    c->lh_label = text_line_height(cr, &sl);
    c->lh_small = text_line_height(cr, &ss);
    return 0;
}

/* Draws title, subtitle and note, leaving c->a for the plot.  The plot
 * needs `rows` lines of category labels plus `extra` points: the header
 * gives way (one line each, then no subtitle and note) and when even that
 * is not enough nothing is drawn and -1 returned. */
static int chart_header(chart *c, size_t rows, double extra)
{
    const chart_data *d = c->d;
    cairo_t *cr = c->cr;
    /* Title, subtitle and note may take up to 45 % of the box and must
     * leave the plot what it needs. */
    double need = (double)rows * (c->lh_label + 1) + extra;
    text_style st = style(c, SZ_TITLE, 1, GREY_TEXT, TEXT_START, TEXT_TOP, 2);
    text_style su = style(c, SZ_SUBTITLE, 0, GREY_MUTED, TEXT_START, TEXT_TOP, 2);
    text_style sn = style(c, SZ_NOTE, 0, GREY_MUTED, TEXT_START, TEXT_BOTTOM, 2);
    for (int level = 0;; level++) {
        double th = block_height(c, d->title, st), uh = block_height(c, d->subtitle, su);
        double nh = block_height(c, d->note, sn);
        double used = th + (th > 0 ? 2 : 0) + uh + GAP + (nh > 0 ? nh + GAP : 0);
        if (used <= c->a.h * 0.45 && c->a.h - used >= need)
            break;
        if (level == 2)
            return -1;
        st.max_lines = 1;
        su.max_lines = level == 0 ? 1 : 0;
        sn.max_lines = level == 0 ? 1 : 0;
    }
    block_top(c, d->title, st, 2);
    block_top(c, d->subtitle, su, 0);
    c->a.y += GAP;
    c->a.h -= GAP;
    double nh = block_height(c, d->note, sn);
    if (nh > 0 && nh + GAP < c->a.h) {
        text_draw(cr, d->note, c->a.x, c->a.y + c->a.h - nh, c->a.w, nh, &sn);
        c->a.h -= nh + GAP;
    }
    return c->a.h < 20 ? -1 : 0;
}

static int chart_begin(chart *c, cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                       size_t rows, double extra)
{
    return chart_setup(c, cr, x, y, w, h, d) ? -1 : chart_header(c, rows, extra);
}

/* ---- legend ------------------------------------------------------------ */

typedef enum {
    SWATCH_BOX,
    SWATCH_LINE
} swatch_kind;

/* A point of other coverage (a partial sum): a ring, never filled. */
static void draw_hollow_marker(cairo_t *cr, double x, double y, double r, rgba col)
{
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r + 0.5, 0, TAU);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 1.4);
    palette_set(cr, col);
    cairo_stroke(cr);
}

static void draw_marker(cairo_t *cr, double x, double y, double r, rgba col)
{
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, TAU);
    palette_set(cr, col);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_stroke(cr);
}

/* Lines beyond the palette's colours repeat them dashed, so that every
 * series of a line chart stays told apart. */
static void line_dash(cairo_t *cr, size_t series)
{
    static const double dashes[][2] = {{6, 3}, {1.5, 2.5}};
    size_t round = series / PALETTE_SIZE;
    if (round == 0)
        cairo_set_dash(cr, NULL, 0, 0);
    else
        cairo_set_dash(cr, dashes[(round - 1) % 2], 2, 0);
}

/* Series names flowing from the start edge in rows; returns the height.
 * Draws only when draw is set (first call measures). */
static double legend(chart *c, rect r, swatch_kind kind, int draw)
{
    const chart_data *d = c->d;
    if (!d->series_names)
        return 0;
    text_style st = style(c, SZ_LABEL, 0, GREY_TEXT, TEXT_START, TEXT_MIDDLE, 1);
    double lh = c->lh_label, row_gap = 2, item_gap = 14;
    double sw = kind == SWATCH_LINE ? 16 : SWATCH;
    double off = 0;
    int row = 0;
    for (size_t s = 0; s < d->n_series; s++) {
        const char *name = d->series_names[s] ? d->series_names[s] : "";
        double tw = natural_width(c, name, &st) + TEXT_SLACK;
        if (tw > r.w - sw - 4)
            tw = r.w - sw - 4;   /* one long name: ellipsized to the row */
        double iw = sw + 4 + tw;
        if (off > 0 && off + iw > r.w) {
            row++;
            off = 0;
        }
        if (draw) {
            double ry = r.y + row * (lh + row_gap);
            rgba col = palette_colour(s);
            double sx = mx(c, &r, off, sw);
            if (kind == SWATCH_LINE) {
                if (s < PALETTE_SIZE) {
                    hrule(c->cr, sx, sx + sw, ry + lh / 2, 1.75, col);
                } else {
                    cairo_new_path(c->cr);
                    cairo_move_to(c->cr, sx, ry + lh / 2);
                    cairo_line_to(c->cr, sx + sw, ry + lh / 2);
                    palette_set(c->cr, col);
                    cairo_set_line_width(c->cr, 1.75);
                    cairo_set_line_cap(c->cr, CAIRO_LINE_CAP_BUTT);
                    line_dash(c->cr, s);
                    cairo_stroke(c->cr);
                    cairo_set_dash(c->cr, NULL, 0, 0);
                }
                draw_marker(c->cr, sx + sw / 2, ry + lh / 2, 2.5, col);
            } else {
                palette_fill_rect(c->cr, sx, ry + (lh - SWATCH) / 2, SWATCH, SWATCH, col);
            }
            text_draw(c->cr, name, mx(c, &r, off + sw + 4, tw), ry, tw, lh, &st);
        }
        off += iw + item_gap;
    }
    return (row + 1) * (lh + row_gap) - row_gap;
}

/* Height of the legend above the plot: 0 for a single series. */
static double legend_height(chart *c, swatch_kind kind)
{
    if (c->d->n_series < 2 || !c->d->series_names)
        return 0;
    return legend(c, c->a, kind, 0) + GAP;
}

static void legend_top(chart *c, swatch_kind kind, double h)
{
    if (h <= 0)
        return;
    legend(c, (rect){c->a.x, c->a.y, c->a.w, h - GAP}, kind, 1);
    c->a.y += h;
    c->a.h -= h;
}

/* ---- value axis ---------------------------------------------------------- */

/* Heckbert's ticks for about `target`, or for a target one or two higher
 * when that gives a tighter axis with at most target + 2 ticks (0..7284:
 * 0, 5 000, 10 000 becomes 0, 2 000, … 8 000). */
static int axis_ticks(const chart *c, double lo, double hi, int target, int zero_based, ticks *out)
{
    int integer = c->d->decimals == 0 && !c->d->percent;
    if (ticks_nice(lo, hi, target, zero_based, integer, out))
        return -1;
    for (int t = target + 1; t <= target + 2; t++) {
        ticks alt;
        if (ticks_nice(lo, hi, t, zero_based, integer, &alt) == 0 && alt.n <= (size_t)target + 2 &&
            alt.hi - alt.lo < out->hi - out->lo - 1e-9)
            *out = alt;
    }
    return 0;
}

/* ---- category axis (vertical bars, lines) ------------------------------ */

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

static int cat_layout_try(chart *c, double vmin, double vmax, int zero_based, double reserve_top, int titles,
                          cat_layout *L)
{
    const chart_data *d = c->d;
    rect A = c->a;
    L->titles = titles;
    double va_h = titles && d->value_axis_label && d->value_axis_label[0] ? c->lh_small + 4 : 0;
    double ca_h = titles && d->category_axis_label && d->category_axis_label[0] ? c->lh_small + 4 : 0;
    double rough = A.h - va_h - ca_h - reserve_top - 2 * c->lh_label - 4;
    int target = (int)lround(rough / 45);
    target = target < 3 ? 3 : target > 7 ? 7 : target;
    if (axis_ticks(c, vmin, vmax, target, zero_based, &L->t))
        return -1;

    text_style ts = style(c, SZ_SMALL, 0, GREY_MUTED, TEXT_END, TEXT_MIDDLE, 1);
    L->tick_w = 0;
    for (size_t k = 0; k < L->t.n; k++) {
        fmt_tick(c, &L->t, L->t.v[k], L->tick_lab[k], sizeof L->tick_lab[k]);
        L->tick_w = fmax(L->tick_w, natural_width(c, L->tick_lab[k], &ts) + TEXT_SLACK);
    }
    double axis_w = L->tick_w + 5;
    L->plot.w = A.w - axis_w - 2;
    L->plot.x = c->rtl ? A.x + 2 : A.x + axis_w;
    L->slot = L->plot.w / (double)d->n_cat;
    if (L->plot.w < 20)
        return -1;

    /* Category labels: wrapped in their slot (up to 4 lines when the chart
     * is tall enough), or turned when words do not fit. */
    int lines = (int)floor(A.h * 0.22 / c->lh_label);
    L->label_lines = lines < 2 ? 2 : lines > 4 ? 4 : lines;
    text_style sl = style(c, SZ_LABEL, 0, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, L->label_lines);
    L->label_w = fmax(L->slot - 4, 1);
    double hmax = 0, nat = 0;
    int broke = 0;
    for (size_t i = 0; i < d->n_cat; i++) {
        text_extent e = text_measure(c->cr, d->categories[i], L->label_w, 0, &sl);
        hmax = fmax(hmax, e.h);
        broke |= e.broke_word;
        nat = fmax(nat, natural_width(c, d->categories[i], &sl) + TEXT_SLACK);
    }
    L->rotated = broke;
    L->label_h = hmax;
    if (broke) {
        /* Turned: the band is as deep as the longest wrapped line. */
        int turned = (int)floor((L->slot - 2) / c->lh_label);
        text_style sr = sl;
        sr.max_lines = turned < 1 ? 1 : turned > 3 ? 3 : turned;
        L->label_h = 0;
        for (size_t i = 0; i < d->n_cat; i++)
            L->label_h = fmax(L->label_h, text_measure(c->cr, d->categories[i], A.h * 0.3, 0, &sr).w + TEXT_SLACK);
        L->label_h = fmin(L->label_h, fmin(nat, A.h * 0.3));
    }

    if (broke && L->slot - 2 < c->lh_label)
        return -1;   /* not even one turned line per category */

    L->plot.y = A.y + va_h + reserve_top;
    L->plot.h = A.y + A.h - ca_h - L->label_h - 4 - L->plot.y;
    return L->plot.h < 20 ? -1 : 0;
}

/* With the axis titles, or without them when the plot would not fit. */
static int cat_layout_make(chart *c, double vmin, double vmax, int zero_based, double reserve_top,
                           cat_layout *L)
{
    return cat_layout_try(c, vmin, vmax, zero_based, reserve_top, 1, L) == 0 ||
                   cat_layout_try(c, vmin, vmax, zero_based, reserve_top, 0, L) == 0
               ? 0
               : -1;
}

static double cat_y(const cat_layout *L, double v)
{
    return L->plot.y + L->plot.h * (L->t.hi - v) / (L->t.hi - L->t.lo);
}

static double cat_cx(const chart *c, const cat_layout *L, size_t i)
{
    double off = ((double)i + 0.5) * L->slot;
    return c->rtl ? L->plot.x + L->plot.w - off : L->plot.x + off;
}

static double cat_base(const cat_layout *L)
{
    return cat_y(L, fmin(fmax(0, L->t.lo), L->t.hi));
}

/* Grid lines, tick labels and the value axis title. */
static void cat_draw_grid(chart *c, const cat_layout *L)
{
    const chart_data *d = c->d;
    text_style ts = style(c, SZ_SMALL, 0, GREY_MUTED, TEXT_END, TEXT_MIDDLE, 1);
    double tx = c->rtl ? L->plot.x + L->plot.w + 5 : c->a.x;
    for (size_t k = 0; k < L->t.n; k++) {
        double y = cat_y(L, L->t.v[k]);
        hrule(c->cr, L->plot.x, L->plot.x + L->plot.w, y, GRID_W, palette_grey(GREY_GRID));
        text_draw(c->cr, L->tick_lab[k], tx, y - c->lh_small / 2, L->tick_w, c->lh_small, &ts);
    }
    if (L->titles && d->value_axis_label && d->value_axis_label[0]) {
        text_style sa = style(c, SZ_SMALL, 0, GREY_MUTED, TEXT_START, TEXT_TOP, 1);
        double w = c->a.w * 0.7;
        text_draw(c->cr, d->value_axis_label, mx(c, &c->a, 0, w), c->a.y, w, c->lh_small, &sa);
    }
}

/* Baseline, category labels (in the order ord) and the category axis title. */
static void cat_draw_axis(chart *c, const cat_layout *L, const size_t *ord)
{
    const chart_data *d = c->d;
    hrule(c->cr, L->plot.x, L->plot.x + L->plot.w, cat_base(L), AXIS_W, palette_grey(GREY_AXIS));
    double top = L->plot.y + L->plot.h + 4;
    if (!L->rotated) {
        text_style sl = style(c, SZ_LABEL, 0, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, L->label_lines);
        for (size_t i = 0; i < d->n_cat; i++)
            text_draw(c->cr, d->categories[ord[i]], cat_cx(c, L, i) - L->label_w / 2, top, L->label_w,
                      L->label_h, &sl);
    } else {
        /* Turned labels end against the axis (LTR text ends there, RTL text
         * starts there), in as many lines as the slot has room for. */
        int lines = (int)floor((L->slot - 2) / c->lh_label);
        text_style sl = style(c, SZ_LABEL, 0, GREY_TEXT, c->rtl ? TEXT_START : TEXT_END, TEXT_MIDDLE,
                              lines < 1 ? 1 : lines > 3 ? 3 : lines);
        double lw = fmax(L->slot - 2, 1);
        for (size_t i = 0; i < d->n_cat; i++)
            text_draw_rotated(c->cr, d->categories[ord[i]], cat_cx(c, L, i) - lw / 2, top, lw, L->label_h, &sl);
    }
    if (L->titles && d->category_axis_label && d->category_axis_label[0]) {
        text_style sa = style(c, SZ_SMALL, 0, GREY_MUTED, TEXT_CENTRE, TEXT_BOTTOM, 1);
        text_draw(c->cr, d->category_axis_label, L->plot.x, c->a.y + c->a.h - c->lh_small, L->plot.w,
                  c->lh_small, &sa);
    }
}

/* A number centred on cx with its bottom at `bottom`, if it fits in
 * width w (numbers are never ellipsized). */
static void value_label(chart *c, const char *s, double cx, double bottom, double w, int bold, rgba col)
{
    text_style st = style(c, SZ_SMALL, bold, GREY_TEXT, TEXT_CENTRE, TEXT_BOTTOM, 1);
    st.colour = col;
    text_draw(c->cr, s, cx - w / 2, bottom - c->lh_small, w, c->lh_small, &st);
}

/* Do all labels of `vals` fit in width w? */
static int values_fit(chart *c, const double *vals, size_t n, double w, int bold)
{
    text_style st = style(c, SZ_SMALL, bold, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, 1);
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        double v = vals[i];
        if (!isfinite(v))
            continue;
        fmt_value(c, v, buf, sizeof buf);
        if (natural_width(c, buf, &st) + TEXT_SLACK > w)
            return 0;
    }
    return 1;
}

static void value_range(const chart_data *d, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t k = 0; k < d->n_series * d->n_cat; k++)
        if (isfinite(d->values[k])) {
            *lo = fmin(*lo, d->values[k]);
            *hi = fmax(*hi, d->values[k]);
        }
    if (*lo > *hi)
        *lo = 0, *hi = 1;
}

/* ---- vertical bars: single, grouped, stacked --------------------------- */

typedef enum {
    BARS_SINGLE,
    BARS_GROUPED,
    BARS_STACKED
} bars_mode;

static int bars_vertical(cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                         bars_mode mode)
{
    chart c;
    if (chart_setup(&c, cr, x, y, w, h, d))
        return -1;
    double lg = mode == BARS_SINGLE ? 0 : legend_height(&c, SWATCH_BOX);
    if (chart_header(&c, 2, MIN_PLOT + lg))
        return -1;
    legend_top(&c, SWATCH_BOX, lg);
    size_t ns = mode == BARS_SINGLE ? 1 : d->n_series;

    /* Stack totals (positive parts) also serve as sort keys. */
    double *tot = calloc(d->n_cat, sizeof *tot);
    if (!tot)
        return -1;
    for (size_t i = 0; i < d->n_cat; i++)
        for (size_t s = 0; s < ns; s++)
            if (isfinite(val(d, s, i)) && val(d, s, i) > 0)
                tot[i] += val(d, s, i);
    size_t *ord = mode == BARS_STACKED ? order_make(d->n_cat, tot, d->sort_desc) : order_by_series(d, 0);
    if (!ord) {
        free(tot);
        return -1;
    }
    double lo, hi;
    value_range(d, &lo, &hi);
    if (mode == BARS_SINGLE) {
        chart_data one = *d;
        one.n_series = 1;
        value_range(&one, &lo, &hi);
    }
    if (mode == BARS_STACKED) {
        lo = 0;   /* only positive parts are stacked */
        for (size_t i = 0; i < d->n_cat; i++)
            hi = fmax(hi, tot[i]);
    }

    double reserve = d->show_values ? c.lh_small + 3 : c.lh_small / 2 + 1;
    cat_layout L;
    int rc = cat_layout_make(&c, lo, hi, 1, reserve, &L);
    if (rc == 0) {
        cat_draw_grid(&c, &L);
        double group = fmin(L.slot * (mode == BARS_GROUPED ? 0.8 : 0.62), mode == BARS_GROUPED ? 40.0 * ns : 48);
        double bw = group / (double)(mode == BARS_GROUPED ? ns : 1);
        double inner = mode == BARS_GROUPED && bw > 6 ? 1 : 0;   /* hairline between grouped bars */
        double base = cat_base(&L);
        int labels = 0;
        if (d->show_values) {
            if (mode == BARS_GROUPED)
                labels = values_fit(&c, d->values, d->n_series * d->n_cat, bw - 3, 0);   /* gap between labels */
            else if (mode == BARS_STACKED)
                labels = values_fit(&c, tot, d->n_cat, L.slot - 2, 1);
            else
                labels = values_fit(&c, d->values, d->n_cat, L.slot - 2, 0);
        }
        for (size_t k = 0; k < d->n_cat; k++) {
            size_t i = ord[k];
            double cx = cat_cx(&c, &L, k);
            double acc = 0;
            size_t parts = 0;   /* a lone segment is labelled by the total only */
            for (size_t s = 0; s < ns; s++)
                parts += isfinite(val(d, s, i)) && val(d, s, i) > 0;
            for (size_t s = 0; s < ns; s++) {
                double v = val(d, s, i);
                size_t pos = c.rtl ? ns - 1 - s : s;
                double bx = cx - group / 2 + (double)pos * bw;
                if (!isfinite(v)) {
                    /* Missing, not zero: a dash on the baseline. */
                    if (labels && mode != BARS_STACKED)
                        value_label(&c, "\xe2\x80\x93", bx + bw / 2, base - 2, bw, 0, palette_grey(GREY_MUTED));
                    continue;
                }
                rgba col = palette_colour(s);
                if (mode == BARS_STACKED) {
                    if (v <= 0)
                        continue;
                    double y0 = cat_y(&L, acc), y1 = cat_y(&L, acc + v);
                    palette_fill_rect(cr, cx - bw / 2, y1, bw, y0 - y1, col);
                    /* Segment value inside, when it fits. */
                    if (d->show_values && (parts > 1 || !labels) && y0 - y1 >= c.lh_small + 1) {
                        char buf[64];
                        fmt_value(&c, v, buf, sizeof buf);
                        text_style st = style(&c, SZ_SMALL, 0, GREY_TEXT, TEXT_CENTRE, TEXT_MIDDLE, 1);
                        if (natural_width(&c, buf, &st) + TEXT_SLACK <= bw - 2) {
                            st.colour = palette_text_on(col);
                            text_draw(cr, buf, cx - bw / 2 + 1, y1, bw - 2, y0 - y1, &st);
                        }
                    }
                    acc += v;
                } else {
                    double vy = cat_y(&L, v);
                    palette_fill_rect(cr, bx + inner / 2, fmin(vy, base), bw - inner, fabs(base - vy), col);
                    if (labels && v >= 0) {
                        char buf[64];
                        fmt_value(&c, v, buf, sizeof buf);
                        value_label(&c, buf, bx + bw / 2, vy - 2, mode == BARS_GROUPED ? bw + inner : L.slot - 2,
                                    0, palette_grey(GREY_TEXT));
                    }
                }
            }
            if (mode == BARS_STACKED && labels) {
                char buf[64];
                fmt_value(&c, parts ? tot[i] : NAN, buf, sizeof buf);
                value_label(&c, buf, cx, cat_y(&L, tot[i]) - 2, L.slot - 2, 1, palette_grey(GREY_TEXT));
            }
        }
        cat_draw_axis(&c, &L, ord);
    }
    free(ord);
    free(tot);
    return rc;
}

int chart_bar_vertical(cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
{
    return bars_vertical(cr, x, y, w, h, d, BARS_SINGLE);
}

int chart_bar_grouped(cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
{
    return bars_vertical(cr, x, y, w, h, d, BARS_GROUPED);
}

int chart_bar_stacked(cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
{
    return bars_vertical(cr, x, y, w, h, d, BARS_STACKED);
}

/* ---- horizontal bars --------------------------------------------------- */

int chart_bar_horizontal(cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
{
    chart c;
    /* Each category a line, and a row of tick labels. */
    if (chart_begin(&c, cr, x, y, w, h, d, d ? d->n_cat : 0, 14))
        return -1;
    rect A = c.a;
    size_t n = d->n_cat;
    size_t *ord = order_by_series(d, 0);
    if (!ord)
        return -1;

    double va_h = d->value_axis_label && d->value_axis_label[0] ? c.lh_small + 2 : 0;
    double ca_h = d->category_axis_label && d->category_axis_label[0] ? c.lh_small + 4 : 0;
    double tick_h = c.lh_small + 3;
    double top = A.y + ca_h, bottom = A.y + A.h - va_h - tick_h;
    double slot = (bottom - top) / (double)n;
    /* Every category needs a line: without the axis titles if need be. */
    if (slot < c.lh_label + 1 && va_h + ca_h > 0) {
        va_h = ca_h = 0;
        top = A.y;
        bottom = A.y + A.h - tick_h;
        slot = (bottom - top) / (double)n;
    }
    if (slot < c.lh_label + 1) {
        free(ord);
        return -1;
    }

    /* Label column: as wide as the longest label, at most 38 % of the box. */
    text_style sl = style(&c, SZ_LABEL, 0, GREY_TEXT, TEXT_END, TEXT_MIDDLE, 2);
    double label_col = 0;
    for (size_t i = 0; i < n; i++)
        label_col = fmax(label_col, natural_width(&c, d->categories[i], &sl) + TEXT_SLACK);
    label_col = fmin(label_col, A.w * 0.38);
    int lines = (int)floor((slot - 2) / c.lh_label);
    sl.max_lines = lines < 1 ? 1 : lines > 2 ? 2 : lines;

    /* Room at the end for the value labels. */
    text_style sv = style(&c, SZ_SMALL, 0, GREY_TEXT, TEXT_START, TEXT_MIDDLE, 1);
    double vw = 0;
    char buf[64];
    if (d->show_values)
        for (size_t i = 0; i < n; i++) {
            fmt_value(&c, val(d, 0, i), buf, sizeof buf);
            vw = fmax(vw, natural_width(&c, buf, &sv) + TEXT_SLACK);
        }

    double lo, hi;
    chart_data one = *d;
    one.n_series = 1;
    value_range(&one, &lo, &hi);
    double x0 = label_col + GAP;   /* offsets from the start edge */
    double span = A.w - x0 - fmax(vw + 4, 0);
    ticks t;
    char lab[TICKS_MAX][48];
    text_style ts = style(&c, SZ_SMALL, 0, GREY_MUTED, TEXT_CENTRE, TEXT_TOP, 1);
    double last_w = 0;
    /* Twice: the tick count depends on the span, the span on the last tick label. */
    for (int pass = 0; pass < 2; pass++) {
        int target = (int)lround(span / 75);
        target = target < 2 ? 2 : target > 7 ? 7 : target;
        if (axis_ticks(&c, lo, hi, target, 1, &t)) {
            free(ord);
            return -1;
        }
        for (size_t k = 0; k < t.n; k++)
            fmt_tick(&c, &t, t.v[k], lab[k], sizeof lab[k]);
        last_w = natural_width(&c, lab[t.n - 1], &ts) + TEXT_SLACK;
        span = A.w - x0 - fmax(vw + 4, last_w / 2 + 1);
    }
    if (span < 20) {
        free(ord);
        return -1;
    }
    rect P = {A.x, top, A.w, bottom - top};
    double range = t.hi - t.lo;
#define HX(v) (c.rtl ? A.x + A.w - x0 - ((v) - t.lo) / range * span : A.x + x0 + ((v) - t.lo) / range * span)

    for (size_t k = 0; k < t.n; k++) {
        double gx = HX(t.v[k]);
        vrule(cr, gx, P.y, P.y + P.h, GRID_W, palette_grey(GREY_GRID));
        double tw = natural_width(&c, lab[k], &ts) + TEXT_SLACK;
        double lx = fmin(fmax(gx - tw / 2, A.x), A.x + A.w - tw);
        text_draw(cr, lab[k], lx, bottom + 3, tw, c.lh_small, &ts);
    }
    double base = HX(fmin(fmax(0, t.lo), t.hi));
    double bar_h = fmin(slot * 0.62, 20);
    for (size_t k = 0; k < n; k++) {
        size_t i = ord[k];
        double v = val(d, 0, i);
        double cy = top + ((double)k + 0.5) * slot;
        text_draw(cr, d->categories[i], mx(&c, &A, 0, label_col), top + (double)k * slot, label_col, slot, &sl);
        if (isfinite(v)) {
            double vx = HX(v);
            palette_fill_rect(cr, fmin(base, vx), cy - bar_h / 2, fabs(vx - base), bar_h, palette_colour(0));
        }
        if (d->show_values) {
            fmt_value(&c, v, buf, sizeof buf);
            /* After the bar's end; a missing value's dash, or a negative
             * bar's label, just after the zero line. */
            double at = isfinite(v) ? fmax(v, 0) : fmax(0, t.lo);
            double off = x0 + (fmin(at, t.hi) - t.lo) / range * span + 3;
            text_draw(cr, buf, mx(&c, &A, off, vw), cy - c.lh_small / 2, vw, c.lh_small, &sv);
        }
    }
#undef HX
    vrule(cr, base, P.y, P.y + P.h, AXIS_W, palette_grey(GREY_AXIS));
    if (ca_h > 0) {
        text_style sa = style(&c, SZ_SMALL, 0, GREY_MUTED, TEXT_END, TEXT_TOP, 1);
        text_draw(cr, d->category_axis_label, mx(&c, &A, 0, label_col), A.y, label_col, c.lh_small, &sa);
    }
    if (va_h > 0) {
        text_style sa = style(&c, SZ_SMALL, 0, GREY_MUTED, TEXT_CENTRE, TEXT_BOTTOM, 1);
        text_draw(cr, d->value_axis_label, mx(&c, &A, x0, span), A.y + A.h - c.lh_small, span, c.lh_small, &sa);
    }
    free(ord);
    return 0;
}

/* ---- line -------------------------------------------------------------- */

int chart_line(cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
{
    chart c;
    if (chart_setup(&c, cr, x, y, w, h, d))
        return -1;
    double lg = legend_height(&c, SWATCH_LINE);
    if (chart_header(&c, 1, MIN_PLOT + lg))
        return -1;
    legend_top(&c, SWATCH_LINE, lg);
    double lo, hi;
    value_range(d, &lo, &hi);
    double reserve = d->show_values ? c.lh_small + 5 : 4;
    cat_layout L;
    if (cat_layout_make(&c, lo, hi, lo >= 0, reserve, &L))
        return -1;
    size_t *ord = order_make(d->n_cat, NULL, 0);
    if (!ord)
        return -1;
    cat_draw_grid(&c, &L);
    cat_draw_axis(&c, &L, ord);
    free(ord);

    const double r = 2.5;
    for (size_t s = 0; s < d->n_series; s++) {
        rgba col = palette_colour(s);
        cairo_new_path(cr);
        int pen = 0;
        for (size_t i = 0; i < d->n_cat; i++) {
            double v = val(d, s, i);
            if (!isfinite(v) || (d->partial && d->partial[s * d->n_cat + i])) {
                pen = 0;   /* a gap for missing periods and partial points */
                continue;
            }
            if (pen)
                cairo_line_to(cr, cat_cx(&c, &L, i), cat_y(&L, v));
            else
                cairo_move_to(cr, cat_cx(&c, &L, i), cat_y(&L, v));
            pen = 1;
        }
        palette_set(cr, col);
        cairo_set_line_width(cr, 1.75);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr, s >= PALETTE_SIZE ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
        line_dash(cr, s);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        for (size_t i = 0; i < d->n_cat; i++) {
            if (!isfinite(val(d, s, i)))
                continue;
            if (d->partial && d->partial[s * d->n_cat + i])
                draw_hollow_marker(cr, cat_cx(&c, &L, i), cat_y(&L, val(d, s, i)), r, col);
            else
                draw_marker(cr, cat_cx(&c, &L, i), cat_y(&L, val(d, s, i)), r, col);
        }
    }

    if (!d->show_values)
        return 0;
    /* One series: every point.  Several: the last point of each, above its
     * marker, or below when that would collide with a label already placed. */
    char buf[64];
    double placed_top[64], placed_bot[64];
    size_t n_placed = 0;
    for (size_t s = 0; s < d->n_series; s++) {
        size_t first = 0;
        if (d->n_series > 1) {
            size_t last = d->n_cat;
            for (size_t i = d->n_cat; i-- > 0;)
                if (isfinite(val(d, s, i))) {
                    last = i;
                    break;
                }
            if (last == d->n_cat)
                continue;
            first = last;
        } else if (!values_fit(&c, d->values, d->n_cat, L.slot - 2, 0)) {
            break;
        }
        for (size_t i = first; i < d->n_cat; i++) {
            double v = val(d, s, i);
            if (!isfinite(v))
                continue;
            fmt_value(&c, v, buf, sizeof buf);
            text_style st = style(&c, SZ_SMALL, 0, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, 1);
            double lw = natural_width(&c, buf, &st) + TEXT_SLACK;
            if (lw > L.slot - 2)
                continue;
            double py = cat_y(&L, v), cx = cat_cx(&c, &L, i);
            double above = py - r - 2 - c.lh_small, below = py + r + 2;
            double ly = above;
            if (d->n_series > 1) {
                int clash_above = 0, clash_below = 0;
                for (size_t k = 0; k < n_placed; k++) {
                    clash_above |= above < placed_bot[k] && above + c.lh_small > placed_top[k];
                    clash_below |= below < placed_bot[k] && below + c.lh_small > placed_top[k];
                }
                if (clash_above && clash_below)
                    continue;
                ly = clash_above ? below : above;
                /* Below the plot there are the category labels. */
                if (ly + c.lh_small > L.plot.y + L.plot.h)
                    continue;
                if (n_placed < 64) {
                    placed_top[n_placed] = ly;
                    placed_bot[n_placed++] = ly + c.lh_small;
                }
            }
            text_draw(cr, buf, cx - lw / 2, ly, lw, c.lh_small, &st);
        }
    }
    return 0;
}

/* ---- doughnut ---------------------------------------------------------- */

typedef struct {
    const char *label;
    double v;            /* NAN: missing, listed without a slice */
    rgba col;
} slice_item;

int chart_doughnut(cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
{
    chart c;
    if (chart_begin(&c, cr, x, y, w, h, d, 2, 50))
        return -1;
    rect A = c.a;
    size_t n = d->n_cat;
    double total = 0;
    size_t n_pos = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(val(d, 0, i)) && val(d, 0, i) > 0) {
            total += val(d, 0, i);
            n_pos++;
        }
    /* Legend rows that fit one line each bound the number of slices too. */
    double row_gap = 3;
    size_t rows_fit = (size_t)floor((A.h + row_gap) / (c.lh_label + row_gap));
    size_t keep = rows_fit < MAX_SLICES ? rows_fit : MAX_SLICES;
    if (keep < 2)
        return -1;
    int group = n_pos > keep;

    /* Which categories go to "other": all but the keep - 1 largest. */
    slice_item *sl = malloc((n + 1) * sizeof *sl);
    size_t *ord = order_by_series(d, 0);
    int *grouped = calloc(n, sizeof *grouped);
    double *keys = calloc(n, sizeof *keys);
    if (!sl || !ord || !grouped || !keys) {
        free(sl), free(ord), free(grouped), free(keys);
        return -1;
    }
    if (group) {
        for (size_t i = 0; i < n; i++)
            keys[i] = isfinite(val(d, 0, i)) && val(d, 0, i) > 0 ? val(d, 0, i) : NAN;
        size_t *rank = order_make(n, keys, 1);
        for (size_t k = keep - 1; rank && k < n_pos; k++)
            grouped[rank[k]] = 1;
        free(rank);
    }
    free(keys);
    size_t ns = 0, colour = 0;
    double other = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = ord[k];
        double v = val(d, 0, i);
        if (grouped[i]) {
            other += v;
            continue;
        }
        if (isfinite(v) && v <= 0)
            continue;   /* nothing to show in a ring */
        if (!isfinite(v) && ns + (group ? 1 : 0) >= keep)
            continue;   /* no room left for a missing row */
        sl[ns++] = (slice_item){d->categories[i], isfinite(v) ? v : NAN,
                                isfinite(v) ? palette_colour(colour++) : palette_grey(GREY_OTHER)};
    }
    if (group)
        sl[ns++] = (slice_item){word(&c, "Other", "Autres", "\xd8\xa3\xd8\xae\xd8\xb1\xd9\x89"), other,
                                palette_grey(GREY_OTHER)};
    free(ord), free(grouped);

    /* Legend columns: swatch, label, value, percent; figures right-aligned
     * in both directions so that units line up. */
    text_style sv = style(&c, SZ_LABEL, 0, GREY_TEXT, TEXT_NUMBER, TEXT_TOP, 1);
    text_style sp = style(&c, SZ_LABEL, 1, GREY_TEXT, TEXT_NUMBER, TEXT_TOP, 1);
    text_style sl_st = style(&c, SZ_LABEL, 0, GREY_TEXT, TEXT_START, TEXT_TOP, 2);
    char vals[MAX_SLICES + 1][64], pcts[MAX_SLICES + 1][32];
    double vw = 0, pw = 0, nat = 0;
    for (size_t k = 0; k < ns; k++) {
        fmt_value(&c, sl[k].v, vals[k], sizeof vals[k]);
        if (isfinite(sl[k].v) && total > 0)
            numfmt_percent(pcts[k], sizeof pcts[k], sl[k].v / total * 100, 1, &c.nf);
        else
            pcts[k][0] = '\0';
        vw = fmax(vw, natural_width(&c, vals[k], &sv) + TEXT_SLACK);
        pw = fmax(pw, natural_width(&c, pcts[k], &sp) + TEXT_SLACK);
        nat = fmax(nat, natural_width(&c, sl[k].label, &sl_st) + TEXT_SLACK);
    }
    const double ring_gap = 20, col_gap = 10, min_label = 40, min_dia = 50;
    double dia = fmin(A.h * 0.9, A.w * 0.38);
    /* Labels as wide as they need, up to what is left beside the ring.
     * Short of room: a smaller ring, then no value column (the percent stays). */
    double fixed = SWATCH + 6 + col_gap + vw + col_gap + pw;
    if (A.w - dia - ring_gap - fixed < min_label)
        dia = fmax(min_dia, A.w - ring_gap - fixed - min_label);
    if (A.w - dia - ring_gap - fixed < min_label) {
        vw = 0;
        fixed = SWATCH + 6 + col_gap + pw;
    }
    /* a label narrower than min_label is no reason to fail: only the room */
    double labw = fmin(nat, A.w - dia - ring_gap - fixed);
    if (A.w - dia - ring_gap - fixed < min_label || dia < min_dia) {
        free(sl);
        return -1;
    }
    double group_w = dia + ring_gap + fixed + labw;
    double start = (A.w - group_w) / 2;   /* ring and legend centred as one block */
    double lx = start + dia + ring_gap;   /* legend offset from the start edge */
    double rows_h[MAX_SLICES + 1], lh_total = 0;
    for (int pass = 0; pass < 2; pass++) {
        lh_total = 0;
        for (size_t k = 0; k < ns; k++) {
            rows_h[k] = fmax(text_measure(cr, sl[k].label, labw, 0, &sl_st).h, c.lh_label);
            lh_total += rows_h[k] + (k ? row_gap : 0);
        }
        if (lh_total <= A.h)
            break;
        sl_st.max_lines = 1;   /* second pass: one line per row fits (rows_fit) */
    }
    double ly = A.y + (A.h - lh_total) / 2;
    for (size_t k = 0; k < ns; k++) {
        double rh = rows_h[k], off = lx;
        palette_fill_rect(cr, mx(&c, &A, off, SWATCH), ly + (c.lh_label - SWATCH) / 2, SWATCH, SWATCH, sl[k].col);
        off += SWATCH + 6;
        text_draw(cr, sl[k].label, mx(&c, &A, off, labw), ly, labw, rh, &sl_st);
        off += labw + col_gap;
        if (vw > 0) {
            text_draw(cr, vals[k], mx(&c, &A, off, vw), ly, vw, c.lh_label, &sv);
            off += vw + col_gap;
        }
        text_draw(cr, pcts[k], mx(&c, &A, off, pw), ly, pw, c.lh_label, &sp);
        ly += rh + row_gap;
    }

    /* The ring: from 12 o'clock, clockwise in LTR, anticlockwise in RTL. */
    double R = dia / 2 - 1, r = R * 0.58;
    double cx = mx(&c, &A, start, dia) + dia / 2, cy = A.y + A.h / 2;
    double acc = 0;
    size_t n_slices = 0;
    for (size_t k = 0; k < ns; k++)
        n_slices += isfinite(sl[k].v) && sl[k].v > 0;
    for (size_t k = 0; k < ns && total > 0; k++) {
        if (!isfinite(sl[k].v) || sl[k].v <= 0)
            continue;
        double share = sl[k].v / total;
        double a0 = -TAU / 4 + acc * TAU, a1 = a0 + share * TAU;
        if (c.rtl) {
            double t0 = -TAU / 4 - (acc + share) * TAU;
            a1 = t0 + share * TAU;
            a0 = t0;
        }
        acc += share;
        cairo_new_path(cr);
        cairo_arc(cr, cx, cy, R, a0, a1);
        cairo_arc_negative(cr, cx, cy, r, a1, a0);
        cairo_close_path(cr);
        palette_set(cr, sl[k].col);
        if (n_slices > 1) {
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_set_line_width(cr, 1);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
        /* Percent on the slice when the slice is big enough for it. */
        if (share >= SMALL_SLICE) {
            text_style st = style(&c, SZ_SMALL, 1, GREY_TEXT, TEXT_CENTRE, TEXT_MIDDLE, 1);
            char p[32];
            numfmt_percent(p, sizeof p, share * 100, 0, &c.nf);
            double tw = natural_width(&c, p, &st) + TEXT_SLACK, rm = (R + r) / 2, am = (a0 + a1) / 2;
            if (R - r >= c.lh_small + 2 && share * TAU * rm >= tw + 4) {
                st.colour = palette_text_on(sl[k].col);
                text_draw(cr, p, cx + rm * cos(am) - tw / 2, cy + rm * sin(am) - c.lh_small / 2, tw, c.lh_small,
                          &st);
            }
        }
    }
    /* The total in the hole (a sum of percentages means nothing). */
    if (!d->percent && total > 0) {
        char buf[64];
        fmt_value(&c, total, buf, sizeof buf);
        text_style st = style(&c, SZ_TITLE, 1, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, 1);
        text_style sw = style(&c, SZ_SMALL, 0, GREY_MUTED, TEXT_CENTRE, TEXT_TOP, 1);
        double bw = r * 1.5, th = text_line_height(cr, &st);
        if (natural_width(&c, buf, &st) + TEXT_SLACK <= bw && th + c.lh_small <= r * 1.4) {
            double top = cy - (th + c.lh_small) / 2;
            text_draw(cr, buf, cx - bw / 2, top, bw, th, &st);
            text_draw(cr, word(&c, "Total", "Total", "\xd8\xa7\xd9\x84\xd9\x85\xd8\xac\xd9\x85\xd9\x88\xd8\xb9"),
                      cx - bw / 2, top + th, bw, c.lh_small, &sw);
        }
    }
    free(sl);
    return 0;
}

/* ---- dispatch ---------------------------------------------------------- */

int chart_draw(cairo_t *cr, chart_kind kind, double x, double y, double w, double h, const chart_data *d)
{
    switch (kind) {
    case CHART_BAR_HORIZONTAL:
        return chart_bar_horizontal(cr, x, y, w, h, d);
    case CHART_BAR_VERTICAL:
        return chart_bar_vertical(cr, x, y, w, h, d);
    case CHART_BAR_GROUPED:
        return chart_bar_grouped(cr, x, y, w, h, d);
    case CHART_BAR_STACKED:
        return chart_bar_stacked(cr, x, y, w, h, d);
    case CHART_DOUGHNUT:
        return chart_doughnut(cr, x, y, w, h, d);
    case CHART_LINE:
        return chart_line(cr, x, y, w, h, d);
    }
    return -1;
}

const char *chart_kind_name(chart_kind kind)
{
    static const char *const names[] = {"hbar", "vbar", "grouped", "stacked", "doughnut", "line"};
    return (size_t)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}
