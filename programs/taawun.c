/* taawun: the one command of an installation (and of a checkout build).
 *
 *   taawun reports|email|nightly|check|propose|config|version [OPTIONS]
 *
 * Settings come from /etc/taawun/taawun.conf (key = value, read here,
 * never by a shell; --config FILE or TAAWUN_CONFIG name another), then the
 * environment (TAAWUN_INPUT ..., SMTP_URL ...), then the options.  It runs
 * the pipeline's make rules, `make -f SHARE/pipeline.mk TARGET VAR=...`,
 * with every argument an argv element (no shell), on the stage programs
 * of LIB.  SHARE and LIB are found from this program's own path:
 *   installed:  PREFIX/bin/taawun, PREFIX/lib/taawun/, PREFIX/share/taawun/
 *   checkout:   ROOT/build/bin/taawun, ROOT/build/bin/, ROOT/mk, input/catalog, ...
 * so that a checkout build and an installation behave alike.
 *
 * Exit status: the pipeline's (0 ok, 1 invalid data, 2 usage, 3 I/O ...);
 * make itself exits 2 when a stage failed. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"   /* TAAWUN_VERSION only: this program needs libc alone */

#define EXIT_DATA 1
#define EXIT_USAGE 2
#define EXIT_IO 3
#define DEFAULT_CONFIG "/etc/taawun/taawun.conf"
#define CONF_MAX_BYTES (64 * 1024)

/* Where a setting's value came from: a later source wins. */
enum source { FROM_DEFAULT, FROM_CONFIG, FROM_ENV, FROM_OPTION };
static const char *const source_name[] = {"default", "config", "environment", "option"};

/* kind: how a value must look before it may reach make's command line */
enum kind { PATH_VALUE, LANGS_VALUE, JOBS_VALUE, WORDS_VALUE, MAIL_VALUE, SECRET_FILE };

typedef struct setting {
    const char *key;   /* in taawun.conf */
    const char *env;   /* environment variable */
    enum kind kind;
    const char *value; /* NULL: unset */
    enum source from;
} setting;

enum {
    S_INPUT, S_OUTPUT, S_WORK, S_TEMPLATES, S_CATALOG, S_LANGS, S_JOBS, S_RECIPIENTS, S_MAIL_DIR,
    S_MAIL_OPTS, S_SMTP_URL, S_MAIL_FROM, S_MAIL_FROM_NAME, S_MAIL_OPERATOR, S_NETRC, S_SMTP_USER,
    S_SMTP_CA_FILE, S_SMTP_ALLOW_PLAIN, S_SMTP_PASSWORD_FILE, S_COUNT
};

