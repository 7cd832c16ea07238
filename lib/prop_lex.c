#include "prop_lex.h"
#include "catalog.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *file;
    int bad;
    int (*code_ok)(void *, const char *, const char *);
    void *ctx;
} loader;

static void bad(loader *ld, const char *field, const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", ld->file, field, what);
    ld->bad = 1;
}

static void add_phrase(loader *ld, const prop_lex *L, lex_list *l, const char *text, const char *key, const char *key2)
{
    if (!*text) { bad(ld, key, "empty phrase (expected Arabic words)"); return; }
    char *norm = arnorm_string(&L->norm, text);
    lex_phrase ph = {0};
    for (char *p = norm; *p;) {
        char *q = strchr(p, ' ');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n) {
            ph.w = xrealloc(ph.w, (ph.n + 1) * sizeof *ph.w);
            ph.wl = xrealloc(ph.wl, (ph.n + 1) * sizeof *ph.wl);
            ph.wl[ph.n] = n;
            ph.w[ph.n++] = xstrndup(p, n);
        }
        p += n + (q ? 1 : 0);
    }
    free(norm);
    if (!ph.n) { bad(ld, key, "phrase with no word"); return; }
    ph.key = xstrdup(key);
    ph.key2 = key2 ? xstrdup(key2) : NULL;
    ph.num = strtod(key, NULL);
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->p = xrealloc(l->p, l->cap * sizeof *l->p);
    }
    l->p[l->n++] = ph;
}

static void add_array(loader *ld, const prop_lex *L, lex_list *l, const cJSON *arr, const char *field,
                      const char *key, const char *key2)
{
    if (!cJSON_IsArray(arr)) { bad(ld, field, "missing or not a list (expected a list of phrases)"); return; }
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        if (!cJSON_IsString(e)) { bad(ld, field, "not a string (expected a phrase)"); continue; }
        add_phrase(ld, L, l, e->valuestring, key, key2);
    }
}

/* {"code": ["phrase", ...], ...}; kind: which catalogue the codes are from
 * ("indicator", "programme", "item", or NULL: any key). */
static void add_groups(loader *ld, const prop_lex *L, lex_list *l, const cJSON *obj, const char *field,
                       const char *kind)
{
    if (!cJSON_IsObject(obj)) { bad(ld, field, "missing or not an object (expected {\"key\": [phrases]})"); return; }
    const cJSON *g;
    strbuf unknown;
    sb_init(&unknown);
    cJSON_ArrayForEach(g, obj) {
        /* a lexicon may run ahead of the catalogue: an entry naming a code
         * the catalogue lacks is left out (proposals stay valid), and said */
        if (kind && ld->code_ok && !ld->code_ok(ld->ctx, kind, g->string)) {
            sb_printf(&unknown, "%s%.100s", unknown.len ? ", " : "", g->string);
            continue;
        }
        add_array(ld, L, l, g, field, g->string, NULL);
    }
    if (unknown.len)
        fprintf(stderr, "%s: %s: warning: left out, not in the %s catalogue: %s\n", ld->file, field, kind, unknown.data);
    sb_free(&unknown);
}

/* {"code": value, ...}, optional (absent: empty); values are numbers
 * (num) or strings (val, a code of kind_val); keys are codes of kind. */
static void add_pairs(loader *ld, lex_pairs *ps, const cJSON *obj, const char *field, const char *kind,
                      const char *kind_val)
{
    if (!obj) return;
    if (!cJSON_IsObject(obj)) { bad(ld, field, "not an object (expected {\"code\": value})"); return; }
    const cJSON *g;
    cJSON_ArrayForEach(g, obj) {
        int num = cJSON_IsNumber(g);
        if (!num && !cJSON_IsString(g)) { bad(ld, field, "not a number or a code"); continue; }
        if (ld->code_ok && (!ld->code_ok(ld->ctx, kind, g->string) || (!num && !ld->code_ok(ld->ctx, kind_val, g->valuestring)))) {
            fprintf(stderr, "%s: %s: warning: left out, not in the catalogue: %.100s\n", ld->file, field, g->string);
            continue;
        }
        ps->p = xrealloc(ps->p, (ps->n + 1) * sizeof *ps->p);
        ps->p[ps->n++] = (lex_pair){xstrdup(g->string), num ? NULL : xstrdup(g->valuestring), num ? g->valuedouble : 0};
    }
}

