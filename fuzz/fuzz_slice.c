/* libFuzzer harness: the bytes are a cube slice (taawun-cube/1,
 * docs/slice-format.md), read by slice_parse() into the typed model
 * (lib/slice.h); whatever loads is walked the way the renderers and mail
 * read it: every cell's lists, slice_get() and slice_measure() on what the
 * slice lists, the headlines, the report period, the names. */
#include <math.h>

#include "fuzz_common.h"
#include "lib/slice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static void touch(const char *s)
{
    sink += strlen(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    slice s;
    char err[256];
    if (slice_parse(&s, (const char *)data, size, "fuzz.json", err, sizeof err) != 0) {
        touch(err);
        return 0;
    }
    for (size_t i = 0; i < s.n_cells; i++) {
        const slice_cell *c = &s.cells[i];
        sink += c->flags + (size_t)c->flagged + (size_t)isnan(c->change_pct);
        touch(c->difference_basis);
        touch(c->previous_period);
        for (size_t k = 0; k < c->n_reported; k++) {
            const slice_reported *r = &c->reported[k];
            touch(r->qualifier), touch(r->source), touch(r->quote), touch(r->file), touch(r->note);
            touch(r->geo_as_reported), touch(r->reported_territory), touch(r->period_basis);
        }
        for (size_t k = 0; k < c->n_derived; k++) {
            const slice_derived *d = &c->derived[k];
            touch(d->basis), touch(d->qualifier);
            for (size_t j = 0; j < d->n_sources; j++)
                touch(d->sources[j]);
            for (size_t j = 0; j < d->n_parts; j++)
                touch(d->parts[j].facility), touch(d->parts[j].source), touch(d->parts[j].quote), touch(d->parts[j].file);
        }
        if (slice_get(&s, c->geo, c->period, c->programme, c->indicator, c->sex, c->area, c->item) == NULL)
            abort();   /* every cell read is found again */
        if (slice_cell_derived(c, c->basis))
            sink++;
        touch(slice_geo_name(&s, c->geo, "ar"));
    }
    for (size_t i = 0; i < s.n_measures; i++) {
        const slice_measure_fig *m = &s.measures[i];
        if (slice_measure(&s, m->geo, m->period, m->programme, m->measure) == NULL)
            abort();
    }
    for (size_t i = 0; i < s.n_headlines; i++) {
        touch(s.headlines[i].qualifier), touch(s.headlines[i].basis);
        if (slice_headline(&s, s.headlines[i].indicator))
            sink++;
    }
    for (size_t i = 0; i < s.n_failed_rules; i++)
        touch(s.failed_rules[i].rule), touch(s.failed_rules[i].programme), touch(s.failed_rules[i].operator_name);
    for (size_t i = 0; i < s.n_sources; i++)
        touch(s.source_list[i].id), touch(s.source_list[i].title), touch(s.source_list[i].published);
    static const char *const ind[] = {"centres", "beneficiaries", "female_share_pct", "budget_mad"};
    const char *p = slice_main_period(&s, ind, 4);
    if (p)
        touch(p);
    p = slice_latest_year(&s);
    if (p)
        touch(p);
    touch(slice_geo_name(&s, s.code, "fr"));
    slice_free(&s);
    return 0;
}
