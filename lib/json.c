#include "json.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deepest nesting of arrays/objects, scanning past strings; also where the
 * first \u0000 escape inside a string is (cJSON would end the string there). */
static size_t max_depth(const char *s, size_t len, size_t *where, int *unclosed, size_t *nul_at)
{
    size_t depth = 0, maxd = 0;
    int in_str = 0;
    /* the only bytes that change the state: the rest is passed in a tight
     * loop (ingest runs this on every line) */
    static const unsigned char special[256] = {['"'] = 1, ['\\'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1};
    for (size_t i = 0; i < len; i++) {
        while (i < len && !special[(unsigned char)s[i]])
            i++;
        if (i == len)
            break;
        char c = s[i];
        if (in_str) {
            if (c == '\\') {
                if (*nul_at == (size_t)-1 && i + 5 < len && s[i + 1] == 'u' && s[i + 2] == '0' && s[i + 3] == '0' &&
                    s[i + 4] == '0' && s[i + 5] == '0')
                    *nul_at = i;
                i++;
            } else if (c == '"') {
                in_str = 0;
            }
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > maxd) {
                maxd = depth;
                if (depth > JSON_MAX_DEPTH && *where == (size_t)-1)
                    *where = i;
            }
        } else if (c == ']' || c == '}') {
            if (depth) depth--;
        }
    }
    *unclosed = in_str || depth > 0;
    return maxd;
}

static int only_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