static setting settings[S_COUNT] = {
    [S_INPUT] = {"input", "TAAWUN_INPUT", PATH_VALUE, NULL, FROM_DEFAULT},
    [S_OUTPUT] = {"output", "TAAWUN_OUTPUT", PATH_VALUE, NULL, FROM_DEFAULT},
    [S_WORK] = {"work", "TAAWUN_WORK", PATH_VALUE, NULL, FROM_DEFAULT},
    [S_TEMPLATES] = {"templates", "TAAWUN_TEMPLATES", PATH_VALUE, NULL, FROM_DEFAULT},
    [S_CATALOG] = {"catalog", "TAAWUN_CATALOG", PATH_VALUE, NULL, FROM_DEFAULT},
    [S_LANGS] = {"langs", "TAAWUN_LANGS", LANGS_VALUE, NULL, FROM_DEFAULT},
    [S_JOBS] = {"jobs", "TAAWUN_JOBS", JOBS_VALUE, NULL, FROM_DEFAULT},
    [S_RECIPIENTS] = {"recipients", "TAAWUN_RECIPIENTS", PATH_VALUE, NULL, FROM_DEFAULT},
    [S_MAIL_DIR] = {"mail_dir", "TAAWUN_MAIL_DIR", PATH_VALUE, NULL, FROM_DEFAULT},
    [S_MAIL_OPTS] = {"mail_opts", "MAIL_OPTS", WORDS_VALUE, NULL, FROM_DEFAULT},
    /* taawun-mail's own settings: passed on in its environment */
    [S_SMTP_URL] = {"smtp_url", "SMTP_URL", MAIL_VALUE, NULL, FROM_DEFAULT},
    [S_MAIL_FROM] = {"mail_from", "MAIL_FROM", MAIL_VALUE, NULL, FROM_DEFAULT},
    [S_MAIL_FROM_NAME] = {"mail_from_name", "MAIL_FROM_NAME", MAIL_VALUE, NULL, FROM_DEFAULT},
    [S_MAIL_OPERATOR] = {"mail_operator", "MAIL_OPERATOR", MAIL_VALUE, NULL, FROM_DEFAULT},
    [S_NETRC] = {"netrc", "NETRC", MAIL_VALUE, NULL, FROM_DEFAULT},
    [S_SMTP_USER] = {"smtp_user", "SMTP_USER", MAIL_VALUE, NULL, FROM_DEFAULT},
    [S_SMTP_CA_FILE] = {"smtp_ca_file", "SMTP_CA_FILE", MAIL_VALUE, NULL, FROM_DEFAULT},
    [S_SMTP_ALLOW_PLAIN] = {"smtp_allow_plain", "SMTP_ALLOW_PLAIN", MAIL_VALUE, NULL, FROM_DEFAULT},
    [S_SMTP_PASSWORD_FILE] = {"smtp_password_file", "SMTP_PASSWORD_FILE", SECRET_FILE, NULL, FROM_DEFAULT},
};

/* Where the rest of taawun is. */
typedef struct layout {
    char *lib;        /* the taawun-* programs */
    char *pipeline;   /* pipeline.mk */
    char *catalog;    /* default catalogue */
    char *templates;  /* default template set */
    char *fonts;      /* fonts.conf */
    char *nightly;    /* the nightly script */
    bool installed;
} layout;

static const char *prog = "taawun";

static void *must_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(4);
    }
    return p;
}

static char *must_dup(const char *s)
{
    char *d = must_alloc(strlen(s) + 1);
    return strcpy(d, s);
}

static void usage(FILE *f)
{
    fputs("usage: taawun COMMAND [OPTIONS]\n"
          "\n"
          "commands:\n"
          "  reports    check, aggregate and render the reports of INPUT into OUTPUT\n"
          "  email      make the reports, then email each recipient its reports\n"
          "  nightly    lock, make the reports, check every file, email them (or one failure notice)\n"
          "  check      validate the input only (nothing written but a temporary folder)\n"
          "  propose    run taawun-propose (when installed) with the arguments that follow\n"
          "  config     print the settings in effect and where each comes from\n"
          "  version    print the version\n"
          "\n"
          "options (each overrides taawun.conf and the environment):\n"
          "  --input DIR|FILE   facts: a folder of *.json/*.ndjson, or one file\n"
          "  --output DIR       reports folder\n"
          "  --work DIR         intermediate files (default: OUTPUT/.work when OUTPUT is\n"
          "                     given at a later level than work)\n"
          "  --templates DIR    template set          --catalog DIR   catalogues\n"
          "  --langs \"ar fr\"    languages (default: those of the template set)\n"
          "  --jobs N           reports rendered in parallel (default: the processors)\n"
          "  --recipients FILE  recipients file (email, nightly)\n"
          "  --mail-dir DIR     ledger and send log (email, nightly)\n"
          "  --dry-run          email: write .eml files, send nothing\n"
          "  --force            email: send even what was already sent\n"
          "  --verbose          show the commands make runs\n"
          "  --config FILE      settings file (default " DEFAULT_CONFIG ", or $TAAWUN_CONFIG)\n"
          "  -h, --help         this text          --version   the version\n"
          "\n"
          "See taawun(1) and taawun.conf(5).\n",
          f);
}

