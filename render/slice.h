/* Reading one scope's slice of the cube (build/work/cube/<scope>.json),
 * written by taawun-aggregate.  The renderers never compute figures: every
 * number they print is a cell or a measure of the slice. */
#ifndef TAAWUN_SLICE_H
#define TAAWUN_SLICE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "lib/strmap.h"

typedef struct {
    const char *geo, *period, *programme, *indicator, *sex, *area, *item;
    double value;
    const char *basis;       /* "reported" or a derivation: facilities, territories, ... */
    const char *qualifier;   /* of the reported value: exact, approx, at_least, at_most */
    int partial;             /* rests on some parts only: never a complete figure */
    int flagged;             /* differs / parts exceed / conflicting sources / derivations differ */
    const cJSON *json;       /* the whole cell: reported[], derived[], flags, previous */
} slice_cell;

typedef struct {
    const char *code, *name_ar, *name_fr;
    int has_data;
} slice_child;

typedef struct {
    const char *code, *kind;  /* kind: year, season, month, day */
} slice_period;

typedef struct {
    cJSON *root;
    const char *code, *level, *name_ar, *name_fr, *parent, *data_version;
    int synthetic;
    slice_child *children;
    size_t n_children;
    slice_period *periods;   /* time order */
    size_t n_periods;
    slice_cell *cells;
    size_t n_cells;
    const cJSON *measures, *quality, *sources;
    strmap index;            /* key -> cell */
    strmap measure_index;    /* key -> item of measures */
} slice;

/* Loads a slice; on failure returns -1 with a message in err. */
int slice_load(slice *s, const char *path, char *err, size_t errlen);
void slice_free(slice *s);

/* The cell (sex, area, item: "" for all), or NULL. */
const slice_cell *slice_get(const slice *s, const char *geo, const char *period, const char *programme,
                            const char *indicator, const char *sex, const char *area, const char *item);
/* A derived measure (beneficiaries_per_centre …); NULL when absent. */
const cJSON *slice_measure(const slice *s, const char *geo, const char *period, const char *programme,
                           const char *measure);

/* The period a report is about: the one with the most institution-wide
 * figures (programme "all") for the given indicators at the scope itself,
 * then the most figures of those indicators (complete ones count double),
 * latest on ties; NULL when the scope has no cells. */
const char *slice_main_period(const slice *s, const char *const *indicators, size_t n);

/* The latest year (period of kind year) with data in the scope or its
 * children; NULL when none. */
const char *slice_latest_year(const slice *s);

/* The period a report (a template's report object) is about: its
 * "period": "latest" (slice_latest_year), or "main" (the default:
 * slice_main_period for the indicators of its "headline"). */
const char *slice_report_period(const slice *s, const cJSON *report);

/* The scope's headline figure of an indicator: the cell the slice's
 * "headlines" name (the latest complete figure, each with its own period,
 * chosen by taawun-aggregate), or NULL. */
const slice_cell *slice_headline(const slice *s, const char *indicator);

/* Name of a territory of the slice (scope or child) in a language. */
const char *slice_geo_name(const slice *s, const char *code, const char *lang);

/* ---- what a cell's figure rests on (issue 13: a disagreement names its
 * numbers), typed, so that renderers never read the cell's JSON ---------- */

/* A reported value of a cell, or a value a derived sum added up (a term,
 * or a centre's fact): dim names the dimension in which it is a part of
 * the cell (geo, period, programme, sex, area; facility for a centre's
 * fact), code its value there. */
typedef struct {
    double value;
    const char *qualifier;   /* exact, approx, at_least, at_most */
    const char *source;      /* a reported value's or a centre's fact's source id; "" for a term */
    const char *dim, *code;  /* "" for a reported value */
} slice_value;

/* A derived value of a cell (its "derived" list). */
typedef struct {
    const char *basis;       /* facilities, months, territories, sexes, programmes, ratio, areas */
    double value;
    const char *qualifier;
    int partial, have, of;
    int disagrees;           /* a reason of the cell's flags */
    size_t n_terms;          /* values listed: terms, or the centres' facts (own slice only) */
} slice_derived;

size_t slice_cell_n_reported(const slice_cell *c);
/* The i-th reported value (0: the one shown); 0, or -1 past the end. */
int slice_cell_reported(const slice_cell *c, size_t i, slice_value *out);
size_t slice_cell_n_derived(const slice_cell *c);
int slice_cell_derived(const slice_cell *c, size_t i, slice_derived *out);
/* The k-th value derived value i added up; 0, or -1 past the end. */
int slice_derived_term(const slice_cell *c, size_t i, size_t k, slice_value *out);
/* A figure given for one sex or one area only (the slice's "only"): sets
 * the part's sex and area ("" where whole) and whether the part's own
 * value is partial; returns 1, or 0 for any other cell. */
int slice_cell_only(const slice_cell *c, const char **sex, const char **area, int *part_partial);
/* A source's title as the slice lists it (its id when it has none). */
const char *slice_source_title(const slice *s, const char *id);
/* Does the cell carry any of the flags of a disagreement (differs, parts
 * exceed total, conflicting sources, derivations differ)? */
int slice_cell_has_flag(const slice_cell *c, const char *flag);

#endif
