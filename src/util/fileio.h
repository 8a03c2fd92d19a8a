/* fileio.h - reading whole files with a size limit, and SHA-256 of byte buffers. */
#ifndef OT_FILEIO_H
#define OT_FILEIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

/* Reads the whole file into a malloc'd buffer (NUL-terminated for convenience, the NUL
 * not counted in *len). Refuses files larger than max_bytes with OT_E_TOO_LARGE, and
 * anything but a regular file (a FIFO, a device, a folder: "not a regular file: it is a
 * FIFO (named pipe)") with OT_E_IO before reading from it, so a named pipe given as a
 * file cannot make a command wait forever. */
ot_code ot_read_file(const char *path, size_t max_bytes, unsigned char **data, size_t *len,
                     ot_error *err);

/* "a regular file", "a folder", "a FIFO (named pipe)", "a device", "a socket", "a
 * symbolic link" for an st_mode. */
const char *ot_file_kind(mode_t mode);

/* Writes the buffer to path atomically (temp file in the same folder, fsync, rename). */
ot_code ot_write_file_atomic(const char *path, const void *data, size_t len, ot_error *err);

/* Bytes of a SHA-256 in lowercase hex with its NUL. */
#define OT_SHA256_HEX_LEN 65

/* Lowercase hex SHA-256 of data, written to out[OT_SHA256_HEX_LEN]. */
void ot_sha256_hex(const void *data, size_t len, char out[OT_SHA256_HEX_LEN]);

/* Raw digests (libgcrypt underneath). */
void ot_sha256(const void *data, size_t len, uint8_t out[32]);

/* Makes sure libgcrypt is initialised (thread-safe, idempotent). */
void ot_crypto_init(void);

#endif
