/* Stage 2, aggregate: reads the canonical facts and writes the cube, one
 * slice per report scope (national, each region and province with data),
 * the data-quality result, and the list of scopes for the Makefile
 * (scopes.mk) and for taawun-plan (scopes.tsv: code, level, parent).
 * A slice is rewritten only when its content changes, so that make
 * re-renders only the scopes whose figures changed. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/cube.h"
#include "lib/diag.h"
#include "lib/fact.h"
#include "lib/json.h"
#include "lib/rules.h"
#include "lib/util.h"

static const char USAGE[] =
    "usage: taawun-aggregate [options]\n"
    "\n"
    "Rolls the canonical facts up into cells (reported and derived values,\n"
    "coverage, flags), checks the validation rules, and writes one slice per\n"
    "report scope.\n"
    "\n"
    "  -c, --catalog DIR    catalogues folder (default input/catalog)\n"
    "  -r, --rules FILE     validation rules (default CATALOG/rules.json)\n"
    "  -m, --measures FILE  derived measures (default CATALOG/measures.json)\n"
    "  -f, --facts FILE     canonical facts from ingest (default build/work/facts.tsv)\n"
    "  -s, --sources FILE   sources from ingest (default build/work/sources.json)\n"
    "  -o, --output DIR     where cube/, quality.json, scopes.mk and scopes.tsv go\n"
    "                       (default build/work)\n"
    "  -H, --hierarchy NAME how provinces roll up into regions: official (default:\n"
    "                       the catalogue's parent_code) or iso (its iso_parent,\n"
    "                       ISO 3166-2 as iso-codes gives it)\n"
    "  -L, --levels LIST    the scope levels to write slices for, comma-separated\n"
    "                       (default national,region,province)\n"
    "  -q, --quiet          no summary line\n"
    "  -h, --help           this help\n"
    "  -V, --version        version\n"
    "\n"
    "Exit status: 0 ok, 1 invalid data or rules, 2 usage, 3 I/O error.\n";

typedef struct {
    char *code, *ar, *fr;
    int num, den;            /* indicators */
    double scale;
} measure;

typedef struct {
    catalog cat;
    cube cb;
    ruleset rules;
    measure *measures;
    size_t n_measures;
    cJSON *sources;          /* array from sources.json */
    rule_result *results;
    size_t n_results, n_skipped;
    cell **sorted;
    size_t n_sorted;
    /* cells and rule results are sorted by territory: each territory's
     * are one run [start, end) of the sorted arrays */
    size_t *cell_start, *cell_end, *res_start, *res_end;
} aggregate;

/* The territories of a scope's slice: the scope, then its children. */
static size_t scope_geos(const catalog *cat, int scope, int *out)
{
    size_t n = 0;
    out[n++] = scope;
    for (size_t k = 0; k < cat->geo[scope].n_children; k++)
        out[n++] = cat->geo[scope].children[k];
    return n;
}

static void index_runs(aggregate *a)
{
    size_t g = a->cat.n_geo;
    a->cell_start = xcalloc(g, sizeof *a->cell_start);
    a->cell_end = xcalloc(g, sizeof *a->cell_end);
    a->res_start = xcalloc(g, sizeof *a->res_start);
    a->res_end = xcalloc(g, sizeof *a->res_end);
    for (size_t i = a->n_sorted; i-- > 0;) {
        int geo = a->sorted[i]->geo;
        if (a->cell_end[geo] == 0)
            a->cell_end[geo] = i + 1;
        a->cell_start[geo] = i;
    }
    for (size_t i = a->n_results; i-- > 0;) {
        int geo = a->results[i].geo;
        if (a->res_end[geo] == 0)
            a->res_end[geo] = i + 1;
        a->res_start[geo] = i;
    }
}

