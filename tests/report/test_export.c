/* test_export.c - the XLSX and CSV exports (report/export.h) of a book filled by hand with
 * hostile and awkward text: the CSV files parse back (util/csv.h) to exactly the cells
 * given, text neutralised against formulas (= + - @ tab CR) the same way in both formats;
 * the XLSX read back with openpyxl has a frozen bold header, an autofilter, numbers as
 * numbers, dates as date cells and formula-like text as string cells; docs/exports.md is
 * what the column table generates. The XLSX checks need python3-openpyxl (test set). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/export.h"
#include "testutil.h"
#include "util/csv.h"
#include "util/strbuf.h"

/* Supplier text a spreadsheet would run, and text that only needs quoting. */
static const char *const hostile[] = {
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+49 621 555 0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)",
    "\t=cmd",
    "\r=cmd",
    "a,b \"quoted\"",
    "two\r\nlines",
    " padded ",
    "Ōkubo Kinzoku, Türkiye, 東京",
};
#define HOSTILE_N (sizeof hostile / sizeof hostile[0])

/* A book whose unresolved-names table holds the hostile texts as names, and a supplier
 * row with numbers, a date and blanks. */
static ot_export_book *sample_book(void)
{
    ot_export_book *b = NULL;
    assert_int_equal(ot_export_book_new("oretrace export: test", &b, NULL), OT_OK);
    for (size_t i = 0; i < HOSTILE_N; i++) {
        char row[16];
        snprintf(row, sizeof row, "%zu", i + 5);
        const char *cells[] = {"Gold", hostile[i], "PERU", NULL, "SUP-1", "12", row, "no match"};
        ot_export_book_row(b, OT_EXPORT_UNRESOLVED, cells);
    }
    const char *sup[16] = {"SUP-1",   "=Acme",
                           "Tier 1",  "received",
                           "12",      "2026-03-15T09:30:00Z",
                           "valid",   "CMRT 6.5",
                           "strong",  "all answers yes",
                           "company", "complete",
                           "42",      "0",
                           "",        "3"};
    ot_export_book_row(b, OT_EXPORT_SUPPLIERS, sup);
    assert_int_equal(ot_export_book_status(b, NULL), OT_OK);
    return b;
}

typedef struct csv_read {
    size_t rows, columns_wrong;
    char *cells[32][16];
} csv_read;

static ot_code keep_row(const ot_csv_row *row, void *ctx, ot_error *err)
{
    (void)err;
    csv_read *r = ctx;
    assert_false(row->malformed);
    if (r->rows < 32) {
        for (size_t i = 0; i < row->count && i < 16; i++)
            r->cells[r->rows][i] = strdup(row->fields[i]);
    }
    r->rows++;
    return OT_OK;
}

