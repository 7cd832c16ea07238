/* Charts and tables of the PDF report, from the shared table model: the
 * same rows and numbers as the workbook, drawn with chart.h. */
#include <errno.h>
#include <string.h>

#include "chart.h"
#include "table_draw.h"
#include "chart_png.h"
#include "lib/util.h"
#include "numfmt.h"
#include "palette.h"
#include "pdf_blocks.h"
#include "report_model.h"
#include "report_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sget(const cJSON *o, const char *k, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : dflt;
}

#define MAX_SERIES 8   /* the palette's colours */

typedef struct {
    chart_kind kind;
    const chart_data *data;
} png_job;

static void draw_png(cairo_t *cr, double w, double h, const void *arg)
{
    const png_job *j = arg;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_draw(cr, j->kind, 8, 8, w - 16, h - 16, j->data);
}

static int parse_kind(const char *name, chart_kind *k)
{
    static const struct { const char *name; chart_kind kind; } kinds[] = {
        {"hbar", CHART_BAR_HORIZONTAL}, {"bar", CHART_BAR_HORIZONTAL}, {"vbar", CHART_BAR_VERTICAL},
        {"column", CHART_BAR_VERTICAL}, {"grouped", CHART_BAR_GROUPED}, {"stacked", CHART_BAR_STACKED},
        {"doughnut", CHART_DOUGHNUT}, {"line", CHART_LINE}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(name, kinds[i].name)) {
            *k = kinds[i].kind;
            return 0;
        }
    return -1;
}

/* A chart's alternative text: its title, then every figure it shows with
 * its category (and series), written as the chart's labels write them:
 * "Bénéficiaires par programme. Jardins d'enfants : 1 175 ; …". */
static char *chart_alt_text(const chart_data *cd, const char *lang)
{
    int ar = !strcmp(lang, "ar");
    const char *colon = ar ? ": " : " : ", *sep = ar ? "\xd8\x9b " : " ; ";   /* Arabic semicolon */
    numfmt nf = numfmt_for_lang(lang);
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s.", cd->title ? cd->title : "");
    for (size_t s = 0; s < cd->n_series; s++) {
        /* several series: each by its name, then its figures */
        if (cd->n_series > 1)
            sb_printf(&sb, " %s \xe2\x80\x94", cd->series_names[s]);
        int first = 1;
        for (size_t c = 0; c < cd->n_cat; c++) {
            double v = cd->values[s * cd->n_cat + c];
            if (isnan(v))
                continue;   /* no figure, no bar */
            char num[96];
            if (cd->percent)
                numfmt_percent(num, sizeof num, v, cd->decimals, &nf);
            else
                numfmt_number(num, sizeof num, v, cd->decimals, &nf);
            sb_printf(&sb, "%s%s%s%s%s%s", first ? " " : sep, cd->categories[c], colon, num,
                      cd->unit_suffix ? " " : "", cd->unit_suffix ? cd->unit_suffix : "");
            first = 0;
        }
        sb_putc(&sb, '.');
    }
    if (cd->note)
        sb_printf(&sb, " %s", cd->note);
    return sb.data;   /* the caller frees */
}

