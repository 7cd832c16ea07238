/* Table blocks of a workbook: the shared table model (render/table_model.c)
 * laid out as an Excel table with an autofilter, a totals row of SUM
 * formulas (the computed value stored), the cube's own total below it so a
 * disagreement shows, notes on partial figures, and the template's native
 * charts on the table's cells. */
#include "lib/util.h"
#include "palette.h"
#include "report_model.h"
#include "xlsx_book.h"
#include "report_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LINES 8

typedef struct {
    xlsx_ctx *x;
    xlsx_sheet *sh;
    const table_model *tm;
    int *sheet_col;          /* model column -> sheet column, -1 when left out */
    int hr;                  /* header row */
    int first, last;         /* data rows */
    int c0;                  /* first (key) column */
    int end_col;             /* last column of the table (its notes) */
    int placed;              /* charts go where their "at" says */
} laid_table;

/* A cell reference such as "K2" -> row 1, column 10; -1 when it is not one. */
/* Is a table value shown as a partial sum?  Not a figure for one sex or
 * one area only (it is that part, not a total). */
static int shown_partial(const tm_value *v)
{
    return v->partial && (!v->cell || cell_shown_partial(v->cell));
}

static int parse_cell(const char *s, int *row, int *col)
{
    int c = 0, r = 0, nl = 0, nd = 0;
    for (; *s >= 'A' && *s <= 'Z' && nl < 3; s++, nl++)
        c = c * 26 + (*s - 'A' + 1);
    for (; *s >= '0' && *s <= '9' && nd < 7; s++, nd++)
        r = r * 10 + (*s - '0');
    if (*s || !nl || !nd || r < 1 || c > 16384 || r > 1048576)
        return -1;
    *row = r - 1;
    *col = c - 1;
    return 0;
}

/* The "at" of a table or chart spec: 1 with its place, 0 when absent, -1
 * (with err) when it is not a cell. */
static int spec_at(const cJSON *spec, int *row, int *col, char *err, size_t errlen)
{
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(spec, "at");
    if (!at)
        return 0;
    if (!cJSON_IsString(at) || parse_cell(at->valuestring, row, col) != 0) {
        snprintf(err, errlen, "\"at\": %s (expected a cell such as \"A1\" or \"K2\")",
                 cJSON_IsString(at) ? at->valuestring : "not a string");
        return -1;
    }
    return 1;
}

/* Why a figure needs a word: its qualifier (approx, at least), how it was
 * obtained when it rests on some parts only, its flags; "" when it needs none. */
static char *value_reason(const xlsx_ctx *x, const tm_value *v)
{
    if (!v->present)
        return xstrdup("");
    const char *q = v->cell && v->basis && !strcmp(v->basis, "reported") ? xlsx_qualifier_text(x, v->qualifier) : "";
    if (!v->partial && !v->flagged && !*q)
        return xstrdup("");
    char who[96];   /* a figure for one sex or one area only: say so, not "partial" */
    int only = only_part_words(who, sizeof who, v->cell, x->t, x->lang);
    char basis[256] = "", flags[1024] = "";
    if (v->cell && (v->partial || v->flagged))
        xlsx_basis_text(x, v->cell, basis, sizeof basis);
    if (v->cell && v->flagged)
        xlsx_flags_text(x, v->cell, flags, sizeof flags);
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s%s%s", q, *q && *basis ? " - " : "", basis);
    if (v->partial && only != 1 && !strstr(basis, xlsx_label(x, "partial")))
        sb_printf(&sb, "%s%s", sb.len ? " - " : "", xlsx_label(x, "partial"));
    if (*flags)
        sb_printf(&sb, " - %s", flags);
    return sb.data;
}

/* The notes of a row: the reasons, each once, with the columns it is about
 * (no list when it is about every figure of the row). */
