#include "prop_core.h"
#include "arnum.h"
#include "util.h"

#include <glib.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prop_article.h"

static void segment(article *a)
{
    int s = 0, cl = 0, ln = 0;
    a->sent = xcalloc(a->k.n + 1, sizeof(int));
    a->clause = xcalloc(a->k.n + 1, sizeof(int));
    a->line = xcalloc(a->k.n + 1, sizeof(int));
    a->heading = xcalloc(a->k.n + 2, 1);
    size_t words = 0;
    for (size_t i = 0; i <= a->k.n; i++) {
        /* a line of 2 to 8 words, no number, no full stop: "دعم تمدرس الأطفال في وضعية صعبة" */
        if (i == a->k.n || (a->k.t[i].nl_before && i)) {
            a->heading[ln] = a->heading[ln] != 2 && words >= 2 && words <= 8;
            if (i == a->k.n) break;
            ln++;
            words = 0;
        }
        a->line[i] = ln;
        if (a->k.t[i].kind == TK_WORD) words++;
        else if (is_num(a, i) || tok_is(a, i, ".") || tok_is(a, i, ":") || tok_is(a, i, "،")) a->heading[ln] = 2;
    }
    for (size_t i = 0; i < a->k.n; i++) {
        if (a->k.t[i].nl_before && i) s++, cl++;
        a->sent[i] = s;
        a->clause[i] = cl;
        if (a->k.t[i].kind == TK_PUNCT) {
            if (tok_is(a, i, ".") || tok_is(a, i, "!") || tok_is(a, i, "?") || tok_is(a, i, "؟")) s++, cl++;
            else if (tok_is(a, i, "،") || tok_is(a, i, ",") || tok_is(a, i, "؛") || tok_is(a, i, ";") ||
                     tok_is(a, i, ":") || tok_is(a, i, "(") || tok_is(a, i, ")"))
                cl++;
        }
    }
}

static void find_triggers(article *a)
{
    for (size_t i = 0; i < a->k.n; i++) {
        size_t n;
        const lex_phrase *p = lex_find_at(a->L, &a->t, &a->k, i, &a->L->triggers, 1, &n);
        if (!p) continue;
        GROW(a->trig, a->ntrig, a->trig_cap);
        a->trig[a->ntrig++] = (trig_mention){i, i + n, p->key};
        i += n - 1;
    }
    /* the article's programme: two thirds of two or more triggers; or its
     * only trigger's, in an article dated by a Hijri operation (رمضان 1446).
     * A trigger of a programme that belongs within another one the article
     * names counts as that one (food in a Ramadan operation), and a place
     * written with ب ("بدار الطالب": where the operation was launched) does
     * not count. */
    int hijri = 0;
    for (size_t i = 0; i < a->nper; i++) hijri |= a->per[i].hijri;
    const char **code = xcalloc(a->ntrig + 1, sizeof *code);
    size_t counted = 0;
    for (size_t i = 0; i < a->ntrig; i++) {
        size_t m;
        if (TOK_N(&a->k, a->trig[i].t0) > 2 && !memcmp(TOK_P(&a->t, &a->k, a->trig[i].t0), "ب", 2) &&
            !lex_find_at(a->L, &a->t, &a->k, a->trig[i].t0, &a->L->triggers, 0, &m))
            continue;
        code[counted] = a->trig[i].code;
        const lex_pair *in = lex_pair_find(&a->L->within, code[counted]);
        for (size_t j = 0; in && j < a->ntrig; j++)
            if (!strcmp(a->trig[j].code, in->val)) { code[counted] = in->val; break; }
        counted++;
    }
    for (size_t i = 0; i < counted; i++) {
        size_t same = 0;
        for (size_t j = 0; j < counted; j++) same += !strcmp(code[i], code[j]);
        if ((same >= 2 && 3 * same >= 2 * counted) || (hijri && same == counted)) { a->dominant = code[i]; break; }
    }
    free(code);
}

/* ---- attaching one figure */
typedef struct {
    size_t t0, t1;                 /* the figure: number words, noun, percent */
    size_t noun0, noun1;           /* its counted noun, if any */
    const char *indicator, *item, *ind_rule;
    const lex_phrase *named;       /* the noun or label that named the indicator, if any */
    double ind_conf;
} figure;

/* A one-word counted noun at token i, with or without its article (المركبات). */
static const lex_phrase *noun_with_article(const article *a, size_t i)
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
static int period_token(const article *a, size_t i)
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

static const char *find_indicator(article *a, const arnum *n, size_t q0, figure *f)
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
    if (q0 > 0 && lex_find_before(L, &a->t, &a->k, q0, &L->reach, 1, &rs))
        for (size_t back = 1; back <= 6 && back <= rs && a->sent[rs - back] == a->sent[q0] && !is_num(a, rs - back); back++) {
            const lex_phrase *p = noun_with_article(a, rs - back);
            if (p) {
                f->noun0 = rs - back;
                f->noun1 = f->noun0 + 1;
                f->ind_rule = "noun-before-reach";
                f->ind_conf = 0.6;
                return f->indicator = p->key;
            }
        }
    /* a number after a copula counts the noun before it: "المركبات الاجتماعية، وهي تسعة" */
    size_t cop;
    if (lex_find_before(L, &a->t, &a->k, q0, &L->copulas, 1, &cop))
        for (size_t back = 1; back <= 5 && back <= cop && !is_num(a, cop - back); back++) {
            const lex_phrase *p = noun_with_article(a, cop - back);
            if (p) {
                f->noun0 = cop - back;
                f->noun1 = f->noun0 + 1;
                f->ind_rule = "noun-before-copula";
                f->ind_conf = 0.7;
                return f->indicator = p->key;
            }
        }
    /* a number word as an adjective after its noun: "فضاءات محو الأمية
     * السبع", "الجماعات الترابية الخمسة"; not across a territory's type
     * word ("بعمالة مقاطعات عين السبع": a name) */
    if (n->words && TOK_N(&a->k, n->t0) > 4 && memcmp(TOK_P(&a->t, &a->k, n->t0), "ال", 4) == 0)
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
    for (size_t i = q0; i-- > 0 && q0 - i <= 8 && a->clause[i] == a->clause[q0] && !(is_num(a, i) && !period_token(a, i));) {
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->labels, 1, &m);
        if (p && i + m <= q0) { f->ind_rule = "label-clause"; f->ind_conf = 0.6; f->named = p; return f->indicator = p->key; }
    }
    return NULL;
}

/* A number just before trigger token j, after token i: the trigger is the
 * heading of the next numbered section ("1004 2 دروس محو الأمية:"), not the
 * figure's. */
