/* render/when.c: a template's "when" conditions, one reading for the
 * workbook and the PDF, on small made-up slices. */
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
#include "render/template.h"
#include "render/when.h"

static catalog CAT;
static template_set TPL;

static int setup(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    return catalog_load(&CAT, "input/catalog", &d) || template_load(&TPL, "templates", &d) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    template_free(&TPL);
    catalog_free(&CAT);
    return 0;
}

/* A slice of MA-05: children (has_data as given), periods and cells as given. */
static void load(slice *s, const char *children, const char *periods, const char *cells, const char *quality)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"format\": \"taawun-cube/1\", \"scope\": {\"code\": \"MA-05\", \"level\": \"region\"},"
             " \"children\": [%s], \"periods\": [%s], \"cells\": [%s], \"measures\": [], \"quality\": [%s]}",
             children, periods, cells, quality);
    char path[] = "/tmp/taawun-unit-when.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char err[256];
    assert_int_equal(slice_load(s, path, err, sizeof err), 0);
    unlink(path);
}

static int when(const slice *s, const char *item_text)
{
    cJSON *item = cJSON_Parse(item_text);
    assert_non_null(item);
    int r = report_when(item, s, &CAT, &TPL, "fr", "2016");
    cJSON_Delete(item);
    return r;
}

#define CELL(per, prog, value, partial, flags)                                                                     \
    "{\"geo\": \"MA-05\", \"period\": \"" per "\", \"programme\": \"" prog "\", \"indicator\": \"beneficiaries\","   \
    " \"sex\": \"\", \"area\": \"\", \"item\": \"\", \"value\": " value ", \"basis\": \"reported\","                 \
    " \"qualifier\": \"exact\", \"partial\": " partial ", \"flags\": [" flags "]}"

static void test_when(void **state)
{
    (void)state;
    slice s;
    /* one year, no child with data, nothing for the quality block */
    load(&s, "{\"code\": \"MA-AZI\", \"has_data\": false}", "{\"code\": \"2016\", \"kind\": \"year\"}",
         CELL("2016", "kindergarten", "10", "false", ""), "");
    assert_true(when(&s, "{}"));
    assert_true(when(&s, "{\"when\": \"has_rows\"}"));
    assert_false(when(&s, "{\"when\": \"has_children\"}"));
    assert_false(when(&s, "{\"when\": \"several_periods\"}"));
    assert_false(when(&s, "{\"when\": \"quality\"}"));
    slice_free(&s);

    /* a child with data, two years (and a month, which does not count) */
    load(&s, "{\"code\": \"MA-BEM\", \"has_data\": false}, {\"code\": \"MA-AZI\", \"has_data\": true}",
         "{\"code\": \"2015\", \"kind\": \"year\"}, {\"code\": \"2016\", \"kind\": \"season\"},"
         " {\"code\": \"2016-03\", \"kind\": \"month\"}",
         CELL("2016", "kindergarten", "10", "false", "") "," CELL("2015", "literacy", "7", "false", ""), "");
    assert_true(when(&s, "{\"when\": \"has_children\"}"));
    assert_true(when(&s, "{\"when\": \"several_periods\"}"));
    /* a trend table: two of its own rows, not two periods of the slice */
    assert_false(when(&s, "{\"when\": \"several_periods\", \"rows\": \"period\", \"programmes\": \"other\"}"));
    assert_true(when(&s, "{\"when\": \"several_periods\", \"rows\": \"period\"}"));
    assert_true(when(&s, "{\"when\": \"several_periods\", \"rows\": \"period\", \"indicator\": \"visitors\"}"));
    slice_free(&s);

    /* the quality block: a flagged cell, a partial figure of the period, a failed rule */
    load(&s, "", "{\"code\": \"2016\", \"kind\": \"year\"}", CELL("2016", "all", "10", "false", "\"differs\""), "");
    assert_true(when(&s, "{\"when\": \"quality\"}"));
    assert_true(report_quality_item(&s, "2016", &s.cells[0]));
    slice_free(&s);
    load(&s, "", "{\"code\": \"2016\", \"kind\": \"year\"}", CELL("2015", "all", "10", "true", "\"partial\""), "");
    assert_false(when(&s, "{\"when\": \"quality\"}"));        /* partial, but of another period */
    assert_false(report_quality_item(&s, "2016", &s.cells[0]));
    assert_true(report_quality_item(&s, "2015", &s.cells[0]));
    slice_free(&s);
    load(&s, "", "", "", "{\"rule\": \"female_le_total\"}");
    assert_true(when(&s, "{\"when\": \"quality\"}"));
    slice_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_when),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
