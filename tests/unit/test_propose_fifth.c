/* Unit tests of taawun-propose's fifth pass (cmocka): press forms found
 * missing on the second held-out set once it was retired into development
 * data (docs/heldout2.md), each written as made-up sentences that the
 * rule must generalise to.  Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "propose_fixture.h"

/* A name with a hamza on its seat: the normaliser reads العرائش as
 * العرايش, the catalogue must too. */
static void test_hamza_seat_in_names(void **s)
{
    (void)s;
    prop_result r = run("استفادت 500 أسرة بإقليم العرائش برسم سنة 2020، و300 أسرة بالعرائش برسم سنة 2021.", NULL);
    assert_string_equal(fact(&r, 500)->geo, "MA-LAR");
    assert_string_equal(fact(&r, 300)->geo, "MA-LAR");
    prop_result_free(&r);
}

/* Aid given to partner associations is the grants programme. */
static void test_aid_to_partner_associations(void **s)
{
    (void)s;
    prop_result r = run("بلغت المساعدات التي منحها التعاون الوطني للجمعيات الشريكة بإقليم تازة برسم سنة 2012 ما مجموعه 210 آلاف درهم، "
                        "وهمت 11 جمعية.", NULL);
    assert_string_equal(fact(&r, 210000)->programme, "association_grants");
    assert_string_equal(fact(&r, 11)->programme, "association_grants");
    prop_result_free(&r);
}

/* "ما مجموعه" in an article about one operation is that operation's
 * total: food and disability words count as the operation's triggers, and
 * the launch venue (بدار الطالب) does not count. */
static void test_total_of_the_operation(void **s)
{
    (void)s;
    prop_result r = run("انطلاق عملية الدعم الغذائي رمضان 1440 بإقليم ميدلت\n\n"
                        "أشرف العامل بدار الطالب على انطلاق عملية الدعم الغذائي، لفائدة الأرامل وذوي الإعاقة. "
                        "ويبلغ عدد المستفيدين ما مجموعه 7100 حصة، وتشمل كل حصة المواد الغذائية الأساسية.", NULL);
    assert_string_equal(fact(&r, 7100)->programme, "ramadan_operation");
    prop_result_free(&r);
    r = run("ليصل بذلك مجموع المستفيدين من خدمات التعاون الوطني برسم سنة 2016 إلى 567 ألف مستفيد، منهم 300 ألف بدور الطالب.", NULL);
    assert_string_equal(fact(&r, 567000)->programme, "all");   /* no operation: the institution's total */
    prop_result_free(&r);
}

/* A province's "مستفيد" of the Ramadan operation counts families only when
 * the article itself speaks of families. */
static void test_beneficiaries_stay_beneficiaries(void **s)
{
    (void)s;
    prop_result r = run("يبلغ عدد المستفيدين من عملية رمضان 1436 بإقليم سطات 8768 مستفيد. ويحصل كل مستفيد على قفة.", NULL);
    assert_string_equal(fact(&r, 8768)->indicator, "beneficiaries");
    prop_result_free(&r);
    r = run("يبلغ عدد المستفيدين من عملية رمضان 1436 بإقليم سطات 8768 مستفيد. وتحصل كل أسرة على قفة.", NULL);
    assert_string_equal(fact(&r, 8768)->indicator, "families");
    prop_result_free(&r);
}

/* The agency's office in a place gives the figures, they are about the
 * province the article names; "المنسق الجهوي للتعاون الوطني في جهة"
 * names the region he is in charge of. */
static void test_office_seat(void **s)
{
    (void)s;
    prop_result r = run("استفادت 6688 أسرة في إقليم أوسرد من عملية رمضان 1445.\n"
                        "ووفقا لبيانات منسقية التعاون الوطني بالداخلة – وادي الذهب، وزعت المساعدات بباشوية لكويرة (920 أسرة).", NULL);
    assert_string_equal(fact(&r, 920)->geo, "MA-AOU");
    prop_result_free(&r);
    r = run("وأكدت مندوبية التعاون الوطني بالصويرة أن 300 طفل استفادوا من التعليم الأولي برسم سنة 2019.", NULL);
    assert_string_equal(fact(&r, 300)->geo, "MA-ESI");   /* no other territory: the office's */
    prop_result_free(&r);
    r = run("أكد المنسق الجهوي للتعاون الوطني في جهة كلميم واد نون أن 115 مركزا تابعة للتعاون الوطني تقدم خدماتها برسم سنة 2016، "
            "منها 32 مركزا للتربية والتكوين في إقليم كلميم.", NULL);
    assert_string_equal(fact(&r, 115)->geo, "MA-10");
    prop_result_free(&r);
}