int pdf_draw_chart(pdf_ctx *x, const cJSON *block, const table_model *tm, const char *title, char *err, size_t errlen)
{
    pdf_doc *d = x->d;
    chart_kind kind;
    if (parse_kind(sget(block, "chart", ""), &kind) != 0) {
        snprintf(err, errlen, "unknown chart '%s' (expected hbar, vbar, grouped, stacked, doughnut or line)",
                 sget(block, "chart", ""));
        return -1;
    }
    const cJSON *colj = cJSON_GetObjectItemCaseSensitive(block, "column");
    size_t col = cJSON_IsNumber(colj) && colj->valueint >= 0 ? (size_t)colj->valueint : 0;
    int multi = kind == CHART_LINE || kind == CHART_BAR_GROUPED || kind == CHART_BAR_STACKED;
    if (!multi && col >= tm->n_cols) {
        snprintf(err, errlen, "chart column %zu: the table has %zu columns", col, tm->n_cols);
        return -1;
    }
    /* shares of figures of different periods add up to nothing */
    if (kind == CHART_DOUGHNUT && tm->latest && !tm_col_period(tm, col))
        return 0;
    size_t n_cat = tm->n_rows, n_series = multi ? tm->n_cols : 1;
    /* many series make a tangle: keep the largest (by their sum); "max_series"
     * allows more (lines beyond the palette are dashed), 0 all */
    const cJSON *msj = cJSON_GetObjectItemCaseSensitive(block, "max_series");
    size_t max_series = MAX_SERIES;
    if (cJSON_IsNumber(msj) && msj->valueint >= 0)
        max_series = msj->valueint == 0 ? (size_t)-1 : (size_t)msj->valueint;
    size_t *pick = xcalloc(tm->n_cols + 1, sizeof *pick), n_all = n_series;
    for (size_t s = 0; s < n_series; s++)
        pick[s] = multi ? s : col;
    if (multi && n_series > max_series) {
        double *tot = xcalloc(n_series, sizeof *tot);
        for (size_t s = 0; s < n_series; s++)
            for (size_t r = 0; r < n_cat; r++)
                if (tm_at(tm, r, s)->present)
                    tot[s] += tm_at(tm, r, s)->value;
        for (size_t i = 0; i < max_series; i++)
            for (size_t j = i + 1; j < n_series; j++)
                if (tot[pick[j]] > tot[pick[i]]) {
                    size_t t = pick[i];
                    pick[i] = pick[j];
                    pick[j] = t;
                }
        free(tot);
        n_series = max_series;
    }
    const char **cats = xcalloc(n_cat + 1, sizeof *cats);
    char **owned = xcalloc(n_cat + 1, sizeof *owned);
    const char **names = xcalloc(n_series + 1, sizeof *names);
    double *values = xcalloc(n_cat * n_series + 1, sizeof *values);
    unsigned char *partial = xcalloc(n_cat * n_series + 1, 1);
    int any_partial = 0, any_value = 0, any_hollow = 0;
    for (size_t s = 0; s < n_series; s++) {
        size_t c = pick[s];
        names[s] = tm->cols[c].label;
        for (size_t r = 0; r < n_cat; r++) {
            const tm_value *v = tm_at(tm, r, c);
            values[s * n_cat + r] = v->present ? v->value : NAN;
            any_value |= v->present;
            if (v->present && v->partial && kind == CHART_LINE) {
                /* a trend joins like with like: a partial sum is a ring of its own */
                partial[s * n_cat + r] = 1;
                any_hollow = 1;
            }
            char who[96];
            int only = v->present && !multi ? only_part_words(who, sizeof who, v->cell, x->t, x->lang) : 0;
            if (only && !owned[r]) {
                /* a figure for one sex or one area only: "Dar Taliba (hommes)" */
                size_t len = strlen(tm->rows[r].label) + strlen(who) + 8;
                owned[r] = xmalloc(len);
                snprintf(owned[r], len, "%s (%s)%s", tm->rows[r].label, who, only == 2 ? " *" : "");
                any_partial |= only == 2;
            } else if (v->present && v->partial && !multi) {
                /* a partial figure is marked where it is drawn */
                any_partial = 1;
                if (!owned[r]) {
                    size_t len = strlen(tm->rows[r].label) + 4;
                    owned[r] = xmalloc(len);
                    snprintf(owned[r], len, "%s *", tm->rows[r].label);
                }
            }
        }
    }
    for (size_t r = 0; r < n_cat; r++) {
        const tm_value *pv = !multi ? tm_at(tm, r, col) : NULL;
        if (tm->latest && !tm_col_period(tm, col) && pv && pv->present && pv->period) {
            /* latest figures of different periods: each bar says its own,
             * first, so that a long name cut short never loses it */
            const char *base = owned[r] ? owned[r] : tm->rows[r].label;
            size_t len = strlen(base) + strlen(pv->period) + 8;
            char *l = xmalloc(len);
            snprintf(l, len, "%s \xc2\xb7 %s", pv->period, base);
            free(owned[r]);
            owned[r] = l;
        }
        if (tm->rows[r].label2 && !owned[r]) {
            /* two keys: "region · programme" */
            size_t len = strlen(tm->rows[r].label) + strlen(tm->rows[r].label2) + 8;
            owned[r] = xmalloc(len);
            snprintf(owned[r], len, "%s \xc2\xb7 %s", tm->rows[r].label, tm->rows[r].label2);
        }
        cats[r] = owned[r] ? owned[r] : tm->rows[r].label;
    }
    /* a line chart is a trend only where some series joins two complete
     * points of consecutive periods; otherwise the table says it all */
    int any_line = kind != CHART_LINE;
    for (size_t s = 0; s < n_series && !any_line; s++)
        for (size_t r = 1; r < n_cat && !any_line; r++)
            any_line = isfinite(values[s * n_cat + r]) && isfinite(values[s * n_cat + r - 1]) &&
                       !partial[s * n_cat + r] && !partial[s * n_cat + r - 1];
    if (!multi) {
        /* a bar or a slice per figure: rows without one are not drawn (the
         * table lists them) */
        size_t k = 0;
        for (size_t r = 0; r < n_cat; r++)
            if (isfinite(values[r])) {
                cats[k] = cats[r];
                values[k] = values[r];
                partial[k] = partial[r];
                k++;
            }
        n_cat = k;
    }
    int rc = 0;
    if (any_value && any_line) {
        const char *unit = multi ? tm->cols[0].unit : tm->cols[col].unit;
        char note[200] = "";
        if (any_partial)
            snprintf(note, sizeof note, "* %s", template_label(x->t, x->lang, "partial_note"));
        else if (any_hollow)
            snprintf(note, sizeof note, "%s", template_label(x->t, x->lang, "partial_points_note"));
        else if (n_all > n_series)
            snprintf(note, sizeof note, "%s (%zu / %zu)", template_label(x->t, x->lang, "largest_series"), n_series, n_all);
        chart_data cd = {
            .title = title,
            .value_axis_label = multi ? NULL : tm->cols[col].label,
            .n_cat = n_cat, .categories = cats, .n_series = n_series, .series_names = names, .values = values,
            .partial = any_hollow ? partial : NULL,
            .rtl = d->rtl, .lang = x->lang, .sort_desc = kind == CHART_BAR_HORIZONTAL || kind == CHART_DOUGHNUT,
            .show_values = 1, .decimals = !strcmp(unit, "ratio") ? 2 : !strcmp(unit, "percent") ? 1 : 0,
            .unit_suffix = !strcmp(unit, "mad") ? numfmt_currency(x->lang) : NULL,
            .percent = !strcmp(unit, "percent"),
            .note = *note ? note : NULL,
        };
        double h = kind == CHART_BAR_HORIZONTAL ? fmin(fmax(120, 70 + 24.0 * n_cat), 420)
                 : kind == CHART_DOUGHNUT ? 230 : 270;
        /* "height": points, or "fill": the rest of the page */
        const cJSON *hj = cJSON_GetObjectItemCaseSensitive(block, "height");
        int fill = cJSON_IsString(hj) && !strcmp(hj->valuestring, "fill");
        if (cJSON_IsNumber(hj) && hj->valuedouble >= 80)
            h = hj->valuedouble;
        pdf_need(d, fill ? 200 : h + 10);
        if (fill)
            h = pdf_room(d) - 14;
        char *alt = chart_alt_text(&cd, x->lang);
        pdf_figure_begin(d, alt);
        free(alt);
        if (chart_draw(d->cr, kind, d->left, d->y, pdf_width(d), h, &cd) != 0) {
            snprintf(err, errlen, "the %s chart '%s' could not be laid out", chart_kind_name(kind), title);
            rc = -1;
        }
        pdf_figure_end(d);
        d->y += h + 14;
        if (x->png_prefix && !d->counting && rc == 0) {
            /* the same chart as an image, for the email body and the web */
            char path[1024];
            snprintf(path, sizeof path, "%s-%d.png", x->png_prefix, ++x->png_count);
            png_job job = {kind, &cd};
            double pw = pdf_width(d) + 16, ph = h + 16;
            if (chart_render_png_scaled(path, (int)(pw * 2), (int)(ph * 2), 2.0, draw_png, &job) != 0) {
                /* a file error (a full disk...) is an I/O error: exit 3 */
                x->io_error = errno == EINVAL ? 0 : errno;
                snprintf(err, errlen, "%s: cannot write the chart image: %s", path, strerror(errno));
                rc = -1;
            }
        }
    }
    for (size_t r = 0; r < tm->n_rows; r++)
        free(owned[r]);
    free(owned);
    free(cats);
    free(names);
    free(values);
    free(partial);
    free(pick);
    return rc;
}

