#include "when.h"
#include "report_text.h"
#include "table_model.h"

#include <string.h>

static int n_year_periods(const slice *s)
{
    int n = 0;
    for (size_t p = 0; p < s->n_periods; p++)
        n += !strcmp(s->periods[p].kind, "year") || !strcmp(s->periods[p].kind, "season");
    return n;
}

int report_quality_item(const slice *s, const char *period, const slice_cell *c)
{
    return c->flagged || (cell_shown_partial(c) && !strcmp(c->geo, s->code) && period && !strcmp(c->period, period));
}

static int has_quality(const slice *s, const char *period)
{
    if (s->n_failed_rules > 0)
        return 1;
    for (size_t i = 0; i < s->n_cells; i++)
        if (report_quality_item(s, period, &s->cells[i]))
            return 1;
    return 0;
}

int report_when(const cJSON *item, const slice *s, const catalog *cat, const template_set *t, const char *lang,
                const char *period)
{
    const cJSON *when = cJSON_GetObjectItemCaseSensitive(item, "when");
    const char *w = cJSON_IsString(when) ? when->valuestring : "";
    if (!strcmp(w, "has_children")) {
        for (size_t i = 0; i < s->n_children; i++)
            if (s->children[i].has_data)
                return 1;
        return 0;
    }
    if (!strcmp(w, "several_periods")) {
        /* a trend table itself: two periods with figures, not just in the slice */
        const cJSON *rows = cJSON_GetObjectItemCaseSensitive(item, "rows");
        if (cJSON_IsString(rows) && !strcmp(rows->valuestring, "period")) {
            long n = table_model_count_rows(item, s, cat, t, lang, period);
            return n < 0 || n >= 2;   /* a bad spec is reported when the table is made */
        }
        return n_year_periods(s) >= 2;
    }
    if (!strcmp(w, "quality"))
        return has_quality(s, period);
    return 1;
}
