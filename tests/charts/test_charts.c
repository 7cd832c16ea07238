/* Tests of the chart library (render/): unit tests of ticks, numbers and
 * text; every chart and the table in Arabic and French compared pixel by
 * pixel with reference images (as in Cairo's own test suite); charts with
 * the longest labels drawn on a transparent surface larger than their box,
 * asserting no ink outside it; RTL charts mirroring their LTR twins; and a
 * sample A4 PDF for the pdffonts/pdftotext checks of run.sh.
 *
 * usage: test_charts [--update] REFDIR OUTDIR
 * Prints "ok - NAME" / "not ok - NAME: why" per case, then "N passed, N failed". */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "chart.h"
#include "table_draw.h"
#include "chart_png.h"
#include "numfmt.h"
#include "palette.h"
#include "text.h"
#include "ticks.h"

/* Images: 600 x 375 pt at 2 px/pt. */
#define IMG_W 1200
#define IMG_H 750
#define IMG_SCALE 2.0
/* Tolerance: a pixel differs when a channel differs by more than 2; at
 * most 0.5 % of the pixels may differ. */
#define CHANNEL_TOL 2
#define PIXEL_TOL 0.005

static int passed, failed;

static void ok(const char *name)
{
    passed++;
    printf("ok - %s\n", name);
}

