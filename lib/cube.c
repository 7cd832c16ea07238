#include "cube.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *derivation_name(derivation_kind k)
{
    static const char *n[] = {"facilities", "months", "territories", "sexes", "programmes", "ratio", "areas"};
    return n[k];
}

void srcset_add(srcset *s, int id)
{
    for (int i = 0; i < s->n; i++)
        if (s->ids[i] == id)
            return;
    if (s->n < SRCSET_MAX)
        s->ids[s->n++] = id;
    else
        s->more++;
}

void srcset_merge(srcset *s, const srcset *o)
{
    for (int i = 0; i < o->n; i++)
        srcset_add(s, o->ids[i]);
    s->more += o->more;
}

void cube_init(cube *c, const catalog *cat)
{
    memset(c, 0, sizeof *c);
    c->cat = cat;
    c->index_cap = 1024;
    c->index = xcalloc(c->index_cap, sizeof *c->index);
    strmap_init(&c->period_by_code);
    strpool_init(&c->items);
    strpool_init(&c->texts);
    strpool_init(&c->sources);
    strmap_init(&c->synthetic_ids);
    strmap_init(&c->source_date);
    strpool_intern(&c->items, "", 0);
    c->approx_tolerance = 0.05;
    c->pc_cap = 64;
    c->pc_keys = xcalloc(c->pc_cap, sizeof *c->pc_keys);
    c->pc_vals = xcalloc(c->pc_cap, sizeof *c->pc_vals);
    c->last_src = c->last_file = -1;
}

void cube_free(cube *c)
{
    for (size_t i = 0; i < c->count; i++) {
        cell *x = &c->cells[i];
        free(x->rep);
        for (int k = 0; k < __builtin_popcount(x->has); k++) {
            free(x->dv[k].parts);
            free(x->dv[k].terms);
        }
        free(x->dv);
    }
    free(c->cells);
    free(c->index);
    for (size_t i = 0; i < c->n_periods; i++)
        free(c->periods[i].code);
    free(c->periods);
    strmap_free(&c->period_by_code);
    strpool_free(&c->items);
    strpool_free(&c->texts);
    strpool_free(&c->sources);
    strmap_free(&c->synthetic_ids);
    strmap_free(&c->source_date);
    free(c->pc_keys);
    free(c->pc_vals);
    memset(c, 0, sizeof *c);
}

/* Hash of a cell's identity.  A hash only: two cells may share it (the
 * identity has more than 64 bits once items or periods run into the
 * thousands), so look-ups compare the fields themselves (same_cell). */
static uint64_t make_key(int geo, int per, int prog, int ind, int sex, int area, int item)
{
    const int v[7] = {geo, per, prog, ind, sex, area, item};
    uint64_t h = 1469598103934665603ULL;
    for (int k = 0; k < 7; k++)
        h = (h ^ (uint32_t)v[k]) * 1099511628211ULL;
    return h;
}

static int same_cell(const cell *x, int geo, int per, int prog, int ind, int sex, int area, int item)
{
    return x->geo == geo && x->period == per && x->prog == prog && x->ind == ind && (int)x->sex == sex &&
           (int)x->area == area && x->item == item;
}

static size_t slot(uint64_t key, size_t cap)
{
    return (size_t)((key * 11400714819323198485ull) >> 17) & (cap - 1);
}

static void reindex(cube *c)
{
    free(c->index);
    c->index_cap *= 2;
    c->index = xcalloc(c->index_cap, sizeof *c->index);
    for (size_t i = 0; i < c->count; i++) {
        size_t h = slot(c->cells[i].key, c->index_cap);
        while (c->index[h])
            h = (h + 1) & (c->index_cap - 1);
        c->index[h] = (uint32_t)(i + 1);
    }
}

static long lookup(const cube *c, uint64_t key, int geo, int per, int prog, int ind, int sex, int area, int item)
{
    size_t h = slot(key, c->index_cap);
    while (c->index[h]) {
        size_t i = c->index[h] - 1;
        if (c->cells[i].key == key && same_cell(&c->cells[i], geo, per, prog, ind, sex, area, item))
            return (long)i;
        h = (h + 1) & (c->index_cap - 1);
    }
    return -1;
}

cell *cube_find(const cube *c, int geo, int per, int prog, int ind, sex_kind sex, area_kind area, int item)
{
    long i = lookup(c, make_key(geo, per, prog, ind, (int)sex, (int)area, item), geo, per, prog, ind, (int)sex,
                    (int)area, item);
    return i < 0 ? NULL : &c->cells[i];
}

/* Returns the index of the cell, creating it.  Indices stay valid; pointers
 * into c->cells do not survive a call that creates a cell. */
