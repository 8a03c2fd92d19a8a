/* cli_store.c - see cli_store.h. */
#include "cli_store.h"

#include <stdatomic.h>
#include <stdio.h>

#include "cli.h"
#include "cli_app.h"
#include "util/jsonout.h"

static const char *wait_cmd = "";
static atomic_bool wait_told;

/* Once per process: a batch may wait at many commits (on more than one thread), the user
 * needs to hear it once. */
static void wait_notice(const char *what, int max_seconds)
{
    if (atomic_exchange(&wait_told, true)) return;
    fprintf(stderr, "oretrace %s: waiting up to %d s for the database: %s\n", wait_cmd, max_seconds,
            what);
}

void cli_install_wait_notice(const char *cmd)
{
    wait_cmd = cmd;
    ot_app_on_lock_wait(wait_notice);
}

static int print_line(json_t *v)
{
    int rc = ot_json_dumpf(v, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    return rc;
}

int cli_print_jsonl(json_t *value)
{
    if (!value) return OT_EXIT_FAILURE;
    int rc = 0;
    if (json_is_array(value)) {
        size_t i;
        json_t *v;
        json_array_foreach(value, i, v) rc |= print_line(v);
    } else {
        rc = print_line(value);
    }
    json_decref(value);
    return rc == 0 && fflush(stdout) == 0 ? OT_EXIT_OK : OT_EXIT_FAILURE;
}
