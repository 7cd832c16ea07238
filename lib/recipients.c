/* The recipients file of taawun-mail (input/delivery/recipients.json,
 * format taawun-recipients/1): parsed and checked against the catalogue of
 * territories, every problem reported with its position; see recipients.h. */
#include "recipients.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "mailhdr.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"

/* A string field that becomes header text: non-empty, no control character,
 * no bidi control. */
static const char *header_string(json_doc *f, const cJSON *obj, const char *key,
                                 const char *field, const char *expected)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        json_doc_error(f, obj, 0, field, "missing (expected %s)", expected);
        return NULL;
    }
    if (!cJSON_IsString(v) || !*v->valuestring) {
        json_doc_error(f, v, 0, field, "is %s (expected %s)", cJSON_IsString(v) ? "empty" : json_type_name(v),
                       expected);
        return NULL;
    }
    const char *what;
    if (mail_unsafe_at(v->valuestring, &what) >= 0) {
        json_doc_error(f, v, 0, field,
                       "contains %s, which could start a new mail header (expected %s on one line, no control characters)",
                       what, expected);
        return NULL;
    }
    /* the text policy of the facts (utf8.h): the name also opens the
     * message text, where a bidi override would reorder what follows */
    size_t at;
    unsigned cp = utf8_unsafe_char(v->valuestring, 0, &at);
    if (cp) {
        json_doc_error(f, v, 0, field,
                       "bidi control character U+%04X at character %zu (expected %s without bidi embeddings, overrides or "
                       "isolates; it could reorder the message text)", cp, at + 1, expected);
        return NULL;
    }
    return v->valuestring;
}

static int contains(char **list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i], s))
            return 1;
    return 0;
}

static void add_scope(contact *c, const char *code, int listed)
{
    c->scopes = xrealloc(c->scopes, (c->n_scopes + 1) * sizeof *c->scopes);
    c->listed = xrealloc(c->listed, (c->n_scopes + 1) * sizeof *c->listed);
    c->scopes[c->n_scopes] = xstrdup(code);
    c->listed[c->n_scopes++] = listed;
}

void recipients_free(contact_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        contact *c = &l->c[i];
        for (size_t k = 0; k < c->n_scopes; k++)
            free(c->scopes[k]);
        free(c->scopes);
        free(c->listed);
        free(c->name);
        free(c->address);
        free(c->lang);
    }
    free(l->c);
    l->c = NULL;
    l->n = 0;
}