static size_t get_cell(cube *c, int geo, int per, int prog, int ind, int sex, int area, int item)
{
    uint64_t key = make_key(geo, per, prog, ind, sex, area, item);
    long i = lookup(c, key, geo, per, prog, ind, sex, area, item);
    if (i >= 0)
        return (size_t)i;
    if ((c->count + 1) * 2 > c->index_cap)
        reindex(c);
    if (c->count == c->cap_cells) {
        c->cap_cells = c->cap_cells ? c->cap_cells * 2 : 1024;
        c->cells = xrealloc(c->cells, c->cap_cells * sizeof *c->cells);
    }
    cell *x = &c->cells[c->count];
    memset(x, 0, sizeof *x);
    x->key = key;
    x->geo = geo;
    x->period = per;
    x->prog = prog;
    x->ind = ind;
    x->sex = (sex_kind)sex;
    x->area = (area_kind)area;
    x->item = item;
    x->best_kind = -2;
    size_t h = slot(key, c->index_cap);
    while (c->index[h])
        h = (h + 1) & (c->index_cap - 1);
    c->index[h] = (uint32_t)(c->count + 1);
    return c->count++;
}

int cube_period(cube *c, const char *code)
{
    int i = strmap_get(&c->period_by_code, code);
    if (i >= 0)
        return i;
    period p;
    const char *why;
    if (period_parse(code, &p, &why) != 0)
        return -1;
    if (c->n_periods == c->cap_periods) {
        c->cap_periods = c->cap_periods ? c->cap_periods * 2 : 32;
        c->periods = xrealloc(c->periods, c->cap_periods * sizeof *c->periods);
    }
    c->periods[c->n_periods].code = xstrdup(code);
    c->periods[c->n_periods].per = p;
    strmap_put(&c->period_by_code, code, (int)c->n_periods);
    return (int)c->n_periods++;
}

/* Index of a parsed period: cube_period on its text, through a cache
 * keyed by the packed period (a million facts, a few dozen periods). */
static int period_index(cube *c, const period *p)
{
    if (p->year < 1800 || p->year >= 1800 + 4096 || p->month < 0 || p->month > 15 || p->day < 0 || p->day > 31 ||
        (p->kind == PERIOD_SEASON && p->year2 != p->year + 1) || (p->kind != PERIOD_SEASON && p->year2 != 0) ||
        (int)p->kind < 1 || (int)p->kind > 15) {
        char buf[16];
        period_format(p, buf);
        return cube_period(c, buf);
    }
    uint32_t key = ((uint32_t)p->kind << 24) | ((uint32_t)(p->year - 1800) << 12) | ((uint32_t)p->month << 5) |
                   (uint32_t)p->day;   /* never 0: kind >= 1 */
    size_t h = (size_t)((key * 2654435761u) & (c->pc_cap - 1));
    while (c->pc_keys[h]) {
        if (c->pc_keys[h] == key)
            return c->pc_vals[h];
        h = (h + 1) & (c->pc_cap - 1);
    }
    char buf[16];
    period_format(p, buf);
    int idx = cube_period(c, buf);
    if (idx < 0)
        return idx;
    if ((c->pc_count + 1) * 2 > c->pc_cap) {
        size_t cap = c->pc_cap * 2;
        uint32_t *keys = xcalloc(cap, sizeof *keys);
        int *vals = xcalloc(cap, sizeof *vals);
        for (size_t i = 0; i < c->pc_cap; i++) {
            if (!c->pc_keys[i])
                continue;
            size_t j = (size_t)((c->pc_keys[i] * 2654435761u) & (cap - 1));
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = c->pc_keys[i];
            vals[j] = c->pc_vals[i];
        }
        free(c->pc_keys);
        free(c->pc_vals);
        c->pc_keys = keys;
        c->pc_vals = vals;
        c->pc_cap = cap;
        h = (size_t)((key * 2654435761u) & (cap - 1));
        while (c->pc_keys[h])
            h = (h + 1) & (cap - 1);
    }
    c->pc_keys[h] = key;
    c->pc_vals[h] = idx;
    c->pc_count++;
    return idx;
}

static int year_period(cube *c, int year)
{
    period p = {.kind = PERIOD_YEAR, .year = year};
    return period_index(c, &p);
}

/* The qualifier of a sum from its parts' qualifiers: a lower (upper)
 * bound among the parts makes the sum one; an approximate part makes it
 * approximate; bounds of both kinds leave only an approximation. */
