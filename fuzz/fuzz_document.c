/* libFuzzer harness: the bytes are a document file (*.json), read by
 * reader_document() against the real catalogue, every accepted fact sent
 * through the canonical TSV round trip.  The same document is then read a
 * second time by the same reader (its source id is taken by then).  Last,
 * text_positions_get() is checked against text_position() on the text. */
#include "fuzz_common.h"
#include "lib/reader.h"

FUZZ_WITH_CATALOG(cat)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, NUL-terminated as reader_document wants, so that
     * AddressSanitizer sees any read past the end */
    char *text = xstrndup((const char *)data, size);
    diag d;
    fuzz_quiet_diag(&d, "fuzz.json");
    fuzz_roundtrip rt;
    fuzz_roundtrip_init(&rt, &cat);
    reader r;
    reader_init(&r, &cat, &d, fuzz_roundtrip_sink, &rt);
    reader_document(&r, "fuzz.json", text, size);
    diag_file(&d, "again.json");
    reader_document(&r, "again.json", text, size);
    reader_free(&r);
    fuzz_roundtrip_free(&rt);
    /* positions for many offsets (diag.h) agree with the plain scan, in
     * whatever order they are asked for */
    text_positions p;
    text_positions_init(&p, text);
    for (size_t k = 0; k + 1 < size && k < 32; k += 2) {
        size_t off = ((size_t)data[k] << 8 | data[k + 1]) % (size + 1);
        size_t l1, c1, l2, c2;
        text_position(text, off, &l1, &c1);
        text_positions_get(&p, off, &l2, &c2);
        if (l1 != l2 || c1 != c2)
            abort();
    }
    text_positions_free(&p);
    free(text);
    return 0;
}
