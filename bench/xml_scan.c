/* xml_scan.c - is the reader's hand-written worksheet scanner worth having?
 *
 * Inflates one worksheet part of a real workbook, then counts its value-bearing cells
 * twice on the same bytes: with expat (SAX callbacks, what a reader would otherwise use)
 * and with oretrace's reader (ot_workbook_sheet, which also builds the cells). Prints
 * MB/s for both and the ratio. Usage: xml_scan WORKBOOK.xlsx "Sheet Name" [reps] */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "reader/workbook.h"

typedef struct {
    long cells, values;
    int in_v;
} counts;

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    counts *c = ud;
    (void)attrs;
    if (strcmp(name, "c") == 0)
        c->cells++;
    else if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0)
        c->in_v = 1;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    counts *c = ud;
    if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
        c->values++;
        c->in_v = 0;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    (void)ud;
    (void)s;
    (void)len;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* The worksheet part for a sheet name, found the simple way (sheetN.xml by position). */
static char *inflate_part(const char *path, const char *part, size_t *len)
{
    int ze;
    zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
    if (!z) return NULL;
    zip_stat_t st;
    if (zip_stat(z, part, 0, &st) != 0) {
        zip_close(z);
        return NULL;
    }
    char *buf = malloc(st.size + 1);
    zip_file_t *f = zip_fopen(z, part, 0);
    zip_int64_t n = zip_fread(f, buf, st.size);
    zip_fclose(f);
    zip_close(z);
    *len = n > 0 ? (size_t)n : 0;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: xml_scan WORKBOOK.xlsx SHEET_NAME PART [reps]\n");
        return 1;
    }
    int reps = argc > 4 ? atoi(argv[4]) : 20;
    size_t len;
    char *xml = inflate_part(argv[1], argv[3], &len);
    if (!xml) {
        fprintf(stderr, "cannot read part %s\n", argv[3]);
        return 1;
    }
    counts c = {0};
    double t0 = now();
    for (int r = 0; r < reps; r++) {
        memset(&c, 0, sizeof c);
        XML_Parser p = XML_ParserCreate(NULL);
        XML_SetUserData(p, &c);
        XML_SetElementHandler(p, on_start, on_end);
        XML_SetCharacterDataHandler(p, on_text);
        if (XML_Parse(p, xml, (int)len, 1) == XML_STATUS_ERROR) {
            fprintf(stderr, "expat: %s\n", XML_ErrorString(XML_GetErrorCode(p)));
            return 1;
        }
        XML_ParserFree(p);
    }
    double expat_s = (now() - t0) / reps;

    /* oretrace: open + inflate + scan + build cells of the same sheet */
    size_t cells = 0;
    t0 = now();
    for (int r = 0; r < reps; r++) {
        ot_workbook *wb;
        ot_error err;
        if (ot_workbook_open(argv[1], NULL, &wb, &err)) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        const ot_sheet *sh;
        if (ot_workbook_sheet(wb, argv[2], &sh, &err)) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        ot_sheet_cells(sh, &cells);
        ot_workbook_close(wb);
    }
    double ours_s = (now() - t0) / reps;
    double mb = len / 1e6;
    printf("part %s: %.1f MB of XML, %ld <c> elements, %zu non-empty cells\n", argv[3], mb, c.cells,
           cells);
    printf("expat (parse only, no inflate):       %7.2f ms  %6.0f MB/s\n", expat_s * 1e3,
           mb / expat_s);
    printf("oretrace (open+inflate+scan+cells):   %7.2f ms  %6.0f MB/s\n", ours_s * 1e3,
           mb / ours_s);
    printf("ratio: oretrace is %.1fx faster than expat alone\n", expat_s / ours_s);
    free(xml);
    return 0;
}
