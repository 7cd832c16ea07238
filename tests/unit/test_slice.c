/* Unit tests of the slice module (cmocka): the typed model read from a
 * small slice (flags as bits, reported values in order, derivations and
 * their parts, previous period, headlines, measures), the flag names shared
 * by writer and reader, and a round trip: facts into a cube, the cube
 * written as slices by lib/slice_write.c, read back by lib/slice_read.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/cube.h"
#include "lib/fact.h"
#include "lib/slice.h"
#include "lib/slice_write.h"
#include "lib/util.h"

/* A small slice as taawun-aggregate writes it (docs/slice-format.md). */
static const char SMALL[] =
    "{\"format\": \"taawun-cube/1\",\n"
    "\"scope\": {\"code\": \"MA-AZI\", \"level\": \"province\", \"name_ar\": \"أزيلال\", \"name_fr\": \"Azilal\", \"parent\": \"MA-05\"},\n"
    "\"children\": [],\n"
    "\"periods\": [{\"code\": \"2018\", \"kind\": \"year\"}, {\"code\": \"2019\", \"kind\": \"year\"}],\n"
    "\"synthetic\": false,\n"
    "\"data_version\": \"0123456789abcdef\",\n"
    "\"cells\": [\n"
    "  {\"geo\":\"MA-AZI\",\"period\":\"2019\",\"programme\":\"kindergarten\",\"indicator\":\"beneficiaries\",\"sex\":\"\","
    "\"area\":\"\",\"item\":\"\",\"value\":1200,\"basis\":\"reported\",\"partial\":false,\"qualifier\":\"approx\","
    "\"flags\":[\"differs\",\"conflicting_sources\"],\"difference\":-150,\"difference_basis\":\"facilities\","
    "\"reported\":[{\"value\":1200,\"qualifier\":\"approx\",\"source\":\"s2\",\"quote\":\"نحو 1200\",\"file\":\"b.json\",\"line\":7,"
    "\"geo_as_reported\":\"جهة تادلة أزيلال\",\"reported_territory\":\"OLD-05\",\"reported_territory_provinces\":3,"
    "\"territory_provinces\":0,\"period_basis\":\"publication\"},"
    "{\"value\":1100,\"qualifier\":\"exact\",\"source\":\"s1\",\"quote\":\"\",\"file\":\"a.json\",\"line\":3,\"note\":\"typed twice\"}],"
    "\"derived\":[{\"basis\":\"facilities\",\"value\":1050,\"have\":2,\"of\":0,\"partial\":false,\"qualifier\":\"at_least\","
    "\"sources\":[\"s3\"],\"parts\":[{\"facility\":\"روض 1\",\"value\":600,\"source\":\"s3\",\"quote\":\"600\",\"file\":\"c.json\",\"line\":1},"
    "{\"facility\":\"روض 2\",\"value\":450,\"source\":\"s3\",\"quote\":\"\",\"file\":\"c.json\",\"line\":2}],\"parts_more\":0}],"
    "\"previous\":{\"period\":\"2018\",\"value\":1000,\"change\":200,\"change_pct\":20}},\n"
    "  {\"geo\":\"MA-AZI\",\"period\":\"2019\",\"programme\":\"all\",\"indicator\":\"beneficiaries\",\"sex\":\"\","
    "\"area\":\"\",\"item\":\"\",\"value\":1200,\"basis\":\"programmes\",\"partial\":true,\"qualifier\":\"exact\","
    "\"flags\":[\"partial\",\"synthetic\"],\"reported\":[],\"derived\":[{\"basis\":\"programmes\",\"value\":1200,\"have\":1,"
    "\"of\":9,\"partial\":true,\"sources\":[\"s2\"],\"sources_more\":2}],"
    "\"previous\":{\"period\":\"2018\",\"value\":0,\"change\":1200,\"change_pct\":null}}\n"
    "],\n"
    "\"headlines\": [\n"
    "  {\"indicator\":\"beneficiaries\",\"period\":\"2019\",\"value\":1200,\"qualifier\":\"exact\",\"basis\":\"programmes\",\"partial\":true}\n"
    "],\n"
    "\"measures\": [\n"
    "  {\"geo\":\"MA-AZI\",\"period\":\"2019\",\"programme\":\"kindergarten\",\"measure\":\"beneficiaries_per_centre\",\"value\":37.5,\"partial\":false}\n"
    "],\n"
    "\"quality\": [\n"
    "  {\"rule\":\"programme_centres_add_up\",\"importance\":\"medium\",\"operator\":\"==\",\"geo\":\"MA-AZI\","
    "\"period\":\"2019\",\"programme\":null,\"left\":115,\"right\":null,\"verdict\":\"fail\"}\n"
    "],\n"
    "\"quality_summary\": {\"failed\": 1, \"passed\": 4},\n"
    "\"sources\": [\n"
    "  {\"id\":\"s2\",\"title\":\"مقال\",\"published\":\"2020-01\",\"input\":\"b.json\",\"synthetic\":false},\n"
    "  {\"id\":\"s3\",\"input\":\"c.json\",\"synthetic\":true}\n"
    "]\n"
    "}\n";

