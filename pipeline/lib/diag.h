/* Input diagnostics: one line per problem, in the form
 *   FILE:LINE:COL: field: what is wrong (what was expected)
 * counted per file, with a cap so a broken million-line file does not
 * flood the terminal. */
#ifndef TAAWUN_DIAG_H
#define TAAWUN_DIAG_H

#include <stddef.h>

typedef struct {
    const char *file;      /* current file (not owned) */
    size_t errors;         /* problems found in the current file */
    size_t total_errors;   /* over all files */
    size_t warnings;
    size_t cap;            /* lines printed per file at most */
} diag;

void diag_init(diag *d, size_t cap);
void diag_file(diag *d, const char *file);

/* Reports an error at line:col (1-based; 0 = unknown, printed as 0). */
void diag_error(diag *d, size_t line, size_t col, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_warning(diag *d, size_t line, size_t col, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Line and column (1-based, column in characters) of byte `off` in text. */
void text_position(const char *text, size_t off, size_t *line, size_t *col);

#endif
