/* Unit tests of taawun-propose's pieces (cmocka): every number form of
 * issue 16, the qualifiers, the distractors, the anniversary rule and a
 * lexicon extended by data alone.  Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/arnorm.h"
#include "lib/arnum.h"
#include "lib/catalog.h"
#include "lib/prop_core.h"
#include "lib/prop_lex.h"
#include "lib/util.h"

static catalog cat;
static prop_lex lex;

static int load(catalog *c, prop_lex *L, const char *dir)
{
    diag d;
    diag_init(&d, 5);
    if (catalog_load(c, dir, &d) != 0) return -1;
    return prop_lex_load(L, dir, prop_lex_catalog_code_ok, c);
}

static int setup(void **state)
{
    (void)state;
    return load(&cat, &lex, "input/catalog");
}

static int teardown(void **state)
{
    (void)state;
    prop_lex_free(&lex);
    catalog_free(&cat);
    return 0;
}

/* value and qualifier of the first number of s */
static double num(const char *s, const char **q, int *pct)
{
    double v = -1;
    const char *qq = NULL;
    int p = 0;
    assert_int_equal(arnum_read_string(&lex, s, strlen(s), &v, &qq, &p), 1);
    if (q) *q = qq;
    if (pct) *pct = p;
    return v;
}

#define NUM(s, v) assert_true(num(s, NULL, NULL) == (v))

static void test_digits_with_scale(void **s) { (void)s; NUM("بلغ 14 ألف مستفيد", 14000); }
static void test_comma_decimal(void **s) { (void)s; NUM("5,5 مليون درهم", 5500000); }
static void test_point_decimal(void **s) { (void)s; NUM("3.3 مليون درهم", 3300000); }
static void test_thousands_grouping(void **s) { (void)s; NUM("1,175 مستفيدا", 1175); }
static void test_words_and_digits_sum(void **s) { (void)s; NUM("أربعة ملايين و 424 ألف درهم", 4424000); }
static void test_sum_wa_attached(void **s) { (void)s; NUM("493 ألف و970 شخصا", 493970); }
static void test_sum_accusative(void **s) { (void)s; NUM("14 ألفا و 108 مستفيدين", 14108); }
static void test_unit_inside_sum(void **s) { (void)s; NUM("2 مليون درهم و754 ألف", 2754000); }
static void test_masculine_unit(void **s) { (void)s; NUM("ثلاثة مراكز", 3); }
static void test_feminine_unit(void **s) { (void)s; NUM("ثلاث جمعيات", 3); }
static void test_nine(void **s) { (void)s; NUM("وهي تسعة", 9); }
static void test_ten(void **s) { (void)s; NUM("عشرة مراكز", 10); }
static void test_thousand_accusative(void **s) { (void)s; NUM("ثلاثون ألفا", 30000); }
static void test_million_accusative(void **s) { (void)s; NUM("عشرون مليونا", 20000000); }
static void test_dual_nominative(void **s) { (void)s; NUM("ألفان", 2000); }
static void test_dual_oblique(void **s) { (void)s; NUM("ألفين مستفيد", 2000); }
static void test_dual_million(void **s) { (void)s; NUM("مليونان درهم", 2000000); }
static void test_teen(void **s) { (void)s; NUM("ثلاثة عشر مركزا", 13); }
static void test_teen_feminine(void **s) { (void)s; NUM("خمس عشرة جمعية", 15); }
static void test_tens_with_unit(void **s) { (void)s; NUM("خمسة وعشرون مستفيدا", 25); }
static void test_hundreds_mi_a(void **s) { (void)s; NUM("ثلاثمائة مستفيد", 300); }
static void test_hundreds_mi_a_short(void **s) { (void)s; NUM("ثلاثمئة مستفيد", 300); }
static void test_hundreds_two_words(void **s) { (void)s; NUM("ثلاث مائة مستفيد", 300); }
static void test_hundreds_and_tens(void **s) { (void)s; NUM("ثلاثمائة وخمسون أسرة", 350); }
static void test_words_thousands(void **s) { (void)s; NUM("بحوالي ثلاثة آلاف من الأشخاص", 3000); }
static void test_arabic_indic_digits(void **s) { (void)s; NUM("١٤ ألف مستفيد", 14000); }
static void test_persian_digits(void **s) { (void)s; NUM("۲۵ مركزا", 25); }
static void test_joined_words(void **s) { (void)s; NUM("مامجموعه 190 مركزا", 190); }
static void test_hundreds_after_thousands(void **s) { (void)s; NUM("ثلاثة آلاف وخمسمائة مستفيد", 3500); }
static void test_half_scale(void **s) { (void)s; NUM("نحو مليون ونصف مليون شخص", 1500000); }
static void test_half_dual(void **s) { (void)s; NUM("مليونين ونصف درهم", 2500000); }
static void test_tashkeel_tatweel(void **s) { (void)s; NUM("ثَلَاثَةُ مـراكز", 3); }

