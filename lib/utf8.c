#include "utf8.h"

#include <stdint.h>
#include <string.h>

size_t utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        /* ASCII runs, eight bytes at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned cp, min;
        if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
        else return i;
        if (i + n > len)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

unsigned utf8_next(const char *str, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[*i];
    if (c < 0x80) { (*i)++; return c; }
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    unsigned cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < n && s[*i + k]; k++)
        cp = (cp << 6) | (s[*i + k] & 0x3F);
    *i += n;
    return cp;
}

size_t utf8_encode(unsigned cp, char *b)
{
    if (cp < 0x80) { b[0] = (char)cp; return 1; }
    if (cp < 0x800) { b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

unsigned utf8_unsafe_char(const char *str, int multiline, size_t *at)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t chars = 0;
    for (const unsigned char *p = s; *p; p++) {
        unsigned c = *p;
        if (c >= 0x20 && c < 0x7F) {   /* printable ASCII, most of the text: first */
            chars++;
            continue;
        }
        unsigned cp = 0;
        if (c < 0x20) {
            if (!(multiline && (c == '\t' || c == '\n' || c == '\r')))
                cp = c;
        } else if (c == 0x7F) {
            cp = c;
        } else if (c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            cp = p[1];
        } else if (c == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
                                 (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
            cp = 0x2000u | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        }
        if (cp) {
            if (at)
                *at = chars;
            return cp;
        }
        chars += (c & 0xC0) != 0x80;
    }
    return 0;
}

const char *utf8_unsafe_kind(unsigned cp)
{
    return cp >= 0x2000 ? "bidi control character" : "control character";
}
