/* Stage 3b, render: one PDF report for one scope and language, from the
 * scope's slice of the cube, the report template and the catalogues. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/json_arena.h"
#include "lib/util.h"
#include "render/pdf_blocks.h"
#include "render/pdf_doc.h"
#include "render/render_input.h"
#include "lib/slice.h"
#include "render/report_model.h"
#include "render/template.h"

static const char USAGE[] =
    "usage: taawun-pdf --slice FILE --lang ar|fr --output FILE.pdf [options]\n"
    "\n"
    "Draws the PDF report of one scope (a slice written by taawun-aggregate)\n"
    "in Arabic (right to left) or French, as the template's \"pdf\" section says.\n"
    "\n"
    "  -s, --slice FILE       the scope's slice (build/work/cube/<scope>.json)\n"
    "  -l, --lang ar|fr       language of the report\n"
    "  -o, --output FILE      the PDF to write (atomically)\n"
    "  -t, --templates DIR    templates folder (default templates)\n"
    "  -c, --catalog DIR      catalogues folder (default input/catalog)\n"
    "  -p, --png PREFIX       also write each chart as PREFIX-1.png, PREFIX-2.png ...\n"
    "  -h, --help             this help\n"
    "  -V, --version          version\n"
    "\n"
    "The creation date is SOURCE_DATE_EPOCH when set, else the latest source\n"
    "date of the data: the same input gives the same bytes.  TAAWUN_AUTHOR\n"
    "overrides the template's author.\n"
    "Exit status: 0 ok, 1 bad data or template, 2 usage, 3 I/O error (a file that\n"
    "cannot be written, missing fonts), 4 internal error (out of memory).\n";

/* Room (points) a "flow" page needs left on the page before to start
 * there: about a quarter of an A4 page. */
#define FLOW_MIN_ROOM 190.0

/* What render() returns: its exit status. */
static int cairo_exit(cairo_status_t st)
{
    return st == CAIRO_STATUS_NO_MEMORY ? EXIT_INTERNAL : st == CAIRO_STATUS_WRITE_ERROR ? EXIT_IO : EXIT_INTERNAL;
}

/* Lays the report out (out NULL: the counting pass) or draws it into out.
 * Returns 0, or an exit status with a message in err: 1 the data or
 * template, 3 a file could not be written, 4 cairo failed (memory...). */
/* Under an address-space limit (ulimit -v), Pango's helper threads
 * ("[pango] FcInit", "FcFontSetSort") could not be created: GLib then
 * aborts with a trap (exit 133), no message of ours.  Smaller thread
 * stacks and fewer malloc arenas (each reserves 64 MiB of address space)
 * make them fit in far less (a report runs in ulimit -v 70000); a limit
 * still too low gets a clear message and exit 4. */
static void *no_op(void *arg)
{
    return arg;
}

/* Below this address space (KiB) the fonts, libraries and a report do not
 * fit: Pango then crashes or GLib aborts (g_error when a thread cannot be
 * made is GLib's design), so refuse first, with a message. */
#define MIN_ADDRESS_SPACE_KIB 65536ULL

static void memory_preflight(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 1024 < MIN_ADDRESS_SPACE_KIB)
        die(EXIT_INTERNAL, "not enough memory: the address space is limited to %llu KiB (ulimit -v); "
            "a report needs at least %llu", (unsigned long long)rl.rlim_cur / 1024, MIN_ADDRESS_SPACE_KIB);
    mallopt(M_ARENA_MAX, 1);   /* the threads are helpers: one arena is enough */
    pthread_attr_t at;
    if (pthread_attr_init(&at) == 0) {
        pthread_attr_setstacksize(&at, 2u << 20);
        pthread_setattr_default_np(&at);
        pthread_attr_destroy(&at);
    }
    pthread_t t;
    int e = pthread_create(&t, NULL, no_op, NULL);
    if (e != 0)
        die(EXIT_INTERNAL, "not enough memory to start a thread: %s (ulimit -v?)", strerror(e));
    pthread_join(t, NULL);
}

