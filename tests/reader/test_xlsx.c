/* The .xlsx reader: real templates and samples open and give the cells a person sees;
 * every class of broken or hostile workbook is refused with its own error code. The
 * hostile workbooks are built here with libzip so each test says exactly what it feeds. */
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

/* ---- building small workbooks ------------------------------------------------------ */

typedef struct part {
    const char *name;
    const char *xml; /* NULL: use data/len */
    const void *data;
    size_t len;
} part;

static const char *CT = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                        "package/2006/content-types\"/>";
static const char *ROOT_RELS =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
    "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char *WB =
    "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/"
    "spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><workbookPr/><sheets><sheet name=\"Declaration\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";
static const char *WB_RELS =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
    "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

static char *build_zip(const char *dir, const char *name, const part *parts, size_t n)
{
    static char path_buf[4][4096];
    static int slot;
    char *path = path_buf[slot++ % 4];
    snprintf(path, 4096, "%s/%s", dir, name);
    int ze;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        const void *d = parts[i].xml ? parts[i].xml : parts[i].data;
        size_t len = parts[i].xml ? strlen(parts[i].xml) : parts[i].len;
        zip_source_t *s = zip_source_buffer(z, d, len, 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    return strdup(path);
}

/* A one-sheet workbook with the given sheet XML body (inside <sheetData>) and strings. */
static char *simple_workbook(const char *dir, const char *name, const char *wb_xml,
                             const char *sheet_data, const char *sst)
{
    char *sheet = malloc(strlen(sheet_data) + 512);
    sprintf(sheet,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet "
            "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>%s"
            "</sheetData></worksheet>",
            sheet_data);
    part parts[6] = {
        {"[Content_Types].xml", CT, 0, 0},
        {"_rels/.rels", ROOT_RELS, 0, 0},
        {"xl/workbook.xml", wb_xml ? wb_xml : WB, 0, 0},
        {"xl/_rels/workbook.xml.rels", WB_RELS, 0, 0},
        {"xl/worksheets/sheet1.xml", sheet, 0, 0},
        {"xl/sharedStrings.xml", sst ? sst : "<sst/>", 0, 0},
    };
    char *path = build_zip(dir, name, parts, 6);
    free(sheet);
    return path;
}

static ot_code open_code(const char *path, ot_workbook **wb_out, ot_error *err)
{
    ot_workbook *wb = NULL;
    ot_code rc = ot_workbook_open(path, NULL, &wb, err);
    if (wb_out)
        *wb_out = wb;
    else
        ot_workbook_close(wb);
    return rc;
}

static const char *text_at(const ot_sheet *sh, const char *a1)
{
    uint32_t r, c;
    assert_true(ot_parse_a1(a1, &r, &c));
    const ot_cell *cell = ot_sheet_cell(sh, r, c);
    return cell && cell->text ? cell->text : NULL;
}

/* ---- real files -------------------------------------------------------------------- */

static void every_official_template_opens_and_states_its_revision(void **state)
{
    (void)state;
    static const struct {
        const char *file, *revision;
    } cases[] = {
        {"RMI_CMRT_6.01.xlsx", "6.01"}, {"RMI_CMRT_6.1.xlsx", "6.1"},
        {"RMI_CMRT_6.22.xlsx", "6.22"}, {"RMI_CMRT_6.31.xlsx", "6.31"},
        {"RMI_CMRT_6.4.xlsx", "6.4"},   {"RMI_CMRT_6.5.xlsx", "6.5"},
        {"RMI_CRT_2.2.xlsx", "2.2"},    {"RMI_CRT_2.21.xlsx", "2.2"}, /* says 2.2 itself */
        {"RMI_EMRT_1.1.xlsx", "1.1"},   {"RMI_EMRT_1.11.xlsx", "1.11"},
        {"RMI_EMRT_1.2.xlsx", "1.2"},   {"RMI_EMRT_1.3.xlsx", "1.3"},
        {"RMI_EMRT_2.0.xlsx", "2.0"},   {"RMI_EMRT_2.1.xlsx", "2.1"},
        {"RMI_AMRT_1.2.xlsx", "1.2"},   {"RMI_AMRT_1.3.xlsx", "1.3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "rmi-templates/%s", cases[i].file);
        ot_workbook *wb;
        ot_error err = {0};
        assert_int_equal(open_code(shared_path(rel), &wb, &err), OT_OK);
        const ot_sheet *decl;
        assert_int_equal(ot_workbook_sheet(wb, "Declaration", &decl, &err), OT_OK);
        const char *j3 = text_at(decl, "J3");
        assert_non_null(j3);
        char want[32];
        snprintf(want, sizeof want, "Revision %s", cases[i].revision);
        if (strncmp(j3, want, strlen(want)) != 0) fail_msg("%s: J3 is '%s'", cases[i].file, j3);
        ot_workbook_close(wb);
    }
}

/* RMI once published an empty (0-byte) AMRT 1.1 file; suppliers send such files too. */
static void zero_byte_file_is_not_a_workbook(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/RMI_AMRT_1.1.xlsx", dir);
    spit(path, "", 0);
    ot_error err = {0};
    assert_int_equal(open_code(path, NULL, &err), OT_E_NOT_WORKBOOK);
    assert_non_null(strstr(err.message, "empty"));
    rm_rf(dir);
    free(dir);
}

/* Every supplier sample: company name and smelter count cells as truth.jsonl states. */
static void samples_give_the_company_name_the_supplier_typed(void **state)
{
    (void)state;
    json_error_t jerr;
    FILE *f = fopen(shared_path("samples/truth.jsonl"), "r");
    assert_non_null(f);
    char line[1 << 20];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        json_t *t = json_loads(line, 0, &jerr);
        assert_non_null(t);
        const char *file = json_string_value(json_object_get(t, "file"));
        const char *company =
            json_string_value(json_object_get(json_object_get(t, "company"), "name"));
        char rel[512];
        snprintf(rel, sizeof rel, "samples/%s", file);
        ot_workbook *wb;
        ot_error err = {0};
        assert_int_equal(open_code(shared_path(rel), &wb, &err), OT_OK);
        const ot_sheet *decl;
        assert_int_equal(ot_workbook_sheet(wb, "Declaration", &decl, &err), OT_OK);
        if (company)
            assert_string_equal(text_at(decl, "D8"), company);
        else
            assert_null(text_at(decl, "D8"));
        const ot_sheet *sl;
        assert_int_equal(ot_workbook_sheet(wb, "Smelter List", &sl, &err), OT_OK);
        json_t *smelters = json_object_get(t, "smelters");
        /* the first listed smelter row exists on the sheet */
        if (json_array_size(smelters)) {
            json_int_t row =
                json_integer_value(json_object_get(json_array_get(smelters, 0), "row"));
            int found = 0;
            for (uint32_t col = 1; col <= 17; col++)
                found |= ot_sheet_cell(sl, (uint32_t)row, col) != NULL;
            assert_true(found);
        }
        ot_workbook_close(wb);
        json_decref(t);
        n++;
    }
    fclose(f);
    assert_true(n >= 10);
}

static void missing_sheet_is_reported_by_name(void **state)
{
    (void)state;
    ot_workbook *wb;
    ot_error err = {0};
    assert_int_equal(open_code(vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx"), &wb, &err), OT_OK);
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "No Such Sheet", &sh, &err), OT_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "No Such Sheet"));
    assert_true(ot_workbook_find_sheet(wb, "smelter list") >= 0); /* case-insensitive */
    ot_workbook_close(wb);
}

