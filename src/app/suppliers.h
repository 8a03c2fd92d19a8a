/* suppliers.h - use cases "suppliers import", "suppliers list", "suppliers scope",
 * "products import" and "products list": the vendor list, the bill of materials, and who
 * is in scope of the survey with the reason for each decision (campaign/suppliers.h). */
#ifndef OT_APP_SUPPLIERS_H
#define OT_APP_SUPPLIERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "campaign/suppliers.h"
#include "util/arena.h"

/* ---- import (vendor list or BOM) ------------------------------------------------- */

typedef struct ot_import_request {
    const char *path;           /* the CSV file */
    const char *encoding;       /* its character set (an iconv name); NULL: UTF-8 */
    const ot_supplier_map *map; /* vendor list: the file's headers for the standard columns;
                                 * NULL: the standard names */
    int32_t today;              /* the day inactivity is counted back from */
    const char *actor;          /* for the audit log; NULL: the operating-system user */
} ot_import_request;

typedef struct ot_import_result {
    char *path;
    /* also filled when the import failed: encoding_refused and column_missing say why */
    ot_supplier_import_report report;
} ot_import_result;

ot_code ot_app_suppliers_import(ot_app *app, const ot_import_request *req, ot_import_result *res,
                                ot_error *err);
ot_code ot_app_products_import(ot_app *app, const ot_import_request *req, ot_import_result *res,
                               ot_error *err);
/* One object: file, rows, skipped, created, updated, unchanged, contacts_added, parts,
 * covered_products, unknown_suppliers, in_scope, out_of_scope, scope_changed, problems
 * [{line, problem}]. */
json_t *ot_import_result_to_json(const ot_import_result *res);
void ot_import_result_free(ot_import_result *res);

/* ---- suppliers list ---------------------------------------------------------------- */

typedef struct ot_suppliers_list_request {
    bool in_scope_only;
} ot_suppliers_list_request;

typedef struct ot_suppliers_list_result {
    ot_supplier_info *rows; /* by supplier_id; strings owned by the result */
    size_t n;
    ot_arena arena;
} ot_suppliers_list_result;

ot_code ot_app_suppliers_list(ot_app *app, const ot_suppliers_list_request *req,
                              ot_suppliers_list_result *res, ot_error *err);
/* An array, one object per supplier: supplier_id, name, country, category,
 * category_normalized, last_purchase, active, parent_id, in_scope, reason, vendor_route,
 * bom_route, contacts. */
json_t *ot_suppliers_list_result_to_json(const ot_suppliers_list_result *res);
void ot_suppliers_list_result_free(ot_suppliers_list_result *res);

/* ---- suppliers scope --------------------------------------------------------------- */

typedef struct ot_scope_request {
    int32_t today;     /* the day inactivity is counted back from */
    const char *actor; /* NULL: the operating-system user */
} ot_scope_request;

typedef struct ot_scope_result {
    size_t in_scope, out_of_scope, changed, covered_products;
} ot_scope_result;

/* Re-evaluates the scope with the workspace's current settings; audited. */
ot_code ot_app_suppliers_scope(ot_app *app, const ot_scope_request *req, ot_scope_result *res,
                               ot_error *err);
/* One object: in_scope, out_of_scope, changed, covered_products. */
json_t *ot_scope_result_to_json(const ot_scope_result *res);

/* ---- products list ----------------------------------------------------------------- */

typedef struct ot_products_list_request {
    int reserved; /* the list takes no parameters yet: pass NULL */
} ot_products_list_request;

typedef struct ot_products_list_result {
    ot_product_info *rows; /* by product_id; strings owned by the result */
    size_t n;
    ot_arena arena;
} ot_products_list_result;

ot_code ot_app_products_list(ot_app *app, const ot_products_list_request *req,
                             ot_products_list_result *res, ot_error *err);
/* An array, one object per product: product_id, name, covered, reason, parts,
 * suppliers_3tg. */
json_t *ot_products_list_result_to_json(const ot_products_list_result *res);
void ot_products_list_result_free(ot_products_list_result *res);

#endif
