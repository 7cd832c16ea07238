#include "mailhdr.h"
#include "utf8.h"

#include <openssl/evp.h>
#include <string.h>

long mail_unsafe_at(const char *s, const char **what)
{
    static char buf[8];
    size_t len = strlen(s);
    size_t bad = utf8_invalid_at(s, len);
    for (size_t i = 0; i < len;) {
        if (i == bad) {
            if (what)
                *what = "invalid UTF-8";
            return (long)i;
        }
        size_t at = i;
        unsigned cp = utf8_next(s, &i);
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029) {
            if (what) {
                if (cp == '\r')
                    *what = "CR";
                else if (cp == '\n')
                    *what = "LF";
                else if (cp == '\t')
                    *what = "TAB";
                else {
                    snprintf(buf, sizeof buf, "U+%04X", cp);
                    *what = buf;
                }
            }
            return (long)at;
        }
    }
    return -1;
}

const char *mail_address_problem(const char *a)
{
    size_t len = strlen(a);
    if (len == 0)
        return "is empty";
    if (len > 254)
        return "is longer than 254 characters";
    for (const char *p = a; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\r' || c == '\n')
            return "contains a line break (CR or LF)";
        if (c < 0x20 || c == 0x7f)
            return "contains a control character";
        if (c == ' ')
            return "contains a space";
        if (c >= 0x80)
            return "contains a non-ASCII character";
        if (c == '<' || c == '>')
            return "contains an angle bracket";
        if (strchr("\"(),;:[]\\", c))
            return "contains a character not allowed in an address (\" ( ) , ; : [ ] \\)";
    }
    const char *at = strchr(a, '@');
    if (!at)
        return "has no @";
    if (strchr(at + 1, '@'))
        return "has more than one @";
    size_t local = (size_t)(at - a);
    if (local == 0)
        return "has nothing before the @";
    if (local > 64)
        return "has a local part longer than 64 characters";
    const char *dom = at + 1;
    if (!*dom)
        return "has no domain after the @";
    if (!strchr(dom, '.') || *dom == '.' || dom[strlen(dom) - 1] == '.' || strstr(dom, ".."))
        return "has no plausible domain (expected a name such as example.org)";
    if (a[0] == '.' || at[-1] == '.' || memmem(a, local, "..", 2))
        return "has a misplaced dot in the local part";
    return NULL;
}

static int plain_ascii(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
            return 0;
    return strstr(s, "=?") == NULL;
}

void mail_header_text(strbuf *sb, const char *text, size_t used)
{
    if (plain_ascii(text)) {
        sb_puts(sb, text);
        return;
    }
    /* "=?UTF-8?B?" + base64 + "?=" <= 75: at most 63 base64 characters,
     * so at most 45 bytes of text per word, cut before a character. */
    size_t len = strlen(text), i = 0;
    int first = 1;
    while (i < len) {
        size_t room = 45;
        if (first && used + 12 + 60 > 76)   /* a shorter first word on a busy line */
            room = used + 12 + 8 < 76 ? (76 - 12 - used) / 4 * 3 : 6;
        if (room < 6)
            room = 6;   /* 8 base64 characters: any one UTF-8 character fits */
        size_t end = i;
        while (end < len) {
            size_t next = end;
            utf8_next(text, &next);
            if (next - i > room)
                break;
            end = next;
        }
        if (end == i)   /* never happens with room >= 4 and valid UTF-8 */
            end = i + 1;
        unsigned char out[4 * 46 / 3 + 4];
        int n = EVP_EncodeBlock(out, (const unsigned char *)text + i, (int)(end - i));
        if (!first)
            sb_puts(sb, "\r\n ");
        sb_puts(sb, "=?UTF-8?B?");
        sb_put(sb, (const char *)out, (size_t)n);
        sb_puts(sb, "?=");
        first = 0;
        i = end;
    }
}

void mail_mailbox(strbuf *sb, const char *name, const char *addr, size_t used)
{
    if (name && *name) {
        if (plain_ascii(name)) {
            sb_putc(sb, '"');
            for (const char *p = name; *p; p++) {
                if (*p == '"' || *p == '\\')
                    sb_putc(sb, '\\');
                sb_putc(sb, *p);
            }
            sb_putc(sb, '"');
        } else {
            mail_header_text(sb, name, used);
        }
        sb_puts(sb, " <");
    } else {
        sb_putc(sb, '<');
    }
    sb_puts(sb, addr);
    sb_putc(sb, '>');
}

void mail_date(char *buf, size_t n, time_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

size_t mail_base64_size(size_t n)
{
    size_t b64 = (n + 2) / 3 * 4;
    return b64 + (b64 + 75) / 76 * 2;
}
