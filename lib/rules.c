#include "rules.h"
#include "json.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const OPS[] = {"==", "!=", "<", "<=", ">", ">=", "compulsory_pair", "exclusive_pair"};
#define OPS_EXPECTED "(expected ==, !=, <, <=, >, >=, compulsory_pair or exclusive_pair)"
static const char *const MISSING[] = {"skip_if_any_missing", "skip_if_all_missing", "never_skip"};

const char *rule_op_name(rule_op op) { return OPS[op]; }

/* The side `name` ("left", "right") of the rule object r. */
static int parse_side(json_doc *f, const cJSON *r, const char *name, rule_side *s, const catalog *cat)
{
    memset(s, 0, sizeof *s);
    s->prog = SIDE_CONTEXT_PROGRAMME;
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(r, name);
    if (!cJSON_IsObject(obj)) {
        json_doc_error(f, obj ? obj : r, 1, name,
                       "missing or not an object (expected {\"indicator\": …} or {\"value\": N})");
        return -1;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "value");
    if (cJSON_IsNumber(v)) {
        s->is_const = 1;
        s->constant = v->valuedouble;
        return 0;
    }
    const cJSON *ind = cJSON_GetObjectItemCaseSensitive(obj, "indicator");
    s->ind = cJSON_IsString(ind) ? catalog_indicator(cat, ind->valuestring) : -1;
    if (s->ind < 0) {
        if (cJSON_IsString(ind))
            json_doc_error(f, ind, 1, "indicator", "unknown indicator '%s' (expected a code of indicators.json)",
                           ind->valuestring);
        else
            json_doc_error(f, ind ? ind : obj, 1, "indicator",
                           "missing indicator (expected a code of indicators.json)");
        return -1;
    }
    const cJSON *prog = cJSON_GetObjectItemCaseSensitive(obj, "programme");
    if (cJSON_IsString(prog)) {
        if (strcmp(prog->valuestring, "*in_total") == 0) {
            s->prog = SIDE_SUM_IN_TOTAL;
        } else if ((s->prog = catalog_programme(cat, prog->valuestring)) < 0) {
            json_doc_error(f, prog, 1, "programme",
                           "unknown programme '%s' (expected a code of programmes.json or *in_total)", prog->valuestring);
            return -1;
        }
    }
    const cJSON *sex = cJSON_GetObjectItemCaseSensitive(obj, "sex");
    if (cJSON_IsString(sex)) {
        s->sex = !strcmp(sex->valuestring, "female") ? SEX_FEMALE : !strcmp(sex->valuestring, "male") ? SEX_MALE : -1;
        if (s->sex < 0) {
            json_doc_error(f, sex, 1, "sex", "unknown sex '%s' (expected female or male)", sex->valuestring);
            return -1;
        }
    }
    const cJSON *basis = cJSON_GetObjectItemCaseSensitive(obj, "basis");
    if (cJSON_IsString(basis)) {
        if (!strcmp(basis->valuestring, "reported")) s->reported_only = 1;
        else if (strcmp(basis->valuestring, "value")) {
            json_doc_error(f, basis, 1, "basis", "unknown basis '%s' (expected reported or value)", basis->valuestring);
            return -1;
        }
    }
    return 0;
}

static int lookup(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(s, names[i]))
            return i;
    return -1;
}

