/* lib/reader.c: the stream reader's line limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/catalog.h"
#include "catalog_fixture.h"
#include "lib/reader.h"
#include "lib/util.h"

static void record_line(void *arg, const fact *f)
{
    size_t *lines = arg;
    lines[++lines[0]] = f->line;
}

static size_t read_stream_file(const char *text, size_t max, size_t *lines)
{
    char path[] = "/tmp/taawun-unit-stream.XXXXXX.ndjson";
    int fd = mkstemps(path, 7);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    diag d;
    diag_init(&d, 50);
    d.quiet = 1;
    reader r;
    reader_init(&r, &CAT, &d, record_line, lines);
    r.max_line = max;
    lines[0] = 0;
    reader_file(&r, path);
    reader_free(&r);
    unlink(path);
    return d.total_errors;
}

/* The stream reader's line limit, around its edge: a line of exactly
 * max_line bytes is read, one byte more is an error and the lines after it
 * are read; CRLF, blank lines and a last line without a line feed too. */
static void test_stream_line_limit(void **state)
{
    (void)state;
    const char *one = "{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"all\", \"indicator\": \"centres\", "
                      "\"value\": 1, \"source\": \"s\"}";
    const size_t max = 200;
    int pad = (int)(max - strlen(one));
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s\n%s%*s\n%s%*s\r\n\n   \n%s", one, one, pad, "", one, pad - 1, "", one);
    size_t lines[16];
    assert_int_equal(read_stream_file(sb.data, max, lines), 0);
    assert_int_equal(lines[0], 4);
    assert_int_equal(lines[1], 1);
    assert_int_equal(lines[2], 2);   /* exactly max bytes */
    assert_int_equal(lines[3], 3);   /* max bytes with its CR */
    assert_int_equal(lines[4], 6);   /* after two blank lines, no line feed */
    sb_reset(&sb);
    sb_printf(&sb, "%s%*s\n", one, pad + 1, "");                     /* 1: max + 1 bytes */
    for (size_t k = 0; k < 3 * max; k++)                               /* 2: 3 x max, no line feed in the buffer */
        sb_putc(&sb, ' ');
    sb_printf(&sb, "\n%s\n%s%*s", one, one, pad + 5, "");          /* 3: ok; 4: too long at the end */
    assert_int_equal(read_stream_file(sb.data, max, lines), 3);
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_line_limit),
    };
    return cmocka_run_group_tests(tests, load_catalog, free_catalog);
}
