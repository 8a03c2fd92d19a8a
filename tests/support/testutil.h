/* testutil.h - helpers shared by the cmocka tests: paths to reference material and
 * fixtures, temp folders, running the CLI and capturing its output, reading its JSON.
 * (Helpers on a real workspace are in workspace_util.h.) */
#ifndef OT_TESTUTIL_H
#define OT_TESTUTIL_H

#include <stddef.h>

#include <jansson.h>

/* ORETRACE_SHARED "/" rel, in a static buffer rotated over 8 slots. */
const char *shared_path(const char *rel);
/* ORETRACE_SRC "/" rel (the repo: tests/fixtures, demo, data). */
const char *src_path(const char *rel);
/* A fresh empty temp directory (malloc'd path); removed by rm_rf. */
char *make_temp_dir(void);
void rm_rf(const char *path);
/* Runs `ORETRACE_BIN args` through /bin/sh with stdout captured into a malloc'd string;
 * stderr captured into *err_out when not NULL. Returns the exit status (or -1). */
int run_cli(const char *args, char **out, char **err_out);
/* run_cli with a command put before the binary, e.g. "timeout 10" (a run that would
 * hang ends with status 124) or "setpriv ..."; NULL: none. */
int run_cli_under(const char *wrapper, const char *args, char **out, char **err_out);
/* run_cli with the arguments formatted printf-style. */
int run_clif(char **out, char **err_out, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* cmocka group setup: a fresh empty folder as $ORETRACE_WORKSPACE (*state: its path), so
 * CLI runs see no workspace but their own; the teardown removes it. */
int setup_workspace_env(void **state);
int teardown_workspace_env(void **state);
/* cmocka group setup: a fresh empty temp folder in test_dir for the whole group; the
 * teardown removes it. */
extern char *test_dir;
int setup_test_dir(void **state);
int teardown_test_dir(void **state);
/* The JSON value text holds; fails the test (showing the text) when it is not JSON. */
json_t *parse_json(const char *text);
/* One JSON value per line of text (empty lines skipped), as an array; fails the test on
 * a line that is not JSON. */
json_t *parse_json_lines(const char *text);
/* Reads a whole file (malloc'd, NUL-terminated), NULL when missing. */
char *slurp(const char *path, size_t *len);
/* Writes bytes to a file; returns 0 on success. */
int spit(const char *path, const void *data, size_t len);

#endif
