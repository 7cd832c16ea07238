/* libFuzzer harness: the bytes are a stream file (*.ndjson), split into
 * lines, each handed to reader_stream_line() against the real catalogue;
 * every accepted fact goes through the canonical TSV round trip. */
#include "fuzz_common.h"
#include "lib/reader.h"

FUZZ_WITH_CATALOG(cat)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d;
    fuzz_quiet_diag(&d, "fuzz.ndjson");
    fuzz_roundtrip rt;
    fuzz_roundtrip_init(&rt, &cat);
    reader r;
    reader_init(&r, &cat, &d, fuzz_roundtrip_sink, &rt);
    size_t start = 0, lineno = 0;
    while (start < size) {
        const uint8_t *nl = memchr(data + start, '\n', size - start);
        size_t len = nl ? (size_t)(nl - (data + start)) + 1 : size - start;
        /* each line in a buffer of its own: its length plus the NUL the
         * reader writes, nothing more */
        char *line = xmalloc(len + 1);
        memcpy(line, data + start, len);
        reader_stream_line(&r, "fuzz.ndjson", ++lineno, line, len);
        free(line);
        start += len;
    }
    reader_free(&r);
    fuzz_roundtrip_free(&rt);
    return 0;
}