static void not_ok(const char *name, const char *fmt, ...)
{
    va_list ap;
    failed++;
    printf("not ok - %s: ", name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static void check(int cond, const char *name)
{
    if (cond)
        ok(name);
    else
        not_ok(name, "failed");
}

static void check_str(const char *name, const char *want, const char *got)
{
    if (strcmp(want, got) == 0)
        ok(name);
    else
        not_ok(name, "expected [%s], got [%s]", want, got);
}

/* ---- data ------------------------------------------------------------------ */

#define N_CAT 7

static const char *const cat_fr[N_CAT] = {
    "Jardins d'enfants", "Centres d'éducation et de formation", "Complexes sociaux",
    "Centres de formation par apprentissage", "Maisons de l'étudiante",
    "Centres pour personnes en situation de handicap", "Centres d'écoute et d'orientation"};
static const char *const cat_ar[N_CAT] = {
    "رياض الأطفال", "مراكز التربية والتكوين", "المركبات الاجتماعية", "مراكز التكوين بالتدرج المهني",
    "دور الطالبة", "مراكز الأشخاص في وضعية إعاقة", "مراكز الاستماع والتوجيه"};

static const double centres[N_CAT] = {23, 88, 14, 5, 3, 9, 48};
static const double beneficiaries[N_CAT] = {1175, 7284, 808, 64, 409, 2042, 2326};
static const double two_years[2 * N_CAT] = {1098, 6950, 845, 71, 436, 1890, 2210,     /* 2023 */
                                            1175, 7284, 808, 64, 409, 2042, 2326};    /* 2024 */
static const double by_sex[2 * N_CAT] = {640, 4120, 512, 29, 409, 915, 1380,          /* women */
                                         535, 3164, 296, 35, 0, 1127, 946};           /* men */
static const double budget[N_CAT] = {2796000, 11250000, 1480000, 310000, 905000, 4120000, 3050000};

#define N_PER 6
static const char *const periods[N_PER] = {"2019", "2020", "2021", "2022", "2023", "2024"};
static const double trend[3 * N_PER] = {
    6120, 4380, 5910, 6650, 6950, 7284,   /* education and training */
    2010, 1650, 1890, 2105, 2210, 2326,   /* listening centres */
    980, NAN, 1010, 1090, 1098, 1175};    /* kindergartens: 2020 not reported */

typedef struct {
    const char *lang;
    int rtl;
    const char *const *cat;
    const char *years[2], *sexes[2], *trend_names[3];
    const char *t_benef, *t_centres, *t_years, *t_sex, *t_share, *t_trend, *t_table;
    const char *sub_benef, *axis_benef, *axis_centres, *axis_type, *note;
    const char *head[5];
    const char *total;
} lang_text;

static const lang_text FR = {
    "fr", 0, cat_fr,
    {"2023", "2024"},
    {"Femmes", "Hommes"},
    {"Centres d'éducation et de formation", "Centres d'écoute et d'orientation", "Jardins d'enfants"},
    "Bénéficiaires par type d'établissement, 2024",
    "Établissements par type, 2024",
    "Bénéficiaires par type d'établissement, 2023 et 2024",
    "Bénéficiaires par sexe et type d'établissement, 2024",
    "Répartition des bénéficiaires par type d'établissement, 2024",
    "Évolution du nombre de bénéficiaires, 2019-2024",
    "Tableau 1. Établissements, bénéficiaires et budget, 2024",
    "Nombre de bénéficiaires inscrits au 31 décembre",
    "Bénéficiaires",
    "Établissements",
    "Type d'établissement",
    "Source : Entraide Nationale, données administratives.",
    {"Type d'établissement", "Établissements", "Bénéficiaires", "Part des femmes", "Budget (MAD)"},
    "Total",
};

static const lang_text AR = {
    "ar", 1, cat_ar,
    {"2023", "2024"},
    {"إناث", "ذكور"},
    {"مراكز التربية والتكوين", "مراكز الاستماع والتوجيه", "رياض الأطفال"},
    "المستفيدون حسب نوع المؤسسة، 2024",
    "المؤسسات حسب النوع، 2024",
    "المستفيدون حسب نوع المؤسسة، 2023 و2024",
    "المستفيدون حسب الجنس ونوع المؤسسة، 2024",
    "توزيع المستفيدين حسب نوع المؤسسة، 2024",
    "تطور عدد المستفيدين، 2019-2024",
    "الجدول 1. المؤسسات والمستفيدون والميزانية، 2024",
    "عدد المستفيدين المسجلين في 31 دجنبر",
    "المستفيدون",
    "المؤسسات",
    "نوع المؤسسة",
    "المصدر: التعاون الوطني، معطيات إدارية.",
    {"نوع المؤسسة", "المؤسسات", "المستفيدون", "نسبة الإناث", "الميزانية (درهم)"},
    "المجموع",
};

/* The chart of a kind in a language. */
static chart_data make_chart(chart_kind kind, const lang_text *L)
{
    chart_data d = {0};
    d.lang = L->lang;
    d.rtl = L->rtl;
    d.n_cat = N_CAT;
    d.categories = L->cat;
    d.n_series = 1;
    d.show_values = 1;
    d.note = L->note;
    d.value_axis_label = L->axis_benef;
    switch (kind) {
    case CHART_BAR_HORIZONTAL:
        d.title = L->t_benef;
        d.subtitle = L->sub_benef;
        d.values = beneficiaries;
        d.sort_desc = 1;
        d.category_axis_label = L->axis_type;
        break;
    case CHART_BAR_VERTICAL:
        d.title = L->t_centres;
        d.values = centres;
        d.value_axis_label = L->axis_centres;
        break;
    case CHART_BAR_GROUPED:
        d.title = L->t_years;
        d.values = two_years;
        d.n_series = 2;
        d.series_names = L->years;
        d.sort_desc = 1;
        break;
    case CHART_BAR_STACKED:
        d.title = L->t_sex;
        d.values = by_sex;
        d.n_series = 2;
        d.series_names = L->sexes;
        d.sort_desc = 1;
        break;
    case CHART_DOUGHNUT:
        d.title = L->t_share;
        d.values = beneficiaries;
        d.sort_desc = 1;
        break;
    case CHART_LINE:
        d.title = L->t_trend;
        d.n_cat = N_PER;
        d.categories = periods;
        d.values = trend;
        d.n_series = 3;
        d.series_names = L->trend_names;
        break;
    }
    return d;
}

/* The table of a language: strings formatted here, as the caller would. */
typedef struct {
    const char *cells[(N_CAT + 1) * 5];
    char buf[(N_CAT + 1) * 5][64];
    text_align align[5];
    table_spec spec;
    const char *title;
} table_case;

static void make_table(table_case *tc, const lang_text *L, const char *const *labels)
{
    numfmt nf = numfmt_for_lang(L->lang);
    double tot[5] = {0};
    for (size_t r = 0; r <= N_CAT; r++) {
        int total = r == N_CAT;
        double v[5] = {0, centres[r % N_CAT], beneficiaries[r % N_CAT], 0, budget[r % N_CAT]};
        if (total)
            v[1] = tot[1], v[2] = tot[2], v[4] = tot[4];
        double women = 0;
        for (size_t i = 0; i < N_CAT; i++)
            women += total ? by_sex[i] : 0;
        v[3] = total ? women / tot[2] * 100 : by_sex[r] / beneficiaries[r] * 100;
        tc->cells[r * 5] = total ? L->total : labels[r];
        for (int j = 1; j < 5; j++) {
            if (!total)
                tot[j] += v[j];
            if (j == 3)
                numfmt_percent(tc->buf[r * 5 + j], 64, v[j], 1, &nf);
            else
                numfmt_number(tc->buf[r * 5 + j], 64, v[j], 0, &nf);
            tc->cells[r * 5 + j] = tc->buf[r * 5 + j];
        }
    }
    for (int j = 0; j < 5; j++)
        tc->align[j] = j == 0 ? TEXT_START : TEXT_NUMBER;
    tc->spec = (table_spec){5, N_CAT + 1, L->head, tc->cells, tc->align, L->rtl, 1, 1, 8};
    tc->title = L->t_table;
}

/* Table with its title, as one drawing. */
static void draw_table_box(cairo_t *cr, double x, double y, double w, double h, const table_case *tc, int rtl)
{
    text_style st = text_style_make(11, 1, rtl);
    st.max_lines = 2;
    text_extent e = text_draw(cr, tc->title, x + 4, y + 4, w - 8, h - 8, &st);
    double top = y + 4 + e.h + 6;
    table_draw(cr, x + 4, top, w - 8, y + h - 4 - top, &tc->spec, 0);
}

/* ---- drawing callbacks ------------------------------------------------- */

typedef struct {
    int is_table;
    chart_kind kind;
    const chart_data *d;
    const table_case *tc;
    int rtl;
    int rc;
} drawing;

static void draw_cb(cairo_t *cr, double w, double h, const void *arg)
{
    drawing *dr = (drawing *)arg;
    if (dr->is_table)
        draw_table_box(cr, 0, 0, w, h, dr->tc, dr->rtl), dr->rc = 0;
    else
        dr->rc = chart_draw(cr, dr->kind, 0, 0, w, h, dr->d);
}

/* ---- image comparison -------------------------------------------------- */

static int write_diff(const char *path, cairo_surface_t *out, cairo_surface_t *ref)
{
    int w = cairo_image_surface_get_width(out), h = cairo_image_surface_get_height(out);
    cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *po = cairo_image_surface_get_data(out), *pr = cairo_image_surface_get_data(ref);
    unsigned char *pd = cairo_image_surface_get_data(diff);
    int so = cairo_image_surface_get_stride(out), sr = cairo_image_surface_get_stride(ref);
    int sd = cairo_image_surface_get_stride(diff);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const unsigned char *a = po + y * so + 4 * x, *b = pr + y * sr + 4 * x;
            unsigned char *c = pd + y * sd + 4 * x;
            int m = 0;
            for (int k = 0; k < 3; k++)
                m = abs(a[k] - b[k]) > m ? abs(a[k] - b[k]) : m;
            /* Differences in red, the rest a faint copy of the reference. */
            uint32_t px = m > CHANNEL_TOL ? 0xFF0000u | (uint32_t)(255 - m) << 8 : 0;
            if (!px) {
                unsigned g = 255 - (255 - (b[0] + b[1] + b[2]) / 3) / 4;
                px = g << 16 | g << 8 | g;
            }
            memcpy(c, &px, 4);
        }
    cairo_surface_mark_dirty(diff);
    int rc = cairo_surface_write_to_png(diff, path) == CAIRO_STATUS_SUCCESS ? 0 : -1;
    cairo_surface_destroy(diff);
    return rc;
}

static void compare_image(const char *name, const char *out_path, const char *ref_path, const char *diff_path)
{
    cairo_surface_t *out = cairo_image_surface_create_from_png(out_path);
    cairo_surface_t *ref = cairo_image_surface_create_from_png(ref_path);
    if (cairo_surface_status(ref) != CAIRO_STATUS_SUCCESS) {
        not_ok(name, "no reference %s (run.sh --update)", ref_path);
    } else if (cairo_surface_status(out) != CAIRO_STATUS_SUCCESS) {
        not_ok(name, "cannot read %s", out_path);
    } else if (cairo_image_surface_get_width(out) != cairo_image_surface_get_width(ref) ||
               cairo_image_surface_get_height(out) != cairo_image_surface_get_height(ref)) {
        not_ok(name, "size differs from %s", ref_path);
    } else {
        int w = cairo_image_surface_get_width(out), h = cairo_image_surface_get_height(out);
        const unsigned char *po = cairo_image_surface_get_data(out), *pr = cairo_image_surface_get_data(ref);
        int so = cairo_image_surface_get_stride(out), sr = cairo_image_surface_get_stride(ref);
        long differ = 0;
        int worst = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                const unsigned char *a = po + y * so + 4 * x, *b = pr + y * sr + 4 * x;
                int m = 0;
                for (int k = 0; k < 3; k++)
                    m = abs(a[k] - b[k]) > m ? abs(a[k] - b[k]) : m;
                differ += m > CHANNEL_TOL;
                worst = m > worst ? m : worst;
            }
        double frac = (double)differ / ((double)w * h);
        if (frac <= PIXEL_TOL) {
            ok(name);
        } else {
            write_diff(diff_path, out, ref);
            not_ok(name, "%.2f%% of pixels differ (max %d), see %s", frac * 100, worst, diff_path);
        }
    }
    cairo_surface_destroy(out);
    cairo_surface_destroy(ref);
}

