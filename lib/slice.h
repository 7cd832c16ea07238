/* The slice: one report scope's share of the cube (WORK/cube/<scope>.json,
 * format taawun-cube/1, docs/slice-format.md).  This header is its typed
 * model.  The writer is lib/slice_write.c (taawun-aggregate), the reader
 * lib/slice_read.c and lib/slice_cell.c (renderers and mail); the names of
 * the flags, shared by both, are lib/slice.c.  The renderers never compute figures and never
 * read the slice's JSON: every number they print is a field here. */
#ifndef TAAWUN_SLICE_H
#define TAAWUN_SLICE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "lib/strmap.h"

/* A cell's flags: bit k is named slice_flag_names[k] in the file.  The
 * same bits as the cube's FLAG_* (lib/cube.h; checked where both meet). */
enum {
    SLICE_FLAG_DIFFERS = 1,          /* reported vs a complete derivation */
    SLICE_FLAG_PARTS_EXCEED = 2,     /* a partial sum exceeds the reported total */
    SLICE_FLAG_CONFLICT = 4,         /* two reported values disagree */
    SLICE_FLAG_PARTIAL = 8,          /* the value shown rests on some parts only */
    SLICE_FLAG_DERIVED_DIFFER = 16,  /* two complete derivations disagree */
    SLICE_FLAG_SYNTHETIC = 32,       /* rests on synthetic data */
    SLICE_N_FLAGS = 6
};
/* The flags that say figures disagree (a cell "flagged" for the reader). */
#define SLICE_FLAGS_DISAGREE \
    (SLICE_FLAG_DIFFERS | SLICE_FLAG_PARTS_EXCEED | SLICE_FLAG_CONFLICT | SLICE_FLAG_DERIVED_DIFFER)
extern const char *const slice_flag_names[SLICE_N_FLAGS];
/* The bit of a flag's name; 0 for a name this version does not know. */
unsigned slice_flag_bit(const char *name);

/* A value a source reported for a cell ("reported"; the value shown, when
 * reported, is the first).  Absent texts are "". */
typedef struct {
    double value;
    const char *qualifier;           /* exact, approx, at_least, at_most */
    const char *source, *quote, *file;
    long line;
    const char *geo_as_reported;     /* the territory as the source named it */
    const char *reported_territory;  /* the catalogue territory that name is */
    int reported_territory_provinces;/* a pre-2015 region: its provinces, else -1 */
    int territory_provinces;         /* ... and the cell territory's, else -1 */
    const char *note;
    const char *period_basis;        /* "" when the source stated the period */
} slice_reported;

/* A fact about one centre that a "facilities" sum rests on. */
typedef struct {
    const char *facility;
    double value;
    const char *qualifier;           /* "exact" unless the slice says otherwise */
    const char *source, *quote, *file;
    long line;
} slice_part;

/* A value a derived sum added up ("derived[].terms", written on a sum
 * that disagrees): dim names the one dimension in which it is a part of
 * the cell (geo, period, programme, sex, area), code its value there. */
typedef struct {
    double value;
    const char *qualifier;           /* exact, approx, at_least, at_most */
    const char *dim, *code;
} slice_term;

/* A figure given for one sex or one area only ("only" on a cell or a
 * headline): shown as that part ("femmes : 827"), not as a partial total. */
typedef struct {
    int set;                         /* "only" present */
    const char *sex, *area;          /* the part; "" where the figure is whole */
    int partial;                     /* the part's own value rests on some parts only */
} slice_only;

/* A value derived from a cell's parts ("derived"). */
typedef struct {
    const char *basis;               /* facilities, months, territories, sexes, programmes, ratio, areas */
    double value;
    int have, of;                    /* parts present / expected (of 0: open-ended) */
    int partial;
    const char *qualifier;           /* "exact" unless a part is not */
    const char **sources;
    size_t n_sources;
    int sources_more;                /* sources not listed */
    slice_part *parts;               /* facilities: every part (own scope only) */
    size_t n_parts;
    int parts_more;                  /* parts not listed (0 since every part is) */
    int disagrees;                   /* disagrees with the reported value or another sum */
    slice_term *terms;               /* on a sum that disagrees (not facilities, not ratio) */
    size_t n_terms;
} slice_derived;

