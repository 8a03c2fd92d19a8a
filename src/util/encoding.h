/* encoding.h - text files from outside (vendor lists, bills of materials) turned into
 * checked UTF-8 before anything parses them.
 *
 * Vendor exports come as UTF-8 (with or without a byte-order mark), as UTF-16 (Excel's
 * "Unicode text", always with a byte-order mark), or in a legacy 8-bit encoding
 * (Latin-1, Windows-1252). Read as UTF-8, a Latin-1 file would store names the JSON
 * output cannot carry, and a NUL byte would silently cut a field short. So: UTF-16 is
 * recognised by its byte-order mark and converted, a UTF-8 byte-order mark is dropped,
 * any other encoding is converted when named (glibc iconv), and the result is refused,
 * with the line, when it is not valid UTF-8 or holds a NUL byte. */
#ifndef OT_ENCODING_H
#define OT_ENCODING_H

#include <stddef.h>

#include "error.h"

/* Converts data (len bytes) to UTF-8 in a malloc'd, NUL-terminated *out (*out_len bytes,
 * without the byte-order mark). encoding: NULL, "" or "utf-8" for UTF-8 with UTF-16
 * recognised by its byte-order mark; otherwise an iconv name ("latin1", "windows-1252",
 * "utf-16", ...). Errors: OT_E_INVALID "line 7 is not valid UTF-8 (byte 0xe9) ...",
 * "line 3 holds a NUL byte ...", "line 2: byte 0x81 is not a character in
 * windows-1252"; OT_E_USAGE for an encoding iconv does not know. */
ot_code ot_text_decode(const unsigned char *data, size_t len, const char *encoding, char **out,
                       size_t *out_len, ot_error *err);

#endif
