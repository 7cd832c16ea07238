/* The writing side of taawun-aggregate: the cube's cells, rule results
 * and headlines written as one JSON slice per report scope
 * (docs/slice-format.md, the model lib/slice.h), and the data-quality
 * file.  It only writes: what the slice carries beyond the cells is
 * computed before (lib/slice_prepare.c).  The reading side and the
 * options are programs/aggregate.c. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "atomic.h"
#include "catalog.h"
#include "cube.h"
#include "diag.h"
#include "fact.h"
#include "json.h"
#include "ordered.h"
#include "rules.h"
#include "util.h"
#include "slice.h"
#include "slice_write.h"

/* The territories of a scope's slice: the scope, then its children, in a
 * new array (a catalogue may give a territory any number of children). */
static int *scope_geos(const catalog *cat, int scope, size_t *n_out)
{
    size_t n = 0;
    int *out = xmalloc((cat->geo[scope].n_children + 1) * sizeof *out);
    out[n++] = scope;
    for (size_t k = 0; k < cat->geo[scope].n_children; k++)
        out[n++] = cat->geo[scope].children[k];
    *n_out = n;
    return out;
}

/* Each territory's run [start, end) of the sorted cells and rule results. */
void index_runs(aggregate *a)
{
    size_t g = a->cat.n_geo;
    a->cell_start = xcalloc(g, sizeof *a->cell_start);
    a->cell_end = xcalloc(g, sizeof *a->cell_end);
    a->res_start = xcalloc(g, sizeof *a->res_start);
    a->res_end = xcalloc(g, sizeof *a->res_end);
    for (size_t i = a->n_sorted; i-- > 0;) {
        int geo = a->sorted[i]->geo;
        if (a->cell_end[geo] == 0)
            a->cell_end[geo] = i + 1;
        a->cell_start[geo] = i;
    }
    for (size_t i = a->n_results; i-- > 0;) {
        int geo = a->results[i].geo;
        if (a->res_end[geo] == 0)
            a->res_end[geo] = i + 1;
        a->res_start[geo] = i;
    }
}

/* The sources' JSON text and cube ids, once for every slice. */
void source_texts(aggregate *a)
{
    size_t n = (size_t)cJSON_GetArraySize(a->sources);
    a->src_json = xcalloc(n + 1, sizeof *a->src_json);
    a->src_cube_id = xcalloc(n + 1, sizeof *a->src_cube_id);
    const cJSON *s;
    cJSON_ArrayForEach(s, a->sources) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        if (!cJSON_IsString(id))
            continue;
        int cid = strmap_get(&a->cb.sources.map, id->valuestring);
        if (cid < 0)
            continue;   /* cited by no cell */
        a->src_json[a->n_src_json] = cJSON_PrintUnformatted(s);
        a->src_cube_id[a->n_src_json++] = cid;
    }
}

/* ---- output ----------------------------------------------------------------- */

/* Output is most of this stage's time (every cell of every slice):
 * literals and numbers are appended directly, without printf. */
#define PUT_LIT(sb, lit) sb_put((sb), (lit), sizeof(lit) - 1)

static void put_int(strbuf *sb, long long v)
{
    char b[24];
    sb_put(sb, b, format_int(b, v));
}

static void put_num(strbuf *sb, double v)
{
    char b[40];
    if (!isfinite(v)) {
        PUT_LIT(sb, "null");
        return;
    }
    if (v <= 9.007199254740992e15 && v >= -9.007199254740992e15 && v == (double)(long long)v) {
        put_int(sb, (long long)v);   /* format_number's integers */
        return;
    }
    format_number(b, sizeof b, v);
    sb_puts(sb, b);
}

/* "s" with its quotes, for codes and names known to need no escaping. */
static void put_plain(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    sb_puts(sb, s);
    sb_putc(sb, '"');
}

static void put_bool(strbuf *sb, int b)
{
    if (b)
        PUT_LIT(sb, "true");
    else
        PUT_LIT(sb, "false");
}

static void put_srcset(strbuf *sb, const cube *c, const srcset *s)
{
    sb_putc(sb, '[');
    for (int i = 0; i < s->n; i++) {
        if (i) sb_putc(sb, ',');
        json_put_string(sb, c->sources.strs[s->ids[i]]);
    }
    sb_putc(sb, ']');
    if (s->more) {
        PUT_LIT(sb, ",\"sources_more\":");
        put_int(sb, s->more);
    }
}

