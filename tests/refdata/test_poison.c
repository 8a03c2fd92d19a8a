/* Reference data cannot be poisoned (issue 8, point 4), through the real CLI on a real
 * workspace: hostile workbooks (a DOCTYPE in a sheet the look-up import never read
 * before, the hostile fixture set), a non-template workbook that merely has a "Smelter
 * Look-up" sheet, a genuine template whose look-up was replaced, and malformed CSVs are
 * refused and leave the store as it was; a list far smaller than the one in force needs
 * --partial and then retires nothing; every import is listed with an IMPORT_ID and can be
 * undone exactly (the store exported before and after is byte for byte the same,
 * Metalor resolves to CID001153 again), audited; re-importing the official list after a
 * poisoning reports what it changed; a hostile name shows escaped in HTML output.
 *
 * Needs only the repository: the poisoned workbooks are made here from the filled
 * official CMRT 6.5 template in tests/fixtures (whose sheet order is the template's:
 * sheet5.xml is the Smelter List, sheet8.xml the Smelter Look-up). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "reader/workbook.h"
#include "testutil.h"

#define OFFICIAL "tests/fixtures/cmrt65_valid_company.xlsx"
#define METALOR "Metalor Technologies S.A."
#define EVIL "<script>alert(1)</script> Evil Gold"
#define EVIL_XML "&lt;script&gt;alert(1)&lt;/script&gt; Evil Gold"
#define HEADER                                                                                     \
    "metal,lookup_name,standard_name,country,smelter_id,id_source,street,city,state_province\n"
#define POISON_CSV                                                                                 \
    HEADER "Gold," EVIL "," EVIL ",SWITZERLAND,CID001153,RMI,,,\n"                                 \
           "Gold,Another Gold,Another Gold,SWITZERLAND,CID999998,RMI,,,\n"

/* ---- files ----------------------------------------------------------------------------- */