/* What the source of a reported figure said beside it, for a footnote:
 * how its period is known when not stated, the territory it was reported
 * for when another (a pre-2015 region), and the note of whoever typed it
 * in.  Appends to out; returns 1 when there is anything. */
static int said_beside(const pdf_ctx *x, const slice_cell *c, strbuf *out)
{
    if (!c || strcmp(c->basis, "reported") || !c->n_reported)
        return 0;
    const slice_reported *r0 = &c->reported[0];
    size_t start = out->len;
    const char *pb = r0->period_basis;
    if (*pb) {
        char key[64];
        snprintf(key, sizeof key, "period_basis_%s", pb);
        sb_printf(out, "%s (%s)", template_label(x->t, x->lang, key), c->period);
    }
    const char *as = r0->geo_as_reported, *rt = r0->reported_territory;
    if (*as && *rt && strcmp(rt, c->geo)) {
        sb_printf(out, "%s%s %s", out->len > start ? "; " : "", template_label(x->t, x->lang, "reported_for"), as);
        if (r0->reported_territory_provinces >= 0)
            sb_printf(out, " (%s)", template_label(x->t, x->lang, "old_region"));
    }
    const char *note = r0->note;
    if (*note)
        sb_printf(out, "%s%s", out->len > start ? "; " : "", note);
    /* the other values the sources gave for the figure, with who said
     * them and when: "aussi déclaré : plus de 10 000 (source, 2023-05)" */
    int ii = catalog_indicator(x->cat, c->indicator);
    const char *unit = ii < 0 ? "count" : unit_name(x->cat->ind[ii].unit);
    int ar = !strcmp(x->lang, "ar");
    for (size_t i = 1; i < c->n_reported; i++) {
        const slice_reported *ri = &c->reported[i];
        char val[96];
        figure_text(val, sizeof val, isnan(ri->value) ? 0 : ri->value, ri->qualifier, unit, x->lang);
        const char *when = report_source_when(x->s, ri->source);
        sb_printf(out, "%s%s%s%s (%s%s%s)", out->len > start ? "; " : "", template_label(x->t, x->lang, "also_reported_note"),
                  ar ? ": " : " : ", val, report_source_who(x->s, ri->source), *when ? ", " : "", when);
    }
    return out->len > start;
}

