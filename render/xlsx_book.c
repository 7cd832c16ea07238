#include "xlsx_book.h"
#include "lib/util.h"
#include "report_text.h"
#include "when.h"
#include "disagreement.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- formats ------------------------------------------------------------- */

#define GREY_TEXT 0x595959
/* terms of a disagreeing sum named in a cell's observations (the Sources
 * sheet lists every centre's fact) */
#define XLSX_TERMS_SHOWN 12
#define PARTIAL_COLOUR 0xB3541E   /* a partial figure: never the complete number */
#define OWN_FILL 0xFFF2CC
#define LABEL_FILL 0xE7EEF5
#define HEADER_FILL 0x1F4E79
#define RULE_COLOUR 0xD0D7E1

/* a hairline under each line of figures, the text kept off the cell edge */
static void ruled(lxw_format *f, int indent)
{
    format_set_bottom(f, LXW_BORDER_HAIR);
    format_set_bottom_color(f, RULE_COLOUR);
    if (indent)
        format_set_indent(f, 1);
}

int xlsx_exit_code(lxw_error e)
{
    switch (e) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED: case LXW_ERROR_CREATING_XLSX_FILE: case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE: case LXW_ERROR_ZIP_FILE_OPERATION: case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE: case LXW_ERROR_ZIP_INTERNAL_ERROR: case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        return EXIT_IO;
    default:
        return EXIT_INTERNAL;
    }
}

lxw_error xlsx_ok(const xlsx_ctx *x, const xlsx_sheet *sh, int row, int col, const char *call, lxw_error e)
{
    if (e == LXW_NO_ERROR)
        return e;
    strbuf where;
    sb_init(&where);
    sb_puts(&where, x && x->out ? x->out : "workbook");
    if (sh)
        sb_printf(&where, ": sheet '%s'", sh->name ? sh->name : "");
    if (sh && row >= 0 && col >= 0) {
        char name[16];
        lxw_rowcol_to_cell(name, (lxw_row_t)row, (lxw_col_t)col);
        sb_printf(&where, ", cell %s", name);
    }
    /* the workbook is not closed: nothing is written, no temporary left */
    die(xlsx_exit_code(e), "%s: %.*s failed: %s (%s)", where.data, (int)strcspn(call, "("), call, lxw_strerror(e),
        xlsx_exit_code(e) == EXIT_IO ? "I/O or memory error" : "internal error");
}

