/* taawun-propose: the territories an article names (catalogue names and
 * spellings, type words, clitics, names run together) and the territory of
 * one figure.  Type words, national and regional cues from territories.json. */
#include "prop_article.h"
#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- territories: names from the catalogue, types and stops from data */

/* A prefecture or province named by the first part of its name, the
 * city it is named after: "مدينة طنجة" for طنجة-أصيلة, when one territory
 * only has that first part.  name is folded (arabic_fold). */
static int geo_by_first_part(const catalog *cat, const char *name, int level)
{
    int found = -1;
    size_t n = strlen(name);
    for (size_t i = 0; i < cat->n_geo; i++) {
        const territory *g = &cat->geo[i];
        if ((int)g->level != level || !g->name_ar) continue;
        const char *dash = strchr(g->name_ar, '-');
        if (!dash) continue;
        char *head = xstrndup(g->name_ar, (size_t)(dash - g->name_ar));
        char *f = arabic_fold(head);
        int hit = strlen(f) == n && !memcmp(f, name, n);
        free(f);
        free(head);
        if (hit) {
            if (found >= 0) return -1;   /* two territories start with it */
            found = (int)i;
        }
    }
    return found;
}
static int dash(const article *a, size_t i)
{
    return tok_is(a, i, "-") || tok_is(a, i, "–") || tok_is(a, i, "—");
}

/* The type word of a mention at token i is a region's (جهة, الجهة). */
static int region_type(const article *a, size_t i, size_t type_n)
{
    if (!type_n) return 0;
    const char *w = TOK_P(&a->t, &a->k, i);
    size_t n = TOK_N(&a->k, i);
    static const char jiha[] = "جهة";
    size_t jn = strlen(jiha);
    return n >= jn && !memcmp(w + n - jn, jiha, jn);
}

/* The agency's name just before token i, or before the place's first name
 * written with ب ("منسقية التعاون الوطني بالداخلة – وادي الذهب"): its
 * office there.  Not "المنسق الجهوي للتعاون الوطني في جهة كلميم": the
 * territory the coordinator is in charge of, which his figures are about. */
static int seat_before(const article *a, size_t i)
{
    size_t ts;
    for (size_t b = i; b > 0 && i - b <= 2; b--) {
        if (lex_find_before(a->L, &a->t, &a->k, b, &a->L->geo_seats, 1, &ts)) return 1;
        if (!(a->k.t[b - 1].kind == TK_PUNCT || (TOK_N(&a->k, b - 1) > 2 && !memcmp(TOK_P(&a->t, &a->k, b - 1), "ب", 2)))) break;
    }
    return 0;
}

