/* Stage 1, ingest: reads document files (*.json) and stream files
 * (*.ndjson) in the facts format, checks every fact against the contract
 * and the catalogues, and writes the canonical facts (TSV) and the list of
 * sources (JSON) for the aggregate stage.  Nothing is written when any
 * input has an error. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/diag.h"
#include "lib/fact.h"
#include "lib/json.h"
#include "lib/strmap.h"
#include "lib/util.h"

static const char USAGE[] =
    "usage: taawun-ingest [options] INPUT...\n"
    "\n"
    "Checks extracted facts and writes them in canonical form.\n"
    "INPUT is a document file (*.json), a stream file (*.ndjson) or a folder\n"
    "(its *.json and *.ndjson files, not its subfolders).\n"
    "\n"
    "  -c, --catalog DIR     catalogues folder (default input/catalog)\n"
    "  -o, --output FILE     canonical facts, TSV (default build/facts.tsv)\n"
    "  -s, --sources FILE    list of sources, JSON (default build/sources.json)\n"
    "      --max-errors N    error lines shown per file (default 50)\n"
    "  -q, --quiet           no summary line\n"
    "  -h, --help            this help\n"
    "  -V, --version         version\n"
    "\n"
    "Errors are printed as FILE:LINE:COL: field: problem (expected).\n"
    "Exit status: 0 ok, 1 invalid input (nothing written), 2 usage, 3 I/O error.\n";

typedef struct {
    char *id, *title, *published, *lang, *file, *input;
    int stream;              /* 1: ids seen in a stream file */
    int synthetic;
    size_t facts;
} source_rec;

typedef struct {
    catalog cat;
    diag d;
    strbuf out;              /* pending TSV */
    atomic_file facts_af;
    source_rec *src;
    size_t n_src, cap_src;
    strmap src_by_id;
    size_t n_facts, n_files;
    strbuf ext;
} ingest;

static int add_source(ingest *g, const char *id)
{
    int k = strmap_get(&g->src_by_id, id);
    if (k >= 0)
        return k;
    if (g->n_src == g->cap_src) {
        g->cap_src = g->cap_src ? 2 * g->cap_src : 16;
        g->src = xrealloc(g->src, g->cap_src * sizeof *g->src);
    }
    source_rec *s = &g->src[g->n_src];
    memset(s, 0, sizeof *s);
    s->id = xstrdup(id);
    s->synthetic = strncmp(id, "synthetic", 9) == 0;
    strmap_put(&g->src_by_id, id, (int)g->n_src);
    return (int)g->n_src++;
}

static void flush_out(ingest *g, int force)
{
    if (g->out.len >= (1u << 20) || (force && g->out.len)) {
        if (fwrite(g->out.data, 1, g->out.len, g->facts_af.fp) != g->out.len)
            die(EXIT_IO, "cannot write %s: %s", g->facts_af.tmp, strerror(errno));
        sb_reset(&g->out);
    }
}

/* Cross-checks geo_as_reported against geo; a mismatch is most likely an
 * extraction mistake, but the figure itself may be right: warn. */
static void check_as_reported(ingest *g, const fact *f)
{
    if (f->reported_geo < 0 || f->geo < 0)
        return;
    const catalog *c = &g->cat;
    const territory *r = &c->geo[f->reported_geo];
    int ok = f->reported_geo == f->geo || r->region_2015 == f->geo;
    for (size_t k = 0; !ok && k < r->n_members; k++)
        ok = c->geo[r->members[k]].parent == f->geo || r->members[k] == f->geo;
    if (!ok)
        diag_warning(&g->d, f->line, 1, "geo_as_reported", "'%s' names %s (%s), which does not lie in geo %s",
                     f->geo_as_reported, r->code, r->name_fr, c->geo[f->geo].code);
}

static void emit_fact(ingest *g, fact *f, int src)
{
    check_as_reported(g, f);
    fact_write_tsv(&g->out, f, &g->cat);
    g->src[src].facts++;
    g->n_facts++;
    flush_out(g, 0);
}

static char *opt_string(fact_origin *o, const cJSON *obj, const char *key, int required, size_t *errs)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required) {
            json_locmap loc;
            json_locate(&loc, o->text, o->root);
            size_t line, col;
            text_position(o->text, json_offset(&loc, obj, 0), &line, &col);
            json_locmap_free(&loc);
            diag_error(o->d, line, col, key, "missing (expected a string in the document's source)");
            (*errs)++;
        }
        return NULL;
    }
    if (!cJSON_IsString(v) || (required && !*v->valuestring)) {
        json_locmap loc;
        json_locate(&loc, o->text, o->root);
        size_t line, col;
        text_position(o->text, json_offset(&loc, v, 0), &line, &col);
        json_locmap_free(&loc);
        diag_error(o->d, line, col, key, "is %s (expected a non-empty string)", json_type_name(v));
        (*errs)++;
        return NULL;
    }
    return xstrdup(v->valuestring);
}

