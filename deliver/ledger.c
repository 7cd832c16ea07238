/* MAIL-DIR/ledger.tsv, one line per step of a message's delivery:
 *
 *   KEY \t ADDRESS \t WHEN \t REPORTS \t STATE
 *
 * KEY: SHA-256 over the attached reports (names and contents).  STATE is
 * "sending", written and fsynced before the message goes to the server,
 * then "sent" or "failed".  A line of four fields (a ledger of an older
 * taawun-mail) means "sent".  An address whose last line says "sending"
 * had a message under way when a run stopped (kill -9, power cut, no
 * reply to the message's end): the server may have it, so it is not sent
 * again without --force (RFC 5321 4.5.3.2 and 6.1: never twice, never lost
 * silently).  A last line cut short (no line end) counts as "sending". */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "deliver.h"

enum { LS_NONE = 0, LS_SENT, LS_SENDING, LS_FAILED };

void iso_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Opens a log for appending, never through a symbolic link. */
static int open_log(const char *path, int flags)
{
    int fd = open(path, flags | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0 && errno == ELOOP)
        die(EXIT_IO, "%s is a symbolic link: refused (the ledger and the send log are never written through a "
            "link; remove it or put a plain file there); nothing sent", path);
    if (fd < 0)
        die(EXIT_IO, "cannot open %s: %s; nothing sent", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        die(EXIT_IO, "%s is not a plain file: refused; nothing sent", path);
    return fd;
}

/* Appends one line and puts it on disk; -1 with errno, the file as it was. */
static int append_synced(int fd, const char *line)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return -1;
    size_t n = strlen(line), done = 0;
    while (done < n) {
        ssize_t w = write(fd, line + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : ENOSPC;
            int t = ftruncate(fd, sb.st_size);   /* no half line left behind */
            (void)t;
            errno = e;
            return -1;
        }
        done += (size_t)w;
    }
    return fsync(fd);
}

static void lower_key(strbuf *k, const char *key, const char *address)
{
    sb_reset(k);
    if (key) {
        sb_puts(k, key);
        sb_putc(k, '\t');
    }
    for (const char *p = address; *p; p++)
        sb_putc(k, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p);
}

/* Reads the ledger's lines into the two indexes. */
static void ledger_index(ledger *l, const char *text, size_t len)
{
    strbuf k;
    sb_init(&k);
    for (size_t pos = 0; pos < len;) {
        const char *line = text + pos, *eol = memchr(line, '\n', len - pos);
        size_t n = eol ? (size_t)(eol - line) : len - pos;
        pos += n + (eol ? 1 : 0);
        const char *f[6];
        size_t fl[6], nf = 0;
        for (const char *p = line, *end = line + n; nf < 6;) {
            const char *tab = memchr(p, '\t', (size_t)(end - p));
            f[nf] = p;
            fl[nf++] = tab ? (size_t)(tab - p) : (size_t)(end - p);
            if (!tab)
                break;
            p = tab + 1;
        }
        if (nf < 2 || !fl[0] || !fl[1])
            continue;
        int state = nf == 4 ? LS_SENT : LS_SENDING;   /* anything unknown: may have gone */
        if (nf == 5 && fl[4] == 4 && !memcmp(f[4], "sent", 4))
            state = LS_SENT;
        else if (nf == 5 && fl[4] == 6 && !memcmp(f[4], "failed", 6))
            state = LS_FAILED;
        if (!eol)
            state = LS_SENDING;   /* cut short while written */
        char *address = xstrndup(f[1], fl[1]);
        char *key = xstrndup(f[0], fl[0]);
        if (state == LS_SENT) {
            lower_key(&k, key, address);
            strmap_put(&l->sent, k.data, 1);
        }
        lower_key(&k, NULL, address);
        int i = strmap_get(&l->last_index, k.data);
        if (i < 0) {
            l->last = xrealloc(l->last, (l->n_last + 1) * sizeof *l->last);
            i = (int)l->n_last++;
            l->last[i].line = NULL;
            strmap_put(&l->last_index, k.data, i);
        }
        l->last[i].state = state;
        free(l->last[i].line);
        l->last[i].line = NULL;
        if (state == LS_SENDING) {
            strbuf what;
            sb_init(&what);
            if (nf >= 4)
                sb_printf(&what, "%.*s at %.*s", (int)fl[3], f[3], (int)fl[2], f[2]);
            else
                sb_puts(&what, "its line cut short");
            l->last[i].line = what.data;
        }
        free(address);
        free(key);
    }
    sb_free(&k);
}

