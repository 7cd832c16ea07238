/* render/xlsx_book.c: a failed libxlsxwriter call ends the run with its place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"
#include "render/xlsx_book.h"

/* xlsx_ok in a child process (it ends the run): its exit status and
 * first line on stderr. */
static int xlsx_fail(lxw_error e, char *line, size_t len)
{
    char path[] = "/tmp/taawun-unit-xlsx.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd, 2);
        xlsx_ctx x = {.out = "out/MA-01-fr.xlsx"};
        xlsx_sheet sh = {.x = &x, .name = "Sources"};
        xlsx_ok(&x, &sh, 3, 8, "worksheet_write_string(sh->ws, 3, 8, s, f)", e);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    FILE *f = fdopen(fd, "r");
    rewind(f);
    if (!fgets(line, (int)len, f))
        line[0] = '\0';
    line[strcspn(line, "\n")] = '\0';
    fclose(f);
    unlink(path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A failed libxlsxwriter call ends the run with the call, sheet and cell:
 * exit 4 for a bug (a text too long that got through), 3 for I/O. */
static void test_xlsx_checks(void **state)
{
    (void)state;
    char line[512];
    assert_int_equal(xlsx_ok(NULL, NULL, 0, 0, "worksheet_write_number()", LXW_NO_ERROR), LXW_NO_ERROR);
    assert_int_equal(xlsx_fail(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, line, sizeof line), EXIT_INTERNAL);
    assert_string_equal(line, "taawun: out/MA-01-fr.xlsx: sheet 'Sources', cell I4: worksheet_write_string failed: "
                              "String exceeds Excel's limit of 32,767 characters. (internal error)");
    assert_int_equal(xlsx_fail(LXW_ERROR_CREATING_TMPFILE, line, sizeof line), EXIT_IO);
    assert_non_null(strstr(line, "worksheet_write_string failed: "));
    assert_non_null(strstr(line, "(I/O or memory error)"));
}

/* The same for a workbook-wide call: no sheet, no cell. */
static void test_xlsx_check_book(void **state)
{
    (void)state;
    char path[] = "/tmp/taawun-unit-xlsx.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd, 2);
        xlsx_ctx x = {.out = "o.xlsx"};
        xlsx_ptr(&x, NULL, "workbook_add_format(x->wb)", NULL);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char line[256] = "";
    FILE *f = fdopen(fd, "r");
    rewind(f);
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
    unlink(path);
    assert_int_equal(WEXITSTATUS(status), EXIT_IO);
    assert_string_equal(line, "taawun: o.xlsx: workbook_add_format failed: Memory error, failed to malloc() required memory. (I/O or memory error)\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx_checks),
        cmocka_unit_test(test_xlsx_check_book),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
