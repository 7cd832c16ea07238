#include "render_input.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/util.h"

void render_args_parse(render_args *a, int argc, char **argv, const char *program, const char *usage, int with_png)
{
    *a = (render_args){.tdir = "templates", .catdir = "input/catalog"};
    static const struct option opts[] = {
        {"slice", required_argument, 0, 's'}, {"lang", required_argument, 0, 'l'},
        {"output", required_argument, 0, 'o'}, {"templates", required_argument, 0, 't'},
        {"catalog", required_argument, 0, 'c'}, {"png", required_argument, 0, 'p'}, {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, with_png ? "s:l:o:t:c:p:hV" : "s:l:o:t:c:hV", opts, NULL)) != -1) {
        switch (ch) {
        case 's': a->slice_path = optarg; break;
        case 'l': a->lang = optarg; break;
        case 'o': a->out = optarg; break;
        case 't': a->tdir = optarg; break;
        case 'c': a->catdir = optarg; break;
        case 'p':
            if (!with_png) {   /* --png is not this program's */
                fputs(usage, stderr);
                exit(EXIT_USAGE);
            }
            a->png = optarg;
            break;
        case 'h': fputs(usage, stdout); exit(EXIT_OK);
        case 'V': printf("%s %s\n", program, TAAWUN_VERSION); exit(EXIT_OK);
        default: fputs(usage, stderr); exit(EXIT_USAGE);
        }
    }
    if (!a->slice_path || !a->lang || !a->out || optind < argc) {
        fputs(usage, stderr);
        exit(EXIT_USAGE);
    }
    if (strcmp(a->lang, "ar") && strcmp(a->lang, "fr"))
        die(EXIT_USAGE, "--lang %s: unknown language (expected ar or fr)", a->lang);
}

void render_input_load(render_input *in, const render_args *a)
{
    if (access(a->slice_path, R_OK) != 0)
        die(EXIT_IO, "%s: cannot read: %s (expected a slice written by taawun-aggregate)", a->slice_path, strerror(errno));
    diag dg;
    diag_init(&dg, 20);
    if (template_load(&in->t, a->tdir, &dg) != 0)
        die(EXIT_DATA, "the templates in %s have errors (see above)", a->tdir);
    if (catalog_load(&in->cat, a->catdir, &dg) != 0)
        die(EXIT_DATA, "the catalogues in %s have errors (see above)", a->catdir);
    char err[1024];
    if (slice_load(&in->s, a->slice_path, err, sizeof err) != 0)
        die(EXIT_DATA, "%s", err);
    in->report = template_report(&in->t, in->s.level);
    if (!in->report)
        die(EXIT_DATA, "%s/reports.json: no report for scope level '%s' (expected one whose \"scopes\" lists it)",
            a->tdir, in->s.level);
    in->territory = !strcmp(a->lang, "ar") ? in->s.name_ar : in->s.name_fr;
}

void render_input_free(render_input *in)
{
    slice_free(&in->s);
    catalog_free(&in->cat);
    template_free(&in->t);
}

const char *render_data_date(const slice *s)
{
    const char *best = NULL;
    for (size_t k = 0; k < s->n_sources; k++) {
        const char *p = s->source_list[k].published;
        /* YYYY, YYYY-MM or YYYY-MM-DD: the text order is the time order,
         * a shorter date standing before the longer ones it begins */
        if (*p && (!best || strcmp(p, best) > 0))
            best = p;
    }
    return best;
}

void render_make_parent(const char *path)
{
    char *dir = xstrdup(path), *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (make_dirs(dir) != 0)
            die(EXIT_IO, "cannot create %s: %s", dir, strerror(errno));
    }
    free(dir);
}