static void test_percent_words(void **s)
{
    (void)s;
    int p;
    assert_true(num("80 في المائة منهم", NULL, &p) == 80);
    assert_int_equal(p, 1);
}

static void test_percent_sign(void **s)
{
    (void)s;
    int p;
    assert_true(num("12,5 % من المستفيدين", NULL, &p) == 12.5);
    assert_int_equal(p, 1);
}

static const char *qual(const char *s)
{
    const char *q;
    num(s, &q, NULL);
    return q;
}

static void test_qualifiers(void **s)
{
    (void)s;
    assert_string_equal(qual("حوالي 90 فضاء"), "approx");
    assert_string_equal(qual("بحوالي ثلاثة آلاف"), "approx");
    assert_string_equal(qual("زهاء 200 أسرة"), "approx");
    assert_string_equal(qual("ما يناهز 300 طفل"), "approx");
    assert_string_equal(qual("نحو 50 جمعية"), "approx");
    assert_string_equal(qual("أكثر من 1900 شخص"), "at_least");
    assert_string_equal(qual("أزيد من 100 تعاونية"), "at_least");
    assert_string_equal(qual("ما يزيد عن 493 ألف و970 شخصا"), "at_least");
    assert_string_equal(qual("أقل من 20 مركزا"), "at_most");
    assert_string_equal(qual("14 ألف مستفيد"), "approx");      /* round, with a scale word */
    assert_string_equal(qual("14 ألفا و 108 مستفيدين"), "exact");
    assert_string_equal(qual("1175 مستفيدا"), "exact");
}

/* ---- the whole core on short texts */
static prop_result run(const prop_lex *L, const char *text, const char *published)
{
    prop_result r;
    prop_ctx c = {L, &cat, published};
    propose_run(&c, text, strlen(text), &r);
    return r;
}

static const char *reason_of(const prop_result *r, double value)
{
    for (size_t i = 0; i < r->nr; i++)
        if (r->r[i].value == value) return r->r[i].reason;
    return "(not rejected)";
}

static int proposed(const prop_result *r, double value)
{
    for (size_t i = 0; i < r->nf; i++)
        if (r->f[i].value == value) return 1;
    return 0;
}

