/* The workbook of a report (taawun-xlsx): its context, cell formats and the
 * helpers every sheet uses to write cells, keep column widths and set up a
 * sheet for the screen and for print, in the report's language (Arabic
 * sheets right to left). */
#ifndef TAAWUN_XLSX_BOOK_H
#define TAAWUN_XLSX_BOOK_H

#include <cjson/cJSON.h>
#include <time.h>
#include <xlsxwriter.h>

#include "lib/catalog.h"
#include "lib/slice.h"
#include "table_model.h"
#include "template.h"

/* Number formats by unit (tm_col.unit / unit_name()). */
typedef enum { XU_COUNT = 0, XU_MAD, XU_PERCENT, XU_RATIO, XU_MAD_CENTS, XU_N } xlsx_unit;
/* The unit a value is shown in: an amount with centimes shows them
 * (XU_MAD_CENTS), as the PDF does, rather than be rounded. */
xlsx_unit xlsx_unit_for(xlsx_unit u, double v);
/* Looks of a number: plain, partial (rests on some parts only), a row sum,
 * the cube's own total. */
typedef enum { XS_PLAIN = 0, XS_PARTIAL, XS_SUM, XS_OWN, XS_N } xlsx_style;

typedef struct {
    lxw_workbook *wb;
    const slice *s;
    const catalog *cat;
    const template_set *t;
    const cJSON *report;     /* the template's report for the scope level */
    const cJSON *rules;      /* input/catalog/rules.json ("rules" array), for rule texts; may be NULL */
    const char *lang;
    int rtl;
    const char *period;      /* the report's period (NULL: the scope has no cells) */
    const char *territory;   /* the scope's name in lang */
    char *title;             /* the report title, expanded */
    time_t created;          /* the build's time (SOURCE_DATE_EPOCH when set) */
    const char *data_date;   /* the newest source's date, NULL when none */
    const char *out;         /* the workbook's path, for messages */
    int n_tables;
    /* formats */
    lxw_format *f_title, *f_subtitle, *f_synthetic, *f_header, *f_label, *f_text, *f_wrap, *f_note,
        *f_total_label, *f_own_label, *f_date, *f_diff, *f_int;
    lxw_format *f_num[XU_N][XS_N];
} xlsx_ctx;

/* A sheet being written: the worksheet and the widths its columns need. */
#define XLSX_MAX_COLS 64
typedef struct {
    xlsx_ctx *x;
    lxw_worksheet *ws;
    const char *name;
    double width[XLSX_MAX_COLS];    /* in Excel character units */
    double max_width[XLSX_MAX_COLS];/* 0: the default cap */
    int wrap[XLSX_MAX_COLS];        /* column of long text: fixed width, wrapped */
    int n_cols;
    double *row_h;                  /* heights set (points; 0: the default 15) */
    size_t n_row_h;
    double object_px;               /* the widest chart, in pixels */
    lxw_row_t breaks[32];           /* page breaks before these rows (0-terminated) */
    int n_breaks;
} xlsx_sheet;

/* Every libxlsxwriter call that reports a status goes through these: a
 * failure (a cell that would be left empty, a chart not placed) ends the
 * run with the call, the sheet and the cell, before the workbook is
 * closed: exit 3 when it is I/O or memory, 4 otherwise (a bug).
 * sh NULL: a workbook-wide call; row -1: not a cell. */
lxw_error xlsx_ok(const xlsx_ctx *x, const xlsx_sheet *sh, int row, int col, const char *call, lxw_error e);
void *xlsx_ptr(const xlsx_ctx *x, const xlsx_sheet *sh, const char *call, void *p);
#define XLSX_OK(x, sh, row, col, call) xlsx_ok((x), (sh), (row), (col), #call, (call))
#define XLSX_PTR(x, sh, call) xlsx_ptr((x), (sh), #call, (call))
/* Exit status for a libxlsxwriter error: EXIT_IO or EXIT_INTERNAL. */
int xlsx_exit_code(lxw_error e);

/* Excel holds at most this many characters in a cell (libxlsxwriter
 * refuses more and leaves the cell empty): a longer text is written cut,
 * ending in XLSX_CUT_MARK, with a warning (the PDF shows it whole). */