/* ---- values -------------------------------------------------------------- */

/* Characters make or a shell would read as syntax: a path holding one
 * cannot be passed to make's rules safely, so it is refused. */
static const char *make_unsafe(const char *v)
{
    for (const char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f || strchr(" $#%:;=\\\"'`*?[](){}|&<>!~^,", c))
            return p;
    }
    return NULL;
}

static bool check_value(const setting *s, const char **why)
{
    const char *v = s->value;
    switch (s->kind) {
    case PATH_VALUE:
        if (!*v) {
            *why = "is empty (expected a path)";
            return false;
        }
        if (make_unsafe(v)) {
            *why = "holds a space or one of $#%:;=\\\"'`*?[](){}|&<>!~^, or a control character "
                   "(expected a plain path: make cannot name such files)";
            return false;
        }
        return true;
    case LANGS_VALUE:
        for (const char *p = v; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || *p == ' ')) {
                *why = "is not a list of language codes (expected e.g. \"ar fr\")";
                return false;
            }
        return true;
    case JOBS_VALUE: {
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (!*v || *end || errno || n < 1 || n > 256) {
            *why = "is not a number of jobs (expected 1 to 256)";
            return false;
        }
        return true;
    }
    case WORDS_VALUE:
        for (const char *p = v; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                  strchr(" -_./=", *p))) {
                *why = "holds a character other than letters, digits, space and -_./= "
                       "(expected taawun-mail options)";
                return false;
            }
        return true;
    case MAIL_VALUE:
    case SECRET_FILE:
        for (const char *p = v; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) {
                *why = "holds a control character";
                return false;
            }
        return true;
    }
    return true;
}

static void set(int i, const char *v, enum source from)
{
    settings[i].value = v;
    settings[i].from = from;
}

/* ---- taawun.conf ------------------------------------------------------ */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* key = value lines; # comments and blank lines ignored; the value is
 * everything after '=' with the blanks around it trimmed, taken literally
 * (no quotes, no expansion).  Returns 0, or the exit status. */
static int read_config(const char *path, bool must_exist)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT && !must_exist)
            return 0;
        fprintf(stderr, "%s: %s: cannot read the settings: %s\n", prog, path, strerror(errno));
        return EXIT_IO;
    }
    char *text = must_alloc(CONF_MAX_BYTES + 1);
    size_t n = fread(text, 1, CONF_MAX_BYTES + 1, f);
    bool err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "%s: %s: cannot read the settings\n", prog, path);
        return EXIT_IO;
    }
    if (n > CONF_MAX_BYTES) {
        fprintf(stderr, "%s: %s: more than %d bytes (size): not a settings file\n", prog, path, CONF_MAX_BYTES);
        return EXIT_DATA;
    }
    text[n] = '\0';
    if (memchr(text, '\0', n)) {
        fprintf(stderr, "%s: %s: holds a NUL byte: not a settings file\n", prog, path);
        return EXIT_DATA;
    }
    int status = 0;
    int lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "%s:%d:%d: %s: no '=' (expected key = value)\n", path, lineno,
                    (int)(s - line) + 1, s);
            status = EXIT_DATA;
            continue;
        }
        *eq = '\0';
        char *key = trim(s);
        char *value = trim(eq + 1);
        int i;
        for (i = 0; i < S_COUNT; i++)
            if (!strcmp(settings[i].key, key))
                break;
        if (i == S_COUNT) {
            fprintf(stderr, "%s:%d:%d: %s: unknown setting (expected one of input, output, work, "
                    "templates, catalog, langs, jobs, recipients, mail_dir, mail_opts, smtp_url, "
                    "mail_from, mail_from_name, mail_operator, netrc, smtp_user, smtp_ca_file, "
                    "smtp_allow_plain, smtp_password_file; see taawun.conf(5))\n",
                    path, lineno, (int)(key - line) + 1, key);
            status = EXIT_DATA;
            continue;
        }
        set(i, value, FROM_CONFIG);
        const char *why;
        if (!check_value(&settings[i], &why)) {
            fprintf(stderr, "%s:%d:%d: %s: \"%s\" %s\n", path, lineno, (int)(value - line) + 1, key, value, why);
            status = EXIT_DATA;
        }
    }
    /* the values point into text, which lives as long as the program */
    return status;
}

