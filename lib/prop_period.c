/* taawun-propose: the periods an article names (seasons, years with their
 * words, Hijri years, anniversaries, relative phrases) and the period of
 * one figure.  All words from periods.json. */
#include "prop_article.h"

#include <glib.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- periods: seasons, years with their words, Hijri years, anniversaries */

/* The Gregorian year and month of day 1 of Hijri month m of year y, by the
 * tabular (arithmetic) Islamic calendar: within a day or two of the
 * sighted calendar, enough for a month. */
static void hijri_to_gregorian(long y, int m, int *gy, int *gm)
{
    double jd = 1948439.5 + (double)(y - 1) * 354 + floor((3.0 + 11.0 * (double)y) / 30.0) + ceil(29.5 * (m - 1));
    GDate *g = g_date_new_julian((guint32)(jd - 1721424.5));
    *gy = g_date_get_year(g);
    *gm = g_date_get_month(g);
    g_date_free(g);
}

/* The first Gregorian month in year y where Hijri month m begins. */
static int gregorian_month_of(long y, int m, int *gy, int *gmo)
{
    long h0 = (long)((double)(y - 622) * 33.0 / 32.0) - 2;
    for (long h = h0; h < h0 + 5; h++) {
        hijri_to_gregorian(h, m, gy, gmo);
        if (*gy == y) return 1;
    }
    return 0;
}

static int month_before(const article *a, size_t i)
{
    return i > 0 && lex_find_before(a->L, &a->t, &a->k, i, &a->L->months, 1, NULL) != NULL;
}

/* "فاتح أبريل الجاري", "15 مارس الجاري": a month of the article's own year */
static void find_current_months(article *a)
{
    const prop_lex *L = a->L;
    size_t m, c, st;
    for (size_t i = 0; i < a->k.n && a->ncurm < sizeof a->curm / sizeof *a->curm; i++) {
        const lex_phrase *mo = lex_find_at(L, &a->t, &a->k, i, &L->months, 0, &m);
        if (!mo || !lex_find_at(L, &a->t, &a->k, i + m, &L->current, 1, &c)) continue;
        long d = i > 0 ? num_int(a, i - 1) : -1;
        size_t t0 = i;
        int day = 0;
        if (i > 0 && lex_find_before(L, &a->t, &a->k, i, &L->first_day, 1, &st)) day = 1, t0 = st;
        else if (d >= 1 && d <= 31) day = (int)d, t0 = i - 1;
        a->curm[a->ncurm].t0 = t0;
        a->curm[a->ncurm].t1 = i + m + c;
        a->curm[a->ncurm].month = (int)mo->num;
        a->curm[a->ncurm++].day = day;
        i += m + c - 1;
    }
}

/* "الذكرى الستين", "الذكرى التاسعة والخمسين": an anniversary in words */
static void find_ordinal_anniversaries(article *a)
{
    const prop_lex *L = a->L;
    size_t m, m2, st;
    for (size_t i = 1; i < a->k.n; i++) {
        if (!lex_find_before(L, &a->t, &a->k, i, &L->anniversary_words, 1, &st)) continue;
        const lex_phrase *u = lex_find_at(L, &a->t, &a->k, i, &L->ordinal_units, 0, &m), *t = NULL;
        size_t end = i;
        long v = 0;
        if (u && (t = lex_find_at(L, &a->t, &a->k, i + m, &L->ordinal_tens, 1, &m2)) && t->num >= 20)
            v = (long)(u->num + t->num), end = i + m + m2;
        else if ((t = lex_find_at(L, &a->t, &a->k, i, &L->ordinal_tens, 0, &m)))
            v = (long)t->num, end = i + m;
        if (!v) continue;
        period_mention pm = {0};
        pm.t0 = st;
        pm.num0 = i;
        pm.t1 = pm.num1 = end;
        pm.anniversary = 1;
        pm.ordinal = v;
        snprintf(pm.period, sizeof pm.period, "%ld", L->founded_y + v);
        GROW(a->per, a->nper, a->per_cap);
        a->per[a->nper++] = pm;
    }
}

