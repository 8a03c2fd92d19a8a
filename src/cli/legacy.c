/* legacy.c - run functions of the commands that still parse their own arguments.
 *
 * Transitional: each entry hands the command line, already checked against the command
 * table, to the command's old entry point. An entry disappears when its command reads
 * its options from the cli_call instead. */
#include "cli.h"
#include "cmdtable.h"

#define LEGACY(run, cmd)                                                                    \
    int cmd(int argc, char **argv);                                                         \
    int run(const cli_call *c);                                                             \
    int run(const cli_call *c) { return cmd(c->raw_argc, c->raw_argv); }

LEGACY(run_ingest, cmd_ingest)
LEGACY(run_suppliers_import, cmd_suppliers)
LEGACY(run_suppliers_list, cmd_suppliers)
LEGACY(run_suppliers_scope, cmd_suppliers)
LEGACY(run_products_import, cmd_products)
LEGACY(run_products_list, cmd_products)
LEGACY(run_campaign_new, cmd_campaign)
LEGACY(run_campaign_send, cmd_campaign)
LEGACY(run_campaign_remind, cmd_campaign)
LEGACY(run_campaign_status, cmd_campaign)
LEGACY(run_campaign_mark, cmd_campaign)
LEGACY(run_campaign_suppliers, cmd_campaign)
LEGACY(run_campaign_files, cmd_campaign)
LEGACY(run_campaign_link, cmd_campaign)