/* The cube's flags are the slice's bits (lib/slice.h), written by name. */
#define SAME_BIT(a, b) ((int)(a) == (int)(b))
_Static_assert(SAME_BIT(FLAG_DIFFERS, SLICE_FLAG_DIFFERS) && SAME_BIT(FLAG_PARTS_EXCEED, SLICE_FLAG_PARTS_EXCEED) &&
                   SAME_BIT(FLAG_CONFLICT, SLICE_FLAG_CONFLICT) && SAME_BIT(FLAG_PARTIAL, SLICE_FLAG_PARTIAL) &&
                   SAME_BIT(FLAG_DERIVED_DIFFER, SLICE_FLAG_DERIVED_DIFFER) &&
                   SAME_BIT(FLAG_SYNTHETIC, SLICE_FLAG_SYNTHETIC),
               "cube flags and slice flags are the same bits");

static void put_flags(strbuf *sb, unsigned f)
{
    sb_putc(sb, '[');
    int first = 1;
    for (int k = 0; k < SLICE_N_FLAGS; k++)
        if (f & (1u << k)) {
            if (!first)
                sb_putc(sb, ',');
            put_plain(sb, slice_flag_names[k]);
            first = 0;
        }
    sb_putc(sb, ']');
}

static const char *text_or_empty(const cube *c, int id)
{
    return id >= 0 ? c->texts.strs[id] : "";
}

/* Where a reported figure or a part comes from: its source, quote, file, line. */
static void put_provenance(strbuf *sb, const cube *c, int source, int quote, int file, size_t line)
{
    PUT_LIT(sb, ",\"source\":");
    json_put_string(sb, c->sources.strs[source]);
    PUT_LIT(sb, ",\"quote\":");
    json_put_string(sb, text_or_empty(c, quote));
    PUT_LIT(sb, ",\"file\":");
    json_put_string(sb, text_or_empty(c, file));
    PUT_LIT(sb, ",\"line\":");
    put_int(sb, (long long)line);
}

/* A number as the slice writes it (for lib/slice_write_parts.c). */
void slice_put_number(strbuf *sb, double v)
{
    put_num(sb, v);
}

