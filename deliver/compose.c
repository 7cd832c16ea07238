/* What each message says and carries: the reports of the contact's
 * territories (only scopes with a slice now: a report left in OUTPUT from
 * older data is never attached), their charts, the text in the contact's
 * language with the headline figures, and the size cap.  The one message
 * of --notice too. */
#include <errno.h>
#include <glob.h>
#include <math.h>
#include <openssl/evp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deliver.h"
#include "lib/diag.h"
#include "lib/json.h"
#include "lib/mailhdr.h"
#include "render/numfmt.h"

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

void message_release(message *m)
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

void message_free(message *m)
{
    message_release(m);
    free(m->scopes);
    free(m->no_data);
    sb_free(&m->body);
}


/* As the reports write it (render/numfmt.c): "1 234,5" in French,
 * "1,234.5" in Arabic, rounded as written. */
static void put_number(strbuf *sb, double v, int decimals, const char *lang)
{
    numfmt nf = numfmt_for_lang(lang);
    char buf[64];
    numfmt_number(buf, sizeof buf, v, decimals, &nf);
    sb_puts(sb, buf);
}

/* The message texts: the mail_* labels of the template set's labels.json
 * (TEMPLATES/labels.json, "taawun-labels/1"), in Arabic and French.  A
 * text may hold {n}, {name}, {code} or {cap}, replaced when it is used
 * (never a printf format: the texts are data). */
typedef struct {
    const char *from_name, *report, *reports, *others, *synthetic_tag, *list_sep, *period_sep, *hello, *intro1,
        *intro_n, *period, *labels[N_HEAD], *sep, *not_available, *partial, *partial_note, *approx, *at_least,
        *at_most, *unit_percent, *unit_mad, *unit_mb, *unit_kb, *attached, *chart, *left_out, *left_out_why,
        *no_report, *no_figures, *synthetic, *footer;
} texts;

#define TEXT(key, field) {key, offsetof(texts, field)}
static const struct {
    const char *key;
    size_t off;
} TEXT_KEYS[] = {
    TEXT("mail_from_name", from_name),        TEXT("mail_subject_report", report),
    TEXT("mail_subject_reports", reports),    TEXT("mail_subject_others", others),
    TEXT("mail_subject_synthetic", synthetic_tag), TEXT("mail_list_sep", list_sep),
    TEXT("mail_period_sep", period_sep),      TEXT("mail_hello", hello),
    TEXT("mail_intro_one", intro1),           TEXT("mail_intro_many", intro_n),
    TEXT("mail_period", period),              TEXT("mail_centres", labels[0]),
    TEXT("mail_beneficiaries", labels[1]),    TEXT("mail_female_share_pct", labels[2]),
    TEXT("mail_budget_mad", labels[3]),       TEXT("mail_sep", sep),
    TEXT("mail_not_available", not_available), TEXT("mail_partial", partial),
    TEXT("mail_partial_note", partial_note),  TEXT("mail_approx", approx),
    TEXT("mail_at_least", at_least),          TEXT("mail_at_most", at_most),
    TEXT("mail_unit_percent", unit_percent),  TEXT("mail_unit_mad", unit_mad),
    TEXT("mail_unit_mb", unit_mb),            TEXT("mail_unit_kb", unit_kb),
    TEXT("mail_attached", attached),          TEXT("mail_chart", chart),
    TEXT("mail_left_out", left_out),          TEXT("mail_left_out_why", left_out_why),
    TEXT("mail_no_report", no_report),        TEXT("mail_no_figures", no_figures),
    TEXT("mail_synthetic", synthetic),        TEXT("mail_footer", footer),
};
#undef TEXT

static const char *const TEXT_LANGS[2] = {"ar", "fr"};
static texts TEXTS[2];         /* strings of labels_root */
static cJSON *labels_root;
static int texts_loaded;

int texts_load(const char *templates, int required)
{
    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/labels.json", templates);
    diag d;
    diag_init(&d, 50);
    diag_file(&d, path.data);
    size_t len;
    char *text = read_file(path.data, &len);
    if (!text) {
        if (required)
            die(EXIT_IO, "cannot read %s: %s (expected the message texts, mail_* labels; see --templates)", path.data,
                strerror(errno));
        fprintf(stderr, "taawun-mail: cannot read %s: %s (the notice goes without a sender name)\n", path.data,
                strerror(errno));
        sb_free(&path);
        return -1;
    }
    labels_root = json_parse_checked(&d, text, len, 0);
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(labels_root, "format");
    if (labels_root && !(cJSON_IsString(format) && !strcmp(format->valuestring, "taawun-labels/1")))
        diag_error(&d, 1, 1, "format", "is not \"taawun-labels/1\" (expected the labels of a template set)");
    json_locmap lm = {0};
    if (labels_root && !d.total_errors) {
        json_locate(&lm, text, labels_root);
        for (int l = 0; l < 2; l++) {
            const cJSON *obj = cJSON_GetObjectItemCaseSensitive(labels_root, TEXT_LANGS[l]);
            size_t line = 1, col = 1;
            if (obj)
                json_position(&lm, obj, 0, &line, &col);
            for (size_t k = 0; k < sizeof TEXT_KEYS / sizeof *TEXT_KEYS; k++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, TEXT_KEYS[k].key);
                strbuf field;
                sb_init(&field);
                sb_printf(&field, "%s.%s", TEXT_LANGS[l], TEXT_KEYS[k].key);
                if (!cJSON_IsString(v))
                    diag_error(&d, line, col, field.data, "%s (expected a string: a message text of taawun-mail)",
                               v ? "is not a string" : "missing");
                else
                    *(const char **)((char *)&TEXTS[l] + TEXT_KEYS[k].off) = v->valuestring;
                sb_free(&field);
            }
        }
        json_locmap_free(&lm);
    }
    free(text);
    if (d.total_errors) {
        if (required)
            die(EXIT_DATA, "%s: the message texts have errors (see above); nothing sent", path.data);
        fprintf(stderr, "taawun-mail: %s: the message texts have errors (see above); the notice goes without a "
                "sender name\n", path.data);
        cJSON_Delete(labels_root);
        labels_root = NULL;
        sb_free(&path);
        return -1;
    }
    texts_loaded = 1;
    sb_free(&path);
    return 0;
}

