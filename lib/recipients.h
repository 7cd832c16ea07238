/* The recipients file of taawun-mail: who receives which reports
 * (input/delivery/recipients.json, format "taawun-recipients/1"):
 *
 *   {"format": "taawun-recipients/1",
 *    "contacts": [{"name": …, "address": …, "language": "ar"|"fr",
 *                  "territories": ["MA", "MA-06", "MA-AZI", …],
 *                  "with_provinces": true|false}, …]}
 *
 * plus x_ extensions at both levels.  Names and addresses become mail
 * header text, so they may not hold a control character (no second
 * header), nor a bidi control (names open the message text), and a name
 * has at most RECIPIENTS_MAX_NAME characters (one header line); addresses
 * must be plausible and each listed once; territories
 * must be MA, a region or a province of the catalogue, each once.  Every
 * problem is reported through the diag as FILE:LINE:COL: field: message.
 * Used by taawun-mail (deliver/) and fuzz/fuzz_recipients.c. */
#ifndef TAAWUN_RECIPIENTS_H
#define TAAWUN_RECIPIENTS_H

#include <stddef.h>

#include "catalog.h"
#include "diag.h"

typedef struct {
    char *name, *address, *lang;
    char **scopes;        /* listed territories, then the provinces they bring */
    int *listed;          /* 1: listed, 0: brought by with_provinces */
    size_t n_scopes;
} contact;

typedef struct {
    contact *c;
    size_t n;
} contact_list;

/* The recipients file is read whole: at most this many bytes (like a
 * facts document, lib/reader.h), so that memory stays bounded. */
#define RECIPIENTS_MAX_BYTES ((size_t)16 << 20)

/* Characters of a contact's name at most: the To: header line must stay
 * under the 998 bytes of a mail line (RFC 5322) with a 254-byte address. */
#define RECIPIENTS_MAX_NAME 200

/* Reads and checks the recipients file at path (diag_file(d, path) first);
 * 0, or -1 after reporting every problem (then *out is empty).  A file over
 * RECIPIENTS_MAX_BYTES is refused unread. */
int recipients_load(contact_list *out, const char *path, const catalog *cat, diag *d);

/* The same on text[0..len), which must be followed by a NUL (text[len] ==
 * '\0', as read_file gives it); positions are reported against d's current
 * file. */
int recipients_parse(contact_list *out, const char *text, size_t len, const catalog *cat, diag *d);

void recipients_free(contact_list *l);

#endif