const lex_pair *lex_pair_find(const lex_pairs *ps, const char *key)
{
    for (size_t i = 0; key && i < ps->n; i++)
        if (!strcmp(ps->p[i].key, key)) return &ps->p[i];
    return NULL;
}

static void pairs_free(lex_pairs *ps)
{
    for (size_t i = 0; i < ps->n; i++) free(ps->p[i].key), free(ps->p[i].val);
    free(ps->p);
    memset(ps, 0, sizeof *ps);
}

static cJSON *read_json(loader *ld, const char *dir, const char *name, const char *format)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/propose/%s", dir, name);
    ld->file = path;
    size_t len;
    char *text = read_file(path, &len);
    if (!text) { bad(ld, "file", "cannot read (expected a lexicon of taawun-propose)"); return NULL; }
    cJSON *j = cJSON_ParseWithLength(text, len);
    free(text);
    if (!j) { bad(ld, "file", "not valid JSON"); return NULL; }
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(j, "format");
    if (!cJSON_IsString(f) || strcmp(f->valuestring, format)) {
        bad(ld, "format", format);
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

#define ITEM(j, k) cJSON_GetObjectItemCaseSensitive(j, k)

static void load_normalise(loader *ld, prop_lex *L, const cJSON *j)
{
    const cJSON *folds = ITEM(j, "folds"), *joined = ITEM(j, "joined"), *cl = ITEM(j, "clitics"), *g, *e;
    if (!cJSON_IsObject(folds) || !cJSON_IsObject(joined) || !cJSON_IsArray(cl)) {
        bad(ld, "folds/joined/clitics", "missing (expected objects and a list)");
        return;
    }
    cJSON_ArrayForEach(g, folds) cJSON_ArrayForEach(e, g) {
        if (!cJSON_IsString(e)) continue;
        L->norm.from = xrealloc(L->norm.from, (L->norm.n + 1) * sizeof(char *));
        L->norm.to = xrealloc(L->norm.to, (L->norm.n + 1) * sizeof(char *));
        L->norm.from[L->norm.n] = xstrdup(e->valuestring);
        L->norm.to[L->norm.n++] = xstrdup(g->string);
    }
    /* the joined words are matched in normalised text: normalise them with
     * the folds alone */
    cJSON_ArrayForEach(g, joined) cJSON_ArrayForEach(e, g) {
        if (!cJSON_IsString(e)) continue;
        char *jw = arnorm_string(&L->norm, e->valuestring), *sp = arnorm_string(&L->norm, g->string);
        L->norm.joined = xrealloc(L->norm.joined, (L->norm.n_joined + 1) * sizeof(char *));
        L->norm.split = xrealloc(L->norm.split, (L->norm.n_joined + 1) * sizeof(char *));
        L->norm.joined[L->norm.n_joined] = jw;
        L->norm.split[L->norm.n_joined++] = sp;
    }
    cJSON_ArrayForEach(e, cl) if (cJSON_IsString(e)) {
        L->clitics = xrealloc(L->clitics, (L->n_clitics + 1) * sizeof(char *));
        L->clitics[L->n_clitics++] = arnorm_string(&L->norm, e->valuestring);
    }
}

static const char *const msg_keys[MSG_COUNT] = {
    "year", "season", "anniversary", "section", "no_indicator", "percent_unknown",
    "duplicate", "rounded", "vague", "no_period", "no_arabic", "no_figures", "anniversary_note",
    "publication_note", "relative_note", "date_note",
};

int prop_lex_load(prop_lex *L, const char *dir, int (*code_ok)(void *, const char *, const char *), void *ctx)
{
    memset(L, 0, sizeof *L);
    loader ld = {NULL, 0, code_ok, ctx};
    cJSON *j;

    if ((j = read_json(&ld, dir, "normalise.json", "taawun-propose-normalise/1"))) {
        load_normalise(&ld, L, j);
        cJSON_Delete(j);
    }
    if ((j = read_json(&ld, dir, "numbers.json", "taawun-propose-numbers/1"))) {
        add_groups(&ld, L, &L->units, ITEM(j, "units"), "units", NULL);
        add_groups(&ld, L, &L->teens, ITEM(j, "teens"), "teens", NULL);
        add_groups(&ld, L, &L->tens, ITEM(j, "tens"), "tens", NULL);
        add_groups(&ld, L, &L->hundreds, ITEM(j, "hundreds"), "hundreds", NULL);
        add_groups(&ld, L, &L->scales, ITEM(j, "scales"), "scales", NULL);
        add_groups(&ld, L, &L->plural_scales, ITEM(j, "plural_scales"), "plural_scales", NULL);
        add_groups(&ld, L, &L->duals, ITEM(j, "duals"), "duals", NULL);
        add_groups(&ld, L, &L->percent, ITEM(j, "percent"), "percent", NULL);
        add_groups(&ld, L, &L->connector, ITEM(j, "connector"), "connector", NULL);
        add_groups(&ld, L, &L->fractions, ITEM(j, "fractions"), "fractions", NULL);
        cJSON_Delete(j);
    }
    if ((j = read_json(&ld, dir, "qualifiers.json", "taawun-propose-qualifiers/1"))) {
        static const char *const q[] = {"approx", "at_least", "at_most"};
        for (int k = 0; k < 3; k++) add_array(&ld, L, &L->qualifiers, ITEM(j, q[k]), q[k], q[k], NULL);
        cJSON_Delete(j);
    }
    if ((j = read_json(&ld, dir, "indicators.json", "taawun-propose-indicators/1"))) {
        add_groups(&ld, L, &L->nouns, ITEM(j, "nouns"), "nouns", "indicator");
        const cJSON *items = ITEM(j, "items"), *g;
        if (!cJSON_IsObject(items)) bad(&ld, "items", "missing (expected {\"item\": [nouns]})");
        else cJSON_ArrayForEach(g, items) add_array(&ld, L, &L->nouns, g, "items", "items", g->string);
        add_groups(&ld, L, &L->dual_nouns, ITEM(j, "duals"), "duals", "indicator");
        add_groups(&ld, L, &L->noun_prog, ITEM(j, "noun_programmes"), "noun_programmes", "programme");
        add_groups(&ld, L, &L->labels, ITEM(j, "labels"), "labels", "indicator");
        add_groups(&ld, L, &L->percent_ind, ITEM(j, "percent"), "percent", "indicator");
        add_array(&ld, L, &L->skip_after, ITEM(j, "skip"), "skip", "skip", NULL);
        add_groups(&ld, L, &L->areas, ITEM(j, "areas"), "areas", NULL);
        add_array(&ld, L, &L->parts, ITEM(j, "parts"), "parts", "part", NULL);
        if (ITEM(j, "others")) add_array(&ld, L, &L->others, ITEM(j, "others"), "others", "other", NULL);
        add_array(&ld, L, &L->copulas, ITEM(j, "copulas"), "copulas", "copula", NULL);
        if (ITEM(j, "singulars")) add_groups(&ld, L, &L->singulars, ITEM(j, "singulars"), "singulars", "indicator");
        if (ITEM(j, "list_openers")) add_array(&ld, L, &L->list_openers, ITEM(j, "list_openers"), "list_openers", "opener", NULL);
        if (ITEM(j, "unit_factors")) add_groups(&ld, L, &L->unit_factors, ITEM(j, "unit_factors"), "unit_factors", NULL);
        if (ITEM(j, "adjective_stops")) add_array(&ld, L, &L->adjective_stops, ITEM(j, "adjective_stops"), "adjective_stops", "stop", NULL);
        if (ITEM(j, "distributed")) add_array(&ld, L, &L->distributed, ITEM(j, "distributed"), "distributed", "distributed", NULL);
        if (ITEM(j, "changes")) add_groups(&ld, L, &L->changes, ITEM(j, "changes"), "changes", "indicator");
        if (ITEM(j, "change_by")) add_array(&ld, L, &L->change_by, ITEM(j, "change_by"), "change_by", "by", NULL);
        if (ITEM(j, "households")) add_groups(&ld, L, &L->households, ITEM(j, "households"), "households", "programme");
        if (ITEM(j, "noun_programmes_weak")) add_groups(&ld, L, &L->noun_prog_weak, ITEM(j, "noun_programmes_weak"), "noun_programmes_weak", "programme");
        if (ITEM(j, "additions")) add_groups(&ld, L, &L->additions, ITEM(j, "additions"), "additions", "indicator");
        add_pairs(&ld, &L->additions_of, ITEM(j, "additions_of"), "additions_of", "indicator", "indicator");
        if (ITEM(j, "respectively")) add_array(&ld, L, &L->respectively, ITEM(j, "respectively"), "respectively", "respectively", NULL);
        if (ITEM(j, "reach")) add_array(&ld, L, &L->reach, ITEM(j, "reach"), "reach", "reach", NULL);
        add_groups(&ld, L, &L->places, ITEM(j, "places"), "places", "indicator");
        const cJSON *po = ITEM(j, "places_of");
        if (!cJSON_IsString(po)) bad(&ld, "places_of", "missing (expected an indicator code)");
        else L->places_of = xstrdup(po->valuestring);
        cJSON_Delete(j);
    }
    if ((j = read_json(&ld, dir, "programmes.json", "taawun-propose-programmes/1"))) {
        add_groups(&ld, L, &L->triggers, ITEM(j, "triggers"), "triggers", "programme");
        add_groups(&ld, L, &L->totals, ITEM(j, "totals"), "totals", "programme");
        add_array(&ld, L, &L->frames, ITEM(j, "frames"), "frames", "frame", NULL);
        add_pairs(&ld, &L->within, ITEM(j, "within"), "within", "programme", "programme");
        if (ITEM(j, "for")) add_array(&ld, L, &L->beneficiary_of, ITEM(j, "for"), "for", "for", NULL);
        cJSON_Delete(j);
    }
    if ((j = read_json(&ld, dir, "periods.json", "taawun-propose-periods/1"))) {
        const cJSON *f = ITEM(j, "founded");
        if (!cJSON_IsString(f) ||
            sscanf(f->valuestring, "%4d-%2d-%2d", &L->founded_y, &L->founded_m, &L->founded_d) != 3)
            bad(&ld, "founded", "missing or not a date (expected YYYY-MM-DD)");
        add_array(&ld, L, &L->season_words, ITEM(j, "season"), "season", "season", NULL);
        add_array(&ld, L, &L->year_words, ITEM(j, "year"), "year", "year", NULL);
        add_array(&ld, L, &L->doc_year_words, ITEM(j, "document_year"), "document_year", "year", NULL);
        add_groups(&ld, L, &L->hijri_months, ITEM(j, "hijri"), "hijri", NULL);
        add_array(&ld, L, &L->anniversary_words, ITEM(j, "anniversary"), "anniversary", "anniversary", NULL);
        add_groups(&ld, L, &L->months, ITEM(j, "months"), "months", NULL);
        add_array(&ld, L, &L->durations, ITEM(j, "durations"), "durations", "duration", NULL);
        add_groups(&ld, L, &L->relative, ITEM(j, "relative"), "relative", NULL);
        add_array(&ld, L, &L->compare, ITEM(j, "compare"), "compare", "compare", NULL);
        if (ITEM(j, "of_that")) add_array(&ld, L, &L->of_that, ITEM(j, "of_that"), "of_that", "of_that", NULL);
        add_array(&ld, L, &L->current, ITEM(j, "current"), "current", "current", NULL);
        add_array(&ld, L, &L->since, ITEM(j, "since"), "since", "since", NULL);
        add_groups(&ld, L, &L->ordinal_units, ITEM(j, "ordinal_units"), "ordinal_units", NULL);
        add_groups(&ld, L, &L->ordinal_tens, ITEM(j, "ordinal_tens"), "ordinal_tens", NULL);
        add_array(&ld, L, &L->first_day, ITEM(j, "first_day"), "first_day", "first_day", NULL);
        cJSON_Delete(j);
    }
    if ((j = read_json(&ld, dir, "distractors.json", "taawun-propose-distractors/1"))) {
        add_groups(&ld, L, &L->reject_before, ITEM(j, "before"), "before", NULL);
        add_groups(&ld, L, &L->reject_after, ITEM(j, "after"), "after", NULL);
        if (ITEM(j, "after_noun")) add_groups(&ld, L, &L->aside_after_noun, ITEM(j, "after_noun"), "after_noun", NULL);
        if (ITEM(j, "range")) add_groups(&ld, L, &L->aside_range, ITEM(j, "range"), "range", NULL);
        if (ITEM(j, "year_after")) add_groups(&ld, L, &L->aside_year_after, ITEM(j, "year_after"), "year_after", NULL);
        if (ITEM(j, "several_territories"))
            add_groups(&ld, L, &L->aside_several, ITEM(j, "several_territories"), "several_territories", NULL);
        cJSON_Delete(j);
    }
    if ((j = read_json(&ld, dir, "territories.json", "taawun-propose-territories/1"))) {
        add_array(&ld, L, &L->geo_types, ITEM(j, "types"), "types", "type", NULL);
        add_array(&ld, L, &L->geo_stop, ITEM(j, "stop"), "stop", "stop", NULL);
        add_array(&ld, L, &L->geo_national, ITEM(j, "national"), "national", "MA", NULL);
        if (ITEM(j, "titles")) add_array(&ld, L, &L->geo_titles, ITEM(j, "titles"), "titles", "title", NULL);
        if (ITEM(j, "regional")) add_array(&ld, L, &L->geo_regional, ITEM(j, "regional"), "regional", "region", NULL);
        if (ITEM(j, "seats")) add_array(&ld, L, &L->geo_seats, ITEM(j, "seats"), "seats", "seat", NULL);
        if (ITEM(j, "towns")) add_groups(&ld, L, &L->geo_towns, ITEM(j, "towns"), "towns", "territory");
        add_pairs(&ld, &L->national_scale, ITEM(j, "national_scale"), "national_scale", "indicator", NULL);
        cJSON_Delete(j);
    }
    if ((j = read_json(&ld, dir, "messages.json", "taawun-propose-messages/1"))) {
        for (int k = 0; k < MSG_COUNT; k++) {
            const cJSON *m = ITEM(j, msg_keys[k]);
            if (!cJSON_IsString(m)) bad(&ld, msg_keys[k], "missing (expected the text of a message)");
            else L->msg[k] = xstrdup(m->valuestring);
        }
        cJSON_Delete(j);
    }
    if (ld.bad) {
        prop_lex_free(L);
        return -1;
    }
    return 0;
}

static void list_free(lex_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        for (size_t k = 0; k < l->p[i].n; k++) free(l->p[i].w[k]);
        free(l->p[i].wl);
        free(l->p[i].w);
        free(l->p[i].key);
        free(l->p[i].key2);
    }
    free(l->p);
    memset(l, 0, sizeof *l);
}

