#include "reader.h"
#include "ordered.h"
#include "json.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

const char *reader_input_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

/* The name facts and sources record for the file read: its name inside
 * INPUT (reader.name, set by ingest), else its base name. */
#define REC_NAME(g, path) ((g)->name ? (g)->name : reader_input_name(path))

static int add_source(reader *g, const char *id)
{
    int k = strmap_get(&g->src_by_id, id);
    if (k >= 0)
        return k;
    if (g->n_src == g->cap_src) {
        g->cap_src = g->cap_src ? 2 * g->cap_src : 16;
        g->src = xrealloc(g->src, g->cap_src * sizeof *g->src);
    }
    source_rec *s = &g->src[g->n_src];
    memset(s, 0, sizeof *s);
    s->id = xstrdup(id);
    s->synthetic = strncmp(id, "synthetic", 9) == 0;
    strmap_put(&g->src_by_id, id, (int)g->n_src);
    return (int)g->n_src++;
}

/* Cross-checks geo_as_reported against geo; a mismatch is most likely an
 * extraction mistake, but the figure itself may be right: warn. */
static void check_as_reported(const catalog *c, diag *d, const fact *f)
{
    if (f->reported_geo < 0 || f->geo < 0)
        return;
    const territory *r = &c->geo[f->reported_geo];
    int ok = f->reported_geo == f->geo || r->region_2015 == f->geo;
    for (size_t k = 0; !ok && k < r->n_members; k++)
        ok = c->geo[r->members[k]].parent == f->geo || r->members[k] == f->geo;
    if (!ok)
        diag_warning(d, f->line, 1, "geo_as_reported", "'%s' names %s (%s), which does not lie in geo %s",
                     f->geo_as_reported, r->code, r->name_fr, c->geo[f->geo].code);
}

static void emit_fact(reader *g, fact *f, int src)
{
    check_as_reported(g->cat, g->d, f);
    g->src[src].facts++;
    g->n_facts++;
    if (g->sink)
        g->sink(g->sink_arg, f);
    if (g->format) {
        g->format(g->out_arg, &g->out, f);
        if (g->out.len >= ((size_t)1 << 20))
            reader_flush(g);
    }
}

void reader_flush(reader *g)
{
    if (g->write && g->out.len)
        g->write(g->out_arg, g->out.data, g->out.len);
    sb_reset(&g->out);
}

static void locate(fact_origin *o)
{
    if (!o->located) {
        json_locate(&o->loc, o->text, o->root);
        o->located = 1;
    }
}

static void located_error(fact_origin *o, const cJSON *node, int at_key, const char *field, const char *msg)
{
    locate(o);
    size_t line, col;
    json_position(&o->loc, node, at_key, &line, &col);
    diag_error(o->d, line, col, field, "%s", msg);
}

static char *opt_string(fact_origin *o, const cJSON *obj, const char *key, int required, size_t *errs)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required) {
            located_error(o, obj, 0, key, "missing (expected a string in the document's source)");
            (*errs)++;
        }
        return NULL;
    }
    if (!cJSON_IsString(v) || (required && !*v->valuestring)) {
        char msg[128];
        snprintf(msg, sizeof msg, "is %s (expected a non-empty string)", json_type_name(v));
        located_error(o, v, 0, key, msg);
        (*errs)++;
        return NULL;
    }
    if (!fact_text_ok(o, v, key, 0)) {
        (*errs)++;
        return NULL;
    }
    return xstrdup(v->valuestring);
}

