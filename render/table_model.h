/* A table of a report (rows x columns of figures), built once from a
 * template's table spec and a slice, and laid out by both renderers, so
 * that the workbook and the PDF of a scope show the same rows and numbers.
 *
 * Spec (a "table" block of a template):
 *   "rows": "programme" | "child" | "period"
 *   "programmes": "in_total" | "other" | "with_data"   (rows = programme)
 *   "programme": "all"                                  (rows = child/period)
 *   "columns": [{"indicator": "beneficiaries", "sex": "female"}, {"measure": "…"}]
 *   "series": "programme", "indicator": "beneficiaries" (rows = period: one
 *             column per programme with data)
 *   "periods": "years" (years and seasons, default) | "all"
 *   "sort": {"column": N, "order": "desc"|"asc"}       (default: catalogue order)
 *   "totals": true                                      (sum row + the cube's own total)
 *   "hide_empty_columns": true                          (columns with no value are not shown)
 */
#ifndef TAAWUN_TABLE_MODEL_H
#define TAAWUN_TABLE_MODEL_H

#include <cjson/cJSON.h>

#include "lib/catalog.h"
#include "slice.h"
#include "template.h"

typedef struct {
    char *label, *code;
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
} tm_value;

typedef struct {
    char *row_header;
    const char *period;      /* period shown (rows programme/child) */
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

static inline tm_value *tm_at(const table_model *tm, size_t r, size_t c)
{
    return &tm->values[r * tm->n_cols + c];
}

#endif
