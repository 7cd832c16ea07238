/* Stage 4, mail: sends each contact of the recipients file one message in
 * their language, with the reports of their territories attached and the
 * headline figures in the text.  libcurl does the SMTP and the MIME
 * (curl_mime_*: multipart, base64 and quoted-printable); this program
 * chooses what goes into each message, keeps a ledger so that the same
 * reports are never sent twice to the same address, retries transient
 * failures and logs what was sent.  One message is built and sent at a
 * time: only its own reports are in memory.
 *
 * --dry-run builds every message with the same libcurl calls and captures
 * what libcurl would have sent: libcurl connects (CURLOPT_UNIX_SOCKET_PATH)
 * to a Unix socket in a private temporary folder, where a small thread
 * answers the SMTP dialogue and keeps the DATA (un-dot-stuffed), written
 * as MAIL-DIR/NN-address.eml.  No network is used.  (Handing libcurl a
 * socketpair through CURLOPT_OPENSOCKETFUNCTION and
 * CURL_SOCKOPT_ALREADY_CONNECTED would be simpler, but libcurl 7.88 still
 * calls connect() on such a socket: curl issue #10626, fixed in 8.0.) */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <math.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/diag.h"
#include "lib/json.h"
#include "lib/mailhdr.h"
#include "lib/recipients.h"
#include "lib/strmap.h"
#include "lib/util.h"

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

enum { EXIT_REFUSED = 5, EXIT_TRANSIENT = 6, EXIT_BUSY = 7, EXIT_HELD = 8 };

#define N_HEAD 4
static const char *const HEAD_IND[N_HEAD] = {"centres", "beneficiaries", "female_share_pct", "budget_mad"};

/* ---- settings --------------------------------------------------------- */

typedef struct {
    const char *recipients, *output, *slices, *catalog, *mail_dir;
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
} settings;

/* ---- slices: the figures of a scope ------------------------------------ */

typedef struct {
    int have, partial;
    double value;
    char qualifier[16];
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

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The report's period: as the renderers choose it (render/slice.c,
 * slice_main_period): most institution-wide figures of the headline
 * indicators at the scope, complete ones counting double, then most figures
 * of those indicators, the latest period on ties. */
static void slice_figures(scope_info *si, const cJSON *root)
{
    const cJSON *periods = cJSON_GetObjectItemCaseSensitive(root, "periods");
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(root, "cells");
    const char *best = NULL;
    long best_score = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, periods) {
        const char *pc = jstr(p, "code");
        long whole = 0, any = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, cells) {
            if (strcmp(jstr(c, "geo"), si->code) || strcmp(jstr(c, "period"), pc) || *jstr(c, "sex") ||
                *jstr(c, "area") || *jstr(c, "item"))
                continue;
            for (int k = 0; k < N_HEAD; k++)
                if (!strcmp(jstr(c, "indicator"), HEAD_IND[k])) {
                    int w = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "partial")) ? 1 : 2;
                    any += w;
                    if (!strcmp(jstr(c, "programme"), "all"))
                        whole += w;
                }
        }
        long score = whole * 100000 + any;
        if (score > 0 && score >= best_score) {
            best = pc;
            best_score = score;
        }
    }
    if (!best) {
        const cJSON *c;
        cJSON_ArrayForEach(c, cells)
            if (!strcmp(jstr(c, "geo"), si->code))
                best = jstr(c, "period");
    }
    if (!best)
        return;
    si->period = xstrdup(best);
    const cJSON *c;
    cJSON_ArrayForEach(c, cells) {
        if (strcmp(jstr(c, "geo"), si->code) || strcmp(jstr(c, "period"), best) || strcmp(jstr(c, "programme"), "all") ||
            *jstr(c, "sex") || *jstr(c, "area") || *jstr(c, "item"))
            continue;
        for (int k = 0; k < N_HEAD; k++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "value");
            if (strcmp(jstr(c, "indicator"), HEAD_IND[k]) || !cJSON_IsNumber(v))
                continue;
            figure *f = &si->head[k];
            f->have = 1;
            f->value = v->valuedouble;
            f->partial = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "partial"));
            snprintf(f->qualifier, sizeof f->qualifier, "%s", jstr(c, "qualifier"));
        }
    }
}