int recipients_parse(contact_list *out, const char *text, size_t len, const catalog *cat, diag *d)
{
    out->c = NULL;
    out->n = 0;
    cJSON *root = json_parse_checked(d, text, len, 1);
    if (!root)
        return -1;
    json_doc fl, *f = &fl;
    json_doc_init(&fl, d, text, root);
    strmap seen;   /* address in lower case -> index of its first contact */
    strmap_init(&seen);
    strbuf key;
    sb_init(&key);
    size_t before = d->errors;
    const cJSON *dup;
    if (!cJSON_IsObject(root)) {
        json_doc_error(f, root, 0, "(recipients)", "is not a JSON object (expected {\"format\", \"contacts\"})");
        goto done;
    }
    if ((dup = json_duplicate_key(root)))
        json_doc_error(f, dup, 1, dup->string, "duplicate key (expected each field once)");
    for (const cJSON *m = root->child; m; m = m->next)
        if (strcmp(m->string, "format") && strcmp(m->string, "contacts") && strncmp(m->string, "x_", 2))
            json_doc_error(f, m, 1, m->string, "unknown field (expected format, contacts or an x_ extension)");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "taawun-recipients/1")) {
        json_doc_error(f, fmt ? fmt : root, 0, "format", "%s (expected \"taawun-recipients/1\")",
                       fmt ? "unsupported format" : "missing");
        goto done;
    }
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "contacts");
    if (!cJSON_IsArray(list) || !cJSON_GetArraySize(list)) {
        json_doc_error(f, list ? list : root, 0, "contacts", "%s (expected a non-empty array of contacts)",
                       list ? "is empty or not an array" : "missing");
        goto done;
    }
    int n = cJSON_GetArraySize(list);
    out->c = xcalloc((size_t)n, sizeof *out->c);
    int k = 0;
    for (const cJSON *o = list->child; o; o = o->next, k++) {
        char field[64];
        if (!cJSON_IsObject(o)) {
            snprintf(field, sizeof field, "contacts[%d]", k);
            json_doc_error(f, o, 0, field,
                           "is %s (expected {\"name\", \"address\", \"language\", \"territories\"})", json_type_name(o));
            continue;
        }
        if ((dup = json_duplicate_key(o)))
            json_doc_error(f, dup, 1, dup->string, "duplicate key (expected each field once)");
        for (const cJSON *m = o->child; m; m = m->next)
            if (strcmp(m->string, "name") && strcmp(m->string, "address") && strcmp(m->string, "language") &&
                strcmp(m->string, "territories") && strcmp(m->string, "with_provinces") && strncmp(m->string, "x_", 2)) {
                snprintf(field, sizeof field, "contacts[%d].%.40s", k, m->string);
                json_doc_error(f, m, 1, field,
                               "unknown field (expected name, address, language, territories, with_provinces or an x_ "
                               "extension)");
            }
        size_t errs = d->errors;
        contact c = {0};
        snprintf(field, sizeof field, "contacts[%d].name", k);
        const char *name = header_string(f, o, "name", field, "the contact's name");
        size_t chars = 0;
        for (const char *q = name; q && *q; q++)
            chars += ((unsigned char)*q & 0xC0) != 0x80;
        if (chars > RECIPIENTS_MAX_NAME) {
            /* a longer ASCII name, quoted as is, could make the To: line
             * longer than the 998 bytes a mail line may have */
            json_doc_error(f, cJSON_GetObjectItemCaseSensitive(o, "name"), 0, field,
                           "is %zu characters long (expected the contact's name, at most %d characters)", chars,
                           RECIPIENTS_MAX_NAME);
            name = NULL;
        }
        snprintf(field, sizeof field, "contacts[%d].address", k);
        const char *addr = header_string(f, o, "address", field, "an address such as name@example.org");
        const char *why = NULL;
        if (addr && (why = mail_address_problem(addr)))
            json_doc_error(f, cJSON_GetObjectItemCaseSensitive(o, "address"), 0, field,
                           "'%s' %s (expected an address such as name@example.org)", addr, why);
        if (addr && !why) {
            sb_reset(&key);
            for (const char *a = addr; *a; a++)
                sb_putc(&key, (char)(*a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a));
            int first = strmap_get(&seen, key.data);
            if (first >= 0)
                json_doc_error(f, cJSON_GetObjectItemCaseSensitive(o, "address"), 0, field,
                               "'%s' is already the address of contacts[%d] (expected one contact per address: list all "
                               "its territories there)", addr, first);
            else
                strmap_put(&seen, key.data, k);
        }
        snprintf(field, sizeof field, "contacts[%d].language", k);
        const cJSON *lang = cJSON_GetObjectItemCaseSensitive(o, "language");
        if (!lang)
            json_doc_error(f, o, 0, field, "missing (expected \"ar\" or \"fr\")");
        else if (!cJSON_IsString(lang) || (strcmp(lang->valuestring, "ar") && strcmp(lang->valuestring, "fr")))
            json_doc_error(f, lang, 0, field, "%s%.20s%s (expected \"ar\" or \"fr\")",
                           cJSON_IsString(lang) ? "unknown language '" : "is ",
                           cJSON_IsString(lang) ? lang->valuestring : json_type_name(lang), cJSON_IsString(lang) ? "'" : "");
        snprintf(field, sizeof field, "contacts[%d].with_provinces", k);
        const cJSON *wp = cJSON_GetObjectItemCaseSensitive(o, "with_provinces");
        if (wp && !cJSON_IsBool(wp))
            json_doc_error(f, wp, 0, field, "is %s (expected true or false)", json_type_name(wp));
        int with_provinces = cJSON_IsTrue(wp);
        snprintf(field, sizeof field, "contacts[%d].territories", k);
        const cJSON *ts = cJSON_GetObjectItemCaseSensitive(o, "territories");
        int regions = 0;
        if (!cJSON_IsArray(ts) || !cJSON_GetArraySize(ts)) {
            json_doc_error(f, ts ? ts : o, 0, field, "%s (expected a non-empty array of scope codes such as "
                           "[\"MA\", \"MA-06\", \"MA-AZI\"])", ts ? "is empty or not an array" : "missing");
        } else {
            for (const cJSON *t = ts->child; t; t = t->next) {
                int g = cJSON_IsString(t) ? catalog_geo(cat, t->valuestring) : -1;
                if (!cJSON_IsString(t))
                    json_doc_error(f, t, 0, field, "has %s (expected a scope code)", json_type_name(t));
                else if (g < 0 || cat->geo[g].level == GEO_OLD_REGION)
                    json_doc_error(f, t, 0, field,
                                   "unknown territory '%.40s' (expected MA, a region or a province code of %s)",
                                   t->valuestring, "morocco-territories.csv");
                else if (contains(c.scopes, c.n_scopes, t->valuestring))
                    json_doc_error(f, t, 0, field, "'%s' is listed twice (expected each territory once)",
                                   t->valuestring);
                else {
                    add_scope(&c, t->valuestring, 1);
                    regions += cat->geo[g].level == GEO_REGION;
                }
            }
            if (with_provinces && !regions)
                json_doc_error(f, wp, 0, "with_provinces",
                               "is true but no region is listed (expected a region code such as MA-06 among territories)");
        }
        if (with_provinces)   /* after the listed ones, each region's provinces in catalogue order */
            for (size_t s = 0, listed = c.n_scopes; s < listed; s++) {
                const territory *r = &cat->geo[catalog_geo(cat, c.scopes[s])];
                if (r->level != GEO_REGION)
                    continue;
                for (size_t p = 0; p < r->n_children; p++)
                    if (!contains(c.scopes, c.n_scopes, cat->geo[r->children[p]].code))
                        add_scope(&c, cat->geo[r->children[p]].code, 0);
            }
        if (d->errors != errs || !name || !addr) {
            for (size_t s = 0; s < c.n_scopes; s++)
                free(c.scopes[s]);
            free(c.scopes);
            free(c.listed);
            continue;
        }
        c.name = xstrdup(name);
        c.address = xstrdup(addr);
        c.lang = xstrdup(lang->valuestring);
        out->c[out->n++] = c;
    }