void reader_document(reader *g, const char *path, const char *text, size_t len)
{
    cJSON *root = json_parse_checked(g->d, text, len, 1);
    if (!root)
        return;
    fact_origin o = {.d = g->d, .text = text, .root = root, .base_line = 1};
    size_t errs = 0;
    if (!cJSON_IsObject(root)) {
        located_error(&o, root, 0, "(document)", "is not a JSON object (expected {\"format\", \"source\", \"facts\"})");
        goto done;
    }
    const cJSON *dup = json_duplicate_key(root);
    if (dup)
        located_error(&o, dup, 1, dup->string, "duplicate key (expected each field once)");
    for (const cJSON *m = root->child; m; m = m->next)
        if (strcmp(m->string, "format") && strcmp(m->string, "source") && strcmp(m->string, "facts") &&
            strncmp(m->string, "x_", 2))
            located_error(&o, m, 1, m->string, "unknown field (expected format, source, facts or an x_ extension)");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!fmt) {
        located_error(&o, root, 0, "format", "missing (expected \"entraide-facts/1\")");
        goto done;
    }
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "entraide-facts/1") != 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "unsupported format %s%.60s%s (expected \"entraide-facts/1\")",
                 cJSON_IsString(fmt) ? "'" : "", cJSON_IsString(fmt) ? fmt->valuestring : json_type_name(fmt),
                 cJSON_IsString(fmt) ? "'" : "");
        located_error(&o, fmt, 0, "format", msg);
        goto done;
    }
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "source");
    if (!cJSON_IsObject(src)) {
        located_error(&o, src ? src : root, 0, "source", "missing or not an object (expected {\"id\", \"title\", ...})");
        goto done;
    }
    if ((dup = json_duplicate_key(src)))
        located_error(&o, dup, 1, dup->string, "duplicate key (expected each field once)");
    for (const cJSON *m = src->child; m; m = m->next)
        if (strcmp(m->string, "id") && strcmp(m->string, "title") && strcmp(m->string, "publisher") &&
            strcmp(m->string, "url") && strcmp(m->string, "published") &&
            strcmp(m->string, "lang") && strcmp(m->string, "file") && strncmp(m->string, "x_", 2))
            located_error(&o, m, 1, m->string, "unknown field in source (expected id, title, publisher, url, "
                          "published, lang, file or an x_ extension)");
    char *id = opt_string(&o, src, "id", 1, &errs);
    char *title = opt_string(&o, src, "title", 0, &errs);
    char *publisher = opt_string(&o, src, "publisher", 0, &errs);
    char *url = opt_string(&o, src, "url", 0, &errs);
    char *published = opt_string(&o, src, "published", 0, &errs);
    char *lang = opt_string(&o, src, "lang", 0, &errs);
    char *file = opt_string(&o, src, "file", 0, &errs);
    if (published) {
        /* press clippings are often dated to the month or the year only */
        period p;
        const char *why;
        if (period_parse(published, &p, &why) != 0 || p.kind == PERIOD_SEASON)
            located_error(&o, cJSON_GetObjectItemCaseSensitive(src, "published"), 0, "published",
                          "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    }
    if (url && ((strncmp(url, "https://", 8) && strncmp(url, "http://", 7)) || strpbrk(url, " \t\n\"<>")))
        located_error(&o, cJSON_GetObjectItemCaseSensitive(src, "url"), 0, "url",
                      "not a web address (expected http:// or https:// and an address without spaces)");
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(root, "facts");
    if (!cJSON_IsArray(facts))
        located_error(&o, facts ? facts : root, 0, "facts", "missing or not an array (expected an array of facts)");
    if (!id) {
        free(title); free(publisher); free(url); free(published); free(lang); free(file);
        goto done;
    }
    int si = strmap_get(&g->src_by_id, id);
    if (si >= 0 && !g->src[si].stream) {
        char msg[512];
        snprintf(msg, sizeof msg, "source id '%.200s' already used by %.200s (expected one document per source)",
                 id, g->src[si].path ? g->src[si].path : g->src[si].input);
        located_error(&o, cJSON_GetObjectItemCaseSensitive(src, "id"), 0, "id", msg);
    }
    si = add_source(g, id);
    source_rec *s = &g->src[si];
    if (!s->input) {
        s->title = title; s->publisher = publisher; s->url = url;
        s->published = published; s->lang = lang; s->file = file;
        s->input = xstrdup(REC_NAME(g, path));
        s->path = xstrdup(path);
        s->synthetic |= cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(src, "x_synthetic"));
    } else {
        free(title); free(publisher); free(url); free(published); free(lang); free(file);
    }
    size_t n = 0, cur_off = 0, cur_line = 1;
    const cJSON *fo;
    cJSON_ArrayForEach(fo, facts) {
        fact f;
        size_t e = fact_from_json(&f, fo, id, g->cat, &o, &g->ext);
        if (e == 0) {
            f.file = REC_NAME(g, path);
            locate(&o);
            /* facts come in text order: count lines incrementally */
            for (size_t off = json_offset(&o.loc, fo, 0); cur_off < off; cur_off++)
                cur_line += text[cur_off] == '\n';
            f.line = cur_line;
            if (g->d->total_errors == 0)
                emit_fact(g, &f, si);
        }
        n++;
    }
    if (cJSON_IsArray(facts) && n == 0)
        diag_warning(g->d, 1, 1, "facts", "document holds no facts");
    free(id);
done:
    fact_origin_free(&o);
    cJSON_Delete(root);
}