static void row_note(const xlsx_ctx *x, strbuf *sb, const table_model *tm, const int *sheet_col, const tm_value *const *vals)
{
    size_t n = tm->n_cols, present = 0;
    char **reason = xcalloc(n + 1, sizeof *reason);
    for (size_t c = 0; c < n; c++) {
        int shown = sheet_col[c] >= 0 && vals[c];
        reason[c] = shown ? value_reason(x, vals[c]) : xstrdup("");
        present += shown && vals[c]->present;
    }
    size_t distinct = 0;
    for (size_t c = 0; c < n; c++) {
        int seen = !*reason[c];
        for (size_t d = 0; d < c && !seen; d++)
            seen = !strcmp(reason[c], reason[d]);
        distinct += !seen;
    }
    for (size_t c = 0; c < n; c++) {
        if (!*reason[c])
            continue;
        size_t same = 0;
        for (size_t d = c; d < n; d++)
            same += !strcmp(reason[c], reason[d]);
        for (size_t d = 0; d < c; d++)
            if (!strcmp(reason[c], reason[d]))
                same = 0;   /* already said */
        if (!same)
            continue;
        sb_printf(sb, "%s%s", sb->len ? "; " : "", reason[c]);
        /* partial figures carry a '≥': one reason for them all needs no list */
        if (same < present && (distinct > 1 || !vals[c]->partial)) {
            /* name the fewer: the columns it is about, or those it is not */
            int except = same > present - same;
            sb_printf(sb, " (%s%s", except ? xlsx_label(x, "except") : "", except ? " " : "");
            int first = 1;
            for (size_t d = 0; d < n; d++)
                if (sheet_col[d] >= 0 && vals[d] && vals[d]->present && (strcmp(reason[c], reason[d]) == 0) != except) {
                    sb_printf(sb, "%s%s", first ? "" : ", ", tm->cols[d].label);
                    first = 0;
                }
            sb_puts(sb, ")");
        }
    }
    for (size_t c = 0; c < n; c++)
        free(reason[c]);
    free(reason);
}

static char *table_name(xlsx_ctx *x, const char *id)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "tbl_");
    for (const char *p = id; *p; p++)
        sb_putc(&sb, ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) ? *p : '_');
    sb_printf(&sb, "_%d", ++x->n_tables);
    return sb.data;
}

static void chart_fonts(const xlsx_ctx *x, lxw_chart_font *title, lxw_chart_font *axis, lxw_chart_font *small)
{
    memset(title, 0, sizeof *title);
    memset(axis, 0, sizeof *axis);
    memset(small, 0, sizeof *small);
    char *font = x->rtl ? "Arial" : NULL;
    title->name = axis->name = small->name = font;
    title->size = 12;
    title->bold = 1;
    axis->size = 10;
    axis->bold = 1;
    small->size = 9;
}

