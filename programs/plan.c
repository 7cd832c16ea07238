/* Between aggregate and render, plan: which report files a template set
 * makes, and their names.  Reads the template set's reports.json and the
 * scopes taawun-aggregate found (scopes.tsv) and writes a make fragment
 * with one explicit rule per output file (WORK/plan.mk), which the
 * Makefile's render pass includes: make -j renders the files in parallel
 * and again only when their slice, the templates or the catalogues
 * change.  Every file is written only when its content changes. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/atomic.h"
#include "lib/diag.h"
#include "lib/json.h"
#include "lib/output_plan.h"
#include "lib/util.h"

static const char USAGE[] =
    "usage: taawun-plan [options]\n"
    "\n"
    "Decides the report files of a template set: for each scope with data\n"
    "(WORK/scopes.tsv, written by taawun-aggregate) whose level has a report,\n"
    "for each language and renderer, one file named by the report's \"file\"\n"
    "pattern (default {scope}-{lang}).  Writes them as a make fragment with one\n"
    "rule per file, WORK/plan.mk, and WORK/plan.stamp (the template set and the\n"
    "languages, which every rule depends on), each only when it changes.\n"
    "\n"
    "  -t, --templates DIR        template set (default templates)\n"
    "  -w, --work DIR             work folder (default build/work)\n"
    "  -l, --langs \"LIST\"         languages asked for (default: the set's \"languages\");\n"
    "                             those the set lacks are skipped with a note\n"
    "  -r, --renderers \"LIST\"     renderers (default \"xlsx pdf\")\n"
    "      --write-aggregate-options FILE\n"
    "                             only write what taawun-aggregate needs of the set\n"
    "                             to FILE: --hierarchy (its \"hierarchy\": official or\n"
    "                             iso) and --levels (the levels it has reports for)\n"
    "  -q, --quiet                no summary line\n"
    "  -h, --help                 this help\n"
    "  -V, --version              version\n"
    "\n"
    "Errors in reports.json are printed as FILE:LINE:COL: field: problem (expected).\n"
    "Exit status: 0 ok, 1 invalid template set or scopes, 2 usage, 3 I/O error.\n";

static void write_or_die(const char *path, const strbuf *sb)
{
    if (atomic_write_if_changed(path, sb->data, sb->len) < 0)
        die(EXIT_IO, "cannot write %s: %s", path, strerror(errno));
}

/* scopes.tsv: a header, then code, level, parent. */
static plan_scope *read_scopes(const char *path, size_t *n)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        die(EXIT_IO, "cannot read %s: %s (expected the scopes written by taawun-aggregate)", path, strerror(errno));
    plan_scope *out = NULL;
    *n = 0;
    size_t lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (lineno == 1) {
            if (strncmp(line, "code\tlevel", 10) != 0)
                die(EXIT_DATA, "%s:1: not a scopes list (expected the header written by taawun-aggregate)", path);
            continue;
        }
        char *tab = strchr(line, '\t');
        char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
        if (!tab || !tab2)
            die(EXIT_DATA, "%s:%zu: expected code, level and parent separated by tabs", path, lineno);
        *tab = '\0';
        *tab2 = '\0';
        /* codes become file names and make targets */
        if (!plan_name_ok(line))
            die(EXIT_DATA, "%s:%zu: scope code '%s' is not a plain code (rerun taawun-aggregate)", path, lineno, line);
        out = xrealloc(out, (*n + 1) * sizeof *out);
        out[*n].code = xstrdup(line);
        out[*n].level = xstrdup(tab + 1);
        (*n)++;
    }
    free(text);
    return out;
}

