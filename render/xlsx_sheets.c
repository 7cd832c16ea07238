/* The sheets of a workbook that are not tables of the model: summary
 * (headline figures), every figure of the scope, data quality (reported
 * against derived values, coverage, failed rules) and sources (each
 * reported figure with its document, date, quote, file and line). */
#include "lib/util.h"
#include "report_model.h"
#include "report_text.h"
#include "xlsx_book.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sget(const cJSON *o, const char *k, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : dflt;
}

static const char *sheet_name(const xlsx_ctx *x, const cJSON *block)
{
    return template_text(cJSON_GetObjectItemCaseSensitive(block, "name"), x->lang);
}

/* "2019-02-27" as an Excel date; 0 when it is not one. */
static int write_date(xlsx_sheet *sh, int row, int col, const char *ymd)
{
    int y, m, d;
    if (!ymd || strlen(ymd) != 10 || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    lxw_datetime dt = {.year = y, .month = m, .day = d};
    XLSX_OK(sh->x, sh, row, col, worksheet_write_datetime(sh->ws, (lxw_row_t)row, (lxw_col_t)col, &dt, sh->x->f_date));
    if (col >= 0 && col < XLSX_MAX_COLS) {
        if (col >= sh->n_cols)
            sh->n_cols = col + 1;
        if (sh->width[col] < 10.5)
            sh->width[col] = 10.5;
    }
    return 1;
}

static const char *sex_word(const xlsx_ctx *x, const char *sex)
{
    return !*sex ? "" : xlsx_label(x, sex);
}

/* A word of the labels for a code (area, item), "" for none, the code
 * itself when the labels have no word for it. */
static const char *label_word(const xlsx_ctx *x, const char *code)
{
    return !*code ? "" : xlsx_label(x, code);
}

/* What the source of the value shown (reported[0], the cube's choice) said
 * beside it: how its period is known (when not stated), the territory it
 * was reported for (when another), the other values reported for the
 * cell, and the note of whoever typed it in. */
static void what_was_said(const xlsx_ctx *x, xlsx_sheet *sh, int row, const slice_cell *c, int c_basis, int c_for,
                          int c_others, int c_note)
{
    if (!c->n_reported)
        return;
    const slice_reported *r0 = &c->reported[0];
    const char *pb = r0->period_basis;
    if (*pb) {
        char key[64];
        snprintf(key, sizeof key, "period_basis_%s", pb);
        xlsx_text(sh, row, c_basis, xlsx_label(x, key), x->f_text);
    }
    const char *as = r0->geo_as_reported, *rt = r0->reported_territory;
    if (*as && *rt && strcmp(rt, c->geo)) {
        strbuf b;
        sb_init(&b);
        sb_puts(&b, as);
        if (r0->reported_territory_provinces >= 0)
            sb_printf(&b, " (%s)", xlsx_label(x, "old_region"));
        xlsx_text(sh, row, c_for, b.data, x->f_text);
        sb_free(&b);
    }
    strbuf o;
    sb_init(&o);
    for (size_t i = 1; i < c->n_reported; i++) {
        const slice_reported *r = &c->reported[i];
        char num[64];
        figure_text(num, sizeof num, isnan(r->value) ? 0 : r->value, r->qualifier, xlsx_ind_unit(x, c->indicator), x->lang);
        /* who said it and when, as the PDF's footnote: "plus de 10 000 (Made-up Press, 2023-05)" */
        const char *when = report_source_when(x->s, r->source);
        sb_printf(&o, "%s%s (%s%s%s)", o.len ? "; " : "", num, report_source_who(x->s, r->source), *when ? ", " : "",
                  when);
    }
    if (o.len)
        xlsx_text(sh, row, c_others, o.data, x->f_text);
    sb_free(&o);
    const char *note = r0->note;
    if (*note)
        xlsx_text(sh, row, c_note, note, x->f_text);
}

/* A table laid by hand (no model): header cells, autofilter table over the rows. */
static int add_table(xlsx_ctx *x, xlsx_sheet *sh, const char *id, int hr, int last_row, const char *const *headers, int n,
                     char *err, size_t errlen)
{
    lxw_table_column *cols = xcalloc((size_t)n, sizeof *cols);
    lxw_table_column **colp = xcalloc((size_t)n + 1, sizeof *colp);
    for (int c = 0; c < n; c++) {
        cols[c].header = (char *)headers[c];
        cols[c].header_format = x->f_header;
        colp[c] = &cols[c];
        xlsx_header_width(sh, c, headers[c]);
    }
    char name[64];
    snprintf(name, sizeof name, "tbl_%s_%d", id, ++x->n_tables);
    lxw_table_options to = {.name = name, .columns = colp, .style_type = LXW_TABLE_STYLE_TYPE_LIGHT, .style_type_number = 9};
    lxw_error e = worksheet_add_table(sh->ws, (lxw_row_t)hr, 0, (lxw_row_t)last_row, (lxw_col_t)(n - 1), &to);
    free(cols);
    free(colp);
    if (e != LXW_NO_ERROR) {
        snprintf(err, errlen, "table %s: %s", name, lxw_strerror(e));
        return -1;
    }
    int *hc = xcalloc((size_t)n, sizeof *hc);
    for (int c = 0; c < n; c++)
        hc[c] = c;
    xlsx_fit_header_row(sh, hr, headers, hc, n);
    free(hc);
    return 0;
}

/* ---- summary ------------------------------------------------------------------ */

int xlsx_summary_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen)
{
    xlsx_sheet sh;
    if (xlsx_sheet_add(x, &sh, sheet_name(x, block), err, errlen) != 0)
        return -1;
    xlsx_text_free(&sh, 0, 0, x->title, x->f_title);
    xlsx_row_height(&sh, 0, 21);
    char *subject = xlsx_expand(x, cJSON_GetObjectItemCaseSensitive(x->report, "subject"));
    xlsx_text_free(&sh, 1, 0, subject, x->f_subtitle);
    free(subject);
    int row = 2;
    if (x->s->synthetic)
        xlsx_text_free(&sh, row++, 0, xlsx_label(x, "synthetic"), x->f_synthetic);
    row++;

    xlsx_text(&sh, row, 0, xlsx_label(x, "territory"), x->f_label);
    xlsx_text(&sh, row++, 1, x->territory, x->f_text);
    xlsx_text(&sh, row, 0, xlsx_label(x, "period"), x->f_label);
    xlsx_text(&sh, row++, 1, x->period ? x->period : xlsx_label(x, "no_data"), x->f_text);
    xlsx_text(&sh, row, 0, xlsx_label(x, "generated"), x->f_label);
    char date[16];
    struct tm tm;
    gmtime_r(&x->created, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    write_date(&sh, row++, 1, date);
    if (x->data_date) {
        xlsx_text(&sh, row, 0, xlsx_label(x, "data_as_of"), x->f_label);
        xlsx_text(&sh, row++, 1, x->data_date, x->f_text);
    }
    xlsx_text(&sh, row, 0, xlsx_label(x, "data_version"), x->f_label);
    xlsx_text(&sh, row++, 1, x->s->data_version, x->f_text);
    row++;

    /* the headline figures */
    xlsx_text_free(&sh, row++, 0, xlsx_label(x, "headline"), x->f_total_label);
    /* each figure with its own period: the latest complete one (slice "headlines") */
    const char *head[] = {xlsx_label(x, "indicator"), xlsx_label(x, "value"), xlsx_label(x, "period"),
                          xlsx_label(x, "basis"), xlsx_label(x, "flags")};
    int hr = row;
    for (int c = 0; c < 5; c++)
        xlsx_text(&sh, hr, c, head[c], x->f_label);
    row++;
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(x->report, "headline")) {
        const char *ind = sget(h, "indicator", "");
        const slice_cell *c = slice_headline(x->s, ind);
        if (!c)
            continue;   /* no row that says only "no data" */
        xlsx_text(&sh, row, 0, xlsx_ind_name(x, ind), x->f_text);
        xlsx_number(&sh, row, 1, c->value, xlsx_unit_of(xlsx_ind_unit(x, ind)), cell_shown_partial(c) ? XS_PARTIAL : XS_PLAIN);
        xlsx_text(&sh, row, 2, c->period, x->f_text);
        char basis[256], flags[1024];
        xlsx_basis_text(x, c, basis, sizeof basis);
        xlsx_text(&sh, row, 3, basis, x->f_text);
        flags[0] = '\0';
        if (c->flagged)
            xlsx_flags_text(x, c, flags, sizeof flags);
        const char *q = cell_shown_partial(c) ? "" : xlsx_qualifier_text(x, c->qualifier);
        strbuf sb;
        sb_init(&sb);
        sb_printf(&sb, "%s%s%s", q, *q && *flags ? "; " : "", flags);
        if (cell_shown_partial(c))
            sb_printf(&sb, "%s%s", sb.len ? "; " : "", xlsx_label(x, "partial_note"));
        xlsx_text(&sh, row, 4, sb.data, x->f_note);
        sb_free(&sb);
        row++;
    }
    xlsx_wrap_column(&sh, 4, 50);
    row++;

    /* data quality and sources, in numbers */
    const char *keys[] = {"rules_passed", "rules_failed"};
    const double counts[] = {x->s->rules_passed, x->s->rules_failed};
    for (int k = 0; k < 2; k++) {
        xlsx_text(&sh, row, 0, xlsx_label(x, keys[k]), x->f_label);
        XLSX_OK(x, &sh, row, 1, worksheet_write_number(sh.ws, (lxw_row_t)row, 1, counts[k], x->f_int));
        row++;
    }
    xlsx_text(&sh, row, 0, xlsx_label(x, "sources_count"), x->f_label);
    XLSX_OK(x, &sh, row, 1, worksheet_write_number(sh.ws, (lxw_row_t)row, 1, (double)x->s->n_sources, x->f_int));
    row++;
    sh.max_width[0] = 34;
    sh.max_width[2] = 44;
    xlsx_sheet_finish(&sh, -1, 0);
    return 0;
}

