/* Reading cells' values (the cube itself is lib/cube.c): whether a
 * reported value agrees with a derived one, and whether a total is only
 * one of its parts (a figure for one sex or one area only). */
#include "cube.h"

#include <math.h>

int cube_consistent(double r, qualifier q, double d, int partial, double tol)
{
    double eps = 1e-9 * fmax(1.0, fabs(r));
    if (!partial) {
        switch (q) {
        case Q_EXACT: return fabs(d - r) <= eps;
        case Q_APPROX: return fabs(d - r) <= tol * fmax(fabs(r), fabs(d)) + eps;
        case Q_AT_LEAST: return d >= r - eps;
        case Q_AT_MOST: return d <= r + eps;
        }
        return 0;
    }
    /* A partial sum is a lower bound of the whole. */
    switch (q) {
    case Q_EXACT:
    case Q_AT_MOST: return d <= r + eps;
    case Q_APPROX: return d <= r * (1 + tol) + eps;
    case Q_AT_LEAST: return 1;
    }
    return 0;
}

int cube_consistent_derived(double r, qualifier q, double d, qualifier dq, int partial, double tol)
{
    double eps = 1e-9 * fmax(1.0, fabs(r));
    /* a sum with an "at least" part is a lower bound, like a partial one */
    if (partial || dq == Q_AT_LEAST || dq == Q_EXACT)
        return cube_consistent(r, q, d, partial || dq == Q_AT_LEAST, tol);
    if (dq == Q_AT_MOST) {   /* the whole is at most d */
        switch (q) {
        case Q_EXACT:
        case Q_AT_LEAST: return r <= d + eps;
        case Q_APPROX: return r * (1 - tol) <= d + eps;
        case Q_AT_MOST: return 1;
        }
        return 0;
    }
    /* an approximate sum: the tolerance of either side */
    switch (q) {
    case Q_EXACT: return fabs(d - r) <= tol * fmax(fabs(r), fabs(d)) + eps;
    case Q_APPROX: return fabs(d - r) <= 2 * tol * fmax(fabs(r), fabs(d)) + eps;
    case Q_AT_LEAST: return d >= r * (1 - tol) - eps;
    case Q_AT_MOST: return d <= r * (1 + tol) + eps;
    }
    return 0;
}

/* The one cell of the parts of x in a dimension (sex or area) with a
 * value, where x's sum over that dimension rests on it alone and shows its
 * value; NULL otherwise. */
static const cell *single_part(const cube *c, const cell *x, derivation_kind k)
{
    if (!(x->has & (1u << k)) || cell_der(x, k)->have != 1 || x->best_kind < 0)
        return NULL;
    const cell *one = NULL;
    int n = k == D_SEXES ? 2 : 3;
    for (int i = 1; i <= n; i++) {
        const cell *y = k == D_SEXES ? cube_find(c, x->geo, x->period, x->prog, x->ind, (sex_kind)i, x->area, x->item)
                                     : cube_find(c, x->geo, x->period, x->prog, x->ind, x->sex, (area_kind)i, x->item);
        if (!y || y->best_kind == -2)
            continue;
        if (one)
            return NULL;
        one = y;
    }
    return one && one->best == x->best ? one : NULL;
}

int cell_only_part(const cube *c, const cell *x, sex_kind *sex, area_kind *area, int *part_partial)
{
    if (x->n_rep || x->best_kind < 0 || !x->best_partial)
        return 0;
    const cell *y = x, *p;
    if (x->sex == SEX_ALL && (p = single_part(c, y, D_SEXES)))
        y = p;
    if (y->area == AREA_ALL && (p = single_part(c, y, D_AREAS)))
        y = p;
    if (y == x)
        return 0;
    *sex = x->sex == SEX_ALL ? y->sex : SEX_ALL;   /* the dimensions x is whole in */
    *area = x->area == AREA_ALL ? y->area : AREA_ALL;
    *part_partial = y->best_partial;
    return 1;
}