static void load_sources(aggregate *a, const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        die(EXIT_IO, "cannot read %s: %s", path, strerror(errno));
    diag d;
    diag_init(&d, 10);
    diag_file(&d, path);
    cJSON *root = json_parse_checked(&d, text, len, 1);
    free(text);
    if (!root)
        die(EXIT_DATA, "%s is not valid (rerun ingest)", path);
    cJSON *arr = cJSON_DetachItemFromObjectCaseSensitive(root, "sources");
    cJSON_Delete(root);
    if (!cJSON_IsArray(arr))
        die(EXIT_DATA, "%s: no sources array (rerun ingest)", path);
    a->sources = arr;
    const cJSON *s;
    cJSON_ArrayForEach(s, arr) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        if (cJSON_IsString(id) && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "synthetic")))
            strmap_put(&a->cb.synthetic_ids, id->valuestring, 1);
    }
}

static void load_measures(aggregate *a, const char *path, diag *d)
{
    size_t len;
    char *text = read_file(path, &len);
    diag_file(d, path);
    if (!text) {
        diag_error(d, 0, 0, NULL, "cannot read measures: %s", strerror(errno));
        return;
    }
    cJSON *root = json_parse_checked(d, text, len, 1);
    free(text);
    const cJSON *arr = root ? cJSON_GetObjectItemCaseSensitive(root, "measures") : NULL;
    if (root && !cJSON_IsArray(arr))
        diag_error(d, 1, 1, "measures", "missing (expected {\"format\": \"taawun-measures/1\", \"measures\": [...]})");
    a->measures = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *a->measures);
    const cJSON *m;
    cJSON_ArrayForEach(m, arr) {
        measure *x = &a->measures[a->n_measures];
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(m, "code");
        const cJSON *ar = cJSON_GetObjectItemCaseSensitive(m, "ar");
        const cJSON *fr = cJSON_GetObjectItemCaseSensitive(m, "fr");
        const cJSON *num = cJSON_GetObjectItemCaseSensitive(m, "numerator");
        const cJSON *den = cJSON_GetObjectItemCaseSensitive(m, "denominator");
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(m, "scale");
        x->num = cJSON_IsString(num) ? catalog_indicator(&a->cat, num->valuestring) : -1;
        x->den = cJSON_IsString(den) ? catalog_indicator(&a->cat, den->valuestring) : -1;
        if (!cJSON_IsString(code) || !cJSON_IsString(ar) || !cJSON_IsString(fr) || x->num < 0 || x->den < 0) {
            diag_error(d, 0, 0, "measures", "entry %zu needs code, ar, fr and known numerator/denominator indicators",
                       a->n_measures + 1);
            continue;
        }
        x->code = xstrdup(code->valuestring);
        x->ar = xstrdup(ar->valuestring);
        x->fr = xstrdup(fr->valuestring);
        x->scale = cJSON_IsNumber(sc) ? sc->valuedouble : 1;
        a->n_measures++;
    }
    cJSON_Delete(root);
}

static void read_facts(aggregate *a, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die(EXIT_IO, "cannot read %s: %s", path, strerror(errno));
    static char iobuf[1 << 20];
    setvbuf(fp, iobuf, _IOFBF, sizeof iobuf);
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        if (lineno == 1) {
            if (strncmp(line, FACTS_TSV_HEADER, strlen(FACTS_TSV_HEADER)) != 0)
                die(EXIT_DATA, "%s:1: not canonical facts (expected the header written by taawun-ingest)", path);
            continue;
        }
        fact f;
        const char *why;
        if (fact_read_tsv(line, &f, &a->cat, &why) != 0)
            die(EXIT_DATA, "%s:%zu: %s", path, lineno, why);
        cube_add_fact(&a->cb, &f);
    }
    if (ferror(fp))
        die(EXIT_IO, "read error on %s", path);
    free(line);
    fclose(fp);
}

/* ---- output ----------------------------------------------------------------- */

static void put_num(strbuf *sb, double v)
{
    char b[40];
    if (!isfinite(v)) {
        sb_puts(sb, "null");
        return;
    }
    format_number(b, sizeof b, v);
    sb_puts(sb, b);
}