void prop_lex_free(prop_lex *L)
{
    lex_list *lists[] = {&L->units, &L->teens, &L->tens, &L->hundreds, &L->scales, &L->plural_scales, &L->duals, &L->percent,
                         &L->connector, &L->fractions, &L->qualifiers, &L->nouns, &L->dual_nouns, &L->noun_prog, &L->labels, &L->percent_ind,
                         &L->skip_after, &L->areas, &L->parts, &L->others, &L->copulas, &L->singulars, &L->list_openers, &L->households, &L->noun_prog_weak, &L->additions, &L->respectively, &L->reach, &L->unit_factors, &L->distributed, &L->adjective_stops, &L->changes, &L->change_by, &L->places, &L->triggers, &L->totals, &L->frames, &L->beneficiary_of, &L->season_words, &L->year_words, &L->doc_year_words, &L->hijri_months,
                         &L->anniversary_words, &L->months, &L->durations, &L->relative, &L->compare, &L->current, &L->first_day, &L->since, &L->ordinal_units, &L->ordinal_tens, &L->reject_before, &L->reject_after,
                         &L->aside_after_noun, &L->aside_range, &L->aside_year_after, &L->aside_several,
                         &L->geo_types, &L->geo_stop, &L->geo_national, &L->geo_regional, &L->geo_titles, &L->geo_seats, &L->geo_towns, &L->of_that};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) list_free(lists[i]);
    for (size_t i = 0; i < L->n_clitics; i++) free(L->clitics[i]);
    free(L->clitics);
    for (int k = 0; k < MSG_COUNT; k++) free(L->msg[k]);
    free(L->places_of);
    pairs_free(&L->within);
    pairs_free(&L->additions_of);
    pairs_free(&L->national_scale);
    arnorm_rules_free(&L->norm);
    memset(L, 0, sizeof *L);
}

