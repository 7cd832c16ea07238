/* Stage 2, aggregate: reads the canonical facts and writes the cube, one
 * slice per report scope (national, each region and province with data),
 * the data-quality result, and the list of scopes for the Makefile
 * (scopes.mk) and for taawun-plan (scopes.tsv: code, level, parent).
 * A slice is rewritten only when its content changes, so that make
 * re-renders only the scopes whose figures changed. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/cube.h"
#include "lib/diag.h"
#include "lib/fact.h"
#include "lib/json.h"
#include "lib/ordered.h"
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
    int *prev_period;        /* previous_periods() */
    /* sources.json's entries as slices cite them: compact JSON, and the
     * id's index in cb.sources (-1: no fact rests on it) */
    char **src_json;
    int *src_cube_id;
    size_t n_src_json;
} aggregate;

/* The territories of a scope's slice: the scope, then its children, in a
 * new array (a catalogue may give a territory any number of children). */
static int *scope_geos(const catalog *cat, int scope, size_t *n_out)
{
    size_t n = 0;
    int *out = xmalloc((cat->geo[scope].n_children + 1) * sizeof *out);
    out[n++] = scope;
    for (size_t k = 0; k < cat->geo[scope].n_children; k++)
        out[n++] = cat->geo[scope].children[k];
    *n_out = n;
    return out;
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
        const cJSON *published = cJSON_GetObjectItemCaseSensitive(s, "published");
        if (cJSON_IsString(id) && cJSON_IsString(published))
            cube_source_date(&a->cb, id->valuestring, published->valuestring);
    }
}

