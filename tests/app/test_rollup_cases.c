/* The roll-up (app/rollup.h over report/rollup.h) on a real workspace: four suppliers'
 * files ingested through the CLI (tests/fixtures: two naming the same smelters, one
 * naming refiners in Rwanda and Uganda, one invalid). The CLI's --json prints exactly
 * the use case's to_json, and the figures follow the rules a filing relies on: one row
 * per smelter whatever the number of suppliers naming it, unresolved names listed with
 * who typed them, RMAP statuses looked up when the roll-up is computed (a status list
 * imported after ingest counts; --as-of picks the status in force then), --valid-only,
 * covered-country flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/risklists.h"
#include "app/rollup.h"
#include "testutil.h"
#include "util/jsonout.h"
#include "workspace_util.h"

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "V-1,Harbor Point Electronics,US,direct,2025-05-01,yes,Megan,megan@harborpoint-elec.example\n"
    "V-2,Rheinland Praezisionsteile,DE,direct,2025-05-01,yes,Juergen,"
    "j@rheinland-praezision.example\n"
    "V-3,Lakeside Components,GB,direct,2025-05-01,yes,Priya,priya@lakeside-components.example\n"
    "V-4,Northwind Sensor Systems,GB,direct,2025-05-01,yes,Jana,jana@northwind-sensors.example\n";

static const char *const fixtures[] = {
    "cmrt65_valid_company.xlsx",               /* V-1 */
    "cmrt64_valid_products.xlsx",              /* V-2 */
    "cmrt65_valid_covered.xlsx",               /* V-3: Rwanda, Uganda; program weak (G = No) */
    "cmrt65_defect_missing_company_name.xlsx", /* V-4: invalid */
};

/* ---- helpers ------------------------------------------------------------------------ */

static void cli_ok(const char *dir, const char *args)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "%s --workspace '%s'", args, dir);
    if (rc != 0) fprintf(stderr, "oretrace %s: %d\n%s%s", args, rc, out, err);
    assert_int_equal(rc, 0);
    free(out);
    free(err);
}

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char *p = path_in(dir, name);
    assert_int_equal(spit(p, text, strlen(text)), 0);
    free(p);
}

/* A workspace with the vendor list, the 2025 campaign sent, and the four files
 * ingested. */
static int setup(void **state)
{
    char *dir = NULL;
    ot_workspace *ws = open_temp_workspace(&dir, "company_name = Buyer Corp\n"
                                                 "contact_email = compliance@buyer.example\n");
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_workspace_close(ws);
    cli_ok(dir, "campaign new 2025 --due 2026-03-31 --today 2026-01-05");
    cli_ok(dir, "campaign send --today 2026-01-05");
    char args[8192];
    int n = snprintf(args, sizeof args, "ingest --today 2026-02-01");
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "tests/fixtures/%s", fixtures[i]);
        n += snprintf(args + n, sizeof args - (size_t)n, " '%s'", src_path(rel));
    }
    char *out = NULL, *err = NULL;
    /* exit status 3: one file is invalid, on purpose */
    assert_int_equal(run_clif(&out, &err, "%s --workspace '%s'", args, dir), 3);
    free(out);
    free(err);
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    close_temp_workspace(NULL, *state);
    return 0;
}

/* `oretrace rollup ARGS --json` as JSON values, one per line. */
static json_t *rollup_json(const char *dir, const char *args)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "rollup %s --json --workspace '%s'", args, dir);
    if (rc != 0) fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    json_t *lines = parse_json_lines(out);
    free(out);
    free(err);
    return lines;
}

static json_t *smelter(json_t *lines, const char *id)
{
    size_t i;
    json_t *row, *found = NULL;
    json_array_foreach(lines, i, row)
    {
        if (strcmp(json_string_value(json_object_get(row, "smelter_id")), id) == 0) {
            assert_null(found); /* one row per smelter */
            found = row;
        }
    }
    return found;
}

static bool has_text(json_t *array, const char *text)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v) if (strcmp(json_string_value(v), text) == 0) return true;
    return false;
}

