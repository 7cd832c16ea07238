/* Unit tests of taawun-propose's third pass (cmocka): common press forms
 * written to generalise beyond the development articles, each on made-up
 * sentences: national figures in a city's article, food in a Ramadan
 * operation, headlines restating a figure, ...  Run from the repository
 * root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "propose_fixture.h"


/* A national operation launched in a city: figures larger than any region
 * holds are the nation's, not the city's (territories.json national_scale);
 * the province's own figure stays the province's. */
static void test_national_scale(void **s)
{
    (void)s;
    prop_result r = run("أعطى جلالة الملك بمدينة سلا انطلاقة عملية رمضان 1447.\n"
                        "وقد رصد لها غلاف مالي يناهز 305 ملايين درهم، مع توزيع 34 ألفا و550 طنا، وستستفيد منها مليون أسرة.\n"
                        "وبإقليم سلا استفادت 12 ألف و300 أسرة.",
                        NULL);
    assert_string_equal(fact(&r, 305000000)->geo, "MA");
    assert_string_equal(fact(&r, 34550)->geo, "MA");
    assert_string_equal(fact(&r, 1000000)->geo, "MA");
    assert_non_null(strstr(fact(&r, 1000000)->rule, "geo:geo-national-scale"));
    assert_string_equal(fact(&r, 12300)->geo, "MA-SAL");
    prop_result_free(&r);
}

/* Food handed out in an article about the Ramadan operation is the
 * operation's (programmes.json within), not general food aid. */
static void test_food_within_ramadan(void **s)
{
    (void)s;
    prop_result r = run("انطلقت عملية رمضان 1445 بإقليم شيشاوة، وتم توزيع 1200 قفة من المواد الغذائية.", NULL);
    assert_string_equal(fact(&r, 1200)->programme, "ramadan_operation");
    prop_result_free(&r);
    r = run("وزعت المندوبية 1200 قفة من المواد الغذائية بإقليم شيشاوة برسم سنة 2024.", NULL);
    assert_string_equal(fact(&r, 1200)->programme, "food_aid");   /* no Ramadan operation named */
    prop_result_free(&r);
}

/* A headline's "أزيد من 17 ألف أسرة" restates the body's exact figure. */
static void test_headline_at_least(void **s)
{
    (void)s;
    prop_result r = run("استفادة أزيد من 17 ألف أسرة من عملية رمضان 1444 بإقليم خنيفرة\n\n"
                        "بلغ عدد المستفيدين من عملية رمضان 1444 بإقليم خنيفرة ما مجموعه 17 ألف و700 أسرة.",
                        NULL);
    assert_int_equal(r.nf, 1);
    assert_true(r.f[0].value == 17700);
    assert_string_equal(reason_of(&r, 17000), "a rounded form of a figure the article also gives exactly");
    prop_result_free(&r);
}

/* A territory after the figure's Hijri operation is still the figure's:
 * "25 ألف و540 أسرة من العملية الوطنية رمضان 1445 بإقليم شيشاوة" */
static void test_territory_after_period(void **s)
{
    (void)s;
    prop_result r = run("استفادة 25 ألف و540 أسرة من العملية الوطنية رمضان 1445 بإقليم شيشاوة.", NULL);
    assert_string_equal(fact(&r, 25540)->geo, "MA-CHI");
    assert_string_equal(fact(&r, 25540)->period, "2024-03");
    prop_result_free(&r);
}

/* A four-digit count that is a part of the figure before it is not a year:
 * "من بينها 1905 في الوسط القروي" */
static void test_part_not_year(void **s)
{
    (void)s;
    prop_result r = run("تضم الشبكة 4086 مؤسسة ومركزا اجتماعيا برسم سنة 2016، من بينها 1905 في الوسط القروي.", NULL);
    assert_string_equal(fact(&r, 1905)->indicator, "centres");
    assert_string_equal(fact(&r, 1905)->area, "rural");
    prop_result_free(&r);
    r = run("أحدثت المؤسسة سنة 1957 و تضم 4086 مؤسسة برسم سنة 2016.", NULL);
    assert_string_equal(reason_of(&r, 1957), "a year (a date or the period of other figures)");
    prop_result_free(&r);
}

