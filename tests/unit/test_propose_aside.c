/* Unit tests of taawun-propose's fourth pass (cmocka): figures set aside
 * because the contract cannot hold them as totals (a cost per unit, the
 * tonnes of one product, the two ends of a range, a year after a month
 * name), each on made-up sentences of common press forms.  Run from the
 * repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "propose_fixture.h"


static int rejected(const prop_result *r, double value, const char *word)
{
    for (size_t i = 0; i < r->nr; i++)
        if (r->r[i].value == value && strstr(r->r[i].reason, word)) return 1;
    return 0;
}

static int proposed(const prop_result *r, double value)
{
    for (size_t i = 0; i < r->nf; i++)
        if (r->f[i].value == value) return 1;
    return 0;
}

/* "بكلفة 95 درهما لكل قفة", "20 درهما للفرد": the price of one unit is no
 * total; the total beside it stays */
static void test_per_unit(void **s)
{
    (void)s;
    prop_result r = run("خصصت المندوبية 640 ألف درهم لاقتناء 4000 قفة بكلفة 160 درهما لكل قفة برسم سنة 2023 بإقليم تازة.", NULL);
    assert_false(proposed(&r, 160));
    assert_true(rejected(&r, 160, "per unit"));
    assert_string_equal(fact(&r, 640000)->indicator, "budget_mad");
    prop_result_free(&r);
    r = run("ورصدت الجمعية 75 درهما للفرد الواحد برسم سنة 2023 بإقليم تازة.", NULL);
    assert_true(rejected(&r, 75, "per unit"));
    prop_result_free(&r);
}

/* "وزعت 812 طنا من الدقيق و95 طنا من السكر": tonnes of one product
 * (food_tonnes takes no item); a total of food stays */
static void test_tonnes_of_one_product(void **s)
{
    (void)s;
    prop_result r = run("وشملت العملية برسم سنة 2023 بإقليم تازة توزيع 1240 طنا من المواد الغذائية، منها 812 طنا من الدقيق و95 طنا من السكر.", NULL);
    assert_string_equal(fact(&r, 1240)->indicator, "food_tonnes");
    assert_false(proposed(&r, 812));
    assert_false(proposed(&r, 95));
    assert_true(rejected(&r, 812, "one product"));
    assert_true(rejected(&r, 95, "one product"));
    prop_result_free(&r);
}

/* "منح تتراوح قيمتها بين 8 آلاف و12 ألف درهم": the two ends of a range are
 * no figures; "بين 300 أسرة بالوسط القروي و200 بالحضري" is a split, kept */
static void test_range_ends(void **s)
{
    (void)s;
    prop_result r = run("استفادت 9 جمعيات بإقليم تازة برسم سنة 2023 من منح تتراوح قيمتها بين 8 آلاف و12 ألف درهم.", NULL);
    assert_int_equal(fact(&r, 9)->value, 9);
    assert_false(proposed(&r, 8000));
    assert_false(proposed(&r, 12000));
    assert_true(rejected(&r, 12000, "range"));
    prop_result_free(&r);
    r = run("توزعت القفف برسم سنة 2023 بإقليم تازة بين 300 أسرة بالوسط القروي و200 أسرة بالوسط الحضري.", NULL);
    assert_true(proposed(&r, 300));
    assert_true(proposed(&r, 200));
    prop_result_free(&r);
}

/* "ابتداء من شهر مارس 2019 لفائدة دور الطالب": a year after a month name is
 * a date, even with a noun after it */
static void test_year_after_month(void **s)
{
    (void)s;
    prop_result r = run("تم تجهيز 40 مؤسسة للرعاية الاجتماعية بإقليم تازة، وستسلم الأسرة ابتداء من شهر مارس 2019 لمؤسسات الرعاية الاجتماعية.", "2018-11-02");
    assert_true(proposed(&r, 40));
    assert_false(proposed(&r, 2019));
    assert_true(rejected(&r, 2019, "date"));
    prop_result_free(&r);
}

/* "61،19 مليون درهم": the Arabic comma as a decimal comma before a scale
 * word, as "5,5 مليون"; "31،034" still groups thousands */
static void test_arabic_decimal_comma(void **s)
{
    (void)s;
    prop_result r = run("رصد لعملية رمضان بإقليم تازة برسم سنة 2023 غلاف مالي قدره 42،75 مليون درهم لفائدة 31،034 أسرة.", NULL);
    assert_true(proposed(&r, 42750000));
    assert_false(proposed(&r, 42));
    assert_false(proposed(&r, 75000000));
    assert_string_equal(fact(&r, 31034)->indicator, "families");
    prop_result_free(&r);
}