/* The scope's figures, loaded once; has_slice is 0 when the scope has no
 * slice (no data, hence no report).  Exits on an unreadable slice. */
static scope_info *scope_get(scope_cache *sc, const settings *st, const catalog *cat, const char *code)
{
    int k = strmap_get(&sc->index, code);
    if (k >= 0)
        return sc->s[k];
    sc->s = xrealloc(sc->s, (sc->n + 1) * sizeof *sc->s);
    scope_info *si = sc->s[sc->n] = xcalloc(1, sizeof *si);
    strmap_put(&sc->index, code, (int)sc->n++);
    si->code = xstrdup(code);
    const territory *t = &cat->geo[catalog_geo(cat, code)];
    si->name_ar = xstrdup(t->name_ar);
    si->name_fr = xstrdup(t->name_fr);
    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/%s.json", st->slices, code);
    size_t len;
    char *text = read_file(path.data, &len);
    if (!text) {
        if (errno != ENOENT)
            die(EXIT_IO, "cannot read %s: %s", path.data, strerror(errno));
        sb_free(&path);
        return si;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    const cJSON *scope = cJSON_GetObjectItemCaseSensitive(root, "scope");
    if (!root || strcmp(jstr(root, "format"), "taawun-cube/1") || strcmp(jstr(scope, "code"), code))
        die(EXIT_IO, "%s: not the slice of %s (expected a taawun-cube/1 file from taawun-aggregate)", path.data, code);
    si->has_slice = 1;
    if (*jstr(scope, "name_ar")) {
        free(si->name_ar);
        si->name_ar = xstrdup(jstr(scope, "name_ar"));
    }
    if (*jstr(scope, "name_fr")) {
        free(si->name_fr);
        si->name_fr = xstrdup(jstr(scope, "name_fr"));
    }
    si->synthetic = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "synthetic"));
    slice_figures(si, root);
    cJSON_Delete(root);
    free(text);
    sb_free(&path);
    return si;
}

static void scope_cache_free(scope_cache *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        free(sc->s[i]->code);
        free(sc->s[i]->name_ar);
        free(sc->s[i]->name_fr);
        free(sc->s[i]->period);
        free(sc->s[i]);
    }
    free(sc->s);
    strmap_free(&sc->index);
}

/* ---- files to attach ---------------------------------------------------- */

typedef struct {
    char *path, *name, *type;
    int is_inline;            /* a chart shown in the text */
    const scope_info *scope;  /* NULL for a notice attachment */
    char *data;
    size_t len;
    char sha[65];
    int left_out;             /* over the size cap */
} blob;

