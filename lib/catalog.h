/* The catalogues (data, not code): territories, programmes, indicators.
 * Loaded from a folder (default input/catalog) by every stage. */
#ifndef TAAWUN_CATALOG_H
#define TAAWUN_CATALOG_H

#include <stddef.h>

#include "diag.h"
#include "strmap.h"

typedef enum { GEO_NATIONAL = 0, GEO_REGION, GEO_PROVINCE, GEO_OLD_REGION } geo_level;

typedef struct {
    char *code, *name_fr, *name_ar, *subtype;
    char *iso_parent_code;   /* parent as ISO 3166-2 / iso-codes gives it */
    geo_level level;
    int parent;              /* index of parent (HCP), -1 for national/old regions */
    int iso_parent;          /* index of ISO parent, -1 where none */
    int *children;           /* current children (regions of MA, provinces of a region) */
    size_t n_children;
    int *members;            /* old region: its current provinces */
    size_t n_members;
    int region_2015;         /* old region wholly inside one 2015 region: its index, else -1 */
    char **variants;         /* Arabic spellings for matching (normalised) */
    size_t n_variants;
} territory;

typedef struct {
    char *code, *ar, *fr;
    int in_total;            /* adds up into the institution-wide total ("all") */
} programme;

typedef enum { AGG_SUM = 0, AGG_LAST, AGG_NONE, AGG_RATIO } agg_rule;
typedef enum { UNIT_COUNT = 0, UNIT_PEOPLE, UNIT_FAMILIES, UNIT_MAD, UNIT_PERCENT } unit_kind;

typedef struct {
    char *code, *ar, *fr;
    unit_kind unit;
    agg_rule over_territory, over_time;
    double max;              /* NAN when unbounded */
    /* ratio indicators: numerator/denominator indicator index and sex */
    int ratio_num, ratio_den, ratio_num_sex, ratio_den_sex;
    double ratio_scale;
} indicator;

typedef struct {
    territory *geo;
    size_t n_geo;
    programme *prog;
    size_t n_prog;
    indicator *ind;
    size_t n_ind;
    strmap geo_by_code, prog_by_code, ind_by_code, geo_by_name;
    int national;            /* index of "MA" */
    int prog_all;            /* index of "all" */
} catalog;

/* Loads dir/{morocco-territories.csv, old-regions.csv, programmes.json,
 * indicators.json}.  Problems are reported through d; returns 0 or -1. */
int catalog_load(catalog *c, const char *dir, diag *d);
void catalog_free(catalog *c);

int catalog_geo(const catalog *c, const char *code);
int catalog_programme(const catalog *c, const char *code);
int catalog_indicator(const catalog *c, const char *code);

/* The territory an Arabic or French name designates ("جهة الدارالبيضاء الكبرى"
 * → OLD-08), after normalising spelling; -1 when unknown. */
int catalog_geo_by_name(const catalog *c, const char *name);

/* Which parent a province rolls up into: "official" (the default, column
 * parent_code: HCP and decree 2-15-40) or "iso" (column iso_parent: ISO
 * 3166-2 as Debian's iso-codes gives it, which places MA-NOU in MA-04 and
 * MA-CHT in MA-06).  Re-links parents and children; returns 0, or -1 for
 * an unknown name.  A template set chooses it ("hierarchy", see
 * templates/README.md); only taawun-aggregate uses it. */
int catalog_set_hierarchy(catalog *c, const char *name);
#define CATALOG_HIERARCHIES "official or iso"
int catalog_hierarchy_known(const char *name);

/* Region of a territory (itself for a region, -1 for national/old). */
int catalog_region_of(const catalog *c, int geo);

/* Folds Arabic spelling variants for matching: drops tatweel, harakat,
 * spaces, hyphens and the words جهة/إقليم/عمالة; unifies alef forms, ى/ی→ي,
 * ک→ك, ة→ه, ە/ہ→ه.  Returns a new string. */
char *arabic_fold(const char *s);

const char *unit_name(unit_kind u);
const char *agg_name(agg_rule a);
const char *geo_level_name(geo_level l);

#endif