/* ---- every figure ------------------------------------------------------------------ */

int xlsx_figures_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen)
{
    xlsx_sheet sh;
    if (xlsx_sheet_add(x, &sh, sheet_name(x, block), err, errlen) != 0)
        return -1;
    int hr = xlsx_sheet_heading(&sh, x->title);
    const slice *s = x->s;
    if (!s->n_cells) {
        xlsx_text(&sh, hr, 0, xlsx_label(x, "no_data"), x->f_note);
        xlsx_sheet_finish(&sh, -1, 0);
        return 0;
    }
    int has_sex = 0, has_area = 0, has_item = 0, has_said = 0;
    for (size_t i = 0; i < s->n_cells; i++) {
        has_sex |= *s->cells[i].sex != 0;
        has_area |= *s->cells[i].area != 0;
        has_item |= *s->cells[i].item != 0;
        has_said |= s->cells[i].n_reported > 0;
    }
    enum { C_GEO, C_PERIOD, C_PROG, C_IND, C_SEX, C_AREA, C_ITEM, C_VALUE, C_BASIS, C_QUAL, C_PARTIAL, C_FLAGS,
           C_PBASIS, C_FOR, C_OTHERS, C_NOTE, C_N };
    static const char *const keys[C_N] = {"territory", "period", "programme", "indicator", "sex", "area", "item",
                                          "value", "basis", "qualifier", "partial_column", "flags",
                                          "period_basis_column", "reported_for", "also_reported", "note_column"};
    int col[C_N], n = 0;
    const char *headers[C_N];
    for (int k = 0; k < C_N; k++) {
        int show = (k != C_SEX || has_sex) && (k != C_AREA || has_area) && (k != C_ITEM || has_item) &&
                   (k < C_PBASIS || has_said);
        col[k] = show ? n : -1;
        if (show)
            headers[n++] = xlsx_label(x, keys[k]);
    }
    int row = hr + 1;
    for (size_t i = 0; i < s->n_cells; i++, row++) {
        const slice_cell *c = &s->cells[i];
        xlsx_text(&sh, row, col[C_GEO], slice_geo_name(s, c->geo, x->lang), x->f_text);
        xlsx_text(&sh, row, col[C_PERIOD], c->period, x->f_text);
        xlsx_text(&sh, row, col[C_PROG], xlsx_prog_name(x, c->programme), x->f_text);
        xlsx_text(&sh, row, col[C_IND], xlsx_ind_name(x, c->indicator), x->f_text);
        if (col[C_SEX] >= 0)
            xlsx_text(&sh, row, col[C_SEX], sex_word(x, c->sex), x->f_text);
        if (col[C_AREA] >= 0)
            xlsx_text(&sh, row, col[C_AREA], label_word(x, c->area), x->f_text);
        if (col[C_ITEM] >= 0)
            xlsx_text(&sh, row, col[C_ITEM], label_word(x, c->item), x->f_text);   /* a label, or the code */
        xlsx_number(&sh, row, col[C_VALUE], c->value, xlsx_unit_of(xlsx_ind_unit(x, c->indicator)),
                    cell_shown_partial(c) ? XS_PARTIAL : XS_PLAIN);
        char basis[256], flags[1024];
        xlsx_basis_text(x, c, basis, sizeof basis);
        xlsx_text(&sh, row, col[C_BASIS], basis, x->f_text);
        xlsx_text(&sh, row, col[C_QUAL], !strcmp(c->basis, "reported") ? xlsx_qualifier_text(x, c->qualifier) : "", x->f_text);
        xlsx_text(&sh, row, col[C_PARTIAL], cell_shown_partial(c) ? xlsx_label(x, "partial") : "", x->f_text);
        flags[0] = '\0';
        if (c->flagged)
            xlsx_flags_text(x, c, flags, sizeof flags);
        xlsx_text(&sh, row, col[C_FLAGS], flags, x->f_text);
        if (has_said)
            what_was_said(x, &sh, row, c, col[C_PBASIS], col[C_FOR], col[C_OTHERS], col[C_NOTE]);
    }
    sh.max_width[col[C_PROG]] = 40;
    if (has_said)
        sh.max_width[col[C_NOTE]] = 60;
    sh.max_width[col[C_BASIS]] = 44;
    if (add_table(x, &sh, "figures", hr, row - 1, headers, n, err, errlen) != 0)
        return -1;
    xlsx_sheet_finish(&sh, hr, 0);
    return 0;
}

