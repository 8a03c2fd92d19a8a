/* workbook.c - opening a workbook (format sniffing, decryption dispatch), the sheet
 * store and the cell builder shared by the .xlsx and .xls paths.
 *
 * Invariant: every string a caller can reach lives in the workbook's arena, whose byte
 * budget (limits.max_memory) bounds what a hostile file can make us allocate. */
#include "reader/reader_internal.h"
#include "reader/xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/fileio.h"
#include "util/text.h"

static const ot_reader_limits default_limits = {
    .max_file_bytes = 64u << 20,
    .max_part_bytes = 256u << 20,
    .max_ratio = 200,
    .max_entries = 10000,
    .max_shared_strings = 1000000,
    .max_cells = 2000000,
    .max_memory = 48u << 20,
};

const ot_reader_limits *ot_reader_default_limits(void)
{
    return &default_limits;
}

typedef struct loaded_sheet {
    ot_sheet sheet;
    bool loaded;
} loaded_sheet;

struct ot_workbook {
    ot_file_format format;
    bool encrypted;
    ot_reader_limits limits;
    ot_arena arena;
    unsigned char *owned_data; /* decrypted bytes or file bytes we read; freed on close */
    ot_xlsx *xlsx;
    ot_xls *xls;
    size_t sheet_count;
    loaded_sheet *sheets;
};

/* ---- sheet builder --------------------------------------------------------------- */

static ot_cell *new_cell(ot_sheet_builder *b, uint32_t row, uint32_t col)
{
    ot_sheet *sh = b->sheet;
    if (row == 0 || row > OT_MAX_ROW || col == 0 || col > OT_MAX_COL) {
        ot_fail(b->err, OT_E_BAD_CELL, "cell position row %u, column %u is outside Excel's grid",
                row, col);
        return NULL;
    }
    if (sh->count >= b->max_cells) {
        ot_fail(b->err, OT_E_TOO_LARGE, "sheet has more than %zu non-empty cells", b->max_cells);
        return NULL;
    }
    if (sh->count == sh->cap) {
        size_t cap = sh->cap ? sh->cap * 2 : 256;
        ot_cell *cells = realloc(sh->cells, cap * sizeof *cells);
        if (!cells) {
            ot_fail(b->err, OT_E_NOMEM, "out of memory storing cells");
            return NULL;
        }
        sh->cells = cells;
        sh->cap = cap;
    }
    if (sh->count) {
        const ot_cell *last = &sh->cells[sh->count - 1];
        if (row < last->row || (row == last->row && col <= last->col)) sh->sorted = false;
    }
    ot_cell *c = &sh->cells[sh->count++];
    memset(c, 0, sizeof *c);
    c->row = row;
    c->col = col;
    if (row > sh->max_row) sh->max_row = row;
    return c;
}

static const char *store_text(ot_sheet_builder *b, const char *s, size_t n, size_t *out_len)
{
    char *copy;
    if (ot_utf8_valid(s, n)) {
        copy = ot_arena_strndup(b->arena, s, n);
    } else {
        char *clean = ot_utf8_sanitize(s, n);
        copy = clean ? ot_arena_strdup(b->arena, clean) : NULL;
        free(clean);
    }
    if (!copy) {
        ot_fail(b->err, OT_E_TOO_LARGE, "workbook text exceeds the memory budget");
        return NULL;
    }
    *out_len = ot_text_clean(copy, strlen(copy));
    return copy;
}

static ot_code add_text_kind(ot_sheet_builder *b, uint32_t row, uint32_t col, const char *s,
                             size_t n, bool formula, ot_cell_kind kind)
{
    size_t len;
    const char *t = store_text(b, s, n, &len);
    if (!t) return b->err->code;
    if (len == 0) return OT_OK;
    ot_cell *c = new_cell(b, row, col);
    if (!c) return b->err->code;
    c->kind = (uint8_t)kind;
    c->formula = formula;
    c->text = t;
    return OT_OK;
}

ot_code ot_shb_text(ot_sheet_builder *b, uint32_t row, uint32_t col, const char *s, size_t n,
                    bool formula)
{
    return add_text_kind(b, row, col, s, n, formula, OT_CELL_TEXT);
}

ot_code ot_shb_text_stored(ot_sheet_builder *b, uint32_t row, uint32_t col, const char *s,
                           bool formula)
{
    if (!s || !*s) return OT_OK;
    ot_cell *c = new_cell(b, row, col);
    if (!c) return b->err->code;
    c->kind = OT_CELL_TEXT;
    c->formula = formula;
    c->text = s;
    return OT_OK;
}

ot_code ot_shb_error(ot_sheet_builder *b, uint32_t row, uint32_t col, const char *s, size_t n,
                     bool formula)
{
    return add_text_kind(b, row, col, s, n, formula, OT_CELL_ERROR);
}

ot_code ot_shb_number(ot_sheet_builder *b, uint32_t row, uint32_t col, double v, bool formula)
{
    ot_cell *c = new_cell(b, row, col);
    if (!c) return b->err->code;
    c->kind = OT_CELL_NUMBER;
    c->formula = formula;
    c->number = v;
    return OT_OK;
}