/* Numbers joined by و share the noun after the last; "على التوالي" gives
 * them, one by one, the territories named before them; "بحصة إضافية"
 * makes them changes of the count; the year after "إضافية عن" is the
 * base of the comparison, not their period. */
static void test_respectively_and_additions(void **s)
{
    (void)s;
    prop_result r = run("تهم عملية رمضان 1444 إقليمي فجيج (17 ألفا و700)، وجرسيف (14 ألفا و800) أسرة، "
                        "أي بحصة إضافية عن سنة 2022 بلغت 8850 و7400 أسرة على التوالي.", NULL);
    assert_string_equal(fact(&r, 8850)->indicator, "families_change");
    assert_string_equal(fact(&r, 7400)->indicator, "families_change");
    assert_string_equal(fact(&r, 8850)->geo, "MA-FIG");
    assert_string_equal(fact(&r, 7400)->geo, "MA-GUF");
    assert_string_equal(fact(&r, 7400)->period, "2023-03");
    prop_result_free(&r);
    r = run("استفادت من عملية رمضان 1444 بإقليم جرادة 19 ألفا و300 أسرة، بحصة إضافية بلغت 9650 أسرة.", NULL);
    assert_string_equal(fact(&r, 19300)->indicator, "families");
    assert_string_equal(fact(&r, 9650)->indicator, "families_change");
    prop_result_free(&r);
    r = run("ارتفع عدد الأسر المستفيدة من عملية رمضان 1444 بإقليم جرادة إلى 19 ألفا و300 أسرة.", NULL);
    assert_string_equal(fact(&r, 19300)->indicator, "families");   /* the new count, not the change */
    prop_result_free(&r);
}

/* A list of provinces with composed figures in brackets counts what the
 * figure before counts, not the growth given beside it; a name with و
 * before a name that starts with ب (وبركان) is found. */
static void test_bracket_list_of_provinces(void **s)
{
    (void)s;
    prop_result r = run("تهم عملية رمضان 1444 12 ألفا و704 أسرة بإقليم تاوريرت (بزيادة نسبتها 100 في المائة)، "
                        "و الدريوش (11 ألفا و685)، والناظور (11 ألفا و319)، وبركان (6312).", NULL);
    assert_string_equal(fact(&r, 11685)->indicator, "families");
    assert_string_equal(fact(&r, 11685)->geo, "MA-DRI");
    assert_string_equal(fact(&r, 11319)->geo, "MA-NAD");
    assert_string_equal(fact(&r, 6312)->indicator, "families");
    assert_string_equal(fact(&r, 6312)->geo, "MA-BER");
    prop_result_free(&r);
}

/* "مقارنة مع السنة الماضية (59 ألف و310 أسرة)": that year's figure. */
static void test_last_year_in_brackets(void **s)
{
    (void)s;
    prop_result r = run("سيستفيد ما مجموعه 100 ألف و16 أسرة بجهة الشرق من عملية رمضان 1444، بزيادة مقارنة مع السنة الماضية (59 ألف و310 أسرة).",
                        NULL);
    assert_string_equal(fact(&r, 100016)->period, "2023-03");
    assert_string_equal(fact(&r, 59310)->period, "2022");
    prop_result_free(&r);
}

/* A verb of reaching after the counted noun: "أما مراكز التربية والتكوين،
 * فقد بلغ 1079"; the period later in the figure's clause is its own. */
static void test_reach_and_later_period(void **s)
{
    (void)s;
    prop_result r = run("الذكرى 54 لإحداث التعاون الوطني: حصيلة سنة 2010\n\n"
                        "يشرف التعاون الوطني على ما مجموعه 925 مؤسسة للرعاية الاجتماعية حيث يستفيد من خدماتها 67.860 مستفيدا برسم موسم 2009-2010. "
                        "أما مراكز التربية والتكوين، فقد بلغ 1079 برسم سنة 2009-2010.", NULL);
    assert_string_equal(fact(&r, 925)->period, "2009/2010");
    assert_string_equal(fact(&r, 1079)->indicator, "centres");
    assert_string_equal(fact(&r, 1079)->programme, "education_training");
    assert_string_equal(fact(&r, 1079)->period, "2009/2010");
    prop_result_free(&r);
}


/* Set aside: the figure of two provinces named together before it (a
 * dual type, run into the name too), and one product's quantity after a
 * smaller unit ("87 طن و680 كلغ من الدقيق"). */
static void test_two_provinces_and_product_tonnes(void **s)
{
    (void)s;
    prop_result r = run("يقدر مبلغ المساعدات الممنوحة للجمعيات الشريكة بإقليميخنيفرة وميدلت برسم سنة 2009، ب 448 ألف درهم.", NULL);
    assert_non_null(strstr(reason_of(&r, 448000), "several territories"));
    prop_result_free(&r);
    r = run("وتبلغ الحصة المخصصة لإقليم القنيطرة في إطار عملية رمضان 1436، 87 طن و680 كلغ من الدقيق.", NULL);
    assert_non_null(strstr(reason_of(&r, 87), "one product"));
    prop_result_free(&r);
}

