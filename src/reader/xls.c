/* xls.c - legacy .xls workbooks (BIFF8, BIFF5) through libfreexl.
 *
 * libfreexl opens files by path only, so the bytes (possibly a decrypted copy that exists
 * only in memory) are handed over through an anonymous memory file (memfd_create, opened
 * as /proc/self/fd/N): nothing touches the disk and nothing is left behind when we crash.
 * Where memfd or /proc is missing we fall back to a private temp file (mode 0600) that is
 * unlinked as soon as libfreexl has opened it.
 *
 * libfreexl 1.0.6 trusts its input (record lengths, string lengths, sheet dimensions),
 * so it only ever sees a stream that biff.c has checked, wrapped in a compound file that
 * biff.c wrote: never the container we were given. It cannot read the shared string table
 * that Excel and LibreOffice write (strings continued over records), so that is hidden
 * from it and biff.c reads those text cells itself. It also skips formulas; their cached
 * results (and boolean / error cells) are added from the stream by biff.c too.
 *
 * Dates: libfreexl turns date-formatted numbers into text ("YYYY-MM-DD", "YYYY-MM-DD
 * HH:MM:SS", "HH:MM:SS"). We turn them back into Excel serial numbers in the file's own
 * date system (ot_xls_date1904), exactly what the .xlsx path gives for a date cell; formula
 * results are serials in that system already. */
#define _GNU_SOURCE /* memfd_create */
#include "reader/biff.h"
#include "reader/reader_internal.h"

#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/date.h"

struct ot_xls {
    const void *handle;
    size_t sheet_count;
    bool date1904;
    unsigned char *stream; /* the checked Workbook stream, for formula results */
    size_t stream_len;
    ot_biff_info info;
};

