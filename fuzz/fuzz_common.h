/* Shared by the libFuzzer harnesses (fuzz/fuzz_*.c): the real catalogue,
 * loaded once, and a fact sink that checks the canonical TSV round trip.
 * See fuzz/README.md. */
#ifndef TAAWUN_FUZZ_COMMON_H
#define TAAWUN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/catalog.h"
#include "lib/diag.h"
#include "lib/fact.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* Folder of the real catalogue: $TAAWUN_CATALOG, else input/catalog (make
 * runs the fuzzers from the repository's root). */
static inline const char *fuzz_catalog_dir(void)
{
    const char *e = getenv("TAAWUN_CATALOG");
    return e && *e ? e : "input/catalog";
}

static inline void fuzz_load_catalog(catalog *c)
{
    diag d;
    diag_init(&d, 50);
    if (catalog_load(c, fuzz_catalog_dir(), &d) != 0) {
        fprintf(stderr, "fuzz: cannot load the catalogue from %s (set TAAWUN_CATALOG)\n", fuzz_catalog_dir());
        exit(1);
    }
}

/* A harness that checks against the catalogue: `cat`, loaded once in
 * libFuzzer's initialisation. */
#define FUZZ_WITH_CATALOG(cat)                                   \
    static catalog cat;                                          \
    int LLVMFuzzerInitialize(int *argc, char ***argv);           \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); \
    int LLVMFuzzerInitialize(int *argc, char ***argv)            \
    {                                                            \
        (void)argc;                                              \
        (void)argv;                                              \
        fuzz_load_catalog(&cat);                                 \
        return 0;                                                \
    }

/* A diag that counts and prints nothing. */
static inline void fuzz_quiet_diag(diag *d, const char *file)
{
    diag_init(d, 50);
    d->quiet = 1;
    diag_file(d, file);
}

/* Fact sink: every fact the reader accepts must survive the canonical TSV
 * round trip (write, read back, write again: the same line), must be one
 * line of FACTS_TSV_COLUMNS columns, and must hold no character the text
 * policy refuses outside the x_ extensions. */
typedef struct {
    const catalog *cat;
    strbuf a, b;
    size_t facts;
} fuzz_roundtrip;

static inline void fuzz_roundtrip_init(fuzz_roundtrip *rt, const catalog *c)
{
    rt->cat = c;
    sb_init(&rt->a);
    sb_init(&rt->b);
    rt->facts = 0;
}

static inline void fuzz_roundtrip_free(fuzz_roundtrip *rt)
{
    sb_free(&rt->a);
    sb_free(&rt->b);
}

static inline void fuzz_fail(const char *what, const char *line)
{
    fprintf(stderr, "fuzz: %s\nline: %s\n", what, line);
    abort();
}

static inline void fuzz_roundtrip_sink(void *arg, const fact *f)
{
    fuzz_roundtrip *rt = arg;
    rt->facts++;
    sb_reset(&rt->a);
    fact_write_tsv(&rt->a, f, rt->cat);
    const char *s = rt->a.data;
    size_t tabs = 0;
    const char *ext_tab = NULL, *last_tab = NULL;   /* before the x_ extensions, before period_basis */
    for (size_t i = 0; i + 1 < rt->a.len; i++) {
        if (s[i] == '\n' || s[i] == '\r')
            fuzz_fail("raw line break inside a canonical line", s);
        if (s[i] == '\t') {
            tabs++;
            ext_tab = last_tab;
            last_tab = s + i;
        }
    }
    if (rt->a.len == 0 || s[rt->a.len - 1] != '\n')
        fuzz_fail("canonical line does not end with a line feed", s);
    if (tabs != FACTS_TSV_COLUMNS - 1)
        fuzz_fail("wrong number of columns in a canonical line", s);
    /* the text policy, up to the x_ extensions (the column before the
     * last, period_basis, which is a plain word) */
    char *head = xstrndup(s, (size_t)(ext_tab - s));
    for (char *p = head; *p; p++)
        if (*p == '\t')
            *p = ' ';
    if (utf8_unsafe_char(head, 0, NULL))
        fuzz_fail("a refused character reached the canonical facts", s);
    free(head);
    char *copy = xstrdup(s);
    fact g;
    const char *why = NULL;
    if (fact_read_tsv(copy, &g, rt->cat, &why) != 0)
        fuzz_fail(why, s);
    sb_reset(&rt->b);
    fact_write_tsv(&rt->b, &g, rt->cat);
    if (rt->a.len != rt->b.len || memcmp(rt->a.data, rt->b.data, rt->a.len) != 0) {
        fprintf(stderr, "second: %s", rt->b.data);
        fuzz_fail("canonical line changes when read back and written again", s);
    }
    free(copy);
}

#endif
