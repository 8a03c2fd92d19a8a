/* cli_files.h - what the commands that read FILE|DIR... workbooks (inspect, validate,
 * ingest) share on the command line: the files named (listed by app/files.h), the number
 * of threads, the notes on what a folder listing left out, and the progress bar over the
 * files. Reading them is the application layer's (app/inspect.h, app/validate.h). */
#ifndef OT_CLI_FILES_H
#define OT_CLI_FILES_H

#include <stdbool.h>

#include "cli.h"
#include "cmdtable.h"
#include "util/pathlist.h"

/* The files the positional arguments stand for (a FILE as given, a DIR's workbooks;
 * links in a folder only with --follow-symlinks) into *paths. Returns -1, or after
 * printing why the exit code to return: a folder that cannot be opened, or nothing to
 * read at all ("no input files"). */
int cli_files_list(const cli_call *call, ot_pathlist *paths);

/* --threads N, else $ORETRACE_THREADS (ignored unless a number from 1 to 1024), else 0
 * (one per core). False, after printing why, when --threads is malformed. */
bool cli_files_threads(const cli_call *call, unsigned *threads);

/* Prints on stderr, one line each, the folder entries the listing left out ("DIR/x.xlsx:
 * skipped: a symbolic link ..."); returns how many could not be read (those count as
 * unreadable input; links not followed are only notes). */
size_t cli_files_report_skipped(const char *cmd, const ot_pathlist *paths);

/* After each file's output: flushes stdout (a reader of the pipe sees every line as soon
 * as it is done) and moves the progress bar on. */
void cli_files_done(cli_progress *progress, size_t done);

#endif