/* ---- cell encodings ---------------------------------------------------------------- */

static void cells_decode_every_kind_of_value(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    const char *sst =
        "<sst><si><t xml:space=\"preserve\">  Tin &amp; Gold  </t></si>"
        "<si><r><rPr><b/></rPr><t>Rich</t></r><r><t xml:space=\"preserve\"> text</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>フリガナ</t></rPh></si><si/>"
        "<si><t>Line_x000D_\nbreak</t></si></sst>";
    const char *data =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>3</v></c><c r=\"D1\" t=\"s\"><v>2</v></c></row>"
        "<row r=\"2\"><c r=\"A2\"><v>45788</v></c><c r=\"B2\" t=\"b\"><v>1</v></c>"
        "<c r=\"C2\" t=\"e\"><v>#N/A</v></c><c r=\"D2\" t=\"str\"><f>A1</f><v>cached</v></c>"
        "<c r=\"E2\" t=\"inlineStr\"><is><t>inline &#233;&#x4E2D;</t></is></c>"
        "<c r=\"F2\"><f>1+1</f></c><c r=\"G2\" t=\"str\"><f>B1</f><v></v></c></row>"
        "<row><c><v>1</v></c><c><v>2.5</v></c></row>";
    char *path = simple_workbook(dir, "kinds.xlsx", NULL, data, sst);
    ot_workbook *wb;
    ot_error err = {0};
    assert_int_equal(open_code(path, &wb, &err), OT_OK);
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_OK);
    assert_string_equal(text_at(sh, "A1"), "Tin & Gold");
    assert_string_equal(text_at(sh, "B1"), "Rich text");   /* phonetic run skipped */
    assert_string_equal(text_at(sh, "C1"), "Line\nbreak"); /* _x000D_ + LF = one break */
    assert_null(ot_sheet_cell(sh, 1, 4));                  /* empty shared string: empty cell */
    const ot_cell *a2 = ot_sheet_cell(sh, 2, 1);
    assert_int_equal(a2->kind, OT_CELL_NUMBER);
    assert_true(a2->number == 45788);
    assert_int_equal(ot_sheet_cell(sh, 2, 2)->kind, OT_CELL_BOOL);
    assert_int_equal(ot_sheet_cell(sh, 2, 3)->kind, OT_CELL_ERROR);
    assert_string_equal(text_at(sh, "C2"), "#N/A");
    const ot_cell *d2 = ot_sheet_cell(sh, 2, 4);
    assert_true(d2->formula);
    assert_string_equal(d2->text, "cached");
    assert_string_equal(text_at(sh, "E2"), "inline \xC3\xA9\xE4\xB8\xAD");
    assert_null(ot_sheet_cell(sh, 2, 6)); /* formula without a cached value */
    assert_null(ot_sheet_cell(sh, 2, 7)); /* formula whose cached value is empty */
    /* cells without r attributes follow their row: row 3, columns A and B */
    assert_true(ot_sheet_cell(sh, 3, 1)->number == 1);
    assert_true(ot_sheet_cell(sh, 3, 2)->number == 2.5);
    assert_false(ot_workbook_date1904(wb));
    ot_workbook_close(wb);
    free(path);
    rm_rf(dir);
    free(dir);
}