static int num_between(const article *a, size_t i, size_t j)
{
    return j > i && is_num(a, j - 1);
}

static int after_trigger(const article *a, size_t t0, const figure *f)
{
    size_t after = f->noun1 ? f->noun1 : f->t1;
    for (size_t i = 0; i < a->ntrig; i++)
        if (a->trig[i].t0 >= (f->noun0 ? f->noun0 : after) && a->trig[i].t0 <= after + 1 && a->clause[a->trig[i].t0] == a->clause[t0] &&
            !num_between(a, after, a->trig[i].t0))
            return 1;
    return 0;
}

/* A word of its own starting with the conjunction و between tokens i and j
 * ("ووزعت", "وخصص"): a new clause, which a trigger before it does not reach. */
static int conjunct_between(const article *a, size_t i, size_t j)
{
    for (; i < j; i++)
        if (a->k.t[i].kind == TK_WORD && TOK_N(&a->k, i) >= 8 && memcmp(TOK_P(&a->t, &a->k, i), "وو", 4) == 0) return 1;
    return 0;
}

static const char *find_programme(article *a, size_t t0, const figure *f, const char **rule, double *conf)
{
    const prop_lex *L = a->L;
    size_t after = f->noun1 ? f->noun1 : f->t1, m;
    /* 0. a trigger framed by "في إطار" in the sentence, before the figure or
     * a little after it in its clause */
    for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < a->ntrig; i++) {
        const trig_mention *tm = &a->trig[i];
        if (a->sent[tm->t0] != a->sent[t0]) continue;
        /* pass 0: a frame after the figure in its clause; pass 1 (after the
         * trigger right after the noun): a frame before it in the sentence */
        if (pass == 0 && !(tm->t0 >= after && tm->t0 <= after + 8 && a->clause[tm->t0] == a->clause[t0])) continue;
        if (pass == 1 && !(tm->t1 <= t0)) continue;
        if (pass == 1 && after_trigger(a, t0, f)) break;
        size_t st;
        if (lex_find_before(L, &a->t, &a->k, tm->t0, &L->frames, 1, &st) ||
            (tm->t0 > 0 && lex_find_before(L, &a->t, &a->k, tm->t0 - 1, &L->frames, 1, &st))) {
            *rule = "trigger-frame"; *conf = 0.85; return tm->code;
        }
    }
    /* 0b. a programme "for" the figure's people: "والأنشطة المدرة للدخل
     * لفائدة 500 شخص في وضعية إعاقة" (what follows them describes them) */
    size_t fs;
    if (t0 > 1 && lex_find_before(L, &a->t, &a->k, t0, &L->beneficiary_of, 0, &fs))
        for (size_t i = 0; i < a->ntrig; i++)
            if (a->trig[i].t1 == fs && a->clause[a->trig[i].t0] == a->clause[t0]) {
                *rule = "trigger-for"; *conf = 0.85; return a->trig[i].code;
            }
    /* 1. a trigger right after the noun: "88 مركزا للتربية والتكوين" */
    for (size_t i = 0; i < a->ntrig; i++)
        /* not the heading of the next numbered section ("1004 2 دروس محو الأمية:") */
        if (a->trig[i].t0 >= (f->noun0 ? f->noun0 : after) && a->trig[i].t0 <= after + 1 && a->clause[a->trig[i].t0] == a->clause[t0] &&
            !num_between(a, after, a->trig[i].t0)) {
            *rule = "trigger-after"; *conf = 0.9; return a->trig[i].code;
        }
    /* 2. a total in the clause: "ليصل بذلك مجموع المراكز إلى 190" */
    for (size_t i = t0; i-- > 0 && a->clause[i] == a->clause[t0];) {
        if (lex_find_at(L, &a->t, &a->k, i, &L->totals, 1, &m)) {
            int trig_between = 0;
            for (size_t q = 0; q < a->ntrig; q++) if (a->trig[q].t0 > i && a->trig[q].t0 < t0) trig_between = 1;
            if (!trig_between) {
                const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->totals, 1, &m);
                /* in an article about one programme, a total is that programme's */
                if (a->dominant) { *rule = "total-of-document-programme"; *conf = 0.6; return a->dominant; }
                *rule = "total"; *conf = 0.85; return p->key;
            }
        }
        if (t0 - i > 12) break;
    }
    /* 3. a trigger ending just before: "التسويق التضامني لمنتجات 400 تعاونية";
     * not across a new conjunct ("مدرا للدخل ووزعت 19 سماعة"), nor when the
     * figure's own noun names its programme right after the trigger
     * ("عدد التعاونيات المحدثة من طرف خريجات مراكز التربية والتكوين 4 تعاونيات") */
    const lex_phrase *np = f->noun1 ? lex_find_at(L, &a->t, &a->k, f->noun0, &L->noun_prog, 1, &m) : NULL;
    for (size_t i = 0; i < a->ntrig; i++)
        if (a->trig[i].t1 <= t0 && a->trig[i].t1 + 2 >= t0 && a->sent[a->trig[i].t0] == a->sent[t0] &&
            !tok_is(a, t0 - 1, "و") && !(a->k.t[t0].kind == TK_WORD && memcmp(TOK_P(&a->t, &a->k, t0), "و", 2) == 0) &&
            !(np && a->trig[i].t1 == t0) && !conjunct_between(a, a->trig[i].t1, t0)) {
            *rule = "trigger-before"; *conf = 0.85; return a->trig[i].code;
        }
    /* 4. a noun that names its programme (روضا, تعاونية, سماعة) */
    if (np) { *rule = "noun-programme"; *conf = 0.8; return np->key; }
    /* 5. a trigger a little after, in the clause; 6. the nearest before in the sentence */
    for (size_t i = 0; i < a->ntrig; i++)
        if (a->trig[i].t0 >= after && a->trig[i].t0 <= after + 4 && a->clause[a->trig[i].t0] == a->clause[t0] &&
            !num_between(a, after, a->trig[i].t0)) {
            *rule = "trigger-near-after"; *conf = 0.7; return a->trig[i].code;
        }
    const trig_mention *best = NULL;
    for (size_t i = 0; i < a->ntrig && a->trig[i].t0 < t0; i++) best = &a->trig[i];
    /* (not the place the operation was launched at, "انطلقت العملية بدار
     * الطالب بمدينة تزنيت", in an article about one operation) */
    int venue = best && a->dominant && strcmp(a->dominant, best->code) && TOK_N(&a->k, best->t0) > 2 &&
                !memcmp(TOK_P(&a->t, &a->k, best->t0), "ب", 2) && !lex_find_at(L, &a->t, &a->k, best->t0, &L->triggers, 0, &m);
    if (best && a->sent[best->t0] == a->sent[t0] && !venue) { *rule = "trigger-sentence"; *conf = 0.7; return best->code; }
    /* 6a. a noun that names its programme when no trigger stands before it in
     * its sentence: "بلغت 13 اتفاقية شراكة" (indicators.json noun_programmes_weak) */
    const lex_phrase *wp = f->noun1 ? lex_find_at(L, &a->t, &a->k, f->noun0, &L->noun_prog_weak, 1, &m) : NULL;
    if (wp) { *rule = "noun-programme-weak"; *conf = 0.6; return wp->key; }
    /* 6b. none before in the sentence: a trigger further in the clause, with
     * no other figure between (its period may be: "تكوين 40.000 متدرب
     * بمدينة طنجة في أفق سنة 2030 داخل مراكز التكوين بالتدرج المهني") */
    for (size_t i = 0; i < a->ntrig && a->trig[i].t0 <= after + 12; i++) {
        if (a->trig[i].t0 < after || a->clause[a->trig[i].t0] != a->clause[t0]) continue;
        int other = 0;
        for (size_t q = after; q < a->trig[i].t0; q++) other |= is_num(a, q) && !a->used[q];
        /* nor the trigger of a figure right after it ("... بينما بلغ عدد
         * التعاونيات المحدثة من طرف خريجات مراكز التربية والتكوين 4 تعاونيات") */
        for (size_t q = a->trig[i].t1; q < a->trig[i].t1 + 3 && q < a->k.n; q++) other |= is_num(a, q) && !a->used[q];
        if (!other) { *rule = "trigger-clause-after"; *conf = 0.6; return a->trig[i].code; }
        break;
    }
    /* 7. the section: the trigger of its heading line, else the nearest
     * trigger not far before */
    for (size_t i = t0; i-- > 0;)
        if (a->line[i] != a->line[t0] && a->heading[a->line[i]]) {
            for (size_t q = 0; q < a->ntrig; q++)
                if (a->line[a->trig[q].t0] == a->line[i] && (!best || a->sent[best->t0] != a->sent[t0])) {
                    *rule = "trigger-heading"; *conf = 0.6; return a->trig[q].code;
                }
            break;
        }
    if (best && t0 - best->t1 <= 60 && !venue) { *rule = "trigger-section"; *conf = 0.5; return best->code; }
    /* 8. the article's own programme: one trigger's programme makes two thirds
     * of all its triggers, and two or more (an article about the Ramadan operation) */
    if (a->dominant) { *rule = "programme-document"; *conf = 0.45; return a->dominant; }
    *rule = "default-all";
    *conf = 0.3;
    return "all";
}