/* ---- where the rest of taawun is ----------------------------------------- */

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = must_alloc(n);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* path without . and .. (it exists: a folder above this program) */
static char *canon(char *path)
{
    char *r = realpath(path, NULL);
    if (!r)
        return path;
    free(path);
    return r;
}

static int find_layout(layout *L)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "%s: cannot find its own program file (/proc/self/exe): %s\n", prog, strerror(errno));
        return EXIT_IO;
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    *slash = '\0';   /* self: the folder of this program */
    char *up = canon(join(self, ".."));
    char *share = join(up, "share/taawun");
    char *mk = join(share, "pipeline.mk");
    if (exists(mk)) {   /* PREFIX/bin/taawun */
        L->installed = true;
        L->lib = join(up, "lib/taawun");
        L->pipeline = mk;
        L->catalog = join(share, "catalog");
        L->templates = join(share, "templates");
        L->fonts = join(share, "fonts.conf");
        L->nightly = join(L->lib, "nightly.sh");
        return 0;
    }
    /* a checkout: B/bin/taawun, B anywhere below the checkout's root */
    char *root = must_dup(self);
    for (int depth = 0; depth < 4; depth++) {
        char *r = canon(join(root, ".."));
        free(root);
        root = r;
        char *m = join(root, "mk/pipeline.mk");
        if (exists(m)) {
            L->installed = false;
            L->lib = must_dup(self);
            L->pipeline = m;
            L->catalog = join(root, "input/catalog");
            L->templates = join(root, "templates");
            L->fonts = join(root, "render/fonts.conf");
            L->nightly = join(root, "scripts/nightly.sh");
            return 0;
        }
        free(m);
    }
    fprintf(stderr, "%s: cannot find the pipeline rules: neither %s nor a checkout's mk/pipeline.mk "
            "above %s (is taawun installed completely?)\n", prog, mk, self);
    return EXIT_IO;
}

/* ---- running ------------------------------------------------------------- */

/* A relative path made absolute against the current folder (the nightly
 * script changes folder), without resolving links: it may not exist yet. */
static const char *absolute(const char *p)
{
    if (!p || p[0] == '/')
        return p;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
        fprintf(stderr, "%s: cannot tell the current folder: %s\n", prog, strerror(errno));
        exit(EXIT_IO);
    }
    const char *rel = p;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    if (!strcmp(rel, "."))
        return must_dup(cwd);
    return join(cwd, rel);
}

static char *var(const char *name, const char *value)
{
    size_t n = strlen(name) + strlen(value) + 2;
    char *s = must_alloc(n);
    snprintf(s, n, "%s=%s", name, value);
    return s;
}

/* The SMTP password: the systemd credential, else smtp_password_file;
 * never on a command line, passed to taawun-mail in its environment. */
static int load_password(void)
{
    if (getenv("SMTP_PASSWORD"))
        return 0;
    const char *file = NULL;
    char *cred = NULL;
    const char *dir = getenv("CREDENTIALS_DIRECTORY");
    if (dir && *dir) {
        cred = join(dir, "smtp-password");
        if (exists(cred))
            file = cred;
    }
    if (!file)
        file = settings[S_SMTP_PASSWORD_FILE].value;
    if (!file)
        return 0;
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "%s: %s: cannot read the SMTP password: %s\n", prog, file, strerror(errno));
        return EXIT_IO;
    }
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';   /* the first line, as it is: spaces kept */
    /* empty (the file tmpfiles.d creates): no password, netrc or none */
    if (buf[0] && setenv("SMTP_PASSWORD", buf, 1) != 0)
        return EXIT_IO;
    memset(buf, 0, sizeof buf);
    free(cred);
    return 0;
}

