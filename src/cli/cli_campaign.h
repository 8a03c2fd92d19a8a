/* cli_campaign.h - what the campaign commands (suppliers, products, campaign, ingest)
 * share: common options, --today, and printing an import report. */
#ifndef OT_CLI_CAMPAIGN_H
#define OT_CLI_CAMPAIGN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "campaign/suppliers.h"

/* Options every campaign sub-command understands. */
typedef struct cli_common {
    const char *workspace;
    const char *today_text; /* --today YYYY-MM-DD */
    int32_t today;          /* day number: --today, else the UTC date */
    bool json;
} cli_common;

/* Parses --today into c->today (or sets today's date); prints an error and returns
 * OT_EXIT_USAGE when malformed. */
int cli_resolve_today(const char *cmd, cli_common *c);

/* Prints the skipped rows (stderr, "FILE line N: why") and a summary line (stdout), or
 * the whole report as JSON. what: "suppliers" or "products". */
int cli_print_import(const char *path, const char *what, const ot_supplier_import_report *rep, bool json);

#endif
