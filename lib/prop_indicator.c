/* taawun-propose: what one figure counts (its indicator): the counted noun
 * after it, a label or noun before it, a copula, a verb of reaching, numbers
 * joined by و, and the change of a count.  Words from indicators.json. */
#include "prop_article.h"

#include <string.h>

/* A one-word counted noun at token i, with or without its article (المركبات). */
const lex_phrase *prop_noun_with_article(const article *a, size_t i)
{
    const prop_lex *L = a->L;
    size_t m;
    const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->nouns, 1, &m);
    if (p && m == 1) return p;
    if (TOK_N(&a->k, i) <= 4 || memcmp(TOK_P(&a->t, &a->k, i), "ال", 4)) return NULL;
    for (size_t q = 0; q < L->nouns.n; q++)
        if (L->nouns.p[q].n == 1 && lex_word_eq(L, TOK_P(&a->t, &a->k, i) + 4, TOK_N(&a->k, i) - 4, L->nouns.p[q].w[0], 0))
            return &L->nouns.p[q];
    return NULL;
}

/* A counted noun of one or two words, each word with its article, from
 * token i up to token lim: "الجماعات الترابية" for "جماعات ترابية". */
static const lex_phrase *noun_phrase_with_article(const article *a, size_t i, size_t lim, size_t *m)
{
    const prop_lex *L = a->L;
    for (size_t q = 0; q < L->nouns.n; q++) {
        const lex_phrase *p = &L->nouns.p[q];
        if (p->n > 2 || i + p->n > lim) continue;
        size_t w = 0;
        for (; w < p->n; w++) {
            size_t tn = TOK_N(&a->k, i + w);
            const char *tp = TOK_P(&a->t, &a->k, i + w);
            if (a->k.t[i + w].kind != TK_WORD || tn <= 4 || memcmp(tp, "ال", 4) ||
                !lex_word_eq(L, tp + 4, tn - 4, p->w[w], 0))
                break;
        }
        if (w == p->n) { *m = p->n; return p; }
    }
    return NULL;
}

/* Token i is the number of a period mention (a year, a season, a Hijri year). */
int prop_period_token(const article *a, size_t i)
{
    for (size_t k = 0; k < a->nper; k++)
        if (i >= a->per[k].num0 && i < a->per[k].num1) return 1;
    return 0;
}

/* The end of the last of the numbers joined by و after n ("8850 و7400"),
 * or n->end when none follows. */
static size_t coordinated_end(const article *a, const arnum *n)
{
    size_t end = n->end;
    arnum nx;
    while (end + 1 < a->k.n && tok_is(a, end, "و") && is_num(a, end + 1) && arnum_read(a->L, &a->t, &a->k, end + 1, &nx) &&
           !nx.percent)
        end = nx.end;
    return end;
}

/* Token i is written with ب, or وب, before its word: a place ("بجماعة",
 * "بكل من"). */
static int place_word(const article *a, size_t i)
{
    const char *w = TOK_P(&a->t, &a->k, i);
    size_t n = TOK_N(&a->k, i);
    return a->k.t[i].kind == TK_WORD && n > 4 && (!memcmp(w, "ب", 2) || (n > 6 && !memcmp(w, "وب", 4)));
}

/* A counted noun at most max words before token at, no number between (in
 * its sentence, if same_sentence): sets f's noun and indicator. */
static int noun_back(const article *a, size_t at, size_t max, int same_sentence, figure *f)
{
    for (size_t back = 1; back <= max && back <= at && !is_num(a, at - back); back++) {
        if (same_sentence && a->sent[at - back] != a->sent[at]) break;
        const lex_phrase *p = prop_noun_with_article(a, at - back);
        if (p) {
            f->noun0 = at - back;
            f->noun1 = f->noun0 + 1;
            f->indicator = p->key;
            return 1;
        }
    }
    return 0;
}

static const char *noun_named(figure *f, const char *rule, double conf)
{
    f->ind_rule = rule;
    f->ind_conf = conf;
    return f->indicator;
}