/* "يوم الثلاثاء 4 مارس 2025": the latest year of a full date */
static void find_dates(article *a)
{
    size_t m;
    for (size_t i = 1; i + 1 < a->k.n; i++) {
        long d = num_int(a, i - 1);
        if (d < 1 || d > 31 || !lex_find_at(a->L, &a->t, &a->k, i, &a->L->months, 0, &m)) continue;
        long y = num_int(a, i + m);
        if (plausible_year(y) && y > a->date_year) a->date_year = y;
    }
}

void prop_find_periods(article *a)
{
    const prop_lex *L = a->L;
    find_dates(a);
    find_current_months(a);
    find_ordinal_anniversaries(a);
    for (size_t i = 0; i < a->k.n; i++) {
        if (!is_num(a, i)) continue;
        long y = num_int(a, i);
        period_mention m = {0};
        m.num0 = i;
        size_t st;
        if (plausible_year(y) && lex_find_before(L, &a->t, &a->k, i, &L->since, 1, &st)) continue;   /* منذ سنة 2015 */
        /* YYYY/YYYY or YYYY-YYYY (a season) */
        /* (a season written right to left, "2026-2025", is the same season) */
        long y2 = num_int(a, i + 2);
        if (plausible_year(y) && (tok_is(a, i + 1, "/") || tok_is(a, i + 1, "-")) && (y2 == y + 1 || y2 == y - 1)) {
            size_t w0 = i;
            lex_find_before(L, &a->t, &a->k, i, &L->season_words, 1, &w0);
            m.t0 = w0;
            m.t1 = m.num1 = i + 3;
            if (y2 < y) y = y2;
            /* both plausible years: four digits each */
            snprintf(m.period, sizeof m.period, "%04d/%04d", (int)(y % 10000), (int)((y + 1) % 10000));
            m.strong = 1;
        } else if (plausible_year(y) && TOK_N(&a->k, i) == 4 && !month_before(a, i) &&
                   lex_find_before(L, &a->t, &a->k, i, &L->year_words, 1, &m.t0)) {
            m.t1 = m.num1 = i + 1;
            snprintf(m.period, sizeof m.period, "%ld", y);
            m.strong = lex_find_before(L, &a->t, &a->k, i, &L->doc_year_words, 1, NULL) != NULL;
            /* "عملية رمضان للتضامن برسم سنة 2010": an operation of a Hijri
             * month in a Gregorian year is dated by the month it fell in */
            const lex_phrase *hm = NULL;
            size_t hs;
            for (size_t back = 0; back < 4 && back < m.t0 && !hm && a->sent[m.t0 - back] == a->sent[i]; back++)
                hm = lex_find_before(L, &a->t, &a->k, m.t0 - back, &L->hijri_months, 1, &hs);
            int gy, gmo;
            if (hm && gregorian_month_of(y, (int)hm->num, &gy, &gmo)) {
                snprintf(m.period, sizeof m.period, "%04d-%02d", gy, gmo);
                m.hijri = 1;
                m.strong = 0;
            }
        } else if (y >= 1300 && y <= 1500 && TOK_N(&a->k, i) == 4) {
            /* عملية رمضان 1444: a Hijri year named with its month; not a
             * count after it ("رمضان 1445 بإقليم ورزازات 1300 أسرة": another
             * number between, a counted noun after) */
            const lex_phrase *hm = NULL;
            size_t nm;
            for (size_t back = 0; back < 6 && back < i && !hm && a->sent[i - back] == a->sent[i]; back++) {
                if (back && is_num(a, i - back)) break;
                hm = lex_find_before(L, &a->t, &a->k, i - back, &L->hijri_months, 1, &m.t0);
            }
            if (!hm || lex_find_at(L, &a->t, &a->k, i + 1, &L->nouns, 1, &nm)) continue;
            int gy, gmo;
            hijri_to_gregorian(y, (int)hm->num, &gy, &gmo);
            m.hijri = 1;
            m.t1 = m.num1 = i + 1;
            snprintf(m.period, sizeof m.period, "%04d-%02d", gy, gmo);
        } else if (y > 0 && y < 200) {
            /* الذكرى الـ59: the ordinal counts years from the founding */
            size_t j = i;
            if (j > 0 && tok_is(a, j - 1, "ال")) j--;
            if (!lex_find_before(L, &a->t, &a->k, j, &L->anniversary_words, 1, &m.t0)) continue;
            m.anniversary = 1;
            m.t1 = m.num1 = i + 1;
            snprintf(m.period, sizeof m.period, "%ld", L->founded_y + y);
        } else {
            continue;
        }
        GROW(a->per, a->nper, a->per_cap);
        a->per[a->nper++] = m;
        i = m.t1 - 1;
    }
}