static void put_srcset(strbuf *sb, const cube *c, const srcset *s)
{
    sb_putc(sb, '[');
    for (int i = 0; i < s->n; i++) {
        if (i) sb_putc(sb, ',');
        json_put_string(sb, c->sources.strs[s->ids[i]]);
    }
    sb_putc(sb, ']');
    if (s->more)
        sb_printf(sb, ",\"sources_more\":%d", s->more);
}

static void put_flags(strbuf *sb, unsigned f)
{
    static const char *names[] = {"differs", "parts_exceed_total", "conflicting_sources", "partial",
                                  "derivations_differ", "synthetic"};
    sb_puts(sb, "[");
    int first = 1;
    for (int k = 0; k < 6; k++)
        if (f & (1u << k)) {
            sb_printf(sb, "%s\"%s\"", first ? "" : ",", names[k]);
            first = 0;
        }
    sb_puts(sb, "]");
}

static const char *text_or_empty(const cube *c, int id)
{
    return id >= 0 ? c->texts.strs[id] : "";
}

/* The same cell one period earlier (year before, season before), if any. */
static const cell *previous_cell(const cube *c, const cell *x)
{
    const period *p = &c->periods[x->period].per;
    char code[32];
    if (p->kind == PERIOD_YEAR)
        snprintf(code, sizeof code, "%04d", p->year - 1);
    else if (p->kind == PERIOD_SEASON)
        snprintf(code, sizeof code, "%04d/%04d", p->year - 1, p->year);
    else
        return NULL;
    int pi = strmap_get(&c->period_by_code, code);
    if (pi < 0)
        return NULL;
    const cell *y = cube_find(c, x->geo, pi, x->prog, x->ind, x->sex, x->area, x->item);
    return y && y->best_kind != -2 ? y : NULL;
}

