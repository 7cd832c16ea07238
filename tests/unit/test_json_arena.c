/* Unit tests of the renderers' cJSON arena (cmocka): allocations are
 * aligned, distinct and writable, large ones too, and a document parsed
 * through it reads back and can be deleted; ingest's per-line scratch.  Also read_file, which the
 * renderers read their slice with (one buffer of the file's size). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/json_arena.h"
#include "lib/util.h"

/* Without json_scratch_hooks (a sanitizer build, a fuzzer, this test's
 * first case) a "scratch" tree is malloc's: json_scratch_drop deletes it
 * all.  Counted through cJSON hooks of its own. */
static size_t n_alloc, n_free;
static void *count_alloc(size_t n)
{
    n_alloc++;
    return malloc(n);
}
static void count_free(void *p)
{
    n_free += p != NULL;
    free(p);
}

static void test_json_scratch_unhooked(void **state)
{
    (void)state;
    cJSON_Hooks h = {.malloc_fn = count_alloc, .free_fn = count_free};
    cJSON_InitHooks(&h);
    json_scratch sc = {0};
    json_scratch_enter(&sc);
    cJSON *obj = cJSON_Parse("{\"geo\": \"MA-05\", \"value\": 12}");
    json_scratch_leave();
    assert_non_null(obj);
    assert_true(n_alloc >= 5);
    json_scratch_drop(&sc, obj);
    assert_int_equal(n_free, n_alloc);   /* nothing leaks */
    json_scratch_free(&sc);
    cJSON_InitHooks(NULL);
}

static void test_json_arena_alloc(void **state)
{
    (void)state;
    char *prev = NULL;
    size_t prev_n = 0;
    for (size_t i = 0; i < 100000; i++) {   /* past several 2 MiB blocks */
        size_t n = i % 97;
        char *p = json_arena_alloc(n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 8, 0);
        memset(p, 0xab, n);
        if (prev && p > prev && p < prev + 4096)
            assert_true(p >= prev + prev_n);   /* no overlap with the one before */
        prev = p;
        prev_n = n;
    }
    char *big = json_arena_alloc(3u << 20);   /* its own mapping */
    assert_non_null(big);
    big[0] = 1;
    big[(3u << 20) - 1] = 2;
    json_arena_release(big);
    json_arena_release(NULL);
}

static void test_json_arena_cjson(void **state)
{
    (void)state;
    json_arena_use();
    strbuf sb;
    sb_init(&sb);
    sb_put(&sb, "[", 1);
    for (int i = 0; i < 20000; i++)
        sb_printf(&sb, "%s{\"code\": \"MA-%02d\", \"value\": %d.5}", i ? "," : "", i % 100, i);
    sb_put(&sb, "]", 1);
    cJSON *root = cJSON_ParseWithLength(sb.data, sb.len);
    assert_non_null(root);
    assert_int_equal(cJSON_GetArraySize(root), 20000);
    const cJSON *last = cJSON_GetArrayItem(root, 19999);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(last, "code")->valuestring, "MA-99");
    assert_true(cJSON_GetObjectItemCaseSensitive(last, "value")->valuedouble == 19999.5);
    char *text = cJSON_PrintUnformatted(cJSON_GetArrayItem(root, 3));
    assert_string_equal(text, "{\"code\":\"MA-03\",\"value\":3.5}");
    cJSON_free(text);
    cJSON_Delete(root);
    sb_free(&sb);
}

/* Ingest's mode: a line's tree in its parser's scratch, reset per line; a
 * tree larger than the scratch goes on in malloc's memory. */
static void test_json_scratch(void **state)
{
    (void)state;
    json_scratch_hooks();
    json_scratch sc = {0};
    for (int line = 0; line < 3; line++) {
        json_scratch_enter(&sc);
        cJSON *obj = cJSON_Parse("{\"geo\": \"MA-05\", \"value\": 12, \"source\": \"hcp-2014\"}");
        json_scratch_leave();
        assert_non_null(obj);
        assert_non_null(sc.buf);
        assert_true((char *)obj >= sc.buf && (char *)obj < sc.buf + sc.cap);   /* in the scratch */
        assert_true(sc.used > 0);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(obj, "source")->valuestring, "hcp-2014");
        assert_int_equal(sc.spilled, 0);
        json_scratch_drop(&sc, obj);   /* nothing from malloc: no walk */
        assert_int_equal(sc.used, 0);
    }
    strbuf sb;   /* some 200 KiB of tree: past the 64 KiB scratch */
    sb_init(&sb);
    sb_put(&sb, "[", 1);
    for (int i = 0; i < 3000; i++)
        sb_printf(&sb, "%s\"s%d\"", i ? "," : "", i);
    sb_put(&sb, "]", 1);
    json_scratch_enter(&sc);
    cJSON *big = cJSON_ParseWithLength(sb.data, sb.len);
    json_scratch_leave();
    assert_non_null(big);
    assert_string_equal(cJSON_GetArrayItem(big, 2999)->valuestring, "s2999");
    assert_true(sc.spilled > 0);
    json_scratch_drop(&sc, big);   /* frees the nodes malloc gave (valgrind: no leak) */
    assert_int_equal(sc.spilled, 0);
    cJSON *plain = cJSON_Parse("[1, 2]");   /* outside a scratch: malloc and free */
    assert_non_null(plain);
    assert_false((char *)plain >= sc.buf && (char *)plain < sc.buf + sc.cap);
    char *txt = cJSON_PrintUnformatted(plain);
    assert_string_equal(txt, "[1,2]");
    cJSON_free(txt);
    cJSON_Delete(plain);
    json_scratch_free(&sc);
    assert_null(sc.buf);
    sb_free(&sb);
}

static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_read_file-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < 100000; i++)
        fprintf(f, "line %d\n", i);
    assert_int_equal(fclose(f), 0);
    size_t len = 0;
    char *text = read_file(path, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    assert_int_equal(len, 100000 * 6 + 10 + 90 * 2 + 900 * 3 + 9000 * 4 + 90000 * 5);   /* "line \n" and the digits */
    assert_memory_equal(text + len - 11, "line 99999\n", 11);
    free(text);
    unlink(path);
    text = read_file("/dev/null", &len);   /* no size to go by */
    assert_non_null(text);
    assert_int_equal(len, 0);
    free(text);
    assert_null(read_file("/tmp", &len));   /* a folder: the read's own error */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_scratch_unhooked),   /* first: before any hooks of ours */
        cmocka_unit_test(test_json_arena_alloc),
        cmocka_unit_test(test_json_arena_cjson),
        cmocka_unit_test(test_json_scratch),
        cmocka_unit_test(test_read_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
