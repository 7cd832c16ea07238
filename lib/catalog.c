#include "catalog.h"
#include "csv.h"
#include "json.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *unit_name(unit_kind u)
{
    static const char *n[] = {"count", "people", "families", "mad", "percent"};
    return n[u];
}

const char *agg_name(agg_rule a)
{
    static const char *n[] = {"sum", "last", "none", "ratio"};
    return n[a];
}

const char *geo_level_name(geo_level l)
{
    static const char *n[] = {"national", "region", "province", "old_region"};
    return n[l];
}

char *arabic_fold(const char *s)
{
    /* Administrative words that prefix names in press text. */
    static const char *const drop_words[] = {"جهة", "إقليم", "اقليم", "عمالة", "اقلیم", "إقلیم", NULL};
    strbuf out;
    sb_init(&out);
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        int dropped = 0;
        if (i == 0 || s[i - 1] == ' ') {
            for (int w = 0; drop_words[w]; w++) {
                size_t wl = strlen(drop_words[w]);
                if (strncmp(s + i, drop_words[w], wl) == 0 && (s[i + wl] == ' ' || s[i + wl] == '\0')) {
                    i += wl;
                    dropped = 1;
                    break;
                }
            }
        }
        if (dropped)
            continue;
        unsigned cp = utf8_next(s, &i);
        if (cp == ' ' || cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2013 || cp == 0x640 /* tatweel */
            || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 || cp == 0x200C || cp == 0x200D || cp == 0x200F)
            continue;
        switch (cp) {
        case 0x623: case 0x625: case 0x622: case 0x671: cp = 0x627; break;   /* alef forms */
        case 0x649: case 0x6CC: case 0x64A: cp = 0x64A; break;               /* ى ی → ي */
        case 0x6A9: cp = 0x643; break;                                       /* ک → ك */
        /* hamza on a seat: the article's normaliser drops the hamza (NFD), so العرائش is read العرايش */
        case 0x626: cp = 0x64A; break;                                       /* ئ → ي */
        case 0x624: cp = 0x648; break;                                       /* ؤ → و */
        case 0x629: case 0x6D5: case 0x6C1: case 0x647: cp = 0x647; break;   /* ة ە ہ → ه */
        default:
            if (cp < 0x80 && cp >= 'A' && cp <= 'Z') cp += 32;
        }
        char b[4];
        sb_put(&out, b, utf8_encode(cp, b));
    }
    return out.data;
}

/* ---- territories -------------------------------------------------------- */

static void add_child(int **arr, size_t *n, int v)
{
    *arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = v;
}

static void add_name(catalog *c, const char *name, int idx)
{
    if (!name || !*name)
        return;
    char *f = arabic_fold(name);
    if (*f && strmap_get(&c->geo_by_name, f) < 0)
        strmap_put(&c->geo_by_name, f, idx);
    free(f);
}

static char *path_join(const char *dir, const char *name)
{
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s/%s", dir, name);
    return sb.data;
}

static int load_csv(const char *path, csv_table *t, diag *d)
{
    size_t len;
    char *text = read_file(path, &len);
    diag_file(d, path);
    if (!text) {
        diag_error(d, 0, 0, NULL, "cannot read catalogue: %s", strerror(errno));
        return -1;
    }
    size_t line = 0;
    const char *why = NULL;
    int r = csv_parse(text, len, t, &line, &why);
    free(text);
    if (r != 0) {
        diag_error(d, line, 1, "(csv)", "%s (expected RFC 4180 CSV)", why);
        return -1;
    }
    return 0;
}

/* A code that can name a file and a make target as it is: letters, digits,
 * '-' and '_', not starting with '-'. */