static void namespace_prefixes_and_1904_dates_are_understood(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    const char *wb_xml =
        "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"http://schemas.openxmlformats.org/"
        "spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
        "2006/relationships\"><x:workbookPr date1904=\"1\"/><x:sheets><x:sheet "
        "name=\"Smelter &amp; List\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>";
    char *sheet = "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
                  "spreadsheetml/2006/main\"><x:sheetData><x:row r=\"5\"><x:c r=\"C5\" "
                  "t=\"inlineStr\"><x:is><x:t>Prefixed</x:t></x:is></x:c></x:row></x:sheetData>"
                  "</x:worksheet>";
    part parts[] = {{"[Content_Types].xml", CT, 0, 0},
                    {"_rels/.rels", ROOT_RELS, 0, 0},
                    {"xl/workbook.xml", wb_xml, 0, 0},
                    {"xl/_rels/workbook.xml.rels", WB_RELS, 0, 0},
                    {"xl/worksheets/sheet1.xml", sheet, 0, 0}};
    char *path = build_zip(dir, "prefixed.xlsx", parts, 5);
    ot_workbook *wb;
    ot_error err = {0};
    assert_int_equal(open_code(path, &wb, &err), OT_OK);
    assert_true(ot_workbook_date1904(wb));
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Smelter & List", &sh, &err), OT_OK);
    assert_string_equal(text_at(sh, "C5"), "Prefixed");
    ot_workbook_close(wb);
    free(path);
    rm_rf(dir);
    free(dir);
}

