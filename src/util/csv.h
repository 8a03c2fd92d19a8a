/* csv.h - reading RFC 4180 CSV files record by record, with the line number of each
 * record, so importers can report "line 17: ..." and skip a bad row instead of failing
 * the whole file.
 *
 * Quoted fields may hold commas, doubled quotes and line breaks; CRLF, LF and lone CR
 * all end a record; a UTF-8 byte-order mark at the start is skipped; blank lines are
 * skipped. Parsing is strict (libcsv's CSV_STRICT): a quote inside an unquoted field,
 * text after a closing quote or a quoted field never closed make the record malformed;
 * it is handed to the callback with `malformed` set and reading resumes on the next
 * physical line. Field values are NUL-terminated and not trimmed beyond what RFC 4180
 * allows (libcsv drops spaces around unquoted fields). */
#ifndef OT_CSV_H
#define OT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct ot_csv_row {
    size_t line;         /* 1-based physical line where the record starts */
    size_t end_line;     /* line where it ends (differs when a field holds line breaks) */
    size_t count;        /* number of fields */
    const char **fields; /* count NUL-terminated strings, valid during the callback */
    bool malformed;      /* broken quoting; fields are what was read before the error */
    const char *problem; /* why, when malformed */
} ot_csv_row;

/* Called once per record, in file order. Return OT_OK to go on; any other code stops
 * reading and is returned by ot_csv_read_*. */
typedef ot_code (*ot_csv_row_fn)(const ot_csv_row *row, void *ctx, ot_error *err);

/* Reads CSV text from memory. */
ot_code ot_csv_read_mem(const char *data, size_t len, ot_csv_row_fn fn, void *ctx, ot_error *err);
/* Reads a CSV file (at most max_bytes; 0 means 512 MiB) in UTF-8 (UTF-16 recognised by
 * its byte-order mark), or in the named encoding (util/encoding.h). Text that is not
 * valid UTF-8 or holds a NUL byte is refused (OT_E_INVALID, with the line) before any
 * row is read. */
ot_code ot_csv_read_file(const char *path, size_t max_bytes, ot_csv_row_fn fn, void *ctx,
                         ot_error *err);
ot_code ot_csv_read_file_as(const char *path, size_t max_bytes, const char *encoding,
                            ot_csv_row_fn fn, void *ctx, ot_error *err);

/* Index of the header field equal to name (case-insensitive, surrounding spaces
 * ignored), or -1. */
int ot_csv_column(const ot_csv_row *header, const char *name);

/* Appends value to sb as one CSV field: quoted (with doubled quotes) when it holds a
 * comma, quote, CR or LF, or starts/ends with a space. NULL is an empty field. */
struct ot_strbuf;
void ot_csv_put_field(struct ot_strbuf *sb, const char *value);

#endif
