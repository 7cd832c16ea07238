/* The fact: one reported figure, as the facts format defines it, after
 * validation and normalisation (codes resolved against the catalogues). */
#ifndef TAAWUN_FACT_H
#define TAAWUN_FACT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "catalog.h"
#include "diag.h"
#include "json.h"
#include "period.h"

typedef enum { Q_EXACT = 0, Q_APPROX, Q_AT_LEAST, Q_AT_MOST } qualifier;
typedef enum { SEX_ALL = 0, SEX_FEMALE, SEX_MALE } sex_kind;
typedef enum { AREA_ALL = 0, AREA_URBAN, AREA_RURAL, AREA_PERIURBAN } area_kind;
/* How the period was known (the contract's period_basis; stated by default). */
typedef enum { PB_STATED = 0, PB_PUBLICATION, PB_INFERRED } period_basis;

typedef struct {
    /* where it came from */
    const char *file;
    size_t line;
    const char *source;
    /* the cell */
    int geo;                 /* catalogue index */
    const char *facility;    /* "" when about the whole territory */
    period per;
    int programme, indicator;
    sex_kind sex;
    area_kind area;
    const char *item;        /* "" unless indicator items */
    /* the figure */
    double value;
    qualifier qual;
    /* provenance and free text ("" when absent) */
    const char *quote, *note, *geo_as_reported;
    int reported_geo;        /* territory geo_as_reported names, -1 if none */
    const char *ext;         /* x_ fields as a compact JSON object, "" if none */
    period_basis basis;
} fact;

const char *qualifier_name(qualifier q);
const char *sex_name(sex_kind s);
const char *area_name(area_kind a);
const char *period_basis_name(period_basis b);

/* Where a fact object came from, for messages. */
typedef struct {
    diag *d;
    const char *text;        /* text the object was parsed from */
    const cJSON *root;       /* root of that parse (for locating) */
    size_t base_line;        /* line of text[0] in the file */
    json_locmap loc;
    int located;
} fact_origin;

/* Validates one fact object against the contract and the catalogues and
 * fills f (strings point into obj or ext_buf, valid while they live).
 * doc_source: the document's source id (NULL for a stream line, where
 * "source" is required).  Every problem is reported; returns the count. */
size_t fact_from_json(fact *f, const cJSON *obj, const char *doc_source, const catalog *c,
                      fact_origin *o, strbuf *ext_buf);

void fact_origin_free(fact_origin *o);

/* The text policy (utf8_unsafe_char) for string node v of field `name`:
 * returns 1 when it holds no refused character, else reports the first one
 * through o and returns 0.  multiline: quote and note, where tab and line
 * breaks are allowed. */
int fact_text_ok(fact_origin *o, const cJSON *v, const char *name, int multiline);

/* Canonical facts: one TSV line per fact, the columns of FACTS_TSV_HEADER.
 * Tabs, newlines and backslashes in text are escaped as \t \n \\. */
#define FACTS_TSV_HEADER \
    "source\tfile\tline\tgeo\tlevel\tregion\tfacility\tperiod\tperiod_kind\tprogramme\tindicator" \
    "\tvalue\tqualifier\tsex\tarea\titem\tquote\tgeo_as_reported\treported_geo\tnote\text\tperiod_basis"
#define FACTS_TSV_COLUMNS 22

void fact_write_tsv(strbuf *out, const fact *f, const catalog *c);

/* Parses one canonical line in place (line is modified: fields are
 * unescaped and NUL-terminated).  Returns 0, or -1 with *why. */
int fact_read_tsv(char *line, fact *f, const catalog *c, const char **why);

#endif