typedef struct {
    const char *geo, *period, *programme, *indicator, *sex, *area, *item;
    double value;
    const char *basis;       /* "reported" or a derivation: facilities, territories, ... */
    const char *qualifier;   /* of the reported value: exact, approx, at_least, at_most */
    int partial;             /* rests on some parts only: never a complete figure */
    int flagged;             /* differs / parts exceed / conflicting sources / derivations differ */
    unsigned flags;          /* SLICE_FLAG_* bits */
    int has_difference;      /* SLICE_FLAG_DIFFERS: derived - reported */
    double difference;
    const char *difference_basis;
    slice_reported *reported;
    size_t n_reported;
    slice_derived *derived;  /* in the cube's order of derivations */
    size_t n_derived;
    int has_previous;        /* the same cell one period earlier */
    const char *previous_period;
    double previous_value, change, change_pct;   /* change_pct NAN when the previous is 0 */
    slice_only only;         /* a figure for one sex or one area only */
} slice_cell;

/* A scope's headline figure of an indicator: the latest complete one,
 * each with its own period (chosen by taawun-aggregate). */
typedef struct {
    const char *indicator, *period;
    double value;
    const char *qualifier, *basis;
    int partial;
    slice_only only;         /* a figure for one sex or one area only */
} slice_headline_fig;

/* A measure (a ratio of two indicators, input/catalog/measures). */
typedef struct {
    const char *geo, *period, *programme, *measure;
    double value;
    int partial;
} slice_measure_fig;

/* A validation rule that failed in the slice's territories ("quality"). */
typedef struct {
    const char *rule, *importance, *operator_name, *geo, *period;
    const char *programme;   /* "all" when the rule is about every programme (null) */
    int has_left, has_right; /* a side may be missing (null) */
    double left, right;
    const char *verdict;
} slice_rule_result;

/* A source a cell of the slice cites ("sources": sources.json's entry). */
typedef struct {
    const char *id, *title, *published, *input;
    const char *publisher, *url;     /* "" when absent */
    int has_title;           /* absent: the reports show the id */
    int synthetic;
} slice_source;

typedef struct {
    const char *code, *name_ar, *name_fr;
    int has_data;
} slice_child;

typedef struct {
    const char *code, *kind;  /* kind: year, season, month, day */
} slice_period;

typedef struct {
    cJSON *root;             /* the parsed file: the model's strings point into it */
    const char *code, *level, *name_ar, *name_fr, *parent, *data_version;
    int synthetic;
    slice_child *children;
    size_t n_children;
    slice_period *periods;   /* time order */
    size_t n_periods;
    slice_cell *cells;
    size_t n_cells;
    slice_headline_fig *headlines;
    size_t n_headlines;
    slice_measure_fig *measures;
    size_t n_measures;
    slice_rule_result *failed_rules;
    size_t n_failed_rules;
    double rules_passed, rules_failed;   /* "quality_summary": rule results in the slice's territories */
    slice_source *source_list;
    size_t n_sources;
    strmap index;            /* key -> cell */
    strmap measure_index;    /* key -> measure */
    /* storage of the cells' lists */
    slice_reported *reported_pool;
    slice_derived *derived_pool;
    slice_part *part_pool;
    slice_term *term_pool;
    const char **source_pool;
} slice;

/* Loads a slice; on failure returns -1 (the file cannot be read: errno
 * says why) or -2 (not a taawun-cube/1 slice) with a message in err. */
int slice_load(slice *s, const char *path, char *err, size_t errlen);
/* The same from text[0..len); `name` is for messages. */
int slice_parse(slice *s, const char *text, size_t len, const char *name, char *err, size_t errlen);
void slice_free(slice *s);

/* The cell (sex, area, item: "" for all), or NULL. */
const slice_cell *slice_get(const slice *s, const char *geo, const char *period, const char *programme,
                            const char *indicator, const char *sex, const char *area, const char *item);
/* A derived measure (beneficiaries_per_centre …); NULL when absent. */
const slice_measure_fig *slice_measure(const slice *s, const char *geo, const char *period, const char *programme,
                                       const char *measure);
/* The derivation of a cell by that basis, or NULL. */
const slice_derived *slice_cell_derived(const slice_cell *c, const char *basis);

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
/* The same as the headline entry itself, or NULL. */
const slice_headline_fig *slice_headline_of(const slice *s, const char *indicator);

/* A source's title as the slice lists it (its id when it has none). */
const char *slice_source_title(const slice *s, const char *id);

/* Name of a territory of the slice (scope or child) in a language. */
const char *slice_geo_name(const slice *s, const char *code, const char *lang);

/* The source of that id the slice lists, or NULL. */
const slice_source *slice_source_by_id(const slice *s, const char *id);

#endif