static void line_parser_init(line_parser *lp, const catalog *cat, diag *d)
{
    memset(lp, 0, sizeof *lp);
    lp->cat = cat;
    lp->d = d;
    sb_init(&lp->ext);
}

/* Releases what the last line's fact points into. */
static void line_parser_done(line_parser *lp)
{
    fact_origin_free(&lp->o);
    json_scratch_drop(&lp->sc, lp->obj);   /* the tree's nodes: the whole scratch is free again */
    lp->obj = NULL;
}

static void line_parser_free(line_parser *lp)
{
    line_parser_done(lp);
    json_scratch_free(&lp->sc);
    sb_free(&lp->ext);
}

/* One line of a stream file (line[len] may be overwritten): 1 with *f when
 * it holds a valid fact (its strings valid until the next line), 0 when
 * blank or invalid (every problem reported through lp->d). */
static int parse_line(line_parser *lp, size_t lineno, char *line, size_t len, fact *f)
{
    line_parser_done(lp);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    line[len] = '\0';
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t'))
        k++;
    if (k == len)
        return 0;   /* blank lines are allowed */
    json_scratch_enter(&lp->sc);   /* the line's tree: no malloc per node */
    cJSON *obj = json_parse_checked(lp->d, line, len, lineno);
    json_scratch_leave();
    if (!obj)
        return 0;
    lp->obj = obj;
    lp->o = (fact_origin){.d = lp->d, .text = line, .root = obj, .base_line = lineno};
    return fact_from_json(f, obj, NULL, lp->cat, &lp->o, &lp->ext) == 0;
}

void reader_stream_line(reader *g, const char *path, size_t lineno, char *line, size_t len)
{
    fact f;
    if (parse_line(&g->lp, lineno, line, len, &f)) {
        f.file = REC_NAME(g, path);
        f.line = lineno;
        /* runs of lines share a source: remember the last one */
        if (g->last_si < 0 || strcmp(f.source, g->src[g->last_si].id) != 0) {
            g->last_si = add_source(g, f.source);
            if (!g->src[g->last_si].input) {
                g->src[g->last_si].input = xstrdup(REC_NAME(g, path));
                g->src[g->last_si].path = xstrdup(path);
                g->src[g->last_si].stream = 1;
            }
        }
        if (g->d->total_errors == 0)
            emit_fact(g, &f, g->last_si);
    }
    line_parser_done(&g->lp);
}

static void size_error(diag *d, size_t lineno, size_t total, size_t max)
{
    diag_error(d, lineno, 1, "(size)",
               "line of %zu bytes is over the limit of %zu bytes (expected one fact per line, at most %zu bytes)",
               total, max, max);
}

/* Reads a stream file line by line through one buffer of max_line + 2
 * bytes: a line that fits is handed over in place; a longer one is skipped
 * (counted, never held whole) and reported. */