static void free_read(csv_read *r)
{
    for (size_t i = 0; i < 32; i++)
        for (size_t j = 0; j < 16; j++)
            free(r->cells[i][j]);
}

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static void test_csv_round_trip_and_neutralised(void **state)
{
    (void)state;
    ot_export_book *b = sample_book();
    char *dir = path_in(test_dir, "csv");
    ot_error err = {0};
    assert_int_equal(ot_export_write_csv(b, dir, &err), OT_OK);
    char *file = path_in(dir, "unresolved.csv");
    csv_read r = {0};
    assert_int_equal(ot_csv_read_file(file, 0, keep_row, &r, &err), OT_OK);
    assert_int_equal(r.rows, HOSTILE_N + 1);
    const ot_export_table *t = ot_export_table_get(OT_EXPORT_UNRESOLVED);
    for (size_t c = 0; c < t->column_count; c++)
        assert_string_equal(r.cells[0][c], t->columns[c].name);
    for (size_t i = 0; i < HOSTILE_N; i++) {
        char *want = ot_export_text(hostile[i]);
        assert_string_equal(r.cells[i + 1][1], want);
        free(want);
    }
    assert_string_equal(r.cells[1][1], "'=HYPERLINK(\"http://evil.example\",\"click\")");
    assert_string_equal(r.cells[5][1], "'\t=cmd");
    assert_string_equal(r.cells[6][1], "'\r=cmd");
    assert_string_equal(r.cells[9][1], " padded ");
    assert_string_equal(r.cells[1][3], ""); /* blank stays blank */
    free_read(&r);
    /* CRLF after every record; the only bare LF is inside the quoted two-line cell */
    char *text = slurp(file, NULL);
    size_t lf = 0, crlf = 0;
    for (const char *p = text; *p; p++)
        lf += *p == '\n', crlf += *p == '\n' && p > text && p[-1] == '\r';
    assert_int_equal(crlf, HOSTILE_N + 1 + 1); /* records + the CRLF inside "two\r\nlines" */
    assert_int_equal(lf, crlf);
    assert_non_null(strstr(text, "\"a,b \"\"quoted\"\"\""));
    free(text);
    free(file);
    for (int id = 0; id < OT_EXPORT__COUNT; id++) { /* one file per table, header at least */
        char name[64];
        snprintf(name, sizeof name, "%s.csv", ot_export_table_get(id)->name);
        char *p = path_in(dir, name);
        char *body = slurp(p, NULL);
        assert_non_null(body);
        assert_non_null(strstr(body, "\r\n"));
        free(body);
        free(p);
    }
    free(dir);
    ot_export_book_free(b);
}

static void test_csv_into_a_file_is_an_error(void **state)
{
    (void)state;
    ot_export_book *b = sample_book();
    char *file = path_in(test_dir, "plain-file");
    assert_int_equal(spit(file, "x", 1), 0);
    ot_error err = {0};
    assert_int_equal(ot_export_write_csv(b, file, &err), OT_E_IO);
    assert_non_null(strstr(err.message, "not a folder"));
    assert_int_equal(ot_export_write_xlsx(b, "/nonexistent-dir/x.xlsx", &err), OT_E_IO);
    assert_non_null(strstr(err.message, "/nonexistent-dir/x.xlsx"));
    free(file);
    ot_export_book_free(b);
}

/* Debian's python3 (which python3-openpyxl installs into) before whatever PATH offers. */
static const char *python(void)
{
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* The workbook as openpyxl reads it (tests/report/xlsx_dump.py), NULL when it cannot. */
static json_t *dump_xlsx(const char *path)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s '%s' '%s' 2>&1", python(), src_path("tests/report/xlsx_dump.py"),
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    ot_strbuf sb = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        ot_sb_append(&sb, buf, n);
    int st = pclose(p);
    if (st != 0) {
        fprintf(stderr, "xlsx_dump.py: %s\n", ot_sb_str(&sb));
        ot_sb_free(&sb);
        return NULL;
    }
    json_t *j = parse_json(ot_sb_str(&sb));
    ot_sb_free(&sb);
    return j;
}

static json_t *sheet_named(json_t *dump, const char *name)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(dump, "sheets"), i, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0) return s;
    }
    fail_msg("no sheet %s", name);
    return NULL;
}

static json_t *cell(json_t *sheet, size_t row, size_t col)
{
    return json_array_get(json_array_get(json_object_get(sheet, "rows"), row), col);
}

