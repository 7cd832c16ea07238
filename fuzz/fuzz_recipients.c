/* libFuzzer harness: the bytes are a recipients file
 * (input/delivery/recipients.json), read by recipients_parse() against the
 * real catalogue.  What it accepts must be what taawun-mail can use safely:
 * every contact with a name and an address that make one header line
 * (built here as taawun-mail builds its To: header: printable ASCII, CRLF
 * only before a folding space, no line over 998 bytes), a plausible address
 * listed once, language ar or fr, territories that are plain catalogue
 * codes (they become file names), each once, the listed ones first; a
 * refusal must report an error and leave the list empty. */
#include "fuzz_common.h"
#include "lib/mailhdr.h"
#include "lib/recipients.h"

#include <strings.h>

FUZZ_WITH_CATALOG(cat)

static void check_header(const char *h)
{
    size_t line = 0;
    for (const char *p = h; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\r') {
            if (p[1] != '\n' || p[2] != ' ')
                fuzz_fail("CR not part of a CRLF SP fold in a header", h);
            line = 0;
            p++;
            continue;
        }
        if (c < 0x20 || c >= 0x7f)
            fuzz_fail("a header holds a byte that is not printable ASCII", h);
        if (++line > 998)
            fuzz_fail("a header line is over 998 bytes (RFC 5322)", h);
    }
}

static int plain_code(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
              *s == '_'))
            return 0;
    return 1;
}

static void check_contacts(const contact_list *l)
{
    if (!l->n)
        fuzz_fail("an accepted recipients file has no contact", "");
    strbuf h;
    sb_init(&h);
    for (size_t i = 0; i < l->n; i++) {
        const contact *c = &l->c[i];
        if (!c->name || !*c->name || mail_unsafe_at(c->name, NULL) >= 0)
            fuzz_fail("a contact's name is empty or unsafe in a header", c->name ? c->name : "(null)");
        if (utf8_unsafe_char(c->name, 0, NULL))
            fuzz_fail("a contact's name holds a control or bidi character", c->name);
        if (!c->address || mail_address_problem(c->address))
            fuzz_fail("an accepted address is not plausible", c->address ? c->address : "(null)");
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(l->c[j].address, c->address))
                fuzz_fail("the same address in two contacts", c->address);
        if (!c->lang || (strcmp(c->lang, "ar") && strcmp(c->lang, "fr")))
            fuzz_fail("a contact's language is not ar or fr", c->lang ? c->lang : "(null)");
        if (!c->n_scopes)
            fuzz_fail("a contact without territories", c->address);
        int brought = 0;
        for (size_t k = 0; k < c->n_scopes; k++) {
            const char *s = c->scopes[k];
            int g = catalog_geo(&cat, s);
            if (g < 0 || cat.geo[g].level == GEO_OLD_REGION || strcmp(cat.geo[g].code, s) || !plain_code(s))
                fuzz_fail("a scope that is not a current catalogue code", s);
            for (size_t j = 0; j < k; j++)
                if (!strcmp(c->scopes[j], s))
                    fuzz_fail("a scope listed twice", s);
            if (!c->listed[k])
                brought = 1;
            else if (brought)
                fuzz_fail("a listed territory after the provinces brought by with_provinces", s);
        }
        if (!c->listed[0])
            fuzz_fail("a contact whose first territory is not listed", c->address);
        /* the To: header of taawun-mail's messages (deliver/compose.c) */
        sb_reset(&h);
        sb_puts(&h, "To: ");
        mail_mailbox(&h, c->name, c->address, 4);
        check_header(h.data);
    }
    sb_free(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, NUL-terminated as recipients_parse wants */
    char *text = xstrndup((const char *)data, size);
    diag d;
    fuzz_quiet_diag(&d, "recipients.json");
    contact_list l;
    if (recipients_parse(&l, text, size, &cat, &d) == 0) {
        if (d.errors)
            fuzz_fail("errors reported, yet the file was accepted", "");
        check_contacts(&l);
    } else {
        if (!d.errors)
            fuzz_fail("refused without an error reported", "");
        if (l.n || l.c)
            fuzz_fail("a refused file left contacts behind", "");
    }
    recipients_free(&l);
    free(text);
    return 0;
}
