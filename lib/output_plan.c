#include "output_plan.h"
#include "catalog.h"
#include "json.h"
#include "strmap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const LEVELS[] = {"national", "region", "province"};
#define N_LEVELS 3
static const char *const LANGS[] = {"ar", "fr"};   /* what the renderers write */
#define N_LANGS 2

/* The section of a report each renderer draws from: without it, the
 * report has no file of that kind. */
static const char *renderer_section(const char *renderer)
{
    if (!strcmp(renderer, "xlsx"))
        return "workbook";
    if (!strcmp(renderer, "pdf"))
        return "pdf";
    return NULL;
}

/* The template set being checked: problems at their node's value. */
typedef json_doc ctx;

/* perr(c, node, field, fmt, ...): at the node's value */
#define perr(c, node, field, ...) json_doc_error(c, node, 0, field, __VA_ARGS__)

int plan_expand_name(const char *pattern, const char *scope, const char *level, const char *lang, strbuf *out,
                     const char **why)
{
    sb_reset(out);
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            if (!strncmp(p, "{scope}", 7)) { sb_puts(out, scope); p += 7; }
            else if (!strncmp(p, "{level}", 7)) { sb_puts(out, level); p += 7; }
            else if (!strncmp(p, "{lang}", 6)) { sb_puts(out, lang); p += 6; }
            else {
                *why = "unknown placeholder (expected {scope}, {level} or {lang})";
                return -1;
            }
        } else if (*p == '}') {
            *why = "a '}' without its '{'";
            return -1;
        } else {
            sb_putc(out, *p++);
        }
    }
    return 0;
}

int plan_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 128 || s[0] == '.' || s[0] == '-' || strstr(s, ".."))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_' || *p == '.'))
            return 0;
    return 1;
}

static int in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i], s))
            return 1;
    return 0;
}

/* Splits a space-separated list; the words are owned by the array. */
static size_t split_words(const char *s, char ***out)
{
    size_t n = 0;
    *out = NULL;
    while (s && *s) {
        while (*s == ' ' || *s == '\t')
            s++;
        const char *e = s;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        if (e > s) {
            *out = xrealloc(*out, (n + 1) * sizeof **out);
            (*out)[n++] = xstrndup(s, (size_t)(e - s));
        }
        s = e;
    }
    return n;
}

static void free_words(char **w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(w[i]);
    free(w);
}

/* The file-name pattern of a report for a level. */
static const char *file_pattern(const cJSON *report, const char *level, const cJSON **node)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(report, "file");
    *node = f;
    if (cJSON_IsString(f))
        return f->valuestring;
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(f, level);
    if (cJSON_IsString(l)) {
        *node = l;
        return l->valuestring;
    }
    return PLAN_DEFAULT_FILE;
}

/* The set's languages, checked; NULL after an error. */
static char **set_languages(ctx *c, size_t *n)
{
    const cJSON *ls = cJSON_GetObjectItemCaseSensitive(c->root, "languages");
    char **out = NULL;
    *n = 0;
    if (!ls)
        return (*n = split_words(PLAN_DEFAULT_LANGS, &out)), out;
    if (!cJSON_IsArray(ls) || cJSON_GetArraySize(ls) == 0) {
        perr(c, ls, "languages", "not a list of languages (expected e.g. [\"ar\", \"fr\"])");
        return NULL;
    }
    const cJSON *l;
    int bad = 0;
    cJSON_ArrayForEach(l, ls) {
        if (!cJSON_IsString(l) || !in_list(LANGS, N_LANGS, l->valuestring)) {
            perr(c, l, "languages", "'%s' is not a language the renderers write (expected ar or fr)",
                 cJSON_IsString(l) ? l->valuestring : json_type_name(l));
            bad = 1;
            continue;
        }
        if (in_list((const char *const *)out, *n, l->valuestring)) {
            perr(c, l, "languages", "'%s' listed twice", l->valuestring);
            bad = 1;
            continue;
        }
        out = xrealloc(out, (*n + 1) * sizeof *out);
        out[(*n)++] = xstrdup(l->valuestring);
    }
    if (bad) {
        free_words(out, *n);
        return NULL;
    }
    return out;
}

