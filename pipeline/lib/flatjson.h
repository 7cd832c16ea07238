/* A fast path for the usual stream line: one flat JSON object whose values
 * are strings and numbers, without escapes, x_ extensions or odd spacing.
 * It builds the same cJSON nodes cJSON would (on the stack, no malloc per
 * node), so that fact_from_json checks them with the very same code.
 *
 * It only ever accepts a subset of what cJSON accepts and gives the same
 * values for it; anything else (escapes, nesting, literals, long numbers,
 * invalid UTF-8, control characters, a BOM, any syntax error) returns NULL
 * and the caller takes the full path (json_parse_checked), which reports
 * problems exactly as before.  tests/unit and fuzz/fuzz_stream.c check
 * that both paths agree. */
#ifndef TAAWUN_FLATJSON_H
#define TAAWUN_FLATJSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

#define FLATJSON_MAX_MEMBERS 24

typedef struct {
    cJSON root;
    cJSON members[FLATJSON_MAX_MEMBERS];
    char *text;              /* keys and string values, NUL-terminated */
    size_t cap;
} flatjson;

void flatjson_init(flatjson *p);
void flatjson_free(flatjson *p);

/* Parses text[0..len) as a flat object; the nodes stay valid until the
 * next call.  NULL: not in the subset (use the full path). */
const cJSON *flatjson_parse(flatjson *p, const char *text, size_t len);

#endif
