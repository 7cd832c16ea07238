/* A cell of the slice read from its JSON into the typed model
 * (lib/slice.h): its flags as bits, the difference, the values reported,
 * the derivations with their parts, the previous period.  The lists of
 * every cell share a few arrays, counted before they are filled. */
#include <math.h>
#include <string.h>

#include "lib/util.h"
#include "slice_cell.h"

/* The first member of o named k (what cJSON_GetObjectItemCaseSensitive
 * finds), the reading below taking the same one. */
/* A source line number, 0 when absent or not one (a slice is read as
 * untrusted input: a huge number must not overflow the cast). */
static long line_number(const cJSON *v)
{
    return cJSON_IsNumber(v) && v->valuedouble >= 1 && v->valuedouble < 1e15 ? (long)v->valuedouble : 0;
}

static const cJSON *member(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static size_t size_of(const cJSON *o, const char *k)
{
    return (size_t)cJSON_GetArraySize(member(o, k));
}

void slice_cell_lists_init(slice *s, slice_cell_lists *l, const cJSON *cells)
{
    const cJSON *o, *d;
    size_t n_rep = 0, n_der = 0, n_parts = 0, n_src = 0, n_terms = 0;
    cJSON_ArrayForEach(o, cells) {
        n_rep += size_of(o, "reported");
        cJSON_ArrayForEach(d, member(o, "derived")) {
            n_der++;
            n_parts += size_of(d, "parts");
            n_src += size_of(d, "sources");
            n_terms += size_of(d, "terms");
        }
    }
    s->reported_pool = xcalloc(n_rep + 1, sizeof *s->reported_pool);
    s->derived_pool = xcalloc(n_der + 1, sizeof *s->derived_pool);
    s->part_pool = xcalloc(n_parts + 1, sizeof *s->part_pool);
    s->source_pool = xcalloc(n_src + 1, sizeof *s->source_pool);
    s->term_pool = xcalloc(n_terms + 1, sizeof *s->term_pool);
    memset(l, 0, sizeof *l);
}

/* The members of an object are read in one pass (a slice has tens of
 * thousands of these objects; a look-up per key would scan the members
 * again for each). */
static const char *sval(const cJSON *v)
{
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double nval(const cJSON *v)
{
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

#define KEY(k) (!strcmp(key, (k)))

static void read_reported(slice_reported *r, const cJSON *o)
{
    *r = (slice_reported){.value = NAN, .qualifier = "exact", .source = "", .quote = "", .file = "",
                          .geo_as_reported = "", .reported_territory = "", .reported_territory_provinces = -1,
                          .territory_provinces = -1, .note = "", .period_basis = ""};
    for (const cJSON *v = o ? o->child : NULL; v; v = v->next) {
        const char *key = v->string ? v->string : "";
        switch (key[0]) {
        case 'v': if (KEY("value")) r->value = nval(v); break;
        case 'q':
            if (KEY("qualifier") && cJSON_IsString(v)) r->qualifier = v->valuestring;
            else if (KEY("quote")) r->quote = sval(v);
            break;
        case 's': if (KEY("source")) r->source = sval(v); break;
        case 'f': if (KEY("file")) r->file = sval(v); break;
        case 'l': if (KEY("line")) r->line = line_number(v); break;
        case 'g': if (KEY("geo_as_reported")) r->geo_as_reported = sval(v); break;
        case 'r':
            if (KEY("reported_territory")) r->reported_territory = sval(v);
            else if (KEY("reported_territory_provinces") && cJSON_IsNumber(v)) r->reported_territory_provinces = v->valueint;
            break;
        case 't': if (KEY("territory_provinces") && cJSON_IsNumber(v)) r->territory_provinces = v->valueint; break;
        case 'n': if (KEY("note")) r->note = sval(v); break;
        case 'p': if (KEY("period_basis")) r->period_basis = sval(v); break;
        default: break;
        }
    }
}

static void read_part(slice_part *p, const cJSON *o)
{
    *p = (slice_part){.facility = "", .value = NAN, .qualifier = "exact", .source = "", .quote = "", .file = ""};
    for (const cJSON *v = o ? o->child : NULL; v; v = v->next) {
        const char *key = v->string ? v->string : "";
        switch (key[0]) {
        case 'f':
            if (KEY("facility")) p->facility = sval(v);
            else if (KEY("file")) p->file = sval(v);
            break;
        case 'v': if (KEY("value")) p->value = nval(v); break;
        case 's': if (KEY("source")) p->source = sval(v); break;
        case 'q':
            if (KEY("quote")) p->quote = sval(v);
            else if (KEY("qualifier") && cJSON_IsString(v)) p->qualifier = v->valuestring;
            break;
        case 'l': if (KEY("line")) p->line = line_number(v); break;
        default: break;
        }
    }
}

static void read_term(slice_term *t, const cJSON *o)
{
    *t = (slice_term){.value = NAN, .qualifier = "exact", .dim = "", .code = ""};
    for (const cJSON *v = o ? o->child : NULL; v; v = v->next) {
        const char *key = v->string ? v->string : "";
        if (KEY("value"))
            t->value = nval(v);
        else if (KEY("qualifier") && cJSON_IsString(v))
            t->qualifier = v->valuestring;
        else if ((KEY("geo") || KEY("period") || KEY("programme") || KEY("sex") || KEY("area")) && cJSON_IsString(v)) {
            t->dim = key;
            t->code = v->valuestring;
        }
    }
}

void slice_only_read(slice_only *o, const cJSON *v)
{
    *o = (slice_only){.set = cJSON_IsObject(v), .sex = "", .area = ""};
    for (const cJSON *x = o->set ? v->child : NULL; x; x = x->next) {
        const char *key = x->string ? x->string : "";
        if (KEY("sex"))
            o->sex = sval(x);
        else if (KEY("area"))
            o->area = sval(x);
        else if (KEY("partial"))
            o->partial = cJSON_IsTrue(x);
    }
}

static void read_derived(slice *s, slice_cell_lists *l, slice_derived *d, const cJSON *o)
{
    *d = (slice_derived){.basis = "", .value = NAN, .qualifier = "exact", .sources = s->source_pool + l->sources,
                         .parts = s->part_pool + l->parts, .terms = s->term_pool + l->terms};
    int seen_parts = 0, seen_sources = 0, seen_terms = 0;
    for (const cJSON *v = o ? o->child : NULL; v; v = v->next) {
        const char *key = v->string ? v->string : "";
        const cJSON *x;
        switch (key[0]) {
        case 'b': if (KEY("basis")) d->basis = sval(v); break;
        case 'v': if (KEY("value")) d->value = nval(v); break;
        case 'd': if (KEY("disagrees")) d->disagrees = cJSON_IsTrue(v); break;
        case 't':
            if (KEY("terms") && !seen_terms++)
                cJSON_ArrayForEach(x, v)
                    read_term(&d->terms[d->n_terms++], x);
            break;
        case 'h': if (KEY("have") && cJSON_IsNumber(v)) d->have = v->valueint; break;
        case 'o': if (KEY("of") && cJSON_IsNumber(v)) d->of = v->valueint; break;
        case 'q': if (KEY("qualifier") && cJSON_IsString(v)) d->qualifier = v->valuestring; break;
        case 'p':
            if (KEY("partial"))
                d->partial = cJSON_IsTrue(v);
            else if (KEY("parts") && !seen_parts++)
                cJSON_ArrayForEach(x, v)
                    read_part(&d->parts[d->n_parts++], x);
            else if (KEY("parts_more") && cJSON_IsNumber(v))
                d->parts_more = v->valueint;
            break;
        case 's':
            if (KEY("sources") && !seen_sources++)
                cJSON_ArrayForEach(x, v)
                    d->sources[d->n_sources++] = sval(x);
            else if (KEY("sources_more") && cJSON_IsNumber(v))
                d->sources_more = v->valueint;
            break;
        default: break;
        }
    }
    l->sources += d->n_sources;
    l->parts += d->n_parts;
    l->terms += d->n_terms;
}

void slice_cell_read(slice *s, slice_cell_lists *l, slice_cell *c, const cJSON *o)
{
    c->flags = 0;
    c->has_difference = 0;
    c->difference = NAN;
    c->difference_basis = "";
    c->n_reported = c->n_derived = 0;
    c->reported = s->reported_pool + l->reported;
    c->derived = s->derived_pool + l->derived;
    c->has_previous = 0;
    c->previous_period = "";
    c->previous_value = c->change = c->change_pct = NAN;
    slice_only_read(&c->only, NULL);
    int seen_rep = 0, seen_der = 0, seen_only = 0;
    for (const cJSON *v = o->child; v; v = v->next) {
        const char *key = v->string ? v->string : "";
        const cJSON *x;
        switch (key[0]) {
        case 'f':
            if (KEY("flags"))
                cJSON_ArrayForEach(x, v)
                    if (cJSON_IsString(x))
                        c->flags |= slice_flag_bit(x->valuestring);
            break;
        case 'd':
            if (KEY("difference")) {
                c->has_difference = cJSON_IsNumber(v);
                c->difference = nval(v);
            } else if (KEY("difference_basis")) {
                c->difference_basis = sval(v);
            } else if (KEY("derived") && !seen_der++) {
                cJSON_ArrayForEach(x, v)
                    read_derived(s, l, &c->derived[c->n_derived++], x);
            }
            break;
        case 'r':
            if (KEY("reported") && !seen_rep++)
                cJSON_ArrayForEach(x, v)
                    read_reported(&c->reported[c->n_reported++], x);
            break;
        case 'o':
            if (KEY("only") && !seen_only++)
                slice_only_read(&c->only, v);
            break;
        case 'p':
            if (KEY("previous") && cJSON_IsObject(v)) {
                c->has_previous = 1;
                for (x = v->child; x; x = x->next) {
                    const char *pk = x->string ? x->string : "";
                    if (!strcmp(pk, "period"))
                        c->previous_period = sval(x);
                    else if (!strcmp(pk, "value"))
                        c->previous_value = nval(x);
                    else if (!strcmp(pk, "change"))
                        c->change = nval(x);
                    else if (!strcmp(pk, "change_pct"))
                        c->change_pct = nval(x);
                }
            }
            break;
        default: break;
        }
    }
    c->flagged = (c->flags & SLICE_FLAGS_DISAGREE) != 0;
    l->reported += c->n_reported;
    l->derived += c->n_derived;
}