/* Opens (lock: and locks and reads) MAIL-DIR/ledger.tsv, and (log:)
 * MAIL-DIR/sent.log, before anything is sent. */
void ledger_open(ledger *l, const char *dir, int lock, int log)
{
    memset(l, 0, sizeof *l);
    strmap_init(&l->sent);
    strmap_init(&l->last_index);
    strbuf p;
    sb_init(&p);
    sb_printf(&p, "%s/ledger.tsv", dir);
    l->path = p.data;
    sb_init(&p);
    sb_printf(&p, "%s/sent.log", dir);
    l->log = p.data;
    l->fd = l->log_fd = -1;
    if (lock) {
        l->fd = open_log(l->path, O_RDWR);
        if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EWOULDBLOCK)
                die(EXIT_BUSY, "another taawun-mail is sending with %s; nothing sent (try again when it is done)",
                    l->path);
            die(EXIT_IO, "cannot lock %s: %s", l->path, strerror(errno));
        }
        strbuf text;
        sb_init(&text);
        char buf[65536];
        off_t at = 0;
        for (;;) {
            ssize_t n = pread(l->fd, buf, sizeof buf, at);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                die(EXIT_IO, "cannot read %s: %s", l->path, strerror(errno));
            if (n == 0)
                break;
            sb_put(&text, buf, (size_t)n);
            at += n;
        }
        ledger_index(l, text.data ? text.data : "", text.len);
        sb_free(&text);
    }
    if (log)
        l->log_fd = open_log(l->log, O_WRONLY);
    /* a ledger or log just created stays after a crash */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL))
        die(EXIT_IO, "cannot write %s: %s; nothing sent", dir, strerror(errno));
    close(dfd);
}

/* Whether the message of these reports was sent to this address. */
int ledger_has(const ledger *l, const char *key, const char *address)
{
    strbuf k;
    sb_init(&k);
    lower_key(&k, key, address);
    int found = strmap_get(&l->sent, k.data) >= 0;
    sb_free(&k);
    return found;
}

/* "REPORTS at WHEN" when the last line of this address says "sending",
 * else NULL. */
const char *ledger_sending(const ledger *l, const char *address)
{
    strbuf k;
    sb_init(&k);
    lower_key(&k, NULL, address);
    int i = strmap_get(&l->last_index, k.data);
    sb_free(&k);
    return i >= 0 && l->last[i].state == LS_SENDING ? l->last[i].line : NULL;
}

/* Appends a line to the ledger, on disk before it returns; a ledger that
 * cannot be written stops the run (then `after` says what it means). */
void ledger_write(ledger *l, const char *line, const char *after)
{
    if (append_synced(l->fd, line) != 0)
        die(EXIT_IO, "cannot write the ledger %s: %s; %s", l->path, strerror(errno), after);
}

void log_write(ledger *l, const char *line)
{
    if (append_synced(l->log_fd, line) != 0)
        die(EXIT_IO, "cannot write %s: %s", l->log, strerror(errno));
}

void ledger_close(ledger *l)
{
    if (l->fd >= 0)
        close(l->fd);
    if (l->log_fd >= 0)
        close(l->log_fd);
    for (size_t i = 0; i < l->n_last; i++)
        free(l->last[i].line);
    free(l->last);
    strmap_free(&l->sent);
    strmap_free(&l->last_index);
    free(l->path);
    free(l->log);
}
