#include "table_model.h"
#include "lib/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sget(const cJSON *o, const char *k, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : dflt;
}

static tm_value value_of(const slice *s, const char *geo, const char *period, const char *prog, const tm_col *col)
{
    tm_value v = {0};
    if (col->is_measure) {
        const cJSON *m = slice_measure(s, geo, period, prog, col->code);
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(m, "value");
        if (cJSON_IsNumber(x)) {
            v.present = 1;
            v.value = x->valuedouble;
            v.partial = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "partial"));
            v.qualifier = "exact";
            v.basis = "measure";
        }
        return v;
    }
    const slice_cell *c = slice_get(s, geo, period, prog, col->code, col->sex, "", "");
    if (c) {
        v.present = 1;
        v.value = c->value;
        v.partial = c->partial;
        v.flagged = c->flagged;
        v.qualifier = c->qualifier;
        v.basis = c->basis;
        v.cell = c;
    }
    return v;
}

static const char *ind_label(const catalog *cat, const char *code, const char *lang)
{
    int i = catalog_indicator(cat, code);
    return i < 0 ? code : strcmp(lang, "ar") ? cat->ind[i].fr : cat->ind[i].ar;
}

static const char *prog_label(const catalog *cat, const char *code, const char *lang)
{
    int i = catalog_programme(cat, code);
    return i < 0 ? code : strcmp(lang, "ar") ? cat->prog[i].fr : cat->prog[i].ar;
}

static void add_row(table_model *tm, const char *label, const char *code)
{
    tm->rows = xrealloc(tm->rows, (tm->n_rows + 1) * sizeof *tm->rows);
    tm->rows[tm->n_rows].label = xstrdup(label);
    tm->rows[tm->n_rows].code = xstrdup(code);
    tm->n_rows++;
}

static void add_col(table_model *tm, const char *label, const char *code, const char *sex, int is_measure,
                    const char *unit, int summable)
{
    tm->cols = xrealloc(tm->cols, (tm->n_cols + 1) * sizeof *tm->cols);
    tm_col *c = &tm->cols[tm->n_cols++];
    c->label = xstrdup(label);
    c->code = xstrdup(code);
    c->sex = xstrdup(sex);
    c->is_measure = is_measure;
    c->unit = unit;
    c->summable = summable;
}

static const table_model *sort_tm;
static size_t sort_col;
static int sort_desc;

static int cmp_rows(const void *a, const void *b)
{
    size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
    const tm_value *va = tm_at(sort_tm, ra, sort_col), *vb = tm_at(sort_tm, rb, sort_col);
    if (va->present != vb->present)
        return va->present ? -1 : 1;       /* missing values last */
    if (va->present && va->value != vb->value)
        return (va->value < vb->value) == sort_desc ? 1 : -1;
    return ra < rb ? -1 : ra > rb;         /* stable: catalogue order */
}

