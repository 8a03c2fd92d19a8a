/* testutil.c - see testutil.h. */
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

const char *shared_path(const char *rel)
{
    const char *env = getenv("ORETRACE_SHARED");
    return rotate(env && *env ? env : ORETRACE_SHARED, rel);
}

const char *src_path(const char *rel)
{
    return rotate(ORETRACE_SRC, rel);
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
    if (out) *out = buf;
    else free(buf);
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
