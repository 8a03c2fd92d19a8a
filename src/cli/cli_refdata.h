/* cli_refdata.h - what the `refdata` commands share: opening the reference data (the
 * workspace's store, else the shipped snapshot) and the import log sub-commands (sources,
 * undo). A match result as JSON is the library's (app/match.h). */
#ifndef OT_CLI_REFDATA_H
#define OT_CLI_REFDATA_H

#include <jansson.h>
#include <stdbool.h>

#include "refdata/match.h"
#include "refdata/refdata.h"

/* Opens the reference store for `cmd`: prints the error and returns the exit code on
 * failure, OT_EXIT_OK on success. from_snapshot may be NULL. */
int cli_refdata_open(const char *cmd, const char *ws_opt, ot_refdata **rd, bool *from_snapshot);

/* `refdata sources`: the store's sources with their IMPORT_IDs, then the imports no
 * longer in force (cli_refdata_log.c). Returns the exit code. */
int cli_refdata_sources(const char *ws_opt, bool json);
/* `refdata undo IMPORT_ID`. Returns the exit code. */
int cli_refdata_undo(const char *ws_opt, const char *import_id, bool json);

#endif