static int render(pdf_ctx *x, atomic_file *out, const char *path, int total, int *pages, char *err, size_t errlen)
{
    pdf_doc d;
    const cJSON *pdf = cJSON_GetObjectItemCaseSensitive(x->report, "pdf");
    const cJSON *paper = cJSON_GetObjectItemCaseSensitive(pdf, "paper");
    const cJSON *orient = cJSON_GetObjectItemCaseSensitive(pdf, "orientation");
    if (paper && (!cJSON_IsString(paper) || strcmp(paper->valuestring, "A4"))) {
        snprintf(err, errlen, "\"pdf\": \"paper\": expected \"A4\"");
        return EXIT_DATA;
    }
    if (orient && (!cJSON_IsString(orient) || (strcmp(orient->valuestring, "portrait") && strcmp(orient->valuestring, "landscape")))) {
        snprintf(err, errlen, "\"pdf\": \"orientation\": expected \"portrait\" or \"landscape\"");
        return EXIT_DATA;
    }
    int landscape = cJSON_IsString(orient) && !strcmp(orient->valuestring, "landscape");
    if (pdf_doc_open(&d, out, x->lang, total, landscape) != 0) {
        cairo_status_t st = d.cr ? cairo_status(d.cr) : d.surface ? cairo_surface_status(d.surface) : CAIRO_STATUS_NO_MEMORY;
        snprintf(err, errlen, "%s: cairo cannot start %s: %s", path, out ? "the PDF" : "the page layout",
                 cairo_status_to_string(st));
        return cairo_exit(st);
    }
    x->d = &d;
    char *title = template_expand(template_text(cJSON_GetObjectItemCaseSensitive(x->report, "title"), x->lang),
                                  x->territory, x->period ? x->period : "", x->s->code);
    char *subject = template_expand(template_text(cJSON_GetObjectItemCaseSensitive(x->report, "subject"), x->lang),
                                    x->territory, x->period ? x->period : "", x->s->code);
    char *keywords = template_expand(template_text(cJSON_GetObjectItemCaseSensitive(x->report, "keywords"), x->lang),
                                     x->territory, x->period ? x->period : "", x->s->code);
    /* generated: the build's time; data as of: the newest source's date */
    time_t created = reproducible_time(time(NULL));
    const char *data_date = render_data_date(x->s);
    pdf_doc_metadata(&d, title, template_author(x->t), subject, keywords, created);
    char date[16], footer[320], as_of[96] = "";
    struct tm tm;
    gmtime_r(&created, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    /* in Arabic, an isolate keeps 2023-11-14 reading left to right */
    const char *lri = !strcmp(x->lang, "ar") ? "\xe2\x81\xa6" : "";
    const char *pdi = *lri ? "\xe2\x81\xa9" : "";
    if (data_date)
        snprintf(as_of, sizeof as_of, " · %s %s%s%s", template_label(x->t, x->lang, "data_as_of"), lri, data_date, pdi);
    snprintf(footer, sizeof footer, "%s %s%s%s%s · %s %s%s%s", template_label(x->t, x->lang, "generated"), lri, date, pdi,
             as_of, template_label(x->t, x->lang, "data_version"), lri, x->s->data_version, pdi);
    d.header_left = title;
    d.header_right = subject;
    d.footer = footer;
    d.synthetic_mark = x->s->synthetic ? template_label(x->t, x->lang, "synthetic") : NULL;
    int rc = 0;
    const cJSON *page;
    cJSON_ArrayForEach(page, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(x->report, "pdf"), "pages")) {
        if (!pdf_when(x, page))
            continue;
        int content = 0;
        const cJSON *b;
        cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(page, "blocks"))
            content |= pdf_block_has_content(x, b);
        if (!content)
            continue;   /* no empty pages */
        /* a page marked "flow" continues the page before where there is
         * room enough, so that a short table or one line of observations
         * does not stand alone on a page of white */
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(page, "flow")) && d.page_open && pdf_room(&d) >= FLOW_MIN_ROOM)
            d.y += 18;
        else
            pdf_new_page(&d);
        const cJSON *ol = cJSON_GetObjectItemCaseSensitive(page, "outline");
        pdf_outline(&d, ol ? template_text(ol, x->lang) : x->territory);
        const cJSON *block;
        cJSON_ArrayForEach(block, cJSON_GetObjectItemCaseSensitive(page, "blocks"))
            if (pdf_block(x, block, err, errlen) != 0) {
                rc = x->io_error ? EXIT_IO : EXIT_DATA;
                break;
            }
        if (rc)
            break;
    }
    *pages = d.page;
    if (pdf_doc_close(&d) != 0 && !rc) {
        if (out && out->err) {   /* the file's own error: ENOSPC... */
            snprintf(err, errlen, "%s: cannot write the PDF (the previous file is kept): %s", path, strerror(out->err));
            rc = EXIT_IO;
        } else {
            snprintf(err, errlen, "%s: cairo could not %s: %s", path, out ? "write the PDF" : "lay the report out",
                     cairo_status_to_string(d.status));
            rc = cairo_exit(d.status);
        }
    }
    free(title);
    free(subject);
    free(keywords);
    return rc;
}

int main(int argc, char **argv)
{
    program_init("taawun-pdf");
    json_arena_use();   /* the slice's nodes without malloc (lib/json_arena.c) */
    memory_preflight();
    render_args a;
    render_args_parse(&a, argc, argv, "taawun-pdf", USAGE, 1);
    char err[1200];
    if (pdf_check_fonts(err, sizeof err) != 0)
        die(EXIT_IO, "%s", err);   /* a missing file, as README says: exit 3 */
    render_input in;
    render_input_load(&in, &a);
    pdf_ctx x = {.s = &in.s, .cat = &in.cat, .t = &in.t, .report = in.report, .lang = a.lang,
                 .period = report_period(&in.s, in.report), .territory = in.territory};
    /* pass 1 counts the pages, pass 2 draws them with "page N / M" */
    int pages = 0, rc;
    if ((rc = render(&x, NULL, a.slice_path, 0, &pages, err, sizeof err)) != 0) {
        if (rc == EXIT_DATA)
            die(rc, "%s: %s", a.slice_path, err);
        die(rc, "%s", err);
    }
    render_make_parent(a.out);
    atomic_file out;
    if (atomic_open(&out, a.out) != 0)
        die(EXIT_IO, "%s: cannot write the PDF: %s", a.out, strerror(errno));
    int total = pages;
    if (a.png) {
        render_make_parent(a.png);
        x.png_prefix = a.png;
    }
    if ((rc = render(&x, &out, a.out, total, &pages, err, sizeof err)) != 0) {
        atomic_abort(&out);
        if (rc == EXIT_DATA)
            die(rc, "%s: %s", a.slice_path, err);
        die(rc, "%s", err);
    }
    if (atomic_commit(&out) != 0)
        die(EXIT_IO, "%s: cannot write the PDF (the previous file is kept): %s", a.out, strerror(errno));
    render_input_free(&in);
    return EXIT_OK;
}
