/* cJSON's memory cut from large blocks (see json_arena.h).
 *
 * Why: a renderer parses its scope's slice (5 MB of JSON for a national
 * slice of job R1 at 100k facts: some 400,000 nodes and strings) and keeps
 * it to the end.  Through malloc, those small allocations and the page
 * faults of the fresh memory they touch took more than half of a
 * renderer's time (perf, bench/RESULTS.md).  Here they are cut one after
 * the other from 2 MiB blocks asked for as transparent huge pages (one
 * fault per 2 MiB instead of one per 4 KiB, where the kernel allows it),
 * with no header per allocation, and cJSON's free does nothing.
 *
 * Only for programs whose cJSON documents live as long as the program
 * (a tree deleted early is not reused): not for ingest, which parses every
 * input line.  Each thread cuts from its own block, so no lock is taken. */
#include "json_arena.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>

#define BLOCK (2u << 20)        /* one transparent huge page */
#define LARGE (BLOCK / 8)       /* larger requests get their own mapping */
#define ALIGN 8u                /* cJSON stores nodes (pointers, double) and text */

static __thread char *next;
static __thread size_t left;

/* n bytes of fresh zeroed memory from the system, 2 MiB aligned when
 * huge (the kernel only backs aligned 2 MiB ranges with a huge page). */
static char *map(size_t n, int huge)
{
    size_t extra = huge ? BLOCK : 0;
    char *p = mmap(NULL, n + extra, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (huge) {   /* trim to an aligned block */
        uintptr_t a = ((uintptr_t)p + BLOCK - 1) & ~(uintptr_t)(BLOCK - 1);
        size_t head = a - (uintptr_t)p;
        if (head)
            munmap(p, head);
        if (extra - head)
            munmap((char *)a + n, extra - head);
        p = (char *)a;
#ifdef MADV_HUGEPAGE
        madvise(p, n, MADV_HUGEPAGE);   /* a hint: without it, small pages */
#endif
    }
    return p;
}

void *json_arena_alloc(size_t n)
{
    n = n ? (n + ALIGN - 1) & ~(size_t)(ALIGN - 1) : ALIGN;
    if (n > LARGE) {
        char *p = map(n, 0);
        return p ? p : malloc(n);
    }
    if (n > left) {
        char *b = map(BLOCK, 1);
        if (!b)
            return malloc(n);   /* address space short (ulimit -v): malloc may still fit it */
        next = b;
        left = BLOCK;
    }
    char *p = next;
    next += n;
    left -= n;
    return p;
}

void json_arena_release(void *p)
{
    (void)p;   /* the blocks live as long as the process */
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JSON_ARENA_OFF 1   /* clang's ASan */
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define JSON_ARENA_OFF 1   /* gcc's ASan */
#endif

void json_arena_use(void)
{
#ifndef JSON_ARENA_OFF
    cJSON_Hooks h = {.malloc_fn = json_arena_alloc, .free_fn = json_arena_release};
    cJSON_InitHooks(&h);
#endif
}

/* ---- scratch mode (ingest) ----------------------------------------------
 * Ingest parses every input line into a tree of about fifteen nodes and
 * deletes it once the fact is checked: a malloc and a free per node were
 * about 15% of its CPU (perf).  A line's tree is cut from its parser's
 * scratch buffer instead, which is reset before the next line. */

#define SCRATCH_BYTES ((size_t)64 << 10)   /* a fact line's tree is about 2 KiB */

static __thread json_scratch *cur;
static int scratch_hooked;   /* json_scratch_hooks ran: else every tree is malloc's */

static void *scratch_alloc(size_t n)
{
    json_scratch *s = cur;
    if (s) {
        size_t a = n ? (n + ALIGN - 1) & ~(size_t)(ALIGN - 1) : ALIGN;
        if (!s->buf) {
            s->buf = malloc(SCRATCH_BYTES);
            s->cap = s->buf ? SCRATCH_BYTES : 0;
        }
        if (a <= s->cap - s->used) {
            char *p = s->buf + s->used;
            s->used += a;
            return p;
        }
        s->spilled++;
    }
    return malloc(n);
}

static void scratch_release(void *p)
{
    json_scratch *s = cur;
    if (s && s->buf && (char *)p >= s->buf && (char *)p < s->buf + s->cap)
        return;   /* freed all at once by json_scratch_reset */
    free(p);
}

void json_scratch_hooks(void)
{
#ifndef JSON_ARENA_OFF
    cJSON_Hooks h = {.malloc_fn = scratch_alloc, .free_fn = scratch_release};
    cJSON_InitHooks(&h);
    scratch_hooked = 1;
#else
    (void)scratch_alloc;   /* a sanitizer build: malloc's, seen by the sanitizers */
    (void)scratch_release;
#endif
}

void json_scratch_enter(json_scratch *s)
{
    cur = s;
}

void json_scratch_leave(void)
{
    cur = NULL;
}

void json_scratch_reset(json_scratch *s)
{
    s->used = s->spilled = 0;
}

void json_scratch_drop(json_scratch *s, cJSON *tree)
{
    if (tree && (s->spilled || !scratch_hooked)) {
        json_scratch *was = cur;
        cur = s;
        cJSON_Delete(tree);
        cur = was;
    }
    json_scratch_reset(s);
}

void json_scratch_free(json_scratch *s)
{
    free(s->buf);
    memset(s, 0, sizeof *s);
}