static void sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
        die(EXIT_INTERNAL, "SHA-256 failed");
    for (unsigned i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void blob_load(blob *b, const char *path, const char *name, const char *type)
{
    memset(b, 0, sizeof *b);
    b->path = xstrdup(path);
    b->name = xstrdup(name);
    b->type = xstrdup(type);
    b->data = read_file(path, &b->len);
    if (!b->data)
        die(EXIT_IO, "cannot read %s: %s", path, strerror(errno));
    sha256_hex(b->data, b->len, b->sha);
}

static void blob_free(blob *b)
{
    free(b->path);
    free(b->name);
    free(b->type);
    free(b->data);
}

static const char *type_for(const char *name)
{
    if (str_ends_with(name, ".pdf"))
        return "application/pdf";
    if (str_ends_with(name, ".png"))
        return "image/png";
    if (str_ends_with(name, ".log") || str_ends_with(name, ".txt"))
        return "text/plain; charset=UTF-8";
    if (str_ends_with(name, ".xlsx"))
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return "application/octet-stream";
}

/* ---- the message ---------------------------------------------------------- */

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

static void message_release(message *m)
{
    for (size_t i = 0; i < m->n_att; i++)
        blob_free(&m->att[i]);
    free(m->att);
    m->att = NULL;
    m->n_att = 0;
    free(m->subject);
    m->subject = NULL;
    sb_free(&m->body);
    sb_init(&m->body);
}

static void message_free(message *m)
{
    message_release(m);
    free(m->scopes);
    free(m->no_data);
    sb_free(&m->body);
}

/* Numbers in text, locale-free: "14 108" (fr, no-break space) / "14,108" (ar). */
static void put_number(strbuf *sb, double v, int decimals, const char *lang)
{
    int fr = !strcmp(lang, "fr");
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    if (v < 0)
        sb_putc(sb, '-');
    for (size_t i = 0; i < int_len; i++) {
        if (i && (int_len - i) % 3 == 0)
            sb_puts(sb, fr ? "\xc2\xa0" : ",");
        sb_putc(sb, digits[i]);
    }
    if (dot) {
        sb_puts(sb, fr ? "," : ".");
        sb_puts(sb, dot + 1);
    }
}

static void put_size(strbuf *sb, size_t bytes, const char *lang)
{
    int fr = !strcmp(lang, "fr");
    if (bytes >= 1024 * 1024) {
        put_number(sb, bytes / 1048576.0, 1, lang);
        sb_puts(sb, fr ? "\xc2\xa0Mo" : " ميغابايت");
    } else {
        put_number(sb, ceil(bytes / 1024.0), 0, lang);
        sb_puts(sb, fr ? "\xc2\xa0Ko" : " كيلوبايت");
    }
}

typedef struct {
    const char *from_name, *report, *reports, *others, *synthetic_tag, *hello, *intro1, *intro_n, *period, *labels[N_HEAD],
        *not_available, *partial, *partial_note, *approx, *at_least, *at_most, *attached, *chart, *left_out,
        *left_out_why, *no_report, *no_data, *synthetic, *footer, *sep, *no_figures;
} texts;

static const texts TEXT_FR = {
    .from_name = "Entraide Nationale",
    .report = "Entraide Nationale - rapport",
    .reports = "Entraide Nationale - rapports",
    .others = " et %zu autres",
    .synthetic_tag = "[Données synthétiques] ",
    .hello = "À l'attention de : %s\n\nMadame, Monsieur,",
    .intro1 = "Veuillez trouver ci-joint le rapport de l'Entraide Nationale (التعاون الوطني) :",
    .intro_n = "Veuillez trouver ci-joint les rapports de l'Entraide Nationale (التعاون الوطني) :",
    .period = "période",
    .labels = {"Centres", "Bénéficiaires", "Part des femmes", "Budget"},
    .not_available = "non disponible pour cette période",
    .partial = "partiel",
    .partial_note = "(partiel) : somme partielle, une partie seulement des composantes est connue ; ce n'est pas le "
                    "chiffre complet.",
    .approx = "environ ",
    .at_least = "plus de ",
    .at_most = "au plus ",
    .attached = "Fichier joint",
    .chart = "Graphique",
    .left_out = "Rapport non joint",
    .left_out_why = "le message dépasserait la taille maximale de %s ; il peut être demandé à l'expéditeur",
    .no_report = "Pas de rapport pour %s (%s) : aucune donnée pour ce territoire.",
    .no_data = "aucun chiffre",
    .synthetic = "Attention : données synthétiques - pas des chiffres officiels.",
    .footer = "Message envoyé automatiquement par taawun, la chaîne de rapports de l'Entraide Nationale.",
    .sep = " : ",
    .no_figures = "pas de chiffre pour ce territoire",
};

static const texts TEXT_AR = {
    .from_name = "التعاون الوطني",
    .report = "التعاون الوطني - تقرير",
    .reports = "التعاون الوطني - تقارير",
    .others = " و%zu أخرى",
    .synthetic_tag = "[معطيات اصطناعية] ",
    .hello = "إلى: %s\n\nتحية طيبة،",
    .intro1 = "تجدون رفقته تقرير التعاون الوطني (Entraide Nationale):",
    .intro_n = "تجدون رفقته تقارير التعاون الوطني (Entraide Nationale):",
    .period = "الفترة",
    .labels = {"المراكز", "المستفيدون", "نسبة النساء", "الميزانية"},
    .not_available = "غير متوفرة لهذه الفترة",
    .partial = "جزئي",
    .partial_note = "(جزئي): مجموع جزئي، بعض الأجزاء فقط متوفرة، وليس الرقم الكامل.",
    .approx = "حوالي ",
    .at_least = "أكثر من ",
    .at_most = "على الأكثر ",
    .attached = "الملف المرفق",
    .chart = "رسم بياني",
    .left_out = "تقرير غير مرفق",
    .left_out_why = "تتجاوز الرسالة الحجم الأقصى (%s)؛ يمكن طلبه من المرسل",
    .no_report = "لا يوجد تقرير لـ %s (%s): لا توجد معطيات لهذا المجال الترابي.",
    .no_data = "لا توجد أرقام",
    .synthetic = "تنبيه: معطيات اصطناعية - ليست أرقاما رسمية.",
    .footer = "رسالة آلية من منظومة taawun لتقارير التعاون الوطني.",
    .sep = ": ",
    .no_figures = "لا توجد أرقام لهذا المجال الترابي",
};

static const texts *texts_for(const char *lang)
{
    return !strcmp(lang, "ar") ? &TEXT_AR : &TEXT_FR;
}

static const char *scope_name(const scope_info *s, const char *lang)
{
    return !strcmp(lang, "ar") ? s->name_ar : s->name_fr;
}

static void put_figure(strbuf *b, const figure *f, int k, const char *lang, const texts *tx, int *partials)
{
    if (!f->have) {
        sb_puts(b, tx->not_available);
        return;
    }
    if (!strcmp(f->qualifier, "approx"))
        sb_puts(b, tx->approx);
    else if (!strcmp(f->qualifier, "at_least"))
        sb_puts(b, tx->at_least);
    else if (!strcmp(f->qualifier, "at_most"))
        sb_puts(b, tx->at_most);
    double v = f->value;
    int dec = v == floor(v) ? 0 : 1;
    put_number(b, v, dec, lang);
    if (!strcmp(HEAD_IND[k], "female_share_pct"))
        sb_puts(b, strcmp(lang, "fr") ? "%" : "\xc2\xa0%");
    else if (!strcmp(HEAD_IND[k], "budget_mad"))
        sb_puts(b, strcmp(lang, "fr") ? " درهم" : "\xc2\xa0MAD");
    if (f->partial) {
        sb_printf(b, " (%s)", tx->partial);
        (*partials)++;
    }
}

static void compose_subject(message *m)
{
    const texts *tx = texts_for(m->lang);
    int ar = !strcmp(m->lang, "ar");
    strbuf s;
    sb_init(&s);
    int synthetic = 0;
    for (size_t i = 0; i < m->n_scopes; i++)
        synthetic |= m->scopes[i]->synthetic;
    if (synthetic)
        sb_puts(&s, tx->synthetic_tag);
    sb_puts(&s, m->n_scopes == 1 ? tx->report : tx->reports);
    sb_putc(&s, ' ');
    size_t shown = m->n_scopes <= 4 ? m->n_scopes : 3;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            sb_puts(&s, ar ? "، " : ", ");
        sb_puts(&s, scope_name(m->scopes[i], m->lang));
    }
    if (shown < m->n_scopes)
        sb_printf(&s, tx->others, m->n_scopes - shown);
    /* the periods, each once */
    int first = 1;
    for (size_t i = 0; i < m->n_scopes; i++) {
        const char *p = m->scopes[i]->period;
        int seen = !p;
        for (size_t j = 0; j < i && !seen; j++)
            seen = m->scopes[j]->period && !strcmp(m->scopes[j]->period, p);
        if (seen)
            continue;
        sb_puts(&s, first ? (ar ? "، " : ", ") : " ; ");
        sb_puts(&s, p);
        first = 0;
    }
    m->subject = s.data;
}