static void located_error(fact_origin *o, const cJSON *node, int at_key, const char *field, const char *msg)
{
    json_locmap loc;
    json_locate(&loc, o->text, o->root);
    size_t line, col;
    text_position(o->text, json_offset(&loc, node, at_key), &line, &col);
    json_locmap_free(&loc);
    diag_error(o->d, line, col, field, "%s", msg);
}

static void ingest_document(ingest *g, const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(&g->d, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return;
    }
    cJSON *root = json_parse_checked(&g->d, text, len, 1);
    if (!root) {
        free(text);
        return;
    }
    fact_origin o = {.d = &g->d, .text = text, .root = root, .base_line = 1};
    size_t errs = 0;
    if (!cJSON_IsObject(root)) {
        located_error(&o, root, 0, "(document)", "is not a JSON object (expected {\"format\", \"source\", \"facts\"})");
        goto done;
    }
    const cJSON *dup = json_duplicate_key(root);
    if (dup)
        located_error(&o, dup, 1, dup->string, "duplicate key (expected each field once)");
    for (const cJSON *m = root->child; m; m = m->next)
        if (strcmp(m->string, "format") && strcmp(m->string, "source") && strcmp(m->string, "facts") &&
            strncmp(m->string, "x_", 2))
            located_error(&o, m, 1, m->string, "unknown field (expected format, source, facts or an x_ extension)");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!fmt) {
        located_error(&o, root, 0, "format", "missing (expected \"entraide-facts/1\")");
        goto done;
    }
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "entraide-facts/1") != 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "unsupported format %s%.60s%s (expected \"entraide-facts/1\")",
                 cJSON_IsString(fmt) ? "'" : "", cJSON_IsString(fmt) ? fmt->valuestring : json_type_name(fmt),
                 cJSON_IsString(fmt) ? "'" : "");
        located_error(&o, fmt, 0, "format", msg);
        goto done;
    }
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "source");
    if (!cJSON_IsObject(src)) {
        located_error(&o, src ? src : root, 0, "source", "missing or not an object (expected {\"id\", \"title\", ...})");
        goto done;
    }
    if ((dup = json_duplicate_key(src)))
        located_error(&o, dup, 1, dup->string, "duplicate key (expected each field once)");
    for (const cJSON *m = src->child; m; m = m->next)
        if (strcmp(m->string, "id") && strcmp(m->string, "title") && strcmp(m->string, "published") &&
            strcmp(m->string, "lang") && strcmp(m->string, "file") && strncmp(m->string, "x_", 2))
            located_error(&o, m, 1, m->string,
                          "unknown field in source (expected id, title, published, lang, file or an x_ extension)");
    char *id = opt_string(&o, src, "id", 1, &errs);
    char *title = opt_string(&o, src, "title", 0, &errs);
    char *published = opt_string(&o, src, "published", 0, &errs);
    char *lang = opt_string(&o, src, "lang", 0, &errs);
    char *file = opt_string(&o, src, "file", 0, &errs);
    if (published) {
        period p;
        const char *why;
        if (period_parse(published, &p, &why) != 0 || p.kind != PERIOD_DAY)
            located_error(&o, cJSON_GetObjectItemCaseSensitive(src, "published"), 0, "published",
                          "not a date (expected YYYY-MM-DD)");
    }
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(root, "facts");
    if (!cJSON_IsArray(facts))
        located_error(&o, facts ? facts : root, 0, "facts", "missing or not an array (expected an array of facts)");
    if (!id) {
        free(title); free(published); free(lang); free(file);
        goto done;
    }
    int si = strmap_get(&g->src_by_id, id);
    if (si >= 0 && !g->src[si].stream) {
        char msg[512];
        snprintf(msg, sizeof msg, "source id '%.200s' already used by %.200s (expected one document per source)",
                 id, g->src[si].input);
        located_error(&o, cJSON_GetObjectItemCaseSensitive(src, "id"), 0, "id", msg);
    }
    si = add_source(g, id);
    source_rec *s = &g->src[si];
    if (!s->input) {
        s->title = title; s->published = published; s->lang = lang; s->file = file;
        s->input = xstrdup(path);
        s->synthetic |= cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(src, "x_synthetic"));
    } else {
        free(title); free(published); free(lang); free(file);
    }
    size_t n = 0, cur_off = 0, cur_line = 1;
    const cJSON *fo;
    cJSON_ArrayForEach(fo, facts) {
        fact f;
        size_t e = fact_from_json(&f, fo, id, &g->cat, &o, &g->ext);
        if (e == 0) {
            f.file = path;
            if (!o.located) {
                json_locate(&o.loc, text, root);
                o.located = 1;
            }
            /* facts come in text order: count lines incrementally */
            for (size_t off = json_offset(&o.loc, fo, 0); cur_off < off; cur_off++)
                cur_line += text[cur_off] == '\n';
            f.line = cur_line;
            if (g->d.total_errors == 0)
                emit_fact(g, &f, si);
        }
        n++;
    }
    if (cJSON_IsArray(facts) && n == 0)
        diag_warning(&g->d, 1, 1, "facts", "document holds no facts");
    free(id);
