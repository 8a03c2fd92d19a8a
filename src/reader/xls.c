/* xls.c - legacy .xls workbooks (BIFF8, BIFF5) through libfreexl.
 *
 * libfreexl opens files by path only, so the bytes (possibly a decrypted copy that exists
 * only in memory) are handed over through an anonymous memory file (memfd_create, opened
 * as /proc/self/fd/N): nothing touches the disk and nothing is left behind when we crash.
 * Where memfd or /proc is missing we fall back to a private temp file (mode 0600) that is
 * unlinked as soon as libfreexl has opened it.
 *
 * libfreexl 1.0.6 allocates a rows x columns grid for every sheet at open time, trusting
 * the DIMENSION records (with an unchecked 32-bit product). We therefore read those
 * records ourselves first and refuse grids beyond the .xls limits or a total budget.
 *
 * Dates: libfreexl turns date-formatted numbers into text ("YYYY-MM-DD", "YYYY-MM-DD
 * HH:MM:SS", "HH:MM:SS"). We turn them back into Excel serial numbers of the 1900 date
 * system (whatever the file's own date system), so the template layer sees what the .xlsx
 * path gives it and ot_workbook_date1904() is false for .xls. */
#define _GNU_SOURCE /* memfd_create */
#include "reader/reader_internal.h"

#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* BIFF8 grid: 65 536 rows x 256 columns. The total over all sheets bounds what libfreexl
 * allocates (about 16 bytes per declared cell): 4 M cells = 64 MiB. */
#define XLS_MAX_ROWS 65536u
#define XLS_MAX_COLS 256u
#define XLS_MAX_GRID_CELLS (4u << 20)

enum { BIFF_BOF = 0x0809, BIFF_EOF = 0x000A, BIFF_DIMENSION = 0x0200, BIFF_BOUNDSHEET = 0x0085 };

struct ot_xls {
    const void *handle;
    size_t sheet_count;
};

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- checking the declared sheet sizes before libfreexl allocates them ------------- */

/* libfreexl trusts the record stream more than it should, so before handing it over we
 * check what it relies on, mirroring how it reads the stream:
 *  - every record fits the stream and the BIFF record limit (8224 bytes in BIFF8, 2080 in
 *    BIFF5): it copies records into a fixed buffer, and mini streams without a bound;
 *  - DIMENSION records: a BOF right after an EOF selects the sheet whose BoundSheet8
 *    offset matches (or none); each sheet must get exactly one DIMENSION, within the .xls
 *    grid, and all grids together stay within our budget. libfreexl allocates the grids
 *    at open time with an unchecked 32-bit product, leaks a grid given twice, and patches
 *    up sheets without DIMENSION by reallocating another sheet's grid. */
typedef struct dim_scan {
    bool biff8;
    uint32_t *sheet_offsets;
    bool *sized;
    size_t sheets, cap;
    long active; /* sheet index, -1 for none */
    uint64_t total;
} dim_scan;

static ot_code scan_boundsheet(dim_scan *ds, const unsigned char *r, size_t size,
                               ot_error *err)
{
    if (size < 4) return OT_OK;
    if (ds->sheets == ds->cap) {
        size_t cap = ds->cap ? ds->cap * 2 : 16;
        uint32_t *offs = realloc(ds->sheet_offsets, cap * sizeof *offs);
        if (offs) ds->sheet_offsets = offs;
        bool *sized = offs ? realloc(ds->sized, cap * sizeof *sized) : NULL;
        if (sized) ds->sized = sized;
        if (!offs || !sized) return ot_fail(err, OT_E_NOMEM, "out of memory reading sheets");
        ds->cap = cap;
    }
    ds->sheet_offsets[ds->sheets] = rd32(r);
    ds->sized[ds->sheets++] = false;
    return OT_OK;
}

static void scan_select(dim_scan *ds, size_t offset)
{
    ds->active = -1;
    for (size_t i = 0; i < ds->sheets; i++) {
        if (ds->sheet_offsets[i] == offset) {
            ds->active = (long)i;
            return;
        }
    }
}