static qualifier combine_qual(qualifier a, qualifier b)
{
    if (a == b || b == Q_EXACT)
        return a;
    if (a == Q_EXACT)
        return b;
    if ((a == Q_AT_LEAST && b == Q_AT_MOST) || (a == Q_AT_MOST && b == Q_AT_LEAST))
        return Q_APPROX;
    return a == Q_APPROX ? b : a;   /* a bound beats an approximation */
}

static void add_derived(cube *c, size_t ci, derivation_kind k, double v, int of, int partial, qualifier q,
                        const srcset *src, int synthetic)
{
    cell *x = &c->cells[ci];
    if (!(x->has & (1u << k))) {
        /* insert derivation k at its place in kind order */
        int n = __builtin_popcount(x->has), at = __builtin_popcount(x->has & ((1u << k) - 1));
        x->dv = xrealloc(x->dv, (size_t)(n + 1) * sizeof *x->dv);
        memmove(x->dv + at + 1, x->dv + at, (size_t)(n - at) * sizeof *x->dv);
        memset(x->dv + at, 0, sizeof *x->dv);
        x->has |= 1u << k;
    }
    derivation *d = cell_der(x, k);
    d->value += v;
    d->have++;
    d->of = of;
    d->partial |= partial;
    d->qual = d->have == 1 ? q : combine_qual(d->qual, q);
    if (src)
        srcset_merge(&d->src, src);
    if (synthetic)
        x->flags |= FLAG_SYNTHETIC;
}

/* Records what derivation k of cell ci just added: value v of cell `from`. */
static void add_term(cube *c, size_t ci, derivation_kind k, size_t from, double v, qualifier q)
{
    derivation *d = cell_der(&c->cells[ci], k);
    if (d->n_terms == d->cap_terms) {
        d->cap_terms = d->cap_terms ? 2 * d->cap_terms : 4;
        d->terms = xrealloc(d->terms, (size_t)d->cap_terms * sizeof *d->terms);
    }
    d->terms[d->n_terms++] = (term){.cell = (int)from, .value = v, .qual = q};
}

static int text_id(cube *c, const char *s)
{
    return *s ? strpool_intern(&c->texts, s, strlen(s)) : -1;
}

/* The file of a fact: the same for long runs of facts. */
static int file_id(cube *c, const char *s)
{
    if (!*s)
        return -1;
    if (c->last_file < 0 || strcmp(s, c->texts.strs[c->last_file]) != 0)
        c->last_file = strpool_intern(&c->texts, s, strlen(s));
    return c->last_file;
}

static void keep_part(cube *c, size_t ci, const fact *f, int src)
{
    derivation *d = cell_der(&c->cells[ci], D_FACILITIES);
    if (d->n_parts == d->cap_parts) {
        d->cap_parts = d->cap_parts ? 2 * d->cap_parts : 8;
        d->parts = xrealloc(d->parts, (size_t)d->cap_parts * sizeof *d->parts);
    }
    d->parts[d->n_parts++] = (part){.facility = text_id(c, f->facility), .quote = text_id(c, f->quote),
                                     .file = file_id(c, f->file), .line = f->line, .source = src, .value = f->value};
}

void cube_add_fact(cube *c, const fact *f)
{
    int p = period_index(c, &f->per);
    int item = *f->item ? strpool_intern(&c->items, f->item, strlen(f->item)) : 0;   /* 0 is "" */
    /* runs of facts share a source */
    if (c->last_src < 0 || strcmp(f->source, c->sources.strs[c->last_src]) != 0) {
        c->last_src = strpool_intern(&c->sources, f->source, strlen(f->source));
        c->last_src_synthetic = strncmp(f->source, "synthetic", 9) == 0 || strmap_get(&c->synthetic_ids, f->source) >= 0;
    }
    int src = c->last_src, synthetic = c->last_src_synthetic;
    srcset one = {.n = 1, .ids = {src}};
    c->n_facts++;
    if (*f->facility) {
        /* Facts about single centres are summed into their territory; the
         * centres themselves are not cells (memory stays with the cells).
         * A centre's monthly figure goes under its month: cube_finish
         * moves the months into their year where they are a series
         * (fold_facility_months); a campaign of one month stays there. */
        size_t ci = get_cell(c, f->geo, p, f->programme, f->indicator, f->sex, f->area, item);
        add_derived(c, ci, D_FACILITIES, f->value, 0, 0, f->qual, &one, synthetic);
        keep_part(c, ci, f, src);
        return;
    }
    size_t ci = get_cell(c, f->geo, p, f->programme, f->indicator, f->sex, f->area, item);
    cell *x = &c->cells[ci];
    x->rep = xrealloc(x->rep, (size_t)(x->n_rep + 1) * sizeof *x->rep);
    report *r = &x->rep[x->n_rep++];
    r->value = f->value;
    r->qual = f->qual;
    r->source = src;
    r->quote = text_id(c, f->quote);
    r->file = file_id(c, f->file);
    r->line = f->line;
    r->as_reported = text_id(c, f->geo_as_reported);
    r->reported_geo = f->reported_geo;
    r->note = text_id(c, f->note);
    r->basis = f->basis;
    if (synthetic)
        x->flags |= FLAG_SYNTHETIC;
}