/* One chart of the table, below it at `row`; returns the chart's height in rows. */
static int add_chart(laid_table *lt, const cJSON *spec, int row, char *err, size_t errlen)
{
    xlsx_ctx *x = lt->x;
    const table_model *tm = lt->tm;
    const char *type = "";
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(spec, "type");
    if (cJSON_IsString(t))
        type = t->valuestring;
    uint8_t kind = !strcmp(type, "column") ? LXW_CHART_COLUMN : !strcmp(type, "bar") ? LXW_CHART_BAR
                 : !strcmp(type, "doughnut") ? LXW_CHART_DOUGHNUT : !strcmp(type, "line") ? LXW_CHART_LINE : 0;
    if (!kind) {
        snprintf(err, errlen, "chart type '%s' (expected column, bar, doughnut or line)", type);
        return -1;
    }
    const cJSON *cn = cJSON_GetObjectItemCaseSensitive(spec, "column");
    int col = cJSON_IsNumber(cn) ? cn->valueint : 0;
    if (kind != LXW_CHART_LINE && (col < 0 || (size_t)col >= tm->n_cols)) {
        snprintf(err, errlen, "chart \"column\": %d (expected 0 to %zu, a column of the table)", col, tm->n_cols - 1);
        return -1;
    }
    if (kind != LXW_CHART_LINE && (lt->sheet_col[col] < 0 || tm->cols[col].empty))
        return 0;   /* nothing to draw */
    if (kind == LXW_CHART_LINE && lt->last - lt->first < 1)
        return 0;   /* a line needs two points */
    if (kind == LXW_CHART_DOUGHNUT && tm->latest && !tm_col_period(tm, (size_t)col))
        return 0;   /* shares of figures of different periods add up to nothing */
    if (kind == LXW_CHART_LINE) {
        /* a trend joins like with like: some series must join two
         * complete figures of consecutive periods, else the table says it
         * all (as in the PDF) */
        int joins = 0;
        for (size_t c = 0; c < tm->n_cols && !joins; c++)
            for (size_t r = 1; r < tm->n_rows && lt->sheet_col[c] >= 0 && !joins; r++) {
                const tm_value *a = tm_at(tm, r - 1, c), *b = tm_at(tm, r, c);
                joins = a->present && b->present && !a->partial && !b->partial;
            }
        if (!joins)
            return 0;
    }
    int at_row = row, at_col = lt->c0;
    int placed = spec_at(spec, &at_row, &at_col, err, errlen);
    if (placed < 0)
        return -1;
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(spec, "max_series");
    size_t max_lines = cJSON_IsNumber(ms) && ms->valueint >= 0 ? (size_t)ms->valueint : MAX_LINES;
    if (max_lines == 0)
        max_lines = (size_t)-1;   /* all */
    /* categories: the key columns */
    lxw_col_t k0 = (lxw_col_t)lt->c0, k1 = (lxw_col_t)(lt->c0 + tm->n_keys - 1);
    if (tm->latest && kind != LXW_CHART_LINE && !tm_col_period(tm, (size_t)col))
        k1++;   /* latest figures of different periods: each category says its period */

    lxw_chart *ch = XLSX_PTR(x, lt->sh, workbook_add_chart(x->wb, kind));
    lxw_chart_font ft, fa, fs;
    chart_fonts(x, &ft, &fa, &fs);
    const char *sheet = lt->sh->name;
    lxw_row_t r0 = (lxw_row_t)lt->first, r1 = (lxw_row_t)lt->last;
    int limited = 0, any_cut = 0;
    size_t n_all = 0;
    if (kind == LXW_CHART_LINE) {
        /* a readable line chart has a few lines: the largest series (the
         * table keeps them all) */
        double *peak = xcalloc(tm->n_cols + 1, sizeof *peak);   /* each series' sum; -1: not drawn */
        size_t n_series = 0;
        for (size_t c = 0; c < tm->n_cols; c++) {
            peak[c] = -1;
            for (size_t r = 0; r < tm->n_rows && lt->sheet_col[c] >= 0 && !tm->cols[c].empty; r++)
                if (tm_at(tm, r, c)->present)
                    peak[c] = fmax(peak[c], 0) + tm_at(tm, r, c)->value;
            n_series += peak[c] >= 0;
        }
        n_all = n_series;
        while (n_series > max_lines) {   /* the smallest sum goes; on ties the later column, as in the PDF */
            size_t low = tm->n_cols;
            for (size_t c = 0; c < tm->n_cols; c++)
                if (peak[c] >= 0 && (low == tm->n_cols || peak[c] <= peak[low]))
                    low = c;
            peak[low] = -1;
            n_series--;
        }
        limited = n_all > n_series ? (int)n_series : 0;
        /* a trend joins like with like: a series with partial sums is
         * drawn from two hidden columns right of the table, its complete
         * figures joined by its line and its partial sums as hollow rings
         * joined to nothing (as in the PDF); the table keeps them all */
        int hc = lt->end_col + 2;
        size_t k = 0;
        for (size_t c = 0; c < tm->n_cols; c++) {
            if (peak[c] < 0)
                continue;
            rgba pc = palette_colour(k++);
            lxw_color_t colour = ((lxw_color_t)lround(pc.r * 255) << 16) | ((lxw_color_t)lround(pc.g * 255) << 8) |
                                 (lxw_color_t)lround(pc.b * 255);
            lxw_chart_line line = {.color = colour, .width = 2.25};
            int split = 0;
            for (size_t r = 0; r < tm->n_rows; r++)
                split |= tm_at(tm, r, c)->present && tm_at(tm, r, c)->partial;
            lxw_chart_series *se = XLSX_PTR(x, lt->sh, chart_add_series(ch, NULL, NULL));
            chart_series_set_categories(se, sheet, r0, k0, r1, k1);
            chart_series_set_line(se, &line);
            chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
            lxw_chart_fill mfill = {.color = colour};
            chart_series_set_marker_fill(se, &mfill);
            chart_series_set_marker_line(se, &line);
            if (!split) {
                chart_series_set_values(se, sheet, r0, (lxw_col_t)lt->sheet_col[c], r1, (lxw_col_t)lt->sheet_col[c]);
                chart_series_set_name_range(se, sheet, (lxw_row_t)lt->hr, (lxw_col_t)lt->sheet_col[c]);
                continue;
            }
            lxw_row_col_options hidden = {.hidden = LXW_TRUE};
            strbuf name;
            sb_init(&name);
            sb_printf(&name, "%s (%s)", tm->cols[c].label, xlsx_label(x, "partial"));
            for (int h = 0; h < 2; h++) {
                lxw_col_t col_h = (lxw_col_t)(hc + h);
                XLSX_OK(x, lt->sh, lt->hr, hc + h, worksheet_set_column_opt(lt->sh->ws, col_h, col_h, 12, NULL, &hidden));
                XLSX_OK(x, lt->sh, lt->hr, hc + h, worksheet_write_string(lt->sh->ws, (lxw_row_t)lt->hr, col_h,
                                                                           h ? name.data : tm->cols[c].label, NULL));
                for (size_t r = 0; r < tm->n_rows; r++) {
                    const tm_value *v = tm_at(tm, r, c);
                    if (v->present && v->partial == h)
                        XLSX_OK(x, lt->sh, lt->first + (int)r, hc + h,
                                worksheet_write_number(lt->sh->ws, (lxw_row_t)(lt->first + (int)r), col_h, v->value, NULL));
                }
            }
            sb_free(&name);
            chart_series_set_values(se, sheet, r0, (lxw_col_t)hc, r1, (lxw_col_t)hc);
            chart_series_set_name_range(se, sheet, (lxw_row_t)lt->hr, (lxw_col_t)hc);
            lxw_chart_series *ps = XLSX_PTR(x, lt->sh, chart_add_series(ch, NULL, NULL));
            chart_series_set_categories(ps, sheet, r0, k0, r1, k1);
            chart_series_set_values(ps, sheet, r0, (lxw_col_t)(hc + 1), r1, (lxw_col_t)(hc + 1));
            chart_series_set_name_range(ps, sheet, (lxw_row_t)lt->hr, (lxw_col_t)(hc + 1));
            lxw_chart_line none = {.none = LXW_TRUE};
            /* a light ring: the series' colour mixed half with white (a
             * viewer that ignores marker borders still shows the point) */
            lxw_color_t light = ((lxw_color_t)lround((pc.r + 1) * 127.5) << 16) |
                                ((lxw_color_t)lround((pc.g + 1) * 127.5) << 8) | (lxw_color_t)lround((pc.b + 1) * 127.5);
            lxw_chart_fill hollow = {.color = light};
            chart_series_set_line(ps, &none);
            chart_series_set_marker_type(ps, LXW_CHART_MARKER_CIRCLE);
            chart_series_set_marker_size(ps, 8);
            chart_series_set_marker_fill(ps, &hollow);
            chart_series_set_marker_line(ps, &line);
            any_cut = 1;
            hc += 2;
        }
        chart_show_hidden_data(ch);
        free(peak);
        chart_legend_set_position(ch, x->rtl ? LXW_CHART_LEGEND_LEFT : LXW_CHART_LEGEND_RIGHT);
    } else {
        lxw_chart_series *se = XLSX_PTR(x, lt->sh, chart_add_series(ch, NULL, NULL));
        chart_series_set_categories(se, sheet, r0, k0, r1, k1);
        chart_series_set_values(se, sheet, r0, (lxw_col_t)lt->sheet_col[col], r1, (lxw_col_t)lt->sheet_col[col]);
        chart_series_set_name_range(se, sheet, (lxw_row_t)lt->hr, (lxw_col_t)lt->sheet_col[col]);
        chart_series_set_labels(se);
        chart_series_set_labels_font(se, &fs);
        if (kind == LXW_CHART_DOUGHNUT) {
            chart_series_set_labels_options(se, LXW_FALSE, LXW_FALSE, LXW_FALSE);
            chart_series_set_labels_percentage(se);
            chart_set_hole_size(ch, 45);
            chart_legend_set_position(ch, x->rtl ? LXW_CHART_LEGEND_LEFT : LXW_CHART_LEGEND_RIGHT);
        } else {
            xlsx_unit u = xlsx_unit_of(tm->cols[col].unit);
            chart_series_set_labels_num_format(se, u == XU_PERCENT ? "0.0" : u == XU_RATIO ? "#,##0.0" : "#,##0");
            chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        }
    }
    chart_legend_set_font(ch, &fs);
    char *title = xlsx_expand(x, cJSON_GetObjectItemCaseSensitive(spec, "title"));
    if (any_cut) {
        strbuf sb;
        sb_init(&sb);
        sb_printf(&sb, "%s (%s)", title, xlsx_label(x, "partial_points_unjoined"));
        free(title);
        title = sb.data;
    }
    if (limited) {
        strbuf sb;
        sb_init(&sb);
        sb_printf(&sb, "%s (%s: %d / %zu)", title, xlsx_label(x, "largest_series"), limited, n_all);
        free(title);
        title = sb.data;
    }
    if (*title)
        chart_title_set_name(ch, title);
    chart_title_set_name_font(ch, &ft);
    if (kind != LXW_CHART_DOUGHNUT) {
        /* for a bar chart libxlsxwriter's x axis is the (horizontal) value axis */
        lxw_chart_axis *cat = kind == LXW_CHART_BAR ? ch->y_axis : ch->x_axis;
        lxw_chart_axis *val = kind == LXW_CHART_BAR ? ch->x_axis : ch->y_axis;
        const cJSON *ind = cJSON_GetObjectItemCaseSensitive(spec, "indicator");
        chart_axis_set_name(cat, tm->row_header);
        chart_axis_set_name(val, kind == LXW_CHART_LINE ? xlsx_ind_name(x, cJSON_IsString(ind) ? ind->valuestring : "beneficiaries")
                                                        : tm->cols[col].label);
        chart_axis_set_name_font(cat, &fa);
        chart_axis_set_name_font(val, &fa);
        chart_axis_set_num_font(cat, &fs);
        chart_axis_set_num_font(val, &fs);
        chart_axis_set_num_format(val, "#,##0");
        if (kind == LXW_CHART_BAR) {
            /* first row at the top, the value axis kept at the bottom; in
             * Arabic the bars grow from the right */
            chart_axis_set_reverse(cat);
            chart_axis_set_crossing_max(cat);
            if (x->rtl)
                chart_axis_set_reverse(val);
        } else if (x->rtl) {
            /* mirrored: the first category on the right */
            chart_axis_set_reverse(cat);
        }
    }
    free(title);

    /* size: wide enough for the labels; a bar chart grows with its rows */
    size_t n = (size_t)(lt->last - lt->first + 1);
    double w_px = kind == LXW_CHART_DOUGHNUT ? 600 : kind == LXW_CHART_LINE ? 820 : kind == LXW_CHART_BAR ? 640
                : fmin(fmax(520, 110.0 * (double)n), 960);
    double h_px = kind == LXW_CHART_BAR ? fmax(300, 26.0 * (double)n + 120) : kind == LXW_CHART_LINE ? 360 : 320;
    lxw_chart_options o = {.x_scale = w_px / 480, .y_scale = h_px / 288, .object_position = LXW_OBJECT_MOVE_DONT_SIZE};
    int rows = (int)ceil(h_px / 20.0);
    if (placed) {
        /* where the template puts it, beside the tables: no page break for it */
        lt->sh->object_px = fmax(lt->sh->object_px, w_px);
        XLSX_OK(x, lt->sh, at_row, at_col, worksheet_insert_chart_opt(lt->sh->ws, (lxw_row_t)at_row, (lxw_col_t)at_col, ch, &o));
        lt->placed = 1;
        return 0;
    }
    /* printed whole: on a new page when the page would cut it */
    xlsx_keep_together(lt->sh, row, rows, w_px);
    XLSX_OK(x, lt->sh, row, lt->c0, worksheet_insert_chart_opt(lt->sh->ws, (lxw_row_t)row, (lxw_col_t)lt->c0, ch, &o));
    return rows;
}