int lex_word_eq(const prop_lex *L, const char *w, size_t wn, const char *x, int allow_clitic)
{
    return lex_word_eqn(L, w, wn, x, strlen(x), allow_clitic);
}

int lex_word_eqn(const prop_lex *L, const char *w, size_t wn, const char *x, size_t xn, int allow_clitic)
{
    /* every way of matching keeps x's last letter last: a quick no */
    if (wn < xn - (xn > 4 ? 2 : 0) || !xn || !wn || w[wn - 1] != x[xn - 1]) return 0;
    if (wn == xn && memcmp(w, x, xn) == 0) return 1;
    if (!allow_clitic) return 0;
    static const char al[] = "ال", lil[] = "لل";
    for (size_t c = 0; c < L->n_clitics; c++) {
        const char *cl = L->clitics[c];
        size_t cn = strlen(cl);
        if (wn > cn && memcmp(w, cl, cn) == 0) {
            if (wn - cn == xn && memcmp(w + cn, x, xn) == 0) return 1;
        }
    }
    /* للتربية / وللتربية: ل(ل) + word without its alef */
    if (xn > 4 && memcmp(x, al, 4) == 0) {
        if (wn == xn && memcmp(w, lil, 4) == 0 && memcmp(w + 4, x + 4, xn - 4) == 0) return 1;
        if (wn == xn + 2 && (memcmp(w, "و", 2) == 0 || memcmp(w, "ف", 2) == 0) && memcmp(w + 2, lil, 4) == 0 &&
            memcmp(w + 6, x + 4, xn - 4) == 0)
            return 1;
    }
    return 0;
}