static void put_cell(strbuf *sb, const aggregate *a, const cell *x)
{
    const cube *c = &a->cb;
    const catalog *cat = &a->cat;
    sb_puts(sb, "{\"geo\":");
    json_put_string(sb, cat->geo[x->geo].code);
    sb_puts(sb, ",\"period\":");
    json_put_string(sb, c->periods[x->period].code);
    sb_printf(sb, ",\"programme\":\"%s\",\"indicator\":\"%s\",\"sex\":\"%s\",\"area\":\"%s\",\"item\":",
              cat->prog[x->prog].code, cat->ind[x->ind].code, sex_name(x->sex), area_name(x->area));
    json_put_string(sb, c->items.strs[x->item]);
    sb_puts(sb, ",\"value\":");
    put_num(sb, x->best);
    sb_printf(sb, ",\"basis\":\"%s\",\"partial\":%s,\"qualifier\":\"%s\",\"flags\":",
              x->best_kind == -1 ? "reported" : derivation_name((derivation_kind)x->best_kind),
              x->best_partial ? "true" : "false", x->best_kind == -1 ? qualifier_name(x->rep[0].qual) : "exact");
    put_flags(sb, x->flags);
    if (x->flags & FLAG_DIFFERS) {
        sb_puts(sb, ",\"difference\":");
        put_num(sb, x->diff);
        sb_printf(sb, ",\"difference_basis\":\"%s\"", derivation_name((derivation_kind)x->diff_kind));
    }
    sb_puts(sb, ",\"reported\":[");
    for (int i = 0; i < x->n_rep; i++) {
        const report *r = &x->rep[i];
        sb_puts(sb, i ? ",{\"value\":" : "{\"value\":");
        put_num(sb, r->value);
        sb_printf(sb, ",\"qualifier\":\"%s\",\"source\":", qualifier_name(r->qual));
        json_put_string(sb, c->sources.strs[r->source]);
        sb_puts(sb, ",\"quote\":");
        json_put_string(sb, text_or_empty(c, r->quote));
        sb_puts(sb, ",\"file\":");
        json_put_string(sb, text_or_empty(c, r->file));
        sb_printf(sb, ",\"line\":%zu", r->line);
        if (r->as_reported >= 0) {
            sb_puts(sb, ",\"geo_as_reported\":");
            json_put_string(sb, text_or_empty(c, r->as_reported));
            if (r->reported_geo >= 0) {
                const territory *t = &cat->geo[r->reported_geo];
                sb_printf(sb, ",\"reported_territory\":\"%s\"", t->code);
                if (t->level == GEO_OLD_REGION && r->reported_geo != x->geo)
                    sb_printf(sb, ",\"reported_territory_provinces\":%zu,\"territory_provinces\":%zu",
                              t->n_members, cat->geo[x->geo].n_children);
            }
        }
        if (r->note >= 0) {
            sb_puts(sb, ",\"note\":");
            json_put_string(sb, text_or_empty(c, r->note));
        }
        sb_putc(sb, '}');
    }
    sb_puts(sb, "],\"derived\":[");
    int first = 1;
    for (int k = 0; k < D_COUNT; k++) {
        if (!(x->has & (1u << k)))
            continue;
        const derivation *d = &x->der[k];
        sb_printf(sb, "%s{\"basis\":\"%s\",\"value\":", first ? "" : ",", derivation_name((derivation_kind)k));
        put_num(sb, d->value);
        sb_printf(sb, ",\"have\":%d,\"of\":%d,\"partial\":%s,\"sources\":", d->have, d->of, d->partial ? "true" : "false");
        put_srcset(sb, c, &d->src);
        if (d->n_parts) {
            /* the facts about single centres this sum rests on (the first few) */
            sb_puts(sb, ",\"parts\":[");
            for (int i = 0; i < d->n_parts; i++) {
                const part *pt = &d->parts[i];
                sb_puts(sb, i ? ",{\"facility\":" : "{\"facility\":");
                json_put_string(sb, text_or_empty(c, pt->facility));
                sb_puts(sb, ",\"value\":");
                put_num(sb, pt->value);
                sb_puts(sb, ",\"source\":");
                json_put_string(sb, c->sources.strs[pt->source]);
                sb_puts(sb, ",\"quote\":");
                json_put_string(sb, text_or_empty(c, pt->quote));
                sb_puts(sb, ",\"file\":");
                json_put_string(sb, text_or_empty(c, pt->file));
                sb_printf(sb, ",\"line\":%zu}", pt->line);
            }
            sb_printf(sb, "],\"parts_more\":%d", d->have - d->n_parts);
        }
        sb_putc(sb, '}');
        first = 0;
    }
    sb_putc(sb, ']');
    const cell *prev = previous_cell(c, x);
    if (prev) {
        sb_puts(sb, ",\"previous\":{\"period\":");
        json_put_string(sb, c->periods[prev->period].code);
        sb_puts(sb, ",\"value\":");
        put_num(sb, prev->best);
        sb_puts(sb, ",\"change\":");
        put_num(sb, x->best - prev->best);
        sb_puts(sb, ",\"change_pct\":");
        put_num(sb, prev->best != 0 ? round((x->best - prev->best) / prev->best * 1e6) / 1e4 : NAN);
        sb_putc(sb, '}');
    }
    sb_putc(sb, '}');
}

static const cube *period_cube;

static int cmp_period_index(const void *a, const void *b)
{
    const period_entry *p = period_cube->periods;
    return period_compare(&p[*(const int *)a].per, &p[*(const int *)b].per);
}

