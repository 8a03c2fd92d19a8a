/* suppliers.h - the vendor list and the BOM in the workspace, and the scoping decision
 * stored per supplier.
 *
 * Vendor CSV (one row per contact; rows repeating a supplier_id merge): columns
 *   supplier_id,name,country,category,last_purchase,active,contact_name,contact_email,
 *   contact_role,parent_id
 * Only supplier_id is required as a column (and name for a new supplier); a column map
 * ("supplier_id=Vendor No,name=Vendor Name") reads an ERP export as is.
 * BOM CSV: product_id,product_name,part_id,part_name,supplier_id,contains_3tg.
 *
 * Imports run in one transaction: bad rows are reported with their line and skipped
 * whole, the rest lands together with its audit entries, or nothing does. Re-importing
 * updates suppliers by supplier_id and contacts by e-mail, never duplicates; contacts
 * missing from a later file are kept. After every import the scope is re-evaluated. */
#ifndef OT_SUPPLIERS_H
#define OT_SUPPLIERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "campaign/scoping.h"
#include "store/workspace.h"

typedef enum {
    OT_SCOL_SUPPLIER_ID = 0,
    OT_SCOL_NAME,
    OT_SCOL_COUNTRY,
    OT_SCOL_CATEGORY,
    OT_SCOL_LAST_PURCHASE,
    OT_SCOL_ACTIVE,
    OT_SCOL_CONTACT_NAME,
    OT_SCOL_CONTACT_EMAIL,
    OT_SCOL_CONTACT_ROLE,
    OT_SCOL_PARENT_ID,
    OT_SCOL__COUNT
} ot_supplier_col;

/* Header names to look for, per column; defaults are the standard names. */
typedef struct ot_supplier_map {
    char names[OT_SCOL__COUNT][128];
} ot_supplier_map;

void ot_supplier_map_default(ot_supplier_map *m);
/* Applies "supplier_id=Vendor No,name=Vendor Name,..." on top of the defaults. */
ot_code ot_supplier_map_parse(const char *spec, ot_supplier_map *m, ot_error *err);
const char *ot_supplier_col_name(ot_supplier_col c);

/* A row that was skipped, and why. */
typedef struct ot_import_problem {
    size_t line;
    char message[320];
} ot_import_problem;

typedef struct ot_supplier_import_report {
    size_t rows;                        /* data rows read (excluding the header and blank lines) */
    size_t skipped;                     /* rows skipped as bad (see problems) */
    size_t created, updated, unchanged; /* suppliers, or products for a BOM */
    size_t contacts_added;
    size_t parts;             /* BOM lines stored */
    size_t unknown_suppliers; /* BOM lines naming a supplier not in the vendor list */
    size_t in_scope, out_of_scope, scope_changed; /* after re-evaluation */
    size_t covered_products;
    ot_import_problem *problems; /* malloc'd, `skipped` + warnings entries */
    size_t n_problems;
    bool encoding_refused; /* the import failed: the text is not valid in its encoding */
    bool column_missing;   /* the import failed: a required column is not in the header (a
                            * column map can name the file's header for it) */
} ot_supplier_import_report;
void ot_supplier_import_report_free(ot_supplier_import_report *r);

/* today: the day number inactivity is measured from (ot_date_today() normally). The
 * file is UTF-8 (a byte-order mark is fine; UTF-16 is recognised by its byte-order
 * mark); text that is not, or holds a NUL byte, fails the whole import with the line
 * (rep->encoding_refused). The _as variants read the encoding named instead (an iconv
 * name: latin1, windows-1252, utf-16...). A value with a line break or another control
 * character skips its row. */
ot_code ot_suppliers_import(ot_workspace *ws, const char *csv_path, const ot_supplier_map *map,
                            const char *actor, int32_t today, ot_supplier_import_report *rep,
                            ot_error *err);
ot_code ot_suppliers_import_as(ot_workspace *ws, const char *csv_path, const char *encoding,
                               const ot_supplier_map *map, const char *actor, int32_t today,
                               ot_supplier_import_report *rep, ot_error *err);
ot_code ot_products_import(ot_workspace *ws, const char *csv_path, const char *actor, int32_t today,
                           ot_supplier_import_report *rep, ot_error *err);
ot_code ot_products_import_as(ot_workspace *ws, const char *csv_path, const char *encoding,
                              const char *actor, int32_t today, ot_supplier_import_report *rep,
                              ot_error *err);

/* Scoping rules from the workspace config: exclude_categories, inactive_years,
 * exclude_inactive (yes/no, default yes), scope_route (auto/vendor/bom/both). */
ot_code ot_scope_rules_from_config(const ot_config *cfg, int32_t today, ot_scope_rules *r,
                                   ot_error *err);

/* Re-evaluates every supplier (and product coverage) with the current config; each
 * changed decision gets an audit entry. Runs in the caller's transaction when one is
 * open, else in its own. Counts go to rep (in_scope, out_of_scope, scope_changed,
 * covered_products). */
ot_code ot_suppliers_scope(ot_workspace *ws, const char *actor, int32_t today,
                           ot_supplier_import_report *rep, ot_error *err);

typedef struct ot_supplier_info {
    int64_t id;
    const char *supplier_id, *name, *country, *category, *category_norm, *last_purchase;
    int active; /* 1, 0, -1 */
    const char *parent_id;
    int in_scope; /* 1, 0, -1 not scoped */
    const char *scope_reason, *vendor_reason, *bom_reason;
    const char *contacts; /* "Name <email> (role); ..." */
} ot_supplier_info;

typedef ot_code (*ot_supplier_fn)(const ot_supplier_info *s, void *ctx, ot_error *err);
/* Calls fn for every supplier (only in-scope ones when in_scope_only), by supplier_id. */
ot_code ot_suppliers_each(ot_workspace *ws, bool in_scope_only, ot_supplier_fn fn, void *ctx,
                          ot_error *err);

/* A product of the BOM, whether it is covered and why. */
typedef struct ot_product_info {
    const char *product_id, *name;
    bool covered;
    const char *reason;        /* why (not) covered */
    int64_t parts;             /* BOM lines */
    const char *suppliers_3tg; /* supplier_ids of its parts that contain or may contain 3TG,
                                * comma-separated; NULL when none */
} ot_product_info;

typedef ot_code (*ot_product_fn)(const ot_product_info *p, void *ctx, ot_error *err);
/* Calls fn for every product, by product_id. */
ot_code ot_products_each(ot_workspace *ws, ot_product_fn fn, void *ctx, ot_error *err);

#endif
