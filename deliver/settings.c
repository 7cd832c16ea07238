/* taawun-mail's settings: the command line (--help), then the server's
 * from the environment (credentials never come from the command line). */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deliver.h"
#include "lib/mailhdr.h"

static const char USAGE[] =
    "usage: taawun-mail [options]\n"
    "       taawun-mail --notice SUBJECT [--body-file FILE] [--attach FILE]... [--to ADDRESS]\n"
    "\n"
    "Emails the reports: one message per contact of the recipients file, in the\n"
    "contact's language, with the PDF reports of their territories attached and\n"
    "the headline figures (centres, beneficiaries, female share, budget) in the text.\n"
    "\n"
    "  -r, --recipients FILE  contacts (default input/delivery/recipients.json)\n"
    "  -o, --output DIR       the reports, OUTPUT/<scope>-<lang>.pdf (default output)\n"
    "  -s, --slices DIR       the slices, for figures and the list of scopes that\n"
    "                         have reports (default build/work/cube)\n"
    "  -c, --catalog DIR      catalogues folder (default input/catalog)\n"
    "  -t, --templates DIR    the template set whose labels.json holds the message\n"
    "                         texts, mail_* keys (default templates)\n"
    "  -m, --mail-dir DIR     ledger, send log and dry-run messages (default OUTPUT/mail)\n"
    "  -n, --dry-run          write each message as MAIL-DIR/NN-ADDRESS.eml, send nothing\n"
    "  -f, --force            send even what the ledger says was already sent\n"
    "      --max-bytes N      size cap of a message, suffix K or M allowed (default 10M);\n"
    "                         a report that would exceed it is left out and the text says so\n"
    "      --retries N        rounds of new attempts after transient failures (default 3)\n"
    "      --retry-delay S    seconds before the first new round, doubled each round up\n"
    "                         to 600 (default 30; fractions allowed)\n"
    "      --timeout S        seconds allowed for one message up to its end (default 300)\n"
    "      --data-end-timeout S  seconds to wait for each reply of the server, the one\n"
    "                         to the end of the message included (default 600: RFC 5321\n"
    "                         4.5.3.2; a message sent but not answered is never re-sent)\n"
    "      --notice SUBJECT   send one plain notice (no reports, no ledger) to --to\n"
    "      --body-file FILE   text of the notice (\"-\": standard input)\n"
    "      --attach FILE      a file attached to the notice (repeatable)\n"
    "      --to ADDRESS       recipient of the notice (default $MAIL_OPERATOR)\n"
    "  -q, --quiet            no line per message, no summary\n"
    "  -h, --help             this help\n"
    "  -V, --version          version\n"
    "\n"
    "Environment (credentials are never accepted on the command line):\n"
    "  SMTP_URL          smtp://host[:port] (STARTTLS required) or smtps://host[:port];\n"
    "                    plain SMTP only to 127.0.0.1, ::1 or localhost, or with\n"
    "                    SMTP_ALLOW_PLAIN=1 (then STARTTLS is used when offered)\n"
    "  SMTP_USER, SMTP_PASSWORD   login; without them a netrc file is used when\n"
    "                    present: NETRC=path, else ~/.netrc\n"
    "  SMTP_CA_FILE      CA bundle for a private certificate authority\n"
    "  MAIL_FROM         sender address (required unless --dry-run)\n"
    "  MAIL_FROM_NAME    sender name (default: Entraide Nationale / التعاون الوطني)\n"
    "  MAIL_OPERATOR     recipient of --notice when --to is not given\n"
    "  MAIL_DEBUG=1      libcurl's notes and the server's replies on stderr (never\n"
    "                    what is sent: no login, no message)\n"
    "\n"
    "A transient failure (SMTP 4xx, connection refused or lost, time-out) is retried;\n"
    "a permanent one (SMTP 5xx, refused login, no STARTTLS) is reported and the other\n"
    "messages are still sent.  Sent messages are appended to MAIL-DIR/sent.log.\n"
    "MAIL-DIR/ledger.tsv (address, SHA-256 of the attached reports, state) gets a\n"
    "line \"sending\", written to disk, before each message goes to the server, and a\n"
    "line \"sent\" or \"failed\" after.  A message left \"sending\" (the run was killed,\n"
    "or the server never answered its end) may have reached the server: it is\n"
    "reported and not sent again unless --force.  A ledger that cannot be written\n"
    "stops the run; the ledger and the log are never written through a symbolic link.\n"
    "\n"
    "Exit status: 0 every message sent (or already sent), 1 invalid recipients file\n"
    "(nothing sent), 2 usage or environment, 3 I/O error or a report missing (nothing\n"
    "sent), 4 internal error, 5 some message refused permanently (the others sent),\n"
    "6 some message still failing transiently after the retries (the others sent;\n"
    "run again later), 7 another taawun-mail is using the same ledger, 8 some message\n"
    "may or may not have been received (left \"sending\"; not sent again: check with\n"
    "the recipient, then --force sends it).\n";