int table_model_build(table_model *tm, const cJSON *spec, const slice *s, const catalog *cat,
                      const template_set *t, const char *lang, const char *period, char *err, size_t errlen)
{
    memset(tm, 0, sizeof *tm);
    const char *rows = sget(spec, "rows", "programme");
    tm->period = period;
    const char *fixed_prog = sget(spec, "programme", "all");

    /* columns */
    if (!strcmp(rows, "period")) {
        const char *ind = sget(spec, "indicator", "beneficiaries");
        int ii = catalog_indicator(cat, ind);
        if (ii < 0) {
            snprintf(err, errlen, "unknown indicator '%s' in a trend table", ind);
            return -1;
        }
        for (size_t p = 0; p < cat->n_prog; p++) {
            int any = 0;
            for (size_t i = 0; i < s->n_cells && !any; i++) {
                const slice_cell *c = &s->cells[i];
                any = !strcmp(c->geo, s->code) && !strcmp(c->programme, cat->prog[p].code) && !strcmp(c->indicator, ind) &&
                      !*c->sex && !*c->area && !*c->item;
            }
            if (any)
                add_col(tm, prog_label(cat, cat->prog[p].code, lang), cat->prog[p].code, "", 0,
                        unit_name(cat->ind[ii].unit), 0);
        }
    } else {
        const cJSON *col;
        cJSON_ArrayForEach(col, cJSON_GetObjectItemCaseSensitive(spec, "columns")) {
            const char *m = sget(col, "measure", NULL);
            const char *ind = sget(col, "indicator", NULL);
            const char *sex = sget(col, "sex", "");
            const cJSON *lab = cJSON_GetObjectItemCaseSensitive(col, "label");
            if (m) {
                add_col(tm, lab ? template_text(lab, lang) : template_label(t, lang, m), m, "", 1, "ratio", 0);
            } else if (ind && catalog_indicator(cat, ind) >= 0) {
                const indicator *ci = &cat->ind[catalog_indicator(cat, ind)];
                const char *label = lab ? template_text(lab, lang) : ind_label(cat, ind, lang);
                add_col(tm, label, ind, sex, 0, unit_name(ci->unit), ci->over_territory == AGG_SUM);
            } else {
                snprintf(err, errlen, "a table column needs a known \"indicator\" or a \"measure\" (got %s)",
                         ind ? ind : "nothing");
                table_model_free(tm);
                return -1;
            }
        }
    }

    /* rows */
    if (!strcmp(rows, "programme")) {
        tm->row_header = xstrdup(template_label(t, lang, "programme"));
        const char *which = sget(spec, "programmes", "with_data");
        for (size_t p = 0; p < cat->n_prog; p++) {
            const programme *pr = &cat->prog[p];
            if ((int)p == cat->prog_all)
                continue;
            if ((!strcmp(which, "in_total") && !pr->in_total) || (!strcmp(which, "other") && pr->in_total))
                continue;
            int any = 0;
            for (size_t c = 0; c < tm->n_cols && !any; c++)
                any = value_of(s, s->code, period, pr->code, &tm->cols[c]).present;
            if (any)
                add_row(tm, strcmp(lang, "ar") ? pr->fr : pr->ar, pr->code);
        }
    } else if (!strcmp(rows, "child")) {
        tm->row_header = xstrdup(template_label(t, lang, !strcmp(s->level, "national") ? "region" : "province"));
        for (size_t k = 0; k < s->n_children; k++) {
            const slice_child *ch = &s->children[k];
            int any = 0;
            for (size_t c = 0; c < tm->n_cols && !any; c++)
                any = value_of(s, ch->code, period, fixed_prog, &tm->cols[c]).present;
            if (any || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "all_children")))
                add_row(tm, strcmp(lang, "ar") ? ch->name_fr : ch->name_ar, ch->code);
        }
    } else if (!strcmp(rows, "period")) {
        tm->row_header = xstrdup(template_label(t, lang, "period"));
        int all = !strcmp(sget(spec, "periods", "years"), "all");
        for (size_t p = 0; p < s->n_periods; p++) {
            const slice_period *sp = &s->periods[p];
            if (!all && strcmp(sp->kind, "year") && strcmp(sp->kind, "season"))
                continue;
            int any = 0;
            for (size_t c = 0; c < tm->n_cols && !any; c++) {
                const slice_cell *x = slice_get(s, s->code, sp->code, tm->cols[c].code, sget(spec, "indicator", "beneficiaries"),
                                                "", "", "");
                any = x != NULL;
            }
            if (any)
                add_row(tm, sp->code, sp->code);
        }
    } else {
        snprintf(err, errlen, "unknown \"rows\": '%s' (expected programme, child or period)", rows);
        table_model_free(tm);
        return -1;
    }

    /* values */
    tm->values = xcalloc(tm->n_rows * tm->n_cols + 1, sizeof *tm->values);
    for (size_t r = 0; r < tm->n_rows; r++)
        for (size_t c = 0; c < tm->n_cols; c++) {
            tm_value *v = tm_at(tm, r, c);
            if (!strcmp(rows, "programme"))
                *v = value_of(s, s->code, period, tm->rows[r].code, &tm->cols[c]);
            else if (!strcmp(rows, "child"))
                *v = value_of(s, tm->rows[r].code, period, fixed_prog, &tm->cols[c]);
            else {
                tm_col series = tm->cols[c];
                series.code = (char *)sget(spec, "indicator", "beneficiaries");
                *v = value_of(s, s->code, tm->rows[r].code, tm->cols[c].code, &series);
            }
        }

    for (size_t c = 0; c < tm->n_cols; c++) {
        tm->cols[c].empty = 1;
        for (size_t r = 0; r < tm->n_rows && tm->cols[c].empty; r++)
            tm->cols[c].empty = !tm_at(tm, r, c)->present;
    }
    tm->hide_empty_columns = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "hide_empty_columns"));

    /* sort (rows programme/child) */
    const cJSON *sort = cJSON_GetObjectItemCaseSensitive(spec, "sort");
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(sort, "column");
    if (strcmp(rows, "period") && cJSON_IsNumber(sc) && sc->valueint >= 0 && (size_t)sc->valueint < tm->n_cols &&
        tm->n_rows > 1) {
        size_t *order = xmalloc(tm->n_rows * sizeof *order);
        for (size_t r = 0; r < tm->n_rows; r++)
            order[r] = r;
        sort_tm = tm;
        sort_col = (size_t)sc->valueint;
        sort_desc = strcmp(sget(sort, "order", "desc"), "asc") != 0;
        qsort(order, tm->n_rows, sizeof *order, cmp_rows);
        tm_row *rows2 = xmalloc(tm->n_rows * sizeof *rows2);
        tm_value *vals2 = xmalloc(tm->n_rows * tm->n_cols * sizeof *vals2);
        for (size_t r = 0; r < tm->n_rows; r++) {
            rows2[r] = tm->rows[order[r]];
            memcpy(&vals2[r * tm->n_cols], tm_at(tm, order[r], 0), tm->n_cols * sizeof *vals2);
        }
        free(tm->rows);
        free(tm->values);
        tm->rows = rows2;
        tm->values = vals2;
        free(order);
    }

    /* totals: the sum of the rows shown, and beside it the cube's own figure
     * for the whole, so a disagreement is visible, never hidden */
    tm->totals = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "totals")) && strcmp(rows, "period");
    tm->sum = xcalloc(tm->n_cols + 1, sizeof *tm->sum);
    tm->own_total = xcalloc(tm->n_cols + 1, sizeof *tm->own_total);
    for (size_t c = 0; c < tm->n_cols && tm->totals; c++) {
        tm_value *sum = &tm->sum[c];
        if (tm->cols[c].summable) {
            for (size_t r = 0; r < tm->n_rows; r++) {
                const tm_value *v = tm_at(tm, r, c);
                if (v->present) {
                    sum->present = 1;
                    sum->value += v->value;
                    sum->partial |= v->partial;
                }
            }
            sum->qualifier = "exact";
            sum->basis = "sum";
        }
        tm->own_total[c] = !strcmp(rows, "programme") ? value_of(s, s->code, period, "all", &tm->cols[c])
                                                      : value_of(s, s->code, period, fixed_prog, &tm->cols[c]);
    }
    return 0;
}

void table_model_free(table_model *tm)
{
    for (size_t r = 0; r < tm->n_rows; r++) {
        free(tm->rows[r].label);
        free(tm->rows[r].code);
    }
    for (size_t c = 0; c < tm->n_cols; c++) {
        free(tm->cols[c].label);
        free(tm->cols[c].code);
        free(tm->cols[c].sex);
    }
    free(tm->rows);
    free(tm->cols);
    free(tm->values);
    free(tm->sum);
    free(tm->own_total);
    free(tm->row_header);
    memset(tm, 0, sizeof *tm);
}

long table_model_count_rows(const cJSON *spec, const slice *s, const catalog *cat, const template_set *t,
                            const char *lang, const char *period)
{
    table_model tm;
    char err[256];
    if (table_model_build(&tm, spec, s, cat, t, lang, period, err, sizeof err) != 0)
        return -1;
    long n = (long)tm.n_rows;
    table_model_free(&tm);
    return n;
}
