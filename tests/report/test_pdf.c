/* test_pdf.c - the PDF copy of a report (report/pdf.h) read back with poppler's
 * pdftotext and pdfinfo: every heading, cell and accented or non-Latin name is there as
 * text, a 200-row table spanning pages repeats its header and never splits a row, each
 * page says "Page N of M" with M the real page count, charts carry their titles, legends
 * and values, the metadata names the title and oretrace, and a path that cannot be written
 * is an error value. Needs poppler-utils (the test package set); skipped without it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/document.h"
#include "report/pdf.h"
#include "testutil.h"
#include "util/strbuf.h"

#define ROWS 200

/* Output of a shell command (malloc'd), NULL when it fails. */
static char *run_tool(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run_tool(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    ot_strbuf sb = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        ot_sb_append(&sb, buf, n);
    int st = pclose(p);
    if (st != 0) {
        ot_sb_free(&sb);
        return NULL;
    }
    ot_sb_putc(&sb, '\0');
    return sb.data;
}

static char *pdf_text(const char *path)
{
    char *t = run_tool("pdftotext -enc UTF-8 -layout '%s' - 2>/dev/null", path);
    assert_non_null(t);
    return t;
}

static int pdf_pages(const char *path)
{
    char *info = run_tool("pdfinfo '%s' 2>/dev/null", path);
    assert_non_null(info);
    const char *p = strstr(info, "Pages:");
    assert_non_null(p);
    int pages = atoi(p + 6);
    free(info);
    return pages;
}

/* With $OT_TEST_KEEP_PDF set to a folder, a copy of each PDF goes there (to look at). */
static void keep(const char *path)
{
    const char *dir = getenv("OT_TEST_KEEP_PDF");
    if (dir && *dir) free(run_tool("cp '%s' '%s'/", path, dir));
}

/* The value of one pdfinfo field, in a static buffer. */
static const char *pdf_info(const char *path, const char *field)
{
    static char value[256];
    char *info = run_tool("pdfinfo '%s' 2>/dev/null", path);
    assert_non_null(info);
    value[0] = '\0';
    for (char *line = strtok(info, "\n"); line; line = strtok(NULL, "\n")) {
        size_t n = strlen(field);
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            v += strspn(v, " ");
            snprintf(value, sizeof value, "%s", v);
        }
    }
    free(info);
    return value;
}

static const char *const metals[] = {"Gold", "Tin", "Tantalum", "Tungsten"};

static void add_table(ot_doc *d)
{
    const char *header[] = {"Metal", "Standard smelter name", "Country", "Smelter ID", "RMAP"};
    ot_align align[] = {OT_ALIGN_LEFT, OT_ALIGN_LEFT, OT_ALIGN_LEFT, OT_ALIGN_LEFT, OT_ALIGN_RIGHT};
    ot_doc_table_begin(d, "Smelters and refiners", header, align, 5);
    for (int i = 1; i <= ROWS; i++) {
        char name[160], id[32], status[32];
        snprintf(name, sizeof name, "Row%03d Refinery %s", i,
                 i == 7 ? "Ōkubo Kinzoku with a very long name that must wrap inside its "
                          "column rather than run over the next one, twice over"
                        : "Co.");
        snprintf(id, sizeof id, "CID%06d", i);
        snprintf(status, sizeof status, "End%03d", i);
        const char *cells[] = {metals[i % 4], name, i % 2 ? "Türkiye" : "東京 Japan", id, status};
        ot_doc_table_row(d, cells);
    }
}

