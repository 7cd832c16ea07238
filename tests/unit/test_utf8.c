/* lib/utf8.c: UTF-8 checks, the Arabic folding of names, and the text policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"

static void test_utf8(void **state)
{
    (void)state;
    const char *ok = "التعاون الوطني";
    assert_int_equal(utf8_invalid_at(ok, strlen(ok)), strlen(ok));
    assert_int_equal(utf8_invalid_at("ab\xff", 3), 2);
    assert_int_equal(utf8_invalid_at("\xc0\xaf", 2), 0);          /* overlong '/' */
    assert_int_equal(utf8_invalid_at("\xed\xa0\x80", 3), 0);      /* surrogate */
    assert_int_equal(utf8_invalid_at("\xd8", 1), 0);              /* cut short */
    char b[4];
    assert_int_equal(utf8_encode(0x627, b), 2);
    size_t i = 0;
    assert_int_equal(utf8_next("\xd8\xa7", &i), 0x627);
}

/* The text policy: controls and bidi embeddings/overrides/isolates are
 * refused, marks and line breaks in multiline text are not; messages
 * escape what they quote. */
static void test_text_policy(void **state)
{
    (void)state;
    size_t at = 99;
    assert_int_equal(utf8_unsafe_char("أزيلال \u200f32\u200e \u061c", 0, NULL), 0);
    assert_int_equal(utf8_unsafe_char("a\tb", 0, &at), '\t');
    assert_int_equal(at, 1);
    assert_int_equal(utf8_unsafe_char("a\tb\r\nc", 1, NULL), 0);
    assert_int_equal(utf8_unsafe_char("x\x1b[2J", 1, NULL), 0x1b);
    assert_int_equal(utf8_unsafe_char("x\x7f", 1, NULL), 0x7f);
    assert_int_equal(utf8_unsafe_char("\xd8\xa7\xc2\x9b", 1, &at), 0x9b);
    assert_int_equal(at, 1);
    assert_int_equal(utf8_unsafe_char("\u202e", 0, NULL), 0x202e);
    assert_int_equal(utf8_unsafe_char("ab\u202a", 1, &at), 0x202a);
    assert_int_equal(at, 2);
    assert_int_equal(utf8_unsafe_char("\u2069", 0, NULL), 0x2069);
    assert_int_equal(utf8_unsafe_char("\u2066", 0, NULL), 0x2066);
    assert_int_equal(utf8_unsafe_char("\u2065\u206a\u2029\u202f", 0, NULL), 0);
    assert_string_equal(utf8_unsafe_kind(0x202e), "bidi control character");
    assert_string_equal(utf8_unsafe_kind(0x1b), "control character");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_text_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
