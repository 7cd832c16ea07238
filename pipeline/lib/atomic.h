/* Atomic file output: write to a temporary name in the target's folder,
 * then fsync and rename() into place, so a reader (or a crash) never sees a
 * half-written report: the old file stays until the new one is complete. */
#ifndef TAAWUN_ATOMIC_H
#define TAAWUN_ATOMIC_H

#include <stdio.h>

typedef struct {
    char *path;     /* final name */
    char *tmp;      /* temporary name beside it */
    FILE *fp;
} atomic_file;

/* Opens `path`'s temporary sibling for writing.  Returns 0, or -1 with errno. */
int atomic_open(atomic_file *af, const char *path);
/* Flushes, fsyncs and renames into place.  Returns 0, or -1 with errno (the
 * temporary is removed and the old file kept). */
int atomic_commit(atomic_file *af);
/* Drops the temporary file, keeping whatever was at `path` before. */
void atomic_abort(atomic_file *af);

/* The temporary name used for `path` (caller frees): for libraries that
 * insist on writing a file name themselves (libxlsxwriter, cairo).  Every
 * temporary named here is removed if the program exits (or gets SIGINT,
 * SIGTERM or SIGHUP) before atomic_rename() or atomic_commit() puts it in
 * place; only SIGKILL can leave one, and the next make reports sweeps it. */
char *atomic_tmp_name(const char *path);
/* Renames a finished temporary into place after fsync.  0 or -1 with errno. */
int atomic_rename(const char *tmp, const char *path);

/* Writes len bytes to path atomically, but only when they differ from what
 * the file holds (its time stamp then stays, so make rebuilds nothing that
 * depends on it).  Returns 1 written, 0 unchanged, -1 with errno. */
int atomic_write_if_changed(const char *path, const char *data, size_t len);
/* The same for a file made of pieces written one after the other. */
typedef struct {
    const char *p;
    size_t n;
} atomic_piece;
int atomic_write_parts_if_changed(const char *path, const atomic_piece *parts, size_t n_parts);
/* Creates a folder and its parents (mkdir -p). 0 or -1 with errno. */
int make_dirs(const char *path);

#endif
