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
}

/* A FILE is kept as given (an unreadable one is reported when read); a DIR stands for
 * its workbooks. */
static int add_path(const char *cmd, cli_files *f, const char *arg)
{
    struct stat st;
    ot_error err = {0};
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (ot_pathlist_add_workbooks(&f->paths, arg, 0, &err) == OT_OK) return CLI_ARG_TAKEN;
    } else if (ot_pathlist_add(&f->paths, arg)) {
        return CLI_ARG_TAKEN;
    } else {
        ot_fail(&err, OT_E_NOMEM, "out of memory");
    }
    cli_errorf(cmd, "%s", err.message);
    return OT_EXIT_FAILURE;
}

int cli_files_arg(const char *cmd, cli_files *f, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (f->only_files || a[0] != '-' || !a[1]) return add_path(cmd, f, a);
    if (strcmp(a, "--") == 0) {
        f->only_files = true;
        return CLI_ARG_TAKEN;
    }
    if (strcmp(a, "--threads") != 0 && strncmp(a, "--threads=", 10) != 0) return CLI_ARG_OTHER;
    const char *v = a[9] == '=' ? a + 10 : (*i + 1 < argc ? argv[++*i] : NULL);
    if (v && parse_threads(v, &f->threads)) return CLI_ARG_TAKEN;
    cli_errorf(cmd, "--threads needs a number from 1 to 1024");
    return OT_EXIT_USAGE;
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
