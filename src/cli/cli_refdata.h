/* cli_refdata.h - what the commands that read smelter reference data share: the
 * workspace when there is one (the reading commands also work on the shipped snapshot
 * without one) and opening the reference data by folder. A match result as JSON is the
 * library's (app/match.h). */
#ifndef OT_CLI_REFDATA_H
#define OT_CLI_REFDATA_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "cmdtable.h"
#include "refdata/match.h"
#include "refdata/refdata.h"

/* Opens the workspace named by the command line when the folder holds one (as
 * cli_open_app), else sets *app to NULL: the use cases then read the shipped snapshot.
 * Returns the exit code (OT_EXIT_OK on success). */
int cli_open_app_if_any(const cli_call *call, ot_app **app);

/* Opens the reference store for `cmd`: prints the error and returns the exit code on
 * failure, OT_EXIT_OK on success. from_snapshot may be NULL. */
int cli_refdata_open(const char *cmd, const char *ws_opt, ot_refdata **rd, bool *from_snapshot);

#endif
