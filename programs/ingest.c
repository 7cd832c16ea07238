/* Stage 1, ingest: reads document files (*.json) and stream files
 * (*.ndjson) in the facts format, checks every fact against the contract
 * and the catalogues, and writes the canonical facts (TSV) and the list of
 * sources (JSON) for the aggregate stage.  Nothing is written when any
 * input has an error. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/diag.h"
#include "lib/fact.h"
#include "lib/json.h"
#include "lib/json_arena.h"
#include "lib/reader.h"
#include "lib/strmap.h"
#include "lib/util.h"

static const char USAGE[] =
    "usage: taawun-ingest [options] [--] INPUT...\n"
    "       taawun-ingest --scan MANIFEST [--] INPUT...\n"
    "\n"
    "Checks extracted facts and writes them in canonical form.\n"
    "INPUT is a document file (*.json), a stream file (*.ndjson) or a folder\n"
    "(its *.json and *.ndjson files, not its subfolders).  Put -- before\n"
    "INPUT when a name may start with '-'.  Facts and sources name each file\n"
    "relative to its INPUT (its name in the folder, or its base name).\n"
    "\n"
    "      --scan MANIFEST   only list the input files (name, size, SHA-256) in\n"
    "                        MANIFEST, rewritten only when the list changes\n"
    "  -c, --catalog DIR     catalogues folder (default input/catalog)\n"
    "  -o, --output FILE     canonical facts, TSV (default build/work/facts.tsv, as make reports)\n"
    "  -s, --sources FILE    list of sources, JSON (default build/work/sources.json)\n"
    "      --max-errors N    error lines shown per file (default 50)\n"
    "  -q, --quiet           no summary line\n"
    "  -h, --help            this help\n"
    "  -V, --version         version\n"
    "\n"
    "Errors are printed as FILE:LINE:COL: field: problem (expected).\n"
    "Exit status: 0 ok, 1 invalid input (nothing written), 2 usage, 3 I/O error.\n";

typedef struct {
    const catalog *cat;
    atomic_file af;
} tsv_writer;

/* Each valid fact as its canonical TSV line (in the reader's worker
 * threads: reads only the catalogue). */
static void format_fact(void *arg, strbuf *out, const fact *f)
{
    const tsv_writer *w = arg;
    fact_write_tsv(out, f, w->cat);
}

/* The lines, in input order. */
static void write_bytes(void *arg, const char *data, size_t len)
{
    tsv_writer *w = arg;
    if (fwrite(data, 1, len, w->af.fp) != len)
        die(EXIT_IO, "cannot write %s: %s", w->af.tmp, strerror(errno));
}

static void write_sources(const reader *g, const char *path)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "{\"format\": \"taawun-sources/1\", \"sources\": [");
    for (size_t i = 0; i < g->n_src; i++) {
        source_rec *s = &g->src[i];
        sb_puts(&sb, i ? ",\n  {" : "\n  {");
        sb_puts(&sb, "\"id\": ");
        json_put_string(&sb, s->id);
        const char *keys[] = {"title", "publisher", "url", "published", "lang", "file", "input"};
        const char *vals[] = {s->title, s->publisher, s->url, s->published, s->lang, s->file, s->input};
        for (int k = 0; k < 7; k++) {
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

/* An input file: where it is, and the name facts and sources record
 * (relative to the INPUT it came from: its name in a folder given, the
 * base name of a file given), so that outputs name no folder and
 * INPUT=./input and INPUT=input give the same bytes. */
typedef struct {
    char *path, *name;
} input_file;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const input_file *)a)->name, ((const input_file *)b)->name);
}

/* A name for messages: control characters as \u00XX, so that a file name
 * cannot rewrite the terminal or split a message line. */
static const char *shown(strbuf *sb, const char *s)
{
    sb_reset(sb);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            sb_printf(sb, "\\u%04X", *p);
        else
            sb_putc(sb, (char)*p);
    }
    return sb->data ? sb->data : "";
}