static const char *tpath(const char *name)
{
    static char path[8][4200];
    static int slot;
    char *p = path[slot++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", test_dir, name);
    return p;
}

static const char *write_text(const char *name, const char *text)
{
    const char *p = tpath(name);
    assert_int_equal(spit(p, text, strlen(text)), 0);
    return p;
}

static char *read_part(zip_t *za, const char *part, size_t *len)
{
    zip_stat_t st;
    assert_int_equal(zip_stat(za, part, 0, &st), 0);
    char *buf = malloc(st.size + 1);
    zip_file_t *f = zip_fopen(za, part, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    buf[st.size] = '\0';
    *len = st.size;
    return buf;
}

static void put_part(zip_t *za, const char *part, const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    memcpy(copy, text, n + 1);
    zip_source_t *src = zip_source_buffer(za, copy, n, 1);
    assert_non_null(src);
    assert_true(zip_file_add(za, part, src, ZIP_FL_OVERWRITE) >= 0);
}

/* A copy of the official fixture with one part replaced (edit gets the part's text and
 * returns the new one, malloc'd). */
static const char *derive(const char *name, const char *part, char *(*edit)(const char *))
{
    size_t len;
    char *bytes = slurp(src_path(OFFICIAL), &len);
    assert_non_null(bytes);
    const char *dst = tpath(name);
    assert_int_equal(spit(dst, bytes, len), 0);
    free(bytes);
    int ze;
    zip_t *za = zip_open(dst, 0, &ze);
    assert_non_null(za);
    char *old = read_part(za, part, &len);
    char *text = edit(old);
    put_part(za, part, text);
    free(old);
    free(text);
    assert_int_equal(zip_close(za), 0);
    return dst;
}

static char *dup_str(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    strcpy(d, s);
    return d;
}

/* A DOCTYPE with entities (what `validate` refuses) before the root element. */
static char *add_doctype(const char *xml)
{
    const char *dtd = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaa\">"
                      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>";
    const char *root = strstr(xml, "<worksheet");
    assert_non_null(root);
    char *out = malloc(strlen(dtd) + strlen(root) + 1);
    strcpy(out, dtd);
    strcat(out, root);
    return out;
}

/* Look-up sheets of two smelter rows: CID001153 renamed, and one more. */
static char *lookup_sheet(bool with_signature)
{
    char buf[2048];
#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
    snprintf(buf, sizeof buf,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<sheetData><row r=\"4\">%s</row>"
             "<row r=\"5\">" IS("A5", "Gold") IS("B5", EVIL_XML) IS("C5", EVIL_XML)
                 IS("D5", "SWITZERLAND") IS("E5", "CID001153")
                     IS("F5", "RMI") "</row>"
                                     "<row r=\"6\">" IS("A6", "Gold") IS("B6", "Another Gold")
                                         IS("C6", "Another Gold") IS("D6", "SWITZERLAND")
                                             IS("E6", "CID999998")
                                                 IS("F6", "RMI") "</row>"
                                                                 "</sheetData></worksheet>",
             with_signature ? IS("J4", "METAL+Alias") : "");
#undef IS
    return dup_str(buf);
}

static char *lookup_two_rows(const char *old)
{
    (void)old;
    return lookup_sheet(true);
}

static char *lookup_two_rows_unsigned(const char *old)
{
    (void)old;
    return lookup_sheet(false);
}

/* A workbook that is no RMI template: just a "Smelter Look-up" sheet of two rows. */
static const char *fake_template(void)
{
    const char *dst = tpath("fake_lookup.xlsx");
    int ze;
    zip_t *za = zip_open(dst, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    put_part(za, "[Content_Types].xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
             "openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" "
             "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override "
             "PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-"
             "officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/"
             "worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
             "officedocument.spreadsheetml.worksheet+xml\"/></Types>");
    put_part(za, "_rels/.rels",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
             "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
             "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
             "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    put_part(za, "xl/workbook.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas."
             "openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
             "openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet "
             "name=\"Smelter Look-up\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    put_part(za, "xl/_rels/workbook.xml.rels",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
             "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
             "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
             "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
    char *sheet = lookup_sheet(true);
    put_part(za, "xl/worksheets/sheet1.xml", sheet);
    free(sheet);
    assert_int_equal(zip_close(za), 0);
    return dst;
}

/* The sheet really holds what a test put there (guards the fixed part names above). */
static void assert_lookup_rows(const char *path, uint32_t max_row)
{
    ot_workbook *wb;
    ot_error err = {0};
    assert_int_equal(ot_workbook_open(path, NULL, &wb, &err), OT_OK);
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Smelter Look-up", &sh, &err), OT_OK);
    assert_int_equal(ot_sheet_max_row(sh), max_row);
    ot_workbook_close(wb);
}

/* ---- the workspace ------------------------------------------------------------------- */

static const char *new_workspace(const char *name)
{
    static char ws[4200]; /* one per test: tpath's buffers are reused */
    snprintf(ws, sizeof ws, "%s", tpath(name));
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "init '%s'", ws), 0);
    free(out);
    free(err);
    return ws;
}

/* `refdata export` of the store in use, as text (malloc'd). */
static char *export_store(const char *ws)
{
    const char *file = tpath("export.tsv");
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "refdata export --workspace '%s' '%s'", ws, file), 0);
    free(out);
    free(err);
    size_t len;
    char *text = slurp(file, &len);
    assert_non_null(text);
    return text;
}

/* Runs a refdata command expected to be refused as bad input: exit 2, one line naming why. */
static void assert_refused(const char *ws, const char *args, const char *why)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "refdata import --workspace '%s' %s", ws, args);
    if (rc != 2 || !strstr(err, why))
        fail_msg("refdata import %s: exit %d, stderr: %s (wanted 2 and '%s')", args, rc, err, why);
    assert_non_null(strchr(err, '\n'));
    assert_null(strchr(strchr(err, '\n') + 1, '\n'));
    free(out);
    free(err);
}

