/* Atomic file output: write to a temporary name in the target's folder,
 * then fsync and rename() into place, so a reader (or a crash) never sees a
 * half-written report: the old file stays until the new one is complete. */
#ifndef TAAWUN_ATOMIC_H
#define TAAWUN_ATOMIC_H

#include <stdio.h>

typedef struct {
    char *path;     /* final name */
    char *tmp;      /* temporary beside it: .<basename>.tmp-XXXXXX */
    FILE *fp;
    int fd;         /* fp's descriptor: the inode created with O_EXCL */
    int err;        /* errno of the first failed write, 0 if none */
} atomic_file;

/* Creates `path`'s temporary sibling, named .<basename>.tmp-XXXXXX (six
 * random characters) with O_CREAT|O_EXCL: never an existing file, never
 * through a planted symlink.  Returns 0, or -1 with errno.  The temporary
 * is removed if the program exits (or gets SIGINT, SIGTERM, SIGHUP, or a
 * library gives up: SIGABRT, SIGTRAP) before atomic_commit(); a SIGKILL
 * or a crash can leave one, and the next make reports sweeps it. */
int atomic_open(atomic_file *af, const char *path);
/* Writes n bytes to the temporary.  0, or -1 with errno (also kept in
 * af->err, so that a later atomic_commit fails with it). */
int atomic_write(atomic_file *af, const void *p, size_t n);
/* Checks every write, flushes, fsyncs, checks that the temporary's name
 * still holds the inode created by atomic_open (a library may have written
 * it by name), closes, renames into place and fsyncs the folder.  Returns
 * 0, or -1 with errno: the temporary is then removed and whatever was at
 * `path` before is kept. */
int atomic_commit(atomic_file *af);
/* Drops the temporary file, keeping whatever was at `path` before. */
void atomic_abort(atomic_file *af);

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