static void put_cell(strbuf *sb, const aggregate *a, const cell *x, int with_parts)
{
    const cube *c = &a->cb;
    const catalog *cat = &a->cat;
    PUT_LIT(sb, "{\"geo\":");
    json_put_string(sb, cat->geo[x->geo].code);
    PUT_LIT(sb, ",\"period\":");
    json_put_string(sb, c->periods[x->period].code);
    PUT_LIT(sb, ",\"programme\":");
    put_plain(sb, cat->prog[x->prog].code);
    PUT_LIT(sb, ",\"indicator\":");
    put_plain(sb, cat->ind[x->ind].code);
    PUT_LIT(sb, ",\"sex\":");
    put_plain(sb, sex_name(x->sex));
    PUT_LIT(sb, ",\"area\":");
    put_plain(sb, area_name(x->area));
    PUT_LIT(sb, ",\"item\":");
    json_put_string(sb, c->items.strs[x->item]);
    PUT_LIT(sb, ",\"value\":");
    put_num(sb, x->best);
    PUT_LIT(sb, ",\"basis\":");
    put_plain(sb, x->best_kind == -1 ? "reported" : derivation_name((derivation_kind)x->best_kind));
    PUT_LIT(sb, ",\"partial\":");
    put_bool(sb, x->best_partial);
    PUT_LIT(sb, ",\"qualifier\":");
    put_plain(sb, qualifier_name(cell_best_qualifier(x)));
    PUT_LIT(sb, ",\"flags\":");
    put_flags(sb, x->flags);
    if (x->flags & FLAG_DIFFERS) {
        PUT_LIT(sb, ",\"difference\":");
        put_num(sb, x->diff);
        PUT_LIT(sb, ",\"difference_basis\":");
        put_plain(sb, derivation_name((derivation_kind)x->diff_kind));
    }
    PUT_LIT(sb, ",\"reported\":[");
    for (int i = 0; i < x->n_rep; i++) {
        const report *r = &x->rep[i];
        if (i)
            sb_putc(sb, ',');
        PUT_LIT(sb, "{\"value\":");
        put_num(sb, r->value);
        PUT_LIT(sb, ",\"qualifier\":");
        put_plain(sb, qualifier_name(r->qual));
        put_provenance(sb, c, r->source, r->quote, r->file, r->line);
        if (r->as_reported >= 0) {
            PUT_LIT(sb, ",\"geo_as_reported\":");
            json_put_string(sb, text_or_empty(c, r->as_reported));
            if (r->reported_geo >= 0) {
                const territory *t = &cat->geo[r->reported_geo];
                PUT_LIT(sb, ",\"reported_territory\":");
                put_plain(sb, t->code);
                if (t->level == GEO_OLD_REGION && r->reported_geo != x->geo) {
                    PUT_LIT(sb, ",\"reported_territory_provinces\":");
                    put_int(sb, (long long)t->n_members);
                    PUT_LIT(sb, ",\"territory_provinces\":");
                    put_int(sb, (long long)cat->geo[x->geo].n_children);
                }
            }
        }
        if (r->note >= 0) {
            PUT_LIT(sb, ",\"note\":");
            json_put_string(sb, text_or_empty(c, r->note));
        }
        if (r->basis != PB_STATED) {   /* absent when stated: outputs unchanged */
            PUT_LIT(sb, ",\"period_basis\":");
            put_plain(sb, period_basis_name(r->basis));
        }
        sb_putc(sb, '}');
    }
    PUT_LIT(sb, "],\"derived\":[");
    int first = 1;
    for (int k = 0; k < D_COUNT; k++) {
        if (!(x->has & (1u << k)))
            continue;
        const derivation *d = cell_der(x, (derivation_kind)k);
        if (!first)
            sb_putc(sb, ',');
        PUT_LIT(sb, "{\"basis\":");
        put_plain(sb, derivation_name((derivation_kind)k));
        PUT_LIT(sb, ",\"value\":");
        put_num(sb, d->value);
        PUT_LIT(sb, ",\"have\":");
        put_int(sb, d->have);
        PUT_LIT(sb, ",\"of\":");
        put_int(sb, d->of);
        PUT_LIT(sb, ",\"partial\":");
        put_bool(sb, d->partial);
        if (d->qual != Q_EXACT) {
            PUT_LIT(sb, ",\"qualifier\":");
            put_plain(sb, qualifier_name(d->qual));
        }
        PUT_LIT(sb, ",\"sources\":");
        put_srcset(sb, c, &d->src);
        if (d->disagrees)
            slice_put_terms(sb, a, d, (derivation_kind)k);
        if (d->n_parts && with_parts) {
            /* the facts about single centres this sum rests on: every one */
            PUT_LIT(sb, ",\"parts\":[");
            for (int i = 0; i < d->n_parts; i++) {
                const part *pt = &d->parts[i];
                if (i)
                    sb_putc(sb, ',');
                PUT_LIT(sb, "{\"facility\":");
                json_put_string(sb, text_or_empty(c, pt->facility));
                PUT_LIT(sb, ",\"value\":");
                put_num(sb, pt->value);
                put_provenance(sb, c, pt->source, pt->quote, pt->file, pt->line);
                sb_putc(sb, '}');
            }
            PUT_LIT(sb, "],\"parts_more\":");
            put_int(sb, d->have - d->n_parts);
        }
        sb_putc(sb, '}');
        first = 0;
    }
    sb_putc(sb, ']');
    slice_put_only(sb, a, x);
    const cell_change *ch = cell_change_of(a, x);
    if (ch) {
        PUT_LIT(sb, ",\"previous\":{\"period\":");
        json_put_string(sb, c->periods[ch->prev->period].code);
        PUT_LIT(sb, ",\"value\":");
        put_num(sb, ch->prev->best);
        PUT_LIT(sb, ",\"change\":");
        put_num(sb, ch->change);
        PUT_LIT(sb, ",\"change_pct\":");
        put_num(sb, ch->change_pct);
        sb_putc(sb, '}');
    }
    sb_putc(sb, '}');
}

static int cmp_period_index(const void *a, const void *b, void *arg)
{
    const period_entry *p = arg;
    return period_compare(&p[*(const int *)a].per, &p[*(const int *)b].per);
}