/* In an article on the Ramadan operation, the people it names as its
 * beneficiaries ("خاصة الأرامل وذوي الاحتياجات الخاصة") are no programme of
 * their own (programmes.json within) */
static void test_people_within_ramadan(void **s)
{
    (void)s;
    prop_result r = run("انطلقت بإقليم تازة عملية رمضان 1447 لفائدة الأسر المعوزة.\n"
                        "ويستفيد منها، خاصة من فئات الأرامل وذوي الاحتياجات الخاصة، 7 آلاف و215 أسرة.", NULL);
    assert_string_equal(fact(&r, 7215)->programme, "ramadan_operation");
    prop_result_free(&r);
}

/* "نحو 9 آلاف أسرة" beside "8 آلاف و712 أسرة": an approximate figure that is
 * the exact one rounded to its own last digit restates it; "نحو 5 آلاف"
 * beside "8 آلاف و712" is another figure */
static void test_rounded_restatement(void **s)
{
    (void)s;
    prop_result r = run("انطلقت بإقليم تازة عملية رمضان 1447 التي تستفيد منها نحو 9 آلاف أسرة معوزة.\n"
                        "وتستفيد من العملية 8 آلاف و712 أسرة، منها 6 آلاف و100 أسرة بالوسط القروي.", NULL);
    assert_true(proposed(&r, 8712));
    assert_false(proposed(&r, 9000));
    assert_true(rejected(&r, 9000, "rounded"));
    prop_result_free(&r);
    r = run("انطلقت بإقليم تازة عملية رمضان 1447 التي تستفيد منها نحو 5 آلاف أسرة معوزة.\n"
            "وتستفيد من العملية 8 آلاف و712 أسرة.", NULL);
    assert_true(proposed(&r, 5000));
    prop_result_free(&r);
}

/* A trigger written indefinite ("تدشين مركب اجتماعي") names its programme as
 * the definite one does; the homeless ("بدون مأوى") are the street-people
 * programme's (programmes.json, data only) */
static void test_indefinite_triggers(void **s)
{
    (void)s;
    prop_result r = run("دشنت الوزيرة بإقليم تازة مركبا اجتماعيا كلف إنجازه 6 ملايين درهم برسم سنة 2023.", NULL);
    assert_string_equal(fact(&r, 6000000)->programme, "social_complex");
    prop_result_free(&r);
    r = run("في إطار حملة البرد برسم سنة 2023 بإقليم تازة، تم إيواء 41 شخصا بدون مأوى.", NULL);
    assert_string_equal(fact(&r, 41)->programme, "street_people");
    prop_result_free(&r);
}

/* "على مستوى 7 نقط بالمدينة و12 أخرى بالوسط القروي": a point alone counts
 * distribution points in an operation; "و12 أخرى" (and 12 others) counts
 * what the figure before it counts (indicators.json others) */
static void test_points_and_others(void **s)
{
    (void)s;
    prop_result r = run("انطلقت بإقليم تازة عملية رمضان 1447، وتتم عملية التوزيع على مستوى 7 نقط بالمدينة و12 أخرى بالوسط القروي.", NULL);
    assert_string_equal(fact(&r, 7)->indicator, "distribution_points");
    assert_string_equal(fact(&r, 12)->indicator, "distribution_points");
    prop_result_free(&r);
}

/* "أسرة تنحدر من أقاليم تازة وتاونات وجرسيف": the figure of several
 * territories taken together has no territory in the catalogue; "بأقاليم
 * جهة فاس مكناس" names one, kept */
static void test_several_territories(void **s)
{
    (void)s;
    prop_result r = run("وتشمل عملية رمضان 1447 أيضا 4 آلاف و310 أسرة، تنحدر من أقاليم تازة وتاونات وجرسيف.", "2026-02-20");
    assert_false(proposed(&r, 4310));
    assert_true(rejected(&r, 4310, "several territories"));
    prop_result_free(&r);
    r = run("وتشمل عملية رمضان 1447 أيضا 4 آلاف و310 أسرة بأقاليم جهة فاس مكناس.", "2026-02-20");
    assert_true(proposed(&r, 4310));
    prop_result_free(&r);
}

