/* What cairo 1.16 cannot write into a tagged PDF, added once the file is
 * complete, with libqpdf: the document language (/Lang in the catalogue),
 * the alternative text (/Alt) of each Figure structure element, and one
 * Document element over the report's elements, marked as tagged
 * (/MarkInfo: cairo marks only files whose top elements are Document,
 * Part, Sect...; page headers and footers stay outside the structure). */
#ifndef TAAWUN_PDF_TAGGED_H
#define TAAWUN_PDF_TAGGED_H

#include <stddef.h>

/* The PDF in data (len bytes, cairo's output for the file `name`) with
 * /Lang lang and alt[i] as /Alt of the i-th Figure of the structure tree,
 * in document order, into *out (malloc'ed, *out_len bytes); the file ID is
 * derived from the content, so the same input gives the same bytes.
 * Returns 0, or -1 with a message in err (also when the tree does not hold
 * exactly n_alt figures). */
int pdf_tagged_finish(const char *name, const char *data, size_t len, const char *lang, char *const *alt,
                      size_t n_alt, char **out, size_t *out_len, char *err, size_t errlen);

#endif
