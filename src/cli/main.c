/* main.c - oretrace entry point: dispatches to the command named by argv[1]. */
#include "cli.h"
#include "cli_store.h"
#include "cmdtable.h"

#include <string.h>

/* "oretrace GROUP" alone or "oretrace GROUP WORD" with an unknown WORD. */
static int group_usage(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        cli_print_group_help(argc < 2 ? stderr : stdout, argv[0]);
        return argc < 2 ? OT_EXIT_USAGE : OT_EXIT_OK;
    }
    const char *near = cli_suggest(argv[1], argv[0]);
    fprintf(stderr, "oretrace %s: unknown command '%s'%s%s%s (see oretrace help %s)\n", argv[0],
            argv[1], near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "", argv[0]);
    return OT_EXIT_USAGE;
}

static int unknown_command(const char *word)
{
    const char *near = cli_suggest(word, NULL);
    fprintf(stderr, "oretrace: unknown command '%s'", word);
    if (near) fprintf(stderr, "; did you mean '%s'?", near);
    fprintf(stderr, " (see oretrace help)\n");
    return OT_EXIT_USAGE;
}

static int run_command(const cli_cmddef *cmd, int words, int argc, char **argv)
{
    cli_call call;
    int rc = cli_parse(cmd, argc - words, argv + words, &call);
    if (rc == 0) {
        cli_install_wait_notice(call.name);
        rc = cmd->run(&call);
    } else if (rc < 0) {
        rc = OT_EXIT_OK; /* --help was printed */
    }
    cli_call_free(&call);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_overview(stderr);
        return OT_EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        cli_print_overview(stdout);
        return OT_EXIT_OK;
    }
    if (strcmp(argv[1], "help") == 0) return cli_help_command(argc - 1, argv + 1);
    if (strcmp(argv[1], "--version") == 0) {
        printf("oretrace %s\n", OT_VERSION);
        return OT_EXIT_OK;
    }
    int words = 0;
    const cli_cmddef *cmd = cli_find_command(argc - 1, argv + 1, &words);
    if (cmd) return run_command(cmd, words, argc - 1, argv + 1);
    if (cli_find_group(argv[1])) return group_usage(argc - 1, argv + 1);
    return unknown_command(argv[1]);
}
