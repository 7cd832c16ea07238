/* The figures of a scope for the message text, read from its slice
 * (WORK/cube/<scope>.json, taawun-cube/1): the report's period as the
 * renderers choose it, the headline figures as the PDF's cover shows them
 * (the slice's "headlines": each the latest complete figure, with its own
 * period), and whether the scope has data at all. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deliver.h"
#include "lib/slice.h"
#include "render/report_model.h"

const char *const HEAD_IND[N_HEAD] = {"centres", "beneficiaries", "female_share_pct", "budget_mad"};

/* The report's period as the PDF's title names it (the report model's
 * "period": "headlines" of templates/reports.json: the latest period of
 * the complete headline figures, else slice_main_period), and the
 * headline figures. */
static void slice_figures(scope_info *si, const slice *s)
{
    const char *best = report_headlines_period(s, HEAD_IND, N_HEAD);
    if (!best)
        best = slice_main_period(s, HEAD_IND, N_HEAD);
    if (!best)
        return;
    si->period = xstrdup(best);
    for (int k = 0; k < N_HEAD; k++) {
        const slice_headline_fig *h = slice_headline_of(s, HEAD_IND[k]);
        if (!h || isnan(h->value))
            continue;
        figure *f = &si->head[k];
        f->have = 1;
        f->value = h->value;
        f->partial = h->partial;
        snprintf(f->qualifier, sizeof f->qualifier, "%s", f->partial ? "exact" : h->qualifier);
        snprintf(f->period, sizeof f->period, "%s", h->period);
        if (h->only.set && (*h->only.sex || *h->only.area)) {
            /* a figure for one sex or one area only: said as that part,
             * not as a partial total */
            f->only = 1;
            f->only_partial = h->only.partial;
            f->partial = h->only.partial;
            snprintf(f->only_sex, sizeof f->only_sex, "%s", h->only.sex);
            snprintf(f->only_area, sizeof f->only_area, "%s", h->only.area);
        }
    }
}

scope_info *scope_get(scope_cache *sc, const settings *st, const catalog *cat, const char *code)
{
    int k = strmap_get(&sc->index, code);
    if (k >= 0)
        return sc->s[k];
    sc->s = xrealloc(sc->s, (sc->n + 1) * sizeof *sc->s);
    scope_info *si = sc->s[sc->n] = xcalloc(1, sizeof *si);
    strmap_put(&sc->index, code, (int)sc->n++);
    si->code = xstrdup(code);
    const territory *t = &cat->geo[catalog_geo(cat, code)];
    si->name_ar = xstrdup(t->name_ar);
    si->name_fr = xstrdup(t->name_fr);
    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/%s.json", st->slices, code);
    slice sl;
    char err[512];
    int rc = slice_load(&sl, path.data, err, sizeof err);
    if (rc == -1) {
        if (errno != ENOENT)
            die(EXIT_IO, "%s", err);
        sb_free(&path);
        return si;
    }
    if (rc != 0 || strcmp(sl.code, code))
        die(EXIT_IO, "%s: not the slice of %s (expected a taawun-cube/1 file from taawun-aggregate)", path.data, code);
    si->has_slice = 1;
    if (*sl.name_ar) {
        free(si->name_ar);
        si->name_ar = xstrdup(sl.name_ar);
    }
    if (*sl.name_fr) {
        free(si->name_fr);
        si->name_fr = xstrdup(sl.name_fr);
    }
    si->synthetic = sl.synthetic;
    slice_figures(si, &sl);
    slice_free(&sl);
    sb_free(&path);
    return si;
}

void scope_cache_free(scope_cache *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        free(sc->s[i]->code);
        free(sc->s[i]->name_ar);
        free(sc->s[i]->name_fr);
        free(sc->s[i]->period);
        free(sc->s[i]);
    }
    free(sc->s);
    strmap_free(&sc->index);
}
