#include "atomic.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
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
        /* and when a library gives up: an assertion (SIGABRT), GLib's
         * g_error (SIGTRAP).  Not SIGSEGV: sanitizers and debuggers own it. */
        int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGABRT, SIGTRAP};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
            signal(sigs[i], on_signal);
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

/* Six random characters from getrandom(): a name no one can predict. */
static void random_suffix(char out[7])
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[6];
    ssize_t got = getrandom(r, sizeof r, 0);
    if (got != (ssize_t)sizeof r) {
        /* no entropy source: still unique per call, O_EXCL does the rest */
        static unsigned long n;
        unsigned long v = (unsigned long)getpid() * 2654435761u ^ (unsigned long)time(NULL) ^ ++n * 40503u;
        for (int i = 0; i < 6; i++, v >>= 5)
            r[i] = (unsigned char)v;
    }
    for (int i = 0; i < 6; i++)
        out[i] = abc[r[i] % (sizeof abc - 1)];
    out[6] = '\0';
}

/* Creates path's temporary with O_EXCL (a planted file or symlink is never
 * opened: O_CREAT|O_EXCL fails on any existing name, dangling link too).
 * Returns the descriptor and the name, or -1 with errno. */
static int create_tmp(const char *path, char **tmp_out)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path + 1) : 0;
    for (int attempt = 0; attempt < 100; attempt++) {
        char rnd[7];
        random_suffix(rnd);
        strbuf sb;
        sb_init(&sb);
        sb_put(&sb, path, dir);
        sb_printf(&sb, ".%s.tmp-%s", path + dir, rnd);
        int fd = open(sb.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
            track(sb.data);
            *tmp_out = sb.data;
            return fd;
        }
        int e = errno;
        sb_free(&sb);
        if (e != EEXIST) {
            errno = e;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

int atomic_open(atomic_file *af, const char *path)
{
    memset(af, 0, sizeof *af);
    af->fd = create_tmp(path, &af->tmp);
    if (af->fd < 0)
        return -1;
    af->fp = fdopen(af->fd, "wb");
    if (!af->fp) {
        int e = errno;
        close(af->fd);
        unlink(af->tmp);
        untrack(af->tmp);
        free(af->tmp);
        af->tmp = NULL;
        errno = e;
        return -1;
    }
    af->path = xstrdup(path);
    return 0;
}

int atomic_write(atomic_file *af, const void *p, size_t n)
{
    if (af->err) {
        errno = af->err;
        return -1;
    }
    errno = 0;
    if (n && fwrite(p, 1, n, af->fp) != n) {
        af->err = errno ? errno : EIO;
        errno = af->err;
        return -1;
    }
    return 0;
}

/* The folder's entry is on disk too, not only the file's data. */
static void fsync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);   /* best effort: some file systems refuse a folder */
        close(fd);
    }
    free(dir);
}

int atomic_commit(atomic_file *af)
{
    int e = af->err;
    errno = 0;
    if (!e && (fflush(af->fp) != 0 || ferror(af->fp)))
        e = errno ? errno : EIO;
    if (!e && fsync(af->fd) != 0)
        e = errno;
    if (!e) {
        /* a library that wrote the temporary by name (libxlsxwriter) must
         * have written our inode, not something put in its place */
        struct stat a, b;
        if (fstat(af->fd, &a) != 0 || lstat(af->tmp, &b) != 0)
            e = errno;
        else if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
            e = EEXIST;
    }
    errno = 0;
    if (fclose(af->fp) != 0 && !e)
        e = errno ? errno : EIO;
    af->fp = NULL;
    if (!e && rename(af->tmp, af->path) != 0)
        e = errno;
    if (e)
        unlink(af->tmp);
    else
        fsync_dir_of(af->path);
    untrack(af->tmp);
    free(af->path);
    free(af->tmp);
    af->path = af->tmp = NULL;
    errno = e;
    return e ? -1 : 0;
}

void atomic_abort(atomic_file *af)
{
    int e = errno;
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
    errno = e;
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
        if (atomic_write(&af, parts[k].p, parts[k].n) != 0) {
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