size_t lex_match_at(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i, const lex_phrase *p,
                    int clitic)
{
    if (i + p->n > k->n) return 0;
    for (size_t w = 0; w < p->n; w++) {
        if (w && k->t[i + w].nl_before) return 0;   /* a phrase does not run over a line break */
        if (!lex_word_eqn(L, TOK_P(t, k, i + w), TOK_N(k, i + w), p->w[w], p->wl[w], clitic && w == 0))
            return 0;
    }
    return p->n;
}

const lex_phrase *lex_find_at(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i,
                              const lex_list *l, int clitic, size_t *n)
{
    const lex_phrase *best = NULL;
    size_t bn = 0;
    for (size_t j = 0; j < l->n; j++) {
        size_t m = lex_match_at(L, t, k, i, &l->p[j], clitic);
        if (m > bn) { bn = m; best = &l->p[j]; }
    }
    if (n) *n = bn;
    return best;
}

const lex_phrase *lex_find_before(const prop_lex *L, const arnorm_text *t, const artoks *k, size_t i,
                                  const lex_list *l, int clitic, size_t *start)
{
    const lex_phrase *best = NULL;
    size_t bn = 0;
    for (size_t j = 0; j < l->n; j++) {
        size_t n = l->p[j].n;
        if (n > i || n <= bn) continue;
        if (lex_match_at(L, t, k, i - n, &l->p[j], clitic) == n) { bn = n; best = &l->p[j]; }
    }
    if (start) *start = i - bn;
    return best;
}

int prop_lex_catalog_code_ok(void *catalog_ctx, const char *kind, const char *code)
{
    const catalog *c = catalog_ctx;
    if (!strcmp(kind, "indicator"))
        return catalog_indicator(c, code) >= 0;
    if (!strcmp(kind, "programme"))
        return catalog_programme(c, code) >= 0;
    if (!strcmp(kind, "territory"))
        return catalog_geo(c, code) >= 0;
    return 1;
}
