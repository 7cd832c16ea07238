/* Reading a slice into its typed model (lib/slice.h). */
#include "slice.h"
#include "lib/util.h"
#include "slice_cell.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* A number, NAN when absent or null. */
static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void cell_key(strbuf *sb, const char *geo, const char *period, const char *prog, const char *ind,
                     const char *sex, const char *area, const char *item)
{
    sb_reset(sb);
    sb_printf(sb, "%s|%s|%s|%s|%s|%s|%s", geo, period, prog, ind, sex, area, item);
}

int slice_load(slice *s, const char *path, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        int e = errno;
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(e));
        errno = e;
        return -1;
    }
    int rc = slice_parse(s, text, len, path, err, errlen);
    free(text);
    return rc;
}

int slice_parse(slice *s, const char *text, size_t len, const char *path, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->root = cJSON_ParseWithLength(text, len);
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(s->root, "format");
    if (!s->root || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, "taawun-cube/1") != 0) {
        snprintf(err, errlen, "%s: not a cube slice (expected format taawun-cube/1; rerun aggregate)", path);
        cJSON_Delete(s->root);
        s->root = NULL;
        return -2;
    }
    const cJSON *scope = cJSON_GetObjectItemCaseSensitive(s->root, "scope");
    s->code = str(scope, "code");
    s->level = str(scope, "level");
    s->name_ar = str(scope, "name_ar");
    s->name_fr = str(scope, "name_fr");
    s->parent = str(scope, "parent");
    s->data_version = str(s->root, "data_version");
    s->synthetic = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s->root, "synthetic"));
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(s->root, "children"), *o;
    s->children = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *s->children);
    cJSON_ArrayForEach(o, arr) {
        slice_child *c = &s->children[s->n_children++];
        c->code = str(o, "code");
        c->name_ar = str(o, "name_ar");
        c->name_fr = str(o, "name_fr");
        c->has_data = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "has_data"));
    }
    arr = cJSON_GetObjectItemCaseSensitive(s->root, "periods");
    s->periods = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *s->periods);
    cJSON_ArrayForEach(o, arr) {
        slice_period *p = &s->periods[s->n_periods++];
        p->code = str(o, "code");
        p->kind = str(o, "kind");
    }
    strmap_init(&s->index);
    strmap_init(&s->measure_index);
    strbuf key;
    sb_init(&key);
    arr = cJSON_GetObjectItemCaseSensitive(s->root, "cells");
    s->cells = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *s->cells);
    slice_cell_lists lists;
    slice_cell_lists_init(s, &lists, arr);
    cJSON_ArrayForEach(o, arr) {
        slice_cell *c = &s->cells[s->n_cells];
        c->geo = str(o, "geo");
        c->period = str(o, "period");
        c->programme = str(o, "programme");
        c->indicator = str(o, "indicator");
        c->sex = str(o, "sex");
        c->area = str(o, "area");
        c->item = str(o, "item");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "value");
        if (!cJSON_IsNumber(v))
            continue;
        c->value = v->valuedouble;
        c->basis = str(o, "basis");
        c->qualifier = str(o, "qualifier");
        c->partial = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "partial"));
        slice_cell_read(s, &lists, c, o);
        cell_key(&key, c->geo, c->period, c->programme, c->indicator, c->sex, c->area, c->item);
        strmap_put(&s->index, key.data, (int)s->n_cells);
        s->n_cells++;
    }
    arr = cJSON_GetObjectItemCaseSensitive(s->root, "headlines");
    s->headlines = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *s->headlines);
    cJSON_ArrayForEach(o, arr) {
        slice_headline_fig *h = &s->headlines[s->n_headlines];
        h->indicator = str(o, "indicator");
        h->period = str(o, "period");
        h->value = num(o, "value");
        h->qualifier = str(o, "qualifier");
        h->basis = str(o, "basis");
        h->partial = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "partial"));
        slice_only_read(&h->only, cJSON_GetObjectItemCaseSensitive(o, "only"));
        s->n_headlines++;
    }
    arr = cJSON_GetObjectItemCaseSensitive(s->root, "measures");
    s->measures = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *s->measures);
    cJSON_ArrayForEach(o, arr) {
        slice_measure_fig *m = &s->measures[s->n_measures];
        m->geo = str(o, "geo");
        m->period = str(o, "period");
        m->programme = str(o, "programme");
        m->measure = str(o, "measure");
        m->value = num(o, "value");
        m->partial = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "partial"));
        sb_reset(&key);
        sb_printf(&key, "%s|%s|%s|%s", m->geo, m->period, m->programme, m->measure);
        strmap_put(&s->measure_index, key.data, (int)s->n_measures++);
    }
    sb_free(&key);
    const cJSON *quality = cJSON_GetObjectItemCaseSensitive(s->root, "quality");
    const cJSON *sources = cJSON_GetObjectItemCaseSensitive(s->root, "sources");
    s->failed_rules = xcalloc((size_t)cJSON_GetArraySize(quality) + 1, sizeof *s->failed_rules);
    cJSON_ArrayForEach(o, quality) {
        slice_rule_result *r = &s->failed_rules[s->n_failed_rules++];
        r->rule = str(o, "rule");
        r->importance = str(o, "importance");
        r->operator_name = str(o, "operator");
        r->geo = str(o, "geo");
        r->period = str(o, "period");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "programme");
        r->programme = cJSON_IsString(p) ? p->valuestring : "all";
        r->left = num(o, "left");
        r->has_left = !isnan(r->left);
        r->right = num(o, "right");
        r->has_right = !isnan(r->right);
        r->verdict = str(o, "verdict");
    }
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(s->root, "quality_summary");
    s->rules_passed = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(qs, "passed")) ? num(qs, "passed") : 0;
    s->rules_failed = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(qs, "failed")) ? num(qs, "failed") : 0;
    s->source_list = xcalloc((size_t)cJSON_GetArraySize(sources) + 1, sizeof *s->source_list);
    cJSON_ArrayForEach(o, sources) {
        slice_source *src = &s->source_list[s->n_sources++];
        src->id = str(o, "id");
        src->has_title = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "title"));
        src->title = str(o, "title");
        src->published = str(o, "published");
        src->publisher = str(o, "publisher");
        src->url = str(o, "url");
        src->input = str(o, "input");
        src->synthetic = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "synthetic"));
    }
    return 0;
}

