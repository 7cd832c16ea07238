/* Unit tests of the shared library (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/catalog.h"
#include "lib/csv.h"
#include "lib/cube.h"
#include "lib/fact.h"
#include "lib/json.h"
#include "lib/period.h"
#include "lib/output_plan.h"
#include "lib/reader.h"
#include "lib/strmap.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "../../render/xlsx_book.h"

#include <sys/wait.h>

static void test_period_parse(void **state)
{
    (void)state;
    period p;
    const char *why;
    char buf[16];
    assert_int_equal(period_parse("2011/2012", &p, &why), 0);
    assert_int_equal(p.kind, PERIOD_SEASON);
    assert_int_equal(p.year2, 2012);
    assert_int_equal(period_parse("2020-04-01", &p, &why), 0);
    assert_int_equal(p.kind, PERIOD_DAY);
    period_format(&p, buf);
    assert_string_equal(buf, "2020-04-01");
    assert_int_equal(period_parse("2024-02-29", &p, &why), 0);     /* leap year */
    assert_int_equal(period_parse("2023-02-29", &p, &why), -1);
    assert_string_equal(why, "no such day in that month");
    assert_int_equal(period_parse("2019-00", &p, &why), -1);
    assert_int_equal(period_parse("2011/2013", &p, &why), -1);
    assert_int_equal(period_parse("1850", &p, &why), -1);
    assert_int_equal(period_parse("20199", &p, &why), -1);
    assert_int_equal(period_parse("", &p, &why), -1);
}

static void test_period_order(void **state)
{
    (void)state;
    period a, b, c;
    const char *why;
    period_parse("2011", &a, &why);
    period_parse("2011/2012", &b, &why);
    period_parse("2012", &c, &why);
    assert_true(period_compare(&a, &b) < 0);   /* a season starts in September */
    assert_true(period_compare(&b, &c) < 0);
    assert_int_equal(period_compare(&a, &a), 0);
}

static void test_utf8(void **state)
{
    (void)state;
    const char *ok = "التعاون الوطني";
    assert_int_equal(utf8_invalid_at(ok, strlen(ok)), strlen(ok));
    assert_int_equal(utf8_invalid_at("ab\xff", 3), 2);
    assert_int_equal(utf8_invalid_at("\xc0\xaf", 2), 0);          /* overlong '/' */
    assert_int_equal(utf8_invalid_at("\xed\xa0\x80", 3), 0);      /* surrogate */
    assert_int_equal(utf8_invalid_at("\xd8", 1), 0);              /* cut short */
    char b[4];
    assert_int_equal(utf8_encode(0x627, b), 2);
    size_t i = 0;
    assert_int_equal(utf8_next("\xd8\xa7", &i), 0x627);
}

