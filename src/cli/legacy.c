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

LEGACY(run_inspect, cmd_inspect)
LEGACY(run_validate, cmd_validate)
LEGACY(run_match, cmd_match)
LEGACY(run_init, cmd_init)
LEGACY(run_refdata_import, cmd_refdata)
LEGACY(run_refdata_status_import, cmd_refdata)
LEGACY(run_refdata_show, cmd_refdata)
LEGACY(run_refdata_sources, cmd_refdata)
LEGACY(run_refdata_undo, cmd_refdata)
LEGACY(run_refdata_export, cmd_refdata)
LEGACY(run_audit_show, cmd_audit)
LEGACY(run_audit_verify, cmd_audit)
LEGACY(run_vault_verify, cmd_vault)