/* The sources' JSON text and cube ids, once for every slice. */
static void source_texts(aggregate *a)
{
    size_t n = (size_t)cJSON_GetArraySize(a->sources);
    a->src_json = xcalloc(n + 1, sizeof *a->src_json);
    a->src_cube_id = xcalloc(n + 1, sizeof *a->src_cube_id);
    const cJSON *s;
    cJSON_ArrayForEach(s, a->sources) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        if (!cJSON_IsString(id))
            continue;
        int cid = strmap_get(&a->cb.sources.map, id->valuestring);
        if (cid < 0)
            continue;   /* cited by no cell */
        a->src_json[a->n_src_json] = cJSON_PrintUnformatted(s);
        a->src_cube_id[a->n_src_json++] = cid;
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

/* ---- reading the canonical facts ------------------------------------------
 * In batches of whole lines (about 1 MiB): worker threads parse them
 * (fact_read_tsv: columns, codes, periods, numbers), this thread adds the
 * facts to the cube in file order, so the cube is the same whatever the
 * threads.  The first bad line in file order stops the stage, as before. */

#define FACTS_BATCH ((size_t)1 << 20)

typedef struct {
    char *in;
    size_t cap, len;
    int first;               /* the file's first batch (its first line: the header) */
    size_t lines;            /* lines in it (counted by the worker) */
    fact *facts;
    size_t n_facts, cap_facts;
    size_t bad_line;         /* first line that is not a canonical fact (in the batch, from 1), 0 if none */
    const char *why;
} facts_batch;

/* read_facts' job (lib/ordered.h): batches of TSV lines parsed by worker
 * threads, added to the cube in file order. */
typedef struct {
    aggregate *a;
    const char *path;
    FILE *fp;
    facts_batch *b;
    strbuf carry;
    int eof;
    size_t filled, lines;
} facts_job;

static void parse_batch(const catalog *cat, facts_batch *b)
{
    b->n_facts = 0;
    b->bad_line = 0;
    size_t lineno = 0, start = 0;
    while (start < b->len) {
        char *line = b->in + start;
        char *nl = memchr(line, '\n', b->len - start);
        size_t len = nl ? (size_t)(nl - line) : b->len - start;
        start += nl ? len + 1 : len;
        line[len] = '\0';
        if (++lineno == 1 && b->first)
            continue;   /* the header, checked by the reading thread */
        if (b->n_facts == b->cap_facts) {
            b->cap_facts = b->cap_facts ? 2 * b->cap_facts : 4096;
            b->facts = xrealloc(b->facts, b->cap_facts * sizeof *b->facts);
        }
        if (fact_read_tsv(line, &b->facts[b->n_facts], cat, &b->why) != 0) {
            b->bad_line = lineno;
            return;
        }
        b->n_facts++;
    }
    b->lines = lineno;
}

/* Fills b with the next whole lines (the rest kept in *carry); 0 at the end. */
static int fill_facts_batch(FILE *fp, const char *path, facts_batch *b, strbuf *carry, int *eof)
{
    if (*eof && carry->len == 0)
        return 0;
    if (b->cap < FACTS_BATCH + 1 || b->cap < carry->len + 1) {
        b->cap = carry->len + 1 > FACTS_BATCH + 1 ? 2 * carry->len + 1 : FACTS_BATCH + 1;
        free(b->in);
        b->in = xmalloc(b->cap);
    }
    memcpy(b->in, carry->data, carry->len);
    b->len = carry->len;
    sb_reset(carry);
    for (;;) {
        while (!*eof && b->len < b->cap - 1) {
            size_t got = fread(b->in + b->len, 1, b->cap - 1 - b->len, fp);
            if (got == 0) {
                if (ferror(fp))
                    die(EXIT_IO, "read error on %s", path);
                *eof = 1;
            }
            b->len += got;
        }
        if (b->len == 0)
            return 0;
        char *nl = memrchr(b->in, '\n', b->len);
        if (nl) {
            size_t keep = (size_t)(nl - b->in) + 1;
            sb_put(carry, b->in + keep, b->len - keep);
            b->len = keep;
            break;
        }
        if (*eof)
            break;   /* the last line, without a line feed */
        /* a line longer than the buffer: make room */
        b->cap *= 2;
        b->in = xrealloc(b->in, b->cap);
    }
    return 1;
}

/* lines: lines of the batches before b. */
static void add_batch(aggregate *a, const char *path, facts_batch *b, size_t lines)
{
    if (b->first) {
        /* the file's first line: the header */
        size_t n = strlen(FACTS_TSV_HEADER);
        char *nl = memchr(b->in, '\n', b->len);
        size_t len = nl ? (size_t)(nl - b->in) : b->len;
        if (len < n || memcmp(b->in, FACTS_TSV_HEADER, n) != 0 || memchr(b->in, '\0', n))
            die(EXIT_DATA, "%s:1: not canonical facts (expected the header written by taawun-ingest)", path);
    }
    for (size_t i = 0; i < b->n_facts; i++)
        cube_add_fact(&a->cb, &b->facts[i]);
    if (b->bad_line)
        die(EXIT_DATA, "%s:%zu: %s", path, lines + b->bad_line, b->why);
}

static int fill_slot(void *ctx, size_t slot)
{
    facts_job *j = ctx;
    facts_batch *b = &j->b[slot];
    b->first = j->filled++ == 0;
    return fill_facts_batch(j->fp, j->path, b, &j->carry, &j->eof);
}

static void parse_slot(void *ctx, void *state, size_t slot)
{
    (void)state;
    facts_job *j = ctx;
    parse_batch(&j->a->cat, &j->b[slot]);
}

static void add_slot(void *ctx, size_t slot)
{
    facts_job *j = ctx;
    add_batch(j->a, j->path, &j->b[slot], j->lines);
    j->lines += j->b[slot].lines;
}

static void read_facts(aggregate *a, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die(EXIT_IO, "cannot read %s: %s", path, strerror(errno));
    int nt = taawun_threads();
    facts_job j = {.a = a, .path = path, .fp = fp};
    sb_init(&j.carry);
    ordered_job job = {.ctx = &j, .n_slots = nt > 1 ? 2 * (size_t)nt + 2 : 1, .threads = nt > 1 ? nt : 0,
                       .fill = fill_slot, .work = parse_slot, .take = add_slot};
    j.b = xcalloc(job.n_slots, sizeof *j.b);
    ordered_run(&job);
    for (size_t k = 0; k < job.n_slots; k++) {
        free(j.b[k].in);
        free(j.b[k].facts);
    }
    free(j.b);
    sb_free(&j.carry);
    fclose(fp);
}

/* ---- output ----------------------------------------------------------------- */

/* Output is most of this stage's time (every cell of every slice):
 * literals and numbers are appended directly, without printf. */
#define PUT_LIT(sb, lit) sb_put((sb), (lit), sizeof(lit) - 1)

static void put_int(strbuf *sb, long long v)
{
    char b[24];
    sb_put(sb, b, format_int(b, v));
}

static void put_num(strbuf *sb, double v)
{
    char b[40];
    if (!isfinite(v)) {
        PUT_LIT(sb, "null");
        return;
    }
    if (v <= 9.007199254740992e15 && v >= -9.007199254740992e15 && v == (double)(long long)v) {
        put_int(sb, (long long)v);   /* format_number's integers */
        return;
    }
    format_number(b, sizeof b, v);
    sb_puts(sb, b);
}

/* "s" with its quotes, for codes and names known to need no escaping. */
static void put_plain(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    sb_puts(sb, s);
    sb_putc(sb, '"');
}

static void put_bool(strbuf *sb, int b)
{
    if (b)
        PUT_LIT(sb, "true");
    else
        PUT_LIT(sb, "false");
}

static void put_srcset(strbuf *sb, const cube *c, const srcset *s)
{
    sb_putc(sb, '[');
    for (int i = 0; i < s->n; i++) {
        if (i) sb_putc(sb, ',');
        json_put_string(sb, c->sources.strs[s->ids[i]]);
    }
    sb_putc(sb, ']');
    if (s->more) {
        PUT_LIT(sb, ",\"sources_more\":");
        put_int(sb, s->more);
    }
}

static void put_flags(strbuf *sb, unsigned f)
{
    static const char *names[] = {"differs", "parts_exceed_total", "conflicting_sources", "partial",
                                  "derivations_differ", "synthetic"};
    sb_putc(sb, '[');
    int first = 1;
    for (int k = 0; k < 6; k++)
        if (f & (1u << k)) {
            if (!first)
                sb_putc(sb, ',');
            put_plain(sb, names[k]);
            first = 0;
        }
    sb_putc(sb, ']');
}

static const char *text_or_empty(const cube *c, int id)
{
    return id >= 0 ? c->texts.strs[id] : "";
}

/* For each period, the period one earlier (year before, season before),
 * or -1: looked up once, not per cell. */
static int *previous_periods(const cube *c)
{
    int *prev = xmalloc((c->n_periods ? c->n_periods : 1) * sizeof *prev);
    for (size_t i = 0; i < c->n_periods; i++) {
        const period *p = &c->periods[i].per;
        char code[32];
        prev[i] = -1;
        if (p->kind == PERIOD_YEAR)
            snprintf(code, sizeof code, "%04d", p->year - 1);
        else if (p->kind == PERIOD_SEASON)
            snprintf(code, sizeof code, "%04d/%04d", p->year - 1, p->year);
        else
            continue;
        prev[i] = strmap_get(&c->period_by_code, code);
    }
    return prev;
}

/* The same cell one period earlier (year before, season before), if any. */
static const cell *previous_cell(const aggregate *a, const cell *x)
{
    int pi = a->prev_period[x->period];
    if (pi < 0)
        return NULL;
    const cell *y = cube_find(&a->cb, x->geo, pi, x->prog, x->ind, x->sex, x->area, x->item);
    return y && y->best_kind != -2 ? y : NULL;
}

static void put_cell(strbuf *sb, const aggregate *a, const cell *x, int with_parts)
{
    const cube *c = &a->cb;
    const catalog *cat = &a->cat;
    PUT_LIT(sb, "{\"geo\":");
    json_put_string(sb, cat->geo[x->geo].code);
    PUT_LIT(sb, ",\"period\":");
    json_put_string(sb, c->periods[x->period].code);
    PUT_LIT(sb, ",\"programme\":");
    put_plain(sb, cat->prog[x->prog].code);
    PUT_LIT(sb, ",\"indicator\":");
    put_plain(sb, cat->ind[x->ind].code);
    PUT_LIT(sb, ",\"sex\":");
    put_plain(sb, sex_name(x->sex));
    PUT_LIT(sb, ",\"area\":");
    put_plain(sb, area_name(x->area));
    PUT_LIT(sb, ",\"item\":");
    json_put_string(sb, c->items.strs[x->item]);
    PUT_LIT(sb, ",\"value\":");
    put_num(sb, x->best);
    PUT_LIT(sb, ",\"basis\":");
    put_plain(sb, x->best_kind == -1 ? "reported" : derivation_name((derivation_kind)x->best_kind));
    PUT_LIT(sb, ",\"partial\":");
    put_bool(sb, x->best_partial);
    PUT_LIT(sb, ",\"qualifier\":");
    put_plain(sb, qualifier_name(cell_best_qualifier(x)));
    PUT_LIT(sb, ",\"flags\":");
    put_flags(sb, x->flags);
    if (x->flags & FLAG_DIFFERS) {
        PUT_LIT(sb, ",\"difference\":");
        put_num(sb, x->diff);
        PUT_LIT(sb, ",\"difference_basis\":");
        put_plain(sb, derivation_name((derivation_kind)x->diff_kind));
    }
    PUT_LIT(sb, ",\"reported\":[");
    for (int i = 0; i < x->n_rep; i++) {
        const report *r = &x->rep[i];
        if (i)
            sb_putc(sb, ',');
        PUT_LIT(sb, "{\"value\":");
        put_num(sb, r->value);
        PUT_LIT(sb, ",\"qualifier\":");
        put_plain(sb, qualifier_name(r->qual));
        PUT_LIT(sb, ",\"source\":");
        json_put_string(sb, c->sources.strs[r->source]);
        PUT_LIT(sb, ",\"quote\":");
        json_put_string(sb, text_or_empty(c, r->quote));
        PUT_LIT(sb, ",\"file\":");
        json_put_string(sb, text_or_empty(c, r->file));
        PUT_LIT(sb, ",\"line\":");
        put_int(sb, (long long)r->line);
        if (r->as_reported >= 0) {
            PUT_LIT(sb, ",\"geo_as_reported\":");
            json_put_string(sb, text_or_empty(c, r->as_reported));
            if (r->reported_geo >= 0) {
                const territory *t = &cat->geo[r->reported_geo];
                PUT_LIT(sb, ",\"reported_territory\":");
                put_plain(sb, t->code);
                if (t->level == GEO_OLD_REGION && r->reported_geo != x->geo) {
                    PUT_LIT(sb, ",\"reported_territory_provinces\":");
                    put_int(sb, (long long)t->n_members);
                    PUT_LIT(sb, ",\"territory_provinces\":");
                    put_int(sb, (long long)cat->geo[x->geo].n_children);
                }
            }
        }
        if (r->note >= 0) {
            PUT_LIT(sb, ",\"note\":");
            json_put_string(sb, text_or_empty(c, r->note));
        }
        if (r->basis != PB_STATED) {   /* absent when stated: outputs unchanged */
            PUT_LIT(sb, ",\"period_basis\":");
            put_plain(sb, period_basis_name(r->basis));
        }
        sb_putc(sb, '}');
    }
    PUT_LIT(sb, "],\"derived\":[");
    int first = 1;
    for (int k = 0; k < D_COUNT; k++) {
        if (!(x->has & (1u << k)))
            continue;
        const derivation *d = cell_der(x, (derivation_kind)k);
        if (!first)
            sb_putc(sb, ',');
        PUT_LIT(sb, "{\"basis\":");
        put_plain(sb, derivation_name((derivation_kind)k));
        PUT_LIT(sb, ",\"value\":");
        put_num(sb, d->value);
        PUT_LIT(sb, ",\"have\":");
        put_int(sb, d->have);
        PUT_LIT(sb, ",\"of\":");
        put_int(sb, d->of);
        PUT_LIT(sb, ",\"partial\":");
        put_bool(sb, d->partial);
        if (d->qual != Q_EXACT) {
            PUT_LIT(sb, ",\"qualifier\":");
            put_plain(sb, qualifier_name(d->qual));
        }
        PUT_LIT(sb, ",\"sources\":");
        put_srcset(sb, c, &d->src);
        if (d->n_parts && with_parts) {
            /* the facts about single centres this sum rests on (the first few) */
            PUT_LIT(sb, ",\"parts\":[");
            for (int i = 0; i < d->n_parts; i++) {
                const part *pt = &d->parts[i];
                if (i)
                    sb_putc(sb, ',');
                PUT_LIT(sb, "{\"facility\":");
                json_put_string(sb, text_or_empty(c, pt->facility));
                PUT_LIT(sb, ",\"value\":");
                put_num(sb, pt->value);
                PUT_LIT(sb, ",\"source\":");
                json_put_string(sb, c->sources.strs[pt->source]);
                PUT_LIT(sb, ",\"quote\":");
                json_put_string(sb, text_or_empty(c, pt->quote));
                PUT_LIT(sb, ",\"file\":");
                json_put_string(sb, text_or_empty(c, pt->file));
                PUT_LIT(sb, ",\"line\":");
                put_int(sb, (long long)pt->line);
                sb_putc(sb, '}');
            }
            PUT_LIT(sb, "],\"parts_more\":");
            put_int(sb, d->have - d->n_parts);
        }
        sb_putc(sb, '}');
        first = 0;
    }
    sb_putc(sb, ']');
    const cell *prev = previous_cell(a, x);
    if (prev) {
        PUT_LIT(sb, ",\"previous\":{\"period\":");
        json_put_string(sb, c->periods[prev->period].code);
        PUT_LIT(sb, ",\"value\":");
        put_num(sb, prev->best);
        PUT_LIT(sb, ",\"change\":");
        put_num(sb, x->best - prev->best);
        PUT_LIT(sb, ",\"change_pct\":");
        put_num(sb, prev->best != 0 ? round((x->best - prev->best) / prev->best * 1e6) / 1e4 : NAN);
        sb_putc(sb, '}');
    }
    sb_putc(sb, '}');
}

static int cmp_period_index(const void *a, const void *b, void *arg)
{
    const period_entry *p = arg;
    return period_compare(&p[*(const int *)a].per, &p[*(const int *)b].per);
}

/* Writes path only when the bytes differ from what is there; a slice is
 * written in pieces (its header, and the cells of each territory, which
 * are kept apart for reuse). */
static int write_parts_if_changed(const char *path, const atomic_piece *parts, size_t n_parts)
{
    int rc = atomic_write_parts_if_changed(path, parts, n_parts);
    if (rc < 0)
        die(EXIT_IO, "cannot write %s: %s", path, strerror(errno));
    return rc;
}

static int write_if_changed(const char *path, const strbuf *sb)
{
    atomic_piece one = {sb->data, sb->len};
    return write_parts_if_changed(path, &one, 1);
}

#define FNV_START 1469598103934665603ULL

/* FNV-1a 64 of s[0..n), going on from h (FNV_START to begin). */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void put_result(strbuf *sb, const aggregate *a, const rule_result *r)
{
    const rule *ru = &a->rules.rules[r->rule];
    PUT_LIT(sb, "{\"rule\":");
    json_put_string(sb, ru->id);
    PUT_LIT(sb, ",\"importance\":");
    json_put_string(sb, ru->importance);
    PUT_LIT(sb, ",\"operator\":");
    put_plain(sb, rule_op_name(ru->op));
    PUT_LIT(sb, ",\"geo\":");
    put_plain(sb, a->cat.geo[r->geo].code);
    PUT_LIT(sb, ",\"period\":");
    json_put_string(sb, a->cb.periods[r->period].code);
    PUT_LIT(sb, ",\"programme\":");
    if (r->prog >= 0)
        put_plain(sb, a->cat.prog[r->prog].code);
    else
        PUT_LIT(sb, "null");
    PUT_LIT(sb, ",\"left\":");
    if (r->has_left) put_num(sb, r->left); else PUT_LIT(sb, "null");
    PUT_LIT(sb, ",\"right\":");
    if (r->has_right) put_num(sb, r->right); else PUT_LIT(sb, "null");
    PUT_LIT(sb, ",\"verdict\":");
    put_plain(sb, r->pass ? "pass" : "fail");
    sb_putc(sb, '}');
}

/* What one slice writer reuses from slice to slice.  A territory's cells
 * are in its own slice and in its parent's: their JSON is kept from the
 * one to the other (geo_json, while the writer does that parent's unit). */
typedef struct {
    strbuf body, head, path, scratch;
    unsigned char *cited;    /* per cube source: cited by this slice */
    int *seen, *order;       /* per period */
    strbuf *geo_json;        /* per territory: its cells, joined by ",\n  " */
    unsigned char *geo_has;  /* geo_json[g] is set */
    /* the body: segments of `body` (offsets) between kept cells JSON */
    atomic_piece *parts;
    size_t *seg_off;         /* for a body segment: its offset; (size_t)-1 for kept JSON */
    size_t n_parts, cap_parts;
} slice_writer;

static void slice_writer_init(slice_writer *w, const aggregate *a)
{
    memset(w, 0, sizeof *w);
    sb_init(&w->body);
    sb_init(&w->head);
    sb_init(&w->path);
    sb_init(&w->scratch);
    w->cited = xcalloc(a->cb.sources.count + 1, 1);
    w->seen = xcalloc(a->cb.n_periods + 1, sizeof *w->seen);
    w->order = xcalloc(a->cb.n_periods + 1, sizeof *w->order);
    w->geo_json = xcalloc(a->cat.n_geo + 1, sizeof *w->geo_json);
    w->geo_has = xcalloc(a->cat.n_geo + 1, 1);
}

/* Forgets the kept JSON (keeping nothing between units). */
static void slice_writer_drop(slice_writer *w, const aggregate *a)
{
    for (size_t g = 0; g < a->cat.n_geo; g++)
        if (w->geo_has[g]) {
            sb_free(&w->geo_json[g]);
            w->geo_has[g] = 0;
        }
}

static void slice_writer_free(slice_writer *w, const aggregate *a)
{
    slice_writer_drop(w, a);
    sb_free(&w->body);
    sb_free(&w->head);
    sb_free(&w->path);
    sb_free(&w->scratch);
    free(w->cited);
    free(w->seen);
    free(w->order);
    free(w->geo_json);
    free(w->geo_has);
    free(w->parts);
    free(w->seg_off);
}

static void add_part(slice_writer *w, const char *p, size_t off, size_t n)
{
    if (w->n_parts == w->cap_parts) {
        w->cap_parts = w->cap_parts ? 2 * w->cap_parts : 64;
        w->parts = xrealloc(w->parts, w->cap_parts * sizeof *w->parts);
        w->seg_off = xrealloc(w->seg_off, w->cap_parts * sizeof *w->seg_off);
    }
    w->parts[w->n_parts] = (atomic_piece){p, n};
    w->seg_off[w->n_parts++] = off;
}

/* The JSON of territory g's cells as its parent's slice shows them
 * (without the centres' facts behind their sums, which the territory's own
 * slice lists): kept when `keep`, else built in the scratch buffer (valid
 * until the next call). */
static const strbuf *child_cells_json(const aggregate *a, slice_writer *w, int g, int keep)
{
    if (w->geo_has[g])
        return &w->geo_json[g];
    strbuf *sb = &w->scratch;
    if (keep) {
        sb = &w->geo_json[g];
        sb_init(sb);
        w->geo_has[g] = 1;
    }
    sb_reset(sb);
    for (size_t i = a->cell_start[g]; i < a->cell_end[g]; i++) {
        if (i > a->cell_start[g])
            PUT_LIT(sb, ",\n  ");
        put_cell(sb, a, a->sorted[i], 0);
    }
    if (keep && sb->cap > sb->len + 4096) {   /* kept a while: no slack */
        sb->data = xrealloc(sb->data, sb->len + 1);
        sb->cap = sb->len + 1;
    }
    return sb;
}

/* How good a cell is as a scope's headline figure: complete figures of a
 * year or season first, then complete ones of a month or day, then partial
 * sums; lower is better.  A partial sum never beats a complete figure,
 * whatever their periods. */
static int headline_tier(const aggregate *a, const cell *x)
{
    period_kind k = a->cb.periods[x->period].per.kind;
    int yearly = k == PERIOD_YEAR || k == PERIOD_SEASON;
    return (x->best_partial ? 2 : 0) + (yearly ? 0 : 1);
}

/* The scope's headline figures, one per indicator with an institution-wide
 * figure (programme "all"): the latest of the best tier, each with its own
 * period (README "Headline figures").  Renderers and mail show these. */
static void put_headlines(strbuf *body, const aggregate *a, int scope)
{
    const catalog *cat = &a->cat;
    const cell **best = xcalloc(cat->n_ind ? cat->n_ind : 1, sizeof *best);
    /* sorted cells: time order within an indicator, so a later one of the
     * same tier is newer */
    for (size_t i = a->cell_start[scope]; i < a->cell_end[scope]; i++) {
        const cell *x = a->sorted[i];
        if (x->prog != cat->prog_all || x->sex != SEX_ALL || x->area != AREA_ALL || x->item != 0 ||
            x->best_kind == -2)
            continue;
        const cell *b = best[x->ind];
        if (!b || headline_tier(a, x) <= headline_tier(a, b))
            best[x->ind] = x;
    }
    PUT_LIT(body, "\n],\n\"headlines\": [");
    int n = 0;
    for (size_t k = 0; k < cat->n_ind; k++) {
        const cell *x = best[k];
        if (!x)
            continue;
        if (n++)
            PUT_LIT(body, ",\n  ");
        else
            PUT_LIT(body, "\n  ");
        PUT_LIT(body, "{\"indicator\":");
        put_plain(body, cat->ind[k].code);
        PUT_LIT(body, ",\"period\":");
        json_put_string(body, a->cb.periods[x->period].code);
        PUT_LIT(body, ",\"value\":");
        put_num(body, x->best);
        PUT_LIT(body, ",\"qualifier\":");
        put_plain(body, qualifier_name(cell_best_qualifier(x)));
        PUT_LIT(body, ",\"basis\":");
        put_plain(body, x->best_kind == -1 ? "reported" : derivation_name((derivation_kind)x->best_kind));
        PUT_LIT(body, ",\"partial\":");
        put_bool(body, x->best_partial);
        sb_putc(body, '}');
    }
    free(best);
}

/* One scope's slice: the cells of the territory and its children. */
static int write_slice(const aggregate *a, int scope, const char *dir, slice_writer *w)
{
    const catalog *cat = &a->cat;
    const territory *t = &cat->geo[scope];
    strbuf *body = &w->body;
    sb_reset(body);
    int synthetic = 0;
    size_t n_geos;
    int *geos = scope_geos(cat, scope, &n_geos);
#define FOR_SCOPE_CELLS(i)                                                        \
    for (size_t gi_ = 0; gi_ < n_geos; gi_++)                                     \
        for (size_t i = a->cell_start[geos[gi_]]; i < a->cell_end[geos[gi_]]; i++)
    w->n_parts = 0;
    size_t seg = 0;          /* start of the body segment being written */
    PUT_LIT(body, "\"cells\": [");
    size_t n = 0;
    for (size_t gi = 0; gi < n_geos; gi++) {
        int g = geos[gi];
        if (a->cell_end[g] == a->cell_start[g])
            continue;
        if (n++)
            PUT_LIT(body, ",\n  ");
        else
            PUT_LIT(body, "\n  ");
        if (g != scope && w->geo_has[g]) {
            /* kept JSON: a piece of its own, not copied */
            add_part(w, NULL, seg, body->len - seg);
            add_part(w, w->geo_json[g].data, (size_t)-1, w->geo_json[g].len);
            seg = body->len;
        } else {
            /* the centres' facts behind a sum: in the territory's own
             * slice only (a region's slice would list every centre of
             * its provinces again) */
            for (size_t i = a->cell_start[g]; i < a->cell_end[g]; i++) {
                if (i > a->cell_start[g])
                    PUT_LIT(body, ",\n  ");
                put_cell(body, a, a->sorted[i], g == scope);
            }
        }
    }
    FOR_SCOPE_CELLS(i)
        synthetic |= (a->sorted[i]->flags & FLAG_SYNTHETIC) != 0;
    put_headlines(body, a, scope);
    PUT_LIT(body, "\n],\n\"measures\": [");
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
            if (n++)
                PUT_LIT(body, ",\n  ");
            else
                PUT_LIT(body, "\n  ");
            PUT_LIT(body, "{\"geo\":");
            put_plain(body, cat->geo[x->geo].code);
            PUT_LIT(body, ",\"period\":");
            json_put_string(body, a->cb.periods[x->period].code);
            PUT_LIT(body, ",\"programme\":");
            put_plain(body, cat->prog[x->prog].code);
            PUT_LIT(body, ",\"measure\":");
            put_plain(body, me->code);
            PUT_LIT(body, ",\"value\":");
            put_num(body, round(me->scale * x->best / den->best * 100) / 100);
            PUT_LIT(body, ",\"partial\":");
            put_bool(body, x->best_partial || den->best_partial);
            sb_putc(body, '}');
        }
    }
    PUT_LIT(body, "\n],\n\"quality\": [");
    n = 0;
    size_t passes = 0;
    for (size_t gi = 0; gi < n_geos; gi++)
    for (size_t i = a->res_start[geos[gi]]; i < a->res_end[geos[gi]]; i++) {
        const rule_result *r = &a->results[i];
        if (r->pass) {
            passes++;
            continue;
        }
        if (n++)
            PUT_LIT(body, ",\n  ");
        else
            PUT_LIT(body, "\n  ");
        put_result(body, a, r);
    }
    PUT_LIT(body, "\n],\n\"quality_summary\": {\"failed\": ");
    put_int(body, (long long)n);
    PUT_LIT(body, ", \"passed\": ");
    put_int(body, (long long)passes);
    PUT_LIT(body, "},\n\"sources\": [");
    /* sources cited by this slice's cells */
    memset(w->cited, 0, a->cb.sources.count + 1);
    FOR_SCOPE_CELLS(i) {
        const cell *x = a->sorted[i];
        for (int r = 0; r < x->n_rep; r++)
            w->cited[x->rep[r].source] = 1;
        for (int k = 0; k < D_COUNT; k++)
            if (x->has & (1u << k)) {
                const srcset *ss = &cell_der(x, (derivation_kind)k)->src;
                for (int j = 0; j < ss->n; j++)
                    w->cited[ss->ids[j]] = 1;
            }
    }
    n = 0;
    for (size_t k = 0; k < a->n_src_json; k++) {
        if (a->src_cube_id[k] < 0 || !w->cited[a->src_cube_id[k]])
            continue;
        if (n++)
            PUT_LIT(body, ",\n  ");
        else
            PUT_LIT(body, "\n  ");
        sb_puts(body, a->src_json[k]);
    }
    PUT_LIT(body, "\n]\n}\n");

    /* header: identity of the scope, its children and periods */
    strbuf *sb = &w->head;
    sb_reset(sb);
    PUT_LIT(sb, "{\"format\": \"taawun-cube/1\",\n\"scope\": {\"code\": ");
    json_put_string(sb, t->code);
    PUT_LIT(sb, ", \"level\": ");
    put_plain(sb, geo_level_name(t->level));
    PUT_LIT(sb, ", \"name_ar\": ");
    json_put_string(sb, t->name_ar);
    PUT_LIT(sb, ", \"name_fr\": ");
    json_put_string(sb, t->name_fr);
    PUT_LIT(sb, ", \"parent\": ");
    if (t->parent >= 0)
        put_plain(sb, cat->geo[t->parent].code);
    else
        PUT_LIT(sb, "null");
    PUT_LIT(sb, "},\n\"children\": [");
    for (size_t k = 0; k < t->n_children; k++) {
        const territory *ch = &cat->geo[t->children[k]];
        int has = a->cell_end[t->children[k]] > a->cell_start[t->children[k]];
        if (k)
            PUT_LIT(sb, ",\n  {\"code\": ");
        else
            PUT_LIT(sb, "\n  {\"code\": ");
        json_put_string(sb, ch->code);
        PUT_LIT(sb, ", \"name_ar\": ");
        json_put_string(sb, ch->name_ar);
        PUT_LIT(sb, ", \"name_fr\": ");
        json_put_string(sb, ch->name_fr);
        PUT_LIT(sb, ", \"has_data\": ");
        put_bool(sb, has);
        sb_putc(sb, '}');
    }
    PUT_LIT(sb, "\n],\n\"periods\": [");
    /* periods with data in this scope, in time order */
    memset(w->seen, 0, (a->cb.n_periods + 1) * sizeof *w->seen);
    size_t n_order = 0;
    FOR_SCOPE_CELLS(i)
        if (!w->seen[a->sorted[i]->period]++)
            w->order[n_order++] = a->sorted[i]->period;
    qsort_r(w->order, n_order, sizeof *w->order, cmp_period_index, a->cb.periods);
    for (size_t k = 0; k < n_order; k++) {
        int p = w->order[k];
        if (k)
            PUT_LIT(sb, ", ");
        PUT_LIT(sb, "{\"code\": ");
        json_put_string(sb, a->cb.periods[p].code);
        PUT_LIT(sb, ", \"kind\": ");
        put_plain(sb, period_kind_name(a->cb.periods[p].per.kind));
        sb_putc(sb, '}');
    }
    char version[17];
    static const char hex[] = "0123456789abcdef";
    add_part(w, NULL, seg, body->len - seg);
    uint64_t h = FNV_START;
    for (size_t k = 0; k < w->n_parts; k++) {
        if (w->seg_off[k] != (size_t)-1)
            w->parts[k].p = body->data + w->seg_off[k];   /* body is complete: no more moves */
        h = fnv(h, w->parts[k].p, w->parts[k].n);
    }
    for (int k = 15; k >= 0; k--, h >>= 4)
        version[k] = hex[h & 15];
    version[16] = '\0';
    PUT_LIT(sb, "],\n\"synthetic\": ");
    put_bool(sb, synthetic);
    PUT_LIT(sb, ",\n\"data_version\": \"");
    sb_put(sb, version, 16);
    PUT_LIT(sb, "\",\n");
