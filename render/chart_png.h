/* A drawing (a chart, a table) as a PNG file, written atomically: the
 * image goes to a hidden temporary beside PATH (lib/atomic.h), renamed to
 * PATH once complete and synced, so a reader never sees half a file. */
#ifndef TAAWUN_CHART_PNG_H
#define TAAWUN_CHART_PNG_H

#include <cairo.h>

typedef void (*chart_draw_fn)(cairo_t *cr, double w, double h, const void *arg);

/* width_px x height_px on white, one user unit per pixel; draw gets the
 * size in user units.  Returns 0, or -1 with errno: EINVAL when the
 * drawing failed, else the file error (ENOSPC...; PATH then unchanged). */
int chart_render_png(const char *path, int width_px, int height_px, chart_draw_fn draw, const void *arg);

/* The same with `scale` pixels per user unit (2: a 72-pt layout at 144 dpi);
 * draw gets width_px / scale x height_px / scale. */
int chart_render_png_scaled(const char *path, int width_px, int height_px, double scale, chart_draw_fn draw,
                            const void *arg);

#endif
