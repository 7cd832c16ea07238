/* Stage 3b, render: one PDF report for one scope and language, from the
 * scope's slice of the cube, the report template and the catalogues. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/util.h"
#include "pdf_blocks.h"
#include "pdf_doc.h"
#include "render_input.h"
#include "slice.h"
#include "template.h"

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
    "Exit status: 0 ok, 1 bad data or template, 2 usage, 3 I/O error.\n";

static int render(pdf_ctx *x, const char *path, int total, int *pages, char *err, size_t errlen)
{
    pdf_doc d;
    const cJSON *pdf = cJSON_GetObjectItemCaseSensitive(x->report, "pdf");
    const cJSON *paper = cJSON_GetObjectItemCaseSensitive(pdf, "paper");
    const cJSON *orient = cJSON_GetObjectItemCaseSensitive(pdf, "orientation");
    if (paper && (!cJSON_IsString(paper) || strcmp(paper->valuestring, "A4"))) {
        snprintf(err, errlen, "\"pdf\": \"paper\": expected \"A4\"");
        return -1;
    }
    if (orient && (!cJSON_IsString(orient) || (strcmp(orient->valuestring, "portrait") && strcmp(orient->valuestring, "landscape")))) {
        snprintf(err, errlen, "\"pdf\": \"orientation\": expected \"portrait\" or \"landscape\"");
        return -1;
    }
    int landscape = cJSON_IsString(orient) && !strcmp(orient->valuestring, "landscape");
    if (pdf_doc_open(&d, path, x->lang, total, landscape) != 0) {
        snprintf(err, errlen, "cannot create %s: %s", path ? path : "the page layout", cairo_status_to_string(d.surface ? cairo_surface_status(d.surface) : CAIRO_STATUS_NO_MEMORY));
        return -1;
    }
    x->d = &d;
    char *title = template_expand(template_text(cJSON_GetObjectItemCaseSensitive(x->report, "title"), x->lang),
                                  x->territory, x->period ? x->period : "", x->s->code);
    char *subject = template_expand(template_text(cJSON_GetObjectItemCaseSensitive(x->report, "subject"), x->lang),
                                    x->territory, x->period ? x->period : "", x->s->code);
    char *keywords = template_expand(template_text(cJSON_GetObjectItemCaseSensitive(x->report, "keywords"), x->lang),
                                     x->territory, x->period ? x->period : "", x->s->code);
    time_t created = reproducible_time(render_data_time(x->s));
    pdf_doc_metadata(&d, title, template_author(x->t), subject, keywords, created);
    char date[16], footer[256];
    struct tm tm;
    gmtime_r(&created, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    /* in Arabic, an isolate keeps 2023-11-14 reading left to right */
    const char *lri = !strcmp(x->lang, "ar") ? "\xe2\x81\xa6" : "";
    const char *pdi = *lri ? "\xe2\x81\xa9" : "";
    snprintf(footer, sizeof footer, "%s %s%s%s · %s %s%s%s", template_label(x->t, x->lang, "generated"), lri, date, pdi,
             template_label(x->t, x->lang, "data_version"), lri, x->s->data_version, pdi);
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
        pdf_new_page(&d);
        const cJSON *ol = cJSON_GetObjectItemCaseSensitive(page, "outline");
        pdf_outline(&d, ol ? template_text(ol, x->lang) : x->territory);
        const cJSON *block;
        cJSON_ArrayForEach(block, cJSON_GetObjectItemCaseSensitive(page, "blocks"))
            if ((rc = pdf_block(x, block, err, errlen)) != 0)
                break;
        if (rc)
            break;
    }
    *pages = d.page;
    if (pdf_doc_close(&d) != 0 && !rc) {
        snprintf(err, errlen, "cairo could not write %s", path ? path : "the layout");
        rc = -1;
    }
    free(title);
    free(subject);
    free(keywords);
    return rc;
}

int main(int argc, char **argv)
{
    program_init("taawun-pdf");
    render_args a;
    render_args_parse(&a, argc, argv, "taawun-pdf", USAGE, 1);
    char err[512];
    if (pdf_check_fonts(err, sizeof err) != 0)
        die(EXIT_IO, "%s", err);   /* the machine's fonts, not the data */
    render_input in;
    render_input_load(&in, &a);
    pdf_ctx x = {.s = &in.s, .cat = &in.cat, .t = &in.t, .report = in.report, .lang = a.lang,
                 .period = slice_report_period(&in.s, in.report), .territory = in.territory};
    /* pass 1 counts the pages, pass 2 draws them with "page N / M" */
    int pages = 0;
    if (render(&x, NULL, 0, &pages, err, sizeof err) != 0)
        die(EXIT_DATA, "%s: %s", a.slice_path, err);
    render_make_parent(a.out);
    char *tmp = atomic_tmp_name(a.out);
    int total = pages;
    if (a.png) {
        render_make_parent(a.png);
        x.png_prefix = a.png;
    }
    if (render(&x, tmp, total, &pages, err, sizeof err) != 0) {
        /* the same layout passed without a file: what failed is writing */
        unlink(tmp);
        die(EXIT_IO, "%s: %s", a.slice_path, err);
    }
    if (atomic_rename(tmp, a.out) != 0)
        die(EXIT_IO, "cannot write %s: %s", a.out, strerror(errno));
    free(tmp);
    render_input_free(&in);
    return EXIT_OK;
}
