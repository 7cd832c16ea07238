/* Sending one message through libcurl: the MIME parts read from memory,
 * the headers, the time-outs of RFC 5321 4.5.3.2, and what a failure
 * means: transient (retried), permanent, or unknown (the whole message
 * went out but no reply to its end came: never sent again by itself). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "deliver.h"
#include "lib/mailhdr.h"

typedef struct {
    const char *data;
    size_t len, pos;
    int *at_end;              /* the last part's: set once its data is all read */
} mem_reader;

static size_t mem_read(char *buf, size_t size, size_t nitems, void *arg)
{
    mem_reader *r = arg;
    size_t n = size * nitems;
    if (n > r->len - r->pos)
        n = r->len - r->pos;
    memcpy(buf, r->data + r->pos, n);
    r->pos += n;
    if (r->at_end && r->pos == r->len)
        *r->at_end = 1;
    return n;
}

static int mem_seek(void *arg, curl_off_t offset, int origin)
{
    mem_reader *r = arg;
    curl_off_t base = origin == SEEK_SET ? 0 : origin == SEEK_CUR ? (curl_off_t)r->pos : (curl_off_t)r->len;
    if (base + offset < 0 || base + offset > (curl_off_t)r->len)
        return CURL_SEEKFUNC_FAIL;
    r->pos = (size_t)(base + offset);
    return CURL_SEEKFUNC_OK;
}

/* The server's last error reply, for messages (never what we send: that
 * holds the login). */
typedef struct {
    char line[256];
    int debug;                /* MAIL_DEBUG=1: libcurl's notes and the server's replies on stderr */
} last_reply;

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
    (void)h;
    last_reply *r = arg;
    if (r->debug && (type == CURLINFO_TEXT || type == CURLINFO_HEADER_IN))   /* never HEADER_OUT: the login */
        fprintf(stderr, "taawun-mail: %s %.*s", type == CURLINFO_TEXT ? "*" : "<", (int)size, data);
    if (type != CURLINFO_HEADER_IN || size < 3 || (data[0] != '4' && data[0] != '5'))
        return 0;   /* keep the last error reply (not the QUIT that follows it) */
    size_t n = size < sizeof r->line - 1 ? size : sizeof r->line - 1;
    memcpy(r->line, data, n);
    r->line[n] = '\0';
    for (char *p = r->line; *p; p++)
        if (*p == '\r' || *p == '\n') {
            *p = '\0';
            break;
        } else if ((unsigned char)*p < 0x20) {
            *p = ' ';
        }
    return 0;
}

static int curl_transient(CURLcode rc, long code)
{
    if (code >= 400 && code < 500)
        return 1;
    if (code >= 500)
        return 0;
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
        return 1;
    default:
        return 0;
    }
}

