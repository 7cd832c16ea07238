#include "flatjson.h"
#include "utf8.h"
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
    free(p->text);
    memset(p, 0, sizeof *p);
}

static int is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* At an opening quote: finds the closing one.  0 when the string holds a
 * backslash or a control character, or does not end (the full path
 * decides); else its bytes [*start, *start + *n), and *high when one of
 * them is not ASCII.  Eight bytes at a time while none is special. */
static int scan_string(const unsigned char **ps, const unsigned char *e, const unsigned char **start, size_t *n,
                       int *high)
{
    const unsigned char *s = *ps + 1, *b = s;
    uint64_t hi = 0;
    while (e - s >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        uint64_t q = w ^ (ONES * '"'), bs = w ^ (ONES * '\\');
        if ((((q - ONES) & ~q) | ((bs - ONES) & ~bs) | ((w - ONES * 0x20) & ~w)) & HIGHS)
            break;   /* a quote, backslash or control byte in these eight */
        hi |= w;
        s += 8;
    }
    unsigned tail = 0;
    for (; s < e; s++) {
        unsigned c = *s;
        if (c == '"') {
            *start = b;
            *n = (size_t)(s - b);
            *high = (hi & HIGHS) != 0 || (tail & 0x80) != 0;
            *ps = s + 1;
            return 1;
        }
        if (c == '\\' || c < 0x20)
            return 0;
        tail |= c;
    }
    return 0;
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

const cJSON *flatjson_parse(flatjson *p, const char *text, size_t len)
{
    if (len + 1 > p->cap) {
        p->cap = len + 1 > 256 ? len + 1 : 256;
        free(p->text);
        p->text = xmalloc(p->cap);
    }
    const unsigned char *s = (const unsigned char *)text, *e = s + len;
    char *out = p->text;
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
        memset(m, 0, sizeof *m);
        const unsigned char *str;
        size_t sl;
        int high;
        if (!scan_string(&s, e, &str, &sl, &high) || (high && utf8_invalid_at((const char *)str, sl) != sl))
            return NULL;
        if (sl >= 2 && str[0] == 'x' && str[1] == '_')
            return NULL;   /* extensions are copied as cJSON prints them: full path */
        memcpy(out, str, sl);
        out[sl] = '\0';
        m->string = out;
        out += sl + 1;
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
            if (!scan_string(&s, e, &str, &sl, &high) || (high && utf8_invalid_at((const char *)str, sl) != sl))
                return NULL;
            memcpy(out, str, sl);
            out[sl] = '\0';
            m->type = cJSON_String;
            m->valuestring = out;
            out += sl + 1;
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
