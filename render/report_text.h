/* Words shared by the renderers for a figure: its value as text with the
 * qualifier and unit, and a note on how it was obtained ("reported",
 * "sum of 2 of 12 regions"), in the report's language. */
#ifndef TAAWUN_REPORT_TEXT_H
#define TAAWUN_REPORT_TEXT_H

#include <stddef.h>

#include "slice.h"
#include "template.h"

/* "أكثر من 493,970" / "plus de 493 970" ; unit: count, people, mad, percent … */
void figure_text(char *buf, size_t len, double value, const char *qualifier, const char *unit, const char *lang);
/* How the cell's value was obtained, e.g. "calculé : somme de 1 territoire sur 5 (partiel)". */
void basis_text(char *buf, size_t len, const slice_cell *c, const template_set *t, const char *lang);
/* A label with "{n}" replaced by n, in a new string ("et {n} autres …"). */
char *label_with_n(const char *tpl, const char *n);

#endif