/* An operation of a Hijri month in a Gregorian year is dated by the month
 * it fell in: "عملية رمضان للتضامن برسم سنة 2010" -> 2010-08 */
static void test_hijri_month_of_gregorian_year(void **s)
{
    (void)s;
    prop_result r = run("انطلقت بالرشيدية عملية رمضان للتضامن برسم سنة 2010 لفائدة 10150 أسرة، ووزعت المساعدات ب 13 قيادة.", NULL);
    assert_string_equal(fact(&r, 10150)->period, "2010-08");   /* 1 Ramadan 1431 = 11 August 2010 */
    assert_string_equal(fact(&r, 10150)->period_basis, "inferred");
    assert_string_equal(fact(&r, 13)->indicator, "distribution_points");
    prop_result_free(&r);
    r = run("استفاد 300 شخص من خدمات المراكز برسم سنة 2010.", NULL);
    assert_string_equal(fact(&r, 300)->period, "2010");   /* no Hijri month: the year */
    prop_result_free(&r);
}

/* The agency's own network: "عشر تنسيقيات، و82 مندوبية إقليمية" */
static void test_network_nouns(void **s)
{
    (void)s;
    prop_result r = run("تعمل على تنفيذها عشر تنسيقيات، و82 مندوبية إقليمية برسم سنة 2016.", NULL);
    assert_string_equal(fact(&r, 10)->indicator, "regional_coordinations");
    assert_string_equal(fact(&r, 82)->indicator, "provincial_delegations");
    prop_result_free(&r);
}

/* Centres for disabled persons, and a singular noun as an item of a list of
 * figures: one centre, with the programme of its trigger */
static void test_lone_noun_in_list(void **s)
{
    (void)s;
    prop_result r = run("تتوزع المراكز بإقليم تازة برسم سنة 2023 على 34 مؤسسة للرعاية الاجتماعية، و5 مراكز للأشخاص في وضعية إعاقة، "
                        "إضافة إلى فضاء متعدد الوظائف للنساء، ومركز للتوجيه ومساعدة الأشخاص في وضعية إعاقة.",
                        NULL);
    assert_int_equal(r.nf, 4);
    assert_string_equal(fact(&r, 5)->programme, "disability_centre");
    assert_string_equal(r.f[2].programme, "women_multifunctional_space");
    assert_true(r.f[2].value == 1);
    assert_string_equal(r.f[2].indicator, "centres");
    assert_string_equal(r.f[3].programme, "disability_orientation_centre");
    assert_true(r.f[3].value == 1);
    prop_result_free(&r);
    /* a centre named after a date and before a cost is not a figure of a list */
    r = run("أشرف العامل يوم 27 أبريل على تدشين مركز للتربية والتكوين، ومركز للتوجيه ومساعدة الأشخاص في وضعية إعاقة بكلفة 3 ملايين درهم برسم سنة 2023.", NULL);
    assert_int_equal(r.nf, 1);
    prop_result_free(&r);
    /* a centre named outside a list of figures is not a figure */
    r = run("وزار العامل مركز التربية والتكوين بإقليم تازة، ومركز للتوجيه ومساعدة الأشخاص في وضعية إعاقة برسم سنة 2023.", NULL);
    assert_int_equal(r.nf, 0);
    prop_result_free(&r);
}

/* A prefecture named by its city, the first part of its name: مدينة طنجة
 * for طنجة-أصيلة; seasons written right to left ("2026-2025"); a trigger
 * further in the clause when none is before; a figure's own period after
 * it rather than the season of the figure before it */
