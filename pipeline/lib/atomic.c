#include "atomic.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Temporaries not yet in place, removed at exit or on a fatal signal. */
#define MAX_PENDING 64
static char *pending[MAX_PENDING];
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;   /* writers in threads */

static void remove_pending(void)
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending[i])
            unlink(pending[i]);   /* async-signal-safe */
}

static void on_signal(int sig)
{
    remove_pending();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void track(const char *tmp)
{
    static int installed;
    pthread_mutex_lock(&pending_lock);
    if (!installed) {
        installed = 1;
        atexit(remove_pending);
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
    }
    for (int i = 0; i < MAX_PENDING; i++)
        if (!pending[i]) {
            pending[i] = xstrdup(tmp);
            break;
        }
    pthread_mutex_unlock(&pending_lock);
}

static void untrack(const char *tmp)
{
    pthread_mutex_lock(&pending_lock);
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending[i] && strcmp(pending[i], tmp) == 0) {
            char *p = pending[i];
            pending[i] = NULL;
            free(p);
            break;
        }
    pthread_mutex_unlock(&pending_lock);
}

char *atomic_tmp_name(const char *path)
{
    /* Same folder (rename must not cross file systems); the pid keeps two
     * concurrent writers (make -j) from sharing a temporary. */
    strbuf sb;
    sb_init(&sb);
    const char *slash = strrchr(path, '/');
    if (slash) {
        sb_put(&sb, path, (size_t)(slash - path + 1));
        sb_printf(&sb, ".%s.tmp%ld", slash + 1, (long)getpid());
    } else {
        sb_printf(&sb, ".%s.tmp%ld", path, (long)getpid());
    }
    /* keep the extension last: some libraries look at it */
    const char *dot = strrchr(path, '.');
    if (dot && (!slash || dot > slash))
        sb_puts(&sb, dot);
    track(sb.data);
    return sb.data;
}

int atomic_open(atomic_file *af, const char *path)
{
    af->path = xstrdup(path);
    af->tmp = atomic_tmp_name(path);
    af->fp = fopen(af->tmp, "wb");
    if (!af->fp) {
        int e = errno;
        free(af->path);
        free(af->tmp);
        af->path = af->tmp = NULL;
        errno = e;
        return -1;
    }
    return 0;
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

int atomic_rename(const char *tmp, const char *path)
{
    int r = 0, e = 0;
    if (fsync_path(tmp) != 0 || rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        r = -1;
    }
    untrack(tmp);
    errno = e;
    return r;
}

int atomic_commit(atomic_file *af)
{
    int r = 0, e = 0;
    if (fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0) {
        r = -1;
        e = errno ? errno : EIO;
    }
    if (fclose(af->fp) != 0 && r == 0) {
        r = -1;
        e = errno;
    }
    af->fp = NULL;
    if (r == 0 && rename(af->tmp, af->path) != 0) {
        r = -1;
        e = errno;
    }
    if (r != 0)
        unlink(af->tmp);
    untrack(af->tmp);
    free(af->path);
    free(af->tmp);
    af->path = af->tmp = NULL;
    errno = e;
    return r;
}

void atomic_abort(atomic_file *af)
{
    if (af->fp)
        fclose(af->fp);
    if (af->tmp) {
        unlink(af->tmp);
        untrack(af->tmp);
    }
    free(af->path);
    free(af->tmp);
    af->fp = NULL;
    af->path = af->tmp = NULL;
}

int make_dirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                free(p);
                errno = e;
                return -1;
            }
            *s = '/';
        }
    }
    int r = mkdir(p, 0777);
    int e = errno;
    free(p);
    if (r != 0 && e != EEXIST) {
        errno = e;
        return -1;
    }
    return 0;
}

/* Is the file at path exactly these pieces?  Read in chunks: a file can
 * be megabytes, and several may be compared at once. */
static int same_bytes(const char *path, const atomic_piece *parts, size_t n_parts)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    char buf[1 << 16];
    int same = 1;
    for (size_t k = 0; k < n_parts && same; k++) {
        size_t off = 0, len = parts[k].n;
        while (same && off < len) {
            size_t want = len - off < sizeof buf ? len - off : sizeof buf;
            same = fread(buf, 1, want, fp) == want && memcmp(buf, parts[k].p + off, want) == 0;
            off += want;
        }
    }
    same = same && fgetc(fp) == EOF && !ferror(fp);
    fclose(fp);
    return same;
}

int atomic_write_parts_if_changed(const char *path, const atomic_piece *parts, size_t n_parts)
{
    if (same_bytes(path, parts, n_parts))
        return 0;
    atomic_file af;
    if (atomic_open(&af, path) != 0)
        return -1;
    for (size_t k = 0; k < n_parts; k++)
        if (fwrite(parts[k].p, 1, parts[k].n, af.fp) != parts[k].n) {
            int e = errno;
            atomic_abort(&af);
            errno = e;
            return -1;
        }
    return atomic_commit(&af) == 0 ? 1 : -1;
}

int atomic_write_if_changed(const char *path, const char *data, size_t len)
{
    atomic_piece one = {data, len};
    return atomic_write_parts_if_changed(path, &one, 1);
}
