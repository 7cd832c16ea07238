/* What cairo 1.16 cannot write into a tagged PDF, added once the file is
 * complete, with libqpdf: the document language (/Lang in the catalogue),
 * the alternative text (/Alt) of each Figure structure element, and one
 * Document element over the report's elements, marked as tagged
 * (/MarkInfo: cairo marks only files whose top elements are Document,
 * Part, Sect...; page headers and footers stay outside the structure). */
#ifndef TAAWUN_PDF_TAGGED_H
#define TAAWUN_PDF_TAGGED_H

#include <stddef.h>

/* Rewrites the PDF at path in place (it is still the temporary file) with
 * /Lang lang and alt[i] as /Alt of the i-th Figure of the structure tree,
 * in document order; the file ID is derived from the content, so the same
 * input gives the same bytes.  Returns 0, or -1 with a message in err
 * (also when the tree does not hold exactly n_alt figures). */
int pdf_tagged_finish(const char *path, const char *lang, char *const *alt, size_t n_alt, char *err, size_t errlen);

#endif