/* A sheet far larger than the reader's window streams through in bounded memory. */
static void large_sheet_streams_across_many_windows(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    size_t rows = 130000; /* ~13.6 MB of XML: more than the one-shot inflate limit */
    char *data = malloc(rows * 120);
    size_t o = 0;
    for (size_t r = 1; r <= rows; r++)
        o += (size_t)sprintf(data + o,
                             "<row r=\"%zu\"><c r=\"B%zu\" t=\"inlineStr\"><is><t>row %zu"
                             "</t></is></c><c r=\"Q%zu\"><v>%zu</v></c></row>",
                             r, r, r, r, r);
    char *path = simple_workbook(dir, "large.xlsx", NULL, data, NULL);
    free(data);
    ot_workbook *wb;
    ot_error err = {0};
    assert_int_equal(open_code(path, &wb, &err), OT_OK);
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_OK);
    size_t n;
    ot_sheet_cells(sh, &n);
    assert_int_equal(n, rows * 2);
    assert_string_equal(text_at(sh, "B59999"), "row 59999");
    assert_true(ot_sheet_cell(sh, 130000, 17)->number == 130000);
    ot_workbook_close(wb);
    free(path);
    rm_rf(dir);
    free(dir);
}

/* ---- hostile and broken input ------------------------------------------------------ */