/* A table's footnotes: what the sources said beside its figures, each
 * text once (figures that share it share its number). */
typedef struct {
    char **text;
    int n;
} footnotes;

/* A value as the table prints it: qualifier words, "≥" before a partial
 * sum (a lower bound, never the whole), and [n], the number of its
 * footnote, where its source said more (said_beside). */
static char *cell_text(const pdf_ctx *x, const tm_value *v, const char *unit, footnotes *fn, const char *row_period)
{
    char buf[128];
    if (!v->present)
        return xstrdup("");
    const char *q = v->partial ? "exact" : v->qualifier ? v->qualifier : "exact";
    figure_text(buf, sizeof buf, v->value, q, unit, x->lang);
    char who[96];   /* a figure for one sex or one area only: "hommes : 200" */
    int only = only_part_words(who, sizeof who, v->cell, x->t, x->lang);
    /* a partial sum's coverage (1/12), a period other than the row's */
    int cov = v->partial && v->of > 0 && (!v->cell || cell_shown_partial(v->cell)), other = row_period && v->period && strcmp(v->period, row_period);
    if (cov || other) {
        char b2[200], c2[32] = "";
        if (cov)
            snprintf(c2, sizeof c2, "%d/%d", v->have, v->of);
        const char *comma = !strcmp(x->lang, "ar") ? "\xd8\x8c " : ", ";   /* Arabic comma */
        snprintf(b2, sizeof b2, "%s (%s%s%s)", buf, c2, cov && other ? comma : "", other ? v->period : "");
        memcpy(buf, b2, sizeof buf - 1);
        buf[sizeof buf - 1] = '\0';
    }
    strbuf said;
    sb_init(&said);
    if (fn && said_beside(x, v->cell, &said)) {
        int k = 0;
        while (k < fn->n && strcmp(fn->text[k], said.data))
            k++;
        if (k == fn->n) {
            fn->text = xrealloc(fn->text, (size_t)(fn->n + 1) * sizeof *fn->text);
            fn->text[fn->n++] = xstrdup(said.data);
        }
        char b2[160];
        snprintf(b2, sizeof b2, "%s [%d]", buf, k + 1);
        memcpy(buf, b2, sizeof buf - 1);
        buf[sizeof buf - 1] = '\0';
    }
    sb_free(&said);
    if (only) {
        char b2[260];
        snprintf(b2, sizeof b2, "%s%s%s%s", who, template_label(x->t, x->lang, "only_part_separator"),
                 only == 2 ? "\xe2\x89\xa5 " : "", buf);
        return xstrdup(b2);
    }
    if (v->partial) {
        char b2[140];
        snprintf(b2, sizeof b2, "\xe2\x89\xa5 %s", buf);
        return xstrdup(b2);
    }
    return xstrdup(buf);
}