/* A PDF chart or table block shows a workbook table, by its id: one
 * naming no table of the report's workbook section is reported here, at
 * load time, not when the first slice that reaches it is rendered. */
static int check_blocks(ctx *c, const cJSON *report)
{
    const cJSON *sheets = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(report, "workbook"), "sheets");
    const cJSON *pages = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(report, "pdf"), "pages");
    const cJSON *page, *block, *sh;
    int rc = 0;
    cJSON_ArrayForEach(page, pages)
        cJSON_ArrayForEach(block, cJSON_GetObjectItemCaseSensitive(page, "blocks")) {
            const cJSON *type = cJSON_GetObjectItemCaseSensitive(block, "type");
            if (!cJSON_IsString(type) || (strcmp(type->valuestring, "chart") && strcmp(type->valuestring, "table")))
                continue;
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(block, "table");
            if (!cJSON_IsString(id)) {
                perr(c, id ? id : block, "table", "%s in a %s block (expected the id of a table of the workbook section)",
                     id ? json_type_name(id) : "missing", type->valuestring);
                rc = -1;
                continue;
            }
            const cJSON *found = NULL;
            strbuf ids;
            sb_init(&ids);
            cJSON_ArrayForEach(sh, sheets) {
                const cJSON *sid = cJSON_GetObjectItemCaseSensitive(sh, "id");
                const cJSON *st = cJSON_GetObjectItemCaseSensitive(sh, "type");
                if (!cJSON_IsString(sid) || !cJSON_IsString(st) || strcmp(st->valuestring, "table"))
                    continue;
                sb_printf(&ids, "%s%s", ids.len ? ", " : "", sid->valuestring);
                if (!strcmp(sid->valuestring, id->valuestring))
                    found = sh;
            }
            if (!found) {
                perr(c, id, "table", "'%s' is not a table of the workbook section (expected one of: %s)", id->valuestring,
                     ids.len ? ids.data : "none defined");
                rc = -1;
            }
            sb_free(&ids);
        }
    return rc;
}

int plan_check_blocks(const cJSON *root, const char *text, diag *d)
{
    ctx c = {.d = d, .text = text, .root = root};
    int rc = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(root, "reports"))
        if (check_blocks(&c, r) != 0)
            rc = -1;
    json_doc_free(&c);
    return rc;
}

/* Checks the reports; fills by_level[k] with the report for LEVELS[k]. */
static int check_reports(ctx *c, const cJSON *by_level[N_LEVELS], size_t n_langs)
{
    const cJSON *reports = cJSON_GetObjectItemCaseSensitive(c->root, "reports");
    if (!cJSON_IsArray(reports)) {
        perr(c, c->root, "reports", "missing (expected an array of reports)");
        return -1;
    }
    int rc = 0;
    const cJSON *r;
    strbuf name;
    sb_init(&name);
    cJSON_ArrayForEach(r, reports) {
        if (check_blocks(c, r) != 0)
            rc = -1;
        const cJSON *scopes = cJSON_GetObjectItemCaseSensitive(r, "scopes"), *s;
        if (!cJSON_IsArray(scopes) || cJSON_GetArraySize(scopes) == 0) {
            perr(c, scopes ? scopes : r, "scopes", "missing or empty (expected scope levels: national, region, province)");
            rc = -1;
            continue;
        }
        cJSON_ArrayForEach(s, scopes) {
            int k = -1;
            for (int i = 0; i < N_LEVELS; i++)
                if (cJSON_IsString(s) && !strcmp(s->valuestring, LEVELS[i]))
                    k = i;
            if (k < 0) {
                perr(c, s, "scopes", "'%s' is not a scope level (expected national, region or province)",
                     cJSON_IsString(s) ? s->valuestring : json_type_name(s));
                rc = -1;
                continue;
            }
            if (by_level[k]) {
                perr(c, s, "scopes", "level '%s' has a report already (expected one report per level)", LEVELS[k]);
                rc = -1;
                continue;
            }
            by_level[k] = r;
            const cJSON *node;
            const char *pat = file_pattern(r, LEVELS[k], &node);
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(r, "file");
            if (f && !cJSON_IsString(f) && !cJSON_IsObject(f)) {
                perr(c, f, "file", "not a name pattern (expected \"{scope}-{lang}\" or {\"national\": \"…\", …})");
                rc = -1;
                continue;
            }
            const char *why;
            if (plan_expand_name(pat, "MA-01", LEVELS[k], "fr", &name, &why) != 0) {
                perr(c, node, "file", "'%s': %s", pat, why);
                rc = -1;
            } else if (!plan_name_ok(name.data)) {
                perr(c, node, "file", "'%s' does not make a plain file name (expected letters, digits, '-', '_' and '.', "
                     "no '/', not starting with '.' or '-': files stay in OUTPUT)", pat);
                rc = -1;
            } else if (k > 0 && !strstr(pat, "{scope}")) {
                perr(c, node, "file", "'%s' has no {scope}, but a %s report is made for each %s: the files would overwrite "
                     "each other", pat, LEVELS[k], LEVELS[k]);
                rc = -1;
            } else if (n_langs > 1 && !strstr(pat, "{lang}")) {
                perr(c, node, "file", "'%s' has no {lang}, but %zu languages are asked for: the files would overwrite each "
                     "other (expected {lang} in the name, or one language in LANGS or \"languages\")", pat, n_langs);
                rc = -1;
            }
        }
    }
    sb_free(&name);
    return rc;
}