/* Writes path only when the bytes differ from what is there; a slice is
 * written in pieces (its header, and the cells of each territory, which
 * are kept apart for reuse). */
static int write_parts_if_changed(const char *path, const atomic_piece *parts, size_t n_parts)
{
    int rc = atomic_write_parts_if_changed(path, parts, n_parts);
    if (rc < 0)
        die(EXIT_IO, "cannot write %s: %s", path, strerror(errno));
    return rc;
}

int write_if_changed(const char *path, const strbuf *sb)
{
    atomic_piece one = {sb->data, sb->len};
    return write_parts_if_changed(path, &one, 1);
}

#define FNV_START 1469598103934665603ULL

/* FNV-1a 64 of s[0..n), going on from h (FNV_START to begin). */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void put_result(strbuf *sb, const aggregate *a, const rule_result *r)
{
    const rule *ru = &a->rules.rules[r->rule];
    PUT_LIT(sb, "{\"rule\":");
    json_put_string(sb, ru->id);
    PUT_LIT(sb, ",\"importance\":");
    json_put_string(sb, ru->importance);
    PUT_LIT(sb, ",\"operator\":");
    put_plain(sb, rule_op_name(ru->op));
    PUT_LIT(sb, ",\"geo\":");
    put_plain(sb, a->cat.geo[r->geo].code);
    PUT_LIT(sb, ",\"period\":");
    json_put_string(sb, a->cb.periods[r->period].code);
    PUT_LIT(sb, ",\"programme\":");
    if (r->prog >= 0)
        put_plain(sb, a->cat.prog[r->prog].code);
    else
        PUT_LIT(sb, "null");
    PUT_LIT(sb, ",\"left\":");
    if (r->has_left) put_num(sb, r->left); else PUT_LIT(sb, "null");
    PUT_LIT(sb, ",\"right\":");
    if (r->has_right) put_num(sb, r->right); else PUT_LIT(sb, "null");
    PUT_LIT(sb, ",\"verdict\":");
    put_plain(sb, r->pass ? "pass" : "fail");
    sb_putc(sb, '}');
}

/* What one slice writer reuses from slice to slice.  A territory's cells
 * are in its own slice and in its parent's: their JSON is kept from the
 * one to the other (geo_json, while the writer does that parent's unit). */
typedef struct {
    strbuf body, head, path, scratch;
    unsigned char *cited;    /* per cube source: cited by this slice */
    int *seen, *order;       /* per period */
    strbuf *geo_json;        /* per territory: its cells, joined by ",\n  " */
    unsigned char *geo_has;  /* geo_json[g] is set */
    /* the body: segments of `body` (offsets) between kept cells JSON */
    atomic_piece *parts;
    size_t *seg_off;         /* for a body segment: its offset; (size_t)-1 for kept JSON */
    size_t n_parts, cap_parts;
} slice_writer;

static void slice_writer_init(slice_writer *w, const aggregate *a)
{
    memset(w, 0, sizeof *w);
    sb_init(&w->body);
    sb_init(&w->head);
    sb_init(&w->path);
    sb_init(&w->scratch);
    w->cited = xcalloc(a->cb.sources.count + 1, 1);
    w->seen = xcalloc(a->cb.n_periods + 1, sizeof *w->seen);
    w->order = xcalloc(a->cb.n_periods + 1, sizeof *w->order);
    w->geo_json = xcalloc(a->cat.n_geo + 1, sizeof *w->geo_json);
    w->geo_has = xcalloc(a->cat.n_geo + 1, 1);
}

/* Forgets the kept JSON (keeping nothing between units). */
static void slice_writer_drop(slice_writer *w, const aggregate *a)
{
    for (size_t g = 0; g < a->cat.n_geo; g++)
        if (w->geo_has[g]) {
            sb_free(&w->geo_json[g]);
            w->geo_has[g] = 0;
        }
}

static void slice_writer_free(slice_writer *w, const aggregate *a)
{
    slice_writer_drop(w, a);
    sb_free(&w->body);
    sb_free(&w->head);
    sb_free(&w->path);
    sb_free(&w->scratch);
    free(w->cited);
    free(w->seen);
    free(w->order);
    free(w->geo_json);
    free(w->geo_has);
    free(w->parts);
    free(w->seg_off);
}

