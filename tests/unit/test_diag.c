/* lib/diag.c: the one-line message form, input quoted safely, the cap per
 * file, warnings, and problems recorded by a worker and replayed in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/diag.h"
#include "lib/util.h"
#include "capture.h"

static char OUT[8192];

static void test_form_and_escapes(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    diag_file(&d, "input/a.json");
    capture_begin();
    diag_error(&d, 3, 14, "geo", "unknown territory '%s' (expected a code)", "MA-\x1b[2J\xe2\x80\xae");
    diag_error(&d, 0, 0, NULL, "cannot read: %s", "No such file or directory");
    diag_warning(&d, 5, 1, "period", "a season written %s", "2026-2025");
    capture_end(OUT, sizeof OUT);
    assert_string_equal(OUT, "input/a.json:3:14: geo: unknown territory 'MA-\\u001B[2J\\u202E' (expected a code)\n"
                             "input/a.json:0:0: cannot read: No such file or directory\n"
                             "input/a.json:5:1: warning: period: a season written 2026-2025\n");
    assert_int_equal(d.errors, 2);
    assert_int_equal(d.total_errors, 2);
    assert_int_equal(d.warnings, 1);
    /* a new file: its own count, the total goes on */
    diag_file(&d, "b.json");
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.total_errors, 2);
    /* a field name from the input is cut at 200 bytes */
    char longf[400];
    memset(longf, 'f', sizeof longf - 1);
    longf[sizeof longf - 1] = '\0';
    capture_begin();
    diag_error(&d, 1, 1, longf, "unknown field");
    capture_end(OUT, sizeof OUT);
    assert_int_equal(strlen(OUT), strlen("b.json:1:1: ") + 200 + strlen("...: unknown field\n"));
    /* a long message is written whole */
    char longm[3000];
    memset(longm, 'm', sizeof longm - 1);
    longm[sizeof longm - 1] = '\0';
    capture_begin();
    diag_error(&d, 1, 1, "x", "%s", longm);
    capture_end(OUT, sizeof OUT);
    assert_int_equal(strlen(OUT), strlen("b.json:1:1: x: ") + sizeof longm - 1 + 1);
}

static void test_cap_and_quiet(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 2);
    diag_file(&d, "c.json");
    capture_begin();
    for (int i = 1; i <= 5; i++)
        diag_error(&d, (size_t)i, 1, "value", "bad %d", i);
    capture_end(OUT, sizeof OUT);
    assert_string_equal(OUT, "c.json:1:1: value: bad 1\n"
                             "c.json:2:1: value: bad 2\n"
                             "c.json: too many errors, further ones are counted but not shown\n");
    assert_int_equal(d.total_errors, 5);
    d.quiet = 1;
    capture_begin();
    diag_error(&d, 9, 9, "value", "not shown");
    capture_end(OUT, sizeof OUT);
    assert_string_equal(OUT, "");
    assert_int_equal(d.total_errors, 6);
}

/* A worker records, the caller replays: the same lines as if reported
 * directly, the cap counted across; warnings only while no error. */
static void test_record_replay(void **state)
{
    (void)state;
    strbuf rec;
    sb_init(&rec);
    diag w;
    diag_init(&w, 3);
    w.record = &rec;
    diag_warning(&w, 1, 2, "period", "inferred from the publication");
    diag_error(&w, 4, 5, "geo", "unknown territory '%s'", "MA-XX");
    diag_error(&w, 6, 7, NULL, "not JSON");
    diag_warning(&w, 8, 1, "period", "not shown: an error came before");
    diag_error(&w, 9, 1, "a", "third");
    diag_error(&w, 10, 1, "b", "over the cap: counted only");
    assert_int_equal(w.total_errors, 4);

    diag d;
    diag_init(&d, 3);
    diag_file(&d, "s.ndjson");
    capture_begin();
    diag_replay(&d, rec.data, rec.len);
    capture_end(OUT, sizeof OUT);
    assert_string_equal(OUT, "s.ndjson:1:2: warning: period: inferred from the publication\n"
                             "s.ndjson:4:5: geo: unknown territory 'MA-XX'\n"
                             "s.ndjson:6:7: not JSON\n"
                             "s.ndjson:9:1: a: third\n"
                             "s.ndjson: too many errors, further ones are counted but not shown\n");
    assert_int_equal(d.total_errors, 4);
    assert_int_equal(d.warnings, 1);
    sb_free(&rec);
}

/* text_positions gives what text_position gives, in any order of offsets,
 * across checkpoints, UTF-8 characters and past an embedded NUL. */
static void test_text_positions(void **state)
{
    (void)state;
    size_t n = 3 * TEXT_POS_STEP + 123;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        text[i] = i % 97 == 0 ? '\n' : "ab\xd8\xa7" "c"[i % 5];
    text[n] = '\0';
    text_positions p;
    text_positions_init(&p, text);
    size_t offs[] = {0, 1, 5000, 4096, 4095, 12000, n, 17, 8192, 8193, n - 1, 3, 9000, 9001};
    for (size_t k = 0; k < sizeof offs / sizeof *offs; k++) {
        size_t l1, c1, l2, c2;
        text_position(text, offs[k], &l1, &c1);
        text_positions_get(&p, offs[k], &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
    }
    text_positions_free(&p);
    text[5000] = '\0';   /* positions stop at the NUL */
    text_positions_init(&p, text);
    size_t beyond[] = {9000, 4999, 5000, 12000, 100, 12001};
    for (size_t k = 0; k < sizeof beyond / sizeof *beyond; k++) {
        size_t l1, c1, l2, c2;
        text_position(text, beyond[k], &l1, &c1);
        text_positions_get(&p, beyond[k], &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
    }
    text_positions_free(&p);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_and_escapes),
        cmocka_unit_test(test_cap_and_quiet),
        cmocka_unit_test(test_record_replay),
        cmocka_unit_test(test_text_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