/* Reads and checks the Workbook (BIFF8) or Book (BIFF5) stream. */
static ot_code read_stream(const unsigned char *data, size_t len, unsigned char **w, size_t *wlen,
                           ot_biff_info *info, ot_error *err)
{
    ot_ole *ole;
    ot_code rc = ot_ole_open(data, len, &ole, err);
    if (rc) return rc;
    const char *name = ot_ole_has_stream(ole, "Workbook") ? "Workbook" : "Book";
    rc = ot_ole_read_stream(ole, name, len, w, wlen, err);
    ot_ole_close(ole);
    if (rc == OT_E_NOT_FOUND)
        return ot_fail(err, OT_E_NOT_WORKBOOK,
                       "OLE compound file without a Workbook stream "
                       "(not an Excel file)");
    if (rc) return rc;
    rc = ot_biff_check(*w, *wlen, info, err);
    if (rc) {
        free(*w);
        *w = NULL;
    }
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
        return ot_fail(err, OT_E_CORRUPT,
                       ".xls workbook stream is not BIFF5/BIFF8 (bad BOF "
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
        return ot_fail(err, OT_E_CORRUPT,
                       ".xls file is severely damaged (libfreexl refused it "
                       "as crafted)");
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
    case FREEXL_CFBF_INVALID_SECTOR_SIZE:
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
        return ot_fail(err, OT_E_CORRUPT,
                       ".xls compound file structure is damaged "
                       "(libfreexl error %d)",
                       rc);
    default:
        return ot_fail(err, OT_E_CORRUPT, "libfreexl cannot read the .xls workbook (error %d)", rc);
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

static ot_code open_freexl(const unsigned char *w, size_t wlen, const void **handle, ot_error *err)
{
    unsigned char *copy = malloc(wlen), *file;
    if (!copy) return ot_fail(err, OT_E_NOMEM, "out of memory preparing the .xls workbook");
    memcpy(copy, w, wlen);
    ot_biff_hide_shared_strings(copy, wlen);
    size_t file_len;
    ot_code rc = ot_biff_wrap(copy, wlen, &file, &file_len, err);
    free(copy);
    if (rc) return rc;
    *handle = NULL;
    int frc = open_via_memfd(file, file_len, handle);
    if (frc == FREEXL_FILE_NOT_FOUND) {
        if (*handle) freexl_close(*handle);
        *handle = NULL;
        frc = open_via_tempfile(file, file_len, handle);
    }
    free(file);
    if (frc != FREEXL_OK) {
        if (*handle) freexl_close(*handle);
        *handle = NULL;
        return freexl_code(frc, err);
    }
    if (!*handle) /* libfreexl can report success without a workbook on damaged files */
        return ot_fail(err, OT_E_CORRUPT, "libfreexl found no readable workbook in the file");
    return OT_OK;
}

ot_code ot_xls_open(const unsigned char *data, size_t len, ot_xls **out, ot_error *err)
{
    *out = NULL;
    ot_xls *x = calloc(1, sizeof *x);
    if (!x) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_code rc = read_stream(data, len, &x->stream, &x->stream_len, &x->info, err);
    if (rc == OT_OK) rc = open_freexl(x->stream, x->stream_len, &x->handle, err);
    /* libfreexl 1.0.6 reports FREEXL_BIFF_PLAIN for plain files but not always
     * FREEXL_BIFF_OBFUSCATED for others (it returns an unrelated count): test "not plain". */
    unsigned int password = 0, sheets = 0;
    if (rc == OT_OK && (freexl_get_info(x->handle, FREEXL_BIFF_SHEET_COUNT, &sheets) != FREEXL_OK ||
                        freexl_get_info(x->handle, FREEXL_BIFF_PASSWORD, &password) != FREEXL_OK))
        rc = ot_fail(err, OT_E_CORRUPT, "libfreexl found no readable workbook in the file");
    if (rc == OT_OK && password != FREEXL_BIFF_PLAIN)
        rc = ot_fail(err, OT_E_ENCRYPTION,
                     ".xls workbook is encrypted with a scheme this "
                     "reader cannot decrypt");
    if (rc == OT_OK && sheets != x->info.sheet_count)
        rc = ot_fail(err, OT_E_CORRUPT, ".xls workbook lists %zu sheets but libfreexl found %u",
                     x->info.sheet_count, sheets);
    if (rc) {
        ot_xls_close(x);
        return rc;
    }
    unsigned int mode = 0;
    x->date1904 = freexl_get_info(x->handle, FREEXL_BIFF_DATEMODE, &mode) == FREEXL_OK &&
                  mode == FREEXL_BIFF_DATEMODE_1904;
    x->sheet_count = sheets;
    *out = x;
    return OT_OK;
}

bool ot_xls_date1904(const ot_xls *x)
{
    return x && x->date1904;
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
    if (x->handle) freexl_close(x->handle);
    free(x->stream);
    ot_biff_info_free(&x->info);
    free(x);
}

/* ---- cells ------------------------------------------------------------------------ */

/* "YYYY-MM-DD" -> Excel serial. In the 1900 system that includes Excel's phantom
 * 1900-02-29 (60), which libfreexl also produces; the 1904 system counts from 1904-01-01. */
static bool iso_date_serial(const char *s, bool date1904, double *serial)
{
    if (!date1904 && strncmp(s, "1900-02-29", 10) == 0) {
        *serial = 60;
        return true;
    }
    int32_t day;
    if (!ot_date_parse_prefix(s, &day)) return false;
    *serial = ot_date_to_excel_serial(day, date1904);
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

static bool freexl_date_serial(int type, const char *s, bool date1904, double *serial)
{
    double day = 0, frac = 0;
    switch (type) {
    case FREEXL_CELL_DATE:
        return iso_date_serial(s, date1904, serial);
    case FREEXL_CELL_TIME:
        return hms_fraction(s, serial);
    case FREEXL_CELL_DATETIME:
        if (strlen(s) != 19 || s[10] != ' ' || !iso_date_serial(s, date1904, &day) ||
            !hms_fraction(s + 11, &frac))
            return false;
        *serial = day + frac;
        return true;
    default:
        return false;
    }
}

static ot_code add_cell(ot_sheet_builder *b, uint32_t row, uint32_t col, const FreeXL_CellValue *v,
                        bool date1904)
{
    double serial;
    switch (v->type) {
    case FREEXL_CELL_INT:
        return ot_shb_number(b, row, col, v->value.int_value, false);
    case FREEXL_CELL_DOUBLE:
        return ot_shb_number(b, row, col, v->value.double_value, false);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        if (!v->value.text_value) return OT_OK;
        return ot_shb_text(b, row, col, v->value.text_value, strlen(v->value.text_value), false);
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        if (!v->value.text_value) return OT_OK;
        if (freexl_date_serial(v->type, v->value.text_value, date1904, &serial))
            return ot_shb_number(b, row, col, serial, false);
        return ot_shb_text(b, row, col, v->value.text_value, strlen(v->value.text_value), false);
    default:
        return OT_OK; /* FREEXL_CELL_NULL */
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
    /* ot_biff_check bounded rows and cols (65536 x 256) before libfreexl allocated them */
    for (unsigned int r = 0; r < rows; r++) {
        for (unsigned short c = 0; c < cols; c++) {
            FreeXL_CellValue v;
            rc = freexl_get_cell_value(x->handle, r, c, &v);
            if (rc != FREEXL_OK) return freexl_code(rc, b->err);
            ot_code orc = add_cell(b, r + 1, (uint32_t)c + 1, &v, x->date1904);
            if (orc) return orc;
        }
    }
    /* written after libfreexl's cells, so they win where both exist (booleans) */
    return ot_biff_cells(x->stream, x->stream_len, &x->info, index, b);
}