static void test_slice_flag_names(void **state)
{
    (void)state;
    for (int k = 0; k < SLICE_N_FLAGS; k++)
        assert_int_equal(slice_flag_bit(slice_flag_names[k]), 1u << k);
    assert_int_equal(slice_flag_bit("conflicting_sources"), SLICE_FLAG_CONFLICT);
    assert_int_equal(slice_flag_bit("parts_exceed_total"), SLICE_FLAG_PARTS_EXCEED);
    assert_int_equal(slice_flag_bit("no_such_flag"), 0);
    /* the cube's bits are the slice's */
    assert_int_equal(FLAG_DERIVED_DIFFER, SLICE_FLAG_DERIVED_DIFFER);
    assert_int_equal(FLAG_SYNTHETIC, SLICE_FLAG_SYNTHETIC);
}

static void test_slice_typed(void **state)
{
    (void)state;
    slice s;
    char err[256];
    assert_int_equal(slice_parse(&s, SMALL, sizeof SMALL - 1, "small.json", err, sizeof err), 0);
    assert_string_equal(s.code, "MA-AZI");
    assert_string_equal(s.parent, "MA-05");
    assert_string_equal(s.data_version, "0123456789abcdef");
    assert_int_equal(s.n_periods, 2);
    assert_int_equal(s.n_cells, 2);

    const slice_cell *c = slice_get(&s, "MA-AZI", "2019", "kindergarten", "beneficiaries", "", "", "");
    assert_non_null(c);
    assert_true(c->value == 1200);
    assert_string_equal(c->basis, "reported");
    assert_string_equal(c->qualifier, "approx");
    /* flags: bits, not names */
    assert_int_equal(c->flags, SLICE_FLAG_DIFFERS | SLICE_FLAG_CONFLICT);
    assert_true(c->flagged);
    assert_true(c->has_difference);
    assert_true(c->difference == -150);
    assert_string_equal(c->difference_basis, "facilities");
    /* reported values in the slice's order: the value shown first */
    assert_int_equal(c->n_reported, 2);
    assert_true(c->reported[0].value == 1200);
    assert_string_equal(c->reported[0].source, "s2");
    assert_string_equal(c->reported[0].qualifier, "approx");
    assert_string_equal(c->reported[0].period_basis, "publication");
    assert_string_equal(c->reported[0].geo_as_reported, "جهة تادلة أزيلال");
    assert_string_equal(c->reported[0].reported_territory, "OLD-05");
    assert_int_equal(c->reported[0].reported_territory_provinces, 3);
    assert_int_equal(c->reported[0].line, 7);
    assert_true(c->reported[1].value == 1100);
    assert_string_equal(c->reported[1].source, "s1");
    assert_string_equal(c->reported[1].note, "typed twice");
    assert_string_equal(c->reported[1].period_basis, "");      /* stated */
    assert_int_equal(c->reported[1].reported_territory_provinces, -1);
    /* derivations and the centres' parts */
    assert_int_equal(c->n_derived, 1);
    const slice_derived *d = slice_cell_derived(c, "facilities");
    assert_ptr_equal(d, &c->derived[0]);
    assert_null(slice_cell_derived(c, "months"));
    assert_true(d->value == 1050);
    assert_int_equal(d->have, 2);
    assert_int_equal(d->of, 0);
    assert_string_equal(d->qualifier, "at_least");
    assert_int_equal(d->n_sources, 1);
    assert_string_equal(d->sources[0], "s3");
    assert_int_equal(d->n_parts, 2);
    assert_string_equal(d->parts[1].facility, "روض 2");
    assert_true(d->parts[1].value == 450);
    assert_int_equal(d->parts[1].line, 2);
    /* the previous period */
    assert_true(c->has_previous);
    assert_string_equal(c->previous_period, "2018");
    assert_true(c->previous_value == 1000 && c->change == 200 && c->change_pct == 20);

    const slice_cell *all = slice_get(&s, "MA-AZI", "2019", "all", "beneficiaries", NULL, NULL, NULL);
    assert_non_null(all);
    assert_int_equal(all->flags, SLICE_FLAG_PARTIAL | SLICE_FLAG_SYNTHETIC);
    assert_false(all->flagged);                  /* partial and synthetic are not disagreements */
    assert_true(all->partial);
    assert_false(all->has_difference);
    assert_int_equal(all->n_reported, 0);
    assert_string_equal(all->derived[0].qualifier, "exact");   /* absent: exact */
    assert_int_equal(all->derived[0].sources_more, 2);
    assert_true(isnan(all->change_pct));         /* null: the previous was 0 */

    /* headlines and measures */
    assert_int_equal(s.n_headlines, 1);
    const slice_headline_fig *h = slice_headline_of(&s, "beneficiaries");
    assert_non_null(h);
    assert_string_equal(h->period, "2019");
    assert_true(h->partial);
    assert_ptr_equal(slice_headline(&s, "beneficiaries"), all);
    assert_null(slice_headline_of(&s, "centres"));
    const slice_measure_fig *m = slice_measure(&s, "MA-AZI", "2019", "kindergarten", "beneficiaries_per_centre");
    assert_non_null(m);
    assert_true(m->value == 37.5);
    assert_false(m->partial);
    assert_null(slice_measure(&s, "MA-AZI", "2018", "kindergarten", "beneficiaries_per_centre"));
    /* failed rules, their summary, the sources cited */
    assert_int_equal(s.n_failed_rules, 1);
    assert_string_equal(s.failed_rules[0].rule, "programme_centres_add_up");
    assert_string_equal(s.failed_rules[0].operator_name, "==");
    assert_string_equal(s.failed_rules[0].programme, "all");   /* null: every programme */
    assert_true(s.failed_rules[0].has_left && s.failed_rules[0].left == 115);
    assert_false(s.failed_rules[0].has_right);
    assert_true(s.rules_failed == 1 && s.rules_passed == 4);
    assert_int_equal(s.n_sources, 2);
    assert_string_equal(s.source_list[0].published, "2020-01");
    assert_true(s.source_list[0].has_title);
    assert_false(s.source_list[1].has_title);
    assert_string_equal(s.source_list[1].title, "");
    assert_true(s.source_list[1].synthetic);
    const char *ind[] = {"beneficiaries"};
    assert_string_equal(slice_main_period(&s, ind, 1), "2019");
    assert_string_equal(slice_latest_year(&s), "2019");
    slice_free(&s);
}