static int plain_code(const char *s)
{
    if (!*s || *s == '-')
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* Each pre-2015 region's one region of today, when all its provinces are
 * in the same one (-1 when they are split): after parents change too. */
static void set_region_2015(catalog *c)
{
    for (size_t i = 0; i < c->n_geo; i++) {
        territory *g = &c->geo[i];
        if (g->level != GEO_OLD_REGION || g->n_members == 0)
            continue;
        int reg = c->geo[g->members[0]].parent;
        for (size_t k = 1; k < g->n_members; k++)
            if (c->geo[g->members[k]].parent != reg)
                reg = -1;
        g->region_2015 = reg;
    }
}

/* The level a territory's parent must have: the tree is province →
 * region → national, and the pre-2015 regions stand outside it. */
static int parent_level(geo_level l)
{
    return l == GEO_PROVINCE ? GEO_REGION : l == GEO_REGION ? GEO_NATIONAL : -1;
}

/* Checks the parents linked from parent_code before anything relies on
 * them (the stages walk up and down the tree: a loop or a province under a
 * province crashed aggregation or silently dropped a region's figures).
 * line[i] is territory i's line in the file.  One message per problem:
 * a parent cycle once, at its first row; returns 0 or -1. */
static int check_hierarchy(catalog *c, const size_t *line, diag *d)
{
    size_t n = c->n_geo;
    int rc = 0;
    /* cycles first: walk up from each territory, marking the walk with
     * its start; meeting the same mark again closes a cycle */
    size_t *seen = xcalloc(n, sizeof *seen);   /* start + 1 of the walk that passed */
    char *in_cycle = xcalloc(n, 1);
    for (size_t i = 0; i < n; i++) {
        int g = (int)i;
        while (g >= 0 && !seen[g]) {
            seen[g] = i + 1;
            g = c->geo[g].parent;
        }
        if (g < 0 || seen[g] != i + 1 || c->geo[g].parent == g)
            continue;   /* ended at the top, in an older walk, or a self-parent */
        size_t first = (size_t)g;   /* the cycle's row that comes first in the file */
        for (int k = c->geo[g].parent; k != g; k = c->geo[k].parent)
            if ((size_t)k < first)
                first = (size_t)k;
        strbuf sb;
        sb_init(&sb);
        int k = (int)first;
        do {
            in_cycle[k] = 1;
            sb_printf(&sb, "%s -> ", c->geo[k].code);
            k = c->geo[k].parent;
        } while ((size_t)k != first);
        sb_printf(&sb, "%s", c->geo[first].code);
        diag_error(d, line[first], 1, "parent_code", "parent cycle %s (expected a tree: province -> region -> MA)", sb.data);
        sb_free(&sb);
        rc = -1;
    }
    for (size_t i = 0; i < n; i++) {
        const territory *g = &c->geo[i];
        int want = parent_level(g->level);
        const char *expected = want == GEO_REGION ? "the code of a region"
                             : want == GEO_NATIONAL ? "MA, the national row, or empty" : "an empty parent_code";
        if (in_cycle[i])
            continue;
        if (g->parent == (int)i) {
            diag_error(d, line[i], 1, "parent_code", "%s '%s' is its own parent (expected %s)",
                       geo_level_name(g->level), g->code, expected);
            rc = -1;
        } else if (want < 0 && g->parent >= 0) {
            diag_error(d, line[i], 1, "parent_code", "%s '%s' has parent '%s' (expected %s: it stands outside the tree)",
                       geo_level_name(g->level), g->code, c->geo[g->parent].code, expected);
            rc = -1;
        } else if (want >= 0 && g->parent < 0) {
            diag_error(d, line[i], 1, "parent_code", "%s '%s' has no parent (expected %s)",
                       geo_level_name(g->level), g->code, expected);
            rc = -1;
        } else if (want >= 0 && c->geo[g->parent].level != (geo_level)want) {
            diag_error(d, line[i], 1, "parent_code", "parent '%s' of %s '%s' is a %s (expected %s)",
                       c->geo[g->parent].code, geo_level_name(g->level), g->code,
                       geo_level_name(c->geo[g->parent].level), expected);
            rc = -1;
        }
        /* the other hierarchy ("iso") may only name a region */
        if (g->iso_parent >= 0 && g->level == GEO_PROVINCE && c->geo[g->iso_parent].level != GEO_REGION) {
            diag_error(d, line[i], 1, "iso_parent", "'%s' of province '%s' is a %s (expected a region)",
                       g->iso_parent_code, g->code, geo_level_name(c->geo[g->iso_parent].level));
            rc = -1;
        }
    }
    free(seen);
    free(in_cycle);
    return rc;
}

static int load_territories(catalog *c, const char *dir, diag *d)
{
    char *path = path_join(dir, "morocco-territories.csv");
    csv_table t;
    int rc = load_csv(path, &t, d);
    if (rc != 0) {
        free(path);
        return -1;
    }
    const char *need[] = {"code", "level", "name_fr", "name_ar", "parent_code", "subtype", "iso_parent", "name_ar_alt"};
    int col[8];
    for (int k = 0; k < 8; k++) {
        col[k] = csv_column(&t, need[k]);
        if (col[k] < 0) {
            diag_error(d, 1, 1, need[k], "missing column (expected the header of morocco-territories.csv)");
            rc = -1;
        }
    }
    if (rc == 0) {
        c->geo = xcalloc(t.nrows, sizeof *c->geo);
        for (size_t r = 1; r < t.nrows; r++) {
            if (t.ncols[r] < t.ncols[0]) {
                diag_error(d, t.lines[r], 1, NULL, "row has %zu fields (expected %zu)", t.ncols[r], t.ncols[0]);
                rc = -1;
                continue;
            }
            char **row = t.rows[r];
            territory *g = &c->geo[c->n_geo];
            const char *lv = row[col[1]];
            if (strcmp(lv, "national") == 0) g->level = GEO_NATIONAL;
            else if (strcmp(lv, "region") == 0) g->level = GEO_REGION;
            else if (strcmp(lv, "province") == 0) g->level = GEO_PROVINCE;
            else if (strcmp(lv, "old_region") == 0) g->level = GEO_OLD_REGION;
            else {
                diag_error(d, t.lines[r], 1, "level", "unknown level '%s' (expected national, region, province or old_region)", lv);
                rc = -1;
                continue;
            }
            if (!plain_code(row[col[0]])) {
                diag_error(d, t.lines[r], 1, "code",
                           "territory code '%s' is not a plain code (expected letters, digits, '-' and '_': "
                           "codes name output files and make targets)", row[col[0]]);
                rc = -1;
                continue;
            }
            g->code = xstrdup(row[col[0]]);
            g->name_fr = xstrdup(row[col[2]]);
            g->name_ar = xstrdup(row[col[3]]);
            g->subtype = xstrdup(row[col[5]]);
            g->iso_parent_code = xstrdup(row[col[6]]);
            g->parent = g->iso_parent = g->region_2015 = -1;
            if (strmap_get(&c->geo_by_code, g->code) >= 0) {
                diag_error(d, t.lines[r], 1, "code", "territory '%s' listed twice", g->code);
                rc = -1;
            }
            strmap_put(&c->geo_by_code, g->code, (int)c->n_geo);
            c->n_geo++;
        }
        /* Second pass: parents and names, now that every code is known. */
        size_t gi = 0;
        for (size_t r = 1; r < t.nrows && rc == 0; r++, gi++) {
            char **row = t.rows[r];
            territory *g = &c->geo[gi];
            const char *pc = row[col[4]];
            if (g->level == GEO_REGION && !*pc)
                pc = "MA";   /* the regions' parent goes without saying */
            if (*pc) {
                g->parent = strmap_get(&c->geo_by_code, pc);
                if (g->parent < 0) {
                    diag_error(d, t.lines[r], 1, "parent_code", "unknown parent '%s'", pc);
                    rc = -1;
                    continue;
                }
            }
            if (*g->iso_parent_code) {
                strbuf sb;
                sb_init(&sb);
                sb_printf(&sb, "MA-%s", g->iso_parent_code);
                g->iso_parent = strmap_get(&c->geo_by_code, sb.data);
                sb_free(&sb);
                if (g->iso_parent < 0)
                    g->iso_parent = strmap_get(&c->geo_by_code, g->iso_parent_code);
            } else if (g->level == GEO_REGION) {
                g->iso_parent = strmap_get(&c->geo_by_code, "MA");
            }
            add_name(c, g->name_ar, (int)gi);
            add_name(c, g->name_fr, (int)gi);
            /* variants are '|'-separated */
            char *alt = xstrdup(row[col[7]]);
            for (char *tok = strtok(alt, "|"); tok; tok = strtok(NULL, "|"))
                add_name(c, tok, (int)gi);
            free(alt);
        }
    }
    if (rc == 0)
        rc = check_hierarchy(c, t.lines + 1, d);
    if (rc == 0)
        for (size_t i = 0; i < c->n_geo; i++)
            if (c->geo[i].parent >= 0)
                add_child(&c->geo[c->geo[i].parent].children, &c->geo[c->geo[i].parent].n_children, (int)i);
    csv_free(&t);
    free(path);
    c->national = strmap_get(&c->geo_by_code, "MA");
    if (rc == 0 && c->national < 0) {
        diag_file(d, "morocco-territories.csv");
        diag_error(d, 0, 0, "code", "no national row 'MA' (expected one row with level national)");
        rc = -1;
    }
    if (rc != 0)
        return rc;

    /* Old regions: membership by current province. */
    path = path_join(dir, "old-regions.csv");
    rc = load_csv(path, &t, d);
    if (rc == 0) {
        int oc = csv_column(&t, "old_region_code_or_slug"), pc = csv_column(&t, "province_code");
        if (oc < 0 || pc < 0) {
            diag_error(d, 1, 1, "old_region_code_or_slug", "missing column (expected old-regions.csv header)");
            rc = -1;
        }
        for (size_t r = 1; r < t.nrows && rc == 0; r++) {
            int o = strmap_get(&c->geo_by_code, t.rows[r][oc]);
            int p = strmap_get(&c->geo_by_code, t.rows[r][pc]);
            if (o < 0 || p < 0 || c->geo[o].level != GEO_OLD_REGION || c->geo[p].level != GEO_PROVINCE) {
                diag_error(d, t.lines[r], 1, "province_code", "unknown old region or province '%s'/'%s'",
                           t.rows[r][oc], t.rows[r][pc]);
                rc = -1;
                continue;
            }
            add_child(&c->geo[o].members, &c->geo[o].n_members, p);
        }
        if (rc == 0)
            set_region_2015(c);
        csv_free(&t);
    }
    free(path);
    return rc;
}

/* ---- programmes and indicators (JSON) ----------------------------------- */

typedef struct {
    json_doc doc;   /* problems at their place: at a member's key */
    char *path;     /* owned; diagnostics point at it */
} jfile;

static char *req_string(jfile *jf, const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsString(v) || !*v->valuestring) {
        json_doc_error(&jf->doc, v ? v : obj, 1, key, "%s%s (expected a non-empty string)", v ? "is " : "missing",
                       v ? json_type_name(v) : "");
        return xstrdup("");
    }
    return xstrdup(v->valuestring);
}

