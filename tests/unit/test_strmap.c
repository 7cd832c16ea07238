/* lib/strmap.c: string maps and pools. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lib/strmap.h"

static void test_strmap(void **state)
{
    (void)state;
    strmap m;
    strmap_init(&m);
    char key[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        strmap_put(&m, key, i);
    }
    assert_int_equal(strmap_get(&m, "k999"), 999);
    assert_int_equal(strmap_getn(&m, "k12345", 3), 12);
    assert_int_equal(strmap_get(&m, "nope"), -1);
    strmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strmap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