int rules_load(ruleset *rs, const char *path, const catalog *cat, diag *d)
{
    memset(rs, 0, sizeof *rs);
    rs->approx_tolerance = 0.05;
    diag_file(d, path);
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(d, 0, 0, NULL, "cannot read rules: %s", strerror(errno));
        return -1;
    }
    size_t before = d->total_errors;
    cJSON *root = json_parse_checked(d, text, len, 1);
    json_doc f;
    json_doc_init(&f, d, text, root);
    const cJSON *arr = root ? cJSON_GetObjectItemCaseSensitive(root, "rules") : NULL;
    const cJSON *fmt = root ? cJSON_GetObjectItemCaseSensitive(root, "format") : NULL;
    if (root && (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "taawun-rules/1"))) {
        json_doc_error(&f, fmt ? fmt : root, 1, "format", "wrong or missing format (expected \"taawun-rules/1\")");
    } else if (root && !cJSON_IsArray(arr)) {
        json_doc_error(&f, root, 1, "rules", "missing (expected an array of rules)");
    } else if (root) {
        const cJSON *tol = cJSON_GetObjectItemCaseSensitive(root, "approx_tolerance_pct");
        if (cJSON_IsNumber(tol))
            rs->approx_tolerance = tol->valuedouble / 100.0;
        rs->rules = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *rs->rules);
        const cJSON *o;
        cJSON_ArrayForEach(o, arr) {
            rule *r = &rs->rules[rs->n];
            const char *keys[] = {"id", "ar", "fr", "importance"};
            char **dst[] = {&r->id, &r->ar, &r->fr, &r->importance};
            int ok = 1;
            for (int k = 0; k < 4; k++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keys[k]);
                if (!cJSON_IsString(v)) {
                    json_doc_error(&f, v ? v : o, 1, keys[k], "missing or not a string (expected text)");
                    ok = 0;
                }
                *dst[k] = xstrdup(cJSON_IsString(v) ? v->valuestring : "");
            }
            const cJSON *op = cJSON_GetObjectItemCaseSensitive(o, "operator");
            int opi = cJSON_IsString(op) ? lookup(op->valuestring, OPS, 8) : -1;
            if (opi < 0) {
                if (cJSON_IsString(op))
                    json_doc_error(&f, op, 1, "operator", "unknown operator '%s' " OPS_EXPECTED, op->valuestring);
                else
                    json_doc_error(&f, op ? op : o, 1, "operator", "missing operator " OPS_EXPECTED);
                ok = 0;
            }
            const cJSON *ms = cJSON_GetObjectItemCaseSensitive(o, "missing");
            int mi = cJSON_IsString(ms) ? lookup(ms->valuestring, MISSING, 3) : 0;
            if (mi < 0) {
                json_doc_error(&f, ms, 1, "missing",
                               "unknown strategy '%s' (expected skip_if_any_missing, skip_if_all_missing or never_skip)",
                               ms->valuestring);
                ok = 0;
            }
            if (parse_side(&f, o, "left", &r->left, cat) != 0) ok = 0;
            if (parse_side(&f, o, "right", &r->right, cat) != 0) ok = 0;
            r->op = opi < 0 ? OP_EQ : (rule_op)opi;
            r->missing = mi < 0 ? MISS_SKIP_IF_ANY : (rule_missing)mi;
            rs->n++;
            (void)ok;
        }
    }
    json_doc_free(&f);
    cJSON_Delete(root);
    free(text);
    return d->total_errors == before ? 0 : -1;
}

void rules_free(ruleset *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->rules[i].id); free(rs->rules[i].ar); free(rs->rules[i].fr); free(rs->rules[i].importance);
    }
    free(rs->rules);
    memset(rs, 0, sizeof *rs);
}

typedef struct {
    int has, partial;
    double value;
    qualifier qual;
} side_value;

static side_value eval_side(const rule_side *s, const cube *c, int geo, int per, int prog)
{
    side_value v = {0};
    if (s->is_const) {
        v.has = 1;
        v.value = s->constant;
        return v;
    }
    const catalog *cat = c->cat;
    if (s->prog == SIDE_SUM_IN_TOTAL) {
        for (size_t p = 0; p < cat->n_prog; p++) {
            if (!cat->prog[p].in_total)
                continue;
            const cell *x = cube_find(c, geo, per, (int)p, s->ind, (sex_kind)s->sex, AREA_ALL, 0);
            if (x && x->best_kind != -2) {
                v.has = 1;
                v.value += x->best;
                v.partial |= x->best_partial;
            }
        }
        return v;
    }
    const cell *x = cube_find(c, geo, per, s->prog == SIDE_CONTEXT_PROGRAMME ? prog : s->prog, s->ind,
                              (sex_kind)s->sex, AREA_ALL, 0);
    if (!x)
        return v;
    if (s->reported_only) {
        if (x->n_rep) {
            v.has = 1;
            v.value = x->rep[0].value;
            v.qual = x->rep[0].qual;
        }
    } else if (x->best_kind != -2) {
        v.has = 1;
        v.value = x->best;
        v.partial = x->best_partial;
        v.qual = x->best_kind == -1 ? x->rep[0].qual : Q_EXACT;
    }
    return v;
}

