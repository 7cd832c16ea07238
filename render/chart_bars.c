#include "chart_internal.h"

#include <stdlib.h>

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
    double lg = mode == BARS_SINGLE ? 0 : chart_legend_height(&c, SWATCH_BOX);
    if (chart_header(&c, 2, MIN_PLOT + lg))
        return -1;
    chart_legend_top(&c, SWATCH_BOX, lg);
    size_t ns = mode == BARS_SINGLE ? 1 : d->n_series;

    /* Stack totals (positive parts) also serve as sort keys. */
    double *tot = calloc(d->n_cat, sizeof *tot);
    if (!tot)
        return -1;
    for (size_t i = 0; i < d->n_cat; i++)
        for (size_t s = 0; s < ns; s++)
            if (isfinite(val(d, s, i)) && val(d, s, i) > 0)
                tot[i] += val(d, s, i);
    size_t *ord = mode == BARS_STACKED ? chart_order_make(d->n_cat, tot, d->sort_desc) : chart_order_by_series(d, 0);
    if (!ord) {
        free(tot);
        return -1;
    }
    double lo, hi;
    chart_value_range(d, &lo, &hi);
    if (mode == BARS_SINGLE) {
        chart_data one = *d;
        one.n_series = 1;
        chart_value_range(&one, &lo, &hi);
    }
    if (mode == BARS_STACKED) {
        lo = 0;   /* only positive parts are stacked */
        for (size_t i = 0; i < d->n_cat; i++)
            hi = fmax(hi, tot[i]);
    }

    double reserve = d->show_values ? c.lh_small + 3 : c.lh_small / 2 + 1;
    cat_layout L;
    int rc = chart_cat_layout_make(&c, lo, hi, 1, reserve, &L);
    if (rc == 0) {
        chart_cat_draw_grid(&c, &L);
        double group = fmin(L.slot * (mode == BARS_GROUPED ? 0.8 : 0.62), mode == BARS_GROUPED ? 40.0 * ns : 48);
        double bw = group / (double)(mode == BARS_GROUPED ? ns : 1);
        double inner = mode == BARS_GROUPED && bw > 6 ? 1 : 0;   /* hairline between grouped bars */
        double base = chart_cat_base(&L);
        int labels = 0;
        if (d->show_values) {
            if (mode == BARS_GROUPED)
                labels = chart_values_fit(&c, d->values, d->n_series * d->n_cat, bw - 3, 0);   /* gap between labels */
            else if (mode == BARS_STACKED)
                labels = chart_values_fit(&c, tot, d->n_cat, L.slot - 2, 1);
            else
                labels = chart_values_fit(&c, d->values, d->n_cat, L.slot - 2, 0);
        }
        for (size_t k = 0; k < d->n_cat; k++) {
            size_t i = ord[k];
            double cx = chart_cat_cx(&c, &L, k);
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
                        chart_value_label(&c, "\xe2\x80\x93", bx + bw / 2, base - 2, bw, 0, palette_grey(GREY_MUTED));
                    continue;
                }
                rgba col = palette_colour(s);
                if (mode == BARS_STACKED) {
                    if (v <= 0)
                        continue;
                    double y0 = chart_cat_y(&L, acc), y1 = chart_cat_y(&L, acc + v);
                    palette_fill_rect(cr, cx - bw / 2, y1, bw, y0 - y1, col);
                    /* Segment value inside, when it fits. */
                    if (d->show_values && (parts > 1 || !labels) && y0 - y1 >= c.lh_small + 1) {
                        char buf[64];
                        chart_fmt_value(&c, v, buf, sizeof buf);
                        text_style st = style(&c, SZ_SMALL, 0, GREY_TEXT, TEXT_CENTRE, TEXT_MIDDLE, 1);
                        if (chart_natural_width(&c, buf, &st) + TEXT_SLACK <= bw - 2) {
                            st.colour = palette_text_on(col);
                            text_draw(cr, buf, cx - bw / 2 + 1, y1, bw - 2, y0 - y1, &st);
                        }
                    }
                    acc += v;
                } else {
                    double vy = chart_cat_y(&L, v);
                    palette_fill_rect(cr, bx + inner / 2, fmin(vy, base), bw - inner, fabs(base - vy), col);
                    if (labels && v >= 0) {
                        char buf[64];
                        chart_fmt_value(&c, v, buf, sizeof buf);
                        chart_value_label(&c, buf, bx + bw / 2, vy - 2, mode == BARS_GROUPED ? bw + inner : L.slot - 2,
                                          0, palette_grey(GREY_TEXT));
                    }
                }
            }
            if (mode == BARS_STACKED && labels) {
                char buf[64];
                chart_fmt_value(&c, parts ? tot[i] : NAN, buf, sizeof buf);
                chart_value_label(&c, buf, cx, chart_cat_y(&L, tot[i]) - 2, L.slot - 2, 1, palette_grey(GREY_TEXT));
            }
        }
        chart_cat_draw_axis(&c, &L, ord);
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
    size_t *ord = chart_order_by_series(d, 0);
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
        label_col = fmax(label_col, chart_natural_width(&c, d->categories[i], &sl) + TEXT_SLACK);
    label_col = fmin(label_col, A.w * 0.38);
    int lines = (int)floor((slot - 2) / c.lh_label);
    sl.max_lines = lines < 1 ? 1 : lines > 2 ? 2 : lines;

    /* Room at the end for the value labels. */
    text_style sv = style(&c, SZ_SMALL, 0, GREY_TEXT, TEXT_START, TEXT_MIDDLE, 1);
    double vw = 0;
    char buf[64];
    if (d->show_values)
        for (size_t i = 0; i < n; i++) {
            chart_fmt_value(&c, val(d, 0, i), buf, sizeof buf);
            vw = fmax(vw, chart_natural_width(&c, buf, &sv) + TEXT_SLACK);
        }

    double lo, hi;
    chart_data one = *d;
    one.n_series = 1;
    chart_value_range(&one, &lo, &hi);
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
        if (chart_axis_ticks(&c, lo, hi, target, 1, &t)) {
            free(ord);
            return -1;
        }
        for (size_t k = 0; k < t.n; k++)
            chart_fmt_tick(&c, &t, t.v[k], lab[k], sizeof lab[k]);
        last_w = chart_natural_width(&c, lab[t.n - 1], &ts) + TEXT_SLACK;
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
        double tw = chart_natural_width(&c, lab[k], &ts) + TEXT_SLACK;
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
            chart_fmt_value(&c, v, buf, sizeof buf);
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

