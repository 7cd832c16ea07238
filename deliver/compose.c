/* What each message says and carries: the reports of the contact's
 * territories (only scopes with a slice now: a report left in OUTPUT from
 * older data is never attached), their charts, the text in the contact's
 * language with the headline figures, and the size cap.  The one message
 * of --notice too. */
#include <errno.h>
#include <glob.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deliver.h"
#include "lib/mailhdr.h"

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

const char *texts_from_name(const char *lang)
{
    return texts_for(lang)->from_name;
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