static int uses_context_programme(const rule_side *s)
{
    return !s->is_const && s->prog == SIDE_CONTEXT_PROGRAMME;
}

rule_result *rules_eval(const ruleset *rs, const cube *c, size_t *n, size_t *skipped)
{
    size_t ncell;
    cell **cells = cube_sorted(c, &ncell);
    rule_result *out = NULL;
    size_t cnt = 0, cap = 0;
    *skipped = 0;
    int lg = -1, lp = -1, lprog = -1;
    for (size_t i = 0; i < ncell; i++) {
        const cell *x = cells[i];
        if (x->sex != SEX_ALL || x->area != AREA_ALL || x->item != 0)
            continue;
        if (x->geo == lg && x->period == lp && x->prog == lprog)
            continue;   /* one context per (territory, period, programme) */
        int new_geo_period = x->geo != lg || x->period != lp;
        lg = x->geo; lp = x->period; lprog = x->prog;
        for (size_t r = 0; r < rs->n; r++) {
            const rule *ru = &rs->rules[r];
            int per_programme = uses_context_programme(&ru->left) || uses_context_programme(&ru->right);
            if (!per_programme && !new_geo_period)
                continue;   /* rules on fixed programmes: once per territory and period */
            side_value L = eval_side(&ru->left, c, x->geo, x->period, x->prog);
            side_value R = eval_side(&ru->right, c, x->geo, x->period, x->prog);
            int pass;
            if (ru->op == OP_COMPULSORY_PAIR || ru->op == OP_EXCLUSIVE_PAIR) {
                if (!L.has && !R.has) { (*skipped)++; continue; }
                pass = ru->op == OP_COMPULSORY_PAIR ? L.has == R.has : !(L.has && R.has);
            } else {
                if ((ru->missing == MISS_SKIP_IF_ANY && (!L.has || !R.has)) ||
                    (ru->missing == MISS_SKIP_IF_ALL && !L.has && !R.has) || (!L.has && !R.has)) {
                    (*skipped)++;
                    continue;
                }
                double l = L.has ? L.value : 0, rv = R.has ? R.value : 0;
                double eps = 1e-9 * fmax(1.0, fmax(fabs(l), fabs(rv)));
                switch (ru->op) {
                case OP_EQ:
                    /* the reported side's qualifier decides: at_least 1900 ~ 1950 */
                    pass = cube_consistent(l, L.qual, rv, R.partial, rs->approx_tolerance);
                    break;
                case OP_NE: pass = fabs(l - rv) > eps; break;
                case OP_LT: pass = l < rv - eps; break;
                case OP_LE: pass = l <= rv + eps; break;
                case OP_GT: pass = l > rv + eps; break;
                case OP_GE: pass = l >= rv - eps; break;
                default: pass = 1;
                }
            }
            if (cnt == cap) {
                cap = cap ? cap * 2 : 256;
                out = xrealloc(out, cap * sizeof *out);
            }
            out[cnt++] = (rule_result){.rule = (int)r, .geo = x->geo, .period = x->period,
                                       .prog = per_programme ? x->prog : -1, .has_left = L.has, .has_right = R.has,
                                       .left = L.value, .right = R.value, .pass = pass};
        }
    }
    free(cells);
    *n = cnt;
    return out;
}
