/* lib/util.c: reading a file whole, with and without a limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"

static void test_read_file_max(void **state)
{
    (void)state;
    char path[] = "/tmp/taawun-unit-read.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "0123456789", 10), 10);
    close(fd);
    size_t len = 0;
    long long size = -1;
    char *t = read_file_max(path, 10, &len, &size);
    assert_non_null(t);
    assert_int_equal(len, 10);
    assert_string_equal(t, "0123456789");
    assert_int_equal(size, 0);
    free(t);
    /* one byte over: refused unread, with its size */
    errno = 0;
    assert_null(read_file_max(path, 9, &len, &size));
    assert_int_equal(errno, EFBIG);
    assert_int_equal(size, 10);
    t = read_file(path, &len);
    assert_non_null(t);
    assert_int_equal(len, 10);
    free(t);
    /* an empty file is an empty text */
    assert_int_equal(truncate(path, 0), 0);
    t = read_file_max(path, 0, &len, &size);
    assert_non_null(t);
    assert_int_equal(len, 0);
    assert_string_equal(t, "");
    free(t);
    unlink(path);
    errno = 0;
    assert_null(read_file_max(path, 9, &len, &size));
    assert_int_equal(errno, ENOENT);
    assert_null(read_file(path, &len));
    assert_int_equal(errno, ENOENT);
    /* a folder: the read's own reason */
    assert_null(read_file("/tmp", &len));
    assert_int_equal(errno, EISDIR);
}

/* Through a pipe the size is not known: found over the limit while reading. */
static void test_read_pipe(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    char big[100000];
    memset(big, 'x', sizeof big);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        ssize_t w = write(p[1], big, sizeof big);
        _exit(w == (ssize_t)sizeof big ? 0 : 1);
    }
    close(p[1]);
    char dev[64];
    snprintf(dev, sizeof dev, "/dev/fd/%d", p[0]);
    size_t len;
    long long size = -1;
    errno = 0;
    assert_null(read_file_max(dev, 70000, &len, &size));
    assert_int_equal(errno, EFBIG);
    assert_int_equal(size, 0);
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
}

static void test_format_number(void **state)
{
    (void)state;
    char b[40];
    format_number(b, sizeof b, 2796000);
    assert_string_equal(b, "2796000");
    format_number(b, sizeof b, 0.5);
    assert_string_equal(b, "0.5");
    format_number(b, sizeof b, 9007199254740992.0);
    assert_string_equal(b, "9007199254740992");
}

static void test_reproducible_time(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_int_equal(reproducible_time(5), 1700000000);
    /* the last second of year 9999 (later ones, negative ones and
     * garbage exit 2: tests/diskfull/run.sh) */
    setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
    assert_true(reproducible_time(5) == (time_t)253402300799LL);
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    assert_int_equal(reproducible_time(5), 0);
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(reproducible_time(7), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_file_max),
        cmocka_unit_test(test_read_pipe),
        cmocka_unit_test(test_format_number),
        cmocka_unit_test(test_reproducible_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
