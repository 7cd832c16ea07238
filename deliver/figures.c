/* The figures of a scope for the message text, read from its slice
 * (WORK/cube/<scope>.json, taawun-cube/1): the report's period as the
 * renderers choose it, the headline figures as the PDF's cover shows them
 * (the slice's "headlines": each the latest complete figure, with its own
 * period), and whether the scope has data at all. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "deliver.h"
#include "lib/json.h"

const char *const HEAD_IND[N_HEAD] = {"centres", "beneficiaries", "female_share_pct", "budget_mad"};

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The report's period: as the renderers choose it (render/slice.c,
 * slice_main_period): most institution-wide figures of the headline
 * indicators at the scope, complete ones counting double, then most figures
 * of those indicators, the latest period on ties. */
static void slice_figures(scope_info *si, const cJSON *root)
{
    const cJSON *periods = cJSON_GetObjectItemCaseSensitive(root, "periods");
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(root, "cells");
    const char *best = NULL;
    long best_score = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, periods) {
        const char *pc = jstr(p, "code");
        long whole = 0, any = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, cells) {
            if (strcmp(jstr(c, "geo"), si->code) || strcmp(jstr(c, "period"), pc) || *jstr(c, "sex") ||
                *jstr(c, "area") || *jstr(c, "item"))
                continue;
            for (int k = 0; k < N_HEAD; k++)
                if (!strcmp(jstr(c, "indicator"), HEAD_IND[k])) {
                    int w = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "partial")) ? 1 : 2;
                    any += w;
                    if (!strcmp(jstr(c, "programme"), "all"))
                        whole += w;
                }
        }
        long score = whole * 100000 + any;
        if (score > 0 && score >= best_score) {
            best = pc;
            best_score = score;
        }
    }
    if (!best) {
        const cJSON *c;
        cJSON_ArrayForEach(c, cells)
            if (!strcmp(jstr(c, "geo"), si->code))
                best = jstr(c, "period");
    }
    if (!best)
        return;
    si->period = xstrdup(best);
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(root, "headlines")) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(h, "value");
        for (int k = 0; k < N_HEAD; k++) {
            if (strcmp(jstr(h, "indicator"), HEAD_IND[k]) || !cJSON_IsNumber(v))
                continue;
            figure *f = &si->head[k];
            f->have = 1;
            f->value = v->valuedouble;
            f->partial = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h, "partial"));
            snprintf(f->qualifier, sizeof f->qualifier, "%s", f->partial ? "exact" : jstr(h, "qualifier"));
            snprintf(f->period, sizeof f->period, "%s", jstr(h, "period"));
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
    size_t len;
    char *text = read_file(path.data, &len);
    if (!text) {
        if (errno != ENOENT)
            die(EXIT_IO, "cannot read %s: %s", path.data, strerror(errno));
        sb_free(&path);
        return si;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    const cJSON *scope = cJSON_GetObjectItemCaseSensitive(root, "scope");
    if (!root || strcmp(jstr(root, "format"), "taawun-cube/1") || strcmp(jstr(scope, "code"), code))
        die(EXIT_IO, "%s: not the slice of %s (expected a taawun-cube/1 file from taawun-aggregate)", path.data, code);
    si->has_slice = 1;
    if (*jstr(scope, "name_ar")) {
        free(si->name_ar);
        si->name_ar = xstrdup(jstr(scope, "name_ar"));
    }
    if (*jstr(scope, "name_fr")) {
        free(si->name_fr);
        si->name_fr = xstrdup(jstr(scope, "name_fr"));
    }
    si->synthetic = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "synthetic"));
    slice_figures(si, root);
    cJSON_Delete(root);
    free(text);
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