static void test_arabic_fold(void **state)
{
    (void)state;
    char *a = arabic_fold("جهة الدارالبيضاء الكبرى");
    char *b = arabic_fold("الدار البيضاء الكبرى");
    assert_string_equal(a, b);
    free(a);
    free(b);
    a = arabic_fold("اقلیم أزیلال");   /* Persian yeh, as in seed 004 */
    b = arabic_fold("أزيلال");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_csv(void **state)
{
    (void)state;
    const char *text = "a,b,c\n1,\"x, \"\"y\"\"\",3\n\n4,5,\n";
    csv_table t;
    size_t line;
    const char *why;
    assert_int_equal(csv_parse(text, strlen(text), &t, &line, &why), 0);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(t.rows[1][1], "x, \"y\"");
    assert_int_equal(t.ncols[2], 3);
    assert_string_equal(t.rows[2][2], "");
    assert_int_equal(t.lines[2], 4);
    assert_int_equal(csv_column(&t, "c"), 2);
    csv_free(&t);
    assert_int_equal(csv_parse("a,\"b\n", 5, &t, &line, &why), -1);
    assert_string_equal(why, "unterminated quoted field");
}

static void test_strmap(void **state)
{
    (void)state;
    strmap m;
    strmap_init(&m);
    char key[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        strmap_put(&m, key, i);
    }
    assert_int_equal(strmap_get(&m, "k999"), 999);
    assert_int_equal(strmap_getn(&m, "k12345", 3), 12);
    assert_int_equal(strmap_get(&m, "nope"), -1);
    strmap_free(&m);
}

static void test_format_number(void **state)
{
    (void)state;
    char b[40];
    format_number(b, sizeof b, 2796000);
    assert_string_equal(b, "2796000");
    format_number(b, sizeof b, 0.5);
    assert_string_equal(b, "0.5");
    format_number(b, sizeof b, 9007199254740992.0);
    assert_string_equal(b, "9007199254740992");
}

static void test_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/taawun-unit-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    atomic_file af;
    assert_int_equal(atomic_open(&af, path), 0);
    /* .<basename>.tmp-XXXXXX beside the target, a file of our own */
    const char *base = strrchr(af.tmp, '/') + 1;
    assert_int_equal(strlen(base), strlen(".out.txt.tmp-XXXXXX"));
    assert_memory_equal(base, ".out.txt.tmp-", 13);
    struct stat st;
    assert_int_equal(lstat(af.tmp, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    fputs("old", af.fp);
    assert_int_equal(atomic_commit(&af), 0);
    assert_int_equal(atomic_open(&af, path), 0);
    fputs("half-writ", af.fp);
    atomic_abort(&af);                        /* the old file stays */
    size_t len;
    char *s = read_file(path, &len);
    assert_string_equal(s, "old");
    free(s);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);        /* no temporary left */
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_reproducible_time(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_int_equal(reproducible_time(5), 1700000000);
    /* the last second of year 9999 (later ones, negative ones and
     * garbage exit 2: tests/diskfull/run.sh) */
    setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
    assert_true(reproducible_time(5) == (time_t)253402300799LL);
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    assert_int_equal(reproducible_time(5), 0);
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(reproducible_time(7), 7);
}

static void test_json_checks(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    diag_file(&d, "t");
    const char *dup = "{\"a\": 1,\n \"a\": 2}";
    cJSON *j = json_parse_checked(&d, dup, strlen(dup), 1);
    assert_non_null(j);
    const cJSON *second = json_duplicate_key(j);
    assert_non_null(second);
    json_locmap m;
    json_locate(&m, dup, j);
    size_t line, col;
    text_position(dup, json_offset(&m, second, 1), &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
    json_locmap_free(&m);
    cJSON_Delete(j);
    assert_null(json_parse_checked(&d, "{\"a\": [1, 2", 11, 1));
    assert_null(json_parse_checked(&d, "{} {}", 5, 1));
    assert_int_equal(d.total_errors, 2);
    strbuf sb;
    sb_init(&sb);
    json_put_string(&sb, "a\"b\\\n\x01");
    assert_string_equal(sb.data, "\"a\\\"b\\\\\\n\\u0001\"");
    sb_free(&sb);
}


/* text_positions gives what text_position gives, in any order of offsets,
 * across checkpoints, UTF-8 characters and past an embedded NUL. */
static void test_text_positions(void **state)
{
    (void)state;
    size_t n = 3 * TEXT_POS_STEP + 123;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        text[i] = i % 97 == 0 ? '\n' : "ab\xd8\xa7" "c"[i % 5];
    text[n] = '\0';
    text_positions p;
    text_positions_init(&p, text);
    size_t offs[] = {0, 1, 5000, 4096, 4095, 12000, n, 17, 8192, 8193, n - 1, 3, 9000, 9001};
    for (size_t k = 0; k < sizeof offs / sizeof *offs; k++) {
        size_t l1, c1, l2, c2;
        text_position(text, offs[k], &l1, &c1);
        text_positions_get(&p, offs[k], &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
    }
    text_positions_free(&p);
    text[5000] = '\0';   /* positions stop at the NUL */
    text_positions_init(&p, text);
    size_t beyond[] = {9000, 4999, 5000, 12000, 100, 12001};
    for (size_t k = 0; k < sizeof beyond / sizeof *beyond; k++) {
        size_t l1, c1, l2, c2;
        text_position(text, beyond[k], &l1, &c1);
        text_positions_get(&p, beyond[k], &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
    }
    text_positions_free(&p);
    free(text);
}

/* The hashed duplicate search answers as the quadratic one did: of the
 * first name that repeats, its first repetition. */
static void test_duplicate_keys_many(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "{\"dup\": 0");
    for (int i = 0; i < 100; i++)
        sb_printf(&sb, ", \"k%d\": %d", i, i);
    sb_puts(&sb, ", \"k5\": 1, \"dup\": 2, \"dup\": 3}");
    cJSON *j = cJSON_Parse(sb.data);
    const cJSON *d = json_duplicate_key(j);
    assert_non_null(d);
    assert_string_equal(d->string, "dup");
    assert_int_equal(d->valueint, 2);
    cJSON_Delete(j);
    j = cJSON_Parse("{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7, \"h\": 8, \"i\": 9, "
                    "\"j\": 10, \"k\": 11, \"l\": 12, \"m\": 13, \"n\": 14, \"o\": 15, \"p\": 16, \"q\": 17}");
    assert_null(json_duplicate_key(j));
    cJSON_Delete(j);
    sb_free(&sb);
}

/* The text policy: controls and bidi embeddings/overrides/isolates are
 * refused, marks and line breaks in multiline text are not; messages
 * escape what they quote. */
static void test_text_policy(void **state)
{
    (void)state;
    size_t at = 99;
    assert_int_equal(utf8_unsafe_char("أزيلال \u200f32\u200e \u061c", 0, NULL), 0);
    assert_int_equal(utf8_unsafe_char("a\tb", 0, &at), '\t');
    assert_int_equal(at, 1);
    assert_int_equal(utf8_unsafe_char("a\tb\r\nc", 1, NULL), 0);
    assert_int_equal(utf8_unsafe_char("x\x1b[2J", 1, NULL), 0x1b);
    assert_int_equal(utf8_unsafe_char("x\x7f", 1, NULL), 0x7f);
    assert_int_equal(utf8_unsafe_char("\xd8\xa7\xc2\x9b", 1, &at), 0x9b);
    assert_int_equal(at, 1);
    assert_int_equal(utf8_unsafe_char("\u202e", 0, NULL), 0x202e);
    assert_int_equal(utf8_unsafe_char("ab\u202a", 1, &at), 0x202a);
    assert_int_equal(at, 2);
    assert_int_equal(utf8_unsafe_char("\u2069", 0, NULL), 0x2069);
    assert_int_equal(utf8_unsafe_char("\u2066", 0, NULL), 0x2066);
    assert_int_equal(utf8_unsafe_char("\u2065\u206a\u2029\u202f", 0, NULL), 0);
    assert_string_equal(utf8_unsafe_kind(0x202e), "bidi control character");
    assert_string_equal(utf8_unsafe_kind(0x1b), "control character");
}

static catalog CAT;

static int load_catalog(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    return catalog_load(&CAT, "input/catalog", &d);
}

static int free_catalog(void **state)
{
    (void)state;
    catalog_free(&CAT);
    return 0;
}

static void test_catalog(void **state)
{
    (void)state;
    int n_regions = 0, n_prov = 0, n_old = 0;
    for (size_t i = 0; i < CAT.n_geo; i++) {
        n_regions += CAT.geo[i].level == GEO_REGION;
        n_prov += CAT.geo[i].level == GEO_PROVINCE;
        n_old += CAT.geo[i].level == GEO_OLD_REGION;
    }
    assert_int_equal(n_regions, 12);
    assert_int_equal(n_prov, 75);
    assert_int_equal(n_old, 16);
    int azi = catalog_geo(&CAT, "MA-AZI");
    assert_string_equal(CAT.geo[CAT.geo[azi].parent].code, "MA-05");
    assert_int_equal(CAT.geo[catalog_geo(&CAT, "MA-05")].n_children, 5);
    assert_int_equal(CAT.geo[CAT.national].n_children, 12);
    int old = catalog_geo_by_name(&CAT, "جهة الدارالبيضاء الكبرى");
    assert_string_equal(CAT.geo[old].code, "OLD-08");
    assert_string_equal(CAT.geo[CAT.geo[old].region_2015].code, "MA-06");
    assert_int_equal(CAT.geo[catalog_geo(&CAT, "OLD-06")].region_2015, -1);   /* Meknès-Tafilalet spans 3 regions */
    /* HCP parents where ISO differs: Nouaceur in Casablanca-Settat */
    int nou = catalog_geo(&CAT, "MA-NOU");
    assert_string_equal(CAT.geo[CAT.geo[nou].parent].code, "MA-06");
    assert_string_equal(CAT.geo[CAT.geo[nou].iso_parent].code, "MA-04");
    int share = catalog_indicator(&CAT, "female_share_pct");
    assert_int_equal(CAT.ind[share].over_territory, AGG_RATIO);
    assert_true(CAT.ind[share].max == 100);
    assert_int_equal(CAT.ind[catalog_indicator(&CAT, "centres")].over_time, AGG_LAST);
    assert_true(CAT.prog[catalog_programme(&CAT, "kindergarten")].in_total);
    assert_false(CAT.prog[catalog_programme(&CAT, "food_aid")].in_total);
}

static size_t parse_fact(const char *text, fact *f, strbuf *ext, diag *d)
{
    cJSON *j = cJSON_Parse(text);
    fact_origin o = {.d = d, .text = text, .root = j, .base_line = 1};
    size_t e = fact_from_json(f, j, NULL, &CAT, &o, ext);
    fact_origin_free(&o);
    /* keep strings alive: leak j into a static for the caller */
    static cJSON *last;
    cJSON_Delete(last);
    last = j;
    return e;
}

static void test_fact_roundtrip(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    strbuf ext, out;
    sb_init(&ext);
    sb_init(&out);
    fact f;
    assert_int_equal(parse_fact("{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"disability_support\","
                                " \"indicator\": \"items\", \"item\": \"wheelchair\", \"value\": 43, \"source\": \"s\","
                                " \"quote\": \"43\\tكرسيا\\nمتحركا\", \"qualifier\": \"at_least\", \"x_a\": [1],"
                                " \"period_basis\": \"publication\"}",
                                &f, &ext, &d), 0);
    f.file = "x";
    f.line = 1;
    fact_write_tsv(&out, &f, &CAT);
    assert_non_null(strstr(out.data, "\tMA-AZI\tprovince\tMA-05\t\t2019\tyear\tdisability_support\titems\t43\tat_least\t\t\twheelchair\t43\\tكرسيا\\nمتحركا\t"));
    assert_non_null(strstr(out.data, "{\"x_a\":[1]}\tpublication\n"));
    fact g;
    const char *why;
    assert_int_equal(fact_read_tsv(out.data, &g, &CAT, &why), 0);
    assert_string_equal(g.quote, "43\tكرسيا\nمتحركا");
    assert_true(g.value == 43);
    assert_int_equal(g.qual, Q_AT_LEAST);
    assert_string_equal(g.item, "wheelchair");
    assert_int_equal(g.basis, PB_PUBLICATION);
    /* errors are counted, one per problem */
    assert_int_equal(parse_fact("{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"x\", \"indicator\": \"y\","
                                " \"value\": -1}", &f, &ext, &d), 4);   /* programme, indicator, value, source */
    sb_free(&ext);
    sb_free(&out);
}

static void test_consistent(void **state)
{
    (void)state;
    assert_true(cube_consistent(1900, Q_AT_LEAST, 1950, 0, 0.05));
    assert_false(cube_consistent(1900, Q_AT_LEAST, 1850, 0, 0.05));
    assert_true(cube_consistent(14000, Q_APPROX, 14108, 0, 0.05));
    assert_false(cube_consistent(14000, Q_APPROX, 16000, 0, 0.05));
    assert_false(cube_consistent(100, Q_EXACT, 105, 0, 0.05));
    assert_true(cube_consistent(100, Q_EXACT, 70, 1, 0.05));      /* partial sum below the total */
    assert_false(cube_consistent(100, Q_EXACT, 120, 1, 0.05));    /* parts exceed the total */
    assert_true(cube_consistent(50, Q_AT_MOST, 40, 0, 0.05));
    assert_false(cube_consistent(50, Q_AT_MOST, 60, 0, 0.05));
}


static void record_line(void *arg, const fact *f)
{
    size_t *lines = arg;
    lines[++lines[0]] = f->line;
}

static size_t read_stream_file(const char *text, size_t max, size_t *lines)
{
    char path[] = "/tmp/taawun-unit-stream.XXXXXX.ndjson";
    int fd = mkstemps(path, 7);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    diag d;
    diag_init(&d, 50);
    d.quiet = 1;
    reader r;
    reader_init(&r, &CAT, &d, record_line, lines);
    r.max_line = max;
    lines[0] = 0;
    reader_file(&r, path);
    reader_free(&r);
    unlink(path);
    return d.total_errors;
}

/* The stream reader's line limit, around its edge: a line of exactly
 * max_line bytes is read, one byte more is an error and the lines after it
 * are read; CRLF, blank lines and a last line without a line feed too. */
static void test_stream_line_limit(void **state)
{
    (void)state;
    const char *one = "{\"geo\": \"MA-AZI\", \"period\": \"2019\", \"programme\": \"all\", \"indicator\": \"centres\", "
                      "\"value\": 1, \"source\": \"s\"}";
    const size_t max = 200;
    int pad = (int)(max - strlen(one));
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s\n%s%*s\n%s%*s\r\n\n   \n%s", one, one, pad, "", one, pad - 1, "", one);
    size_t lines[16];
    assert_int_equal(read_stream_file(sb.data, max, lines), 0);
    assert_int_equal(lines[0], 4);
    assert_int_equal(lines[1], 1);
    assert_int_equal(lines[2], 2);   /* exactly max bytes */
    assert_int_equal(lines[3], 3);   /* max bytes with its CR */
    assert_int_equal(lines[4], 6);   /* after two blank lines, no line feed */
    sb_reset(&sb);
    sb_printf(&sb, "%s%*s\n", one, pad + 1, "");                     /* 1: max + 1 bytes */
    for (size_t k = 0; k < 3 * max; k++)                               /* 2: 3 x max, no line feed in the buffer */
        sb_putc(&sb, ' ');
    sb_printf(&sb, "\n%s\n%s%*s", one, one, pad + 5, "");          /* 3: ok; 4: too long at the end */
    assert_int_equal(read_stream_file(sb.data, max, lines), 3);
    sb_free(&sb);
}

static void test_plan_names(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    const char *why;
    assert_int_equal(plan_expand_name("{scope}-{lang}", "MA-05", "region", "ar", &sb, &why), 0);
    assert_string_equal(sb.data, "MA-05-ar");
    assert_int_equal(plan_expand_name("national", "MA", "national", "fr", &sb, &why), 0);
    assert_string_equal(sb.data, "national");
    assert_int_equal(plan_expand_name("{level}_{scope}", "MA", "national", "fr", &sb, &why), 0);
    assert_string_equal(sb.data, "national_MA");
    assert_int_equal(plan_expand_name("{region}", "MA", "national", "fr", &sb, &why), -1);
    assert_int_equal(plan_expand_name("x}", "MA", "national", "fr", &sb, &why), -1);
    sb_free(&sb);
    assert_true(plan_name_ok("MA-05-ar"));
    assert_true(plan_name_ok("national"));
    assert_true(plan_name_ok("r1.v2_MA-01"));
    assert_false(plan_name_ok(""));
    assert_false(plan_name_ok("../x"));
    assert_false(plan_name_ok("a/b"));
    assert_false(plan_name_ok(".hidden"));
    assert_false(plan_name_ok("-rf"));
    assert_false(plan_name_ok("a..b"));
    assert_false(plan_name_ok("a b"));
    assert_false(plan_name_ok("$(shell id)"));
    assert_false(plan_name_ok("a:b"));
}

static void test_plan_build(void **state)
{
    (void)state;
    const char *text =
        "{\"languages\": [\"fr\"], \"hierarchy\": \"iso\", \"reports\": ["
        " {\"scopes\": [\"national\"], \"file\": \"national\", \"workbook\": {}, \"pdf\": {\"png\": false}},"
        " {\"scopes\": [\"region\"], \"file\": \"{scope}\", \"workbook\": {}}]}";
    cJSON *root = cJSON_Parse(text);
    plan_scope scopes[] = {{"MA", "national"}, {"MA-05", "region"}, {"MA-AZI", "province"}};
    diag d;
    diag_init(&d, 10);
    d.quiet = 1;
    plan p;
    assert_int_equal(plan_build(&p, root, text, scopes, 3, "", "pdf xlsx", &d), 0);
    assert_int_equal(p.n_langs, 1);
    assert_string_equal(p.langs[0], "fr");
    /* the province has no report; the region report has no pdf section */
    assert_int_equal(p.n_items, 3);
    assert_string_equal(p.items[0].name, "national");
    assert_string_equal(p.items[0].renderer, "pdf");
    assert_int_equal(p.items[0].png, 0);
    assert_string_equal(p.items[1].renderer, "xlsx");
    assert_string_equal(p.items[2].name, "MA-05");
    assert_string_equal(p.items[2].renderer, "xlsx");
    assert_int_equal(p.n_scopes, 2);
    assert_string_equal(plan_hierarchy(root, text, &d), "iso");
    strbuf opts;
    sb_init(&opts);
    assert_int_equal(plan_aggregate_options(root, text, &d, &opts), 0);
    assert_string_equal(opts.data, "--hierarchy iso --levels national,region");
    sb_free(&opts);
    plan_free(&p);
    /* a language the set lacks is skipped; none left is an error */
    assert_int_equal(plan_build(&p, root, text, scopes, 3, "ar fr", "xlsx", &d), 0);
    assert_int_equal(p.n_langs, 1);
    plan_free(&p);
    assert_int_equal(plan_build(&p, root, text, scopes, 3, "ar", "xlsx", &d), -1);
    plan_free(&p);
    cJSON_Delete(root);
    /* without "languages", "file" and "hierarchy": both languages, {scope}-{lang}, official */
    const char *dflt = "{\"reports\": [{\"scopes\": [\"national\", \"region\"], \"workbook\": {}, \"pdf\": {}}]}";
    root = cJSON_Parse(dflt);
    assert_int_equal(plan_build(&p, root, dflt, scopes, 3, "", "pdf", &d), 0);
    assert_int_equal(p.n_items, 4);
    assert_string_equal(p.items[0].name, "MA-ar");
    assert_int_equal(p.items[0].png, 1);
    assert_string_equal(p.items[3].name, "MA-05-fr");
    assert_string_equal(plan_hierarchy(root, dflt, &d), "official");
    plan_free(&p);
    cJSON_Delete(root);
}

/* xlsx_ok in a child process (it ends the run): its exit status and
 * first line on stderr. */
static int xlsx_fail(lxw_error e, char *line, size_t len)
{
    char path[] = "/tmp/taawun-unit-xlsx.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd, 2);
        xlsx_ctx x = {.out = "out/MA-01-fr.xlsx"};
        xlsx_sheet sh = {.x = &x, .name = "Sources"};
        xlsx_ok(&x, &sh, 3, 8, "worksheet_write_string(sh->ws, 3, 8, s, f)", e);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    FILE *f = fdopen(fd, "r");
    rewind(f);
    if (!fgets(line, (int)len, f))
        line[0] = '\0';
    line[strcspn(line, "\n")] = '\0';
    fclose(f);
    unlink(path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A failed libxlsxwriter call ends the run with the call, sheet and cell:
 * exit 4 for a bug (a text too long that got through), 3 for I/O. */
static void test_xlsx_checks(void **state)
{
    (void)state;
    char line[512];
    assert_int_equal(xlsx_ok(NULL, NULL, 0, 0, "worksheet_write_number()", LXW_NO_ERROR), LXW_NO_ERROR);
    assert_int_equal(xlsx_fail(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, line, sizeof line), EXIT_INTERNAL);
    assert_string_equal(line, "taawun: out/MA-01-fr.xlsx: sheet 'Sources', cell I4: worksheet_write_string failed: "
                              "String exceeds Excel's limit of 32,767 characters. (internal error)");
    assert_int_equal(xlsx_fail(LXW_ERROR_CREATING_TMPFILE, line, sizeof line), EXIT_IO);
    assert_non_null(strstr(line, "worksheet_write_string failed: "));
    assert_non_null(strstr(line, "(I/O or memory error)"));
}

/* The same for a workbook-wide call: no sheet, no cell. */
static void test_xlsx_check_book(void **state)
{
    (void)state;
    char path[] = "/tmp/taawun-unit-xlsx.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd, 2);
        xlsx_ctx x = {.out = "o.xlsx"};
        xlsx_ptr(&x, NULL, "workbook_add_format(x->wb)", NULL);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char line[256] = "";
    FILE *f = fdopen(fd, "r");
    rewind(f);
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
    unlink(path);
    assert_int_equal(WEXITSTATUS(status), EXIT_IO);
    assert_string_equal(line, "taawun: o.xlsx: workbook_add_format failed: Memory error, failed to malloc() required memory. (I/O or memory error)\n");
}

static void test_hierarchy(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, 10);
    catalog c;
    assert_int_equal(catalog_load(&c, "input/catalog", &d), 0);
    int nou = catalog_geo(&c, "MA-NOU"), r04 = catalog_geo(&c, "MA-04"), r06 = catalog_geo(&c, "MA-06");
    assert_int_equal(c.geo[nou].parent, r06);
    size_t n04 = c.geo[r04].n_children, n06 = c.geo[r06].n_children;
    assert_int_equal(catalog_set_hierarchy(&c, "hcp"), -1);
    assert_int_equal(catalog_set_hierarchy(&c, "iso"), 0);
    assert_int_equal(c.geo[nou].parent, r04);
    assert_int_equal(c.geo[r04].n_children, n04 + 1);
    assert_int_equal(c.geo[catalog_geo(&c, "MA-CHT")].parent, r06);
    assert_int_equal(c.geo[r06].n_children, n06);   /* Nouaceur out, Chtouka in */
    size_t provinces = 0;
    for (size_t i = 0; i < c.geo[c.national].n_children; i++)
        provinces += c.geo[c.geo[c.national].children[i]].n_children;
    assert_int_equal(provinces, 75);
    catalog_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_parse),
        cmocka_unit_test(test_period_order),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_arabic_fold),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_strmap),
        cmocka_unit_test(test_format_number),
        cmocka_unit_test(test_atomic),
        cmocka_unit_test(test_reproducible_time),
        cmocka_unit_test(test_json_checks),
        cmocka_unit_test(test_text_positions),
        cmocka_unit_test(test_duplicate_keys_many),
        cmocka_unit_test(test_text_policy),
        cmocka_unit_test(test_catalog),
        cmocka_unit_test(test_fact_roundtrip),
        cmocka_unit_test(test_consistent),
        cmocka_unit_test(test_stream_line_limit),
        cmocka_unit_test(test_plan_names),
        cmocka_unit_test(test_plan_build),
        cmocka_unit_test(test_hierarchy),
        cmocka_unit_test(test_xlsx_checks),
        cmocka_unit_test(test_xlsx_check_book),
    };
    return cmocka_run_group_tests(tests, load_catalog, free_catalog);
}
