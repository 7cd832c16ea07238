#include "table_model.h"
#include "lib/util.h"
#include "report_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sget(const cJSON *o, const char *k, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : dflt;
}

/* The period of a row of n values: the one most of its complete figures
 * share (a partial sum does not make a row's period while a complete
 * figure is there), else most of its figures', the latest on ties. */
static const char *values_period(const slice *s, const tm_value *v, size_t n)
{
    const char **pers = xcalloc(n + 1, sizeof *pers);
    const char *p = NULL;
    for (int complete = 1; complete >= 0 && !p; complete--) {
        for (size_t c = 0; c < n; c++)
            pers[c] = v[c].present && (!complete || !v[c].partial) ? v[c].period : NULL;
        p = report_row_period(s, pers, n);
    }
    free(pers);
    return p;
}

/* period NULL: the latest figure of (geo, prog, column), report_model.h;
 * a measure then takes the period `row_period` (its row's). */
static tm_value value_at(const slice *s, const char *geo, const char *period, const char *prog, const tm_col *col,
                         const char *row_period)
{
    tm_value v = {0};
    if (col->is_measure && !period)
        period = row_period;
    if (!period && col->is_measure)
        return v;
    if (col->is_measure) {
        const slice_measure_fig *m = slice_measure(s, geo, period, prog, col->code);
        if (m && !isnan(m->value)) {
            v.present = 1;
            v.value = m->value;
            v.partial = m->partial;
            v.qualifier = "exact";
            v.basis = "measure";
            v.period = period;
        }
        return v;
    }
    const slice_cell *c = period ? slice_get(s, geo, period, prog, col->code, col->sex, "", "")
                                 : report_latest(s, geo, prog, col->code, col->sex);
    if (c) {
        v.present = 1;
        v.value = c->value;
        v.partial = c->partial;
        v.flagged = c->flagged;
        v.qualifier = c->qualifier;
        v.basis = c->basis;
        v.cell = c;
        v.period = c->period;
        /* the coverage of the derivation the cell shows (0 of 0: none) */
        const slice_derived *d = slice_cell_derived(c, c->basis);
        if (d && d->of > 0) {
            v.have = d->have;
            v.of = d->of;
        }
    }
    return v;
}

static tm_value value_of(const slice *s, const char *geo, const char *period, const char *prog, const tm_col *col)
{
    return value_at(s, geo, period, prog, col, NULL);
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
    tm_row *r = &tm->rows[tm->n_rows++];
    memset(r, 0, sizeof *r);
    r->label = xstrdup(label);
    r->code = xstrdup(code);
}