static void test_distractors(void **s)
{
    (void)s;
    prop_result r = run(&lex,
        "تأسس التعاون الوطني يوم 27 أبريل 1957. وطبقا للمادة 12 من القانون 14.05 تستقبل المؤسسات أطفالا "
        "تتراوح أعمارهم ما بين 3 و 6 سنوات. واستفاد 830 طفلا من خدمات رياض الأطفال برسم سنة 2015، "
        "وذلك في ظل كوفيد 19.", NULL);
    assert_string_equal(reason_of(&r, 27), "date");
    assert_string_equal(reason_of(&r, 1957), "a year (a date or the period of other figures)");
    assert_string_equal(reason_of(&r, 2015), "a year (a date or the period of other figures)");
    assert_string_equal(reason_of(&r, 12), "article number");
    assert_string_equal(reason_of(&r, 14.05), "law number");
    assert_string_equal(reason_of(&r, 3), "age or duration");
    assert_string_equal(reason_of(&r, 6), "age or duration");
    assert_string_equal(reason_of(&r, 19), "part of a name");
    assert_int_equal(r.nf, 1);
    assert_true(r.f[0].value == 830);
    assert_string_equal(r.f[0].indicator, "beneficiaries");
    assert_string_equal(r.f[0].programme, "kindergarten");
    assert_string_equal(r.f[0].period, "2015");
    assert_string_equal(r.f[0].period_basis, "stated");
    prop_result_free(&r);
}

static void test_age_years(void **s)
{
    (void)s;
    prop_result r = run(&lex, "ظلت المؤسسة طيلة 59 سنة في خدمة 4000 أسرة.", "2016");
    assert_string_equal(reason_of(&r, 59), "age or duration");
    assert_true(proposed(&r, 4000));
    prop_result_free(&r);
}

static void test_anniversary(void **s)
{
    (void)s;
    prop_result r = run(&lex, "بمناسبة الذكرى الـ59 لتأسيس التعاون الوطني، استفاد 500 شخص من دروس محو الأمية.", NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].period, "2016");
    assert_string_equal(r.f[0].period_basis, "inferred");
    assert_string_equal(r.f[0].programme, "literacy");
    assert_string_equal(reason_of(&r, 59), "an anniversary ordinal (it gives the period)");
    prop_result_free(&r);
}

static void test_publication_period(void **s)
{
    (void)s;
    prop_result r = run(&lex, "استفاد 45 طفلا من خدمات خلية الطفولة.", "2019-02-27");
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].period, "2019");
    assert_string_equal(r.f[0].period_basis, "publication");
    prop_result r2 = run(&lex, "استفاد 45 طفلا من خدمات خلية الطفولة.", NULL);
    assert_int_equal(r2.nf, 0);
    assert_string_equal(reason_of(&r2, 45), "no period stated, no anniversary and no publication date (give --published)");
    prop_result_free(&r);
    prop_result_free(&r2);
}

static void test_territory_old_region(void **s)
{
    (void)s;
    prop_result r = run(&lex, "على صعيد جهة الدارالبيضاء الكبرى خلال الموسم الاجتماعي 2011/2012 تم فتح 23 مركزا.", NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].geo, "MA-06");
    assert_string_equal(r.f[0].geo_as_reported, "جهة الدارالبيضاء الكبرى");
    assert_string_equal(r.f[0].period, "2011/2012");
    prop_result_free(&r);
}

static void test_hijri_year(void **s)
{
    (void)s;
    prop_result r = run(&lex, "انطلقت عملية رمضان 1444 بإقليم طرفاية لفائدة 4800 أسرة.", NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].period, "2023-03");   /* 1 Ramadan 1444 = 23 March 2023 */
    assert_string_equal(r.f[0].period_basis, "inferred");
    assert_string_equal(r.f[0].geo, "MA-TAF");
    prop_result_free(&r);
    /* the month a few words before the year, in its sentence */
    r = run(&lex, "انطلاق عملية رمضان للتضامن برسم سنة 1431 لفائدة 4800 أسرة.", NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].period, "2010-08");
    prop_result_free(&r);
}

static void test_area_parts_and_national_cue(void **s)
{
    (void)s;
    prop_result r = run(&lex, "سيوزعون على 19 مركز توزيع بإقليم القنيطرة، من بينها 4 بالوسط الحضري و15 بالوسط القروي. "
                              "واستفاد 500 ألف أسرة على المستوى الوطني.", "2022");
    assert_int_equal(r.nf, 4);
    assert_true(r.f[1].value == 4);
    assert_string_equal(r.f[1].area, "urban");
    assert_string_equal(r.f[1].indicator, r.f[0].indicator);   /* a part counts what the whole counts */
    assert_string_equal(r.f[2].area, "rural");
    assert_null(r.f[0].area);
    assert_string_equal(r.f[3].geo, "MA");
    prop_result_free(&r);
}