static const char *value_or(int i, const char *dflt)
{
    return settings[i].value ? settings[i].value : dflt;
}

/* A nightly run while another holds the lock must end with 75 (the
 * service's SuccessExitStatus), which make would turn into its own 2: the
 * lock (the nightly script's NIGHTLY_LOCK) is tried here first, and let go
 * at once for the script to take. */
static int nightly_busy(const char *lock)
{
    int fd = open(lock, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return 0;   /* no folder yet: the script makes it and reports */
    int busy = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return busy;
}

static int run_make(const layout *L, const char *target, bool dry_run, bool force, bool verbose)
{
    const char *input = settings[S_INPUT].value, *output = settings[S_OUTPUT].value;
    if (!input || !output) {
        fprintf(stderr, "%s %s: no %s folder: give --%s DIR, or set %s in taawun.conf\n", prog, target,
                input ? "output" : "input", input ? "output" : "input", input ? "output" : "input");
        return EXIT_USAGE;
    }
    if (strcmp(target, "reports") && !settings[S_RECIPIENTS].value) {
        fprintf(stderr, "%s %s: no recipients file: give --recipients FILE, or set recipients in taawun.conf\n",
                prog, target);
        return EXIT_USAGE;
    }
    char jobs[24];
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    snprintf(jobs, sizeof jobs, "%ld", cpus > 0 ? cpus : 1);
    const char *argv[40];
    int n = 0;
    argv[n++] = "make";
    argv[n++] = "--no-print-directory";
    if (!verbose)
        argv[n++] = "-s";   /* the stages' messages only, not make's commands */
    argv[n++] = "-f";
    argv[n++] = L->pipeline;
    argv[n++] = "-j";
    argv[n++] = value_or(S_JOBS, jobs);
    argv[n++] = target;
    argv[n++] = var("INPUT", absolute(input));
    argv[n++] = var("OUTPUT", absolute(output));
    argv[n++] = var("WORK", absolute(settings[S_WORK].value));
    argv[n++] = var("BIN", L->lib);
    argv[n++] = var("CATALOG", absolute(value_or(S_CATALOG, L->catalog)));
    argv[n++] = var("TEMPLATES", absolute(value_or(S_TEMPLATES, L->templates)));
    argv[n++] = var("LANGS", value_or(S_LANGS, ""));
    argv[n++] = var("FONTCONFIG_FILE", L->fonts);
    argv[n++] = var("NIGHTLY", L->nightly);
    if (settings[S_RECIPIENTS].value)
        argv[n++] = var("RECIPIENTS", absolute(settings[S_RECIPIENTS].value));
    if (settings[S_MAIL_DIR].value)
        argv[n++] = var("MAIL_DIR", absolute(settings[S_MAIL_DIR].value));
    if (settings[S_MAIL_OPTS].value)
        argv[n++] = var("MAIL_OPTS", settings[S_MAIL_OPTS].value);
    if (dry_run)
        argv[n++] = "DRY_RUN=1";
    if (force)
        argv[n++] = "FORCE=1";
    argv[n] = NULL;

    /* taawun-mail's settings go in its environment (environment wins) */
    for (int i = S_SMTP_URL; i < S_SMTP_PASSWORD_FILE; i++)
        if (settings[i].value && settings[i].from == FROM_CONFIG && setenv(settings[i].env, settings[i].value, 1))
            return EXIT_IO;
    int rc = load_password();
    if (rc)
        return rc;
    /* the nightly lock beside the work files, whatever the folder */
    char *lock = join(absolute(settings[S_WORK].value), "nightly.lock");
    if (!getenv("NIGHTLY_LOCK") && setenv("NIGHTLY_LOCK", lock, 1))
        return EXIT_IO;
    if (!strcmp(target, "nightly") && nightly_busy(getenv("NIGHTLY_LOCK"))) {
        fprintf(stderr, "%s nightly: another nightly run is in progress (it holds %s); this one exits "
                "without doing anything\n", prog, getenv("NIGHTLY_LOCK"));
        return 75;
    }
    fflush(NULL);
    execvp("make", (char *const *)argv);
    fprintf(stderr, "%s: cannot run make: %s (install the Debian package make)\n", prog, strerror(errno));
    return EXIT_IO;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* taawun check: ingest into a temporary folder, removed after. */
static int run_check(const layout *L)
{
    const char *input = settings[S_INPUT].value;
    if (!input) {
        fprintf(stderr, "%s check: no input: give --input DIR|FILE, or set input in taawun.conf\n", prog);
        return EXIT_USAGE;
    }
    const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *dir = join(tmp, "taawun-check.XXXXXX");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "%s check: cannot create a temporary folder in %s: %s\n", prog, tmp, strerror(errno));
        return EXIT_IO;
    }
    char *ingest = join(L->lib, "taawun-ingest");
    char *facts = join(dir, "facts.tsv"), *sources = join(dir, "sources.json");
    const char *argv[] = {ingest, "-c", value_or(S_CATALOG, L->catalog), "-o", facts, "-s", sources, input, NULL};
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        execv(ingest, (char *const *)argv);
        fprintf(stderr, "%s check: cannot run %s: %s\n", prog, ingest, strerror(errno));
        _exit(EXIT_IO);
    }
    int status = 0, rc;
    if (pid < 0) {
        fprintf(stderr, "%s check: cannot start %s: %s\n", prog, ingest, strerror(errno));
        rc = EXIT_IO;
    } else if (waitpid(pid, &status, 0) < 0) {
        rc = EXIT_IO;
    } else {
        rc = WIFEXITED(status) ? WEXITSTATUS(status) : 4;
    }
    if (nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "%s check: cannot remove %s: %s\n", prog, dir, strerror(errno));
    if (rc == 0)
        printf("%s check: %s: every fact is valid\n", prog, input);
    return rc;
}