/* Sixth pass (after the third held-out set was scored once and retired):
 * a region written with a dash, or by the first part of its name after
 * جهة; a province named by its chief town; the kingdom after a name. */
static void test_region_and_town_names(void **s)
{
    (void)s;
    prop_result r = run("بلغ عدد المستفيدين من عملية رمضان 1445 بجهة بني ملال-خنيفرة ما مجموعه 84 ألفا و48 أسرة.", NULL);
    assert_string_equal(fact(&r, 84048)->geo, "MA-05");
    prop_result_free(&r);
    r = run("استفادة أزيد من 92 ألف و 490 أسرة من عملية رمضان 1444 بجهة درعة.", NULL);
    assert_string_equal(fact(&r, 92490)->geo, "MA-08");
    prop_result_free(&r);
    r = run("وصل عدد المستفيدين من عملية رمضان 1440 بإقليم بنجرير بالمملكة المغربية، ما مجموعه ستة آلاف أسرة.", NULL);
    assert_string_equal(fact(&r, 6000)->geo, "MA-REH");
    prop_result_free(&r);
}

/* A list of places after a count, each with its part; a figure restated
 * in digits in brackets is one figure, exact; an amount per child and
 * month is no total. */
static void test_places_restatement_per_month(void **s)
{
    (void)s;
    prop_result r = run("انطلقت عملية رمضان 1445 بإقليم ورزازات. وستستفيد من هذه العملية، 1300 أسرة على مستوى ورزازات، و234 بتازناخت، و410 بغاسات، 1494 بسكورة.", NULL);
    assert_string_equal(fact(&r, 234)->indicator, "families");
    assert_string_equal(fact(&r, 1494)->indicator, "families");
    prop_result_free(&r);
    r = run("استفادت من عملية رمضان 1445 بإقليم ورزازات 1300 أسرة.", NULL);   /* a count, not a Hijri year */
    assert_string_equal(fact(&r, 1300)->period, "2024-03");
    prop_result_free(&r);
    r = run("بلغت منح التعاون الوطني لدور الطالب بإقليم زاكورة برسم سنة 2011 ما قدره 7 ملايين درهما(7.000.000).", NULL);
    size_t n = 0;
    for (size_t i = 0; i < r.nf; i++) n += r.f[i].value == 7000000;
    assert_int_equal(n, 1);
    assert_string_equal(fact(&r, 7000000)->qualifier, "exact");
    prop_result_free(&r);
    r = run("ويستفيد الطفل من دعم تمدرس الأطفال بدعم مالي يصل إلى 1200 درهم شهريا لكل طفل برسم سنة 2025.", NULL);
    for (size_t i = 0; i < r.nf; i++) assert_true(r.f[i].value != 1200);
    prop_result_free(&r);
}

/* The year of the compared figures is not the period ("مقارنة مع منح سنة
 * 2010"); the one year of the headline is the article's. */
static void test_compared_year_and_headline_year(void **s)
{
    (void)s;
    prop_result r = run("بلغت قيمة المنح لسنة 2011، 7 ملايين درهم بزيادة مقارنة مع منح سنة 2010، واستفادت منها 49 مؤسسة لدور الطالب بإقليم زاكورة.", NULL);
    assert_string_equal(fact(&r, 49)->period, "2011");
    prop_result_free(&r);
    r = run("أزيد من 27 ألف طفل استفادوا من برنامج دعم التمدرس في سنة 2025\n\n"
            "وأوضح كاتب الدولة أن دعم تمدرس الأطفال يتم في إطار شراكة مع 437 جمعية.", "2026-01-12");
    assert_string_equal(fact(&r, 437)->period, "2025");
    assert_string_equal(fact(&r, 437)->period_basis, "stated");
    prop_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hamza_seat_in_names),
        cmocka_unit_test(test_aid_to_partner_associations),
        cmocka_unit_test(test_total_of_the_operation),
        cmocka_unit_test(test_beneficiaries_stay_beneficiaries),
        cmocka_unit_test(test_office_seat),
        cmocka_unit_test(test_respectively_and_additions),
        cmocka_unit_test(test_bracket_list_of_provinces),
        cmocka_unit_test(test_last_year_in_brackets),
        cmocka_unit_test(test_reach_and_later_period),
        cmocka_unit_test(test_two_provinces_and_product_tonnes),
        cmocka_unit_test(test_region_and_town_names),
        cmocka_unit_test(test_places_restatement_per_month),
        cmocka_unit_test(test_compared_year_and_headline_year),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