qualifier cell_best_qualifier(const cell *x)
{
    if (x->best_kind == -1)
        return x->rep[0].qual;
    if (x->best_kind >= 0)
        return cell_der(x, (derivation_kind)x->best_kind)->qual;
    return Q_EXACT;
}

void cube_source_date(cube *c, const char *id, const char *published)
{
    int y = 0, m = 0, d = 0;
    if (!published || sscanf(published, "%4d-%2d-%2d", &y, &m, &d) < 1 || y < 1000)
        return;
    strmap_put(&c->source_date, id, y * 10000 + m * 100 + d);
}

/* Two reported values agree when either, with its qualifier, admits the
 * other ("plus de 10 000" admits 10 548). */
static int reports_agree(const report *a, const report *b, double tol)
{
    return cube_consistent(a->value, a->qual, b->value, 0, tol) || cube_consistent(b->value, b->qual, a->value, 0, tol);
}

/* How precise a qualifier is: exact, then approximate, then a bound. */
static int precision_rank(qualifier q)
{
    return q == Q_EXACT ? 0 : q == Q_APPROX ? 1 : 2;
}

static int source_date_of(const cube *c, int source)
{
    int v = strmap_get(&c->source_date, c->sources.strs[source]);
    return v < 0 ? 0 : v;
}

/* Past this many reported values for one cell, agreement is not checked
 * pair by pair (it would be quadratic): the most precise, newest wins. */
#define AGREEMENT_MAX 64

/* Which reported value a cell shows (README "Which value a cell shows"):
 * the most precise of those that agree with every other; where none does
 * (sources truly conflict), the most precise of the newest source.  Ties
 * keep input order.  The chosen value is moved to rep[0], the others keep
 * their order behind it, so every output finds it first. */
static void choose_reported(const cube *c, cell *x)
{
    if (x->n_rep < 2)
        return;
    double tol = c->approx_tolerance;
    int best = -1, best_agrees = 0;
    for (int i = 0; i < x->n_rep; i++) {
        int agrees = 1;
        for (int j = 0; j < x->n_rep && agrees && x->n_rep <= AGREEMENT_MAX; j++)
            agrees = i == j || reports_agree(&x->rep[i], &x->rep[j], tol);
        if (best < 0) {
            best = i;
            best_agrees = agrees;
            continue;
        }
        const report *r = &x->rep[i], *b = &x->rep[best];
        int better;
        if (agrees != best_agrees)
            better = agrees;
        else if (precision_rank(r->qual) != precision_rank(b->qual))
            better = precision_rank(r->qual) < precision_rank(b->qual);
        else if (!agrees)
            better = source_date_of(c, r->source) > source_date_of(c, b->source);
        else
            better = 0;
        if (better) {
            best = i;
            best_agrees = agrees;
        }
    }
    if (best > 0) {
        report chosen = x->rep[best];
        memmove(x->rep + 1, x->rep, (size_t)best * sizeof *x->rep);
        x->rep[0] = chosen;
    }
}

/* Order in which derivations are preferred for the value shown. */
static const derivation_kind PREFERENCE[D_COUNT] = {D_FACILITIES, D_TERRITORIES, D_MONTHS, D_SEXES, D_AREAS,
                                                    D_PROGRAMMES, D_RATIO};

static void choose_best(cube *c, cell *x)
{
    x->best_kind = -2;
    x->best_partial = 0;
    if (x->n_rep) {
        choose_reported(c, x);
        x->best_kind = -1;
        x->best = x->rep[0].value;
        return;
    }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < D_COUNT; i++) {
            derivation_kind k = PREFERENCE[i];
            if ((x->has & (1u << k)) && cell_der(x, k)->partial == pass) {
                x->best_kind = (int)k;
                x->best = cell_der(x, k)->value;
                x->best_partial = pass;
                return;
            }
        }
}

