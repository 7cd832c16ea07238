/* Small helpers every stage uses: checked allocation, growable strings,
 * whole-file reads, reproducible timestamps. */
#ifndef TAAWUN_UTIL_H
#define TAAWUN_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TAAWUN_VERSION "0.1.0"

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Growable byte buffer, always NUL-terminated. */
typedef struct strbuf {
    char *data;
    size_t len, cap;
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_reset(strbuf *sb);
void sb_grow(strbuf *sb, size_t extra);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The appends run for every field of every fact and cell: inline, with
 * the growth out of line. */
static inline void sb_reserve(strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 > sb->cap)
        sb_grow(sb, extra);
}

static inline void sb_put(strbuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

static inline void sb_putc(strbuf *sb, char c)
{
    sb_reserve(sb, 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

static inline void sb_puts(strbuf *sb, const char *s)
{
    sb_put(sb, s, strlen(s));
}

/* Writes v in decimal (no printf); returns the length.  buf: 21 bytes. */
size_t format_int(char *buf, long long v);

/* Reads a whole file; returns NULL and sets errno on failure.  The buffer is
 * NUL-terminated (len excludes the NUL). */
char *read_file(const char *path, size_t *len);
/* The same up to max bytes: over it, NULL with errno EFBIG, and *size the
 * file's size when it was refused unread (a regular file), else 0 (found
 * over while reading: a pipe). */
char *read_file_max(const char *path, size_t max, size_t *len, long long *size);

/* The time stamped into outputs: SOURCE_DATE_EPOCH when set, otherwise
 * `fallback` (typically derived from the data), never the clock, so that
 * the same input gives the same bytes.  A SOURCE_DATE_EPOCH that is not a
 * whole number of seconds from 0 to 9999-12-31T23:59:59Z exits 2. */
time_t reproducible_time(time_t fallback);

/* Program name for messages, set once by each main(). */
extern const char *progname;

/* What every program does first: sets progname, the C locale (numbers are
 * read and written the same whatever LC_NUMERIC says), and ignores SIGXFSZ
 * so that a file-size limit or full disk is a clear write error. */
void program_init(const char *name);

/* Prints "progname: message" to stderr and exits with `code`. */
void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

/* Formats a double the way the pipeline writes numbers: integers without
 * a decimal point, others with up to 15 significant digits. Locale-free. */
void format_number(char *buf, size_t n, double v);

int str_ends_with(const char *s, const char *suffix);

/* Worker threads a stage may use: $TAAWUN_THREADS when set (1 for none),
 * else the processors online; at most TAAWUN_MAX_THREADS. */
#define TAAWUN_MAX_THREADS 8
int taawun_threads(void);

/* With $TAAWUN_PHASES set, prints "progname: phase NAME: T s, peak RSS M
 * MiB" to stderr (time since the first call): where a stage spends its
 * time and memory, for the benchmark.  Nothing otherwise. */
void phase_mark(const char *name);

/* Exit codes shared by every program (documented in the README). */
enum {
    EXIT_OK = 0,
    EXIT_DATA = 1,     /* bad input data: validation errors */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_IO = 3,       /* cannot read or write a file */
    EXIT_INTERNAL = 4
};

#endif
