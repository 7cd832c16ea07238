#include "arnorm.h"
#include "util.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    strbuf sb;
    size_t *os, *oe;
    size_t cap;
} emitter;

static void emit(emitter *em, const char *p, size_t n, size_t os, size_t oe)
{
    sb_put(&em->sb, p, n);
    if (em->sb.len > em->cap) {
        size_t nc = em->cap ? em->cap : 256;
        while (nc < em->sb.len) nc *= 2;
        em->os = xrealloc(em->os, nc * sizeof *em->os);
        em->oe = xrealloc(em->oe, nc * sizeof *em->oe);
        em->cap = nc;
    }
    for (size_t k = em->sb.len - n; k < em->sb.len; k++) {
        em->os[k] = os;
        em->oe[k] = oe;
    }
}

static char last_byte(const emitter *em)
{
    return em->sb.len ? em->sb.data[em->sb.len - 1] : '\n';
}

static int fold_of(const arnorm_rules *r, const char *p, size_t n)
{
    if (!r) return -1;
    for (size_t k = 0; k < r->n; k++)
        if (strlen(r->from[k]) == n && memcmp(r->from[k], p, n) == 0)
            return (int)k;
    return -1;
}

/* One character after decomposition: digit, data fold, or itself. */
static void emit_char(emitter *em, const arnorm_rules *r, gunichar c, size_t os, size_t oe)
{
    char buf[8];
    int v = g_unichar_digit_value(c);
    if (v >= 0) {
        buf[0] = (char)('0' + v);
        emit(em, buf, 1, os, oe);
        return;
    }
    GUnicodeType ty = g_unichar_type(c);
    if (ty == G_UNICODE_NON_SPACING_MARK || ty == G_UNICODE_ENCLOSING_MARK || ty == G_UNICODE_FORMAT)
        return;
    if (c == 0x0640)   /* tatweel: a stretch of the line, not a letter */
        return;
    int n = g_unichar_to_utf8(c, buf);
    int f = fold_of(r, buf, (size_t)n);
    if (f >= 0)
        emit(em, r->to[f], strlen(r->to[f]), os, oe);
    else
        emit(em, buf, (size_t)n, os, oe);
}

static void split_joined(const arnorm_rules *r, arnorm_text *t, emitter *em)
{
    /* words run together ("مامجموعه") get the space the data gives */
    size_t i = 0;
    while (i < t->len) {
        size_t j = i;
        while (j < t->len && (unsigned char)t->text[j] >= 0x80) j++;
        int hit = -1;
        if (j > i && r)
            for (size_t k = 0; k < r->n_joined; k++)
                if (strlen(r->joined[k]) == j - i && memcmp(r->joined[k], t->text + i, j - i) == 0) {
                    hit = (int)k;
                    break;
                }
        if (hit < 0) {
            size_t e = j > i ? j : i + 1;
            for (size_t b = i; b < e; b++) emit(em, t->text + b, 1, t->ostart[b], t->oend[b]);
            i = e;
            continue;
        }
        const char *sp = r->split[hit];
        size_t b = i;
        for (const char *q = sp; *q; q++) {
            if (*q == ' ') {
                emit(em, " ", 1, t->ostart[b], t->ostart[b]);
            } else {
                emit(em, q, 1, t->ostart[b], t->oend[b]);
                if (b + 1 < j) b++;
            }
        }
        i = j;
    }
}

/* How many decimal digits (any script) start s, counting up to four. */
static int digits_after(const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    for (int k = 0; k < 4; k++) {
        if (p >= end) return k;
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) return k;
        if (g_unichar_digit_value(c) < 0) return k;
        p = g_utf8_next_char(p);
    }
    return 4;
}