static void set_flags(cube *c, cell *x)
{
    double tol = c->approx_tolerance;
    x->flags &= FLAG_SYNTHETIC;
    for (int i = 0; i < x->n_rep && !(x->flags & FLAG_CONFLICT); i++)
        for (int j = i + 1; j < x->n_rep && (i == 0 || x->n_rep <= AGREEMENT_MAX); j++)
            if (!reports_agree(&x->rep[i], &x->rep[j], tol)) {
                x->flags |= FLAG_CONFLICT;
                break;
            }
    int first_complete = -1;
    for (int k = 0; k < D_COUNT; k++) {
        if (!(x->has & (1u << k)))
            continue;
        derivation *d = cell_der(x, (derivation_kind)k);
        d->disagrees = 0;
        if (x->n_rep) {
            for (int i = 0; i < x->n_rep; i++) {
                const report *r = &x->rep[i];
                if (!cube_consistent_derived(r->value, r->qual, d->value, d->qual, d->partial, tol)) {
                    d->disagrees = 1;
                    if (d->partial || d->qual == Q_AT_LEAST) {
                        x->flags |= FLAG_PARTS_EXCEED;
                    } else if (!(x->flags & FLAG_DIFFERS)) {
                        x->flags |= FLAG_DIFFERS;
                        x->diff = d->value - r->value;
                        x->diff_kind = k;
                    }
                }
            }
        } else if (!d->partial) {
            if (first_complete < 0)
                first_complete = k;
            else if (!cube_consistent_derived(cell_der(x, (derivation_kind)first_complete)->value,
                                              cell_der(x, (derivation_kind)first_complete)->qual, d->value, d->qual, 0, tol)) {
                x->flags |= FLAG_DERIVED_DIFFER;
                d->disagrees = 1;
                cell_der(x, (derivation_kind)first_complete)->disagrees = 1;
            }
        }
    }
    if (x->best_partial)
        x->flags |= FLAG_PARTIAL;
}

static geo_level level_of(const cube *c, const cell *x)
{
    return c->cat->geo[x->geo].level;
}

static int additive(const cube *c, int ind, int over_time)
{
    const indicator *i = &c->cat->ind[ind];
    return over_time ? i->over_time == AGG_SUM : i->over_territory == AGG_SUM;
}

/* value of a cell for summing into a bigger one, with its sources */
static srcset cell_sources(const cell *x)
{
    srcset s = {0};
    if (x->best_kind == -1) {
        for (int i = 0; i < x->n_rep; i++)
            srcset_add(&s, x->rep[i].source);
    } else if (x->best_kind >= 0) {
        s = cell_der(x, (derivation_kind)x->best_kind)->src;
    }
    return s;
}

/* A year is rolled up from its months only where at least this many of
 * them are reported (or, for a value kept over time, December is). */
#define MONTH_SERIES_MIN 3

static int month_series(const cube *c, const cell *x)
{
    const period *pp = &c->periods[x->period].per;
    int months = 0, december = 0;
    for (int m = 1; m <= 12; m++) {
        char code[32];
        snprintf(code, sizeof code, "%04d-%02d", pp->year, m);
        int pi = strmap_get(&c->period_by_code, code);
        const cell *y = pi < 0 ? NULL : cube_find(c, x->geo, pi, x->prog, x->ind, x->sex, x->area, x->item);
        if (y && y->n_rep) {
            months++;
            december |= m == 12;
        }
    }
    return months >= MONTH_SERIES_MIN || (december && c->cat->ind[x->ind].over_time == AGG_LAST);
}