/* More figure columns than this and a table of latest figures is drawn one
 * line per figure (draw_long_table), and a trend is
 * not turned so that its periods become more columns than that. */
#define WIDE_TABLE_COLS 6

/* The table with rows and columns swapped (a trend with many programmes
 * reads better with programmes as rows and the few periods as columns). */
static table_model transposed(const pdf_ctx *x, const table_model *tm)
{
    table_model t = {0};
    t.row_header = xstrdup(template_label(x->t, x->lang, "programme"));
    t.n_rows = tm->n_cols;
    t.n_cols = tm->n_rows;
    t.rows = xcalloc(t.n_rows + 1, sizeof *t.rows);
    t.cols = xcalloc(t.n_cols + 1, sizeof *t.cols);
    t.values = xcalloc(t.n_rows * t.n_cols + 1, sizeof *t.values);
    for (size_t r = 0; r < t.n_rows; r++) {
        t.rows[r].label = xstrdup(tm->cols[r].label);
        t.rows[r].code = xstrdup(tm->cols[r].code);
    }
    for (size_t c = 0; c < t.n_cols; c++) {
        t.cols[c].label = xstrdup(tm->rows[c].label);
        t.cols[c].code = xstrdup(tm->rows[c].code);
        t.cols[c].sex = xstrdup("");
        t.cols[c].unit = tm->cols[0].unit;
    }
    for (size_t r = 0; r < t.n_rows; r++)
        for (size_t c = 0; c < t.n_cols; c++)
            t.values[r * t.n_cols + c] = *tm_at(tm, c, r);
    t.sum = xcalloc(t.n_cols + 1, sizeof *t.sum);
    t.own_total = xcalloc(t.n_cols + 1, sizeof *t.own_total);
    return t;
}

static int draw_table(pdf_ctx *x, const table_model *tm, const char *title);

void pdf_table_flow(pdf_ctx *x, const char *title, const table_spec *ts)
{
    pdf_doc *d = x->d;
    /* title, then the table over as many pages as it needs */
    text_style st = pdf_style(d, 11, 1);
    st.max_lines = 2;
    double lh = text_line_height(d->cr, &st);
    pdf_need(d, 2 * lh + 60);
    pdf_tag_begin(d, "H2");
    text_extent e = text_draw(d->cr, title, d->left, d->y, pdf_width(d), 2 * lh, &st);
    pdf_tag_end(d, "H2");
    d->y += e.h + 6;
    size_t row = 0;
    while (row < ts->n_rows) {
        table_result tr = table_draw(d->cr, d->left, d->y, pdf_width(d), pdf_room(d), ts, row);
        if (tr.next_row == row) {
            if (d->y <= d->top + 30)
                break;   /* not even one row fits an empty page: give up rather than loop */
            pdf_new_page(d);
            continue;
        }
        d->y += tr.height + 4;
        row = tr.next_row;
        if (row < ts->n_rows)
            pdf_new_page(d);
    }
}

int pdf_draw_table(pdf_ctx *x, const table_model *tm, const char *title, int transpose, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    if (!transpose || tm->n_rows > WIDE_TABLE_COLS)
        return draw_table(x, tm, title);   /* many periods: they stay rows */
    table_model t = transposed(x, tm);
    int rc = draw_table(x, &t, title);
    table_model_free(&t);
    return rc;
}

/* Under a table: the sign of a partial sum explained, then what the
 * sources said beside its figures (footnotes); frees them. */