static cJSON *load_json(jfile *jf, const char *dir, const char *name, const char *format, const char *list, char **textp)
{
    char *path = path_join(dir, name);
    jf->path = path;
    diag_file(jf->doc.d, path);
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(jf->doc.d, 0, 0, NULL, "cannot read catalogue: %s", strerror(errno));
        return NULL;
    }
    cJSON *root = json_parse_checked(jf->doc.d, text, len, 1);
    json_doc_init(&jf->doc, jf->doc.d, text, root);
    *textp = text;
    if (root) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "format");
        if (!cJSON_IsString(f) || strcmp(f->valuestring, format) != 0) {
            json_doc_error(&jf->doc, f ? f : root, 1, "format", "wrong or missing catalogue format (expected \"%s\")",
                           format);
            cJSON_Delete(root);
            root = NULL;
        } else if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, list))) {
            json_doc_error(&jf->doc, root, 1, list, "missing (expected an array)");
            cJSON_Delete(root);
            root = NULL;
        }
    }
    jf->doc.root = root;
    return root;
}

static agg_rule parse_agg(jfile *jf, const cJSON *obj, const char *key, int allow_ratio)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    if (!strcmp(s, "sum")) return AGG_SUM;
    if (!strcmp(s, "last") && !allow_ratio) return AGG_LAST;
    if (!strcmp(s, "none")) return AGG_NONE;
    if (!strcmp(s, "ratio") && allow_ratio) return AGG_RATIO;
    json_doc_error(&jf->doc, v ? v : obj, 1, key, "unknown aggregation '%s' (expected %s)", s,
                   allow_ratio ? "sum, ratio or none" : "sum, last or none");
    return AGG_NONE;
}