const slice_headline_fig *slice_headline_of(const slice *s, const char *indicator)
{
    for (size_t i = 0; i < s->n_headlines; i++)
        if (!strcmp(s->headlines[i].indicator, indicator))
            return &s->headlines[i];
    return NULL;
}

const slice_cell *slice_headline(const slice *s, const char *indicator)
{
    const slice_headline_fig *h = slice_headline_of(s, indicator);
    return h ? slice_get(s, s->code, h->period, "all", indicator, "", "", "") : NULL;
}

const char *slice_source_title(const slice *s, const char *id)
{
    for (size_t i = 0; i < s->n_sources; i++)
        if (!strcmp(s->source_list[i].id, id))
            return *s->source_list[i].title ? s->source_list[i].title : id;
    return id;
}

const slice_derived *slice_cell_derived(const slice_cell *c, const char *basis)
{
    const slice_derived *found = NULL;
    for (size_t i = 0; i < c->n_derived; i++)
        if (!strcmp(c->derived[i].basis, basis))
            found = &c->derived[i];   /* the last, as the renderers always took it */
    return found;
}

void slice_free(slice *s)
{
    free(s->children);
    free(s->periods);
    free(s->cells);
    free(s->headlines);
    free(s->measures);
    free(s->failed_rules);
    free(s->source_list);
    free(s->reported_pool);
    free(s->derived_pool);
    free(s->part_pool);
    free(s->term_pool);
    free(s->source_pool);
    if (s->root) {
        strmap_free(&s->index);
        strmap_free(&s->measure_index);
    }
    cJSON_Delete(s->root);
    memset(s, 0, sizeof *s);
}

