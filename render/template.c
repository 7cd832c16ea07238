#include "template.h"
#include "lib/json.h"
#include "lib/output_plan.h"
#include "lib/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Parses one template file's text and checks its format. */
static cJSON *parse_json(const char *text, size_t len, const char *format, diag *d)
{
    cJSON *root = json_parse_checked(d, text, len, 1);
    if (!root)
        return NULL;
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (format && (!cJSON_IsString(f) || strcmp(f->valuestring, format) != 0)) {
        diag_error(d, 1, 1, "format", "wrong or missing format (expected \"%s\")", format);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* textp: where to keep the text (for positions in later messages), or NULL. */
static cJSON *load_json(const char *dir, const char *name, const char *format, diag *d, char **pathp, char **textp)
{
    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/%s", dir, name);
    *pathp = path.data;
    diag_file(d, path.data);
    size_t len;
    char *text = read_file(path.data, &len);
    if (!text) {
        diag_error(d, 0, 0, NULL, "cannot read template: %s", strerror(errno));
        return NULL;
    }
    cJSON *root = parse_json(text, len, format, d);
    if (textp)
        *textp = text;
    else
        free(text);
    return root;
}

/* text: reports.json's, for positions. */
static void check_reports(template_set *t, const char *text, diag *d)
{
    if (!t->root)
        return;
    diag_file(d, t->paths[0]);   /* the errors are reports.json's, not labels.json's */
    if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(t->root, "reports")))
        diag_error(d, 1, 1, "reports", "missing (expected an array of reports)");
    else
        plan_check_blocks(t->root, text, d);
}

int template_load(template_set *t, const char *dir, diag *d)
{
    memset(t, 0, sizeof *t);
    t->dir = xstrdup(dir);
    size_t before = d->total_errors;
    char *text = NULL;
    t->root = load_json(dir, "reports.json", "taawun-templates/1", d, &t->paths[0], &text);
    t->labels = load_json(dir, "labels.json", "taawun-labels/1", d, &t->paths[1], NULL);
    check_reports(t, text, d);
    free(text);
    return d->total_errors == before ? 0 : -1;
}

int template_load_text(template_set *t, const char *reports, size_t reports_len, const char *labels,
                       size_t labels_len, diag *d)
{
    memset(t, 0, sizeof *t);
    t->dir = xstrdup("-");
    t->paths[0] = xstrdup("reports.json");
    t->paths[1] = xstrdup("labels.json");
    size_t before = d->total_errors;
    /* copies: the parser and the position finder want NUL-terminated text */
    char *text = xstrndup(reports, reports_len);
    diag_file(d, t->paths[0]);
    t->root = parse_json(text, reports_len, "taawun-templates/1", d);
    if (labels) {
        char *ltext = xstrndup(labels, labels_len);
        diag_file(d, t->paths[1]);
        t->labels = parse_json(ltext, labels_len, "taawun-labels/1", d);
        free(ltext);
    }
    check_reports(t, text, d);
    free(text);
    return d->total_errors == before ? 0 : -1;
}

void template_free(template_set *t)
{
    cJSON_Delete(t->root);
    cJSON_Delete(t->labels);
    free(t->dir);
    free(t->paths[0]);
    free(t->paths[1]);
    memset(t, 0, sizeof *t);
}

const cJSON *template_report(const template_set *t, const char *level)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(t->root, "reports")) {
        const cJSON *s, *scopes = cJSON_GetObjectItemCaseSensitive(r, "scopes");
        cJSON_ArrayForEach(s, scopes)
            if (cJSON_IsString(s) && strcmp(s->valuestring, level) == 0)
                return r;
    }
    return NULL;
}

const char *template_text(const cJSON *i18n, const char *lang)
{
    if (cJSON_IsString(i18n))
        return i18n->valuestring;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(i18n, lang);
    if (cJSON_IsString(v))
        return v->valuestring;
    v = cJSON_GetObjectItemCaseSensitive(i18n, "fr");
    return cJSON_IsString(v) ? v->valuestring : "";
}

const char *template_label(const template_set *t, const char *lang, const char *key)
{
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(t->labels, lang), key);
    return cJSON_IsString(l) ? l->valuestring : key;
}

char *template_expand(const char *text, const char *territory, const char *period, const char *scope)
{
    strbuf sb;
    sb_init(&sb);
    for (const char *p = text; *p;) {
        if (!strncmp(p, "{territory}", 11)) { sb_puts(&sb, territory); p += 11; }
        else if (!strncmp(p, "{period}", 8)) { sb_puts(&sb, period); p += 8; }
        else if (!strncmp(p, "{scope}", 7)) { sb_puts(&sb, scope); p += 7; }
        else sb_putc(&sb, *p++);
    }
    return sb.data;
}

const char *template_author(const template_set *t)
{
    const char *e = getenv("TAAWUN_AUTHOR");
    if (e && *e)
        return e;
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(t->root, "author");
    return cJSON_IsString(a) ? a->valuestring : "taawun";
}
