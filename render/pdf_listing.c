/* The "figures" block of a PDF report: every figure a source gave for the
 * scope itself, and every centre's figure its sums rest on, each with its
 * programme, period and source, so that a sparse territory's report shows
 * all that is known, not only the latest figures of its tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "palette.h"
#include "pdf_blocks.h"
#include "report_model.h"
#include "report_text.h"

enum { L_PERIOD, L_PROGRAMME, L_INDICATOR, L_VALUE, L_SOURCE, L_N };

typedef struct {
    char **cells;            /* n * L_N */
    size_t n, cap, total;    /* rows kept, room, rows there are */
} listing;

static const char *prog_name(const pdf_ctx *x, const char *code)
{
    int i = catalog_programme(x->cat, code);
    return i < 0 ? code : !strcmp(x->lang, "ar") ? x->cat->prog[i].ar : x->cat->prog[i].fr;
}

static const char *ind_name(const pdf_ctx *x, const char *code)
{
    int i = catalog_indicator(x->cat, code);
    return i < 0 ? code : !strcmp(x->lang, "ar") ? x->cat->ind[i].ar : x->cat->ind[i].fr;
}

static const char *ind_unit(const pdf_ctx *x, const char *code)
{
    int i = catalog_indicator(x->cat, code);
    return i < 0 ? "count" : unit_name(x->cat->ind[i].unit);
}

/* "publisher, 2023-05" (or the title, or the id) */
static char *source_text(const pdf_ctx *x, const char *id)
{
    const char *when = report_source_when(x->s, id);
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s%s%s", report_source_who(x->s, id), *when ? ", " : "", when);
    return sb.data;
}

static void add(listing *l, const pdf_ctx *x, const slice_cell *c, const char *detail, double value,
                const char *qualifier, const char *source)
{
    l->total++;
    if (!l->cells)   /* counting only */
        return;
    if (l->n >= PDF_LISTING_MAX)
        return;
    char **row = &l->cells[l->n * L_N];
    row[L_PERIOD] = xstrdup(c->period);
    row[L_PROGRAMME] = xstrdup(prog_name(x, c->programme));
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, ind_name(x, c->indicator));
    const char *parts[] = {*c->sex ? template_label(x->t, x->lang, c->sex) : "",
                           *c->area ? template_label(x->t, x->lang, c->area) : "",
                           *c->item ? template_label(x->t, x->lang, c->item) : "", detail};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (*parts[i])
            sb_printf(&sb, " \xc2\xb7 %s", parts[i]);
    row[L_INDICATOR] = sb.data;
    char val[96];
    figure_text(val, sizeof val, value, qualifier, ind_unit(x, c->indicator), x->lang);
    row[L_VALUE] = xstrdup(val);
    row[L_SOURCE] = source_text(x, source);
    l->n++;
}

/* Walks the scope's figures; with cells NULL, only counts them. */
static void collect(const pdf_ctx *x, listing *l)
{
    for (size_t i = 0; i < x->s->n_cells; i++) {
        const slice_cell *c = &x->s->cells[i];
        if (strcmp(c->geo, x->s->code))
            continue;
        for (size_t k = 0; k < c->n_reported; k++) {
            const slice_reported *r = &c->reported[k];
            add(l, x, c, "", isnan(r->value) ? 0 : r->value, r->qualifier, r->source);
        }
        const slice_derived *d = slice_cell_derived(c, "facilities");
        for (size_t k = 0; d && k < d->n_parts; k++) {
            const slice_part *p = &d->parts[k];
            add(l, x, c, p->facility, isnan(p->value) ? 0 : p->value, p->qualifier, p->source);
        }
    }
}

size_t pdf_listing_count(const pdf_ctx *x)
{
    listing l = {0};
    collect(x, &l);
    return l.total;
}

void pdf_block_listing(pdf_ctx *x)
{
    listing l = {0};
    l.cells = xcalloc((size_t)PDF_LISTING_MAX * L_N + 1, sizeof *l.cells);
    collect(x, &l);
    if (l.n > 0) {
        const char *header[L_N] = {template_label(x->t, x->lang, "period"), template_label(x->t, x->lang, "programme"),
                                   template_label(x->t, x->lang, "indicator"), template_label(x->t, x->lang, "value"),
                                   template_label(x->t, x->lang, "source")};
        text_align align[L_N] = {TEXT_NUMBER, TEXT_START, TEXT_START, TEXT_NUMBER, TEXT_START};
        table_spec ts = {.n_cols = L_N, .n_rows = l.n, .header = header, .cells = (const char *const *)l.cells,
                         .align = align, .rtl = x->d->rtl, .zebra = 1, .font_size = 7.5};
        pdf_table_flow(x, template_label(x->t, x->lang, "figures_list"), &ts);
        if (l.total > l.n) {
            /* a listing that would run to pages: the workbook has them all */
            char n[32];
            snprintf(n, sizeof n, "%zu", l.total - l.n);
            const char *more = template_label(x->t, x->lang, "more_in_workbook");
            strbuf sb;
            sb_init(&sb);
            const char *at = strstr(more, "{n}");
            if (at)
                sb_printf(&sb, "%.*s%s%s", (int)(at - more), more, n, at + 3);
            else
                sb_printf(&sb, "%s (%s)", more, n);
            pdf_paragraph(x, sb.data, 8, 0, palette_grey(GREY_MUTED), 0);
            sb_free(&sb);
        }
        x->d->y += 10;
    }
    for (size_t i = 0; i < l.n * L_N; i++)
        free(l.cells[i]);
    free(l.cells);
}