static void image_case(const char *name, drawing *dr, const char *refdir, const char *outdir, int update)
{
    char out[512], ref[512], diff[512], label[128];
    snprintf(out, sizeof out, "%s/%s.png", outdir, name);
    snprintf(ref, sizeof ref, "%s/%s.png", refdir, name);
    snprintf(diff, sizeof diff, "%s/%s-diff.png", outdir, name);
    snprintf(label, sizeof label, "image %s", name);
    remove(diff);
    if (chart_render_png_scaled(out, IMG_W, IMG_H, IMG_SCALE, draw_cb, dr) != 0 || dr->rc != 0) {
        not_ok(label, "rendering failed (rc %d)", dr->rc);
        return;
    }
    if (update) {
        if (chart_render_png_scaled(ref, IMG_W, IMG_H, IMG_SCALE, draw_cb, dr) != 0)
            not_ok(label, "cannot write %s", ref);
        else
            ok(label);
        return;
    }
    compare_image(label, out, ref, diff);
}

/* ---- ink outside the box ---------------------------------------------- */

#define MARGIN 24.0   /* pt of transparent surface around the box */

/* Draws in a box offset inside a transparent surface; returns the number of
 * pixels with ink outside the box (and inside: *inside). */
static long ink_outside(drawing *dr, double bw, double bh, long *inside, const char *png)
{
    int W = (int)((bw + 2 * MARGIN) * IMG_SCALE), H = (int)((bh + 2 * MARGIN) * IMG_SCALE);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, IMG_SCALE, IMG_SCALE);
    if (dr->is_table)
        draw_table_box(cr, MARGIN, MARGIN, bw, bh, dr->tc, dr->rtl), dr->rc = 0;
    else
        dr->rc = chart_draw(cr, dr->kind, MARGIN, MARGIN, bw, bh, dr->d);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const unsigned char *p = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    int x0 = (int)(MARGIN * IMG_SCALE), y0 = x0, x1 = (int)((MARGIN + bw) * IMG_SCALE),
        y1 = (int)((MARGIN + bh) * IMG_SCALE);
    long out = 0;
    *inside = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t px;
            memcpy(&px, p + y * stride + 4 * x, 4);
            int in = x >= x0 && x < x1 && y >= y0 && y < y1;
            if (px >> 24) {
                if (in)
                    (*inside)++;
                else
                    out++;
            }
        }
    if (png)
        cairo_surface_write_to_png(s, png);
    cairo_surface_destroy(s);
    return out;
}