/* "12 500 أسرة", "1 250 000 درهم": digits grouped by spaces, as French
 * typesetting writes them; "3 مراكز و 250 مستفيدا" are two figures */
static void test_space_grouped_thousands(void **s)
{
    (void)s;
    prop_result r = run("استفادت برسم سنة 2023 بإقليم تازة 12 500 أسرة من غلاف مالي قدره 1 250 000 درهم.", NULL);
    assert_string_equal(fact(&r, 12500)->indicator, "families");
    assert_string_equal(fact(&r, 1250000)->indicator, "budget_mad");
    assert_false(proposed(&r, 500));
    prop_result_free(&r);
    r = run("تتوفر برسم سنة 2023 بإقليم تازة 3 مراكز و 250 مستفيدا.", NULL);
    assert_true(proposed(&r, 3));
    assert_true(proposed(&r, 250));
    prop_result_free(&r);
}

/* A share given after the national figures of an operation launched in a
 * city, with no place of its own in its sentence, is national, not the
 * launch city's */
static void test_share_after_national_figures(void **s)
{
    (void)s;
    prop_result r = run("أعطى الملك اليوم بمدينة فاس انطلاقة عملية رمضان 1447، التي تستفيد منها مليون أسرة.\n"
                        "ويقطن 71 في المائة من المستفيدين بالوسط القروي.", NULL);
    assert_string_equal(fact(&r, 1000000)->geo, "MA");
    assert_string_equal(fact(&r, 71)->geo, "MA");
    prop_result_free(&r);
}

/* Beds handed out are items (item bed), even when their number looks like a
 * year ("1980 سريرا") */
static void test_beds(void **s)
{
    (void)s;
    prop_result r = run("تهدف الاتفاقية إلى تجهيز مؤسسات الرعاية الاجتماعية بإقليم تازة بما يناهز 1980 سريرا برسم سنة 2023.", NULL);
    assert_string_equal(fact(&r, 1980)->indicator, "items");
    assert_string_equal(fact(&r, 1980)->item, "bed");
    assert_string_equal(fact(&r, 1980)->programme, "social_care_institution");
    prop_result_free(&r);
}

/* "إعانات ... للجمعيات الشريكة": grants to partner associations are grants;
 * "الجمعيات الشريكة" names who receives them, not the partnership programme,
 * which its agreements name (اتفاقيات الشراكة) */
static void test_grants_to_partner_associations(void **s)
{
    (void)s;
    prop_result r = run("بلغ مجموع الإعانات التي قدمها التعاون الوطني للجمعيات الشريكة بإقليم تازة برسم سنة 2023 ما قدره 410 آلاف درهم.", NULL);
    assert_string_equal(fact(&r, 410000)->programme, "association_grants");
    prop_result_free(&r);
    r = run("وقعت المندوبية بإقليم تازة برسم سنة 2023 اتفاقيات الشراكة مع 12 جمعية.", NULL);
    assert_string_equal(fact(&r, 12)->programme, "association_partnership");
    prop_result_free(&r);
}

/* A figure with no period of its own in the sentence after one that states
 * another year than the article's takes that year, in the same paragraph */
static void test_period_of_sentence_before(void **s)
{
    (void)s;
    prop_result r = run("بلغت منح التعاون الوطني بإقليم تازة برسم سنة 2023 ما قدره 500 ألف درهم.\n"
                        "وبرسم سنة 2022 بلغت منح التعاون الوطني 450 ألف درهم. وقد استفادت 19 جمعية من هذه المنح.", NULL);
    assert_string_equal(fact(&r, 500000)->period, "2023");
    assert_string_equal(fact(&r, 450000)->period, "2022");
    assert_string_equal(fact(&r, 19)->period, "2022");
    prop_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_unit),
        cmocka_unit_test(test_tonnes_of_one_product),
        cmocka_unit_test(test_range_ends),
        cmocka_unit_test(test_year_after_month),
        cmocka_unit_test(test_arabic_decimal_comma),
        cmocka_unit_test(test_people_within_ramadan),
        cmocka_unit_test(test_rounded_restatement),
        cmocka_unit_test(test_indefinite_triggers),
        cmocka_unit_test(test_points_and_others),
        cmocka_unit_test(test_several_territories),
        cmocka_unit_test(test_space_grouped_thousands),
        cmocka_unit_test(test_share_after_national_figures),
        cmocka_unit_test(test_beds),
        cmocka_unit_test(test_grants_to_partner_associations),
        cmocka_unit_test(test_period_of_sentence_before),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
