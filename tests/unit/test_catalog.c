/* lib/catalog.c: territories, programmes and indicators, the hierarchies, and Arabic names folded for matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/catalog.h"
#include "catalog_fixture.h"

static void test_catalog(void **state)
{
    (void)state;
    int n_regions = 0, n_prov = 0, n_old = 0;
    for (size_t i = 0; i < CAT.n_geo; i++) {
        n_regions += CAT.geo[i].level == GEO_REGION;
        n_prov += CAT.geo[i].level == GEO_PROVINCE;
        n_old += CAT.geo[i].level == GEO_OLD_REGION;
    }
    assert_int_equal(n_regions, 12);
    assert_int_equal(n_prov, 75);
    assert_int_equal(n_old, 16);
    int azi = catalog_geo(&CAT, "MA-AZI");
    assert_string_equal(CAT.geo[CAT.geo[azi].parent].code, "MA-05");
    assert_int_equal(CAT.geo[catalog_geo(&CAT, "MA-05")].n_children, 5);
    assert_int_equal(CAT.geo[CAT.national].n_children, 12);
    int old = catalog_geo_by_name(&CAT, "جهة الدارالبيضاء الكبرى");
    assert_string_equal(CAT.geo[old].code, "OLD-08");
    assert_string_equal(CAT.geo[CAT.geo[old].region_2015].code, "MA-06");
    assert_int_equal(CAT.geo[catalog_geo(&CAT, "OLD-06")].region_2015, -1);   /* Meknès-Tafilalet spans 3 regions */
    /* HCP parents where ISO differs: Nouaceur in Casablanca-Settat */
    int nou = catalog_geo(&CAT, "MA-NOU");
    assert_string_equal(CAT.geo[CAT.geo[nou].parent].code, "MA-06");
    assert_string_equal(CAT.geo[CAT.geo[nou].iso_parent].code, "MA-04");
    int share = catalog_indicator(&CAT, "female_share_pct");
    assert_int_equal(CAT.ind[share].over_territory, AGG_RATIO);
    assert_true(CAT.ind[share].max == 100);
    assert_int_equal(CAT.ind[catalog_indicator(&CAT, "centres")].over_time, AGG_LAST);
    assert_true(CAT.prog[catalog_programme(&CAT, "kindergarten")].in_total);
    assert_false(CAT.prog[catalog_programme(&CAT, "food_aid")].in_total);
}

static void test_arabic_fold(void **state)
{
    (void)state;
    char *a = arabic_fold("جهة الدارالبيضاء الكبرى");
    char *b = arabic_fold("الدار البيضاء الكبرى");
    assert_string_equal(a, b);
    free(a);
    free(b);
    a = arabic_fold("اقلیم أزیلال");   /* Persian yeh, as in seed 004 */
    b = arabic_fold("أزيلال");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_hierarchy(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    catalog c;
    assert_int_equal(catalog_load(&c, "input/catalog", &d), 0);
    int nou = catalog_geo(&c, "MA-NOU"), r04 = catalog_geo(&c, "MA-04"), r06 = catalog_geo(&c, "MA-06");
    assert_int_equal(c.geo[nou].parent, r06);
    size_t n04 = c.geo[r04].n_children, n06 = c.geo[r06].n_children;
    assert_int_equal(catalog_set_hierarchy(&c, "hcp"), -1);
    assert_int_equal(catalog_set_hierarchy(&c, "iso"), 0);
    assert_int_equal(c.geo[nou].parent, r04);
    assert_int_equal(c.geo[r04].n_children, n04 + 1);
    assert_int_equal(c.geo[catalog_geo(&c, "MA-CHT")].parent, r06);
    assert_int_equal(c.geo[r06].n_children, n06);   /* Nouaceur out, Chtouka in */
    size_t provinces = 0;
    for (size_t i = 0; i < c.geo[c.national].n_children; i++)
        provinces += c.geo[c.geo[c.national].children[i]].n_children;
    assert_int_equal(provinces, 75);
    catalog_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog),
        cmocka_unit_test(test_arabic_fold),
        cmocka_unit_test(test_hierarchy),
    };
    return cmocka_run_group_tests(tests, load_catalog, free_catalog);
}
