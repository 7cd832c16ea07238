/* Number formatting for labels, independent of the C locale: separators
 * are parameters, digits are always Western (0-9).  Every function writes
 * a NUL-terminated UTF-8 string into buf (truncated to len) and returns
 * its length. */
#ifndef TAAWUN_NUMFMT_H
#define TAAWUN_NUMFMT_H

#include <stddef.h>

#define NUMFMT_NNBSP "\xe2\x80\xaf"   /* U+202F narrow no-break space */
#define NUMFMT_NBSP "\xc2\xa0"        /* U+00A0 no-break space */

typedef struct {
    const char *group;     /* thousands separator: ",", NUMFMT_NNBSP, " " or "" */
    const char *decimal;   /* "." or "," */
    const char *percent;   /* appended to percentages: "%" or NUMFMT_NNBSP "%" */
    const char *unit;      /* appended (after a no-break space) by numfmt_value; NULL: none */
    const char *million;   /* compact suffixes, e.g. "M", NUMFMT_NNBSP "M" */
    const char *billion;
    int rtl;               /* put an LRM before a minus so it stays left of the digits in RTL text */
} numfmt;

/* Conventions of a language: "fr" (1 234,5 with U+00A0 ; 12,5 % and 1,2 M with
 * U+202F), "ar" (1,234.5 ;
 * 12.5% ; 1.2 مليون), anything else English-style (1,234.5 ; 12.5% ; 1.2M). */
numfmt numfmt_for_lang(const char *lang);

/* The currency name to use as unit: "MAD" or "درهم". */
const char *numfmt_currency(const char *lang);

/* v with fixed decimals and grouping ("14,108", "2 796 000", "1 234,5");
 * NaN or infinite gives an en dash. */
size_t numfmt_number(char *buf, size_t len, double v, int decimals, const numfmt *nf);

/* numfmt_number followed by nf->unit when set ("1 175 MAD"). */
size_t numfmt_value(char *buf, size_t len, double v, int decimals, const numfmt *nf);

/* pct is already in percent: 12.5 -> "12,5 %" / "12.5%". */
size_t numfmt_percent(char *buf, size_t len, double pct, int decimals, const numfmt *nf);

/* Axis tick label: the scale (units, millions, billions) is chosen from
 * ref (the largest magnitude on the axis) so all ticks of an axis share it,
 * and the decimals from step ("12 000", "1,2 M", "1.5M", "0"). */
size_t numfmt_compact(char *buf, size_t len, double v, double step, double ref, const numfmt *nf);

/* Decimals needed to write multiples of step exactly (0..6). */
int numfmt_step_decimals(double step);

#endif