#define N_LONG 9
static const char *const long_ar[N_LONG] = {
    "مؤسسات الرعاية الاجتماعية (القانون 14.05) في إطار برنامج حماية القاصرين بالعمالات والأقاليم",
    "رياض الأطفال", "مراكز التربية والتكوين",
    "مؤسسات الرعاية الاجتماعية (القانون 14.05) في إطار برنامج حماية القاصرين بالعمالات والأقاليم",
    "المركبات الاجتماعية", "مراكز التكوين بالتدرج المهني", "دور الطالبة",
    "مراكز الأشخاص في وضعية إعاقة", "مراكز الاستماع والتوجيه"};
static const char *const long_fr[N_LONG] = {
    "Établissements de protection sociale (loi 14.05) et centres d'accueil des personnes en situation de handicap",
    "Jardins d'enfants", "Centres d'éducation et de formation",
    "Établissements de protection sociale (loi 14.05) et centres d'accueil des personnes en situation de handicap",
    "Complexes sociaux", "Centres de formation par apprentissage", "Maisons de l'étudiante",
    "Centres pour personnes en situation de handicap", "Centres d'écoute et d'orientation"};
static const double long_vals[2 * N_LONG] = {2796000, 1175, 7284, 14108, 808, 64, NAN, 2042, 2326,
                                             1396000, 575, 3284, 7108, 400, 30, 205, 1042, 1326};

