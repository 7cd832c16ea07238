/* Input diagnostics: one line per problem, in the form
 *   FILE:LINE:COL: field: what is wrong (what was expected)
 * counted per file, with a cap so a broken million-line file does not
 * flood the terminal. */
#ifndef TAAWUN_DIAG_H
#define TAAWUN_DIAG_H

#include <stddef.h>

struct strbuf;

typedef struct {
    const char *file;      /* current file (not owned) */
    size_t errors;         /* problems found in the current file */
    size_t total_errors;   /* over all files */
    size_t warnings;
    size_t cap;            /* lines printed per file at most */
    int quiet;             /* 1: count problems but print nothing (fuzzers) */
    /* Recording (worker threads): problems are appended to *record instead
     * of printed, and diag_replay prints them later, in input order.  An
     * error whose number in the file is known to be over the cap (at least
     * record_base errors came before this diag's) is recorded without its
     * message, since it would not be shown. */
    struct strbuf *record;
    size_t record_base;
} diag;

void diag_init(diag *d, size_t cap);
void diag_file(diag *d, const char *file);

/* Reports an error at line:col (1-based; 0 = unknown, printed as 0).
 * Control characters and bidi controls in the message (file names, codes
 * echoed from the input) are printed escaped, as \u001B or \u202E, so that
 * input cannot rewrite the terminal or reorder the line. */
void diag_error(diag *d, size_t line, size_t col, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_warning(diag *d, size_t line, size_t col, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Prints (or counts) the problems recorded in rec[0..len), as if they had
 * been reported through d now.  The warnings are printed only while d has
 * seen no error (they hold for facts that are only kept without errors). */
void diag_replay(diag *d, const char *rec, size_t len);

/* Line and column (1-based, column in characters) of byte `off` in text. */
void text_position(const char *text, size_t off, size_t *line, size_t *col);

/* The same for many offsets in one long text: checkpoints every
 * TEXT_POS_STEP bytes, built as far as the offsets asked for, so that a
 * million positions in a 16 MiB single-line file cost O(size), not
 * O(size x positions). */
#define TEXT_POS_STEP 4096
typedef struct {
    const char *text;
    size_t *line, *col;    /* position at byte k * TEXT_POS_STEP */
    size_t n, cap;
    int ended;             /* the text's NUL lies before checkpoint n */
    size_t last_off, last_line, last_col;   /* the previous answer */
} text_positions;

void text_positions_init(text_positions *p, const char *text);
void text_positions_free(text_positions *p);
void text_positions_get(text_positions *p, size_t off, size_t *line, size_t *col);

#endif
