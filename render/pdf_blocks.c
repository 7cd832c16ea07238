#include "pdf_blocks.h"
#include "chart.h"
#include "disagreement.h"
#include "lib/util.h"
#include "numfmt.h"
#include "palette.h"
#include "report_text.h"
#include "table_model.h"
#include "when.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sget(const cJSON *o, const char *k, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : dflt;
}

static char *expand(const pdf_ctx *x, const cJSON *i18n)
{
    return template_expand(template_text(i18n, x->lang), x->territory, x->period ? x->period : "", x->s->code);
}

const cJSON *pdf_table_spec(const pdf_ctx *x, const char *id)
{
    const cJSON *sh;
    cJSON_ArrayForEach(sh, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(x->report, "workbook"), "sheets"))
        if (!strcmp(sget(sh, "id", ""), id))
            return sh;
    return NULL;
}

int pdf_when(const pdf_ctx *x, const cJSON *item)
{
    return report_when(item, x->s, x->cat, x->t, x->lang, x->period);
}

/* ---- title and tiles ------------------------------------------------------ */

static void block_title(pdf_ctx *x)
{
    pdf_doc *d = x->d;
    double w = pdf_width(d);
    text_style st = pdf_style(d, 20, 1), sub_st = pdf_style(d, 12, 0);
    sub_st.colour = palette_grey(GREY_MUTED);
    double h1 = text_line_height(d->cr, &st), h2 = text_line_height(d->cr, &sub_st);
    pdf_need(d, h1 + h2 + 24);
    pdf_tag_begin(d, "H1");
    text_extent e = text_draw(d->cr, x->territory, d->left, d->y, w, h1, &st);
    pdf_tag_end(d, "H1");
    d->y += e.h + 2;
    char *sub = expand(x, cJSON_GetObjectItemCaseSensitive(x->report, "subject"));
    pdf_tag_begin(d, "P");
    e = text_draw(d->cr, sub, d->left, d->y, w, h2, &sub_st);
    pdf_tag_end(d, "P");
    free(sub);
    d->y += e.h + 5;
    palette_set(d->cr, palette_colour(4));
    cairo_rectangle(d->cr, d->rtl ? d->right - 60 : d->left, d->y, 60, 3);
    cairo_fill(d->cr);
    d->y += 14;
}