static int in_period(const article *a, size_t q)
{
    for (size_t k = 0; k < a->nper; k++)
        if (q >= a->per[k].num0 && q < a->per[k].num1) return 1;
    return 0;
}

/* A relative phrase in the figure's clause, just after it or before it, with
 * no other number between ("600 ألف عائلة في النسخة الماضية", "4800 حصة هذه
 * السنة"), not the base of a comparison (مقارنة مع السنة الماضية). */
static const lex_phrase *relative_cue(const article *a, size_t t0, size_t t1)
{
    const prop_lex *L = a->L;
    size_t m, st;
    /* "مقارنة مع السنة الماضية (59 ألف و310 أسرة)": the figure in brackets
     * right after the base of a comparison is that year's */
    const lex_phrase *rb;
    if (t0 >= 2 && tok_is(a, t0 - 1, "(") && (rb = lex_find_before(L, &a->t, &a->k, t0 - 1, &L->relative, 1, &st)))
        return rb;
    for (size_t i = t1; i < t1 + 8 && i < a->k.n && a->clause[i] == a->clause[t0] && !is_num(a, i); i++) {
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->relative, 1, &m);
        if (p) return lex_find_before(L, &a->t, &a->k, i, &L->compare, 1, &st) ? NULL : p;
    }
    for (size_t i = t0; i-- > 0 && t0 - i <= 8 && a->clause[i] == a->clause[t0] && !is_num(a, i);) {
        const lex_phrase *p = lex_find_at(L, &a->t, &a->k, i, &L->relative, 1, &m);
        if (!p || i + m > t0) continue;
        /* "من 600 ألف عائلة في النسخة الماضية إلى 1 مليون": the figure before's */
        for (size_t b = i; b-- > 0 && i - b <= 4 && a->clause[b] == a->clause[t0];)
            if (is_num(a, b)) return NULL;
        /* "مقارنة بالعام السابق الذي استفاد منه 17705 أسرة": that year's figure */
        if (lex_find_at(L, &a->t, &a->k, i + m, &L->of_that, 0, &st)) return p;
        return lex_find_before(L, &a->t, &a->k, i, &L->compare, 1, &st) ? NULL : p;
    }
    return NULL;
}

/* The article's own period, which a relative phrase counts from: the
 * publication year, else its Hijri operation, anniversary or latest year. */
static int own_period(const article *a, int offset, char out[24])
{
    const period_mention *hij = NULL, *ann = NULL, *late = NULL;
    for (size_t i = 0; i < a->nper; i++) {
        const period_mention *p = &a->per[i];
        if (p->hijri) { if (!hij) hij = p; }
        else if (p->anniversary) { if (!ann) ann = p; }
        else if (!late || strcmp(p->period, late->period) > 0) late = p;
    }
    const char *pub = a->c->published && strlen(a->c->published) >= 4 ? a->c->published : NULL;
    const char *ref = pub ? pub : hij ? hij->period : ann ? ann->period : late ? late->period : NULL;
    if (!ref) return 0;
    if (offset == 0 && hij && (!pub || !strncmp(pub, hij->period, 4))) ref = hij->period;
    if (offset == 0) { snprintf(out, 24, "%s", ref); if (pub) out[4] = 0; return 1; }
    snprintf(out, 24, "%d", atoi(ref) + offset);
    return 1;
}