void *xlsx_ptr(const xlsx_ctx *x, const xlsx_sheet *sh, const char *call, void *p)
{
    if (!p)
        xlsx_ok(x, sh, -1, -1, call, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return p;
}

static lxw_format *fmt(xlsx_ctx *x)
{
    lxw_format *f = XLSX_PTR(x, NULL, workbook_add_format(x->wb));
    if (x->rtl) {
        /* Calibri has no Arabic letters: a font that has them everywhere */
        format_set_font_name(f, "Arial");
        format_set_reading_order(f, 2);
    }
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

/* Excel number formats (locale-free: ',' groups, '.' decimals; the
 * spreadsheet shows the reader's separators).  A partial figure shows
 * "≥ " before it, as in the PDF (a lower bound, never the whole), and
 * stays a number. */
static void number_format(char *buf, size_t len, xlsx_unit u, const char *lang, int partial)
{
    int ar = !strcmp(lang, "ar");
    const char *mark = partial ? "\"\xe2\x89\xa5 \"" : "";
    switch (u) {
    case XU_MAD: snprintf(buf, len, "%s#,##0 \"%s\"", mark, ar ? "درهم" : "MAD"); break;
    case XU_MAD_CENTS: snprintf(buf, len, "%s#,##0.00 \"%s\"", mark, ar ? "درهم" : "MAD"); break;
    /* values are already percentages (0-100): a literal sign, not Excel's % (x100) */
    case XU_PERCENT: snprintf(buf, len, "%s0.0\"%s%%\"", mark, ar ? "" : " "); break;
    case XU_RATIO: snprintf(buf, len, "%s#,##0.00", mark); break;
    default: snprintf(buf, len, "%s#,##0", mark); break;
    }
}

void xlsx_formats(xlsx_ctx *x)
{
    x->f_title = fmt(x);
    format_set_bold(x->f_title);
    format_set_font_size(x->f_title, 14);
    x->f_subtitle = fmt(x);
    format_set_font_color(x->f_subtitle, GREY_TEXT);
    x->f_synthetic = fmt(x);
    format_set_bold(x->f_synthetic);
    format_set_font_size(x->f_synthetic, 12);
    format_set_font_color(x->f_synthetic, 0xC00000);
    x->f_header = fmt(x);
    format_set_bold(x->f_header);
    format_set_text_wrap(x->f_header);
    format_set_font_color(x->f_header, LXW_COLOR_WHITE);
    format_set_bg_color(x->f_header, HEADER_FILL);
    format_set_align(x->f_header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(x->f_header, LXW_BORDER_THIN);
    format_set_border_color(x->f_header, LXW_COLOR_WHITE);
    x->f_label = fmt(x);
    format_set_bold(x->f_label);
    format_set_bg_color(x->f_label, LABEL_FILL);
    format_set_text_wrap(x->f_label);
    x->f_text = fmt(x);
    ruled(x->f_text, 1);
    x->f_wrap = fmt(x);
    format_set_text_wrap(x->f_wrap);
    ruled(x->f_wrap, 1);
    x->f_note = fmt(x);
    format_set_italic(x->f_note);
    format_set_font_color(x->f_note, GREY_TEXT);
    format_set_text_wrap(x->f_note);
    ruled(x->f_note, 1);
    x->f_total_label = fmt(x);
    format_set_bold(x->f_total_label);
    x->f_own_label = fmt(x);
    format_set_bold(x->f_own_label);
    format_set_bg_color(x->f_own_label, OWN_FILL);
    format_set_top(x->f_own_label, LXW_BORDER_THIN);
    format_set_bottom(x->f_own_label, LXW_BORDER_THIN);
    x->f_date = fmt(x);
    format_set_num_format(x->f_date, "yyyy-mm-dd");
    format_set_align(x->f_date, x->rtl ? LXW_ALIGN_RIGHT : LXW_ALIGN_LEFT);
    ruled(x->f_date, 0);
    x->f_int = fmt(x);
    format_set_num_format(x->f_int, "0");
    ruled(x->f_int, 0);
    x->f_diff = XLSX_PTR(x, NULL, workbook_add_format(x->wb));   /* conditional: differences between sum and own total */
    format_set_bg_color(x->f_diff, 0xFFC7CE);
    format_set_font_color(x->f_diff, 0x9C0006);
    for (int u = 0; u < XU_N; u++)
        for (int st = 0; st < XS_N; st++) {
            lxw_format *f = x->f_num[u][st] = fmt(x);
            char nf[64];
            number_format(nf, sizeof nf, (xlsx_unit)u, x->lang, st == XS_PARTIAL);
            format_set_num_format(f, nf);
            if (st == XS_PLAIN || st == XS_PARTIAL)
                ruled(f, 0);
            if (st == XS_PARTIAL) {
                format_set_italic(f);
                format_set_font_color(f, PARTIAL_COLOUR);
            } else if (st == XS_SUM) {
                format_set_bold(f);
            } else if (st == XS_OWN) {
                format_set_bold(f);
                format_set_bg_color(f, OWN_FILL);
                format_set_top(f, LXW_BORDER_THIN);
                format_set_bottom(f, LXW_BORDER_THIN);
            }
        }
}

/* ---- words ----------------------------------------------------------------- */

const char *xlsx_label(const xlsx_ctx *x, const char *key)
{
    return template_label(x->t, x->lang, key);
}

const char *xlsx_prog_name(const xlsx_ctx *x, const char *code)
{
    int i = catalog_programme(x->cat, code);
    return i < 0 ? code : x->rtl ? x->cat->prog[i].ar : x->cat->prog[i].fr;
}

const char *xlsx_ind_name(const xlsx_ctx *x, const char *code)
{
    int i = catalog_indicator(x->cat, code);
    return i < 0 ? code : x->rtl ? x->cat->ind[i].ar : x->cat->ind[i].fr;
}

const char *xlsx_ind_unit(const xlsx_ctx *x, const char *code)
{
    int i = catalog_indicator(x->cat, code);
    return i < 0 ? "count" : unit_name(x->cat->ind[i].unit);
}

xlsx_unit xlsx_unit_of(const char *unit)
{
    if (!unit)
        return XU_COUNT;
    if (!strcmp(unit, "mad"))
        return XU_MAD;
    if (!strcmp(unit, "percent"))
        return XU_PERCENT;
    if (!strcmp(unit, "ratio"))
        return XU_RATIO;
    return XU_COUNT;
}

char *xlsx_expand(const xlsx_ctx *x, const cJSON *i18n)
{
    return template_expand(template_text(i18n, x->lang), x->territory, x->period ? x->period : "", x->s->code);
}

void xlsx_basis_text(const xlsx_ctx *x, const slice_cell *c, char *buf, size_t len)
{
    basis_text(buf, len, c, x->t, x->lang);
}

const char *xlsx_qualifier_text(const xlsx_ctx *x, const char *q)
{
    if (!q || !*q || !strcmp(q, "exact"))
        return "";
    char key[64];
    snprintf(key, sizeof key, "qualifier_%s", q);
    return xlsx_label(x, key);
}

void xlsx_flags_text(const xlsx_ctx *x, const slice_cell *c, char *buf, size_t len)
{
    strbuf sb;
    sb_init(&sb);
    for (int k = 0; k < SLICE_N_FLAGS; k++) {
        unsigned f = c->flags & (1u << k);
        if (!f || f == SLICE_FLAG_SYNTHETIC)
            continue;
        char key[64];
        if (f == SLICE_FLAG_PARTIAL)
            snprintf(key, sizeof key, "partial");
        else
            snprintf(key, sizeof key, "flag_%s", slice_flag_names[k]);
        sb_printf(&sb, "%s%s", sb.len ? "; " : "", xlsx_label(x, key));
    }
    /* the numbers that disagree, as the PDF says them */
    if (disagreement_flagged(c)) {
        sb_puts(&sb, " : ");
        disagreement_text(&sb, x->s, c, x->cat, x->t, x->lang, XLSX_TERMS_SHOWN);
    }
    utf8_copy(buf, len, sb.data);
    sb_free(&sb);
}

int xlsx_when(const xlsx_ctx *x, const cJSON *block)
{
    return report_when(block, x->s, x->cat, x->t, x->lang, x->period);
}

/* ---- widths ------------------------------------------------------------------ */

static unsigned decode(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = *s++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra)
        c &= 0x3F >> extra;
    while (extra-- && (*s & 0xC0) == 0x80)
        c = (c << 6) | (*s++ & 0x3F);
    *p = s;
    return c;
}

double xlsx_text_width(const char *str)
{
    double w = 0;
    const unsigned char *p = (const unsigned char *)str;
    while (p && *p) {
        unsigned c = decode(&p);
        /* in units of the digit width of the default font (Calibri 11: 7 px) */
        if (c == ' ')
            w += 0.45;
        else if (c < 0x80)
            w += (c >= 'A' && c <= 'Z') ? 1.1 : (c >= '0' && c <= '9') ? 1.0 : strchr("iljtf.,;:'|!()[]/-", (int)c) ? 0.55 : 0.92;
        else if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x200B && c <= 0x200F) || (c >= 0x2066 && c <= 0x2069))
            ;   /* harakat, joiners and direction marks take no room */
        else if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) || (c >= 0xFB50 && c <= 0xFEFF))
            w += 1.1;   /* Arabic letters, in the fonts spreadsheets fall back on, run wide */
        else if (c < 0x250)
            w += 0.9;
        else
            w += 1.2;
    }
    return w;
}

