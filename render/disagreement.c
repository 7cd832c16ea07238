#include "disagreement.h"
#include "report_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int disagreement_flagged(const slice_cell *c)
{
    return (c->flags & SLICE_FLAGS_DISAGREE) != 0;
}

static const char *unit_of(const catalog *cat, const char *ind)
{
    int i = catalog_indicator(cat, ind);
    return i < 0 ? "count" : unit_name(cat->ind[i].unit);
}

/* What a term is a part of the cell as: "urbain", "femmes", a territory,
 * a programme, a month; a centre's name for a centre's fact. */
static const char *term_label(const slice_term *v, const catalog *cat, const template_set *t, const char *lang)
{
    int ar = !strcmp(lang, "ar");
    if (!strcmp(v->dim, "sex") || !strcmp(v->dim, "area"))
        return template_label(t, lang, v->code);
    if (!strcmp(v->dim, "geo")) {
        int g = catalog_geo(cat, v->code);
        return g < 0 ? v->code : ar ? cat->geo[g].name_ar : cat->geo[g].name_fr;
    }
    if (!strcmp(v->dim, "programme")) {
        int p = catalog_programme(cat, v->code);
        return p < 0 ? v->code : ar ? cat->prog[p].ar : cat->prog[p].fr;
    }
    return v->code;   /* a month ("2019-03"), a centre's name */
}

/* The values a sum added up: its terms, or for a sum of centres (which
 * has none) the centres' facts it lists (own slice only). */
static size_t n_added(const slice_derived *d)
{
    return d->n_terms ? d->n_terms : d->n_parts;
}

static slice_term added(const slice_derived *d, size_t k)
{
    if (d->n_terms)
        return d->terms[k];
    return (slice_term){.value = d->parts[k].value, .qualifier = "exact", .dim = "facility",
                        .code = d->parts[k].facility};
}

void disagreement_text(strbuf *out, const slice *s, const slice_cell *c, const catalog *cat, const template_set *t,
                       const char *lang, size_t max_terms)
{
    if (!disagreement_flagged(c))
        return;
    const char *unit = unit_of(cat, c->indicator);
    char val[96];
    size_t start = out->len;
    const char *sep = template_label(t, lang, "disagreement_separator");
    /* the reported values: the one shown, and where sources conflict
     * every other one (once each) */
    int conflict = (c->flags & SLICE_FLAG_CONFLICT) != 0;
    for (size_t i = 0; i < c->n_reported && (i == 0 || conflict); i++) {
        const slice_reported *r = &c->reported[i];
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = c->reported[j].value == r->value && !strcmp(c->reported[j].qualifier, r->qualifier);
        if (seen)
            continue;
        figure_text(val, sizeof val, r->value, r->qualifier, unit, lang);
        sb_printf(out, "%s%s %s", out->len > start ? sep : "", val, template_label(t, lang, "disagreement_reported"));
        if (conflict)   /* which source says which */
            sb_printf(out, " (%s)", slice_source_title(s, r->source));
    }
    /* each sum that disagrees, with what it added up */
    for (size_t i = 0; i < c->n_derived; i++) {
        const slice_derived *d = &c->derived[i];
        if (!d->disagrees)
            continue;
        if (out->len > start)
            sb_puts(out, sep);
        figure_text(val, sizeof val, d->value, d->qualifier, unit, lang);
        size_t n_terms = n_added(d);
        if (!n_terms) {
            /* nothing listed here (the centres' facts are in their own
             * territory's report): the sum and how it was made */
            slice_cell how = *c;
            how.basis = d->basis;
            how.partial = d->partial;
            char basis[160];
            basis_text(basis, sizeof basis, &how, t, lang);
            sb_printf(out, "%s (%s)", val, basis);
            continue;
        }
        for (size_t k = 0; k < n_terms && k < max_terms; k++) {
            slice_term v = added(d, k);
            char tv[96];
            figure_text(tv, sizeof tv, v.value, v.qualifier, unit, lang);
            sb_printf(out, "%s%s %s", k ? " + " : "", tv, term_label(&v, cat, t, lang));
        }
        if (n_terms > max_terms) {
            char n[24];
            snprintf(n, sizeof n, "%zu", n_terms - max_terms);
            char *more = label_with_n(template_label(t, lang, "disagreement_parts_more"), n);
            sb_printf(out, " + %s", more);
            free(more);
        }
        sb_printf(out, " = %s", val);
        if (d->partial)
            sb_printf(out, " (%s)", template_label(t, lang, "partial"));
    }
}

void utf8_copy(char *buf, size_t len, const char *s)
{
    if (!len)
        return;
    size_t n = strlen(s);
    if (n >= len) {
        n = len - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;   /* s[n] starts a character: cut before it */
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
}