static void test_slice_not_a_slice(void **state)
{
    (void)state;
    slice s;
    char err[256];
    const char bad[] = "{\"format\": \"taawun-cube/2\"}";
    assert_int_equal(slice_parse(&s, bad, sizeof bad - 1, "x.json", err, sizeof err), -2);
    assert_string_equal(err, "x.json: not a cube slice (expected format taawun-cube/1; rerun aggregate)");
    assert_int_equal(slice_parse(&s, "{", 1, "y.json", err, sizeof err), -2);
    errno = 0;
    assert_int_equal(slice_load(&s, "/nonexistent/slice.json", err, sizeof err), -1);
    assert_int_equal(errno, ENOENT);
    assert_string_equal(err, "cannot read /nonexistent/slice.json: No such file or directory");
}

/* ---- round trip: the writer's slices read back -------------------------------- */

/* Issue 13's keys (docs/slice-format.md): derived[].disagrees and
 * derived[].terms, "only" on a cell and on a headline, every part. */
static const char ISSUE13[] =
    "{\"format\": \"taawun-cube/1\",\n"
    "\"scope\": {\"code\": \"MA-AZI\", \"level\": \"province\", \"name_ar\": \"أزيلال\", \"name_fr\": \"Azilal\", \"parent\": \"MA-05\"},\n"
    "\"children\": [], \"periods\": [{\"code\": \"2015\", \"kind\": \"year\"}], \"synthetic\": false,\n"
    "\"cells\": [\n"
    "  {\"geo\":\"MA-AZI\",\"period\":\"2015\",\"programme\":\"food_aid\",\"indicator\":\"families\",\"sex\":\"\","
    "\"area\":\"\",\"item\":\"\",\"value\":10548,\"basis\":\"reported\",\"partial\":false,\"qualifier\":\"exact\","
    "\"flags\":[\"differs\"],\"difference\":-1980,\"difference_basis\":\"areas\","
    "\"reported\":[{\"value\":10548,\"qualifier\":\"exact\",\"source\":\"s1\",\"quote\":\"\",\"file\":\"a.json\",\"line\":1}],"
    "\"derived\":[{\"basis\":\"areas\",\"value\":8568,\"have\":2,\"of\":3,\"partial\":false,\"qualifier\":\"at_least\","
    "\"sources\":[\"s1\"],\"disagrees\":true,\"terms\":[{\"area\":\"urban\",\"value\":220,\"qualifier\":\"at_least\"},"
    "{\"area\":\"rural\",\"value\":8348}]},"
    "{\"basis\":\"facilities\",\"value\":45,\"have\":9,\"of\":0,\"partial\":false,\"sources\":[\"s1\"],"
    "\"disagrees\":true,\"parts\":["
    "{\"facility\":\"c1\",\"value\":1,\"source\":\"s1\"},{\"facility\":\"c2\",\"value\":2,\"source\":\"s1\"},"
    "{\"facility\":\"c3\",\"value\":3,\"source\":\"s1\"},{\"facility\":\"c4\",\"value\":4,\"source\":\"s1\"},"
    "{\"facility\":\"c5\",\"value\":5,\"source\":\"s1\"},{\"facility\":\"c6\",\"value\":6,\"source\":\"s1\"},"
    "{\"facility\":\"c7\",\"value\":7,\"source\":\"s1\"},{\"facility\":\"c8\",\"value\":8,\"source\":\"s1\"},"
    "{\"facility\":\"c9\",\"value\":9,\"source\":\"s1\"}],\"parts_more\":0},"
    "{\"basis\":\"programmes\",\"value\":10548,\"have\":1,\"of\":9,\"partial\":true,\"sources\":[\"s1\"]}]},\n"
    "  {\"geo\":\"MA-AZI\",\"period\":\"2015\",\"programme\":\"all\",\"indicator\":\"beneficiaries\",\"sex\":\"\","
    "\"area\":\"\",\"item\":\"\",\"value\":827,\"basis\":\"sexes\",\"partial\":true,\"qualifier\":\"exact\","
    "\"flags\":[\"partial\"],\"reported\":[],\"derived\":[{\"basis\":\"sexes\",\"value\":827,\"have\":1,\"of\":2,"
    "\"partial\":true,\"sources\":[\"s1\"]}],\"only\":{\"sex\":\"female\",\"partial\":true}}\n"
    "],\n"
    "\"headlines\": [\n"
    "  {\"indicator\":\"beneficiaries\",\"period\":\"2015\",\"value\":827,\"qualifier\":\"exact\",\"basis\":\"sexes\","
    "\"partial\":true,\"only\":{\"sex\":\"female\",\"area\":\"rural\",\"partial\":false}},\n"
    "  {\"indicator\":\"families\",\"period\":\"2015\",\"value\":10548,\"qualifier\":\"exact\",\"basis\":\"reported\",\"partial\":false}\n"
    "],\n"
    "\"measures\": [], \"quality\": [],\n"
    "\"sources\": [{\"id\":\"s1\",\"title\":\"MADE-UP article\",\"input\":\"a.json\",\"synthetic\":false},"
    "{\"id\":\"s2\",\"title\":\"\",\"input\":\"b.json\",\"synthetic\":false}]\n"
    "}\n";

