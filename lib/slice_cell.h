/* Reading one cell's lists (lib/slice_cell.c), for the slice reader
 * (lib/slice_read.c): not for the renderers, which read lib/slice.h. */
#ifndef TAAWUN_SLICE_CELL_H
#define TAAWUN_SLICE_CELL_H

#include "slice.h"

/* Where the next cell's lists go in the slice's shared arrays. */
typedef struct {
    size_t reported, derived, parts, sources, terms;
} slice_cell_lists;

/* Allocates the shared arrays for every cell of `cells` (a JSON array). */
void slice_cell_lists_init(slice *s, slice_cell_lists *l, const cJSON *cells);
/* Fills a cell's flags, difference, lists and previous period from o. */
void slice_cell_read(slice *s, slice_cell_lists *l, slice_cell *c, const cJSON *o);

/* Reads an "only" object (a cell's or a headline's) into o. */
void slice_only_read(slice_only *o, const cJSON *v);

#endif
