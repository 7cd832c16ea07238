/* What a slice carries beyond the cube's cells, computed before the
 * writer runs (lib/slice_write.c only writes): each cell's change against
 * the previous period, the measures of each territory, and each
 * territory's headline figures (docs/slice-format.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "slice_write.h"

/* For each period, the period one earlier (year before, season before),
 * or -1: looked up once, not per cell. */
int *previous_periods(const cube *c)
{
    int *prev = xmalloc((c->n_periods ? c->n_periods : 1) * sizeof *prev);
    for (size_t i = 0; i < c->n_periods; i++) {
        const period *p = &c->periods[i].per;
        char code[32];
        prev[i] = -1;
        if (p->kind == PERIOD_YEAR)
            snprintf(code, sizeof code, "%04d", p->year - 1);
        else if (p->kind == PERIOD_SEASON)
            snprintf(code, sizeof code, "%04d/%04d", p->year - 1, p->year);
        else
            continue;
        prev[i] = strmap_get(&c->period_by_code, code);
    }
    return prev;
}

/* The same cell one period earlier (year before, season before), if any. */
static const cell *previous_cell(const aggregate *a, const cell *x)
{
    int pi = a->prev_period[x->period];
    if (pi < 0)
        return NULL;
    const cell *y = cube_find(&a->cb, x->geo, pi, x->prog, x->ind, x->sex, x->area, x->item);
    return y && y->best_kind != -2 ? y : NULL;
}

static void prepare_changes(aggregate *a)
{
    const cube *c = &a->cb;
    a->change_of = xmalloc((c->count ? c->count : 1) * sizeof *a->change_of);
    size_t cap = 0;
    for (size_t i = 0; i < c->count; i++) {
        const cell *x = &c->cells[i], *prev = previous_cell(a, x);
        a->change_of[i] = -1;
        if (!prev)
            continue;
        if (a->n_changes == cap) {
            cap = cap ? 2 * cap : 1024;
            a->changes = xrealloc(a->changes, cap * sizeof *a->changes);
        }
        cell_change *ch = &a->changes[a->n_changes];
        ch->prev = prev;
        ch->change = x->best - prev->best;
        ch->change_pct = prev->best != 0 ? round((x->best - prev->best) / prev->best * 1e6) / 1e4 : NAN;
        a->change_of[i] = (int)a->n_changes++;
    }
}

const cell_change *cell_change_of(const aggregate *a, const cell *x)
{
    int k = a->change_of[x - a->cb.cells];
    return k < 0 ? NULL : &a->changes[k];
}

/* The measures of each territory's cells, in the order of its cells and
 * then of the catalogue's measures. */
static void prepare_measures(aggregate *a)
{
    size_t n_geo = a->cat.n_geo, cap = 0;
    a->m_start = xcalloc(n_geo + 1, sizeof *a->m_start);
    a->m_end = xcalloc(n_geo + 1, sizeof *a->m_end);
    for (size_t g = 0; g < n_geo; g++) {
        a->m_start[g] = a->n_mvals;
        for (size_t i = a->cell_start[g]; i < a->cell_end[g]; i++) {
            const cell *x = a->sorted[i];
            if (x->sex != SEX_ALL || x->area != AREA_ALL || x->item != 0)
                continue;
            for (size_t m = 0; m < a->n_measures; m++) {
                const measure *me = &a->measures[m];
                if (x->ind != me->num)
                    continue;
                const cell *den = cube_find(&a->cb, x->geo, x->period, x->prog, me->den, SEX_ALL, AREA_ALL, 0);
                if (!den || den->best_kind == -2 || den->best <= 0)
                    continue;
                if (a->n_mvals == cap) {
                    cap = cap ? 2 * cap : 256;
                    a->mvals = xrealloc(a->mvals, cap * sizeof *a->mvals);
                }
                a->mvals[a->n_mvals++] = (measure_value){x, (int)m, round(me->scale * x->best / den->best * 100) / 100,
                                                         x->best_partial || den->best_partial};
            }
        }
        a->m_end[g] = a->n_mvals;
    }
}

/* How good a cell is as a scope's headline figure: complete figures of a
 * year or season first, then complete ones of a month or day, then partial
 * sums; lower is better.  A partial sum never beats a complete figure,
 * whatever their periods. */
static int headline_tier(const aggregate *a, const cell *x)
{
    period_kind k = a->cb.periods[x->period].per.kind;
    int yearly = k == PERIOD_YEAR || k == PERIOD_SEASON;
    sex_kind sex;
    area_kind area;
    int part_partial;
    /* a figure for one sex or one area only is no total, even partial */
    int only = cell_only_part(&a->cb, x, &sex, &area, &part_partial);
    return (x->best_partial ? 2 : 0) + (only ? 2 : 0) + (yearly ? 0 : 1);
}

/* Each territory's headline figures, one per indicator with an
 * institution-wide figure (programme "all"): the latest of the best tier,
 * each with its own period (README "Headline figures"). */
static void prepare_headlines(aggregate *a)
{
    const catalog *cat = &a->cat;
    size_t n_ind = cat->n_ind ? cat->n_ind : 1;
    a->headline = xcalloc(cat->n_geo * n_ind + 1, sizeof *a->headline);
    for (size_t g = 0; g < cat->n_geo; g++) {
        const cell **best = a->headline + g * n_ind;
        /* sorted cells: time order within an indicator, so a later one of
         * the same tier is newer */
        for (size_t i = a->cell_start[g]; i < a->cell_end[g]; i++) {
            const cell *x = a->sorted[i];
            if (x->prog != cat->prog_all || x->sex != SEX_ALL || x->area != AREA_ALL || x->item != 0 ||
                x->best_kind == -2)
                continue;
            const cell *b = best[x->ind];
            if (!b || headline_tier(a, x) <= headline_tier(a, b))
                best[x->ind] = x;
        }
    }
}

const cell *territory_headline(const aggregate *a, int geo, int ind)
{
    return a->headline[(size_t)geo * (a->cat.n_ind ? a->cat.n_ind : 1) + (size_t)ind];
}

void slice_prepare(aggregate *a)
{
    a->prev_period = previous_periods(&a->cb);
    prepare_changes(a);
    prepare_measures(a);
    prepare_headlines(a);
}

void slice_prepare_free(aggregate *a)
{
    free(a->prev_period);
    free(a->change_of);
    free(a->changes);
    free(a->mvals);
    free(a->m_start);
    free(a->m_end);
    free(a->headline);
}

void aggregate_free(aggregate *a)
{
    free(a->sorted);
    free(a->results);
    free(a->cell_start);
    free(a->cell_end);
    free(a->res_start);
    free(a->res_end);
    cJSON_Delete(a->sources);
    for (size_t k = 0; k < a->n_src_json; k++)
        free(a->src_json[k]);
    free(a->src_json);
    free(a->src_cube_id);
    slice_prepare_free(a);
    for (size_t m = 0; m < a->n_measures; m++) {
        free(a->measures[m].code);
        free(a->measures[m].ar);
        free(a->measures[m].fr);
    }
    free(a->measures);
    rules_free(&a->rules);
    cube_free(&a->cb);
    catalog_free(&a->cat);
}
