/* The article as taawun-propose reads it (normalised text, tokens,
 * sentences, the territories, periods and triggers it names), shared by
 * the attachment rules (prop_core.c) and the period rules (prop_period.c). */
#ifndef TAAWUN_PROP_ARTICLE_H
#define TAAWUN_PROP_ARTICLE_H

#include "prop_core.h"
#include "arnum.h"
#include "util.h"

#include <string.h>

/* What the article holds besides its numbers, found once. */
/* title: an official's (والي جهة X); seat: the agency's office there (منسقية التعاون الوطني بالداخلة) */
typedef struct { size_t t0, t1; int geo; size_t os, oe; int typed, title, seat; } geo_mention;
typedef struct { size_t t0, t1; char period[24]; int anniversary, strong, hijri, relative, dated; size_t num0, num1; long ordinal; } period_mention;
typedef struct { size_t t0, t1; const char *code; } trig_mention;

typedef struct {
    const prop_ctx *c;
    const prop_lex *L;
    arnorm_text t;
    artoks k;
    int *sent, *clause, *line;   /* per token */
    unsigned char *heading;      /* per line: a short line of words alone, a section heading */
    geo_mention *geo; size_t ngeo, geo_cap;
    period_mention *per; size_t nper, per_cap;
    trig_mention *trig; size_t ntrig, trig_cap;
    unsigned char *used;         /* per token: part of a number already read */
    unsigned char *national;     /* per token: a national cue starts here */
    const char *dominant;        /* the programme of two thirds of the triggers (2 or more), or NULL */
    period_mention rel;          /* the period a relative phrase gave the figure being attached */
    struct { size_t t0, t1; int month, day; } curm[16];   /* فاتح أبريل الجاري */
    size_t ncurm;
    int regional;                /* the catalogue region a regional cue gave the figure being attached, or -1 */
    int families_named;          /* the article names families (أسرة, عائلة): 1, 0, or -1 not looked for yet */
    long date_year;              /* the latest year of a full date the article gives ("4 مارس 2025"), or 0 */
    struct { char stem[48]; const char *prog; int sent; } listed[64];   /* nouns given a programme by a trigger after them */
    size_t nlisted;
} article;

#define GROW(p, n, cap) do { if ((n) == (cap)) { (cap) = (cap) ? 2 * (cap) : 16; (p) = xrealloc((p), (cap) * sizeof *(p)); } } while (0)

static inline int tok_is(const article *a, size_t i, const char *s)
{
    return i < a->k.n && TOK_N(&a->k, i) == strlen(s) && memcmp(TOK_P(&a->t, &a->k, i), s, strlen(s)) == 0;
}

static inline int is_num(const article *a, size_t i) { return i < a->k.n && a->k.t[i].kind == TK_NUM; }

static inline long num_int(const article *a, size_t i)
{
    if (!is_num(a, i)) return -1;
    long v = 0;
    for (size_t b = a->k.t[i].s; b < a->k.t[i].e; b++) {
        char ch = a->t.text[b];
        if (ch < '0' || ch > '9' || v > 100000000) return -1;
        v = v * 10 + (ch - '0');
    }
    return v;
}

static inline int plausible_year(long y) { return y >= 1900 && y <= 2100; }

/* One figure being attached: its tokens, its counted noun, what it counts. */
typedef struct {
    size_t t0, t1;                 /* the figure: number words, noun, percent */
    size_t noun0, noun1;           /* its counted noun, if any */
    const char *indicator, *item, *ind_rule;
    const lex_phrase *named;       /* the noun or label that named the indicator, if any */
    double ind_conf;
} figure;

/* prop_indicator.c */
const lex_phrase *prop_noun_with_article(const article *a, size_t i);
/* Token i is the number of a period mention (a year, a season, a Hijri year). */
int prop_period_token(const article *a, size_t i);
/* What the number n (its qualifier from token q0) counts: sets f, returns
 * the indicator or NULL. */
const char *prop_find_indicator(article *a, const arnum *n, size_t q0, figure *f);
/* The change indicator an addition word before token t0 gives a figure of indicator ind, or NULL. */
const char *prop_addition_before(const article *a, size_t t0, const char *ind);
int prop_names_families(article *a);

/* prop_programme.c */
void prop_find_triggers(article *a);
/* The programme of the figure f at token t0, with the rule that chose it. */
const char *prop_find_programme(article *a, size_t t0, const figure *f, const char **rule, double *conf);
/* A listed noun without a trigger of its own takes its stem's programme. */
void prop_listed_noun(article *a, const figure *f, int sent, const char **prog, const char **prule, double *pc);

/* prop_geo.c */
void prop_find_territories(article *a);
/* The territory of the figure at tokens [t0, t1): an index into a->geo, -1
 * for the nation, -2 for the region a regional cue gave (a->regional). */
int prop_find_geo(article *a, size_t t0, size_t t1, const char **rule, double *conf);

/* prop_dedup.c */
void prop_dedup(const prop_lex *L, prop_result *r, size_t title_chars);
void prop_fact_free(prop_fact *f);
void prop_area_totals(prop_result *r);

/* prop_aside.c: the reason a figure is no total (a price per unit, one
 * product's quantity, an end of a range, a date), or NULL; after: the token
 * after its counted noun (or after the number) */
const char *prop_aside(const article *a, const arnum *n, size_t after);

/* prop_period.c */
void prop_find_periods(article *a);
const period_mention *prop_find_period(article *a, size_t t0, size_t t1, const char **rule, const char **basis,
                                       double *conf);

#endif
