/* The cube: aggregated cells.  A cell is (territory, period, programme,
 * indicator, sex, area, item).  It keeps every value a source reported and,
 * separately, each value derived from its parts:
 *   facilities  the sum of facts about single centres in the territory
 *   months      a year from the months reported at the same level
 *   territories the sum of the children (provinces of a region, regions of MA)
 *   sexes       women + men
 *   areas       urban + rural (+ periurban)
 *   programmes  the sum of the programmes that add up to the total ("all")
 *   ratio       a share recomputed from counts (female_share_pct)
 * Each derivation carries its coverage (how many parts of how many) and
 * the qualifier its parts give it (a sum with an "at least" part is "at
 * least").  The value shown ("best") is a reported one when there is one:
 * the most precise that agrees with the others, or, where sources truly
 * conflict, the newest source's (choose_reported in cube.c; it is moved to
 * rep[0]); otherwise the first complete derivation, otherwise a partial one,
 * marked so.  Flags say where sources and derivations disagree. */
#ifndef TAAWUN_CUBE_H
#define TAAWUN_CUBE_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "fact.h"
#include "strmap.h"

#define SRCSET_MAX 6

/* A small set of source indices (which documents a value rests on). */
typedef struct {
    int ids[SRCSET_MAX];
    int n;
    int more;                /* how many did not fit */
} srcset;

void srcset_add(srcset *s, int id);
void srcset_merge(srcset *s, const srcset *o);

typedef struct {
    double value;
    qualifier qual;
    int source;              /* index in cube.sources */
    int quote;               /* index in cube.texts, -1 when none */
    int file;                /* index in cube.texts */
    size_t line;
    int as_reported;         /* text index of geo_as_reported, -1 */
    int reported_geo;        /* territory that name designates, -1 */
    int note;                /* text index, -1 */
    period_basis basis;      /* how the source's period was known */
} report;

typedef enum { D_FACILITIES = 0, D_MONTHS, D_TERRITORIES, D_SEXES, D_PROGRAMMES, D_RATIO, D_AREAS, D_COUNT } derivation_kind;

/* A fact about one centre that a "facilities" sum rests on, kept for its
 * provenance: every one, so that the sum printed is the sum of the parts
 * listed (a growable array per derived cell). */
typedef struct {
    int facility, quote, file;   /* text indices (quote -1 when none) */
    int source;
    size_t line;
    double value;
} part;

/* A value a derived sum adds up (not for "facilities", whose parts are
 * the centres' facts, nor "ratio"): the cell it came from and the value and
 * qualifier it gave, so that a disagreement can name its numbers. */
typedef struct {
    int cell;                /* index in cube.cells */
    double value;
    qualifier qual;
} term;

typedef struct {
    double value;
    int have, of;            /* parts present / expected (of = 0: open-ended) */
    part *parts;             /* D_FACILITIES: every fact summed */
    int n_parts, cap_parts;
    term *terms;             /* the values summed (months, territories, sexes, areas, programmes) */
    int n_terms, cap_terms;
    int disagrees;           /* a reason of the cell's flags: differs, parts exceed, derivations differ */
    int partial;             /* fewer parts than expected, or a part is partial */
    qualifier qual;          /* of the sum: at_least/at_most/approx when a part is */
    int last_month;          /* months with over_time=last: month of value;
                              * areas: bit a set for each area a summed */
    srcset src;
} derivation;

enum {
    FLAG_DIFFERS = 1,        /* reported vs a complete derivation */
    FLAG_PARTS_EXCEED = 2,   /* a partial sum already exceeds the reported total */
    FLAG_CONFLICT = 4,       /* two reported values disagree */
    FLAG_PARTIAL = 8,        /* the value shown rests on some parts only */
    FLAG_DERIVED_DIFFER = 16,/* two complete derivations disagree */
    FLAG_SYNTHETIC = 32      /* rests on synthetic data */
};

typedef struct {
    uint64_t key;
    int geo, period, prog, ind, item;
    sex_kind sex;
    area_kind area;
    report *rep;
    int n_rep;
    unsigned has;            /* bit k: derivation k present */
    derivation *dv;          /* the derivations present, in kind order (most
                              * cells have one or two of the six: see cell_der) */
    /* result */
    int best_kind;           /* -1 reported, else derivation_kind, -2 none */
    double best;
    int best_partial;
    unsigned flags;
    double diff;             /* derived - reported, where FLAG_DIFFERS */
    int diff_kind;
} cell;

/* Derivation k of a cell; only when (x->has & (1u << k)). */
static inline derivation *cell_der(const cell *x, derivation_kind k)
{
    return x->dv + __builtin_popcount(x->has & ((1u << k) - 1));
}

typedef struct {
    char *code;
    period per;
} period_entry;

typedef struct {
    const catalog *cat;
    cell *cells;             /* in insertion order; indices stay valid */
    size_t count, cap_cells;
    uint32_t *index;         /* open addressing: key -> cell index + 1 */
    size_t index_cap;
    period_entry *periods;
    size_t n_periods, cap_periods;
    strmap period_by_code;
    strpool items;           /* item 0 is "" */
    strpool texts;           /* quotes, notes, file names */
    strpool sources;         /* source ids */
    strmap synthetic_ids;    /* sources known to be synthetic */
    strmap source_date;      /* source id -> publication date as YYYYMMDD
                              * (month, day 0 when not given) */
    double approx_tolerance; /* relative, e.g. 0.05 */
    size_t n_facts;
    /* look-up caches for cube_add_fact: period (packed) -> index, and the
     * previous fact's source and file */
    uint32_t *pc_keys;
    int *pc_vals;
    size_t pc_cap, pc_count;
    int last_src, last_src_synthetic, last_file;
} cube;

void cube_init(cube *c, const catalog *cat);
void cube_free(cube *c);

/* Adds one canonical fact. */
void cube_add_fact(cube *c, const fact *f);

/* Rolls up and flags; call once after all facts. */
void cube_finish(cube *c);

cell *cube_find(const cube *c, int geo, int per, int prog, int ind, sex_kind sex, area_kind area, int item);
int cube_period(cube *c, const char *code);       /* index, adding when new */

/* Cells sorted for output (catalogue order); caller frees the array. */
cell **cube_sorted(const cube *c, size_t *n);

/* Is a reported value consistent with a derived one, given the qualifier
 * and whether the derivation covers only part of the whole? */
int cube_consistent(double reported, qualifier q, double derived, int partial, double tol);

/* The same, for a derivation with the qualifier its parts give it. */
int cube_consistent_derived(double reported, qualifier q, double derived, qualifier dq, int partial, double tol);

/* The qualifier of the value a cell shows. */
qualifier cell_best_qualifier(const cell *x);

/* Where a cell's value is one part of a disaggregation only (a figure
 * given for boys only, or for rural areas only, and nothing else for the
 * whole): sets the part's sex and area (SEX_ALL / AREA_ALL in the
 * dimension it is whole in) and whether the part's own value is partial,
 * and returns 1.  Such a cell is shown as that part ("hommes : 200"),
 * never as a partial total.  Returns 0 for any other cell. */
int cell_only_part(const cube *c, const cell *x, sex_kind *sex, area_kind *area, int *part_partial);

/* Records a source's publication date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"):
 * where exact reported values conflict, the newest source's is shown. */
void cube_source_date(cube *c, const char *source_id, const char *published);

const char *derivation_name(derivation_kind k);

#endif
