#include "pdf_doc.h"
#include "lib/util.h"
#include "palette.h"
#include "pdf_tagged.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define A4_W 595.28
#define A4_H 841.89
#define MARGIN 42.0
#define HEADER_H 30.0
#define FOOTER_H 22.0

/* Cairo writes the PDF into memory through this (a report is a few
 * hundred KB): pdf_doc_close tags it and writes it with atomic_write, which
 * checks every write (ENOSPC...), never by file name. */
static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
    pdf_doc *d = closure;
    sb_put(&d->pdf, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

int pdf_doc_open(pdf_doc *d, atomic_file *out, const char *lang, int total_pages, int landscape)
{
    memset(d, 0, sizeof *d);
    d->counting = out == NULL;
    d->page_w = landscape ? A4_H : A4_W;
    d->page_h = landscape ? A4_W : A4_H;
    d->left = MARGIN;
    d->right = d->page_w - MARGIN;
    d->top = MARGIN + HEADER_H;
    d->bottom = d->page_h - MARGIN - FOOTER_H;
    d->lang = lang;
    d->rtl = strcmp(lang, "ar") == 0;
    d->total_pages = total_pages;
    if (out) {
        d->out = out;
        sb_init(&d->pdf);
        d->surface = cairo_pdf_surface_create_for_stream(write_out, d, d->page_w, d->page_h);
        cairo_pdf_surface_restrict_to_version(d->surface, CAIRO_PDF_VERSION_1_5);
    } else {
        cairo_rectangle_t extents = {0, 0, d->page_w, d->page_h};
        d->surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
    }
    if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS)
        return -1;
    d->cr = cairo_create(d->surface);
    return cairo_status(d->cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

void pdf_doc_metadata(pdf_doc *d, const char *title, const char *author, const char *subject,
                      const char *keywords, time_t created)
{
    if (d->counting)
        return;
    char date[32];
    struct tm tm;
    gmtime_r(&created, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, author);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_SUBJECT, subject);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "taawun");
    /* without these Cairo stamps the current time: same input, same bytes */
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

text_style pdf_style(const pdf_doc *d, double size, int bold)
{
    return text_style_make(size, bold, d->rtl);
}

static void draw_header_footer(pdf_doc *d)
{
    cairo_t *cr = d->cr;
    double w = pdf_width(d);
    text_style st = pdf_style(d, 8, 0);
    st.colour = palette_grey(GREY_MUTED);
    /* boxes are as tall as a line that holds Arabic as well as Latin */
    double lh = text_line_height(cr, &st);
    /* the start side is the right in Arabic: mirror the boxes, not only
     * the alignment, or both texts would meet in the middle */
    double start_x = d->rtl ? d->left + w * 0.5 : d->left, end_x = d->rtl ? d->left : d->left + w * 0.5;
    /* header: report title at the start side, subject and period at the end */
    text_draw(cr, d->header_left ? d->header_left : "", start_x, MARGIN, w * 0.48, lh, &st);
    st.align = TEXT_END;
    text_draw(cr, d->header_right ? d->header_right : "", end_x, MARGIN, w * 0.48, lh, &st);
    palette_set(cr, palette_grey(GREY_RULE));
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, d->left, MARGIN + lh + 3);
    cairo_line_to(cr, d->right, MARGIN + lh + 3);
    cairo_stroke(cr);
    /* footer: generation date and data version, page N / M */
    double fy = d->page_h - MARGIN - lh;
    cairo_move_to(cr, d->left, fy - 5);
    cairo_line_to(cr, d->right, fy - 5);
    cairo_stroke(cr);
    st.align = TEXT_START;
    text_draw(cr, d->footer ? d->footer : "", d->rtl ? d->left + w * 0.25 : d->left, fy, w * 0.73, lh, &st);
    char page[64];
    if (d->rtl)
        snprintf(page, sizeof page, "صفحة %d / %d", d->page, d->total_pages ? d->total_pages : d->page);
    else
        snprintf(page, sizeof page, "Page %d / %d", d->page, d->total_pages ? d->total_pages : d->page);
    st.align = TEXT_END;
    text_draw(cr, page, d->rtl ? d->left : d->left + w * 0.77, fy, w * 0.23, lh, &st);
    if (d->synthetic_mark) {
        /* a band that cannot be missed on every page */
        text_style ms = pdf_style(d, 8, 1);
        double mh = text_line_height(cr, &ms);
        cairo_set_source_rgb(cr, 0.80, 0.10, 0.10);
        cairo_rectangle(cr, d->left, MARGIN + lh + 6, w, mh + 2);
        cairo_fill(cr);
        ms.colour = (rgba){1, 1, 1, 1};
        ms.align = TEXT_CENTRE;
        text_draw(cr, d->synthetic_mark, d->left, MARGIN + lh + 7, w, mh, &ms);
    }
}

