/* Stage 4, delivery: the program taawun-mail, built from this folder.
 *
 * It sends each contact of the recipients file one message in their
 * language, with the reports of their territories attached and the
 * headline figures in the text.  libcurl does the SMTP and the MIME
 * (curl_mime_*: multipart, base64 and quoted-printable); this program
 * chooses what goes into each message, keeps a ledger so that the same
 * reports are never sent twice to the same address, retries transient
 * failures and logs what was sent.  One message is built and sent at a
 * time: only its own reports are in memory.
 *
 *   settings.c  options, environment, --help
 *   figures.c   the figures of a scope, read from its slice
 *   compose.c   which reports each message carries, its text, the size cap
 *   smtp.c      the message handed to libcurl, sent, and what went wrong
 *   dry_run.c   --dry-run: the SMTP peer libcurl talks to, the .eml files
 *   ledger.c    ledger.tsv and sent.log: never twice, never lost
 *   main.c      the run: plan, send one message at a time, retry, sum up
 *
 * The message texts, in Arabic and French, are the mail_* labels of the
 * template set (templates/labels.json). */
#ifndef TAAWUN_DELIVER_H
#define TAAWUN_DELIVER_H

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stddef.h>

#include "lib/catalog.h"
#include "lib/recipients.h"
#include "lib/strmap.h"
#include "lib/util.h"

enum { EXIT_REFUSED = 5, EXIT_TRANSIENT = 6, EXIT_BUSY = 7, EXIT_HELD = 8 };

/* ---- settings.c ----------------------------------------------------------- */

typedef struct {
    const char *recipients, *output, *slices, *catalog, *mail_dir, *templates;
    int dry_run, force, quiet;
    size_t max_bytes;
    int retries;
    double retry_delay, timeout, data_end_timeout;
    const char *notice, *body_file, *to;
    const char **attach;
    size_t n_attach;
    /* environment */
    const char *url, *user, *password, *netrc, *ca_file, *from, *from_name;
    long use_ssl;
    char *from_domain;
    char *mail_dir_buf;       /* owns mail_dir */
} settings;

/* Reads the command line into st: -1 to go on, else the exit status (after
 * --help, --version or a usage error).  Exits on a bad value. */
int settings_parse(settings *st, int argc, char **argv);
/* Reads the server settings from the environment; exits on a bad one. */
void read_environment(settings *st);
void settings_free(settings *st);

/* ---- figures.c ------------------------------------------------------------ */

#define N_HEAD 4
extern const char *const HEAD_IND[N_HEAD];

typedef struct {
    int have, partial;
    double value;
    char qualifier[16];
    char period[32];          /* each headline figure has its own (slice "headlines") */
    int only, only_partial;   /* one sex or one area only (the headline's "only"), itself partial */
    char only_sex[16], only_area[16];   /* label keys of that part; "" where whole */
} figure;

typedef struct {
    char *code, *name_ar, *name_fr;
    int has_slice, synthetic;
    char *period;             /* NULL when the slice has no figure at the scope */
    figure head[N_HEAD];
} scope_info;

typedef struct {
    scope_info **s;           /* each allocated once: messages point to them */
    size_t n;
    strmap index;
} scope_cache;

/* The scope's figures, loaded once; has_slice is 0 when the scope has no
 * slice (no data, hence no report).  Exits on an unreadable slice. */
scope_info *scope_get(scope_cache *sc, const settings *st, const catalog *cat, const char *code);
void scope_cache_free(scope_cache *sc);

/* ---- compose.c ------------------------------------------------------------ */

typedef struct {
    char *path, *name, *type;
    int is_inline;            /* a chart shown in the text */
    const scope_info *scope;  /* NULL for a notice attachment */
    char *data;
    size_t len;
    char sha[65];
    int left_out;             /* over the size cap */
} blob;

/* ST_HELD: left "sending" by an earlier run; ST_UNKNOWN: sent, but the
 * server's reply to its end never came: both may have been received. */
enum { ST_TODO = 0, ST_SENT, ST_ALREADY, ST_REFUSED, ST_TRANSIENT, ST_EMPTY, ST_HELD, ST_UNKNOWN };