static double parse_seconds(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0) || v > 86400)
        die(EXIT_USAGE, "%s %s: expected a number of seconds", opt, s);
    return v;
}

static size_t parse_bytes(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        die(EXIT_USAGE, "--max-bytes %s: expected a number of bytes (suffix K or M allowed)", s);
    if (*end == 'k' || *end == 'K')
        v *= 1024, end++;
    else if (*end == 'm' || *end == 'M')
        v *= 1024 * 1024, end++;
    if (*end || v < 1024 || v > (1ULL << 40))
        die(EXIT_USAGE, "--max-bytes %s: expected a number of bytes from 1K (suffix K or M allowed)", s);
    return (size_t)v;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* localhost, ::1 or an IPv4 address in 127.0.0.0/8 (a literal: a name such
 * as 127.example.org may point anywhere). */
static int is_loopback(const char *host)
{
    struct in_addr a4;
    if (inet_pton(AF_INET, host, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    return !strcasecmp(host, "localhost") || !strcmp(host, "::1") || !strcmp(host, "[::1]");
}

void read_environment(settings *st)
{
    st->from = env("MAIL_FROM");
    st->from_name = env("MAIL_FROM_NAME");
    st->user = env("SMTP_USER");
    st->password = env("SMTP_PASSWORD");
    st->netrc = env("NETRC");
    st->ca_file = env("SMTP_CA_FILE");
    st->url = env("SMTP_URL");
    const char *why, *what;
    if (!st->from) {
        if (!st->dry_run)
            die(EXIT_USAGE, "MAIL_FROM is not set (expected the sender address, e.g. reports@example.org)");
        st->from = "taawun@example.org";
    }
    if ((why = mail_address_problem(st->from)))
        die(EXIT_USAGE, "MAIL_FROM '%s' %s (expected an address such as reports@example.org)", st->from, why);
    if (st->from_name && mail_unsafe_at(st->from_name, &what) >= 0)
        die(EXIT_USAGE, "MAIL_FROM_NAME contains %s (expected a name on one line)", what);
    st->from_domain = xstrdup(strchr(st->from, '@') + 1);
    if (st->dry_run)
        return;
    if (!st->url)
        die(EXIT_USAGE, "SMTP_URL is not set (expected smtp://host:port or smtps://host:port)");
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    if (curl_url_set(u, CURLUPART_URL, st->url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        curl_url_cleanup(u);
        die(EXIT_USAGE, "SMTP_URL is not a URL (expected smtp://host:port or smtps://host:port)");
    }
    if (strcasecmp(scheme, "smtp") && strcasecmp(scheme, "smtps")) {
        curl_url_cleanup(u);
        die(EXIT_USAGE, "SMTP_URL: scheme '%s' (expected smtp or smtps)", scheme);
    }
    const char *plain = getenv("SMTP_ALLOW_PLAIN");
    if (!strcasecmp(scheme, "smtps"))
        st->use_ssl = CURLUSESSL_ALL;   /* TLS from the start */
    else if (is_loopback(host))
        st->use_ssl = CURLUSESSL_NONE;
    else if (plain && !strcmp(plain, "1"))
        st->use_ssl = CURLUSESSL_TRY;
    else
        st->use_ssl = CURLUSESSL_ALL;
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
}

int settings_parse(settings *st, int argc, char **argv)
{
    *st = (settings){.recipients = "input/delivery/recipients.json", .output = "output", .slices = "build/work/cube",
                     .catalog = "input/catalog", .templates = "templates", .max_bytes = 10u * 1024 * 1024,
                     .retries = 3, .retry_delay = 30, .timeout = 300, .data_end_timeout = 600};
    st->attach = xcalloc((size_t)argc, sizeof *st->attach);
    enum { O_MAX = 256, O_RETRIES, O_DELAY, O_TIMEOUT, O_NOTICE, O_BODY, O_ATTACH, O_TO, O_DATA_END };
    static const struct option opts[] = {
        {"recipients", required_argument, 0, 'r'}, {"output", required_argument, 0, 'o'},
        {"slices", required_argument, 0, 's'},     {"catalog", required_argument, 0, 'c'},
        {"mail-dir", required_argument, 0, 'm'},   {"dry-run", no_argument, 0, 'n'},
        {"force", no_argument, 0, 'f'},            {"max-bytes", required_argument, 0, O_MAX},
        {"retries", required_argument, 0, O_RETRIES}, {"retry-delay", required_argument, 0, O_DELAY},
        {"timeout", required_argument, 0, O_TIMEOUT}, {"notice", required_argument, 0, O_NOTICE},
        {"body-file", required_argument, 0, O_BODY}, {"attach", required_argument, 0, O_ATTACH},
        {"to", required_argument, 0, O_TO},        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},             {"version", no_argument, 0, 'V'},
        {"data-end-timeout", required_argument, 0, O_DATA_END}, {"templates", required_argument, 0, 't'},
        {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "r:o:s:c:t:m:nfqhV", opts, NULL)) != -1) {
        switch (ch) {
        case 'r': st->recipients = optarg; break;
        case 'o': st->output = optarg; break;
        case 's': st->slices = optarg; break;
        case 'c': st->catalog = optarg; break;
        case 't': st->templates = optarg; break;
        case 'm': st->mail_dir = optarg; break;
        case 'n': st->dry_run = 1; break;
        case 'f': st->force = 1; break;
        case 'q': st->quiet = 1; break;
        case O_MAX: st->max_bytes = parse_bytes(optarg); break;
        case O_RETRIES: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 0 || v > 20)
                die(EXIT_USAGE, "--retries %s: expected a number from 0 to 20", optarg);
            st->retries = (int)v;
            break;
        }
        case O_DELAY: st->retry_delay = parse_seconds("--retry-delay", optarg); break;
        case O_TIMEOUT: st->timeout = parse_seconds("--timeout", optarg); break;
        case O_DATA_END: st->data_end_timeout = parse_seconds("--data-end-timeout", optarg); break;
        case O_NOTICE: st->notice = optarg; break;
        case O_BODY: st->body_file = optarg; break;
        case O_ATTACH: st->attach[st->n_attach++] = optarg; break;
        case O_TO: st->to = optarg; break;
        case 'h': fputs(USAGE, stdout); free(st->attach); return EXIT_OK;
        case 'V': printf("taawun-mail %s\n", TAAWUN_VERSION); free(st->attach); return EXIT_OK;
        default: fputs(USAGE, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "taawun-mail: unexpected argument '%s' (credentials go in the environment or a netrc file)\n",
                argv[optind]);
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    if (st->timeout < 1)
        st->timeout = 1;
    if (st->data_end_timeout < 1)
        st->data_end_timeout = 1;
    if (!st->notice && (st->body_file || st->n_attach || st->to))
        die(EXIT_USAGE, "--body-file, --attach and --to go with --notice");
    const char *what, *why;
    if (st->notice) {
        if (!st->to)
            st->to = env("MAIL_OPERATOR");
        if (!st->to)
            die(EXIT_USAGE, "--notice: no recipient (expected --to ADDRESS or MAIL_OPERATOR in the environment)");
        if ((why = mail_address_problem(st->to)))
            die(EXIT_USAGE, "--notice: the address '%s' %s", st->to, why);
        if (mail_unsafe_at(st->notice, &what) >= 0)
            die(EXIT_USAGE, "--notice: the subject contains %s (expected one line of text)", what);
    }
    strbuf md;
    sb_init(&md);
    if (st->mail_dir)
        sb_puts(&md, st->mail_dir);
    else
        sb_printf(&md, "%s/mail", st->output);
    st->mail_dir = st->mail_dir_buf = md.data;
    return -1;
}

void settings_free(settings *st)
{
    free(st->from_domain);
    free(st->attach);
    free(st->mail_dir_buf);
}