static json_t *cli_json(const char *fmt, const char *ws, const char *arg)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, fmt, ws, arg);
    if (rc != 0) fail_msg("%s: exit %d: %s", fmt, rc, err);
    json_t *j = parse_json(out);
    free(out);
    free(err);
    return j;
}

/* The same for a command whose --json prints a list: the JSON lines as an array. */
static json_t *cli_jsonl(const char *fmt, const char *ws, const char *arg)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, fmt, ws, arg);
    if (rc != 0) fail_msg("%s: exit %d: %s", fmt, rc, err);
    json_t *j = parse_json_lines(out);
    free(out);
    free(err);
    return j;
}

static json_t *match_json(const char *ws, const char *name)
{
    return cli_json("match --workspace '%s' --metal Gold --json '%s'", ws, name);
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void assert_metalor_is(const char *ws, const char *standard_name)
{
    json_t *j = match_json(ws, METALOR);
    assert_string_equal(jstr(j, "smelter_id"), "CID001153");
    assert_string_equal(jstr(j, "standard_name"), standard_name);
    json_decref(j);
}

static size_t count_lines(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_hostile_workbooks_refused(void **state)
{
    (void)state;
    const char *ws = new_workspace("ws-hostile");
    char *before = export_store(ws);
    /* a DOCTYPE in the Smelter List: validate refuses it, and now so does the import */
    const char *dt = derive("doctype_smelter_list.xlsx", "xl/worksheets/sheet5.xml", add_doctype);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "validate '%s'", dt), 2);
    assert_non_null(strstr(out, "xml_doctype"));
    free(out);
    free(err);
    char args[4400];
    snprintf(args, sizeof args, "'%s'", dt);
    assert_refused(ws, args, "DOCTYPE");
    /* the hostile set: each refused as inspect refuses it */
    DIR *d = opendir(src_path("tests/fixtures/hostile"));
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, ".xls")) continue;
        snprintf(args, sizeof args, "'%s/%s'", src_path("tests/fixtures/hostile"), e->d_name);
        assert_refused(ws, args, e->d_name);
        n++;
    }
    closedir(d);
    assert_true(n >= 10);
    char *after = export_store(ws);
    assert_string_equal(after, before);
    free(before);
    free(after);
}

static void test_fake_and_tampered_templates_refused(void **state)
{
    (void)state;
    const char *ws = new_workspace("ws-fake");
    char *before = export_store(ws);
    char args[4400];
    /* not a template at all, whatever its sheets are called */
    const char *fake = fake_template();
    assert_lookup_rows(fake, 6);
    snprintf(args, sizeof args, "'%s' --as-of 2025-05-01", fake);
    assert_refused(ws, args, "not an RMI reporting template");
    /* a genuine template whose look-up is not the template's */
    const char *plain =
        derive("tampered_plain.xlsx", "xl/worksheets/sheet8.xml", lookup_two_rows_unsigned);
    assert_lookup_rows(plain, 6);
    snprintf(args, sizeof args, "'%s'", plain);
    assert_refused(ws, args, "does not have the structure");
    /* ... or has its structure but two rows: far smaller than the list in force */
    const char *two = derive("tampered_two_rows.xlsx", "xl/worksheets/sheet8.xml", lookup_two_rows);
    snprintf(args, sizeof args, "'%s'", two);
    assert_refused(ws, args, "--partial");
    char *after = export_store(ws);
    assert_string_equal(after, before);
    free(after);
    free(before);
    assert_metalor_is(ws, METALOR);
}

