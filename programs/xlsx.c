/* Stage 3a, render: one Excel workbook for one scope and language, from the
 * scope's slice of the cube, the report template and the catalogues. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/json_arena.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/slice.h"
#include "render/report_model.h"
#include "render/render_input.h"
#include "render/template.h"
#include "render/xlsx_book.h"

static const char USAGE[] =
    "usage: taawun-xlsx --slice FILE --lang ar|fr --output FILE.xlsx [options]\n"
    "\n"
    "Writes the Excel workbook of one scope (a slice written by taawun-aggregate)\n"
    "in Arabic (sheets right to left) or French, with the sheets, tables and\n"
    "charts the template's \"workbook\" section lists.\n"
    "\n"
    "  -s, --slice FILE       the scope's slice (build/work/cube/<scope>.json)\n"
    "  -l, --lang ar|fr       language of the workbook\n"
    "  -o, --output FILE      the workbook to write (atomically)\n"
    "  -t, --templates DIR    templates folder (default templates)\n"
    "  -c, --catalog DIR      catalogues folder (default input/catalog)\n"
    "  -h, --help             this help\n"
    "  -V, --version          version\n"
    "\n"
    "The creation time is SOURCE_DATE_EPOCH when set, else the latest source\n"
    "date of the data (2000-01-01 when none): the same input gives the same\n"
    "bytes.  TAAWUN_AUTHOR overrides the template's author.\n"
    "Exit status: 0 ok, 1 bad data or template, 2 usage, 3 I/O error, 4 internal error.\n";

/* The validation rules' texts (input/catalog/rules.json); NULL when absent:
 * the quality sheet then shows the rule codes. */
static cJSON *load_rules(const char *catdir)
{
    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/rules.json", catdir);
    size_t len;
    char *text = read_file(path.data, &len);
    sb_free(&path);
    if (!text)
        return NULL;
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    return root;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

static int render(xlsx_ctx *x, char *err, size_t errlen)
{
    const cJSON *wbk = cJSON_GetObjectItemCaseSensitive(x->report, "workbook");
    const cJSON *sheets = cJSON_GetObjectItemCaseSensitive(wbk, "sheets");
    if (!cJSON_IsArray(sheets) || cJSON_GetArraySize(sheets) == 0) {
        snprintf(err, errlen, "report '%s' has no \"workbook\": {\"sheets\": [...]} (expected a list of blocks)",
                 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x->report, "id")));
        return -1;
    }
    const cJSON *b;
    cJSON_ArrayForEach(b, sheets) {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "type"));
        int rc;
        if (!type)
            type = "";
        if (!strcmp(type, "summary")) rc = xlsx_summary_sheet(x, b, err, errlen);
        else if (!strcmp(type, "table")) rc = xlsx_table_sheet(x, b, err, errlen);
        else if (!strcmp(type, "figures")) rc = xlsx_figures_sheet(x, b, err, errlen);
        else if (!strcmp(type, "quality")) rc = xlsx_quality_sheet(x, b, err, errlen);
        else if (!strcmp(type, "sources")) rc = xlsx_sources_sheet(x, b, err, errlen);
        else {
            snprintf(err, errlen, "workbook sheet type '%s' (expected summary, table, figures, quality or sources)", type);
            rc = -1;
        }
        if (rc != 0) {
            const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "id"));
            if (id) {
                strbuf sb;
                sb_init(&sb);
                sb_printf(&sb, "workbook sheet '%s': %s", id, err);
                snprintf(err, errlen, "%s", sb.data);
                sb_free(&sb);
            }
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    program_init("taawun-xlsx");
    json_arena_use();   /* the slice's nodes without malloc (lib/json_arena.c) */
    render_args a;
    render_args_parse(&a, argc, argv, "taawun-xlsx", USAGE, 0);
    render_input in;
    render_input_load(&in, &a);
    const char *lang = a.lang, *out = a.out;
    const slice *s = &in.s;
    char err[1024];
    const cJSON *report = in.report;
    cJSON *rules = load_rules(a.catdir);
    xlsx_ctx x = {.s = s, .cat = &in.cat, .t = &in.t, .report = report, .lang = lang, .rtl = !strcmp(lang, "ar"),
                  .rules = cJSON_GetObjectItemCaseSensitive(rules, "rules"),
                  .period = report_period(s, report), .territory = in.territory, .out = a.out};
    x.title = xlsx_expand(&x, cJSON_GetObjectItemCaseSensitive(report, "title"));
    char *subject = xlsx_expand(&x, cJSON_GetObjectItemCaseSensitive(report, "subject"));
    char *keywords = xlsx_expand(&x, cJSON_GetObjectItemCaseSensitive(report, "keywords"));
    /* libxlsxwriter takes a created time of 0 for "now": 1970 is one second later */
    x.created = reproducible_time(time(NULL));   /* the build's time */
    x.data_date = render_data_date(s);
    if (x.created <= 0)
        x.created = 1;

    char *tmpdir = dir_of(out);
    if (make_dirs(tmpdir) != 0)
        die(EXIT_IO, "%s: cannot create the folder %s: %s", out, tmpdir, strerror(errno));
    /* the temporary is created here with O_EXCL (never a planted file or
     * symlink); libxlsxwriter then writes it by name, and atomic_commit
     * checks that the name still holds that inode */
    atomic_file af;
    if (atomic_open(&af, out) != 0)
        die(EXIT_IO, "%s: cannot write the workbook: %s", out, strerror(errno));
    /* libxlsxwriter's own scratch files: tmpfile() (anonymous, gone with
     * the process even after a SIGKILL), never named files in OUTPUT that a
     * killed run would leave behind (tmp.XXXXXXXXXX, seen in tests/faults) */
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    x.wb = workbook_new_opt(af.tmp, &wo);
    if (!x.wb) {
        atomic_abort(&af);
        die(EXIT_INTERNAL, "%s: cannot start the workbook (out of memory?)", out);
    }
    char comments[160];
    snprintf(comments, sizeof comments, "taawun %s, %s %s", TAAWUN_VERSION, xlsx_label(&x, "data_version"), s->data_version);
    lxw_doc_properties props = {.title = x.title, .subject = subject, .keywords = keywords,
                                .author = (char *)template_author(&in.t), .comments = comments, .created = x.created};
    XLSX_OK(&x, NULL, -1, -1, workbook_set_properties(x.wb, &props));
    xlsx_formats(&x);

    if (render(&x, err, sizeof err) != 0) {
        lxw_workbook_free(x.wb);
        atomic_abort(&af);
        die(EXIT_DATA, "%s/reports.json: %s", a.tdir, err);
    }
    /* workbook_close writes the whole file (zip, fclose): a full disk shows
     * here, as an error and errno */
    errno = 0;
    lxw_error e = workbook_close(x.wb);
    if (e != LXW_NO_ERROR) {
        int en = errno;
        atomic_abort(&af);
        char why[200];
        snprintf(why, sizeof why, "%s", lxw_strerror(e));
        size_t n = strlen(why);
        if (n && why[n - 1] == '.')
            why[n - 1] = '\0';
        die(EXIT_IO, "%s: cannot write the workbook (libxlsxwriter: %s; the previous file is kept): %s", out, why,
            en ? strerror(en) : "I/O error");
    }
    if (atomic_commit(&af) != 0)
        die(EXIT_IO, "%s: cannot write the workbook (the previous file is kept): %s", out, strerror(errno));
    free(tmpdir);
    free(x.title);
    free(subject);
    free(keywords);
    cJSON_Delete(rules);
    render_input_free(&in);
    return EXIT_OK;
}
