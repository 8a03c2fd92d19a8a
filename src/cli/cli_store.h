/* cli_store.h - what commands share around the workspace: the notice of a wait for
 * another process's lock, and printing a use case's JSON as JSON lines. */
#ifndef OT_CLI_STORE_H
#define OT_CLI_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "store/workspace.h"

/* Makes every database wait for another process's lock say so once on stderr:
 * "oretrace <cmd>: waiting up to N s for the database: <what>". Call once, first. */
void cli_install_wait_notice(const char *cmd);

/* Prints what a use case's to_json returned as JSON lines: an object on one line, an
 * array one element per line; releases it. OT_EXIT_FAILURE when it could not be
 * written. */
int cli_print_jsonl(json_t *value);

#endif
