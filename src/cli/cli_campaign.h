/* cli_campaign.h - what the campaign commands (suppliers, products, campaign, ingest)
 * share: common options, --today, --campaign YEAR, and printing an import report. */
#ifndef OT_CLI_CAMPAIGN_H
#define OT_CLI_CAMPAIGN_H

#include <getopt.h>
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

/* getopt_long entries for the options in cli_common; a command's table starts with them. */
#define CLI_COMMON_OPTIONS                                                                   \
    {"workspace", required_argument, NULL, 'w'}, {"today", required_argument, NULL, 't'},   \
    {"json", no_argument, NULL, 'j'}

/* Takes getopt_long's answer ch (with its optarg) into c when it is one of
 * CLI_COMMON_OPTIONS; false for any other answer. */
bool cli_common_option(int ch, const char *optarg_value, cli_common *c);

/* --campaign YEAR: the reporting year (2000 or later) into *year. Prints why and returns
 * OT_EXIT_USAGE when text is not one; OT_EXIT_OK otherwise. */
int cli_parse_campaign_year(const char *cmd, const char *text, int *year);

/* Parses --today into c->today (or sets today's date); prints an error and returns
 * OT_EXIT_USAGE when malformed. */
int cli_resolve_today(const char *cmd, cli_common *c);

/* Prints why an import failed, with a hint to name the encoding when the text was
 * refused as not UTF-8 and none was named; returns the exit code (1 for an unknown
 * encoding, 4 for database or memory, 2 otherwise). */
int cli_import_failed(const char *cmd, const ot_error *err, const ot_supplier_import_report *rep,
                      const char *encoding);

/* Prints the skipped rows (stderr, "FILE line N: why") and a summary line (stdout), or
 * the whole report as JSON. what: "suppliers" or "products". */
int cli_print_import(const char *path, const char *what, const ot_supplier_import_report *rep, bool json);

#endif