static void read_stream(reader *g, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_error(g->d, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return;
    }
    size_t max = g->max_line, cap = max + 2;   /* the line, its '\n', a NUL */
    char *buf = xmalloc(cap);
    size_t start = 0, end = 0, lineno = 0, nonblank = 0;
    int eof = 0;
    for (;;) {
        char *nl = memchr(buf + start, '\n', end - start);
        size_t n = nl ? (size_t)(nl - (buf + start)) : end - start;   /* without the '\n' */
        if (n > max) {
            /* too long: count the rest of it without keeping it */
            size_t total = n;
            if (!nl) {
                start = end = 0;
                for (;;) {
                    size_t got = fread(buf, 1, cap - 1, fp);
                    if (got == 0) {
                        eof = 1;
                        break;
                    }
                    char *e = memchr(buf, '\n', got);
                    if (e) {
                        total += (size_t)(e - buf);
                        start = (size_t)(e - buf) + 1;
                        end = got;
                        break;
                    }
                    total += got;
                }
            } else {
                start = (size_t)(nl - buf) + 1;   /* (not with cap = max + 2: kept for safety) */
            }
            lineno++;
            nonblank++;
            size_error(g->d, lineno, total, max);
            if (eof && start >= end)
                break;
            continue;
        }
        if (nl || (eof && end > start)) {
            char *line = buf + start;
            size_t len = nl ? n + 1 : n;
            start += len;
            lineno++;
            if (g->progress && lineno % 200000 == 0)
                fprintf(stderr, "\r%s: %s: %zu lines", progname, path, lineno);
            for (size_t k = 0; k < n; k++)
                if (line[k] != ' ' && line[k] != '\t' && line[k] != '\r') {
                    nonblank++;
                    break;
                }
            reader_stream_line(g, path, lineno, line, len);
            continue;
        }
        if (eof)
            break;
        /* no whole line left in the buffer: move the part to the front, read more */
        if (start > 0) {
            memmove(buf, buf + start, end - start);
            end -= start;
            start = 0;
        }
        size_t got = fread(buf + end, 1, cap - 1 - end, fp);
        if (got == 0)
            eof = 1;
        end += got;
    }
    if (g->progress && lineno >= 200000)
        fputc('\n', stderr);
    if (ferror(fp))
        diag_error(g->d, lineno, 0, NULL, "read error: %s", strerror(errno));
    else if (nonblank == 0)
        diag_error(g->d, 1, 1, "(json)", "empty input (expected one fact object per line)");
    free(buf);
    fclose(fp);
}

/* ---- stream files in parallel ------------------------------------------
 * The reading thread cuts the file into batches of whole lines (about
 * 1 MiB) and numbers their lines; worker threads parse and check them,
 * formatting each valid fact into the batch's bytes and recording its
 * problems (diag recording) and sources; the reading thread takes the
 * batches back in input order: problems replayed, sources registered,
 * bytes written.  So the output, the messages and their order are those of
 * read_stream, whatever the threads and their timing.  Memory: a ring of
 * 2 x threads + 2 batches. */

#define BATCH_BYTES ((size_t)1 << 20)

typedef struct {
    /* set by the reading thread */
    char *in;
    size_t cap, len;
    size_t first_line;       /* number of the line before its first */
    size_t size_error;       /* > 0: one line over the limit, of that many bytes (in unused) */
    size_t record_base;      /* errors of the file taken back before it was queued */
    /* set by the worker */
    strbuf out, rec;
    strbuf src_ids;          /* ids of the sources of its valid facts, NUL-separated, first-seen order */
    size_t *src_off, *src_facts;
    size_t n_src, cap_src, last_src;
    strmap src_map;          /* id -> index, beyond the last one */
    size_t lines, nonblank;
} batch;

/* The stream reading job (ordered.h): batches cut by this thread, parsed
 * and checked by the workers, taken back in input order. */
typedef struct stream_cut stream_cut;
typedef struct {
    reader *g;
    const char *path;
    batch *b;
    int errors_seen;         /* the output will be dropped: workers need not format */
    stream_cut *cut;
    size_t lines, nonblank;  /* of the batches taken back */
} stream_pool;

/* The batch's index of a source id, adding it. */
static size_t batch_source(batch *b, const char *id)
{
    if (b->n_src && strcmp(b->src_ids.data + b->src_off[b->last_src], id) == 0)
        return b->last_src;
    int k = b->n_src ? strmap_get(&b->src_map, id) : -1;
    if (k < 0) {
        if (b->n_src == b->cap_src) {
            b->cap_src = b->cap_src ? 2 * b->cap_src : 8;
            b->src_off = xrealloc(b->src_off, b->cap_src * sizeof *b->src_off);
            b->src_facts = xrealloc(b->src_facts, b->cap_src * sizeof *b->src_facts);
        }
        k = (int)b->n_src++;
        b->src_off[k] = b->src_ids.len;
        b->src_facts[k] = 0;
        sb_put(&b->src_ids, id, strlen(id) + 1);
        strmap_put(&b->src_map, id, k);
    }
    b->last_src = (size_t)k;
    return (size_t)k;
}

