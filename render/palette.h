/* Colours of the charts: the Okabe-Ito palette (distinguishable with the
 * common forms of colour blindness) for series, and a few greys for text,
 * axes, grid lines and table striping. */
#ifndef TAAWUN_PALETTE_H
#define TAAWUN_PALETTE_H

#include <stddef.h>

#include <cairo.h>

typedef struct {
    double r, g, b, a;   /* 0..1 */
} rgba;

#define PALETTE_SIZE 8

typedef enum {
    GREY_TEXT,       /* titles, labels, values */
    GREY_MUTED,      /* subtitles, axis labels, notes, tick labels */
    GREY_AXIS,       /* baseline and axis lines */
    GREY_GRID,       /* light grid lines */
    GREY_RULE,       /* table rules */
    GREY_ZEBRA,      /* table stripe fill */
    GREY_HEADER,     /* table header fill */
    GREY_OTHER       /* the "other" slice of a doughnut */
} grey_role;

/* Series colour i (cycles after PALETTE_SIZE). */
rgba palette_colour(size_t i);
rgba palette_grey(grey_role role);
/* Dark or white text, whichever reads better on bg. */
rgba palette_text_on(rgba bg);
void palette_set(cairo_t *cr, rgba c);
/* A filled rectangle in colour C (nothing when empty). */
void palette_fill_rect(cairo_t *cr, double x, double y, double w, double h, rgba c);

#endif