/* The area a figure is a part of ("4 بالوسط الحضري"): a cue in its clause,
 * just after it or just before. */
static const char *find_area(const article *a, size_t t0, size_t end)
{
    size_t m;
    for (size_t i = end; i < end + 4 && i < a->k.n && a->clause[i] == a->clause[t0]; i++) {
        if (is_num(a, i)) break;   /* the next number's */
        const lex_phrase *p = lex_find_at(a->L, &a->t, &a->k, i, &a->L->areas, 1, &m);
        if (p) return p->key;
    }
    /* (a bracket between: "المجالين الحضري (4714 أسرة ) والقروي (7256 )") */
    size_t open = t0 > 0 && tok_is(a, t0 - 1, "(");
    for (size_t i = t0 - open; i-- > 0 && t0 - i <= 4 + open && a->clause[i] == a->clause[t0 - open];) {
        if (is_num(a, i)) break;   /* the previous number's */
        const lex_phrase *p = lex_find_at(a->L, &a->t, &a->k, i, &a->L->areas, 1, &m);
        if (p && i + m <= t0) return p->key;
    }
    return NULL;
}

/* ---- the driver */
static void reject(article *a, prop_result *r, size_t t0, size_t t1, double value, const char *reason)
{
    size_t os, oe;
    arnorm_orig_span(&a->t, a->k.t[t0].s, a->k.t[t1 - 1].e, &os, &oe);
    GROW(r->r, r->nr, r->capr);
    r->r[r->nr++] = (prop_reject){xstrndup(a->t.orig + os, oe - os), value, reason,
                                  arnorm_char_at(&a->t, os), arnorm_char_at(&a->t, oe)};
}

/* Two or more bare numbers in brackets after names in token i's sentence:
 * a list of parts, "أولاد ناصر (429) وبني عمير كريفات (574)". */
static int bracket_list(const article *a, size_t i)
{
    int n = 0;
    arnum g;
    /* (the number may be composed: "فجيج (17 ألفا و700)"; a window around
     * it, as a sentence without full stops may be long) */
    for (size_t q = i > 122 ? i - 120 : 2; q + 1 < a->k.n && q < i + 120 && n < 2; q++)
        if (a->sent[q] == a->sent[i] && is_num(a, q) && tok_is(a, q - 1, "(") && a->k.t[q - 2].kind == TK_WORD &&
            arnum_read(a->L, &a->t, &a->k, q, &g) && tok_is(a, g.end, ")"))
            n++;
    return n >= 2;
}

/* A number with nothing counted after it: punctuation, the end, و, or a
 * place written with ب ("و3002 بقطب أولاد تايمة", "بـ1000 وباشوية"). */
static int bare(const article *a, const arnum *n)
{
    size_t j = n->end;
    if (j >= a->k.n || a->k.t[j].kind == TK_PUNCT || a->k.t[j].nl_before) return 1;
    const char *w = TOK_P(&a->t, &a->k, j);
    return a->k.t[j].kind == TK_WORD && (tok_is(a, j, "و") || !memcmp(w, "ب", 2) || !memcmp(w, "و", 2));
}

/* A number at token q with a place written with ب after it, or في and a
 * word ("و234 بتازناخت", "1494 في إغرم نوكدال"), not a counted noun. */
static int place_after(const article *a, size_t q)
{
    size_t m;
    arnum g;
    if (!is_num(a, q) || !arnum_read(a->L, &a->t, &a->k, q, &g) || g.percent || g.words) return 0;
    size_t j = g.end;
    if (j >= a->k.n || a->k.t[j].kind != TK_WORD || lex_find_at(a->L, &a->t, &a->k, j, &a->L->nouns, 1, &m) ||
        lex_find_at(a->L, &a->t, &a->k, j, &a->L->areas, 1, &m))
        return 0;
    if (tok_is(a, j, "في")) return j + 1 < a->k.n && a->k.t[j + 1].kind == TK_WORD;
    return TOK_N(&a->k, j) > 4 && !memcmp(TOK_P(&a->t, &a->k, j), "ب", 2);
}

/* Token i's number is an item of a list of places in its sentence: it and
 * at least two others have a place after them. */
