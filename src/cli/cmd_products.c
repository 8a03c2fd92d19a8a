/* cmd_products.c - `oretrace products import|list`: the BOM route of scoping. */
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
            "usage: oretrace products import BOM.csv [--today DATE] [--json]\n"
            "       oretrace products list [--json]\n\n"
            "import  reads a bill of materials (CSV, RFC 4180, UTF-8) with the columns\n"
            "          product_id,product_name,part_id,part_name,supplier_id,contains_3tg\n"
            "        one row per part and supplier; contains_3tg is yes, no or unknown\n"
            "        (blank = unknown). product_id, part_id and contains_3tg are required.\n"
            "        A product in the file gets exactly the file's parts (its earlier BOM is\n"
            "        replaced); other products stay. Bad rows are listed with their line\n"
            "        number and skipped (exit status 2).\n"
            "        A product is covered when any part contains 3TG or its content is\n"
            "        unknown (unknown is what the survey must find out). A supplier is in\n"
            "        scope by the BOM route when it supplies such a part of a covered\n"
            "        product. With scope_route = auto (the default) the BOM route decides\n"
            "        once a BOM was imported; see `oretrace suppliers --help`.\n"
            "list    products, whether they are covered and why.\n\n"
            "options:\n"
            "  --today YYYY-MM-DD  the day inactivity is counted back from (default today)\n"
            "  --workspace DIR     the workspace folder (default $ORETRACE_WORKSPACE or .)\n"
            "  --json              machine-readable output\n"
            "  -h, --help          this help\n");
}

static int list(ot_workspace *ws, bool json)
{
    ot_error err = {0};
    ot_stmt *st;
    if (ot_db_prepare(ws->db,
                      "SELECT p.product_key, p.name, p.covered, p.covered_reason, "
                      "(SELECT COUNT(*) FROM bom_part b WHERE b.product_id = p.id), "
                      "(SELECT group_concat(DISTINCT b.supplier_key) FROM bom_part b WHERE "
                      " b.product_id = p.id AND b.contains_3tg <> 'no' AND b.supplier_key <> '') "
                      "FROM product p ORDER BY p.product_key",
                      &st, &err) != OT_OK) {
        cli_errorf("products", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    json_t *arr = json ? json_array() : NULL;
    if (!json) printf("%-14s %-7s %-30s %s\n", "PRODUCT", "COVERED", "NAME", "REASON");
    ot_step s;
    while ((s = ot_stmt_step(st, &err)) == OT_STEP_ROW) {
        const char *name = ot_stmt_text(st, 1), *reason = ot_stmt_text(st, 3),
                   *feeds = ot_stmt_text(st, 5);
        if (arr) {
            json_array_append_new(
                arr, json_pack("{s:s, s:s?, s:b, s:s?, s:I, s:s?}", "product_id",
                               ot_stmt_text(st, 0), "name", name, "covered",
                               (int)ot_stmt_int(st, 2), "reason", reason, "parts",
                               (json_int_t)ot_stmt_int(st, 4), "suppliers_3tg", feeds));
        } else {
            printf("%-14s %-7s %-30.30s %s\n", ot_stmt_text(st, 0),
                   ot_stmt_int(st, 2) ? "yes" : "no", name ? name : "", reason ? reason : "");
        }
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) {
        json_decref(arr);
        cli_errorf("products", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    return arr ? cli_print_json(arr) : OT_EXIT_OK;
}

int cmd_products(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? OT_EXIT_USAGE : OT_EXIT_OK;
    }
    static const struct option table[] = {
        CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    cli_common c = {0};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc - 1, argv + 1, "", table, NULL)) != -1) {
        if (!cli_common_option(ch, optarg, &c)) {
            cli_errorf("products", "unknown or incomplete option '%s' (see oretrace products --help)",
                       argv[optind]);
            return OT_EXIT_USAGE;
        }
    }
    int status = cli_resolve_today("products", &c);
    if (status != OT_EXIT_OK) return status;
    const char *sub = argv[1];
    int nargs = argc - 1 - optind;
    bool is_import = strcmp(sub, "import") == 0;
    if (!is_import && strcmp(sub, "list") != 0) {
        cli_errorf("products", "unknown sub-command '%s' (import or list)", sub);
        return OT_EXIT_USAGE;
    }
    if (nargs != (is_import ? 1 : 0)) {
        cli_errorf("products", is_import ? "import needs one CSV file" : "list takes no file");
        return OT_EXIT_USAGE;
    }
    ot_workspace *ws;
    if ((status = cli_open_workspace("products", c.workspace, &ws)) != OT_EXIT_OK) return status;
    if (is_import) {
        const char *path = argv[1 + optind];
        ot_supplier_import_report rep;
        ot_error err = {0};
        if (ot_products_import(ws, path, ot_audit_os_actor(), c.today, &rep, &err) != OT_OK) {
            cli_errorf("products", "%s", err.message);
            status = ot_error_is_system(err.code) ? OT_EXIT_FAILURE : OT_EXIT_UNREADABLE;
        } else {
            status = cli_print_import(path, "products", &rep, c.json);
        }
        ot_supplier_import_report_free(&rep);
    } else {
        status = list(ws, c.json);
    }
    ot_workspace_close(ws);
    return status;
}