static const char *text_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_int_t int_of(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* What the CLI prints for value (compact lines). Releases value. */
static char *as_json_lines(json_t *value)
{
    size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
    size_t n = json_is_array(value) ? json_array_size(value) : 1, cap = 1 << 20, len = 0;
    char *text = calloc(1, cap);
    for (size_t i = 0; i < n; i++) {
        char *line = ot_json_dumps(json_is_array(value) ? json_array_get(value, i) : value, flags);
        assert_true(len + strlen(line) + 2 < cap);
        len += (size_t)snprintf(text + len, cap - len, "%s\n", line);
        free(line);
    }
    json_decref(value);
    return text;
}

static char *cli_text(const char *dir, const char *args)
{
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "%s --workspace '%s'", args, dir), 0);
    free(err);
    return out;
}

/* ---- tests -------------------------------------------------------------------------- */

static void cli_json_is_the_use_case_s(void **state)
{
    const char *dir = *state;
    ot_app *app;
    ot_error err;
    assert_int_equal(ot_app_open(dir, &app, &err), OT_OK);
    ot_rollup_request req = {.campaign = "2025/CMRT"};
    ot_rollup_result res;
    assert_int_equal(ot_app_rollup(app, &req, &res, &err), OT_OK);
    char *rows = as_json_lines(ot_rollup_result_to_json(&res));
    char *unresolved = as_json_lines(ot_rollup_unresolved_to_json(&res));
    char *summary = as_json_lines(ot_rollup_summary_to_json(&res));
    ot_rollup_result_free(&res);
    ot_app_close(app);
    char *got = cli_text(dir, "rollup --campaign 2025 --json");
    assert_string_equal(got, rows);
    free(got);
    got = cli_text(dir, "rollup --campaign 2025/CMRT --unresolved --json");
    assert_string_equal(got, unresolved);
    free(got);
    got = cli_text(dir, "rollup --summary --json");
    assert_string_equal(got, summary);
    free(got);
    free(rows);
    free(unresolved);
    free(summary);
}

static void suppliers_naming_one_smelter_make_one_row(void **state)
{
    json_t *rows = rollup_json(*state, "");
    /* TANIOBIS Japan: V-1 typed its ID, V-2 picked its look-up name, V-3 typed the ID */
    json_t *s = smelter(rows, "CID002549");
    assert_non_null(s);
    assert_int_equal(int_of(s, "suppliers"), 3);
    json_t *ids = json_object_get(s, "supplier_ids");
    assert_string_equal(json_string_value(json_array_get(ids, 0)), "V-1");
    assert_string_equal(json_string_value(json_array_get(ids, 1)), "V-2");
    assert_string_equal(json_string_value(json_array_get(ids, 2)), "V-3");
    assert_string_equal(text_of(s, "metal"), "Tantalum");
    assert_string_equal(text_of(s, "standard_name"), "TANIOBIS Japan Co., Ltd.");
    assert_string_equal(text_of(s, "country"), "JAPAN");
    /* named by V-1 only */
    assert_int_equal(int_of(smelter(rows, "CID002750"), "suppliers"), 1);
    json_decref(rows);
}

static void unresolved_names_are_listed_with_who_typed_them(void **state)
{
    json_t *rows = rollup_json(*state, "--unresolved");
    size_t i, nordic = 0;
    json_t *u;
    const char *who[] = {"V-1", "V-2", "V-3"};
    json_array_foreach(rows, i, u)
    {
        if (strcmp(text_of(u, "name"), "Nordic Tantal Refining AB") != 0) continue;
        assert_true(nordic < 3);
        assert_string_equal(text_of(u, "supplier_id"), who[nordic++]);
        assert_string_equal(text_of(u, "country"), "SWEDEN");
        assert_string_equal(text_of(u, "metal"), "Tantalum");
        assert_true(int_of(u, "row") >= 5);
        assert_non_null(text_of(u, "reason"));
    }
    assert_int_equal(nordic, 3); /* V-1, V-2 and V-3 each typed it */
    json_decref(rows);
    json_t *sum = rollup_json(*state, "--summary");
    json_t *m = json_array_get(sum, 0);
    /* one distinct name however many suppliers typed it */
    assert_int_equal(int_of(m, "smelters_reported"),
                     int_of(m, "smelters_resolved") + int_of(m, "unresolved_names"));
    json_decref(sum);
}

