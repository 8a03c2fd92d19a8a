/* cli.h - what the command files share: exit codes and small helpers.
 *
 * The commands and their options are one table (commands.c, cmdtable.h); each command's
 * run function lives in cmd_<name>.c. Commands print; library modules never do. */
#ifndef OT_CLI_H
#define OT_CLI_H

#include <stdbool.h>
#include <stdio.h>

/* Stable exit codes (documented in README and docs/cli.md). */
enum {
    OT_EXIT_OK = 0,
    OT_EXIT_USAGE = 1,      /* bad command line */
    OT_EXIT_UNREADABLE = 2, /* some input file could not be read */
    OT_EXIT_INVALID = 3,    /* some submission is invalid (validate) */
    OT_EXIT_FAILURE = 4,    /* anything else went wrong (database, I/O) */
};

/* True when argv contains -h or --help before a "--". */
bool cli_wants_help(int argc, char **argv);

/* Progress bar on stderr when it is a terminal (and ORETRACE_NO_PROGRESS is unset). */
typedef struct cli_progress {
    bool enabled;
    size_t total, done;
    const char *label;
    double last_draw;
} cli_progress;
void cli_progress_start(cli_progress *p, const char *label, size_t total);
void cli_progress_tick(cli_progress *p, size_t done);
void cli_progress_end(cli_progress *p);

/* The workspace folder: `opt` (from --workspace DIR) when given, else $ORETRACE_WORKSPACE,
 * else the current directory ".". */
const char *cli_workspace(const char *opt);

/* Prints "oretrace <cmd>: <message>" on stderr. */
void cli_errorf(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
