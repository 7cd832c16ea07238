#include "reader.h"
#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

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
static void check_as_reported(reader *g, const fact *f)
{
    if (f->reported_geo < 0 || f->geo < 0)
        return;
    const catalog *c = g->cat;
    const territory *r = &c->geo[f->reported_geo];
    int ok = f->reported_geo == f->geo || r->region_2015 == f->geo;
    for (size_t k = 0; !ok && k < r->n_members; k++)
        ok = c->geo[r->members[k]].parent == f->geo || r->members[k] == f->geo;
    if (!ok)
        diag_warning(g->d, f->line, 1, "geo_as_reported", "'%s' names %s (%s), which does not lie in geo %s",
                     f->geo_as_reported, r->code, r->name_fr, c->geo[f->geo].code);
}

static void emit_fact(reader *g, fact *f, int src)
{
    check_as_reported(g, f);
    g->src[src].facts++;
    g->n_facts++;
    if (g->sink)
        g->sink(g->sink_arg, f);
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
        if (strcmp(m->string, "id") && strcmp(m->string, "title") && strcmp(m->string, "published") &&
            strcmp(m->string, "lang") && strcmp(m->string, "file") && strncmp(m->string, "x_", 2))
            located_error(&o, m, 1, m->string,
                          "unknown field in source (expected id, title, published, lang, file or an x_ extension)");
    char *id = opt_string(&o, src, "id", 1, &errs);
    char *title = opt_string(&o, src, "title", 0, &errs);
    char *published = opt_string(&o, src, "published", 0, &errs);
    char *lang = opt_string(&o, src, "lang", 0, &errs);
    char *file = opt_string(&o, src, "file", 0, &errs);
    if (published) {
        period p;
        const char *why;
        if (period_parse(published, &p, &why) != 0 || p.kind != PERIOD_DAY)
            located_error(&o, cJSON_GetObjectItemCaseSensitive(src, "published"), 0, "published",
                          "not a date (expected YYYY-MM-DD)");
    }
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(root, "facts");
    if (!cJSON_IsArray(facts))
        located_error(&o, facts ? facts : root, 0, "facts", "missing or not an array (expected an array of facts)");
    if (!id) {
        free(title); free(published); free(lang); free(file);
        goto done;
    }
    int si = strmap_get(&g->src_by_id, id);
    if (si >= 0 && !g->src[si].stream) {
        char msg[512];
        snprintf(msg, sizeof msg, "source id '%.200s' already used by %.200s (expected one document per source)",
                 id, g->src[si].input);
        located_error(&o, cJSON_GetObjectItemCaseSensitive(src, "id"), 0, "id", msg);
    }
    si = add_source(g, id);
    source_rec *s = &g->src[si];
    if (!s->input) {
        s->title = title; s->published = published; s->lang = lang; s->file = file;
        s->input = xstrdup(path);
        s->synthetic |= cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(src, "x_synthetic"));
    } else {
        free(title); free(published); free(lang); free(file);
    }
    size_t n = 0, cur_off = 0, cur_line = 1;
    const cJSON *fo;
    cJSON_ArrayForEach(fo, facts) {
        fact f;
        size_t e = fact_from_json(&f, fo, id, g->cat, &o, &g->ext);
        if (e == 0) {
            f.file = path;
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

void reader_stream_line(reader *g, const char *path, size_t lineno, char *line, size_t len)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    line[len] = '\0';
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t'))
        k++;
    if (k == len)
        return;   /* blank lines are allowed */
    cJSON *obj = json_parse_checked(g->d, line, len, lineno);
    if (!obj)
        return;
    fact_origin o = {.d = g->d, .text = line, .root = obj, .base_line = lineno};
    fact f;
    if (fact_from_json(&f, obj, NULL, g->cat, &o, &g->ext) == 0) {
        f.file = path;
        f.line = lineno;
        /* runs of lines share a source: remember the last one */
        if (g->last_si < 0 || strcmp(f.source, g->src[g->last_si].id) != 0) {
            g->last_si = add_source(g, f.source);
            if (!g->src[g->last_si].input) {
                g->src[g->last_si].input = xstrdup(path);
                g->src[g->last_si].stream = 1;
            }
        }
        if (g->d->total_errors == 0)
            emit_fact(g, &f, g->last_si);
    }
    fact_origin_free(&o);
    cJSON_Delete(obj);
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
            diag_error(g->d, lineno, 1, "(size)",
                       "line of %zu bytes is over the limit of %zu bytes (expected one fact per line, at most %zu bytes)",
                       total, max, max);
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
}

void reader_free(reader *r)
{
    for (size_t i = 0; i < r->n_src; i++) {
        source_rec *s = &r->src[i];
        free(s->id); free(s->title); free(s->published); free(s->lang); free(s->file); free(s->input);
    }
    free(r->src);
    strmap_free(&r->src_by_id);
    sb_free(&r->ext);
    memset(r, 0, sizeof *r);
}
