/* Mail header text: what may go into a header (never a second header),
 * plausible addresses, RFC 2047 encoded words for non-ASCII text (Arabic
 * subjects and names) and RFC 5322 dates.  The base64 of encoded words is
 * OpenSSL's (EVP_EncodeBlock): link with libcrypto. */
#ifndef TAAWUN_MAILHDR_H
#define TAAWUN_MAILHDR_H

#include <stddef.h>
#include <time.h>

#include "util.h"

/* Byte offset of the first character that must not appear in header text:
 * invalid UTF-8, C0 controls (CR, LF, TAB …), DEL, C1 controls, U+2028 and
 * U+2029 (line and paragraph separators); -1 when the text is safe.  *what
 * (when not NULL) names the character ("CR", "LF", "U+0085" …). */
long mail_unsafe_at(const char *s, const char **what);

/* NULL when addr is a plausible address (printable ASCII, one @, a local
 * part, a domain with a dot, no spaces, angle brackets, quotes, commas,
 * semicolons or parentheses, at most 254 characters); else why not. */
const char *mail_address_problem(const char *addr);

/* Appends header text: as is when it is printable ASCII without "=?",
 * else as RFC 2047 "=?UTF-8?B?…?=" words of at most 75 characters, cut on
 * character boundaries and folded (CRLF SP) between words.  `used` is the
 * length already on the header line ("Subject: " = 9). */
void mail_header_text(strbuf *sb, const char *text, size_t used);

/* Appends a mailbox "Name" <addr> (name quoted, or encoded when not ASCII);
 * <addr> alone when name is NULL or empty. */
void mail_mailbox(strbuf *sb, const char *name, const char *addr, size_t used);

/* RFC 5322 date in UTC: "Tue, 14 Nov 2023 22:13:20 +0000". */
void mail_date(char *buf, size_t n, time_t t);

/* Bytes a part of n bytes takes once base64-encoded in 76-character lines
 * with CRLF (what a size cap must count). */
size_t mail_base64_size(size_t n);

#endif
