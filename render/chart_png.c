#include "chart_png.h"
#include "lib/atomic.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpng writes through these: each write checked by atomic_write (which
 * keeps the errno, e.g. ENOSPC), and an error jumps back quietly (the
 * default handler would print "libpng error" and lose errno). */
static void png_out(png_structp png, png_bytep data, size_t n)
{
    if (atomic_write(png_get_io_ptr(png), data, n) != 0)
        png_error(png, "write error");
}

static void png_flush_out(png_structp png)
{
    (void)png;   /* atomic_commit flushes and fsyncs once, at the end */
}

static void png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* The image as an RGB PNG through libpng, as cairo_surface_write_to_png
 * does, but with fast settings (zlib level 1, the "up" filter): charts are
 * flat colours, the files stay small and take a third of the time, which
 * counts when a national run writes hundreds of them.  Returns 0, or -1
 * with errno (the temporary left for the caller to drop). */
static int write_png(cairo_surface_t *s, atomic_file *af)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    unsigned char *row = malloc((size_t)w * 3);
    png_structp png = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_warn) : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        errno = af->err ? af->err : ENOMEM;
        return -1;
    }
    png_set_write_fn(png, af, png_out, png_flush_out);
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
    return 0;
}

int chart_render_png_scaled(const char *path, int width_px, int height_px, double scale, chart_draw_fn draw,
                            const void *arg)
{
    if (!path || !draw || width_px <= 0 || height_px <= 0 || !(scale > 0)) {
        errno = EINVAL;
        return -1;
    }
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

    if (rc != 0) {
        /* not a file error: the drawing failed (or memory ran out) */
        errno = cairo_surface_status(s) == CAIRO_STATUS_NO_MEMORY ? ENOMEM : EINVAL;
        cairo_surface_destroy(s);
        return -1;
    }
    /* a hidden temporary beside it (lib/atomic.c), renamed into place only
     * when every byte is written and synced */
    atomic_file af;
    if (atomic_open(&af, path) != 0) {
        rc = -1;
    } else if (write_png(s, &af) != 0) {
        atomic_abort(&af);
        rc = -1;
    } else if (atomic_commit(&af) != 0) {
        rc = -1;
    }
    int e = errno;
    cairo_surface_destroy(s);
    errno = e;
    return rc;
}

int chart_render_png(const char *path, int width_px, int height_px, chart_draw_fn draw, const void *arg)
{
    return chart_render_png_scaled(path, width_px, height_px, 1.0, draw, arg);
}