void arnorm_run(const arnorm_rules *r, const char *orig, size_t len, arnorm_text *out)
{
    emitter em = {0};
    sb_init(&em.sb);
    size_t i = 0;
    while (i < len) {
        const char *p = orig + i;
        gunichar c = g_utf8_get_char(p);
        size_t n = (size_t)(g_utf8_next_char(p) - p);
        size_t os = i, oe = i + n;
        i = oe;
        if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) {
            if (last_byte(&em) == ' ') em.sb.data[--em.sb.len] = 0;
            if (last_byte(&em) != '\n' || em.sb.len == 0) {
                if (em.sb.len) emit(&em, "\n", 1, os, oe);
            }
            continue;
        }
        if (g_unichar_isspace(c) || c == 0x00A0) {
            char lb = last_byte(&em);
            if (em.sb.len && lb != ' ' && lb != '\n') emit(&em, " ", 1, os, oe);
            continue;
        }
        if (c == 0x060C && em.sb.len && last_byte(&em) >= '0' && last_byte(&em) <= '9' && digits_after(orig + i, len - i) >= 1 &&
            digits_after(orig + i, len - i) <= 3) {
            /* "31،034": the Arabic comma between thousands; "61،19 مليون": a
             * decimal comma (the number reader tells them apart, as for ",") */
            emit(&em, ",", 1, os, oe);
            continue;
        }
        char u8[8];
        int f = fold_of(r, u8, (size_t)g_unichar_to_utf8(c, u8));
        if (f >= 0) {
            emit(&em, r->to[f], strlen(r->to[f]), os, oe);
            continue;
        }
        gunichar d[8];
        gsize nd = g_unichar_fully_decompose(c, TRUE, d, 8);
        if (nd == 0) { d[0] = c; nd = 1; }
        for (gsize k = 0; k < nd && k < 8; k++) emit_char(&em, r, d[k], os, oe);
    }
    while (em.sb.len && (last_byte(&em) == ' ' || last_byte(&em) == '\n')) em.sb.data[--em.sb.len] = 0;

    arnorm_text first = {em.sb.data ? em.sb.data : xstrdup(""), em.sb.len, em.os, em.oe, orig, len, 0, 0};
    emitter em2 = {0};
    sb_init(&em2.sb);
    split_joined(r, &first, &em2);
    free(first.text);
    free(first.ostart);
    free(first.oend);
    out->text = em2.sb.data ? em2.sb.data : xstrdup("");
    out->len = em2.sb.len;
    out->ostart = em2.os;
    out->oend = em2.oe;
    out->orig = orig;
    out->orig_len = len;
    out->ci_off = out->ci_idx = 0;
}

void arnorm_free(arnorm_text *t)
{
    free(t->text);
    free(t->ostart);
    free(t->oend);
    memset(t, 0, sizeof *t);
}

char *arnorm_string(const arnorm_rules *r, const char *s)
{
    arnorm_text t;
    arnorm_run(r, s, strlen(s), &t);
    char *res = t.text;
    free(t.ostart);
    free(t.oend);
    return res;
}

void arnorm_rules_free(arnorm_rules *r)
{
    for (size_t k = 0; k < r->n; k++) { free(r->from[k]); free(r->to[k]); }
    for (size_t k = 0; k < r->n_joined; k++) { free(r->joined[k]); free(r->split[k]); }
    free(r->from); free(r->to); free(r->joined); free(r->split);
    memset(r, 0, sizeof *r);
}

static void push(artoks *k, tok_kind kind, size_t s, size_t e, int nl)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 256;
        k->t = xrealloc(k->t, k->cap * sizeof *k->t);
    }
    k->t[k->n++] = (artok){kind, s, e, nl};
}

void arnorm_tokenise(const arnorm_text *t, artoks *out)
{
    const char *s = t->text;
    size_t i = 0;
    int nl = 1;
    memset(out, 0, sizeof *out);
    while (i < t->len) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ') { i++; continue; }
        if (ch == '\n') { nl = 1; i++; continue; }
        if (ch >= '0' && ch <= '9') {
            size_t j = i;
            while (j < t->len && ((s[j] >= '0' && s[j] <= '9') ||
                                  ((s[j] == '.' || s[j] == ',') && j + 1 < t->len && s[j + 1] >= '0' && s[j + 1] <= '9' && j > i)))
                j++;
            push(out, TK_NUM, i, j, nl);
            nl = 0;
            i = j;
            continue;
        }
        gunichar c = g_utf8_get_char(s + i);
        size_t n = (size_t)(g_utf8_next_char(s + i) - (s + i));
        if (g_unichar_isalpha(c)) {
            size_t j = i + n;
            while (j < t->len) {
                gunichar c2 = g_utf8_get_char(s + j);
                if (!g_unichar_isalpha(c2)) break;
                j = (size_t)(g_utf8_next_char(s + j) - s);
            }
            push(out, TK_WORD, i, j, nl);
            nl = 0;
            i = j;
            continue;
        } else {
            push(out, TK_PUNCT, i, i + n, nl);
        }
        nl = 0;
        i += n;
    }
}

void artoks_free(artoks *k)
{
    free(k->t);
    memset(k, 0, sizeof *k);
}

void arnorm_orig_span(const arnorm_text *t, size_t s, size_t e, size_t *os, size_t *oe)
{
    if (s >= t->len) { *os = *oe = t->orig_len; return; }
    *os = t->ostart[s];
    *oe = e > s ? t->oend[e - 1] : *os;
    if (*oe < *os) *oe = *os;
}

size_t arnorm_char_index(const char *orig, size_t off)
{
    return (size_t)g_utf8_pointer_to_offset(orig, orig + off);
}

size_t arnorm_char_at(arnorm_text *t, size_t off)
{
    if (off >= t->ci_off) t->ci_idx += (size_t)g_utf8_pointer_to_offset(t->orig + t->ci_off, t->orig + off);
    else t->ci_idx -= (size_t)g_utf8_pointer_to_offset(t->orig + off, t->orig + t->ci_off);
    t->ci_off = off;
    return t->ci_idx;
}