static void test_malformed_csv_refused(void **state)
{
    (void)state;
    const char *ws = new_workspace("ws-csv");
    char *before = export_store(ws);
    static const struct {
        const char *text, *why;
    } cases[] = {
        {"metal,name,id\nGold,Metalor,CID001153\n", "not a look-up column"},
        {HEADER "Gold,Metalor,Metalor,SWITZERLAND,CID001153,RMI,,,,extra\n", "fields where"},
        {HEADER "Gold,Evil\033[2J,Evil,SWITZERLAND,CID001153,RMI,,,\n", "control character"},
        {HEADER "Unobtainium,Evil,Evil,SWITZERLAND,CID001153,RMI,,,\n", "no known metal"},
        {HEADER "Gold,Evil,Evil,SWITZERLAND,EVIL-1153,RMI,,,\n", "not an RMI smelter ID"},
        {HEADER "Gold,Evil,Evil,SWITZERLAND,,RMI,,,\n", "no smelter ID"},
        {HEADER "Gold,Evil\xff,Evil,SWITZERLAND,CID001153,RMI,,,\n", "not UTF-8"},
    };
    char args[4400];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "bad%zu.csv", i);
        snprintf(args, sizeof args, "'%s' --as-of 2025-05-01 --partial",
                 write_text(name, cases[i].text));
        assert_refused(ws, args, cases[i].why);
    }
    /* a CSV carries no date: it must be given, and not in the future */
    const char *poison = write_text("dated.csv", POISON_CSV);
    snprintf(args, sizeof args, "'%s' --partial", poison);
    assert_refused(ws, args, "--as-of");
    snprintf(args, sizeof args, "'%s' --partial --as-of 2199-01-01", poison);
    assert_refused(ws, args, "after today");
    char *after = export_store(ws);
    assert_string_equal(after, before);
    free(after);
    free(before);
}

static void test_small_list_needs_partial_and_retires_nothing(void **state)
{
    (void)state;
    const char *ws = new_workspace("ws-partial");
    const char *tiny = write_text("tiny.csv", POISON_CSV);
    char args[4400];
    snprintf(args, sizeof args, "'%s' --as-of 2025-05-01", tiny);
    assert_refused(ws, args, "fewer than half");
    char *before = export_store(ws);
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err,
                      "refdata import --workspace '%s' '%s' --as-of 2025-05-01 "
                      "--partial --json",
                      ws, tiny);
    if (rc != 0) fail_msg("partial import: %s", err);
    json_t *j = parse_json_lines(out);
    json_t *r = json_array_get(j, 0);
    assert_true(json_is_true(json_object_get(r, "partial")));
    assert_int_equal(json_integer_value(json_object_get(r, "retired")), 0);
    assert_int_equal(json_integer_value(json_object_get(r, "added")), 1);
    assert_int_equal(json_integer_value(json_object_get(r, "renamed")), 1);
    json_decref(j);
    free(out);
    free(err);
    char *after = export_store(ws);
    /* nothing retired or merged: the same smelters are retired, one more is current */
    assert_int_equal(count_lines(after, "\tretired\t"), count_lines(before, "\tretired\t"));
    assert_int_equal(count_lines(after, "\tmerged\t"), count_lines(before, "\tmerged\t"));
    assert_int_equal(count_lines(after, "\tcurrent\t"), count_lines(before, "\tcurrent\t") + 1);
    free(before);
    free(after);
}

/* The import entry with this IMPORT_ID in `refdata sources --json`, or NULL. */
static json_t *source_of(json_t *list, long long id)
{
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        if (json_integer_value(json_object_get(e, "import_id")) == id) return e;
    }
    return NULL;
}