static void clip_cases(const char *outdir)
{
    const lang_text *langs[2] = {&AR, &FR};
    /* A page-sized chart and a cramped one. */
    const double sizes[2][2] = {{420, 300}, {250, 190}};
    for (int li = 0; li < 2; li++) {
        const lang_text *L = langs[li];
        const char *const *labels = L->rtl ? long_ar : long_fr;
        const char *series[2] = {labels[0], labels[3]};
        for (int k = 0; k <= CHART_LINE + 1; k++) {
            for (int si = 0; si < 2; si++) {
                chart_data d = make_chart(k <= CHART_LINE ? (chart_kind)k : CHART_BAR_VERTICAL, L);
                d.title = labels[0];
                d.subtitle = labels[3];
                d.value_axis_label = labels[0];
                d.category_axis_label = labels[3];
                d.note = labels[3];
                d.n_cat = N_LONG;
                d.categories = labels;
                d.values = long_vals;
                d.n_series = k == CHART_BAR_GROUPED || k == CHART_BAR_STACKED || k == CHART_LINE ? 2 : 1;
                d.series_names = series;
                d.unit_suffix = numfmt_currency(L->lang);
                table_case tc;
                make_table(&tc, L, labels);
                tc.title = labels[0];
                drawing dr = {k > CHART_LINE, (chart_kind)(k > CHART_LINE ? 0 : k), &d, &tc, L->rtl, 0};
                char name[128], png[512];
                snprintf(name, sizeof name, "no ink outside the box: %s-%s %gx%g",
                         k > CHART_LINE ? "table" : chart_kind_name((chart_kind)k), L->lang, sizes[si][0],
                         sizes[si][1]);
                snprintf(png, sizeof png, "%s/clip-%s-%s-%d.png", outdir,
                         k > CHART_LINE ? "table" : chart_kind_name((chart_kind)k), L->lang, si);
                long inside;
                long out = ink_outside(&dr, sizes[si][0], sizes[si][1], &inside, png);
                if (out)
                    not_ok(name, "%ld pixels outside, see %s", out, png);
                else if (dr.rc != 0 && si == 0)
                    not_ok(name, "chart refused the box (rc %d)", dr.rc);
                else if (inside == 0)
                    not_ok(name, "nothing drawn");
                else
                    ok(name);
            }
        }
    }
    /* A box too small for a plot: the chart gives up without spilling. */
    chart_data d = make_chart(CHART_BAR_HORIZONTAL, &FR);
    drawing dr = {0, CHART_BAR_HORIZONTAL, &d, NULL, 0, 0};
    long inside;
    long out = ink_outside(&dr, 60, 30, &inside, NULL);
    check(out == 0 && dr.rc == -1, "tiny box: refused, no ink outside");
}

/* ---- RTL mirrors LTR --------------------------------------------------- */

/* Pixels of series colour 0, as a mask. */
static unsigned char *colour_mask(cairo_surface_t *s, rgba c)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *p = cairo_image_surface_get_data(s);
    unsigned char *m = calloc((size_t)w * h, 1);
    for (int y = 0; y < h && m; y++)
        for (int x = 0; x < w; x++) {
            const unsigned char *q = p + y * stride + 4 * x;
            m[y * w + x] = abs(q[2] - (int)lround(c.r * 255)) < 8 && abs(q[1] - (int)lround(c.g * 255)) < 8 &&
                           abs(q[0] - (int)lround(c.b * 255)) < 8;
        }
    return m;
}

static void mirror_cases(void)
{
    for (int k = 0; k <= CHART_LINE; k++) {
        cairo_surface_t *s[2];
        for (int rtl = 0; rtl < 2; rtl++) {
            /* Same (French) text both ways: only the direction changes. */
            chart_data d = make_chart((chart_kind)k, &FR);
            d.rtl = rtl;
            s[rtl] = cairo_image_surface_create(CAIRO_FORMAT_RGB24, IMG_W, IMG_H);
            cairo_t *cr = cairo_create(s[rtl]);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_paint(cr);
            cairo_scale(cr, IMG_SCALE, IMG_SCALE);
            chart_draw(cr, (chart_kind)k, 0, 0, IMG_W / IMG_SCALE, IMG_H / IMG_SCALE, &d);
            cairo_destroy(cr);
            cairo_surface_flush(s[rtl]);
        }
        unsigned char *a = colour_mask(s[0], palette_colour(0)), *b = colour_mask(s[1], palette_colour(0));
        long on = 0, miss = 0;
        for (int y = 0; y < IMG_H; y++)
            for (int x = 0; x < IMG_W; x++) {
                on += a[y * IMG_W + x];
                miss += a[y * IMG_W + x] != b[y * IMG_W + (IMG_W - 1 - x)];
            }
        char name[96];
        snprintf(name, sizeof name, "rtl mirrors ltr: %s", chart_kind_name((chart_kind)k));
        if (on > 0 && miss <= on / 50)
            ok(name);
        else
            not_ok(name, "%ld of %ld series pixels not mirrored", miss, on);
        free(a);
        free(b);
        cairo_surface_destroy(s[0]);
        cairo_surface_destroy(s[1]);
    }
}

/* ---- unit tests -------------------------------------------------------- */

static int ticks_are(const ticks *t, const double *want, size_t n)
{
    if (t->n != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(t->v[i] - want[i]) > 1e-9 * (fabs(want[i]) + 1))
            return 0;
    return 1;
}