static void block_tiles(pdf_ctx *x)
{
    pdf_doc *d = x->d;
    cairo_t *cr = d->cr;
    const cJSON *head = cJSON_GetObjectItemCaseSensitive(x->report, "headline"), *h;
    /* only the indicators with a figure get a tile: no tile says "no data" */
    int n = 0;
    cJSON_ArrayForEach(h, head)
        n += slice_headline(x->s, sget(h, "indicator", "")) != NULL;
    if (n <= 0)
        return;
    text_style lab = pdf_style(d, 8.5, 0), val = pdf_style(d, 15, 1), nt = pdf_style(d, 7, 0);
    lab.colour = palette_grey(GREY_MUTED);
    lab.max_lines = 2;
    nt.max_lines = 2;
    double lh_lab = text_line_height(cr, &lab), lh_val = text_line_height(cr, &val), lh_nt = text_line_height(cr, &nt);
    double pad = 7, th = pad + 2 * lh_lab + 4 + lh_val + 4 + 2 * lh_nt + pad;
    double gap = 10, w = pdf_width(d), tw = (w - gap * (n - 1)) / n;
    pdf_need(d, th + 12);
    int i = 0;
    cJSON_ArrayForEach(h, head) {
        const char *ind = sget(h, "indicator", "");
        const slice_cell *c = slice_headline(x->s, ind);
        if (!c)
            continue;
        int ii = catalog_indicator(x->cat, ind);
        /* the first tile sits at the start side: right in Arabic */
        double tx = d->rtl ? d->right - (i + 1) * tw - i * gap : d->left + i * (tw + gap);
        /* a tile reads as one paragraph: label, figure, basis */
        pdf_tag_begin(d, "P");
        palette_set(cr, palette_grey(GREY_HEADER));
        cairo_rectangle(cr, tx, d->y, tw, th);
        cairo_fill(cr);
        palette_set(cr, palette_colour((size_t)i));
        cairo_rectangle(cr, d->rtl ? tx + tw - 3 : tx, d->y, 3, th);
        cairo_fill(cr);
        double px = tx + (d->rtl ? 6 : 9), pw = tw - 15, py = d->y + pad;
        const char *label = ii < 0 ? ind : !strcmp(x->lang, "ar") ? x->cat->ind[ii].ar : x->cat->ind[ii].fr;
        text_draw(cr, label, px, py, pw, 2 * lh_lab, &lab);
        py += 2 * lh_lab + 4;
        /* each tile its own period: the latest complete figure (slice "headlines") */
        char value[160], note[240];
        /* "≥ 8 548" for a partial sum, "hommes : 200" for one sex only */
        cell_value_text(value, sizeof value, c, ii < 0 ? "count" : unit_name(x->cat->ind[ii].unit), x->t, x->lang);
        char basis[200];
        basis_text(basis, sizeof basis, c, x->t, x->lang);
        snprintf(note, sizeof note, "%s \xc2\xb7 %s", c->period, basis);
        /* a long figure gets a smaller size, never an ellipsis */
        text_style vs = val;
        while (vs.size > 9 && text_measure(cr, value, 0, 0, &vs).w > pw)
            vs.size -= 0.5;
        text_draw(cr, value, px, py + (lh_val - text_line_height(cr, &vs)) / 2, pw, text_line_height(cr, &vs), &vs);
        py += lh_val + 4;
        nt.colour = cell_shown_partial(c) || c->flagged ? (rgba){0.75, 0.2, 0.1, 1} : palette_grey(GREY_MUTED);
        text_draw(cr, note, px, py, pw, 2 * lh_nt, &nt);
        pdf_tag_end(d, "P");
        i++;
    }
    d->y += th + 14;
}

/* ---- quality and sources -------------------------------------------------------- */

static void heading(pdf_ctx *x, const char *text)
{
    pdf_doc *d = x->d;
    text_style st = pdf_style(d, 13, 1);
    double lh = text_line_height(d->cr, &st);
    pdf_need(d, lh + 40);
    pdf_tag_begin(d, "H2");
    text_extent e = text_draw(d->cr, text, d->left, d->y, pdf_width(d), lh, &st);
    pdf_tag_end(d, "H2");
    d->y += e.h + 6;
}

/* A paragraph that flows over pages, line block by line block. */
/* Bytes of the first `max` characters of UTF-8 text, cut after a space
 * when one is near; the whole length when it is not longer. */
static size_t utf8_cut(const char *s, size_t max)
{
    size_t chars = 0, i = 0, space_b = 0, space_c = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;   /* inside a character */
        if (chars == max)
            return space_b > 0 && chars - space_c < 40 ? space_b : i;
        if (s[i] == ' ' && chars > 0)
            space_b = i, space_c = chars;
        chars++;
    }
    return i;
}

/* Appends «quote», cut after PDF_QUOTE_MAX characters with a visible
 * "[…]": Pango lays a paragraph out in time that grows faster than its
 * length (a 2 MiB quote took 42 s), and a page holds only so much.  The
 * workbook keeps the whole quote. */
#define PDF_QUOTE_MAX 600
/* Parts of one sum listed in the PDF; the rest are counted ("and 37
 * more: see the workbook"), the workbook lists them all. */
#define PDF_PARTS_SHOWN 8
static void put_quote(strbuf *sb, const char *quote)
{
    if (!*quote)
        return;
    size_t n = utf8_cut(quote, PDF_QUOTE_MAX);
    sb_puts(sb, " — «");
    sb_put(sb, quote, n);
    sb_puts(sb, quote[n] ? " […]»" : "»");
}