/* taawun propose ARGS: taawun-propose ARGS, with the installed catalogue
 * and its lexicons (CATALOG/propose/) unless ARGS name another. */
static int run_propose(const layout *L, int argc, char **argv)
{
    char *p = join(L->lib, "taawun-propose");
    if (access(p, X_OK) != 0) {
        fprintf(stderr, "%s propose: not available: %s is not installed\n", prog, p);
        return EXIT_USAGE;
    }
    bool has_catalog = false;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--catalog") || !strncmp(argv[i], "--catalog=", 10))
            has_catalog = true;
    const char **args = must_alloc(sizeof *args * (size_t)(argc + 3));
    int n = 0;
    args[n++] = p;
    if (!has_catalog) {
        args[n++] = "--catalog";
        args[n++] = L->catalog;
    }
    for (int i = 1; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    fflush(NULL);
    execv(p, (char *const *)args);
    fprintf(stderr, "%s propose: cannot run %s: %s\n", prog, p, strerror(errno));
    return EXIT_IO;
}

static void print_config(const layout *L, const char *config)
{
    printf("config\t%s\n", config);
    printf("layout\t%s\n", L->installed ? "installed" : "checkout");
    printf("programs\t%s\n", L->lib);
    printf("pipeline\t%s\n", L->pipeline);
    printf("fonts\t%s\n", L->fonts);
    for (int i = 0; i < S_COUNT; i++) {
        const setting *s = &settings[i];
        const char *v = s->value;
        if (!v && i == S_CATALOG)
            v = L->catalog;
        if (!v && i == S_TEMPLATES)
            v = L->templates;
        printf("%s\t%s\t(%s)\n", s->key, v ? v : "", source_name[s->from]);
    }
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("taawun %s\n", TAAWUN_VERSION);
        return 0;
    }
    static const char *const commands[] = {"reports", "email", "nightly", "check", "propose", "config", NULL};
    int c;
    for (c = 0; commands[c]; c++)
        if (!strcmp(commands[c], cmd))
            break;
    if (!commands[c]) {
        fprintf(stderr, "%s: %s: unknown command (expected reports, email, nightly, check, propose, config "
                "or version)\n", prog, cmd);
        usage(stderr);
        return EXIT_USAGE;
    }
    layout L;
    int rc = find_layout(&L);
    if (rc)
        return rc;
    if (!strcmp(cmd, "propose"))
        return run_propose(&L, argc - 1, argv + 1);

    /* 1. the settings file; 2. the environment; 3. the options */
    const char *config = getenv("TAAWUN_CONFIG");
    bool must_exist = config && *config;
    for (int i = 2; i < argc; i++) {   /* --config first: the options override it */
        if (!strcmp(argv[i], "--config") && i + 1 < argc) {
            config = argv[i + 1];
            must_exist = true;
        } else if (!strncmp(argv[i], "--config=", 9)) {
            config = argv[i] + 9;
            must_exist = true;
        }
    }
    if (!config || !*config)
        config = DEFAULT_CONFIG;
    rc = read_config(config, must_exist);
    if (rc)
        return rc;
    for (int i = 0; i < S_COUNT; i++) {
        const char *e = getenv(settings[i].env);
        if (e && *e)
            set(i, e, FROM_ENV);
    }
    static const struct option opts[] = {
        {"input", required_argument, NULL, S_INPUT},
        {"output", required_argument, NULL, S_OUTPUT},
        {"work", required_argument, NULL, S_WORK},
        {"templates", required_argument, NULL, S_TEMPLATES},
        {"catalog", required_argument, NULL, S_CATALOG},
        {"langs", required_argument, NULL, S_LANGS},
        {"jobs", required_argument, NULL, S_JOBS},
        {"recipients", required_argument, NULL, S_RECIPIENTS},
        {"mail-dir", required_argument, NULL, S_MAIL_DIR},
        {"config", required_argument, NULL, 'C'},
        {"dry-run", no_argument, NULL, 'n'},
        {"force", no_argument, NULL, 'f'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool dry_run = false, force = false, verbose = false;
    int o;
    optind = 2;
    while ((o = getopt_long(argc, argv, "j:h", opts, NULL)) != -1) {
        if (o >= 0 && o < S_COUNT)
            set(o, optarg, FROM_OPTION);
        else if (o == 'j')
            set(S_JOBS, optarg, FROM_OPTION);
        else if (o == 'n')
            dry_run = true;
        else if (o == 'f')
            force = true;
        else if (o == 'v')
            verbose = true;
        else if (o == 'h') {
            usage(stdout);
            return 0;
        } else if (o != 'C') {
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s %s: unexpected argument '%s' (expected options only)\n", prog, cmd, argv[optind]);
        return EXIT_USAGE;
    }
    /* a work folder belongs to its output: one given at an earlier level
     * than the output (say taawun.conf's, when --output is on the command
     * line) is not used; OUTPUT/.work is */
    if (settings[S_OUTPUT].value && (!settings[S_WORK].value || settings[S_WORK].from < settings[S_OUTPUT].from))
        set(S_WORK, join(settings[S_OUTPUT].value, ".work"), settings[S_OUTPUT].from);
    for (int i = 0; i < S_COUNT; i++) {
        const char *why;
        if (settings[i].value && settings[i].from != FROM_CONFIG && !check_value(&settings[i], &why)) {
            fprintf(stderr, "%s: %s (%s): \"%s\" %s\n", prog, settings[i].key, source_name[settings[i].from],
                    settings[i].value, why);
            return EXIT_USAGE;
        }
    }
    if (!strcmp(cmd, "config")) {
        print_config(&L, config);
        return 0;
    }
    if (!strcmp(cmd, "check"))
        return run_check(&L);
    return run_make(&L, cmd, dry_run, force, verbose);
}
