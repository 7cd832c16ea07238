/* What the slice's writer and reader share (lib/slice.h): the names of
 * the flags, bit k named slice_flag_names[k]. */
#include <string.h>

#include "slice.h"

const char *const slice_flag_names[SLICE_N_FLAGS] = {"differs", "parts_exceed_total", "conflicting_sources",
                                                     "partial", "derivations_differ", "synthetic"};

unsigned slice_flag_bit(const char *name)
{
    for (int k = 0; k < SLICE_N_FLAGS; k++)
        if (!strcmp(name, slice_flag_names[k]))
            return 1u << k;
    return 0;
}
