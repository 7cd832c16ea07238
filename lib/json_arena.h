/* cJSON's memory cut from large blocks, for programs that parse a few
 * documents and keep them to the end (the renderers: their scope's slice,
 * the templates, the catalogues). */
#ifndef TAAWUN_JSON_ARENA_H
#define TAAWUN_JSON_ARENA_H

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

#endif
