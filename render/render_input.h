/* What every renderer starts from: its command line (slice, language,
 * output, templates, catalogue) and the loaded slice, templates, catalogue
 * and the report the template set makes for the slice's scope level.
 * taawun-xlsx and taawun-pdf differ only in what they draw. */
#ifndef TAAWUN_RENDER_INPUT_H
#define TAAWUN_RENDER_INPUT_H

#include <time.h>

#include "lib/catalog.h"
#include "lib/slice.h"
#include "template.h"

typedef struct {
    const char *slice_path, *lang, *out, *tdir, *catdir;
    const char *png;    /* --png PREFIX (only where the program takes it) */
} render_args;

/* Parses the shared options (-s -l -o -t -c -h -V, and -p/--png when
 * with_png); --help and --version print and exit 0, a usage error prints
 * usage and exits 2, an unknown language exits 2 with a message. */
void render_args_parse(render_args *a, int argc, char **argv, const char *program, const char *usage, int with_png);

typedef struct {
    template_set t;
    catalog cat;
    slice s;
    const cJSON *report;     /* the template set's report for s.level */
    const char *territory;   /* the scope's name in the report's language */
} render_input;

/* Loads templates, catalogue and slice; exits with a clear message
 * (status 1 bad data or template, 3 unreadable slice) when one fails. */
void render_input_load(render_input *in, const render_args *a);
void render_input_free(render_input *in);

/* The newest publication date among the slice's sources, as written
 * (YYYY, YYYY-MM or YYYY-MM-DD): the "data as of" date; NULL when none.
 * The "generated" date is the build's (SOURCE_DATE_EPOCH when set). */
const char *render_data_date(const slice *s);

/* Creates the folder that will hold path (exits 3 when it cannot). */
void render_make_parent(const char *path);

#endif
