/* lib/rules.c: validation rules read from data, their messages at the
 * place of the error, and their checks on a small made-up cube. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/catalog.h"
#include "lib/cube.h"
#include "lib/fact.h"
#include "lib/period.h"
#include "lib/rules.h"
#include "lib/util.h"
#include "capture.h"

static catalog CAT;

static int setup(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    return catalog_load(&CAT, "input/catalog", &d);
}

static int teardown(void **state)
{
    (void)state;
    catalog_free(&CAT);
    return 0;
}

static char PATH[64];
static char ERRS[4096];

/* Loads rules from text (written to a temporary file); what the loader
 * printed on stderr is left in ERRS. */
static int load_text(ruleset *rs, const char *text)
{
    strcpy(PATH, "/tmp/taawun-unit-rules.XXXXXX");
    int fd = mkstemp(PATH);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    diag d;
    diag_init(&d, 10);
    capture_begin();
    int rc = rules_load(rs, PATH, &CAT, &d);
    capture_end(ERRS, sizeof ERRS);
    unlink(PATH);
    return rc;
}

/* "FILE:LINE:COL: rest" of the temporary rules file, for comparing. */
static const char *at(const char *rest)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s:%s\n", PATH, rest);
    return buf[k];
}

static void test_load_shipped(void **state)
{
    (void)state;
    ruleset rs;
    diag d;
    diag_init(&d, 10);
    assert_int_equal(rules_load(&rs, "input/catalog/rules.json", &CAT, &d), 0);
    assert_true(rs.n >= 4);
    assert_true(rs.approx_tolerance == 0.05);
    const rule *r = &rs.rules[0];
    assert_string_equal(r->id, "female_le_total");
    assert_string_equal(r->importance, "high");
    assert_int_equal(r->op, OP_LE);
    assert_int_equal(r->left.ind, catalog_indicator(&CAT, "beneficiaries"));
    assert_int_equal(r->left.sex, SEX_FEMALE);
    assert_int_equal(r->left.prog, SIDE_CONTEXT_PROGRAMME);
    assert_int_equal(r->right.sex, SEX_ALL);
    assert_int_equal(r->missing, MISS_SKIP_IF_ANY);
    r = &rs.rules[2];
    assert_string_equal(r->id, "programme_centres_add_up");
    assert_int_equal(r->left.prog, catalog_programme(&CAT, "all"));
    assert_true(r->left.reported_only);
    assert_int_equal(r->right.prog, SIDE_SUM_IN_TOTAL);
    assert_string_equal(rule_op_name(r->op), "==");
    rules_free(&rs);
}

static const char *RULE_HEAD = "{\"format\": \"taawun-rules/1\", \"approx_tolerance_pct\": 10,\n \"rules\": [\n";

