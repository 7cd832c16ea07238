#include "report_text.h"
#include "numfmt.h"

#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void figure_text(char *buf, size_t len, double value, const char *qualifier, const char *unit, const char *lang)
{
    numfmt nf = numfmt_for_lang(lang);
    int ar = !strcmp(lang, "ar");
    char num[64];
    if (unit && !strcmp(unit, "percent"))   /* as precise as the source: 6,28 %, never 6,3 % */
        numfmt_percent(num, sizeof num, value, value == (long long)value ? 0 : value * 10 == (long long)(value * 10) ? 1 : 2, &nf);
    else {
        if (unit && !strcmp(unit, "mad"))
            nf.unit = numfmt_currency(lang);
        numfmt_value(num, sizeof num, value, value == (long long)value ? 0 : 2, &nf);
    }
    const char *q = "";
    if (qualifier && !strcmp(qualifier, "approx")) q = ar ? "حوالي " : "environ ";
    else if (qualifier && !strcmp(qualifier, "at_least")) q = ar ? "أكثر من " : "plus de ";
    else if (qualifier && !strcmp(qualifier, "at_most")) q = ar ? "على الأكثر " : "au plus ";
    snprintf(buf, len, "%s%s", q, num);
}

static const char *basis_word(const char *basis, int ar)
{
    static const char *const names[][3] = {
        {"facilities", "مجموع المراكز", "somme des centres"},
        {"months", "مجموع الأشهر", "somme des mois"},
        {"territories", "مجموع المجالات الترابية", "somme des territoires"},
        {"sexes", "النساء والرجال", "femmes et hommes"},
        {"programmes", "مجموع البرامج", "somme des programmes"},
        {"ratio", "محتسبة من الأعداد", "calculée à partir des effectifs"},
        {"areas", "الوسط الحضري والقروي", "urbain et rural"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(basis, names[i][0]))
            return names[i][ar ? 1 : 2];
    return basis;
}

int only_part_words(char *buf, size_t len, const slice_cell *c, const template_set *t, const char *lang)
{
    if (!c || !c->only.set || (!*c->only.sex && !*c->only.area))
        return 0;
    const char *sex = c->only.sex, *area = c->only.area;
    snprintf(buf, len, "%s%s%s", *sex ? template_label(t, lang, sex) : "", *sex && *area ? ", " : "",
             *area ? template_label(t, lang, area) : "");
    return c->only.partial ? 2 : 1;
}

int cell_shown_partial(const slice_cell *c)
{
    if (c->partial && c->only.set)
        return c->only.partial;
    return c->partial;
}

void cell_value_text(char *buf, size_t len, const slice_cell *c, const char *unit, const template_set *t,
                     const char *lang)
{
    char who[96], num[96];
    int shown_partial = cell_shown_partial(c);
    figure_text(num, sizeof num, c->value, c->partial ? "exact" : c->qualifier, unit, lang);
    if (only_part_words(who, sizeof who, c, t, lang))
        snprintf(buf, len, "%s%s%s%s", who, template_label(t, lang, "only_part_separator"),
                 shown_partial ? "\xe2\x89\xa5 " : "", num);
    else
        snprintf(buf, len, "%s%s", shown_partial ? "\xe2\x89\xa5 " : "", num);
}

static void derived_text(char *buf, size_t len, const slice_cell *c, const template_set *t, const char *lang);

void basis_text(char *buf, size_t len, const slice_cell *c, const template_set *t, const char *lang)
{
    if (!strcmp(c->basis, "reported")) {
        snprintf(buf, len, "%s", template_label(t, lang, "reported"));
        return;
    }
    char who[96];
    int only = c->partial ? only_part_words(who, sizeof who, c, t, lang) : 0;
    if (only) {
        /* one sex or one area only: what it is, not a partial total; and
         * where that part is itself partial (some provinces only), how */
        char *w = label_with_n(template_label(t, lang, "only_part"), who);
        if (only == 2 && strcmp(c->basis, "sexes") && strcmp(c->basis, "areas")) {
            char rest[256];
            derived_text(rest, sizeof rest, c, t, lang);
            snprintf(buf, len, "%s%s%s", w, template_label(t, lang, "disagreement_separator"), rest);
        } else {
            snprintf(buf, len, "%s%s%s", w, only == 2 ? " - " : "", only == 2 ? template_label(t, lang, "partial") : "");
        }
        free(w);
        return;
    }
    derived_text(buf, len, c, t, lang);
}

/* How a derived value was obtained: "calculé: somme des territoires 1/5 - partiel". */
static void derived_text(char *buf, size_t len, const slice_cell *c, const template_set *t, const char *lang)
{
    int ar = !strcmp(lang, "ar");
    const slice_derived *d = slice_cell_derived(c, c->basis);
    int have = d ? d->have : 0, of = d ? d->of : 0;
    const char *derived = template_label(t, lang, "derived");
    if (of > 0)
        snprintf(buf, len, "%s: %s %d/%d%s%s", derived, basis_word(c->basis, ar), have, of,
                 c->partial ? " - " : "", c->partial ? template_label(t, lang, "partial") : "");
    else if (have > 0 && strcmp(c->basis, "ratio"))
        snprintf(buf, len, "%s: %s (%d)%s%s", derived, basis_word(c->basis, ar), have,
                 c->partial ? " - " : "", c->partial ? template_label(t, lang, "partial") : "");
    else
        snprintf(buf, len, "%s: %s", derived, basis_word(c->basis, ar));
}

char *label_with_n(const char *tpl, const char *n)
{
    strbuf sb;
    sb_init(&sb);
    for (const char *p = tpl; *p; p++) {
        if (!strncmp(p, "{n}", 3)) {
            sb_puts(&sb, n);
            p += 2;
        } else {
            sb_putc(&sb, *p);
        }
    }
    return sb.data;   /* sb_init allocates: never NULL */
}
