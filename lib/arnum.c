#include "arnum.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W_NONE = 0, W_UNIT, W_TEEN, W_TEN, W_HUNDRED, W_SCALE, W_PLURAL, W_DUAL };

static const char AL[] = "ال";

/* What number word token i is (and its value); a leading و is allowed when
 * wa is set (*had_wa tells whether it was there). */
static int word_kind(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i, int wa, int *had_wa,
                     double *v)
{
    if (i >= k->n || k->t[i].kind != TK_WORD) return W_NONE;
    const char *w = TOK_P(t, k, i);
    size_t n = TOK_N(k, i);
    struct { const lex_list *l; int kind; } tab[] = {
        {&L->units, W_UNIT}, {&L->teens, W_TEEN}, {&L->tens, W_TEN}, {&L->hundreds, W_HUNDRED},
        {&L->scales, W_SCALE}, {&L->plural_scales, W_PLURAL}, {&L->duals, W_DUAL},
    };
    for (int pass = 0; pass < 3; pass++) {
        const char *p = w;
        size_t pn = n;
        if (pass == 1) {   /* وعشرون */
            if (!wa || n <= 2 || memcmp(w, "و", 2)) continue;
            p += 2, pn -= 2;
        } else if (pass == 2) {   /* السبع: a unit as an adjective */
            if (n <= 4 || memcmp(w, AL, 4)) continue;
            p += 4, pn -= 4;
        }
        for (size_t m = 0; m < sizeof tab / sizeof *tab; m++) {
            if (pass == 2 && tab[m].kind != W_UNIT) continue;
            for (size_t j = 0; j < tab[m].l->n; j++) {
                const lex_phrase *ph = &tab[m].l->p[j];
                if (ph->n == 1 && strlen(ph->w[0]) == pn && memcmp(ph->w[0], p, pn) == 0) {
                    *v = ph->num;
                    if (had_wa) *had_wa = pass == 1;
                    return tab[m].kind;
                }
            }
        }
    }
    return W_NONE;
}

static int is_connector(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i)
{
    if (i >= k->n || k->t[i].kind != TK_WORD) return 0;
    for (size_t j = 0; j < L->connector.n; j++)
        if (lex_match_at(L, t, k, i, &L->connector.p[j], 0)) return 1;
    return 0;
}

/* Digits: "5,5" and "3.3" are decimals before a scale word; otherwise a
 * separator followed by groups of three digits groups thousands. */
static double digits_value(const char *p, size_t n, int scale_follows, int *decimal)
{
    char buf[64];
    size_t m = 0;
    int groups3 = 1, seps = 0;
    size_t last = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] == ',' || p[i] == '.') {
            if (seps && i - last != 3) groups3 = 0;
            seps++;
            last = i + 1;
        }
    if (seps && n - last != 3) groups3 = 0;
    *decimal = 0;
    if (seps == 1 && !scale_follows && n - last == 5) {
        /* "264,00000": a thousands group and two decimals run together */
        double v = 0;
        for (size_t i = 0; i < n; i++)
            if (p[i] >= '0' && p[i] <= '9') v = v * 10 + (p[i] - '0');
        return v / 100;
    }
    for (size_t i = 0; i < n && m + 1 < sizeof buf; i++) {
        if (p[i] == ',' || p[i] == '.') {
            if (seps == 1 && (scale_follows || !groups3)) { buf[m++] = '.'; *decimal = 1; }
            continue;
        }
        buf[m++] = p[i];
    }
    buf[m] = 0;
    return strtod(buf, NULL);
}

/* Token i is digits only (no separator). */
static int plain_digits(const arnorm_text *t, const artoks *k, size_t i)
{
    for (size_t b = k->t[i].s; b < k->t[i].e; b++)
        if (t->text[b] < '0' || t->text[b] > '9') return 0;
    return 1;
}

/* One term: a number (digits or words) and its scale, or a scale alone. */
static int read_term(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i, int wa_first,
                     double *value, double *scale, size_t *end, int *words, int *vague, int *digits4)
{
    double v = 0, sv;
    int last = W_NONE, had_wa;
    size_t j = i;
    *words = 0;
    *vague = 0;
    *digits4 = 0;
    *scale = 0;
    if (i < k->n && k->t[i].kind == TK_NUM) {
        int dec;
        int sk = word_kind(L, t, k, i + 1, 0, NULL, &sv);
        v = digits_value(TOK_P(t, k, i), TOK_N(k, i), sk == W_SCALE || sk == W_PLURAL, &dec);
        *digits4 = TOK_N(k, i) == 4;
        j = i + 1;
        /* "12 500 أسرة": groups of three digits after a space group thousands */
        while (!dec && TOK_N(k, j - 1) <= 3 && plain_digits(t, k, j - 1) && j < k->n && k->t[j].kind == TK_NUM &&
               TOK_N(k, j) == 3 && plain_digits(t, k, j) && k->t[j].s == k->t[j - 1].e + 1 && t->text[k->t[j - 1].e] == ' ' &&
               (j == i + 1 || TOK_N(k, j - 1) == 3)) {
            v = v * 1000 + digits_value(TOK_P(t, k, j), 3, 0, &dec);
            *digits4 = 0;
            j++;
        }
        last = W_UNIT;
    } else {
        for (;;) {
            /* a number may start with و ("وثلاثة مراكز"): and-three */
            int wk = word_kind(L, t, k, j, 1, &had_wa, &sv);
            if (wk == W_NONE || wk == W_SCALE || wk == W_PLURAL || wk == W_DUAL) break;
            if (j == i) had_wa = 0;
            if (wk == W_UNIT && sv == 10 && last == W_UNIT && !had_wa && v < 10)
                v += 10, wk = W_TEN;   /* خمس عشرة: عشرة is also a unit */
            else if (wk == W_UNIT && (last == W_NONE || (last == W_HUNDRED && had_wa)))
                v += sv;
            else if (wk == W_TEEN && last == W_UNIT && !had_wa && v < 10)
                v += 10;
            else if (wk == W_TEN && (last == W_NONE || ((last == W_UNIT || last == W_HUNDRED) && had_wa)))
                v += sv;
            else if (wk == W_HUNDRED && last == W_NONE)
                v = sv;
            else if (wk == W_HUNDRED && last == W_UNIT && !had_wa && sv == 100 && v < 10)
                v *= 100;
            else
                break;
            if (wk == W_TEEN) wk = W_TEN;
            last = wk;
            *words = 1;
            j++;
        }
    }
    int sk = word_kind(L, t, k, j, last == W_NONE && wa_first, &had_wa, &sv);
    if ((sk == W_SCALE || sk == W_PLURAL) && (last != W_NONE || !had_wa || wa_first)) {
        if (last == W_NONE) {
            v = 1;   /* a scale alone: ألف = 1000; آلاف (plural, no number) is vague */
            *vague = sk == W_PLURAL;
        }
        v *= sv;
        *scale = sv;
        *words = 1;
        j++;
    } else if (sk == W_DUAL && last == W_NONE) {
        v = sv;
        *scale = sv / 2;
        *words = 1;
        j++;
    }
    if (j == i) return 0;
    *value = v;
    *end = j;
    return 1;
}