const char *prop_find_indicator(article *a, const arnum *n, size_t q0, figure *f)
{
    const prop_lex *L = a->L;
    size_t j = n->end, m;
    f->noun0 = f->noun1 = 0;
    if (n->percent) {
        size_t lo = q0 > 8 ? q0 - 8 : 0, hi = n->end + 8 < a->k.n ? n->end + 8 : a->k.n;
        for (size_t i = lo; i < hi; i++) {
            if (a->sent[i] != a->sent[n->t0]) continue;
            const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->percent_ind, 1, &m);
            if (p) { f->ind_rule = "percent-cue"; f->ind_conf = 0.8; return f->indicator = p->key; }
        }
        return NULL;
    }
    if (n->unit_tok >= 0) {
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, (size_t)n->unit_tok, &L->nouns, 0, &m);
        if (p) { f->ind_rule = "unit-in-sum"; f->ind_conf = 0.9; f->noun0 = (size_t)n->unit_tok; f->noun1 = f->noun0 + 1; return f->indicator = p->key; }
    }
    for (int skip = 0; skip < 2; skip++) {
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, j, &L->nouns, 1, &m);
        /* "و443 بجماعة الزيايدة": a noun written with ب after a number is
         * the place of its part, not what it counts */
        if (p && !skip && place_word(a, j) && !lex_find_at(L, &a->t, &a->k, j, &L->nouns, 0, &m)) p = NULL;
        if (!p && j < a->k.n && TOK_N(&a->k, j) > 4 && memcmp(TOK_P(&a->t, &a->k, j), "ال", 4) == 0 && skip) {
            /* 12 من الأطراف: the noun with its article */
            for (size_t q = 0; q < L->nouns.n && !p; q++)
                if (L->nouns.p[q].n == 1 && lex_word_eq(L, TOK_P(&a->t, &a->k, j) + 4, TOK_N(&a->k, j) - 4, L->nouns.p[q].w[0], 0))
                    p = &L->nouns.p[q], m = 1;
        }
        if (p) {
            f->noun0 = j;
            f->noun1 = j + m;
            f->item = p->key2;
            size_t st;
            const lex_phrase *pl = L->places_of && !strcmp(p->key, L->places_of)
                                       ? lex_find_before(L, &a->t, &a->k, q0, &L->places, 1, &st) : NULL;
            if (pl) { f->ind_rule = "noun-after-place"; f->ind_conf = 0.8; return f->indicator = pl->key; }
            f->ind_rule = skip ? "noun-after-of" : "noun-after";
            f->ind_conf = skip ? 0.85 : 0.95;
            f->named = p;
            return f->indicator = p->key;
        }
        if (!lex_find_at(L, &a->t, &a->k, j, &L->skip_after, 0, &m)) break;
        j += m;
    }
    /* numbers joined by و share the noun after the last: "بلغت 8850 و7400 أسرة" */
    size_t last = coordinated_end(a, n);
    if (last > n->end) {
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, last, &L->nouns, 1, &m);
        if (p) {
            f->noun0 = last;
            f->noun1 = last + m;
            f->item = p->key2;
            f->ind_rule = "noun-after-coordinated";
            f->ind_conf = 0.8;
            f->named = p;
            return f->indicator = p->key;
        }
    }
    /* "أما مراكز التربية والتكوين، فقد بلغ 1079": after a verb of reaching,
     * the noun a few words before in the sentence, no number between */
    size_t rs;
    if (q0 > 0 && lex_find_before(L, &a->t, &a->k, q0, &L->reach, 1, &rs) && noun_back(a, rs, 6, 1, f))
        return noun_named(f, "noun-before-reach", 0.6);
    /* a number after a copula counts the noun before it: "المركبات الاجتماعية، وهي تسعة" */
    size_t cop;
    if (lex_find_before(L, &a->t, &a->k, q0, &L->copulas, 1, &cop) && noun_back(a, cop, 5, 0, f))
        return noun_named(f, "noun-before-copula", 0.7);
    /* a number word as an adjective after its noun: "فضاءات محو الأمية
     * السبع", "الجماعات الترابية الخمسة"; not across a territory's type
     * word ("بعمالة مقاطعات عين السبع": a name) */
    /* (not "حصة الأسرة الواحدة": one, after its noun, says each) */
    if (n->words && n->value != 1 && TOK_N(&a->k, n->t0) > 4 && memcmp(TOK_P(&a->t, &a->k, n->t0), "ال", 4) == 0)
        for (size_t back = 1; back <= 4 && back <= n->t0; back++) {
            size_t at = n->t0 - back;
            if (is_num(a, at) || a->k.t[at].kind != TK_WORD || lex_find_at(L, &a->t, &a->k, at, &L->geo_types, 1, &m) ||
                lex_find_at(L, &a->t, &a->k, at, &L->adjective_stops, 0, &m))
                break;   /* "هذه العائلات بين الدوائر القروية الأربع": the circles are four */
            const lex_phrase *p = lex_find_at(L, &a->t, &a->k, at, &L->nouns, 1, &m);
            if (!p || m != 1) p = noun_phrase_with_article(a, at, n->t0, &m);
            if (p) {
                f->noun0 = at;
                f->noun1 = f->noun0 + m;
                f->ind_rule = "noun-before-adjective";
                f->ind_conf = 0.7;
                return f->indicator = p->key;
            }
        }
    /* a label just before: "عدد المستفيدين: 1004", "وعددها ثلاثة" */
    for (size_t back = 0; back < 3 && back <= q0; back++) {
        size_t end = q0 - back, st;
        if (back && !(a->k.t[end].kind == TK_PUNCT || TOK_N(&a->k, end) <= 6)) break;
        const lex_phrase *p = lex_find_before(L, &a->t, &a->k, end, &L->labels, 1, &st);
        if (p) { f->ind_rule = "label"; f->ind_conf = 0.85; f->named = p; return f->indicator = p->key; }
    }
    /* a label earlier in the clause: "مجموع المستفيدين اقليميا يقدر ب 16638" */
    for (size_t i = q0; i-- > 0 && q0 - i <= 8 && a->clause[i] == a->clause[q0] && !(is_num(a, i) && !prop_period_token(a, i));) {
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->labels, 1, &m);
        if (p && i + m <= q0) { f->ind_rule = "label-clause"; f->ind_conf = 0.6; f->named = p; return f->indicator = p->key; }
    }
    return NULL;
}

