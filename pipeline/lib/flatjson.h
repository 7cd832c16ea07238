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
    char *ends[2 * FLATJSON_MAX_MEMBERS];   /* closing quotes made NULs */
    int n_ends;
} flatjson;

void flatjson_init(flatjson *p);
void flatjson_free(flatjson *p);

/* Parses text[0..len) as a flat object.  Keys and strings are left in the
 * text, each closing quote replaced by a NUL; the nodes point there and
 * stay valid while the text does.  NULL: not in the subset (use the full
 * path); the text is then as it was.
 *
 * Every string it accepts is valid UTF-8 and holds no character the text
 * policy refuses (utf8_unsafe_char: no C0, DEL, C1 or bidi control, even
 * tab), so its facts need neither that check nor TSV escaping (but for
 * backslashes, which it does not accept either). */
const cJSON *flatjson_parse(flatjson *p, char *text, size_t len);
/* Puts the text back as it was before a successful flatjson_parse. */
void flatjson_restore(flatjson *p);

#endif