void texts_free(void)
{
    cJSON_Delete(labels_root);
    labels_root = NULL;
    texts_loaded = 0;
}

static const texts *texts_for(const char *lang)
{
    return &TEXTS[strcmp(lang, "ar") ? 1 : 0];
}

/* A label of labels.json other than the mail_* texts (the words of a sex
 * or an area); the key itself when missing. */
static const char *label_of(const char *lang, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(labels_root, lang), key);
    return cJSON_IsString(v) ? v->valuestring : key;
}

const char *texts_from_name(const char *lang)
{
    return texts_loaded ? texts_for(lang)->from_name : NULL;
}

/* Appends tpl with {n}, {name}, {code}, {cap} replaced by the values given
 * (NULL: left as they are). */
static void put_text(strbuf *sb, const char *tpl, const char *n, const char *name, const char *code, const char *cap)
{
    const char *keys[4] = {"{n}", "{name}", "{code}", "{cap}"}, *vals[4] = {n, name, code, cap};
    for (const char *p = tpl; *p;) {
        int hit = -1;
        if (*p == '{')
            for (int k = 0; k < 4 && hit < 0; k++)
                if (vals[k] && !strncmp(p, keys[k], strlen(keys[k])))
                    hit = k;
        if (hit >= 0) {
            sb_puts(sb, vals[hit]);
            p += strlen(keys[hit]);
        } else {
            sb_putc(sb, *p++);
        }
    }
}

static void put_size(strbuf *sb, size_t bytes, const char *lang)
{
    if (bytes >= 1024 * 1024) {
        put_number(sb, bytes / 1048576.0, 1, lang);
        sb_puts(sb, texts_for(lang)->unit_mb);
    } else {
        put_number(sb, ceil(bytes / 1024.0), 0, lang);
        sb_puts(sb, texts_for(lang)->unit_kb);
    }
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
    if (f->only) {   /* one sex or one area only, as the reports say it: "femmes : 640" */
        sb_printf(b, "%s%s%s%s", *f->only_sex ? label_of(lang, f->only_sex) : "",
                  *f->only_sex && *f->only_area ? ", " : "", *f->only_area ? label_of(lang, f->only_area) : "",
                  label_of(lang, "only_part_separator"));
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
        sb_puts(b, tx->unit_percent);
    else if (!strcmp(HEAD_IND[k], "budget_mad"))
        sb_puts(b, tx->unit_mad);
    if (f->partial) {
        sb_printf(b, " (%s)", tx->partial);
        (*partials)++;
    }
    sb_printf(b, " - %s", f->period);   /* each figure its own period */
}

static void compose_subject(message *m)
{
    const texts *tx = texts_for(m->lang);
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
            sb_puts(&s, tx->list_sep);
        sb_puts(&s, scope_name(m->scopes[i], m->lang));
    }
    if (shown < m->n_scopes) {
        char n[32];
        snprintf(n, sizeof n, "%zu", m->n_scopes - shown);
        put_text(&s, tx->others, n, NULL, NULL, NULL);
    }
    /* the periods, each once */
    int first = 1;
    for (size_t i = 0; i < m->n_scopes; i++) {
        const char *p = m->scopes[i]->period;
        int seen = !p;
        for (size_t j = 0; j < i && !seen; j++)
            seen = m->scopes[j]->period && !strcmp(m->scopes[j]->period, p);
        if (seen)
            continue;
        sb_puts(&s, first ? tx->list_sep : tx->period_sep);
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
    put_text(&b, tx->hello, NULL, m->to_name, NULL, NULL);
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
                if (!s->head[k].have)
                    continue;   /* no line that says only "not available" */
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
                put_text(&b, tx->left_out_why, NULL, NULL, NULL, cap);
                sb_puts(&b, "\n");
            } else {
                sb_printf(&b, "  %s%s%s\n", f->is_inline ? tx->chart : tx->attached, tx->sep, f->name);
            }
        }
    }
    for (size_t i = 0; i < m->n_no_data; i++) {
        sb_puts(&b, "\n");
        put_text(&b, tx->no_report, NULL, scope_name(m->no_data[i], m->lang), m->no_data[i]->code, NULL);
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

void files_list(strbuf *sb, const message *m, int left_out)
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

/* Finds the reports of each contact; exits (nothing sent) when a scope has
 * a slice but its report is missing.  Only scopes with a slice now (data
 * now) count: a report left in OUTPUT from older data is never attached. */
message *plan_reports(const contact_list *cl, const settings *st, const catalog *cat, scope_cache *sc,
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
void message_build(message *m, const settings *st)
{
    if (!m->c)
        return;   /* a notice is built once, by plan_notice */
    attach_reports(m, st);
    compose_subject(m);
    fit_to_cap(m, st);
}

message *plan_notice(const settings *st)
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
