/* render/template.c: the template set (reports.json, labels.json) loaded
 * and checked, and the texts it gives the renderers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "render/template.h"
#include "capture.h"

static void test_load_shipped(void **state)
{
    (void)state;
    template_set t;
    diag d;
    diag_init(&d, 10);
    assert_int_equal(template_load(&t, "templates", &d), 0);
    assert_string_equal(t.paths[0], "templates/reports.json");
    assert_string_equal(t.paths[1], "templates/labels.json");
    /* one report per scope level */
    const char *levels[] = {"national", "region", "province"};
    for (int i = 0; i < 3; i++) {
        const cJSON *r = template_report(&t, levels[i]);
        assert_non_null(r);
        int listed = 0;
        const cJSON *s;
        cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(r, "scopes"))
            listed |= !strcmp(s->valuestring, levels[i]);
        assert_true(listed);
    }
    assert_null(template_report(&t, "commune"));
    /* labels in both languages; a missing one is its key */
    assert_string_equal(template_label(&t, "ar", "total"), "المجموع");
    assert_string_equal(template_label(&t, "fr", "total"), "Total");
    assert_string_equal(template_label(&t, "fr", "no_such_label"), "no_such_label");
    assert_string_equal(template_label(&t, "en", "total"), "total");
    unsetenv("TAAWUN_AUTHOR");
    assert_string_equal(template_author(&t), "Entraide Nationale");
    setenv("TAAWUN_AUTHOR", "Délégation d'Azilal", 1);
    assert_string_equal(template_author(&t), "Délégation d'Azilal");
    setenv("TAAWUN_AUTHOR", "", 1);
    assert_string_equal(template_author(&t), "Entraide Nationale");
    unsetenv("TAAWUN_AUTHOR");
    template_free(&t);
}

static void test_texts(void **state)
{
    (void)state;
    cJSON *i18n = cJSON_Parse("{\"ar\": \"الحصيلة\", \"fr\": \"Bilan\"}");
    assert_string_equal(template_text(i18n, "ar"), "الحصيلة");
    assert_string_equal(template_text(i18n, "fr"), "Bilan");
    assert_string_equal(template_text(i18n, "en"), "Bilan");      /* French when the language is missing */
    cJSON *plain = cJSON_CreateString("MA");
    assert_string_equal(template_text(plain, "ar"), "MA");
    cJSON *ar_only = cJSON_Parse("{\"ar\": \"الحصيلة\"}");
    assert_string_equal(template_text(ar_only, "fr"), "");
    assert_string_equal(template_text(NULL, "fr"), "");
    cJSON_Delete(i18n);
    cJSON_Delete(plain);
    cJSON_Delete(ar_only);

    char *s = template_expand("{territory} : {period} ({scope}) {other} {period", "أزيلال", "2019", "province");
    assert_string_equal(s, "أزيلال : 2019 (province) {other} {period");
    free(s);
    s = template_expand("", "a", "b", "c");
    assert_string_equal(s, "");
    free(s);
}

/* Loads text; returns the status, with what was printed in out. */
static int load_text(const char *reports, const char *labels, char *out, size_t size)
{
    template_set t;
    diag d;
    diag_init(&d, 10);
    capture_begin();
    int rc = template_load_text(&t, reports, strlen(reports), labels, labels ? strlen(labels) : 0, &d);
    capture_end(out, size);
    template_free(&t);
    return rc;
}

static void test_load_errors(void **state)
{
    (void)state;
    char out[2048];
    const char *labels = "{\"format\": \"taawun-labels/1\", \"fr\": {}}";
    assert_int_equal(load_text("{\"format\": \"taawun-templates/1\", \"reports\": []}", labels, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(load_text("{\"format\": \"taawun-templates/1\", \"reports\": []}", NULL, out, sizeof out), 0);

    assert_int_equal(load_text("{\"format\": \"taawun-templates/0\", \"reports\": []}", labels, out, sizeof out), -1);
    assert_string_equal(out, "reports.json:1:1: format: wrong or missing format (expected \"taawun-templates/1\")\n");
    assert_int_equal(load_text("{\"format\": \"taawun-templates/1\"}", labels, out, sizeof out), -1);
    assert_string_equal(out, "reports.json:1:1: reports: missing (expected an array of reports)\n");
    /* labels.json's own problems are labels.json's */
    assert_int_equal(load_text("{\"format\": \"taawun-templates/1\", \"reports\": []}", "{\"format\": \"x\"}", out,
                               sizeof out), -1);
    assert_string_equal(out, "labels.json:1:1: format: wrong or missing format (expected \"taawun-labels/1\")\n");
    /* a PDF block naming a table the workbook does not have, at its place */
    assert_int_equal(load_text("{\"format\": \"taawun-templates/1\", \"reports\": [{\"scopes\": [\"national\"],\n"
                               " \"workbook\": {\"sheets\": [{\"id\": \"by_programme\", \"type\": \"table\"}]},\n"
                               " \"pdf\": {\"pages\": [{\"blocks\": [{\"type\": \"chart\", \"table\": \"by_region\"}]}]}}]}",
                               labels, out, sizeof out), -1);
    assert_string_equal(out, "reports.json:3:59: table: 'by_region' is not a table of the workbook section (expected one "
                             "of: by_programme)\n");
    /* broken JSON */
    assert_int_equal(load_text("{\"format\": \"taawun-templates/1\",\n \"reports\": [}", labels, out, sizeof out), -1);
    assert_true(strncmp(out, "reports.json:2:", 15) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_shipped),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
