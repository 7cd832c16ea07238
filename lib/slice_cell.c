/* A cell of the slice read from its JSON into the typed model
 * (lib/slice.h): its flags as bits, the difference, the values reported,
 * the derivations with their parts, the previous period.  The lists of
 * every cell share a few arrays, counted before they are filled. */
#include <math.h>
#include <string.h>

#include "lib/util.h"
#include "slice_cell.h"

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

void slice_cell_lists_init(slice *s, slice_cell_lists *l, const cJSON *cells)
{
    const cJSON *o, *d;
    size_t n_rep = 0, n_der = 0, n_parts = 0, n_src = 0;
    cJSON_ArrayForEach(o, cells) {
        n_rep += size_of(o, "reported");
        cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(o, "derived")) {
            n_der++;
            n_parts += size_of(d, "parts");
            n_src += size_of(d, "sources");
        }
    }
    s->reported_pool = xcalloc(n_rep + 1, sizeof *s->reported_pool);
    s->derived_pool = xcalloc(n_der + 1, sizeof *s->derived_pool);
    s->part_pool = xcalloc(n_parts + 1, sizeof *s->part_pool);
    s->source_pool = xcalloc(n_src + 1, sizeof *s->source_pool);
    memset(l, 0, sizeof *l);
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

static void read_derived(slice *s, slice_cell_lists *l, slice_derived *d, const cJSON *o)
{
    d->basis = str(o, "basis");
    d->value = num(o, "value");
    d->have = int_or(o, "have", 0);
    d->of = int_or(o, "of", 0);
    d->partial = is_true(o, "partial");
    d->qualifier = str_or(o, "qualifier", "exact");
    const cJSON *x;
    d->sources = s->source_pool + l->sources;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "sources"))
        d->sources[d->n_sources++] = cJSON_IsString(x) ? x->valuestring : "";
    l->sources += d->n_sources;
    d->sources_more = int_or(o, "sources_more", 0);
    d->parts = s->part_pool + l->parts;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "parts")) {
        slice_part *p = &d->parts[d->n_parts++];
        p->facility = str(x, "facility");
        p->value = num(x, "value");
        p->source = str(x, "source");
        p->quote = str(x, "quote");
        p->file = str(x, "file");
        p->line = (long)num_or0(x, "line");
    }
    l->parts += d->n_parts;
    d->parts_more = int_or(o, "parts_more", 0);
}

void slice_cell_read(slice *s, slice_cell_lists *l, slice_cell *c, const cJSON *o)
{
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
    c->reported = s->reported_pool + l->reported;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "reported"))
        read_reported(&c->reported[c->n_reported++], x);
    l->reported += c->n_reported;
    c->derived = s->derived_pool + l->derived;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "derived"))
        read_derived(s, l, &c->derived[c->n_derived++], x);
    l->derived += c->n_derived;
    const cJSON *prev = cJSON_GetObjectItemCaseSensitive(o, "previous");
    c->has_previous = cJSON_IsObject(prev);
    c->previous_period = str(prev, "period");
    c->previous_value = num(prev, "value");
    c->change = num(prev, "change");
    c->change_pct = num(prev, "change_pct");
}