static void add_row2(table_model *tm, const char *label, const char *code, const char *label2, const char *code2)
{
    add_row(tm, label, code);
    tm->rows[tm->n_rows - 1].label2 = xstrdup(label2);
    tm->rows[tm->n_rows - 1].code2 = xstrdup(code2);
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
    c->empty = 0;
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

/* "order": "code": rows by their keys' codes, byte order (stable). */
static int cmp_row_codes(const void *a, const void *b)
{
    const tm_row *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (!c && x->code2 && y->code2)
        c = strcmp(x->code2, y->code2);
    return c;
}

static int cmp_col_codes(const void *a, const void *b)
{
    return strcmp(((const tm_col *)a)->code, ((const tm_col *)b)->code);
}

/* Is a period a year or a social season (what "periods": "years" shows)? */
static int long_period(const slice *s, const char *period)
{
    for (size_t p = 0; p < s->n_periods; p++)
        if (!strcmp(s->periods[p].code, period))
            return !strcmp(s->periods[p].kind, "year") || !strcmp(s->periods[p].kind, "season");
    return 0;
}

/* Is a programme one of the rows (or series) the spec asks for? "all" never is. */
static int programme_wanted(const catalog *cat, size_t p, const char *which)
{
    const programme *pr = &cat->prog[p];
    if ((int)p == cat->prog_all)
        return 0;
    if ((!strcmp(which, "in_total") && !pr->in_total) || (!strcmp(which, "other") && pr->in_total))
        return 0;
    return 1;
}

static int all_digits(const char *s)
{
    if (!*s || strlen(s) > 9)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The table's dimensions ("rows": a word or a list of one or two). */
static int parse_dims(table_model *tm, const cJSON *spec, char *err, size_t errlen)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(spec, "rows");
    if (!rows) {
        tm->dims[0] = "programme";
        tm->n_keys = 1;
        return 0;
    }
    if (cJSON_IsString(rows)) {
        tm->dims[0] = rows->valuestring;
        tm->n_keys = 1;
    } else if (cJSON_IsArray(rows) && cJSON_GetArraySize(rows) >= 1 && cJSON_GetArraySize(rows) <= 2) {
        const cJSON *d;
        cJSON_ArrayForEach(d, rows) {
            if (!cJSON_IsString(d)) {
                snprintf(err, errlen, "\"rows\": a list of dimension names (expected e.g. [\"child\", \"programme\"])");
                return -1;
            }
            tm->dims[tm->n_keys++] = d->valuestring;
        }
    } else {
        snprintf(err, errlen, "\"rows\": expected programme, child, period or a list of two of child and programme");
        return -1;
    }
    for (int k = 0; k < tm->n_keys; k++)
        if (strcmp(tm->dims[k], "programme") && strcmp(tm->dims[k], "child") && strcmp(tm->dims[k], "period")) {
            snprintf(err, errlen, "unknown \"rows\": '%s' (expected programme, child or period)", tm->dims[k]);
            return -1;
        }
    if (tm->n_keys == 2 && (!strcmp(tm->dims[0], tm->dims[1]) || !strcmp(tm->dims[0], "period") ||
                            !strcmp(tm->dims[1], "period"))) {
        snprintf(err, errlen, "\"rows\": [\"%s\", \"%s\"] (expected [\"child\", \"programme\"] or [\"programme\", \"child\"])",
                 tm->dims[0], tm->dims[1]);
        return -1;
    }
    return 0;
}

static const char *dim_header(const table_model *tm, const slice *s, const template_set *t, const char *lang, int k)
{
    const char *d = tm->dims[k];
    if (!strcmp(d, "programme"))
        return template_label(t, lang, "programme");
    if (!strcmp(d, "child"))
        return template_label(t, lang, !strcmp(s->level, "national") ? "region" : "province");
    return template_label(t, lang, "period");
}

int table_model_build(table_model *tm, const cJSON *spec, const slice *s, const catalog *cat,
                      const template_set *t, const char *lang, const char *period, char *err, size_t errlen)
{
    memset(tm, 0, sizeof *tm);
    if (parse_dims(tm, spec, err, errlen) != 0)
        return -1;
    const char *rows = tm->n_keys == 2 ? "pairs" : tm->dims[0];
    const char *period_mode = sget(spec, "period", "main");
    tm->latest = !strcmp(period_mode, "latest") && strcmp(rows, "period");
    if (tm->latest)
        period = NULL;   /* each figure its own period (value_at) */
    tm->period = period;
    const char *fixed_prog = sget(spec, "programme", "all");
    const char *labels = sget(spec, "labels", "name"), *order_by = sget(spec, "order", "catalogue");
    const char *partial = sget(spec, "partial", "mark");
    if (strcmp(labels, "name") && strcmp(labels, "code")) {
        snprintf(err, errlen, "\"labels\": '%s' (expected name or code)", labels);
        return -1;
    }
    if (strcmp(order_by, "catalogue") && strcmp(order_by, "code")) {
        snprintf(err, errlen, "\"order\": '%s' (expected catalogue or code)", order_by);
        return -1;
    }
    if (strcmp(partial, "mark") && strcmp(partial, "plain")) {
        snprintf(err, errlen, "\"partial\": '%s' (expected mark or plain)", partial);
        return -1;
    }
    int codes = !strcmp(labels, "code"), by_code = !strcmp(order_by, "code");
    const cJSON *fill = cJSON_GetObjectItemCaseSensitive(spec, "fill_missing");
    if (fill && !cJSON_IsNumber(fill)) {
        snprintf(err, errlen, "\"fill_missing\": expected a number (e.g. 0)");
        return -1;
    }

    /* columns */
    if (!strcmp(rows, "period")) {
        const char *ind = sget(spec, "indicator", "beneficiaries");
        int ii = catalog_indicator(cat, ind);
        if (ii < 0) {
            snprintf(err, errlen, "unknown indicator '%s' in a trend table", ind);
            return -1;
        }
        /* series: every programme with data, or those "programmes" says */
        const char *which = sget(spec, "programmes", NULL);
        int all_periods = !strcmp(sget(spec, "periods", "years"), "all");
        for (size_t p = 0; p < cat->n_prog; p++) {
            if (which && !programme_wanted(cat, p, which))
                continue;
            /* a series with a figure in a period the table shows: no empty row */
            int any = 0;
            for (size_t i = 0; i < s->n_cells && !any; i++) {
                const slice_cell *c = &s->cells[i];
                any = !strcmp(c->geo, s->code) && !strcmp(c->programme, cat->prog[p].code) && !strcmp(c->indicator, ind) &&
                      !*c->sex && !*c->area && !*c->item && (all_periods || long_period(s, c->period));
            }
            if (any)
                add_col(tm, codes ? cat->prog[p].code : prog_label(cat, cat->prog[p].code, lang), cat->prog[p].code, "", 0,
                        unit_name(cat->ind[ii].unit), 0);
        }
        if (by_code && tm->n_cols > 1)
            qsort(tm->cols, tm->n_cols, sizeof *tm->cols, cmp_col_codes);
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
    tm->row_header = xstrdup(dim_header(tm, s, t, lang, 0));
    if (tm->n_keys == 2)
        tm->row_header2 = xstrdup(dim_header(tm, s, t, lang, 1));
    const char *which = sget(spec, "programmes", "with_data");
    if (!strcmp(rows, "programme")) {
        for (size_t p = 0; p < cat->n_prog; p++) {
            const programme *pr = &cat->prog[p];
            if (!programme_wanted(cat, p, which))
                continue;
            int any = 0;
            for (size_t c = 0; c < tm->n_cols && !any; c++)
                any = value_of(s, s->code, period, pr->code, &tm->cols[c]).present;
            if (any)
                add_row(tm, codes ? pr->code : strcmp(lang, "ar") ? pr->fr : pr->ar, pr->code);
        }
    } else if (!strcmp(rows, "child")) {
        for (size_t k = 0; k < s->n_children; k++) {
            const slice_child *ch = &s->children[k];
            int any = 0;
            for (size_t c = 0; c < tm->n_cols && !any; c++)
                any = value_of(s, ch->code, period, fixed_prog, &tm->cols[c]).present;
            if (any || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "all_children")))
                add_row(tm, codes ? ch->code : strcmp(lang, "ar") ? ch->name_fr : ch->name_ar, ch->code);
        }
    } else if (!strcmp(rows, "period")) {
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
            if (any) {
                add_row(tm, sp->code, sp->code);
                tm->rows[tm->n_rows - 1].numeric = codes && all_digits(sp->code);
            }
        }
    } else {
        /* pairs of a child and a programme, in the order of "rows" */
        int child_first = !strcmp(tm->dims[0], "child");
        size_t n_outer = child_first ? s->n_children : cat->n_prog, n_inner = child_first ? cat->n_prog : s->n_children;
        for (size_t i = 0; i < n_outer; i++)
            for (size_t j = 0; j < n_inner; j++) {
                size_t p = child_first ? j : i, k = child_first ? i : j;
                if (!programme_wanted(cat, p, which))
                    continue;
                const programme *pr = &cat->prog[p];
                const slice_child *ch = &s->children[k];
                int any = 0;
                for (size_t c = 0; c < tm->n_cols && !any; c++)
                    any = value_of(s, ch->code, period, pr->code, &tm->cols[c]).present;
                if (!any)
                    continue;
                const char *pl = codes ? pr->code : strcmp(lang, "ar") ? pr->fr : pr->ar;
                const char *cl = codes ? ch->code : strcmp(lang, "ar") ? ch->name_fr : ch->name_ar;
                if (child_first)
                    add_row2(tm, cl, ch->code, pl, pr->code);
                else
                    add_row2(tm, pl, pr->code, cl, ch->code);
            }
    }
    if (by_code && strcmp(rows, "period") && tm->n_rows > 1)
        qsort(tm->rows, tm->n_rows, sizeof *tm->rows, cmp_row_codes);   /* codes are unique: no ties */

    /* values: the figures, then the row's period (latest), then the
     * measures at that period */
    tm->values = xcalloc(tm->n_rows * tm->n_cols + 1, sizeof *tm->values);
    const char **pers = xcalloc(tm->n_cols + 1, sizeof *pers);
    for (size_t r = 0; r < tm->n_rows; r++)
        for (int measures = 0; measures < 2; measures++) {
        int one_period = 1;   /* a measure (per centre...) only where its row is of one period */
        if (measures && tm->latest) {
            for (size_t c = 0; c < tm->n_cols; c++)
                pers[c] = tm_at(tm, r, c)->present ? tm_at(tm, r, c)->period : NULL;
            tm->rows[r].period = values_period(s, tm_at(tm, r, 0), tm->n_cols);
            for (size_t c = 0; c < tm->n_cols; c++)
                one_period &= !pers[c] || !strcmp(pers[c], tm->rows[r].period);
        }
        for (size_t c = 0; c < tm->n_cols; c++) {
            if (tm->cols[c].is_measure != measures || (measures && !one_period))
                continue;
            tm_value *v = tm_at(tm, r, c);
            const char *rp = tm->rows[r].period;
            if (!strcmp(rows, "programme"))
                *v = value_at(s, s->code, period, tm->rows[r].code, &tm->cols[c], rp);
            else if (!strcmp(rows, "child"))
                *v = value_at(s, tm->rows[r].code, period, fixed_prog, &tm->cols[c], rp);
            else if (!strcmp(rows, "period")) {
                tm_col series = tm->cols[c];
                series.code = (char *)sget(spec, "indicator", "beneficiaries");
                *v = value_of(s, s->code, tm->rows[r].code, tm->cols[c].code, &series);
            } else {
                int child_first = !strcmp(tm->dims[0], "child");
                const char *geo = child_first ? tm->rows[r].code : tm->rows[r].code2;
                const char *prog = child_first ? tm->rows[r].code2 : tm->rows[r].code;
                *v = value_at(s, geo, period, prog, &tm->cols[c], rp);
            }
            if (!strcmp(partial, "plain"))
                v->partial = 0;   /* the sum of the parts there are, as asked */
        }
        }

    for (size_t c = 0; c < tm->n_cols; c++) {
        tm->cols[c].empty = 1;
        for (size_t r = 0; r < tm->n_rows && tm->cols[c].empty; r++)
            tm->cols[c].empty = !tm_at(tm, r, c)->present;
    }
    tm->hide_empty_columns = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "hide_empty_columns"));
    if (fill)
        for (size_t i = 0; i < tm->n_rows * tm->n_cols; i++)
            if (!tm->values[i].present)
                tm->values[i] = (tm_value){.present = 1, .value = fill->valuedouble, .qualifier = "exact", .basis = "filled"};

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
    const char *own_prog = !strcmp(rows, "programme") ? "all" : fixed_prog;
    for (int measures = 0; measures < 2; measures++) {
        const char *own_period = NULL;
        int one_period = 1;
        if (measures && tm->latest) {
            for (size_t c = 0; c < tm->n_cols; c++)
                pers[c] = tm->own_total[c].present ? tm->own_total[c].period : NULL;
            own_period = values_period(s, tm->own_total, tm->n_cols);
            for (size_t c = 0; c < tm->n_cols; c++)
                one_period &= !pers[c] || !strcmp(pers[c], own_period);
        }
        for (size_t c = 0; c < tm->n_cols && tm->totals; c++) {
            if (tm->cols[c].is_measure != measures || (measures && !one_period))
                continue;
            tm_value *sum = &tm->sum[c];
            if (tm->cols[c].summable) {
                /* rows of different periods do not add up: no sum then */
                const char *one = NULL;
                int mixed = 0;
                for (size_t r = 0; r < tm->n_rows; r++) {
                    const tm_value *v = tm_at(tm, r, c);
                    if (v->present) {
                        mixed |= one && v->period && strcmp(one, v->period);
                        if (!one)
                            one = v->period;
                        sum->present = 1;
                        sum->value += v->value;
                        sum->partial |= v->partial;
                    }
                }
                if (mixed)
                    *sum = (tm_value){0};
                sum->qualifier = "exact";
                sum->basis = "sum";
                sum->period = one;
            }
            tm->own_total[c] = value_at(s, s->code, period, own_prog, &tm->cols[c], own_period);
        }
    }
    if (tm->latest && tm->totals) {
        tm->own_period = values_period(s, tm->own_total, tm->n_cols);
        tm->sum_period = values_period(s, tm->sum, tm->n_cols);
    }
    /* a column whose total has a figure is not empty */
    for (size_t c = 0; c < tm->n_cols; c++)
        if (tm->totals && tm->own_total[c].present)
            tm->cols[c].empty = 0;
    /* the period every figure shares, if one */
    if (tm->latest) {
        int mixed = 0;
        for (size_t i = 0; i < tm->n_rows * tm->n_cols; i++) {
            const tm_value *v = &tm->values[i];
            if (!v->present || !v->period)
                continue;
            mixed |= tm->common_period && strcmp(tm->common_period, v->period);
            if (!tm->common_period)
                tm->common_period = v->period;
        }
        if (mixed)
            tm->common_period = NULL;
    }
    free(pers);
    return 0;
}