static void test_list_after_colon(void **s)
{
    (void)s;
    prop_result r = run(&lex, "وزعت منح بمبلغ 400 ألف درهم برسم سنة 2016 على الشكل التالي: الجمعية الخيرية الأمل 264,00000 الجمعية الخيرية النور 136000", NULL);
    assert_int_equal(r.nf, 3);
    assert_true(r.f[1].value == 264000);
    assert_string_equal(r.f[1].indicator, "budget_mad");
    assert_string_equal(r.f[2].indicator, "budget_mad");
    prop_result_free(&r);
}

static void test_dual_noun(void **s)
{
    (void)s;
    prop_result r = run(&lex, "يضم الإقليم 12 مؤسسة ومركزين اثنين للتربية والتكوين برسم سنة 2016.", NULL);
    assert_int_equal(r.nf, 2);
    assert_true(r.f[1].value == 2);
    assert_string_equal(r.f[1].indicator, "centres");
    assert_string_equal(r.f[1].programme, "education_training");
    assert_string_equal(reason_of(&r, 2), "(not rejected)");   /* اثنين repeats the dual, it is not another figure */
    prop_result_free(&r);
}

/* Seed 004's programmes: public grants, a noun naming its programme right
 * after a trigger, things handed out (their noun names the programme, a
 * trigger before a new conjunct does not reach them) */
static void test_noun_programmes_and_grants(void **s)
{
    (void)s;
    prop_result r = run(&lex, "وقد بلغ عدد التعاونيات المحدثة من طرف خريجات مراكز التربية والتكوين 4 تعاونيات. "
                              "وتستفيد 18 جمعية من جمعيات المجتمع المدني من الدعم العمومي بتكلفة مالية بلغت 400000 درهم. "
                              "وخصص مبلغ 456000 درهم لدعم 11 مشروعا مدرا للدخل ووزعت 19 سماعة طبية وكذا 43 كرسيا متحركا.",
                        "2019");
    assert_int_equal(r.nf, 7);
    assert_string_equal(r.f[0].programme, "cooperatives");
    assert_string_equal(r.f[1].programme, "association_grants");
    assert_string_equal(r.f[2].programme, "association_grants");
    assert_string_equal(r.f[4].programme, "income_generating");
    assert_true(r.f[5].value == 19);
    assert_string_equal(r.f[5].programme, "disability_support");
    assert_string_equal(r.f[6].programme, "disability_support");
    prop_result_free(&r);
}

/* A relative phrase dates a figure from the article's own year: the
 * Hijri operation here (1444 -> 2023-03), the publication year there */
static void test_relative_period(void **s)
{
    (void)s;
    prop_result r = run(&lex, "تتميز عملية رمضان 1444 برفع عدد المستفيدين من 600 ألف عائلة في النسخة الماضية إلى 1 مليون عائلة.", NULL);
    assert_int_equal(r.nf, 2);
    assert_string_equal(r.f[0].period, "2022");
    assert_string_equal(r.f[0].period_basis, "inferred");
    assert_non_null(strstr(r.f[0].note, "2022"));
    assert_string_equal(r.f[1].period, "2023-03");   /* the cue before it is the figure before's */
    prop_result_free(&r);
    r = run(&lex, "استفاد 300 شخص العام الماضي، بزيادة 12 في المائة مقارنة مع السنة الماضية، ووزعت 40 حصة هذه السنة.", "2019-02-27");
    assert_string_equal(r.f[0].period, "2018");
    assert_string_equal(r.f[r.nf - 1].period, "2019");
    assert_string_equal(r.f[r.nf - 1].period_basis, "inferred");
    for (size_t i = 0; i < r.nf; i++)
        if (r.f[i].value == 12) assert_string_equal(r.f[i].period, "2019");   /* the base of a comparison */
    prop_result_free(&r);
}

