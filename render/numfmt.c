#include "numfmt.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define EN_DASH "\xe2\x80\x93"
#define LRM "\xe2\x80\x8e"

typedef struct {
    char *buf;
    size_t len, pos;
    int full;   /* something did not fit: write nothing more */
} sbuf;

static void put(sbuf *s, const char *t)
{
    if (!t || s->len == 0 || s->full)
        return;
    size_t n = strlen(t);
    if (s->pos + n >= s->len) {
        s->full = 1;
        /* Truncate on a UTF-8 character boundary. */
        n = s->len - 1 - s->pos;
        while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(s->buf + s->pos, t, n);
    s->pos += n;
    s->buf[s->pos] = '\0';
}

numfmt numfmt_for_lang(const char *lang)
{
    if (lang && strcmp(lang, "fr") == 0)
        /* Groups with a full no-break space: U+202F is so narrow in Noto Sans
         * at 8 pt that "23 911 000" reads as one block of digits. */
        return (numfmt){NUMFMT_NBSP, ",", NUMFMT_NNBSP "%", NULL, NUMFMT_NNBSP "M", NUMFMT_NNBSP "Md", 0};
    if (lang && strcmp(lang, "ar") == 0)
        return (numfmt){",", ".", "%", NULL, NUMFMT_NBSP "\xd9\x85\xd9\x84\xd9\x8a\xd9\x88\xd9\x86",
                        NUMFMT_NBSP "\xd9\x85\xd9\x84\xd9\x8a\xd8\xa7\xd8\xb1", 1};
    return (numfmt){",", ".", "%", NULL, "M", "B", 0};
}

const char *numfmt_currency(const char *lang)
{
    return lang && strcmp(lang, "ar") == 0 ? "\xd8\xaf\xd8\xb1\xd9\x87\xd9\x85" : "MAD";
}

/* Formats |v| rounded to decimals, with its sign, into s. */
static void fixed(sbuf *s, double v, int decimals, const numfmt *nf)
{
    if (!isfinite(v)) {
        put(s, EN_DASH);
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    unsigned long long p = 1;
    for (int i = 0; i < decimals; i++)
        p *= 10;
    double a = fabs(v) * (double)p;
    /* A few ulps upwards so that 1.005 (stored as 1.00499…) rounds as written. */
    a = round(a + a * 4 * DBL_EPSILON);
    if (a >= 1.8e19) {   /* beyond 64 bits: not a statistic we print */
        put(s, EN_DASH);
        return;
    }
    unsigned long long r = (unsigned long long)a;
    unsigned long long ip = r / p, fp = r % p;
    if (v < 0 && r != 0) {
        if (nf->rtl)
            put(s, LRM);
        put(s, "-");
    }
    char digits[32];
    int nd = 0;
    do {
        digits[nd++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    for (int i = nd - 1; i >= 0; i--) {
        char d[2] = {digits[i], '\0'};
        put(s, d);
        if (i > 0 && i % 3 == 0)
            put(s, nf->group);
    }
    if (decimals > 0) {
        char f[16];
        for (int i = decimals - 1; i >= 0; i--) {
            f[i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        f[decimals] = '\0';
        put(s, nf->decimal);
        put(s, f);
    }
}

size_t numfmt_number(char *buf, size_t len, double v, int decimals, const numfmt *nf)
{
    sbuf s = {buf, len, 0, 0};
    if (len)
        buf[0] = '\0';
    fixed(&s, v, decimals, nf);
    return s.pos;
}

size_t numfmt_value(char *buf, size_t len, double v, int decimals, const numfmt *nf)
{
    sbuf s = {buf, len, 0, 0};
    if (len)
        buf[0] = '\0';
    fixed(&s, v, decimals, nf);
    if (nf->unit && nf->unit[0] && isfinite(v)) {
        put(&s, NUMFMT_NBSP);
        put(&s, nf->unit);
    }
    return s.pos;
}

size_t numfmt_percent(char *buf, size_t len, double pct, int decimals, const numfmt *nf)
{
    sbuf s = {buf, len, 0, 0};
    if (len)
        buf[0] = '\0';
    fixed(&s, pct, decimals, nf);
    if (isfinite(pct))
        put(&s, nf->percent);
    return s.pos;
}

int numfmt_step_decimals(double step)
{
    step = fabs(step);
    if (!(step > 0) || !isfinite(step))
        return 0;
    double m = step;
    for (int d = 0; d < 6; d++, m *= 10)
        if (fabs(m - round(m)) <= 1e-9 * m)
            return d;
    return 6;
}

size_t numfmt_compact(char *buf, size_t len, double v, double step, double ref, const numfmt *nf)
{
    sbuf s = {buf, len, 0, 0};
    if (len)
        buf[0] = '\0';
    double scale = 1;
    const char *suffix = NULL;
    ref = fabs(ref);
    if (ref >= 1e9) {
        scale = 1e9;
        suffix = nf->billion;
    } else if (ref >= 1e6) {
        scale = 1e6;
        suffix = nf->million;
    }
    if (v == 0) {
        put(&s, "0");   /* "0", not "0.0 M" */
        return s.pos;
    }
    fixed(&s, v / scale, numfmt_step_decimals(step / scale), nf);
    if (suffix && isfinite(v))
        put(&s, suffix);
    return s.pos;
}