static void add_charts(ot_doc *d)
{
    const char *cats[] = {"Gold", "Tin", "Tantalum", "Tungsten"};
    double conf[] = {31, 42, 17, 25}, active[] = {4, 6, 1, 3}, none[] = {12, 9, 2, 7};
    ot_chart_series stacked[] = {{"Conformant", conf}, {"Active", active}, {"Not enrolled", none}};
    ot_doc_chart(d, OT_CHART_STACKED_BAR, "RMAP status of reported smelters by metal", "smelters",
                 cats, 4, stacked, 3);
    const char *countries[] = {"China",
                               "Peru",
                               "Türkiye",
                               "Japan",
                               "Bolivia",
                               "Democratic Republic of the Congo",
                               "Rwanda",
                               "Indonesia",
                               "Malaysia",
                               "Thailand",
                               "Brazil",
                               "United States of America",
                               "Russian Federation",
                               "Kazakhstan"};
    double counts[] = {48, 11, 5, 9, 7, 2, 3, 21, 6, 4, 8, 14, 10, 1};
    ot_chart_series bar[] = {{"Smelters", counts}};
    ot_doc_chart(d, OT_CHART_BAR, "Smelters by country", "smelters", countries, 14, bar, 1);
    const char *weeks[] = {"2026-01-05", "2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04"};
    double answered[] = {3, 17, 36, 51, 58}, waiting[] = {60, 44, 25, 10, 3};
    ot_chart_series line[] = {{"Responded", answered}, {"No response", waiting}};
    ot_doc_chart(d, OT_CHART_LINE, "Response status over the campaign", "suppliers", weeks, 5, line,
                 2);
}

static ot_doc *sample_doc(void)
{
    ot_doc *d = NULL;
    assert_int_equal(ot_doc_new("Conflict Minerals Report 2026", &d, NULL), OT_OK);
    ot_doc_heading(d, 1, "Conflict Minerals Report");
    ot_run runs[] = {{"Supplier ", false, false},
                     {"Ōkubo Kinzoku", true, false},
                     {" of Türkiye and ", false, false},
                     {"東京", false, true},
                     {" reported their smelters.", false, false}};
    ot_doc_paragraph_runs(d, runs, 5);
    ot_doc_heading(d, 2, "Steps taken");
    const char *items[] = {"Surveyed 63 suppliers", "Followed up twice"};
    ot_doc_list(d, true, items, 2);
    ot_doc_list(d, false, items, 2);
    add_charts(d);
    ot_doc_heading(d, 2, "Appendix");
    add_table(d);
    ot_doc_page_break(d);
    ot_doc_paragraph(d, "The end of the report.");
    assert_int_equal(ot_doc_status(d, NULL), OT_OK);
    return d;
}

static char *write_sample(const char *name, ot_page_size size)
{
    ot_doc *d = sample_doc();
    char *path = malloc(strlen(test_dir) + 64);
    sprintf(path, "%s/%s", test_dir, name);
    char footer[128];
    ot_pdf_unofficial_footer("2026-12-07", footer, sizeof footer);
    ot_pdf_options opt = {.page_size = size, .footer = footer, .author = "Acme Corp"};
    ot_error err = {0};
    const ot_doc *docs[] = {d};
    assert_int_equal(ot_report_pdf_write(docs, 1, path, &opt, &err), OT_OK);
    ot_doc_free(d);
    keep(path);
    return path;
}