static int place_list(const article *a, size_t i)
{
    if (!place_after(a, i)) return 0;
    int n = 0;   /* (a window around it: a sentence without full stops may be long) */
    for (size_t q = i > 120 ? i - 120 : 0; q < a->k.n && q < i + 120 && n < 3; q++)
        if (a->sent[q] == a->sent[i] && (q == 0 || !is_num(a, q - 1)) && place_after(a, q)) n++;
    return n >= 3;
}

/* A distribution verb earlier in token i's sentence ("موزعة على",
 * "وتتوزع", indicators.json distributed). */
static int distributed_before(const article *a, size_t i)
{
    size_t m;
    for (size_t q = i; q-- > 0 && a->sent[q] == a->sent[i];)
        if (lex_find_at(a->L, &a->t, &a->k, q, &a->L->distributed, 1, &m)) return 1;
    return 0;
}

/* A bare number in brackets: "(429)" */
static int bracketed(const article *a, const arnum *n)
{
    return n->t0 > 0 && tok_is(a, n->t0 - 1, "(") && tok_is(a, n->t1, ")");
}

static const char *distractor(article *a, const arnum *n)
{
    const prop_lex *L = a->L;
    size_t st, m;
    const lex_phrase *p = lex_find_before(L, &a->t, &a->k, n->t0, &L->reject_before, 1, &st);
    if (p) return p->key;
    /* "(429)" is a bracketed figure, "دائرة تافراوت بـ3200)" closes a
     * parenthesis: a section number "1)" starts its line or follows no word */
    if ((p = lex_find_at(L, &a->t, &a->k, n->t1, &L->reject_after, 1, &m)) &&
        !(!strcmp(p->key, "section number") &&
          (bracketed(a, n) || (n->t0 > 0 && !a->k.t[n->t0].nl_before && a->k.t[n->t0 - 1].kind == TK_WORD))))
        return p->key;
    /* "ما بين 3 و 6 سنوات", "من 3 إلى 6 سنوات": the second number says it */
    if (n->t1 + 2 < a->k.n && is_num(a, n->t1 + 1) && a->k.t[n->t1].kind == TK_WORD &&
        (p = lex_find_at(L, &a->t, &a->k, n->t1 + 2, &L->reject_after, 1, &m)) && strcmp(p->key, "section number"))
        return p->key;
    if (n->t0 > 0 && is_num(a, n->t0 - 1) && !n->has_scale && n->value < 100) return L->msg[MSG_SECTION];
    /* a four-digit number with no noun is a year, unless it is a part of the
     * figure before it: "من بينها 1905 في الوسط القروي" */
    if (n->digits4 && plausible_year((long)n->value) && !n->percent &&
        !lex_find_at(L, &a->t, &a->k, n->t1, &L->nouns, 1, &m) && !find_area(a, n->t0, n->end) &&
        !lex_find_before(L, &a->t, &a->k, n->t0, &L->parts, 1, &st))
        return L->msg[MSG_YEAR];
    if (n->vague) return L->msg[MSG_VAGUE];
    return NULL;
}

static char *orig_text(const article *a, size_t t0, size_t t1)
{
    size_t os, oe;
    arnorm_orig_span(&a->t, a->k.t[t0].s, a->k.t[t1 - 1].e, &os, &oe);
    return xstrndup(a->t.orig + os, oe - os);
}

/* A counted noun without its clitic و and its ending (ة ات ين ان ا ...):
 * مركزا, ومركزين -> مركز; مؤسسة, مؤسسات, مؤسستين -> مؤسس. */
static void noun_stem(const article *a, size_t i, char out[48])
{
    const char *w = TOK_P(&a->t, &a->k, i);
    size_t n = TOK_N(&a->k, i);
    if (n > 8 && !memcmp(w, "و", 2)) w += 2, n -= 2;
    static const char *const ends[] = {"تين", "تان", "ات", "ين", "ان", "ون", "ة", "ا"};
    for (size_t e = 0; e < sizeof ends / sizeof *ends; e++) {
        size_t en = strlen(ends[e]);
        if (n >= en + 6 && !memcmp(w + n - en, ends[e], en)) { n -= en; break; }
    }
    snprintf(out, 48, "%.*s", (int)(n < 47 ? n : 47), w);
}

/* "32 مركزا للتربية والتكوين و17 مؤسسة للرعاية الاجتماعية ...، و21 مؤسسة
 * و18 مركزا في إقليم سيدي إفني": in a list, a noun without a trigger of its
 * own has the programme its stem was given earlier in the sentence. */
static void listed_noun(article *a, const figure *f, int sent, const char **prog, const char **prule, double *pc)
{
    if (!f->noun1) return;
    char stem[48];
    noun_stem(a, f->noun0, stem);
    if (!strcmp(*prule, "trigger-after")) {
        if (a->nlisted < sizeof a->listed / sizeof *a->listed) {
            snprintf(a->listed[a->nlisted].stem, 48, "%s", stem);
            a->listed[a->nlisted].prog = *prog;
            a->listed[a->nlisted++].sent = sent;
        }
        return;
    }
    static const char *const weak[] = {"trigger-sentence", "trigger-section", "trigger-heading", "programme-document", "default-all"};
    int is_weak = 0;
    for (size_t w = 0; w < sizeof weak / sizeof *weak; w++) is_weak |= !strcmp(*prule, weak[w]);
    for (size_t i = a->nlisted; is_weak && i-- > 0;)
        if (a->listed[i].sent == sent && !strcmp(a->listed[i].stem, stem)) {
            *prog = a->listed[i].prog;
            *prule = "listed-noun";
            *pc = 0.7;
            return;
        }
}

/* A figure on a line of a list written one item per line: a bullet starts
 * the line, or a colon stands before the figure on it ("جماعة المرسى: 800
 * حصة").  Returns 1 + the line, or 0. */
static int list_item(const article *a, size_t t0)
{
    size_t i = t0;
    while (i > 0 && a->line[i - 1] == a->line[t0]) i--;
    if (tok_is(a, i, "-") || tok_is(a, i, "•") || tok_is(a, i, "*") || tok_is(a, i, "–")) return a->line[t0] + 1;
    /* the line after a heading that ends with a colon ("الوسط القروي:") */
    if (i > 0 && tok_is(a, i - 1, ":") && a->line[i - 1] == a->line[t0] - 1) return a->line[t0] + 1;
    for (; i < t0; i++) if (tok_is(a, i, ":")) return a->line[t0] + 1;
    return 0;
}

/* A singular noun standing as an item of a list of figures, with its
 * programme's trigger on it or right after it: "إضافة إلى فضاء متعدد
 * الوظائف للنساء، ومركز للتوجيه ومساعدة الأشخاص" (indicators.json
 * singulars, list_openers).  Returns its lexicon entry, or NULL. */