/* Lays a table model out from header row hr and column c0: an Excel table
 * (key columns, figures, notes, totals row) and the notes below it.
 * Returns the first free row below, or -1 with err. */
static int lay_table(laid_table *lt, const char *id, char *err, size_t errlen)
{
    xlsx_ctx *x = lt->x;
    xlsx_sheet *sh = lt->sh;
    const table_model *tm = lt->tm;
    int hr = lt->hr, c0 = lt->c0, nk = tm->n_keys, np = tm->latest ? 1 : 0;
    lt->first = hr + 1;
    lt->last = hr + (int)tm->n_rows;
    lt->sheet_col = xcalloc(tm->n_cols + 1, sizeof *lt->sheet_col);
    int nc = c0 + nk + np;   /* after the keys and the row's period (latest figures) */
    /* the totals' periods: the one most of their figures share */
    const char *own_p = NULL, *sum_p = NULL;
    if (np && tm->totals) {
        own_p = tm->own_period;
        sum_p = tm->sum_period;
    }
    for (size_t c = 0; c < tm->n_cols; c++)
        lt->sheet_col[c] = tm->hide_empty_columns && tm->cols[c].empty ? -1 : nc++;

    /* notes: partial, approximate or flagged figures, row by row; then the
     * row of sums and the row of the cube's own totals */
    strbuf *notes = xcalloc(tm->n_rows + 2, sizeof *notes);
    const tm_value **vals = xcalloc(tm->n_cols + 1, sizeof *vals);
    int any_note = 0, any_partial = 0, any_diff = 0;
    for (size_t r = 0; r < tm->n_rows + 2; r++) {
        sb_init(&notes[r]);
        if (r >= tm->n_rows && !tm->totals)
            continue;
        for (size_t c = 0; c < tm->n_cols; c++) {
            vals[c] = r < tm->n_rows ? tm_at(tm, r, c) : r == tm->n_rows ? &tm->sum[c] : &tm->own_total[c];
            any_partial |= lt->sheet_col[c] >= 0 && vals[c]->present && shown_partial(vals[c]);
        }
        row_note(x, &notes[r], tm, lt->sheet_col, vals);
        /* a figure of another period than its row's says which */
        const char *rp = r < tm->n_rows ? tm->rows[r].period : r == tm->n_rows ? sum_p : own_p;
        for (size_t c = 0; c < tm->n_cols && np; c++)
            if (lt->sheet_col[c] >= 0 && vals[c]->present && vals[c]->period && rp && strcmp(vals[c]->period, rp))
                sb_printf(&notes[r], "%s%s: %s", notes[r].len ? "; " : "", tm->cols[c].label, vals[c]->period);
        for (size_t c = 0; c < tm->n_cols && r == tm->n_rows + 1; c++)
            if (lt->sheet_col[c] >= 0 && vals[c]->present && tm->sum[c].present && fabs(vals[c]->value - tm->sum[c].value) > 1e-9 &&
                (!tm->latest || (vals[c]->period && tm->sum[c].period && !strcmp(vals[c]->period, tm->sum[c].period)))) {
                sb_printf(&notes[r], "%s%s: %s", notes[r].len ? "; " : "", tm->cols[c].label, xlsx_label(x, "total_differs"));
                any_diff = 1;
            }
        any_note |= notes[r].len > 0;
    }
    free(vals);
    int note_col = any_note ? nc : -1;
    int last_col = any_note ? nc : nc - 1;
    int width = last_col - c0 + 1;   /* columns of the table */
    lt->end_col = last_col;

    /* the Excel table: header, rows, and the totals row of SUM formulas */
    lxw_table_column *cols = xcalloc((size_t)width, sizeof *cols);
    lxw_table_column **colp = xcalloc((size_t)width + 1, sizeof *colp);
    char **headers = xcalloc((size_t)width, sizeof *headers);
    headers[0] = xstrdup(tm->row_header);
    if (nk > 1)
        headers[1] = xstrdup(tm->row_header2);
    if (np)
        headers[nk] = xstrdup(xlsx_label(x, "period"));
    for (size_t c = 0; c < tm->n_cols; c++)
        if (lt->sheet_col[c] >= 0)
            headers[lt->sheet_col[c] - c0] = xstrdup(tm->cols[c].label);
    if (note_col >= 0)
        headers[note_col - c0] = xstrdup(xlsx_label(x, "flags"));
    for (int c = 0; c < width; c++) {
        /* Excel wants the column names of a table distinct */
        for (int d = 0; d < c; d++)
            if (!strcasecmp(headers[c], headers[d])) {
                strbuf sb;
                sb_init(&sb);
                sb_printf(&sb, "%s (%d)", headers[c], c + 1);
                free(headers[c]);
                headers[c] = sb.data;
                break;
            }
        cols[c].header = headers[c];
        cols[c].header_format = x->f_header;
        colp[c] = &cols[c];
        xlsx_header_width(sh, c0 + c, headers[c]);
    }
    int total_row = tm->totals ? lt->last + 1 : -1;
    if (tm->totals)
        cols[0].total_string = (char *)xlsx_label(x, "sum_of_rows");
    char *tname = table_name(x, id);
    lxw_table_options to = {.name = tname, .total_row = tm->totals ? LXW_TRUE : LXW_FALSE, .columns = colp,
                            .style_type = LXW_TABLE_STYLE_TYPE_MEDIUM, .style_type_number = 2};
    lxw_error e = worksheet_add_table(sh->ws, (lxw_row_t)hr, (lxw_col_t)c0, (lxw_row_t)(tm->totals ? total_row : lt->last),
                                      (lxw_col_t)last_col, &to);
    int row = -1;
    if (e != LXW_NO_ERROR) {
        snprintf(err, errlen, "table '%s': %s", tname, lxw_strerror(e));
        goto out;
    }
    {
        /* the header row holds two or three lines of text */
        const char **ht = xcalloc((size_t)width, sizeof *ht);
        int *hc = xcalloc((size_t)width, sizeof *hc);
        for (int c = 0; c < width; c++) {
            ht[c] = headers[c];
            hc[c] = c0 + c;
        }
        /* widths are final only at the end; estimate with what is known */
        for (size_t r = 0; r < tm->n_rows; r++) {
            const tm_row *tr = &tm->rows[r];
            if (tr->numeric)   /* a year: a number, shown without separator */
                XLSX_OK(x, sh, lt->first + (int)r, c0,
                        worksheet_write_number(sh->ws, (lxw_row_t)(lt->first + (int)r), (lxw_col_t)c0, atof(tr->label), x->f_int));
            else
                xlsx_text(sh, lt->first + (int)r, c0, tr->label, x->f_text);
            if (nk > 1)
                xlsx_text(sh, lt->first + (int)r, c0 + 1, tr->label2, x->f_text);
            if (np && tr->period)
                xlsx_text(sh, lt->first + (int)r, c0 + nk, tr->period, x->f_text);
        }
        sh->width[c0] = fmax(sh->width[c0], xlsx_text_width(xlsx_label(x, "reported_total")) * 1.1);
        for (size_t r = 0; r < tm->n_rows; r++)
            for (size_t c = 0; c < tm->n_cols; c++) {
                const tm_value *v = tm_at(tm, r, c);
                if (lt->sheet_col[c] >= 0 && v->present)
                    xlsx_number(sh, lt->first + (int)r, lt->sheet_col[c], v->value, xlsx_unit_of(tm->cols[c].unit),
                                shown_partial(v) ? XS_PARTIAL : XS_PLAIN);
            }
        if (note_col >= 0)
            xlsx_wrap_column(sh, note_col, 48);
        xlsx_fit_header_row(sh, hr, ht, hc, width);
        free(ht);
        free(hc);
    }
    for (size_t r = 0; r < tm->n_rows + 2 && note_col >= 0; r++) {
        int nrow = r < tm->n_rows ? lt->first + (int)r : r == tm->n_rows ? total_row : total_row + 1;
        if (!notes[r].len || nrow < 0)
            continue;
        xlsx_string(sh, nrow, note_col, notes[r].data, x->f_note);
        const char *txt = notes[r].data;
        xlsx_fit_row(sh, nrow, &txt, &note_col, 1);
    }
    if (tm->totals) {
        int own_row = total_row + 1;
        xlsx_text(sh, own_row, c0, xlsx_label(x, "reported_total"), x->f_own_label);
        if (np) {
            if (own_p)
                xlsx_text(sh, own_row, c0 + nk, own_p, x->f_own_label);
            if (sum_p)
                xlsx_text(sh, total_row, c0 + nk, sum_p, x->f_text);
        }
        for (size_t c = 0; c < tm->n_cols; c++) {
            int sc = lt->sheet_col[c];
            if (sc < 0)
                continue;
            xlsx_unit u = xlsx_unit_of(tm->cols[c].unit);
            char range[LXW_MAX_CELL_RANGE_LENGTH], sum_cell[LXW_MAX_CELL_NAME_LENGTH], own_cell[LXW_MAX_CELL_NAME_LENGTH];
            lxw_rowcol_to_cell(sum_cell, (lxw_row_t)total_row, (lxw_col_t)sc);
            lxw_rowcol_to_cell(own_cell, (lxw_row_t)own_row, (lxw_col_t)sc);
            const tm_value *sum = &tm->sum[c], *own = &tm->own_total[c];
            if (sum->present) {
                lxw_rowcol_to_range(range, (lxw_row_t)lt->first, (lxw_col_t)sc, (lxw_row_t)lt->last, (lxw_col_t)sc);
                char formula[64];
                snprintf(formula, sizeof formula, "=SUM(%s)", range);
                XLSX_OK(x, sh, total_row, sc, worksheet_write_formula_num(sh->ws, (lxw_row_t)total_row, (lxw_col_t)sc, formula,
                                                                        x->f_num[xlsx_unit_for(u, sum->value)][sum->partial ? XS_PARTIAL : XS_SUM], sum->value));
            }
            if (own->present) {
                XLSX_OK(x, sh, own_row, sc, worksheet_write_number(sh->ws, (lxw_row_t)own_row, (lxw_col_t)sc, own->value, x->f_num[xlsx_unit_for(u, own->value)][XS_OWN]));
                if (sum->present && (!tm->latest || (sum->period && own->period && !strcmp(sum->period, own->period)))) {
                    /* a sum that disagrees with the cube's own figure shows red */
                    char cond[160];
                    snprintf(cond, sizeof cond, "=AND(ISNUMBER(%s),ISNUMBER(%s),%s<>%s)", own_cell, sum_cell, own_cell, sum_cell);
                    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA, .value_string = cond, .format = x->f_diff};
                    XLSX_OK(x, sh, own_row, sc, worksheet_conditional_format_cell(sh->ws, (lxw_row_t)own_row, (lxw_col_t)sc, &cf));
                }
            } else {
                XLSX_OK(x, sh, own_row, sc, worksheet_write_blank(sh->ws, (lxw_row_t)own_row, (lxw_col_t)sc, x->f_own_label));
            }
        }
    }
    row = (tm->totals ? total_row + 2 : lt->last + 1) + 1;
    if (any_partial) {
        char legend[512];
        /* in Arabic, left-to-right marks keep the sign as the cells show it (not mirrored) */
        snprintf(legend, sizeof legend, "%s\xe2\x89\xa5%s %s", x->rtl ? "\xe2\x80\x8e" : "", x->rtl ? "\xe2\x80\x8e" : "",
                 xlsx_label(x, "partial_note"));
        xlsx_text_free(sh, row++, c0, legend, x->f_subtitle);
    }
    if (any_diff)
        xlsx_text_free(sh, row++, c0, xlsx_label(x, "total_differs"), x->f_subtitle);
    row++;
