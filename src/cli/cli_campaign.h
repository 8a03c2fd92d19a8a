/* cli_campaign.h - what the program commands (suppliers, products, campaign, ingest)
 * share: --today and --campaign YEAR[/FAMILY], printing an import's report, and the hints that
 * name this front end's options when a use case fails. */
#ifndef OT_CLI_CAMPAIGN_H
#define OT_CLI_CAMPAIGN_H

#include <stdint.h>

#include "app/suppliers.h"
#include "campaign/campaign.h"
#include "cmdtable.h"

/* --today DATE as a day number (today's UTC date when absent). Prints why and returns
 * OT_EXIT_USAGE when malformed; OT_EXIT_OK otherwise. */
int cli_today(const cli_call *call, int32_t *today);

/* --campaign YEAR[/FAMILY] as given (NULL when absent: the most recent); the use case
 * resolves it (ot_campaign_find) and says what is wrong with it. */
const char *cli_campaign_selector(const cli_call *call);

/* Prints why an import failed, with a hint to name the encoding (--encoding) or the
 * column (--map) when that is what stopped it; returns the exit code (1 for an unknown
 * encoding, 4 for database or memory, 2 otherwise). */
int cli_import_failed(const cli_call *call, const ot_error *err, const ot_import_result *res);

/* Prints the skipped rows (stderr, "FILE line N: why") and a summary line (stdout), or
 * the result's JSON line with --json; what: "suppliers" or "products". Exit status 2 when
 * rows were skipped. */
int cli_print_import(const cli_call *call, const char *what, const ot_import_result *res);

/* Prints why a campaign use case failed, adding how to create the campaign when it was
 * not found (found: the campaign the use case looked up, id 0 when none); returns the
 * exit code. */
int cli_campaign_failed(const cli_call *call, const ot_error *err, const ot_campaign_info *found);

#endif
