/* libFuzzer harness: the bytes are an article.  Valid UTF-8 goes through
 * the number reader (arnum_read_string) and the whole proposer
 * (propose_run) with the real catalogue and lexicons; every proposed fact
 * must have a finite, non-negative value, a quote that is a substring of
 * the article and a span inside it, and the offset map must point inside
 * the original text. */
#include "fuzz_common.h"
#include "lib/arnorm.h"
#include "lib/arnum.h"
#include "lib/prop_core.h"
#include "lib/prop_lex.h"

#include <glib.h>
#include <math.h>

static catalog cat;
static prop_lex lex;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_load_catalog(&cat);
    if (prop_lex_load(&lex, fuzz_catalog_dir(), prop_lex_catalog_code_ok, &cat) != 0) exit(1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536 || memchr(data, 0, size) || !g_utf8_validate((const char *)data, (gssize)size, NULL)) return 0;
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';

    double v;
    const char *q;
    int pct;
    if (arnum_read_string(&lex, text, size, &v, &q, &pct) && (!isfinite(v) || v < 0 || !q)) abort();

    arnorm_text t;
    arnorm_run(&lex.norm, text, size, &t);
    for (size_t i = 0; i < t.len; i++)
        if (t.ostart[i] > t.oend[i] || t.oend[i] > size) abort();
    arnorm_free(&t);

    prop_ctx c = {&lex, &cat, "2020-01-01"};
    prop_result r;
    propose_run(&c, text, size, &r);
    size_t nchars = (size_t)g_utf8_strlen(text, (gssize)size);
    for (size_t i = 0; i < r.nf; i++) {
        const prop_fact *f = &r.f[i];
        if (!isfinite(f->value) || f->value < 0 || !strstr(text, f->quote) || f->span_s > f->span_e ||
            f->span_e > nchars || !f->indicator || !f->programme || !f->geo || !f->period[0])
            abort();
    }
    char *doc = propose_document(&r, "fuzz", NULL, NULL, NULL);
    free(doc);
    prop_result_free(&r);
    free(text);
    return 0;
}
