#include "chart_png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int chart_render_png_scaled(const char *path, int width_px, int height_px, double scale, chart_draw_fn draw,
                            const void *arg)
{
    if (!path || !draw || width_px <= 0 || height_px <= 0 || !(scale > 0))
        return -1;
    /* RGB24: an opaque image, smaller files than ARGB. */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    draw(cr, width_px / scale, height_px / scale, arg);
    int rc = cairo_status(cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
    cairo_destroy(cr);
    cairo_surface_flush(s);

    /* a hidden temporary beside it, named as lib/atomic.c names them
     * (".NAME.tmpPID.png"): two processes never share one, and make
     * reports sweeps what a SIGKILL leaves behind */
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path + 1) : 0;
    size_t n = strlen(path) + 40;
    char *tmp = malloc(n);
    if (rc == 0 && tmp) {
        snprintf(tmp, n, "%.*s.%s.tmp%ld.png", (int)dir, path, path + dir, (long)getpid());
        if (cairo_surface_write_to_png(s, tmp) != CAIRO_STATUS_SUCCESS || rename(tmp, path) != 0) {
            remove(tmp);
            rc = -1;
        }
    } else {
        rc = -1;
    }
    free(tmp);
    cairo_surface_destroy(s);
    return rc;
}

int chart_render_png(const char *path, int width_px, int height_px, chart_draw_fn draw, const void *arg)
{
    return chart_render_png_scaled(path, width_px, height_px, 1.0, draw, arg);
}