/* The text of a report message; att[i].left_out says what was left out. */
static void compose_body(message *m, const settings *st)
{
    const texts *tx = texts_for(m->lang);
    strbuf b;
    sb_init(&b);
    sb_printf(&b, tx->hello, m->to_name);
    sb_puts(&b, "\n\n");
    sb_puts(&b, m->n_scopes == 1 ? tx->intro1 : tx->intro_n);
    sb_puts(&b, "\n");
    int partials = 0;
    char cap[64];
    {
        strbuf c;
        sb_init(&c);
        put_size(&c, st->max_bytes, m->lang);
        snprintf(cap, sizeof cap, "%s", c.data);
        sb_free(&c);
    }
    for (size_t i = 0; i < m->n_scopes; i++) {
        const scope_info *s = m->scopes[i];
        sb_puts(&b, "\n");
        sb_printf(&b, "%s (%s)", scope_name(s, m->lang), s->code);
        if (s->period)
            sb_printf(&b, " - %s %s", tx->period, s->period);
        sb_puts(&b, "\n");
        if (s->synthetic)
            sb_printf(&b, "  %s\n", tx->synthetic);
        if (!s->period)
            sb_printf(&b, "  %s\n", tx->no_figures);
        else
            for (int k = 0; k < N_HEAD; k++) {
                sb_printf(&b, "  %s%s", tx->labels[k], tx->sep);
                put_figure(&b, &s->head[k], k, m->lang, tx, &partials);
                sb_puts(&b, "\n");
            }
        for (size_t a = 0; a < m->n_att; a++) {
            const blob *f = &m->att[a];
            if (f->scope != s)
                continue;
            if (f->left_out) {
                sb_printf(&b, "  %s%s%s (", tx->left_out, tx->sep, f->name);
                put_size(&b, f->len, m->lang);
                sb_puts(&b, ") - ");
                sb_printf(&b, tx->left_out_why, cap);
                sb_puts(&b, "\n");
            } else {
                sb_printf(&b, "  %s%s%s\n", f->is_inline ? tx->chart : tx->attached, tx->sep, f->name);
            }
        }
    }
    for (size_t i = 0; i < m->n_no_data; i++) {
        sb_puts(&b, "\n");
        sb_printf(&b, tx->no_report, scope_name(m->no_data[i], m->lang), m->no_data[i]->code);
        sb_puts(&b, "\n");
    }
    if (partials)
        sb_printf(&b, "\n%s\n", tx->partial_note);
    sb_printf(&b, "\n-- \n%s\n", tx->footer);
    /* CRLF line ends, as SMTP wants them */
    sb_reset(&m->body);
    for (size_t i = 0; i < b.len; i++) {
        if (b.data[i] == '\n')
            sb_putc(&m->body, '\r');
        sb_putc(&m->body, b.data[i]);
    }
    sb_free(&b);
}

