/* lib/fact.c: a fact checked against the contract, and its canonical TSV line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/catalog.h"
#include "catalog_fixture.h"
#include "lib/fact.h"
#include "lib/util.h"

static size_t parse_fact(const char *text, fact *f, strbuf *ext, diag *d)
{
    cJSON *j = cJSON_Parse(text);
    fact_origin o = {.d = d, .text = text, .root = j, .base_line = 1};
    size_t e = fact_from_json(f, j, NULL, &CAT, &o, ext);
    fact_origin_free(&o);
    /* keep strings alive: leak j into a static for the caller */
    static cJSON *last;
    cJSON_Delete(last);
    last = j;
    return e;
}

static void test_fact_roundtrip(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    strbuf ext, out;
    sb_init(&ext);
    sb_init(&out);
    fact f;
    assert_int_equal(parse_fact("{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"disability_support\","
                                " \"indicator\": \"items\", \"item\": \"wheelchair\", \"value\": 43, \"source\": \"s\","
                                " \"quote\": \"43\\tكرسيا\\nمتحركا\", \"qualifier\": \"at_least\", \"x_a\": [1],"
                                " \"period_basis\": \"publication\"}",
                                &f, &ext, &d), 0);
    f.file = "x";
    f.line = 1;
    fact_write_tsv(&out, &f, &CAT);
    assert_non_null(strstr(out.data, "\tMA-AZI\tprovince\tMA-05\t\t2019\tyear\tdisability_support\titems\t43\tat_least\t\t\twheelchair\t43\\tكرسيا\\nمتحركا\t"));
    assert_non_null(strstr(out.data, "{\"x_a\":[1]}\tpublication\n"));
    fact g;
    const char *why;
    assert_int_equal(fact_read_tsv(out.data, &g, &CAT, &why), 0);
    assert_string_equal(g.quote, "43\tكرسيا\nمتحركا");
    assert_true(g.value == 43);
    assert_int_equal(g.qual, Q_AT_LEAST);
    assert_string_equal(g.item, "wheelchair");
    assert_int_equal(g.basis, PB_PUBLICATION);
    /* errors are counted, one per problem */
    assert_int_equal(parse_fact("{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"x\", \"indicator\": \"y\","
                                " \"value\": -1}", &f, &ext, &d), 4);   /* programme, indicator, value, source */
    sb_free(&ext);
    sb_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fact_roundtrip),
    };
    return cmocka_run_group_tests(tests, load_catalog, free_catalog);
}
