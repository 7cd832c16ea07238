/* JSON input with positions: cJSON parses; this module adds what a clear
 * error message needs and cJSON does not keep: the line and column of every
 * value and key, detection of duplicate keys, nesting depth and UTF-8 checks. */
#ifndef TAAWUN_JSON_H
#define TAAWUN_JSON_H

#include <cjson/cJSON.h>
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
