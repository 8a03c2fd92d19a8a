/* report_render.c - bench program for bench_report_render.sh: times the report writers
 * on generated data without a workspace. Builds a report document like the CMR (headings,
 * paragraphs, the three charts, an appendix table of N smelters) and renders it to PDF;
 * fills an export book with N smelters, N/4 suppliers, N findings and N/10 unresolved
 * names and writes it as XLSX and as CSV. Prints one line per writer: seconds, size, and
 * for the PDF its pages. Usage: bench_report_render N OUTDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "report/document.h"
#include "report/export.h"
#include "report/pdf.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static const char *const metals[] = {"Gold", "Tantalum", "Tin", "Tungsten"};
static const char *const countries[] = {
    "China",     "Peru",     "Türkiye", "Japan",  "Bolivia",
    "Indonesia", "Malaysia", "Brazil",  "Rwanda", "Russian Federation"};
static const char *const statuses[] = {"Conformant", "Active", "Non-Conformant", "Not Enrolled"};

static void add_charts(ot_doc *d, size_t n)
{
    const char *cats[] = {"Gold", "Tantalum", "Tin", "Tungsten"};
    double v[4][4];
    for (int s = 0; s < 4; s++)
        for (int c = 0; c < 4; c++)
            v[s][c] = (double)(n / 16 / (size_t)(s + 1) + (size_t)c);
    ot_chart_series st[] = {
        {statuses[0], v[0]}, {statuses[1], v[1]}, {statuses[2], v[2]}, {statuses[3], v[3]}};
    ot_doc_chart(d, OT_CHART_STACKED_BAR, "RMAP status of reported smelters by metal", "smelters",
                 cats, 4, st, 4);
    double by_country[10];
    for (int i = 0; i < 10; i++)
        by_country[i] = (double)(n / (size_t)(i + 2));
    ot_chart_series bar[] = {{"Smelters", by_country}};
    ot_doc_chart(d, OT_CHART_BAR, "Smelters by country", "smelters", countries, 10, bar, 1);
    const char *weeks[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun"};
    double yes[] = {5, 20, 45, 70, 85, 92}, no[] = {95, 80, 55, 30, 15, 8};
    ot_chart_series line[] = {{"Responded", yes}, {"No response", no}};
    ot_doc_chart(d, OT_CHART_LINE, "Response status over the campaign", "suppliers", weeks, 6, line,
                 2);
}

static ot_doc *make_doc(size_t n)
{
    ot_doc *d = NULL;
    if (ot_doc_new("Conflict Minerals Report (benchmark)", &d, NULL) != OT_OK) return NULL;
    ot_doc_heading(d, 1, "Conflict Minerals Report");
    for (int i = 0; i < 12; i++) {
        ot_doc_heading(d, 2, "A section of the report");
        ot_doc_paragraph(d, "The company surveyed its in-scope suppliers with the CMRT, followed "
                            "up by reminders and escalations, validated every returned form and "
                            "consolidated the smelters reported by their RMI smelter IDs. "
                            "Ōkubo, Türkiye and 東京 print as text.");
    }
    add_charts(d, n);
    ot_doc_heading(d, 2, "Appendix: smelters and refiners");
    const char *header[] = {"Metal",      "Standard smelter name", "Country",
                            "Smelter ID", "RMAP status",           "Status date"};
    ot_doc_table_begin(d, "Smelters and refiners", header, NULL, 6);
    for (size_t i = 0; i < n; i++) {
        char name[96], id[16];
        snprintf(name, sizeof name, "Smelter %zu Refining and Metals Company Limited", i + 1);
        snprintf(id, sizeof id, "CID%06zu", i + 1);
        const char *cells[] = {metals[i % 4],   name,        countries[i % 10], id,
                               statuses[i % 4], "2026-05-01"};
        ot_doc_table_row(d, cells);
    }
    return d;
}

static ot_export_book *make_book(size_t n)
{
    ot_export_book *b = NULL;
    if (ot_export_book_new("oretrace export (benchmark)", &b, NULL) != OT_OK) return NULL;
    char a[96], c[32], s[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(a, sizeof a, "Smelter %zu Refining and Metals Company Limited", i + 1);
        snprintf(c, sizeof c, "CID%06zu", i + 1);
        snprintf(s, sizeof s, "%zu", i % 40 + 1);
        const char *row[] = {
            metals[i % 4], c,  a, countries[i % 10],      "CN",    statuses[i % 4], "2026-05-01",
            "low",         "", s, "SUP-00001; SUP-00002", "CN; PE"};
        ot_export_book_row(b, OT_EXPORT_SMELTERS, row);
        snprintf(c, sizeof c, "SUP-%05zu", i / 4 + 1);
        const char *finding[] = {c,
                                 s,
                                 "2026-03-01",
                                 "warning",
                                 "CMRT-SMELTER-ID",
                                 "Smelter List",
                                 "D12",
                                 "smelter_id",
                                 "Tin",
                                 "=the smelter ID does not match the name",
                                 "check the ID"};
        ot_export_book_row(b, OT_EXPORT_FINDINGS, finding);
        if (i % 4 == 0) {
            const char *sup[] = {c,       a,          "Tier 1", "received", s,         "2026-03-01",
                                 "valid", "CMRT 6.5", "strong", "all yes",  "company", "complete",
                                 "40",    "1",        "0",      "2"};
            ot_export_book_row(b, OT_EXPORT_SUPPLIERS, sup);
        }
        if (i % 10 == 0) {
            const char *un[] = {"Tin", a, "China", "", c, s, "17", "no smelter matches"};
            ot_export_book_row(b, OT_EXPORT_UNRESOLVED, un);
        }
    }
    return b;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s N OUTDIR\n", argv[0]);
        return 1;
    }
    size_t n = (size_t)strtoul(argv[1], NULL, 10);
    char pdf[4096], xlsx[4096], csv[4096];
    snprintf(pdf, sizeof pdf, "%s/report.pdf", argv[2]);
    snprintf(xlsx, sizeof xlsx, "%s/export.xlsx", argv[2]);
    snprintf(csv, sizeof csv, "%s/csv", argv[2]);
    ot_doc *d = make_doc(n);
    ot_export_book *b = make_book(n);
    if (!d || !b) return 1;
    ot_error err = {0};
    const ot_doc *docs[] = {d};
    ot_pdf_options opt = {.footer = "Unofficial copy - generated by oretrace (benchmark)"};
    double t0 = now();
    int rc = ot_report_pdf_write(docs, 1, pdf, &opt, &err) != OT_OK;
    double t1 = now();
    rc |= ot_export_write_xlsx(b, xlsx, &err) != OT_OK;
    double t2 = now();
    rc |= ot_export_write_csv(b, csv, &err) != OT_OK;
    double t3 = now();
    if (rc) {
        fprintf(stderr, "bench_report_render: %s\n", err.message);
        return 1;
    }
    printf("pdf %zu %.3f %ld\n", n, t1 - t0, file_size(pdf));
    printf("xlsx %zu %.3f %ld\n", n, t2 - t1, file_size(xlsx));
    printf("csv %zu %.3f %ld\n", n, t3 - t2, -1L);
    ot_doc_free(d);
    ot_export_book_free(b);
    return 0;
}
