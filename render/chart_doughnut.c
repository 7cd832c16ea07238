#include "chart_internal.h"

#include <stdlib.h>

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
    size_t *ord = chart_order_by_series(d, 0);
    int *grouped = calloc(n, sizeof *grouped);
    double *keys = calloc(n, sizeof *keys);
    if (!sl || !ord || !grouped || !keys) {
        free(sl), free(ord), free(grouped), free(keys);
        return -1;
    }
    if (group) {
        for (size_t i = 0; i < n; i++)
            keys[i] = isfinite(val(d, 0, i)) && val(d, 0, i) > 0 ? val(d, 0, i) : NAN;
        size_t *rank = chart_order_make(n, keys, 1);
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
        chart_fmt_value(&c, sl[k].v, vals[k], sizeof vals[k]);
        if (isfinite(sl[k].v) && total > 0)
            numfmt_percent(pcts[k], sizeof pcts[k], sl[k].v / total * 100, 1, &c.nf);
        else
            pcts[k][0] = '\0';
        vw = fmax(vw, chart_natural_width(&c, vals[k], &sv) + TEXT_SLACK);
        pw = fmax(pw, chart_natural_width(&c, pcts[k], &sp) + TEXT_SLACK);
        nat = fmax(nat, chart_natural_width(&c, sl[k].label, &sl_st) + TEXT_SLACK);
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
            double tw = chart_natural_width(&c, p, &st) + TEXT_SLACK, rm = (R + r) / 2, am = (a0 + a1) / 2;
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
        chart_fmt_value(&c, total, buf, sizeof buf);
        text_style st = style(&c, SZ_TITLE, 1, GREY_TEXT, TEXT_CENTRE, TEXT_TOP, 1);
        text_style sw = style(&c, SZ_SMALL, 0, GREY_MUTED, TEXT_CENTRE, TEXT_TOP, 1);
        double bw = r * 1.5, th = text_line_height(cr, &st);
        if (chart_natural_width(&c, buf, &st) + TEXT_SLACK <= bw && th + c.lh_small <= r * 1.4) {
            double top = cy - (th + c.lh_small) / 2;
            text_draw(cr, buf, cx - bw / 2, top, bw, th, &st);
            text_draw(cr, word(&c, "Total", "Total", "\xd8\xa7\xd9\x84\xd9\x85\xd8\xac\xd9\x85\xd9\x88\xd8\xb9"),
                      cx - bw / 2, top + th, bw, c.lh_small, &sw);
        }
    }
    free(sl);
    return 0;
}

