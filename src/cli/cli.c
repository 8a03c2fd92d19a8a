/* cli.c - helpers every command shares (cli.h): --help detection, the workspace folder,
 * error lines and the progress bar. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/printable.h"
#include "util/strbuf.h"

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return true;
    }
    return false;
}

const char *cli_workspace(const char *opt)
{
    if (opt && *opt) return opt;
    const char *env = getenv("ORETRACE_WORKSPACE");
    return env && *env ? env : ".";
}

void cli_errorf(const char *cmd, const char *fmt, ...)
{
    /* messages quote file names and file contents: one line, no terminal escapes */
    ot_strbuf raw = {0}, msg = {0};
    va_list ap;
    va_start(ap, fmt);
    ot_sb_vprintf(&raw, fmt, ap);
    va_end(ap);
    ot_sb_put_printable(&msg,
                        raw.failed ? "(out of memory formatting a message)" : ot_sb_str(&raw));
    fprintf(stderr, "oretrace %s: %s\n", cmd, ot_sb_str(&msg));
    ot_sb_free(&raw);
    ot_sb_free(&msg);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, const char *label, size_t total)
{
    const char *off = getenv("ORETRACE_NO_PROGRESS");
    p->enabled = isatty(STDERR_FILENO) && !(off && *off) && total > 1;
    p->total = total;
    p->done = 0;
    p->label = label;
    p->last_draw = 0;
}

void cli_progress_tick(cli_progress *p, size_t done)
{
    p->done = done;
    if (!p->enabled) return;
    double t = now_seconds();
    if (done < p->total && t - p->last_draw < 0.1) return;
    p->last_draw = t;
    int width = 30;
    int filled = p->total ? (int)((double)done / (double)p->total * width) : width;
    fprintf(stderr, "\r%s [", p->label);
    for (int i = 0; i < width; i++)
        fputc(i < filled ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu", done, p->total);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (!p->enabled) return;
    cli_progress_tick(p, p->total);
    fputc('\n', stderr);
}
