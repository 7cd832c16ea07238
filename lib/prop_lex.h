/* The lexicons of taawun-propose: data files in CATALOG/propose/ that a
 * person edits (number words, qualifiers, counted nouns -> indicators,
 * trigger phrases -> programmes, period words, distractors).  Every phrase
 * is normalised as the article is (arnorm), then split into words; codes
 * are checked against the programme and indicator catalogues. */
#ifndef TAAWUN_PROP_LEX_H
#define TAAWUN_PROP_LEX_H

#include <stddef.h>
#include "arnorm.h"

typedef struct {
    char **w;          /* normalised words */
    size_t *wl;        /* their lengths in bytes */
    size_t n;
    char *key;         /* the group it was listed under (a code, a reason, a number) */
    char *key2;        /* a second code (noun -> item, noun -> programme) */
    double num;        /* key read as a number, where it is one */
} lex_phrase;

typedef struct {
    lex_phrase *p;
    size_t n, cap;
} lex_list;

/* A code and a value from a lexicon: an indicator and a number, a
 * programme and the programme it belongs within. */
typedef struct {
    char *key, *val;
    double num;
} lex_pair;

typedef struct {
    lex_pair *p;
    size_t n;
} lex_pairs;

typedef struct {
    arnorm_rules norm;
    /* numbers.json */
    lex_list units, teens, tens, hundreds, scales, plural_scales, duals, percent, connector, fractions;
    /* qualifiers.json: key = approx | at_least | at_most */
    lex_list qualifiers;
    /* indicators.json */
    lex_list nouns;        /* key indicator, key2 item */
    lex_list noun_prog;    /* key programme: a noun that names its programme */
    lex_list dual_nouns;   /* key indicator: a noun in the dual is the figure 2 */
    lex_list labels;       /* key indicator: "عدد المستفيدين" */
    lex_list percent_ind;  /* key indicator: words near a percentage */
    lex_list skip_after;   /* words between a number and its noun ("من") */
    lex_list areas;        /* key urban | rural | periurban */
    lex_list copulas;      /* وهي: a number after it counts the noun before it */
    lex_list singulars;    /* key indicator: a singular noun in a list of counts is the figure 1 (ومركز للتوجيه) */
    lex_list list_openers; /* إضافة إلى: a singular noun after it in a list of counts is the figure 1 */
    lex_list unit_factors; /* key a factor: a figure counted by these nouns is multiplied by it (سنتيم: 0.01 dirham) */
    lex_list adjective_stops;  /* بين: a number word after it is not an adjective of a noun before it */
    lex_list distributed;  /* موزعة على: bare numbers after it in the sentence are parts of the figure before */
    lex_list changes;      /* key indicator: الرفع من عدد الأسر, a change of that count */
    lex_list change_by;    /* بما مجموعه: just before the number, the change is by it */
    lex_list households;   /* key programme: words for its beneficiaries that count households (one basket each) */
    lex_list noun_prog_weak;   /* key programme: a noun that names it when no trigger is in the sentence before it */
    lex_list additions;    /* key indicator: بحصة إضافية بلغت 9650 أسرة, a change of the count additions_of names */
    lex_pairs additions_of;   /* key change indicator, val the indicator it changes (families_change: families) */
    lex_list respectively; /* على التوالي: numbers joined by و before it go one by one to the names listed before them */
    lex_list reach;        /* بلغ: a number after it with no noun counts the noun a few words before (مراكز ..., فقد بلغ 1079) */
    lex_list others;       /* و10 أخرى: a number before it counts what the figure before counts */
    lex_list parts;        /* من بينهم: a number after it is a part of the figure before */
    lex_list places;       /* key indicator: سيوزعون على 19 مركزا -> distribution points */
    char *places_of;       /* the indicator of the nouns places applies to (centres) */
    /* programmes.json */
    lex_list triggers;     /* key programme */
    lex_list totals;       /* key programme (all) */
    lex_list frames;       /* في إطار: the trigger after it frames the sentence */
    lex_list beneficiary_of;  /* لفائدة: a trigger just before it is the programme of the figure just after it */
    lex_pairs within;      /* key programme, val programme: a figure of key in an article with a trigger of val is val's (food in a Ramadan operation) */
    /* periods.json */
    lex_list season_words, year_words, doc_year_words, hijri_months, anniversary_words, months, durations;
    lex_list ordinal_units, ordinal_tens;   /* الذكرى التاسعة والخمسين */
    lex_list since;        /* منذ سنة 2015: a starting date, not a period */
    lex_list current, first_day;   /* فاتح أبريل الجاري: a month of the article's own year */
    lex_list relative, compare;
    lex_list of_that;      /* الذي: after a relative phrase, the figure that follows is that period's */     /* key: years from the article's own year (العام الماضي -1, هذه السنة 0) */
    int founded_y, founded_m, founded_d;
    /* distractors.json: key = the reason shown to the reviewer */
    lex_list reject_before, reject_after;
    lex_list aside_after_noun, aside_range, aside_year_after, aside_several;   /* prop_aside.c */
    /* territories.json */
    lex_list geo_types, geo_stop, geo_national, geo_regional, geo_titles, geo_seats;
    lex_list geo_towns;    /* key territory code: a province named by its chief town (إقليم بنجرير: Rehamna) */
    lex_pairs national_scale;   /* key indicator, num: a figure this large is more than a region holds: national */
    /* clitics written onto a word (normalise.json) */
    char **clitics;
    size_t n_clitics;
    /* messages.json: notes and reasons the program itself gives */
    char *msg[20];
} prop_lex;

