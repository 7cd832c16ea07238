/* lib/output_plan.c: report file names and the plan of a template set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/output_plan.h"
#include "lib/util.h"

static void test_plan_names(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    const char *why;
    assert_int_equal(plan_expand_name("{scope}-{lang}", "MA-05", "region", "ar", &sb, &why), 0);
    assert_string_equal(sb.data, "MA-05-ar");
    assert_int_equal(plan_expand_name("national", "MA", "national", "fr", &sb, &why), 0);
    assert_string_equal(sb.data, "national");
    assert_int_equal(plan_expand_name("{level}_{scope}", "MA", "national", "fr", &sb, &why), 0);
    assert_string_equal(sb.data, "national_MA");
    assert_int_equal(plan_expand_name("{region}", "MA", "national", "fr", &sb, &why), -1);
    assert_int_equal(plan_expand_name("x}", "MA", "national", "fr", &sb, &why), -1);
    sb_free(&sb);
    assert_true(plan_name_ok("MA-05-ar"));
    assert_true(plan_name_ok("national"));
    assert_true(plan_name_ok("r1.v2_MA-01"));
    assert_false(plan_name_ok(""));
    assert_false(plan_name_ok("../x"));
    assert_false(plan_name_ok("a/b"));
    assert_false(plan_name_ok(".hidden"));
    assert_false(plan_name_ok("-rf"));
    assert_false(plan_name_ok("a..b"));
    assert_false(plan_name_ok("a b"));
    assert_false(plan_name_ok("$(shell id)"));
    assert_false(plan_name_ok("a:b"));
}

static void test_plan_build(void **state)
{
    (void)state;
    const char *text =
        "{\"languages\": [\"fr\"], \"hierarchy\": \"iso\", \"reports\": ["
        " {\"scopes\": [\"national\"], \"file\": \"national\", \"workbook\": {}, \"pdf\": {\"png\": false}},"
        " {\"scopes\": [\"region\"], \"file\": \"{scope}\", \"workbook\": {}}]}";
    cJSON *root = cJSON_Parse(text);
    plan_scope scopes[] = {{"MA", "national"}, {"MA-05", "region"}, {"MA-AZI", "province"}};
    diag d;
    diag_init(&d, 10);
    d.quiet = 1;
    plan p;
    assert_int_equal(plan_build(&p, root, text, scopes, 3, "", "pdf xlsx", &d), 0);
    assert_int_equal(p.n_langs, 1);
    assert_string_equal(p.langs[0], "fr");
    /* the province has no report; the region report has no pdf section */
    assert_int_equal(p.n_items, 3);
    assert_string_equal(p.items[0].name, "national");
    assert_string_equal(p.items[0].renderer, "pdf");
    assert_int_equal(p.items[0].png, 0);
    assert_string_equal(p.items[1].renderer, "xlsx");
    assert_string_equal(p.items[2].name, "MA-05");
    assert_string_equal(p.items[2].renderer, "xlsx");
    assert_int_equal(p.n_scopes, 2);
    assert_string_equal(plan_hierarchy(root, text, &d), "iso");
    strbuf opts;
    sb_init(&opts);
    assert_int_equal(plan_aggregate_options(root, text, &d, &opts), 0);
    assert_string_equal(opts.data, "--hierarchy iso --levels national,region");
    sb_free(&opts);
    plan_free(&p);
    /* a language the set lacks is skipped; none left is an error */
    assert_int_equal(plan_build(&p, root, text, scopes, 3, "ar fr", "xlsx", &d), 0);
    assert_int_equal(p.n_langs, 1);
    plan_free(&p);
    assert_int_equal(plan_build(&p, root, text, scopes, 3, "ar", "xlsx", &d), -1);
    plan_free(&p);
    cJSON_Delete(root);
    /* without "languages", "file" and "hierarchy": both languages, {scope}-{lang}, official */
    const char *dflt = "{\"reports\": [{\"scopes\": [\"national\", \"region\"], \"workbook\": {}, \"pdf\": {}}]}";
    root = cJSON_Parse(dflt);
    assert_int_equal(plan_build(&p, root, dflt, scopes, 3, "", "pdf", &d), 0);
    assert_int_equal(p.n_items, 4);
    assert_string_equal(p.items[0].name, "MA-ar");
    assert_int_equal(p.items[0].png, 1);
    assert_string_equal(p.items[3].name, "MA-05-fr");
    assert_string_equal(plan_hierarchy(root, dflt, &d), "official");
    plan_free(&p);
    cJSON_Delete(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_names),
        cmocka_unit_test(test_plan_build),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