/* Any paragraph is bounded too (a source title is data as well): what
 * fits on a page at the smallest size, with "[…]" where it is cut. */
#define PDF_PARAGRAPH_MAX 4000

void pdf_paragraph(pdf_ctx *x, const char *text, double size, int bold, rgba colour, double indent)
{
    pdf_doc *d = x->d;
    size_t n = utf8_cut(text, PDF_PARAGRAPH_MAX);
    char *cut = NULL;
    if (text[n]) {
        cut = xmalloc(n + sizeof " […]");
        memcpy(cut, text, n);
        memcpy(cut + n, " […]", sizeof " […]");
        text = cut;
    }
    text_style st = pdf_style(d, size, bold);
    st.colour = colour;
    st.max_lines = 0;
    double w = pdf_width(d) - indent;
    double x0 = d->rtl ? d->left : d->left + indent;
    text_extent e = text_measure(d->cr, text, w, 0, &st);
    pdf_need(d, fmin(e.h, 200) + 2);
    pdf_tag_begin(d, "P");
    e = text_draw(d->cr, text, x0, d->y, w, fmin(e.h + 1, pdf_room(d)), &st);
    pdf_tag_end(d, "P");
    d->y += e.h + 3;
    free(cut);
}

static void paragraph(pdf_ctx *x, const char *text, double size, int bold, rgba colour, double indent)
{
    pdf_paragraph(x, text, size, bold, colour, indent);
}

static const char *prog_label(const pdf_ctx *x, const char *code)
{
    int i = catalog_programme(x->cat, code);
    return i < 0 ? code : !strcmp(x->lang, "ar") ? x->cat->prog[i].ar : x->cat->prog[i].fr;
}

static const char *ind_label(const pdf_ctx *x, const char *code)
{
    int i = catalog_indicator(x->cat, code);
    return i < 0 ? code : !strcmp(x->lang, "ar") ? x->cat->ind[i].ar : x->cat->ind[i].fr;
}

static const char *ind_unit(const pdf_ctx *x, const char *code)
{
    int i = catalog_indicator(x->cat, code);
    return i < 0 ? "count" : unit_name(x->cat->ind[i].unit);
}

/* Coverage of a partial cell's value: "have/of" of the derivation shown. */
static void coverage_of(const slice_cell *c, int *have, int *of)
{
    const slice_derived *d = slice_cell_derived(c, c->basis);
    *have = d ? d->have : 0;
    *of = d ? d->of : 0;
}

