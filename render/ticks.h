/* "Nice" axis ticks (P. Heckbert, "Nice numbers for graph labels",
 * Graphics Gems, 1990): steps of 1, 2 or 5 x 10^k that cover the data. */
#ifndef TAAWUN_TICKS_H
#define TAAWUN_TICKS_H

#include <stddef.h>

#define TICKS_MAX 64

typedef struct {
    double lo, hi;       /* first and last tick: the axis range */
    double step;
    size_t n;            /* number of ticks, lo..hi */
    double v[TICKS_MAX];
    int decimals;        /* decimals needed to write the ticks */
} ticks;

/* Ticks for data in [min, max], about `target` of them (>= 2).
 * zero_based: the range includes 0 (bars).  integer: the step is at least 1
 * (counts).  Returns 0, or -1 when min/max are not finite. */
int ticks_nice(double min, double max, int target, int zero_based, int integer, ticks *out);

/* Heckbert's nicenum: a 1-2-5 number about x; rounded to the nearest, or
 * else the smallest not below x. */
double ticks_nicenum(double x, int round_it);

#endif
