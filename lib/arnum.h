/* Reading Arabic number phrases into values: digits with scale words
 * ("14 ألف", "5,5 مليون"), sums joined by و ("أربعة ملايين و 424 ألف",
 * "14 ألفا و 108"), a unit inside the sum ("2 مليون درهم و754 ألف"),
 * number words in their gender and case forms, duals, teens, hundreds,
 * percentages; and the qualifier written before them.  The words are
 * data (catalog/propose/numbers.json, qualifiers.json). */
#ifndef TAAWUN_ARNUM_H
#define TAAWUN_ARNUM_H

#include <stddef.h>
#include "arnorm.h"
#include "prop_lex.h"

typedef struct {
    size_t t0, t1;       /* tokens [t0, t1) of the number (with scales and connectors) */
    size_t end;          /* t1, or past the percent words */
    double value;
    int has_scale;       /* a scale word multiplies it (14 ألف) */
    int composed;        /* a sum of parts (14 ألفا و 108) */
    int words;           /* written in words, at least partly */
    int percent;
    int vague;           /* a plural scale with no number (آلاف) */
    int digits4;         /* a single run of four digits, no scale: may be a year */
    long unit_tok;       /* a unit noun inside the sum (درهم), or -1 */
} arnum;

/* Reads the number phrase that starts at token i.  Returns 1 and fills
 * *out, or 0 when token i does not start a number. */
int arnum_read(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i, arnum *out);

/* The qualifier written just before token i ("approx", "at_least",
 * "at_most"), or NULL; *q0 is its first token. */
const char *arnum_qualifier(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i, size_t *q0);

/* Convenience for tests and the fuzzer: reads the first number of a UTF-8
 * string.  Returns 1 with value, qualifier ("exact" when none) and percent. */
int arnum_read_string(const prop_lex *L, const char *s, size_t len, double *value, const char **qualifier,
                      int *percent);

#endif