static void add_part(slice_writer *w, const char *p, size_t off, size_t n)
{
    if (w->n_parts == w->cap_parts) {
        w->cap_parts = w->cap_parts ? 2 * w->cap_parts : 64;
        w->parts = xrealloc(w->parts, w->cap_parts * sizeof *w->parts);
        w->seg_off = xrealloc(w->seg_off, w->cap_parts * sizeof *w->seg_off);
    }
    w->parts[w->n_parts] = (atomic_piece){p, n};
    w->seg_off[w->n_parts++] = off;
}

/* The JSON of territory g's cells as its parent's slice shows them
 * (without the centres' facts behind their sums, which the territory's own
 * slice lists): kept when `keep`, else built in the scratch buffer (valid
 * until the next call). */
static const strbuf *child_cells_json(const aggregate *a, slice_writer *w, int g, int keep)
{
    if (w->geo_has[g])
        return &w->geo_json[g];
    strbuf *sb = &w->scratch;
    if (keep) {
        sb = &w->geo_json[g];
        sb_init(sb);
        w->geo_has[g] = 1;
    }
    sb_reset(sb);
    for (size_t i = a->cell_start[g]; i < a->cell_end[g]; i++) {
        if (i > a->cell_start[g])
            PUT_LIT(sb, ",\n  ");
        put_cell(sb, a, a->sorted[i], 0);
    }
    if (keep && sb->cap > sb->len + 4096) {   /* kept a while: no slack */
        sb->data = xrealloc(sb->data, sb->len + 1);
        sb->cap = sb->len + 1;
    }
    return sb;
}

/* The scope's headline figures, one per indicator with an institution-wide
 * figure (programme "all"): the latest of the best tier, each with its own
 * period (README "Headline figures").  Renderers and mail show these. */
static void put_headlines(strbuf *body, const aggregate *a, int scope)
{
    const catalog *cat = &a->cat;
    PUT_LIT(body, "\n],\n\"headlines\": [");
    int n = 0;
    for (size_t k = 0; k < cat->n_ind; k++) {
        const cell *x = territory_headline(a, scope, (int)k);
        if (!x)
            continue;
        if (n++)
            PUT_LIT(body, ",\n  ");
        else
            PUT_LIT(body, "\n  ");
        PUT_LIT(body, "{\"indicator\":");
        put_plain(body, cat->ind[k].code);
        PUT_LIT(body, ",\"period\":");
        json_put_string(body, a->cb.periods[x->period].code);
        PUT_LIT(body, ",\"value\":");
        put_num(body, x->best);
        PUT_LIT(body, ",\"qualifier\":");
        put_plain(body, qualifier_name(cell_best_qualifier(x)));
        PUT_LIT(body, ",\"basis\":");
        put_plain(body, x->best_kind == -1 ? "reported" : derivation_name((derivation_kind)x->best_kind));
        PUT_LIT(body, ",\"partial\":");
        put_bool(body, x->best_partial);
        slice_put_only(body, a, x);   /* where only one sex or area is known */
        sb_putc(body, '}');
    }
}