static void test_poisoned_import_undone_exactly(void **state)
{
    (void)state;
    const char *ws = new_workspace("ws-undo");
    char *snapshot = export_store(ws);
    char *out = NULL, *err = NULL;
    assert_int_equal(
        run_clif(&out, &err, "refdata import --workspace '%s' '%s'", ws, src_path(OFFICIAL)), 0);
    free(out);
    free(err);
    char *before = export_store(ws);
    /* forced in, the poisoned list renames Metalor's ID */
    const char *poison = write_text("poison.csv", POISON_CSV);
    assert_int_equal(run_clif(&out, &err,
                              "refdata import --workspace '%s' '%s' --as-of "
                              "2025-05-01 --partial",
                              ws, poison),
                     0);
    free(out);
    free(err);
    assert_metalor_is(ws, EVIL);

    /* both imports are listed with their IMPORT_IDs */
    json_t *list = cli_jsonl("refdata sources --workspace '%s' --json%s", ws, "");
    json_t *e1 = source_of(list, 1), *e2 = source_of(list, 2);
    assert_non_null(e1);
    assert_non_null(e2);
    assert_string_equal(jstr(e1, "source"), "CMRT 6.5 (cmrt65_valid_company.xlsx)");
    assert_string_equal(jstr(e2, "source"), "CSV poison.csv");
    assert_true(json_is_true(json_object_get(e2, "in_force")));
    assert_true(json_is_true(json_object_get(e2, "partial")));
    json_decref(list);

    /* newest first: the official import cannot be undone under the poisoned one */
    assert_int_equal(run_clif(&out, &err, "refdata undo --workspace '%s' 1", ws), 4);
    assert_non_null(strstr(err, "undo import 2 first"));
    free(out);
    free(err);
    assert_int_equal(run_clif(&out, &err, "refdata undo --workspace '%s' 2", ws), 0);
    assert_non_null(strstr(out, "Undid import 2"));
    free(out);
    free(err);
    char *after = export_store(ws);
    assert_string_equal(after, before);
    assert_metalor_is(ws, METALOR);
    assert_int_equal(run_clif(&out, &err, "refdata undo --workspace '%s' 2", ws), 4);
    assert_non_null(strstr(err, "already undone"));
    free(out);
    free(err);

    /* listed as undone; the undo is in the audit log, which stays intact */
    list = cli_jsonl("refdata sources --workspace '%s' --json%s", ws, "");
    e2 = source_of(list, 2);
    assert_non_null(e2);
    assert_true(json_is_false(json_object_get(e2, "in_force")));
    assert_true(json_is_string(json_object_get(e2, "undone_at")));
    json_decref(list);
    /* one line per entry, then the head hash */
    json_t *audit = cli_jsonl("audit show --workspace '%s' --json%s", ws, "");
    assert_true(json_array_size(audit) >= 2);
    json_t *last = json_array_get(audit, json_array_size(audit) - 2);
    assert_string_equal(jstr(last, "action"), "refdata.undo");
    assert_string_equal(jstr(last, "subject_id"), "2");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(last, "detail"), "import_id")), 2);
    json_decref(audit);
    assert_int_equal(run_clif(&out, &err, "audit verify --workspace '%s'", ws), 0);
    free(out);
    free(err);

    /* and the first import too: back to the shipped snapshot */
    assert_int_equal(run_clif(&out, &err, "refdata undo --workspace '%s' 1", ws), 0);
    assert_non_null(strstr(out, "shipped snapshot"));
    free(out);
    free(err);
    char *empty = export_store(ws);
    assert_string_equal(empty, snapshot);
    free(empty);
    free(after);
    free(before);
    free(snapshot);
}

static void test_reimport_after_poisoning_reports_changes(void **state)
{
    (void)state;
    const char *ws = new_workspace("ws-reimport");
    const char *official = src_path(OFFICIAL);
    json_t *j = cli_jsonl("refdata import --workspace '%s' '%s' --json", ws, official);
    assert_false(json_is_true(json_object_get(json_array_get(j, 0), "duplicate")));
    json_decref(j);
    j = cli_jsonl("refdata import --workspace '%s' '%s' --json", ws, official);
    assert_true(json_is_true(json_object_get(json_array_get(j, 0), "duplicate")));
    json_decref(j);
    /* a list of the same date renames Metalor; the official list again renames it back */
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err,
                              "refdata import --workspace '%s' '%s' --as-of "
                              "2025-04-25 --partial",
                              ws, write_text("p.csv", POISON_CSV)),
                     0);
    free(out);
    free(err);
    j = cli_jsonl("refdata import --workspace '%s' '%s' --json", ws, official);
    json_t *r = json_array_get(j, 0);
    assert_false(json_is_true(json_object_get(r, "duplicate")));
    assert_int_equal(json_integer_value(json_object_get(r, "renamed")), 1);
    assert_int_equal(json_integer_value(json_object_get(r, "retired")), 1); /* CID999998 */
    json_decref(j);
    assert_metalor_is(ws, METALOR);
}