typedef struct {
    stream_pool *pool;
    line_parser lp;
    diag d;
} stream_worker;

static void work_batch(stream_worker *w, batch *b)
{
    reader *g = w->pool->g;
    const char *path = w->pool->path;
    size_t max = g->max_line;
    sb_reset(&b->out);
    sb_reset(&b->rec);
    sb_reset(&b->src_ids);
    strmap_free(&b->src_map);
    strmap_init(&b->src_map);
    b->n_src = b->lines = b->nonblank = 0;
    diag_init(&w->d, g->d->cap);
    w->d.record = &b->rec;
    w->d.record_base = b->record_base;
    if (b->size_error) {
        b->lines = b->nonblank = 1;
        size_error(&w->d, b->first_line + 1, b->size_error, max);
        return;
    }
    int skip_output = __atomic_load_n(&w->pool->errors_seen, __ATOMIC_RELAXED);
    size_t lineno = b->first_line, start = 0;
    while (start < b->len) {
        char *line = b->in + start;
        char *nl = memchr(line, '\n', b->len - start);
        size_t n = nl ? (size_t)(nl - line) : b->len - start;   /* without the '\n' */
        size_t len = nl ? n + 1 : n;
        start += len;
        lineno++;
        b->lines++;
        if (n > max) {
            b->nonblank++;
            size_error(&w->d, lineno, n, max);
            continue;
        }
        for (size_t k = 0; k < n; k++)
            if (line[k] != ' ' && line[k] != '\t' && line[k] != '\r') {
                b->nonblank++;
                break;
            }
        fact f;
        if (!parse_line(&w->lp, lineno, line, len, &f))
            continue;
        f.file = REC_NAME(g, path);
        f.line = lineno;
        size_t si = batch_source(b, f.source);
        if (w->d.total_errors == 0 && !skip_output) {
            check_as_reported(g->cat, &w->d, &f);
            g->format(g->out_arg, &b->out, &f);
            b->src_facts[si]++;
        }
    }
    line_parser_done(&w->lp);
}

/* Number of line feeds in s[0..n), eight bytes at a time. */
static size_t count_newlines(const char *s, size_t n)
{
    size_t c = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t t = w ^ 0x0A0A0A0A0A0A0A0Aull;   /* zero bytes where '\n' */
        uint64_t y = ((t & 0x7F7F7F7F7F7F7F7Full) + 0x7F7F7F7F7F7F7F7Full) | t;
        /* one high bit per line feed: add them up with a multiply (no popcnt
         * instruction in the baseline x86-64 the build targets) */
        c += (size_t)((((~y & 0x8080808080808080ull) >> 7) * 0x0101010101010101ull) >> 56);
    }
    for (; i < n; i++)
        c += s[i] == '\n';
    return c;
}

/* The reading thread's state while cutting a file into batches. */
struct stream_cut {
    FILE *fp;
    int eof;
    char *carry;             /* the start of a line the last batch did not hold */
    size_t carry_len, lines;
};

