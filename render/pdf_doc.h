/* A PDF report as a flow of blocks on A4 pages (Cairo's PDF surface; all
 * text through Pango, see text.h): page header and footer, "page N / M",
 * outline entries, metadata, and a visible mark on synthetic data.
 * Laid out twice: a counting pass on a recording surface gives the number
 * of pages, the second pass draws the PDF (the layout is deterministic). */
#ifndef TAAWUN_PDF_DOC_H
#define TAAWUN_PDF_DOC_H

#include <cairo.h>
#include <time.h>

#include "lib/atomic.h"
#include "lib/util.h"
#include "text.h"

typedef struct {
    cairo_surface_t *surface;
    cairo_t *cr;
    int counting;            /* first pass: nothing is kept */
    double page_w, page_h;
    double left, right, top, bottom;   /* content box */
    double y;                /* where the next block goes */
    int page, total_pages;
    int rtl;
    const char *lang;
    const char *header_left, *header_right;   /* running header */
    const char *footer;      /* generation date and data version */
    const char *synthetic_mark;               /* NULL unless synthetic */
    int page_open;
    atomic_file *out;        /* the file (NULL: a counting pass) */
    strbuf pdf;              /* cairo's output, tagged on close (pdf_tagged.h) */
    char **figure_alt;       /* alternative text of each Figure, in order */
    size_t n_figures;
    cairo_status_t status;   /* set by pdf_doc_close */
} pdf_doc;

/* Starts a document of A4 pages, upright or turned (landscape), written
 * to out (atomic_open'ed); a counting pass when out is NULL. */
int pdf_doc_open(pdf_doc *d, atomic_file *out, const char *lang, int total_pages, int landscape);
/* Sets title, author, subject, keywords and the creation date. */
void pdf_doc_metadata(pdf_doc *d, const char *title, const char *author, const char *subject,
                      const char *keywords, time_t created);
/* Finishes the last page and the file, sets its language and the
 * figures' alternative texts, and writes it to out; returns 0, or -1
 * (d->status says why; a write error's errno is in the atomic_file's err;
 * a tagging error is printed on stderr). */
int pdf_doc_close(pdf_doc *d);

void pdf_new_page(pdf_doc *d);
/* Makes room for h points: a new page when the rest of this one is shorter. */
void pdf_need(pdf_doc *d, double h);
double pdf_room(const pdf_doc *d);
double pdf_width(const pdf_doc *d);
/* An outline entry (bookmark) pointing at the current page. */
void pdf_outline(pdf_doc *d, const char *text);

/* Structure tags (a tagged PDF: headings, paragraphs, tables, figures):
 * what is drawn between begin and end belongs to the element.  Page
 * headers and footers stay outside, so tags never span a page break. */
void pdf_tag_begin(pdf_doc *d, const char *tag);
void pdf_tag_end(pdf_doc *d, const char *tag);
/* A Figure element whose alternative text (the figures it shows) is
 * written into the file on close. */
void pdf_figure_begin(pdf_doc *d, const char *alt);
void pdf_figure_end(pdf_doc *d);

/* A text style in the report's direction. */
text_style pdf_style(const pdf_doc *d, double size, int bold);

/* Checks that fontconfig finds the report fonts; 0, or -1 with a message. */
int pdf_check_fonts(char *err, size_t errlen);

#endif
