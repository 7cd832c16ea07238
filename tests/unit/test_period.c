/* lib/period.c: parsing and checking periods, and their order in reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/period.h"

static void test_period_parse(void **state)
{
    (void)state;
    period p;
    const char *why;
    char buf[16];
    assert_int_equal(period_parse("2011/2012", &p, &why), 0);
    assert_int_equal(p.kind, PERIOD_SEASON);
    assert_int_equal(p.year2, 2012);
    assert_int_equal(period_parse("2020-04-01", &p, &why), 0);
    assert_int_equal(p.kind, PERIOD_DAY);
    period_format(&p, buf);
    assert_string_equal(buf, "2020-04-01");
    assert_int_equal(period_parse("2024-02-29", &p, &why), 0);     /* leap year */
    assert_int_equal(period_parse("2023-02-29", &p, &why), -1);
    assert_string_equal(why, "no such day in that month");
    assert_int_equal(period_parse("2019-00", &p, &why), -1);
    assert_int_equal(period_parse("2011/2013", &p, &why), -1);
    assert_int_equal(period_parse("1850", &p, &why), -1);
    assert_int_equal(period_parse("20199", &p, &why), -1);
    assert_int_equal(period_parse("", &p, &why), -1);
}

static void test_period_order(void **state)
{
    (void)state;
    period a, b, c;
    const char *why;
    period_parse("2011", &a, &why);
    period_parse("2011/2012", &b, &why);
    period_parse("2012", &c, &why);
    assert_true(period_compare(&a, &b) < 0);   /* a season starts in September */
    assert_true(period_compare(&b, &c) < 0);
    assert_int_equal(period_compare(&a, &a), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_parse),
        cmocka_unit_test(test_period_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