/* Text of page n (1-based): pdftotext ends each page with a form feed. */
static char *page_text(const char *all, int n)
{
    const char *p = all;
    for (int i = 1; i < n && p; i++) {
        p = strchr(p, '\f');
        if (p) p++;
    }
    assert_non_null(p);
    const char *end = strchr(p, '\f');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char *out = malloc(len + 1);
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

static void test_page_numbers_and_metadata(void **state)
{
    (void)state;
    char *path = write_sample("report.pdf", OT_PAGE_A4);
    int pages = pdf_pages(path);
    assert_true(pages >= 5); /* charts and a 200-row table do not fit on fewer */
    char *text = pdf_text(path);
    for (int n = 1; n <= pages; n++) {
        char want[64];
        snprintf(want, sizeof want, "Page %d of %d", n, pages);
        char *page = page_text(text, n);
        assert_non_null(strstr(page, want));
        assert_non_null(strstr(page, "Unofficial copy - generated by oretrace on 2026-12-07"));
        free(page);
    }
    assert_string_equal(pdf_info(path, "Title"), "Conflict Minerals Report 2026");
    assert_string_equal(pdf_info(path, "Creator"), "oretrace");
    assert_string_equal(pdf_info(path, "Author"), "Acme Corp");
    assert_non_null(strstr(pdf_info(path, "Page size"), "(A4)"));
    free(text);
    free(path);
}

/* Every row is on one page with all its cells, in order; every page holding rows has the
 * header row; the table reaches several pages. */
static void test_table_rows_whole_and_header_repeated(void **state)
{
    (void)state;
    char *path = write_sample("table.pdf", OT_PAGE_A4);
    int pages = pdf_pages(path);
    char *text = pdf_text(path);
    int next_row = 1, table_pages = 0;
    for (int n = 1; n <= pages; n++) {
        char *page = page_text(text, n);
        bool any = false;
        for (; next_row <= ROWS; next_row++) {
            char first[16], last[16];
            snprintf(first, sizeof first, "Row%03d", next_row);
            snprintf(last, sizeof last, "End%03d", next_row);
            if (!strstr(page, first)) break;
            assert_non_null(strstr(page, last)); /* its last cell on the same page */
            any = true;
        }
        if (any) {
            table_pages++;
            assert_non_null(strstr(page, "Standard smelter name"));
            assert_non_null(strstr(page, "Smelter ID"));
        }
        if (any && table_pages > 1)
            assert_non_null(strstr(page, "Smelters and refiners (continued)"));
        free(page);
    }
    assert_int_equal(next_row, ROWS + 1);
    assert_true(table_pages >= 3);
    /* the long cell wrapped inside its column: all its words are there */
    assert_non_null(strstr(text, "Ōkubo"));
    assert_non_null(strstr(text, "twice over"));
    free(text);
    free(path);
}

static void test_unicode_and_charts(void **state)
{
    (void)state;
    char *path = write_sample("unicode.pdf", OT_PAGE_A4);
    char *text = pdf_text(path);
    assert_non_null(strstr(text, "Ōkubo Kinzoku"));
    assert_non_null(strstr(text, "Türkiye"));
    /* CJK needs a font covering it (fonts-droid-fallback in the build set) */
    char *cjk = run_tool("fc-list :lang=ja 2>/dev/null");
    if (cjk && *cjk)
        assert_non_null(strstr(text, "東京"));
    else
        printf("note: no CJK font installed, 東京 not checked\n");
    free(cjk);
    assert_non_null(strstr(text, "RMAP status of reported smelters by metal"));
    assert_non_null(strstr(text, "Smelters by country"));
    assert_non_null(strstr(text, "Response status over the campaign"));
    assert_non_null(strstr(text, "Not enrolled")); /* a legend */
    assert_non_null(strstr(text, "No response"));
    assert_non_null(strstr(text, "48")); /* values on the bars */
    assert_non_null(strstr(text, "2026-03-02"));
    assert_non_null(strstr(text, "Followed up twice"));
    free(text);
    free(path);
}

static void test_letter(void **state)
{
    (void)state;
    char *path = write_sample("letter.pdf", OT_PAGE_LETTER);
    assert_string_equal(pdf_info(path, "Page size"), "612 x 792 pts (letter)");
    free(path);
    ot_page_size ps;
    assert_int_equal(ot_pdf_page_size_parse("letter", &ps, NULL), OT_OK);
    assert_int_equal(ps, OT_PAGE_LETTER);
    ot_error err = {0};
    assert_int_equal(ot_pdf_page_size_parse("B5", &ps, &err), OT_E_INVALID);
    assert_non_null(strstr(err.message, "B5"));
}

static void test_unwritable_path_is_an_error(void **state)
{
    (void)state;
    ot_doc *d = NULL;
    assert_int_equal(ot_doc_new("x", &d, NULL), OT_OK);
    ot_doc_paragraph(d, "text");
    const ot_doc *docs[] = {d};
    ot_error err = {0};
    assert_int_equal(ot_report_pdf_write(docs, 1, "/nonexistent-dir/x.pdf", NULL, &err), OT_E_IO);
    assert_non_null(strstr(err.message, "/nonexistent-dir/x"));
    assert_int_equal(ot_report_pdf_write(docs, 1, test_dir, NULL, &err), OT_E_IO);
    assert_int_equal(ot_report_pdf_write(docs, 0, "x.pdf", NULL, &err), OT_E_USAGE);
    ot_doc_free(d);
}

/* Broken UTF-8, empty tables and charts, a heading at the foot of a page: drawn, not fatal. */
static void test_odd_input(void **state)
{
    (void)state;
    ot_doc *d = NULL;
    assert_int_equal(ot_doc_new("Odd \xff title", &d, NULL), OT_OK);
    ot_doc_heading(d, 7, "Heading of level 7 \xc3");
    ot_doc_paragraph(d, "bad \xe2\x82 bytes");
    const char *h[] = {"A"};
    ot_doc_table_begin(d, NULL, h, NULL, 1);
    ot_doc_table_begin(d, "no columns", NULL, NULL, 0);
    ot_doc_chart(d, OT_CHART_BAR, "Empty chart", NULL, NULL, 0, NULL, 0);
    const char *cats[] = {"a", "b"};
    double v[] = {-3, 1.0 / 0.0};
    ot_chart_series s[] = {{"odd", v}};
    ot_doc_chart(d, OT_CHART_LINE, "Odd values", "x", cats, 2, s, 1);
    ot_doc_chart(d, OT_CHART_STACKED_BAR, "Zeros", "x", cats, 2, s, 1);
    /* huge values, hundreds of categories: labels thinned, nothing overflows or hangs */
    const char *many[300];
    double big[300];
    for (int i = 0; i < 300; i++)
        many[i] = "Democratic Republic of the Congo", big[i] = i * 1e300;
    ot_chart_series bs[] = {{"big", big}};
    ot_doc_chart(d, OT_CHART_BAR, "Many", "x", many, 300, bs, 1);
    ot_doc_chart(d, OT_CHART_LINE, "Many lines", "x", many, 300, bs, 1);
    char path[512];
    snprintf(path, sizeof path, "%s/odd.pdf", test_dir);
    const ot_doc *docs[] = {d, d};
    assert_int_equal(ot_report_pdf_write(docs, 2, path, NULL, NULL), OT_OK);
    keep(path);
    char *text = pdf_text(path);
    assert_non_null(strstr(text, "Empty chart"));
    assert_non_null(strstr(text, "bytes"));
    free(text);
    assert_int_equal(pdf_pages(path), 4); /* each document on its own pages */
    ot_doc_free(d);
}

int main(void)
{
    char *tool = run_tool("command -v pdftotext && command -v pdfinfo");
    if (!tool) {
        printf("SKIPPED test_pdf: needs poppler-utils (pdftotext, pdfinfo)\n");
        const char *log = getenv("ORETRACE_SKIP_LOG");
        FILE *f = log && *log ? fopen(log, "a") : NULL;
        if (f) {
            fputs("report_test_pdf: needs poppler-utils (pdftotext, pdfinfo)\n", f);
            fclose(f);
        }
        return OT_SKIP_STATUS;
    }
    free(tool);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_numbers_and_metadata),
        cmocka_unit_test(test_table_rows_whole_and_header_repeated),
        cmocka_unit_test(test_unicode_and_charts),
        cmocka_unit_test(test_letter),
        cmocka_unit_test(test_unwritable_path_is_an_error),
        cmocka_unit_test(test_odd_input),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