static const lex_phrase *lone_noun(const article *a, const prop_result *r, size_t i)
{
    const prop_lex *L = a->L;
    size_t m, st;
    const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->singulars, 1, &m);
    if (!p || m != 1) return NULL;
    size_t wn = TOK_N(&a->k, i), pn = strlen(p->w[0]);
    int opened = wn == pn && i > 0 && lex_find_before(L, &a->t, &a->k, i, &L->list_openers, 0, &st);
    int listed = wn == pn + 2 && !memcmp(TOK_P(&a->t, &a->k, i), "و", 2) && i > 0 &&
                 (tok_is(a, i - 1, "،") || tok_is(a, i - 1, ","));
    if (!opened && !listed) return NULL;
    int trig = 0;
    for (size_t q = 0; q < a->ntrig; q++) trig |= a->trig[q].t0 == i || a->trig[q].t0 == i + 1;
    if (!trig) return NULL;
    size_t figures = 0;   /* other numbers in the sentence, not its periods */
    for (size_t q = 0; q < a->k.n; q++) {
        if (a->sent[q] != a->sent[i] || !is_num(a, q)) continue;
        int period = 0;
        for (size_t k = 0; k < a->nper; k++) period |= q >= a->per[k].num0 && q < a->per[k].num1;
        figures += !period;
    }
    /* an item after و: a list whose earlier items are figures already */
    int before = 0;
    for (size_t q = 0; q < r->nf; q++) before |= r->f[q].sentence == a->sent[i];
    return figures >= 2 && (opened || before) ? p : NULL;
}

/* The first token of a number with its qualifier words ("بما مجموعه" is the
 * "by" of a change, read before them). */
static size_t q0_of(const article *a, const arnum *n)
{
    size_t q0 = n->t0;
    arnum_qualifier(a->L, &a->t, &a->k, n->t0, &q0);
    return q0;
}

/* The change indicator an addition word gives a figure of indicator ind
 * at token t0: the word a few tokens before it in its clause, no other
 * figure or إلى between (indicators.json additions, additions_of); or
 * the first of numbers joined by و has one ("بحصة إضافية بلغت 8850
 * و7400 أسرة"). */
static const char *addition_before(const article *a, size_t t0, const char *ind)
{
    const prop_lex *L = a->L;
    size_t m;
    while (t0 >= 2 && tok_is(a, t0 - 1, "و") && is_num(a, t0 - 2))   /* back to the first of the joined numbers */
        for (t0 -= 2; t0 > 0 && (is_num(a, t0 - 1) || a->used[t0 - 1]) && a->clause[t0 - 1] == a->clause[t0] &&
                      !tok_is(a, t0 - 1, "و");)
            t0--;
    for (size_t i = t0; i-- > 0 && t0 - i <= 8 && a->clause[i] == a->clause[t0];) {
        if (is_num(a, i) && !period_token(a, i)) break;
        if (tok_is(a, i, "إلى") || tok_is(a, i, "الى")) break;
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->additions, 1, &m);
        if (!p) continue;
        const lex_pair *of = lex_pair_find(&L->additions_of, p->key);
        return of && ind && !strcmp(of->val, ind) ? p->key : NULL;
    }
    return NULL;
}

/* Numbers joined by و with "على التوالي" after them ("فجيج (...)، وجرسيف
 * (...)، أي بحصة إضافية بلغت 8850 و7400 أسرة على التوالي"): the k-th
 * number goes to the k-th of the last territories named before them in
 * the sentence.  Returns the mention, or -1. */
static int respectively(const article *a, const arnum *n, const figure *f)
{
    const prop_lex *L = a->L;
    size_t m;
    /* the group: the first number, then the others joined by و */
    size_t first = n->t0;
    while (first >= 2 && tok_is(a, first - 1, "و") && is_num(a, first - 2)) {
        first -= 2;
        while (first > 0 && is_num(a, first - 1) && a->clause[first - 1] == a->clause[n->t0]) first--;
    }
    arnum g;
    size_t pos = 0, count = 0, end = first;
    while (end < a->k.n && is_num(a, end) && arnum_read(L, &a->t, &a->k, end, &g)) {
        if (g.t0 == n->t0) pos = count;
        count++;
        end = g.end;
        if (!(tok_is(a, end, "و") && is_num(a, end + 1))) break;
        end++;
    }
    if (count < 2) return -1;
    size_t after = f->noun1 > end ? f->noun1 : end;
    if (after < end) after = end;
    while (after < a->k.n && a->k.t[after].kind == TK_WORD && after < end + 3 &&
           !lex_find_at(L, &a->t, &a->k, after, &L->respectively, 1, &m))
        after++;
    if (!lex_find_at(L, &a->t, &a->k, after, &L->respectively, 1, &m)) return -1;
    /* the last count territories named before the group in its sentence */
    size_t names[16], k = 0;
    for (size_t i = 0; i < a->ngeo && k < 16; i++)
        if (a->geo[i].t0 < first && a->sent[a->geo[i].t0] == a->sent[n->t0]) names[k++] = i;
    if (k < count) return -1;
    return (int)names[k - count + pos];
}

/* The article names families somewhere (a counted noun of indicator
 * families, with or without its article: أسرة, الأسر, عائلات). */
static int names_families(article *a)
{
    if (a->families_named < 0) {   /* looked for once per article */
        a->families_named = 0;
        for (size_t i = 0; i < a->k.n && !a->families_named; i++) {
            const lex_phrase *p = a->k.t[i].kind == TK_WORD ? noun_with_article(a, i) : NULL;
            a->families_named = p && !strcmp(p->key, "families");
        }
    }
    return a->families_named;
}

