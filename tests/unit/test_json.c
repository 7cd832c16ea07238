/* lib/json.c: JSON parsed with checks, positions, duplicate keys, string output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"

static void test_json_checks(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    diag_file(&d, "t");
    const char *dup = "{\"a\": 1,\n \"a\": 2}";
    cJSON *j = json_parse_checked(&d, dup, strlen(dup), 1);
    assert_non_null(j);
    const cJSON *second = json_duplicate_key(j);
    assert_non_null(second);
    json_locmap m;
    json_locate(&m, dup, j);
    size_t line, col;
    text_position(dup, json_offset(&m, second, 1), &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
    json_locmap_free(&m);
    cJSON_Delete(j);
    assert_null(json_parse_checked(&d, "{\"a\": [1, 2", 11, 1));
    assert_null(json_parse_checked(&d, "{} {}", 5, 1));
    assert_int_equal(d.total_errors, 2);
    strbuf sb;
    sb_init(&sb);
    json_put_string(&sb, "a\"b\\\n\x01");
    assert_string_equal(sb.data, "\"a\\\"b\\\\\\n\\u0001\"");
    sb_free(&sb);
}

/* The hashed duplicate search answers as the quadratic one did: of the
 * first name that repeats, its first repetition. */
static void test_duplicate_keys_many(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "{\"dup\": 0");
    for (int i = 0; i < 100; i++)
        sb_printf(&sb, ", \"k%d\": %d", i, i);
    sb_puts(&sb, ", \"k5\": 1, \"dup\": 2, \"dup\": 3}");
    cJSON *j = cJSON_Parse(sb.data);
    const cJSON *d = json_duplicate_key(j);
    assert_non_null(d);
    assert_string_equal(d->string, "dup");
    assert_int_equal(d->valueint, 2);
    cJSON_Delete(j);
    j = cJSON_Parse("{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7, \"h\": 8, \"i\": 9, "
                    "\"j\": 10, \"k\": 11, \"l\": 12, \"m\": 13, \"n\": 14, \"o\": 15, \"p\": 16, \"q\": 17}");
    assert_null(json_duplicate_key(j));
    cJSON_Delete(j);
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_checks),
        cmocka_unit_test(test_duplicate_keys_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
