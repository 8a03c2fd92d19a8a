/* cmd_suppliers.c - `oretrace suppliers import|list|scope`: the vendor list and who is in
 * scope of the survey, with the reason for each decision. */
#include <stdio.h>
#include <string.h>

#include "campaign/suppliers.h"
#include "cli.h"
#include "cli_campaign.h"
#include "cli_store.h"
#include "store/audit.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace suppliers import FILE.csv [--map COL=Header,...] [--today DATE] [--json]\n"
            "       oretrace suppliers list [--in-scope] [--json]\n"
            "       oretrace suppliers scope [--today DATE] [--json]\n\n"
            "import  reads a vendor list (CSV, RFC 4180, UTF-8) with the columns\n"
            "          supplier_id,name,country,category,last_purchase,active,\n"
            "          contact_name,contact_email,contact_role,parent_id\n"
            "        one row per contact; rows repeating a supplier_id are merged. Only\n"
            "        supplier_id is required (and a name for a new supplier). category is\n"
            "        direct, indirect, service or any text (kept as is); last_purchase is\n"
            "        YYYY-MM-DD; active is yes/no. Importing again updates suppliers by\n"
            "        supplier_id and contacts by e-mail, never duplicates. Bad rows are\n"
            "        listed with their line number and skipped; the rest is imported in one\n"
            "        transaction. Exit status 2 when rows were skipped.\n"
            "list    every supplier with its scope decision and the reason for it.\n"
            "scope   re-evaluates the scope with the current oretrace.conf settings:\n"
            "          exclude_categories (service, indirect), inactive_years (5),\n"
            "          exclude_inactive (yes), scope_route (auto: the BOM when one was\n"
            "          imported with `oretrace products import`, else the vendor list;\n"
            "          vendor; bom; both = in when either route keeps the supplier).\n"
            "        Every changed decision is written to the audit log.\n\n"
            "options:\n"
            "  --map COL=Header,...  read an ERP export: map the standard column names onto\n"
            "                        the file's, e.g. --map 'supplier_id=Vendor No,name=Vendor Name'\n"
            "  --in-scope            list: only suppliers in scope\n"
            "  --today YYYY-MM-DD    the day inactivity is counted back from (default today)\n"
            "  --workspace DIR       the workspace folder (default $ORETRACE_WORKSPACE or .)\n"
            "  --json                machine-readable output\n"
            "  -h, --help            this help\n");
}

typedef struct opts {
    cli_common c;
    const char *map;
    bool in_scope;
} opts;

