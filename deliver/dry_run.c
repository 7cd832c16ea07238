/* --dry-run builds every message with the same libcurl calls and captures
 * what libcurl would have sent: libcurl connects (CURLOPT_UNIX_SOCKET_PATH)
 * to a Unix socket in a private temporary folder, where a small thread
 * answers the SMTP dialogue and keeps the DATA (un-dot-stuffed), written
 * as MAIL-DIR/NN-address.eml.  No network is used.  (Handing libcurl a
 * socketpair through CURLOPT_OPENSOCKETFUNCTION and
 * CURL_SOCKOPT_ALREADY_CONNECTED would be simpler, but libcurl 7.88 still
 * calls connect() on such a socket: curl issue #10626, fixed in 8.0.) */
#include <errno.h>
#include <glob.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "deliver.h"
#include "lib/atomic.h"

typedef struct {
    int listen_fd, fd;
    const char *sock, *dir;   /* removed as soon as libcurl is connected */
    strbuf msg;
    int got;
} dry_peer;

static void peer_say(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w <= 0) {
            if (w < 0 && errno == EINTR)
                continue;
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

static void *dry_peer_run(void *arg)
{
    dry_peer *p = arg;
    p->fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (p->fd < 0)
        return NULL;
    unlink(p->sock);   /* connected: the name is no longer needed, nothing is left if we are killed */
    rmdir(p->dir);
    strbuf in;
    sb_init(&in);
    int data = 0, quit = 0;
    peer_say(p->fd, "220 taawun-mail dry run ESMTP\r\n");
    char buf[65536];
    while (!quit) {
        ssize_t n = read(p->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        sb_put(&in, buf, (size_t)n);
        size_t pos = 0;
        for (;;) {
            char *eol = memchr(in.data + pos, '\n', in.len - pos);
            if (!eol)
                break;
            size_t end = (size_t)(eol - in.data), next = end + 1;
            if (end > pos && in.data[end - 1] == '\r')
                end--;
            const char *line = in.data + pos;
            size_t len = end - pos;
            pos = next;
            if (data) {
                if (len == 1 && line[0] == '.') {
                    data = 0;
                    p->got = 1;
                    peer_say(p->fd, "250 2.0.0 kept\r\n");
                } else {
                    if (len && line[0] == '.') {   /* dot-stuffing */
                        line++;
                        len--;
                    }
                    sb_put(&p->msg, line, len);
                    sb_puts(&p->msg, "\r\n");
                }
            } else if (len >= 4 && !strncasecmp(line, "EHLO", 4)) {
                peer_say(p->fd, "250-taawun-mail\r\n250 8BITMIME\r\n");
            } else if (len >= 4 && !strncasecmp(line, "DATA", 4)) {
                data = 1;
                peer_say(p->fd, "354 go ahead\r\n");
            } else if (len >= 4 && !strncasecmp(line, "QUIT", 4)) {
                peer_say(p->fd, "221 2.0.0 bye\r\n");
                quit = 1;
                break;
            } else {
                peer_say(p->fd, "250 2.0.0 ok\r\n");
            }
        }
        memmove(in.data, in.data + pos, in.len - pos);
        in.len -= pos;
        in.data[in.len] = '\0';
    }
    sb_free(&in);
    close(p->fd);
    return NULL;
}

int dry_run_perform(CURL *h, strbuf *eml, CURLcode *rc)
{
    /* libcurl connects to a Unix socket of our own (no network), where
     * dry_peer_run plays the server and keeps what libcurl sends. */
    const char *tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    strbuf dir, sock;
    sb_init(&dir);
    sb_init(&sock);
    sb_printf(&dir, "%s/taawun-mail.XXXXXX", tmpdir);
    if (!mkdtemp(dir.data))
        die(EXIT_IO, "cannot create a folder in %s: %s", tmpdir, strerror(errno));
    sb_printf(&sock, "%s/smtp", dir.data);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (sock.len >= sizeof sa.sun_path)
        die(EXIT_IO, "TMPDIR %s is too long for a socket name", tmpdir);
    memcpy(sa.sun_path, sock.data, sock.len + 1);
    dry_peer peer = {.fd = -1, .sock = sock.data, .dir = dir.data};
    sb_init(&peer.msg);
    peer.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (peer.listen_fd < 0 || bind(peer.listen_fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        listen(peer.listen_fd, 1) != 0)
        die(EXIT_IO, "cannot listen on %s: %s", sock.data, strerror(errno));
    pthread_t thread;
    if (pthread_create(&thread, NULL, dry_peer_run, &peer) != 0)
        die(EXIT_INTERNAL, "cannot start a thread");
    curl_easy_setopt(h, CURLOPT_URL, "smtp://localhost/taawun-dry-run");
    curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, sock.data);
    *rc = curl_easy_perform(h);
    curl_easy_cleanup(h);   /* closes libcurl's end: the peer sees the end */
    shutdown(peer.listen_fd, SHUT_RDWR);   /* wakes accept() if libcurl never came */
    pthread_join(thread, NULL);
    close(peer.listen_fd);
    unlink(sock.data);
    rmdir(dir.data);
    sb_free(&dir);
    sb_free(&sock);
    int got = *rc == CURLE_OK && peer.got;
    if (got) {
        sb_reset(eml);
        sb_put(eml, peer.msg.data, peer.msg.len);
    }
    sb_free(&peer.msg);
    return got;
}

void write_eml(const settings *st, const message *m, const strbuf *eml)
{
    strbuf p;
    sb_init(&p);
    if (m->c) {
        sb_printf(&p, "%s/%02zu-", st->mail_dir, m->index);
        /* at most 200 characters of the address (254 allowed): a file
         * name has at most 255 bytes; the index keeps names apart */
        for (const char *s = m->to; *s && s - m->to < 200; s++)
            sb_putc(&p, (strchr("@.-_+", *s) || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                         (*s >= '0' && *s <= '9')) ? *s : '_');
        sb_puts(&p, ".eml");
    } else {
        sb_printf(&p, "%s/notice.eml", st->mail_dir);
    }
    atomic_file af;
    if (atomic_open(&af, p.data) != 0)
        die(EXIT_IO, "cannot write %s: %s", p.data, strerror(errno));
    fwrite(eml->data, 1, eml->len, af.fp);
    if (atomic_commit(&af) != 0)
        die(EXIT_IO, "cannot write %s: %s", p.data, strerror(errno));
    sb_free(&p);
}

void clear_eml(const char *dir)
{
    strbuf p;
    sb_init(&p);
    sb_printf(&p, "%s/[0-9][0-9]-*.eml", dir);
    glob_t g;
    if (glob(p.data, 0, NULL, &g) == 0)
        for (size_t i = 0; i < g.gl_pathc; i++)
            unlink(g.gl_pathv[i]);
    globfree(&g);
    sb_free(&p);
}
