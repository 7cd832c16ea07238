#include "chart_internal.h"

#include <stdlib.h>

/* ---- helpers ----------------------------------------------------------- */

double chart_natural_width(const chart *c, const char *s, const text_style *st)
{
    text_style one = *st;
    one.max_lines = 1;
    return text_measure(c->cr, s, 0, 0, &one).w;
}

void chart_fmt_value(const chart *c, double v, char *buf, size_t n)
{
    if (c->d->percent)
        numfmt_percent(buf, n, v, c->d->decimals, &c->nf);
    else
        numfmt_value(buf, n, v, c->d->decimals, &c->nf);
}

void chart_fmt_tick(const chart *c, const ticks *t, double v, char *buf, size_t n)
{
    if (c->d->percent)
        numfmt_percent(buf, n, v, t->decimals, &c->nf);
    else
        numfmt_compact(buf, n, v, t->step, fmax(fabs(t->lo), fabs(t->hi)), &c->nf);
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
size_t *chart_order_make(size_t n, const double *keys, int sort)
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

size_t *chart_order_by_series(const chart_data *d, size_t s)
{
    if (!d->sort_desc)
        return chart_order_make(d->n_cat, NULL, 0);
    double *k = malloc(d->n_cat * sizeof *k);
    if (!k)
        return NULL;
    for (size_t i = 0; i < d->n_cat; i++)
        k[i] = val(d, s, i);
    size_t *ord = chart_order_make(d->n_cat, k, 1);
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
int chart_setup(chart *c, cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
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
int chart_header(chart *c, size_t rows, double extra)
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

int chart_begin(chart *c, cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                size_t rows, double extra)
{
    return chart_setup(c, cr, x, y, w, h, d) ? -1 : chart_header(c, rows, extra);
}

/* ---- legend ------------------------------------------------------------ */


void chart_draw_marker(cairo_t *cr, double x, double y, double r, rgba col)
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
void chart_line_dash(cairo_t *cr, size_t series)
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
        double tw = chart_natural_width(c, name, &st) + TEXT_SLACK;
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
                    chart_line_dash(c->cr, s);
                    cairo_stroke(c->cr);
                    cairo_set_dash(c->cr, NULL, 0, 0);
                }
                chart_draw_marker(c->cr, sx + sw / 2, ry + lh / 2, 2.5, col);
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
double chart_legend_height(chart *c, swatch_kind kind)
{
    if (c->d->n_series < 2 || !c->d->series_names)
        return 0;
    return legend(c, c->a, kind, 0) + GAP;
}

void chart_legend_top(chart *c, swatch_kind kind, double h)
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
int chart_axis_ticks(const chart *c, double lo, double hi, int target, int zero_based, ticks *out)
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
    if (chart_axis_ticks(c, vmin, vmax, target, zero_based, &L->t))
        return -1;

    text_style ts = style(c, SZ_SMALL, 0, GREY_MUTED, TEXT_END, TEXT_MIDDLE, 1);
    L->tick_w = 0;
    for (size_t k = 0; k < L->t.n; k++) {
        chart_fmt_tick(c, &L->t, L->t.v[k], L->tick_lab[k], sizeof L->tick_lab[k]);
        L->tick_w = fmax(L->tick_w, chart_natural_width(c, L->tick_lab[k], &ts) + TEXT_SLACK);
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
        nat = fmax(nat, chart_natural_width(c, d->categories[i], &sl) + TEXT_SLACK);
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
int chart_cat_layout_make(chart *c, double vmin, double vmax, int zero_based, double reserve_top,
                          cat_layout *L)
{
    return cat_layout_try(c, vmin, vmax, zero_based, reserve_top, 1, L) == 0 ||
                   cat_layout_try(c, vmin, vmax, zero_based, reserve_top, 0, L) == 0
               ? 0
               : -1;
}

double chart_cat_y(const cat_layout *L, double v)
{
    return L->plot.y + L->plot.h * (L->t.hi - v) / (L->t.hi - L->t.lo);
}

double chart_cat_cx(const chart *c, const cat_layout *L, size_t i)
{
    double off = ((double)i + 0.5) * L->slot;
    return c->rtl ? L->plot.x + L->plot.w - off : L->plot.x + off;
}

double chart_cat_base(const cat_layout *L)
{
    return chart_cat_y(L, fmin(fmax(0, L->t.lo), L->t.hi));
}

/* Grid lines, tick labels and the value axis title. */
void chart_cat_draw_grid(chart *c, const cat_layout *L)
{
    const chart_data *d = c->d;
    text_style ts = style(c, SZ_SMALL, 0, GREY_MUTED, TEXT_END, TEXT_MIDDLE, 1);
    double tx = c->rtl ? L->plot.x + L->plot.w + 5 : c->a.x;
    for (size_t k = 0; k < L->t.n; k++) {
        double y = chart_cat_y(L, L->t.v[k]);
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
void chart_cat_draw_axis(chart *c, const cat_layout *L, const size_t *ord)
{
    const chart_data *d = c->d;
    hrule(c->cr, L->plot.x, L->plot.x + L->plot.w, chart_cat_base(L), AXIS_W, palette_grey(GREY_AXIS));
    double top = L->plot.y + L->plot.h + 4;
    if (!L->rotated) {
        text_style sl = style(c, SZ_LABEL, 0, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, L->label_lines);
        for (size_t i = 0; i < d->n_cat; i++)
            text_draw(c->cr, d->categories[ord[i]], chart_cat_cx(c, L, i) - L->label_w / 2, top, L->label_w,
                      L->label_h, &sl);
    } else {
        /* Turned labels end against the axis (LTR text ends there, RTL text
         * starts there), in as many lines as the slot has room for. */
        int lines = (int)floor((L->slot - 2) / c->lh_label);
        text_style sl = style(c, SZ_LABEL, 0, GREY_TEXT, c->rtl ? TEXT_START : TEXT_END, TEXT_MIDDLE,
                              lines < 1 ? 1 : lines > 3 ? 3 : lines);
        double lw = fmax(L->slot - 2, 1);
        for (size_t i = 0; i < d->n_cat; i++)
            text_draw_rotated(c->cr, d->categories[ord[i]], chart_cat_cx(c, L, i) - lw / 2, top, lw, L->label_h, &sl);
    }
    if (L->titles && d->category_axis_label && d->category_axis_label[0]) {
        text_style sa = style(c, SZ_SMALL, 0, GREY_MUTED, TEXT_CENTRE, TEXT_BOTTOM, 1);
        text_draw(c->cr, d->category_axis_label, L->plot.x, c->a.y + c->a.h - c->lh_small, L->plot.w,
                  c->lh_small, &sa);
    }
}

/* A number centred on cx with its bottom at `bottom`, if it fits in
 * width w (numbers are never ellipsized). */
void chart_value_label(chart *c, const char *s, double cx, double bottom, double w, int bold, rgba col)
{
    text_style st = style(c, SZ_SMALL, bold, GREY_TEXT, TEXT_CENTRE, TEXT_BOTTOM, 1);
    st.colour = col;
    text_draw(c->cr, s, cx - w / 2, bottom - c->lh_small, w, c->lh_small, &st);
}

/* Do all labels of `vals` fit in width w? */
int chart_values_fit(chart *c, const double *vals, size_t n, double w, int bold)
{
    text_style st = style(c, SZ_SMALL, bold, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, 1);
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        double v = vals[i];
        if (!isfinite(v))
            continue;
        chart_fmt_value(c, v, buf, sizeof buf);
        if (chart_natural_width(c, buf, &st) + TEXT_SLACK > w)
            return 0;
    }
    return 1;
}

void chart_value_range(const chart_data *d, double *lo, double *hi)
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