/* A short line of words alone is a section heading: its trigger is the
 * programme of the section's figures that have none in their sentence */
static void test_section_heading(void **s)
{
    (void)s;
    prop_result r = run(&lex, "دعم تمدرس الأطفال في وضعية صعبة\n\n"
                              "وفي إطار دعم تمدرس الأطفال في وضعية صعبة، توجه ثلاثة جمعيات خدماتها للأشخاص في وضعية اعاقة. "
                              "وبلغ عدد المستفيدين من هذه العملية 170 شخصا بتكلفة مالية بلغت 1669140 درهم .\n", "2019");
    assert_int_equal(r.nf, 3);
    assert_string_equal(r.f[1].programme, "schooling_support");
    assert_string_equal(r.f[2].programme, "schooling_support");
    assert_non_null(strstr(r.f[1].rule, "programme:trigger-heading"));
    prop_result_free(&r);
}

/* In a list, a bare noun has the programme its stem was given earlier in
 * the sentence (r01, Guelmim-Oued Noun); a pair of nouns is every programme */
static void test_listed_noun_programme(void **s)
{
    (void)s;
    prop_result r = run(&lex, "تقدم 115 مركزا ومؤسسة خدماتها برسم سنة 2016، وتتوزع على 32 مركزا للتربية والتكوين و17 مؤسسة للرعاية الاجتماعية في إقليم كلميم، "
                              "و21 مؤسسة و18 مركزا في إقليم سيدي إفني، و12 مؤسسة ومركزين اثنين.", NULL);
    assert_int_equal(r.nf, 7);
    assert_string_equal(r.f[0].programme, "all");
    assert_string_equal(r.f[3].programme, "social_care_institution");   /* 21 مؤسسة */
    assert_string_equal(r.f[4].programme, "education_training");        /* 18 مركزا */
    assert_string_equal(r.f[4].geo, "MA-SIF");
    assert_string_equal(r.f[5].programme, "social_care_institution");   /* 12 مؤسسة */
    assert_true(r.f[6].value == 2);
    assert_string_equal(r.f[6].programme, "education_training");        /* ومركزين */
    assert_non_null(strstr(r.f[6].rule, "programme:listed-noun"));
    prop_result_free(&r);
}

/* "فاتح أبريل الجاري": a day of the article's own year (its anniversary
 * here) dates the figures of its sentence; the month dates the others */
static void test_current_month(void **s)
{
    (void)s;
    prop_result r = run(&lex, "ويأتي الاحتفاء بالذكرى الـ63 لإحداث هذه المؤسسة. قامت المؤسسة بالتكفل بحوالي ثلاثة آلاف من الأشخاص في وضعية الشارع "
                              "إلى حدود فاتح أبريل الجاري. وتمت تهيئة 90 فضاء للإيواء.", NULL);
    assert_int_equal(r.nf, 2);
    assert_string_equal(r.f[0].period, "2020-04-01");
    assert_string_equal(r.f[0].period_basis, "inferred");
    assert_string_equal(r.f[1].period, "2020-04");
    assert_string_equal(reason_of(&r, 1), "(not rejected)");   /* فاتح is a word, not a figure */
    prop_result_free(&r);
}

/* More counted nouns and labels, from indicators.json alone */
static void test_more_nouns_and_labels(void **s)
{
    (void)s;
    prop_result r = run(&lex, "استفادت 450 متعلمة من دروس محو الأمية و35 أرملة من الدعم برسم سنة 2019. "
                              "ونصيب باشوية سطات لوحدها من القفف بلغ 1350.", NULL);
    assert_int_equal(r.nf, 3);
    assert_string_equal(r.f[0].indicator, "beneficiaries");
    assert_string_equal(r.f[1].indicator, "beneficiaries");
    assert_true(r.f[2].value == 1350);
    assert_string_equal(r.f[2].indicator, "items");
    prop_result_free(&r);
}

