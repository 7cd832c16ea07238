/* lib/recipients.c: the recipients file of taawun-mail (who receives which
 * reports), read against the shipped catalogue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/catalog.h"
#include "lib/diag.h"
#include "lib/recipients.h"

#include "capture.h"

static catalog CAT;
static char ERRS[4096];

static int setup(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    return catalog_load(&CAT, "input/catalog", &d);
}

static int teardown(void **state)
{
    (void)state;
    catalog_free(&CAT);
    return 0;
}

/* Parses text as the file "r.json"; what was reported is left in ERRS. */
static int parse(contact_list *l, const char *text)
{
    diag d;
    diag_init(&d, 10);
    diag_file(&d, "r.json");
    capture_begin();
    int rc = recipients_parse(l, text, strlen(text), &CAT, &d);
    capture_end(ERRS, sizeof ERRS);
    return rc;
}

static void test_with_provinces(void **state)
{
    (void)state;
    contact_list l;
    assert_int_equal(parse(&l, "{\"format\": \"taawun-recipients/1\", \"contacts\": [\n"
                               " {\"name\": \"Délégation\", \"address\": \"bmk@example.org\", \"language\": \"fr\",\n"
                               "  \"territories\": [\"MA-05\"], \"with_provinces\": true},\n"
                               " {\"name\": \"الإدارة\", \"address\": \"ma@example.org\", \"language\": \"ar\",\n"
                               "  \"territories\": [\"MA\"], \"x_note\": \"an extension\"}]}"),
                     0);
    assert_string_equal(ERRS, "");
    assert_int_equal(l.n, 2);
    assert_string_equal(l.c[0].address, "bmk@example.org");
    assert_string_equal(l.c[0].lang, "fr");
    /* the region, then its five provinces (catalogue order), brought not listed */
    assert_int_equal(l.c[0].n_scopes, 6);
    assert_string_equal(l.c[0].scopes[0], "MA-05");
    assert_int_equal(l.c[0].listed[0], 1);
    int azi = 0;
    for (size_t i = 1; i < l.c[0].n_scopes; i++) {
        assert_int_equal(l.c[0].listed[i], 0);
        azi += !strcmp(l.c[0].scopes[i], "MA-AZI");
    }
    assert_int_equal(azi, 1);
    assert_string_equal(l.c[1].name, "الإدارة");
    assert_int_equal(l.c[1].n_scopes, 1);
    assert_string_equal(l.c[1].scopes[0], "MA");
    recipients_free(&l);
}

static void test_refused(void **state)
{
    (void)state;
    contact_list l;
    /* an unknown territory, an address used twice, a header break in a name */
    assert_int_equal(parse(&l, "{\"format\": \"taawun-recipients/1\", \"contacts\": [\n"
                               " {\"name\": \"A\", \"address\": \"a@example.org\", \"language\": \"fr\", \"territories\": [\"MA-XX\"]},\n"
                               " {\"name\": \"B\", \"address\": \"a@example.org\", \"language\": \"fr\", \"territories\": [\"MA\"]},\n"
                               " {\"name\": \"C\\r\\nBcc: x@evil.example\", \"address\": \"c@example.org\", \"language\": \"ar\", \"territories\": [\"MA\"]}]}"),
                     -1);
    assert_int_equal(l.n, 0);   /* nothing kept */
    assert_string_equal(ERRS,
        "r.json:2:78: contacts[0].territories: unknown territory 'MA-XX' (expected MA, a region or a province code of morocco-territories.csv)\n"
        "r.json:3:27: contacts[1].address: 'a@example.org' is already the address of contacts[0] (expected one contact per address: list all its territories there)\n"
        "r.json:4:11: contacts[2].name: contains CR, which could start a new mail header (expected the contact's name on one line, no control characters)\n");
    recipients_free(&l);
}

static void test_bad_language_and_format(void **state)
{
    (void)state;
    contact_list l;
    assert_int_equal(parse(&l, "{\"format\": \"taawun-recipients/1\", \"contacts\": [\n"
                               " {\"name\": \"A\", \"address\": \"a@example.org\", \"language\": \"en\", \"territories\": [\"MA\"]}]}"),
                     -1);
    assert_non_null(strstr(ERRS, "r.json:2:"));
    assert_non_null(strstr(ERRS, "language"));
    recipients_free(&l);
    assert_int_equal(parse(&l, "{\"format\": \"taawun-recipients/2\", \"contacts\": []}"), -1);
    assert_non_null(strstr(ERRS, "r.json:1:"));
    assert_non_null(strstr(ERRS, "format"));
    recipients_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_with_provinces),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_bad_language_and_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