static void make_fact(article *a, prop_result *r, const arnum *n, size_t q0, const char *qual, figure *f)
{
    const prop_ctx *c = a->c;
    const char *prule, *grule, *perrule, *basis;
    double pc, gc, perc;
    const char *prog = find_programme(a, n->t0, f, &prule, &pc);
    if (n->percent && r->nf && r->f[r->nf - 1].sentence == a->sent[n->t0] && strcmp(prule, "trigger-after") &&
        strcmp(prule, "trigger-frame")) {
        /* "14 ألف مستفيد، 80 في المائة منهم": a share of the figure before it */
        prog = r->f[r->nf - 1].programme;
        prule = "share-of-previous";
        pc = 0.7;
    } else if (!strncmp(f->ind_rule, "inherited", 9) && (!strcmp(prule, "default-all") || !strcmp(prule, "programme-document") ||
                                                        !strcmp(prule, "trigger-section"))) {
        prog = r->f[r->nf - 1].programme;   /* a part or a list item: the programme of its whole */
        prule = "programme-of-whole";
        pc = 0.6;
    }
    listed_noun(a, f, a->sent[n->t0], &prog, &prule, &pc);
    /* food handed out in an article about the Ramadan operation is the
     * operation's (programmes.json within) */
    const lex_pair *in = lex_pair_find(&a->L->within, prog);
    for (size_t i = 0; in && i < a->ntrig; i++)
        if (!strcmp(a->trig[i].code, in->val)) { prog = a->trig[i].code; prule = "programme-within"; pc = 0.7; break; }
    int gi = prop_find_geo(a, n->t0, n->end, &grule, &gc);
    /* more than a region holds is the nation's ("مليون أسرة" in a city's
     * article about the launch), unless the territory follows the figure
     * in its clause (territories.json national_scale) */
    const lex_pair *ns = lex_pair_find(&a->L->national_scale, f->indicator);
    if (gi >= 0 && ns && n->value >= ns->num && strcmp(grule, "geo-after-clause")) {
        gi = -1;
        grule = "geo-national-scale";
        gc = 0.7;
    } else if (gi >= 0 && n->percent && !strcmp(grule, "geo-before") && r->nf && strstr(r->f[r->nf - 1].rule, "geo:geo-national-scale")) {
        gi = -1;   /* a share (74%) after national figures, no place in its sentence: national */
        grule = "geo-national-carried";
        gc = 0.6;
    }
    /* "تم الرفع من عدد الاسر المستفيدة ... بما مجموعه 2150 حصة": a change by
     * N, not a count (indicators.json changes, change_by) */
    size_t cb;
    if (q0_of(a, n) > 0 && lex_find_before(a->L, &a->t, &a->k, q0_of(a, n), &a->L->change_by, 0, &cb))
        for (size_t i = cb; i-- > 0 && cb - i <= 24 && a->sent[i] == a->sent[n->t0];) {
            size_t cm;
            const lex_phrase *ch = lex_find_at(a->L, &a->t, &a->k, i, &a->L->changes, 1, &cm);
            if (ch) { f->indicator = ch->key; f->ind_rule = "change-by"; break; }
        }
    /* "بحصة إضافية بلغت 9650 أسرة", "بزيادة 1586 أسرة": the change of a
     * count (indicators.json additions, additions_of) */
    if (!n->percent && strcmp(f->ind_rule, "change-by")) {
        const char *ch = addition_before(a, n->t0, f->indicator);
        if (ch) { f->indicator = ch; f->ind_rule = "addition"; }
    }
    /* the Ramadan operation hands one basket to a household: a territory's
     * count of its المستفيدين counts families (indicators.json households),
     * when the article itself speaks of its families (أسرة, عائلة); else
     * the figure keeps the noun the text gives it ("ويحصل كل مستفيد على قفة") */
    if (gi >= 0 && f->named && !strcmp(f->indicator, "beneficiaries") && names_families(a))
        for (size_t h = 0; h < a->L->households.n; h++) {
            const lex_phrase *hw = &a->L->households.p[h];
            int hit = 0;
            for (size_t w = 0; w < f->named->n; w++) hit |= hw->n == 1 && !strcmp(f->named->w[w], hw->w[0]);
            if (hit && !strcmp(hw->key, prog)) { f->indicator = "families"; f->ind_rule = "household-count"; break; }
        }
    /* "12 ألفا و318 أسرة" then "12 ألفا و318 شخصا": the same households again */
    for (size_t h = 0; h < a->L->households.n && !strcmp(f->indicator, "beneficiaries"); h++)
        if (!strcmp(a->L->households.p[h].key, prog))
            for (size_t k = 0; k < r->nf; k++)
                if (r->f[k].value == n->value && !strcmp(r->f[k].indicator, "families") && !strcmp(r->f[k].programme, prog)) {
                    f->indicator = "families";
                    f->ind_rule = "household-count";
                    break;
                }
    int rg = respectively(a, n, f);
    if (rg >= 0) { gi = rg; grule = "geo-respectively"; gc = 0.7; }
    const period_mention *pm = prop_find_period(a, n->t0, n->t1, &perrule, &basis, &perc);
    prop_fact fa = {0};
    if (pm) {
        snprintf(fa.period, sizeof fa.period, "%s", pm->period);
        if (pm->anniversary || pm->relative || pm->dated) {
            strbuf sb;
            sb_init(&sb);
            sb_printf(&sb, "%s %s", a->L->msg[pm->dated ? MSG_DATE_NOTE : pm->relative ? MSG_RELATIVE_NOTE : MSG_ANNIV_NOTE], pm->period);
            fa.note = sb.data;
        }
    } else if (c->published && strlen(c->published) >= 4) {
        snprintf(fa.period, sizeof fa.period, "%.4s", c->published);
        fa.note = xstrdup(a->L->msg[MSG_PUBLICATION_NOTE]);
    } else {
        reject(a, r, q0, n->end, n->value, a->L->msg[MSG_NO_PERIOD]);
        return;
    }
    fa.value = n->value;
    fa.percent = n->percent;
    fa.sentence = a->sent[n->t0];
    fa.qualifier = qual;
    fa.indicator = f->indicator;
    fa.item = f->item;
    fa.programme = prog;
    fa.period_basis = basis;
    if (gi == -2) {
        fa.geo = xstrdup(c->cat->geo[a->regional].code);
    } else if (gi >= 0) {
        const geo_mention *g = &a->geo[gi];
        const territory *te = &c->cat->geo[g->geo];
        int code = te->level == GEO_OLD_REGION && te->region_2015 >= 0 ? te->region_2015 : g->geo;
        fa.geo = xstrdup(c->cat->geo[code].code);
        fa.geo_as_reported = xstrndup(a->t.orig + g->os, g->oe - g->os);
    } else {
        fa.geo = xstrdup("MA");
    }
    /* the quote: the clause up to the figure (back to a trigger in the
     * sentence), through its noun */
    size_t L0 = q0, R = f->noun1 > n->end ? f->noun1 : n->end;
    while (L0 > 0 && a->clause[L0 - 1] == a->clause[n->t0] && q0 - (L0 - 1) <= 10) L0--;
    for (size_t i = 0; i < a->ntrig; i++) {
        const trig_mention *tm = &a->trig[i];
        if (tm->code != prog) continue;
        if (tm->t0 < L0 && a->sent[tm->t0] == a->sent[n->t0] && n->t0 - tm->t0 <= 15) L0 = tm->t0;
        if (tm->t0 >= R && tm->t0 <= R + 1 && tm->t1 - R <= 6 && a->sent[tm->t0] == a->sent[n->t0]) R = tm->t1;
    }
    if (list_item(a, q0))   /* the whole line of a list item: its name, then the figure */
        while (L0 > 0 && a->line[L0 - 1] == a->line[q0]) L0--;
    if (!strcmp(f->ind_rule, "inherited-bracket-list") && q0 > 0) {   /* its name before the brackets: "أولاد ناصر (429)" */
        L0 = q0 - 1;
        while (L0 > 0 && q0 - L0 < 5 && a->k.t[L0 - 1].kind == TK_WORD && a->sent[L0 - 1] == a->sent[q0]) L0--;
        if (R < a->k.n && tok_is(a, R, ")")) R++;
    }
    fa.quote = orig_text(a, L0, R);
    size_t os, oe;
    arnorm_orig_span(&a->t, a->k.t[q0].s, a->k.t[n->end - 1].e, &os, &oe);
    fa.span_s = arnorm_char_at(&a->t, os);
    fa.span_e = arnorm_char_at(&a->t, oe);
    fa.confidence = round((f->ind_conf + pc + gc + perc) / 4 * 100) / 100;
    snprintf(fa.rule, sizeof fa.rule, "indicator:%s programme:%s geo:%s period:%s", f->ind_rule, prule, grule, perrule);
    GROW(r->f, r->nf, r->capf);
    r->f[r->nf++] = fa;
}

