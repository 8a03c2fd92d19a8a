/* cli_files.c - see cli_files.h. */
#include "cli_files.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "util/fileio.h"

static bool parse_threads(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > 1024) return false;
    *out = (unsigned)v;
    return true;
}

void cli_files_init(cli_files *f)
{
    *f = (cli_files){0};
    const char *env = getenv("ORETRACE_THREADS");
    if (env && *env && !parse_threads(env, &f->threads)) f->threads = 0;
}

void cli_files_free(cli_files *f)
{
    ot_pathlist_free(&f->paths);
    ot_pathlist_free(&f->args);
}

int cli_files_arg(const char *cmd, cli_files *f, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (f->only_files || a[0] != '-' || !a[1]) {
        if (ot_pathlist_add(&f->args, a)) return CLI_ARG_TAKEN;
        cli_errorf(cmd, "out of memory");
        return OT_EXIT_FAILURE;
    }
    if (strcmp(a, "--") == 0) {
        f->only_files = true;
        return CLI_ARG_TAKEN;
    }
    if (strcmp(a, "--follow-symlinks") == 0) {
        f->follow_links = true;
        return CLI_ARG_TAKEN;
    }
    if (strcmp(a, "--threads") != 0 && strncmp(a, "--threads=", 10) != 0) return CLI_ARG_OTHER;
    const char *v = a[9] == '=' ? a + 10 : (*i + 1 < argc ? argv[++*i] : NULL);
    if (v && parse_threads(v, &f->threads)) return CLI_ARG_TAKEN;
    cli_errorf(cmd, "--threads needs a number from 1 to 1024");
    return OT_EXIT_USAGE;
}

/* A FILE is kept as given (an unreadable one, or one that is not a regular file, is
 * reported when read); a DIR stands for its workbooks. */
int cli_files_list(const char *cmd, cli_files *f)
{
    unsigned flags = f->follow_links ? OT_WORKBOOKS_FOLLOW_LINKS : 0;
    for (size_t k = 0; k < f->args.n; k++) {
        const char *arg = f->args.items[k];
        struct stat st;
        ot_error err = {0};
        if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (ot_pathlist_add_workbooks(&f->paths, arg, flags, &err) == OT_OK) continue;
        } else if (ot_pathlist_add(&f->paths, arg)) {
            continue;
        } else {
            ot_fail(&err, OT_E_NOMEM, "out of memory");
        }
        cli_errorf(cmd, "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    return -1;
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

ot_code cli_workbook_read(const char *path, cli_workbook *w, ot_error *err)
{
    *w = (cli_workbook){0};
    ot_code rc = ot_read_file(path, ot_reader_default_limits()->max_file_bytes, &w->data,
                              &w->len, err);
    if (rc != OT_OK) return rc;
    ot_sha256_hex(w->data, w->len, w->sha);
    w->have_sha = true;
    rc = ot_workbook_open_mem(w->data, w->len, path, NULL, &w->wb, err);
    return rc != OT_OK ? rc : ot_template_read(w->wb, &w->decl, err);
}

void cli_workbook_close(cli_workbook *w)
{
    ot_declaration_free(w->decl);
    ot_workbook_close(w->wb);
    free(w->data);
    *w = (cli_workbook){0};
}

/* ---- the ordered parallel run -------------------------------------------------------- */

typedef struct files_run {
    ot_work_fn work;
    ot_emit_fn emit;
    void *ctx;
    cli_progress progress;
} files_run;

static void *run_work(size_t i, void *ctx)
{
    files_run *run = ctx;
    return run->work(i, run->ctx);
}

static void run_emit(size_t i, void *result, void *ctx)
{
    files_run *run = ctx;
    run->emit(i, result, run->ctx);
    fflush(stdout);
    cli_progress_tick(&run->progress, i + 1);
}

void cli_files_run(const char *cmd, const cli_files *f, ot_work_fn work, ot_emit_fn emit,
                   void *ctx)
{
    files_run run = {work, emit, ctx, {0}};
    cli_progress_start(&run.progress, cmd, f->paths.n);
    ot_parallel_ordered(f->paths.n, f->threads, run_work, run_emit, &run);
    cli_progress_end(&run.progress);
}
