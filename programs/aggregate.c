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

#include "lib/slice_write.h"


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
    index_runs(&a);   /* lib/slice_write.c */
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
    slice_prepare(&a);
    phase_mark("changes, measures, headlines");
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

    aggregate_free(&a);
    return EXIT_OK;
}