static void block_quality(pdf_ctx *x)
{
    pdf_doc *d = x->d;
    int ar = !strcmp(x->lang, "ar");
    rgba text = palette_grey(GREY_TEXT), muted = palette_grey(GREY_MUTED);
    heading(x, template_label(x->t, x->lang, "flags"));
    int n = 0;
    strbuf sb;
    sb_init(&sb);
    /* partial figures: one line per kind of coverage, not one per figure */
    struct coverage { const char *basis; int have, of, count; } cov[16];
    int n_cov = 0;
    for (size_t i = 0; i < x->s->n_cells; i++) {
        const slice_cell *c = &x->s->cells[i];
        if (c->flagged || !report_quality_item(x->s, x->period, c))
            continue;
        int have, of, k;
        coverage_of(c, &have, &of);
        for (k = 0; k < n_cov; k++)
            if (!strcmp(cov[k].basis, c->basis) && cov[k].have == have && cov[k].of == of)
                break;
        if (k == n_cov && n_cov < 16)
            cov[n_cov++] = (struct coverage){c->basis, have, of, 0};
        if (k < 16)
            cov[k].count++;
    }
    for (int k = 0; k < n_cov; k++) {
        sb_reset(&sb);
        if (cov[k].of > 0)
            sb_printf(&sb, ar ? "%d رقما لـ %s (%s) محتسبة من %d فقط من أصل %d: أرقام جزئية، وليست المجموع الكامل"
                              : "%d chiffres de %s (%s) calculés sur %d des %d composantes seulement : sommes partielles, pas le total",
                      cov[k].count, x->territory, x->period, cov[k].have, cov[k].of);
        else
            sb_printf(&sb, ar ? "%d رقما لـ %s (%s) مبنية على أجزاء ناقصة: أرقام جزئية"
                              : "%d chiffres de %s (%s) reposent sur des parties incomplètes : sommes partielles",
                      cov[k].count, x->territory, x->period);
        paragraph(x, sb.data, 8.5, 0, text, 0);
        n++;
    }
    /* disagreements, each with its values */
    for (size_t i = 0; i < x->s->n_cells; i++) {
        const slice_cell *c = &x->s->cells[i];
        if (!c->flagged)
            continue;
        char val[96], basis[160];
        figure_text(val, sizeof val, c->value, !strcmp(c->basis, "reported") ? c->qualifier : "exact", ind_unit(x, c->indicator), x->lang);
        basis_text(basis, sizeof basis, c, x->t, x->lang);
        sb_reset(&sb);
        sb_printf(&sb, "%s · %s · %s · %s%s%s: %s (%s)", slice_geo_name(x->s, c->geo, x->lang), c->period,
                  prog_label(x, c->programme), ind_label(x, c->indicator), *c->sex ? " · " : "",
                  *c->sex ? (!strcmp(c->sex, "female") ? (ar ? "إناث" : "femmes") : (ar ? "ذكور" : "hommes")) : "", val, basis);
        for (int k = 0; k < SLICE_N_FLAGS; k++) {
            unsigned fl = c->flags & (1u << k);
            const char *word = fl == SLICE_FLAG_DIFFERS ? (ar ? "اختلاف بين المعلن والمحتسب" : "écart entre déclaré et calculé")
                             : fl == SLICE_FLAG_PARTS_EXCEED ? (ar ? "الأجزاء تتجاوز المجموع المعلن" : "les parties dépassent le total déclaré")
                             : fl == SLICE_FLAG_CONFLICT ? (ar ? "مصادر متعارضة" : "sources discordantes")
                             : fl == SLICE_FLAG_DERIVED_DIFFER ? (ar ? "حسابات متباينة" : "calculs divergents") : NULL;
            if (word)
                sb_printf(&sb, " — %s", word);
        }
        if (c->has_difference) {
            char dv[64];
            numfmt nf = numfmt_for_lang(x->lang);
            numfmt_number(dv, sizeof dv, c->difference, 0, &nf);
            sb_printf(&sb, " (%s %s)", ar ? "الفرق" : "différence", dv);
        }
        /* the numbers that disagree: "10 548 déclaré ; 220 urbain + 8 348 rural = 8 568" */
        size_t before = sb.len;
        sb_puts(&sb, " : ");
        size_t said = sb.len;
        disagreement_text(&sb, x->s, c, x->cat, x->t, x->lang, PDF_PARTS_SHOWN);
        if (sb.len == said) {
            sb.len = before;
            sb.data[before] = '\0';
        }
        paragraph(x, sb.data, 8.5, 0, text, 0);
        n++;
    }
    for (size_t k = 0; k < x->s->n_failed_rules; k++) {
        const slice_rule_result *r = &x->s->failed_rules[k];
        sb_reset(&sb);
        sb_printf(&sb, "%s · %s · %s: %s (%s)", slice_geo_name(x->s, r->geo, x->lang), r->period,
                  prog_label(x, r->programme), r->rule, template_label(x->t, x->lang, "fail"));
        paragraph(x, sb.data, 8.5, 0, text, 0);
        n++;
    }
    if (!n)
        paragraph(x, template_label(x->t, x->lang, "no_data"), 8.5, 0, muted, 0);
    sb_free(&sb);
    d->y += 8;
}

