/* taawun-propose's core: from an article's text to proposed facts (value,
 * qualifier, indicator, programme, territory, period, quote) and the
 * numbers set aside with their reasons.  Everything it knows about Arabic
 * comes from the lexicons (prop_lex) and the catalogues (catalog). */
#ifndef TAAWUN_PROPOSE_H
#define TAAWUN_PROPOSE_H

#include <stddef.h>
#include "catalog.h"
#include "prop_lex.h"

typedef struct {
    double value;
    const char *qualifier, *indicator, *item, *programme, *period_basis, *area;   /* not owned; area may be NULL */
    char *geo, *geo_as_reported;   /* geo_as_reported may be NULL */
    char period[24];
    char *quote;
    double confidence;
    char rule[200];
    size_t span_s, span_e;     /* characters of the article */
    char *note;                /* NULL or how the period was inferred */
    int sentence;              /* which sentence of the article (repeats are looked for across sentences) */
    int list_line;             /* 1 + its line when it is an item of a list written one per line, else 0 */
    int percent;               /* a percentage (a share or a growth), not a count */
} prop_fact;

typedef struct {
    char *text;                /* the words of the number, verbatim */
    double value;
    const char *reason;        /* not owned */
    size_t span_s, span_e;
} prop_reject;

typedef struct {
    prop_fact *f;
    size_t nf, capf;
    prop_reject *r;
    size_t nr, capr;
    const char *note;          /* not owned: why nothing was proposed */
} prop_result;

typedef struct {
    const prop_lex *L;
    const catalog *cat;
    const char *published;     /* YYYY[-MM[-DD]] or NULL */
} prop_ctx;

/* Proposes the facts of text[0..len) (valid UTF-8). */
void propose_run(const prop_ctx *c, const char *text, size_t len, prop_result *out);
void prop_result_free(prop_result *r);

#endif

/* A line of the article that holds only a date ("27 février 2019"): the
 * publication date of press clippings.  Writes YYYY-MM-DD into out[11]
 * and returns 1, or 0. */
int propose_date_line(const prop_lex *L, const char *text, size_t len, char out[11]);
/* The first line when it stands alone (a blank line after it) and is short:
 * the title.  Returns a new string or NULL. */
char *propose_title_line(const char *text, size_t len);

/* The facts document (contract entraide-facts/1) as JSON text; caller frees. */
char *propose_document(const prop_result *r, const char *id, const char *title, const char *published,
                       const char *file);
