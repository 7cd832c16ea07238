#include "strmap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Eight bytes at a time (codes and ids are looked up for every fact); the
 * table's order never shows: ids are first-seen order. */
static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    h *= 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 32);
}

void strmap_init(strmap *m)
{
    m->cap = 64;
    m->count = 0;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
}

void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->count = 0;
}

int strmap_getn(const strmap *m, const char *key, size_t n)
{
    size_t i = hash(key, n) & (m->cap - 1);
    while (m->keys[i]) {
        if (strncmp(m->keys[i], key, n) == 0 && m->keys[i][n] == '\0')
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

int strmap_get(const strmap *m, const char *key)
{
    return strmap_getn(m, key, strlen(key));
}

static void grow(strmap *m)
{
    strmap old = *m;
    m->cap *= 2;
    m->count = 0;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.keys[i])
            continue;
        size_t j = hash(old.keys[i], strlen(old.keys[i])) & (m->cap - 1);
        while (m->keys[j])
            j = (j + 1) & (m->cap - 1);
        m->keys[j] = old.keys[i];
        m->vals[j] = old.vals[i];
        m->count++;
    }
    free(old.keys);
    free(old.vals);
}

void strmap_put(strmap *m, const char *key, int val)
{
    if ((m->count + 1) * 2 > m->cap)
        grow(m);
    size_t n = strlen(key);
    size_t i = hash(key, n) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0) {
            m->vals[i] = val;
            return;
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = xstrdup(key);
    m->vals[i] = val;
    m->count++;
}

void strpool_init(strpool *p)
{
    strmap_init(&p->map);
    p->strs = NULL;
    p->count = p->cap = 0;
}

void strpool_free(strpool *p)
{
    strmap_free(&p->map);
    for (size_t i = 0; i < p->count; i++)
        free(p->strs[i]);
    free(p->strs);
    p->strs = NULL;
    p->count = p->cap = 0;
}

int strpool_intern(strpool *p, const char *s, size_t n)
{
    int id = strmap_getn(&p->map, s, n);
    if (id >= 0)
        return id;
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->strs = xrealloc(p->strs, p->cap * sizeof *p->strs);
    }
    p->strs[p->count] = xstrndup(s, n);
    strmap_put(&p->map, p->strs[p->count], (int)p->count);
    return (int)p->count++;
}