int plan_build(plan *p, const cJSON *root, const char *text, const plan_scope *scopes, size_t n_scopes,
               const char *langs, const char *renderers, diag *d)
{
    memset(p, 0, sizeof *p);
    ctx c = {.d = d, .text = text, .root = root};
    size_t before = d->total_errors;
    size_t n_set = 0;
    char **set = set_languages(&c, &n_set);
    if (!set)
        goto out;

    /* the languages rendered: those asked for that the set has, in the
     * order asked; all of the set's when none are asked for */
    char **asked = NULL;
    size_t n_asked = split_words(langs, &asked);
    if (n_asked == 0) {
        for (size_t i = 0; i < n_set; i++) {
            p->langs = xrealloc(p->langs, (p->n_langs + 1) * sizeof *p->langs);
            p->langs[p->n_langs++] = xstrdup(set[i]);
        }
    }
    for (size_t i = 0; i < n_asked; i++) {
        if (!in_list((const char *const *)set, n_set, asked[i])) {
            fprintf(stderr, "%s: %s: no '%s' in the template set's languages: not rendered\n", progname,
                    d->file ? d->file : "reports.json", asked[i]);
            continue;
        }
        if (in_list((const char *const *)p->langs, p->n_langs, asked[i]))
            continue;
        p->langs = xrealloc(p->langs, (p->n_langs + 1) * sizeof *p->langs);
        p->langs[p->n_langs++] = xstrdup(asked[i]);
    }
    if (p->n_langs == 0) {
        strbuf have;
        sb_init(&have);
        for (size_t i = 0; i < n_set; i++)
            sb_printf(&have, "%s%s", i ? " " : "", set[i]);
        perr(&c, cJSON_GetObjectItemCaseSensitive(root, "languages"), "languages",
             "none of the languages asked for (%s) is one of the template set's (%s)", langs, have.data);
        sb_free(&have);
    }
    free_words(asked, n_asked);
    free_words(set, n_set);
    if (d->total_errors != before)
        goto out;

    const cJSON *by_level[N_LEVELS] = {NULL, NULL, NULL};
    if (check_reports(&c, by_level, p->n_langs) != 0)
        goto out;

    char **rend = NULL;
    size_t n_rend = split_words(renderers, &rend);
    strmap seen;
    strmap_init(&seen);
    strbuf name, key;
    sb_init(&name);
    sb_init(&key);
    for (size_t s = 0; s < n_scopes; s++) {
        int k = -1;
        for (int i = 0; i < N_LEVELS; i++)
            if (!strcmp(scopes[s].level, LEVELS[i]))
                k = i;
        if (k < 0 || !by_level[k])
            continue;   /* no report for this level in the set */
        const cJSON *report = by_level[k], *node;
        const char *pat = file_pattern(report, LEVELS[k], &node);
        size_t n_before = p->n_items;
        for (size_t l = 0; l < p->n_langs; l++)
            for (size_t r = 0; r < n_rend; r++) {
                const char *section = renderer_section(rend[r]);
                if (section && !cJSON_GetObjectItemCaseSensitive(report, section))
                    continue;   /* e.g. a report without "pdf" makes no PDF */
                const char *why;
                if (plan_expand_name(pat, scopes[s].code, LEVELS[k], p->langs[l], &name, &why) != 0 ||
                    !plan_name_ok(name.data)) {
                    perr(&c, node, "file", "'%s' gives '%s' for scope %s: not a plain file name", pat, name.data,
                         scopes[s].code);
                    continue;
                }
                sb_reset(&key);
                sb_printf(&key, "%s.%s", name.data, rend[r]);
                if (strmap_get(&seen, key.data) >= 0) {
                    perr(&c, node, "file", "'%s' names two files %s (expected a pattern that tells scopes and languages "
                         "apart)", pat, key.data);
                    continue;
                }
                strmap_put(&seen, key.data, 1);
                const cJSON *pdf = cJSON_GetObjectItemCaseSensitive(report, "pdf");
                p->items = xrealloc(p->items, (p->n_items + 1) * sizeof *p->items);
                p->items[p->n_items++] = (plan_item){
                    .scope = scopes[s].code, .level = LEVELS[k], .lang = p->langs[l], .renderer = rend[r],
                    .name = xstrdup(name.data),
                    .png = !strcmp(rend[r], "pdf") && !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(pdf, "png"))};
            }
        if (p->n_items > n_before) {
            p->scopes = xrealloc(p->scopes, (p->n_scopes + 1) * sizeof *p->scopes);
            p->scopes[p->n_scopes++] = xstrdup(scopes[s].code);
        }
    }
    strmap_free(&seen);
    sb_free(&name);
    sb_free(&key);
    p->renderers = rend;   /* the items point at these words */
    p->n_renderers = n_rend;