static void test_status_import_undone(void **state)
{
    (void)state;
    const char *ws = new_workspace("ws-status");
    char *out = NULL, *err = NULL;
    assert_int_equal(
        run_clif(&out, &err, "refdata import --workspace '%s' '%s'", ws, src_path(OFFICIAL)), 0);
    free(out);
    free(err);
    char *before = export_store(ws);
    const char *st = write_text("status.csv", "smelter_id,status,as_of\n"
                                              "CID001153,Non-Conformant,2025-02-01\n");
    assert_int_equal(run_clif(&out, &err, "refdata status-import --workspace '%s' '%s'", ws, st),
                     0);
    free(out);
    free(err);
    json_t *j = match_json(ws, METALOR);
    assert_string_equal(jstr(j, "status"), "Non-Conformant");
    json_decref(j);
    assert_int_equal(run_clif(&out, &err, "refdata undo --workspace '%s' 2 --json", ws), 0);
    j = parse_json(out);
    assert_string_equal(jstr(j, "kind"), "status");
    json_decref(j);
    free(out);
    free(err);
    char *after = export_store(ws);
    assert_string_equal(after, before);
    j = match_json(ws, METALOR);
    assert_true(json_is_null(json_object_get(j, "status")));
    json_decref(j);
    free(after);
    free(before);
}

static char *hostile_name(const char *xml)
{
    const char *name = "Jiangxi Tuohong New Raw Material";
    const char *at = strstr(xml, name);
    assert_non_null(at);
    size_t head = (size_t)(at - xml);
    char *out = malloc(strlen(xml) + strlen(EVIL_XML) + 1);
    memcpy(out, xml, head);
    strcpy(out + head, EVIL_XML);
    strcat(out, at + strlen(name));
    return out;
}

static void test_hostile_name_escaped_in_html(void **state)
{
    (void)state;
    size_t len;
    char *bytes = slurp(src_path("tests/fixtures/cmrt65_defect_missing_company_name.xlsx"), &len);
    assert_non_null(bytes);
    const char *wb = tpath("hostile_name.xlsx");
    assert_int_equal(spit(wb, bytes, len), 0);
    free(bytes);
    int ze;
    zip_t *za = zip_open(wb, 0, &ze);
    /* the Smelter List (inline strings): the look-up name a supplier picked */
    char *sl = read_part(za, "xl/worksheets/sheet5.xml", &len);
    char *evil = hostile_name(sl);
    put_part(za, "xl/worksheets/sheet5.xml", evil);
    free(sl);
    free(evil);
    assert_int_equal(zip_close(za), 0);
    const char *dir = tpath("letters");
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "validate --feedback '%s' '%s'", dir, wb), 3);
    free(out);
    free(err);
    char html[4400];
    snprintf(html, sizeof html, "%s/hostile_name.html", dir);
    char *text = slurp(html, &len);
    if (!text) fail_msg("no letter %s", html);
    assert_non_null(strstr(text, "&lt;script&gt;alert(1)&lt;/script&gt; Evil Gold"));
    assert_null(strstr(text, "<script"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_workbooks_refused),
        cmocka_unit_test(test_fake_and_tampered_templates_refused),
        cmocka_unit_test(test_malformed_csv_refused),
        cmocka_unit_test(test_small_list_needs_partial_and_retires_nothing),
        cmocka_unit_test(test_poisoned_import_undone_exactly),
        cmocka_unit_test(test_reimport_after_poisoning_reports_changes),
        cmocka_unit_test(test_status_import_undone),
        cmocka_unit_test(test_hostile_name_escaped_in_html),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
