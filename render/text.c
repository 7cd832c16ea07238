#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "lib/strmap.h"
#include "lib/util.h"

#define QUARTER_TURN 1.57079632679489661923
#define TEXT_LINE_FACTOR 1.45   /* baseline-to-baseline distance, in em */

text_style text_style_make(double size, int bold, int rtl)
{
    return (text_style){NULL, size, bold, palette_grey(GREY_TEXT), TEXT_START, TEXT_TOP, rtl, 1};
}

/* A fresh context on the shared font map.  Resolution 72 makes Pango sizes
 * equal to user units; set on the context, not the font map, so other Pango
 * users of the process keep theirs.  No hinting and unrounded glyph
 * positions: the layout is the same on every surface and at every scale. */
static PangoContext *context_new(cairo_t *cr, int rtl)
{
    PangoContext *ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ctx, 72.0);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    pango_context_set_base_dir(ctx, rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    pango_cairo_update_context(cr, ctx);
    return ctx;
}

static PangoAlignment pango_align(const text_style *st)
{
    /* auto-dir is off, so Pango's LEFT/RIGHT are literal. */
    switch (st->align) {
    case TEXT_CENTRE:
        return PANGO_ALIGN_CENTER;
    case TEXT_END:
        return st->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
    case TEXT_NUMBER:
        return PANGO_ALIGN_RIGHT;
    default:
        return st->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
    }
}

static int broke_inside_word(PangoLayout *lay)
{
    int n_attrs;
    const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(lay, &n_attrs);
    const char *text = pango_layout_get_text(lay);
    GSList *l = pango_layout_get_lines_readonly(lay);
    for (l = l ? l->next : NULL; l; l = l->next) {
        const PangoLayoutLine *line = l->data;
        glong off = g_utf8_pointer_to_offset(text, text + line->start_index);
        if (off < n_attrs && !attrs[off].is_line_break && !attrs[off].is_mandatory_break)
            return 1;
    }
    return 0;
}

