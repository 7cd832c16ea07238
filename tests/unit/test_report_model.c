/* Unit tests of the report model (cmocka): which figure a report shows
 * per row, the latest complete before any partial sum, a year before a
 * month, and a row's period; made-up slice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/report_model.h"

#define CELL_(per, prog, ind, val, basis, partial) \
    "{\"geo\": \"MA-01\", \"period\": \"" per "\", \"programme\": \"" prog "\", \"indicator\": \"" ind \
    "\", \"sex\": \"\", \"area\": \"\", \"item\": \"\", \"value\": " val ", \"basis\": \"" basis \
    "\", \"partial\": " partial ", \"qualifier\": \"exact\", \"flags\": [], \"reported\": [], \"derived\": []}"
#define CELL(per, prog, ind, val) CELL_(per, prog, ind, val, "reported", "false")
#define PCELL(per, prog, ind, val) CELL_(per, prog, ind, val, "territories", "true")

static const char SLICE[] =
    "{\"format\": \"taawun-cube/1\", \"scope\": {\"code\": \"MA-01\", \"level\": \"region\", \"name_ar\": \"x\","
    " \"name_fr\": \"x\"}, \"children\": [], \"periods\": [{\"code\": \"2019\", \"kind\": \"year\"},"
    " {\"code\": \"2020\", \"kind\": \"year\"}, {\"code\": \"2021\", \"kind\": \"year\"},"
    " {\"code\": \"2021-03\", \"kind\": \"month\"}], \"data_version\": \"x\", \"cells\": ["
    CELL("2019", "all", "beneficiaries", "5000") ", "
    CELL("2020", "all", "beneficiaries", "5200") ", "
    PCELL("2021", "all", "beneficiaries", "900") ", "
    PCELL("2020", "kindergarten", "centres", "5") ", "
    CELL("2021-03", "kindergarten", "centres", "7") ", "
    CELL("2019", "literacy", "centres", "3") ", "
    CELL("2021", "literacy", "centres", "4") ", "
    PCELL("2019", "citizen_house", "centres", "2") ", "
    PCELL("2021", "citizen_house", "centres", "6")
    "], \"headlines\": [{\"indicator\": \"beneficiaries\", \"period\": \"2020\"}], \"measures\": [], \"sources\": []}";

static slice S;

static int setup(void **state)
{
    (void)state;
    char path[] = "/tmp/test_report_model.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, SLICE, sizeof SLICE - 1) != (ssize_t)(sizeof SLICE - 1) || close(fd) != 0)
        return -1;
    char err[256];
    int rc = slice_load(&S, path, err, sizeof err);
    unlink(path);
    if (rc != 0)
        fprintf(stderr, "%s\n", err);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    slice_free(&S);
    return 0;
}

static void test_latest_complete_before_partial(void **state)
{
    (void)state;
    /* the institution's figure is the headline: 5 200 of 2020, not the newer partial 900 */
    const slice_cell *c = report_latest(&S, "MA-01", "all", "beneficiaries", "");
    assert_non_null(c);
    assert_string_equal(c->period, "2020");
    assert_true(c->value == 5200);
    /* a complete month beats a partial year */
    c = report_latest(&S, "MA-01", "kindergarten", "centres", "");
    assert_non_null(c);
    assert_string_equal(c->period, "2021-03");
    /* the latest complete year */
    c = report_latest(&S, "MA-01", "literacy", "centres", "");
    assert_string_equal(c->period, "2021");
    /* only partial sums: the latest of them, still partial */
    c = report_latest(&S, "MA-01", "citizen_house", "centres", "");
    assert_string_equal(c->period, "2021");
    assert_true(c->partial);
    assert_null(report_latest(&S, "MA-01", "social_complex", "centres", ""));
}

static void test_row_period(void **state)
{
    (void)state;
    const char *three[] = {"2019", "2021", "2021"}, *tie[] = {"2021", "2019", NULL}, *none[] = {NULL, NULL};
    assert_string_equal(report_row_period(&S, three, 3), "2021");
    assert_string_equal(report_row_period(&S, tie, 3), "2021");   /* the latest on ties */
    assert_null(report_row_period(&S, none, 2));
}

static void test_report_period(void **state)
{
    (void)state;
    cJSON *r = cJSON_Parse("{\"period\": \"headlines\", \"headline\": [{\"indicator\": \"beneficiaries\"}]}");
    assert_string_equal(report_period(&S, r), "2020");
    cJSON_Delete(r);
    /* the email's period (deliver/figures.c) is the same choice */
    const char *ind[] = {"beneficiaries"};
    assert_string_equal(report_headlines_period(&S, ind, 1), "2020");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latest_complete_before_partial),
        cmocka_unit_test(test_row_period),
        cmocka_unit_test(test_report_period),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