static void test_city_season_and_clause_trigger(void **s)
{
    (void)s;
    prop_result r = run("وضع البرنامج تكوين 40.000 متدرب بمدينة طنجة في أفق سنة 2030 داخل مراكز التكوين بالتدرج المهني.\n"
                        "وسيرتفع عدد المستفيدين من 6.000 متدرب خلال الموسم 2026-2025 إلى 10.000 متدرب في أفق 2030-2029.",
                        NULL);
    assert_string_equal(fact(&r, 40000)->geo, "MA-TNG");
    assert_string_equal(fact(&r, 40000)->programme, "vocational_apprenticeship");
    assert_string_equal(fact(&r, 40000)->period, "2030");
    assert_string_equal(fact(&r, 6000)->period, "2025/2026");
    assert_string_equal(fact(&r, 10000)->period, "2029/2030");
    prop_result_free(&r);
    /* a trigger before in the sentence still decides; a comparison's base is not the period */
    r = run("وتستهدف عملية رمضان دعم 500,000 أسرة أي ما يناهز 2,500,000 مستفيد من أرامل ومسنين ونساء وأشخاص في وضعية إعاقة برسم سنة 2018.\n"
            "واستقبلت المراكز 581 ألف مستفيد سنة 2022، مسجلة زيادة فاقت نسبة 18 % مقارنة بمعطيات سنة 2021.",
            NULL);
    assert_string_equal(fact(&r, 2500000)->programme, "ramadan_operation");
    assert_string_equal(fact(&r, 18)->period, "2022");
    prop_result_free(&r);
}

/* The percent sign typed before the digits ("%74"); communes counted with
 * جماعة alone; a number word after its noun with the article on each word
 * ("الجماعات الترابية الخمسة"), not inside a place name after a type word
 * ("بعمالة مقاطعات عين السبع"); the lines under a heading ending with a
 * colon are a list's items */
static void test_percent_first_communes_adjective_list_heading(void **s)
{
    (void)s;
    prop_result r = run("تمثل النساء %74 من المستفيدين برسم سنة 2020.", NULL);
    assert_string_equal(fact(&r, 74)->indicator, "female_share_pct");
    prop_result_free(&r);
    r = run("شملت العملية 25 جماعة ترابية و12 جماعة برسم سنة 2020.", NULL);
    assert_string_equal(fact(&r, 12)->indicator, "communes_covered");
    prop_result_free(&r);
    r = run("وزعت القفف بنفوذ الجماعات الترابية الخمسة التابعة للإقليم برسم سنة 2020.", NULL);
    assert_string_equal(fact(&r, 5)->indicator, "communes_covered");
    prop_result_free(&r);
    r = run("استفادت 1200 أسرة بعمالة مقاطعات عين السبع الحي المحمدي برسم سنة 2020.", NULL);
    assert_int_equal(r.nf, 1);
    assert_true(r.f[0].value == 1200);
    prop_result_free(&r);
    r = run("الحصص المخصصة لإقليم العيون برسم سنة 2019\nالوسط القروي:\nقيادة بوكراع 800 حصة\nقيادة فم الواد:800 حصة\n", NULL);
    assert_int_equal(r.nf, 2);
    assert_string_equal(r.f[0].quote, "قيادة بوكراع 800 حصة");
    prop_result_free(&r);
}

/* Figures in brackets after names, two or more in a sentence, are the parts
 * of the figure before them; a lone "1)" is still a section number */
static void test_bracket_list(void **s)
{
    (void)s;
    prop_result r = run("بلغ عدد المستفيدين من عملية رمضان 1442 بإقليم الفقيه بن صالح 5970 أسرة."
                        "ويتوزع العدد الإجمالي لهذه الأسر على قيادات كل أولاد ناصر (429) وبني عمير كريفات (574) وبني موسى (489).\n"
                        "1) التكوين برسم سنة 2021",
                        NULL);
    assert_int_equal(r.nf, 4);
    assert_string_equal(fact(&r, 574)->indicator, "families");
    assert_string_equal(fact(&r, 489)->programme, "ramadan_operation");
    assert_string_equal(reason_of(&r, 1), "section number");
    prop_result_free(&r);
}

/* In an article dated by a Hijri operation whose triggers all name one
 * programme, a figure with no trigger of its own is that programme's */
