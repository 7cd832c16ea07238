#include "period.h"

#include <stdio.h>
#include <string.h>

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

int period_parse(const char *s, period *p, const char **why)
{
    size_t n = strlen(s);
    memset(p, 0, sizeof *p);
    *why = "expected YYYY, YYYY/YYYY, YYYY-MM or YYYY-MM-DD";
    if (n < 4 || digits(s, 4, &p->year) != 0)
        return -1;
    if (p->year < 1900 || p->year > 2100) {
        *why = "year out of range: expected 1900..2100";
        return -1;
    }
    if (n == 4) {
        p->kind = PERIOD_YEAR;
        return 0;
    }
    if (n == 9 && s[4] == '/') {
        if (digits(s + 5, 4, &p->year2) != 0)
            return -1;
        if (p->year2 != p->year + 1) {
            *why = "a social season spans two consecutive years, e.g. 2011/2012";
            return -1;
        }
        p->kind = PERIOD_SEASON;
        return 0;
    }
    if ((n == 7 || n == 10) && s[4] == '-') {
        if (digits(s + 5, 2, &p->month) != 0)
            return -1;
        if (p->month < 1 || p->month > 12) {
            *why = "month out of range: expected 01..12";
            return -1;
        }
        if (n == 7) {
            p->kind = PERIOD_MONTH;
            return 0;
        }
        if (s[7] != '-' || digits(s + 8, 2, &p->day) != 0)
            return -1;
        if (p->day < 1 || p->day > days_in_month(p->year, p->month)) {
            *why = "no such day in that month";
            return -1;
        }
        p->kind = PERIOD_DAY;
        return 0;
    }
    return -1;
}

void period_format(const period *p, char *buf)
{
    /* the usual case without printf: every fact's period is written */
    if (p->year >= 0 && p->year <= 9999 && p->year2 >= 0 && p->year2 <= 9999 && p->month >= 0 && p->month <= 99 &&
        p->day >= 0 && p->day <= 99 && p->kind >= PERIOD_YEAR && p->kind <= PERIOD_DAY) {
        char *w = buf;
        int parts[3] = {p->year, p->kind == PERIOD_SEASON ? p->year2 : p->month, p->day};
        int n = p->kind == PERIOD_YEAR ? 1 : p->kind == PERIOD_DAY ? 3 : 2;
        for (int k = 0; k < n; k++) {
            int v = parts[k], width = k == 0 || p->kind == PERIOD_SEASON ? 4 : 2;
            if (k)
                *w++ = p->kind == PERIOD_SEASON ? '/' : '-';
            for (int d = width - 1; d >= 0; d--, v /= 10)
                w[d] = (char)('0' + v % 10);
            w += width;
        }
        *w = '\0';
        return;
    }
    switch (p->kind) {
    case PERIOD_YEAR: snprintf(buf, 16, "%04d", p->year); break;
    case PERIOD_SEASON: snprintf(buf, 16, "%04d/%04d", p->year, p->year2); break;
    case PERIOD_MONTH: snprintf(buf, 16, "%04d-%02d", p->year, p->month); break;
    case PERIOD_DAY: snprintf(buf, 16, "%04d-%02d-%02d", p->year, p->month, p->day); break;
    default: snprintf(buf, 16, "?"); break;
    }
}

static int start_key(const period *p)
{
    /* A season starts in September of its first year. */
    int m = p->kind == PERIOD_SEASON ? 9 : p->month ? p->month : 1;
    return (p->year * 13 + m) * 32 + p->day;
}

int period_compare(const period *a, const period *b)
{
    int ka = start_key(a), kb = start_key(b);
    if (ka != kb)
        return ka < kb ? -1 : 1;
    return (int)a->kind - (int)b->kind;
}

const char *period_kind_name(period_kind k)
{
    switch (k) {
    case PERIOD_YEAR: return "year";
    case PERIOD_SEASON: return "season";
    case PERIOD_MONTH: return "month";
    case PERIOD_DAY: return "day";
    }
    return "?";
}
