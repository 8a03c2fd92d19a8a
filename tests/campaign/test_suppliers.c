/* Vendor list and BOM imports into a real workspace: repeated rows merge, re-imports
 * update and never duplicate, bad rows are reported with their line and skipped whole,
 * ERP column names map, and both scoping routes store a decision and its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "campaign/suppliers.h"
#include "store/workspace.h"
#include "testutil.h"
#include "workspace_util.h"

typedef temp_workspace fixture;

static const char *file_in(const fixture *f, const char *name, const char *text)
{
    static char path[8][512];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, 512, "%s/%s", f->dir, name);
    assert_int_equal(spit(p, text, strlen(text)), 0);
    return p;
}

static int64_t count(fixture *f, const char *sql)
{
    return db_int(f->ws->db, sql);
}

static void assert_text(fixture *f, const char *sql, const char *key, const char *want)
{
    char *got = db_text_for(f->ws->db, sql, key);
    if (want)
        assert_string_equal(got, want);
    else
        assert_null(got);
    free(got);
}

static const char *const vendor_csv =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email,"
    "contact_role,parent_id\r\n"
    "S-1,\"Acme, Inc.\",US,Direct,2025-10-02,yes,Ann Lee,ann@acme.example,sales,\r\n"
    "S-1,,,,,,Bob Ray,bob@acme.example,quality,\r\n"
    "S-2,CleanCo,DE,Services,2025-01-01,yes,Carl,carl@clean.example,,\r\n"
    "S-3,OldParts,FR,direct,2019-03-01,yes,Dee,dee@old.example,,\r\n"
    "S-4,Bad Date,FR,direct,03/01/2019,yes,,,,\r\n"
    ",No Id,FR,direct,2024-01-01,yes,,,,\r\n"
    "S-6,\"Multi\r\nLine\",FR,direct,2024-01-01,maybe,,,,\r\n"
    "S-7,Short,FR\r\n"
    "S-5,\"Müller GmbH\",DE,Electronic components,,,\"Jürgen Müller\",j@mueller.example,,S-1\r\n";

/* Writes vendor_csv to the workspace folder and imports it as of 2025-12-01; returns its path. */
static const char *import_vendor_csv(fixture *f, ot_supplier_import_report *rep)
{
    ot_error err;
    const char *path = file_in(f, "vendors.csv", vendor_csv);
    assert_int_equal(
        ot_suppliers_import(f->ws, path, NULL, "test", iso_day("2025-12-01"), rep, &err), OT_OK);
    return path;
}

static void import_merges_rows_and_reports_bad_lines(void **state)
{
    fixture *f = *state;
    ot_supplier_import_report rep;
    import_vendor_csv(f, &rep);
    assert_int_equal(rep.rows, 9);
    assert_int_equal(rep.skipped, 4);
    assert_int_equal(rep.created, 4);
    assert_int_equal(rep.contacts_added, 5);
    /* problems name the line in the user's file, the multi-line record by its first line */
    assert_int_equal(rep.n_problems, 4);
    assert_int_equal(rep.problems[0].line, 6);
    assert_non_null(strstr(rep.problems[0].message, "03/01/2019"));
    assert_int_equal(rep.problems[1].line, 7);
    assert_non_null(strstr(rep.problems[1].message, "supplier_id is empty"));
    assert_int_equal(rep.problems[2].line, 8); /* a name with a line break is refused */
    assert_non_null(
        strstr(rep.problems[2].message, "name \"Multi\\r\\nLine\" contains a line break"));
    assert_int_equal(rep.problems[3].line, 10);
    assert_non_null(strstr(rep.problems[3].message, "fields"));
    ot_supplier_import_report_free(&rep);

    assert_int_equal(count(f, "SELECT COUNT(*) FROM supplier"), 4);
    assert_int_equal(
        count(f, "SELECT COUNT(*) FROM supplier WHERE supplier_key IN ('S-4','S-6','S-7')"), 0);
    /* the second S-1 row added a contact and left the supplier's fields alone */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM supplier_contact c JOIN supplier s ON "
                              "s.id = c.supplier_id WHERE s.supplier_key = 'S-1'"),
                     2);
    assert_text(f, "SELECT name FROM supplier WHERE supplier_key = ?", "S-1", "Acme, Inc.");
    assert_text(f, "SELECT category FROM supplier WHERE supplier_key = ?", "S-5",
                "Electronic components");
    assert_text(f, "SELECT parent_key FROM supplier WHERE supplier_key = ?", "S-5", "S-1");
    /* every created supplier is audited, with the import summary */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND "
                              "subject_type = 'supplier'"),
                     4);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE subject_type = 'vendor_list'"),
                     1);
}