static void test_hijri_article_programme_and_points(void **s)
{
    (void)s;
    prop_result r = run("تستهدف العملية مليون أسرة، بغلاف مالي قدره 330 مليون درهم، خلال رمضان 1446، "
                        "وستستفيد منها 8500 أسرة بإقليم تاونات.",
                        NULL);
    assert_string_equal(fact(&r, 330000000)->programme, "ramadan_operation");
    prop_result_free(&r);
    /* no Hijri operation: one trigger does not make the article's programme */
    r = run("استفاد 567 ألف شخص من خدمات المؤسسة برسم سنة 2016، وتضم 300 روضا للأطفال.", NULL);
    assert_string_equal(fact(&r, 567000)->programme, "all");
    prop_result_free(&r);
}

/* The dual in the construct state, before its noun: ألفي أسرة = 2000 */
static void test_construct_dual(void **s)
{
    (void)s;
    prop_result r = run("استفادت ألفي أسرة برسم سنة 2020، ورصد لها مبلغ مليوني درهم.", NULL);
    assert_string_equal(fact(&r, 2000)->indicator, "families");
    assert_string_equal(fact(&r, 2000000)->indicator, "budget_mad");
    prop_result_free(&r);
}

/* A headline's figure that the body gives again is the body's, even where
 * the few words of the headline read another territory */
static void test_headline_restated(void **s)
{
    (void)s;
    prop_result r = run("12318 أسرة تستفيد من العملية الوطنية\n\n"
                        "ستستفيد 12 ألفا و318 أسرة على مستوى إقليم القنيطرة من عملية رمضان 1443.",
                        NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].geo, "MA-KEN");
    assert_string_equal(r.f[0].quote, "ستستفيد 12 ألفا و318 أسرة");
    prop_result_free(&r);
}

/* The Ramadan operation hands one basket to a household: a province's
 * count of its المستفيدين counts families (indicators.json households)
 * in an article that speaks of its families (test_propose_fifth.c);
 * the national count of persons, and persons (شخص) anywhere, stay
 * beneficiaries; parts inherit the reading */
static void test_household_count(void **s)
{
    (void)s;
    prop_result r = run("بلغ مجموع المستفيدين من عملية رمضان 1445 بإقليم سطات 16638، على المستوى الحضري 3501، وتحصل كل أسرة على قفة.\n"
                        "واستفاد 12 ألفا و318 شخصا من عملية رمضان 1445 بإقليم القنيطرة.\n"
                        "وتستفيد من العملية على المستوى الوطني 4 ملايين و362 ألفا و732 مستفيدا.",
                        NULL);
    assert_string_equal(fact(&r, 16638)->indicator, "families");
    assert_string_equal(fact(&r, 3501)->indicator, "families");
    assert_string_equal(fact(&r, 12318)->indicator, "beneficiaries");
    assert_string_equal(fact(&r, 4362732)->indicator, "beneficiaries");
    prop_result_free(&r);
    r = run("استفاد 300 مستفيد من دروس محو الأمية بإقليم سطات برسم سنة 2020.", NULL);
    assert_string_equal(fact(&r, 300)->indicator, "beneficiaries");   /* another programme */
    prop_result_free(&r);
}

/* "العملية الوطنية" names the operation, not the figure's scope: a
 * province's figure stays the province's */
static void test_national_operation_not_scope(void **s)
{
    (void)s;
    prop_result r = run("أشرف عامل إقليم بني ملال على انطلاق عملية رمضان 1445. وستستفيد 9 آلاف و300 أسرة من العملية الوطنية.", NULL);
    assert_string_equal(fact(&r, 9300)->geo, "MA-BEM");
    prop_result_free(&r);
}

/* With no period, no publication date: the year of the dates the article
 * gives (period_basis inferred, with a note) rather than nothing */
static void test_period_from_article_date(void **s)
{
    (void)s;
    prop_result r = run("أشرف العامل يوم الثلاثاء 31 ماي 2022 على توزيع 300 كرسي متحرك بإقليم تيزنيت.", NULL);
    assert_string_equal(fact(&r, 300)->period, "2022");
    assert_string_equal(fact(&r, 300)->period_basis, "inferred");
    assert_non_null(strstr(fact(&r, 300)->note, "dates the article gives"));
    prop_result_free(&r);
    r = run("أشرف العامل يوم الثلاثاء 31 ماي 2022 على توزيع 300 كرسي متحرك بإقليم تيزنيت.", "2022-06-02");
    assert_string_equal(fact(&r, 300)->period_basis, "publication");   /* a publication date first */
    prop_result_free(&r);
}

