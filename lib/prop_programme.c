/* taawun-propose: the programme of one figure: the triggers an article
 * names, which of them is the article's own, and the rules that pick the
 * trigger, total or noun that decides.  Words from programmes.json. */
#include "prop_article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The trigger phrases the article names, and its own programme. */
void prop_find_triggers(article *a)
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

const char *prop_find_programme(article *a, size_t t0, const figure *f, const char **rule, double *conf)
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
                /* in an article about one programme, a total is that programme's;
                 * a total of a noun that names its programme, that one's ("ما
                 * مجموعه 717 متشردا") */
                if (a->dominant) { *rule = "total-of-document-programme"; *conf = 0.6; return a->dominant; }
                size_t nm;
                const lex_phrase *own = f->noun1 ? lex_find_at(L, &a->t, &a->k, f->noun0, &L->noun_prog, 1, &nm) : NULL;
                if (own && strcmp(own->key, "all")) { *rule = "total-of-noun-programme"; *conf = 0.7; return own->key; }
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
void prop_listed_noun(article *a, const figure *f, int sent, const char **prog, const char **prule, double *pc)
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
