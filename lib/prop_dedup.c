/* taawun-propose: one proposal per figure: repeats, rounded restatements
 * and headlines set aside with their reasons. */
#include "prop_article.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int same_cell(const prop_fact *x, const prop_fact *y)
{
    if ((x->area == NULL) != (y->area == NULL) || (x->area && strcmp(x->area, y->area))) return 0;
    return !strcmp(x->indicator, y->indicator) && !strcmp(x->programme, y->programme) && !strcmp(x->geo, y->geo) &&
           !strcmp(x->period, y->period) && (x->item == y->item || (x->item && y->item && !strcmp(x->item, y->item)));
}

/* "نحو 12 ألف" is "11 ألف و643" rounded to its own last digit (thousands):
 * the press restates a figure given exactly as an approximate round one */
static int rounds_to(double approx, double exact)
{
    if (approx <= 0 || approx == exact || approx != floor(approx)) return 0;
    double unit = 1;
    while (unit * 10 <= approx && fmod(approx, unit * 10) == 0) unit *= 10;
    return unit >= 10 && approx == round(exact / unit) * unit;
}

void prop_fact_free(prop_fact *f)
{
    free(f->geo);
    free(f->geo_as_reported);
    free(f->quote);
    free(f->note);
}

/* One figure per cell and value; a round "14 ألف" gives way to "14 ألفا و 108".
 * A figure of the headline (the first title_chars characters) that the
 * body gives again, exactly or rounded, is the body's: its territory or
 * programme may read differently in the few words of a headline. */
void prop_dedup(const prop_lex *L, prop_result *r, size_t title_chars)
{
    /* decide first (every fact still in place), then drop */
    const char **why = xcalloc(r->nf + 1, sizeof *why);
    for (size_t i = 0; i < r->nf && r->f[i].span_s < title_chars; i++) {
        const prop_fact *f = &r->f[i];
        for (size_t j = i + 1; j < r->nf && !why[i]; j++) {
            const prop_fact *g = &r->f[j];
            if (g->span_s < title_chars || (f->area == NULL) != (g->area == NULL)) continue;
            /* the same number, even counted in other words ("11 ألف و970 حصة" for "أسرة") */
            if (g->value == f->value && (f->value >= 100 || !strcmp(f->indicator, g->indicator))) why[i] = L->msg[MSG_DUPLICATE];
            if (strcmp(f->indicator, g->indicator)) continue;
            else if (strcmp(f->qualifier, "exact") && fabs(f->value - g->value) <= 0.05 * g->value &&
                     (strcmp(f->qualifier, "at_least") || f->value <= g->value) &&
                     (strcmp(f->qualifier, "at_most") || f->value >= g->value))
                why[i] = L->msg[MSG_ROUNDED];
        }
    }
    for (size_t i = 0; i < r->nf; i++) {
        const prop_fact *f = &r->f[i];
        for (size_t j = 0; j < i && !why[i]; j++) {
            const prop_fact *g = &r->f[j];
            /* the same figure again, its programme only guessed from afar (not a
             * small count: "المؤسسة: 01" of two sections are two figures) */
            if (f->list_line && g->list_line && f->list_line != g->list_line) continue;   /* items of a list */
            if (!why[j] && g->value == f->value && f->value >= 10 && g->sentence != f->sentence && !strcmp(f->indicator, g->indicator) &&
                !strcmp(f->geo, g->geo) && !strcmp(f->period, g->period) &&
                (strstr(f->rule, "programme:trigger-section") || strstr(f->rule, "programme:default")))
                why[i] = L->msg[MSG_DUPLICATE];
        }
        for (size_t j = 0; j < r->nf && !why[i]; j++) {
            const prop_fact *g = &r->f[j];
            if (j == i || (j < i && why[j]) || !same_cell(f, g)) continue;
            /* in one sentence, equal figures are parallel items ("الطاح 860 حصة، الدورة 860 حصة") */
            if (f->list_line && g->list_line && f->list_line != g->list_line) continue;
            if (j < i && g->value == f->value && g->sentence != f->sentence) why[i] = L->msg[MSG_DUPLICATE];
            else if (!strcmp(f->qualifier, "approx") && !strcmp(g->qualifier, "exact") &&
                     ((strstr(f->rule, "round") && fabs(f->value - g->value) <= 0.05 * g->value) || rounds_to(f->value, g->value)))
                why[i] = L->msg[MSG_ROUNDED];
            /* "أزيد من 17 ألف أسرة" (a headline) beside "17 ألف و700 أسرة" */
            else if (((!strcmp(f->qualifier, "at_least") && f->value <= g->value) ||
                      (!strcmp(f->qualifier, "at_most") && f->value >= g->value)) &&
                     !strcmp(g->qualifier, "exact") && f->value != g->value && fabs(f->value - g->value) <= 0.05 * g->value)
                why[i] = L->msg[MSG_ROUNDED];
        }
    }
    size_t w = 0;
    for (size_t i = 0; i < r->nf; i++) {
        prop_fact *f = &r->f[i];
        if (why[i]) {
            GROW(r->r, r->nr, r->capr);
            r->r[r->nr++] = (prop_reject){xstrdup(f->quote), f->value, why[i], f->span_s, f->span_e};
            prop_fact_free(f);
            continue;
        }
        r->f[w++] = *f;
    }
    r->nf = w;
    free(why);
}


/* Parts by area that add up to an earlier figure are that figure's
 * territory's ("11970 أسرة ... على المجالين الحضري (4714) والقروي (7256)"). */
void prop_area_totals(prop_result *r)
{
    for (size_t i = 0; i < r->nf; i++) {
        if (!r->f[i].area || (i > 0 && r->f[i - 1].area && r->f[i - 1].sentence == r->f[i].sentence)) continue;
        size_t j = i;
        double sum = 0;
        for (; j < r->nf && r->f[j].area && r->f[j].sentence == r->f[i].sentence && !strcmp(r->f[j].indicator, r->f[i].indicator); j++)
            sum += r->f[j].value;
        for (size_t k = i; k-- > 0;)
            if (!r->f[k].area && !strcmp(r->f[k].indicator, r->f[i].indicator) && r->f[k].value == sum && j - i >= 2) {
                for (size_t q = i; q < j; q++)
                    if (strcmp(r->f[q].geo, r->f[k].geo)) {
                        free(r->f[q].geo);
                        free(r->f[q].geo_as_reported);
                        r->f[q].geo = xstrdup(r->f[k].geo);
                        r->f[q].geo_as_reported = r->f[k].geo_as_reported ? xstrdup(r->f[k].geo_as_reported) : NULL;
                    }
                break;
            }
    }
}