enum {
    MSG_YEAR, MSG_SEASON, MSG_ANNIVERSARY, MSG_SECTION, MSG_NO_INDICATOR, MSG_PERCENT_UNKNOWN,
    MSG_DUPLICATE, MSG_ROUNDED, MSG_VAGUE, MSG_NO_PERIOD, MSG_NO_ARABIC, MSG_NO_FIGURES, MSG_ANNIV_NOTE,
    MSG_PUBLICATION_NOTE, MSG_RELATIVE_NOTE, MSG_DATE_NOTE,
    MSG_COUNT
};

/* Loads the JSON files of dir/propose/.  On error prints "FILE: what is wrong" and
 * returns -1.  ind_ok/prog_ok check a code against the catalogues (NULL:
 * not checked). */
int prop_lex_load(prop_lex *L, const char *catalog_dir,
                  int (*code_ok)(void *ctx, const char *kind, const char *code), void *ctx);
void prop_lex_free(prop_lex *L);
/* The code check prop_lex_load takes, against a catalog (ctx): an
 * indicator or programme code must be in it; other kinds pass. */
int prop_lex_catalog_code_ok(void *catalog_ctx, const char *kind, const char *code);

/* Word w of the article (normalised) against lexicon word x: equal, or
 * x with a clitic written on (و ف ب ل ك ...; لل for ال). */
/* The pair of ps whose key is key, or NULL. */
const lex_pair *lex_pair_find(const lex_pairs *ps, const char *key);

int lex_word_eq(const prop_lex *L, const char *w, size_t wn, const char *x, int allow_clitic);
/* The same with x's length known (lexicon words keep theirs). */
int lex_word_eqn(const prop_lex *L, const char *w, size_t wn, const char *x, size_t xn, int allow_clitic);

#endif

/* Matching phrases against the tokens of an article. */
#define TOK_P(tx, kk, i) ((tx)->text + (kk)->t[i].s)
#define TOK_N(kk, i) ((kk)->t[i].e - (kk)->t[i].s)
/* Number of tokens phrase p covers from token i, or 0.  A clitic may be
 * written on the first word when `clitic`. */
size_t lex_match_at(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i, const lex_phrase *p,
                    int clitic);
/* The longest phrase of l at token i (NULL if none); *n its tokens. */
const lex_phrase *lex_find_at(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i,
                              const lex_list *l, int clitic, size_t *n);
/* The longest phrase of l that ends just before token i; *start its first token. */
const lex_phrase *lex_find_before(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i,
                                  const lex_list *l, int clitic, size_t *start);