/* ---- data quality ------------------------------------------------------------------- */

static int quality_cell(const xlsx_ctx *x, const slice_cell *c)
{
    if (c->flagged)
        return 1;
    if (strcmp(c->geo, x->s->code))
        return 0;
    return cell_shown_partial(c) || (c->n_reported > 0 && c->n_derived > 0);
}

static const char *rule_text(const xlsx_ctx *x, const char *id)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, x->rules)
        if (!strcmp(sget(r, "id", ""), id))
            return sget(r, x->lang, id);
    return id;
}

static const char *op_text(const char *op)
{
    static const char *const ops[][2] = {{"==", "="}, {"!=", "≠"}, {"<=", "≤"}, {">=", "≥"}, {"<", "<"}, {">", ">"}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(op, ops[i][0]))
            return ops[i][1];
    return op;
}

static void write_optional_number(xlsx_sheet *sh, int row, int col, int has, double v, xlsx_unit u)
{
    if (has)
        xlsx_number(sh, row, col, v, u, XS_PLAIN);
}

int xlsx_quality_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen)
{
    xlsx_sheet sh;
    if (xlsx_sheet_add(x, &sh, sheet_name(x, block), err, errlen) != 0)
        return -1;
    const slice *s = x->s;
    int row = xlsx_sheet_heading(&sh, x->title);

    /* validation rules: how many held, and the ones that failed */
    const char *keys[] = {"rules_passed", "rules_failed"};
    const double counts[] = {s->rules_passed, s->rules_failed};
    for (int k = 0; k < 2; k++) {
        xlsx_text(&sh, row, 0, xlsx_label(x, keys[k]), x->f_label);
        XLSX_OK(x, &sh, row, 1, worksheet_write_number(sh.ws, (lxw_row_t)row, 1, counts[k], x->f_int));
        row++;
    }
    row++;
    int n_failed = (int)s->n_failed_rules;
    if (n_failed > 0) {
        xlsx_text_free(&sh, row++, 0, xlsx_label(x, "failed_rules"), x->f_total_label);
        const char *head[] = {xlsx_label(x, "territory"), xlsx_label(x, "period"), xlsx_label(x, "programme"),
                              xlsx_label(x, "rule"), xlsx_label(x, "rule_id"), xlsx_label(x, "importance"),
                              xlsx_label(x, "left_value"), xlsx_label(x, "condition"), xlsx_label(x, "right_value"),
                              xlsx_label(x, "verdict")};
        int hr = row++;
        for (size_t k = 0; k < s->n_failed_rules; k++) {
            const slice_rule_result *r = &s->failed_rules[k];
            const char *rule = r->rule;
            xlsx_text(&sh, row, 0, slice_geo_name(s, r->geo, x->lang), x->f_text);
            xlsx_text(&sh, row, 1, r->period, x->f_text);
            xlsx_text(&sh, row, 2, xlsx_prog_name(x, r->programme), x->f_text);
            xlsx_text(&sh, row, 3, rule_text(x, rule), x->f_wrap);
            xlsx_text(&sh, row, 4, rule, x->f_text);
            xlsx_text(&sh, row, 5, r->importance, x->f_text);
            write_optional_number(&sh, row, 6, r->has_left, r->left, XU_RATIO);
            xlsx_text(&sh, row, 7, op_text(r->operator_name), x->f_text);
            write_optional_number(&sh, row, 8, r->has_right, r->right, XU_RATIO);
            xlsx_text(&sh, row, 9, xlsx_label(x, !strcmp(r->verdict, "pass") ? "pass" : "fail"), x->f_text);
            row++;
        }
        if (add_table(x, &sh, "rules", hr, row - 1, head, 10, err, errlen) != 0)
            return -1;
        row++;
    }

    /* figures to check: reported against derived, and partial figures */
    xlsx_text_free(&sh, row++, 0, xlsx_label(x, "flagged_figures"), x->f_total_label);
    const char *head[] = {xlsx_label(x, "territory"), xlsx_label(x, "period"), xlsx_label(x, "programme"),
                          xlsx_label(x, "indicator"), xlsx_label(x, "sex"), xlsx_label(x, "value"),
                          xlsx_label(x, "reported_value"), xlsx_label(x, "derived_value"), xlsx_label(x, "derivation"),
                          xlsx_label(x, "coverage"), xlsx_label(x, "partial_column"), xlsx_label(x, "difference"),
                          xlsx_label(x, "flags")};
    enum { Q_GEO, Q_PERIOD, Q_PROG, Q_IND, Q_SEX, Q_VALUE, Q_REP, Q_DER, Q_HOW, Q_COV, Q_PARTIAL, Q_DIFF, Q_FLAGS, Q_N };
    int hr = row++, first = row;
    for (size_t i = 0; i < s->n_cells; i++) {
        const slice_cell *c = &s->cells[i];
        if (!quality_cell(x, c))
            continue;
        xlsx_unit u = xlsx_unit_of(xlsx_ind_unit(x, c->indicator));
        const slice_reported *rep = c->n_reported ? &c->reported[0] : NULL;
        int n_der = (int)c->n_derived;
        char flags[1024];
        xlsx_flags_text(x, c, flags, sizeof flags);
        /* one row per derivation (one row when there is none) */
        for (int k = 0; k < (n_der ? n_der : 1); k++, row++) {
            xlsx_text(&sh, row, Q_GEO, slice_geo_name(s, c->geo, x->lang), x->f_text);
            xlsx_text(&sh, row, Q_PERIOD, c->period, x->f_text);
            xlsx_text(&sh, row, Q_PROG, xlsx_prog_name(x, c->programme), x->f_text);
            xlsx_text(&sh, row, Q_IND, xlsx_ind_name(x, c->indicator), x->f_text);
            xlsx_text(&sh, row, Q_SEX, sex_word(x, c->sex), x->f_text);
            xlsx_number(&sh, row, Q_VALUE, c->value, u, c->partial ? XS_PARTIAL : XS_PLAIN);
            int has_rv = rep && !isnan(rep->value);
            if (has_rv)
                xlsx_number(&sh, row, Q_REP, rep->value, u, XS_PLAIN);
            const slice_derived *d = k < n_der ? &c->derived[k] : NULL;
            if (d) {
                int partial = d->partial;
                if (!isnan(d->value))
                    xlsx_number(&sh, row, Q_DER, d->value, u, partial ? XS_PARTIAL : XS_PLAIN);
                /* the derivation in words, as the PDF says it */
                slice_cell how = *c;
                how.basis = d->basis;
                how.partial = partial;
                char basis[256];
                xlsx_basis_text(x, &how, basis, sizeof basis);
                xlsx_text(&sh, row, Q_HOW, basis, x->f_text);
                char cov[48] = "";
                if (d->of > 0)
                    snprintf(cov, sizeof cov, "%d/%d", d->have, d->of);
                else
                    snprintf(cov, sizeof cov, "%d", d->have);
                xlsx_text(&sh, row, Q_COV, cov, x->f_text);
                xlsx_text(&sh, row, Q_PARTIAL, partial ? xlsx_label(x, "partial") : "", x->f_text);
                if (has_rv && !isnan(d->value)) {
                    /* derived - reported, as a formula on the two cells */
                    char a[LXW_MAX_CELL_NAME_LENGTH], b[LXW_MAX_CELL_NAME_LENGTH], f[64];
                    lxw_rowcol_to_cell(a, (lxw_row_t)row, Q_DER);
                    lxw_rowcol_to_cell(b, (lxw_row_t)row, Q_REP);
                    snprintf(f, sizeof f, "=%s-%s", a, b);
                    XLSX_OK(x, &sh, row, Q_DIFF, worksheet_write_formula_num(sh.ws, (lxw_row_t)row, Q_DIFF, f, x->f_num[xlsx_unit_for(u, d->value - rep->value)][XS_PLAIN],
                                                                          d->value - rep->value));
                }
            } else {
                char basis[256];
                xlsx_basis_text(x, c, basis, sizeof basis);
                xlsx_text(&sh, row, Q_HOW, basis, x->f_text);
                xlsx_text(&sh, row, Q_PARTIAL, c->partial ? xlsx_label(x, "partial") : "", x->f_text);
            }
            xlsx_text(&sh, row, Q_FLAGS, flags, x->f_text);
        }
    }
    if (row == first) {
        xlsx_text(&sh, row, 0, xlsx_label(x, "no_data"), x->f_note);
    } else if (add_table(x, &sh, "quality", hr, row - 1, head, Q_N, err, errlen) != 0) {
        return -1;
    }
    sh.max_width[Q_PROG] = 36;
    sh.max_width[Q_HOW] = 44;
    sh.max_width[3] = fmax(sh.max_width[3], 36);
    xlsx_sheet_finish(&sh, row == first ? -1 : hr, 0);
    return 0;
}

