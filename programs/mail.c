/* taawun-mail (stage 4, delivery): see deliver.h for the parts.  The run:
 * settings, the ledger opened and locked, each contact's reports found
 * (nothing sent if one is missing), then one message at a time built,
 * recorded "sending", sent, recorded "sent" or "failed", and freed;
 * transient failures retried in rounds; a summary and the exit status. */
#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deliver/deliver.h"
#include "lib/atomic.h"
#include "lib/diag.h"

static void sleep_seconds(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int main(int argc, char **argv)
{
    program_init("taawun-mail");
    settings st;
    int status = settings_parse(&st, argc, argv);
    if (status >= 0)
        return status;

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        die(EXIT_INTERNAL, "curl_global_init failed");
    read_environment(&st);
    if (make_dirs(st.mail_dir) != 0)
        die(EXIT_IO, "cannot create %s: %s", st.mail_dir, strerror(errno));

    catalog cat;
    memset(&cat, 0, sizeof cat);
    contact_list cl = {0};
    scope_cache sc = {0};
    strmap_init(&sc.index);
    message *ms;
    size_t n_ms = 0;
    ledger led;
    ledger_open(&led, st.mail_dir, !st.notice, !st.dry_run);
    texts_load(st.templates, !st.notice);   /* a notice goes even without them */
    if (st.notice) {
        ms = plan_notice(&st);
        n_ms = 1;
    } else {
        diag d;
        diag_init(&d, 50);
        if (catalog_load(&cat, st.catalog, &d) != 0)
            die(EXIT_DATA, "the catalogues in %s have errors (see above)", st.catalog);
        if (recipients_load(&cl, st.recipients, &cat, &d) != 0)
            die(EXIT_DATA, "%s: %zu error%s (see above); nothing sent", st.recipients, d.total_errors,
                d.total_errors > 1 ? "s" : "");
        ms = plan_reports(&cl, &st, &cat, &sc, &n_ms);
        for (size_t i = 0; i < n_ms; i++) {
            const char *held = ms[i].status == ST_TODO && !st.force ? ledger_sending(&led, ms[i].to) : NULL;
            if (!held)
                continue;
            ms[i].status = ST_HELD;
            fprintf(stderr, "taawun-mail: NOT SENT to %s: an earlier run stopped while sending it (%s: "
                    "\"sending\" %s); the server may have received it.  Check with the recipient or in the server's "
                    "log; --force sends it again\n", ms[i].to, led.path, held);
        }
        if (st.dry_run)
            clear_eml(st.mail_dir);
    }

    strbuf eml, line;
    sb_init(&eml);
    sb_init(&line);
    double delay = st.retry_delay;
    for (int round = 0; round <= st.retries; round++) {
        int transient = 0, unreachable = 0;
        for (size_t i = 0; i < n_ms; i++) {
            message *m = &ms[i];
            if (m->status != ST_TODO && m->status != ST_TRANSIENT)
                continue;
            int recorded = 0;   /* a "sending" line is in the ledger for this attempt */
            char when[32];
            if (unreachable) {   /* no use trying the others this round */
                m->status = ST_TRANSIENT;
                if (!m->err[0])
                    snprintf(m->err, sizeof m->err, "not tried: the server was unreachable");
                transient += round < st.retries;
                if (round < st.retries)
                    continue;
            } else {
                message_build(m, &st);
                if (m->c && !st.force && ledger_has(&led, m->key, m->to)) {
                    m->status = ST_ALREADY;
                    message_release(m);
                    continue;
                }
                m->attempts++;
                if (m->c && !st.dry_run) {
                    /* on disk before the server can have the message */
                    iso_now(when, sizeof when);
                    sb_reset(&line);
                    sb_printf(&line, "%s\t%s\t%s\t", m->key, m->to, when);
                    files_list(&line, m, 0);
                    sb_puts(&line, "\tsending\n");
                    ledger_write(&led, line.data, "nothing more sent");
                    recorded = 1;
                }
                send_message(m, &st, st.dry_run ? &eml : NULL);
                unreachable = m->status == ST_TRANSIENT && m->unreachable;
            }
            iso_now(when, sizeof when);
            sb_reset(&line);
            if (recorded && m->status != ST_UNKNOWN) {
                sb_printf(&line, "%s\t%s\t%s\t", m->key, m->to, when);
                files_list(&line, m, 0);
                sb_puts(&line, m->status == ST_SENT ? "\tsent\n" : "\tfailed\n");
                ledger_write(&led, line.data,
                             m->status == ST_SENT ? "the message was sent but stays \"sending\" in the ledger: "
                                                    "the next run reports it and does not send it again"
                                                  : "nothing more sent");
                sb_reset(&line);
            }
            if (m->status == ST_SENT) {
                if (st.dry_run) {
                    write_eml(&st, m, &eml);
                } else {
                    sb_printf(&line, "%s\t%s\t%s\t%s\t", when, m->c ? "sent" : "notice", m->to, m->lang);
                    files_list(&line, m, 0);
                    sb_puts(&line, "\tleft-out=");
                    files_list(&line, m, 1);
                    sb_printf(&line, "\tattempts=%d\n", m->attempts);
                    log_write(&led, line.data);
                }
                if (!st.quiet) {
                    printf("%s %s (", st.dry_run ? "dry run:" : "sent:", m->to);
                    sb_reset(&line);
                    files_list(&line, m, 0);
                    printf("%s)", line.data);
                    sb_reset(&line);
                    files_list(&line, m, 1);
                    if (strcmp(line.data, "-"))
                        printf(", left out over %zu bytes: %s", st.max_bytes, line.data);
                    printf("%s\n", m->attempts > 1 ? ", after a retry" : "");
                }
            } else if (m->status == ST_UNKNOWN) {
                fprintf(stderr, "taawun-mail: NOT CONFIRMED to %s: %s after %.0f s: the server may have "
                        "accepted it.  Not sent again (it stays \"sending\" in %s); check with the recipient or "
                        "in the server's log; --force sends it again\n", m->to, m->err, st.data_end_timeout, led.path);
                for (char *e = m->err; *e; e++)
                    if ((unsigned char)*e < 0x20)
                        *e = ' ';
                sb_printf(&line, "%s\tunconfirmed\t%s\t%s\t%s\tattempts=%d\n", when, m->to, m->lang, m->err,
                          m->attempts);
                log_write(&led, line.data);
            } else if (m->status == ST_TRANSIENT && round < st.retries) {
                transient++;
                fprintf(stderr, "taawun-mail: %s: %s (transient; will retry%s)\n", m->to, m->err,
                        unreachable ? " all messages" : "");
            } else {
                fprintf(stderr, "taawun-mail: not sent to %s: %s (%s)\n", m->to, m->err,
                        m->status == ST_TRANSIENT ? "still failing after the retries; run again later"
                                                  : "permanent; not retried");
                if (!st.dry_run) {
                    for (char *e = m->err; *e; e++)
                        if ((unsigned char)*e < 0x20)
                            *e = ' ';
                    sb_printf(&line, "%s\tfailed\t%s\t%s\t%s: %s\tattempts=%d\n", when, m->to, m->lang,
                              m->status == ST_TRANSIENT ? "transient" : "permanent", m->err, m->attempts);
                    log_write(&led, line.data);
                }
            }
            if (m->c)
                message_release(m);   /* one message's reports in memory at a time */
        }
        if (!transient)
            break;
        sleep_seconds(delay);
        delay = delay * 2 > 600 ? 600 : delay * 2;
    }

    size_t sent = 0, already = 0, refused = 0, transient = 0, empty = 0, held = 0;
    for (size_t i = 0; i < n_ms; i++) {
        message *m = &ms[i];
        switch (m->status) {
        case ST_SENT: sent++; break;
        case ST_ALREADY:
            already++;
            if (!st.quiet)
                printf("already sent: %s (same reports; --force sends again)\n", m->to);
            break;
        case ST_REFUSED: refused++; break;
        case ST_TRANSIENT: transient++; break;
        case ST_HELD:
        case ST_UNKNOWN: held++; break;
        case ST_EMPTY:
            empty++;
            if (!st.quiet)
                printf("nothing to send: %s (no report for their territories)\n", m->to);
            break;
        }
    }
    if (!st.quiet) {
        printf("taawun-mail: %zu message%s: %zu %s, %zu already sent, %zu failed, %zu with nothing to send", n_ms,
               n_ms == 1 ? "" : "s", sent, st.dry_run ? "written" : "sent", already, refused + transient, empty);
        if (held)
            printf(", %zu held (may have been received: see above)", held);
        putchar('\n');
    }
    if (held)
        fprintf(stderr, "taawun-mail: %zu message%s may have been received and %s not sent again: check, then "
                "--force sends %s (exit status 8)\n", held, held == 1 ? "" : "s", held == 1 ? "was" : "were",
                held == 1 ? "it" : "them");
    int rc = held ? EXIT_HELD : refused ? EXIT_REFUSED : transient ? EXIT_TRANSIENT : EXIT_OK;

    for (size_t i = 0; i < n_ms; i++)
        message_free(&ms[i]);
    free(ms);
    sb_free(&eml);
    sb_free(&line);
    ledger_close(&led);
    recipients_free(&cl);
    scope_cache_free(&sc);
    if (!st.notice)
        catalog_free(&cat);
    texts_free();
    settings_free(&st);
    curl_global_cleanup();
    return rc;
}