static void status_imported_after_ingest_counts(void **state)
{
    const char *dir = *state;
    json_t *rows = rollup_json(dir, "");
    assert_string_equal(text_of(smelter(rows, "CID002549"), "rmap_status"), "Unknown");
    assert_true(
        has_text(json_object_get(smelter(rows, "CID002549"), "red_flags"), "RF-RMAP-UNKNOWN"));
    json_decref(rows);
    write_file(dir, "status.csv",
               "smelter_id,status,as_of,source\n"
               "CID002549,Conformant,2025-06-01,test list\n");
    char *p = path_in(dir, "status.csv");
    char args[4400];
    snprintf(args, sizeof args, "refdata status-import '%s'", p);
    cli_ok(dir, args);
    free(p);
    rows = rollup_json(dir, "");
    json_t *s = smelter(rows, "CID002549");
    assert_string_equal(text_of(s, "rmap_status"), "Conformant");
    assert_string_equal(text_of(s, "status_as_of"), "2025-06-01");
    assert_false(has_text(json_object_get(s, "red_flags"), "RF-RMAP-UNKNOWN"));
    json_decref(rows);
}

static void as_of_picks_the_status_in_force_then(void **state)
{
    const char *dir = *state;
    write_file(dir, "s1.csv", "smelter_id,status,as_of\nCID002750,Active,2025-03-01\n");
    write_file(dir, "s2.csv", "smelter_id,status,as_of\nCID002750,Conformant,2025-09-01\n");
    char *p1 = path_in(dir, "s1.csv"), *p2 = path_in(dir, "s2.csv");
    char args[4400];
    snprintf(args, sizeof args, "refdata status-import '%s'", p1);
    cli_ok(dir, args);
    snprintf(args, sizeof args, "refdata status-import '%s'", p2);
    cli_ok(dir, args);
    free(p1);
    free(p2);
    /* the files were received in June 2025 (as a workspace of that year would hold) */
    char *db = path_in(dir, "oretrace.db");
    raw_sql(db, "UPDATE campaign_file SET received_at = '2025-06-15T09:00:00Z'");
    free(db);
    json_t *rows = rollup_json(dir, "--as-of 2025-07-01");
    json_t *s = smelter(rows, "CID002750");
    assert_string_equal(text_of(s, "rmap_status"), "Active");
    assert_string_equal(text_of(s, "status_as_of"), "2025-03-01");
    json_decref(rows);
    rows = rollup_json(dir, "--as-of 2025-10-01");
    assert_string_equal(text_of(smelter(rows, "CID002750"), "rmap_status"), "Conformant");
    json_decref(rows);
    /* before any file arrived there is nothing to roll up */
    rows = rollup_json(dir, "--as-of 2025-06-01");
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
}

static bool names_supplier(json_t *rows, const char *supplier)
{
    size_t i;
    json_t *row;
    json_array_foreach(
        rows, i, row) if (has_text(json_object_get(row, "supplier_ids"), supplier)) return true;
    return false;
}

static void valid_only_drops_invalid_suppliers(void **state)
{
    json_t *all = rollup_json(*state, "");
    assert_true(names_supplier(all, "V-4"));
    json_decref(all);
    json_t *valid = rollup_json(*state, "--valid-only");
    assert_false(names_supplier(valid, "V-4"));
    assert_true(names_supplier(valid, "V-1"));
    json_decref(valid);
    json_t *sum = rollup_json(*state, "--summary --valid-only");
    json_t *m = json_array_get(sum, 0);
    assert_int_equal(int_of(m, "suppliers"), 4);
    assert_int_equal(int_of(m, "suppliers_included"), 3);
    assert_true(json_is_true(json_object_get(m, "valid_only")));
    json_decref(sum);
}

static void covered_countries_raise_flags(void **state)
{
    json_t *rows = rollup_json(*state, "");
    json_t *luna = smelter(rows, "CID003387"), *agr = smelter(rows, "CID003185");
    assert_string_equal(text_of(luna, "country_iso"), "RW");
    assert_string_equal(text_of(agr, "country_iso"), "UG");
    assert_true(has_text(json_object_get(luna, "red_flags"), "RF-LOC-COVERED"));
    assert_true(has_text(json_object_get(agr, "red_flags"), "RF-LOC-COVERED"));
    /* no status on record and located in a covered country: high (docs/risk.md rule 3) */
    assert_string_equal(text_of(luna, "risk"), "high");
    json_t *taniobis = smelter(rows, "CID002549");
    assert_true(has_text(json_object_get(taniobis, "mine_countries"), "RW"));
    assert_true(has_text(json_object_get(taniobis, "red_flags"), "RF-MINE-COVERED"));
    json_decref(rows);
    json_t *sum = rollup_json(*state, "--summary");
    json_t *m = json_array_get(sum, 0);
    assert_int_equal(int_of(m, "in_covered_countries"), 2);
    assert_int_equal(int_of(m, "origin_covered"), 1);
    assert_true(json_is_null(json_object_get(m, "cahra_list")));
    json_t *prog = json_object_get(m, "suppliers_by_program");
    /* V-1, V-2 strong; V-3 answered G (corrective action) No; V-4's file is invalid */
    assert_int_equal(int_of(prog, "strong"), 2);
    assert_int_equal(int_of(prog, "weak"), 2);
    json_decref(sum);
}