/* The last figure proposed that is a count: not a percentage, not the
 * change of a count (indicators.json additions_of). */
static const prop_fact *last_count(const article *a, const prop_result *r)
{
    for (size_t i = r->nf; i-- > 0;)
        if (!r->f[i].percent && !lex_pair_find(&a->L->additions_of, r->f[i].indicator)) return &r->f[i];
    return NULL;
}

void propose_run(const prop_ctx *c, const char *text, size_t len, prop_result *r)
{
    article a = {0};
    a.c = c;
    a.L = c->L;
    memset(r, 0, sizeof *r);
    arnorm_run(&c->L->norm, text, len, &a.t);
    arnorm_tokenise(&a.t, &a.k);
    segment(&a);
    prop_find_territories(&a);
    prop_find_periods(&a);
    find_triggers(&a);
    a.used = xcalloc(a.k.n + 1, 1);
    a.families_named = -1;
    const char *const per_msg[] = {c->L->msg[MSG_YEAR], c->L->msg[MSG_SEASON], c->L->msg[MSG_ANNIVERSARY]};
    for (size_t i = 0; i < a.nper; i++) {
        const period_mention *p = &a.per[i];
        int kind = p->anniversary ? 2 : strchr(p->period, '/') ? 1 : 0;
        reject(&a, r, p->num0, p->num1, p->ordinal ? (double)p->ordinal : (double)num_int(&a, p->num0), per_msg[kind]);
        memset(a.used + p->num0, 1, p->num1 - p->num0);
    }
    int any_number = a.nper > 0;
    size_t prev_num_end = 0;   /* the number read last: a bracket after it may restate it */
    double prev_num_value = -1;
    for (size_t i = 0; i < a.k.n; i++) {
        arnum n;
        if (a.used[i]) continue;
        size_t dn;
        const lex_phrase *dual = lex_find_at(c->L, &a.t, &a.k, i, &c->L->dual_nouns, 1, &dn);
        if (dual) {
            /* "ومركزين اثنين": the noun says 2, a number word after it repeats it */
            memset(&n, 0, sizeof n);
            n.t0 = i;
            n.t1 = n.end = i + dn;
            n.value = 2;
            n.words = 1;
            n.unit_tok = -1;
            arnum rep;
            if (arnum_read(c->L, &a.t, &a.k, n.end, &rep) && rep.value == 2 && !rep.has_scale) n.t1 = n.end = rep.end;
            memset(a.used + i, 1, n.end - i);
            figure f = {0};
            f.t0 = i;
            f.t1 = n.end;
            f.noun0 = i;
            f.noun1 = i + dn;
            f.indicator = dual->key;
            f.ind_rule = "dual-noun";
            f.ind_conf = 0.8;
            make_fact(&a, r, &n, i, "exact", &f);
            any_number = 1;
            i = n.end - 1;
            continue;
        }
        if (lone_noun(&a, r, i)) {
            /* "بالإضافة إلى وحدة لحماية الطفولة، و446 مركزا": one of it */
            memset(&n, 0, sizeof n);
            n.t0 = i;
            n.t1 = n.end = i + 1;
            n.value = 1;
            n.words = 1;
            n.unit_tok = -1;
            a.used[i] = 1;
            figure f = {0};
            f.t0 = f.noun0 = i;
            f.t1 = f.noun1 = i + 1;
            f.indicator = lone_noun(&a, r, i)->key;
            f.ind_rule = "lone-noun";
            f.ind_conf = 0.6;
            make_fact(&a, r, &n, i, "exact", &f);
            continue;
        }
        if (!arnum_read(c->L, &a.t, &a.k, i, &n)) continue;
        any_number = 1;
        memset(a.used + i, 1, n.end - i);
        size_t q0 = i;
        const char *q = arnum_qualifier(c->L, &a.t, &a.k, i, &q0);
        /* "7 ملايين درهما(7.000.000)": the same figure again, in digits */
        if (bracketed(&a, &n) && prev_num_end && n.t0 >= 1 && n.t0 - 1 - prev_num_end <= 2 && prev_num_value == n.value) {
            reject(&a, r, i, n.end, n.value, c->L->msg[MSG_DUPLICATE]);
            if (r->nf && r->f[r->nf - 1].value == n.value && !n.has_scale && !strcmp(r->f[r->nf - 1].qualifier, "approx") &&
                strstr(r->f[r->nf - 1].rule, "qualifier:round"))
                r->f[r->nf - 1].qualifier = "exact";   /* the digits say it is exact */
            i = n.end - 1;
            continue;
        }
        prev_num_end = n.end;
        prev_num_value = n.value;
        const char *why = distractor(&a, &n);
        if (why) { reject(&a, r, i, n.end, n.value, why); i = n.end - 1; continue; }
        figure f = {0};
        f.t0 = i;
        f.t1 = n.end;
        const char *area = n.percent ? NULL : find_area(&a, i, n.end);
        if (!find_indicator(&a, &n, q0, &f) && !n.percent && r->nf && r->f[r->nf - 1].sentence == a.sent[i]) {
            /* a part of the figure before it ("من بينها 4 بالوسط الحضري"), or
             * an item of a list after a colon: it counts the same thing */
            int colon = 0;
            for (size_t b = i; b-- > 0 && a.sent[b] == a.sent[i] && !colon;)
                if (tok_is(&a, b, ":")) colon = 1;
            size_t st;
            int part = lex_find_before(c->L, &a.t, &a.k, q0, &c->L->parts, 1, &st) != NULL ||
                       lex_find_at(c->L, &a.t, &a.k, n.end, &c->L->others, 0, &st) != NULL;   /* و10 أخرى */
            /* (not a number word with the article: an adjective of an uncounted noun,
             * "باشاويات الإقليم الخمس") */
            int adjective = n.words && TOK_N(&a.k, i) > 4 && !memcmp(TOK_P(&a.t, &a.k, i), "ال", 4);
            if ((area || colon || part) && !adjective) {
                f.indicator = r->f[r->nf - 1].indicator;
                f.item = r->f[r->nf - 1].item;
                f.ind_rule = area ? "inherited-area-part" : part ? "inherited-part" : "inherited-list";
                f.ind_conf = 0.5;
            }
        }
        const prop_fact *whole = last_count(&a, r);
        if (!f.indicator && !n.percent && whole && bracketed(&a, &n) && bracket_list(&a, i)) {
            /* "يتوزع العدد الإجمالي لهذه الأسر على قيادات كل أولاد ناصر (429)
             * وبني عمير كريفات (574) ...": the parts of the figure before
             * (a count, not the growth or the change given beside it) */
            f.indicator = whole->indicator;
            f.item = whole->item;
            f.ind_rule = "inherited-bracket-list";
            f.ind_conf = 0.5;
        }
        if (!f.indicator && !n.percent && !n.words && whole && whole->sentence == a.sent[i] && place_list(&a, i)) {
            /* "1300 أسرة على مستوى ورزازات، و234 بتازناخت، و410 بغاسات":
             * a list of places, each with its part of what the count counts */
            f.indicator = whole->indicator;
            f.item = whole->item;
            f.ind_rule = "inherited-place-list";
            f.ind_conf = 0.5;
        }
        if (!f.indicator && !n.percent && !n.words && r->nf && r->f[r->nf - 1].sentence == a.sent[i] && bare(&a, &n) &&
            distributed_before(&a, i)) {
            /* "وتتوزع الأسر ... إلى 5000 أسرة بقطب تارودانت، و3002 بقطب أولاد
             * تايمة": the parts of a figure distributed in its sentence */
            f.indicator = r->f[r->nf - 1].indicator;
            f.item = r->f[r->nf - 1].item;
            f.ind_rule = "inherited-distribution";
            f.ind_conf = 0.5;
        }
        const char *aside = prop_aside(&a, &n, f.indicator && f.noun1 > f.noun0 ? f.noun1 : n.end);
        if (aside || !f.indicator) {
            reject(&a, r, i, n.end, n.value, aside ? aside : c->L->msg[n.percent ? MSG_PERCENT_UNKNOWN : MSG_NO_INDICATOR]);
            i = n.end - 1;
            continue;
        }
        /* "45 مليون سنتيم" = 450000 dirhams (indicators.json unit_factors) */
        for (size_t u = 0; f.named && u < c->L->unit_factors.n; u++)
            if (f.named->n == 1 && c->L->unit_factors.p[u].n == 1 && !strcmp(f.named->w[0], c->L->unit_factors.p[u].w[0]))
                n.value = round(n.value * c->L->unit_factors.p[u].num * 100) / 100, f.ind_rule = "noun-after-unit-factor";
        int round_approx = !q && n.has_scale && !n.composed;
        size_t before = r->nf;
        make_fact(&a, r, &n, q0, q ? q : round_approx ? "approx" : "exact", &f);
        if (r->nf > before) {
            r->f[r->nf - 1].area = area;
            r->f[r->nf - 1].list_line = list_item(&a, i);
        }
        if (round_approx && r->nf && r->f[r->nf - 1].span_s == arnorm_char_at(&a.t, a.t.ostart[a.k.t[q0].s]))
            strncat(r->f[r->nf - 1].rule, " qualifier:round", sizeof r->f[r->nf - 1].rule - strlen(r->f[r->nf - 1].rule) - 1);
        i = n.end - 1;
    }
    prop_area_totals(r);
    /* the headline: a first line with a blank line after it */
    size_t title_chars = 0;
    const char *nl = memchr(text, '\n', len);
    if (nl) {
        const char *p = nl + 1;
        while (p < text + len && (*p == ' ' || *p == '\r' || *p == '\t')) p++;
        if (p < text + len && *p == '\n') title_chars = arnorm_char_at(&a.t, (size_t)(nl - text));
    }
    prop_dedup(c->L, r, title_chars);
    if (!r->nf && !any_number) r->note = c->L->msg[MSG_NO_FIGURES];
    free(a.used);
    free(a.national);
    free(a.sent);
    free(a.clause);
    free(a.line);
    free(a.heading);
    free(a.geo);
    free(a.per);
    free(a.trig);
    artoks_free(&a.k);
    arnorm_free(&a.t);
}