/* Fills batch b with the next whole lines; 0 when the input is done. */
static int fill_batch(reader *g, stream_cut *c, batch *b)
{
    size_t max = g->max_line;
    if (!b->in) {
        b->cap = BATCH_BYTES > max + 2 ? BATCH_BYTES : max + 2;
        b->in = xmalloc(b->cap);
    }
    if (c->eof && c->carry_len == 0)
        return 0;
    memcpy(b->in, c->carry, c->carry_len);
    b->len = c->carry_len;
    c->carry_len = 0;
    b->size_error = 0;
    b->first_line = c->lines;
    while (!c->eof && b->len < b->cap - 1) {
        size_t got = fread(b->in + b->len, 1, b->cap - 1 - b->len, c->fp);
        if (got == 0)
            c->eof = 1;
        b->len += got;
    }
    if (b->len == 0)
        return 0;
    char *nl = memrchr(b->in, '\n', b->len);
    if (nl) {
        /* whole lines; the rest waits for the next batch */
        size_t keep = (size_t)(nl - b->in) + 1;
        c->carry_len = b->len - keep;
        memcpy(c->carry, b->in + keep, c->carry_len);
        b->len = keep;
    } else if (!c->eof) {
        /* cap - 1 > max_line bytes and no line end: too long; count the
         * rest of it without keeping it */
        size_t total = b->len;
        for (;;) {
            size_t got = fread(b->in, 1, b->cap - 1, c->fp);
            if (got == 0) {
                c->eof = 1;
                break;
            }
            char *e = memchr(b->in, '\n', got);
            if (e) {
                total += (size_t)(e - b->in);
                c->carry_len = got - (size_t)(e - b->in) - 1;
                memcpy(c->carry, e + 1, c->carry_len);
                break;
            }
            total += got;
        }
        b->size_error = total;
        b->len = 0;
        c->lines++;
        return 1;
    }
    /* (no line end at the end of the file: the last line, whole) */
    c->lines += count_newlines(b->in, b->len) + (b->in[b->len - 1] != '\n');
    return 1;
}

/* Takes a worked batch back: its problems, sources and bytes, in order. */
static void commit_batch(stream_pool *p, batch *b)
{
    reader *g = p->g;
    if (g->progress)
        for (size_t k = (b->first_line / 200000 + 1) * 200000; k <= b->first_line + b->lines; k += 200000)
            fprintf(stderr, "\r%s: %s: %zu lines", progname, p->path, k);
    diag_replay(g->d, b->rec.data, b->rec.len);
    for (size_t k = 0; k < b->n_src; k++) {
        int si = add_source(g, b->src_ids.data + b->src_off[k]);
        if (!g->src[si].input) {
            g->src[si].input = xstrdup(REC_NAME(g, p->path));
            g->src[si].path = xstrdup(p->path);
            g->src[si].stream = 1;
        }
        g->src[si].facts += b->src_facts[k];
        g->n_facts += b->src_facts[k];
    }
    if (g->d->total_errors == 0) {
        if (b->out.len) {
            reader_flush(g);   /* facts of documents read before come first */
            g->write(g->out_arg, b->out.data, b->out.len);
        }
    } else {
        __atomic_store_n(&p->errors_seen, 1, __ATOMIC_RELAXED);
    }
    p->lines += b->lines;
    p->nonblank += b->nonblank;
    /* a batch of unusual lines may have grown its buffers: do not keep that */
    if (b->out.cap > 4 * BATCH_BYTES)
        sb_free(&b->out), sb_init(&b->out);
    if (b->rec.cap > 4 * BATCH_BYTES)
        sb_free(&b->rec), sb_init(&b->rec);
}

static int fill_slot(void *ctx, size_t slot)
{
    stream_pool *p = ctx;
    batch *b = &p->b[slot];
    b->record_base = p->g->d->errors;
    return fill_batch(p->g, p->cut, b);
}

static void work_slot(void *ctx, void *state, size_t slot)
{
    stream_pool *p = ctx;
    work_batch(state, &p->b[slot]);
}

static void take_slot(void *ctx, size_t slot)
{
    stream_pool *p = ctx;
    commit_batch(p, &p->b[slot]);
}

