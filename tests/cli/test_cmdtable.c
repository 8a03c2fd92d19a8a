/* test_cmdtable.c - the command table is whole and everything made from it agrees with
 * it: every option a command lists is defined once, every defined option is used,
 * docs/cli.md and the README's command list are what the table generates, --help and
 * `oretrace help` work for every command, and a mistyped command gets a suggestion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdtable.h"
#include "testutil.h"

static void test_every_listed_option_is_defined_once(void **state)
{
    (void)state;
    for (const cli_cmddef *c = cli_commands; c->name; c++) {
        int n = 0;
        for (const cli_optuse *u = c->opts; u->name; u++, n++) {
            if (!cli_find_option(u->name))
                fprintf(stderr, "  %s: undefined --%s\n", c->name, u->name);
            assert_non_null(cli_find_option(u->name));
            for (const cli_optuse *v = u + 1; v->name; v++)
                assert_string_not_equal(u->name, v->name);
        }
        assert_true(n < CLI_MAX_OPTS);
        assert_non_null(c->run);
        assert_true(c->summary && *c->summary);
    }
    for (const cli_optdef *o = cli_options; o->name; o++)
        for (const cli_optdef *p = o + 1; p->name; p++)
            assert_string_not_equal(o->name, p->name);
}

static void test_every_defined_option_is_used(void **state)
{
    (void)state;
    for (const cli_optdef *o = cli_options; o->name; o++) {
        bool used = false;
        for (const cli_cmddef *c = cli_commands; c->name && !used; c++)
            for (const cli_optuse *u = c->opts; u->name && !used; u++)
                used = strcmp(u->name, o->name) == 0;
        if (!used) fprintf(stderr, "  --%s is used by no command\n", o->name);
        assert_true(used);
    }
}

/* What `oretrace help ARGS` prints. */
static char *help_output(const char *args)
{
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "help %s", args), 0);
    free(err);
    return out;
}

static void test_docs_cli_md_is_generated(void **state)
{
    (void)state;
    char *doc = slurp(src_path("docs/cli.md"), NULL);
    assert_non_null(doc);
    char *gen = help_output("--markdown");
    if (strcmp(doc, gen) != 0)
        fprintf(stderr,
                "  docs/cli.md is stale: run `build/oretrace help --markdown > docs/cli.md`\n");
    assert_string_equal(doc, gen);
    free(doc);
    free(gen);
}

static void test_readme_command_list_is_generated(void **state)
{
    (void)state;
    char *readme = slurp(src_path("README.md"), NULL);
    assert_non_null(readme);
    const char *begin_mark = "<!-- commands:begin -->\n", *end_mark = "<!-- commands:end -->";
    char *begin = strstr(readme, begin_mark), *end = strstr(readme, end_mark);
    assert_non_null(begin);
    assert_non_null(end);
    begin += strlen(begin_mark);
    *end = '\0';
    char *gen = help_output("--readme");
    if (strcmp(begin, gen) != 0)
        fprintf(stderr, "  README.md's command list is stale: `build/oretrace help --readme`\n");
    assert_string_equal(begin, gen);
    free(readme);
    free(gen);
}

static void test_help_for_every_command(void **state)
{
    (void)state;
    char name[64];
    for (const cli_cmddef *c = cli_commands; c->name; c++) {
        snprintf(name, sizeof name, "%s%s%s", c->group ? c->group : "", c->group ? " " : "",
                 c->name);
        char *out = NULL, *err = NULL;
        assert_int_equal(run_clif(&out, &err, "%s --help", name), 0);
        assert_non_null(strstr(out, "usage: oretrace"));
        assert_non_null(strstr(out, c->summary));
        free(out);
        free(err);
        char *h = help_output(name);
        assert_non_null(strstr(h, c->summary));
        free(h);
    }
}

static void test_mistyped_commands_get_a_suggestion(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    assert_int_equal(run_cli("campain status", &out, &err), 1);
    assert_non_null(strstr(err, "did you mean 'campaign'"));
    free(out);
    free(err);
    assert_int_equal(run_cli("campaign stauts", &out, &err), 1);
    assert_non_null(strstr(err, "did you mean 'status'"));
    free(out);
    free(err);
    assert_int_equal(run_cli("audit verify --jsno", &out, &err), 1);
    assert_non_null(strstr(err, "unknown option '--jsno'"));
    free(out);
    free(err);
    assert_int_equal(run_cli("frobnicate", &out, &err), 1);
    assert_null(strstr(err, "did you mean"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_listed_option_is_defined_once),
        cmocka_unit_test(test_every_defined_option_is_used),
        cmocka_unit_test(test_docs_cli_md_is_generated),
        cmocka_unit_test(test_readme_command_list_is_generated),
        cmocka_unit_test(test_help_for_every_command),
        cmocka_unit_test(test_mistyped_commands_get_a_suggestion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
