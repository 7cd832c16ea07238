#include "chart_internal.h"

#include <stdlib.h>

/* ---- line -------------------------------------------------------------- */

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

int chart_line(cairo_t *cr, double x, double y, double w, double h, const chart_data *d)
{
    chart c;
    if (chart_setup(&c, cr, x, y, w, h, d))
        return -1;
    double lg = chart_legend_height(&c, SWATCH_LINE);
    if (chart_header(&c, 1, MIN_PLOT + lg))
        return -1;
    chart_legend_top(&c, SWATCH_LINE, lg);
    double lo, hi;
    chart_value_range(d, &lo, &hi);
    double reserve = d->show_values ? c.lh_small + 5 : 4;
    cat_layout L;
    if (chart_cat_layout_make(&c, lo, hi, lo >= 0, reserve, &L))
        return -1;
    size_t *ord = chart_order_make(d->n_cat, NULL, 0);
    if (!ord)
        return -1;
    chart_cat_draw_grid(&c, &L);
    chart_cat_draw_axis(&c, &L, ord);
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
                cairo_line_to(cr, chart_cat_cx(&c, &L, i), chart_cat_y(&L, v));
            else
                cairo_move_to(cr, chart_cat_cx(&c, &L, i), chart_cat_y(&L, v));
            pen = 1;
        }
        palette_set(cr, col);
        cairo_set_line_width(cr, 1.75);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr, s >= PALETTE_SIZE ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
        chart_line_dash(cr, s);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        for (size_t i = 0; i < d->n_cat; i++) {
            if (!isfinite(val(d, s, i)))
                continue;
            if (d->partial && d->partial[s * d->n_cat + i])
                draw_hollow_marker(cr, chart_cat_cx(&c, &L, i), chart_cat_y(&L, val(d, s, i)), r, col);
            else
                chart_draw_marker(cr, chart_cat_cx(&c, &L, i), chart_cat_y(&L, val(d, s, i)), r, col);
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
        } else if (!chart_values_fit(&c, d->values, d->n_cat, L.slot - 2, 0)) {
            break;
        }
        for (size_t i = first; i < d->n_cat; i++) {
            double v = val(d, s, i);
            if (!isfinite(v))
                continue;
            chart_fmt_value(&c, v, buf, sizeof buf);
            text_style st = style(&c, SZ_SMALL, 0, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, 1);
            double lw = chart_natural_width(&c, buf, &st) + TEXT_SLACK;
            if (lw > L.slot - 2)
                continue;
            double py = chart_cat_y(&L, v), cx = chart_cat_cx(&c, &L, i);
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

