/* lib/cube.c: reported values, derivations with their coverage and
 * qualifier, the value shown and the flags, on small made-up facts (the
 * cases of tests/aggregate/golden/, at the level of the library). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/catalog.h"
#include "lib/cube.h"
#include "lib/fact.h"
#include "lib/period.h"

static catalog CAT;
static cube CB;

static int setup(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    if (catalog_load(&CAT, "input/catalog", &d))
        return -1;
    cube_init(&CB, &CAT);
    CB.approx_tolerance = 0.05;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cube_free(&CB);
    catalog_free(&CAT);
    return 0;
}

/* A fresh cube for each test. */
static int fresh(void **state)
{
    (void)state;
    cube_free(&CB);
    cube_init(&CB, &CAT);
    CB.approx_tolerance = 0.05;
    return 0;
}

typedef struct {
    const char *geo, *per, *prog, *ind;
    double value;
    qualifier qual;
    const char *source;
    sex_kind sex;
    area_kind area;
    const char *facility;
} made_up;

static void add(const made_up *m)
{
    fact f = {.file = "made-up.json", .line = 1, .source = m->source ? m->source : "s",
              .geo = catalog_geo(&CAT, m->geo), .facility = m->facility ? m->facility : "",
              .programme = catalog_programme(&CAT, m->prog), .indicator = catalog_indicator(&CAT, m->ind),
              .sex = m->sex, .area = m->area, .item = "", .value = m->value, .qual = m->qual, .quote = "",
              .note = "", .geo_as_reported = "", .reported_geo = -1, .ext = "", .basis = PB_STATED};
    assert_true(f.geo >= 0 && f.programme >= 0 && f.indicator >= 0);
    const char *why;
    assert_int_equal(period_parse(m->per, &f.per, &why), 0);
    cube_add_fact(&CB, &f);
}

static const cell *find(const char *geo, const char *per, const char *prog, const char *ind, sex_kind sex,
                        area_kind area)
{
    return cube_find(&CB, catalog_geo(&CAT, geo), cube_period(&CB, per), catalog_programme(&CAT, prog),
                     catalog_indicator(&CAT, ind), sex, area, 0);
}

static const derivation *der(const cell *x, derivation_kind k)
{
    assert_true(x->has & (1u << k));
    return cell_der(x, k);
}