void prop_result_free(prop_result *r)
{
    for (size_t i = 0; i < r->nf; i++) prop_fact_free(&r->f[i]);
    for (size_t i = 0; i < r->nr; i++) free(r->r[i].text);
    free(r->f);
    free(r->r);
    memset(r, 0, sizeof *r);
}

int propose_date_line(const prop_lex *L, const char *text, size_t len, char out[11])
{
    size_t ls = 0;
    int found = 0;
    while (ls < len && !found) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        if (le - ls < 64) {
            article a = {0};
            arnorm_run(&L->norm, text + ls, le - ls, &a.t);
            arnorm_tokenise(&a.t, &a.k);
            a.L = L;
            size_t m;
            const lex_phrase *mo;
            long d = num_int(&a, 0), y;
            if (d >= 1 && d <= 31 && (mo = lex_find_at(L, &a.t, &a.k, 1, &L->months, 0, &m)) && a.k.n == 2 + m &&
                plausible_year(y = num_int(&a, 1 + m))) {
                snprintf(out, 11, "%04ld-%02d-%02ld", y, (int)mo->num, d);
                found = 1;
            }
            artoks_free(&a.k);
            arnorm_free(&a.t);
        }
        ls = le + 1;
    }
    return found;
}

char *propose_title_line(const char *text, size_t len)
{
    const char *nl = memchr(text, '\n', len);
    if (!nl) return NULL;
    size_t n = (size_t)(nl - text);
    const char *p = nl + 1;
    while (p < text + len && (*p == ' ' || *p == '\r' || *p == '\t')) p++;
    if (p >= text + len || *p != '\n' || n == 0 || n > 300) return NULL;
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\r')) n--;
    size_t s = 0;
    while (s < n && text[s] == ' ') s++;
    return s < n ? xstrndup(text + s, n - s) : NULL;
}