static void hostile_input_is_refused_with_its_own_code(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    ot_error err = {0};
    char path[4096];

    snprintf(path, sizeof path, "%s/text.xlsx", dir);
    spit(path, "hello, this is not a workbook", 29);
    assert_int_equal(open_code(path, NULL, &err), OT_E_NOT_WORKBOOK);

    /* a real template cut in half keeps its zip signature but loses the directory */
    size_t len;
    char *real = slurp(vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx"), &len);
    snprintf(path, sizeof path, "%s/half.xlsx", dir);
    spit(path, real, len / 2);
    assert_int_equal(open_code(path, NULL, &err), OT_E_TRUNCATED);
    free(real);

    char *p =
        simple_workbook(dir, "doctype.xlsx",
                        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY "
                        "lol2 \"&lol;&lol;&lol;&lol;\">]><workbook><sheets><sheet "
                        "name=\"&lol2;\" r:id=\"rId1\"/></sheets></workbook>",
                        "", NULL);
    assert_int_equal(open_code(p, NULL, &err), OT_E_XML_DTD);
    free(p);

    part trav[] = {{"[Content_Types].xml", CT, 0, 0}, {"../../evil.xml", "<x/>", 0, 0}};
    p = build_zip(dir, "traversal.xlsx", trav, 2);
    assert_int_equal(open_code(p, NULL, &err), OT_E_UNSAFE_PATH);
    free(p);
    part absolute[] = {{"/etc/cron.d/evil", "<x/>", 0, 0}};
    p = build_zip(dir, "absolute.xlsx", absolute, 1);
    assert_int_equal(open_code(p, NULL, &err), OT_E_UNSAFE_PATH);
    free(p);

    part no_wb[] = {{"[Content_Types].xml", CT, 0, 0}, {"_rels/.rels", ROOT_RELS, 0, 0}};
    p = build_zip(dir, "nowb.xlsx", no_wb, 2);
    assert_int_equal(open_code(p, NULL, &err), OT_E_MISSING_PART);
    free(p);

    part no_sheet[] = {{"[Content_Types].xml", CT, 0, 0},
                       {"_rels/.rels", ROOT_RELS, 0, 0},
                       {"xl/workbook.xml", WB, 0, 0},
                       {"xl/_rels/workbook.xml.rels", WB_RELS, 0, 0}};
    p = build_zip(dir, "nosheet.xlsx", no_sheet, 4);
    ot_workbook *wb;
    assert_int_equal(open_code(p, &wb, &err), OT_OK);
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_E_MISSING_PART);
    ot_workbook_close(wb);
    free(p);

    static const char *absurd[] = {"<row r=\"1\"><c r=\"A99999999\"><v>1</v></c></row>",
                                   "<row r=\"1\"><c r=\"ZZZZ1\"><v>1</v></c></row>",
                                   "<row r=\"2000000\"><c><v>1</v></c></row>"};
    for (size_t i = 0; i < 3; i++) {
        p = simple_workbook(dir, "absurd.xlsx", NULL, absurd[i], NULL);
        assert_int_equal(open_code(p, &wb, &err), OT_OK);
        assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_E_BAD_CELL);
        ot_workbook_close(wb);
        free(p);
    }

    p = simple_workbook(dir, "badsst.xlsx", NULL,
                        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>",
                        "<sst><si><t>only one</t></si></sst>");
    assert_int_equal(open_code(p, &wb, &err), OT_OK);
    assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_E_CORRUPT);
    ot_workbook_close(wb);
    free(p);

    /* 40 MB of zeros deflates to ~40 KB: refused from its ratio before inflating */
    size_t bomb_len = 40u << 20;
    char *zeros = calloc(1, bomb_len);
    memcpy(zeros, "<worksheet><sheetData>", 22);
    part bomb[] = {{"[Content_Types].xml", CT, 0, 0},
                   {"_rels/.rels", ROOT_RELS, 0, 0},
                   {"xl/workbook.xml", WB, 0, 0},
                   {"xl/_rels/workbook.xml.rels", WB_RELS, 0, 0},
                   {"xl/worksheets/sheet1.xml", NULL, zeros, bomb_len}};
    p = build_zip(dir, "bomb.xlsx", bomb, 5);
    free(zeros);
    assert_int_equal(open_code(p, &wb, &err), OT_OK);
    assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_E_ZIP_BOMB);
    ot_workbook_close(wb);
    free(p);

    rm_rf(dir);
    free(dir);
}

/* Every truncation of a real workbook fails cleanly (no crash, a clear code). */
static void every_truncation_fails_cleanly(void **state)
{
    (void)state;
    size_t len;
    char *real = slurp(shared_path("samples/007_ganga-electro-mechanicals-pv.xlsx"), &len);
    assert_non_null(real);
    for (size_t cut = 0; cut < len; cut += len / 37 + 1) {
        ot_workbook *wb = NULL;
        ot_error err = {0};
        ot_code rc = ot_workbook_open_mem(real, cut, "cut", NULL, &wb, &err);
        if (rc == OT_OK) { /* only possible when the directory survived: cannot at < len */
            ot_workbook_close(wb);
            fail_msg("truncated at %zu opened", cut);
        }
        assert_true(rc == OT_E_TRUNCATED || rc == OT_E_NOT_WORKBOOK || rc == OT_E_CORRUPT);
        assert_true(strlen(err.message) > 0);
    }
    free(real);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zero_byte_file_is_not_a_workbook),
        cmocka_unit_test(missing_sheet_is_reported_by_name),
        cmocka_unit_test(cells_decode_every_kind_of_value),
        cmocka_unit_test(namespace_prefixes_and_1904_dates_are_understood),
        cmocka_unit_test(large_sheet_streams_across_many_windows),
        cmocka_unit_test(hostile_input_is_refused_with_its_own_code),
    };
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(every_official_template_opens_and_states_its_revision),
        cmocka_unit_test(samples_give_the_company_name_the_supplier_typed),
        cmocka_unit_test(every_truncation_fails_cleanly),
    };
    return run_test_groups(argc, argv, tests, shared_tests,
                           "all 16 official templates and the samples", NULL, NULL);
}