static void unit_ticks(void)
{
    ticks t;
    ticks_nice(0, 14108, 5, 1, 1, &t);
    check(ticks_are(&t, (double[]){0, 5000, 10000, 15000}, 4), "ticks 0..14108 ~4: 0,5000,10000,15000");
    ticks_nice(0, 14108, 9, 1, 1, &t);
    check(ticks_are(&t, (double[]){0, 2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000}, 9),
          "ticks 0..14108 ~9: 0,2000,...,16000");
    ticks_nice(0, 88, 5, 1, 1, &t);
    check(ticks_are(&t, (double[]){0, 20, 40, 60, 80, 100}, 6), "ticks 0..88: step 20");
    ticks_nice(1175, 7284, 5, 1, 1, &t);
    check(t.lo == 0 && t.hi == 8000 && t.step == 2000, "ticks zero-based bars start at 0");
    ticks_nice(0, 3, 6, 1, 1, &t);
    check(t.step == 1 && t.hi == 3, "ticks of small counts: whole steps");
    ticks_nice(0, 0.8, 5, 1, 0, &t);
    check(fabs(t.step - 0.2) < 1e-12 && t.decimals == 1, "ticks 0..0.8: step 0.2, 1 decimal");
    ticks_nice(-12.5, 37, 5, 0, 0, &t);
    check(t.lo <= -12.5 && t.hi >= 37 && t.step == 10, "ticks -12.5..37: step 10, covering");
    ticks_nice(5, 5, 5, 0, 1, &t);
    check(t.n >= 2 && t.lo == 0 && t.hi >= 5, "ticks of a flat series: from 0");
    ticks_nice(0, 2796000, 5, 1, 1, &t);
    check(t.step == 1000000 && t.hi == 3000000, "ticks 0..2796000 ~5: 0,1M,2M,3M");
    double m = 0;
    for (int i = -6; i <= 6; i++) {
        double v = ticks_nicenum(pow(10, i) * 3.7, 1) / pow(10, i);
        m = v != 5 ? 1 : m;
    }
    check(m == 0, "nicenum 3.7e-6..3.7e6 rounds to 5");
    check(ticks_nice(NAN, 1, 5, 1, 0, &t) == -1, "ticks reject NaN");
}

static void unit_numfmt(void)
{
    char b[64];
    numfmt en = numfmt_for_lang("en"), fr = numfmt_for_lang("fr"), ar = numfmt_for_lang("ar");
    numfmt spaced = fr;
    spaced.group = " ";
    numfmt_number(b, sizeof b, 14108, 0, &en);
    check_str("numfmt 14108 with comma", "14,108", b);
    numfmt_number(b, sizeof b, 2796000, 0, &spaced);
    check_str("numfmt 2796000 with French space", "2 796 000", b);
    numfmt_number(b, sizeof b, 2796000, 0, &fr);
    check_str("numfmt 2796000 fr (U+00A0)", "2\u00a0796\u00a0000", b);
    numfmt narrow = fr;
    narrow.group = NUMFMT_NNBSP;
    numfmt_number(b, sizeof b, 2796000, 0, &narrow);
    check_str("numfmt 2796000 with U+202F as parameter", "2\u202f796\u202f000", b);
    numfmt_number(b, sizeof b, 1234.5, 1, &fr);
    check_str("numfmt 1234.5 fr", "1\u00a0234,5", b);
    numfmt_number(b, sizeof b, 1234.5, 1, &ar);
    check_str("numfmt 1234.5 ar", "1,234.5", b);
    numfmt_number(b, sizeof b, -1234.567, 2, &en);
    check_str("numfmt negative", "-1,234.57", b);
    numfmt_number(b, sizeof b, -3, 0, &ar);
    check_str("numfmt negative in RTL keeps its minus left (LRM)", "\u200e-3", b);
    numfmt_number(b, sizeof b, -0.001, 0, &en);
    check_str("numfmt no minus zero", "0", b);
    numfmt_number(b, sizeof b, 1.005, 2, &en);
    check_str("numfmt 1.005 rounds up", "1.01", b);
    numfmt_number(b, sizeof b, 999.96, 1, &en);
    check_str("numfmt carry into grouping", "1,000.0", b);
    numfmt_number(b, sizeof b, NAN, 0, &en);
    check_str("numfmt NaN is a dash", "\u2013", b);
    numfmt_percent(b, sizeof b, 12.345, 1, &fr);
    check_str("numfmt percent fr", "12,3\u202f%", b);
    numfmt_percent(b, sizeof b, 12.345, 1, &ar);
    check_str("numfmt percent ar", "12.3%", b);
    numfmt mad = fr;
    mad.unit = numfmt_currency("fr");
    numfmt_value(b, sizeof b, 1175, 0, &mad);
    check_str("numfmt unit MAD", "1\u00a0175\u00a0MAD", b);
    numfmt dh = ar;
    dh.unit = numfmt_currency("ar");
    numfmt_value(b, sizeof b, 2796000, 0, &dh);
    check_str("numfmt unit درهم", "2,796,000\u00a0درهم", b);
    numfmt_compact(b, sizeof b, 12000, 2000, 16000, &fr);
    check_str("numfmt compact 12 000", "12\u00a0000", b);
    numfmt_compact(b, sizeof b, 1200000, 200000, 1600000, &fr);
    check_str("numfmt compact 1,2 M", "1,2\u202fM", b);
    numfmt_compact(b, sizeof b, 1200000, 200000, 1600000, &en);
    check_str("numfmt compact 1.2M", "1.2M", b);
    numfmt_compact(b, sizeof b, 2000000, 500000, 3000000, &en);
    check_str("numfmt compact axis decimals from step", "2.0M", b);
    numfmt_compact(b, sizeof b, 0, 500000, 3000000, &en);
    check_str("numfmt compact zero has no suffix", "0", b);
    numfmt_compact(b, sizeof b, 3e9, 1e9, 3e9, &fr);
    check_str("numfmt compact milliards", "3\u202fMd", b);
    numfmt_number(b, 5, 14108, 0, &en);
    check_str("numfmt truncates safely", "14,1", b);
    numfmt_number(b, 3, 2796000, 0, &fr);   /* "2" + a 2-byte NBSP do not fit in 2 */
    check_str("numfmt truncates on a character boundary", "2", b);
    /* A French C locale must not change anything. */
    if (setlocale(LC_NUMERIC, "fr_FR.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.utf8")) {
        numfmt_number(b, sizeof b, 1234.5, 1, &en);
        check_str("numfmt independent of LC_NUMERIC", "1,234.5", b);
        setlocale(LC_NUMERIC, "C");
    } else {
        ok("numfmt independent of LC_NUMERIC (no fr_FR locale here; formatting never calls printf)");
    }
    check(numfmt_step_decimals(0.25) == 2 && numfmt_step_decimals(500) == 0, "numfmt step decimals");
}

