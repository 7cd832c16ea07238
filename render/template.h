/* Report templates (the JSON files in templates/): which reports exist and what each
 * holds, as data.  The loader keeps the JSON; each renderer reads its own
 * section ("workbook" for taawun-xlsx, "pdf" for taawun-pdf).  The format
 * is documented in templates/README.md. */
#ifndef TAAWUN_TEMPLATE_H
#define TAAWUN_TEMPLATE_H

#include <cjson/cJSON.h>

#include "lib/diag.h"

typedef struct {
    cJSON *root;
    cJSON *labels;           /* templates/labels.json: {"ar": {...}, "fr": {...}} */
    char *dir;
    char *paths[2];          /* file names, kept for diagnostics */
} template_set;

/* Loads DIR/reports.json and DIR/labels.json; problems go through d. */
int template_load(template_set *t, const char *dir, diag *d);
/* The same from text in memory: reports.json and labels.json (labels may
 * be NULL: no labels); diagnostics name the files "reports.json" and
 * "labels.json".  For the fuzzers and tests. */
int template_load_text(template_set *t, const char *reports, size_t reports_len, const char *labels,
                       size_t labels_len, diag *d);
void template_free(template_set *t);

/* The report for a scope level (national, region, province), or NULL. */
const cJSON *template_report(const template_set *t, const char *level);

/* Text of an {"ar": "...", "fr": "..."} object (or a plain string) in lang. */
const char *template_text(const cJSON *i18n, const char *lang);

/* A fixed label (labels.json) in lang; the key itself when missing. */
const char *template_label(const template_set *t, const char *lang, const char *key);

/* Replaces {territory}, {period}, {scope} in text; caller frees. */
char *template_expand(const char *text, const char *territory, const char *period, const char *scope);

/* Document author for properties: TAAWUN_AUTHOR, else the template's "author". */
const char *template_author(const template_set *t);

#endif
