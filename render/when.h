/* A template's "when" conditions (templates/README.md): whether a page,
 * block or sheet has something to show for a scope.  One reading for both
 * renderers, so that the workbook and the PDF skip the same things. */
#ifndef TAAWUN_WHEN_H
#define TAAWUN_WHEN_H

#include <cjson/cJSON.h>

#include "lib/catalog.h"
#include "lib/slice.h"
#include "template.h"

/* Is item's "when" met for slice s in the report's period?
 *   has_children     a child territory has data
 *   several_periods  two years or seasons (a trend table: two of its rows)
 *   quality          something for the quality block (report_quality_item,
 *                    or a failed rule)
 *   has_rows, none   yes (has_rows: the table itself decides) */
int report_when(const cJSON *item, const slice *s, const catalog *cat, const template_set *t, const char *lang,
                const char *period);

/* What the quality block lists: flagged cells, partial figures of the
 * scope for the report's period (failed rules besides). */
int report_quality_item(const slice *s, const char *period, const slice_cell *c);

#endif
