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

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/diag.h"
#include "lib/fact.h"
#include "lib/json.h"
#include "lib/reader.h"
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
    program_init("taawun-ingest");
    const char *catdir = "input/catalog", *out = "build/work/facts.tsv", *sources = "build/work/sources.json";
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
    diag d;
    diag_init(&d, max_errors);
    catalog cat;
    if (catalog_load(&cat, catdir, &d) != 0)
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
    for (size_t i = 0; i < nin; i++)
        reader_file(&r, inputs[i]);
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
    for (size_t i = 0; i < nin; i++)
        free(inputs[i]);
    free(inputs);
    reader_free(&r);
    catalog_free(&cat);
    return rc;
}