static ot_code scan_dimension(dim_scan *ds, const unsigned char *r, size_t size,
                              ot_error *err)
{
    if (size < (ds->biff8 ? 12u : 8u)) return OT_OK;
    uint32_t rows = ds->biff8 ? rd32(r + 4) : rd16(r + 2);
    uint32_t cols = ds->biff8 ? rd16(r + 10) : rd16(r + 6);
    if (rows > XLS_MAX_ROWS || cols > XLS_MAX_COLS)
        return ot_fail(err, OT_E_BAD_CELL, "a sheet declares %u rows x %u columns, beyond "
                                           "the .xls grid (65536 x 256)", rows, cols);
    if (ds->active < 0) return OT_OK; /* libfreexl ignores it */
    if (ds->sized[ds->active])
        return ot_fail(err, OT_E_CORRUPT, "sheet %ld of the .xls file declares its size "
                                          "twice", ds->active + 1);
    ds->sized[ds->active] = true;
    ds->total += (uint64_t)rows * cols;
    if (ds->total > XLS_MAX_GRID_CELLS)
        return ot_fail(err, OT_E_TOO_LARGE, "sheets declare more than %u cells in total "
                                            "(limit for .xls files)", XLS_MAX_GRID_CELLS);
    return OT_OK;
}

static ot_code check_dimensions(const unsigned char *w, size_t len, ot_error *err)
{
    if (len < 8 || rd16(w) != BIFF_BOF)
        return ot_fail(err, OT_E_CORRUPT, "Workbook stream does not start with a BOF record");
    dim_scan ds = {.biff8 = rd16(w + 4) == 0x0600, .active = -1};
    size_t max_record = ds.biff8 ? 8224 : 2080;
    bool after_eof = false;
    ot_code rc = OT_OK;
    size_t pos = 0;
    while (rc == OT_OK && len - pos >= 4) {
        uint16_t type = rd16(w + pos);
        size_t size = rd16(w + pos + 2);
        if (size > max_record || size > len - pos - 4) {
            rc = ot_fail(err, OT_E_CORRUPT, ".xls record at offset %zu claims %zu bytes (%s)",
                         pos, size, size > max_record ? "over the BIFF record limit"
                                                      : "past the end of the stream");
            break;
        }
        const unsigned char *r = w + pos + 4;
        if (after_eof && type == BIFF_BOF) scan_select(&ds, pos);
        after_eof = type == BIFF_EOF;
        if (type == BIFF_BOUNDSHEET) rc = scan_boundsheet(&ds, r, size, err);
        else if (type == BIFF_DIMENSION) rc = scan_dimension(&ds, r, size, err);
        pos += 4 + size;
    }
    for (size_t i = 0; rc == OT_OK && i < ds.sheets; i++)
        if (!ds.sized[i])
            rc = ot_fail(err, OT_E_CORRUPT, "sheet %zu of the .xls file has no DIMENSION record "
                                            "(chart sheets are not supported)", i + 1);
    free(ds.sheet_offsets);
    free(ds.sized);
    return rc;
}

static ot_code prescan(const unsigned char *data, size_t len, ot_error *err)
{
    ot_ole *ole;
    ot_code rc = ot_ole_open(data, len, &ole, err);
    if (rc) return rc;
    const char *name = ot_ole_has_stream(ole, "Workbook") ? "Workbook" : "Book";
    unsigned char *w = NULL;
    size_t wlen = 0;
    rc = ot_ole_read_stream(ole, name, len, &w, &wlen, err);
    ot_ole_close(ole);
    if (rc == OT_E_NOT_FOUND)
        return ot_fail(err, OT_E_NOT_WORKBOOK, "OLE compound file without a Workbook stream "
                                               "(not an Excel file)");
    if (rc) return rc;
    rc = check_dimensions(w, wlen, err);
    free(w);
    return rc;
}

/* ---- handing the bytes to libfreexl ----------------------------------------------- */