/* An upper bound of the body once quoted-printable encoded. */
static size_t qp_bound(size_t n)
{
    return 3 * n + 3 * (3 * n / 73 + 1);
}

#define PART_OVERHEAD 400     /* boundary line and part headers */
#define HEADER_OVERHEAD 4096  /* message headers (folded subject, addresses …) */

/* Leaves out what would push the message over the cap: the reports in
 * order, then the charts, each kept only if it still fits. */
static void fit_to_cap(message *m, const settings *st)
{
    for (size_t a = 0; a < m->n_att; a++)
        m->att[a].left_out = 1;
    compose_body(m, st);   /* the longest text: everything said left out */
    size_t total = HEADER_OVERHEAD + strlen(m->subject) * 3 + qp_bound(m->body.len) + PART_OVERHEAD;
    for (int pass = 0; pass < 2; pass++)
        for (size_t a = 0; a < m->n_att; a++) {
            blob *f = &m->att[a];
            if (f->is_inline != pass)
                continue;
            size_t need = mail_base64_size(f->len) + PART_OVERHEAD;
            if (total + need <= st->max_bytes) {
                f->left_out = 0;
                total += need;
            }
        }
    /* a chart goes only with its report */
    for (size_t a = 0; a < m->n_att; a++)
        if (m->att[a].is_inline)
            for (size_t r = 0; r < m->n_att; r++)
                if (!m->att[r].is_inline && m->att[r].scope == m->att[a].scope && m->att[r].left_out)
                    m->att[a].left_out = 1;
    compose_body(m, st);
    /* the ledger key: the reports that go, by name and content */
    strbuf k;
    sb_init(&k);
    for (size_t a = 0; a < m->n_att; a++)
        if (!m->att[a].left_out && !m->att[a].is_inline)
            sb_printf(&k, "%s %s\n", m->att[a].name, m->att[a].sha);
    sha256_hex(k.data, k.len, m->key);
    sb_free(&k);
}