/* "من بينهم 7668": a part of the figure before; "سيوزعون على 19 مركزا":
 * places, counted as distribution points (indicators.json) */
static void test_parts_and_places(void **s)
{
    (void)s;
    const char *text = "سيستفيد منها 12 ألفا و318 شخصا من أوساط معوزة، من بينهم 7668، ينحدرون من العالم القروي، برسم سنة 2022. "
                       "سيوزعون على 19 مركزا مخصصا لمختلف الجماعات الترابية بالإقليم.";
    prop_result r = run(&lex, text, NULL);
    assert_int_equal(r.nf, 3);
    assert_true(r.f[1].value == 7668);
    assert_string_equal(r.f[1].indicator, "beneficiaries");
    assert_non_null(strstr(r.f[1].rule, "indicator:inherited-part"));
    assert_string_equal(r.f[2].indicator, "distribution_points");
    prop_result_free(&r);
}

/* Inline numbered sections (seed 001): the trigger after a figure that
 * heads the next section ("1004 2 دروس محو الأمية:") is not the figure's */
static void test_numbered_sections(void **s)
{
    (void)s;
    prop_result r = run(&lex, "1) مراكز التربية والتكوين: تشرف المنسقية على 21 مركزا للتربية والتكوين. عدد المراكز:21 عدد المستفيدين: 1004 "
                              "2 دروس محو الأمية: تبذل المنسقية جهودا كبيرة. عدد أقسام محو الأمية: 18 عدد المتسفيدين: 764 "
                              "3 رياض الأطفال: يرتكز نشاط رياض الأطفال على تربية الأطفال.", "2012");
    assert_true(proposed(&r, 1004));
    for (size_t i = 0; i < r.nf; i++) {
        if (r.f[i].value == 1004) assert_string_equal(r.f[i].programme, "education_training");
        if (r.f[i].value == 764) assert_string_equal(r.f[i].programme, "literacy");
    }
    assert_string_equal(reason_of(&r, 2), "a section or list number");
    prop_result_free(&r);
}

/* "المركبات الاجتماعية، وهي تسعة": after a copula, the noun before */
static void test_copula(void **s)
{
    (void)s;
    prop_result r = run(&lex, "ثم المركبات الاجتماعية، وهي تسعة والتي استفاد منها 2042 مستفيدا برسم الموسم الاجتماعي 2011/2012.", NULL);
    assert_int_equal(r.nf, 2);
    assert_true(r.f[0].value == 9);
    assert_string_equal(r.f[0].indicator, "centres");
    assert_string_equal(r.f[0].programme, "social_complex");
    assert_non_null(strstr(r.f[0].rule, "indicator:noun-before-copula"));
    prop_result_free(&r);
}

/* A territory named without its type just after the figure, and a name
 * with two clitics (وبالدار البيضاء) */
static void test_territory_spellings(void **s)
{
    (void)s;
    prop_result r = run(&lex, "وبعمالة وجدة أنجاد استفادت 70 امرأة. واستفاد أكثر من 3 آلاف مستفيد ببني ملال. وبالدار البيضاء استفاد 55 شخصا.", "2019");
    assert_int_equal(r.nf, 3);
    assert_string_equal(r.f[0].geo, "MA-OUJ");
    assert_string_equal(r.f[1].geo, "MA-BEM");
    assert_string_equal(r.f[2].geo, "MA-CAS");
    prop_result_free(&r);
}

/* A season written with a dash, a starting date (منذ) that is no period,
 * programme names with the preposition on their second word (رياض للأطفال) */
