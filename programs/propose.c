/* taawun-propose: from a raw Arabic article (UTF-8 text) to proposed facts
 * in the contract's format, for a person to review (docs/propose.md).
 *
 *   taawun-propose [--catalog DIR] [--source-id ID] [--published YYYY[-MM[-DD]]]
 *                  [--title TEXT] --output FILE ARTICLE.txt
 *
 * Exit codes: 0 ok, 1 bad data (article or lexicons), 2 usage, 3 I/O. */
#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/csv.h"
#include "lib/diag.h"
#include "lib/prop_core.h"
#include "lib/prop_lex.h"
#include "lib/util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An article, not a corpus: larger files are refused before being read. */
#define MAX_ARTICLE (8u << 20)

static const char usage_text[] =
    "usage: taawun-propose [--catalog DIR] [--source-id ID] [--published YYYY[-MM[-DD]]]\n"
    "                      [--index INDEX.csv] [--title TEXT] --output FILE ARTICLE.txt\n"
    "Reads one Arabic article (UTF-8 text) and writes the facts it proposes\n"
    "(entraide-facts/1, with x_confidence, x_rule, x_span and the numbers set\n"
    "aside in x_rejected) for a person to review before it goes into input/.\n"
    "  --catalog DIR    catalogues and lexicons (DIR/propose/); default input/catalog\n"
    "  --source-id ID   the source id (letters, digits, - and _); default: the file name\n"
    "  --published D    publication date; default: the index's, else a date line of the article\n"
    "  --index FILE     an INDEX.csv of the articles (columns id, published, title):\n"
    "                   the article's row gives its publication date and title\n"
    "  --title TEXT     the title; default: the article's first line when it stands alone\n"
    "  --output FILE    where to write (atomically)\n"
    "Exit codes: 0 ok, 1 bad data, 2 usage, 3 I/O error.\n";

static int usage(const char *msg)
{
    if (msg) fprintf(stderr, "taawun-propose: %s\n", msg);
    fputs(usage_text, stderr);
    return 2;
}

static int id_ok(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static int date_ok(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
        else if (s[i] < '0' || s[i] > '9') return 0;
    }
    if (n >= 7 && (atoi(s + 5) < 1 || atoi(s + 5) > 12)) return 0;
    if (n == 10 && (atoi(s + 8) < 1 || atoi(s + 8) > 31)) return 0;
    return 1;
}

/* Reads the article, refusing what is not an article's text. Returns 0,
 * or the exit code after printing why. */
static int read_article(const char *path, char **text, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
        if (fd >= 0) close(fd);
        return 3;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: not a regular file (expected an article in UTF-8 text)\n", path);
        close(fd);
        return 1;
    }
    if ((unsigned long long)st.st_size > MAX_ARTICLE) {
        fprintf(stderr, "%s: too large: %lld bytes (expected one article, at most %u bytes)\n", path,
                (long long)st.st_size, MAX_ARTICLE);
        close(fd);
        return 1;
    }
    char *buf = xmalloc((size_t)st.st_size + 1);
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, (size_t)st.st_size + 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
            free(buf);
            close(fd);
            return 3;
        }
        if (r == 0) break;
        n += (size_t)r;
        if (n > (size_t)st.st_size) {
            fprintf(stderr, "%s: grew while being read (expected a finished file)\n", path);
            free(buf);
            close(fd);
            return 3;
        }
    }
    close(fd);
    buf[n] = 0;
    size_t blank = 0;
    while (blank < n && strchr(" \t\r\n", buf[blank])) blank++;
    if (blank == n) {
        fprintf(stderr, "%s: empty (expected an article in UTF-8 text)\n", path);
        free(buf);
        return 1;
    }
    const char *nul = memchr(buf, 0, n), *end;
    size_t line, col;
    if (nul) {
        text_position(buf, 0, &line, &col);
        size_t off = (size_t)(nul - buf);
        buf[off] = 0;
        text_position(buf, off, &line, &col);
        fprintf(stderr, "%s:%zu:%zu: binary data: a NUL byte (expected UTF-8 text)\n", path, line, col);
        free(buf);
        return 1;
    }
    if (!g_utf8_validate(buf, (gssize)n, &end)) {
        size_t off = (size_t)(end - buf);
        text_position(buf, off, &line, &col);
        fprintf(stderr, "%s:%zu:%zu: invalid UTF-8 (byte 0x%02X at offset %zu; expected UTF-8 text)\n", path, line,
                col, (unsigned char)*end, off);
        free(buf);
        return 1;
    }
    *text = buf;
    *len = n;
    return 0;
}

static int has_arabic(const char *s, size_t n)
{
    for (const char *p = s; p < s + n; p = g_utf8_next_char(p))
        if (g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_ARABIC && g_unichar_isalpha(g_utf8_get_char(p)))
            return 1;
    return 0;
}

/* The row of article `id` in an index of articles (tests/propose/articles/
 * INDEX.csv: id, url, publisher, title, published, set): its publication
 * date and title, each NULL when the row or the cell is empty.  0, or an
 * exit code after a message. */