static void unknown_campaign_is_refused(void **state)
{
    char *out = NULL, *err = NULL;
    int rc =
        run_clif(&out, &err, "rollup --campaign 2025/EMRT --workspace '%s'", (const char *)*state);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(err, "EMRT"));
    free(out);
    free(err);
    rc = run_clif(&out, &err, "rollup --campaign twenty --workspace '%s'", (const char *)*state);
    assert_int_equal(rc, 1);
    free(out);
    free(err);
}

/* ---- stored CAHRA and watch lists --------------------------------------------------- */

static int cli_in(const char *dir, const char *file, const char *args, char **out)
{
    char *p = path_in(dir, file), *err = NULL;
    int rc = run_clif(out, &err, "%s '%s' --workspace '%s'", args, p, dir);
    free(p);
    free(err);
    return rc;
}

static void cahra_list_import_is_used_and_kept(void **state)
{
    const char *dir = *state;
    write_file(dir, "cahra.csv",
               "country,region,source,as_of\n"
               "Japan,,test list,2025-01-01\n"
               "CN,Xinjiang,test list,2025-01-01\n");
    char *out = NULL;
    assert_int_equal(cli_in(dir, "cahra.csv", "risk countries import --json", &out), 0);
    json_t *imp = parse_json(out);
    free(out);
    assert_int_equal(int_of(imp, "entries"), 2);
    assert_int_equal(strlen(text_of(imp, "sha256")), 64);
    json_decref(imp);
    /* the CLI lists what the use case returns */
    ot_app *app;
    ot_error err;
    assert_int_equal(ot_app_open(dir, &app, &err), OT_OK);
    ot_risklist_list_request req = {.kind = OT_RISKLIST_CAHRA};
    ot_risklist_list_result res;
    assert_int_equal(ot_app_risklist_list(app, &req, &res, &err), OT_OK);
    char *want = as_json_lines(ot_risklist_list_result_to_json(&res));
    ot_risklist_list_result_free(&res);
    ot_app_close(app);
    char *got = cli_text(dir, "risk countries list --json");
    assert_string_equal(got, want);
    free(got);
    free(want);
    /* the roll-up uses it: TANIOBIS Japan is now in a CAHRA */
    json_t *rows = rollup_json(dir, "");
    assert_true(has_text(json_object_get(smelter(rows, "CID002549"), "red_flags"), "RF-LOC-CAHRA"));
    json_decref(rows);
    json_t *sum = rollup_json(dir, "--summary");
    json_t *m = json_array_get(sum, 0);
    assert_true(int_of(m, "in_cahra") >= 1);
    assert_int_equal(int_of(json_object_get(m, "cahra_list"), "entries"), 2);
    json_decref(sum);
    /* a bad list is refused whole and the list in force stays */
    write_file(dir, "bad.csv", "country,source,as_of\nRW,x,2025-01-01\nAtlantis,x,2025-01-01\n");
    assert_int_equal(cli_in(dir, "bad.csv", "risk countries import", &out), 3);
    free(out);
    /* a new list replaces it; the earlier one is kept, both imports audited */
    write_file(dir, "cahra2.csv", "country\nRwanda\n");
    assert_int_equal(
        cli_in(dir, "cahra2.csv", "risk countries import --source EU --as-of 2025-06-01", &out), 0);
    free(out);
    rows = rollup_json(dir, "");
    assert_false(
        has_text(json_object_get(smelter(rows, "CID002549"), "red_flags"), "RF-LOC-CAHRA"));
    assert_true(has_text(json_object_get(smelter(rows, "CID003387"), "red_flags"), "RF-LOC-CAHRA"));
    json_decref(rows);
    char *db = path_in(dir, "oretrace.db");
    ot_db *h;
    assert_int_equal(ot_db_open(db, &h, &err), OT_OK);
    assert_int_equal(db_int(h, "SELECT COUNT(*) FROM risk_list_import WHERE kind = 'cahra'"), 2);
    assert_int_equal(db_int(h, "SELECT COUNT(*) FROM audit_log WHERE action = "
                               "'risk.cahra_import'"),
                     2);
    ot_db_close(h);
    free(db);
}