void table_model_free(table_model *tm)
{
    for (size_t r = 0; r < tm->n_rows; r++) {
        free(tm->rows[r].label);
        free(tm->rows[r].code);
        free(tm->rows[r].label2);
        free(tm->rows[r].code2);
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
    free(tm->row_header2);
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

int table_model_group(table_model *out, const table_model *tm, const cJSON *group, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const char *by = sget(group, "by", "");
    int key = -1;
    for (int k = 0; k < tm->n_keys; k++)
        if (!strcmp(tm->dims[k], by))
            key = k;
    if (key < 0) {
        snprintf(err, errlen, "\"group\": {\"by\": \"%s\"}: the table has no such key (expected %s%s%s)", by, tm->dims[0],
                 tm->n_keys > 1 ? " or " : "", tm->n_keys > 1 ? tm->dims[1] : "");
        return -1;
    }
    const cJSON *cj = cJSON_GetObjectItemCaseSensitive(group, "column");
    int col = cJSON_IsNumber(cj) ? cj->valueint : 0;
    if (col < 0 || (size_t)col >= tm->n_cols) {
        snprintf(err, errlen, "\"group\": \"column\": %d (expected 0 to %zu, a column of the table)", col,
                 tm->n_cols ? tm->n_cols - 1 : 0);
        return -1;
    }
    out->n_keys = 1;
    out->dims[0] = tm->dims[key];
    out->period = tm->period;
    out->row_header = xstrdup(key ? tm->row_header2 : tm->row_header);
    const tm_col *c = &tm->cols[col];
    add_col(out, c->label, c->code, c->sex, c->is_measure, c->unit, c->summable);
    /* one row per key, in the order the rows first show it */
    size_t *of_row = xcalloc(tm->n_rows + 1, sizeof *of_row);
    for (size_t r = 0; r < tm->n_rows; r++) {
        const char *code = key ? tm->rows[r].code2 : tm->rows[r].code;
        size_t g = 0;
        while (g < out->n_rows && strcmp(out->rows[g].code, code))
            g++;
        if (g == out->n_rows) {
            add_row(out, key ? tm->rows[r].label2 : tm->rows[r].label, code);
            out->rows[g].numeric = tm->rows[r].numeric;
        }
        of_row[r] = g;
    }
    out->values = xcalloc(out->n_rows + 1, sizeof *out->values);
    char *mixed = xcalloc(out->n_rows + 1, 1);
    for (size_t r = 0; r < tm->n_rows; r++) {
        const tm_value *v = tm_at(tm, r, (size_t)col);
        tm_value *g = &out->values[of_row[r]];
        if (!v->present)
            continue;
        /* latest figures of different periods do not add up */
        mixed[of_row[r]] |= g->present && g->period && v->period && strcmp(g->period, v->period);
        g->present = 1;
        g->value += v->value;
        g->partial |= v->partial;
        g->qualifier = "exact";
        g->basis = "sum";
        g->period = v->period;
    }
    for (size_t g = 0; g < out->n_rows; g++)
        if (mixed[g])
            out->values[g] = (tm_value){0};
    free(mixed);
    free(of_row);
    out->cols[0].empty = 1;
    for (size_t g = 0; g < out->n_rows; g++)
        if (out->values[g].present)
            out->cols[0].empty = 0;
    out->sum = xcalloc(2, sizeof *out->sum);
    out->own_total = xcalloc(2, sizeof *out->own_total);
    return 0;
}

const char *tm_col_period(const table_model *tm, size_t c)
{
    const char *one = NULL;
    for (size_t r = 0; r < tm->n_rows && tm->latest && c < tm->n_cols; r++) {
        const tm_value *v = tm_at(tm, r, c);
        if (!v->present || !v->period)
            continue;
        if (one && strcmp(one, v->period))
            return NULL;
        one = v->period;
    }
    return one;
}
