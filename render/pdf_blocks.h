/* The blocks a PDF report page is made of (templates/README.md): title,
 * headline tiles, charts and tables (from the shared table model), data
 * quality, sources.  Each block flows on the document, starting a new page
 * when it does not fit. */
#ifndef TAAWUN_PDF_BLOCKS_H
#define TAAWUN_PDF_BLOCKS_H

#include <cjson/cJSON.h>

#include "lib/catalog.h"
#include "pdf_doc.h"
#include "lib/slice.h"
#include "template.h"

typedef struct {
    pdf_doc *d;
    const slice *s;
    const catalog *cat;
    const template_set *t;
    const cJSON *report;     /* the template's report */
    const char *lang;
    const char *period;      /* the report's period */
    const char *territory;   /* the scope's name in lang */
    const char *png_prefix;  /* also write each chart as PREFIX-N.png; NULL: no */
    int png_count;
    int io_error;            /* errno of a failed file write (exit 3), 0 if none */
} pdf_ctx;

/* Draws one block; returns 0, or -1 with a message in err. */
int pdf_block(pdf_ctx *x, const cJSON *block, char *err, size_t errlen);

/* Is a page's or block's "when" condition met? */
int pdf_when(const pdf_ctx *x, const cJSON *item);

/* Chart and table of a table model (pdf_figures.c): draw in the flow. */
#include "table_model.h"
int pdf_draw_chart(pdf_ctx *x, const cJSON *block, const table_model *tm, const char *title, char *err, size_t errlen);
int pdf_draw_table(pdf_ctx *x, const table_model *tm, const char *title, int transpose, char *err, size_t errlen);

/* A titled table that flows over pages (pdf_figures.c). */
#include "table_draw.h"
void pdf_table_flow(pdf_ctx *x, const char *title, const table_spec *ts);

/* The "figures" block (pdf_listing.c): every figure reported for the scope
 * itself, and every centre's figure its sums rest on, with programme,
 * period and source; the first PDF_LISTING_MAX, then "and N more: see the
 * workbook".  pdf_listing_count: how many there are. */
#define PDF_LISTING_MAX 80
void pdf_block_listing(pdf_ctx *x);
size_t pdf_listing_count(const pdf_ctx *x);

/* Would the block show anything (its condition holds, its table has rows)? */
int pdf_block_has_content(const pdf_ctx *x, const cJSON *block);
/* A paragraph that flows over pages (bounded: a long one is cut with "[…]"). */
void pdf_paragraph(pdf_ctx *x, const char *text, double size, int bold, rgba colour, double indent);

/* The workbook table spec with this id (templates share table specs). */
const cJSON *pdf_table_spec(const pdf_ctx *x, const char *id);

#endif