xlsx_unit xlsx_unit_for(xlsx_unit u, double v)
{
    return u == XU_MAD && v != floor(v) ? XU_MAD_CENTS : u;
}

double xlsx_number_width(double v, xlsx_unit u, const char *lang)
{
    double a = fabs(v);
    int digits = a < 1 ? 1 : (int)floor(log10(a)) + 1;
    double w = digits + (digits - 1) / 3 * 0.5 + (v < 0);
    if (u == XU_RATIO || u == XU_PERCENT)
        w += 2.5;
    if (u == XU_PERCENT)
        w += 1.5;
    if (u == XU_MAD || u == XU_MAD_CENTS)
        w += !strcmp(lang, "ar") ? 5.5 : 4.5;
    if (u == XU_MAD_CENTS)
        w += 3;
    return w + 2;   /* room for "≥ " */
}

static void note_width(xlsx_sheet *sh, int col, double w)
{
    if (col < 0 || col >= XLSX_MAX_COLS)
        return;
    if (col >= sh->n_cols)
        sh->n_cols = col + 1;
    if (w > sh->width[col])
        sh->width[col] = w;
}

void xlsx_string(xlsx_sheet *sh, int row, int col, const char *s, lxw_format *f)
{
    if (!s)
        s = "";
    size_t chars = 0, cut = 0, keep = XLSX_MAX_CHARS - lxw_utf8_strlen(XLSX_CUT_MARK);
    for (const char *p = s; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars == keep + 1)
            cut = (size_t)(p - s);   /* the first character beyond what is kept */
    if (chars <= XLSX_MAX_CHARS) {
        XLSX_OK(sh->x, sh, row, col, worksheet_write_string(sh->ws, (lxw_row_t)row, (lxw_col_t)col, s, f));
        return;
    }
    char *t = xmalloc(cut + sizeof XLSX_CUT_MARK);
    memcpy(t, s, cut);
    memcpy(t + cut, XLSX_CUT_MARK, sizeof XLSX_CUT_MARK);
    char name[16];
    lxw_rowcol_to_cell(name, (lxw_row_t)row, (lxw_col_t)col);
    fprintf(stderr, "%s: warning: %s: sheet '%s', cell %s: a text of %zu characters is cut to %d, ending in \"%s\" "
            "(Excel holds at most %d characters in a cell; the PDF shows it whole)\n",
            progname, sh->x->out ? sh->x->out : "workbook", sh->name, name, chars, XLSX_MAX_CHARS, XLSX_CUT_MARK,
            XLSX_MAX_CHARS);
    XLSX_OK(sh->x, sh, row, col, worksheet_write_string(sh->ws, (lxw_row_t)row, (lxw_col_t)col, t, f));
    free(t);
}