int main(int argc, char **argv)
{
    program_init("taawun-plan");
    const char *tdir = "templates", *work = "build/work", *langs = "", *renderers = "xlsx pdf", *agg_file = NULL;
    int quiet = 0;
    static const struct option opts[] = {
        {"templates", required_argument, 0, 't'}, {"work", required_argument, 0, 'w'},
        {"langs", required_argument, 0, 'l'}, {"renderers", required_argument, 0, 'r'},
        {"write-aggregate-options", required_argument, 0, 'A'}, {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "t:w:l:r:qhV", opts, NULL)) != -1) {
        switch (ch) {
        case 't': tdir = optarg; break;
        case 'w': work = optarg; break;
        case 'l': langs = optarg; break;
        case 'r': renderers = optarg; break;
        case 'A': agg_file = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(USAGE, stdout); return EXIT_OK;
        case 'V': printf("taawun-plan %s\n", TAAWUN_VERSION); return EXIT_OK;
        default: fputs(USAGE, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "taawun-plan: unexpected argument '%s'\n%s", argv[optind], USAGE);
        return EXIT_USAGE;
    }

    strbuf rpath;
    sb_init(&rpath);
    sb_printf(&rpath, "%s/reports.json", tdir);
    size_t len;
    char *text = read_file(rpath.data, &len);
    if (!text)
        die(EXIT_IO, "cannot read %s: %s (expected a template set, see templates/README.md)", rpath.data, strerror(errno));
    diag d;
    diag_init(&d, 50);
    diag_file(&d, rpath.data);
    cJSON *root = json_parse_checked(&d, text, len, 1);
    if (!root)
        die(EXIT_DATA, "%s is not valid JSON (see above)", rpath.data);

    if (agg_file) {
        strbuf sb;
        sb_init(&sb);
        if (plan_aggregate_options(root, text, &d, &sb) != 0)
            die(EXIT_DATA, "the template set in %s has errors (see above)", tdir);
        sb_putc(&sb, '\n');
        write_or_die(agg_file, &sb);
        sb_free(&sb);
        cJSON_Delete(root);
        free(text);
        sb_free(&rpath);
        return EXIT_OK;
    }

    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/scopes.tsv", work);
    size_t n_scopes;
    plan_scope *scopes = read_scopes(path.data, &n_scopes);
    plan p;
    if (plan_build(&p, root, text, scopes, n_scopes, langs, renderers, &d) != 0)
        die(EXIT_DATA, "the template set in %s has errors (see above)", tdir);

    /* the stamp: which template set and languages the files are made
     * with; switching either re-renders every file */
    char real[PATH_MAX];
    strbuf stamp;
    sb_init(&stamp);
    sb_printf(&stamp, "templates %s\nlangs", realpath(tdir, real) ? real : tdir);
    for (size_t l = 0; l < p.n_langs; l++)
        sb_printf(&stamp, " %s", p.langs[l]);
    sb_putc(&stamp, '\n');

    strbuf mk;
    sb_init(&mk);
    /* no folder of WORK in the text: two builds into other folders give the same bytes */
    sb_printf(&mk, "# written by taawun-plan from %s and the scopes.tsv beside this file:\n"
                   "# one rule per report file (templates/README.md, \"Output files\")\nPLAN_SCOPES :=",
              rpath.data);
    for (size_t s = 0; s < p.n_scopes; s++)
        sb_printf(&mk, " %s", p.scopes[s]);
    sb_puts(&mk, "\nPLAN_LANGS :=");
    for (size_t l = 0; l < p.n_langs; l++)
        sb_printf(&mk, " %s", p.langs[l]);
    sb_puts(&mk, "\nPLAN_FILES :=");
    for (size_t i = 0; i < p.n_items; i++)
        sb_printf(&mk, " \\\n  $(OUTPUT)/%s.%s", p.items[i].name, p.items[i].renderer);
    sb_putc(&mk, '\n');
    for (size_t i = 0; i < p.n_items; i++) {
        const plan_item *it = &p.items[i];
        sb_printf(&mk, "$(OUTPUT)/%s.%s: $(WORK)/cube/%s.json $(PLAN_DEPS) $(BIN)/taawun-%s\n"
                       "\t$(call render_report,%s,%s,%s)\n",
                  it->name, it->renderer, it->scope, it->renderer, it->renderer, it->lang, it->png ? it->name : "");
    }

    sb_reset(&path);
    sb_printf(&path, "%s/plan.stamp", work);
    write_or_die(path.data, &stamp);
    sb_reset(&path);
    sb_printf(&path, "%s/plan.mk", work);
    write_or_die(path.data, &mk);
    if (!quiet)
        fprintf(stderr, "%s: %s: %zu files (%zu scopes x %zu languages)\n", progname, tdir, p.n_items, p.n_scopes,
                p.n_langs);

    plan_free(&p);
    for (size_t s = 0; s < n_scopes; s++) {
        free(scopes[s].code);
        free(scopes[s].level);
    }
    free(scopes);
    sb_free(&mk);
    sb_free(&stamp);
    sb_free(&path);
    sb_free(&rpath);
    cJSON_Delete(root);
    free(text);
    return EXIT_OK;
}