void prop_find_territories(article *a)
{
    const catalog *cat = a->c->cat;
    strbuf sb;
    sb_init(&sb);
    a->national = xcalloc(a->k.n + 1, 1);
    for (size_t i = 0; i < a->k.n; i++) {
        if (a->k.t[i].kind != TK_WORD) continue;
        size_t sn;
        if (lex_find_at(a->L, &a->t, &a->k, i, &a->L->geo_national, 1, NULL)) a->national[i] = 1;
        if (lex_find_at(a->L, &a->t, &a->k, i, &a->L->geo_stop, 1, &sn)) { i += sn - 1; continue; }
        size_t type_n = 0;   /* a type word first: جهة, إقليم... */
        lex_find_at(a->L, &a->t, &a->k, i, &a->L->geo_types, 1, &type_n);
        size_t first = i + type_n;
        int found = -1;
        size_t end = 0, strip = 0;
        /* a province named by its chief town (territories.json towns) */
        size_t tm;
        const lex_phrase *town = first < a->k.n ? lex_find_at(a->L, &a->t, &a->k, first, &a->L->geo_towns, type_n ? 0 : 1, &tm) : NULL;
        if (town && catalog_geo(cat, town->key) >= 0) {
            found = catalog_geo(cat, town->key);
            end = first + tm;
            if (!type_n && TOK_N(&a->k, first) > strlen(town->w[0]))   /* a clitic on the name: ببنجرير */
                strip = TOK_N(&a->k, first) - strlen(town->w[0]);
        }
        for (size_t n = 5; n >= 1 && found < 0; n--) {
            if (first + n > a->k.n) continue;
            int ok = 1;   /* words, and dashes inside: "بني ملال-خنيفرة", "الدار البيضاء – سطات" */
            for (size_t q = first; q < first + n; q++)
                if ((a->k.t[q].kind != TK_WORD && !(q > first && q + 1 < first + n && dash(a, q))) ||
                    (q > first && a->k.t[q].nl_before))
                    ok = 0;
            if (!ok) continue;
            for (int pass = 0; pass < 2 && found < 0; pass++) {
                size_t s = a->k.t[first].s;
                /* pass 1: a clitic on the name itself (بأزيلال), the longest
                 * first (وبالدار البيضاء), then a shorter one (وبركان: و, not وب) */
                for (size_t cl = pass ? 4 : 0; found < 0; cl -= 2) {
                    size_t s1 = s;
                    if (pass == 1) {
                        if (type_n) break;
                        int has = 0;
                        for (size_t c = 0; c < a->L->n_clitics && !has; c++)
                            has = strlen(a->L->clitics[c]) == cl && TOK_N(&a->k, first) > cl + 4 &&
                                  memcmp(TOK_P(&a->t, &a->k, first), a->L->clitics[c], cl) == 0;
                        if (!has) { if (cl == 2) break; continue; }
                        s1 += cl;
                    }
                    sb_reset(&sb);
                    sb_put(&sb, a->t.text + s1, a->k.t[first + n - 1].e - s1);
                    int g = catalog_geo_by_name(cat, sb.data);
                    if (g < 0 && n <= 2) {
                        /* "مدينة طنجة" for طنجة-أصيلة; "جهة درعة" for درعة-تافيلالت */
                        char *f = arabic_fold(sb.data);
                        g = geo_by_first_part(cat, f, region_type(a, i, type_n) ? GEO_REGION : GEO_PROVINCE);
                        free(f);
                    }
                    if (g >= 0) { found = g; end = first + n; strip = s1 - a->k.t[first].s; }
                    if (pass == 0 || cl == 2) break;
                }
            }
        }
        if (found < 0 && !type_n) {   /* a type word run into the name: إقليمالقنيطرة, باقليمورزازات */
            const char *w = TOK_P(&a->t, &a->k, i);
            size_t wn = TOK_N(&a->k, i);
            for (size_t c = 0; c < a->L->n_clitics; c++) {
                size_t cn = strlen(a->L->clitics[c]);
                if (cn == 2 && wn > cn + 8 && !memcmp(w, a->L->clitics[c], cn) &&
                    lex_find_at(a->L, &a->t, &a->k, i, &a->L->geo_types, 0, NULL) == NULL) {
                    int typed_next = 0;
                    for (size_t q = 0; q < a->L->geo_types.n && !typed_next; q++) {
                        const lex_phrase *ty = &a->L->geo_types.p[q];
                        size_t tn = strlen(ty->w[0]);
                        typed_next = ty->n == 1 && wn > cn + tn + 4 && !memcmp(w + cn, ty->w[0], tn);
                    }
                    if (typed_next) { w += cn; wn -= cn; break; }
                }
            }
            for (size_t q = 0; q < a->L->geo_types.n && found < 0; q++) {
                const lex_phrase *ty = &a->L->geo_types.p[q];
                size_t tn = strlen(ty->w[0]);
                if (ty->n != 1 || wn <= tn + 4 || memcmp(w, ty->w[0], tn)) continue;
                sb_reset(&sb);
                sb_put(&sb, w + tn, wn - tn);
                int g = catalog_geo_by_name(cat, sb.data);
                if (g >= 0) { found = g; end = i + 1; type_n = 1; }
            }
        }
        if (found < 0) continue;
        size_t ts;
        geo_mention m = {i, end, found, 0, 0, type_n > 0,
                         i > 0 && lex_find_before(a->L, &a->t, &a->k, i, &a->L->geo_titles, 1, &ts) != NULL,
                         seat_before(a, i)};
        size_t from = a->k.t[i].s;
        if (type_n == 0) from += strip;
        else {   /* drop a clitic from the type word: باقليم -> اقليم */
            for (size_t c = 0; c < a->L->n_clitics; c++) {
                size_t cn = strlen(a->L->clitics[c]);
                if (cn == 2 && memcmp(TOK_P(&a->t, &a->k, i), a->L->clitics[c], cn) == 0 &&
                    !lex_find_at(a->L, &a->t, &a->k, i, &a->L->geo_types, 0, NULL)) { from += cn; break; }
            }
        }
        arnorm_orig_span(&a->t, from, a->k.t[end - 1].e, &m.os, &m.oe);
        GROW(a->geo, a->ngeo, a->geo_cap);
        a->geo[a->ngeo++] = m;
        i = end - 1;
    }
    /* "بإقليم بنجرير بالمملكة المغربية": the kingdom right after a name
     * says where the place is, not that the figure is national */
    size_t kept = 0;
    for (size_t g = 0; g < a->ngeo; g++) {
        if (a->geo[g].t1 < a->k.n) a->national[a->geo[g].t1] = 0;
        if (kept && a->geo[g].t0 == a->geo[kept - 1].t1 && cat->geo[a->geo[g].geo].level == GEO_NATIONAL) continue;
        a->geo[kept++] = a->geo[g];
    }
    a->ngeo = kept;
    sb_free(&sb);
}

