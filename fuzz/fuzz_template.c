/* libFuzzer harness: the bytes are templates/reports.json (with the real
 * labels.json), loaded by template_load_text(); whatever loads is walked
 * the way the renderers read it: template_report() for each scope level,
 * template_text(), template_expand() and template_label() on every node. */
#include "fuzz_common.h"
#include "template.h"

static char *labels;
static size_t labels_len;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("TAAWUN_TEMPLATES");
    strbuf path;
    sb_init(&path);
    sb_printf(&path, "%s/labels.json", dir && *dir ? dir : "templates");
    labels = read_file(path.data, &labels_len);
    if (!labels) {
        fprintf(stderr, "fuzz: cannot read %s (set TAAWUN_TEMPLATES)\n", path.data);
        exit(1);
    }
    sb_free(&path);
    return 0;
}

static volatile size_t sink;

static void walk(const template_set *t, const cJSON *node, int depth)
{
    static const char *const langs[] = {"ar", "fr", "en"};
    for (int l = 0; l < 3; l++) {
        sink += strlen(template_text(node, langs[l]));
        if (node->string)
            sink += strlen(template_label(t, langs[l], node->string));
    }
    if (cJSON_IsString(node)) {
        char *x = template_expand(node->valuestring, "إقليم أزيلال", "2011/2012", "MA-AZI");
        sink += strlen(x);
        free(x);
        sink += strlen(template_label(t, "ar", node->valuestring));
    }
    if (depth < JSON_MAX_DEPTH + 2)
        for (const cJSON *c = node->child; c; c = c->next)
            walk(t, c, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d;
    fuzz_quiet_diag(&d, "reports.json");
    template_set t;
    template_load_text(&t, (const char *)data, size, labels, labels_len, &d);
    static const char *const levels[] = {"national", "region", "province", "old_region", ""};
    for (int k = 0; k < 5; k++) {
        const cJSON *r = template_report(&t, levels[k]);
        if (r)
            walk(&t, r, 0);
    }
    if (t.root)
        walk(&t, t.root, 0);
    sink += strlen(template_author(&t));
    template_free(&t);
    return 0;
}