#undef FOR_SCOPE_CELLS
    free(geos);

    sb_reset(&w->path);
    sb_printf(&w->path, "%s/cube/%s.json", dir, t->code);
    /* the header first: make room for it in front of the body's pieces */
    add_part(w, NULL, 0, 0);
    memmove(w->parts + 1, w->parts, (w->n_parts - 1) * sizeof *w->parts);
    w->parts[0] = (atomic_piece){sb->data, sb->len};
    return write_parts_if_changed(w->path.data, w->parts, w->n_parts);
}

/* The slices are written by a few threads (each slice on its own: the
 * cube is only read); which thread writes which does not change a byte.
 * A unit of work is a scope with the scopes among its children (a region
 * and its provinces): each child's slice is written, then its cells as
 * the parent shows them are kept for the parent's slice. */
typedef struct {
    int scope;
    int *children;           /* scopes written before it, their JSON kept */
    size_t n_children;
    size_t *index;           /* positions of scope and children in the scope list */
} slice_unit;

typedef struct {
    const aggregate *a;
    const char *dir;
    slice_unit *units;
    size_t n_units;
    int *changed;            /* per position in the scope list */
    size_t next;             /* next unit to take (under lock) */
    pthread_mutex_t lock;
} slice_jobs;

static void *slice_thread(void *arg)
{
    slice_jobs *j = arg;
    slice_writer w;
    slice_writer_init(&w, j->a);
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t k = j->next++;
        pthread_mutex_unlock(&j->lock);
        if (k >= j->n_units)
            break;
        const slice_unit *u = &j->units[k];
        for (size_t c = 0; c < u->n_children; c++) {
            j->changed[u->index[c + 1]] = write_slice(j->a, u->children[c], j->dir, &w);
            child_cells_json(j->a, &w, u->children[c], 1);
        }
        j->changed[u->index[0]] = write_slice(j->a, u->scope, j->dir, &w);
        slice_writer_drop(&w, j->a);
    }
    slice_writer_free(&w, j->a);
    return NULL;
}