static int index_lookup(const char *path, const char *id, char **published, char **title)
{
    gchar *text = NULL;
    gsize len = 0;
    GError *err = NULL;
    *published = *title = NULL;
    if (!g_file_get_contents(path, &text, &len, &err)) {
        fprintf(stderr, "%s: cannot read: %s\n", path, err->message);
        g_error_free(err);
        return 3;
    }
    csv_table t;
    size_t line = 0;
    const char *why = NULL;
    if (csv_parse(text, len, &t, &line, &why) != 0) {
        fprintf(stderr, "%s:%zu: %s\n", path, line, why);
        g_free(text);
        return 1;
    }
    g_free(text);
    int ci = csv_column(&t, "id"), cp = csv_column(&t, "published"), ct = csv_column(&t, "title"), rc = 0;
    if (ci < 0) {
        fprintf(stderr, "%s:1: id: no such column (expected a header with id, published, title)\n", path);
        rc = 1;
    }
    for (size_t r = 1; !rc && r < t.nrows; r++) {
        if ((size_t)ci >= t.ncols[r] || strcmp(t.rows[r][ci], id)) continue;
        const char *pub = cp >= 0 && (size_t)cp < t.ncols[r] ? t.rows[r][cp] : "";
        if (*pub && !date_ok(pub)) {
            fprintf(stderr, "%s:%zu: published: not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)\n", path, t.lines[r]);
            rc = 1;
            break;
        }
        if (*pub) *published = xstrdup(pub);
        if (ct >= 0 && (size_t)ct < t.ncols[r] && t.rows[r][ct][0]) *title = xstrdup(t.rows[r][ct]);
        break;
    }
    csv_free(&t);
    return rc;
}

int main(int argc, char **argv)
{
    const char *catdir = "input/catalog", *id = NULL, *published = NULL, *title = NULL, *output = NULL, *index = NULL;
    static const struct option opts[] = {
        {"catalog", required_argument, 0, 'c'}, {"source-id", required_argument, 0, 'i'},
        {"published", required_argument, 0, 'p'}, {"title", required_argument, 0, 't'},
        {"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'}, {"index", required_argument, 0, 'x'}, {0, 0, 0, 0},
    };
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "c:i:p:t:o:x:hV", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': catdir = optarg; break;
        case 'i': id = optarg; break;
        case 'p': published = optarg; break;
        case 't': title = optarg; break;
        case 'o': output = optarg; break;
        case 'x': index = optarg; break;
        case 'h': fputs(usage_text, stdout); return 0;
        case 'V': printf("taawun-propose %s\n", TAAWUN_VERSION); return 0;
        default: return usage("unknown option or missing value");
        }
    }
    if (!output) return usage("--output FILE is required");
    if (optind + 1 != argc) return usage("give exactly one ARTICLE.txt");
    if (published && !date_ok(published)) return usage("--published: expected YYYY, YYYY-MM or YYYY-MM-DD");
    const char *path = argv[optind];
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *derived = xstrdup(base);
    char *dot = strrchr(derived, '.');
    if (dot && dot != derived) *dot = 0;
    if (!id) id = derived;
    if (!id_ok(id)) {
        free(derived);
        return usage("source id: only letters, digits, - and _ (give --source-id)");
    }

    char *ix_published = NULL, *ix_title = NULL;
    if (index) {
        int irc = index_lookup(index, id, &ix_published, &ix_title);
        if (irc) { free(derived); return irc; }
        if (!published) published = ix_published;
        if (!title) title = ix_title;
    }

    catalog cat;
    diag d;
    diag_init(&d, 20);
    if (catalog_load(&cat, catdir, &d) != 0) { free(derived); free(ix_published); free(ix_title); return 1; }
    prop_lex L;
    if (prop_lex_load(&L, catdir, prop_lex_catalog_code_ok, &cat) != 0) {
        catalog_free(&cat);
        free(derived);
        free(ix_published);
        free(ix_title);
        return 1;
    }

    char *text = NULL;
    size_t len = 0;
    int rc = read_article(path, &text, &len);
    if (rc) { prop_lex_free(&L); catalog_free(&cat); free(derived); free(ix_published); free(ix_title); return rc; }

    char date[11];
    if (!published && propose_date_line(&L, text, len, date)) published = date;
    char *own_title = title ? NULL : propose_title_line(text, len);
    prop_result r;
    prop_ctx ctx = {&L, &cat, published};
    if (has_arabic(text, len)) {
        propose_run(&ctx, text, len, &r);
    } else {
        memset(&r, 0, sizeof r);
        r.note = L.msg[MSG_NO_ARABIC];
    }
    char *doc = propose_document(&r, id, title ? title : own_title, published, base);
    atomic_file af;
    rc = 0;
    if (atomic_open(&af, output) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", output, strerror(errno));
        rc = 3;
    } else if (fputs(doc, af.fp) < 0 || fputc('\n', af.fp) == EOF) {
        fprintf(stderr, "%s: cannot write: %s\n", output, strerror(errno));
        atomic_abort(&af);
        rc = 3;
    } else if (atomic_commit(&af) != 0) {   /* removes its temporary itself */
        fprintf(stderr, "%s: cannot write: %s\n", output, strerror(errno));
        rc = 3;
    }
    if (!rc && r.note) fprintf(stderr, "%s: %s\n", path, r.note);
    free(doc);
    free(own_title);
    prop_result_free(&r);
    free(text);
    prop_lex_free(&L);
    catalog_free(&cat);
    free(derived);
    free(ix_published);
    free(ix_title);
    return rc;
}
