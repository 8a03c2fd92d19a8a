/* cmd_products.c - `oretrace products import|list`: the BOM route of scoping (use cases:
 * app/suppliers.h). */
#include <stdio.h>

#include "app/suppliers.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_campaign.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/printable.h"

int run_products_import(const cli_call *call)
{
    ot_import_request req = {.path = call->args[0], .encoding = cli_opt(call, "encoding")};
    int rc = cli_today(call, &req.today);
    ot_app *app = NULL;
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_import_result res;
    ot_error err = {0};
    if (ot_app_products_import(app, &req, &res, &err) != OT_OK)
        rc = cli_import_failed(call, &err, &res);
    else
        rc = cli_print_import(call, "products", &res);
    ot_import_result_free(&res);
    ot_app_close(app);
    return rc;
}

static void print_product(const ot_product_info *p)
{
    ot_shown sh = {0};
    printf("%-14s %-7s %-30.30s %s\n", ot_show(&sh, p->product_id), p->covered ? "yes" : "no",
           ot_show(&sh, p->name), ot_show(&sh, p->reason));
    ot_shown_free(&sh);
}

int run_products_list(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_products_list_result res;
    ot_error err = {0};
    if (ot_app_products_list(app, NULL, &res, &err) != OT_OK) {
        rc = cli_fail(call, &err);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_products_list_result_to_json(&res));
    } else {
        printf("%-14s %-7s %-30s %s\n", "PRODUCT", "COVERED", "NAME", "REASON");
        for (size_t i = 0; i < res.n; i++)
            print_product(&res.rows[i]);
    }
    ot_products_list_result_free(&res);
    ot_app_close(app);
    return rc;
}
