#include "report_text.h"
#include "numfmt.h"

#include <stdio.h>
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

void basis_text(char *buf, size_t len, const slice_cell *c, const template_set *t, const char *lang)
{
    int ar = !strcmp(lang, "ar");
    if (!strcmp(c->basis, "reported")) {
        snprintf(buf, len, "%s", template_label(t, lang, "reported"));
        return;
    }
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
