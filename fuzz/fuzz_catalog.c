/* libFuzzer harness: the bytes are a catalogue file, loaded by
 * catalog_load() twice: once as programmes.json (with the real
 * indicators.json), once as indicators.json (with the real
 * programmes.json).  catalog_load reads a folder, so the harness keeps one
 * of its own in $TMPDIR, with a territory table of three rows (the real
 * one would take most of the time, and is not what is fuzzed here). */
#include "fuzz_common.h"

#include <unistd.h>

static char dir[4096];
static char *real_prog, *real_ind;
static size_t real_prog_len, real_ind_len;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *path_in(const char *base, const char *name)
{
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s/%s", base, name);
    return sb.data;
}

static void put(const char *name, const char *data, size_t size)
{
    char *p = path_in(dir, name);
    if (size == (size_t)-1)
        size = strlen(data);
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror(p);
        abort();
    }
    free(p);
}

static void cleanup(void)
{
    static const char *const names[] = {"programmes.json", "indicators.json", "morocco-territories.csv", "old-regions.csv"};
    for (int k = 0; k < 4; k++) {
        char *p = path_in(dir, names[k]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/taawun-fuzz-catalog.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz: mkdtemp");
        exit(1);
    }
    atexit(cleanup);
    const char *cat = fuzz_catalog_dir();
    char *abs = realpath(cat, NULL);
    if (!abs) {
        fprintf(stderr, "fuzz: no catalogue at %s (set TAAWUN_CATALOG)\n", cat);
        exit(1);
    }
    put("morocco-territories.csv",
        "code,level,name_fr,name_ar,parent_code,subtype,iso_parent,name_ar_alt\n"
        "MA,national,Maroc,المغرب,,national,,المملكة المغربية|المغرب\n"
        "MA-05,region,Béni Mellal-Khénifra,بني ملال-خنيفرة,,region,,بني ملال خنيفرة\n"
        "MA-AZI,province,Azilal,أزيلال,MA-05,province,MA-05,\n"
        "OLD-06,old_region,Tadla-Azilal,تادلة أزيلال,,region_1997,,\n", (size_t)-1);
    put("old-regions.csv", "old_region_code_or_slug,province_code\nOLD-06,MA-AZI\n", (size_t)-1);
    char *p = path_in(abs, "programmes.json"), *i = path_in(abs, "indicators.json");
    real_prog = read_file(p, &real_prog_len);
    real_ind = read_file(i, &real_ind_len);
    if (!real_prog || !real_ind) {
        fprintf(stderr, "fuzz: cannot read %s or %s\n", p, i);
        exit(1);
    }
    free(p);
    free(i);
    free(abs);
    return 0;
}

static volatile size_t sink;

static void load(void)
{
    diag d;
    fuzz_quiet_diag(&d, "-");
    catalog c;
    if (catalog_load(&c, dir, &d) == 0) {
        /* what the stages do with a catalogue that loaded */
        for (size_t k = 0; k < c.n_prog; k++)
            sink += (size_t)catalog_programme(&c, c.prog[k].code);
        for (size_t k = 0; k < c.n_ind; k++) {
            const indicator *x = &c.ind[k];
            sink += (size_t)catalog_indicator(&c, x->code) + strlen(unit_name(x->unit)) +
                    strlen(agg_name(x->over_territory)) + strlen(agg_name(x->over_time));
            if (x->over_territory == AGG_RATIO && x->ratio_num >= 0 && x->ratio_den >= 0)
                sink += strlen(c.ind[x->ratio_num].code) + strlen(c.ind[x->ratio_den].code);
        }
    }
    catalog_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    put("programmes.json", (const char *)data, size);
    put("indicators.json", real_ind, real_ind_len);
    load();
    put("programmes.json", real_prog, real_prog_len);
    put("indicators.json", (const char *)data, size);
    load();
    return 0;
}