/* Writes path only when the bytes differ from what is there. */
static int write_if_changed(const char *path, const strbuf *sb)
{
    int rc = atomic_write_if_changed(path, sb->data, sb->len);
    if (rc < 0)
        die(EXIT_IO, "cannot write %s: %s", path, strerror(errno));
    return rc;
}

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void put_result(strbuf *sb, const aggregate *a, const rule_result *r)
{
    const rule *ru = &a->rules.rules[r->rule];
    sb_puts(sb, "{\"rule\":");
    json_put_string(sb, ru->id);
    sb_puts(sb, ",\"importance\":");
    json_put_string(sb, ru->importance);
    sb_printf(sb, ",\"operator\":\"%s\",\"geo\":\"%s\",\"period\":", rule_op_name(ru->op), a->cat.geo[r->geo].code);
    json_put_string(sb, a->cb.periods[r->period].code);
    sb_printf(sb, ",\"programme\":%s%s%s,\"left\":", r->prog >= 0 ? "\"" : "", r->prog >= 0 ? a->cat.prog[r->prog].code : "null",
              r->prog >= 0 ? "\"" : "");
    if (r->has_left) put_num(sb, r->left); else sb_puts(sb, "null");
    sb_puts(sb, ",\"right\":");
    if (r->has_right) put_num(sb, r->right); else sb_puts(sb, "null");
    sb_printf(sb, ",\"verdict\":\"%s\"}", r->pass ? "pass" : "fail");
}