static void test_xlsx_read_back(void **state)
{
    (void)state;
    char probe[128];
    snprintf(probe, sizeof probe, "%s -c 'import openpyxl' >/dev/null 2>&1", python());
    if (system(probe) != 0) {
        printf("note: python3-openpyxl missing, the XLSX read-back is not checked\n");
        skip();
    }
    ot_export_book *b = sample_book();
    char *path = path_in(test_dir, "export.xlsx");
    ot_error err = {0};
    assert_int_equal(ot_export_write_xlsx(b, path, &err), OT_OK);
    json_t *dump = dump_xlsx(path);
    assert_non_null(dump);
    assert_string_equal(json_string_value(json_object_get(dump, "title")), "oretrace export: test");
    assert_int_equal(json_array_size(json_object_get(dump, "sheets")), OT_EXPORT__COUNT);
    json_t *un = sheet_named(dump, "Unresolved names");
    assert_string_equal(json_string_value(json_object_get(un, "freeze")), "A2");
    assert_string_equal(json_string_value(json_object_get(un, "filter")), "A1:H11");
    assert_string_equal(json_string_value(json_object_get(cell(un, 0, 1), "v")), "Name");
    /* "=..." is a string cell holding the neutralised text, not a formula */
    json_t *f = cell(un, 1, 1);
    assert_string_equal(json_string_value(json_object_get(f, "t")), "s");
    assert_string_equal(json_string_value(json_object_get(f, "v")),
                        "'=HYPERLINK(\"http://evil.example\",\"click\")");
    assert_string_equal(json_string_value(json_object_get(cell(un, 4, 1), "v")), "'@SUM(1+9)");
    assert_string_equal(json_string_value(json_object_get(cell(un, 10, 1), "v")),
                        "Ōkubo Kinzoku, Türkiye, 東京");
    assert_int_equal(json_integer_value(json_object_get(cell(un, 1, 6), "v")), 5); /* Row */
    assert_string_equal(json_string_value(json_object_get(cell(un, 1, 6), "t")), "n");
    json_t *sup = sheet_named(dump, "Suppliers");
    json_t *received = cell(sup, 1, 5);
    assert_true(json_is_true(json_object_get(received, "date")));
    assert_string_equal(json_string_value(json_object_get(received, "v")), "2026-03-15");
    assert_string_equal(json_string_value(json_object_get(received, "fmt")), "yyyy-mm-dd");
    assert_string_equal(json_string_value(json_object_get(cell(sup, 1, 1), "v")), "'=Acme");
    assert_true(json_is_null(json_object_get(cell(sup, 1, 14), "v"))); /* blank count */
    /* widths from the content: the long name column is wider than the metal column */
    json_t *widths = json_object_get(un, "widths");
    assert_true(json_real_value(json_object_get(widths, "B")) >
                json_real_value(json_object_get(widths, "A")));
    json_decref(dump);
    free(path);
    ot_export_book_free(b);
}

#define BEGIN "<!-- exports:begin -->\n"
#define END "<!-- exports:end -->"

static void test_docs_are_generated_from_the_column_table(void **state)
{
    (void)state;
    ot_strbuf want = {0};
    ot_export_markdown(&want);
    const char *path = src_path("docs/exports.md");
    char *doc = slurp(path, NULL);
    assert_non_null(doc);
    char *begin = strstr(doc, BEGIN), *end = begin ? strstr(begin, END) : NULL;
    if (!begin || !end) fail_msg("docs/exports.md has no %s ... %s block", BEGIN, END);
    begin += strlen(BEGIN);
    const char *update = getenv("ORETRACE_UPDATE_DOCS");
    if (update && strcmp(update, "1") == 0) {
        ot_strbuf out = {0};
        ot_sb_append(&out, doc, (size_t)(begin - doc));
        ot_sb_puts(&out, ot_sb_str(&want));
        ot_sb_puts(&out, end);
        assert_int_equal(spit(path, out.data, out.len), 0);
        ot_sb_free(&out);
        free(doc);
        doc = slurp(path, NULL);
        begin = strstr(doc, BEGIN) + strlen(BEGIN);
        end = strstr(begin, END);
    }
    *end = '\0';
    if (strcmp(begin, ot_sb_str(&want)) != 0)
        fprintf(stderr, "  docs/exports.md is stale: run ORETRACE_UPDATE_DOCS=1 "
                        "build/tests/report_test_export\n");
    assert_string_equal(begin, ot_sb_str(&want));
    free(doc);
    ot_sb_free(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_round_trip_and_neutralised),
        cmocka_unit_test(test_csv_into_a_file_is_an_error),
        cmocka_unit_test(test_xlsx_read_back),
        cmocka_unit_test(test_docs_are_generated_from_the_column_table),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
