/* render/table_model.c: the rows, columns and numbers of a report table,
 * built from a template's spec and a small made-up slice of a region. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/catalog.h"
#include "lib/slice.h"
#include "render/table_model.h"
#include "render/template.h"

/* MA-05 (Béni Mellal-Khénifra) in 2015 and 2016, with two of its provinces. */
static const char *SLICE =
    "{\"format\": \"taawun-cube/1\",\n"
    " \"scope\": {\"code\": \"MA-05\", \"level\": \"region\", \"name_ar\": \"بني ملال-خنيفرة\","
    " \"name_fr\": \"Béni Mellal-Khénifra\", \"parent\": \"MA\"},\n"
    " \"children\": [{\"code\": \"MA-BEM\", \"name_ar\": \"بني ملال\", \"name_fr\": \"Béni Mellal\", \"has_data\": true},\n"
    "  {\"code\": \"MA-AZI\", \"name_ar\": \"أزيلال\", \"name_fr\": \"Azilal\", \"has_data\": true},\n"
    "  {\"code\": \"MA-FQH\", \"name_ar\": \"الفقيه بن صالح\", \"name_fr\": \"Fquih Ben Salah\", \"has_data\": false}],\n"
    " \"periods\": [{\"code\": \"2015\", \"kind\": \"year\"}, {\"code\": \"2016\", \"kind\": \"year\"},"
    " {\"code\": \"2016-03\", \"kind\": \"month\"}],\n"
    " \"cells\": [\n"
#define CELL(geo, per, prog, ind, sex, value, basis, partial)                                                         \
    "  {\"geo\": \"" geo "\", \"period\": \"" per "\", \"programme\": \"" prog "\", \"indicator\": \"" ind             \
    "\", \"sex\": \"" sex "\", \"area\": \"\", \"item\": \"\", \"value\": " value ", \"basis\": \"" basis              \
    "\", \"qualifier\": \"exact\", \"partial\": " partial ", \"flags\": []},\n"
    CELL("MA-05", "2016", "all", "beneficiaries", "", "2100", "reported", "false")
    CELL("MA-05", "2016", "kindergarten", "beneficiaries", "", "1200", "reported", "false")
    CELL("MA-05", "2016", "literacy", "beneficiaries", "", "800", "territories", "true")
    CELL("MA-05", "2016", "literacy", "beneficiaries", "female", "500", "reported", "false")
    CELL("MA-05", "2016", "kindergarten", "centres", "", "30", "reported", "false")
    CELL("MA-05", "2015", "kindergarten", "beneficiaries", "", "1000", "reported", "false")
    CELL("MA-05", "2016-03", "kindergarten", "beneficiaries", "", "90", "reported", "false")
    CELL("MA-BEM", "2016", "all", "beneficiaries", "", "600", "programmes", "true")
    CELL("MA-BEM", "2016", "kindergarten", "beneficiaries", "", "300", "reported", "false")
    CELL("MA-AZI", "2016", "all", "beneficiaries", "", "1500", "reported", "false")
    CELL("MA-AZI", "2016", "kindergarten", "beneficiaries", "", "900", "reported", "false")
    CELL("MA-AZI", "2016", "literacy", "beneficiaries", "", "600", "reported", "false")
#undef CELL
    "  {\"geo\": \"MA-05\", \"period\": \"2016\", \"programme\": \"all\", \"indicator\": \"centres\", \"sex\": \"\","
    " \"area\": \"\", \"item\": \"\", \"value\": 50, \"basis\": \"reported\", \"qualifier\": \"exact\", \"partial\": false,"
    " \"flags\": [\"differs\"]}],\n"
    " \"measures\": [{\"geo\": \"MA-05\", \"period\": \"2016\", \"programme\": \"kindergarten\","
    " \"measure\": \"beneficiaries_per_centre\", \"value\": 40, \"partial\": false}],\n"
    " \"headlines\": [], \"quality\": [], \"sources\": []}\n";

static catalog CAT;
static template_set TPL;
static slice SL;
static cJSON *SPEC;   /* the spec of the last table built */