static void block_sources(pdf_ctx *x)
{
    pdf_doc *d = x->d;
    rgba text = palette_grey(GREY_TEXT), muted = palette_grey(GREY_MUTED);
    heading(x, template_label(x->t, x->lang, "source"));
    strbuf sb;
    sb_init(&sb);
    for (size_t si = 0; si < x->s->n_sources; si++) {
        const slice_source *src = &x->s->source_list[si];
        const char *id = src->id;
        sb_reset(&sb);
        sb_printf(&sb, "%s%s%s", src->has_title ? src->title : id, *src->published ? " — " : "", src->published);
        pdf_need(d, 40);
        paragraph(x, sb.data, 9.5, 1, text, 0);
        sb_reset(&sb);
        sb_printf(&sb, "%s: %s", template_label(x->t, x->lang, "source"), id);
        if (src->synthetic)
            sb_printf(&sb, " — %s", template_label(x->t, x->lang, "synthetic"));
        paragraph(x, sb.data, 7.5, 0, muted, 0);
        /* each figure of this source in the scope, with its quote */
        size_t shown = 0, more = 0;
        for (size_t i = 0; i < x->s->n_cells; i++) {
            const slice_cell *c = &x->s->cells[i];
            for (size_t r = 0; r < c->n_reported; r++) {
                const slice_reported *rep = &c->reported[r];
                if (strcmp(rep->source, id))
                    continue;
                if (shown >= 60) {
                    more++;
                    continue;
                }
                char val[96];
                figure_text(val, sizeof val, rep->value, rep->qualifier, ind_unit(x, c->indicator), x->lang);
                sb_reset(&sb);
                sb_printf(&sb, "%s · %s · %s · %s: %s", slice_geo_name(x->s, c->geo, x->lang), c->period,
                          prog_label(x, c->programme), ind_label(x, c->indicator), val);
                put_quote(&sb, rep->quote);
                paragraph(x, sb.data, 8, 0, text, 10);
                shown++;
            }
            /* facts about single centres that a sum of the scope rests on */
            for (size_t k = 0; k < c->n_derived; k++) {
                const slice_derived *der = &c->derived[k];
                int listed = 0, beyond = 0;   /* this sum's parts: the first PDF_PARTS_SHOWN, then a count */
                for (size_t j = 0; j < der->n_parts; j++) {
                    const slice_part *pt = &der->parts[j];
                    if (strcmp(pt->source, id))
                        continue;
                    if (listed >= PDF_PARTS_SHOWN) {
                        beyond++;
                        continue;
                    }
                    listed++;
                    if (shown >= 60) {
                        more++;
                        continue;
                    }
                    char val[96];
                    figure_text(val, sizeof val, pt->value, "exact", ind_unit(x, c->indicator), x->lang);
                    sb_reset(&sb);
                    sb_printf(&sb, "%s · %s · %s · %s · %s: %s", slice_geo_name(x->s, c->geo, x->lang), pt->facility,
                              c->period, prog_label(x, c->programme), ind_label(x, c->indicator), val);
                    put_quote(&sb, pt->quote);
                    paragraph(x, sb.data, 8, 0, text, 10);
                    shown++;
                }
                if (beyond) {
                    /* the workbook lists every part */
                    char n[24];
                    snprintf(n, sizeof n, "%d", beyond);
                    char *line = label_with_n(template_label(x->t, x->lang, "parts_more"), n);
                    paragraph(x, line, 8, 0, muted, 10);
                    free(line);
                }
            }
        }
        if (more) {
            sb_reset(&sb);
            sb_printf(&sb, "… +%zu", more);
            paragraph(x, sb.data, 8, 0, muted, 10);
        }
        d->y += 6;
    }
    sb_free(&sb);
}

/* ---- charts and tables (the shared table model) ------------------------------- */

/* The table model a chart or table block shows: its table, or with
 * "group" that table's rows summed by a key ("group": true takes the
 * table's own "group"); 1 built, 0 nothing to show, -1 error. */