static void watch_list_import_makes_a_smelter_high_risk(void **state)
{
    const char *dir = *state;
    char *out = cli_text(dir, "risk watchlist list --json");
    assert_string_equal(out, ""); /* none imported */
    free(out);
    write_file(dir, "watch.csv", "smelter_id,name,reason\ncid 2750,,credible adverse report\n");
    assert_int_equal(
        cli_in(dir, "watch.csv", "risk watchlist import --source NGO --date 2025-05-01", &out), 0);
    free(out);
    out = cli_text(dir, "risk watchlist list --json");
    json_t *lines = parse_json_lines(out);
    free(out);
    assert_int_equal(json_array_size(lines), 1);
    assert_string_equal(text_of(json_array_get(lines, 0), "smelter_id"), "CID002750");
    assert_string_equal(text_of(json_array_get(lines, 0), "source"), "NGO");
    json_decref(lines);
    json_t *rows = rollup_json(dir, "");
    json_t *s = smelter(rows, "CID002750");
    assert_true(has_text(json_object_get(s, "red_flags"), "RF-WATCHLIST"));
    assert_string_equal(text_of(s, "risk"), "high");
    json_decref(rows);
}

/* ---- re-resolution ------------------------------------------------------------------- */

static void a_new_reference_list_resolves_stored_rows(void **state)
{
    const char *dir = *state;
    json_t *rows = rollup_json(dir, "");
    assert_null(smelter(rows, "CID009901"));
    json_decref(rows);
    /* the RMI lists a smelter the suppliers named before it had an ID */
    write_file(dir, "ref.csv",
               "metal,lookup_name,standard_name,country,smelter_id,id_source,street,city,"
               "state_province\n"
               "Tantalum,Nordic Tantal Refining AB,Nordic Tantal Refining AB,SWEDEN,CID009901,"
               "RMI,,Lulea,Norrbotten\n");
    char *out = NULL;
    assert_int_equal(
        cli_in(dir, "ref.csv", "refdata import --partial --as-of 2025-11-01 --json", &out), 0);
    json_t *imp = parse_json_lines(out);
    free(out);
    assert_int_equal(int_of(json_array_get(imp, 0), "rows_reresolved"), 3);
    json_decref(imp);
    rows = rollup_json(dir, "");
    json_t *s = smelter(rows, "CID009901");
    assert_non_null(s);
    assert_int_equal(int_of(s, "suppliers"), 3);
    assert_string_equal(text_of(s, "country_iso"), "SE");
    json_decref(rows);
    rows = rollup_json(dir, "--unresolved");
    size_t i;
    json_t *u;
    json_array_foreach(rows, i, u)
        assert_string_not_equal(text_of(u, "name"), "Nordic Tantal Refining AB");
    json_decref(rows);
    /* undoing the import puts the rows back where they were */
    out = cli_text(dir, "refdata sources --json");
    json_t *src = parse_json_lines(out);
    free(out);
    json_int_t id = 0;
    json_array_foreach(src, i, u) if (json_integer_value(json_object_get(u, "import_id")) > id) id =
        json_integer_value(json_object_get(u, "import_id"));
    json_decref(src);
    assert_true(id > 0);
    char args[64];
    snprintf(args, sizeof args, "refdata undo %lld", (long long)id);
    cli_ok(dir, args);
    rows = rollup_json(dir, "");
    assert_null(smelter(rows, "CID009901"));
    json_decref(rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(cli_json_is_the_use_case_s, setup, teardown),
        cmocka_unit_test_setup_teardown(suppliers_naming_one_smelter_make_one_row, setup, teardown),
        cmocka_unit_test_setup_teardown(unresolved_names_are_listed_with_who_typed_them, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(status_imported_after_ingest_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(as_of_picks_the_status_in_force_then, setup, teardown),
        cmocka_unit_test_setup_teardown(valid_only_drops_invalid_suppliers, setup, teardown),
        cmocka_unit_test_setup_teardown(covered_countries_raise_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_campaign_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(cahra_list_import_is_used_and_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(a_new_reference_list_resolves_stored_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(watch_list_import_makes_a_smelter_high_risk, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