static void test_seasons_since_and_genitives(void **s)
{
    (void)s;
    prop_result r = run(&lex, "ومنذ سنة 2015 تم إحداث 42 روضا.", "2021");
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].period, "2021");   /* not 2015 */
    assert_string_equal(r.f[0].period_basis, "publication");
    prop_result_free(&r);
    r = run(&lex, "وتتوزع المراكز كالتالي: 12 مركزا للتربية والتكوين، 8 رياض للأطفال، 5 دور للمواطن. "
                  "وبلغ عدد الأسر المستفيدة 4500 أسرة في الموسم الاجتماعي 2019-2020.", "2021");
    assert_int_equal(r.nf, 4);
    assert_string_equal(r.f[1].programme, "kindergarten");
    assert_string_equal(r.f[2].programme, "citizen_house");
    assert_string_equal(r.f[3].period, "2019/2020");
    assert_string_equal(r.f[3].period_basis, "stated");
    prop_result_free(&r);
}

/* A percentage after a verb of growth is a growth rate (percent cues of
 * indicators.json; growth_pct: a percentage with no maximum) */
static void test_growth_verbs(void **s)
{
    (void)s;
    const char *text = "وارتفع عدد المستفيدين بنسبة 12 بالمائة برسم سنة 2019.";
    prop_result r = run(&lex, text, NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].indicator, "growth_pct");
    prop_result_free(&r);
}

/* A list written one item per line: equal figures on its lines are items,
 * not repeats, each quoted with its line */
static void test_list_lines(void **s)
{
    (void)s;
    prop_result r = run(&lex, "ووزعت 2400 حصة على الجماعات التالية برسم سنة 2019:\nجماعة المرسى: 800 حصة\n"
                              "جماعة الدشيرة: 800 حصة\n- جماعة فم الواد 800 حصة\n", NULL);
    assert_int_equal(r.nf, 4);
    assert_string_equal(r.f[1].quote, "جماعة المرسى: 800 حصة");
    assert_string_equal(r.f[3].quote, "- جماعة فم الواد 800 حصة");
    assert_string_equal(reason_of(&r, 800), "(not rejected)");
    prop_result_free(&r);
}

/* An anniversary ordinal in words: الذكرى الستين -> 2017, التاسعة والخمسين -> 2016 */
static void test_anniversary_in_words(void **s)
{
    (void)s;
    prop_result r = run(&lex, "وبمناسبة الذكرى الستين لتأسيس التعاون الوطني استفاد 300 شخص.", NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].period, "2017");
    assert_string_equal(r.f[0].period_basis, "inferred");
    assert_string_equal(reason_of(&r, 60), "an anniversary ordinal (it gives the period)");
    prop_result_free(&r);
    r = run(&lex, "وبمناسبة تخليد الذكرى التاسعة والخمسين لتأسيس التعاون الوطني استفاد 300 شخص.", NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].period, "2016");
    prop_result_free(&r);
}

/* A new trigger phrase in a copy of the catalogue changes the programme:
 * a data change, no C change. */
