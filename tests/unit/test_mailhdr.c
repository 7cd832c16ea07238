/* Unit tests of the mail header helpers (cmocka): nothing that could start
 * a new header gets through, addresses are checked, RFC 2047 words are
 * well-formed, short enough and decode to the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <string.h>

#include "lib/mailhdr.h"
#include "lib/util.h"

static void test_mail_unsafe(void **state)
{
    (void)state;
    const char *what = NULL;
    assert_int_equal(mail_unsafe_at("Délégation d'Azilal", NULL), -1);
    assert_int_equal(mail_unsafe_at("المندوبية الجهوية", NULL), -1);
    assert_int_equal(mail_unsafe_at("a\r\nBcc: x@example.org", &what), 1);
    assert_string_equal(what, "CR");
    assert_int_equal(mail_unsafe_at("ab\n", &what), 2);
    assert_string_equal(what, "LF");
    assert_int_equal(mail_unsafe_at("a\tb", &what), 1);
    assert_string_equal(what, "TAB");
    assert_int_equal(mail_unsafe_at("a\xc2\x85" "b", &what), 1);   /* NEL, U+0085 */
    assert_string_equal(what, "U+0085");
    assert_int_equal(mail_unsafe_at("a\xe2\x80\xa8", &what), 1);   /* U+2028 */
    assert_int_equal(mail_unsafe_at("a\x7f", NULL), 1);
    assert_int_equal(mail_unsafe_at("a\xff", &what), 1);
    assert_string_equal(what, "invalid UTF-8");
}

static void test_mail_address(void **state)
{
    (void)state;
    assert_null(mail_address_problem("casablanca-settat@example.org"));
    assert_null(mail_address_problem("first.last+reports@sub.example.org"));
    assert_non_null(mail_address_problem(""));
    assert_string_equal(mail_address_problem("a@b@example.org"), "has more than one @");
    assert_string_equal(mail_address_problem("example.org"), "has no @");
    assert_string_equal(mail_address_problem("a b@example.org"), "contains a space");
    assert_string_equal(mail_address_problem("<a@example.org>"), "contains an angle bracket");
    assert_string_equal(mail_address_problem("a@example.org\r\nBcc: x@example.org"),
                        "contains a line break (CR or LF)");
    assert_non_null(mail_address_problem("a,b@example.org"));
    assert_non_null(mail_address_problem("@example.org"));
    assert_non_null(mail_address_problem("a@localhost"));
    assert_non_null(mail_address_problem("a@example..org"));
    assert_non_null(mail_address_problem(".a@example.org"));
    assert_non_null(mail_address_problem("أ@example.org"));
}

/* Decodes "=?UTF-8?B?...?=" words separated by CRLF SP, checking each. */
static void decode_words(const char *s, strbuf *out)
{
    while (*s) {
        assert_memory_equal(s, "=?UTF-8?B?", 10);
        const char *end = strstr(s + 10, "?=");
        assert_non_null(end);
        assert_true(end + 2 - s <= 75);
        unsigned char buf[128];
        int n = EVP_DecodeBlock(buf, (const unsigned char *)s + 10, (int)(end - s - 10));
        assert_true(n >= 0);
        size_t len = (size_t)(end - s - 10);
        while (len && s[10 + len - 1] == '=') {   /* EVP_DecodeBlock keeps the padding bytes */
            n--;
            len--;
        }
        sb_put(out, (const char *)buf, (size_t)n);
        s = end + 2;
        if (*s) {
            assert_memory_equal(s, "\r\n ", 3);
            s += 3;
        }
    }
}

static void test_mail_header_text(void **state)
{
    (void)state;
    strbuf sb, dec;
    sb_init(&sb);
    sb_init(&dec);
    mail_header_text(&sb, "Entraide Nationale - rapport Maroc, 2015", 9);
    assert_string_equal(sb.data, "Entraide Nationale - rapport Maroc, 2015");
    const char *ar = "التعاون الوطني - تقرير الدار البيضاء-سطات، 2011/2012";
    sb_reset(&sb);
    mail_header_text(&sb, ar, 9);
    decode_words(sb.data, &dec);
    assert_string_equal(dec.data, ar);
    /* every word holds whole characters: each decodes to valid UTF-8 alone */
    for (const char *p = sb.data; (p = strstr(p, "=?UTF-8?B?")); p += 10) {
        strbuf one;
        sb_init(&one);
        const char *end = strstr(p, "?=");
        char word[128];
        memcpy(word, p, (size_t)(end + 2 - p));
        word[end + 2 - p] = '\0';
        decode_words(word, &one);
        assert_int_equal(mail_unsafe_at(one.data, NULL), -1);
        sb_free(&one);
    }
    sb_reset(&sb);
    sb_reset(&dec);
    mail_header_text(&sb, "=?not-a-word?=", 9);   /* text that looks encoded is encoded */
    decode_words(sb.data, &dec);
    assert_string_equal(dec.data, "=?not-a-word?=");
    sb_reset(&sb);
    mail_mailbox(&sb, "Direction \"centrale\"", "a@example.org", 4);
    assert_string_equal(sb.data, "\"Direction \\\"centrale\\\"\" <a@example.org>");
    sb_reset(&sb);
    mail_mailbox(&sb, NULL, "a@example.org", 4);
    assert_string_equal(sb.data, "<a@example.org>");
    sb_free(&sb);
    sb_free(&dec);
}

static void test_mail_date_size(void **state)
{
    (void)state;
    char buf[64];
    mail_date(buf, sizeof buf, 1700000000);
    assert_string_equal(buf, "Tue, 14 Nov 2023 22:13:20 +0000");
    assert_int_equal(mail_base64_size(0), 0);
    assert_int_equal(mail_base64_size(57), 76 + 2);
    assert_int_equal(mail_base64_size(58), 80 + 4);
    assert_int_equal(mail_base64_size(3000000), 4000000 + 2 * 52632);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mail_unsafe),
        cmocka_unit_test(test_mail_address),
        cmocka_unit_test(test_mail_header_text),
        cmocka_unit_test(test_mail_date_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
