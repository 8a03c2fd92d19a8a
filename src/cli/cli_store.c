/* cli_store.c - see cli_store.h. */
#include "cli_store.h"

#include <getopt.h>
#include <stdatomic.h>
#include <stdio.h>

#include "cli.h"
#include "util/jsonout.h"

int cli_parse_ws_opts(const char *cmd, int argc, char **argv, int max_args, cli_ws_opts *o)
{
    static const struct option table[] = {
        {"workspace", required_argument, NULL, 'w'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    *o = (cli_ws_opts){0};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", table, NULL)) != -1) {
        if (c == 'w') {
            o->workspace = optarg;
        } else if (c == 'j') {
            o->json = true;
        } else {
            cli_errorf(cmd, "unknown or incomplete option '%s' (see oretrace %s --help)",
                       argv[optind - 1], cmd);
            return OT_EXIT_USAGE;
        }
    }
    o->args = argv + optind;
    o->nargs = argc - optind;
    if (o->nargs <= max_args) return OT_EXIT_OK;
    cli_errorf(cmd, "unexpected argument '%s' (see oretrace %s --help)", o->args[max_args], cmd);
    return OT_EXIT_USAGE;
}

int cli_open_workspace(const char *cmd, const char *opt, ot_workspace **ws)
{
    ot_error err = {0};
    const char *dir = cli_workspace(opt);
    ot_code c = ot_workspace_open(dir, ws, &err);
    if (c == OT_OK) {
        if ((*ws)->notice[0]) fprintf(stderr, "oretrace %s: note: %s\n", cmd, (*ws)->notice);
        return OT_EXIT_OK;
    }
    cli_errorf(cmd, "%s", err.message);
    return c == OT_E_NOT_FOUND || c == OT_E_USAGE ? OT_EXIT_USAGE : OT_EXIT_FAILURE;
}

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
    ot_db_set_wait_notifier(wait_notice);
}

static void integrity_problem(const char *problem, void *ctx)
{
    json_t *list = ctx;
    if (list)
        json_array_append_new(list, json_string(problem));
    else
        printf("integrity  %s\n", problem);
}

long cli_check_integrity(const char *cmd, ot_workspace *ws, json_t *list)
{
    size_t problems = 0;
    ot_error err = {0};
    if (ot_db_check_integrity(ws->db, integrity_problem, list, &problems, &err) != OT_OK) {
        cli_errorf(cmd, "cannot check the database: %s", err.message);
        return -1;
    }
    return (long)problems;
}

int cli_print_json(json_t *value)
{
    if (!value) return OT_EXIT_FAILURE;
    int rc = ot_json_dumpf(value, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(value);
    fputc('\n', stdout);
    return rc == 0 ? OT_EXIT_OK : OT_EXIT_FAILURE;
}

static int print_line(json_t *v)
{
    int rc = ot_json_dumpf(v, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
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

json_t *cli_json_from_text(const char *text)
{
    if (!text) return json_null();
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}