static void unit_text_palette(void)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
    cairo_t *cr = cairo_create(s);
    text_style st = text_style_make(8, 0, 0);
    st.max_lines = 2;
    text_extent e = text_measure(cr, long_fr[0], 120, 0, &st);
    check(e.lines == 2 && e.ellipsized && e.w <= 120, "text wraps into 2 lines, ellipsized, within width");
    st.max_lines = 0;
    e = text_measure(cr, long_fr[0], 120, 30, &st);
    check(e.h <= 30 && e.lines >= 1 && e.ellipsized, "text cut to the box height");
    e = text_measure(cr, "Jardins", 120, 3, &st);
    check(e.lines == 0, "text: not even a line fits: nothing");
    text_style ar = text_style_make(8, 0, 1);
    double lh = text_line_height(cr, &ar), lf = text_line_height(cr, &st);
    check(fabs(lh - lf) < 1e-9 && lh < 8 * 1.7, "text: Arabic and Latin line heights equal and compact");
    e = text_measure(cr, "Établissements", 30, 0, &st);
    check(e.broke_word, "text: a word broken in a narrow box is reported");
    cairo_destroy(cr);
    cairo_surface_destroy(s);

    int distinct = 1;
    for (size_t i = 0; i < PALETTE_SIZE; i++)
        for (size_t j = 0; j < i; j++) {
            rgba a = palette_colour(i), b = palette_colour(j);
            if (a.r == b.r && a.g == b.g && a.b == b.b)
                distinct = 0;
        }
    rgba c0 = palette_colour(0), c8 = palette_colour(PALETTE_SIZE);
    check(distinct && c0.r == c8.r && c0.b == c8.b, "palette: 8 distinct Okabe-Ito colours, cycling");
    rgba on_blue = palette_text_on(palette_colour(0)), on_yellow = palette_text_on(palette_colour(6));
    check(on_blue.r == 1 && on_yellow.r < 0.5, "palette: white text on blue, dark on yellow");
}