ot_code ot_shb_bool(ot_sheet_builder *b, uint32_t row, uint32_t col, bool v, bool formula)
{
    ot_cell *c = new_cell(b, row, col);
    if (!c) return b->err->code;
    c->kind = OT_CELL_BOOL;
    c->formula = formula;
    c->number = v ? 1 : 0;
    c->text = v ? "TRUE" : "FALSE";
    return OT_OK;
}

static int cmp_cell(const void *a, const void *b)
{
    const ot_cell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return 0;
}

void ot_shb_finish(ot_sheet_builder *b)
{
    ot_sheet *sh = b->sheet;
    if (!sh->sorted && sh->count > 1) {
        /* A well-formed sheet is already in order; only odd generators need this. Of two
         * cells at the same position (malformed file) one is kept. */
        qsort(sh->cells, sh->count, sizeof *sh->cells, cmp_cell);
        size_t out = 0;
        for (size_t i = 0; i < sh->count; i++) {
            if (out && sh->cells[out - 1].row == sh->cells[i].row &&
                sh->cells[out - 1].col == sh->cells[i].col) {
                sh->cells[out - 1] = sh->cells[i];
            } else {
                sh->cells[out++] = sh->cells[i];
            }
        }
        sh->count = out;
    }
    sh->sorted = true;
}

/* ---- sheet queries --------------------------------------------------------------- */

const ot_cell *ot_sheet_cell(const ot_sheet *sh, uint32_t row, uint32_t col)
{
    if (!sh) return NULL;
    size_t lo = 0, hi = sh->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ot_cell *c = &sh->cells[mid];
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < sh->count && sh->cells[lo].row == row && sh->cells[lo].col == col)
        return &sh->cells[lo];
    return NULL;
}

const ot_cell *ot_sheet_cells(const ot_sheet *sh, size_t *count)
{
    *count = sh ? sh->count : 0;
    return sh ? sh->cells : NULL;
}

uint32_t ot_sheet_max_row(const ot_sheet *sh)
{
    return sh ? sh->max_row : 0;
}

/* ---- opening --------------------------------------------------------------------- */

static const unsigned char ZIP_MAGIC[4] = {'P', 'K', 0x03, 0x04};
static const unsigned char OLE_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static ot_code open_zip(ot_workbook *wb, const unsigned char *data, size_t len, const char *name,
                        ot_error *err)
{
    wb->format = OT_FORMAT_XLSX;
    ot_code rc = ot_xlsx_open(data, len, &wb->limits, &wb->arena, &wb->xlsx, err);
    if (rc) return rc;
    wb->sheet_count = ot_xlsx_sheet_count(wb->xlsx);
    (void)name;
    return OT_OK;
}

static ot_code open_ole(ot_workbook *wb, const unsigned char *data, size_t len, const char *name,
                        ot_error *err)
{
    ot_ole *ole = NULL;
    ot_code rc = ot_ole_open(data, len, &ole, err);
    if (rc) return rc;
    if (ot_ole_has_stream(ole, "EncryptedPackage")) {
        unsigned char *zip = NULL;
        size_t zip_len = 0;
        rc = ot_offcrypto_decrypt_package(ole, wb->limits.max_file_bytes, &zip, &zip_len, err);
        ot_ole_close(ole);
        if (rc) return rc;
        wb->owned_data = zip;
        wb->encrypted = true;
        if (zip_len < 4 || memcmp(zip, ZIP_MAGIC, 4) != 0)
            return ot_fail(err, OT_E_CORRUPT, "decrypted package is not a zip archive");
        return open_zip(wb, zip, zip_len, name, err);
    }
    if (!ot_ole_has_stream(ole, "Workbook") && !ot_ole_has_stream(ole, "Book")) {
        ot_ole_close(ole);
        return ot_fail(err, OT_E_NOT_WORKBOOK,
                       "OLE compound file without a Workbook stream (not an Excel file)");
    }
    unsigned char *plain = NULL;
    size_t plain_len = 0;
    rc = ot_offcrypto_decrypt_xls(data, len, ole, &plain, &plain_len, err);
    ot_ole_close(ole);
    if (rc) return rc;
    if (plain) {
        wb->owned_data = plain;
        wb->encrypted = true;
        data = plain;
        len = plain_len;
    }
    wb->format = OT_FORMAT_XLS;
    rc = ot_xls_open(data, len, &wb->xls, err);
    if (rc) return rc;
    wb->sheet_count = ot_xls_sheet_count(wb->xls);
    return OT_OK;
}