static void finish_level(cube *c, geo_level L)
{
    const catalog *cat = c->cat;
    size_t n = c->count;   /* cells created below are of level L itself */

    /* 1. territories: children's values into their parent */
    if (L != GEO_PROVINCE) {
        for (size_t i = 0; i < n; i++) {
            cell x = c->cells[i];   /* copy: get_cell may move the array */
            if (level_of(c, &x) != L + 1 || x.best_kind == -2 || !additive(c, x.ind, 0))
                continue;
            int parent = cat->geo[x.geo].parent;
            if (parent < 0 || cat->geo[parent].level != L)
                continue;   /* (catalog_load refuses a parent of another level) */
            srcset s = cell_sources(&x);
            size_t pi = get_cell(c, parent, x.period, x.prog, x.ind, x.sex, x.area, x.item);
            add_derived(c, pi, D_TERRITORIES, x.best, (int)cat->geo[parent].n_children, x.best_partial,
                        cell_best_qualifier(&x), &s,
                        x.flags & FLAG_SYNTHETIC);
            add_term(c, pi, D_TERRITORIES, i, x.best, cell_best_qualifier(&x));
        }
    }
    /* a sum over some of the children only is not the whole */
    for (size_t i = 0; i < c->count; i++) {
        cell *x = &c->cells[i];
        if (level_of(c, x) == L && (x->has & (1u << D_TERRITORIES))) {
            derivation *d = cell_der(x, D_TERRITORIES);
            d->partial |= d->have < d->of;
        }
    }
    /* the reported value each cell of this level shows (the months below
     * roll up that one) */
    for (size_t i = 0; i < c->count; i++)
        if (level_of(c, &c->cells[i]) == L && c->cells[i].n_rep)
            choose_best(c, &c->cells[i]);
    /* 2. months reported at this level roll up into their year, where
     * they are a series: a campaign of one month stays under its month */
    n = c->count;
    for (size_t i = 0; i < n; i++) {
        cell x = c->cells[i];
        if (level_of(c, &x) != L || !x.n_rep || c->periods[x.period].per.kind != PERIOD_MONTH)
            continue;
        agg_rule rule = cat->ind[x.ind].over_time;
        if (rule != AGG_SUM && rule != AGG_LAST)
            continue;
        if (!month_series(c, &x))
            continue;
        srcset s = {0};
        srcset_add(&s, x.rep[0].source);
        const period *pp = &c->periods[x.period].per;
        size_t yi = get_cell(c, x.geo, year_period(c, pp->year), x.prog, x.ind, x.sex, x.area, x.item);
        cell *y = &c->cells[yi];
        if (rule == AGG_SUM) {
            add_derived(c, yi, D_MONTHS, x.rep[0].value, 12, 0, x.rep[0].qual, &s, x.flags & FLAG_SYNTHETIC);
            add_term(c, yi, D_MONTHS, i, x.rep[0].value, x.rep[0].qual);
        } else if (!(y->has & (1u << D_MONTHS)) || pp->month > cell_der(y, D_MONTHS)->last_month) {
            double before = (y->has & (1u << D_MONTHS)) ? cell_der(y, D_MONTHS)->value : 0;
            add_derived(c, yi, D_MONTHS, x.rep[0].value - before, 12, 0, x.rep[0].qual, &s, x.flags & FLAG_SYNTHETIC);
            derivation *d = cell_der(&c->cells[yi], D_MONTHS);
            d->last_month = pp->month;
            d->n_terms = 0;   /* a value kept over time: the last month's is the year's */
            add_term(c, yi, D_MONTHS, i, x.rep[0].value, x.rep[0].qual);
        } else {
            cell_der(&c->cells[yi], D_MONTHS)->have++;
        }
    }
    for (size_t i = 0; i < c->count; i++) {
        cell *x = &c->cells[i];
        if (level_of(c, x) != L || !(x->has & (1u << D_MONTHS)))
            continue;
        derivation *d = cell_der(x, D_MONTHS);
        d->partial = cat->ind[x->ind].over_time == AGG_SUM ? d->have < 12 : d->last_month < 12;
    }
    for (size_t i = 0; i < c->count; i++)
        if (level_of(c, &c->cells[i]) == L)
            choose_best(c, &c->cells[i]);

    /* 3. urban + rural (+ periurban) make the whole territory */
    n = c->count;
    for (size_t i = 0; i < n; i++) {
        cell x = c->cells[i];
        if (level_of(c, &x) != L || x.area == AREA_ALL || x.best_kind == -2 || !additive(c, x.ind, 0))
            continue;
        srcset s = cell_sources(&x);
        size_t ai = get_cell(c, x.geo, x.period, x.prog, x.ind, x.sex, AREA_ALL, x.item);
        add_derived(c, ai, D_AREAS, x.best, 2, x.best_partial, cell_best_qualifier(&x), &s, x.flags & FLAG_SYNTHETIC);
        add_term(c, ai, D_AREAS, i, x.best, cell_best_qualifier(&x));
        cell_der(&c->cells[ai], D_AREAS)->last_month |= 1 << x.area;
    }
    for (size_t i = 0; i < c->count; i++) {
        cell *x = &c->cells[i];
        if (level_of(c, x) == L && (x->has & (1u << D_AREAS))) {
            derivation *d = cell_der(x, D_AREAS);
            unsigned both = (1u << AREA_URBAN) | (1u << AREA_RURAL);
            d->partial |= ((unsigned)d->last_month & both) != both;
            choose_best(c, x);
        }
    }

    /* 4. women + men make everyone */
    n = c->count;
    for (size_t i = 0; i < n; i++) {
        cell x = c->cells[i];
        if (level_of(c, &x) != L || x.sex == SEX_ALL || x.best_kind == -2 || !additive(c, x.ind, 0))
            continue;
        srcset s = cell_sources(&x);
        size_t ai = get_cell(c, x.geo, x.period, x.prog, x.ind, SEX_ALL, x.area, x.item);
        add_derived(c, ai, D_SEXES, x.best, 2, x.best_partial, cell_best_qualifier(&x), &s, x.flags & FLAG_SYNTHETIC);
        add_term(c, ai, D_SEXES, i, x.best, cell_best_qualifier(&x));
    }
    for (size_t i = 0; i < c->count; i++) {
        cell *x = &c->cells[i];
        if (level_of(c, x) == L && (x->has & (1u << D_SEXES))) {
            derivation *d = cell_der(x, D_SEXES);
            d->partial |= d->have < 2;
            choose_best(c, x);
        }
    }

    /* 5. programmes that make up the institution add up to "all"; the sum
     * is complete only when every one of them has its figure */
    int in_total = 0;
    for (size_t k = 0; k < cat->n_prog; k++)
        in_total += (int)k != cat->prog_all && cat->prog[k].in_total;
    n = c->count;
    for (size_t i = 0; i < n; i++) {
        cell x = c->cells[i];
        if (level_of(c, &x) != L || x.prog == cat->prog_all || !cat->prog[x.prog].in_total || x.best_kind == -2 ||
            !additive(c, x.ind, 0))
            continue;
        srcset s = cell_sources(&x);
        size_t ai = get_cell(c, x.geo, x.period, cat->prog_all, x.ind, x.sex, x.area, x.item);
        add_derived(c, ai, D_PROGRAMMES, x.best, in_total, x.best_partial, cell_best_qualifier(&x), &s,
                    x.flags & FLAG_SYNTHETIC);
        add_term(c, ai, D_PROGRAMMES, i, x.best, cell_best_qualifier(&x));
    }
    for (size_t i = 0; i < c->count; i++) {
        cell *x = &c->cells[i];
        if (level_of(c, x) == L && (x->has & (1u << D_PROGRAMMES))) {
            derivation *d = cell_der(x, D_PROGRAMMES);
            d->partial |= d->have < d->of;
            choose_best(c, x);
        }
    }

    /* 6. ratios (female share) recomputed from counts, never summed */
    n = c->count;
    for (size_t r = 0; r < cat->n_ind; r++) {
        const indicator *ri = &cat->ind[r];
        if (ri->over_territory != AGG_RATIO || ri->ratio_num < 0 || ri->ratio_den < 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            cell den = c->cells[i];
            if (level_of(c, &den) != L || den.ind != ri->ratio_den || (int)den.sex != ri->ratio_den_sex ||
                den.best_kind == -2 || den.best <= 0)
                continue;
            cell *num = cube_find(c, den.geo, den.period, den.prog, ri->ratio_num, (sex_kind)ri->ratio_num_sex,
                                  den.area, den.item);
            if (!num || num->best_kind == -2)
                continue;
            /* Sums over programmes must cover the same programmes, or the
             * share would compare different populations. */
            if ((num->best_kind == D_PROGRAMMES || den.best_kind == D_PROGRAMMES) &&
                (num->best_kind != den.best_kind || cell_der(num, D_PROGRAMMES)->have != cell_der(&den, D_PROGRAMMES)->have))
                continue;
            /* Sums over territories: only where every child with a count
             * also had its share, for the same reason. */
            if (num->best_kind == D_TERRITORIES || den.best_kind == D_TERRITORIES) {
                const territory *t = &cat->geo[den.geo];
                int with_share = 0;
                for (size_t k = 0; k < t->n_children; k++)
                    with_share += cube_find(c, t->children[k], den.period, den.prog, (int)r, SEX_ALL, den.area,
                                            den.item) != NULL;
                if (num->best_kind != den.best_kind || with_share != cell_der(&den, D_TERRITORIES)->have)
                    continue;
            }
            /* a share of a lower bound, or of part of the parts, means nothing */
            qualifier nq = cell_best_qualifier(num), dq = cell_best_qualifier(&den);
            if (num->best_partial || den.best_partial || (nq != Q_EXACT && nq != Q_APPROX) ||
                (dq != Q_EXACT && dq != Q_APPROX))
                continue;
            double v = ri->ratio_scale * num->best / den.best;
            int partial = 0;
            srcset s = cell_sources(num);
            srcset s2 = cell_sources(&den);
            srcset_merge(&s, &s2);
            unsigned syn = (num->flags | den.flags) & FLAG_SYNTHETIC;
            size_t ci = get_cell(c, den.geo, den.period, den.prog, (int)r, SEX_ALL, den.area, den.item);
            add_derived(c, ci, D_RATIO, v, 0, partial, combine_qual(nq, dq), &s, syn);
        }
    }
    for (size_t i = 0; i < c->count; i++) {
        cell *x = &c->cells[i];
        if (level_of(c, x) == L) {
            choose_best(c, x);
            set_flags(c, x);
        }
    }
}