/* Writes the slices of scopes[0..n); returns how many changed. */
static size_t write_slices(const aggregate *a, const int *scopes, size_t n, const char *dir)
{
    const catalog *cat = &a->cat;
    /* position of each territory in the scope list, -1 when not a scope */
    long *pos = xmalloc((cat->n_geo + 1) * sizeof *pos);
    for (size_t g = 0; g < cat->n_geo; g++)
        pos[g] = -1;
    for (size_t k = 0; k < n; k++)
        pos[scopes[k]] = (long)k;
    /* a scope goes with its parent's unit when the parent is a scope with a
     * parent of its own (a region: the country's children are not kept,
     * the regions' own cells are few) */
    slice_unit *units = xcalloc(n + 1, sizeof *units);
    long *unit_of = xmalloc((cat->n_geo + 1) * sizeof *unit_of);
    size_t n_units = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            int g = scopes[k], parent = cat->geo[g].parent;
            int joins = parent >= 0 && pos[parent] >= 0 && cat->geo[parent].parent >= 0
                        && cat->geo[cat->geo[parent].parent].parent < 0;   /* its unit is made in pass 0 */
            if (pass == 0 && !joins) {
                slice_unit *u = &units[n_units];
                unit_of[g] = (long)n_units++;
                u->scope = g;
                u->children = xcalloc(n + 1, sizeof *u->children);
                u->index = xcalloc(n + 2, sizeof *u->index);
                u->index[0] = k;
            } else if (pass == 1 && joins) {
                slice_unit *u = &units[unit_of[parent]];
                u->children[u->n_children] = g;
                u->index[++u->n_children] = k;
            }
        }
    free(unit_of);
    slice_jobs j = {.a = a, .dir = dir, .units = units, .n_units = n_units};
    j.changed = xcalloc(n + 1, sizeof *j.changed);
    pthread_mutex_init(&j.lock, NULL);
    int nt = taawun_threads();
    if ((size_t)nt > n_units)
        nt = n_units ? (int)n_units : 1;
    pthread_t th[TAAWUN_MAX_THREADS];
    int started = 0;
    for (int k = 1; k < nt; k++)
        if (pthread_create(&th[started], NULL, slice_thread, &j) == 0)
            started++;
    slice_thread(&j);
    for (int k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&j.lock);
    size_t changed = 0;
    for (size_t k = 0; k < n; k++)
        changed += (size_t)j.changed[k];
    for (size_t k = 0; k < n_units; k++) {
        free(units[k].children);
        free(units[k].index);
    }
    free(units);
    free(j.changed);
    free(pos);
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
        put_cell(&sb, a, x, 1);
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
    phase_mark("start");
    read_facts(&a, facts);
    phase_mark("read facts");
    cube_finish(&a.cb);
    phase_mark("roll up");
    a.results = rules_eval(&a.rules, &a.cb, &a.n_results, &a.n_skipped);
    a.sorted = cube_sorted(&a.cb, &a.n_sorted);
    index_runs(&a);
    phase_mark("rules, sort");

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
    int *scopes = xcalloc(a.cat.n_geo + 1, sizeof *scopes);
    for (size_t g = 0; g < a.cat.n_geo; g++) {
        geo_level lv = a.cat.geo[g].level;
        if (lv == GEO_OLD_REGION || (lv != GEO_NATIONAL && !has[g]) || (lv == GEO_NATIONAL && !a.n_sorted) ||
            !want_level[lv])
            continue;
        scopes[n_scopes] = (int)g;
        sb_printf(&mk, " %s", a.cat.geo[g].code);
        int parent = a.cat.geo[g].parent;
        sb_printf(&tsv, "%s\t%s\t%s\n", a.cat.geo[g].code, geo_level_name(lv), parent >= 0 ? a.cat.geo[parent].code : "");
        n_scopes++;
    }
    sb_putc(&mk, '\n');
    free(has);
    a.prev_period = previous_periods(&a.cb);
    source_texts(&a);
    n_changed = write_slices(&a, scopes, n_scopes, outdir);
    free(scopes);
    phase_mark("slices");
    write_quality(&a, outdir);
    strbuf mkpath;
    sb_init(&mkpath);
    sb_printf(&mkpath, "%s/scopes.mk", outdir);
    write_if_changed(mkpath.data, &mk);
    sb_reset(&mkpath);
    sb_printf(&mkpath, "%s/scopes.tsv", outdir);
    write_if_changed(mkpath.data, &tsv);
    phase_mark("quality, scopes");
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
    for (size_t k = 0; k < a.n_src_json; k++)
        free(a.src_json[k]);
    free(a.src_json);
    free(a.src_cube_id);
    free(a.prev_period);
    for (size_t m = 0; m < a.n_measures; m++) {
        free(a.measures[m].code); free(a.measures[m].ar); free(a.measures[m].fr);
    }
    free(a.measures);
    rules_free(&a.rules);
    cube_free(&a.cb);
    catalog_free(&a.cat);
    return EXIT_OK;
}
