/* Text through Pango only (shaping, bidi, Arabic joining, fallback from
 * Noto Sans to Noto Sans Arabic), always inside a box: lines are wrapped
 * into its width, cut to its height and the last line shown ends with an
 * ellipsis.  Sizes are points: 1 user unit = 1 pt at the identity matrix,
 * whatever the surface (PDF, PNG). */
#ifndef TAAWUN_TEXT_H
#define TAAWUN_TEXT_H

#include <cairo.h>

#include "palette.h"

#define TEXT_FAMILY_DEFAULT "Noto Sans, Noto Sans Arabic"

typedef enum {
    TEXT_START,    /* left in LTR, right in RTL */
    TEXT_CENTRE,
    TEXT_END,      /* right in LTR, left in RTL */
    TEXT_NUMBER    /* right in both: digits run left to right, so units line up */
} text_align;

typedef enum {
    TEXT_TOP,
    TEXT_MIDDLE,
    TEXT_BOTTOM
} text_valign;

typedef struct {
    const char *family;   /* Pango family list; NULL: TEXT_FAMILY_DEFAULT */
    double size;          /* points; <= 0: 9 */
    int bold;
    rgba colour;
    text_align align;
    text_valign valign;
    int rtl;              /* paragraph direction right-to-left */
    int max_lines;        /* 1: a single line; N > 1: word-wrap into at most N
                             lines; 0: as many lines as fit the box's height */
} text_style;

typedef struct {
    double w, h;          /* logical size of what is (or would be) drawn */
    int lines;            /* lines shown; 0 when not even one fits the height */
    int ellipsized;       /* text was cut and ends with "…" */
    int broke_word;       /* a line was broken inside a word (the box is too narrow) */
} text_extent;

/* A style with the default family, dark text, start/top alignment, one line. */
text_style text_style_make(double size, int bold, int rtl);

/* Lays out utf8 as text_draw would in a box of w x h, without drawing.
 * w <= 0: no width limit (natural width, no wrapping); h <= 0: no height limit. */
text_extent text_measure(cairo_t *cr, const char *utf8, double w, double h, const text_style *st);

/* Draws utf8 inside the box (x, y, w, h), w > 0, aligned by st->align and
 * st->valign; h <= 0: no height limit (lines below y as needed).  Nothing
 * is drawn when not even one line fits h.  Glyph ink overhanging the line
 * box (Arabic swashes, accents) is moved back inside the box. */
text_extent text_draw(cairo_t *cr, const char *utf8, double x, double y, double w, double h,
                      const text_style *st);

/* The same, turned a quarter anticlockwise (reads bottom to top) inside the
 * box (x, y, w, h): lines run along h, the line height along w. */
text_extent text_draw_rotated(cairo_t *cr, const char *utf8, double x, double y, double w, double h,
                              const text_style *st);

/* Height of one line of the style, with room for both Latin and Arabic. */
double text_line_height(cairo_t *cr, const text_style *st);

/* A label drawn in a box of exactly its measured width would be cut by
 * rounding to Pango units: one point of slack. */
#define TEXT_SLACK 1.0

#endif
