#include "flatjson.h"
#include "util.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void flatjson_init(flatjson *p)
{
    memset(p, 0, sizeof *p);
}

void flatjson_free(flatjson *p)
{
    memset(p, 0, sizeof *p);
}

static int is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* At an opening quote: finds the closing one, checking on the way what
 * json_parse_checked and fact_text_ok would check.  0 when the string
 * holds a backslash, a byte of invalid UTF-8 or a character the text
 * policy refuses (C0 including tab, DEL, C1, bidi controls), or does not
 * end: the full path decides and reports.  Else its bytes [*start, *start
 * + *n); *ps after the closing quote. */
/* 1 for the bytes scan_string must look at: quote, backslash, C0, DEL and
 * every byte of a multi-byte character. */
static const unsigned char special[256] = {
    [0 ... 0x1F] = 1, ['"'] = 1, ['\\'] = 1, [0x7F ... 0xFF] = 1,
};

static int scan_string(const unsigned char **ps, const unsigned char *e, const unsigned char **start, size_t *n)
{
    const unsigned char *s = *ps + 1, *b = s;
    for (;;) {
        /* plain ASCII: 0x20..0x7E but quote and backslash */
        while (e - s >= 4 && !(special[s[0]] | special[s[1]] | special[s[2]] | special[s[3]]))
            s += 4;
        while (s < e && !special[*s])
            s++;
        if (s >= e)
            return 0;
        unsigned c = *s;
        if (c < 0x80) {
            if (c == '"') {
                *start = b;
                *n = (size_t)(s - b);
                *ps = s + 1;
                return 1;
            }
            return 0;   /* backslash, C0 or DEL */
        }
        /* Arabic and other two-byte characters, in a run */
        while (e - s >= 2 && s[0] >= 0xC3 && s[0] <= 0xDF && (s[1] & 0xC0) == 0x80)
            s += 2;
        if (s >= e)
            return 0;
        c = *s;
        if (c < 0x80)
            continue;
        if (c == 0xC2) {
            if (e - s < 2 || (s[1] & 0xC0) != 0x80 || s[1] <= 0x9F)
                return 0;   /* invalid, or a C1 control U+0080..U+009F */
            s += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            if (e - s < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
                return 0;
            unsigned cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x202A && cp <= 0x202E) ||
                (cp >= 0x2066 && cp <= 0x2069))
                return 0;   /* overlong, surrogate, or a bidi control */
            s += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (e - s < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
                return 0;
            unsigned cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
            if (cp < 0x10000 || cp > 0x10FFFF)
                return 0;
            s += 4;
        } else {
            return 0;   /* a continuation byte, C0, C1 or F5..FF as a lead */
        }
    }
}

/* Ends the string at its closing quote (kept for flatjson_restore). */
static char *terminate(flatjson *p, const unsigned char *str, size_t n)
{
    char *end = (char *)str + n;
    *end = '\0';
    p->ends[p->n_ends++] = end;
    return (char *)str;
}

void flatjson_restore(flatjson *p)
{
    for (int i = 0; i < p->n_ends; i++)
        *p->ends[i] = '"';
    p->n_ends = 0;
}

/* A JSON number in the strict grammar, followed by a delimiter: its value
 * as cJSON gives it (strtod of the same characters). */
static int scan_number(const unsigned char **ps, const unsigned char *e, double *v)
{
    const unsigned char *s = *ps, *b = s;
    int neg = 0, whole = 1;
    if (s < e && *s == '-') {
        neg = 1;
        s++;
    }
    if (s == e || *s < '0' || *s > '9')
        return 0;
    if (*s == '0')
        s++;
    else
        while (s < e && *s >= '0' && *s <= '9')
            s++;
    if (s < e && *s == '.') {
        whole = 0;
        s++;
        if (s == e || *s < '0' || *s > '9')
            return 0;
        while (s < e && *s >= '0' && *s <= '9')
            s++;
    }
    if (s < e && (*s == 'e' || *s == 'E')) {
        whole = 0;
        s++;
        if (s < e && (*s == '+' || *s == '-'))
            s++;
        if (s == e || *s < '0' || *s > '9')
            return 0;
        while (s < e && *s >= '0' && *s <= '9')
            s++;
    }
    /* cJSON reads [0-9+-eE.] on: anything but a delimiter here is for the
     * full path */
    if (s < e && !is_space(*s) && *s != ',' && *s != '}')
        return 0;
    size_t n = (size_t)(s - b);
    if (n > 40)
        return 0;
    if (whole && !neg && n <= 15) {
        long long x = 0;
        for (const unsigned char *d = b; d < s; d++)
            x = x * 10 + (*d - '0');
        *v = (double)x;   /* exact, as strtod's */
    } else {
        char tmp[48];
        memcpy(tmp, b, n);
        tmp[n] = '\0';
        *v = strtod(tmp, NULL);
    }
    *ps = s;
    return 1;
}

static const cJSON *parse(flatjson *p, char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text, *e = s + len;
    while (s < e && is_space(*s))
        s++;
    if (s == e || *s != '{')
        return NULL;
    s++;
    while (s < e && is_space(*s))
        s++;
    if (s == e || *s != '"')
        return NULL;   /* (an empty object is for the full path too) */
    int n = 0;
    for (;;) {
        if (n == FLATJSON_MAX_MEMBERS)
            return NULL;
        cJSON *m = &p->members[n];
        m->next = m->prev = m->child = NULL;
        m->valuestring = NULL;
        m->valueint = 0;
        m->valuedouble = 0;
        const unsigned char *str;
        size_t sl;
        if (!scan_string(&s, e, &str, &sl))
            return NULL;
        if (sl >= 2 && str[0] == 'x' && str[1] == '_')
            return NULL;   /* extensions are copied as cJSON prints them: full path */
        m->string = terminate(p, str, sl);
        while (s < e && is_space(*s))
            s++;
        if (s == e || *s != ':')
            return NULL;
        s++;
        while (s < e && is_space(*s))
            s++;
        if (s == e)
            return NULL;
        if (*s == '"') {
            if (!scan_string(&s, e, &str, &sl))
                return NULL;
            m->type = cJSON_String;
            m->valuestring = terminate(p, str, sl);
        } else if (*s == '-' || (*s >= '0' && *s <= '9')) {
            double v;
            if (!scan_number(&s, e, &v))
                return NULL;
            m->type = cJSON_Number;
            m->valuedouble = v;
            m->valueint = v >= INT_MAX ? INT_MAX : v <= (double)INT_MIN ? INT_MIN : (int)v;
        } else {
            return NULL;   /* true, false, null, objects, arrays */
        }
        if (n) {
            m->prev = &p->members[n - 1];
            p->members[n - 1].next = m;
        }
        n++;
        while (s < e && is_space(*s))
            s++;
        if (s == e)
            return NULL;
        if (*s == '}') {
            s++;
            break;
        }
        if (*s != ',')
            return NULL;
        s++;
        while (s < e && is_space(*s))
            s++;
        if (s == e || *s != '"')
            return NULL;
    }
    while (s < e && is_space(*s))
        s++;
    if (s != e)
        return NULL;
    p->members[0].prev = &p->members[n - 1];   /* as cJSON links a list */
    memset(&p->root, 0, sizeof p->root);
    p->root.type = cJSON_Object;
    p->root.child = &p->members[0];
    return &p->root;
}

const cJSON *flatjson_parse(flatjson *p, char *text, size_t len)
{
    p->n_ends = 0;
    const cJSON *root = parse(p, text, len);
    if (!root)
        flatjson_restore(p);
    return root;
}