void xlsx_text(xlsx_sheet *sh, int row, int col, const char *s, lxw_format *f)
{
    xlsx_string(sh, row, col, s, f);
    double w = xlsx_text_width(s);
    if (f == sh->x->f_header || f == sh->x->f_total_label || f == sh->x->f_own_label || f == sh->x->f_label)
        w *= 1.1;   /* bold */
    note_width(sh, col, w);
}

void xlsx_text_free(xlsx_sheet *sh, int row, int col, const char *s, lxw_format *f)
{
    xlsx_string(sh, row, col, s, f);
    note_width(sh, col, 0);
}

void xlsx_header_width(xlsx_sheet *sh, int col, const char *s)
{
    /* a header wraps on up to three lines rather than widen a column of numbers */
    double w = xlsx_text_width(s) * 1.1;
    double longest = 0, cur = 0;
    for (const char *p = s; *p; p++) {   /* the longest word must fit */
        if (*p == ' ') {
            longest = fmax(longest, cur);
            cur = 0;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            cur += 1.2;
        }
    }
    longest = fmax(longest, cur);
    note_width(sh, col, fmax(fmax(w / 3, longest), fmin(w, 12)));
}

void xlsx_number(xlsx_sheet *sh, int row, int col, double v, xlsx_unit u, xlsx_style st)
{
    u = xlsx_unit_for(u, v);
    XLSX_OK(sh->x, sh, row, col, worksheet_write_number(sh->ws, (lxw_row_t)row, (lxw_col_t)col, v, sh->x->f_num[u][st]));
    note_width(sh, col, xlsx_number_width(v, u, sh->x->lang) * (st == XS_SUM || st == XS_OWN ? 1.1 : 1));
}

void xlsx_wrap_column(xlsx_sheet *sh, int col, double width)
{
    if (col < 0 || col >= XLSX_MAX_COLS)
        return;
    note_width(sh, col, 0);
    sh->wrap[col] = 1;
    sh->max_width[col] = width;
}

static double col_width(const xlsx_sheet *sh, int c)
{
    if (sh->wrap[c])
        return sh->max_width[c];
    double cap = sh->max_width[c] > 0 ? sh->max_width[c] : 60;
    return fmin(fmax(sh->width[c] + 2, 6), cap);
}

void xlsx_row_height(xlsx_sheet *sh, int row, double points)
{
    if (row < 0)
        return;
    if ((size_t)row >= sh->n_row_h) {
        size_t n = (size_t)row + 64;
        sh->row_h = xrealloc(sh->row_h, n * sizeof *sh->row_h);
        memset(sh->row_h + sh->n_row_h, 0, (n - sh->n_row_h) * sizeof *sh->row_h);
        sh->n_row_h = n;
    }
    sh->row_h[row] = points;
    XLSX_OK(sh->x, sh, row, -1, worksheet_set_row(sh->ws, (lxw_row_t)row, points, NULL));
}

