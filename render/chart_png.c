#include "chart_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The image as an RGB PNG through libpng, as cairo_surface_write_to_png
 * does, but with fast settings (zlib level 1, the "up" filter): charts are
 * flat colours, the files stay small and take a third of the time, which
 * counts when a national run writes hundreds of them. */
static int write_png(cairo_surface_t *s, const char *file)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    FILE *fp = fopen(file, "wb");
    if (!fp)
        return -1;
    unsigned char *row = malloc((size_t)w * 3);
    png_structp png = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL) : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        fclose(fp);
        return -1;
    }
    png_init_io(png, fp);
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {   /* RGB24: 0x00RRGGBB in native order */
            row[3 * x] = (unsigned char)(px[x] >> 16);
            row[3 * x + 1] = (unsigned char)(px[x] >> 8);
            row[3 * x + 2] = (unsigned char)px[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    return fclose(fp) == 0 ? 0 : -1;
}

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
        if (write_png(s, tmp) != 0 || rename(tmp, path) != 0) {
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
