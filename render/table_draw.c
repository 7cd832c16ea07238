/* Tables drawn on any cairo_t, paged by the caller (table_draw.h). */
#include "table_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "palette.h"
#include "text.h"

#define CELL_PAD_X 5.0
#define CELL_PAD_Y 3.0
#define CELL_LINES 4

static const char *cell(const table_spec *t, size_t r, size_t col)
{
    const char *s = t->cells[r * t->n_cols + col];
    return s ? s : "";
}

static text_align col_align(const table_spec *t, size_t col)
{
    return t->align ? t->align[col] : col == 0 ? TEXT_START : TEXT_NUMBER;
}

static int is_total(const table_spec *t, size_t r)
{
    return t->totals_row && r + 1 == t->n_rows;
}

/* Widest word of s: the narrowest a column can be without breaking words. */
static double longest_word(cairo_t *cr, const char *s, const text_style *st)
{
    double best = 0;
    char wordbuf[256];
    while (*s) {
        size_t n = strcspn(s, " ");
        size_t m = n < sizeof wordbuf - 1 ? n : sizeof wordbuf - 1;
        memcpy(wordbuf, s, m);
        wordbuf[m] = '\0';
        if (m)
            best = fmax(best, text_measure(cr, wordbuf, 0, 0, st).w);
        s += n;
        while (*s == ' ')
            s++;
    }
    return best;
}

static double row_height(cairo_t *cr, const table_spec *t, const double *cw, size_t r, int header,
                         text_style st)
{
    double hmax = text_line_height(cr, &st);
    st.max_lines = CELL_LINES;
    for (size_t j = 0; j < t->n_cols; j++) {
        const char *s = header ? (t->header[j] ? t->header[j] : "") : cell(t, r, j);
        if (s[0])
            hmax = fmax(hmax, text_measure(cr, s, cw[j] - 2 * CELL_PAD_X, 0, &st).h);
    }
    return hmax + 2 * CELL_PAD_Y;
}

/* Cells of a row (or the header), column 0 at the start edge. */
static void draw_row(cairo_t *cr, const table_spec *t, const double *cw, double x, double y, double w, double rh,
                     size_t r, int header, text_style st)
{
    double off = 0;
    st.max_lines = CELL_LINES;
    st.valign = header ? TEXT_BOTTOM : TEXT_MIDDLE;
    /* structure tags for a tagged PDF (ignored on images): a row of header
     * or data cells, in logical order whatever the direction */
    const char *cell_tag = header ? "TH" : "TD";
    cairo_tag_begin(cr, "TR", NULL);
    for (size_t j = 0; j < t->n_cols; j++) {
        const char *s = header ? (t->header[j] ? t->header[j] : "") : cell(t, r, j);
        double cx = t->rtl ? x + w - off - cw[j] : x + off;
        st.align = col_align(t, j);
        cairo_tag_begin(cr, cell_tag, NULL);
        text_draw(cr, s, cx + CELL_PAD_X, y + CELL_PAD_Y, cw[j] - 2 * CELL_PAD_X, rh - 2 * CELL_PAD_Y, &st);
        cairo_tag_end(cr, cell_tag);
        off += cw[j];
    }
    cairo_tag_end(cr, "TR");
}

/* Column widths from the content of all rows, so that every page of a
 * table looks the same.  Natural widths when they fit (spare width to the
 * text columns); else down to the longest word of each column; else down
 * to a hard minimum where text and headers break inside words but a
 * figure never does (columns not TEXT_START keep their widest figure).
 * nat, soft and hard are scratch arrays of n_cols. */
#define TEXT_COL_MIN 24.0

