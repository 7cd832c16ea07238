/* Reading a slice (lib/slice.h, docs/slice-format.md) into its typed
 * model: the JSON is parsed once here; the renderers and mail read only
 * the fields. */
#include "slice.h"
#include "lib/util.h"

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

static const char *str_or(const cJSON *o, const char *k, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : dflt;
}

/* A number, NAN when absent or null. */
static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static double num_or0(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static int int_or(const cJSON *o, const char *k, int dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valueint : dflt;
}

static int is_true(const cJSON *o, const char *k)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static size_t size_of(const cJSON *o, const char *k)
{
    return (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, k));
}

static void cell_key(strbuf *sb, const char *geo, const char *period, const char *prog, const char *ind,
                     const char *sex, const char *area, const char *item)
{
    sb_reset(sb);
    sb_printf(sb, "%s|%s|%s|%s|%s|%s|%s", geo, period, prog, ind, sex, area, item);
}

/* Storage for every cell's lists, counted before they are filled. */
typedef struct {
    size_t reported, derived, parts, sources;
} list_counts;

static void count_lists(const cJSON *cells, list_counts *n)
{
    const cJSON *o, *d;
    memset(n, 0, sizeof *n);
    cJSON_ArrayForEach(o, cells) {
        n->reported += size_of(o, "reported");
        cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(o, "derived")) {
            n->derived++;
            n->parts += size_of(d, "parts");
            n->sources += size_of(d, "sources");
        }
    }
}

static void read_reported(slice_reported *r, const cJSON *o)
{
    r->value = num(o, "value");
    r->qualifier = str_or(o, "qualifier", "exact");
    r->source = str(o, "source");
    r->quote = str(o, "quote");
    r->file = str(o, "file");
    r->line = (long)num_or0(o, "line");
    r->geo_as_reported = str(o, "geo_as_reported");
    r->reported_territory = str(o, "reported_territory");
    r->reported_territory_provinces = int_or(o, "reported_territory_provinces", -1);
    r->territory_provinces = int_or(o, "territory_provinces", -1);
    r->note = str(o, "note");
    r->period_basis = str(o, "period_basis");
}

static void read_derived(slice *s, slice_derived *d, const cJSON *o, size_t *n_parts, size_t *n_sources)
{
    d->basis = str(o, "basis");
    d->value = num(o, "value");
    d->have = int_or(o, "have", 0);
    d->of = int_or(o, "of", 0);
    d->partial = is_true(o, "partial");
    d->qualifier = str_or(o, "qualifier", "exact");
    const cJSON *x;
    d->sources = s->source_pool + *n_sources;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "sources"))
        d->sources[d->n_sources++] = cJSON_IsString(x) ? x->valuestring : "";
    *n_sources += d->n_sources;
    d->sources_more = int_or(o, "sources_more", 0);
    d->parts = s->part_pool + *n_parts;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "parts")) {
        slice_part *p = &d->parts[d->n_parts++];
        p->facility = str(x, "facility");
        p->value = num(x, "value");
        p->source = str(x, "source");
        p->quote = str(x, "quote");
        p->file = str(x, "file");
        p->line = (long)num_or0(x, "line");
    }
    *n_parts += d->n_parts;
    d->parts_more = int_or(o, "parts_more", 0);
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
    list_counts lc;
    count_lists(arr, &lc);
    s->reported_pool = xcalloc(lc.reported + 1, sizeof *s->reported_pool);
    s->derived_pool = xcalloc(lc.derived + 1, sizeof *s->derived_pool);
    s->part_pool = xcalloc(lc.parts + 1, sizeof *s->part_pool);
    s->source_pool = xcalloc(lc.sources + 1, sizeof *s->source_pool);
    size_t n_rep = 0, n_der = 0, n_parts = 0, n_src = 0;
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
        c->flags = 0;
        cJSON_ArrayForEach(fl, flags)
            if (cJSON_IsString(fl))
                c->flags |= slice_flag_bit(fl->valuestring);
        c->flagged = (c->flags & SLICE_FLAGS_DISAGREE) != 0;
        const cJSON *diff = cJSON_GetObjectItemCaseSensitive(o, "difference");
        c->has_difference = cJSON_IsNumber(diff);
        c->difference = c->has_difference ? diff->valuedouble : NAN;
        c->difference_basis = str(o, "difference_basis");
        const cJSON *x;
        c->n_reported = c->n_derived = 0;
        c->reported = s->reported_pool + n_rep;
        cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "reported"))
            read_reported(&c->reported[c->n_reported++], x);
        n_rep += c->n_reported;
        c->derived = s->derived_pool + n_der;
        cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "derived"))
            read_derived(s, &c->derived[c->n_derived++], x, &n_parts, &n_src);
        n_der += c->n_derived;
        const cJSON *prev = cJSON_GetObjectItemCaseSensitive(o, "previous");
        c->has_previous = cJSON_IsObject(prev);
        c->previous_period = str(prev, "period");
        c->previous_value = num(prev, "value");
        c->change = num(prev, "change");
        c->change_pct = num(prev, "change_pct");
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
        h->partial = is_true(o, "partial");
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
        m->partial = is_true(o, "partial");
        sb_reset(&key);
        sb_printf(&key, "%s|%s|%s|%s", m->geo, m->period, m->programme, m->measure);
        strmap_put(&s->measure_index, key.data, (int)s->n_measures++);
    }
    sb_free(&key);
    s->quality = cJSON_GetObjectItemCaseSensitive(s->root, "quality");
    s->sources = cJSON_GetObjectItemCaseSensitive(s->root, "sources");
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
    free(s->reported_pool);
    free(s->derived_pool);
    free(s->part_pool);
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
