/* Periods of the facts format: a calendar year "2019", a social season
 * "2011/2012", a month "2019-03" or a day "2020-04-01". */
#ifndef TAAWUN_PERIOD_H
#define TAAWUN_PERIOD_H

typedef enum { PERIOD_YEAR = 1, PERIOD_SEASON, PERIOD_MONTH, PERIOD_DAY } period_kind;

typedef struct {
    period_kind kind;
    int year;    /* first (or only) year */
    int year2;   /* season: second year */
    int month;   /* month, day: 1..12 */
    int day;     /* day: 1..31 */
} period;

/* Parses and checks a period.  Returns 0, or -1 with a short reason in *why
 * (a static string). */
int period_parse(const char *s, period *p, const char **why);

/* Canonical text of the period (buf: 16 bytes). */
void period_format(const period *p, char *buf);

/* Total order used to sort periods in reports: by start date, then kind. */
int period_compare(const period *a, const period *b);

const char *period_kind_name(period_kind k);

#endif