/* A region named in an official's title ("والي جهة العيون الساقية
 * الحمراء") gives way to a province of it the article names elsewhere. */
static int untitled(const article *a, int gi)
{
    if (gi < 0 || !a->geo[gi].title) return gi;
    const catalog *cat = a->c->cat;
    for (size_t i = 0; i < a->ngeo; i++) {
        const territory *te = &cat->geo[a->geo[i].geo];
        if (!a->geo[i].title && te->level == GEO_PROVINCE && te->parent == a->geo[gi].geo) return (int)i;
    }
    return gi;
}

/* The agency's office in a place ("منسقية التعاون الوطني بالداخلة") says
 * who gave the figures, not where they are: it counts only in an article
 * that names no other territory. */
static int office_only(const article *a, size_t i)
{
    if (!a->geo[i].seat) return 0;
    for (size_t g = 0; g < a->ngeo; g++)
        if (!a->geo[g].seat) return 1;
    return 0;
}

int prop_find_geo(article *a, size_t t0, size_t t1, const char **rule, double *conf)
{
    /* "17 مؤسسة للرعاية الاجتماعية في إقليم كلميم": a typed name just after, in the clause */
    for (size_t i = 0; i < a->ngeo; i++) {
        const geo_mention *g = &a->geo[i];
        if (office_only(a, i)) continue;
        /* or a name without its type close after: "استفاد 300 شخص ببني ملال" */
        if ((g->typed ? g->t0 <= t1 + 10 : g->t0 <= t1 + 3) && g->t0 >= t1 && a->clause[g->t0] == a->clause[t0]) {
            int between = 0;
            /* a year between is the figure's period, not another figure ("من عملية رمضان 1445 بإقليم شيشاوة") */
            for (size_t q = t1; q < g->t0; q++) if (is_num(a, q) && !a->used[q]) between = 1;
            if (!between || (g->t0 > 0 && tok_is(a, g->t0 - 1, "في"))) {
                *rule = "geo-after-clause";
                *conf = 0.8;
                return (int)i;
            }
        }
    }
    /* "على المستوى الوطني" in the clause, or in the sentence when no
     * territory is named there with its type */
    int nat_clause = 0, nat_sent = 0;
    for (size_t i = 0; i < a->k.n; i++)
        if (a->national[i] && a->sent[i] == a->sent[t0]) {
            nat_sent = 1;
            if (a->clause[i] == a->clause[t0]) nat_clause = 1;
        }
    if (nat_clause) { *rule = "geo-national-cue"; *conf = 0.8; return -1; }
    /* "وعلى المستوى الجهوي": the region of the province named before */
    a->regional = -1;
    size_t rm;
    for (size_t i = t0; i-- > 0 && a->clause[i] == a->clause[t0];)
        if (lex_find_at(a->L, &a->t, &a->k, i, &a->L->geo_regional, 1, &rm)) {
            for (size_t g = a->ngeo; g-- > 0 && a->regional < 0;) {
                const territory *te = &a->c->cat->geo[a->geo[g].geo];
                if (a->geo[g].t0 < t0 && te->level == GEO_PROVINCE && te->parent >= 0) a->regional = te->parent;
            }
            if (a->regional >= 0) { *rule = "geo-regional-cue"; *conf = 0.75; return -2; }
            break;
        }
    const geo_mention *best = NULL, *typed = NULL;
    for (size_t i = 0; i < a->ngeo && a->geo[i].t0 < t0; i++) {
        if (office_only(a, i)) continue;
        best = &a->geo[i];
        if (best->typed) typed = best;
    }
    if (best && a->sent[best->t0] == a->sent[t0] && best->typed) {
        *rule = "geo-sentence"; *conf = 0.9; return untitled(a, (int)(best - a->geo));
    }
    if (nat_sent) { *rule = "geo-national-cue"; *conf = 0.7; return -1; }
    if (best && a->sent[best->t0] == a->sent[t0]) {
        *rule = "geo-sentence"; *conf = 0.75; return untitled(a, (int)(best - a->geo));
    }
    if (typed) { *rule = "geo-before"; *conf = 0.75; return untitled(a, (int)(typed - a->geo)); }
    if (best) { *rule = "geo-before"; *conf = 0.6; return untitled(a, (int)(best - a->geo)); }
    for (size_t i = 0; i < a->ngeo; i++)
        if (!office_only(a, i)) { *rule = "geo-after"; *conf = 0.5; return (int)i; }
    *rule = "geo-national-default";
    *conf = 0.4;
    return -1;
}

