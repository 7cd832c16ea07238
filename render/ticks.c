#include "ticks.h"

#include <math.h>

#include "numfmt.h"

double ticks_nicenum(double x, int round_it)
{
    if (!(x > 0) || !isfinite(x))
        return 1;
    double e = floor(log10(x));
    double p = pow(10, e);
    double f = x / p;
    double nf;
    if (round_it)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * p;
}

int ticks_nice(double min, double max, int target, int zero_based, int integer, ticks *out)
{
    out->n = 0;
    if (!isfinite(min) || !isfinite(max))
        return -1;
    if (min > max) {
        double t = min;
        min = max;
        max = t;
    }
    if (zero_based) {
        if (min > 0)
            min = 0;
        if (max < 0)
            max = 0;
    }
    if (max - min <= 1e-12 * fabs(max)) {
        /* A flat series: show it against zero. */
        if (max > 0)
            min = 0;
        else if (max < 0)
            max = 0;
        else
            max = 1;
    }
    if (target < 2)
        target = 2;
    double range = ticks_nicenum(max - min, 0);
    double step = ticks_nicenum(range / (target - 1), 1);
    if (integer && step < 1)
        step = 1;
    double lo = floor(min / step) * step;
    double hi = ceil(max / step) * step;
    /* Never more ticks than fit the array: widen the step. */
    while ((hi - lo) / step + 1.5 > TICKS_MAX) {
        step = ticks_nicenum(step * 2, 0);
        lo = floor(min / step) * step;
        hi = ceil(max / step) * step;
    }
    out->step = step;
    out->decimals = numfmt_step_decimals(step);
    size_t n = (size_t)((hi - lo) / step + 0.5) + 1;
    for (size_t i = 0; i < n; i++) {
        double v = lo + (double)i * step;
        if (fabs(v) < step * 1e-9)
            v = 0;   /* not -0 or 1e-17 */
        out->v[i] = v;
    }
    out->n = n;
    out->lo = out->v[0];
    out->hi = out->v[n - 1];
    return 0;
}