done:
    fact_origin_free(&o);
    cJSON_Delete(root);
    free(text);
}

static void ingest_stream(ingest *g, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_error(&g->d, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return;
    }
    static char iobuf[1 << 20];
    setvbuf(fp, iobuf, _IOFBF, sizeof iobuf);
    char *line = NULL;
    size_t cap = 0, lineno = 0, nonblank = 0;
    ssize_t n;
    int tty = isatty(2);
    char *last_src = xstrdup("");
    int last_si = -1;
    while ((n = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        if (tty && lineno % 200000 == 0)
            fprintf(stderr, "\r%s: %s: %zu lines", progname, path, lineno);
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue;   /* blank lines are allowed */
        nonblank++;
        line[len] = '\0';
        cJSON *obj = json_parse_checked(&g->d, line, len, lineno);
        if (!obj)
            continue;
        fact_origin o = {.d = &g->d, .text = line, .root = obj, .base_line = lineno};
        fact f;
        if (fact_from_json(&f, obj, NULL, &g->cat, &o, &g->ext) == 0) {
            f.file = path;
            f.line = lineno;
            if (strcmp(f.source, last_src) != 0) {
                free(last_src);
                last_src = xstrdup(f.source);
                last_si = add_source(g, f.source);
                if (!g->src[last_si].input) {
                    g->src[last_si].input = xstrdup(path);
                    g->src[last_si].stream = 1;
                }
            }
            if (g->d.total_errors == 0)
                emit_fact(g, &f, last_si);
        }
        fact_origin_free(&o);
        cJSON_Delete(obj);
    }
    if (tty && lineno >= 200000)
        fputc('\n', stderr);
    if (ferror(fp))
        diag_error(&g->d, lineno, 0, NULL, "read error: %s", strerror(errno));
    else if (nonblank == 0)
        diag_error(&g->d, 1, 1, "(json)", "empty input (expected one fact object per line)");
    free(last_src);
    free(line);
    fclose(fp);
}

static void write_sources(ingest *g, const char *path)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "{\"format\": \"taawun-sources/1\", \"sources\": [");
    for (size_t i = 0; i < g->n_src; i++) {
        source_rec *s = &g->src[i];
        sb_puts(&sb, i ? ",\n  {" : "\n  {");
        sb_puts(&sb, "\"id\": ");
        json_put_string(&sb, s->id);
        const char *keys[] = {"title", "published", "lang", "file", "input"};
        const char *vals[] = {s->title, s->published, s->lang, s->file, s->input};
        for (int k = 0; k < 5; k++) {
            if (!vals[k]) continue;
            sb_printf(&sb, ", \"%s\": ", keys[k]);
            json_put_string(&sb, vals[k]);
        }
        sb_printf(&sb, ", \"kind\": \"%s\", \"synthetic\": %s, \"facts\": %zu}", s->stream ? "stream" : "document",
                  s->synthetic ? "true" : "false", s->facts);
    }
    sb_puts(&sb, "\n]}\n");
    atomic_file af;
    if (atomic_open(&af, path) != 0)
        die(EXIT_IO, "cannot write %s: %s", path, strerror(errno));
    if (fwrite(sb.data, 1, sb.len, af.fp) != sb.len || atomic_commit(&af) != 0) {
        atomic_abort(&af);
        die(EXIT_IO, "cannot write %s: %s", path, strerror(errno));
    }
    sb_free(&sb);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expands folders into their *.json / *.ndjson files, sorted for determinism. */
