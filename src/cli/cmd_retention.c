/* cmd_retention.c - `oretrace retention report`: what is kept and until when. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_store.h"
#include "store/retention.h"
#include "store/workspace.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace retention report [--json]\n\n"
            "Lists, per kind of record (received files, submissions, audit log), how many\n"
            "are kept, the oldest and newest, the date until which they must be kept\n"
            "(retention_years in oretrace.conf, default 5) and how many are past that date.\n"
            "oretrace deletes none of these records itself.\n\n"
            "options:\n"
            "  --workspace DIR  the workspace folder (default $ORETRACE_WORKSPACE or .)\n"
            "  --json           machine-readable output\n"
            "  -h, --help       this help\n");
}

static json_t *ts_or_null(const char *ts) { return *ts ? json_string(ts) : json_null(); }

static int print_json(const ot_retention_report *r)
{
    json_t *out = json_object();
    json_object_set_new(out, "retention_years", json_integer(r->years));
    json_object_set_new(out, "as_of", json_string(r->as_of));
    json_object_set_new(out, "cutoff", json_string(r->cutoff));
    json_t *arr = json_array();
    for (size_t i = 0; i < r->class_count; i++) {
        const ot_retention_class *c = &r->classes[i];
        json_t *o = json_object();
        json_object_set_new(o, "class", json_string(c->name));
        json_object_set_new(o, "description", json_string(c->description));
        json_object_set_new(o, "count", json_integer(c->count));
        json_object_set_new(o, "oldest", ts_or_null(c->oldest));
        json_object_set_new(o, "newest", ts_or_null(c->newest));
        json_object_set_new(o, "keep_oldest_until", ts_or_null(c->keep_oldest_until));
        json_object_set_new(o, "keep_all_until", ts_or_null(c->keep_all_until));
        json_object_set_new(o, "past_retention", json_integer(c->past_retention));
        json_array_append_new(arr, o);
    }
    json_object_set_new(out, "classes", arr);
    return cli_print_json(out);
}

static void print_text(const ot_retention_report *r)
{
    printf("Retention period: %d years (records from before %.10s are past it).\n\n", r->years,
           r->cutoff);
    printf("%-12s %8s  %-10s  %-10s  %-17s  %s\n", "records", "count", "oldest", "newest",
           "keep oldest until", "past retention");
    for (size_t i = 0; i < r->class_count; i++) {
        const ot_retention_class *c = &r->classes[i];
        printf("%-12s %8lld  %-10.10s  %-10.10s  %-17.10s  %lld\n", c->name, (long long)c->count,
               *c->oldest ? c->oldest : "-", *c->newest ? c->newest : "-",
               *c->keep_oldest_until ? c->keep_oldest_until : "-", (long long)c->past_retention);
    }
    long long past = 0;
    for (size_t i = 0; i < r->class_count; i++) past += r->classes[i].past_retention;
    if (past)
        printf("\n%lld records are past their retention period and could be deleted under your "
               "policy; oretrace keeps them until a person decides.\n", past);
    else
        printf("\nNothing is past its retention period: nothing may be deleted yet.\n");
}

int cmd_retention(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? OT_EXIT_USAGE : OT_EXIT_OK;
    }
    if (strcmp(argv[1], "report") != 0) {
        cli_errorf("retention", "unknown sub-command '%s' (report)", argv[1]);
        return OT_EXIT_USAGE;
    }
    cli_ws_opts opt;
    int rc = cli_parse_ws_opts("retention", argc - 1, argv + 1, 0, &opt);
    if (rc != OT_EXIT_OK) return rc;
    ot_workspace *ws = NULL;
    rc = cli_open_workspace("retention", opt.workspace, &ws);
    if (rc != OT_EXIT_OK) return rc;
    ot_retention_report r;
    ot_error err = {0};
    if (ot_retention_report_make(ws->db, ws->config.retention_years, NULL, &r, &err) != OT_OK) {
        cli_errorf("retention", "%s", err.message);
        ot_workspace_close(ws);
        return OT_EXIT_FAILURE;
    }
    ot_workspace_close(ws);
    if (opt.json) return print_json(&r);
    print_text(&r);
    return OT_EXIT_OK;
}