static void attach_reports(message *m, const settings *st)
{
    strbuf p, n;
    sb_init(&p);
    sb_init(&n);
    for (size_t i = 0; i < m->n_scopes; i++) {
        const scope_info *s = m->scopes[i];
        sb_reset(&p);
        sb_reset(&n);
        sb_printf(&n, "%s-%s.pdf", s->code, m->lang);
        sb_printf(&p, "%s/%s", st->output, n.data);
        m->att = xrealloc(m->att, (m->n_att + 1) * sizeof *m->att);
        blob_load(&m->att[m->n_att], p.data, n.data, "application/pdf");
        m->att[m->n_att++].scope = s;
        /* the charts of the report, when the renderer wrote them (taawun-pdf
         * --png: OUTPUT/charts/<scope>-<lang>-N.png, or beside the report) */
        for (int where = 0; where < 2; where++) {
            sb_reset(&p);
            sb_printf(&p, "%s/%s%s-%s-*.png", st->output, where ? "" : "charts/", s->code, m->lang);
            glob_t g;
            if (glob(p.data, 0, NULL, &g) == 0) {
                for (size_t j = 0; j < g.gl_pathc; j++) {
                    const char *base = strrchr(g.gl_pathv[j], '/');
                    base = base ? base + 1 : g.gl_pathv[j];
                    if (mail_unsafe_at(base, NULL) >= 0 || strchr(base, '"') || strchr(base, '>'))
                        continue;
                    m->att = xrealloc(m->att, (m->n_att + 1) * sizeof *m->att);
                    blob_load(&m->att[m->n_att], g.gl_pathv[j], base, "image/png");
                    m->att[m->n_att].is_inline = 1;
                    m->att[m->n_att++].scope = s;
                }
            }
            globfree(&g);
        }
    }
    sb_free(&p);
    sb_free(&n);
}

/* ---- sending through libcurl -------------------------------------------- */

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

/* Dry run: the SMTP peer libcurl talks to. */
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

/* Builds the message with libcurl's MIME API and sends it (or, dry run,
 * captures it into eml).  Sets m->status to ST_SENT, ST_REFUSED or
 * ST_TRANSIENT, and m->err. */
