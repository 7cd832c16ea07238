/* Words shared by the renderers for a figure: its value as text with the
 * qualifier and unit, and a note on how it was obtained ("reported",
 * "sum of 2 of 12 regions"), in the report's language. */
#ifndef TAAWUN_REPORT_TEXT_H
#define TAAWUN_REPORT_TEXT_H

#include <stddef.h>

#include "lib/slice.h"
#include "template.h"

/* "أكثر من 493,970" / "plus de 493 970" ; unit: count, people, mad, percent … */
void figure_text(char *buf, size_t len, double value, const char *qualifier, const char *unit, const char *lang);
/* How the cell's value was obtained, e.g. "calculé : somme de 1 territoire sur 5 (partiel)". */
void basis_text(char *buf, size_t len, const slice_cell *c, const template_set *t, const char *lang);
/* A figure for one sex or one area only: "hommes", "rural", "hommes, rural"
 * in buf; returns 0 for any other cell, 1 when the part's value is
 * complete, 2 when it is itself partial. */
int only_part_words(char *buf, size_t len, const slice_cell *c, const template_set *t, const char *lang);
/* Is the cell's value shown as a partial sum ("≥")?  Not a figure for one
 * sex or one area only whose own value is complete: that is shown as the
 * part it is ("hommes : 200"). */
int cell_shown_partial(const slice_cell *c);
/* The value as a report prints it: "≥ 8 548" for a partial sum,
 * "hommes : 200" (or "hommes : ≥ 200") for one sex only, else the figure
 * with its qualifier. */
void cell_value_text(char *buf, size_t len, const slice_cell *c, const char *unit, const template_set *t,
                     const char *lang);
/* A label with "{n}" replaced by n, in a new string ("et {n} autres …"). */
char *label_with_n(const char *tpl, const char *n);

#endif