static int setup(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    if (catalog_load(&CAT, "input/catalog", &d) || template_load(&TPL, "templates", &d))
        return -1;
    char path[] = "/tmp/taawun-unit-slice.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, SLICE, strlen(SLICE)) != (ssize_t)strlen(SLICE))
        return -1;
    close(fd);
    char err[256];
    int rc = slice_load(&SL, path, err, sizeof err);
    unlink(path);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(SPEC);
    slice_free(&SL);
    template_free(&TPL);
    catalog_free(&CAT);
    return 0;
}

/* Builds the table of spec (JSON text) in lang for 2016.  The spec lives
 * until the next call: a table keeps pointers into it (dims). */

static int build(table_model *tm, const char *spec_text, const char *lang, char *err, size_t errlen)
{
    cJSON_Delete(SPEC);
    SPEC = cJSON_Parse(spec_text);
    assert_non_null(SPEC);
    return table_model_build(tm, SPEC, &SL, &CAT, &TPL, lang, "2016", err, errlen);
}

static void test_rows_programme(void **state)
{
    (void)state;
    table_model tm;
    char err[256] = "";
    assert_int_equal(build(&tm, "{\"rows\": \"programme\", \"columns\": [{\"indicator\": \"beneficiaries\"},"
                                " {\"indicator\": \"beneficiaries\", \"sex\": \"female\"},"
                                " {\"measure\": \"beneficiaries_per_centre\"}], \"totals\": true}",
                           "fr", err, sizeof err), 0);
    assert_string_equal(tm.row_header, "Programme");
    assert_int_equal(tm.n_keys, 1);
    /* programmes with data, in catalogue order; "all" is never a row */
    assert_int_equal(tm.n_rows, 2);
    assert_string_equal(tm.rows[0].code, "kindergarten");
    assert_string_equal(tm.rows[0].label, "Jardins d'enfants");
    assert_string_equal(tm.rows[1].code, "literacy");
    assert_int_equal(tm.n_cols, 3);
    assert_string_equal(tm.cols[0].label, "Bénéficiaires");
    assert_string_equal(tm.cols[0].unit, "people");
    assert_true(tm.cols[0].summable);
    assert_string_equal(tm.cols[1].sex, "female");
    assert_string_equal(tm.cols[2].label, "Bénéficiaires par centre");
    assert_true(tm.cols[2].is_measure);
    assert_false(tm.cols[2].summable);
    assert_true(tm_at(&tm, 0, 0)->value == 1200);
    assert_string_equal(tm_at(&tm, 0, 0)->basis, "reported");
    assert_non_null(tm_at(&tm, 0, 0)->cell);
    assert_false(tm_at(&tm, 0, 1)->present);          /* no women known in the kindergartens */
    assert_true(tm_at(&tm, 0, 2)->value == 40);
    assert_string_equal(tm_at(&tm, 0, 2)->basis, "measure");
    assert_true(tm_at(&tm, 1, 0)->value == 800);
    assert_true(tm_at(&tm, 1, 0)->partial);
    assert_true(tm_at(&tm, 1, 1)->value == 500);
    assert_false(tm.cols[1].empty);
    /* the sum of the rows (partial: a part is) beside the cube's own total */
    assert_true(tm.totals);
    assert_true(tm.sum[0].present && tm.sum[0].value == 2000);
    assert_true(tm.sum[0].partial);
    assert_true(tm.own_total[0].present && tm.own_total[0].value == 2100);
    assert_false(tm.sum[2].present);                  /* a measure is not added up */
    table_model_free(&tm);

    /* sorted by the first column, smallest first; Arabic labels; a sum over some parts shown plain */
    assert_int_equal(build(&tm, "{\"columns\": [{\"indicator\": \"beneficiaries\"}], \"sort\": {\"column\": 0,"
                                " \"order\": \"asc\"}, \"partial\": \"plain\"}", "ar", err, sizeof err), 0);
    assert_int_equal(tm.n_rows, 2);
    assert_string_equal(tm.rows[0].code, "literacy");
    assert_string_equal(tm.row_header, "البرنامج");
    assert_false(tm_at(&tm, 0, 0)->partial);
    table_model_free(&tm);
}

