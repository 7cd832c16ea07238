/* The aggregate stage's state, shared by its reading side
 * (programs/aggregate.c: facts into the cube), what is computed for the
 * slices (lib/slice_prepare.c) and its writing side (lib/slice_write.c:
 * the cube into slices, docs/slice-format.md). */
#ifndef TAAWUN_SLICE_WRITE_H
#define TAAWUN_SLICE_WRITE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "catalog.h"
#include "cube.h"
#include "rules.h"
#include "util.h"

typedef struct {
    char *code, *ar, *fr;
    int num, den;            /* indicators */
    double scale;
} measure;

/* A cell's change against the same cell one period earlier. */
typedef struct {
    const cell *prev;
    double change, change_pct;   /* change_pct NAN when prev is 0 */
} cell_change;

/* A measure of a cell: me->scale * x / denominator, rounded to 0.01. */
typedef struct {
    const cell *x;
    int measure;             /* index in aggregate.measures */
    double value;
    int partial;
} measure_value;

typedef struct {
    catalog cat;
    cube cb;
    ruleset rules;
    measure *measures;
    size_t n_measures;
    cJSON *sources;          /* array from sources.json */
    rule_result *results;
    size_t n_results, n_skipped;
    cell **sorted;
    size_t n_sorted;
    /* cells and rule results are sorted by territory: each territory's
     * are one run [start, end) of the sorted arrays */
    size_t *cell_start, *cell_end, *res_start, *res_end;
    int *prev_period;        /* previous_periods() */
    /* sources.json's entries as slices cite them: compact JSON, and the
     * id's index in cb.sources (-1: no fact rests on it) */
    char **src_json;
    int *src_cube_id;
    size_t n_src_json;
    /* computed before writing (lib/slice_prepare.c): the writer only writes */
    int *change_of;          /* per cube cell: index in changes, -1 none */
    cell_change *changes;
    size_t n_changes;
    measure_value *mvals;    /* each territory's: a run [m_start, m_end) */
    size_t n_mvals, *m_start, *m_end;
    const cell **headline;   /* per territory and indicator: the headline cell or NULL */
} aggregate;


/* Each territory's run [start, end) of the sorted cells and rule results
 * (a->sorted and a->results sorted by territory). */
void index_runs(aggregate *a);
/* The sources' JSON text and cube ids, once for every slice. */
void source_texts(aggregate *a);
/* For each period index, the index of the period before it of the same
 * kind (-1: none), for the change against the previous period. */
int *previous_periods(const cube *c);
/* Computes what the slices carry beyond the cells (lib/slice_prepare.c):
 * prev_period, the changes, the measures, the headlines.  Needs sorted and
 * the territory runs. */
void slice_prepare(aggregate *a);
void slice_prepare_free(aggregate *a);
/* Frees everything an aggregate owns: the cube and its catalogue, rules,
 * runs, sources, measures (their strings too) and what slice_prepare made. */
void aggregate_free(aggregate *a);
/* The change of a cell against the previous period, or NULL. */
const cell_change *cell_change_of(const aggregate *a, const cell *x);
/* A territory's headline cell of an indicator, or NULL. */
const cell *territory_headline(const aggregate *a, int geo, int ind);
/* One slice per scope in DIR/cube/, rewritten only when its bytes change;
 * returns how many changed.  Exits 3 on an I/O error. */
size_t write_slices(const aggregate *a, const int *scopes, size_t n, const char *dir);
/* DIR/quality.json: failed rules and flagged cells. */
void write_quality(aggregate *a, const char *dir);
/* Writes SB to PATH (atomically) unless PATH already holds those bytes. */
int write_if_changed(const char *path, const strbuf *sb);

/* What a cell's figure rests on (lib/slice_write_parts.c): the terms of
 * a sum that disagrees, and "only" for a figure of one sex or one area. */
void slice_put_terms(strbuf *sb, const aggregate *a, const derivation *d, derivation_kind k);
void slice_put_only(strbuf *sb, const aggregate *a, const cell *x);
/* A number as the slice writes it. */
void slice_put_number(strbuf *sb, double v);

#endif