static void test_slice_issue13_keys(void **state)
{
    (void)state;
    slice s;
    char err[256];
    assert_int_equal(slice_parse(&s, ISSUE13, sizeof ISSUE13 - 1, "issue13.json", err, sizeof err), 0);
    const slice_cell *c = slice_get(&s, "MA-AZI", "2015", "food_aid", "families", "", "", "");
    assert_non_null(c);
    assert_int_equal(c->n_derived, 3);
    /* a sum that disagrees, with the values it added up */
    const slice_derived *d = slice_cell_derived(c, "areas");
    assert_non_null(d);
    assert_true(d->disagrees);
    assert_int_equal(d->n_terms, 2);
    assert_string_equal(d->terms[0].dim, "area");
    assert_string_equal(d->terms[0].code, "urban");
    assert_true(d->terms[0].value == 220);
    assert_string_equal(d->terms[0].qualifier, "at_least");
    assert_string_equal(d->terms[1].code, "rural");
    assert_true(d->terms[1].value == 8348);
    assert_string_equal(d->terms[1].qualifier, "exact");   /* absent: exact */
    /* a sum of centres: no terms, its parts, all nine of them */
    d = slice_cell_derived(c, "facilities");
    assert_true(d->disagrees);
    assert_int_equal(d->n_terms, 0);
    assert_int_equal(d->n_parts, 9);
    assert_string_equal(d->parts[8].facility, "c9");
    assert_true(d->parts[8].value == 9);
    assert_int_equal(d->parts_more, 0);
    /* a sum that agrees says nothing */
    d = slice_cell_derived(c, "programmes");
    assert_false(d->disagrees);
    assert_int_equal(d->n_terms, 0);
    assert_false(c->only.set);
    assert_string_equal(c->only.sex, "");
    /* one sex only, itself partial */
    const slice_cell *w = slice_get(&s, "MA-AZI", "2015", "all", "beneficiaries", "", "", "");
    assert_non_null(w);
    assert_true(w->only.set);
    assert_string_equal(w->only.sex, "female");
    assert_string_equal(w->only.area, "");
    assert_true(w->only.partial);
    /* on the headlines too */
    const slice_headline_fig *h = slice_headline_of(&s, "beneficiaries");
    assert_true(h->only.set);
    assert_string_equal(h->only.sex, "female");
    assert_string_equal(h->only.area, "rural");
    assert_false(h->only.partial);
    h = slice_headline_of(&s, "families");
    assert_false(h->only.set);
    assert_string_equal(h->only.area, "");
    /* sources by title, the id where there is none */
    assert_string_equal(slice_source_title(&s, "s1"), "MADE-UP article");
    assert_string_equal(slice_source_title(&s, "s2"), "s2");
    assert_string_equal(slice_source_title(&s, "s9"), "s9");
    slice_free(&s);
}

