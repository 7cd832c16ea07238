/* cJSON's memory without a malloc per node: cut from large blocks, for
 * programs that parse a few documents and keep them to the end (the
 * renderers: their scope's slice, the templates, the catalogues); or from a
 * scratch buffer reused for each line a thread parses (ingest). */
#ifndef TAAWUN_JSON_ARENA_H
#define TAAWUN_JSON_ARENA_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* From now on every cJSON allocation comes from the arena and cJSON_Delete
 * frees nothing: the memory goes when the process ends.  Call it first in
 * main, before any cJSON call.  Does nothing in a sanitizer build (they
 * must see every cJSON allocation). */
void json_arena_use(void);

/* The arena's allocation and release, as cJSON gets them (for the unit
 * test).  json_arena_alloc returns 8-byte aligned memory, or NULL only when
 * neither the arena nor malloc can give it. */
void *json_arena_alloc(size_t n);
void json_arena_release(void *p);

/* Scratch mode (ingest).  json_scratch_hooks() once in main, before any
 * thread starts (nothing changes for trees parsed outside a scratch:
 * malloc and free as before).  Between json_scratch_enter(s) and
 * json_scratch_leave() the calling thread's cJSON allocations are cut
 * from s (malloc beyond its size); cJSON_Delete of such a tree frees only
 * what came from malloc, and must run inside the same scratch; then
 * json_scratch_reset(s) makes the whole buffer free again. */
typedef struct {
    char *buf;
    size_t cap, used;
    size_t spilled;          /* allocations malloc gave while entered: to free */
} json_scratch;

void json_scratch_hooks(void);
void json_scratch_enter(json_scratch *s);
void json_scratch_leave(void);
void json_scratch_reset(json_scratch *s);
/* Deletes a tree parsed inside s (NULL: none) and resets s: the nodes are
 * walked only when some of them came from malloc (all of them when the
 * hooks are not installed: a sanitizer build, a fuzzer, a test). */
void json_scratch_drop(json_scratch *s, cJSON *tree);
void json_scratch_free(json_scratch *s);

#endif