int arnum_read(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i, arnum *out)
{
    double v, s;
    size_t j;
    int words, vague, d4;
    memset(out, 0, sizeof *out);
    out->unit_tok = -1;
    if (!read_term(L, t, k, i, 0, &v, &s, &j, &words, &vague, &d4)) return 0;
    out->t0 = i;
    out->value = v;
    out->has_scale = s > 0;
    out->words = words;
    out->vague = vague;
    out->digits4 = d4 && s == 0;
    double last_scale = s;
    while (last_scale > 0) {
        size_t jj = j;
        long unit = -1;
        /* "مليون ونصف (مليون)": a fraction of the scale before it */
        size_t fn, fj = is_connector(L, t, k, jj) ? jj + 1 : jj;
        const lex_phrase *fr = lex_find_at(L, t, k, fj, &L->fractions, fj == jj, &fn);
        if (fr && (fj > jj || memcmp(TOK_P(t, k, jj), "و", 2) == 0)) {
            out->value += fr->num * last_scale;
            out->composed = 1;
            out->words = 1;
            double rs;
            j = fj + fn;
            if (word_kind(L, t, k, j, 0, NULL, &rs) == W_SCALE && rs == last_scale) j++;
            break;
        }
        /* a unit noun inside the sum: "2 مليون درهم و754 ألف" */
        double wv;
        if (jj < k->n && k->t[jj].kind == TK_WORD && !is_connector(L, t, k, jj) &&
            word_kind(L, t, k, jj, 1, NULL, &wv) == W_NONE) {   /* not "وخمسمائة" */
            size_t n;
            const lex_phrase *ph = lex_find_at(L, t, k, jj, &L->nouns, 0, &n);
            if (!ph || n != 1 || !strcmp(ph->key, "items")) break;
            unit = (long)jj;
            jj++;
        }
        int wa_first = 0;
        if (is_connector(L, t, k, jj)) {
            jj++;
        } else {
            double tmp;
            int hw = 0;
            if (word_kind(L, t, k, jj, 1, &hw, &tmp) == W_NONE || !hw) break;
            wa_first = 1;
        }
        double v2, s2;
        size_t j2;
        int w2, vg2, d42;
        if (!read_term(L, t, k, jj, wa_first, &v2, &s2, &j2, &w2, &vg2, &d42)) break;
        if (v2 >= last_scale || vg2) break;
        out->value += v2;
        out->composed = 1;
        out->words |= w2;
        if (unit >= 0) out->unit_tok = unit;
        last_scale = s2;
        j = j2;
    }
    out->t1 = out->end = j;
    size_t pn;
    if (lex_find_at(L, t, k, j, &L->percent, 0, &pn)) {
        out->percent = 1;
        out->end = j + pn;
    } else if (i > 0 && k->t[i].kind == TK_NUM && TOK_N(k, i - 1) == 1 && TOK_P(t, k, i - 1)[0] == '%' &&
               !(i > 1 && k->t[i - 2].kind == TK_NUM)) {
        out->percent = 1;   /* "%74", the sign typed before the digits in right-to-left text */
    }
    return 1;
}

const char *arnum_qualifier(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i, size_t *q0)
{
    const lex_phrase *p = lex_find_before(L, t, k, i, &L->qualifiers, 1, q0);
    return p ? p->key : NULL;
}

int arnum_read_string(const prop_lex *L, const char *s, size_t len, double *value, const char **qualifier,
                      int *percent)
{
    arnorm_text t;
    artoks k;
    arnorm_run(&L->norm, s, len, &t);
    arnorm_tokenise(&t, &k);
    int found = 0;
    for (size_t i = 0; i < k.n && !found; i++) {
        arnum a;
        if (!arnum_read(L, &t, &k, i, &a)) continue;
        found = 1;
        size_t q0;
        const char *q = arnum_qualifier(L, &t, &k, i, &q0);
        *value = a.value;
        *percent = a.percent;
        *qualifier = q ? q : (a.has_scale && !a.composed && !a.vague) ? "approx" : "exact";
    }
    artoks_free(&k);
    arnorm_free(&t);
    return found;
}
