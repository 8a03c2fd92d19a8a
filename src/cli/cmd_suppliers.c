/* cmd_suppliers.c - `oretrace suppliers import|list|scope`: the vendor list and who is in
 * scope of the survey, with the reason for each decision (use cases: app/suppliers.h). */
#include <stdio.h>

#include "app/suppliers.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_campaign.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/printable.h"

int run_suppliers_import(const cli_call *call)
{
    ot_import_request req = {.path = call->args[0], .encoding = cli_opt(call, "encoding")};
    ot_supplier_map map;
    ot_error err = {0};
    if (ot_supplier_map_parse(cli_opt(call, "map"), &map, &err) != OT_OK) {
        cli_errorf(call->name, "--map: %s", err.message);
        return OT_EXIT_USAGE;
    }
    req.map = &map;
    int rc = cli_today(call, &req.today);
    ot_app *app = NULL;
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_import_result res;
    if (ot_app_suppliers_import(app, &req, &res, &err) != OT_OK)
        rc = cli_import_failed(call, &err, &res);
    else
        rc = cli_print_import(call, "suppliers", &res);
    ot_import_result_free(&res);
    ot_app_close(app);
    return rc;
}

static void print_supplier(const ot_supplier_info *s)
{
    ot_shown sh = {0};
    printf("%-12s %-3s %-36.36s %s\n", ot_show(&sh, s->supplier_id),
           s->in_scope < 0 ? "?"
           : s->in_scope   ? "in"
                           : "out",
           ot_show(&sh, s->name),
           s->scope_reason ? ot_show(&sh, s->scope_reason) : "not scoped yet");
    ot_shown_free(&sh);
}

int run_suppliers_list(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_suppliers_list_request req = {.in_scope_only = cli_flag(call, "in-scope")};
    ot_suppliers_list_result res;
    ot_error err = {0};
    if (ot_app_suppliers_list(app, &req, &res, &err) != OT_OK) {
        rc = cli_fail(call, &err);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_suppliers_list_result_to_json(&res));
    } else {
        printf("%-12s %-3s %-36s %s\n", "SUPPLIER", "IN", "NAME", "REASON");
        for (size_t i = 0; i < res.n; i++)
            print_supplier(&res.rows[i]);
    }
    ot_suppliers_list_result_free(&res);
    ot_app_close(app);
    return rc;
}

int run_suppliers_scope(const cli_call *call)
{
    ot_scope_request req = {0};
    int rc = cli_today(call, &req.today);
    ot_app *app = NULL;
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_scope_result res;
    ot_error err = {0};
    ot_code c = ot_app_suppliers_scope(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_scope_result_to_json(&res));
    printf("Scope: %zu suppliers in, %zu out; %zu decisions changed; %zu covered products.\n",
           res.in_scope, res.out_of_scope, res.changed, res.covered_products);
    return OT_EXIT_OK;
}
