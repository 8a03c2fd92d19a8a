/* cli_files.c - see cli_files.h. */
#include "cli_files.h"

#include <errno.h>
#include <stdlib.h>

#include "app/files.h"

int cli_files_list(const cli_call *call, ot_pathlist *paths)
{
    ot_error err = {0};
    if (ot_files_list(call->args, (size_t)call->nargs, cli_flag(call, "follow-symlinks"), paths,
                      &err) != OT_OK) {
        cli_errorf(call->name, "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    if (paths->n == 0 && paths->n_skipped == 0) {
        cli_errorf(call->name, "no input files (see oretrace help %s)", call->name);
        return OT_EXIT_USAGE;
    }
    return -1;
}

bool cli_files_threads(const cli_call *call, unsigned *threads)
{
    long def = 0;
    const char *env = getenv("ORETRACE_THREADS");
    if (env && *env) {
        char *end;
        errno = 0;
        long v = strtol(env, &end, 10);
        if (!errno && end != env && !*end && v >= 1 && v <= 1024) def = v;
    }
    long n;
    if (!cli_opt_long(call, "threads", 1, 1024, def, &n)) return false;
    *threads = (unsigned)n;
    return true;
}

size_t cli_files_report_skipped(const char *cmd, const ot_pathlist *paths)
{
    size_t problems = 0;
    for (size_t i = 0; i < paths->n_skipped; i++) {
        const ot_path_skip *s = &paths->skipped[i];
        problems += s->problem;
        if (s->problem)
            cli_errorf(cmd, "%s: skipped, %s", s->path, s->why);
        else
            cli_errorf(cmd, "%s: skipped, %s (--follow-symlinks follows links)", s->path, s->why);
    }
    return problems;
}

void cli_files_done(cli_progress *progress, size_t done)
{
    fflush(stdout);
    cli_progress_tick(progress, done);
}