done:
    json_doc_free(&fl);
    strmap_free(&seen);
    sb_free(&key);
    cJSON_Delete(root);
    if (d->errors != before) {
        recipients_free(out);
        return -1;
    }
    return 0;
}

/* Reads the file whole, unless it is over RECIPIENTS_MAX_BYTES. */
static char *read_bounded(const char *path, size_t *len, diag *d)
{
    long long size;
    char *text = read_file_max(path, RECIPIENTS_MAX_BYTES, len, &size);
    if (!text && errno == EFBIG && size)
        diag_error(d, 0, 0, "(size)", "recipients file of %lld bytes is over the limit of %zu bytes (expected a "
                   "list of contacts)", size, RECIPIENTS_MAX_BYTES);
    else if (!text && errno == EFBIG)
        diag_error(d, 0, 0, "(size)", "recipients file is over the limit of %zu bytes (expected a list of "
                   "contacts)", RECIPIENTS_MAX_BYTES);
    else if (!text)
        diag_error(d, 0, 0, NULL, "cannot read the recipients file: %s", strerror(errno));
    return text;
}

int recipients_load(contact_list *out, const char *path, const catalog *cat, diag *d)
{
    out->c = NULL;
    out->n = 0;
    diag_file(d, path);
    size_t len;
    char *text = read_bounded(path, &len, d);
    if (!text)
        return -1;
    int rc = recipients_parse(out, text, len, cat, d);
    free(text);
    return rc;
}
