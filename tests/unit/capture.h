/* For the unit tests: what a call prints on stderr (diagnostics), caught
 * in a buffer.  capture_begin(); call(); capture_end(buf, size). */
#ifndef TAAWUN_TEST_CAPTURE_H
#define TAAWUN_TEST_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int capture_fd = -1, capture_saved = -1;

static void capture_begin(void)
{
    char path[] = "/tmp/taawun-unit-stderr.XXXXXX";
    capture_fd = mkstemp(path);
    assert_true(capture_fd >= 0);
    unlink(path);
    fflush(stderr);
    capture_saved = dup(2);
    assert_true(capture_saved >= 0);
    assert_true(dup2(capture_fd, 2) == 2);
}

static void capture_end(char *buf, size_t size)
{
    fflush(stderr);
    dup2(capture_saved, 2);
    close(capture_saved);
    ssize_t n = pread(capture_fd, buf, size - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    close(capture_fd);
}

#endif