/* One scope's slice: the cells of the territory and its children. */
static int write_slice(aggregate *a, int scope, const char *dir)
{
    const catalog *cat = &a->cat;
    const territory *t = &cat->geo[scope];
    strbuf body;
    sb_init(&body);
    int synthetic = 0;
    int geos[128];
    size_t n_geos = scope_geos(cat, scope, geos);
#define FOR_SCOPE_CELLS(i)                                                        \
    for (size_t gi_ = 0; gi_ < n_geos; gi_++)                                     \
        for (size_t i = a->cell_start[geos[gi_]]; i < a->cell_end[geos[gi_]]; i++)
    sb_puts(&body, "\"cells\": [");
    size_t n = 0;
    FOR_SCOPE_CELLS(i) {
        const cell *x = a->sorted[i];
        sb_puts(&body, n++ ? ",\n  " : "\n  ");
        put_cell(&body, a, x);
        synthetic |= (x->flags & FLAG_SYNTHETIC) != 0;
    }
    sb_puts(&body, "\n],\n\"measures\": [");
    n = 0;
    FOR_SCOPE_CELLS(i) {
        const cell *x = a->sorted[i];
        if (x->sex != SEX_ALL || x->area != AREA_ALL || x->item != 0)
            continue;
        for (size_t m = 0; m < a->n_measures; m++) {
            const measure *me = &a->measures[m];
            if (x->ind != me->num)
                continue;
            const cell *den = cube_find(&a->cb, x->geo, x->period, x->prog, me->den, SEX_ALL, AREA_ALL, 0);
            if (!den || den->best_kind == -2 || den->best <= 0)
                continue;
            sb_printf(&body, "%s{\"geo\":\"%s\",\"period\":", n++ ? ",\n  " : "\n  ", cat->geo[x->geo].code);
            json_put_string(&body, a->cb.periods[x->period].code);
            sb_printf(&body, ",\"programme\":\"%s\",\"measure\":\"%s\",\"value\":", cat->prog[x->prog].code, me->code);
            put_num(&body, round(me->scale * x->best / den->best * 100) / 100);
            sb_printf(&body, ",\"partial\":%s}", x->best_partial || den->best_partial ? "true" : "false");
        }
    }
    sb_puts(&body, "\n],\n\"quality\": [");
    n = 0;
    size_t passes = 0;
    for (size_t gi = 0; gi < n_geos; gi++)
    for (size_t i = a->res_start[geos[gi]]; i < a->res_end[geos[gi]]; i++) {
        const rule_result *r = &a->results[i];
        if (r->pass) {
            passes++;
            continue;
        }
        sb_puts(&body, n++ ? ",\n  " : "\n  ");
        put_result(&body, a, r);
    }
    sb_printf(&body, "\n],\n\"quality_summary\": {\"failed\": %zu, \"passed\": %zu},\n\"sources\": [", n, passes);
    /* sources cited by this slice's cells */
    strmap cited;
    strmap_init(&cited);
    FOR_SCOPE_CELLS(i) {
        const cell *x = a->sorted[i];
        for (int r = 0; r < x->n_rep; r++)
            strmap_put(&cited, a->cb.sources.strs[x->rep[r].source], 1);
        for (int k = 0; k < D_COUNT; k++)
            if (x->has & (1u << k))
                for (int s = 0; s < x->der[k].src.n; s++)
                    strmap_put(&cited, a->cb.sources.strs[x->der[k].src.ids[s]], 1);
    }
    const cJSON *s;
    n = 0;
    cJSON_ArrayForEach(s, a->sources) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        if (!cJSON_IsString(id) || strmap_get(&cited, id->valuestring) < 0)
            continue;
        char *txt = cJSON_PrintUnformatted(s);
        sb_puts(&body, n++ ? ",\n  " : "\n  ");
        sb_puts(&body, txt);
        free(txt);
    }
    strmap_free(&cited);
    sb_puts(&body, "\n]\n}\n");

    /* header: identity of the scope, its children and periods */
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "{\"format\": \"taawun-cube/1\",\n\"scope\": {\"code\": ");
    json_put_string(&sb, t->code);
    sb_printf(&sb, ", \"level\": \"%s\", \"name_ar\": ", geo_level_name(t->level));
    json_put_string(&sb, t->name_ar);
    sb_puts(&sb, ", \"name_fr\": ");
    json_put_string(&sb, t->name_fr);
    sb_printf(&sb, ", \"parent\": %s%s%s},\n", t->parent >= 0 ? "\"" : "", t->parent >= 0 ? cat->geo[t->parent].code : "null",
              t->parent >= 0 ? "\"" : "");
    sb_puts(&sb, "\"children\": [");
    for (size_t k = 0; k < t->n_children; k++) {
        const territory *ch = &cat->geo[t->children[k]];
        int has = a->cell_end[t->children[k]] > a->cell_start[t->children[k]];
        sb_puts(&sb, k ? ",\n  {\"code\": " : "\n  {\"code\": ");
        json_put_string(&sb, ch->code);
        sb_puts(&sb, ", \"name_ar\": ");
        json_put_string(&sb, ch->name_ar);
        sb_puts(&sb, ", \"name_fr\": ");
        json_put_string(&sb, ch->name_fr);
        sb_printf(&sb, ", \"has_data\": %s}", has ? "true" : "false");
    }
    sb_puts(&sb, "\n],\n\"periods\": [");
    /* periods with data in this scope, in time order */
    int *seen = xcalloc(a->cb.n_periods, sizeof *seen);
    int *order = xmalloc(a->cb.n_periods * sizeof *order + 1);
    size_t n_order = 0;
    FOR_SCOPE_CELLS(i)
        if (!seen[a->sorted[i]->period]++)
            order[n_order++] = a->sorted[i]->period;
    period_cube = &a->cb;
    qsort(order, n_order, sizeof *order, cmp_period_index);
    n = 0;
    for (size_t k = 0; k < n_order; k++) {
        int p = order[k];
        sb_printf(&sb, "%s{\"code\": ", n++ ? ", " : "");
        json_put_string(&sb, a->cb.periods[p].code);
        sb_printf(&sb, ", \"kind\": \"%s\"}", period_kind_name(a->cb.periods[p].per.kind));
    }
    free(seen);
    free(order);
    sb_printf(&sb, "],\n\"synthetic\": %s,\n\"data_version\": \"%016llx\",\n", synthetic ? "true" : "false",
              (unsigned long long)fnv(body.data, body.len));
    sb_put(&sb, body.data, body.len);
    sb_free(&body);

    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/cube/%s.json", dir, t->code);
    int changed = write_if_changed(path.data, &sb);
    sb_free(&path);
    sb_free(&sb);
    return changed;
}