static int parse(int argc, char **argv, opts *o, int *first_arg)
{
    static const struct option table[] = {
        CLI_COMMON_OPTIONS,
        {"map", required_argument, NULL, 'm'},
        {"in-scope", no_argument, NULL, 'i'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", table, NULL)) != -1) {
        if (cli_common_option(c, optarg, &o->c)) continue;
        switch (c) {
        case 'm': o->map = optarg; break;
        case 'i': o->in_scope = true; break;
        default:
            cli_errorf("suppliers", "unknown or incomplete option '%s' (see oretrace suppliers --help)",
                       argv[optind - 1]);
            return OT_EXIT_USAGE;
        }
    }
    *first_arg = optind;
    return cli_resolve_today("suppliers", &o->c);
}

static int import(ot_workspace *ws, const opts *o, const char *path)
{
    ot_supplier_map map;
    ot_error err = {0};
    if (ot_supplier_map_parse(o->map, &map, &err) != OT_OK) {
        cli_errorf("suppliers", "%s", err.message);
        return OT_EXIT_USAGE;
    }
    ot_supplier_import_report rep;
    ot_code rc = ot_suppliers_import(ws, path, &map, ot_audit_os_actor(), o->c.today, &rep, &err);
    int status;
    if (rc != OT_OK) {
        cli_errorf("suppliers", "%s", err.message);
        status = ot_error_is_system(rc) ? OT_EXIT_FAILURE : OT_EXIT_UNREADABLE;
    } else {
        status = cli_print_import(path, "suppliers", &rep, o->c.json);
    }
    ot_supplier_import_report_free(&rep);
    return status;
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static ot_code list_one(const ot_supplier_info *s, void *ctx, ot_error *err)
{
    (void)err;
    json_t *arr = ctx;
    if (arr) {
        json_t *o = json_object();
        json_object_set_new(o, "supplier_id", jstr(s->supplier_id));
        json_object_set_new(o, "name", jstr(s->name));
        json_object_set_new(o, "country", jstr(s->country));
        json_object_set_new(o, "category", jstr(s->category));
        json_object_set_new(o, "category_normalized", jstr(s->category_norm));
        json_object_set_new(o, "last_purchase", jstr(s->last_purchase));
        json_object_set_new(o, "active", s->active < 0 ? json_null() : json_boolean(s->active));
        json_object_set_new(o, "parent_id", jstr(s->parent_id));
        json_object_set_new(o, "in_scope", s->in_scope < 0 ? json_null() : json_boolean(s->in_scope));
        json_object_set_new(o, "reason", jstr(s->scope_reason));
        json_object_set_new(o, "vendor_route", jstr(s->vendor_reason));
        json_object_set_new(o, "bom_route", jstr(s->bom_reason));
        json_object_set_new(o, "contacts", jstr(s->contacts));
        json_array_append_new(arr, o);
    } else {
        printf("%-12s %-3s %-36.36s %s\n", s->supplier_id,
               s->in_scope < 0 ? "?" : s->in_scope ? "in" : "out", s->name,
               s->scope_reason ? s->scope_reason : "not scoped yet");
    }
    return OT_OK;
}

static int list(ot_workspace *ws, const opts *o)
{
    json_t *arr = o->c.json ? json_array() : NULL;
    ot_error err = {0};
    if (!arr) printf("%-12s %-3s %-36s %s\n", "SUPPLIER", "IN", "NAME", "REASON");
    if (ot_suppliers_each(ws, o->in_scope, list_one, arr, &err) != OT_OK) {
        json_decref(arr);
        cli_errorf("suppliers", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    return arr ? cli_print_json(arr) : OT_EXIT_OK;
}

static int scope(ot_workspace *ws, const opts *o)
{
    ot_supplier_import_report rep = {0};
    ot_error err = {0};
    if (ot_suppliers_scope(ws, ot_audit_os_actor(), o->c.today, &rep, &err) != OT_OK) {
        cli_errorf("suppliers", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    if (o->c.json)
        return cli_print_json(json_pack("{s:I, s:I, s:I, s:I}", "in_scope", (json_int_t)rep.in_scope,
                                        "out_of_scope", (json_int_t)rep.out_of_scope, "changed",
                                        (json_int_t)rep.scope_changed, "covered_products",
                                        (json_int_t)rep.covered_products));
    printf("Scope: %zu suppliers in, %zu out; %zu decisions changed; %zu covered products.\n",
           rep.in_scope, rep.out_of_scope, rep.scope_changed, rep.covered_products);
    return OT_EXIT_OK;
}

int cmd_suppliers(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? OT_EXIT_USAGE : OT_EXIT_OK;
    }
    const char *sub = argv[1];
    opts o;
    int first;
    int status = parse(argc - 1, argv + 1, &o, &first);
    if (status != OT_EXIT_OK) return status;
    int nargs = argc - 1 - first;
    char **args = argv + 1 + first;
    bool is_import = strcmp(sub, "import") == 0;
    if (!is_import && strcmp(sub, "list") != 0 && strcmp(sub, "scope") != 0) {
        cli_errorf("suppliers", "unknown sub-command '%s' (import, list or scope)", sub);
        return OT_EXIT_USAGE;
    }
    if (nargs != (is_import ? 1 : 0)) {
        cli_errorf("suppliers", is_import ? "import needs one CSV file" : "%s takes no file", sub);
        return OT_EXIT_USAGE;
    }
    ot_workspace *ws;
    if ((status = cli_open_workspace("suppliers", o.c.workspace, &ws)) != OT_EXIT_OK) return status;
    if (is_import) status = import(ws, &o, args[0]);
    else if (strcmp(sub, "list") == 0) status = list(ws, &o);
    else status = scope(ws, &o);
    ot_workspace_close(ws);
    return status;
}