static char **expand_inputs(char **args, int nargs, size_t *count)
{
    char **list = NULL;
    size_t n = 0;
    for (int i = 0; i < nargs; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0)
            die(EXIT_IO, "%s: %s", args[i], strerror(errno));
        if (!S_ISDIR(st.st_mode)) {
            list = xrealloc(list, (n + 1) * sizeof *list);
            list[n++] = xstrdup(args[i]);
            continue;
        }
        DIR *dir = opendir(args[i]);
        if (!dir)
            die(EXIT_IO, "%s: %s", args[i], strerror(errno));
        struct dirent *e;
        size_t first = n;
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.' || !(str_ends_with(e->d_name, ".json") || str_ends_with(e->d_name, ".ndjson")))
                continue;
            strbuf p;
            sb_init(&p);
            sb_printf(&p, "%s/%s", args[i], e->d_name);
            struct stat fst;
            if (stat(p.data, &fst) == 0 && S_ISREG(fst.st_mode)) {
                list = xrealloc(list, (n + 1) * sizeof *list);
                list[n++] = p.data;
            } else {
                sb_free(&p);
            }
        }
        closedir(dir);
        qsort(list + first, n - first, sizeof *list, cmp_str);
    }
    *count = n;
    return list;
}

int main(int argc, char **argv)
{
    progname = "taawun-ingest";
    setlocale(LC_ALL, "C");
    const char *catdir = "input/catalog", *out = "build/facts.tsv", *sources = "build/sources.json";
    size_t max_errors = 50;
    int quiet = 0;
    static const struct option opts[] = {
        {"catalog", required_argument, 0, 'c'}, {"output", required_argument, 0, 'o'},
        {"sources", required_argument, 0, 's'}, {"max-errors", required_argument, 0, 'm'},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "c:o:s:qhV", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': catdir = optarg; break;
        case 'o': out = optarg; break;
        case 's': sources = optarg; break;
        case 'm': max_errors = (size_t)strtoul(optarg, NULL, 10); break;
        case 'q': quiet = 1; break;
        case 'h': fputs(USAGE, stdout); return EXIT_OK;
        case 'V': printf("taawun-ingest %s\n", TAAWUN_VERSION); return EXIT_OK;
        default: fputs(USAGE, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fputs("taawun-ingest: no input given\n", stderr);
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    ingest g;
    memset(&g, 0, sizeof g);
    diag_init(&g.d, max_errors);
    strmap_init(&g.src_by_id);
    sb_init(&g.out);
    sb_init(&g.ext);
    if (catalog_load(&g.cat, catdir, &g.d) != 0)
        die(EXIT_DATA, "the catalogues in %s have errors (see above)", catdir);

    size_t nin;
    char **inputs = expand_inputs(argv + optind, argc - optind, &nin);
    if (nin == 0)
        die(EXIT_USAGE, "no *.json or *.ndjson file in the input");
    char *outdir = xstrdup(out);
    char *slash = strrchr(outdir, '/');
    if (slash && slash != outdir) {
        *slash = '\0';
        if (make_dirs(outdir) != 0)
            die(EXIT_IO, "cannot create %s: %s", outdir, strerror(errno));
    }
    free(outdir);
    if (atomic_open(&g.facts_af, out) != 0)
        die(EXIT_IO, "cannot write %s: %s", out, strerror(errno));
    sb_puts(&g.out, FACTS_TSV_HEADER "\n");
    for (size_t i = 0; i < nin; i++) {
        diag_file(&g.d, inputs[i]);
        if (str_ends_with(inputs[i], ".ndjson"))
            ingest_stream(&g, inputs[i]);
        else
            ingest_document(&g, inputs[i]);
        g.n_files++;
    }
    int rc = EXIT_OK;
    if (g.d.total_errors) {
        atomic_abort(&g.facts_af);
        fprintf(stderr, "%s: %zu error%s in the input; nothing written\n", progname, g.d.total_errors,
                g.d.total_errors == 1 ? "" : "s");
        rc = EXIT_DATA;
    } else {
        flush_out(&g, 1);
        if (atomic_commit(&g.facts_af) != 0)
            die(EXIT_IO, "cannot write %s: %s", out, strerror(errno));
        write_sources(&g, sources);
        if (!quiet)
            fprintf(stderr, "%s: %zu file%s, %zu facts, %zu sources -> %s\n", progname, g.n_files,
                    g.n_files == 1 ? "" : "s", g.n_facts, g.n_src, out);
    }
    for (size_t i = 0; i < nin; i++)
        free(inputs[i]);
    free(inputs);
    for (size_t i = 0; i < g.n_src; i++) {
        source_rec *s = &g.src[i];
        free(s->id); free(s->title); free(s->published); free(s->lang); free(s->file); free(s->input);
    }
    free(g.src);
    strmap_free(&g.src_by_id);
    sb_free(&g.out);
    sb_free(&g.ext);
    catalog_free(&g.cat);
    return rc;
}
