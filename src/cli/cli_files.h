/* cli_files.h - what the commands that read FILE|DIR... workbooks in parallel (inspect,
 * validate) share: the command-line arguments they have in common ("--", --threads,
 * --follow-symlinks, the files) and the listing of folders (util/pathlist.h: what was
 * left out is reported), each workbook read once (hashed and parsed from the same bytes), and the
 * run that works on a few threads and reports in input order under a progress bar. */
#ifndef OT_CLI_FILES_H
#define OT_CLI_FILES_H

#include <stdbool.h>

#include "reader/workbook.h"
#include "template/template.h"
#include "util/parallel.h"
#include "util/pathlist.h"

typedef struct cli_files {
    ot_pathlist paths; /* a FILE as given; a DIR's workbooks, sorted, not recursive */
    ot_pathlist args;  /* the FILE|DIR arguments as given, until cli_files_list */
    unsigned threads;  /* --threads N, else $ORETRACE_THREADS, else 0 (one per core) */
    bool only_files;   /* after "--" */
    bool follow_links; /* --follow-symlinks */
} cli_files;

/* Empty list; threads from $ORETRACE_THREADS (ignored unless a number from 1 to 1024). */
void cli_files_init(cli_files *f);
void cli_files_free(cli_files *f);

/* What cli_files_arg did with argv[*i] when it returned no exit code. */
enum { CLI_ARG_TAKEN = -1, CLI_ARG_OTHER = -2 };

/* Takes argv[*i] when it is one of the shared arguments: "--" (only files after it),
 * --threads N / --threads=N, --follow-symlinks, or a FILE|DIR (advancing *i past an
 * option's value). Returns CLI_ARG_TAKEN, CLI_ARG_OTHER (the command's own option:
 * argv[*i] untouched), or, after printing "oretrace <cmd>: why", the exit code to return
 * (usage error). */
int cli_files_arg(const char *cmd, cli_files *f, int argc, char **argv, int *i);

/* After the last argument: turns the FILE|DIR arguments into f->paths (a FILE as given,
 * a DIR's workbooks; symbolic links in a folder only with --follow-symlinks). Returns -1,
 * or after printing why the exit code to return (a folder that cannot be opened). */
int cli_files_list(const char *cmd, cli_files *f);

/* Prints on stderr, one line each, the folder entries cli_files_list left out ("DIR/x.xlsx:
 * skipped: a symbolic link ..."); returns how many could not be read (those count as
 * unreadable input; links not followed are only notes). */
size_t cli_files_report_skipped(const char *cmd, const ot_pathlist *paths);

/* One workbook, read once: its bytes, their SHA-256, and the template read from them. */
typedef struct cli_workbook {
    unsigned char *data;
    size_t len;
    bool have_sha; /* the bytes could be read */
    char sha[65];
    ot_workbook *wb;
    ot_declaration *decl;
} cli_workbook;

/* Reads path within the reader's file size limit, hashes it and reads the template.
 * On failure err says why and w holds what was done (have_sha); close w either way. */
ot_code cli_workbook_read(const char *path, cli_workbook *w, ot_error *err);
void cli_workbook_close(cli_workbook *w);

/* Runs work(i, ctx) for every file on f->threads threads and emit(i, result, ctx) on this
 * thread in input order; stdout is flushed after each emit and the progress bar (labelled
 * cmd) moves on. */
void cli_files_run(const char *cmd, const cli_files *f, ot_work_fn work, ot_emit_fn emit,
                   void *ctx);

#endif
