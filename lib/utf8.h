/* UTF-8 validation: the contract says input is UTF-8; invalid bytes are an
 * input error reported with their position, never passed to the reports. */
#ifndef TAAWUN_UTF8_H
#define TAAWUN_UTF8_H

#include <stddef.h>

/* Returns the offset of the first invalid byte, or len when all is valid.
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
size_t utf8_invalid_at(const char *s, size_t len);

/* Decodes one code point at s (valid UTF-8 assumed); advances *i. */
unsigned utf8_next(const char *s, size_t *i);

/* Appends the UTF-8 encoding of cp to buf (at least 4 bytes); returns bytes. */
size_t utf8_encode(unsigned cp, char *buf);

/* The text policy for data strings (codes, names, quotes, notes): returns
 * the first code point that may not appear in one, or 0 when there is none.
 * Refused: C0 controls (but tab, line feed and carriage return when
 * `multiline`), DEL, C1 controls U+0080..U+009F (U+009B is a terminal
 * escape), and the bidi embeddings, overrides and isolates U+202A..U+202E,
 * U+2066..U+2069, which reorder the text around them.  The marks U+200E,
 * U+200F and U+061C are allowed: Arabic text uses them.  *at gets the
 * character's index (0-based, in characters) when not NULL. */
unsigned utf8_unsafe_char(const char *s, int multiline, size_t *at);

/* What a refused code point is, for messages: "control character" or
 * "bidi control character". */
const char *utf8_unsafe_kind(unsigned cp);

#endif