static ot_code freexl_code(int rc, ot_error *err)
{
    switch (rc) {
    case FREEXL_INSUFFICIENT_MEMORY:
        return ot_fail(err, OT_E_NOMEM, "out of memory reading the .xls workbook");
    case FREEXL_FILE_NOT_FOUND:
        return ot_fail(err, OT_E_IO, "libfreexl could not open the workbook bytes");
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR:
        return ot_fail(err, OT_E_TRUNCATED, ".xls file ends before its structures do");
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
        return ot_fail(err, OT_E_NOT_WORKBOOK, "OLE compound file without an Excel workbook");
    case FREEXL_BIFF_INVALID_BOF:
        return ot_fail(err, OT_E_CORRUPT, ".xls workbook stream is not BIFF5/BIFF8 (bad BOF "
                                          "record; Excel 2.x-4.x files are not supported)");
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX:
        return ot_fail(err, OT_E_CORRUPT, ".xls shared string table is damaged");
    case FREEXL_INVALID_CHARACTER:
    case FREEXL_UNSUPPORTED_CHARSET:
        return ot_fail(err, OT_E_CORRUPT, ".xls text is not valid in its declared code page");
    case FREEXL_ILLEGAL_CELL_ROW_COL:
        return ot_fail(err, OT_E_BAD_CELL, ".xls cell lies outside its sheet's declared size");
    case FREEXL_ILLEGAL_RK_VALUE:
        return ot_fail(err, OT_E_CORRUPT, ".xls number cell (RK) cannot be decoded");
    case FREEXL_CRAFTED_FILE:
        return ot_fail(err, OT_E_CORRUPT, ".xls file is severely damaged (libfreexl refused it "
                                          "as crafted)");
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
    case FREEXL_CFBF_INVALID_SECTOR_SIZE:
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
        return ot_fail(err, OT_E_CORRUPT, ".xls compound file structure is damaged "
                                          "(libfreexl error %d)", rc);
    default:
        return ot_fail(err, OT_E_CORRUPT, "libfreexl cannot read the .xls workbook (error %d)",
                       rc);
    }
}

static bool write_all(int fd, const unsigned char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

static int open_via_memfd(const unsigned char *data, size_t len, const void **handle)
{
    int fd = memfd_create("oretrace-xls", MFD_CLOEXEC);
    if (fd < 0) return FREEXL_FILE_NOT_FOUND;
    int rc = FREEXL_FILE_NOT_FOUND;
    if (write_all(fd, data, len)) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        rc = freexl_open(path, handle);
    }
    close(fd); /* libfreexl holds its own descriptor */
    return rc;
}

static int open_via_tempfile(const unsigned char *data, size_t len, const void **handle)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/oretrace-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path); /* mode 0600 */
    if (fd < 0) return FREEXL_FILE_NOT_FOUND;
    int rc = FREEXL_FILE_NOT_FOUND;
    if (write_all(fd, data, len)) rc = freexl_open(path, handle);
    unlink(path);
    close(fd);
    return rc;
}

ot_code ot_xls_open(const unsigned char *data, size_t len, ot_xls **out, ot_error *err)
{
    *out = NULL;
    ot_code rc = prescan(data, len, err);
    if (rc) return rc;
    const void *handle = NULL;
    int frc = open_via_memfd(data, len, &handle);
    if (frc == FREEXL_FILE_NOT_FOUND) {
        if (handle) freexl_close(handle);
        handle = NULL;
        frc = open_via_tempfile(data, len, &handle);
    }
    if (frc != FREEXL_OK) {
        if (handle) freexl_close(handle);
        return freexl_code(frc, err);
    }
    if (!handle) /* libfreexl can report success without a workbook on damaged files */
        return ot_fail(err, OT_E_CORRUPT, "libfreexl found no readable workbook in the file");
    /* libfreexl 1.0.6 reports FREEXL_BIFF_PLAIN for plain files but not always
     * FREEXL_BIFF_OBFUSCATED for others (it returns an unrelated count), so test "not plain". */
    unsigned int password = 0, sheets = 0;
    if (freexl_get_info(handle, FREEXL_BIFF_SHEET_COUNT, &sheets) != FREEXL_OK ||
        freexl_get_info(handle, FREEXL_BIFF_PASSWORD, &password) != FREEXL_OK) {
        freexl_close(handle);
        return ot_fail(err, OT_E_CORRUPT, "libfreexl found no readable workbook in the file");
    }
    if (password != FREEXL_BIFF_PLAIN) {
        freexl_close(handle);
        return ot_fail(err, OT_E_ENCRYPTION, ".xls workbook is encrypted with a scheme this "
                                             "reader cannot decrypt");
    }
    ot_xls *x = calloc(1, sizeof *x);
    if (!x) {
        freexl_close(handle);
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    x->handle = handle;
    x->sheet_count = sheets;
    *out = x;
    return OT_OK;
}

size_t ot_xls_sheet_count(const ot_xls *x)
{
    return x ? x->sheet_count : 0;
}

const char *ot_xls_sheet_name(const ot_xls *x, size_t index)
{
    const char *name = NULL;
    if (!x || index >= x->sheet_count) return NULL;
    if (freexl_get_worksheet_name(x->handle, (unsigned short)index, &name) != FREEXL_OK || !name)
        return "";
    return name;
}

void ot_xls_close(ot_xls *x)
{
    if (!x) return;
    freexl_close(x->handle);
    free(x);
}

/* ---- cells ------------------------------------------------------------------------ */

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* "YYYY-MM-DD" -> Excel 1900-system serial, including Excel's phantom 1900-02-29 (60),
 * which libfreexl also produces. */
static bool iso_date_serial(const char *s, double *serial)
{
    int y, m, d, used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10) return false;
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return false;
    if (y == 1900 && m == 2 && d == 29) {
        *serial = 60;
        return true;
    }
    long days = days_from_civil(y, m, d) - days_from_civil(1899, 12, 30);
    if (y == 1900 && m < 3) days -= 1; /* before the phantom day */
    *serial = (double)days;
    return true;
}

