/* cmd_init.c - `oretrace init [DIR]`: create (or bring up to date) a workspace. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_store.h"
#include "store/audit.h"
#include "store/workspace.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace init [DIR] [--json]\n\n"
            "Creates a program workspace in DIR (default: --workspace, $ORETRACE_WORKSPACE or\n"
            "the current folder):\n"
            "  DIR/oretrace.db    the database (SQLite, migrated to the current schema)\n"
            "  DIR/audit.head     the audit log's head, kept outside the database\n"
            "  DIR/vault/         every received file, byte for byte, under its SHA-256\n"
            "  DIR/outbox/        messages written for sending\n"
            "  DIR/oretrace.conf  settings: company, reporting year, reminders, scoping...\n\n"
            "Safe to run again: it creates only what is missing, migrates the database and\n"
            "never overwrites the config file. It is the only command that creates a\n"
            "database, and only a new one: it refuses an oretrace.db that is empty or holds\n"
            "no schema (restore it from a backup instead), and a missing oretrace.db beside\n"
            "an audit.head. A missing audit.head is written from the log as it is now.\n\n"
            "options:\n"
            "  --workspace DIR  the workspace folder (when DIR is not given)\n"
            "  --json           print what was done as JSON\n"
            "  -h, --help       this help\n");
}

int cmd_init(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help(stdout);
        return OT_EXIT_OK;
    }
    cli_ws_opts opt;
    int rc = cli_parse_ws_opts("init", argc, argv, 1, &opt);
    if (rc != OT_EXIT_OK) return rc;
    const char *dir = opt.nargs ? opt.args[0] : cli_workspace(opt.workspace);

    ot_workspace_init_info info;
    ot_error err = {0};
    if (ot_workspace_init(dir, &info, &err) != OT_OK) {
        cli_errorf("init", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    if (opt.json) {
        json_t *o = json_object();
        json_object_set_new(o, "workspace", json_string(dir));
        json_object_set_new(o, "created_folder", json_boolean(info.created_dir));
        json_object_set_new(o, "created_database", json_boolean(info.created_db));
        json_object_set_new(o, "created_config", json_boolean(info.created_config));
        json_object_set_new(o, "migrations_applied", json_integer(info.migrations_applied));
        json_object_set_new(o, "schema_version", json_integer(info.schema_version));
        json_object_set_new(o, "wrote_audit_head", json_boolean(info.wrote_head));
        return cli_print_json(o);
    }
    printf("%s workspace in %s (schema version %d",
           info.created_db ? "Created" : "Checked", dir, info.schema_version);
    if (info.migrations_applied) printf(", %d migrations applied", info.migrations_applied);
    printf(").\n");
    if (info.wrote_head && !info.created_db)
        printf("Wrote %s/%s for the %lld entries of the audit log as it is now (it was "
               "missing).\n",
               dir, OT_AUDIT_HEAD_NAME, info.head_entries);
    if (info.created_config)
        printf("Edit %s/%s to set your company name, policy URL and contacts.\n", dir,
               OT_WS_CONFIG_NAME);
    else
        printf("Kept the existing %s/%s.\n", dir, OT_WS_CONFIG_NAME);
    return OT_EXIT_OK;
}