static void column_widths(cairo_t *cr, const table_spec *t, double w, const text_style *body,
                          const text_style *bold, double *nat, double *soft, double *hard, double *cw)
{
    size_t nc = t->n_cols, n_text = 0;
    double sum_nat = 0, sum_soft = 0, sum_hard = 0;
    for (size_t j = 0; j < nc; j++) {
        int figures = col_align(t, j) != TEXT_START;
        n_text += !figures;
        for (size_t r = 0; r <= t->n_rows; r++) {
            int head = r == t->n_rows;
            if (head && !t->header)
                continue;
            const char *s = head ? (t->header[j] ? t->header[j] : "") : cell(t, r, j);
            const text_style *st = head || is_total(t, r) ? bold : body;
            double n = text_measure(cr, s, 0, 0, st).w;
            nat[j] = fmax(nat[j], n);
            soft[j] = fmax(soft[j], figures && !head ? n : longest_word(cr, s, st));
            if (figures && !head)
                hard[j] = fmax(hard[j], n);
        }
        double pad = 2 * CELL_PAD_X + TEXT_SLACK;
        nat[j] += pad;
        soft[j] += pad;
        hard[j] = figures ? hard[j] + pad : fmin(soft[j], TEXT_COL_MIN);
        sum_nat += nat[j], sum_soft += soft[j], sum_hard += hard[j];
    }
    for (size_t j = 0; j < nc; j++) {
        int text = col_align(t, j) == TEXT_START;
        if (sum_nat <= w)
            cw[j] = nat[j] + (n_text ? (text ? (w - sum_nat) / (double)n_text : 0) : (w - sum_nat) / (double)nc);
        else if (sum_soft <= w)
            cw[j] = soft[j] + (w - sum_soft) * (nat[j] - soft[j]) / (sum_nat - sum_soft);
        else if (sum_hard <= w)
            cw[j] = hard[j] + (w - sum_hard) * (soft[j] - hard[j]) / (sum_soft - sum_hard);
        else
            cw[j] = w * hard[j] / sum_hard;   /* too narrow even for the figures */
    }
}

table_result table_draw(cairo_t *cr, double x, double y, double w, double h, const table_spec *t,
                        size_t first_row)
{
    table_result res = {0, first_row};
    if (!t || t->n_cols == 0 || (!t->cells && t->n_rows > 0) || first_row > t->n_rows || w <= 0)
        return res;
    size_t nc = t->n_cols;
    double fs = t->font_size > 0 ? t->font_size : 8;
    text_style body = text_style_make(fs, 0, t->rtl), bold = text_style_make(fs, 1, t->rtl);
    double *nat = calloc(nc, sizeof *nat), *minw = calloc(nc, sizeof *minw), *cw = calloc(nc, sizeof *cw);
    double *hardw = calloc(nc, sizeof *hardw);
    if (!nat || !minw || !cw || !hardw) {
        free(nat), free(minw), free(cw), free(hardw);
        return res;
    }

    column_widths(cr, t, w, &body, &bold, nat, minw, hardw, cw);

    double head_h = t->header ? row_height(cr, t, cw, 0, 1, bold) : 0;
    double used = head_h + 1;   /* + the closing rule */
    size_t last = first_row;
    while (last < t->n_rows) {
        double rh = row_height(cr, t, cw, last, 0, is_total(t, last) ? bold : body);
        if (used + rh > h)
            break;
        used += rh;
        last++;
    }
    if (last == first_row && first_row < t->n_rows) {
        free(nat), free(minw), free(cw), free(hardw);
        return res;   /* not even one row: the caller turns the page */
    }

    rgba rule = palette_grey(GREY_AXIS);
    double cy = y;
    cairo_tag_begin(cr, "Table", NULL);   /* one per page the table spans */
    if (t->header) {
        palette_fill_rect(cr, x, cy, w, head_h, palette_grey(GREY_HEADER));
        draw_row(cr, t, cw, x, cy, w, head_h, 0, 1, bold);
        palette_fill_rect(cr, x, cy + head_h - 0.8, w, 0.8, rule);
        cy += head_h;
    }
    for (size_t r = first_row; r < last; r++) {
        int tot = is_total(t, r);
        text_style st = tot ? bold : body;
        double rh = row_height(cr, t, cw, r, 0, st);
        if (t->zebra && !tot && r % 2 == 1)
            palette_fill_rect(cr, x, cy, w, rh, palette_grey(GREY_ZEBRA));
        if (tot)
            palette_fill_rect(cr, x, cy, w, 0.8, rule);
        draw_row(cr, t, cw, x, cy, w, rh, r, 0, st);
        cy += rh;
    }
    palette_fill_rect(cr, x, cy, w, 1, rule);
    cairo_tag_end(cr, "Table");
    res.height = cy + 1 - y;
    res.next_row = last;
    free(nat), free(minw), free(cw), free(hardw);
    return res;
}
