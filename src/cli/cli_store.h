/* cli_store.h - what commands that work on a workspace share: the --workspace/--json
 * options, opening the workspace with the error message and exit code every command
 * should give, and printing JSON. */
#ifndef OT_CLI_STORE_H
#define OT_CLI_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "store/workspace.h"

/* The options of the commands that take nothing but --workspace DIR and --json. */
typedef struct cli_ws_opts {
    const char *workspace;
    bool json;
    char **args; /* the positional arguments, nargs of them */
    int nargs;
} cli_ws_opts;

/* Parses argv (argv[0], the command or sub-command name, is skipped) allowing at most
 * max_args positional arguments. On a bad option or one argument too many prints
 * "oretrace <cmd>: why (see oretrace <cmd> --help)" and returns OT_EXIT_USAGE;
 * OT_EXIT_OK otherwise. */
int cli_parse_ws_opts(const char *cmd, int argc, char **argv, int max_args, cli_ws_opts *o);

/* Opens the workspace named by --workspace (opt, may be NULL) / $ORETRACE_WORKSPACE / ".".
 * On failure prints "oretrace <cmd>: <why>" and returns the exit code to return:
 * OT_EXIT_USAGE when there is no workspace (the message says to run `oretrace init`),
 * OT_EXIT_FAILURE when its database is missing, damaged or cannot be opened. Prints the
 * workspace's notice, if any, as "oretrace <cmd>: note: ..." on stderr. OT_EXIT_OK on
 * success. */
int cli_open_workspace(const char *cmd, const char *opt, ot_workspace **ws);

/* Makes every database wait for another process's lock say so once on stderr:
 * "oretrace <cmd>: waiting up to N s for the database: <what>". Call once, first. */
void cli_install_wait_notice(const char *cmd);

/* Prints a JSON value on stdout (indented, keys in insertion order, newline) and
 * releases it. Returns OT_EXIT_OK, or OT_EXIT_FAILURE when it could not be written. */
int cli_print_json(json_t *value);

/* Prints what a use case's to_json returned as JSON lines: an object on one line, an
 * array one element per line; releases it. OT_EXIT_FAILURE when it could not be
 * written. */
int cli_print_jsonl(json_t *value);

#endif