static void table_notes(pdf_ctx *x, int any_partial, footnotes *fn)
{
    pdf_doc *d = x->d;
    if (any_partial) {
        text_style ns = pdf_style(d, 7, 0);
        ns.colour = palette_grey(GREY_MUTED);
        ns.max_lines = 2;
        char note[200];
        snprintf(note, sizeof note, "\xe2\x89\xa5 %s", template_label(x->t, x->lang, "partial_note"));
        double nh = 2 * text_line_height(d->cr, &ns);
        pdf_need(d, nh);
        pdf_tag_begin(d, "P");
        text_extent ne = text_draw(d->cr, note, d->left, d->y, pdf_width(d), nh, &ns);
        pdf_tag_end(d, "P");
        d->y += ne.h;
    }
    /* what the sources said beside the figures: under the table */
    for (int k = 0; k < fn->n; k++) {
        strbuf line;
        sb_init(&line);
        sb_printf(&line, "[%d] %s", k + 1, fn->text[k]);
        pdf_paragraph(x, line.data, 7, 0, palette_grey(GREY_MUTED), 0);
        sb_free(&line);
        free(fn->text[k]);
    }
    free(fn->text);
    d->y += 14;
}

/* A table of latest figures with more columns than a page holds (the
 * support programmes: ten indicators): one line per figure, the row's
 * name, the figure's period, its column and its value, so that no name is
 * broken letter by letter. */
static void draw_long_table(pdf_ctx *x, const table_model *tm, const char *title, const size_t *vis, size_t nv)
{
    enum { K_ROW, K_PERIOD, K_COL, K_VALUE, K_N };
    size_t n = 0, cap = (tm->n_rows + 1) * nv + 1;
    char **cells = xcalloc(cap * K_N, sizeof *cells);
    footnotes fn = {0};
    int any_partial = 0;
    for (size_t r = 0; r <= tm->n_rows; r++) {
        int own = r == tm->n_rows;
        if (own && !tm->totals)
            break;
        int first = 1;
        for (size_t k = 0; k < nv; k++) {
            const tm_value *v = own ? &tm->own_total[vis[k]] : tm_at(tm, r, vis[k]);
            if (!v->present)
                continue;
            any_partial |= v->partial && (!v->cell || cell_shown_partial(v->cell));
            char **row = &cells[n++ * K_N];
            row[K_ROW] = xstrdup(!first ? "" : own ? template_label(x->t, x->lang, "total") : tm->rows[r].label);
            row[K_PERIOD] = xstrdup(v->period ? v->period : "");
            row[K_COL] = xstrdup(tm->cols[vis[k]].label);
            row[K_VALUE] = cell_text(x, v, tm->cols[vis[k]].unit, &fn, v->period);
            first = 0;
        }
    }
    const char *header[K_N] = {tm->row_header, template_label(x->t, x->lang, "period"),
                               template_label(x->t, x->lang, "indicator"), template_label(x->t, x->lang, "value")};
    text_align align[K_N] = {TEXT_START, TEXT_NUMBER, TEXT_START, TEXT_NUMBER};
    table_spec ts = {.n_cols = K_N, .n_rows = n, .header = header, .cells = (const char *const *)cells,
                     .align = align, .rtl = x->d->rtl, .zebra = 1, .font_size = 8};
    pdf_table_flow(x, title, &ts);
    table_notes(x, any_partial, &fn);
    for (size_t i = 0; i < n * K_N; i++)
        free(cells[i]);
    free(cells);
}