static void add_fact(aggregate *a, const char *json, size_t line)
{
    diag d;
    diag_init(&d, 10);
    strbuf ext;
    sb_init(&ext);
    cJSON *j = cJSON_Parse(json);
    fact_origin o = {.d = &d, .text = json, .root = j, .base_line = 1};
    fact f;
    assert_int_equal(fact_from_json(&f, j, NULL, &a->cat, &o, &ext), 0);
    f.file = "t.ndjson";
    f.line = line;
    cube_add_fact(&a->cb, &f);
    fact_origin_free(&o);
    cJSON_Delete(j);
    sb_free(&ext);
}

/* Every cell's typed fields against its JSON (reported order, flags by
 * name in bit order, derivations). */
static void check_against_json(const slice *s)
{
    const cJSON *o;
    size_t i = 0;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(s->root, "cells")) {
        const slice_cell *c = &s->cells[i++];
        assert_string_equal(c->indicator, cJSON_GetObjectItemCaseSensitive(o, "indicator")->valuestring);
        assert_true(c->value == cJSON_GetObjectItemCaseSensitive(o, "value")->valuedouble);
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "flags")->child;
        for (int k = 0; k < SLICE_N_FLAGS; k++)
            if (c->flags & (1u << k)) {
                assert_non_null(f);
                assert_string_equal(f->valuestring, slice_flag_names[k]);
                f = f->next;
            }
        assert_null(f);
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "reported")->child;
        for (size_t k = 0; k < c->n_reported; k++, r = r->next)
            assert_true(c->reported[k].value == cJSON_GetObjectItemCaseSensitive(r, "value")->valuedouble);
        assert_null(r);
        assert_int_equal(c->n_derived, cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "derived")));
    }
    assert_int_equal(i, s->n_cells);
}