static void add_input(input_file **list, size_t *n, char *path, const char *name)
{
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[*n].path = path;
    (*list)[(*n)++].name = xstrdup(name);
}

/* Expands folders into their *.json / *.ndjson files, sorted for
 * determinism.  An operand that does not exist is a usage error (exit 2):
 * a wrong INPUT must never leave yesterday's reports looking fresh. */
static input_file *expand_inputs(char **args, int nargs, size_t *count)
{
    input_file *list = NULL;
    size_t n = 0;
    strbuf msg;
    sb_init(&msg);
    for (int i = 0; i < nargs; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0)
            die(errno == ENOENT || errno == ENOTDIR ? EXIT_USAGE : EXIT_IO,
                "input %s: %s (expected a folder of *.json and *.ndjson files, or such a file)", shown(&msg, args[i]),
                strerror(errno));
        if (!S_ISDIR(st.st_mode)) {
            const char *base = strrchr(args[i], '/');
            add_input(&list, &n, xstrdup(args[i]), base && base[1] ? base + 1 : args[i]);
            continue;
        }
        DIR *dir = opendir(args[i]);
        if (!dir)
            die(EXIT_IO, "input %s: %s", shown(&msg, args[i]), strerror(errno));
        struct dirent *e;
        size_t first = n;
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.' || !(str_ends_with(e->d_name, ".json") || str_ends_with(e->d_name, ".ndjson")))
                continue;
            strbuf p;
            sb_init(&p);
            sb_printf(&p, "%s%s%s", args[i], str_ends_with(args[i], "/") ? "" : "/", e->d_name);
            struct stat fst;
            if (stat(p.data, &fst) == 0 && S_ISREG(fst.st_mode))
                add_input(&list, &n, p.data, e->d_name);
            else
                sb_free(&p);
        }
        closedir(dir);
        qsort(list + first, n - first, sizeof *list, cmp_name);
    }
    /* the names are what facts record and what the manifest lists */
    strmap seen;
    strmap_init(&seen);
    for (size_t i = 0; i < n; i++) {
        int k = strmap_get(&seen, list[i].name);
        if (k >= 0) {
            strbuf other;
            sb_init(&other);
            die(EXIT_USAGE, "inputs %s and %s have the same name (expected distinct file names: facts record the name)",
                shown(&other, list[k].path), shown(&msg, list[i].path));
        }
        strmap_put(&seen, list[i].name, (int)i);
    }
    strmap_free(&seen);
    sb_free(&msg);
    *count = n;
    return list;
}

static void free_inputs(input_file *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(in[i].path);
        free(in[i].name);
    }
    free(in);
}

/* The manifest (--scan): one line per input file, its name (a JSON
 * string), size and SHA-256, rewritten only when it changes, so that make
 * rebuilds when the set of inputs or their contents change, whatever
 * their times, and never reads an input's name itself. */
static void write_manifest(const char *path, const input_file *in, size_t n)
{
    strbuf sb, msg;
    sb_init(&sb);
    sb_init(&msg);
    sb_puts(&sb, "# taawun-inputs/1: name (relative to INPUT), size in bytes, SHA-256\n");
    static unsigned char buf[1 << 20];
    for (size_t i = 0; i < n; i++) {
        FILE *fp = fopen(in[i].path, "rb");
        if (!fp)
            die(EXIT_IO, "cannot read %s: %s", shown(&msg, in[i].path), strerror(errno));
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
            die(EXIT_INTERNAL, "SHA-256 is not available");
        size_t got, size = 0;
        while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
            EVP_DigestUpdate(ctx, buf, got);
            size += got;
        }
        if (ferror(fp))
            die(EXIT_IO, "cannot read %s: %s", shown(&msg, in[i].path), strerror(errno));
        fclose(fp);
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int mdlen = 0;
        EVP_DigestFinal_ex(ctx, md, &mdlen);
        EVP_MD_CTX_free(ctx);
        json_put_string(&sb, in[i].name);
        sb_printf(&sb, "\t%zu\t", size);
        for (unsigned int k = 0; k < mdlen; k++)
            sb_printf(&sb, "%02x", md[k]);
        sb_putc(&sb, '\n');
    }
    if (atomic_write_if_changed(path, sb.data, sb.len) < 0)
        die(EXIT_IO, "cannot write %s: %s", path, strerror(errno));
    sb_free(&sb);
    sb_free(&msg);
}

