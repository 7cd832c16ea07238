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

#endif