cJSON *json_parse_checked(diag *d, const char *text, size_t len, size_t base_line)
{
    size_t line, col;
    size_t bad = utf8_invalid_at(text, len);
    if (bad < len) {
        text_position(text, bad, &line, &col);
        diag_error(d, base_line + line - 1, col, "(encoding)",
                   "invalid UTF-8 byte 0x%02X (expected UTF-8 text)", (unsigned char)text[bad]);
        return NULL;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        /* a raw NUL is valid UTF-8 but never JSON text: say so, rather
         * than let the parser stop there and call the file truncated */
        text_position(text, (size_t)(nul - text), &line, &col);
        diag_error(d, base_line + line - 1, col, "(encoding)",
                   "NUL byte (\\u0000): not a JSON text file (expected UTF-8 text without NUL bytes)");
        return NULL;
    }
    if (only_space(text, len)) {
        diag_error(d, base_line, 1, "(json)", "empty input (expected a JSON object)");
        return NULL;
    }
    size_t deep_at = (size_t)-1, nul_at = (size_t)-1;
    int unclosed = 0;
    if (max_depth(text, len, &deep_at, &unclosed, &nul_at) > JSON_MAX_DEPTH) {
        text_position(text, deep_at, &line, &col);
        diag_error(d, base_line + line - 1, col, "(json)",
                   "nesting deeper than %d levels (expected a flat fact record)", JSON_MAX_DEPTH);
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t off = end ? (size_t)(end - text) : 0;
        if (off > len) off = len;
        text_position(text, off, &line, &col);
        if (unclosed || off >= len || only_space(text + off, len - off)) {
            /* a string or bracket still open at the end: cut short */
            text_position(text, len, &line, &col);
            diag_error(d, base_line + line - 1, col, "(json)",
                       "unexpected end of input: the file is truncated (expected the rest of the JSON value)");
        } else
            diag_error(d, base_line + line - 1, col, "(json)",
                       "invalid JSON near '%.20s' (expected a JSON value, ',' or a closing bracket)",
                       text + off);
        return NULL;
    }
    if (end && !only_space(end, len - (size_t)(end - text))) {
        text_position(text, (size_t)(end - text), &line, &col);
        diag_error(d, base_line + line - 1, col, "(json)",
                   "extra text after the JSON value (expected one value per file or per line)");
        cJSON_Delete(root);
        return NULL;
    }
    if (nul_at != (size_t)-1) {
        text_position(text, nul_at, &line, &col);
        diag_error(d, base_line + line - 1, col, "(json)",
                   "\\u0000 (a NUL character) in a string (expected text without NUL characters)");
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* ---- locations ---------------------------------------------------------- */

static void record(json_locmap *m, const cJSON *node, size_t voff, size_t koff)
{
    if (m->count == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 256;
        m->nodes = xrealloc(m->nodes, m->cap * sizeof *m->nodes);
        m->value_off = xrealloc(m->value_off, m->cap * sizeof *m->value_off);
        m->key_off = xrealloc(m->key_off, m->cap * sizeof *m->key_off);
    }
    m->nodes[m->count] = node;
    m->value_off[m->count] = voff;
    m->key_off[m->count] = koff;
    m->count++;
}

static size_t ws(const char *s, size_t i)
{
    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
        i++;
    return i;
}

static size_t skip_string(const char *s, size_t i)
{
    i++; /* opening quote */
    while (s[i] && s[i] != '"') {
        if (s[i] == '\\' && s[i + 1]) i++;
        i++;
    }
    return s[i] ? i + 1 : i;
}

/* Walks the text in step with the cJSON tree (same order), recording offsets.
 * Only called on text cJSON accepted, whose depth we bounded. */
static size_t walk(json_locmap *m, const char *s, size_t i, const cJSON *node, size_t koff)
{
    i = ws(s, i);
    record(m, node, i, koff);
    if (s[i] == '{' || s[i] == '[') {
        int obj = s[i] == '{';
        char close = obj ? '}' : ']';
        i = ws(s, i + 1);
        const cJSON *c = node ? node->child : NULL;
        if (s[i] == close)
            return i + 1;
        for (;;) {
            size_t k = 0;
            i = ws(s, i);
            if (obj) {
                k = i;
                i = ws(s, skip_string(s, i));
                if (s[i] == ':') i++;
            }
            i = walk(m, s, i, c, k);
            if (c) c = c->next;
            i = ws(s, i);
            if (s[i] == ',') { i++; continue; }
            if (s[i] == close) i++;
            return i;
        }
    }
    if (s[i] == '"')
        return skip_string(s, i);
    while (s[i] && !strchr(",]} \t\r\n", s[i]))
        i++;
    return i;
}

void json_locate(json_locmap *m, const char *text, const cJSON *root)
{
    memset(m, 0, sizeof *m);
    m->text = text;
    size_t i = 0;
    if ((unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
        i = 3;
    walk(m, text, i, root, 0);
    /* index node pointers so look-ups stay O(1) in large documents */
    m->index_cap = 16;
    while (m->index_cap < 2 * m->count)
        m->index_cap *= 2;
    m->index = xcalloc(m->index_cap, sizeof *m->index);
    text_positions_init(&m->pos, text);
    for (size_t k = 0; k < m->count; k++) {
        if (!m->nodes[k])
            continue;
        size_t h = ((uintptr_t)m->nodes[k] >> 4) * 11400714819323198485ull & (m->index_cap - 1);
        while (m->index[h])
            h = (h + 1) & (m->index_cap - 1);
        m->index[h] = k + 1;
    }
}

void json_locmap_free(json_locmap *m)
{
    free(m->nodes);
    free(m->value_off);
    free(m->key_off);
    free(m->index);
    text_positions_free(&m->pos);
    memset(m, 0, sizeof *m);
}

size_t json_offset(const json_locmap *m, const cJSON *node, int want_key)
{
    if (!node || !m->index)
        return 0;
    size_t h = ((uintptr_t)node >> 4) * 11400714819323198485ull & (m->index_cap - 1);
    while (m->index[h]) {
        size_t i = m->index[h] - 1;
        if (m->nodes[i] == node)
            return want_key && m->key_off[i] ? m->key_off[i] : m->value_off[i];
        h = (h + 1) & (m->index_cap - 1);
    }
    return 0;
}

void json_position(json_locmap *m, const cJSON *node, int want_key, size_t *line, size_t *col)
{
    size_t off = json_offset(m, node, want_key);
    if (m->pos.line)
        text_positions_get(&m->pos, off, line, col);
    else
        text_position(m->text ? m->text : "", off, line, col);
}

const cJSON *json_duplicate_key(const cJSON *obj)
{
    size_t n = 0;
    for (const cJSON *a = obj->child; a && n <= 16; a = a->next)
        n++;
    if (n <= 16) {
        /* the usual fact or source object: a dozen keys, quadratic is fine */
        for (const cJSON *a = obj->child; a; a = a->next)
            for (const cJSON *b = a->next; b; b = b->next)
                if (a->string && b->string && strcmp(a->string, b->string) == 0)
                    return b;
        return NULL;
    }
    /* Many keys: the same answer in one pass.  Each name maps to the index
     * of its first member; the repetition whose first member comes earliest
     * wins, and a name's first repetition is the one met first. */
    strmap first;
    strmap_init(&first);
    const cJSON *best = NULL;
    int best_a = -1, i = 0;
    for (const cJSON *b = obj->child; b; b = b->next, i++) {
        if (!b->string)
            continue;
        int a = strmap_get(&first, b->string);
        if (a < 0)
            strmap_put(&first, b->string, i);
        else if (best_a < 0 || a < best_a) {
            best_a = a;
            best = b;
        }
    }
    strmap_free(&first);
    return best;
}

const char *json_type_name(const cJSON *n)
{
    if (!n) return "nothing";
    if (cJSON_IsString(n)) return "a string";
    if (cJSON_IsNumber(n)) return "a number";
    if (cJSON_IsBool(n)) return "a boolean";
    if (cJSON_IsNull(n)) return "null";
    if (cJSON_IsArray(n)) return "an array";
    if (cJSON_IsObject(n)) return "an object";
    return "an invalid value";
}

void json_put_string(strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    sb_putc(sb, '"');
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (;; p++) {
        unsigned c = *p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;   /* the usual byte: copied with its run */
        sb_put(sb, (const char *)run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case 0: sb_putc(sb, '"'); return;
        case '"': sb_put(sb, "\\\"", 2); break;
        case '\\': sb_put(sb, "\\\\", 2); break;
        case '\n': sb_put(sb, "\\n", 2); break;
        case '\r': sb_put(sb, "\\r", 2); break;
        case '\t': sb_put(sb, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sb_put(sb, u, 6);
        }
        }
    }
}

/* ---- a document being checked -------------------------------------------- */

void json_doc_init(json_doc *j, diag *d, const char *text, const cJSON *root)
{
    memset(j, 0, sizeof *j);
    j->d = d;
    j->text = text;
    j->root = root;
}

void json_doc_free(json_doc *j)
{
    if (j->located)
        json_locmap_free(&j->loc);
    j->located = 0;
}

void json_doc_verror(json_doc *j, const cJSON *node, int at_key, const char *field, const char *fmt, va_list ap)
{
    size_t line = 0, col = 0;
    if (node && j->text) {
        if (!j->located) {
            json_locate(&j->loc, j->text, j->root);
            j->located = 1;
        }
        json_position(&j->loc, node, at_key, &line, &col);
    }
    strbuf msg;
    sb_init(&msg);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        sb_reserve(&msg, (size_t)n);
        vsnprintf(msg.data, (size_t)n + 1, fmt, ap);
        msg.len = (size_t)n;
    }
    diag_error(j->d, line, col, field, "%s", msg.len ? msg.data : "");
    sb_free(&msg);
}

void json_doc_error(json_doc *j, const cJSON *node, int at_key, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_doc_verror(j, node, at_key, field, fmt, ap);
    va_end(ap);
}