typedef struct {
    const contact *c;         /* NULL for a notice */
    const char *to, *to_name, *lang;
    scope_info **scopes;      /* with a report */
    size_t n_scopes;
    scope_info **no_data;     /* listed, without a report */
    size_t n_no_data;
    blob *att;
    size_t n_att;
    char key[65];             /* ledger key: SHA-256 over the attached reports */
    char *subject;            /* UTF-8 */
    strbuf body;              /* UTF-8, CRLF line ends */
    int status, attempts;
    int unreachable;          /* the transient failure was the server's: no connection */
    int data_done;            /* libcurl read the whole message: its end may have gone out */
    char err[CURL_ERROR_SIZE + 300];
    size_t index;             /* 1-based, for file names */
} message;

/* Reads the message texts: the mail_* labels, in Arabic and French, of
 * TEMPLATES/labels.json.  0, or (a notice: not required) -1 after a
 * warning; exits when required and the file or a text is missing. */
int texts_load(const char *templates, int required);
void texts_free(void);
/* The sender's name in lang (when MAIL_FROM_NAME is not set); NULL when
 * the texts could not be read (a notice). */
const char *texts_from_name(const char *lang);

/* Finds the reports of each contact; exits (nothing sent) when a scope has
 * a slice but its report is missing. */
message *plan_reports(const contact_list *cl, const settings *st, const catalog *cat, scope_cache *sc,
                      size_t *n_out);
/* The one message of --notice. */
message *plan_notice(const settings *st);
/* Reads a report message's attachments and writes its text (just before
 * it is sent); message_release undoes it. */
void message_build(message *m, const settings *st);
void message_release(message *m);
void message_free(message *m);
/* The names of the attachments sent (left_out 0) or left out (1), comma
 * separated, or "-". */
void files_list(strbuf *sb, const message *m, int left_out);

/* ---- smtp.c --------------------------------------------------------------- */

/* Builds the message with libcurl's MIME API and sends it (or, dry run,
 * captures it into eml).  Sets m->status to ST_SENT, ST_REFUSED,
 * ST_TRANSIENT or ST_UNKNOWN, and m->err. */
void send_message(message *m, const settings *st, strbuf *eml);

/* ---- dry_run.c ------------------------------------------------------------ */

/* Performs h against an SMTP peer of our own on a Unix socket (no network)
 * and cleans h up; 1 with what libcurl sent (un-dot-stuffed) in eml, or 0
 * with *rc. */
int dry_run_perform(CURL *h, strbuf *eml, CURLcode *rc);
/* Writes the message as MAIL-DIR/NN-ADDRESS.eml (notice.eml). */
void write_eml(const settings *st, const message *m, const strbuf *eml);
/* Removes the .eml files of an earlier dry run, so the folder shows this one. */
void clear_eml(const char *dir);

/* ---- ledger.c ------------------------------------------------------------- */

typedef struct {
    int state;
    char *line;               /* "sending": what and when, for the report */
} ledger_last;

typedef struct {
    char *path, *log;
    int fd, log_fd;           /* O_APPEND; fd holds an exclusive lock */
    strmap sent;              /* "KEY\taddress" of every message sent (address in lower case) */
    strmap last_index;        /* address (lower case) -> index in last */
    ledger_last *last;
    size_t n_last;
} ledger;

void iso_now(char *buf, size_t n);
/* Opens (lock: and locks and reads) MAIL-DIR/ledger.tsv, and (log:)
 * MAIL-DIR/sent.log, before anything is sent; never through a symlink. */
void ledger_open(ledger *l, const char *dir, int lock, int log);
/* Whether the message of these reports was sent to this address. */
int ledger_has(const ledger *l, const char *key, const char *address);
/* "REPORTS at WHEN" when the last line of this address says "sending",
 * else NULL. */
const char *ledger_sending(const ledger *l, const char *address);
/* Appends a line to the ledger, on disk before it returns; a ledger that
 * cannot be written stops the run (then `after` says what it means). */
void ledger_write(ledger *l, const char *line, const char *after);
/* Appends a line to sent.log, on disk before it returns. */
void log_write(ledger *l, const char *line);
void ledger_close(ledger *l);

#endif
