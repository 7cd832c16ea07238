/* taawun-propose's output: a facts document in the contract's format
 * (docs/facts-format.md), with the reviewer's x_ fields. */
#include "prop_core.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

/* The contract field saying how the period was known. */
#define PERIOD_BASIS_FIELD "period_basis"

static cJSON *span(size_t s, size_t e)
{
    cJSON *a = cJSON_CreateArray();
    cJSON_AddItemToArray(a, cJSON_CreateNumber((double)s));
    cJSON_AddItemToArray(a, cJSON_CreateNumber((double)e));
    return a;
}

char *propose_document(const prop_result *r, const char *id, const char *title, const char *published,
                       const char *file)
{
    cJSON *doc = cJSON_CreateObject(), *src = cJSON_CreateObject(), *facts = cJSON_CreateArray();
    cJSON_AddStringToObject(doc, "format", "entraide-facts/1");
    cJSON_AddStringToObject(src, "id", id);
    if (title) cJSON_AddStringToObject(src, "title", title);
    if (published) cJSON_AddStringToObject(src, "published", published);
    cJSON_AddStringToObject(src, "lang", "ar");
    if (file) cJSON_AddStringToObject(src, "file", file);
    cJSON_AddItemToObject(doc, "source", src);
    for (size_t i = 0; i < r->nf; i++) {
        const prop_fact *f = &r->f[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "geo", f->geo);
        if (f->geo_as_reported) cJSON_AddStringToObject(o, "geo_as_reported", f->geo_as_reported);
        cJSON_AddStringToObject(o, "period", f->period);
        cJSON_AddStringToObject(o, PERIOD_BASIS_FIELD, f->period_basis);
        cJSON_AddStringToObject(o, "programme", f->programme);
        cJSON_AddStringToObject(o, "indicator", f->indicator);
        if (f->item) cJSON_AddStringToObject(o, "item", f->item);
        if (f->area) cJSON_AddStringToObject(o, "area", f->area);
        cJSON_AddNumberToObject(o, "value", f->value);
        cJSON_AddStringToObject(o, "qualifier", f->qualifier);
        cJSON_AddStringToObject(o, "quote", f->quote);
        if (f->note) cJSON_AddStringToObject(o, "note", f->note);
        cJSON_AddNumberToObject(o, "x_confidence", f->confidence);
        cJSON_AddStringToObject(o, "x_rule", f->rule);
        cJSON_AddItemToObject(o, "x_span", span(f->span_s, f->span_e));
        cJSON_AddItemToArray(facts, o);
    }
    cJSON_AddItemToObject(doc, "facts", facts);
    cJSON *rej = cJSON_CreateArray();
    for (size_t i = 0; i < r->nr; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "text", r->r[i].text);
        cJSON_AddNumberToObject(o, "value", r->r[i].value);
        cJSON_AddStringToObject(o, "reason", r->r[i].reason);
        cJSON_AddItemToObject(o, "x_span", span(r->r[i].span_s, r->r[i].span_e));
        cJSON_AddItemToArray(rej, o);
    }
    cJSON_AddItemToObject(doc, "x_rejected", rej);
    if (r->note) cJSON_AddStringToObject(doc, "x_note", r->note);
    cJSON_AddStringToObject(doc, "x_generator", "taawun-propose " TAAWUN_VERSION);
    char *s = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!s) { fprintf(stderr, "taawun-propose: out of memory\n"); exit(4); }
    return s;
}