/* How many months of x's year have centres' facts for x's figure. */
static int facility_months(const cube *c, const cell *x)
{
    const period *pp = &c->periods[x->period].per;
    int months = 0;
    for (int m = 1; m <= 12; m++) {
        char code[32];
        snprintf(code, sizeof code, "%04d-%02d", pp->year, m);
        int pi = strmap_get(&c->period_by_code, code);
        const cell *y = pi < 0 ? NULL : cube_find(c, x->geo, pi, x->prog, x->ind, x->sex, x->area, x->item);
        months += y && (y->has & (1u << D_FACILITIES));
    }
    return months;
}

/* Centres' monthly figures of an indicator that adds up over time make
 * their year where they are a series (MONTH_SERIES_MIN months of the year
 * or more, like reported months): each month's "facilities" sum moves
 * into the year's, with its parts, partial while fewer than twelve months
 * are there.  A campaign of one month stays under its month. */
static void fold_facility_months(cube *c)
{
    size_t n = c->count, n_fold = 0;
    size_t *fold = xmalloc((n ? n : 1) * sizeof *fold);
    int *months = xmalloc((n ? n : 1) * sizeof *months);
    /* which first, then move: a moved month no longer counts */
    for (size_t i = 0; i < n; i++) {
        const cell *x = &c->cells[i];
        if (!(x->has & (1u << D_FACILITIES)) || c->periods[x->period].per.kind != PERIOD_MONTH ||
            c->cat->ind[x->ind].over_time != AGG_SUM)
            continue;
        int m = facility_months(c, x);
        if (m >= MONTH_SERIES_MIN) {
            months[n_fold] = m;
            fold[n_fold++] = i;
        }
    }
    for (size_t k = 0; k < n_fold; k++) {
        cell *x = &c->cells[fold[k]];
        derivation d = *cell_der(x, D_FACILITIES);
        /* drop it from the month (its parts go with it) */
        int nd = __builtin_popcount(x->has), at = __builtin_popcount(x->has & ((1u << D_FACILITIES) - 1));
        memmove(x->dv + at, x->dv + at + 1, (size_t)(nd - at - 1) * sizeof *x->dv);
        x->has &= ~(1u << D_FACILITIES);
        int synthetic = x->flags & FLAG_SYNTHETIC;
        if (!x->n_rep && !x->has)
            x->flags &= ~FLAG_SYNTHETIC;   /* an empty month: no cell (cube_sorted) */
        const cell xc = *x;
        size_t yi = get_cell(c, xc.geo, year_period(c, c->periods[xc.period].per.year), xc.prog, xc.ind, xc.sex,
                             xc.area, xc.item);
        add_derived(c, yi, D_FACILITIES, d.value, 0, d.partial || months[k] < 12, d.qual, &d.src, synthetic);
        derivation *y = cell_der(&c->cells[yi], D_FACILITIES);
        y->have += d.have - 1;   /* add_derived counted one */
        if (y->n_parts + d.n_parts > y->cap_parts) {
            y->cap_parts = y->n_parts + d.n_parts;
            y->parts = xrealloc(y->parts, (size_t)y->cap_parts * sizeof *y->parts);
        }
        if (d.n_parts)
            memcpy(y->parts + y->n_parts, d.parts, (size_t)d.n_parts * sizeof *d.parts);
        y->n_parts += d.n_parts;
        free(d.parts);
    }
    free(fold);
    free(months);
}