/* A year that is the base of a comparison: "مقارنة بسنة 2021", or "عن"
 * after an addition ("بحصة إضافية عن سنة 2022"); not "حصيلة عن سنة 2022". */
static int compared_year(const article *a, const period_mention *p)
{
    const prop_lex *L = a->L;
    size_t st, m;
    const lex_phrase *c = p->t0 > 0 ? lex_find_before(L, &a->t, &a->k, p->t0, &L->compare, 1, &st) : NULL;
    /* "مقارنة مع منح سنة 2010": one word (what is compared) between */
    if (!c && p->t0 > 1 && a->k.t[p->t0 - 1].kind == TK_WORD)
        if ((c = lex_find_before(L, &a->t, &a->k, p->t0 - 1, &L->compare, 1, &st)) && c->n == 1 && strlen(c->w[0]) <= 4) c = NULL;
    if (!c) return 0;
    if (c->n > 1 || strcmp(c->w[0], "عن")) return 1;
    for (size_t i = st; i-- > 0 && st - i <= 3 && a->clause[i] == a->clause[st];)
        if (lex_find_at(L, &a->t, &a->k, i, &L->additions, 1, &m)) return 1;
    return 0;
}

const period_mention *prop_find_period(article *a, size_t t0, size_t t1, const char **rule, const char **basis,
                                       double *conf)
{
    const lex_phrase *rp = relative_cue(a, t0, t1);
    if (rp && own_period(a, (int)rp->num, a->rel.period)) {
        *rule = "period-relative"; *basis = "inferred"; *conf = 0.7;
        a->rel.relative = 1;
        return &a->rel;
    }
    char own[24];
    for (size_t i = 0; i < a->ncurm; i++)
        if (a->sent[a->curm[i].t0] == a->sent[t0] && own_period(a, 0, own)) {
            if (a->curm[i].day) snprintf(a->rel.period, sizeof a->rel.period, "%.4s-%02d-%02d", own, a->curm[i].month, a->curm[i].day);
            else snprintf(a->rel.period, sizeof a->rel.period, "%.4s-%02d", own, a->curm[i].month);
            *rule = "period-current-month"; *basis = "inferred"; *conf = 0.7;
            a->rel.relative = 1;
            return &a->rel;
        }
    const period_mention *best = NULL, *doc = NULL, *ann = NULL, *hij = NULL, *hij_any = NULL, *weak = NULL;
    for (size_t i = 0; i < a->nper; i++) {
        const period_mention *p = &a->per[i];
        if (p->anniversary) { if (!ann) ann = p; continue; }
        /* (not the operation a figure is compared with: "مقارنة مع رمضان 1443") */
        if (p->hijri) { if ((!hij || p->t0 < t0) && !compared_year(a, p)) hij = p; if (!hij_any) hij_any = p; continue; }
        if (!strchr(p->period, '/') && (!weak || strcmp(p->period, weak->period) > 0)) weak = p;
        if (!doc && p->strong) doc = p;
        if (p->t1 <= t0 && a->sent[p->num0] == a->sent[t0] && !compared_year(a, p)) best = p;
    }
    *basis = "stated";
    const period_mention *after = NULL;
    for (size_t i = 0; i < a->nper && !after; i++) {
        const period_mention *p = &a->per[i];
        if (!p->anniversary && !p->hijri && p->t0 >= t1 && p->t0 <= t1 + 6 && a->clause[p->t0] == a->clause[t1 - 1])
            after = p;
    }
    /* the sentence's period before, unless it is another figure's, just
     * after it, while this one has its own just after ("من 6.000 متدرب خلال
     * الموسم 2026-2025 إلى 10.000 متدرب في أفق 2030-2029") */
    int others = 0;
    for (size_t q = best && best->t0 > 6 ? best->t0 - 6 : 0; best && q < best->t0; q++)
        others |= is_num(a, q) && !in_period(a, q) && a->sent[q] == a->sent[t0];
    /* (not the base of a comparison: "زيادة 18 % مقارنة بمعطيات سنة 2021") */
    for (size_t q = t1; after && q < after->t0; q++)
        if (lex_find_at(a->L, &a->t, &a->k, q, &a->L->compare, 1, NULL)) others = 0;
    if (best && !(after && others)) { *rule = "period-sentence"; *conf = 0.95; return best; }
    if (after) { *rule = "period-clause-after"; *conf = 0.85; return after; }
    /* the period of the sentence before, in the same paragraph ("... برسم
     * سنة 2010، بلغ 335 ألف درهم. وفي المجموع، استفادت 14 جمعية") */
    const period_mention *prev = NULL;
    for (size_t i = 0; i < a->nper; i++) {
        const period_mention *p = &a->per[i];
        if (!p->anniversary && !p->hijri && p->t1 <= t0 && a->sent[p->num0] + 1 == a->sent[t0] && a->line[p->num0] == a->line[t0])
            prev = p;
    }
    if (prev && doc && strcmp(prev->period, doc->period)) { *rule = "period-sentence-before"; *conf = 0.75; return prev; }
    /* the one period of the sentence, later in the figure's clause ("ما
     * مجموعه 925 مؤسسة ... حيث يستفيد منها 67.860 مستفيدا برسم موسم
     * 2009-2010"): the period of the clause's figures */
    const period_mention *later = NULL;
    int periods = 0;
    for (size_t i = 0; i < a->nper; i++) {
        const period_mention *p = &a->per[i];
        if (p->anniversary || p->hijri || a->sent[p->num0] != a->sent[t0]) continue;
        periods++;
        if (p->t0 >= t1 && a->clause[p->t0] == a->clause[t0] && !compared_year(a, p)) later = p;
    }
    if (later && periods == 1 && doc && strcmp(later->period, doc->period)) { *rule = "period-sentence-after"; *conf = 0.7; return later; }
    if (doc) { *rule = "period-document"; *conf = 0.8; return doc; }
    *basis = "inferred";
    if (a->ncurm && own_period(a, 0, own)) {
        /* the article's month (أبريل الجاري) for a figure with no period of its own */
        snprintf(a->rel.period, sizeof a->rel.period, "%.4s-%02d", own, a->curm[0].month);
        *rule = "period-article-month"; *conf = 0.5;
        a->rel.relative = 1;
        return &a->rel;
    }
    if (!hij) hij = hij_any;
    if (hij) { *rule = "period-hijri"; *conf = 0.7; return hij; }
    /* the one year of the headline ("... استفادوا من برنامج دعم التمدرس في
     * سنة 2025"): the article's, stated */
    const period_mention *title = NULL;
    int in_title = 0;
    for (size_t i = 0; i < a->nper; i++)
        if (a->line[a->per[i].num0] == 0 && !a->per[i].anniversary && !a->per[i].hijri) title = &a->per[i], in_title++;
    if (in_title == 1 && a->line[t0] != 0) { *basis = "stated"; *rule = "period-headline"; *conf = 0.6; return title; }
    if (ann) { *rule = "period-anniversary"; *conf = 0.6; return ann; }
    if (!a->c->published && weak) { *rule = "period-latest-year"; *conf = 0.4; return weak; }
    if (!a->c->published && a->date_year) {
        /* no publication date: the year of the dates the article gives */
        memset(&a->rel, 0, sizeof a->rel);
        snprintf(a->rel.period, sizeof a->rel.period, "%ld", a->date_year);
        a->rel.dated = 1;
        *rule = "period-article-date"; *conf = 0.4;
        return &a->rel;
    }
    *rule = "period-publication";
    *basis = "publication";
    *conf = 0.5;
    return NULL;
}