static void test_lexicon_extension_by_data(void **s)
{
    (void)s;
    const char *text = "استفاد 40 شخصا من برنامج تمكين الشباب برسم سنة 2018.";
    prop_result r = run(&lex, text, NULL);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].programme, "all");
    prop_result_free(&r);

    char dir[] = "/tmp/taawun-lex-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[512], path[512];
    snprintf(cmd, sizeof cmd, "cp -R input/catalog/. %s/", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/propose/programmes.json", dir);
    size_t len;
    char *json = read_file(path, &len);
    assert_non_null(json);
    const char *anchor = "\"income_generating\": [";
    char *at = strstr(json, anchor);
    assert_non_null(at);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    size_t head = (size_t)(at - json) + strlen(anchor);
    fwrite(json, 1, head, f);
    fputs("\"تمكين الشباب\", ", f);
    fputs(json + head, f);
    assert_int_equal(fclose(f), 0);
    free(json);

    catalog c2;
    prop_lex l2;
    assert_int_equal(load(&c2, &l2, dir), 0);
    prop_ctx c = {&l2, &c2, NULL};
    propose_run(&c, text, strlen(text), &r);
    assert_int_equal(r.nf, 1);
    assert_string_equal(r.f[0].programme, "income_generating");
    prop_result_free(&r);
    prop_lex_free(&l2);
    catalog_free(&c2);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_offset_map(void **s)
{
    (void)s;
    const char *orig = "بلغ عددها ١٤ ألفـا";
    arnorm_text t;
    arnorm_run(&lex.norm, orig, strlen(orig), &t);
    assert_string_equal(t.text, "بلغ عددها 14 الفا");
    const char *p = strstr(t.text, "14");
    size_t os, oe;
    arnorm_orig_span(&t, (size_t)(p - t.text), (size_t)(p - t.text) + 2, &os, &oe);
    assert_int_equal(oe - os, strlen("١٤"));
    assert_memory_equal(orig + os, "١٤", oe - os);
    arnorm_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digits_with_scale), cmocka_unit_test(test_comma_decimal),
        cmocka_unit_test(test_point_decimal), cmocka_unit_test(test_thousands_grouping),
        cmocka_unit_test(test_words_and_digits_sum), cmocka_unit_test(test_sum_wa_attached),
        cmocka_unit_test(test_sum_accusative), cmocka_unit_test(test_unit_inside_sum),
        cmocka_unit_test(test_masculine_unit), cmocka_unit_test(test_feminine_unit),
        cmocka_unit_test(test_nine), cmocka_unit_test(test_ten),
        cmocka_unit_test(test_thousand_accusative), cmocka_unit_test(test_million_accusative),
        cmocka_unit_test(test_dual_nominative), cmocka_unit_test(test_dual_oblique),
        cmocka_unit_test(test_dual_million), cmocka_unit_test(test_teen),
        cmocka_unit_test(test_teen_feminine), cmocka_unit_test(test_tens_with_unit),
        cmocka_unit_test(test_hundreds_mi_a), cmocka_unit_test(test_hundreds_mi_a_short),
        cmocka_unit_test(test_hundreds_two_words), cmocka_unit_test(test_hundreds_and_tens),
        cmocka_unit_test(test_words_thousands), cmocka_unit_test(test_arabic_indic_digits),
        cmocka_unit_test(test_persian_digits), cmocka_unit_test(test_joined_words),
        cmocka_unit_test(test_tashkeel_tatweel), cmocka_unit_test(test_percent_words),
        cmocka_unit_test(test_percent_sign), cmocka_unit_test(test_qualifiers),
        cmocka_unit_test(test_distractors), cmocka_unit_test(test_age_years),
        cmocka_unit_test(test_anniversary), cmocka_unit_test(test_publication_period),
        cmocka_unit_test(test_territory_old_region), cmocka_unit_test(test_lexicon_extension_by_data),
        cmocka_unit_test(test_hijri_year), cmocka_unit_test(test_area_parts_and_national_cue),
        cmocka_unit_test(test_list_after_colon), cmocka_unit_test(test_dual_noun),
        cmocka_unit_test(test_offset_map), cmocka_unit_test(test_noun_programmes_and_grants),
        cmocka_unit_test(test_relative_period), cmocka_unit_test(test_section_heading),
        cmocka_unit_test(test_listed_noun_programme), cmocka_unit_test(test_current_month),
        cmocka_unit_test(test_more_nouns_and_labels), cmocka_unit_test(test_parts_and_places),
        cmocka_unit_test(test_numbered_sections), cmocka_unit_test(test_copula),
        cmocka_unit_test(test_territory_spellings), cmocka_unit_test(test_seasons_since_and_genitives),
        cmocka_unit_test(test_hundreds_after_thousands), cmocka_unit_test(test_half_scale),
        cmocka_unit_test(test_half_dual), cmocka_unit_test(test_growth_verbs),
        cmocka_unit_test(test_list_lines), cmocka_unit_test(test_anniversary_in_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