/* Amounts in centimes (45 مليون سنتيم = 450000 dirhams, indicators.json
 * unit_factors); the press's other names of programmes and beneficiaries:
 * محاربة الأمية, دار المسنين, رائدات */
static void test_centimes_and_press_names(void **s)
{
    (void)s;
    prop_result r = run("رصد للمشروع غلاف مالي قدره 45 مليون سنتيم بإقليم ورزازات برسم سنة 2023.", NULL);
    assert_string_equal(r.f[0].indicator, "budget_mad");
    assert_true(r.f[0].value == 450000);
    assert_non_null(strstr(r.f[0].rule, "unit-factor"));
    prop_result_free(&r);
    r = run("استفاد 1200 شخص من برامج محاربة الأمية، وتحتضن دار المسنين 45 نزيلا، واستفادت 300 رائدة من التكوين بإقليم ورزازات برسم سنة 2023.", NULL);
    assert_string_equal(fact(&r, 1200)->programme, "literacy");
    assert_string_equal(fact(&r, 45)->programme, "social_care_institution");
    assert_string_equal(fact(&r, 300)->indicator, "beneficiaries");
    prop_result_free(&r);
}

/* The Moroccan letters for g, v, p fold to ك, ف, ب: گلميم, أگادير */
static void test_moroccan_letters(void **s)
{
    (void)s;
    prop_result r = run("استفادت 5000 أسرة بإقليم گلميم برسم سنة 2023، و300 أسرة بأگادير.", NULL);
    assert_string_equal(fact(&r, 5000)->geo, "MA-GUE");
    assert_string_equal(fact(&r, 300)->geo, "MA-AGD");
    assert_string_equal(fact(&r, 5000)->geo_as_reported, "إقليم گلميم");
    prop_result_free(&r);
}

/* "اتفاقيات شراكة وتعاون" with associations: the association partnership
 * programme; a partnership agreement of the INDH stays the INDH's */
static void test_partnership_agreements(void **s)
{
    (void)s;
    prop_result r = run("تم بمكناس التوقيع على سبع اتفاقيات شراكة وتعاون بين المندوبية الإقليمية للتعاون الوطني وسبع جمعيات محلية برسم سنة 2010.\n"
                        "وفي محور المبادرة الوطنية للتنمية البشرية وصل عدد الاتفاقيات الموقعة إلى 164 اتفاقية شراكة.",
                        NULL);
    assert_string_equal(r.f[0].indicator, "agreements");
    assert_string_equal(r.f[0].programme, "association_partnership");
    assert_string_equal(r.f[1].indicator, "associations");
    assert_string_equal(r.f[1].programme, "association_partnership");
    assert_string_equal(fact(&r, 164)->programme, "indh_partnership");
    prop_result_free(&r);
}

/* A programme "for" the figure's people decides over the words that
 * describe those people after it (programmes.json for) */
static void test_programme_for_people(void **s)
{
    (void)s;
    prop_result r = run("وتشجيع الاندماج المهني والأنشطة المدرة للدخل لفائدة 500 شخص في وضعية إعاقة برسم سنة 2015.", NULL);
    assert_string_equal(fact(&r, 500)->programme, "income_generating");
    prop_result_free(&r);
    r = run("استفاد 500 شخص في وضعية إعاقة من أجهزة تعويضية برسم سنة 2015.", NULL);
    assert_string_equal(fact(&r, 500)->programme, "disability_support");
    prop_result_free(&r);
}

/* In the Ramadan operation, the same count given in families then in
 * persons is one figure, and its parts count families */
static void test_households_restated_as_persons(void **s)
{
    (void)s;
    prop_result r = run("ستستفيد 12 ألفا و318 أسرة على مستوى إقليم القنيطرة من عملية رمضان 1443. "
                        "وأشرف العامل على انطلاق هذه العملية التي سيستفيد منها 12 ألفا و318 شخصا، من بينهم 7668، ينحدرون من العالم القروي.",
                        NULL);
    assert_int_equal(r.nf, 2);
    assert_string_equal(fact(&r, 12318)->indicator, "families");
    assert_string_equal(fact(&r, 7668)->indicator, "families");
    prop_result_free(&r);
}