static void write_quality(aggregate *a, const char *dir)
{
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "{\"format\": \"taawun-quality/1\",\n\"facts\": %zu, \"cells\": %zu, \"rules_checked\": %zu, \"rules_skipped\": %zu,\n",
              a->cb.n_facts, a->cb.count, a->n_results, a->n_skipped);
    sb_puts(&sb, "\"failed_rules\": [");
    size_t n = 0;
    for (size_t i = 0; i < a->n_results; i++) {
        if (a->results[i].pass)
            continue;
        sb_puts(&sb, n++ ? ",\n  " : "\n  ");
        put_result(&sb, a, &a->results[i]);
    }
    sb_puts(&sb, "\n],\n\"flagged_cells\": [");
    n = 0;
    for (size_t i = 0; i < a->n_sorted; i++) {
        const cell *x = a->sorted[i];
        if (!(x->flags & (FLAG_DIFFERS | FLAG_PARTS_EXCEED | FLAG_CONFLICT | FLAG_DERIVED_DIFFER)))
            continue;
        sb_puts(&sb, n++ ? ",\n  " : "\n  ");
        put_cell(&sb, a, x);
    }
    sb_puts(&sb, "\n]}\n");
    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/quality.json", dir);
    write_if_changed(path.data, &sb);
    sb_free(&path);
    sb_free(&sb);
}

