/* String -> int map (open addressing, FNV-1a), for code look-ups on the hot
 * path: a million facts each resolve territory, programme and indicator. */
#ifndef TAAWUN_STRMAP_H
#define TAAWUN_STRMAP_H

#include <stddef.h>

typedef struct {
    char **keys;     /* owned copies */
    int *vals;
    size_t cap, count;
} strmap;

void strmap_init(strmap *m);
void strmap_free(strmap *m);
/* Returns the value for key (length n), or -1 when absent. */
int strmap_getn(const strmap *m, const char *key, size_t n);
int strmap_get(const strmap *m, const char *key);
/* Inserts or replaces. */
void strmap_put(strmap *m, const char *key, int val);

/* Interning table: a string's id is its first-seen order (0, 1, 2 ...). */
typedef struct {
    strmap map;
    char **strs;
    size_t count, cap;
} strpool;

void strpool_init(strpool *p);
void strpool_free(strpool *p);
int strpool_intern(strpool *p, const char *s, size_t n);

#endif
