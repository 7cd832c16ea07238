/* For the unit tests of taawun-propose's press forms: the shipped
 * catalogue and lexicons loaded once (setup, teardown), a run on a text,
 * and the proposed fact of a value.  Included after <cmocka.h>. */
#ifndef TAAWUN_TEST_PROPOSE_FIXTURE_H
#define TAAWUN_TEST_PROPOSE_FIXTURE_H

#include <string.h>

#include "lib/catalog.h"
#include "lib/prop_core.h"
#include "lib/prop_lex.h"
#include "lib/util.h"

static catalog cat;
static prop_lex lex;

static int setup(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 5);
    if (catalog_load(&cat, "input/catalog", &d) != 0) return -1;
    return prop_lex_load(&lex, "input/catalog", prop_lex_catalog_code_ok, &cat);
}

static int teardown(void **state)
{
    (void)state;
    prop_lex_free(&lex);
    catalog_free(&cat);
    return 0;
}

static prop_result run(const char *text, const char *published)
{
    prop_result r;
    prop_ctx c = {&lex, &cat, published};
    propose_run(&c, text, strlen(text), &r);
    return r;
}

/* the proposed fact of this value, or fail */
static const prop_fact *fact(const prop_result *r, double value)
{
    for (size_t i = 0; i < r->nf; i++)
        if (r->f[i].value == value) return &r->f[i];
    fail_msg("no fact of value %g", value);
    return NULL;
}

/* the reason a value was set aside with, or "(not rejected)" */
static inline const char *reason_of(const prop_result *r, double value)
{
    for (size_t i = 0; i < r->nr; i++)
        if (r->r[i].value == value) return r->r[i].reason;
    return "(not rejected)";
}

#endif