static int load_programmes(catalog *c, const char *dir, diag *d)
{
    jfile jf = {.doc = {.d = d}};
    char *text = NULL;
    size_t before = d->total_errors;
    cJSON *root = load_json(&jf, dir, "programmes.json", "taawun-programmes/1", "programmes", &text);
    if (root) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "programmes");
        c->prog = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *c->prog);
        const cJSON *p;
        cJSON_ArrayForEach(p, arr) {
            programme *g = &c->prog[c->n_prog];
            g->code = req_string(&jf, p, "code");
            g->ar = req_string(&jf, p, "ar");
            g->fr = req_string(&jf, p, "fr");
            g->in_total = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "in_total"));
            if (strmap_get(&c->prog_by_code, g->code) >= 0)
                json_doc_error(&jf.doc, p, 1, "code", "programme '%s' listed twice", g->code);
            strmap_put(&c->prog_by_code, g->code, (int)c->n_prog);
            c->n_prog++;
        }
        cJSON_Delete(root);
    }
    json_doc_free(&jf.doc);
    free(text);
    free(jf.path);
    d->file = "-";
    c->prog_all = strmap_get(&c->prog_by_code, "all");
    if (root && c->prog_all < 0) {
        diag_error(d, 0, 0, "programmes", "no programme 'all' (expected the institution-wide code)");
    }
    return d->total_errors == before ? 0 : -1;
}