/* One scope's slice: the cells of the territory and its children. */
static int write_slice(const aggregate *a, int scope, const char *dir, slice_writer *w)
{
    const catalog *cat = &a->cat;
    const territory *t = &cat->geo[scope];
    strbuf *body = &w->body;
    sb_reset(body);
    int synthetic = 0;
    size_t n_geos;
    int *geos = scope_geos(cat, scope, &n_geos);
#define FOR_SCOPE_CELLS(i)                                                        \
    for (size_t gi_ = 0; gi_ < n_geos; gi_++)                                     \
        for (size_t i = a->cell_start[geos[gi_]]; i < a->cell_end[geos[gi_]]; i++)
    w->n_parts = 0;
    size_t seg = 0;          /* start of the body segment being written */
    PUT_LIT(body, "\"cells\": [");
    size_t n = 0;
    for (size_t gi = 0; gi < n_geos; gi++) {
        int g = geos[gi];
        if (a->cell_end[g] == a->cell_start[g])
            continue;
        if (n++)
            PUT_LIT(body, ",\n  ");
        else
            PUT_LIT(body, "\n  ");
        if (g != scope && w->geo_has[g]) {
            /* kept JSON: a piece of its own, not copied */
            add_part(w, NULL, seg, body->len - seg);
            add_part(w, w->geo_json[g].data, (size_t)-1, w->geo_json[g].len);
            seg = body->len;
        } else {
            /* the centres' facts behind a sum: in the territory's own
             * slice only (a region's slice would list every centre of
             * its provinces again) */
            for (size_t i = a->cell_start[g]; i < a->cell_end[g]; i++) {
                if (i > a->cell_start[g])
                    PUT_LIT(body, ",\n  ");
                put_cell(body, a, a->sorted[i], g == scope);
            }
        }
    }
    FOR_SCOPE_CELLS(i)
        synthetic |= (a->sorted[i]->flags & FLAG_SYNTHETIC) != 0;
    put_headlines(body, a, scope);
    PUT_LIT(body, "\n],\n\"measures\": [");
    n = 0;
    for (size_t gi = 0; gi < n_geos; gi++)
        for (size_t k = a->m_start[geos[gi]]; k < a->m_end[geos[gi]]; k++) {
            const measure_value *mv = &a->mvals[k];
            const cell *x = mv->x;
            if (n++)
                PUT_LIT(body, ",\n  ");
            else
                PUT_LIT(body, "\n  ");
            PUT_LIT(body, "{\"geo\":");
            put_plain(body, cat->geo[x->geo].code);
            PUT_LIT(body, ",\"period\":");
            json_put_string(body, a->cb.periods[x->period].code);
            PUT_LIT(body, ",\"programme\":");
            put_plain(body, cat->prog[x->prog].code);
            PUT_LIT(body, ",\"measure\":");
            put_plain(body, a->measures[mv->measure].code);
            PUT_LIT(body, ",\"value\":");
            put_num(body, mv->value);
            PUT_LIT(body, ",\"partial\":");
            put_bool(body, mv->partial);
            sb_putc(body, '}');
        }
    PUT_LIT(body, "\n],\n\"quality\": [");
    n = 0;
    size_t passes = 0;
    for (size_t gi = 0; gi < n_geos; gi++)
    for (size_t i = a->res_start[geos[gi]]; i < a->res_end[geos[gi]]; i++) {
        const rule_result *r = &a->results[i];
        if (r->pass) {
            passes++;
            continue;
        }
        if (n++)
            PUT_LIT(body, ",\n  ");
        else
            PUT_LIT(body, "\n  ");
        put_result(body, a, r);
    }
    PUT_LIT(body, "\n],\n\"quality_summary\": {\"failed\": ");
    put_int(body, (long long)n);
    PUT_LIT(body, ", \"passed\": ");
    put_int(body, (long long)passes);
    PUT_LIT(body, "},\n\"sources\": [");
    /* sources cited by this slice's cells */
    memset(w->cited, 0, a->cb.sources.count + 1);
    FOR_SCOPE_CELLS(i) {
        const cell *x = a->sorted[i];
        for (int r = 0; r < x->n_rep; r++)
            w->cited[x->rep[r].source] = 1;
        for (int k = 0; k < D_COUNT; k++)
            if (x->has & (1u << k)) {
                const srcset *ss = &cell_der(x, (derivation_kind)k)->src;
                for (int j = 0; j < ss->n; j++)
                    w->cited[ss->ids[j]] = 1;
            }
    }
    n = 0;
    for (size_t k = 0; k < a->n_src_json; k++) {
        if (a->src_cube_id[k] < 0 || !w->cited[a->src_cube_id[k]])
            continue;
        if (n++)
            PUT_LIT(body, ",\n  ");
        else
            PUT_LIT(body, "\n  ");
        sb_puts(body, a->src_json[k]);
    }
    PUT_LIT(body, "\n]\n}\n");

    /* header: identity of the scope, its children and periods */
    strbuf *sb = &w->head;
    sb_reset(sb);
    PUT_LIT(sb, "{\"format\": \"taawun-cube/1\",\n\"scope\": {\"code\": ");
    json_put_string(sb, t->code);
    PUT_LIT(sb, ", \"level\": ");
    put_plain(sb, geo_level_name(t->level));
    PUT_LIT(sb, ", \"name_ar\": ");
    json_put_string(sb, t->name_ar);
    PUT_LIT(sb, ", \"name_fr\": ");
    json_put_string(sb, t->name_fr);
    PUT_LIT(sb, ", \"parent\": ");
    if (t->parent >= 0)
        put_plain(sb, cat->geo[t->parent].code);
    else
        PUT_LIT(sb, "null");
    PUT_LIT(sb, "},\n\"children\": [");
    for (size_t k = 0; k < t->n_children; k++) {
        const territory *ch = &cat->geo[t->children[k]];
        int has = a->cell_end[t->children[k]] > a->cell_start[t->children[k]];
        if (k)
            PUT_LIT(sb, ",\n  {\"code\": ");
        else
            PUT_LIT(sb, "\n  {\"code\": ");
        json_put_string(sb, ch->code);
        PUT_LIT(sb, ", \"name_ar\": ");
        json_put_string(sb, ch->name_ar);
        PUT_LIT(sb, ", \"name_fr\": ");
        json_put_string(sb, ch->name_fr);
        PUT_LIT(sb, ", \"has_data\": ");
        put_bool(sb, has);
        sb_putc(sb, '}');
    }
    PUT_LIT(sb, "\n],\n\"periods\": [");
    /* periods with data in this scope, in time order */
    memset(w->seen, 0, (a->cb.n_periods + 1) * sizeof *w->seen);
    size_t n_order = 0;
    FOR_SCOPE_CELLS(i)
        if (!w->seen[a->sorted[i]->period]++)
            w->order[n_order++] = a->sorted[i]->period;
    qsort_r(w->order, n_order, sizeof *w->order, cmp_period_index, a->cb.periods);
    for (size_t k = 0; k < n_order; k++) {
        int p = w->order[k];
        if (k)
            PUT_LIT(sb, ", ");
        PUT_LIT(sb, "{\"code\": ");
        json_put_string(sb, a->cb.periods[p].code);
        PUT_LIT(sb, ", \"kind\": ");
        put_plain(sb, period_kind_name(a->cb.periods[p].per.kind));
        sb_putc(sb, '}');
    }
    char version[17];
    static const char hex[] = "0123456789abcdef";
    add_part(w, NULL, seg, body->len - seg);
    uint64_t h = FNV_START;
    for (size_t k = 0; k < w->n_parts; k++) {
        if (w->seg_off[k] != (size_t)-1)
            w->parts[k].p = body->data + w->seg_off[k];   /* body is complete: no more moves */
        h = fnv(h, w->parts[k].p, w->parts[k].n);
    }
    for (int k = 15; k >= 0; k--, h >>= 4)
        version[k] = hex[h & 15];
    version[16] = '\0';
    PUT_LIT(sb, "],\n\"synthetic\": ");
    put_bool(sb, synthetic);
    PUT_LIT(sb, ",\n\"data_version\": \"");
    sb_put(sb, version, 16);
    PUT_LIT(sb, "\",\n");
#undef FOR_SCOPE_CELLS
    free(geos);

    sb_reset(&w->path);
    sb_printf(&w->path, "%s/cube/%s.json", dir, t->code);
    /* the header first: make room for it in front of the body's pieces */
    add_part(w, NULL, 0, 0);
    memmove(w->parts + 1, w->parts, (w->n_parts - 1) * sizeof *w->parts);
    w->parts[0] = (atomic_piece){sb->data, sb->len};
    return write_parts_if_changed(w->path.data, w->parts, w->n_parts);
}