int main(int argc, char **argv)
{
    program_init("taawun-aggregate");
    const char *catdir = "input/catalog", *rules = NULL, *measures = NULL;
    const char *facts = "build/work/facts.tsv", *sources = "build/work/sources.json", *outdir = "build/work";
    const char *hierarchy = "official", *levels = "national,region,province";
    int quiet = 0;
    static const struct option opts[] = {
        {"catalog", required_argument, 0, 'c'}, {"rules", required_argument, 0, 'r'},
        {"measures", required_argument, 0, 'm'}, {"facts", required_argument, 0, 'f'},
        {"sources", required_argument, 0, 's'}, {"output", required_argument, 0, 'o'},
        {"hierarchy", required_argument, 0, 'H'}, {"levels", required_argument, 0, 'L'},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "c:r:m:f:s:o:H:L:qhV", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': catdir = optarg; break;
        case 'r': rules = optarg; break;
        case 'm': measures = optarg; break;
        case 'f': facts = optarg; break;
        case 's': sources = optarg; break;
        case 'o': outdir = optarg; break;
        case 'H': hierarchy = optarg; break;
        case 'L': levels = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(USAGE, stdout); return EXIT_OK;
        case 'V': printf("taawun-aggregate %s\n", TAAWUN_VERSION); return EXIT_OK;
        default: fputs(USAGE, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "taawun-aggregate: unexpected argument '%s'\n%s", argv[optind], USAGE);
        return EXIT_USAGE;
    }
    aggregate a;
    memset(&a, 0, sizeof a);
    diag d;
    diag_init(&d, 50);
    if (catalog_load(&a.cat, catdir, &d) != 0)
        die(EXIT_DATA, "the catalogues in %s have errors (see above)", catdir);
    if (catalog_set_hierarchy(&a.cat, hierarchy) != 0)
        die(EXIT_USAGE, "--hierarchy %s: unknown hierarchy (expected %s)", hierarchy, CATALOG_HIERARCHIES);
    int want_level[3] = {0, 0, 0};   /* geo_level national, region, province */
    {
        char *copy = xstrdup(levels);
        for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
            int k = !strcmp(tok, "national") ? GEO_NATIONAL : !strcmp(tok, "region") ? GEO_REGION
                  : !strcmp(tok, "province") ? GEO_PROVINCE : -1;
            if (k < 0)
                die(EXIT_USAGE, "--levels %s: unknown level '%s' (expected national, region, province)", levels, tok);
            want_level[k] = 1;
        }
        free(copy);
    }
    strbuf rpath, mpath;
    sb_init(&rpath);
    sb_init(&mpath);
    sb_printf(&rpath, "%s/rules.json", catdir);
    sb_printf(&mpath, "%s/measures.json", catdir);
    if (rules_load(&a.rules, rules ? rules : rpath.data, &a.cat, &d) != 0)
        die(EXIT_DATA, "the validation rules have errors (see above)");
    load_measures(&a, measures ? measures : mpath.data, &d);
    if (d.total_errors)
        die(EXIT_DATA, "the derived measures have errors (see above)");
    sb_free(&rpath);
    sb_free(&mpath);

    cube_init(&a.cb, &a.cat);
    a.cb.approx_tolerance = a.rules.approx_tolerance;
    load_sources(&a, sources);
    read_facts(&a, facts);
    cube_finish(&a.cb);
    a.results = rules_eval(&a.rules, &a.cb, &a.n_results, &a.n_skipped);
    a.sorted = cube_sorted(&a.cb, &a.n_sorted);
    index_runs(&a);

    strbuf cdir;
    sb_init(&cdir);
    sb_printf(&cdir, "%s/cube", outdir);
    if (make_dirs(cdir.data) != 0)
        die(EXIT_IO, "cannot create %s: %s", cdir.data, strerror(errno));
    sb_free(&cdir);

    /* scopes: national, then regions and provinces with data, catalogue order */
    int *has = xcalloc(a.cat.n_geo, sizeof *has);
    for (size_t i = 0; i < a.n_sorted; i++)
        has[a.sorted[i]->geo] = 1;
    strbuf mk, tsv;
    sb_init(&mk);
    sb_init(&tsv);
    sb_puts(&mk, "# written by taawun-aggregate: the report scopes that have data\nSCOPES :=");
    sb_puts(&tsv, "code\tlevel\tparent\n");
    size_t n_scopes = 0, n_changed = 0;
    for (size_t g = 0; g < a.cat.n_geo; g++) {
        geo_level lv = a.cat.geo[g].level;
        if (lv == GEO_OLD_REGION || (lv != GEO_NATIONAL && !has[g]) || (lv == GEO_NATIONAL && !a.n_sorted) ||
            !want_level[lv])
            continue;
        n_changed += (size_t)write_slice(&a, (int)g, outdir);
        sb_printf(&mk, " %s", a.cat.geo[g].code);
        int parent = a.cat.geo[g].parent;
        sb_printf(&tsv, "%s\t%s\t%s\n", a.cat.geo[g].code, geo_level_name(lv), parent >= 0 ? a.cat.geo[parent].code : "");
        n_scopes++;
    }
    sb_putc(&mk, '\n');
    free(has);
    write_quality(&a, outdir);
    strbuf mkpath;
    sb_init(&mkpath);
    sb_printf(&mkpath, "%s/scopes.mk", outdir);
    write_if_changed(mkpath.data, &mk);
    sb_reset(&mkpath);
    sb_printf(&mkpath, "%s/scopes.tsv", outdir);
    write_if_changed(mkpath.data, &tsv);
    sb_free(&mkpath);
    sb_free(&mk);
    sb_free(&tsv);

    size_t failed = 0;
    for (size_t i = 0; i < a.n_results; i++)
        failed += !a.results[i].pass;
    if (!quiet)
        fprintf(stderr, "%s: %zu facts, %zu cells, %zu scopes (%zu changed), rules: %zu checked, %zu failed\n",
                progname, a.cb.n_facts, a.cb.count, n_scopes, n_changed, a.n_results, failed);

    free(a.sorted);
    free(a.results);
    free(a.cell_start);
    free(a.cell_end);
    free(a.res_start);
    free(a.res_end);
    cJSON_Delete(a.sources);
    for (size_t m = 0; m < a.n_measures; m++) {
        free(a.measures[m].code); free(a.measures[m].ar); free(a.measures[m].fr);
    }
    free(a.measures);
    rules_free(&a.rules);
    cube_free(&a.cb);
    catalog_free(&a.cat);
    return EXIT_OK;
}