/* Lists of parts as the press writes them: the Arabic comma between
 * thousands (31،034); bare numbers after a distribution verb
 * (و3002 بقطب أولاد تايمة, بـ1000) are parts of the figure before; a number
 * closing a parenthesis after a word is no section number; an area before a
 * bracket (المجالين الحضري (4714 أسرة ) والقروي (7256 )); a number word
 * after a preposition is no adjective of a noun before it */
static void test_press_lists_of_parts(void **s)
{
    (void)s;
    prop_result r = run("وتتوزع الأسر المستفيدة من عملية رمضان 1445 بإقليم تارودانت إلى 5000 أسرة بقطب تارودانت، و3002 بقطب أولاد تايمة.\n"
                        "وتهم العملية بإقليم تزنيت 1500 أسرة بالوسط الحضري، موزعة على باشويتين (باشوية تزنيت بـ1000 وباشوية تافراوت بـ500).\n"
                        "وتتوزع هذه العائلات بين الدوائر القروية الأربع والبالغ عددها 31،034.\n"
                        "والمستفيدون موزعون على المجالين الحضري (4714 أسرة ) والقروي (7256 ).",
                        NULL);
    assert_string_equal(fact(&r, 3002)->indicator, "families");
    assert_string_equal(fact(&r, 1000)->indicator, "families");
    assert_string_equal(fact(&r, 500)->indicator, "families");
    assert_string_equal(reason_of(&r, 4), "no counted noun or label after or before it: indicator unknown");
    assert_string_equal(fact(&r, 4714)->area, "urban");
    assert_string_equal(fact(&r, 7256)->area, "rural");
    assert_string_equal(fact(&r, 7256)->indicator, "families");
    prop_result_free(&r);
    r = run("بلغ عدد الأسر المستفيدة 31،034 أسرة برسم سنة 2023.", NULL);
    assert_true(r.nf == 1 && r.f[0].value == 31034);
    prop_result_free(&r);
}

/* A headline's number restated by the body in other words is the body's
 * ("11 ألف و970 حصة" in the headline, "11 ألف و970 أسرة" in the body); a
 * type word run into the name after a clitic (باقليمورزازات) */
static void test_headline_other_words_and_clitic_type(void **s)
{
    (void)s;
    prop_result r = run("والي كلميم يشرف على توزيع 11 ألف و970 حصة\n\n"
                        "تستفيد 11 ألف و970 أسرة من عملية رمضان 1442 على مستوى إقليم كلميم، و6260 أسرة باقليمورزازات.",
                        NULL);
    assert_int_equal(r.nf, 2);
    assert_string_equal(fact(&r, 11970)->indicator, "families");
    assert_string_equal(fact(&r, 6260)->geo, "MA-OUA");
    prop_result_free(&r);
}

/* "على المستوى الجهوي": the region of the province named before; the
 * place an operation was launched at (بدار الطالب) is not the programme of
 * the figures of an article about one operation; "مقارنة بالعام السابق
 * الذي استفاد منه 17705": that year's figure; parts by area that add up to
 * an earlier figure are in its territory, not the region of an official's
 * title */