static PangoLayout *layout_new(cairo_t *cr, const char *utf8, double w, double h, const text_style *st,
                               text_extent *ext)
{
    PangoContext *ctx = context_new(cr, st->rtl);
    PangoLayout *lay = pango_layout_new(ctx);
    g_object_unref(ctx);
    /* The paragraph direction is the caller's: a label of digits only in an
     * Arabic chart still aligns as Arabic. */
    pango_layout_set_auto_dir(lay, FALSE);

    PangoFontDescription *fd = pango_font_description_from_string(st->family ? st->family : TEXT_FAMILY_DEFAULT);
    double size = st->size > 0 ? st->size : 9;
    pango_font_description_set_size(fd, (gint)lround(size * PANGO_SCALE));
    pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    /* Noto Sans Arabic's line box is 2.2 em (room for stacked marks); a
     * fixed line height keeps Arabic and French lines equally spaced. */
    PangoAttrList *al = pango_attr_list_new();
    pango_attr_list_insert(al, pango_attr_line_height_new_absolute(
                                   (int)lround(size * TEXT_LINE_FACTOR * PANGO_SCALE)));
    pango_layout_set_attributes(lay, al);
    pango_attr_list_unref(al);

    if (st->max_lines == 1)
        pango_layout_set_single_paragraph_mode(lay, TRUE);
    pango_layout_set_text(lay, utf8 ? utf8 : "", -1);
    pango_layout_set_alignment(lay, pango_align(st));

    PangoRectangle ink, logical;
    if (w > 0) {
        pango_layout_set_width(lay, (int)floor(w * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(lay, -(st->max_lines > 0 ? st->max_lines : 10000));
        if (h > 0) {
            pango_layout_get_extents(lay, &ink, &logical);
            if (logical.height > h * PANGO_SCALE)
                pango_layout_set_height(lay, (int)floor(h * PANGO_SCALE));
        }
    }
    pango_layout_get_extents(lay, &ink, &logical);
    ext->w = (double)logical.width / PANGO_SCALE;
    ext->h = (double)logical.height / PANGO_SCALE;
    ext->lines = pango_layout_get_line_count(lay);
    ext->ellipsized = pango_layout_is_ellipsized(lay);
    ext->broke_word = broke_inside_word(lay);
    if (h > 0 && ext->h > h + 1e-6)
        ext->lines = 0;   /* one line is already too high */
    return lay;
}

/* Measures already made, by text, box, style and the context's matrix: a
 * PDF is laid out twice (the page count first, for "page N / M") and a
 * table measures its cells more than once, and a Pango layout is the
 * costliest step of a report (perf: a province's PDF measured 1,865
 * times, 528 different).  The surface is not in the key: the context's
 * options (no hinting, unrounded positions) make a layout the same on
 * every surface, which the page count already relies on. */
static strmap measured;
static text_extent *measured_ext;
static size_t measured_n, measured_cap;

text_extent text_measure(cairo_t *cr, const char *utf8, double w, double h, const text_style *st)
{
    static strbuf key;
    if (!measured_cap) {
        strmap_init(&measured);
        sb_init(&key);
    }
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    const char *family = st->family ? st->family : "";
    sb_reset(&key);
    sb_printf(&key, "%a %a %a %a %a %a|%a %a|%a %d %d %d %d %d|%zu:%s|", m.xx, m.yx, m.xy, m.yy, m.x0, m.y0, w, h,
              st->size, st->bold, (int)st->align, (int)st->valign, st->rtl, st->max_lines, strlen(family), family);
    sb_puts(&key, utf8 ? utf8 : "");
    int k = strmap_getn(&measured, key.data, key.len);
    if (k >= 0)
        return measured_ext[k];
    text_extent ext;
    g_object_unref(layout_new(cr, utf8, w, h, st, &ext));
    if (measured_n == measured_cap) {
        measured_cap = measured_cap ? 2 * measured_cap : 256;
        measured_ext = xrealloc(measured_ext, measured_cap * sizeof *measured_ext);
    }
    measured_ext[measured_n] = ext;
    strmap_put(&measured, key.data, (int)measured_n++);
    return ext;
}

/* Reverses the characters of s[0, len) in place (UTF-8). */
static void reverse_chars(char *s, size_t len)
{
    char *tmp = g_strndup(s, len);
    char *out = s + len;
    for (const char *p = tmp; p < tmp + len;) {
        const char *next = g_utf8_next_char(p);
        out -= next - p;
        memcpy(out, p, (size_t)(next - p));
        p = next;
    }
    g_free(tmp);
}

static int all_arabic(const char *s, size_t len)
{
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        if (g_unichar_get_script(g_utf8_get_char(p)) != G_UNICODE_SCRIPT_ARABIC)
            return 0;
    return 1;
}

/* In vis (a copy of the layout's text), puts the letters of each ligature
 * of a right-to-left run (one glyph for several Arabic letters: lam-alef)
 * in the glyph's visual order, alef then lam.  Pango passes each cluster's
 * text with its glyph and cairo writes it as the glyph's ActualText;
 * poppler spreads a glyph's letters over it from left to right and then
 * reverses right-to-left runs, like every other glyph's (which are drawn
 * in visual order), so logical order came out as "ال" for "لا". */
static void ligatures_in_glyph_order(char *vis, const char *text, PangoGlyphItem *run)
{
    PangoGlyphItemIter it;
    for (gboolean more = pango_glyph_item_iter_init_start(&it, run, text); more;
         more = pango_glyph_item_iter_next_cluster(&it)) {
        size_t len = (size_t)(it.end_index - it.start_index);
        if (abs(it.end_glyph - it.start_glyph) == 1 && it.end_char - it.start_char >= 2 &&
            all_arabic(text + it.start_index, len))
            reverse_chars(vis + it.start_index, len);
    }
}

/* pango_cairo_show_layout, run by run: on a PDF surface with the text of
 * right-to-left ligatures as ligatures_in_glyph_order says.  The runs are
 * placed where Pango's renderer puts them (line origin plus the widths of
 * the runs before); other surfaces draw the layout as it is. */
static void show_layout(cairo_t *cr, PangoLayout *lay)
{
    if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_PDF) {
        pango_cairo_show_layout(cr, lay);
        return;
    }
    double x0, y0;
    cairo_get_current_point(cr, &x0, &y0);
    const char *text = pango_layout_get_text(lay);
    char *vis = g_strdup(text);
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run)
            continue;   /* the end of a line */
        PangoRectangle logical;
        pango_layout_iter_get_run_extents(it, NULL, &logical);
        if (run->item->analysis.level % 2)
            ligatures_in_glyph_order(vis, text, run);
        /* the run's origin by a translation, not a current point (cairo
         * rounds those to 1/256): the same glyph positions as Pango's */
        cairo_save(cr);
        cairo_new_path(cr);
        cairo_translate(cr, x0 + (double)logical.x / PANGO_SCALE,
                        y0 + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
        pango_cairo_show_glyph_item(cr, vis, run);
        cairo_restore(cr);
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    g_free(vis);
}

/* Moves [a, b] (ink) by the least amount that puts it inside [lo, hi]. */
static double nudge(double a, double b, double lo, double hi)
{
    if (b - a > hi - lo)
        return (lo + hi) / 2 - (a + b) / 2;
    if (a < lo)
        return lo - a;
    if (b > hi)
        return hi - b;
    return 0;
}

text_extent text_draw(cairo_t *cr, const char *utf8, double x, double y, double w, double h,
                      const text_style *st)
{
    text_extent ext;
    if (!(w > 0) || !utf8 || !utf8[0])
        return (text_extent){0, 0, 0, 0, 0};
    PangoLayout *lay = layout_new(cr, utf8, w, h, st, &ext);
    if (ext.lines == 0) {
        g_object_unref(lay);
        return ext;
    }
    PangoRectangle ink, logical;
    pango_layout_get_extents(lay, &ink, &logical);
    double oy = y - (double)logical.y / PANGO_SCALE;
    if (h > 0 && st->valign == TEXT_MIDDLE)
        oy += (h - ext.h) / 2;
    else if (h > 0 && st->valign == TEXT_BOTTOM)
        oy += h - ext.h;
    double ox = x;
    /* Glyph ink may overhang the logical box (Arabic swashes, accents):
     * keep the ink itself inside the box. */
    double ix = ox + (double)ink.x / PANGO_SCALE, iy = oy + (double)ink.y / PANGO_SCALE;
    double iw = (double)ink.width / PANGO_SCALE, ih = (double)ink.height / PANGO_SCALE;
    if (iw > 0 && ih > 0) {
        ox += nudge(ix, ix + iw, x, x + w);
        if (h > 0)
            oy += nudge(iy, iy + ih, y, y + h);
    }
    cairo_save(cr);
    palette_set(cr, st->colour);
    cairo_move_to(cr, ox, oy);
    show_layout(cr, lay);
    cairo_restore(cr);
    g_object_unref(lay);
    return ext;
}

text_extent text_draw_rotated(cairo_t *cr, const char *utf8, double x, double y, double w, double h,
                              const text_style *st)
{
    cairo_save(cr);
    cairo_translate(cr, x, y + h);
    cairo_rotate(cr, -QUARTER_TURN);
    text_extent ext = text_draw(cr, utf8, 0, 0, h, w, st);
    cairo_restore(cr);
    return ext;
}

double text_line_height(cairo_t *cr, const text_style *st)
{
    text_style one = *st;
    one.max_lines = 1;
    /* "Hg" and an Arabic word: the line box of mixed text. */
    return text_measure(cr, "Hg \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a", 0, 0, &one).h;
}