static void test_slice_round_trip(void **state)
{
    (void)state;
    aggregate a;
    memset(&a, 0, sizeof a);
    diag d;
    diag_init(&d, 10);
    assert_int_equal(catalog_load(&a.cat, "input/catalog", &d), 0);
    cube_init(&a.cb, &a.cat);
    a.cb.approx_tolerance = 0.05;
    /* made-up figures: two sources disagree on 2019, 2018 is the previous year */
    add_fact(&a, "{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"kindergarten\", \"indicator\": \"beneficiaries\","
                 " \"value\": 1200, \"source\": \"made_up_b\", \"quote\": \"1200\"}", 1);
    add_fact(&a, "{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"kindergarten\", \"indicator\": \"beneficiaries\","
                 " \"value\": 900, \"source\": \"made_up_a\"}", 2);
    add_fact(&a, "{\"geo\": \"MA-AZI\", \"period\": \"2018\", \"programme\": \"kindergarten\", \"indicator\": \"beneficiaries\","
                 " \"value\": 1000, \"source\": \"made_up_a\"}", 3);
    add_fact(&a, "{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"kindergarten\", \"indicator\": \"centres\","
                 " \"value\": 40, \"source\": \"made_up_a\"}", 4);
    /* made-up: a total and its urban and rural parts that disagree; women
     * only for the whole institution; nine centres' grants */
    add_fact(&a, "{\"geo\": \"MA-AZI\", \"period\": \"2015\", \"programme\": \"food_aid\", \"indicator\": \"families\","
                 " \"value\": 10548, \"source\": \"made_up_a\"}", 5);
    add_fact(&a, "{\"geo\": \"MA-AZI\", \"period\": \"2015\", \"programme\": \"food_aid\", \"indicator\": \"families\","
                 " \"area\": \"urban\", \"value\": 220, \"source\": \"made_up_a\"}", 6);
    add_fact(&a, "{\"geo\": \"MA-AZI\", \"period\": \"2015\", \"programme\": \"food_aid\", \"indicator\": \"families\","
                 " \"area\": \"rural\", \"value\": 8348, \"source\": \"made_up_a\"}", 7);
    add_fact(&a, "{\"geo\": \"MA-AZI\", \"period\": \"2015\", \"programme\": \"all\", \"indicator\": \"beneficiaries\","
                 " \"sex\": \"female\", \"value\": 827, \"source\": \"made_up_a\"}", 8);
    for (int k = 1; k <= 9; k++) {
        char line[320];
        snprintf(line, sizeof line,
                 "{\"geo\": \"MA-AZI\", \"period\": \"2016\", \"programme\": \"kindergarten\", \"indicator\": \"budget_mad\","
                 " \"facility\": \"Centre fictif %d\", \"value\": %d, \"source\": \"made_up_a\"}", k, 1000 * k);
        add_fact(&a, line, (size_t)(8 + k));
    }
    cube_finish(&a.cb);
    a.sorted = cube_sorted(&a.cb, &a.n_sorted);
    index_runs(&a);
    a.measures = xcalloc(1, sizeof *a.measures);
    a.measures[0] = (measure){.code = xstrdup("beneficiaries_per_centre"), .num = catalog_indicator(&a.cat, "beneficiaries"),
                              .den = catalog_indicator(&a.cat, "centres"), .scale = 1};
    a.n_measures = 1;
    a.sources = cJSON_CreateArray();
    slice_prepare(&a);
    source_texts(&a);
    char dir[] = "/tmp/test_slice.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cdir[64], path[96];
    snprintf(cdir, sizeof cdir, "%s/cube", dir);
    assert_int_equal(make_dirs(cdir), 0);
    int scopes[] = {catalog_geo(&a.cat, "MA-AZI"), catalog_geo(&a.cat, "MA-05")};
    assert_int_equal(write_slices(&a, scopes, 2, dir), 2);
    assert_int_equal(write_slices(&a, scopes, 2, dir), 0);   /* same bytes: nothing rewritten */

    slice s;
    char err[256];
    snprintf(path, sizeof path, "%s/MA-AZI.json", cdir);
    assert_int_equal(slice_load(&s, path, err, sizeof err), 0);
    check_against_json(&s);
    const slice_cell *c = slice_get(&s, "MA-AZI", "2019", "kindergarten", "beneficiaries", "", "", "");
    assert_non_null(c);
    assert_int_equal(c->flags & SLICE_FLAG_CONFLICT, SLICE_FLAG_CONFLICT);
    assert_int_equal(c->n_reported, 2);
    assert_true(c->reported[0].value == c->value);   /* the value shown is reported[0] */
    assert_true(c->has_previous);
    assert_string_equal(c->previous_period, "2018");
    assert_true(c->previous_value == 1000);
    assert_true(c->change == c->value - 1000);
    assert_true(c->change_pct == round((c->value - 1000) / 1000 * 1e6) / 1e4);
    const slice_measure_fig *m = slice_measure(&s, "MA-AZI", "2019", "kindergarten", "beneficiaries_per_centre");
    assert_non_null(m);
    assert_true(m->value == round(c->value / 40 * 100) / 100);
    const slice_headline_fig *h = slice_headline_of(&s, "centres");
    assert_non_null(h);
    assert_string_equal(h->period, "2019");
    assert_true(h->value == 40);
    assert_string_equal(slice_headline(&s, "centres")->programme, "all");
    /* issue 13: the urban and rural parts that disagree, named */
    c = slice_get(&s, "MA-AZI", "2015", "food_aid", "families", "", "", "");
    assert_non_null(c);
    assert_true(c->value == 10548);
    assert_int_equal(c->flags & SLICE_FLAG_DIFFERS, SLICE_FLAG_DIFFERS);
    const slice_derived *der = slice_cell_derived(c, "areas");
    assert_non_null(der);
    assert_true(der->disagrees);
    assert_true(der->value == 8568);
    assert_int_equal(der->n_terms, 2);
    double sum = 0;
    for (size_t k = 0; k < der->n_terms; k++) {
        assert_string_equal(der->terms[k].dim, "area");
        sum += der->terms[k].value;
    }
    assert_true(sum == 8568);
    /* women only: a part, not a partial total; no headline while a total
     * exists, even a partial one (2019's sum of one programme) */
    c = slice_get(&s, "MA-AZI", "2015", "all", "beneficiaries", "", "", "");
    assert_non_null(c);
    assert_true(c->only.set);
    assert_string_equal(c->only.sex, "female");
    assert_false(c->only.partial);
    h = slice_headline_of(&s, "beneficiaries");
    assert_non_null(h);
    assert_string_equal(h->period, "2019");
    assert_true(h->partial);
    assert_false(h->only.set);
    /* nine centres: every part listed, none left out */
    c = slice_get(&s, "MA-AZI", "2016", "kindergarten", "budget_mad", "", "", "");
    assert_non_null(c);
    der = slice_cell_derived(c, "facilities");
    assert_non_null(der);
    assert_int_equal(der->n_parts, 9);
    assert_int_equal(der->parts_more, 0);
    sum = 0;
    for (size_t k = 0; k < der->n_parts; k++)
        sum += der->parts[k].value;
    assert_true(sum == c->value && sum == 45000);
    slice_free(&s);
    /* the region's slice holds the province's cells, without the parts */
    snprintf(path, sizeof path, "%s/MA-05.json", cdir);
    assert_int_equal(slice_load(&s, path, err, sizeof err), 0);
    check_against_json(&s);
    assert_non_null(slice_get(&s, "MA-AZI", "2019", "kindergarten", "beneficiaries", "", "", ""));
    assert_string_equal(slice_geo_name(&s, "MA-AZI", "fr"), "Azilal");
    slice_free(&s);

    snprintf(path, sizeof path, "rm -rf -- '%s'", dir);
    assert_int_equal(system(path), 0);
    aggregate_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slice_flag_names),
        cmocka_unit_test(test_slice_typed),
        cmocka_unit_test(test_slice_issue13_keys),
        cmocka_unit_test(test_slice_not_a_slice),
        cmocka_unit_test(test_slice_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
