/* For the unit tests: the project's catalogue (input/catalog) in CAT,
 * loaded once for a group: cmocka_run_group_tests(tests, load_catalog,
 * free_catalog).  Run from the project's root (tests/unit/run.sh). */
#ifndef TAAWUN_TEST_CATALOG_FIXTURE_H
#define TAAWUN_TEST_CATALOG_FIXTURE_H

#include "lib/catalog.h"

static catalog CAT;

static int load_catalog(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    return catalog_load(&CAT, "input/catalog", &d);
}

static int free_catalog(void **state)
{
    (void)state;
    catalog_free(&CAT);
    return 0;
}

#endif