/* The slices are written by a few threads (each slice on its own: the
 * cube is only read); which thread writes which does not change a byte.
 * A unit of work is a scope with the scopes among its children (a region
 * and its provinces): each child's slice is written, then its cells as
 * the parent shows them are kept for the parent's slice. */
typedef struct {
    int scope;
    int *children;           /* scopes written before it, their JSON kept */
    size_t n_children;
    size_t *index;           /* positions of scope and children in the scope list */
} slice_unit;

typedef struct {
    const aggregate *a;
    const char *dir;
    slice_unit *units;
    size_t n_units;
    int *changed;            /* per position in the scope list */
    size_t next;             /* next unit to take (under lock) */
    pthread_mutex_t lock;
} slice_jobs;

static void *slice_thread(void *arg)
{
    slice_jobs *j = arg;
    slice_writer w;
    slice_writer_init(&w, j->a);
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t k = j->next++;
        pthread_mutex_unlock(&j->lock);
        if (k >= j->n_units)
            break;
        const slice_unit *u = &j->units[k];
        for (size_t c = 0; c < u->n_children; c++) {
            j->changed[u->index[c + 1]] = write_slice(j->a, u->children[c], j->dir, &w);
            child_cells_json(j->a, &w, u->children[c], 1);
        }
        j->changed[u->index[0]] = write_slice(j->a, u->scope, j->dir, &w);
        slice_writer_drop(&w, j->a);
    }
    slice_writer_free(&w, j->a);
    return NULL;
}

