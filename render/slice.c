#include "slice.h"
#include "lib/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
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
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    s->root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(s->root, "format");
    if (!s->root || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, "taawun-cube/1") != 0) {
        snprintf(err, errlen, "%s: not a cube slice (expected format taawun-cube/1; rerun aggregate)", path);
        cJSON_Delete(s->root);
        s->root = NULL;
        return -1;
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
        const cJSON *fl, *flags = cJSON_GetObjectItemCaseSensitive(o, "flags");
        cJSON_ArrayForEach(fl, flags)
            if (cJSON_IsString(fl) && strcmp(fl->valuestring, "partial") && strcmp(fl->valuestring, "synthetic"))
                c->flagged = 1;
        c->json = o;
        cell_key(&key, c->geo, c->period, c->programme, c->indicator, c->sex, c->area, c->item);
        strmap_put(&s->index, key.data, (int)s->n_cells);
        s->n_cells++;
    }
    s->measures = cJSON_GetObjectItemCaseSensitive(s->root, "measures");
    int i = 0;
    cJSON_ArrayForEach(o, s->measures) {
        sb_reset(&key);
        sb_printf(&key, "%s|%s|%s|%s", str(o, "geo"), str(o, "period"), str(o, "programme"), str(o, "measure"));
        strmap_put(&s->measure_index, key.data, i++);
    }
    sb_free(&key);
    s->quality = cJSON_GetObjectItemCaseSensitive(s->root, "quality");
    s->sources = cJSON_GetObjectItemCaseSensitive(s->root, "sources");
    return 0;
}

const slice_cell *slice_headline(const slice *s, const char *indicator)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(s->root, "headlines")) {
        if (strcmp(str(h, "indicator"), indicator))
            continue;
        return slice_get(s, s->code, str(h, "period"), "all", indicator, "", "", "");
    }
    return NULL;
}

void slice_free(slice *s)
{
    free(s->children);
    free(s->periods);
    free(s->cells);
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

const cJSON *slice_measure(const slice *s, const char *geo, const char *period, const char *programme,
                           const char *measure)
{
    strbuf key;
    sb_init(&key);
    sb_printf(&key, "%s|%s|%s|%s", geo, period, programme, measure);
    int i = strmap_get(&s->measure_index, key.data);
    sb_free(&key);
    return i < 0 ? NULL : cJSON_GetArrayItem(s->measures, i);
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

size_t slice_cell_reported(const slice_cell *c, size_t i, slice_reported *out)
{
    const cJSON *reps = cJSON_GetObjectItemCaseSensitive(c->json, "reported");
    size_t n = (size_t)cJSON_GetArraySize(reps);
    if (out && i < n) {
        const cJSON *r = cJSON_GetArrayItem(reps, (int)i);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "value");
        out->value = cJSON_IsNumber(v) ? v->valuedouble : 0;
        out->qualifier = *str(r, "qualifier") ? str(r, "qualifier") : "exact";
        out->source = str(r, "source");
        out->quote = str(r, "quote");
        out->period_basis = str(r, "period_basis");
        out->note = str(r, "note");
        out->geo_as_reported = str(r, "geo_as_reported");
        out->reported_territory = str(r, "reported_territory");
        out->old_region = cJSON_GetObjectItemCaseSensitive(r, "reported_territory_provinces") != NULL;
    }
    return n;
}

int slice_cell_coverage(const slice_cell *c, int *have, int *of)
{
    *have = *of = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(c->json, "derived")) {
        if (strcmp(str(d, "basis"), c->basis))
            continue;
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(d, "have"), *o = cJSON_GetObjectItemCaseSensitive(d, "of");
        *have = cJSON_IsNumber(h) ? h->valueint : 0;
        *of = cJSON_IsNumber(o) ? o->valueint : 0;
        break;
    }
    return *of > 0;
}

const char *slice_source_field(const slice *s, const char *id, const char *field)
{
    const cJSON *src;
    cJSON_ArrayForEach(src, s->sources)
        if (!strcmp(str(src, "id"), id))
            return str(src, field);
    return "";
}

size_t slice_cell_parts(const slice_cell *c, size_t i, slice_part *out)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(c->json, "derived")) {
        if (strcmp(str(d, "basis"), "facilities"))
            continue;
        const cJSON *parts = cJSON_GetObjectItemCaseSensitive(d, "parts");
        size_t n = (size_t)cJSON_GetArraySize(parts);
        if (out && i < n) {
            const cJSON *p = cJSON_GetArrayItem(parts, (int)i);
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, "value");
            out->value = cJSON_IsNumber(v) ? v->valuedouble : 0;
            out->facility = str(p, "facility");
            out->qualifier = *str(p, "qualifier") ? str(p, "qualifier") : "exact";
            out->source = str(p, "source");
            out->quote = str(p, "quote");
        }
        return n;
    }
    return 0;
}
