/* Arabic text normalisation for taawun-propose, with a map back to the
 * original bytes: every byte of the normalised text knows the original
 * character it came from, so a span found in the normalised text is quoted
 * verbatim from the article.  Then a tokeniser: words, digit runs and
 * punctuation, with word-digit runs split ("و970" -> "و", "970"). */
#ifndef TAAWUN_ARNORM_H
#define TAAWUN_ARNORM_H

#include <stddef.h>

/* Folds and splits that are data (catalog/propose/normalise.json). */
typedef struct {
    char **from, **to;       /* single characters (UTF-8) and what they become */
    size_t n;
    char **joined, **split;  /* words run together and how they split */
    size_t n_joined;
} arnorm_rules;

typedef struct {
    char *text;              /* normalised, NUL-terminated */
    size_t len;
    size_t *ostart, *oend;   /* per normalised byte: original char's [start,end) */
    const char *orig;        /* not owned */
    size_t orig_len;
    size_t ci_off, ci_idx;   /* the last byte offset arnorm_char_at counted to, and its character index */
} arnorm_text;

/* Normalises orig[0..len) (valid UTF-8):
 * - compatibility decomposition (g_unichar_fully_decompose), then dropping
 *   the non-spacing marks: alef with hamza or madda -> alef, tashkeel gone;
 * - tatweel and format characters removed;
 * - decimal digits of any script (g_unichar_digit_value) become ASCII;
 * - the data folds (ی -> ي, ک -> ك, ...) and joined-word splits;
 * - runs of white space become one space, a line break one '\n'. */
void arnorm_run(const arnorm_rules *r, const char *orig, size_t len, arnorm_text *out);
void arnorm_free(arnorm_text *t);
/* Normalised copy of a short string (lexicon phrases); caller frees. */
char *arnorm_string(const arnorm_rules *r, const char *s);
void arnorm_rules_free(arnorm_rules *r);

typedef enum { TK_WORD = 0, TK_NUM, TK_PUNCT } tok_kind;
typedef struct {
    tok_kind kind;
    size_t s, e;             /* normalised byte offsets */
    int nl_before;           /* a line break lies between this token and the previous */
} artok;

typedef struct {
    artok *t;
    size_t n, cap;
} artoks;

void arnorm_tokenise(const arnorm_text *t, artoks *out);
void artoks_free(artoks *k);

/* Original byte span of normalised [s,e). */
void arnorm_orig_span(const arnorm_text *t, size_t s, size_t e, size_t *os, size_t *oe);
/* Number of characters in orig[0..off) (for x_span). */
size_t arnorm_char_index(const char *orig, size_t off);
/* The same for t->orig, counted from the offset asked last: an article's
 * figures ask in order, so the whole article costs one walk, not one per
 * figure. */
size_t arnorm_char_at(arnorm_text *t, size_t off);

#endif
