/* The output plan: which report files a template set makes for the scopes
 * that have data, in which languages, and under which names
 * (templates/README.md, "Output files").  taawun-plan writes it as a make
 * fragment with one rule per file, so that make renders them in parallel
 * and again only when their slice or the templates change. */
#ifndef TAAWUN_PLAN_H
#define TAAWUN_PLAN_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"

/* The file name of a report when its template says nothing. */
#define PLAN_DEFAULT_FILE "{scope}-{lang}"
/* The languages of a template set that does not list them. */
#define PLAN_DEFAULT_LANGS "ar fr"

typedef struct {
    char *code, *level;      /* a scope of scopes.tsv */
} plan_scope;

typedef struct {
    const char *scope, *level, *lang, *renderer;   /* not owned */
    char *name;              /* file name without the extension */
    int png;                 /* pdf: also each chart as OUTPUT/charts/NAME-N.png */
} plan_item;

typedef struct {
    plan_item *items;
    size_t n_items;
    char **langs;            /* the languages rendered, in order */
    size_t n_langs;
    char **scopes;           /* the scopes with at least one file */
    size_t n_scopes;
    char **renderers;        /* the renderers' names the items point at */
    size_t n_renderers;
} plan;

/* Expands a file-name pattern: {scope}, {level} and {lang} are replaced,
 * any other brace is an error.  Returns 0 with the name in out, or -1 with
 * a reason (a static text). */
int plan_expand_name(const char *pattern, const char *scope, const char *level, const char *lang, strbuf *out,
                     const char **why);

/* Is s fit to name a file inside OUTPUT and a make target: 1 to 128 of
 * letters, digits, '-', '_' and '.', not starting with '.' or '-', no "..",
 * so never a path, a hidden file or a make special character. */
int plan_name_ok(const char *s);

/* Builds the plan from a template set (root: reports.json parsed from
 * text, for positions in messages), the scopes with data, the languages
 * asked for (space-separated; NULL or "": the template set's) and the
 * renderers (space-separated: xlsx pdf).  Problems go through d (whose
 * file is reports.json); returns 0 or -1. */
int plan_build(plan *p, const cJSON *root, const char *text, const plan_scope *scopes, size_t n_scopes,
               const char *langs, const char *renderers, diag *d);
void plan_free(plan *p);

/* Checks that each PDF chart and table block names a table of its
 * report's workbook section; problems go through d (its file is
 * reports.json, text its text for positions).  Returns 0 or -1. */
int plan_check_blocks(const cJSON *root, const char *text, diag *d);

/* The template set's territorial hierarchy ("hierarchy"; "official" when
 * it names none), or NULL after reporting a bad one through d. */
const char *plan_hierarchy(const cJSON *root, const char *text, diag *d);

/* What taawun-aggregate needs to know of the template set, as its options:
 * "--hierarchy H --levels L1,L2" (the levels its reports are made for, so
 * no slice is written for another).  Returns 0, or -1 after a diag. */
int plan_aggregate_options(const cJSON *root, const char *text, diag *d, strbuf *out);

#endif