void send_message(message *m, const settings *st, strbuf *eml)
{
    CURL *h = curl_easy_init();
    if (!h)
        die(EXIT_INTERNAL, "curl_easy_init failed");
    curl_mime *mime = curl_mime_init(h);
    size_t n_readers = 0;
    mem_reader *readers = xcalloc(m->n_att + 2, sizeof *readers);
    struct curl_slist **part_hdr = xcalloc(m->n_att + 1, sizeof *part_hdr);   /* the parts' own headers */
    size_t n_part_hdr = 0;

    /* every part read through mem_read, so that the end of the last one
     * tells that the whole message went to libcurl (m->data_done) */
    size_t last = m->n_att;
    while (last > 0 && m->att[last - 1].left_out)
        last--;
    m->data_done = 0;
    mem_reader *r = &readers[n_readers++];
    r->data = m->body.data;
    r->len = m->body.len;
    r->at_end = last == 0 ? &m->data_done : NULL;
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_data_cb(part, (curl_off_t)r->len, mem_read, mem_seek, NULL, r);
    curl_mime_type(part, "text/plain; charset=UTF-8");
    curl_mime_encoder(part, "quoted-printable");
    part_hdr[n_part_hdr] = curl_slist_append(NULL, "Content-Disposition: inline");
    curl_mime_headers(part, part_hdr[n_part_hdr++], 0);
    for (size_t a = 0; a < m->n_att; a++) {
        blob *f = &m->att[a];
        if (f->left_out)
            continue;
        r = &readers[n_readers++];
        r->data = f->data;
        r->len = f->len;
        r->at_end = a + 1 == last ? &m->data_done : NULL;
        part = curl_mime_addpart(mime);
        curl_mime_data_cb(part, (curl_off_t)f->len, mem_read, mem_seek, NULL, r);
        curl_mime_filename(part, f->name);
        curl_mime_type(part, f->type);
        curl_mime_encoder(part, "base64");
        if (f->is_inline) {
            strbuf hb;
            sb_init(&hb);
            sb_printf(&hb, "Content-Disposition: inline; filename=\"%s\"", f->name);
            struct curl_slist *l = curl_slist_append(NULL, hb.data);
            sb_reset(&hb);
            sb_printf(&hb, "Content-ID: <%s@taawun>", f->name);
            l = curl_slist_append(l, hb.data);
            sb_free(&hb);
            part_hdr[n_part_hdr++] = l;
            curl_mime_headers(part, l, 0);
        }
    }

    /* message headers */
    struct curl_slist *hdr = NULL;
    strbuf hb;
    sb_init(&hb);
    char date[64];
    time_t now = time(NULL);
    mail_date(date, sizeof date, now);
    sb_printf(&hb, "Date: %s", date);
    hdr = curl_slist_append(hdr, hb.data);
    sb_reset(&hb);
    sb_puts(&hb, "From: ");
    mail_mailbox(&hb, st->from_name ? st->from_name : texts_from_name(m->lang), st->from, 6);
    hdr = curl_slist_append(hdr, hb.data);
    sb_reset(&hb);
    sb_puts(&hb, "To: ");
    mail_mailbox(&hb, m->to_name, m->to, 4);
    hdr = curl_slist_append(hdr, hb.data);
    sb_reset(&hb);
    sb_puts(&hb, "Subject: ");
    mail_header_text(&hb, m->subject, 9);
    hdr = curl_slist_append(hdr, hb.data);
    sb_reset(&hb);
    sb_printf(&hb, "Message-ID: <%.16s.%lld.%ld.%d@%s>", m->key, (long long)now, (long)getpid(), m->attempts,
              st->from_domain);
    hdr = curl_slist_append(hdr, hb.data);
    hdr = curl_slist_append(hdr, "Auto-Submitted: auto-generated");
    sb_reset(&hb);
    sb_printf(&hb, "Content-Language: %s", m->lang);
    hdr = curl_slist_append(hdr, hb.data);
    sb_free(&hb);
    struct curl_slist *rcpt = NULL;
    strbuf addr;
    sb_init(&addr);
    sb_printf(&addr, "<%s>", m->to);
    rcpt = curl_slist_append(rcpt, addr.data);
    sb_reset(&addr);
    sb_printf(&addr, "<%s>", st->from);

    char errbuf[CURL_ERROR_SIZE] = "";
    last_reply reply = {.debug = getenv("MAIL_DEBUG") && !strcmp(getenv("MAIL_DEBUG"), "1")};
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);   /* for debug_cb: server replies only */
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, &reply);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, addr.data);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    /* RFC 5321 4.5.3.2: up to 10 minutes for the reply to the end of the
     * message (--data-end-timeout).  libcurl waits for each reply up to the
     * server response time-out, but never beyond the whole transfer's: that
     * one is --timeout for the message plus the wait for the last reply.
     * A connection that cannot be made fails in 20 seconds. */
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long)ceil(st->data_end_timeout));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)((st->timeout + st->data_end_timeout) * 1000));

    if (eml) {
        CURLcode rc = CURLE_OK;
        if (dry_run_perform(h, eml, &rc)) {
            m->status = ST_SENT;
        } else {
            m->status = ST_REFUSED;
            snprintf(m->err, sizeof m->err, "dry run: %s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
        }
    } else {
        curl_easy_setopt(h, CURLOPT_URL, st->url);
        curl_easy_setopt(h, CURLOPT_USE_SSL, st->use_ssl);
        if (st->ca_file)
            curl_easy_setopt(h, CURLOPT_CAINFO, st->ca_file);
        if (st->user) {
            curl_easy_setopt(h, CURLOPT_USERNAME, st->user);
            curl_easy_setopt(h, CURLOPT_PASSWORD, st->password ? st->password : "");
        } else {
            curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
            if (st->netrc)
                curl_easy_setopt(h, CURLOPT_NETRC_FILE, st->netrc);
        }
        CURLcode rc = curl_easy_perform(h);
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        if (rc == CURLE_OK) {
            m->status = ST_SENT;
        } else if (m->data_done && code == 354) {
            /* DATA was accepted and the whole message went out, but no
             * reply to its end came: the server may have it (RFC 5321
             * 6.1).  Sending it again could deliver it twice. */
            m->status = ST_UNKNOWN;
            snprintf(m->err, sizeof m->err, "no reply to the end of the message (%s)",
                     errbuf[0] ? errbuf : curl_easy_strerror(rc));
        } else {
            m->status = curl_transient(rc, code) ? ST_TRANSIENT : ST_REFUSED;
            m->unreachable = m->status == ST_TRANSIENT && code == 0 &&
                             (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
                              rc == CURLE_OPERATION_TIMEDOUT);
            snprintf(m->err, sizeof m->err, "%s%s%s%s", errbuf[0] ? errbuf : curl_easy_strerror(rc),
                     reply.line[0] && code ? " (server: " : "", reply.line[0] && code ? reply.line : "",
                     reply.line[0] && code ? ")" : "");
        }
        curl_easy_cleanup(h);
    }
    curl_mime_free(mime);
    for (size_t i = 0; i < n_part_hdr; i++)
        curl_slist_free_all(part_hdr[i]);
    free(part_hdr);
    curl_slist_free_all(hdr);
    curl_slist_free_all(rcpt);
    sb_free(&addr);
    free(readers);
}
