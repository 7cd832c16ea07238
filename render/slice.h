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

/* One reported value of a cell (its "reported" list: the value shown
 * first, then the others), typed, so renderers need not read the JSON. */
typedef struct {
    double value;
    const char *qualifier, *source, *quote;   /* "" when absent */
    const char *period_basis, *note;          /* "" when stated / none */
    const char *geo_as_reported, *reported_territory;
    int old_region;          /* reported for a pre-2015 region (reported_territory_provinces) */
} slice_reported;

/* How many values were reported for the cell; fills *out with the i-th
 * (0: the value shown when its basis is "reported") when out is not NULL
 * and i is below that count. */
size_t slice_cell_reported(const slice_cell *c, size_t i, slice_reported *out);

/* One centre's figure that a cell's sum over centres ("facilities") rests on. */
typedef struct {
    double value;
    const char *facility, *qualifier, *source, *quote;   /* "" when absent */
} slice_part;

/* How many centres' figures the cell's "facilities" derivation lists (the
 * slice may list only the first ones); fills *out with the i-th as
 * slice_cell_reported does. */
size_t slice_cell_parts(const slice_cell *c, size_t i, slice_part *out);

/* Coverage of the derivation a derived cell shows: have parts of of;
 * returns 1 when it has one (of > 0), else 0 with both 0. */
int slice_cell_coverage(const slice_cell *c, int *have, int *of);

/* A field of a source of the slice ("title", "publisher", "published",
 * "url"): "" when absent or the source unknown. */
const char *slice_source_field(const slice *s, const char *id, const char *field);

/* Name of a territory of the slice (scope or child) in a language. */
const char *slice_geo_name(const slice *s, const char *code, const char *lang);

#endif