/* The change indicator an addition word gives a figure of indicator ind
 * at token t0: the word a few tokens before it in its clause, no other
 * figure or إلى between (indicators.json additions, additions_of); or
 * the first of numbers joined by و has one ("بحصة إضافية بلغت 8850
 * و7400 أسرة"). */
const char *prop_addition_before(const article *a, size_t t0, const char *ind)
{
    const prop_lex *L = a->L;
    size_t m;
    (void)m;
    while (t0 >= 2 && tok_is(a, t0 - 1, "و") && is_num(a, t0 - 2))   /* back to the first of the joined numbers */
        for (t0 -= 2; t0 > 0 && (is_num(a, t0 - 1) || a->used[t0 - 1]) && a->clause[t0 - 1] == a->clause[t0] &&
                      !tok_is(a, t0 - 1, "و");)
            t0--;
    for (size_t i = t0; i-- > 0 && t0 - i <= 8 && a->clause[i] == a->clause[t0];) {
        if (is_num(a, i) && !prop_period_token(a, i)) break;
        if (tok_is(a, i, "إلى") || tok_is(a, i, "الى")) break;
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->additions, 1, &m);
        if (!p) continue;
        const lex_pair *of = lex_pair_find(&L->additions_of, p->key);
        return of && ind && !strcmp(of->val, ind) ? p->key : NULL;
    }
    return NULL;
}

/* The article names families somewhere (a counted noun of indicator
 * families, with or without its article: أسرة, الأسر, عائلات). */
int prop_names_families(article *a)
{
    if (a->families_named < 0) {   /* looked for once per article */
        a->families_named = 0;
        for (size_t i = 0; i < a->k.n && !a->families_named; i++) {
            const lex_phrase *p = a->k.t[i].kind == TK_WORD ? prop_noun_with_article(a, i) : NULL;
            a->families_named = p && !strcmp(p->key, "families");
        }
    }
    return a->families_named;
}