static void vendor_route_records_why_each_supplier_is_in_or_out(void **state)
{
    fixture *f = *state;
    ot_supplier_import_report rep;
    import_vendor_csv(f, &rep);
    assert_int_equal(rep.in_scope, 2);
    assert_int_equal(rep.out_of_scope, 2);
    ot_supplier_import_report_free(&rep);
    const char *q = "SELECT scope_reason FROM supplier WHERE supplier_key = ?";
    assert_text(f, q, "S-1", "in: direct supplier, last purchase 2025-10-02");
    assert_text(f, q, "S-2", "out: category service");
    assert_text(f, q, "S-3", "out: no purchase since 2019-03-01 (> 5 years)");
    assert_text(f, q, "S-5", "in: electronic components supplier, no last purchase date");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'status' AND "
                              "subject_type = 'supplier'"),
                     4);
}

static void reimport_updates_and_never_duplicates(void **state)
{
    fixture *f = *state;
    ot_supplier_import_report rep;
    ot_error err;
    const char *path = import_vendor_csv(f, &rep);
    ot_supplier_import_report_free(&rep);
    int64_t audit_before = count(f, "SELECT COUNT(*) FROM audit_log");

    /* the same file again: nothing new, nothing changed, no new supplier audit entries */
    assert_int_equal(
        ot_suppliers_import(f->ws, path, NULL, "test", iso_day("2025-12-01"), &rep, &err), OT_OK);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.updated, 0);
    assert_int_equal(rep.unchanged, 4);
    assert_int_equal(rep.scope_changed, 0);
    ot_supplier_import_report_free(&rep);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), audit_before + 1);

    /* a changed export: S-2 becomes a direct supplier, a contact's e-mail in other case */
    const char *v2 =
        file_in(f, "v2.csv",
                "supplier_id,name,country,category,last_purchase,contact_name,contact_email\n"
                "S-2,CleanCo AG,CH,Direct,2025-06-01,Carl,CARL@clean.example\n"
                "S-8,NewCo,IT,direct,2025-02-02,,\n");
    assert_int_equal(
        ot_suppliers_import(f->ws, v2, NULL, "test", iso_day("2025-12-01"), &rep, &err), OT_OK);
    assert_int_equal(rep.created, 1);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(rep.contacts_added, 0);
    ot_supplier_import_report_free(&rep);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM supplier"), 5);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM supplier_contact"), 5);
    assert_text(f, "SELECT name || '/' || country FROM supplier WHERE supplier_key = ?", "S-2",
                "CleanCo AG/CH");
    assert_text(f, "SELECT scope_reason FROM supplier WHERE supplier_key = ?", "S-2",
                "in: direct supplier, last purchase 2025-06-01");
    /* columns absent from the second file keep their values */
    assert_text(f, "SELECT CAST(active AS TEXT) FROM supplier WHERE supplier_key = ?", "S-2", "1");
}

static void column_map_reads_an_erp_export(void **state)
{
    fixture *f = *state;
    ot_supplier_map map;
    ot_error err;
    assert_int_equal(ot_supplier_map_parse("supplier_id=Vendor No, name=Vendor Name,"
                                           "category=Purchasing Category,contact_email=E-Mail",
                                           &map, &err),
                     OT_OK);
    const char *path = file_in(f, "erp.csv",
                               "\xEF\xBB\xBFVendor No;x,Vendor Name,Purchasing Category,E-Mail\n"
                               "100,Alpha,SERVICE,a@alpha.example\n"
                               "200,Beta,Production Materials,b@beta.example\n");
    ot_supplier_import_report rep;
    assert_int_equal(
        ot_suppliers_import(f->ws, path, &map, "test", iso_day("2025-12-01"), &rep, &err),
        OT_E_INVALID); /* "Vendor No;x" is not "Vendor No" */
    assert_non_null(strstr(err.message, "Vendor No"));
    ot_supplier_import_report_free(&rep);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM supplier"), 0);

    path = file_in(f, "erp2.csv",
                   "\xEF\xBB\xBFVendor No,Vendor Name,Purchasing Category,E-Mail\n"
                   "100,Alpha,SERVICE,a@alpha.example\n"
                   "200,Beta,Production Materials,b@beta.example\n");
    assert_int_equal(
        ot_suppliers_import(f->ws, path, &map, "test", iso_day("2025-12-01"), &rep, &err), OT_OK);
    assert_int_equal(rep.created, 2);
    ot_supplier_import_report_free(&rep);
    assert_text(f, "SELECT scope_reason FROM supplier WHERE supplier_key = ?", "100",
                "out: category service");
    assert_text(f, "SELECT scope_reason FROM supplier WHERE supplier_key = ?", "200",
                "in: direct supplier, no last purchase date");
    assert_int_equal(ot_supplier_map_parse("vendor=Vendor No", &map, &err), OT_E_USAGE);
}