void cube_finish(cube *c)
{
    fold_facility_months(c);
    finish_level(c, GEO_PROVINCE);
    finish_level(c, GEO_REGION);
    finish_level(c, GEO_NATIONAL);
}

static const cube *sort_cube;

static int cmp_cells(const void *pa, const void *pb)
{
    const cell *a = *(cell *const *)pa, *b = *(cell *const *)pb;
    const cube *c = sort_cube;
    if (a->geo != b->geo) return a->geo - b->geo;
    if (a->period != b->period) {
        int r = period_compare(&c->periods[a->period].per, &c->periods[b->period].per);
        if (r) return r;
    }
    if (a->prog != b->prog) return a->prog - b->prog;
    if (a->ind != b->ind) return a->ind - b->ind;
    if (a->sex != b->sex) return (int)a->sex - (int)b->sex;
    if (a->area != b->area) return (int)a->area - (int)b->area;
    return strcmp(c->items.strs[a->item], c->items.strs[b->item]);
}

cell **cube_sorted(const cube *c, size_t *n)
{
    cell **v = xmalloc((c->count ? c->count : 1) * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < c->count; i++)
        if (c->cells[i].n_rep || c->cells[i].has)   /* not a month emptied by fold_facility_months */
            v[k++] = &c->cells[i];
    sort_cube = c;
    qsort(v, k, sizeof *v, cmp_cells);
    *n = k;
    return v;
}
