/* testutil.c - see testutil.h. */
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *rotate(const char *base, const char *rel)
{
    static char slots[8][4096];
    static int next;
    char *s = slots[next++ % 8];
    snprintf(s, sizeof slots[0], "%s/%s", base, rel);
    return s;
}

static const char *shared_dir(void)
{
    const char *env = getenv("ORETRACE_SHARED");
    return env && *env ? env : ORETRACE_SHARED;
}

const char *shared_path(const char *rel)
{
    return rotate(shared_dir(), rel);
}

const char *src_path(const char *rel)
{
    return rotate(ORETRACE_SRC, rel);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool shared_available(void)
{
    return is_dir(shared_path("rmi-templates")) && is_dir(shared_path("samples"));
}

const char *vendored_path(const char *rel)
{
    return rotate(ORETRACE_SRC "/tests/fixtures/reference", rel);
}

/* Says why on stdout, and in $ORETRACE_SKIP_LOG, which ctest prints after its summary
 * (tests/report-skips.cmake). */
static void say_skipped(const char *argv0, const char *suffix, const char *needs)
{
    const char *slash = strrchr(argv0, '/');
    char line[1024];
    snprintf(line, sizeof line, "%s%s: needs %s (no reference set at %s)\n",
             slash ? slash + 1 : argv0, suffix, needs, shared_dir());
    printf("SKIPPED %s", line);
    fflush(stdout);
    const char *log = getenv("ORETRACE_SKIP_LOG");
    FILE *f = log && *log ? fopen(log, "a") : NULL;
    if (f) {
        fputs(line, f); /* one short append: whole lines even from parallel tests */
        fclose(f);
    }
}

void skip_program_without_shared(const char *argv0, const char *needs)
{
    if (shared_available()) return;
    say_skipped(argv0, "", needs);
    exit(OT_SKIP_STATUS);
}

int run_test_groups_n(int argc, char **argv, const struct CMUnitTest *tests, size_t n,
                      const struct CMUnitTest *shared_tests, size_t shared_n, const char *needs,
                      int (*setup)(void **), int (*teardown)(void **))
{
    const char *which = argc > 1 ? argv[1] : NULL;
    if (which && strcmp(which, "local") != 0 && strcmp(which, "shared") != 0) {
        fprintf(stderr, "usage: %s [local|shared]\n", argv[0]);
        return 1;
    }
    bool local = !which || strcmp(which, "local") == 0;
    bool shared = !which || strcmp(which, "shared") == 0;
    int failed = 0;
    if (local) failed += _cmocka_run_group_tests("tests", tests, n, setup, teardown);
    if (shared && !shared_available()) {
        say_skipped(argv[0], local ? " (its shared tests)" : "_shared", needs);
        /* ctest's skip status only when nothing else ran: a run part reports as run */
        return failed ? 1 : local ? 0 : OT_SKIP_STATUS;
    }
    if (shared)
        failed += _cmocka_run_group_tests("shared_tests", shared_tests, shared_n, setup, teardown);
    return failed ? 1 : 0; /* never OT_SKIP_STATUS by accident */
}

char *make_temp_dir(void)
{
    char tmpl[] = "/tmp/oretrace-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

void rm_rf(const char *path)
{
    if (!path || strncmp(path, "/tmp/oretrace-test-", 19) != 0) return;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0) fprintf(stderr, "rm -rf %s failed\n", path);
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = (size_t)n;
    return buf;
}

int spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

int run_cli(const char *args, char **out, char **err_out)
{
    return run_cli_under(NULL, args, out, err_out);
}

int run_cli_under(const char *wrapper, const char *args, char **out, char **err_out)
{
    char errfile[] = "/tmp/oretrace-stderr-XXXXXX";
    int efd = mkstemp(errfile);
    if (efd < 0) return -1;
    close(efd);
    if (!wrapper) wrapper = "";
    size_t cap = strlen(wrapper) + strlen(args) + strlen(ORETRACE_BIN) + sizeof errfile + 32;
    char *cmd = malloc(cap);
    snprintf(cmd, cap, "%s '%s' %s 2>'%s'", wrapper, ORETRACE_BIN, args, errfile);
    FILE *p = popen(cmd, "r");
    free(cmd);
    if (!p) {
        unlink(errfile);
        return -1;
    }
    size_t len = 0, bcap = 4096;
    char *buf = malloc(bcap);
    size_t n;
    while ((n = fread(buf + len, 1, bcap - len - 1, p)) > 0) {
        len += n;
        if (bcap - len < 2) buf = realloc(buf, bcap *= 2);
    }
    buf[len] = '\0';
    int status = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    if (err_out) *err_out = slurp(errfile, NULL);
    unlink(errfile);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int run_clif(char **out, char **err_out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *args = malloc((size_t)n + 1);
    assert_non_null(args);
    va_start(ap, fmt);
    vsnprintf(args, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = run_cli(args, out, err_out);
    free(args);
    return rc;
}

int setup_workspace_env(void **state)
{
    char *ws = make_temp_dir();
    if (!ws) return -1;
    setenv("ORETRACE_WORKSPACE", ws, 1);
    *state = ws;
    return 0;
}

int teardown_workspace_env(void **state)
{
    unsetenv("ORETRACE_WORKSPACE");
    rm_rf(*state);
    free(*state);
    return 0;
}

char *test_dir;

int setup_test_dir(void **state)
{
    (void)state;
    test_dir = make_temp_dir();
    return test_dir ? 0 : -1;
}

int teardown_test_dir(void **state)
{
    (void)state;
    rm_rf(test_dir);
    free(test_dir);
    test_dir = NULL;
    return 0;
}

json_t *parse_json(const char *text)
{
    json_error_t e;
    json_t *v = json_loads(text, 0, &e);
    if (!v) fail_msg("not JSON (%s): %.300s", e.text, text);
    return v;
}

json_t *parse_json_lines(const char *text)
{
    json_t *list = json_array();
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        if (n) {
            json_error_t e;
            json_t *v = json_loadb(line, n, 0, &e);
            if (!v) fail_msg("not JSON (%s): %.300s", e.text, line);
            json_array_append_new(list, v);
        }
        line += n + (line[n] == '\n');
    }
    return list;
}