static void bom_route_scopes_by_covered_products(void **state)
{
    fixture *f = *state;
    import_vendors(f->ws, vendor_csv, iso_day("2025-12-01"));
    ot_supplier_import_report rep;
    ot_error err;
    const char *bom = file_in(f, "bom.csv",
                              "product_id,product_name,part_id,part_name,supplier_id,contains_3tg\n"
                              "X,Widget X,P-100,Solder,S-3,yes\n"
                              "X,Widget X,P-200,Plastic case,S-1,no\n"
                              "Y,Gadget Y,P-300,Connector,S-5,unknown\n"
                              "Z,Box Z,P-400,Cardboard,S-1,no\n"
                              "Z,Box Z,P-401,Label,S-9,no\n"
                              "Q,Bad,P-1,x,S-1,perhaps\n");
    assert_int_equal(ot_products_import(f->ws, bom, "test", iso_day("2025-12-01"), &rep, &err),
                     OT_OK);
    assert_int_equal(rep.skipped, 1);
    assert_int_equal(rep.created, 3);
    assert_int_equal(rep.covered_products, 2);
    assert_int_equal(rep.unknown_suppliers, 1);
    ot_supplier_import_report_free(&rep);
    const char *q = "SELECT scope_reason FROM supplier WHERE supplier_key = ?";
    /* auto route with a BOM: the BOM decides, even for a dormant vendor-list entry */
    assert_text(f, q, "S-3", "in: supplies part P-100 of covered product Widget X (contains 3TG)");
    assert_text(f, q, "S-5",
                "in: supplies part P-300 of covered product Gadget Y (3TG content unknown)");
    assert_text(f, q, "S-1", "out: supplies only parts without 3TG (2 BOM rows)");
    assert_text(f, q, "S-2", "out: supplies no part of any product in the BOM");
    /* both routes' verdicts are kept */
    assert_text(f, "SELECT vendor_reason FROM supplier WHERE supplier_key = ?", "S-3",
                "out: no purchase since 2019-03-01 (> 5 years)");
    assert_text(f, "SELECT covered_reason FROM product WHERE product_key = ?", "Z",
                "not covered: no part contains 3TG");

    /* a re-import replaces a product's parts: X no longer has 3TG */
    bom = file_in(f, "bom2.csv", "product_id,part_id,supplier_id,contains_3tg\nX,P-100,S-3,no\n");
    assert_int_equal(ot_products_import(f->ws, bom, "test", iso_day("2025-12-01"), &rep, &err),
                     OT_OK);
    ot_supplier_import_report_free(&rep);
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM bom_part b JOIN product p ON p.id = b.product_id "
                           "WHERE p.product_key = 'X'"),
                     1);
    assert_text(f, q, "S-3", "out: supplies only parts without 3TG (1 BOM row)");
}

static void scope_route_both_from_config(void **state)
{
    fixture *f = *state;
    import_vendors(f->ws, vendor_csv, iso_day("2025-12-01"));
    ot_supplier_import_report rep;
    ot_error err;
    const char *bom =
        file_in(f, "bom.csv", "product_id,part_id,supplier_id,contains_3tg\nX,P-1,S-3,yes\n");
    assert_int_equal(ot_products_import(f->ws, bom, "test", iso_day("2025-12-01"), &rep, &err),
                     OT_OK);
    assert_int_equal(rep.in_scope, 1);
    ot_supplier_import_report_free(&rep);

    /* switch to "both" in the config and re-scope: vendor-list suppliers come back in */
    ot_workspace_close(f->ws);
    append_config(f->dir, "scope_route = both\n");
    assert_int_equal(ot_workspace_open(f->dir, &f->ws, &err), OT_OK);
    memset(&rep, 0, sizeof rep);
    assert_int_equal(ot_suppliers_scope(f->ws, "test", iso_day("2025-12-01"), &rep, &err), OT_OK);
    assert_int_equal(rep.in_scope, 3); /* S-1, S-5 by vendor list, S-3 by BOM */
    /* S-1 and S-5 come in; S-2 stays out but its reason is now the vendor list's */
    assert_int_equal(rep.scope_changed, 3);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM supplier WHERE in_scope = 1"), 3);
}

static void missing_file_and_missing_column_fail_cleanly(void **state)
{
    fixture *f = *state;
    ot_supplier_import_report rep;
    ot_error err;
    assert_int_equal(ot_suppliers_import(f->ws, "/nonexistent.csv", NULL, "t", 0, &rep, &err),
                     OT_E_IO);
    assert_non_null(strstr(err.message, "/nonexistent.csv"));
    ot_supplier_import_report_free(&rep);
    const char *path = file_in(f, "nocol.csv", "name,country\nA,DE\n");
    assert_int_equal(ot_suppliers_import(f->ws, path, NULL, "t", 0, &rep, &err), OT_E_INVALID);
    assert_non_null(strstr(err.message, "supplier_id"));
    ot_supplier_import_report_free(&rep);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(import_merges_rows_and_reports_bad_lines,
                                        setup_temp_workspace, teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(vendor_route_records_why_each_supplier_is_in_or_out,
                                        setup_temp_workspace, teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(reimport_updates_and_never_duplicates, setup_temp_workspace,
                                        teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(column_map_reads_an_erp_export, setup_temp_workspace,
                                        teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(bom_route_scopes_by_covered_products, setup_temp_workspace,
                                        teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(scope_route_both_from_config, setup_temp_workspace,
                                        teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(missing_file_and_missing_column_fail_cleanly,
                                        setup_temp_workspace, teardown_temp_workspace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
