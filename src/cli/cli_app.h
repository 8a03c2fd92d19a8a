/* cli_app.h - how a command reaches the application layer: open the workspace the
 * command line names, and turn an error value into one line and a stable exit code. */
#ifndef OT_CLI_APP_H
#define OT_CLI_APP_H

#include "app/app.h"
#include "app/reference.h"
#include "cmdtable.h"

/* Opens the workspace named by --workspace / $ORETRACE_WORKSPACE / ".". On failure prints
 * why and returns the exit code (a folder without a workspace is a usage error). */
int cli_open_app(const cli_call *call, ot_app **app);

/* The smelter list of the workspace named by --workspace / $ORETRACE_WORKSPACE / ".",
 * or the list shipped with oretrace when that folder holds no workspace (the read
 * commands need none). Prints nothing: on failure err says why. */
ot_code cli_open_reference(const cli_call *call, ot_reference **ref, ot_error *err);

/* For a workspace that could not be opened or created: prints "oretrace CMD: message"
 * with what to do in the CLI's words (the library's messages name no command: run
 * `oretrace init DIR` for a folder without a workspace; init does not replace a damaged
 * or lost database) and returns the exit code (no workspace is a usage error, 1). */
int cli_fail_workspace(const char *cmd, const char *dir, const ot_error *err);

/* The exit code for an error code (README: 1 usage, 2 unreadable input, 4 failure). */
int cli_exit_code(ot_code code);

/* Prints "oretrace CMD: message" and returns cli_exit_code(err->code). */
int cli_fail(const cli_call *call, const ot_error *err);

#endif