static void send_message(message *m, const settings *st, strbuf *eml)
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
    mail_mailbox(&hb, st->from_name ? st->from_name : texts_for(m->lang)->from_name, st->from, 6);
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
        CURLcode rc = curl_easy_perform(h);
        curl_easy_cleanup(h);   /* closes libcurl's end: the peer sees the end */
        shutdown(peer.listen_fd, SHUT_RDWR);   /* wakes accept() if libcurl never came */
        pthread_join(thread, NULL);
        close(peer.listen_fd);
        unlink(sock.data);
        rmdir(dir.data);
        sb_free(&dir);
        sb_free(&sock);
        if (rc == CURLE_OK && peer.got) {
            sb_reset(eml);
            sb_put(eml, peer.msg.data, peer.msg.len);
            m->status = ST_SENT;
        } else {
            m->status = ST_REFUSED;
            snprintf(m->err, sizeof m->err, "dry run: %s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
        }
        sb_free(&peer.msg);
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

/* ---- ledger and log ----------------------------------------------------- */

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

enum { LS_NONE = 0, LS_SENT, LS_SENDING, LS_FAILED };

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

static void iso_now(char *buf, size_t n)
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
static void ledger_open(ledger *l, const char *dir, int lock, int log)
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
static int ledger_has(const ledger *l, const char *key, const char *address)
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
static const char *ledger_sending(const ledger *l, const char *address)
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
static void ledger_write(ledger *l, const char *line, const char *after)
{
    if (append_synced(l->fd, line) != 0)
        die(EXIT_IO, "cannot write the ledger %s: %s; %s", l->path, strerror(errno), after);
}

static void log_write(ledger *l, const char *line)
{
    if (append_synced(l->log_fd, line) != 0)
        die(EXIT_IO, "cannot write %s: %s", l->log, strerror(errno));
}

static void ledger_close(ledger *l)
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

static void files_list(strbuf *sb, const message *m, int left_out)
{
    int first = 1;
    for (size_t a = 0; a < m->n_att; a++)
        if (m->att[a].left_out == left_out) {
            sb_puts(sb, first ? "" : ",");
            sb_puts(sb, m->att[a].name);
            first = 0;
        }
    if (first)
        sb_puts(sb, "-");
}

/* ---- main ---------------------------------------------------------------- */

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

static void sleep_seconds(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
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

/* Reads the server settings from the environment; exits on a bad one. */
static void read_environment(settings *st)
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

/* Finds the reports of each contact; exits (nothing sent) when a scope has
 * a slice but its report is missing.  Only scopes with a slice now (data
 * now) count: a report left in OUTPUT from older data is never attached. */
static message *plan_reports(const contact_list *cl, const settings *st, const catalog *cat, scope_cache *sc,
                             size_t *n_out)
{
    message *ms = xcalloc(cl->n ? cl->n : 1, sizeof *ms);
    strbuf missing, p;
    sb_init(&missing);
    sb_init(&p);
    size_t n_missing = 0;
    for (size_t i = 0; i < cl->n; i++) {
        const contact *c = &cl->c[i];
        message *m = &ms[i];
        m->c = c;
        m->to = c->address;
        m->to_name = c->name;
        m->lang = c->lang;
        m->index = i + 1;
        sb_init(&m->body);
        m->scopes = xcalloc(c->n_scopes, sizeof *m->scopes);
        m->no_data = xcalloc(c->n_scopes, sizeof *m->no_data);
        for (size_t k = 0; k < c->n_scopes; k++) {
            scope_info *s = scope_get(sc, st, cat, c->scopes[k]);
            if (!s->has_slice) {
                if (c->listed[k])
                    m->no_data[m->n_no_data++] = s;
                continue;
            }
            sb_reset(&p);
            sb_printf(&p, "%s/%s-%s.pdf", st->output, s->code, c->lang);
            if (access(p.data, R_OK) != 0) {
                if (!strstr(missing.data ? missing.data : "", p.data)) {
                    sb_printf(&missing, "%s%s", n_missing ? ", " : "", p.data);
                    n_missing++;
                }
                continue;
            }
            m->scopes[m->n_scopes++] = s;
        }
    }
    if (n_missing)
        die(EXIT_IO, "%zu report%s missing: %s (expected one per scope with a slice in %s; run make reports); "
            "nothing sent", n_missing, n_missing > 1 ? "s" : "", missing.data, st->slices);
    sb_free(&missing);
    sb_free(&p);
    for (size_t i = 0; i < cl->n; i++)
        if (!ms[i].n_scopes)
            ms[i].status = ST_EMPTY;
    *n_out = cl->n;
    return ms;
}

/* Reads a report message's attachments and writes its text: just before
 * it is sent, undone by message_release after, so that the reports of one
 * message only are in memory (10 000 contacts would need gigabytes). */
static void message_build(message *m, const settings *st)
{
    if (!m->c)
        return;   /* a notice is built once, by plan_notice */
    attach_reports(m, st);
    compose_subject(m);
    fit_to_cap(m, st);
}

static message *plan_notice(const settings *st)
{
    message *m = xcalloc(1, sizeof *m);
    m->to = st->to;
    m->to_name = "";
    m->lang = "fr";
    m->index = 0;
    m->subject = xstrdup(st->notice);
    sb_init(&m->body);
    strbuf b;
    sb_init(&b);
    if (st->body_file) {
        char *text;
        size_t len = 0;
        if (!strcmp(st->body_file, "-")) {
            strbuf in;
            sb_init(&in);
            char buf[8192];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
                sb_put(&in, buf, n);
            text = in.data;
            len = in.len;
        } else if (!(text = read_file(st->body_file, &len))) {
            die(EXIT_IO, "cannot read %s: %s", st->body_file, strerror(errno));
        }
        sb_put(&b, text, len);
        free(text);
    }
    if (!b.len || b.data[b.len - 1] != '\n')
        sb_putc(&b, '\n');
    sb_puts(&b, "\n-- \ntaawun-mail " TAAWUN_VERSION "\n");
    for (size_t i = 0; i < b.len; i++) {
        if (b.data[i] == '\n' && (i == 0 || b.data[i - 1] != '\r'))
            sb_putc(&m->body, '\r');
        sb_putc(&m->body, b.data[i]);
    }
    sb_free(&b);
    size_t total = HEADER_OVERHEAD + strlen(m->subject) * 3 + qp_bound(m->body.len) + PART_OVERHEAD;
    m->att = xcalloc(st->n_attach + 1, sizeof *m->att);
    for (size_t i = 0; i < st->n_attach; i++) {
        const char *base = strrchr(st->attach[i], '/');
        base = base ? base + 1 : st->attach[i];
        if (mail_unsafe_at(base, NULL) >= 0 || strchr(base, '"'))
            die(EXIT_USAGE, "--attach %s: the file name has a control character or a quote", st->attach[i]);
        blob_load(&m->att[m->n_att], st->attach[i], base, type_for(base));
        size_t need = mail_base64_size(m->att[m->n_att].len) + PART_OVERHEAD;
        m->att[m->n_att].left_out = total + need > st->max_bytes;
        if (!m->att[m->n_att].left_out)
            total += need;
        m->n_att++;
    }
    sha256_hex(m->body.data, m->body.len, m->key);
    return m;
}

static void write_eml(const settings *st, const message *m, const strbuf *eml)
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

/* Removes the .eml files of an earlier dry run, so the folder shows this one. */
static void clear_eml(const char *dir)
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

int main(int argc, char **argv)
{
    program_init("taawun-mail");
    settings st = {.recipients = "input/delivery/recipients.json", .output = "output", .slices = "build/work/cube",
                   .catalog = "input/catalog", .max_bytes = 10u * 1024 * 1024, .retries = 3, .retry_delay = 30,
                   .timeout = 300, .data_end_timeout = 600};
    st.attach = xcalloc((size_t)argc, sizeof *st.attach);
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
        {"data-end-timeout", required_argument, 0, O_DATA_END}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "r:o:s:c:m:nfqhV", opts, NULL)) != -1) {
        switch (ch) {
        case 'r': st.recipients = optarg; break;
        case 'o': st.output = optarg; break;
        case 's': st.slices = optarg; break;
        case 'c': st.catalog = optarg; break;
        case 'm': st.mail_dir = optarg; break;
        case 'n': st.dry_run = 1; break;
        case 'f': st.force = 1; break;
        case 'q': st.quiet = 1; break;
        case O_MAX: st.max_bytes = parse_bytes(optarg); break;
        case O_RETRIES: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 0 || v > 20)
                die(EXIT_USAGE, "--retries %s: expected a number from 0 to 20", optarg);
            st.retries = (int)v;
            break;
        }
        case O_DELAY: st.retry_delay = parse_seconds("--retry-delay", optarg); break;
        case O_TIMEOUT: st.timeout = parse_seconds("--timeout", optarg); break;
        case O_DATA_END: st.data_end_timeout = parse_seconds("--data-end-timeout", optarg); break;
        case O_NOTICE: st.notice = optarg; break;
        case O_BODY: st.body_file = optarg; break;
        case O_ATTACH: st.attach[st.n_attach++] = optarg; break;
        case O_TO: st.to = optarg; break;
        case 'h': fputs(USAGE, stdout); free(st.attach); return EXIT_OK;
        case 'V': printf("taawun-mail %s\n", TAAWUN_VERSION); free(st.attach); return EXIT_OK;
        default: fputs(USAGE, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "taawun-mail: unexpected argument '%s' (credentials go in the environment or a netrc file)\n",
                argv[optind]);
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    if (st.timeout < 1)
        st.timeout = 1;
    if (st.data_end_timeout < 1)
        st.data_end_timeout = 1;
    if (!st.notice && (st.body_file || st.n_attach || st.to))
        die(EXIT_USAGE, "--body-file, --attach and --to go with --notice");
    const char *what, *why;
    if (st.notice) {
        if (!st.to)
            st.to = env("MAIL_OPERATOR");
        if (!st.to)
            die(EXIT_USAGE, "--notice: no recipient (expected --to ADDRESS or MAIL_OPERATOR in the environment)");
        if ((why = mail_address_problem(st.to)))
            die(EXIT_USAGE, "--notice: the address '%s' %s", st.to, why);
        if (mail_unsafe_at(st.notice, &what) >= 0)
            die(EXIT_USAGE, "--notice: the subject contains %s (expected one line of text)", what);
    }
    strbuf md;
    sb_init(&md);
    if (st.mail_dir)
        sb_puts(&md, st.mail_dir);
    else
        sb_printf(&md, "%s/mail", st.output);
    st.mail_dir = md.data;

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
    free(st.from_domain);
    free(st.attach);
    sb_free(&md);
    curl_global_cleanup();
    return rc;
}