const slice_cell *slice_get(const slice *s, const char *geo, const char *period, const char *programme,
                            const char *indicator, const char *sex, const char *area, const char *item)
{
    strbuf key;
    sb_init(&key);
    cell_key(&key, geo, period, programme, indicator, sex ? sex : "", area ? area : "", item ? item : "");
    int i = strmap_get(&s->index, key.data);
    sb_free(&key);
    return i < 0 ? NULL : &s->cells[i];
}

const slice_measure_fig *slice_measure(const slice *s, const char *geo, const char *period, const char *programme,
                                       const char *measure)
{
    strbuf key;
    sb_init(&key);
    sb_printf(&key, "%s|%s|%s|%s", geo, period, programme, measure);
    int i = strmap_get(&s->measure_index, key.data);
    sb_free(&key);
    return i < 0 ? NULL : &s->measures[i];
}

const char *slice_main_period(const slice *s, const char *const *indicators, size_t n)
{
    /* First the institution-wide figures (programme "all") of the scope
     * itself, complete ones counting double; then any figure of those
     * indicators at the scope; the latest period wins ties. */
    const char *best = NULL;
    long best_score = 0;
    for (size_t p = 0; p < s->n_periods; p++) {
        long whole = 0, any = 0;
        for (size_t i = 0; i < s->n_cells; i++) {
            const slice_cell *c = &s->cells[i];
            if (strcmp(c->geo, s->code) || strcmp(c->period, s->periods[p].code) || *c->sex || *c->area || *c->item)
                continue;
            for (size_t k = 0; k < n; k++)
                if (!strcmp(c->indicator, indicators[k])) {
                    int w = c->partial ? 1 : 2;
                    any += w;
                    if (!strcmp(c->programme, "all"))
                        whole += w;
                }
        }
        long score = whole * 100000 + any;
        if (score > 0 && score >= best_score) {   /* periods are in time order: latest wins ties */
            best = s->periods[p].code;
            best_score = score;
        }
    }
    if (!best)
        for (size_t i = 0; i < s->n_cells; i++)
            if (!strcmp(s->cells[i].geo, s->code))
                best = s->cells[i].period;
    return best;
}

const char *slice_latest_year(const slice *s)
{
    for (size_t p = s->n_periods; p-- > 0;)
        if (!strcmp(s->periods[p].kind, "year"))
            return s->periods[p].code;
    return NULL;
}

const char *slice_report_period(const slice *s, const cJSON *report)
{
    const cJSON *per = cJSON_GetObjectItemCaseSensitive(report, "period");
    if (cJSON_IsString(per) && !strcmp(per->valuestring, "latest"))
        return slice_latest_year(s);
    const char *ind[16];
    size_t n_ind = 0;
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(report, "headline")) {
        const cJSON *i = cJSON_GetObjectItemCaseSensitive(h, "indicator");
        if (cJSON_IsString(i) && n_ind < 16)
            ind[n_ind++] = i->valuestring;
    }
    return slice_main_period(s, ind, n_ind);
}

const char *slice_geo_name(const slice *s, const char *code, const char *lang)
{
    int ar = !strcmp(lang, "ar");
    if (!strcmp(code, s->code))
        return ar ? s->name_ar : s->name_fr;
    for (size_t i = 0; i < s->n_children; i++)
        if (!strcmp(code, s->children[i].code))
            return ar ? s->children[i].name_ar : s->children[i].name_fr;
    return code;
}

const slice_source *slice_source_by_id(const slice *s, const char *id)
{
    for (size_t i = 0; i < s->n_sources; i++)
        if (!strcmp(s->source_list[i].id, id))
            return &s->source_list[i];
    return NULL;
}