static int draw_table(pdf_ctx *x, const table_model *tm, const char *title)
{
    pdf_doc *d = x->d;
    /* the columns shown: all, or those with a value when the spec says so */
    size_t *vis = xcalloc(tm->n_cols + 1, sizeof *vis), nv = 0;
    for (size_t c = 0; c < tm->n_cols; c++)
        if (!(tm->hide_empty_columns && tm->cols[c].empty))
            vis[nv++] = c;
    if (tm->latest && nv > WIDE_TABLE_COLS && !tm->row_header2) {
        draw_long_table(x, tm, title, vis, nv);
        free(vis);
        return 0;
    }
    size_t nk = tm->row_header2 ? 2 : 1;   /* key columns */
    size_t np = tm->latest ? 1 : 0;         /* the row's period, after the keys */
    size_t nc = nv + nk + np;
    /* rows, then the totals: the sum of the rows and the cube's own total */
    int has_own = 0, has_sum = 0, differ = 0;
    for (size_t c = 0; c < tm->n_cols && tm->totals; c++) {
        has_own |= tm->own_total[c].present;
        has_sum |= tm->sum[c].present;
        if (tm->sum[c].present && tm->own_total[c].present && fabs(tm->sum[c].value - tm->own_total[c].value) > 1e-9)
            differ = 1;
    }
    /* the totals' period: the one most of the cube's own totals share */
    const char *own_period = NULL, *sum_period = NULL;
    if (tm->latest && tm->totals) {
        own_period = tm->own_period;
        sum_period = tm->sum_period;
        /* a sum and a total of different periods are not a disagreement */
        differ = 0;
        for (size_t c = 0; c < tm->n_cols; c++)
            if (tm->sum[c].present && tm->own_total[c].present && tm->sum[c].period && tm->own_total[c].period &&
                !strcmp(tm->sum[c].period, tm->own_total[c].period) && fabs(tm->sum[c].value - tm->own_total[c].value) > 1e-9)
                differ = 1;
    }
    int show_sum = tm->totals && has_sum && (!has_own || differ);
    int show_own = tm->totals && has_own;
    size_t nr = tm->n_rows + (size_t)show_sum + (size_t)show_own;
    const char **header = xcalloc(nc, sizeof *header);
    char **cells = xcalloc(nr * nc + 1, sizeof *cells);
    text_align *align = xcalloc(nc, sizeof *align);
    header[0] = tm->row_header;
    align[0] = TEXT_START;
    if (nk > 1) {
        header[1] = tm->row_header2;
        align[1] = TEXT_START;
    }
    if (np) {
        header[nk] = template_label(x->t, x->lang, "period");
        align[nk] = TEXT_NUMBER;   /* a period is never broken: "2011/2012" */
    }
    for (size_t k = 0; k < nv; k++) {
        header[k + nk + np] = tm->cols[vis[k]].label;
        align[k + nk + np] = TEXT_NUMBER;   /* figures line up on the right in both languages */
    }
    int any_partial = 0;
    footnotes fn = {0};
    for (size_t r = 0; r < tm->n_rows; r++) {
        cells[r * nc] = xstrdup(tm->rows[r].label);
        if (nk > 1)
            cells[r * nc + 1] = xstrdup(tm->rows[r].label2);
        if (np)
            cells[r * nc + nk] = xstrdup(tm->rows[r].period ? tm->rows[r].period : "");
        for (size_t k = 0; k < nv; k++) {
            const tm_value *v = tm_at(tm, r, vis[k]);
            any_partial |= v->present && v->partial && (!v->cell || cell_shown_partial(v->cell));
            cells[r * nc + k + nk + np] = cell_text(x, v, tm->cols[vis[k]].unit, &fn, tm->rows[r].period);
        }
    }
    size_t r = tm->n_rows;
    if (show_sum) {
        cells[r * nc] = xstrdup(template_label(x->t, x->lang, has_own ? "sum_of_rows" : "total"));
        if (np)
            cells[r * nc + nk] = xstrdup(sum_period ? sum_period : "");
        for (size_t k = 0; k < nv; k++)
            cells[r * nc + k + nk + np] = cell_text(x, &tm->sum[vis[k]], tm->cols[vis[k]].unit, NULL, sum_period);
        r++;
    }
    if (show_own) {
        cells[r * nc] = xstrdup(template_label(x->t, x->lang, "total"));
        if (np)
            cells[r * nc + nk] = xstrdup(own_period ? own_period : "");
        for (size_t k = 0; k < nv; k++) {
            any_partial |= tm->own_total[vis[k]].present && tm->own_total[vis[k]].partial;
            cells[r * nc + k + nk + np] = cell_text(x, &tm->own_total[vis[k]], tm->cols[vis[k]].unit, &fn, own_period);
        }
    }
    table_spec ts = {.n_cols = nc, .n_rows = nr, .header = header, .cells = (const char *const *)cells,
                     .align = align, .rtl = d->rtl, .zebra = 1, .totals_row = show_own || show_sum, .font_size = 8};
    pdf_table_flow(x, title, &ts);
    table_notes(x, any_partial, &fn);
    for (size_t i = 0; i < nr * nc; i++)
        free(cells[i]);
    free(cells);
    free(header);
    free(align);
    free(vis);
    return 0;
}