/* ---- sources -------------------------------------------------------------------------- */

enum { S_ID, S_TITLE, S_DATE, S_GEO, S_FAC, S_PERIOD, S_PROG, S_IND, S_VALUE, S_QUAL, S_QUOTE, S_FILE, S_LINE, S_N };

/* Where each column of the sources table goes (-1: not shown). */
typedef struct {
    int col[S_N];
} source_cols;

/* One line of the sources table: a figure (reported, or a centre's figure a
 * sum rests on: fac) with its source; c and rep NULL for a source alone. */
/* A figure a source gave: a reported value of a cell, or a centre's part
 * of a sum. */
typedef struct {
    double value;
    const char *qualifier, *quote, *file;
    long line;
} said_figure;

static said_figure said_reported(const slice_reported *r)
{
    return (said_figure){r->value, r->qualifier, r->quote, r->file, r->line};
}

static said_figure said_part(const slice_part *p)
{
    return (said_figure){p->value, "exact", p->quote, p->file, p->line};
}

static void source_row(xlsx_ctx *x, xlsx_sheet *sh, const source_cols *sc, int row, const slice_source *src,
                       const slice_cell *c, const said_figure *rep, const char *fac)
{
    const int *k = sc->col;
    const char *title = src->title;
    const char *quote = rep ? rep->quote : "";
    xlsx_text(sh, row, k[S_ID], src->id, x->f_text);
    xlsx_string(sh, row, k[S_TITLE], title, x->f_wrap);
    write_date(sh, row, k[S_DATE], src->published);
    if (c && rep) {
        xlsx_text(sh, row, k[S_GEO], slice_geo_name(x->s, c->geo, x->lang), x->f_text);
        if (k[S_FAC] >= 0)
            xlsx_text(sh, row, k[S_FAC], fac ? fac : "", x->f_text);
        xlsx_text(sh, row, k[S_PERIOD], c->period, x->f_text);
        xlsx_text(sh, row, k[S_PROG], xlsx_prog_name(x, c->programme), x->f_text);
        xlsx_text(sh, row, k[S_IND], xlsx_ind_name(x, c->indicator), x->f_text);
        if (!isnan(rep->value))
            xlsx_number(sh, row, k[S_VALUE], rep->value, xlsx_unit_of(xlsx_ind_unit(x, c->indicator)), XS_PLAIN);
        if (k[S_QUAL] >= 0)
            xlsx_text(sh, row, k[S_QUAL], xlsx_qualifier_text(x, rep->qualifier), x->f_text);
        /* quotes are data: always text, even one that starts with '=' */
        xlsx_string(sh, row, k[S_QUOTE], quote, x->f_wrap);
        xlsx_text(sh, row, k[S_FILE], rep->file, x->f_text);
        XLSX_OK(x, sh, row, k[S_LINE], worksheet_write_number(sh->ws, (lxw_row_t)row, (lxw_col_t)k[S_LINE], (double)rep->line, x->f_int));
    } else {
        xlsx_text(sh, row, k[S_FILE], src->input, x->f_text);
    }
    const char *texts[2] = {title, quote};
    int cols[2] = {k[S_TITLE], k[S_QUOTE]};
    xlsx_fit_row(sh, row, texts, cols, 2);
}

