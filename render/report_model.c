#include "report_model.h"

#include <string.h>

static int is_long_period(const char *kind)
{
    return !strcmp(kind, "year") || !strcmp(kind, "season");
}

const slice_cell *report_latest(const slice *s, const char *geo, const char *programme, const char *indicator,
                                const char *sex)
{
    if (!strcmp(geo, s->code) && !strcmp(programme, "all") && !*sex) {
        const slice_cell *h = slice_headline(s, indicator);
        if (h)
            return h;
    }
    /* complete before partial; a year or season before a month or day;
     * then the latest (periods are in time order) */
    const slice_cell *partial[2] = {NULL, NULL};
    for (int pass = 0; pass < 2; pass++)
        for (size_t p = s->n_periods; p-- > 0;) {
            if (is_long_period(s->periods[p].kind) != (pass == 0))
                continue;
            const slice_cell *c = slice_get(s, geo, s->periods[p].code, programme, indicator, sex, "", "");
            if (!c)
                continue;
            if (!c->partial)
                return c;
            if (!partial[pass])
                partial[pass] = c;
        }
    return partial[0] ? partial[0] : partial[1];
}

long report_period_rank(const slice *s, const char *period)
{
    for (size_t p = 0; p < s->n_periods; p++)
        if (!strcmp(s->periods[p].code, period))
            return (long)p;
    return -1;
}

const char *report_row_period(const slice *s, const char *const *periods, size_t n)
{
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!periods[i])
            continue;
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            k += periods[j] && !strcmp(periods[i], periods[j]);
        if (k > best_n || (k == best_n && report_period_rank(s, periods[i]) > report_period_rank(s, best))) {
            best = periods[i];
            best_n = k;
        }
    }
    return best;
}

const char *report_headlines_period(const slice *s, const char *const *indicators, size_t n)
{
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const slice_cell *c = slice_headline(s, indicators[i]);
        if (c && !c->partial && (!best || report_period_rank(s, c->period) > report_period_rank(s, best)))
            best = c->period;
    }
    return best;
}

const char *report_period(const slice *s, const cJSON *report)
{
    const cJSON *per = cJSON_GetObjectItemCaseSensitive(report, "period");
    if (!cJSON_IsString(per) || strcmp(per->valuestring, "headlines"))
        return slice_report_period(s, report);
    const char *ind[64];
    size_t n = 0;
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(report, "headline")) {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(h, "indicator");
        if (cJSON_IsString(code) && n < sizeof ind / sizeof ind[0])
            ind[n++] = code->valuestring;
    }
    const char *best = report_headlines_period(s, ind, n);
    return best ? best : slice_report_period(s, report);
}

const char *report_source_who(const slice *s, const char *id)
{
    const slice_source *src = slice_source_by_id(s, id);
    if (src && *src->publisher)
        return src->publisher;
    return src && *src->title ? src->title : id;
}

const char *report_source_when(const slice *s, const char *id)
{
    const slice_source *src = slice_source_by_id(s, id);
    return src ? src->published : "";
}
