/* cmd_vault.c - `oretrace vault verify`: re-hash every received file in the vault. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_store.h"
#include "store/vault.h"
#include "store/workspace.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace vault verify [--json]\n\n"
            "Re-reads every file in the workspace vault and checks that its bytes still hash\n"
            "to its name, that every recorded file is present, and lists files present but\n"
            "not recorded (left by an interrupted ingest; harmless, recorded on the next\n"
            "ingest of the same file). Exit status 0 when every recorded file is present and\n"
            "intact, 4 otherwise.\n\n"
            "options:\n"
            "  --workspace DIR  the workspace folder (default $ORETRACE_WORKSPACE or .)\n"
            "  --json           machine-readable output\n"
            "  -h, --help       this help\n");
}

typedef struct problems {
    json_t *list; /* --json */
} problems;

static void on_problem(const char *sha, const char *kind, void *ctx)
{
    problems *p = ctx;
    if (p->list) {
        json_t *o = json_object();
        json_object_set_new(o, "sha256", json_string(sha));
        json_object_set_new(o, "problem", json_string(kind));
        json_array_append_new(p->list, o);
    } else {
        printf("%-10s %s\n", kind, sha);
    }
}

int cmd_vault(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? OT_EXIT_USAGE : OT_EXIT_OK;
    }
    if (strcmp(argv[1], "verify") != 0) {
        cli_errorf("vault", "unknown sub-command '%s' (verify)", argv[1]);
        return OT_EXIT_USAGE;
    }
    cli_ws_opts opt;
    int rc = cli_parse_ws_opts("vault", argc - 1, argv + 1, 0, &opt);
    if (rc != OT_EXIT_OK) return rc;
    ot_workspace *ws = NULL;
    rc = cli_open_workspace("vault", opt.workspace, &ws);
    if (rc != OT_EXIT_OK) return rc;
    problems p = {.list = opt.json ? json_array() : NULL};
    ot_vault_report r;
    ot_error err = {0};
    ot_code code = ot_vault_verify(ws, &r, on_problem, &p, &err);
    ot_workspace_close(ws);
    if (code != OT_OK) {
        json_decref(p.list);
        cli_errorf("vault", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    bool intact = r.missing == 0 && r.corrupt == 0;
    if (opt.json) {
        json_t *o = json_object();
        json_object_set_new(o, "intact", json_boolean(intact));
        json_object_set_new(o, "files_ok", json_integer((json_int_t)r.files_ok));
        json_object_set_new(o, "missing", json_integer((json_int_t)r.missing));
        json_object_set_new(o, "corrupt", json_integer((json_int_t)r.corrupt));
        json_object_set_new(o, "unrecorded", json_integer((json_int_t)r.unrecorded));
        json_object_set_new(o, "problems", p.list);
        rc = cli_print_json(o);
    } else {
        printf("Vault %s: %zu files intact, %zu missing, %zu damaged, %zu unrecorded.\n",
               intact ? "intact" : "DAMAGED", r.files_ok, r.missing, r.corrupt, r.unrecorded);
    }
    return intact ? rc : OT_EXIT_FAILURE;
}