/* Lines a text takes in a column `room` characters wide, wrapped at spaces
 * (a word longer than the line is broken). */
static int wrapped_lines(const char *text, double room, double scale)
{
    int lines = 1;
    double used = 0;
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char word[512];
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
        double w = xlsx_text_width(word) * scale, space = used > 0 ? 0.45 * scale : 0;
        if (used > 0 && used + space + w > room) {
            lines++;
            used = 0;
            space = 0;
        }
        used += space + w;
        while (used > room) {   /* a word wider than the column */
            lines++;
            used -= room;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    return lines;
}

static void fit_row(xlsx_sheet *sh, int row, const char *const *texts, const int *cols, int n, double scale)
{
    int lines = 1;
    for (int i = 0; i < n; i++) {
        if (!texts[i] || cols[i] < 0 || cols[i] >= XLSX_MAX_COLS)
            continue;
        int l = wrapped_lines(texts[i], fmax(col_width(sh, cols[i]) - 1.5, 4), scale);
        if (l > lines)
            lines = l;
    }
    if (lines > 1)
        xlsx_row_height(sh, row, fmin(lines * (sh->x->rtl ? 15.5 : 14.5) + 3, 409));
}

void xlsx_fit_row(xlsx_sheet *sh, int row, const char *const *texts, const int *cols, int n)
{
    /* widths are estimated generously (a label must not be cut); running
     * text fills its lines a little closer */
    fit_row(sh, row, texts, cols, n, sh->x->rtl ? 0.8 : 0.9);
}

void xlsx_fit_header_row(xlsx_sheet *sh, int row, const char *const *texts, const int *cols, int n)
{
    fit_row(sh, row, texts, cols, n, sh->x->rtl ? 0.85 : 1.0);   /* bold, on generous widths */
}

/* ---- print layout ---------------------------------------------------------------- */

/* Width of the sheet in points as printed: columns (Excel: 7 px per
 * character + 5 px) or the widest chart. */
static double sheet_points(const xlsx_sheet *sh)
{
    double px = 0;
    for (int c = 0; c < sh->n_cols; c++)
        px += floor(col_width(sh, c) * 7 + 5);
    return fmax(px, sh->object_px) * 0.75;
}

/* Landscape when a portrait page would print the sheet smaller than 72 %. */
static int landscape(const xlsx_sheet *sh)
{
    return sheet_points(sh) > 7.27 * 72 / 0.72;
}

/* Height of a printed page in the sheet's points (fit to one page wide
 * scales the sheet down): A4 less the margins. */
static double page_points(const xlsx_sheet *sh, int first)
{
    int land = landscape(sh);
    /* less the margins (Excel prints the header and footer in them;
     * LibreOffice takes room for them but prints a little smaller) */
    double w = (land ? 11.69 : 8.27) - 1.0, h = (land ? 8.27 : 11.69) - 1.5;
    double scale = fmin(1, w * 72 / sheet_points(sh));
    return h * 72 / scale - (first ? 0 : 40);   /* less the header row repeated on the next pages */
}

void xlsx_keep_together(xlsx_sheet *sh, int row, int rows, double px)
{
    sh->object_px = fmax(sh->object_px, px);
    double top = 0, start = 0;
    int last_break = sh->n_breaks ? (int)sh->breaks[sh->n_breaks - 1] : 0;
    for (int r = 0; r < row; r++) {
        if (r == last_break)
            start = top;
        top += (size_t)r < sh->n_row_h && sh->row_h[r] > 0 ? sh->row_h[r] : 15;
    }
    /* Spreadsheet programs scale and lay out the page each a little
     * differently (fonts, header room): the object gets a page of its own
     * when a page end could cut it in any of them. */
    static const double scales[] = {0.85, 0.92, 1.0, 1.1, 1.2, 1.3};
    int cut = 0;
    for (size_t k = 0; k < sizeof scales / sizeof scales[0] && !cut; k++) {
        double first = page_points(sh, 1) * scales[k], next = page_points(sh, 0) * scales[k];
        double used = top - start;
        if (sh->n_breaks)
            used = fmod(used, next);
        else if (used > first)
            used = fmod(used - first, next);
        double page = sh->n_breaks || top - start > first ? next : first;
        cut = used > 0 && used + rows * 15.0 > page;
    }
    if (cut && sh->n_breaks < 31)
        sh->breaks[sh->n_breaks++] = (lxw_row_t)row;
}

/* ---- sheets --------------------------------------------------------------------- */

int xlsx_sheet_add(xlsx_ctx *x, xlsx_sheet *sh, const char *name, char *err, size_t errlen)
{
    memset(sh, 0, sizeof *sh);
    sh->x = x;
    sh->name = name;
    lxw_error e = workbook_validate_sheet_name(x->wb, name);
    if (e != LXW_NO_ERROR) {
        snprintf(err, errlen, "sheet name '%s': %s (expected at most 31 characters, none of []:*?/\\, each name once)",
                 name, lxw_strerror(e));
        return -1;
    }
    sh->ws = workbook_add_worksheet(x->wb, name);
    if (!sh->ws) {
        snprintf(err, errlen, "cannot add sheet '%s'", name);
        return -1;
    }
    if (x->rtl)
        worksheet_right_to_left(sh->ws);
    return 0;
}

/* Header and footer text: '&' is a code there, so it is doubled; Excel
 * allows 255 characters per header (max_chars counts the doubled '&'s:
 * libxlsxwriter refuses a longer header). */
static void hf_escape(strbuf *sb, const char *s, size_t max_chars)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && (n += *p == '&' ? 2 : 1) > max_chars) {
            sb_puts(sb, "…");
            return;
        }
        if (*p == '&')
            sb_putc(sb, '&');
        sb_putc(sb, *p);
    }
}