ot_code ot_workbook_open_mem(const void *vdata, size_t len, const char *name,
                             const ot_reader_limits *limits, ot_workbook **out, ot_error *err)
{
    const unsigned char *data = vdata;
    *out = NULL;
    if (!limits) limits = &default_limits;
    if (len > limits->max_file_bytes)
        return ot_fail(err, OT_E_TOO_LARGE, "file is %zu bytes, more than the %zu-byte limit", len,
                       limits->max_file_bytes);
    if (len == 0) return ot_fail(err, OT_E_NOT_WORKBOOK, "file is empty (0 bytes)");
    ot_workbook *wb = calloc(1, sizeof *wb);
    if (!wb) return ot_fail(err, OT_E_NOMEM, "out of memory");
    wb->limits = *limits;
    ot_arena_init(&wb->arena, limits->max_memory);
    ot_code rc;
    if (len >= 4 && memcmp(data, ZIP_MAGIC, 4) == 0) {
        rc = open_zip(wb, data, len, name, err);
    } else if (len >= 8 && memcmp(data, OLE_MAGIC, 8) == 0) {
        rc = open_ole(wb, data, len, name, err);
    } else if (len >= 4 && data[0] == 'P' && data[1] == 'K') {
        rc = ot_fail(err, OT_E_NOT_WORKBOOK,
                     "zip archive without a local file header at the "
                     "start (empty or spanned archive)");
    } else {
        rc = ot_fail(err, OT_E_NOT_WORKBOOK,
                     "not an Excel workbook (neither .xlsx zip nor .xls OLE signature)");
    }
    if (rc == OT_OK) {
        wb->sheets = calloc(wb->sheet_count ? wb->sheet_count : 1, sizeof *wb->sheets);
        if (!wb->sheets) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    if (rc) {
        ot_workbook_close(wb);
        return rc;
    }
    *out = wb;
    return OT_OK;
}

ot_code ot_workbook_open(const char *path, const ot_reader_limits *limits, ot_workbook **out,
                         ot_error *err)
{
    *out = NULL;
    if (!limits) limits = &default_limits;
    unsigned char *data;
    size_t len;
    ot_code rc = ot_read_file(path, limits->max_file_bytes, &data, &len, err);
    if (rc) return rc;
    rc = ot_workbook_open_mem(data, len, path, limits, out, err);
    if (rc) {
        free(data);
        return rc;
    }
    /* the workbook keeps pointers into the file bytes (xlsx zip source): keep them */
    if ((*out)->owned_data) {
        /* decrypted copy already owned; the original bytes are no longer needed unless
         * the zip reads from them, which it does not in that case */
        free(data);
    } else {
        (*out)->owned_data = data;
    }
    return OT_OK;
}

void ot_workbook_close(ot_workbook *wb)
{
    if (!wb) return;
    for (size_t i = 0; wb->sheets && i < wb->sheet_count; i++)
        free(wb->sheets[i].sheet.cells);
    free(wb->sheets);
    ot_xlsx_close(wb->xlsx);
    ot_xls_close(wb->xls);
    free(wb->owned_data);
    ot_arena_free(&wb->arena);
    free(wb);
}

ot_file_format ot_workbook_format(const ot_workbook *wb)
{
    return wb->format;
}

bool ot_workbook_was_encrypted(const ot_workbook *wb)
{
    return wb->encrypted;
}

bool ot_workbook_date1904(const ot_workbook *wb)
{
    return wb->xlsx ? ot_xlsx_date1904(wb->xlsx) : ot_xls_date1904(wb->xls);
}

size_t ot_workbook_sheet_count(const ot_workbook *wb)
{
    return wb->sheet_count;
}

const char *ot_workbook_sheet_name(const ot_workbook *wb, size_t index)
{
    if (index >= wb->sheet_count) return NULL;
    return wb->xlsx ? ot_xlsx_sheet_name(wb->xlsx, index) : ot_xls_sheet_name(wb->xls, index);
}

long ot_workbook_find_sheet(const ot_workbook *wb, const char *name)
{
    for (size_t i = 0; i < wb->sheet_count; i++)
        if (strcmp(ot_workbook_sheet_name(wb, i), name) == 0) return (long)i;
    for (size_t i = 0; i < wb->sheet_count; i++)
        if (strcasecmp(ot_workbook_sheet_name(wb, i), name) == 0) return (long)i;
    return -1;
}

ot_code ot_workbook_sheet(ot_workbook *wb, const char *name, const ot_sheet **out, ot_error *err)
{
    *out = NULL;
    long idx = ot_workbook_find_sheet(wb, name);
    if (idx < 0) return ot_fail(err, OT_E_NOT_FOUND, "workbook has no sheet named '%s'", name);
    loaded_sheet *ls = &wb->sheets[idx];
    if (!ls->loaded) {
        ot_sheet_builder b = {.sheet = &ls->sheet,
                              .arena = &wb->arena,
                              .max_cells = wb->limits.max_cells,
                              .err = err};
        ls->sheet.sorted = true;
        ot_code rc = wb->xlsx ? ot_xlsx_load_sheet(wb->xlsx, (size_t)idx, &b)
                              : ot_xls_load_sheet(wb->xls, (size_t)idx, &b);
        if (rc) {
            free(ls->sheet.cells);
            memset(&ls->sheet, 0, sizeof ls->sheet);
            return rc;
        }
        ot_shb_finish(&b);
        ls->loaded = true;
    }
    *out = &ls->sheet;
    return OT_OK;
}