static int load_indicators(catalog *c, const char *dir, diag *d)
{
    jfile jf = {.doc = {.d = d}};
    char *text = NULL;
    size_t before = d->total_errors;
    cJSON *root = load_json(&jf, dir, "indicators.json", "taawun-indicators/1", "indicators", &text);
    if (root) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "indicators");
        c->ind = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *c->ind);
        const cJSON *p;
        cJSON_ArrayForEach(p, arr) {
            indicator *g = &c->ind[c->n_ind];
            g->code = req_string(&jf, p, "code");
            g->ar = req_string(&jf, p, "ar");
            g->fr = req_string(&jf, p, "fr");
            const cJSON *u = cJSON_GetObjectItemCaseSensitive(p, "unit");
            const char *us = cJSON_IsString(u) ? u->valuestring : "";
            int k;
            for (k = 0; k < 5 && strcmp(us, unit_name((unit_kind)k)) != 0; k++)
                ;
            if (k == 5)
                json_doc_error(&jf.doc, u ? u : p, 1, "unit",
                               "unknown unit '%s' (expected count, people, families, mad or percent)", us);
            g->unit = k < 5 ? (unit_kind)k : UNIT_COUNT;
            g->over_territory = parse_agg(&jf, p, "over_territory", 1);
            g->over_time = parse_agg(&jf, p, "over_time", 0);
            const cJSON *mx = cJSON_GetObjectItemCaseSensitive(p, "max");
            g->max = cJSON_IsNumber(mx) ? mx->valuedouble : NAN;
            g->ratio_num = g->ratio_den = -1;
            if (strmap_get(&c->ind_by_code, g->code) >= 0)
                json_doc_error(&jf.doc, p, 1, "code", "indicator '%s' listed twice", g->code);
            strmap_put(&c->ind_by_code, g->code, (int)c->n_ind);
            c->n_ind++;
        }
        /* Ratios refer to other indicators: resolve after all are known. */
        size_t i = 0;
        cJSON_ArrayForEach(p, arr) {
            indicator *g = &c->ind[i++];
            const cJSON *ratio = cJSON_GetObjectItemCaseSensitive(p, "ratio");
            if (g->over_territory != AGG_RATIO)
                continue;
            if (!cJSON_IsObject(ratio)) {
                json_doc_error(&jf.doc, p, 1, "ratio", "missing for a ratio indicator (expected {numerator, denominator, scale})");
                continue;
            }
            const char *parts[2] = {"numerator", "denominator"};
            for (int k = 0; k < 2; k++) {
                const cJSON *side = cJSON_GetObjectItemCaseSensitive(ratio, parts[k]);
                const cJSON *ic = cJSON_GetObjectItemCaseSensitive(side, "indicator");
                const cJSON *sx = cJSON_GetObjectItemCaseSensitive(side, "sex");
                int idx = cJSON_IsString(ic) ? strmap_get(&c->ind_by_code, ic->valuestring) : -1;
                if (idx < 0)
                    json_doc_error(&jf.doc, side ? side : ratio, 1, parts[k], "unknown indicator (expected a code of this file)");
                int sex = 0;
                if (cJSON_IsString(sx))
                    sex = !strcmp(sx->valuestring, "female") ? 1 : !strcmp(sx->valuestring, "male") ? 2 : -1;
                if (sex < 0)
                    json_doc_error(&jf.doc, sx, 1, "sex", "unknown sex '%s' (expected female or male)", sx->valuestring);
                if (k == 0) { g->ratio_num = idx; g->ratio_num_sex = sex; }
                else { g->ratio_den = idx; g->ratio_den_sex = sex; }
            }
            const cJSON *sc = cJSON_GetObjectItemCaseSensitive(ratio, "scale");
            g->ratio_scale = cJSON_IsNumber(sc) ? sc->valuedouble : 1;
        }
        cJSON_Delete(root);
    }
    json_doc_free(&jf.doc);
    free(text);
    free(jf.path);
    d->file = "-";
    return d->total_errors == before ? 0 : -1;
}

