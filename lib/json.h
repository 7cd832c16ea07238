/* JSON input with positions: cJSON parses; this module adds what a clear
 * error message needs and cJSON does not keep: the line and column of every
 * value and key, detection of duplicate keys, nesting depth and UTF-8 checks. */
#ifndef TAAWUN_JSON_H
#define TAAWUN_JSON_H

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stddef.h>

#include "diag.h"

#define JSON_MAX_DEPTH 64

/* Parses text[0..len) reporting problems through d with `base_line` added
 * (for a stream line).  Returns the tree or NULL after reporting.  Besides
 * JSON syntax it rejects invalid UTF-8, nesting deeper than JSON_MAX_DEPTH
 * and \u0000 in a string (which would silently cut the string short). */
cJSON *json_parse_checked(diag *d, const char *text, size_t len, size_t base_line);

/* Byte offsets of nodes in the text they were parsed from, built on demand
 * (only when an error must be reported). */
typedef struct {
    const void **nodes;
    size_t *value_off, *key_off;
    size_t cap, count;
    const char *text;
    size_t *index;           /* hash of node pointers -> entry + 1 */
    size_t index_cap;
    text_positions pos;      /* line and column of offsets, incrementally */
} json_locmap;

void json_locate(json_locmap *m, const char *text, const cJSON *root);
void json_locmap_free(json_locmap *m);
/* Offset of a node's value (or of its key when want_key and it has one);
 * 0 when unknown. */
size_t json_offset(const json_locmap *m, const cJSON *node, int want_key);
/* Line and column of a node's value (or key) in the text: json_offset then
 * text_positions_get, so that reporting every fact of a long single-line
 * file stays linear. */
void json_position(json_locmap *m, const cJSON *node, int want_key, size_t *line, size_t *col);

/* A JSON document being checked: its text and tree, and the positions of
 * its nodes, found once, on the first problem (json_locate), and looked up
 * incrementally after that, so that reporting every problem of a large
 * file stays linear.  One piece for every file the programs check
 * (catalogue, rules, recipients, template plan). */
typedef struct {
    diag *d;
    const char *text;        /* NULL: no positions (0:0) */
    const cJSON *root;
    json_locmap loc;
    int located;
} json_doc;

void json_doc_init(json_doc *j, diag *d, const char *text, const cJSON *root);
void json_doc_free(json_doc *j);
/* Reports a problem at a node: FILE:LINE:COL: field: message, at the
 * node's key when at_key and it has one, else at its value; a NULL node
 * (or no text) is at 0:0, the place unknown. */
void json_doc_error(json_doc *j, const cJSON *node, int at_key, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void json_doc_verror(json_doc *j, const cJSON *node, int at_key, const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/* Returns the second member of `obj` whose name repeats an earlier one, or
 * NULL (of the first name that repeats, its first repetition).  Linear time:
 * a hash of the names beyond a few members. */
const cJSON *json_duplicate_key(const cJSON *obj);

/* Name of the JSON type of a node, for messages ("a string", "a number" …). */
const char *json_type_name(const cJSON *node);

/* Writes a JSON string literal (with quotes) for utf8 text into sb. */
#include "util.h"
void json_put_string(strbuf *sb, const char *s);

#endif