#define XLSX_MAX_CHARS 32767
#define XLSX_CUT_MARK "[\xe2\x80\xa6]"   /* "[…]" */
/* Writes a string cell, cut as above when too long. */
void xlsx_string(xlsx_sheet *sh, int row, int col, const char *s, lxw_format *f);

/* Creates the formats of the workbook (in the report's language). */
void xlsx_formats(xlsx_ctx *x);

/* A label of templates/labels.json in the report's language. */
const char *xlsx_label(const xlsx_ctx *x, const char *key);
const char *xlsx_prog_name(const xlsx_ctx *x, const char *code);
const char *xlsx_ind_name(const xlsx_ctx *x, const char *code);
/* Unit of an indicator (count, people, families, mad, percent, ratio). */
const char *xlsx_ind_unit(const xlsx_ctx *x, const char *code);
xlsx_unit xlsx_unit_of(const char *unit);
/* An {"ar":…, "fr":…} text of the template with {territory}/{period} filled in; caller frees. */
char *xlsx_expand(const xlsx_ctx *x, const cJSON *i18n);

/* Adds a worksheet named from the template (checked: 31 characters, no []:*?/\,
 * unique); returns -1 with a message in err. */
int xlsx_sheet_add(xlsx_ctx *x, xlsx_sheet *sh, const char *name, char *err, size_t errlen);
/* Page set-up, widths, print titles; call when the sheet is complete.
 * header_row: the row repeated on each printed page and frozen (-1: none);
 * freeze_cols: columns kept in view. */
void xlsx_sheet_finish(xlsx_sheet *sh, int header_row, int freeze_cols);

/* Width estimates (Excel character units) of a text and of a number as shown. */
double xlsx_text_width(const char *s);
double xlsx_number_width(double v, xlsx_unit u, const char *lang);

/* Writing cells; each notes the width the column needs. Strings from the
 * data always go through worksheet_write_string: "=1+1" stays text. */
void xlsx_text(xlsx_sheet *sh, int row, int col, const char *s, lxw_format *f);
/* A text that may overflow into the next cells (titles): no width kept. */
void xlsx_text_free(xlsx_sheet *sh, int row, int col, const char *s, lxw_format *f);
void xlsx_number(xlsx_sheet *sh, int row, int col, double v, xlsx_unit u, xlsx_style st);
/* A column of long text: fixed width, wrapped. */
void xlsx_wrap_column(xlsx_sheet *sh, int col, double width);
/* Header cell widths: a header may wrap on two or three lines. */
void xlsx_header_width(xlsx_sheet *sh, int col, const char *s);

/* Sets a row's height for the wrapped texts in it (estimated lines). */
void xlsx_fit_row(xlsx_sheet *sh, int row, const char *const *texts, const int *cols, int n);
/* The same for a row of bold headers. */
void xlsx_fit_header_row(xlsx_sheet *sh, int row, const char *const *texts, const int *cols, int n);
/* Sets a row's height in points (kept for the page layout). */
void xlsx_row_height(xlsx_sheet *sh, int row, double points);
/* An object (chart) of `rows` default rows from `row` on, `px` pixels wide:
 * starts a new printed page there when it would be cut by a page end. */
void xlsx_keep_together(xlsx_sheet *sh, int row, int rows, double px);

/* Sheet blocks (xlsx_sheets.c, xlsx_tables.c); each returns 0 or -1 with err. */
int xlsx_summary_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen);
int xlsx_table_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen);
int xlsx_figures_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen);
int xlsx_quality_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen);
int xlsx_sources_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen);

/* Is a block's "when" met?  report_when (when.h): the PDF's reading. */
int xlsx_when(const xlsx_ctx *x, const cJSON *block);

/* Words for a cell: how its value was obtained ("calculé : somme des
 * territoires 1/12 - partiel"), and its flags in words. */
void xlsx_basis_text(const xlsx_ctx *x, const slice_cell *c, char *buf, size_t len);
void xlsx_flags_text(const xlsx_ctx *x, const slice_cell *c, char *buf, size_t len);
/* "approx" -> "environ"; "" for exact. */
const char *xlsx_qualifier_text(const xlsx_ctx *x, const char *qualifier);

/* Writes the sheet's first rows: title, and the synthetic-data notice when
 * the data is synthetic.  Returns the next free row. */
int xlsx_sheet_heading(xlsx_sheet *sh, const char *title);

#endif