int catalog_load(catalog *c, const char *dir, diag *d)
{
    memset(c, 0, sizeof *c);
    strmap_init(&c->geo_by_code);
    strmap_init(&c->prog_by_code);
    strmap_init(&c->ind_by_code);
    strmap_init(&c->geo_by_name);
    c->national = c->prog_all = -1;
    int rc = load_territories(c, dir, d);
    d->file = "-";
    if (load_programmes(c, dir, d) != 0) rc = -1;
    if (load_indicators(c, dir, d) != 0) rc = -1;
    return rc;
}

void catalog_free(catalog *c)
{
    for (size_t i = 0; i < c->n_geo; i++) {
        territory *g = &c->geo[i];
        free(g->code); free(g->name_fr); free(g->name_ar); free(g->subtype); free(g->iso_parent_code);
        free(g->children); free(g->members);
        for (size_t k = 0; k < g->n_variants; k++) free(g->variants[k]);
        free(g->variants);
    }
    free(c->geo);
    for (size_t i = 0; i < c->n_prog; i++) { free(c->prog[i].code); free(c->prog[i].ar); free(c->prog[i].fr); }
    free(c->prog);
    for (size_t i = 0; i < c->n_ind; i++) { free(c->ind[i].code); free(c->ind[i].ar); free(c->ind[i].fr); }
    free(c->ind);
    strmap_free(&c->geo_by_code);
    strmap_free(&c->prog_by_code);
    strmap_free(&c->ind_by_code);
    strmap_free(&c->geo_by_name);
    memset(c, 0, sizeof *c);
}

int catalog_geo(const catalog *c, const char *code) { return strmap_get(&c->geo_by_code, code); }
int catalog_programme(const catalog *c, const char *code) { return strmap_get(&c->prog_by_code, code); }
int catalog_indicator(const catalog *c, const char *code) { return strmap_get(&c->ind_by_code, code); }

int catalog_geo_by_name(const catalog *c, const char *name)
{
    char *f = arabic_fold(name);
    int r = strmap_get(&c->geo_by_name, f);
    free(f);
    return r;
}

int catalog_hierarchy_known(const char *name)
{
    return !strcmp(name, "official") || !strcmp(name, "iso");
}

int catalog_set_hierarchy(catalog *c, const char *name)
{
    if (!strcmp(name, "official"))
        return 0;   /* what catalog_load linked */
    if (strcmp(name, "iso"))
        return -1;
    for (size_t i = 0; i < c->n_geo; i++) {
        territory *g = &c->geo[i];
        if (g->level == GEO_PROVINCE && g->iso_parent >= 0 && c->geo[g->iso_parent].level == GEO_REGION)
            g->parent = g->iso_parent;
    }
    /* children again, in catalogue order */
    for (size_t i = 0; i < c->n_geo; i++)
        if (c->geo[i].level == GEO_REGION)
            c->geo[i].n_children = 0;
    for (size_t i = 0; i < c->n_geo; i++) {
        territory *g = &c->geo[i];
        if (g->level == GEO_PROVINCE && g->parent >= 0)
            add_child(&c->geo[g->parent].children, &c->geo[g->parent].n_children, (int)i);
    }
    set_region_2015(c);
    return 0;
}

int catalog_region_of(const catalog *c, int geo)
{
    if (geo < 0) return -1;
    if (c->geo[geo].level == GEO_REGION) return geo;
    if (c->geo[geo].level == GEO_PROVINCE) return c->geo[geo].parent;
    return -1;
}