out:
    for (size_t r = 0; r < tm->n_rows + 2; r++)
        sb_free(&notes[r]);
    free(notes);
    for (int c = 0; c < width; c++)
        free(headers[c]);
    free(headers);
    free(cols);
    free(colp);
    free(tname);
    return row;
}

/* The charts of a laid table, one under the other from `row` (or where
 * their "at" puts them); returns the row below them, or -1 with err. */
static int lay_charts(laid_table *lt, const cJSON *charts, int row, char *err, size_t errlen)
{
    const cJSON *chart;
    cJSON_ArrayForEach(chart, charts) {
        int h = add_chart(lt, chart, row, err, errlen);
        if (h < 0)
            return -1;
        row += h ? h + 2 : 0;
    }
    return row;
}

int xlsx_table_sheet(xlsx_ctx *x, const cJSON *block, char *err, size_t errlen)
{
    if (!xlsx_when(x, block))
        return 0;
    table_model tm;
    if (table_model_build(&tm, block, x->s, x->cat, x->t, x->lang, x->period, err, errlen) != 0)
        return -1;
    if (tm.n_rows == 0) {
        /* no sheet that says only "no data" (issue 13): a table without
         * rows is left out, as "when": "has_rows" asks */
        table_model_free(&tm);
        return 0;
    }
    int at_row = 0, at_col = 0;
    int placed = spec_at(block, &at_row, &at_col, err, errlen);
    const cJSON *group = cJSON_GetObjectItemCaseSensitive(block, "group");
    int g_row = 0, g_col = 0, g_placed = group ? spec_at(group, &g_row, &g_col, err, errlen) : 0;
    if (placed < 0 || g_placed < 0) {
        table_model_free(&tm);
        return -1;
    }
    xlsx_sheet sh;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(block, "id");
    const char *tid = cJSON_IsString(id) ? id->valuestring : "table";
    if (xlsx_sheet_add(x, &sh, template_text(cJSON_GetObjectItemCaseSensitive(block, "name"), x->lang), err, errlen) != 0) {
        table_model_free(&tm);
        return -1;
    }
    /* a table placed by "at" has the sheet to itself: no title rows */
    int hr = at_row;
    if (!placed) {
        /* latest figures: {period} is the one they share, else "latest figures" */
        const char *per = !tm.latest ? x->period : tm.common_period ? tm.common_period : xlsx_label(x, "latest_figures");
        char *title = template_expand(template_text(cJSON_GetObjectItemCaseSensitive(block, "title"), x->lang), x->territory,
                                      per ? per : "", x->s->code);
        hr = xlsx_sheet_heading(&sh, *title ? title : sh.name);
        free(title);
    }

    laid_table lt = {.x = x, .sh = &sh, .tm = &tm, .hr = hr, .c0 = at_col};
    int rc = 0, row = lay_table(&lt, tid, err, errlen);
    if (row >= 0 && group) {
        /* the group table ("group"): the rows summed by one key, placed
         * where its "at" says or below the table */
        table_model gm;
        if (table_model_group(&gm, &tm, group, err, errlen) != 0) {
            row = -1;
        } else {
            strbuf gid;
            sb_init(&gid);
            sb_printf(&gid, "%s_%s", tid, gm.dims[0]);
            laid_table gt = {.x = x, .sh = &sh, .tm = &gm, .hr = g_placed ? g_row : row, .c0 = g_placed ? g_col : at_col};
            int below = lay_table(&gt, gid.data, err, errlen);
            if (below >= 0)
                below = lay_charts(&gt, cJSON_GetObjectItemCaseSensitive(group, "charts"), below, err, errlen);
            if (below < 0)
                row = -1;
            else if (!g_placed)
                row = below;
            sb_free(&gid);
            free(gt.sheet_col);
            table_model_free(&gm);
        }
    }
    if (row >= 0)
        row = lay_charts(&lt, cJSON_GetObjectItemCaseSensitive(block, "charts"), row, err, errlen);
    if (row < 0)
        rc = -1;
    xlsx_sheet_finish(&sh, hr, at_col + tm.n_keys);
    free(lt.sheet_col);
    table_model_free(&tm);
    return rc;
}