/* Writes the slices of scopes[0..n); returns how many changed. */
size_t write_slices(const aggregate *a, const int *scopes, size_t n, const char *dir)
{
    const catalog *cat = &a->cat;
    /* position of each territory in the scope list, -1 when not a scope */
    long *pos = xmalloc((cat->n_geo + 1) * sizeof *pos);
    for (size_t g = 0; g < cat->n_geo; g++)
        pos[g] = -1;
    for (size_t k = 0; k < n; k++)
        pos[scopes[k]] = (long)k;
    /* a scope goes with its parent's unit when the parent is a scope with a
     * parent of its own (a region: the country's children are not kept,
     * the regions' own cells are few) */
    slice_unit *units = xcalloc(n + 1, sizeof *units);
    long *unit_of = xmalloc((cat->n_geo + 1) * sizeof *unit_of);
    size_t n_units = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            int g = scopes[k], parent = cat->geo[g].parent;
            int joins = parent >= 0 && pos[parent] >= 0 && cat->geo[parent].parent >= 0
                        && cat->geo[cat->geo[parent].parent].parent < 0;   /* its unit is made in pass 0 */
            if (pass == 0 && !joins) {
                slice_unit *u = &units[n_units];
                unit_of[g] = (long)n_units++;
                u->scope = g;
                u->children = xcalloc(n + 1, sizeof *u->children);
                u->index = xcalloc(n + 2, sizeof *u->index);
                u->index[0] = k;
            } else if (pass == 1 && joins) {
                slice_unit *u = &units[unit_of[parent]];
                u->children[u->n_children] = g;
                u->index[++u->n_children] = k;
            }
        }
    free(unit_of);
    slice_jobs j = {.a = a, .dir = dir, .units = units, .n_units = n_units};
    j.changed = xcalloc(n + 1, sizeof *j.changed);
    pthread_mutex_init(&j.lock, NULL);
    int nt = taawun_threads();
    if ((size_t)nt > n_units)
        nt = n_units ? (int)n_units : 1;
    pthread_t th[TAAWUN_MAX_THREADS];
    int started = 0;
    for (int k = 1; k < nt; k++)
        if (pthread_create(&th[started], NULL, slice_thread, &j) == 0)
            started++;
    slice_thread(&j);
    for (int k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&j.lock);
    size_t changed = 0;
    for (size_t k = 0; k < n; k++)
        changed += (size_t)j.changed[k];
    for (size_t k = 0; k < n_units; k++) {
        free(units[k].children);
        free(units[k].index);
    }
    free(units);
    free(j.changed);
    free(pos);
    return changed;
}

void write_quality(aggregate *a, const char *dir)
{
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "{\"format\": \"taawun-quality/1\",\n\"facts\": %zu, \"cells\": %zu, \"rules_checked\": %zu, \"rules_skipped\": %zu,\n",
              a->cb.n_facts, a->n_sorted, a->n_results, a->n_skipped);
    sb_puts(&sb, "\"failed_rules\": [");
    size_t n = 0;
    for (size_t i = 0; i < a->n_results; i++) {
        if (a->results[i].pass)
            continue;
        sb_puts(&sb, n++ ? ",\n  " : "\n  ");
        put_result(&sb, a, &a->results[i]);
    }
    sb_puts(&sb, "\n],\n\"flagged_cells\": [");
    n = 0;
    for (size_t i = 0; i < a->n_sorted; i++) {
        const cell *x = a->sorted[i];
        if (!(x->flags & (FLAG_DIFFERS | FLAG_PARTS_EXCEED | FLAG_CONFLICT | FLAG_DERIVED_DIFFER)))
            continue;
        sb_puts(&sb, n++ ? ",\n  " : "\n  ");
        put_cell(&sb, a, x, 1);
    }
    sb_puts(&sb, "\n]}\n");
    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/quality.json", dir);
    write_if_changed(path.data, &sb);
    sb_free(&path);
    sb_free(&sb);
}