static void test_rows_child(void **state)
{
    (void)state;
    table_model tm;
    char err[256] = "";
    assert_int_equal(build(&tm, "{\"rows\": \"child\", \"columns\": [{\"indicator\": \"beneficiaries\"},"
                                " {\"indicator\": \"centres\", \"label\": {\"fr\": \"Centres\", \"ar\": \"المراكز\"}}],"
                                " \"sort\": {\"column\": 0}, \"totals\": true}", "fr", err, sizeof err), 0);
    assert_string_equal(tm.row_header, "Préfecture ou province");
    /* the provinces with data, largest first */
    assert_int_equal(tm.n_rows, 2);
    assert_string_equal(tm.rows[0].code, "MA-AZI");
    assert_string_equal(tm.rows[0].label, "Azilal");
    assert_true(tm_at(&tm, 0, 0)->value == 1500);
    assert_true(tm_at(&tm, 1, 0)->value == 600);
    assert_true(tm_at(&tm, 1, 0)->partial);
    assert_string_equal(tm.cols[1].label, "Centres");
    /* no province has centres, but the region's own total has: the column stays (report13) */
    assert_false(tm.cols[1].empty);
    assert_true(tm.sum[0].value == 2100);
    assert_true(tm.own_total[0].value == 2100);       /* programme "all" of the region */
    assert_true(tm.own_total[1].value == 50);
    assert_true(tm.own_total[1].flagged);
    table_model_free(&tm);

    /* every province, codes for labels, a missing figure filled with 0 */
    assert_int_equal(build(&tm, "{\"rows\": \"child\", \"columns\": [{\"indicator\": \"beneficiaries\"}],"
                                " \"all_children\": true, \"labels\": \"code\", \"order\": \"code\", \"fill_missing\": 0}",
                           "fr", err, sizeof err), 0);
    assert_int_equal(tm.n_rows, 3);
    assert_string_equal(tm.rows[0].label, "MA-AZI");
    assert_string_equal(tm.rows[1].label, "MA-BEM");
    assert_string_equal(tm.rows[2].label, "MA-FQH");
    assert_true(tm_at(&tm, 2, 0)->present && tm_at(&tm, 2, 0)->value == 0);
    assert_string_equal(tm_at(&tm, 2, 0)->basis, "filled");
    table_model_free(&tm);
}

static void test_rows_period(void **state)
{
    (void)state;
    table_model tm;
    char err[256] = "";
    /* a trend: years only, a column per programme with data at the scope */
    assert_int_equal(build(&tm, "{\"rows\": \"period\", \"indicator\": \"beneficiaries\", \"labels\": \"code\"}", "fr",
                           err, sizeof err), 0);
    assert_int_equal(tm.n_cols, 3);
    assert_string_equal(tm.cols[0].code, "all");
    assert_string_equal(tm.cols[1].code, "kindergarten");
    assert_string_equal(tm.cols[2].code, "literacy");
    assert_int_equal(tm.n_rows, 2);
    assert_string_equal(tm.rows[0].code, "2015");
    assert_true(tm.rows[0].numeric);
    assert_string_equal(tm.rows[1].code, "2016");
    assert_true(tm_at(&tm, 0, 1)->value == 1000);
    assert_false(tm_at(&tm, 0, 2)->present);
    assert_true(tm_at(&tm, 1, 1)->value == 1200);
    assert_false(tm.totals);                          /* never on a trend */
    table_model_free(&tm);
    /* every period, the programmes of the total only */
    assert_int_equal(build(&tm, "{\"rows\": \"period\", \"periods\": \"all\", \"programmes\": \"in_total\"}", "fr", err,
                           sizeof err), 0);
    assert_int_equal(tm.n_rows, 3);
    assert_string_equal(tm.rows[2].code, "2016-03");
    assert_false(tm.rows[2].numeric);
    assert_int_equal(tm.n_cols, 2);
    assert_string_equal(tm.cols[0].label, "Jardins d'enfants");
    table_model_free(&tm);

    cJSON *spec = cJSON_Parse("{\"rows\": \"period\"}");
    assert_int_equal(table_model_count_rows(spec, &SL, &CAT, &TPL, "fr", "2016"), 2);
    cJSON_Delete(spec);
    spec = cJSON_Parse("{\"rows\": \"commune\"}");
    assert_int_equal(table_model_count_rows(spec, &SL, &CAT, &TPL, "fr", "2016"), -1);
    cJSON_Delete(spec);
}

