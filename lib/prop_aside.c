/* taawun-propose: figures set aside because the contract cannot hold them
 * as totals, whatever noun counts them: the price of one unit ("بكلفة 123
 * درهما لكل حصة"), the quantity of one product ("4671 طنا من الدقيق":
 * food_tonnes takes no item), the two ends of a range ("بين 15 ألف و30 ألف
 * درهم") and a year after a month name ("ابتداء من شهر فبراير 2018
 * لمؤسسات ..."), which a noun after it would otherwise make a count, and
 * the figure of several territories taken together ("تنحدر من أقاليم
 * الحوز وتارودانت وشيشاوة").  The words are data (distractors.json
 * after_noun, range, year_after, several_territories), listed
 * under the reason the reviewer reads in x_rejected. */
#include "prop_article.h"

static int scale_word(const article *a, size_t i)
{
    size_t m;
    return lex_find_at(a->L, &a->t, &a->k, i, &a->L->scales, 1, &m) ||
           lex_find_at(a->L, &a->t, &a->k, i, &a->L->plural_scales, 1, &m);
}

/* "82 ألفا و40 أسرة، تنحدر من أقاليم الحوز وتارودانت وشيشاوة": a plural
 * territory type a few words after the figure, then two or more names */
static const char *several_territories(const article *a, size_t after)
{
    const prop_lex *L = a->L;
    size_t m;
    for (size_t i = after; i < a->k.n && i < after + 6 && a->sent[i] == a->sent[after]; i++) {
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->aside_several, 0, &m);
        if (!p) continue;
        int names = 0;
        for (size_t g = 0; g < a->ngeo; g++)
            names += a->geo[g].t0 >= i && a->geo[g].t0 < i + m + 6 && a->sent[a->geo[g].t0] == a->sent[i];
        return names >= 2 ? p->key : NULL;
    }
    return NULL;
}

/* Token i is a plural or dual type word, with a clitic or run into the
 * name after it: بإقليمي, بإقليميخنيفرة. */
static const lex_phrase *several_word(const article *a, size_t i)
{
    const prop_lex *L = a->L;
    const char *w = TOK_P(&a->t, &a->k, i);
    size_t wn = TOK_N(&a->k, i);
    for (size_t q = 0; q < L->aside_several.n; q++) {
        const lex_phrase *p = &L->aside_several.p[q];
        size_t pn = strlen(p->w[0]);
        if (p->n != 1) continue;
        for (size_t cl = 0; cl <= 2; cl += 2)
            if (wn >= cl + pn && !memcmp(w + cl, p->w[0], pn)) return p;
    }
    return NULL;
}

/* "للجمعيات الشريكة بإقليمي خنيفرة وميدلت برسم سنة 2009، ب 448 ألف
 * درهم": the last names before the figure in its sentence are two joined
 * by و after a dual or plural type word */
static const char *several_before(const article *a, size_t t0)
{
    size_t last = a->ngeo;
    for (size_t g = 0; g < a->ngeo && a->geo[g].t0 < t0; g++)
        if (a->sent[a->geo[g].t0] == a->sent[t0]) last = g;
    if (last == a->ngeo || last == 0 || t0 - a->geo[last].t0 > 16) return NULL;
    const geo_mention *first = &a->geo[last - 1];
    if (a->sent[first->t0] != a->sent[t0] || a->geo[last].t0 > first->t1 + 1) return NULL;
    const lex_phrase *p = several_word(a, first->t0);
    return p ? p->key : NULL;
}

const char *prop_aside(const article *a, const arnum *n, size_t after)
{
    const prop_lex *L = a->L;
    const lex_phrase *p;
    size_t m, st;
    if (n->digits4 && plausible_year((long)n->value) &&
        (p = lex_find_before(L, &a->t, &a->k, n->t0, &L->aside_year_after, 0, &st)))
        return p->key;
    if (after < a->k.n && a->sent[after] == a->sent[n->t0] &&
        (p = lex_find_at(L, &a->t, &a->k, after, &L->aside_after_noun, 1, &m)))
        return p->key;
    const char *several = after < a->k.n ? several_territories(a, after) : NULL;
    if (!several) several = several_before(a, n->t0);
    if (several) return several;
    /* "87 طن و680 كلغ من الدقيق": one product's quantity after a smaller unit */
    if (after + 3 < a->k.n && a->sent[after] == a->sent[n->t0] && tok_is(a, after, "و") && is_num(a, after + 1) &&
        a->k.t[after + 2].kind == TK_WORD && (p = lex_find_at(L, &a->t, &a->k, after + 3, &L->aside_after_noun, 1, &m)))
        return p->key;
    /* the first end: "بين 15 ألف و30": nothing between it and و */
    if (!n->percent && (p = lex_find_before(L, &a->t, &a->k, n->t0, &L->aside_range, 1, &st)) &&
        tok_is(a, n->end, "و") && is_num(a, n->end + 1))
        return p->key;
    /* the second end: "بين 15 ألف و30 ألف درهم" */
    if (n->t0 >= 2 && tok_is(a, n->t0 - 1, "و")) {
        size_t b = n->t0 - 1;
        while (b > 0 && (is_num(a, b - 1) || scale_word(a, b - 1))) b--;
        if (b < n->t0 - 1 && is_num(a, b) && (p = lex_find_before(L, &a->t, &a->k, b, &L->aside_range, 1, &st)))
            return p->key;
    }
    return NULL;
}
