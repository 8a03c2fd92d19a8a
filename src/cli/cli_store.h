/* cli_store.h - what commands that work on a workspace share: opening the workspace with
 * the error message and exit code every command should give, the notice of a wait for
 * another process's lock, and printing JSON. */
#ifndef OT_CLI_STORE_H
#define OT_CLI_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "store/workspace.h"

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
