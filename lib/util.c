#include "util.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *progname = "taawun";

void program_init(const char *name)
{
    progname = name;
    setlocale(LC_ALL, "C");
    signal(SIGXFSZ, SIG_IGN);
}

void die(int code, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(code);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die(EXIT_INTERNAL, "out of memory (%zu bytes)", n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die(EXIT_INTERNAL, "out of memory (%zu x %zu bytes)", n, size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die(EXIT_INTERNAL, "out of memory (%zu bytes)", n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void sb_init(strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb_reserve(sb, 64);
}

void sb_free(strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

void sb_grow(strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->data = xrealloc(sb->data, cap);
    sb->cap = cap;
    sb->data[sb->len] = '\0';
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sb_reserve(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    strbuf sb;
    sb_init(&sb);
    /* read straight into one buffer of the file's size (a renderer's slice
     * is megabytes: no doubling and copying per 64 KiB) */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        sb_grow(&sb, (size_t)st.st_size);
    errno = 0;
    for (;;) {
        if (sb.cap - sb.len < 2)
            sb_grow(&sb, 1 << 16);
        size_t room = sb.cap - sb.len - 1, n = fread(sb.data + sb.len, 1, room, f);
        sb.len += n;
        sb.data[sb.len] = '\0';
        if (n < room)
            break;   /* the end, or an error (below) */
    }
    /* the read's own reason when there is one ("Is a directory") */
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (err) {
        sb_free(&sb);
        errno = err;
        return NULL;
    }
    if (len)
        *len = sb.len;
    return sb.data;
}

time_t reproducible_time(time_t fallback)
{
    /* 9999-12-31T23:59:59Z: the last instant a four-digit year (PDF
     * dates, ISO 8601 in the workbook) can show */
    const long long last = 253402300799LL;
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        errno = 0;
        long long v = strtoll(e, &end, 10);
        if (errno || *end != '\0' || *e == '-' || *e == '+' || *e == ' ' || v < 0 || v > last)
            die(EXIT_USAGE, "SOURCE_DATE_EPOCH=%s: not a usable time stamp (expected a whole number of seconds "
                "since 1970-01-01 UTC, from 0 to %lld, 9999-12-31)", e, last);
        return (time_t)v;
    }
    return fallback;
}

size_t format_int(char *buf, long long v)
{
    char tmp[24];
    size_t n = 0, k = 0;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    buf[k] = '\0';
    return k;
}

void format_number(char *buf, size_t n, double v)
{
    if (v <= 9.007199254740992e15 && v >= -9.007199254740992e15 && v == (double)(long long)v) {
        if (n >= 21)
            format_int(buf, (long long)v);   /* what "%lld" writes, without printf */
        else
            snprintf(buf, n, "%lld", (long long)v);
    } else if (n >= 32 && fabs(v) >= 1e-4 && fabs(v) < 1e9 && (double)llround(v * 1e6) / 1e6 == v) {
        /* v is the double nearest a decimal D with at most 6 decimals and
         * under 15 significant digits: "%.15g" prints exactly D, its
         * trailing zeros trimmed (DBL_DIG is 15), in fixed notation since
         * 1e-4 <= |v| < 1e15.  Shares and changes in per cent are such. */
        long long r = llround(v * 1e6);
        unsigned long long u = r < 0 ? 0ull - (unsigned long long)r : (unsigned long long)r;
        size_t k = 0;
        if (r < 0)
            buf[k++] = '-';
        k += format_int(buf + k, (long long)(u / 1000000));
        unsigned frac = (unsigned)(u % 1000000);
        int digits = 6;
        while (frac % 10 == 0) {   /* frac != 0: v is not whole */
            frac /= 10;
            digits--;
        }
        buf[k++] = '.';
        for (int d = digits - 1; d >= 0; d--, frac /= 10)
            buf[k + (size_t)d] = (char)('0' + frac % 10);
        buf[k + (size_t)digits] = '\0';
    } else {
        snprintf(buf, n, "%.15g", v);
    }
}

int taawun_threads(void)
{
    const char *e = getenv("TAAWUN_THREADS");
    long n = 0;
    if (e && *e) {
        char *end;
        n = strtol(e, &end, 10);
        if (*end || n < 1)
            n = 0;
    }
    if (n == 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > TAAWUN_MAX_THREADS ? TAAWUN_MAX_THREADS : (int)n;
}

void phase_mark(const char *name)
{
    static int on = -1;
    static struct timespec t0;
    if (on < 0) {
        on = getenv("TAAWUN_PHASES") != NULL;
        clock_gettime(CLOCK_MONOTONIC, &t0);
    }
    if (!on)
        return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    long hwm = 0;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char l[256];
        while (fgets(l, sizeof l, f))
            if (strncmp(l, "VmHWM:", 6) == 0)
                hwm = strtol(l + 6, NULL, 10);
        fclose(f);
    }
    fprintf(stderr, "%s: phase %s: %.3f s, peak RSS %.1f MiB\n", progname, name,
            (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9, (double)hwm / 1024);
}

int str_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}
