/* cmd_vault.c - `oretrace vault verify`: re-hash every received file in the vault, check
 * the database's integrity, and find what does not belong in the vault. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_store.h"
#include "store/vault.h"
#include "store/workspace.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace vault verify [--clean-temp] [--json]\n\n"
            "Runs the database's full integrity check, re-reads every file in the workspace\n"
            "vault and checks that its bytes still hash to its name, that every recorded\n"
            "file is present, and reports:\n"
            "  unrecorded  files no database row references (an ingest that was interrupted\n"
            "              and never re-run - ingesting the file again records it - or a\n"
            "              file put there by hand);\n"
            "  temp        temp files of writes that never finished (older than %d minutes;\n"
            "              younger ones may belong to an ingest running now);\n"
            "  unexpected  anything else oretrace does not write there.\n"
            "Exit status 0 when the database is consistent and the vault has none of these\n"
            "problems, 4 otherwise.\n\n"
            "options:\n"
            "  --clean-temp     remove the leftover temp files found\n"
            "  --workspace DIR  the workspace folder (default $ORETRACE_WORKSPACE or .)\n"
            "  --json           machine-readable output\n"
            "  -h, --help       this help\n",
            OT_VAULT_TEMP_MIN_AGE / 60);
}

typedef struct vault_opts {
    const char *workspace;
    bool json, clean_temp;
} vault_opts;

static int parse(int argc, char **argv, vault_opts *o)
{
    static const struct option table[] = {
        {"workspace", required_argument, NULL, 'w'},
        {"json", no_argument, NULL, 'j'},
        {"clean-temp", no_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    *o = (vault_opts){0};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", table, NULL)) != -1) {
        if (c == 'w')
            o->workspace = optarg;
        else if (c == 'j')
            o->json = true;
        else if (c == 't')
            o->clean_temp = true;
        else {
            cli_errorf("vault", "unknown or incomplete option '%s' (see oretrace vault --help)",
                       argv[optind - 1]);
            return OT_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_errorf("vault", "unexpected argument '%s' (see oretrace vault --help)", argv[optind]);
        return OT_EXIT_USAGE;
    }
    return OT_EXIT_OK;
}

typedef struct problems {
    json_t *list; /* --json */
    bool kinds_seen[3]; /* unrecorded, temp, unexpected: explained after the list */
} problems;

static void on_problem(const char *what, const char *kind, void *ctx)
{
    problems *p = ctx;
    if (p->list) {
        json_t *o = json_object();
        bool sha = strcmp(kind, "missing") == 0 || strcmp(kind, "corrupt") == 0 ||
                   strcmp(kind, "unrecorded") == 0;
        json_object_set_new(o, sha ? "sha256" : "path", json_string(what));
        json_object_set_new(o, "problem", json_string(kind));
        json_array_append_new(p->list, o);
        return;
    }
    printf("%-12s %s\n", kind, what);
    if (strcmp(kind, "unrecorded") == 0) p->kinds_seen[0] = true;
    if (strcmp(kind, "temp") == 0) p->kinds_seen[1] = true;
    if (strcmp(kind, "unexpected") == 0) p->kinds_seen[2] = true;
}

static void print_text(const ot_vault_report *r, const problems *p, long integrity, bool ok)
{
    if (p->kinds_seen[0])
        printf("Unrecorded files: ingest them again to record them, or find out who put them "
               "there.\n");
    if (p->kinds_seen[1])
        printf("Leftover temp files: remove them with `oretrace vault verify --clean-temp`.\n");
    if (p->kinds_seen[2])
        printf("Unexpected entries: oretrace did not write them; move them out of the vault.\n");
    if (r->temp_removed) printf("Removed %zu leftover temp files.\n", r->temp_removed);
    printf("Database integrity: %s.\n", integrity ? "PROBLEMS FOUND (listed above)" : "ok");
    printf("Vault %s: %zu files intact, %zu missing, %zu damaged, %zu unrecorded, %zu leftover "
           "temp files, %zu unexpected entries.\n",
           ok                         ? "intact"
           : r->missing || r->corrupt ? "DAMAGED"
                                      : "has PROBLEMS",
           r->files_ok, r->missing, r->corrupt, r->unrecorded, r->temp, r->unexpected);
}

static json_t *report_json(const ot_vault_report *r, json_t *list, json_t *integrity, bool ok)
{
    json_t *o = json_object();
    json_object_set_new(o, "intact", json_boolean(ok));
    json_object_set_new(o, "files_ok", json_integer((json_int_t)r->files_ok));
    json_object_set_new(o, "missing", json_integer((json_int_t)r->missing));
    json_object_set_new(o, "corrupt", json_integer((json_int_t)r->corrupt));
    json_object_set_new(o, "unrecorded", json_integer((json_int_t)r->unrecorded));
    json_object_set_new(o, "temp", json_integer((json_int_t)r->temp));
    json_object_set_new(o, "temp_removed", json_integer((json_int_t)r->temp_removed));
    json_object_set_new(o, "unexpected", json_integer((json_int_t)r->unexpected));
    json_object_set_new(o, "set_aside", json_integer((json_int_t)r->set_aside));
    json_t *db = json_object();
    json_object_set_new(db, "ok", json_boolean(json_array_size(integrity) == 0));
    json_object_set_new(db, "problems", integrity);
    json_object_set_new(o, "database_integrity", db);
    json_object_set_new(o, "problems", list);
    return o;
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
    vault_opts opt;
    int rc = parse(argc - 1, argv + 1, &opt);
    if (rc != OT_EXIT_OK) return rc;
    ot_workspace *ws = NULL;
    rc = cli_open_workspace("vault", opt.workspace, &ws);
    if (rc != OT_EXIT_OK) return rc;
    json_t *integrity = opt.json ? json_array() : NULL;
    long bad_db = cli_check_integrity("vault", ws, integrity);
    problems p = {.list = opt.json ? json_array() : NULL};
    ot_vault_report r;
    ot_error err = {0};
    ot_code code = bad_db < 0 ? OT_E_DB
                              : ot_vault_verify(ws, opt.clean_temp ? OT_VAULT_CLEAN_TEMP : 0, &r,
                                                on_problem, &p, &err);
    ot_workspace_close(ws);
    if (code != OT_OK) {
        json_decref(p.list);
        json_decref(integrity);
        if (bad_db >= 0) cli_errorf("vault", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    bool ok = ot_vault_report_clean(&r) && bad_db == 0;
    if (opt.json) {
        rc = cli_print_json(report_json(&r, p.list, integrity, ok));
    } else {
        print_text(&r, &p, bad_db, ok);
    }
    return ok ? rc : OT_EXIT_FAILURE;
}
