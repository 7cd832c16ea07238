/* lib/atomic.c: an output written whole or not at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/util.h"

static void test_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/taawun-unit-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    atomic_file af;
    assert_int_equal(atomic_open(&af, path), 0);
    /* .<basename>.tmp-XXXXXX beside the target, a file of our own */
    const char *base = strrchr(af.tmp, '/') + 1;
    assert_int_equal(strlen(base), strlen(".out.txt.tmp-XXXXXX"));
    assert_memory_equal(base, ".out.txt.tmp-", 13);
    struct stat st;
    assert_int_equal(lstat(af.tmp, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    fputs("old", af.fp);
    assert_int_equal(atomic_commit(&af), 0);
    assert_int_equal(atomic_open(&af, path), 0);
    fputs("half-writ", af.fp);
    atomic_abort(&af);                        /* the old file stays */
    size_t len;
    char *s = read_file(path, &len);
    assert_string_equal(s, "old");
    free(s);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);        /* no temporary left */
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