static void read_stream_parallel(reader *g, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_error(g->d, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return;
    }
    int nt = g->threads;
    size_t max = g->max_line;
    stream_cut c = {.fp = fp};
    c.carry = xmalloc((BATCH_BYTES > max + 2 ? BATCH_BYTES : max + 2));
    stream_pool p = {.g = g, .path = path, .cut = &c};
    stream_worker *w = xcalloc((size_t)nt, sizeof *w);
    void **states = xcalloc((size_t)nt, sizeof *states);
    for (int k = 0; k < nt; k++) {
        w[k].pool = &p;
        line_parser_init(&w[k].lp, g->cat, &w[k].d);
        states[k] = &w[k];
    }
    ordered_job job = {.ctx = &p, .n_slots = 2 * (size_t)nt + 2, .threads = nt, .worker_state = states,
                       .fill = fill_slot, .work = work_slot, .take = take_slot};
    p.b = xcalloc(job.n_slots, sizeof *p.b);
    for (size_t k = 0; k < job.n_slots; k++) {
        sb_init(&p.b[k].out);
        sb_init(&p.b[k].rec);
        sb_init(&p.b[k].src_ids);
        strmap_init(&p.b[k].src_map);
    }
    ordered_run(&job);
    if (g->progress && p.lines >= 200000)
        fputc('\n', stderr);
    if (ferror(fp))
        diag_error(g->d, p.lines, 0, NULL, "read error: %s", strerror(errno));
    else if (p.nonblank == 0)
        diag_error(g->d, 1, 1, "(json)", "empty input (expected one fact object per line)");
    for (int k = 0; k < nt; k++)
        line_parser_free(&w[k].lp);
    for (size_t k = 0; k < job.n_slots; k++) {
        batch *b = &p.b[k];
        free(b->in);
        sb_free(&b->out);
        sb_free(&b->rec);
        sb_free(&b->src_ids);
        strmap_free(&b->src_map);
        free(b->src_off);
        free(b->src_facts);
    }
    free(p.b);
    free(w);
    free(states);
    free(c.carry);
    fclose(fp);
}

/* Reads a document file whole, unless it is over max_document bytes. */
static char *read_document(reader *g, const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_error(g->d, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return NULL;
    }
    size_t max = g->max_document;
    struct stat st;
    strbuf sb;
    sb_init(&sb);
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((unsigned long long)st.st_size > max) {
            diag_error(g->d, 0, 0, "(size)",
                       "document file of %lld bytes is over the limit of %zu bytes (expected a smaller document; "
                       "put bulk facts in a stream file, *.ndjson, one fact per line)",
                       (long long)st.st_size, max);
            sb_free(&sb);
            fclose(fp);
            return NULL;
        }
        sb_reserve(&sb, (size_t)st.st_size);
    }
    char chunk[1 << 16];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (sb.len + n > max) {
            diag_error(g->d, 0, 0, "(size)",
                       "document file is over the limit of %zu bytes (expected a smaller document; "
                       "put bulk facts in a stream file, *.ndjson, one fact per line)", max);
            sb_free(&sb);
            fclose(fp);
            return NULL;
        }
        sb_put(&sb, chunk, n);
    }
    if (ferror(fp)) {
        diag_error(g->d, 0, 0, NULL, "cannot read: %s", strerror(EIO));
        sb_free(&sb);
        fclose(fp);
        return NULL;
    }
    fclose(fp);
    *len = sb.len;
    return sb.data;
}

void reader_file(reader *g, const char *path)
{
    diag_file(g->d, path);
    g->last_si = -1;
    if (str_ends_with(path, ".ndjson")) {
        if (g->format && g->threads > 1)
            read_stream_parallel(g, path);
        else
            read_stream(g, path);
        return;
    }
    size_t len;
    char *text = read_document(g, path, &len);
    if (!text)
        return;
    reader_document(g, path, text, len);
    free(text);
}

void reader_init(reader *r, const catalog *cat, diag *d, fact_sink sink, void *arg)
{
    memset(r, 0, sizeof *r);
    r->cat = cat;
    r->d = d;
    r->sink = sink;
    r->sink_arg = arg;
    r->last_si = -1;
    r->max_document = READER_MAX_DOCUMENT;
    r->max_line = READER_MAX_LINE;
    strmap_init(&r->src_by_id);
    sb_init(&r->ext);
    line_parser_init(&r->lp, cat, d);
    r->threads = 1;
    sb_init(&r->out);
}

void reader_set_output(reader *r, fact_format format, bytes_sink write, void *arg, int threads)
{
    r->format = format;
    r->write = write;
    r->out_arg = arg;
    r->threads = threads < 1 ? 1 : threads;
}

void reader_free(reader *r)
{
    for (size_t i = 0; i < r->n_src; i++) {
        source_rec *s = &r->src[i];
        free(s->id); free(s->title); free(s->publisher); free(s->url); free(s->published); free(s->lang); free(s->file);
        free(s->input); free(s->path);
    }
    free(r->src);
    strmap_free(&r->src_by_id);
    sb_free(&r->ext);
    line_parser_free(&r->lp);
    sb_free(&r->out);
    memset(r, 0, sizeof *r);
}
