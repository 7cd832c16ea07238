/* A table of a report (rows x columns of figures), built once from a
 * template's table spec and a slice, and laid out by both renderers, so
 * that the workbook and the PDF of a scope show the same rows and numbers.
 *
 * Spec (a "table" block of a template):
 *   "rows": "programme" | "child" | "period" | ["child", "programme"] | ["programme", "child"]
 *           (two dimensions: one row per pair with data, a key column each)
 *   "programmes": "in_total" | "other" | "with_data"   (rows = programme)
 *   "programme": "all"                                  (rows = child/period)
 *   "columns": [{"indicator": "beneficiaries", "sex": "female"}, {"measure": "…"}]
 *   "series": "programme", "indicator": "beneficiaries" (rows = period: one
 *             column per programme with data)
 *   "periods": "years" (years and seasons, default) | "all"
 *   "sort": {"column": N, "order": "desc"|"asc"}       (default: catalogue order)
 *   "totals": true                                      (sum row + the cube's own total)
 *   "hide_empty_columns": true                          (columns with no value are not shown)
 *   "labels": "name" | "code"       row keys and series as catalogue names (default) or
 *                                   codes; with codes a year is a number
 *   "order": "catalogue" | "code"   rows and series in catalogue order (default) or by code
 *                                   (byte order); periods stay in time order
 *   "partial": "mark" | "plain"     a sum over some parts only is marked (default), or
 *                                   shown as the plain sum of the parts there are
 *   "fill_missing": N               a missing figure of a row shown is N (e.g. 0)
 *   "group": {"by": "child"|"programme", "column": N}   see table_model_group()
 *   "period": "latest"              (rows programme/child) each figure is the latest of its
 *                                   row (render/report_model.h: complete before partial), with
 *                                   its own period; the row's period is the one most of its
 *                                   figures share; a programme or territory without any figure
 *                                   has no row.  Default: the report's period for every row.
 */
#ifndef TAAWUN_TABLE_MODEL_H
#define TAAWUN_TABLE_MODEL_H

#include <cjson/cJSON.h>

#include "lib/catalog.h"
#include "lib/slice.h"
#include "template.h"

typedef struct {
    char *label, *code;      /* the row's key: label in the report's language (or code) */
    char *label2, *code2;    /* the second key (two-dimensional rows), else NULL */
    int numeric;             /* label is a number (a year with "labels": "code") */
    const char *period;      /* "period": "latest": the row's period (most of its figures'), else NULL */
} tm_row;

typedef struct {
    char *label;             /* header in the report's language */
    char *code;              /* indicator, measure or (series) programme code */
    char *sex;               /* "" for all */
    int is_measure;
    const char *unit;        /* count, people, families, mad, percent, ratio */
    int summable;            /* a total row may add it up */
    int empty;               /* no row has a value: renderers may leave it out ("hide_empty_columns") */
} tm_col;

typedef struct {
    int present;
    double value;
    int partial, flagged;
    const char *qualifier, *basis;
    const slice_cell *cell;  /* provenance (NULL for measures and sums) */
    const char *period;      /* the figure's period (NULL for sums over rows of several periods) */
    int have, of;            /* coverage of a derived figure (of 0: none known) */
} tm_value;

typedef struct {
    char *row_header;
    char *row_header2;       /* header of the second key column, else NULL */
    int n_keys;              /* key columns: 1, or 2 for two-dimensional rows */
    const char *dims[2];     /* what each key is: "programme", "child" or "period" */
    const char *period;      /* period shown (rows programme/child), NULL with "period": "latest" */
    int latest;              /* "period": "latest": each figure with its own period */
    const char *common_period;   /* latest: the period every figure shares, NULL when they differ */
    const char *own_period, *sum_period;   /* latest: the totals' periods (as a row's), else NULL */
    tm_row *rows;
    size_t n_rows;
    tm_col *cols;
    size_t n_cols;
    tm_value *values;        /* n_rows * n_cols */
    int hide_empty_columns;  /* spec asks to leave columns without values out */
    int totals;
    tm_value *sum;           /* n_cols: sum of the rows (summable columns) */
    tm_value *own_total;     /* n_cols: the cube's own figure for the whole (programme all / the scope) */
} table_model;

int table_model_build(table_model *tm, const cJSON *spec, const slice *s, const catalog *cat,
                      const template_set *t, const char *lang, const char *period, char *err, size_t errlen);
void table_model_free(table_model *tm);
/* How many rows the table would have (-1 on a spec error): "when":
 * "several_periods" on a trend table asks for two rows or more. */
long table_model_count_rows(const cJSON *spec, const slice *s, const catalog *cat, const template_set *t,
                            const char *lang, const char *period);

/* A table summing a table's rows by one of its keys ("group": {"by":
 * "child", "column": 1}): a row per distinct key (in the order the rows
 * first show it) holding the sum of that column over the rows, as the
 * totals row sums a column; partial when a part is.  Returns 0, or -1 with
 * a message (the table has no such key or column). */
int table_model_group(table_model *out, const table_model *tm, const cJSON *group, char *err, size_t errlen);

/* "period": "latest": the period every figure of column c shares, NULL
 * when they differ (or the table is not one of latest figures). */
const char *tm_col_period(const table_model *tm, size_t c);

static inline tm_value *tm_at(const table_model *tm, size_t r, size_t c)
{
    return &tm->values[r * tm->n_cols + c];
}

#endif