/* Every problem at its place: FILE:LINE:COL: field: what (expected). */
static void test_load_errors(void **state)
{
    (void)state;
    ruleset rs;
    char text[2048];
    snprintf(text, sizeof text, "%s"
             "  {\"id\": \"a\", \"ar\": \"أ\", \"fr\": \"a\", \"importance\": \"high\",\n"
             "   \"left\": {\"indicator\": \"centres\"}, \"operator\": \"=<\", \"right\": {\"value\": 3}},\n"
             "  {\"id\": \"b\", \"ar\": \"ب\", \"fr\": \"b\", \"importance\": \"low\",\n"
             "   \"left\": {\"indicator\": \"centers\"}, \"operator\": \"<\", \"right\": {\"indicator\": \"centres\", \"sex\": \"x\"},\n"
             "   \"missing\": \"sometimes\"}\n ]}\n", RULE_HEAD);
    assert_int_equal(load_text(&rs, text), -1);
    char want[2048];
    snprintf(want, sizeof want, "%s%s%s%s", at("4:38: operator: unknown operator '=<' (expected ==, !=, <, <=, >, >=, "
                                              "compulsory_pair or exclusive_pair)"),
             at("7:4: missing: unknown strategy 'sometimes' (expected skip_if_any_missing, skip_if_all_missing or "
                "never_skip)"),
             at("6:13: indicator: unknown indicator 'centers' (expected a code of indicators.json)"),
             at("6:89: sex: unknown sex 'x' (expected female or male)"));
    assert_string_equal(ERRS, want);
    assert_int_equal(rs.n, 2);
    rules_free(&rs);

    /* a missing operator and a side that is not an object */
    snprintf(text, sizeof text, "%s"
             "  {\"id\": \"a\", \"ar\": \"أ\", \"fr\": \"a\", \"importance\": \"high\",\n"
             "   \"left\": 3, \"right\": {\"value\": 3}}\n ]}\n", RULE_HEAD);
    assert_int_equal(load_text(&rs, text), -1);
    snprintf(want, sizeof want, "%s%s", at("3:3: operator: missing operator (expected ==, !=, <, <=, >, >=, "
                                         "compulsory_pair or exclusive_pair)"),
             at("4:4: left: missing or not an object (expected {\"indicator\": …} or {\"value\": N})"));
    assert_string_equal(ERRS, want);
    rules_free(&rs);

    /* a missing side: at its rule */
    snprintf(text, sizeof text, "%s"
             "  {\"id\": \"a\", \"ar\": \"أ\", \"fr\": \"a\", \"importance\": \"high\",\n"
             "   \"left\": {\"value\": 3}, \"operator\": \"<\"}\n ]}\n", RULE_HEAD);
    assert_int_equal(load_text(&rs, text), -1);
    assert_string_equal(ERRS, at("3:3: right: missing or not an object (expected {\"indicator\": …} or {\"value\": N})"));
    rules_free(&rs);

    /* the format is checked first */
    assert_int_equal(load_text(&rs, "{\"format\": \"taawun-rules/2\", \"rules\": []}"), -1);
    assert_string_equal(ERRS, at("1:2: format: wrong or missing format (expected \"taawun-rules/1\")"));
    rules_free(&rs);
    assert_int_equal(load_text(&rs, "{\"format\": \"taawun-rules/1\", \"rules\": []}"), 0);
    assert_string_equal(ERRS, "");
    assert_int_equal(rs.n, 0);
    rules_free(&rs);
}

static void add(cube *c, const char *prog, const char *ind, sex_kind sex, double v, qualifier q)
{
    fact f = {.file = "made-up.json", .line = 1, .source = "s", .geo = catalog_geo(&CAT, "MA-AZI"),
              .facility = "", .programme = catalog_programme(&CAT, prog), .indicator = catalog_indicator(&CAT, ind),
              .sex = sex, .item = "", .value = v, .qual = q, .quote = "", .note = "",
              .geo_as_reported = "", .reported_geo = -1, .ext = ""};
    const char *why;
    assert_int_equal(period_parse("2016", &f.per, &why), 0);
    cube_add_fact(c, &f);
}

/* Rules checked in each context with data: per programme when a side
 * names the context's programme, once per territory and period otherwise. */