static void test_region_venue_year_before_and_area_sums(void **s)
{
    (void)s;
    prop_result r = run("بلغ عدد الأسر المستفيدة من عملية رمضان 1437 بإقليم الرشيدية 10150 أسرة.\n"
                        "وعلى المستوى الجهوي فقد بلغ عدد المستفيدين من هذه العملية ما مجموعه 37 ألف و250 أسرة.\n",
                        NULL);
    assert_string_equal(fact(&r, 37250)->geo, "MA-08");
    prop_result_free(&r);
    r = run("استفاد 14360 أسرة بإقليم تزنيت من عملية الدعم الغذائي رمضان 1445، بمناسبة شهر رمضان.\nوانطلقت هذه العملية بدار الطالب بمدينة تزنيت، وتهم 1500 أسرة بالوسط الحضري.\n", NULL);
    assert_string_equal(fact(&r, 1500)->programme, "ramadan_operation");
    prop_result_free(&r);
    r = run("استفادت 35410 أسرة من عملية رمضان 1444 بإقليم تاونات. وتضاعف العدد هذا العام مقارنة بالعام السابق الذي استفاد منه 17705 أسرة.", "2023-04-05");
    assert_string_equal(fact(&r, 17705)->period, "2022");
    prop_result_free(&r);
    r = run("تستفيد 11970 أسرة من عملية رمضان 1442 على مستوى إقليم كلميم.\n"
            "وأكد المنسق الجهوي للتعاون الوطني بكلميم واد نون أن المستفيدين موزعون على المجالين الحضري (4714 أسرة ) والقروي (7256 ).",
            NULL);
    assert_string_equal(fact(&r, 4714)->geo, "MA-GUE");
    assert_string_equal(fact(&r, 7256)->geo, "MA-GUE");
    prop_result_free(&r);
}

/* "تم الرفع من عدد الأسر ... بما مجموعه 2150 حصة": a change by N
 * (families_change); "ارتفع عدد الأسر ... إلى 35410 أسرة" is the new count */
static void test_change_by(void **s)
{
    (void)s;
    prop_result r = run("وقد تم الرفع من عدد الاسر المستفيدة من عملية رمضان 1441 في إقليم تارودانت هذه السنة بما مجموعه 2150 حصة.\n"
                        "وارتفع عدد الأسر المستفيدة من عملية رمضان 1441 بإقليم تاونات إلى 35410 أسرة.",
                        NULL);
    assert_string_equal(fact(&r, 2150)->indicator, "families_change");
    assert_string_equal(fact(&r, 35410)->indicator, "families");
    prop_result_free(&r);
}

/* A region in the wali's title gives way to a province of it the article
 * names elsewhere; a region named otherwise stays the figure's */
static void test_wali_region(void **s)
{
    (void)s;
    prop_result r = run("اشرف والي جهة العيون الساقية الحمراء على توزيع قفة رمضان 1440 حيث بلغ عدد المستفيدين 9200.\n"
                        "الحصص المخصصة لإقليم العيون\nجماعة المرسى: 800 حصة\n",
                        NULL);
    assert_string_equal(fact(&r, 9200)->geo, "MA-LAA");
    prop_result_free(&r);
    r = run("تتوفر جهة العيون الساقية الحمراء على 115 مركزا برسم سنة 2016، منها 40 مركزا بإقليم العيون.", NULL);
    assert_string_equal(fact(&r, 115)->geo, "MA-11");
    prop_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_national_scale),
        cmocka_unit_test(test_food_within_ramadan),
        cmocka_unit_test(test_headline_at_least),
        cmocka_unit_test(test_territory_after_period),
        cmocka_unit_test(test_part_not_year),
        cmocka_unit_test(test_hijri_month_of_gregorian_year),
        cmocka_unit_test(test_network_nouns),
        cmocka_unit_test(test_lone_noun_in_list),
        cmocka_unit_test(test_city_season_and_clause_trigger),
        cmocka_unit_test(test_percent_first_communes_adjective_list_heading),
        cmocka_unit_test(test_bracket_list),
        cmocka_unit_test(test_hijri_article_programme_and_points),
        cmocka_unit_test(test_construct_dual),
        cmocka_unit_test(test_headline_restated),
        cmocka_unit_test(test_household_count),
        cmocka_unit_test(test_national_operation_not_scope),
        cmocka_unit_test(test_period_from_article_date),
        cmocka_unit_test(test_centimes_and_press_names),
        cmocka_unit_test(test_moroccan_letters),
        cmocka_unit_test(test_partnership_agreements),
        cmocka_unit_test(test_programme_for_people),
        cmocka_unit_test(test_households_restated_as_persons),
        cmocka_unit_test(test_press_lists_of_parts),
        cmocka_unit_test(test_headline_other_words_and_clitic_type),
        cmocka_unit_test(test_region_venue_year_before_and_area_sums),
        cmocka_unit_test(test_change_by),
        cmocka_unit_test(test_wali_region),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