static int block_model(const pdf_ctx *x, const cJSON *block, table_model *tm, char *err, size_t errlen)
{
    const char *id = sget(block, "table", "");
    const cJSON *spec = pdf_table_spec(x, id);
    if (!spec) {
        snprintf(err, errlen, "block refers to table '%s', which the workbook section does not define", id);
        return -1;
    }
    if (!pdf_when(x, spec))
        return 0;
    if (table_model_build(tm, spec, x->s, x->cat, x->t, x->lang, x->period, err, errlen) != 0)
        return -1;
    const cJSON *group = cJSON_GetObjectItemCaseSensitive(block, "group");
    if (cJSON_IsTrue(group))
        group = cJSON_GetObjectItemCaseSensitive(spec, "group");
    if (group && !cJSON_IsFalse(group)) {
        table_model gm;
        int rc = table_model_group(&gm, tm, group, err, errlen);
        table_model_free(tm);
        if (rc != 0)
            return -1;
        *tm = gm;
    }
    return 1;
}

static int block_table_or_chart(pdf_ctx *x, const cJSON *block, int chart, char *err, size_t errlen)
{
    table_model tm;
    int built = block_model(x, block, &tm, err, errlen);
    if (built <= 0)
        return built;
    const cJSON *spec = pdf_table_spec(x, sget(block, "table", ""));
    int rc = 0;
    if (tm.n_rows > 0) {
        /* a table of latest figures: {period} is the period they share, or
         * "latest figures" when each row has its own (in the row) */
        const cJSON *cj = cJSON_GetObjectItemCaseSensitive(block, "column");
        const char *shared = !tm.latest ? NULL : chart && cJSON_IsNumber(cj) ? tm_col_period(&tm, (size_t)cj->valueint)
                                                                         : tm.common_period;
        const char *per = !tm.latest ? x->period : shared ? shared : template_label(x->t, x->lang, "latest_figures");
        char *title = template_expand(template_text(cJSON_GetObjectItemCaseSensitive(chart ? block : spec, "title"), x->lang),
                                      x->territory, per ? per : "", x->s->code);
        rc = chart ? pdf_draw_chart(x, block, &tm, title, err, errlen)
                   : pdf_draw_table(x, &tm, title, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(block, "transpose")), err, errlen);
        free(title);
    }
    table_model_free(&tm);
    return rc;
}

int pdf_block_has_content(const pdf_ctx *x, const cJSON *block)
{
    if (!pdf_when(x, block))
        return 0;
    const char *type = sget(block, "type", "");
    if (!strcmp(type, "figures"))
        return pdf_listing_count(x) > 0;
    if (strcmp(type, "chart") && strcmp(type, "table"))
        return 1;
    table_model tm;
    char err[256];
    int built = block_model(x, block, &tm, err, sizeof err);
    if (built < 0)
        return 1;   /* a bad reference is reported when drawn */
    if (built == 0)
        return 0;
    int rows = tm.n_rows > 0;
    table_model_free(&tm);
    return rows;
}

static void block_listing(pdf_ctx *x)
{
    pdf_block_listing(x);
}

int pdf_block(pdf_ctx *x, const cJSON *block, char *err, size_t errlen)
{
    if (!pdf_when(x, block))
        return 0;
    const char *type = sget(block, "type", "");
    if (!strcmp(type, "title")) block_title(x);
    else if (!strcmp(type, "tiles")) block_tiles(x);
    else if (!strcmp(type, "quality")) block_quality(x);
    else if (!strcmp(type, "sources")) block_sources(x);
    else if (!strcmp(type, "figures")) block_listing(x);
    else if (!strcmp(type, "chart")) return block_table_or_chart(x, block, 1, err, errlen);
    else if (!strcmp(type, "table")) return block_table_or_chart(x, block, 0, err, errlen);
    else {
        snprintf(err, errlen, "unknown PDF block type '%s' (expected title, tiles, chart, table, figures, quality or sources)", type);
        return -1;
    }
    return 0;
}
