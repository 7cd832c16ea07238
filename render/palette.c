#include "palette.h"

#include <math.h>

#define HEX(v) { ((v) >> 16 & 0xff) / 255.0, ((v) >> 8 & 0xff) / 255.0, ((v) & 0xff) / 255.0, 1.0 }

/* Okabe & Ito (2008), ordered so that the first colours are the most
 * distinct from each other and dark enough for white labels; yellow and
 * black come last. */
static const rgba okabe_ito[PALETTE_SIZE] = {
    HEX(0x0072B2),   /* blue */
    HEX(0xE69F00),   /* orange */
    HEX(0x009E73),   /* bluish green */
    HEX(0xD55E00),   /* vermillion */
    HEX(0x56B4E9),   /* sky blue */
    HEX(0xCC79A7),   /* reddish purple */
    HEX(0xF0E442),   /* yellow */
    HEX(0x000000),   /* black */
};

static const rgba greys[] = {
    [GREY_TEXT] = HEX(0x222222),
    [GREY_MUTED] = HEX(0x595959),
    [GREY_AXIS] = HEX(0x8C8C8C),
    [GREY_GRID] = HEX(0xE3E3E3),
    [GREY_RULE] = HEX(0xBFBFBF),
    [GREY_ZEBRA] = HEX(0xF4F5F7),
    [GREY_HEADER] = HEX(0xE6EAF0),
    [GREY_OTHER] = HEX(0xB3B3B3),
};

rgba palette_colour(size_t i)
{
    return okabe_ito[i % PALETTE_SIZE];
}

rgba palette_grey(grey_role role)
{
    if ((size_t)role >= sizeof greys / sizeof greys[0])
        role = GREY_TEXT;
    return greys[role];
}

static double linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

rgba palette_text_on(rgba bg)
{
    double l = 0.2126 * linear(bg.r) + 0.7152 * linear(bg.g) + 0.0722 * linear(bg.b);
    /* WCAG contrast against white vs. against the dark text colour. */
    rgba dark = greys[GREY_TEXT];
    double ld = 0.2126 * linear(dark.r) + 0.7152 * linear(dark.g) + 0.0722 * linear(dark.b);
    double c_white = 1.05 / (l + 0.05);
    double c_dark = (l + 0.05) / (ld + 0.05);
    if (c_white >= c_dark)
        return (rgba){1, 1, 1, 1};
    return dark;
}

void palette_set(cairo_t *cr, rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

void palette_fill_rect(cairo_t *cr, double x, double y, double w, double h, rgba c)
{
    if (w <= 0 || h <= 0)
        return;
    palette_set(cr, c);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}