/* Two keys (a province and a programme), and the table grouped by one. */
static void test_pairs_and_group(void **state)
{
    (void)state;
    table_model tm, g;
    char err[256] = "";
    assert_int_equal(build(&tm, "{\"rows\": [\"child\", \"programme\"], \"columns\": [{\"indicator\": \"beneficiaries\"}]}",
                           "fr", err, sizeof err), 0);
    assert_int_equal(tm.n_keys, 2);
    assert_string_equal(tm.row_header2, "Programme");
    assert_int_equal(tm.n_rows, 3);
    assert_string_equal(tm.rows[0].code, "MA-BEM");
    assert_string_equal(tm.rows[0].code2, "kindergarten");
    assert_string_equal(tm.rows[1].code, "MA-AZI");
    assert_string_equal(tm.rows[1].code2, "kindergarten");
    assert_string_equal(tm.rows[2].code2, "literacy");
    assert_string_equal(tm.rows[2].label2, CAT.prog[catalog_programme(&CAT, "literacy")].fr);
    assert_true(tm_at(&tm, 2, 0)->value == 600);

    cJSON *by = cJSON_Parse("{\"by\": \"programme\", \"column\": 0}");
    assert_int_equal(table_model_group(&g, &tm, by, err, sizeof err), 0);
    assert_int_equal(g.n_rows, 2);
    assert_string_equal(g.rows[0].code, "kindergarten");
    assert_true(g.values[0].value == 1200);           /* 300 + 900 */
    assert_string_equal(g.values[0].basis, "sum");
    assert_true(g.values[1].value == 600);
    assert_string_equal(g.row_header, "Programme");
    table_model_free(&g);
    cJSON_Delete(by);
    by = cJSON_Parse("{\"by\": \"period\"}");
    assert_int_equal(table_model_group(&g, &tm, by, err, sizeof err), -1);
    assert_string_equal(err, "\"group\": {\"by\": \"period\"}: the table has no such key (expected child or programme)");
    cJSON_Delete(by);
    by = cJSON_Parse("{\"by\": \"child\", \"column\": 3}");
    assert_int_equal(table_model_group(&g, &tm, by, err, sizeof err), -1);
    assert_string_equal(err, "\"group\": \"column\": 3 (expected 0 to 0, a column of the table)");
    cJSON_Delete(by);
    table_model_free(&tm);
}

static void test_spec_errors(void **state)
{
    (void)state;
    table_model tm;
    char err[256];
    const struct {
        const char *spec, *err;
    } cases[] = {
        {"{\"rows\": \"commune\"}", "unknown \"rows\": 'commune' (expected programme, child or period)"},
        {"{\"rows\": [\"child\", \"child\"]}",
         "\"rows\": [\"child\", \"child\"] (expected [\"child\", \"programme\"] or [\"programme\", \"child\"])"},
        {"{\"rows\": 3}", "\"rows\": expected programme, child, period or a list of two of child and programme"},
        {"{\"labels\": \"names\"}", "\"labels\": 'names' (expected name or code)"},
        {"{\"order\": \"size\"}", "\"order\": 'size' (expected catalogue or code)"},
        {"{\"partial\": \"hide\"}", "\"partial\": 'hide' (expected mark or plain)"},
        {"{\"fill_missing\": \"0\"}", "\"fill_missing\": expected a number (e.g. 0)"},
        {"{\"rows\": \"period\", \"indicator\": \"visitors\"}", "unknown indicator 'visitors' in a trend table"},
        {"{\"columns\": [{\"indicator\": \"visitors\"}]}",
         "a table column needs a known \"indicator\" or a \"measure\" (got visitors)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        strcpy(err, "");
        assert_int_equal(build(&tm, cases[i].spec, "fr", err, sizeof err), -1);
        assert_string_equal(err, cases[i].err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_programme),
        cmocka_unit_test(test_rows_child),
        cmocka_unit_test(test_rows_period),
        cmocka_unit_test(test_pairs_and_group),
        cmocka_unit_test(test_spec_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
