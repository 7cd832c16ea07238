#include "fact.h"
#include "utf8.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *qualifier_name(qualifier q)
{
    static const char *n[] = {"exact", "approx", "at_least", "at_most"};
    return n[q];
}

const char *sex_name(sex_kind s)
{
    static const char *n[] = {"", "female", "male"};
    return n[s];
}

const char *area_name(area_kind a)
{
    static const char *n[] = {"", "urban", "rural", "periurban"};
    return n[a];
}

/* x in the fewest digits that read back as x (a message must show the
 * real value: 100.0000000001 is not "100"). */
static const char *shortest(char buf[32], double x)
{
    for (int prec = 15; prec < 17; prec++) {   /* %g drops trailing zeros */
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return buf;
    }
    snprintf(buf, 32, "%.17g", x);
    return buf;
}

/* Units that count things (centres, people, families): whole numbers. */
static int unit_is_count(unit_kind u)
{
    return u == UNIT_COUNT || u == UNIT_PEOPLE || u == UNIT_FAMILIES;
}

const char *period_basis_name(period_basis b)
{
    static const char *n[] = {"stated", "publication", "inferred"};
    return n[b];
}

static int lookup_enum(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* ---- validation ---------------------------------------------------------- */

static void report(fact_origin *o, const cJSON *node, int at_key, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void report(fact_origin *o, const cJSON *node, int at_key, const char *field, const char *fmt, ...)
{
    if (!o->located) {
        json_locate(&o->loc, o->text, o->root);
        o->located = 1;
    }
    size_t line, col;
    json_position(&o->loc, node, at_key, &line, &col);
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(o->d, o->base_line + line - 1, col, field, "%s", msg);
}

void fact_origin_free(fact_origin *o)
{
    if (o->located)
        json_locmap_free(&o->loc);
    o->located = 0;
}

static const char *const KNOWN_FIELDS[] = {
    "geo", "facility", "geo_as_reported", "period", "programme", "indicator", "value",
    "qualifier", "sex", "area", "item", "source", "quote", "note", "period_basis", NULL};

/* Index of a known field name in KNOWN_FIELDS, or -1: a switch on the first
 * letter, since this runs for every field of every fact. */
static int field_index(const char *n)
{
    int k = -1;
    switch (n[0]) {
    /* geo, geo_as_reported: n[3] only once n[1], n[2] are known not to end
     * the name (a key "g" has no n[3]) */
    case 'g': k = n[1] == 'e' && n[2] == 'o' && n[3] == '\0' ? 0 : 2; break;
    case 'f': k = 1; break;
    case 'p': k = n[1] == 'e' ? (n[2] && n[3] && n[4] && n[5] && n[6] == '_' ? 14 : 3) : 4; break;  /* period, period_basis, programme */
    case 'i': k = n[1] == 'n' ? 5 : 10; break;          /* indicator, item */
    case 'v': k = 6; break;
    case 'q': k = n[1] == 'u' && n[2] == 'a' ? 7 : 12; break;   /* qualifier, quote */
    case 's': k = n[1] == 'e' ? 8 : 11; break;          /* sex, source */
    case 'a': k = 9; break;
    case 'n': k = 13; break;
    }
    if (k < 0)
        return -1;
    /* the rest of the name, inline: names are short */
    const char *a = n, *b = KNOWN_FIELDS[k];
    while (*a && *a == *b)
        a++, b++;
    return *a == *b ? k : -1;
}

/* A string holding no character the text policy refuses (utf8.h): reports
 * the first one and returns 0.  Multiline text (quote, note) may hold tabs
 * and line breaks. */
int fact_text_ok(fact_origin *o, const cJSON *v, const char *name, int multiline)
{
    size_t at;
    unsigned cp = utf8_unsafe_char(v->valuestring, multiline, &at);
    if (!cp)
        return 1;
    if (cp >= 0x2000)
        report(o, v, 0, name, "bidi control character U+%04X at character %zu (expected plain text; it could reorder report text)",
               cp, at + 1);
    else if (multiline)
        report(o, v, 0, name, "control character U+%04X at character %zu (expected plain text; tab and line breaks "
               "are the only control characters allowed in %s)", cp, at + 1, name);
    else
        report(o, v, 0, name, "control character U+%04X at character %zu (expected plain text without control characters)",
               cp, at + 1);
    return 0;
}

/* The string value of a field; "" after reporting when it is not a string,
 * is empty where it must not be, or holds a refused character. */
static const char *string_field(fact_origin *o, const cJSON *v, const char *name, int nonempty, int multiline,
                                size_t *errs)
{
    if (!cJSON_IsString(v)) {
        report(o, v, 0, name, "is %s (expected a string)", json_type_name(v));
        (*errs)++;
        return "";
    }
    if (!fact_text_ok(o, v, name, multiline)) {
        (*errs)++;
        return "";
    }
    if (nonempty && !*v->valuestring) {
        report(o, v, 0, name, "is empty (expected a non-empty string)");
        (*errs)++;
    }
    return v->valuestring;
}

size_t fact_from_json(fact *f, const cJSON *obj, const char *doc_source, const catalog *c,
                      fact_origin *o, strbuf *ext_buf)
{
    size_t errs = 0;
    memset(f, 0, sizeof *f);
    f->geo = f->programme = f->indicator = f->reported_geo = -1;
    f->facility = f->item = f->quote = f->note = f->geo_as_reported = f->ext = "";
    f->source = doc_source ? doc_source : "";
    if (!cJSON_IsObject(obj)) {
        report(o, obj, 0, "(fact)", "is %s (expected a JSON object with geo, period, programme, indicator, value)",
               json_type_name(obj));
        return 1;
    }
    sb_reset(ext_buf);
    const cJSON *seen[15] = {0};
    int has_ext = 0;
    for (const cJSON *m = obj->child; m; m = m->next) {
        if (m->string[0] == 'x' && m->string[1] == '_') {
            has_ext = 1;
            /* extensions are carried through untouched, as compact JSON */
            char *txt = cJSON_PrintUnformatted(m);
            sb_puts(ext_buf, ext_buf->len ? "," : "{");
            json_put_string(ext_buf, m->string);
            sb_putc(ext_buf, ':');
            sb_puts(ext_buf, txt);
            cJSON_free(txt);   /* cJSON's memory (its hooks may not be malloc's) */
            continue;
        }
        int k = field_index(m->string);
        if (k < 0) {
            report(o, m, 1, m->string,
                   "unknown field (expected geo, facility, geo_as_reported, period, programme, indicator, "
                   "value, qualifier, sex, area, item, source, quote, note, period_basis, or an x_ extension)");
            errs++;
            continue;
        }
        if (seen[k]) {
            report(o, m, 1, m->string, "duplicate key (expected each field once)");
            errs++;
        } else {
            seen[k] = m;
        }
    }
    const cJSON *dup = has_ext ? json_duplicate_key(obj) : NULL;
    if (dup && dup->string[0] == 'x') {
        report(o, dup, 1, dup->string, "duplicate key (expected each field once)");
        errs++;
    }
    if (ext_buf->len) {
        sb_putc(ext_buf, '}');
        f->ext = ext_buf->data;
    }
    static const char *const required[] = {"geo", "period", "programme", "indicator", "value"};
    for (int r = 0; r < 5; r++) {
        int k = field_index(required[r]);
        if (!seen[k]) {
            report(o, obj, 0, required[r], "missing (expected a required field of every fact)");
            errs++;
        }
    }
    const cJSON *v;
    if ((v = seen[0])) {                                   /* geo */
        const char *s = string_field(o, v, "geo", 1, 0, &errs);
        if (*s) {
            f->geo = catalog_geo(c, s);
            if (f->geo < 0) {
                report(o, v, 0, "geo", "unknown territory code '%s' (expected MA, MA-01..MA-12 or a province code such as MA-AZI)", s);
                errs++;
            } else if (c->geo[f->geo].level == GEO_OLD_REGION) {
                report(o, v, 0, "geo",
                       "'%s' is a pre-2015 region (expected a current code; put the old name in geo_as_reported)", s);
                errs++;
                f->geo = -1;
            }
        }
    }
    if ((v = seen[1]))                                     /* facility */
        f->facility = string_field(o, v, "facility", 1, 0, &errs);
    if ((v = seen[2])) {                                   /* geo_as_reported */
        f->geo_as_reported = string_field(o, v, "geo_as_reported", 1, 0, &errs);
        if (*f->geo_as_reported)
            f->reported_geo = catalog_geo_by_name(c, f->geo_as_reported);
    }
    if ((v = seen[3])) {                                   /* period */
        const char *s = string_field(o, v, "period", 1, 0, &errs);
        const char *why;
        if (*s && period_parse(s, &f->per, &why) != 0) {
            report(o, v, 0, "period", "impossible period '%s' (%s)", s, why);
            errs++;
        }
    }
    if ((v = seen[4])) {                                   /* programme */
        const char *s = string_field(o, v, "programme", 1, 0, &errs);
        if (*s && (f->programme = catalog_programme(c, s)) < 0) {
            report(o, v, 0, "programme", "unknown programme code '%s' (expected a code of input/catalog/programmes.json)", s);
            errs++;
        }
    }
    if ((v = seen[5])) {                                   /* indicator */
        const char *s = string_field(o, v, "indicator", 1, 0, &errs);
        if (*s && (f->indicator = catalog_indicator(c, s)) < 0) {
            report(o, v, 0, "indicator", "unknown indicator code '%s' (expected a code of input/catalog/indicators.json)", s);
            errs++;
        }
    }
    if ((v = seen[6])) {                                   /* value */
        char num[32];
        if (!cJSON_IsNumber(v)) {
            report(o, v, 0, "value", "is %s (expected a finite, non-negative JSON number)", json_type_name(v));
            errs++;
        } else {
            double x = v->valuedouble;
            f->value = x;
            if (!isfinite(x)) {
                report(o, v, 0, "value", "is not finite (expected a finite, non-negative number)");
                errs++;
            } else if (x < 0) {
                report(o, v, 0, "value", "is negative: %s (expected a value >= 0)", shortest(num, x));
                errs++;
            } else if (x > 9007199254740992.0) {
                report(o, v, 0, "value", "is %.17g, over 2^53 (expected at most 9007199254740992, a value a double holds exactly)", x);
                errs++;
            } else if (f->indicator >= 0 && !isnan(c->ind[f->indicator].max) && x > c->ind[f->indicator].max) {
                char mx[32];
                report(o, v, 0, "value", "is %s, over the maximum of %s (expected at most %s)", shortest(num, x),
                       c->ind[f->indicator].code, shortest(mx, c->ind[f->indicator].max));
                errs++;
            } else if (f->indicator >= 0 && unit_is_count(c->ind[f->indicator].unit) && x != floor(x)) {
                /* a fraction of a centre: the workbook (#,##0) and the PDF
                 * would show it differently, and neither would be right */
                report(o, v, 0, "value", "is %s, not a whole number of %s (unit %s) (expected a whole number)",
                       shortest(num, x), c->ind[f->indicator].code, unit_name(c->ind[f->indicator].unit));
                errs++;
            }
        }
    }
    static const char *const QUALS[] = {"exact", "approx", "at_least", "at_most"};
    static const char *const SEXES[] = {"", "female", "male"};
    static const char *const AREAS[] = {"", "urban", "rural", "periurban"};
    if ((v = seen[7])) {
        const char *s = string_field(o, v, "qualifier", 1, 0, &errs);
        int q = lookup_enum(s, QUALS, 4);
        if (*s && q < 0) {
            report(o, v, 0, "qualifier", "unknown qualifier '%s' (expected exact, approx, at_least or at_most)", s);
            errs++;
        }
        f->qual = q < 0 ? Q_EXACT : (qualifier)q;
    }
    if ((v = seen[8])) {
        const char *s = string_field(o, v, "sex", 1, 0, &errs);
        int q = *s ? lookup_enum(s, SEXES, 3) : 0;
        if (q <= 0 && *s) {
            report(o, v, 0, "sex", "unknown sex '%s' (expected female or male, or no field for both)", s);
            errs++;
        }
        f->sex = q < 0 ? SEX_ALL : (sex_kind)q;
    }
    if ((v = seen[9])) {
        const char *s = string_field(o, v, "area", 1, 0, &errs);
        int q = *s ? lookup_enum(s, AREAS, 4) : 0;
        if (q <= 0 && *s) {
            report(o, v, 0, "area", "unknown area '%s' (expected urban, rural or periurban, or no field for all)", s);
            errs++;
        }
        f->area = q < 0 ? AREA_ALL : (area_kind)q;
    }
    if ((v = seen[10])) {
        f->item = string_field(o, v, "item", 1, 0, &errs);
        if (f->indicator >= 0 && strcmp(c->ind[f->indicator].code, "items") != 0) {
            report(o, v, 1, "item", "given for indicator '%s' (expected only with indicator items)",
                   c->ind[f->indicator].code);
            errs++;
        }
    }
    if ((v = seen[11])) {
        const char *s = string_field(o, v, "source", 1, 0, &errs);
        if (doc_source && *s && strcmp(s, doc_source) != 0) {
            report(o, v, 0, "source", "'%s' differs from the document's source.id '%s' (expected the same id or no field)",
                   s, doc_source);
            errs++;
        }
        f->source = s;
    } else if (!doc_source) {
        report(o, obj, 0, "source", "missing (expected the source id on every line of a stream file)");
        errs++;
    }
    if ((v = seen[12]))
        f->quote = string_field(o, v, "quote", 0, 1, &errs);
    if ((v = seen[13]))
        f->note = string_field(o, v, "note", 0, 1, &errs);
    if ((v = seen[14])) {
        static const char *const BASES[] = {"stated", "publication", "inferred"};
        int b = -1;
        if (!cJSON_IsString(v)) {
            report(o, v, 0, "period_basis", "is %s (expected stated, publication or inferred)", json_type_name(v));
            errs++;
        } else if (!fact_text_ok(o, v, "period_basis", 0)) {
            errs++;
        } else if ((b = lookup_enum(v->valuestring, BASES, 3)) < 0) {
            report(o, v, 0, "period_basis", "unknown period basis '%s' (expected stated, publication or inferred)",
                   v->valuestring);
            errs++;
        }
        f->basis = b < 0 ? PB_STATED : (period_basis)b;
    }
    return errs;
}

/* ---- canonical TSV -------------------------------------------------------- */

/* Text with tab, line feed, carriage return and backslash escaped; the
 * usual text has none and is copied in one piece. */
static void put_escaped(strbuf *out, const char *s)
{
    size_t n = strcspn(s, "\t\n\r\\");
    if (!s[n]) {
        sb_put(out, s, n);
        return;
    }
    const char *run = s;
    for (; *s; s++) {
        char e = *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : *s == '\\' ? '\\' : 0;
        if (!e)
            continue;
        sb_put(out, run, (size_t)(s - run));
        sb_putc(out, '\\');
        sb_putc(out, e);
        run = s + 1;
    }
    sb_put(out, run, (size_t)(s - run));
}

void fact_write_tsv(strbuf *out, const fact *f, const catalog *c)
{
    const territory *g = &c->geo[f->geo];
    int region = catalog_region_of(c, f->geo);
    char num[40];
    put_escaped(out, f->source);
    sb_putc(out, '\t');
    put_escaped(out, f->file);
    sb_putc(out, '\t');
    sb_put(out, num, format_int(num, (long long)f->line));
    const char *mid1[] = {g->code, geo_level_name(g->level), region >= 0 ? c->geo[region].code : ""};
    for (int k = 0; k < 3; k++) {
        sb_putc(out, '\t');
        sb_puts(out, mid1[k]);
    }
    sb_putc(out, '\t');
    put_escaped(out, f->facility);
    sb_putc(out, '\t');
    period_format(&f->per, num);
    sb_puts(out, num);
    format_number(num, sizeof num, f->value);
    const char *mid2[] = {period_kind_name(f->per.kind), c->prog[f->programme].code, c->ind[f->indicator].code,
                          num, qualifier_name(f->qual), sex_name(f->sex), area_name(f->area)};
    for (int k = 0; k < 7; k++) {
        sb_putc(out, '\t');
        sb_puts(out, mid2[k]);
    }
    sb_putc(out, '\t');
    put_escaped(out, f->item);
    sb_putc(out, '\t');
    put_escaped(out, f->quote);
    sb_putc(out, '\t');
    put_escaped(out, f->geo_as_reported);
    sb_putc(out, '\t');
    sb_puts(out, f->reported_geo >= 0 ? c->geo[f->reported_geo].code : "");
    sb_putc(out, '\t');
    put_escaped(out, f->note);
    sb_putc(out, '\t');
    put_escaped(out, f->ext);
    sb_putc(out, '\t');
    sb_puts(out, period_basis_name(f->basis));
    sb_putc(out, '\n');
}

/* Unescapes s in place; returns s. */
static char *unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return s;
}

/* A whole number of at most 15 digits, as ingest writes integral values:
 * exactly what strtod gives, without it.  Returns 0, or -1 for anything
 * else (then strtod decides). */
static int small_whole(const char *s, size_t n, double *v)
{
    if (n == 0 || n > 15)
        return -1;
    long long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = (double)x;
    return 0;
}

static int lookup_enum_n(const char *s, size_t n, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (strncmp(s, names[i], n) == 0 && names[i][n] == '\0')
            return i;
    return -1;
}

int fact_read_tsv(char *line, fact *f, const catalog *c, const char **why)
{
    /* the line ends at its first line feed or NUL */
    size_t len = strcspn(line, "\n");
    char *end = line + len;
    *end = '\0';
    char *col[FACTS_TSV_COLUMNS];
    size_t clen[FACTS_TSV_COLUMNS];
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *tab = memchr(p, '\t', (size_t)(end - p));
        char *stop = tab ? tab : end;
        if (n == FACTS_TSV_COLUMNS) {
            *why = "too many columns";
            return -1;
        }
        col[n] = p;
        clen[n++] = (size_t)(stop - p);
        *stop = '\0';
        if (!tab)
            break;
        p = tab + 1;
    }
    if (n != FACTS_TSV_COLUMNS) {
        *why = "wrong number of columns (expected the canonical facts written by ingest)";
        return -1;
    }
    /* text columns are unescaped only when the line holds a backslash */
    int esc = memchr(line, '\\', len) != NULL;
#define TEXT(k) (esc ? unescape(col[k]) : col[k])
    memset(f, 0, sizeof *f);
    f->source = TEXT(0);
    f->file = TEXT(1);
    f->line = (size_t)strtoull(col[2], NULL, 10);
    f->geo = strmap_getn(&c->geo_by_code, col[3], clen[3]);
    f->facility = TEXT(6);
    const char *pw;
    f->programme = strmap_getn(&c->prog_by_code, col[9], clen[9]);
    f->indicator = strmap_getn(&c->ind_by_code, col[10], clen[10]);
    if (f->geo < 0 || f->programme < 0 || f->indicator < 0 || period_parse(col[7], &f->per, &pw) != 0) {
        *why = "code or period not in the catalogues (was the catalogue changed after ingest?)";
        return -1;
    }
    if (small_whole(col[11], clen[11], &f->value) != 0)
        f->value = strtod(col[11], NULL);
    static const char *const QUALS[] = {"exact", "approx", "at_least", "at_most"};
    static const char *const SEXES[] = {"", "female", "male"};
    static const char *const AREAS[] = {"", "urban", "rural", "periurban"};
    int q = lookup_enum_n(col[12], clen[12], QUALS, 4), s = lookup_enum_n(col[13], clen[13], SEXES, 3),
        a = lookup_enum_n(col[14], clen[14], AREAS, 4);
    if (q < 0 || s < 0 || a < 0) {
        *why = "unknown qualifier, sex or area";
        return -1;
    }
    f->qual = (qualifier)q;
    f->sex = (sex_kind)s;
    f->area = (area_kind)a;
    f->item = TEXT(15);
    f->quote = TEXT(16);
    f->geo_as_reported = TEXT(17);
    f->reported_geo = *col[18] ? strmap_getn(&c->geo_by_code, col[18], clen[18]) : -1;
    f->note = TEXT(19);
    f->ext = TEXT(20);
#undef TEXT
    static const char *const BASES[] = {"stated", "publication", "inferred"};
    int b = lookup_enum_n(col[21], clen[21], BASES, 3);
    if (b < 0) {
        *why = "unknown period_basis";
        return -1;
    }
    f->basis = (period_basis)b;
    return 0;
}