int xlsx_sheet_heading(xlsx_sheet *sh, const char *title)
{
    xlsx_text_free(sh, 0, 0, title, sh->x->f_title);
    xlsx_row_height(sh, 0, 21);
    int row = 1;
    if (sh->x->s->synthetic)
        xlsx_text_free(sh, row++, 0, xlsx_label(sh->x, "synthetic"), sh->x->f_synthetic);
    return row + 1;
}

void xlsx_sheet_finish(xlsx_sheet *sh, int header_row, int freeze_cols)
{
    xlsx_ctx *x = sh->x;
    for (int c = 0; c < sh->n_cols; c++)
        XLSX_OK(x, sh, -1, -1, worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, col_width(sh, c), NULL));
    worksheet_set_paper(sh->ws, 9);   /* A4 */
    if (landscape(sh))
        worksheet_set_landscape(sh->ws);
    if (sh->n_breaks) {
        sh->breaks[sh->n_breaks] = 0;
        XLSX_OK(x, sh, -1, -1, worksheet_set_h_pagebreaks(sh->ws, sh->breaks));
    }
    worksheet_fit_to_pages(sh->ws, 1, 0);
    worksheet_set_margins(sh->ws, 0.5, 0.5, 0.75, 0.75);
    if (header_row >= 0) {
        XLSX_OK(x, sh, -1, -1, worksheet_repeat_rows(sh->ws, (lxw_row_t)header_row, (lxw_row_t)header_row));
        worksheet_freeze_panes(sh->ws, (lxw_row_t)(header_row + 1), (lxw_col_t)freeze_cols);
    }
    strbuf h;
    sb_init(&h);
    sb_puts(&h, "&C&\"-,Bold\"");
    hf_escape(&h, x->title, 90);
    if (x->s->synthetic) {
        sb_puts(&h, "\n&\"-,Regular\"&KC00000");
        hf_escape(&h, xlsx_label(x, "synthetic"), 80);
    }
    XLSX_OK(x, sh, -1, -1, worksheet_set_header(sh->ws, h.data));
    sb_reset(&h);
    char date[16];
    struct tm tm;
    gmtime_r(&x->created, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    /* the date at the start side, the sheet name at the end side (sections
     * written in the order left, centre, right) */
    strbuf when;
    sb_init(&when);
    hf_escape(&when, xlsx_label(x, "generated"), 40);
    /* after Arabic words, a left-to-right mark keeps 2000-01-01 in its order */
    sb_printf(&when, " %s%s", x->rtl ? "\xe2\x80\x8e" : "", date);
    sb_printf(&h, "&L%s&C&P / &N&R%s", x->rtl ? "&A" : when.data, x->rtl ? when.data : "&A");
    sb_free(&when);
    XLSX_OK(x, sh, -1, -1, worksheet_set_footer(sh->ws, h.data));
    sb_free(&h);
    free(sh->row_h);
    sh->row_h = NULL;
    sh->n_row_h = 0;
}
