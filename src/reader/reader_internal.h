/* reader_internal.h - what the reader's source files share; not for other modules.
 *
 * A sheet is built cell by cell (from the xlsx scanner or from libfreexl) into the
 * workbook's arena, then sorted once so lookups are a binary search. */
#ifndef OT_READER_INTERNAL_H
#define OT_READER_INTERNAL_H

#include "reader/workbook.h"
#include "util/arena.h"

#define OT_MAX_ROW 1048576u
#define OT_MAX_COL 16384u

struct ot_sheet {
    ot_cell *cells;
    size_t count, cap;
    uint32_t max_row;
    bool sorted;
};

/* Builder: collects cells of one sheet; strings are copied into the arena. */
typedef struct ot_sheet_builder {
    ot_sheet *sheet;
    ot_arena *arena;
    size_t max_cells;
    ot_error *err;
} ot_sheet_builder;

/* Each returns OT_OK or an error already written to b->err (too many cells, bad
 * position, out of memory). Empty text is not stored. Text is trimmed and its line
 * breaks normalised; invalid UTF-8 is replaced with U+FFFD. */
ot_code ot_shb_text(ot_sheet_builder *b, uint32_t row, uint32_t col, const char *s, size_t n,
                    bool formula);
ot_code ot_shb_number(ot_sheet_builder *b, uint32_t row, uint32_t col, double v, bool formula);
ot_code ot_shb_bool(ot_sheet_builder *b, uint32_t row, uint32_t col, bool v, bool formula);
ot_code ot_shb_error(ot_sheet_builder *b, uint32_t row, uint32_t col, const char *s, size_t n,
                     bool formula);
/* Like ot_shb_text for text already cleaned and stored in the builder's arena (shared
 * strings): the cell points at it without copying. */
ot_code ot_shb_text_stored(ot_sheet_builder *b, uint32_t row, uint32_t col, const char *s,
                           bool formula);
/* Sorts the cells (row, col) and drops duplicates, keeping the last one written. */
void ot_shb_finish(ot_sheet_builder *b);

/* ---- OLE compound files (ole.c) ------------------------------------------------- */
typedef struct ot_ole ot_ole;
/* Parses the CFB header, FAT, mini FAT and directory of an in-memory file. The data must
 * outlive the ot_ole. */
ot_code ot_ole_open(const unsigned char *data, size_t len, ot_ole **out, ot_error *err);
/* True when a stream with this name exists in the root storage (case-insensitive). */
bool ot_ole_has_stream(const ot_ole *ole, const char *name);
/* Copies the stream into a malloc'd buffer; refuses streams larger than max_bytes. */
ot_code ot_ole_read_stream(const ot_ole *ole, const char *name, size_t max_bytes,
                           unsigned char **buf, size_t *len, ot_error *err);
/* Overwrites a stream's bytes inside `copy`, a writable copy of the data the ole was
 * opened on: same sectors, same length (len must equal the stream's size). */
ot_code ot_ole_overwrite_stream(const ot_ole *ole, const char *name, unsigned char *copy,
                                const unsigned char *bytes, size_t len, ot_error *err);
void ot_ole_close(ot_ole *ole);

/* ---- MS-OFFCRYPTO with the default password (offcrypto.c) ------------------------ */
/* ECMA-376 encrypted package (OLE file holding EncryptionInfo + EncryptedPackage) ->
 * the plain zip bytes (malloc'd). Standard and Agile encryption. A password other than
 * "VelvetSweatshop" yields OT_E_PASSWORD. */
ot_code ot_offcrypto_decrypt_package(const ot_ole *ole, size_t max_out, unsigned char **zip,
                                     size_t *zip_len, ot_error *err);
/* A BIFF8 .xls whose Workbook stream carries FILEPASS -> a malloc'd copy of the whole OLE
 * file with the Workbook stream decrypted in place and FILEPASS neutralised, which
 * libfreexl opens. Not encrypted: OT_OK with *out = NULL. RC4 (MD5) and RC4 CryptoAPI. */
ot_code ot_offcrypto_decrypt_xls(const unsigned char *data, size_t len, const ot_ole *ole,
                                 unsigned char **out, size_t *out_len, ot_error *err);

/* ---- legacy .xls through libfreexl (xls.c) --------------------------------------- */
typedef struct ot_xls ot_xls;
ot_code ot_xls_open(const unsigned char *data, size_t len, ot_xls **out, ot_error *err);
size_t ot_xls_sheet_count(const ot_xls *x);
/* True for the 1904 date system (DATEMODE record); date cells are serials in it. */
bool ot_xls_date1904(const ot_xls *x);
const char *ot_xls_sheet_name(const ot_xls *x, size_t index);
/* Reads every non-empty cell of sheet `index` into the builder. */
ot_code ot_xls_load_sheet(ot_xls *x, size_t index, ot_sheet_builder *b);
void ot_xls_close(ot_xls *x);

#endif