void pdf_new_page(pdf_doc *d)
{
    if (d->page_open)
        cairo_show_page(d->cr);
    d->page++;
    d->page_open = 1;
    draw_header_footer(d);
    d->y = d->top + (d->synthetic_mark ? 18 : 4);
}

double pdf_room(const pdf_doc *d)
{
    return d->bottom - d->y;
}

double pdf_width(const pdf_doc *d)
{
    return d->right - d->left;
}

void pdf_need(pdf_doc *d, double h)
{
    if (!d->page_open || pdf_room(d) < h)
        pdf_new_page(d);
}

void pdf_outline(pdf_doc *d, const char *text)
{
    if (d->counting || !text || !*text)
        return;
    char attrs[64];
    snprintf(attrs, sizeof attrs, "page=%d pos=[%.0f %.0f]", d->page, d->left, d->y);
    cairo_pdf_surface_add_outline(d->surface, CAIRO_PDF_OUTLINE_ROOT, text, attrs, 0);
}

void pdf_tag_begin(pdf_doc *d, const char *tag)
{
    cairo_tag_begin(d->cr, tag, NULL);
}

void pdf_tag_end(pdf_doc *d, const char *tag)
{
    cairo_tag_end(d->cr, tag);
}

void pdf_figure_begin(pdf_doc *d, const char *alt)
{
    if (!d->counting) {
        d->figure_alt = xrealloc(d->figure_alt, (d->n_figures + 1) * sizeof *d->figure_alt);
        d->figure_alt[d->n_figures++] = xstrdup(alt ? alt : "");
    }
    cairo_tag_begin(d->cr, "Figure", NULL);
}

void pdf_figure_end(pdf_doc *d)
{
    cairo_tag_end(d->cr, "Figure");
}

int pdf_doc_close(pdf_doc *d)
{
    if (d->page_open)
        cairo_show_page(d->cr);
    cairo_status_t st = cairo_status(d->cr);
    cairo_destroy(d->cr);
    cairo_surface_finish(d->surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(d->surface);
    cairo_surface_destroy(d->surface);
    d->cr = NULL;
    d->surface = NULL;
    int rc = st == CAIRO_STATUS_SUCCESS ? 0 : -1;
    d->status = st;
    if (rc == 0 && d->out) {
        /* cairo's file, with what it cannot write (language, alternative
         * texts), then written out: every write checked by atomic_write */
        char err[512], *tagged = NULL;
        size_t len = 0;
        if (pdf_tagged_finish(d->out->path, d->pdf.data, d->pdf.len, d->lang, d->figure_alt, d->n_figures, &tagged,
                              &len, err, sizeof err) != 0) {
            fprintf(stderr, "taawun-pdf: %s\n", err);
            d->status = CAIRO_STATUS_WRITE_ERROR;
            rc = -1;
        } else if (atomic_write(d->out, tagged, len) != 0) {
            rc = -1;
        }
        free(tagged);
    }
    if (d->out)
        sb_free(&d->pdf);
    for (size_t i = 0; i < d->n_figures; i++)
        free(d->figure_alt[i]);
    free(d->figure_alt);
    d->figure_alt = NULL;
    d->n_figures = 0;
    return rc;
}

int pdf_check_fonts(char *err, size_t errlen)
{
    /* Pango would fall back to any font (or boxes) without a word: check
     * that the Arabic and Latin families are really there. */
    const char *need[] = {"Noto Sans Arabic", "Noto Sans"};
    if (!FcInit()) {
        snprintf(err, errlen, "fontconfig could not start (expected a working font configuration)");
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        FcPattern *p = FcNameParse((const FcChar8 *)need[i]);
        FcConfigSubstitute(NULL, p, FcMatchPattern);
        FcDefaultSubstitute(p);
        FcResult r;
        FcPattern *m = FcFontMatch(NULL, p, &r);
        FcChar8 *family = NULL;
        int found = m && FcPatternGetString(m, FC_FAMILY, 0, &family) == FcResultMatch && family &&
                    strcmp((const char *)family, need[i]) == 0;
        if (m) FcPatternDestroy(m);
        FcPatternDestroy(p);
        if (!found) {
            snprintf(err, errlen, "font '%s' not found (expected Debian's fonts-noto-core installed and visible to fontconfig)",
                     need[i]);
            return -1;
        }
    }
    return 0;
}
