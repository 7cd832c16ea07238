/* lib/csv.c: the catalogue's CSV reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"

static void test_csv(void **state)
{
    (void)state;
    const char *text = "a,b,c\n1,\"x, \"\"y\"\"\",3\n\n4,5,\n";
    csv_table t;
    size_t line;
    const char *why;
    assert_int_equal(csv_parse(text, strlen(text), &t, &line, &why), 0);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(t.rows[1][1], "x, \"y\"");
    assert_int_equal(t.ncols[2], 3);
    assert_string_equal(t.rows[2][2], "");
    assert_int_equal(t.lines[2], 4);
    assert_int_equal(csv_column(&t, "c"), 2);
    csv_free(&t);
    assert_int_equal(csv_parse("a,\"b\n", 5, &t, &line, &why), -1);
    assert_string_equal(why, "unterminated quoted field");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
