/* testutil.h - helpers shared by the cmocka tests: paths to reference material and
 * fixtures, skipping what needs the reference set when it is missing, temp folders,
 * running the CLI and capturing its output, reading its JSON.
 * (Helpers on a real workspace are in workspace_util.h.) */
#ifndef OT_TESTUTIL_H
#define OT_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* The reference set (../shared: samples, legacy templates, all official templates) is
 * $ORETRACE_SHARED, else the ORETRACE_SHARED_DIR CMake was given. A clone may not have
 * it: tests that need it are skipped then (below); what most tests need is vendored. */

/* ORETRACE_SHARED "/" rel, in a static buffer rotated over 8 slots. */
const char *shared_path(const char *rel);
/* Whether the reference set is there (a folder with rmi-templates/ and samples/). */
bool shared_available(void);
/* The repository's copy of a file of the reference set, `rel` as in shared_path (e.g.
 * "rmi-templates/RMI_CMRT_6.5.xlsx"): tests/fixtures/reference/README.md lists them. */
const char *vendored_path(const char *rel);

/* Exit status by which a test program tells ctest it was skipped (SKIP_RETURN_CODE). */
#define OT_SKIP_STATUS 77
/* First call in main() of a test program all of whose tests need the reference set:
 * without it, prints why (`needs`: what of it) and exits with OT_SKIP_STATUS. */
void skip_program_without_shared(const char *argv0, const char *needs);
/* main() of a test program with both kinds of tests: `tests` need only the repository,
 * `shared_tests` need the reference set (`needs` says what of it). tests/CMakeLists.txt
 * registers such a program twice: NAME runs it with "local" (only `tests`), NAME_shared
 * with "shared" (only `shared_tests`, skipped as above without the reference set). With no
 * argument it runs both. Returns main's status. */
#define run_test_groups(argc, argv, tests, shared_tests, needs, setup, teardown)                   \
    run_test_groups_n((argc), (argv), (tests), sizeof(tests) / sizeof((tests)[0]), (shared_tests), \
                      sizeof(shared_tests) / sizeof((shared_tests)[0]), (needs), (setup),          \
                      (teardown))
struct CMUnitTest;
int run_test_groups_n(int argc, char **argv, const struct CMUnitTest *tests, size_t n,
                      const struct CMUnitTest *shared_tests, size_t shared_n, const char *needs,
                      int (*setup)(void **), int (*teardown)(void **));

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
int run_clif(char **out, char **err_out, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
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