int xlsx_sources_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen)
{
    xlsx_sheet sh;
    if (xlsx_sheet_add(x, &sh, sheet_name(x, block), err, errlen) != 0)
        return -1;
    const slice *s = x->s;
    int hr = xlsx_sheet_heading(&sh, x->title);
    /* the centre column only when a sum of the scope rests on centres' figures */
    int has_parts = 0;
    for (size_t i = 0; i < s->n_cells && !has_parts; i++)
        for (size_t j = 0; j < s->cells[i].n_derived; j++)
            has_parts |= s->cells[i].derived[j].n_parts > 0;
    int has_qualifier = 0;
    for (size_t i = 0; i < s->n_cells && !has_qualifier; i++)
        for (size_t j = 0; j < s->cells[i].n_reported; j++)
            has_qualifier |= *xlsx_qualifier_text(x, s->cells[i].reported[j].qualifier) != 0;
    static const char *const keys[S_N] = {"source", "title", "date", "territory", "facility", "period", "programme",
                                          "indicator", "value", "qualifier", "quote", "file", "line"};
    source_cols sc;
    const char *head[S_N];
    int n = 0;
    for (int k = 0; k < S_N; k++) {
        sc.col[k] = (k == S_FAC && !has_parts) || (k == S_QUAL && !has_qualifier) ? -1 : n;
        if (sc.col[k] >= 0)
            head[n++] = xlsx_label(x, keys[k]);
    }
    xlsx_wrap_column(&sh, sc.col[S_TITLE], 30);
    xlsx_wrap_column(&sh, sc.col[S_QUOTE], 46);
    int row = hr + 1;
    for (size_t si = 0; si < s->n_sources; si++) {
        const slice_source *src = &s->source_list[si];
        const char *id = src->id;
        int shown = 0;
        /* each figure this source reports, with its quote, and the figures
         * of single centres a sum of the scope rests on */
        for (size_t i = 0; i < s->n_cells; i++) {
            const slice_cell *c = &s->cells[i];
            for (size_t j = 0; j < c->n_reported; j++)
                if (!strcmp(c->reported[j].source, id)) {
                    said_figure f = said_reported(&c->reported[j]);
                    source_row(x, &sh, &sc, row++, src, c, &f, NULL);
                    shown++;
                }
            for (size_t j = 0; j < c->n_derived; j++)
                for (size_t p = 0; p < c->derived[j].n_parts; p++)
                    if (!strcmp(c->derived[j].parts[p].source, id)) {
                        said_figure f = said_part(&c->derived[j].parts[p]);
                        source_row(x, &sh, &sc, row++, src, c, &f, c->derived[j].parts[p].facility);
                        shown++;
                    }
        }
        /* a source with no figure of its own here (only parts of sums) still gets its line */
        if (!shown)
            source_row(x, &sh, &sc, row++, src, NULL, NULL, NULL);
    }
    if (row == hr + 1) {
        xlsx_text(&sh, row, 0, xlsx_label(x, "no_data"), x->f_note);
        xlsx_sheet_finish(&sh, -1, 0);
        return 0;
    }
    sh.max_width[sc.col[S_PROG]] = 36;
    sh.max_width[sc.col[S_FILE]] = 40;
    if (add_table(x, &sh, "sources", hr, row - 1, head, n, err, errlen) != 0)
        return -1;
    xlsx_sheet_finish(&sh, hr, 0);
    return 0;
}