static void unit_table_pages(void)
{
    enum { ROWS = 45 };
    const char *cells[ROWS * 3];
    char buf[ROWS][2][32];
    numfmt fr = numfmt_for_lang("fr");
    for (int r = 0; r < ROWS; r++) {
        cells[r * 3] = r % 4 == 1 ? long_fr[0] : cat_fr[r % N_CAT];
        numfmt_number(buf[r][0], 32, beneficiaries[r % N_CAT] * (r + 1), 0, &fr);
        numfmt_number(buf[r][1], 32, budget[r % N_CAT], 0, &fr);
        cells[r * 3 + 1] = buf[r][0];
        cells[r * 3 + 2] = buf[r][1];
    }
    const char *head[3] = {"Type", "Bénéficiaires", "Budget (MAD)"};
    table_spec t = {3, ROWS, head, cells, NULL, 0, 1, 1, 8};
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
    cairo_t *cr = cairo_create(s);
    size_t next = 0, pages = 0, rows = 0;
    int fits = 1;
    while (next < ROWS && pages < 100) {
        table_result r = table_draw(cr, 0, 0, 400, 200, &t, next);
        if (r.next_row <= next)
            break;
        fits &= r.height <= 200;
        rows += r.next_row - next;
        next = r.next_row;
        pages++;
    }
    check(next == ROWS && rows == ROWS && pages > 1 && fits, "table paginates: every row once, pages within h");
    table_result r = table_draw(cr, 0, 0, 400, 10, &t, 0);
    check(r.next_row == 0 && r.height == 0, "table: no room for a row draws nothing");
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static void unit_png(const char *outdir)
{
    char path[512], cmd[1200];
    snprintf(path, sizeof path, "%s/atomic.png", outdir);
    chart_data d = make_chart(CHART_BAR_VERTICAL, &FR);
    drawing dr = {0, CHART_BAR_VERTICAL, &d, NULL, 0, 0};
    int rc = chart_render_png(path, 600, 375, draw_cb, &dr);
    FILE *f = fopen(path, "rb");
    /* the temporary (.atomic.png.tmp-XXXXXX) is renamed into place */
    snprintf(cmd, sizeof cmd, "test -z \"$(find '%s' -maxdepth 1 -name '.atomic.png.tmp*')\"", outdir);
    check(rc == 0 && f && system(cmd) == 0, "png written atomically (no temporary left)");
    if (f)
        fclose(f);
    remove(path);
    snprintf(path, sizeof path, "%s/no-such-dir/x.png", outdir);
    errno = 0;
    check(chart_render_png(path, 100, 100, draw_cb, &dr) == -1 && errno == ENOENT,
          "png to a missing folder fails with ENOENT (a file error: exit 3 in taawun-pdf)");
}

/* ---- sample PDF -------------------------------------------------------- */

static void pdf_page(cairo_t *cr, const lang_text *L)
{
    const double W = 842, H = 595, M = 28;
    text_style st = text_style_make(14, 1, L->rtl);
    text_draw(cr, L->rtl ? "التعاون الوطني — نشرة إحصائية 2024" : "Entraide Nationale — Bulletin statistique 2024",
              M, M, W - 2 * M, 22, &st);
    double top = M + 28, cw = (W - 2 * M - 12) / 2, ch = (H - top - M - 12) / 2;
    /* RTL pages fill from the right. */
    double left = L->rtl ? M + cw + 12 : M, right = L->rtl ? M : M + cw + 12;
    chart_data hb = make_chart(CHART_BAR_HORIZONTAL, L), dn = make_chart(CHART_DOUGHNUT, L),
               gr = make_chart(CHART_BAR_GROUPED, L);
    hb.note = dn.note = gr.note = NULL;
    chart_draw(cr, CHART_BAR_HORIZONTAL, left, top, cw, ch, &hb);
    chart_draw(cr, CHART_DOUGHNUT, right, top, cw, ch, &dn);
    chart_draw(cr, CHART_BAR_GROUPED, left, top + ch + 12, cw, ch, &gr);
    table_case tc;
    make_table(&tc, L, L->cat);
    draw_table_box(cr, right, top + ch + 12, cw, ch, &tc, L->rtl);
}

static void sample_pdf(const char *outdir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/sample.pdf", outdir);
    cairo_surface_t *s = cairo_pdf_surface_create(path, 842, 595);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "taawun chart sample");
    cairo_t *cr = cairo_create(s);
    pdf_page(cr, &AR);
    cairo_show_page(cr);
    pdf_page(cr, &FR);
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    st = st ? st : cairo_surface_status(s);
    cairo_surface_destroy(s);
    check(st == CAIRO_STATUS_SUCCESS, "sample.pdf written (A4 landscape, ar + fr)");
}

/* ---- main -------------------------------------------------------------- */

int main(int argc, char **argv)
{
    int update = argc > 1 && strcmp(argv[1], "--update") == 0;
    if (argc != 3 + update) {
        fprintf(stderr, "usage: %s [--update] REFDIR OUTDIR\n", argv[0]);
        return 2;
    }
    const char *refdir = argv[1 + update], *outdir = argv[2 + update];

    unit_ticks();
    unit_numfmt();
    unit_text_palette();
    unit_table_pages();
    unit_png(outdir);

    const lang_text *langs[2] = {&AR, &FR};
    for (int li = 0; li < 2; li++) {
        for (int k = 0; k <= CHART_LINE; k++) {
            chart_data d = make_chart((chart_kind)k, langs[li]);
            drawing dr = {0, (chart_kind)k, &d, NULL, langs[li]->rtl, 0};
            char name[64];
            snprintf(name, sizeof name, "%s-%s", chart_kind_name((chart_kind)k), langs[li]->lang);
            image_case(name, &dr, refdir, outdir, update);
        }
        table_case tc;
        make_table(&tc, langs[li], langs[li]->cat);
        drawing dr = {1, 0, NULL, &tc, langs[li]->rtl, 0};
        char name[64];
        snprintf(name, sizeof name, "table-%s", langs[li]->lang);
        image_case(name, &dr, refdir, outdir, update);
    }
    clip_cases(outdir);
    mirror_cases();
    sample_pdf(outdir);

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