static void test_eval(void **state)
{
    (void)state;
    ruleset rs;
    char text[2048];
    snprintf(text, sizeof text, "%s"
             "  {\"id\": \"f_le\", \"ar\": \"أ\", \"fr\": \"a\", \"importance\": \"high\",\n"
             "   \"left\": {\"indicator\": \"beneficiaries\", \"sex\": \"female\"}, \"operator\": \"<=\",\n"
             "   \"right\": {\"indicator\": \"beneficiaries\"}},\n"
             "  {\"id\": \"add_up\", \"ar\": \"ب\", \"fr\": \"b\", \"importance\": \"medium\",\n"
             "   \"left\": {\"indicator\": \"beneficiaries\", \"programme\": \"all\", \"basis\": \"reported\"},\n"
             "   \"operator\": \"==\", \"right\": {\"indicator\": \"beneficiaries\", \"programme\": \"*in_total\"}},\n"
             "  {\"id\": \"small\", \"ar\": \"ج\", \"fr\": \"c\", \"importance\": \"low\",\n"
             "   \"left\": {\"indicator\": \"centres\"}, \"operator\": \">\", \"right\": {\"value\": 5},\n"
             "   \"missing\": \"skip_if_all_missing\"}\n ]}\n", RULE_HEAD);
    assert_int_equal(load_text(&rs, text), 0);
    assert_true(rs.approx_tolerance == 0.10);
    cube c;
    cube_init(&c, &CAT);
    add(&c, "kindergarten", "beneficiaries", SEX_ALL, 1200, Q_EXACT);
    add(&c, "kindergarten", "beneficiaries", SEX_FEMALE, 1300, Q_EXACT);   /* more women than people: fails */
    add(&c, "literacy", "beneficiaries", SEX_ALL, 800, Q_EXACT);
    add(&c, "literacy", "beneficiaries", SEX_FEMALE, 700, Q_EXACT);
    add(&c, "literacy", "centres", SEX_ALL, 9, Q_EXACT);
    add(&c, "all", "beneficiaries", SEX_ALL, 2100, Q_APPROX);               /* about 2100: 2000 is within 10 % */
    cube_finish(&c);
    size_t n, skipped;
    rule_result *res = rules_eval(&rs, &c, &n, &skipped);
    int azi = catalog_geo(&CAT, "MA-AZI");
    int kg = catalog_programme(&CAT, "kindergarten"), lit = catalog_programme(&CAT, "literacy");
    int seen_f_kg = 0, seen_f_lit = 0, seen_add = 0, seen_small_lit = 0, seen_small_kg = 0;
    for (size_t i = 0; i < n; i++) {
        const rule_result *r = &res[i];
        const char *id = rs.rules[r->rule].id;
        if (r->geo != azi)
            continue;
        if (!strcmp(id, "f_le") && r->prog == kg) {
            seen_f_kg++;
            assert_false(r->pass);
            assert_true(r->left == 1300 && r->right == 1200);
        } else if (!strcmp(id, "f_le") && r->prog == lit) {
            seen_f_lit++;
            assert_true(r->pass);
        } else if (!strcmp(id, "add_up")) {
            seen_add++;
            assert_int_equal(r->prog, -1);   /* fixed programmes: one context per territory and period */
            assert_true(r->left == 2100 && r->right == 2000);
            assert_true(r->pass);
        } else if (!strcmp(id, "small") && r->prog == lit) {
            seen_small_lit++;
            assert_true(r->pass);            /* 9 > 5 */
        } else if (!strcmp(id, "small") && r->prog == kg) {
            seen_small_kg++;                 /* no centres, compared as 0 (skip only if all missing) */
            assert_false(r->has_left);
            assert_false(r->pass);
        }
    }
    assert_int_equal(seen_f_kg, 1);
    assert_int_equal(seen_f_lit, 1);
    assert_int_equal(seen_add, 1);
    assert_int_equal(seen_small_lit, 1);
    assert_int_equal(seen_small_kg, 1);
    free(res);
    cube_free(&c);

    /* the same about 2100 with a 1 % tolerance, and an exact 2100: 2000 fails */
    for (int k = 0; k < 2; k++) {
        rs.approx_tolerance = k ? 0.10 : 0.01;
        cube_init(&c, &CAT);
        add(&c, "kindergarten", "beneficiaries", SEX_ALL, 1200, Q_EXACT);
        add(&c, "literacy", "beneficiaries", SEX_ALL, 800, Q_EXACT);
        add(&c, "all", "beneficiaries", SEX_ALL, 2100, k ? Q_EXACT : Q_APPROX);
        cube_finish(&c);
        res = rules_eval(&rs, &c, &n, &skipped);
        int failed = 0;
        for (size_t i = 0; i < n; i++)
            failed += res[i].geo == azi && !strcmp(rs.rules[res[i].rule].id, "add_up") && !res[i].pass;
        assert_int_equal(failed, 1);
        assert_true(skipped > 0);            /* f_le: no women known */
        free(res);
        cube_free(&c);
    }
    rules_free(&rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_shipped),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_eval),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