int main(int argc, char **argv)
{
    program_init("taawun-ingest");
    json_scratch_hooks();   /* each line's tree in its parser's scratch (lib/json_arena.c) */
    const char *catdir = "input/catalog", *out = "build/work/facts.tsv", *sources = "build/work/sources.json";
    const char *manifest = NULL;
    size_t max_errors = 50;
    int quiet = 0;
    static const struct option opts[] = {
        {"catalog", required_argument, 0, 'c'}, {"output", required_argument, 0, 'o'},
        {"sources", required_argument, 0, 's'}, {"max-errors", required_argument, 0, 'm'},
        {"quiet", no_argument, 0, 'q'}, {"scan", required_argument, 0, 'S'}, {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "c:o:s:qhV", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': catdir = optarg; break;
        case 'o': out = optarg; break;
        case 's': sources = optarg; break;
        case 'm': max_errors = (size_t)strtoul(optarg, NULL, 10); break;
        case 'q': quiet = 1; break;
        case 'S': manifest = optarg; break;
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
    size_t nin;
    input_file *inputs = expand_inputs(argv + optind, argc - optind, &nin);
    if (nin == 0)
        die(EXIT_USAGE, "no *.json or *.ndjson file in the input");
    if (manifest) {
        write_manifest(manifest, inputs, nin);
        free_inputs(inputs, nin);
        return EXIT_OK;
    }
    diag d;
    diag_init(&d, max_errors);
    catalog cat;
    if (catalog_load(&cat, catdir, &d) != 0)
        die(EXIT_DATA, "the catalogues in %s have errors (see above)", catdir);
    char *outdir = xstrdup(out);
    char *slash = strrchr(outdir, '/');
    if (slash && slash != outdir) {
        *slash = '\0';
        if (make_dirs(outdir) != 0)
            die(EXIT_IO, "cannot create %s: %s", outdir, strerror(errno));
    }
    free(outdir);
    tsv_writer w = {.cat = &cat};
    if (atomic_open(&w.af, out) != 0)
        die(EXIT_IO, "cannot write %s: %s", out, strerror(errno));
    static char iobuf[1 << 16];
    setvbuf(w.af.fp, iobuf, _IOFBF, sizeof iobuf);
    write_bytes(&w, FACTS_TSV_HEADER "\n", strlen(FACTS_TSV_HEADER "\n"));
    reader r;
    reader_init(&r, &cat, &d, NULL, NULL);
    /* stream files are parsed by worker threads (TAAWUN_THREADS) */
    reader_set_output(&r, format_fact, write_bytes, &w, taawun_threads());
    r.progress = isatty(2);
    phase_mark("start");
    for (size_t i = 0; i < nin; i++) {
        r.name = inputs[i].name;
        reader_file(&r, inputs[i].path);
    }
    r.name = NULL;
    reader_flush(&r);
    phase_mark("read and check");
    int rc = EXIT_OK;
    if (d.total_errors) {
        atomic_abort(&w.af);
        fprintf(stderr, "%s: %zu error%s in the input; nothing written\n", progname, d.total_errors,
                d.total_errors == 1 ? "" : "s");
        rc = EXIT_DATA;
    } else {
        if (atomic_commit(&w.af) != 0)
            die(EXIT_IO, "cannot write %s: %s", out, strerror(errno));
        phase_mark("write");
        write_sources(&r, sources);
        if (!quiet)
            fprintf(stderr, "%s: %zu file%s, %zu facts, %zu sources -> %s\n", progname, nin,
                    nin == 1 ? "" : "s", r.n_facts, r.n_src, out);
    }
    free_inputs(inputs, nin);
    reader_free(&r);
    catalog_free(&cat);
    return rc;
}