/* Sums over territories, sexes and programmes, with their coverage. */
static void test_rollup(void **state)
{
    (void)state;
    const made_up f[] = {
        {"MA-AZI", "2016", "kindergarten", "beneficiaries", 1200, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2016", "literacy", "beneficiaries", 800, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2016", "all", "beneficiaries", 2500, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2016", "kindergarten", "beneficiaries", 200, Q_EXACT, 0, SEX_MALE, AREA_ALL, 0},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        add(&f[i]);
    cube_finish(&CB);
    assert_int_equal(CB.n_facts, 4);

    /* reported 2500 shown; the 2 programmes of 15 are a partial 2000 that agrees */
    const cell *x = find("MA-AZI", "2016", "all", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_non_null(x);
    assert_int_equal(x->best_kind, -1);
    assert_true(x->best == 2500);
    assert_int_equal(x->n_rep, 1);
    const derivation *d = der(x, D_PROGRAMMES);
    assert_true(d->value == 2000);
    assert_int_equal(d->have, 2);
    assert_int_equal(d->of, 15);
    assert_true(d->partial);
    assert_int_equal(x->flags, 0);

    /* the region: 1 province of 5, shown as a partial sum */
    x = find("MA-05", "2016", "all", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_non_null(x);
    assert_int_equal(x->best_kind, D_TERRITORIES);
    assert_true(x->best == 2500);
    assert_true(x->best_partial);
    assert_int_equal(x->n_rep, 0);
    d = der(x, D_TERRITORIES);
    assert_int_equal(d->have, 1);
    assert_int_equal(d->of, 5);
    assert_int_equal(x->flags, FLAG_PARTIAL);

    /* the nation: 1 region of 12 */
    x = find("MA", "2016", "kindergarten", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_non_null(x);
    assert_true(x->best == 1200);
    d = der(x, D_TERRITORIES);
    assert_int_equal(d->have, 1);
    assert_int_equal(d->of, 12);
    /* men only: a partial sum of the sexes, 1 of 2 */
    d = der(x, D_SEXES);
    assert_true(d->value == 200);
    assert_int_equal(d->have, 1);
    assert_int_equal(d->of, 2);

    /* a cell nobody reported nor derived is not there */
    assert_null(find("MA-AZI", "2016", "food_aid", "families", SEX_ALL, AREA_ALL));
}

/* Facts about single centres add up; a sum over more than the total is flagged. */
static void test_facilities(void **state)
{
    (void)state;
    const made_up f[] = {
        {"MA-AZI", "2016", "citizen_house", "centres", 3, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2016", "citizen_house", "centres", 2, Q_EXACT, 0, SEX_ALL, AREA_ALL, "h1"},
        {"MA-AZI", "2016", "citizen_house", "centres", 2, Q_EXACT, 0, SEX_ALL, AREA_ALL, "h2"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        add(&f[i]);
    cube_finish(&CB);
    const cell *x = find("MA-AZI", "2016", "citizen_house", "centres", SEX_ALL, AREA_ALL);
    assert_non_null(x);
    assert_int_equal(x->best_kind, -1);
    assert_true(x->best == 3);
    const derivation *d = der(x, D_FACILITIES);
    assert_true(d->value == 4);
    assert_int_equal(d->have, 2);
    assert_int_equal(d->of, 0);          /* open-ended: how many centres there are is not known */
    assert_int_equal(d->n_parts, 2);
    assert_true(d->parts[0].value == 2);
    assert_true(x->flags & FLAG_DIFFERS);
    assert_int_equal(x->diff_kind, D_FACILITIES);
    assert_true(x->diff == 1);           /* derived - reported */
}

/* Qualifiers of the parts carry into their sum. */
static void test_qualified_parts(void **state)
{
    (void)state;
    const made_up f[] = {
        {"MA-AZI", "2014", "education_training", "budget_mad", 686000, Q_AT_LEAST, 0, SEX_ALL, AREA_ALL, "c1"},
        {"MA-AZI", "2014", "education_training", "budget_mad", 140000, Q_EXACT, 0, SEX_ALL, AREA_ALL, "c2"},
        {"MA-AZI", "2014", "education_training", "budget_mad", 166000, Q_AT_LEAST, 0, SEX_ALL, AREA_ALL, "c3"},
        {"MA-AZI", "2014", "education_training", "budget_mad", 100000, Q_EXACT, 0, SEX_ALL, AREA_ALL, "c4"},
        {"MA-AZI", "2014", "education_training", "budget_mad", 900000, Q_EXACT, 0, SEX_ALL, AREA_ALL, "c5"},
        {"MA-AZI", "2014", "education_training", "budget_mad", 1993000, Q_AT_LEAST, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2014", "literacy", "beneficiaries", 100, Q_APPROX, 0, SEX_FEMALE, AREA_ALL, 0},
        {"MA-AZI", "2014", "literacy", "beneficiaries", 50, Q_EXACT, 0, SEX_MALE, AREA_ALL, 0},
        {"MA-AZI", "2014", "kindergarten", "beneficiaries", 300, Q_AT_LEAST, 0, SEX_FEMALE, AREA_ALL, 0},
        {"MA-AZI", "2014", "kindergarten", "beneficiaries", 200, Q_AT_MOST, 0, SEX_MALE, AREA_ALL, 0},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        add(&f[i]);
    cube_finish(&CB);
    /* "at least" 1 992 000 from the centres agrees with "more than 1 993 000" */
    const cell *x = find("MA-AZI", "2014", "education_training", "budget_mad", SEX_ALL, AREA_ALL);
    assert_true(x->best == 1993000);
    assert_int_equal(cell_best_qualifier(x), Q_AT_LEAST);
    const derivation *d = der(x, D_FACILITIES);
    assert_true(d->value == 1992000);
    assert_int_equal(d->qual, Q_AT_LEAST);
    assert_int_equal(d->have, 5);
    assert_int_equal(x->flags, 0);
    /* "about 100" women and 50 men: about 150 */
    x = find("MA-AZI", "2014", "literacy", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_int_equal(x->best_kind, D_SEXES);
    assert_true(x->best == 150);
    assert_false(x->best_partial);
    assert_int_equal(cell_best_qualifier(x), Q_APPROX);
    /* a lower and an upper bound: only an approximation */
    x = find("MA-AZI", "2014", "kindergarten", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_true(x->best == 500);
    assert_int_equal(cell_best_qualifier(x), Q_APPROX);
}

/* Which reported value a cell shows (README "Which value a cell shows"). */
static void test_value_policy(void **state)
{
    (void)state;
    cube_source_date(&CB, "old", "2019-01-01");
    cube_source_date(&CB, "new", "2020-05");
    const made_up f[] = {
        /* a rounded lead and its exact restatement: the exact one */
        {"MA-AZI", "2018", "food_aid", "families", 10000, Q_AT_LEAST, "lead", SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2018", "food_aid", "families", 10548, Q_EXACT, "lead", SEX_ALL, AREA_ALL, 0},
        /* two exact values that conflict: the newest source's, in either order */
        {"MA-AZI", "2018", "kindergarten", "centres", 320, Q_EXACT, "new", SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2018", "kindergarten", "centres", 300, Q_EXACT, "old", SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2018", "literacy", "centres", 300, Q_EXACT, "old", SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2018", "literacy", "centres", 320, Q_EXACT, "new", SEX_ALL, AREA_ALL, 0},
        /* an exact value against a bound it breaks: the exact one, flagged */
        {"MA-AZI", "2018", "citizen_house", "beneficiaries", 500, Q_AT_LEAST, "bound", SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2018", "citizen_house", "beneficiaries", 450, Q_EXACT, "bound", SEX_ALL, AREA_ALL, 0},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        add(&f[i]);
    cube_finish(&CB);
    const cell *x = find("MA-AZI", "2018", "food_aid", "families", SEX_ALL, AREA_ALL);
    assert_true(x->best == 10548);
    assert_int_equal(x->n_rep, 2);
    assert_true(x->rep[0].value == 10548);    /* the value shown is rep[0] */
    assert_int_equal(x->rep[0].qual, Q_EXACT);
    assert_int_equal(x->flags, 0);
    for (int k = 0; k < 2; k++) {
        x = find("MA-AZI", "2018", k ? "literacy" : "kindergarten", "centres", SEX_ALL, AREA_ALL);
        assert_true(x->best == 320);
        assert_string_equal(CB.sources.strs[x->rep[0].source], "new");
        assert_int_equal(x->flags, FLAG_CONFLICT);
    }
    x = find("MA-AZI", "2018", "citizen_house", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_true(x->best == 450);
    assert_int_equal(cell_best_qualifier(x), Q_EXACT);
    assert_int_equal(x->flags, FLAG_CONFLICT);
}

/* Areas: urban + rural make the whole; one area alone is a partial sum. */
static void test_areas(void **state)
{
    (void)state;
    const made_up f[] = {
        {"MA-AZI", "2015", "food_aid", "families", 10548, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2015", "food_aid", "families", 220, Q_EXACT, 0, SEX_ALL, AREA_URBAN, 0},
        {"MA-AZI", "2015", "food_aid", "families", 8348, Q_EXACT, 0, SEX_ALL, AREA_RURAL, 0},
        {"MA-AZI", "2015", "literacy", "beneficiaries", 700, Q_EXACT, 0, SEX_ALL, AREA_URBAN, 0},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        add(&f[i]);
    cube_finish(&CB);
    const cell *x = find("MA-AZI", "2015", "food_aid", "families", SEX_ALL, AREA_ALL);
    assert_true(x->best == 10548);
    const derivation *d = der(x, D_AREAS);
    assert_true(d->value == 8568);
    assert_int_equal(d->have, 2);
    assert_int_equal(d->of, 2);
    assert_int_equal(x->flags, FLAG_DIFFERS);
    assert_true(x->diff == 8568 - 10548);
    x = find("MA-AZI", "2015", "food_aid", "families", SEX_ALL, AREA_URBAN);
    assert_true(x->best == 220);
    x = find("MA-AZI", "2015", "literacy", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_int_equal(x->best_kind, D_AREAS);
    assert_true(x->best == 700);
    assert_true(x->best_partial);
    assert_int_equal(x->flags, FLAG_PARTIAL);
}

/* Months: a series adds up to a partial year; a stock reported for
 * December is the year's. */
static void test_months(void **state)
{
    (void)state;
    const made_up f[] = {
        {"MA-AZI", "2019-01", "literacy", "beneficiaries", 100, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2019-02", "literacy", "beneficiaries", 110, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2019-03", "literacy", "beneficiaries", 120, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
        {"MA-AZI", "2019-12", "kindergarten", "centres", 41, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        add(&f[i]);
    cube_finish(&CB);
    const cell *x = find("MA-AZI", "2019", "literacy", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_non_null(x);
    assert_int_equal(x->best_kind, D_MONTHS);
    assert_true(x->best == 330);
    assert_true(x->best_partial);
    const derivation *d = der(x, D_MONTHS);
    assert_int_equal(d->have, 3);
    assert_int_equal(d->of, 12);
    x = find("MA-AZI", "2019-02", "literacy", "beneficiaries", SEX_ALL, AREA_ALL);
    assert_true(x->best == 110);
    x = find("MA-AZI", "2019", "kindergarten", "centres", SEX_ALL, AREA_ALL);
    assert_non_null(x);
    assert_true(x->best == 41);
    assert_false(x->best_partial);
}

/* The consistency tests between a reported and a derived value. */
static void test_consistent_derived(void **state)
{
    (void)state;
    /* a derived "at least" 1 992 000 agrees with a reported "at least" 1 993 000 */
    assert_true(cube_consistent_derived(1993000, Q_AT_LEAST, 1992000, Q_AT_LEAST, 0, 0.05));
    /* an exact derivation under an "at least" bound does not */
    assert_false(cube_consistent_derived(1993000, Q_AT_LEAST, 1800000, Q_EXACT, 0, 0.05));
    assert_true(cube_consistent_derived(100, Q_EXACT, 100, Q_EXACT, 0, 0.05));
    assert_false(cube_consistent_derived(100, Q_EXACT, 101, Q_EXACT, 0, 0.05));
    /* a partial sum under the total agrees, over it does not */
    assert_true(cube_consistent_derived(100, Q_EXACT, 60, Q_EXACT, 1, 0.05));
    assert_false(cube_consistent_derived(100, Q_EXACT, 130, Q_EXACT, 1, 0.05));
}

static void test_srcset_and_names(void **state)
{
    (void)state;
    srcset s = {0};
    for (int i = 0; i < SRCSET_MAX + 3; i++)
        srcset_add(&s, i);
    srcset_add(&s, 2);                   /* already there */
    assert_int_equal(s.n, SRCSET_MAX);
    assert_int_equal(s.more, 3);
    srcset o = {0};
    srcset_add(&o, 1);
    srcset_add(&o, 40);
    srcset m = {0};
    srcset_add(&m, 40);
    srcset_merge(&m, &o);
    assert_int_equal(m.n, 2);
    assert_string_equal(derivation_name(D_FACILITIES), "facilities");
    assert_string_equal(derivation_name(D_TERRITORIES), "territories");
    assert_string_equal(derivation_name(D_AREAS), "areas");
}

/* Cells sorted for output: catalogue order, the nation before its regions. */
static void test_sorted(void **state)
{
    (void)state;
    const made_up f = {"MA-AZI", "2016", "kindergarten", "beneficiaries", 1200, Q_EXACT, 0, SEX_ALL, AREA_ALL, 0};
    add(&f);
    cube_finish(&CB);
    size_t n;
    cell **s = cube_sorted(&CB, &n);
    assert_int_equal(n, CB.count);
    assert_int_equal(n, 6);              /* kindergarten and all, in MA-AZI, MA-05, MA */
    const char *geo[] = {"MA", "MA", "MA-05", "MA-05", "MA-AZI", "MA-AZI"};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(CAT.geo[s[i]->geo].code, geo[i]);
        /* programme "all" first */
        assert_string_equal(CAT.prog[s[i]->prog].code, i % 2 ? "kindergarten" : "all");
    }
    free(s);
}

static void test_consistent(void **state)
{
    (void)state;
    assert_true(cube_consistent(1900, Q_AT_LEAST, 1950, 0, 0.05));
    assert_false(cube_consistent(1900, Q_AT_LEAST, 1850, 0, 0.05));
    assert_true(cube_consistent(14000, Q_APPROX, 14108, 0, 0.05));
    assert_false(cube_consistent(14000, Q_APPROX, 16000, 0, 0.05));
    assert_false(cube_consistent(100, Q_EXACT, 105, 0, 0.05));
    assert_true(cube_consistent(100, Q_EXACT, 70, 1, 0.05));      /* partial sum below the total */
    assert_false(cube_consistent(100, Q_EXACT, 120, 1, 0.05));    /* parts exceed the total */
    assert_true(cube_consistent(50, Q_AT_MOST, 40, 0, 0.05));
    assert_false(cube_consistent(50, Q_AT_MOST, 60, 0, 0.05));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_rollup, fresh),
        cmocka_unit_test_setup(test_facilities, fresh),
        cmocka_unit_test_setup(test_qualified_parts, fresh),
        cmocka_unit_test_setup(test_value_policy, fresh),
        cmocka_unit_test_setup(test_areas, fresh),
        cmocka_unit_test_setup(test_months, fresh),
        cmocka_unit_test(test_consistent_derived),
        cmocka_unit_test(test_srcset_and_names),
        cmocka_unit_test_setup(test_sorted, fresh),
        cmocka_unit_test(test_consistent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