out:
    json_doc_free(&c);
    return d->total_errors == before ? 0 : -1;
}

void plan_free(plan *p)
{
    for (size_t i = 0; i < p->n_items; i++)
        free(p->items[i].name);
    free(p->items);
    free_words(p->langs, p->n_langs);
    free_words(p->scopes, p->n_scopes);
    free_words(p->renderers, p->n_renderers);
    memset(p, 0, sizeof *p);
}

const char *plan_hierarchy(const cJSON *root, const char *text, diag *d)
{
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(root, "hierarchy");
    if (!h)
        return "official";
    if (cJSON_IsString(h) && catalog_hierarchy_known(h->valuestring))
        return h->valuestring;
    ctx c = {.d = d, .text = text, .root = root};
    perr(&c, h, "hierarchy", "'%s' is not a hierarchy (expected %s)", cJSON_IsString(h) ? h->valuestring : json_type_name(h),
         CATALOG_HIERARCHIES);
    json_doc_free(&c);
    return NULL;
}

int plan_aggregate_options(const cJSON *root, const char *text, diag *d, strbuf *out)
{
    const char *h = plan_hierarchy(root, text, d);
    if (!h)
        return -1;
    ctx c = {.d = d, .text = text, .root = root};
    const cJSON *by_level[N_LEVELS] = {NULL, NULL, NULL};
    size_t before = d->total_errors;
    check_reports(&c, by_level, 1);
    json_doc_free(&c);
    if (d->total_errors != before)
        return -1;
    sb_reset(out);
    sb_printf(out, "--hierarchy %s --levels ", h);
    int n = 0;
    for (int k = 0; k < N_LEVELS; k++)
        if (by_level[k])
            sb_printf(out, "%s%s", n++ ? "," : "", LEVELS[k]);
    if (!n) {
        ctx c2 = {.d = d, .text = text, .root = root};
        perr(&c2, root, "reports", "no report for any scope level (expected national, region or province)");
        json_doc_free(&c2);
        return -1;
    }
    return 0;
}
