/* Which figures a scope's report shows (issue 13): a report has no single
 * period.  For each territory, programme and indicator it shows the latest
 * complete figure, with its own period; where only partial sums exist, the
 * latest of them, marked.  The cover (slice headlines), the tables by
 * programme and the breakdown by region or province all take their
 * figures from here, so the PDF and the workbook agree. */
#ifndef TAAWUN_REPORT_MODEL_H
#define TAAWUN_REPORT_MODEL_H

#include <stddef.h>

#include "lib/slice.h"

/* The figure shown for (geo, programme, indicator, sex ("" for all)): the
 * latest complete cell (a year or season before a month or day), else the
 * latest partial one; NULL when there is none.  For the scope's own
 * institution-wide figure it is the slice's headline, chosen by
 * taawun-aggregate by the same rule. */
const slice_cell *report_latest(const slice *s, const char *geo, const char *programme, const char *indicator,
                                const char *sex);

/* The period of a row of figures: the one most of them share, the latest
 * on ties (periods compared by their order in the slice); NULL when none. */
const char *report_row_period(const slice *s, const char *const *periods, size_t n);

/* Position of a period in the slice's time order, -1 when unknown. */
long report_period_rank(const slice *s, const char *period);

/* The period a report's title names: with the report's "period":
 * "headlines", the latest period of its complete headline figures (the
 * cover's), else slice_report_period (main, latest). */
const char *report_period(const slice *s, const cJSON *report);

/* The latest period of the complete headline figures of those indicators
 * (what "period": "headlines" names; the email's period too); NULL when
 * none is complete. */
const char *report_headlines_period(const slice *s, const char *const *indicators, size_t n);

/* A source as a reader knows it: its publisher, else its title, else its
 * id; and its date ("" when unknown). */
const char *report_source_who(const slice *s, const char *id);
const char *report_source_when(const slice *s, const char *id);

#endif
