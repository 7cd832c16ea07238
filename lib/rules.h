/* Validation rules as data, in the spirit of DHIS2 validation rules: a left
 * side, an operator, a right side, an importance and what to do when a
 * value is missing.  Sides name a cell relative to the context (territory,
 * period, programme) in which the rule is checked. */
#ifndef TAAWUN_RULES_H
#define TAAWUN_RULES_H

#include "catalog.h"
#include "cube.h"
#include "diag.h"

enum { SIDE_CONTEXT_PROGRAMME = -1, SIDE_SUM_IN_TOTAL = -2 };

typedef struct {
    int is_const;
    double constant;
    int ind, prog, sex;      /* prog: a programme, or SIDE_* */
    int reported_only;       /* use what a source reported, not a derived value */
} rule_side;

typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_COMPULSORY_PAIR, OP_EXCLUSIVE_PAIR } rule_op;
typedef enum { MISS_SKIP_IF_ANY, MISS_SKIP_IF_ALL, MISS_NEVER_SKIP } rule_missing;

typedef struct {
    char *id, *ar, *fr, *importance;
    rule_side left, right;
    rule_op op;
    rule_missing missing;
} rule;

typedef struct {
    rule *rules;
    size_t n;
    double approx_tolerance; /* relative */
} ruleset;

typedef struct {
    int rule;
    int geo, period, prog;
    int has_left, has_right;
    double left, right;
    int pass;
} rule_result;

int rules_load(ruleset *rs, const char *path, const catalog *cat, diag *d);
void rules_free(ruleset *rs);

/* Checks every rule in every context that has data.  Returns the results
 * (passes and failures; skipped ones are counted in *skipped). */
rule_result *rules_eval(const ruleset *rs, const cube *c, size_t *n, size_t *skipped);

const char *rule_op_name(rule_op op);

#endif