static bool hms_fraction(const char *s, double *frac)
{
    int h, m, sec, used = 0;
    if (sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &used) != 3 || used != 8) return false;
    if (h < 0 || h > 24 || m < 0 || m > 59 || sec < 0 || sec > 59) return false;
    *frac = (h * 3600.0 + m * 60.0 + sec) / 86400.0;
    return true;
}

static bool freexl_date_serial(int type, const char *s, double *serial)
{
    double day = 0, frac = 0;
    switch (type) {
    case FREEXL_CELL_DATE: return iso_date_serial(s, serial);
    case FREEXL_CELL_TIME: return hms_fraction(s, serial);
    case FREEXL_CELL_DATETIME:
        if (strlen(s) != 19 || s[10] != ' ' || !iso_date_serial(s, &day) ||
            !hms_fraction(s + 11, &frac))
            return false;
        *serial = day + frac;
        return true;
    default: return false;
    }
}

static ot_code add_cell(ot_sheet_builder *b, uint32_t row, uint32_t col,
                        const FreeXL_CellValue *v)
{
    double serial;
    switch (v->type) {
    case FREEXL_CELL_INT: return ot_shb_number(b, row, col, v->value.int_value, false);
    case FREEXL_CELL_DOUBLE: return ot_shb_number(b, row, col, v->value.double_value, false);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        if (!v->value.text_value) return OT_OK;
        return ot_shb_text(b, row, col, v->value.text_value, strlen(v->value.text_value),
                           false);
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        if (!v->value.text_value) return OT_OK;
        if (freexl_date_serial(v->type, v->value.text_value, &serial))
            return ot_shb_number(b, row, col, serial, false);
        return ot_shb_text(b, row, col, v->value.text_value, strlen(v->value.text_value),
                           false);
    default: return OT_OK; /* FREEXL_CELL_NULL */
    }
}

ot_code ot_xls_load_sheet(ot_xls *x, size_t index, ot_sheet_builder *b)
{
    if (index >= x->sheet_count)
        return ot_fail(b->err, OT_E_NOT_FOUND, ".xls workbook has no sheet %zu", index);
    int rc = freexl_select_active_worksheet(x->handle, (unsigned short)index);
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (rc == FREEXL_OK) rc = freexl_worksheet_dimensions(x->handle, &rows, &cols);
    if (rc != FREEXL_OK) return freexl_code(rc, b->err);
    /* check_dimensions bounded rows and cols before libfreexl allocated them */
    if (rows > XLS_MAX_ROWS || cols > XLS_MAX_COLS)
        return ot_fail(b->err, OT_E_BAD_CELL, "sheet of %u rows x %u columns", rows, cols);
    for (unsigned int r = 0; r < rows; r++) {
        for (unsigned short c = 0; c < cols; c++) {
            FreeXL_CellValue v;
            rc = freexl_get_cell_value(x->handle, r, c, &v);
            if (rc != FREEXL_OK) return freexl_code(rc, b->err);
            ot_code orc = add_cell(b, r + 1, (uint32_t)c + 1, &v);
            if (orc) return orc;
        }
    }
    return OT_OK;
}
