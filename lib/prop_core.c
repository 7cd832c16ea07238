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
    if (j >= a->k.n || a->k.t[j].kind != TK_WORD || lex_find_at(a->L, &a->t, &a->k, j, &a->L->nouns, 0, &m) ||
        lex_find_at(a->L, &a->t, &a->k, j, &a->L->areas, 1, &m))
        return 0;   /* (a noun with ب is a place: "و443 بجماعة الزيايدة") */
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
        /* "754 ألف سنة 2015": سنة the year's word, not a duration (a date's month stays a date) */
        !(lex_find_at(L, &a->t, &a->k, n->t1, &L->year_words, 0, NULL) && n->t1 + m < a->k.n && is_num(a, n->t1 + m) &&
          plausible_year(num_int(a, n->t1 + m))) &&
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
static void make_fact(article *a, prop_result *r, const arnum *n, size_t q0, const char *qual, figure *f)
{
    const prop_ctx *c = a->c;
    const char *prule, *grule, *perrule, *basis;
    double pc, gc, perc;
    const char *prog = prop_find_programme(a, n->t0, f, &prule, &pc);
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
    prop_listed_noun(a, f, a->sent[n->t0], &prog, &prule, &pc);
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
    } else if (gi >= 0 && r->nf && strstr(r->f[r->nf - 1].rule, "geo:geo-national") &&
               ((n->percent && strstr(r->f[r->nf - 1].rule, "geo:geo-national-scale") && !strcmp(grule, "geo-before")) ||
                ((lex_pair_find(&a->L->additions_of, f->indicator) || prop_addition_before(a, n->t0, f->indicator)) &&
                 r->f[r->nf - 1].sentence == a->sent[n->t0] && (!strcmp(grule, "geo-before") || !strcmp(grule, "geo-sentence"))))) {
        /* (the first: the figure before was the nation's by its scale; the
         * second: a change in the sentence of such a figure) */
        gi = -1;   /* a share (74%), or a change, after national figures in its sentence: national */
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
        const char *ch = prop_addition_before(a, n->t0, f->indicator);
        size_t am;
        const lex_phrase *after = f->noun1 ? lex_find_at(a->L, &a->t, &a->k, f->noun1, &a->L->additions, 0, &am) : NULL;
        /* "(2993 حصة إضافية)": the word after the noun */
        if (!ch && after && a->clause[f->noun1] == a->clause[n->t0]) {
            const lex_pair *of = lex_pair_find(&a->L->additions_of, after->key);
            if (of && !strcmp(of->val, f->indicator))
                ch = after->key;
        }
        if (ch) { f->indicator = ch; f->ind_rule = "addition"; }
    }
    /* the Ramadan operation hands one basket to a household: a territory's
     * count of its المستفيدين counts families (indicators.json households),
     * when the article itself speaks of its families (أسرة, عائلة); else
     * the figure keeps the noun the text gives it ("ويحصل كل مستفيد على قفة") */
    if (gi >= 0 && f->named && !strcmp(f->indicator, "beneficiaries") && prop_names_families(a))
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

/* The indicator is one a place noun is turned into (indicators.json places:
 * distribution points). */
static int is_place_indicator(const prop_lex *L, const char *ind)
{
    for (size_t q = 0; q < L->places.n; q++)
        if (!strcmp(L->places.p[q].key, ind)) return 1;
    return 0;
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
    prop_find_triggers(&a);
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
        if (!prop_find_indicator(&a, &n, q0, &f) && !n.percent && r->nf && r->f[r->nf - 1].sentence == a.sent[i]) {
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
        /* "موزعين على 6 مراكز ...، و 18 مركزا": centres joined by و to
         * distribution points are distribution points too */
        if (f.indicator && c->L->places_of && !strcmp(f.indicator, c->L->places_of) && r->nf &&
            r->f[r->nf - 1].sentence == a.sent[i] && is_place_indicator(c->L, r->f[r->nf - 1].indicator) && i > 0 &&
            tok_is(&a, i - 1, "و")) {
            f.indicator = r->f[r->nf - 1].indicator;
            f.ind_rule = "noun-after-place-joined";
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
