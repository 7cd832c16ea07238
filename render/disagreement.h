/* A disagreement in words, with its numbers (issue 13): where a reported
 * total disagrees with its parts, or two sums disagree, what each says:
 * "10 548 déclaré ; 220 urbain + 8 348 rural = 8 568".  Shared by the PDF
 * and the workbook, so that both say the same. */
#ifndef TAAWUN_DISAGREEMENT_H
#define TAAWUN_DISAGREEMENT_H

#include <stddef.h>

#include "lib/catalog.h"
#include "lib/util.h"
#include "lib/slice.h"
#include "template.h"

/* Does the cell carry a flag of a disagreement (differs, parts exceed the
 * total, conflicting sources, derivations differ)? */
int disagreement_flagged(const slice_cell *c);

/* Appends the sentence for a flagged cell of slice s: the reported values
 * (each one, with its source's title, where sources conflict), then each sum that disagrees with its terms,
 * the first max_terms of them and "et N autres" for the rest.  Appends
 * nothing when the cell is not flagged. */
void disagreement_text(strbuf *out, const slice *s, const slice_cell *c, const catalog *cat, const template_set *t,
                       const char *lang, size_t max_terms);

/* Copies s into buf[len], cut at a character boundary when too long. */
void utf8_copy(char *buf, size_t len, const char *s);

#endif
