/* vault.h - every received file, byte for byte, under its SHA-256.
 *
 * Invariant: a file is in the vault (written, fsynced, renamed into place, folder
 * fsynced) BEFORE anything parses it, so whatever happens later - a parser crash, a
 * SIGKILL, a rolled-back transaction - the original is kept. Files are stored at
 * DIR/vault/<first two hex digits>/<remaining 62>, never modified and never deleted by
 * oretrace. The database's vault_file / vault_name rows say when each was first seen and
 * under which names; a file without its row (the process died in between) is repaired
 * by the next put of the same bytes and reported as "unrecorded" by ot_vault_verify. */
#ifndef OT_VAULT_H
#define OT_VAULT_H

#include <stddef.h>

#include "store/workspace.h"
#include "util/fileio.h"

/* Temp files are DIR/vault/xx/.tmp-XXXXXX until renamed into place. */
#define OT_VAULT_TEMP_PREFIX ".tmp-"
/* A temp file younger than this (seconds) may belong to a write in progress. */
#define OT_VAULT_TEMP_MIN_AGE (15 * 60)

/* Stores bytes (idempotent: identical bytes are stored once; an existing file with that
 * name is re-hashed and must match, else OT_E_CORRUPT) and records the vault row plus
 * original_name (may be NULL). Runs inside the caller's transaction when one is open, in
 * its own otherwise. sha_hex receives the lowercase SHA-256. */
ot_code ot_vault_put(ot_workspace *ws, const void *bytes, size_t len, const char *original_name,
                     char sha_hex[OT_SHA256_HEX_LEN], ot_error *err);

/* Reads the file at path (at most max_bytes), puts it in the vault, and hands the bytes
 * back (malloc'd, caller frees) so the caller parses exactly what was stored. The
 * original name recorded is the path's last component. */
ot_code ot_vault_put_file(ot_workspace *ws, const char *path, size_t max_bytes,
                          char sha_hex[OT_SHA256_HEX_LEN], unsigned char **bytes, size_t *len,
                          ot_error *err);

/* ot_vault_put_file without the database rows: the bytes are durably stored when this
 * returns, and the caller records them with ot_vault_record in the transaction that uses
 * them (ingest: the file's own transaction, so a batch takes one write transaction per
 * file instead of two connections taking turns at the write lock). */
ot_code ot_vault_store_file(ot_workspace *ws, const char *path, size_t max_bytes,
                            char sha_hex[OT_SHA256_HEX_LEN], unsigned char **bytes, size_t *len,
                            ot_error *err);

/* The vault_file and vault_name rows for stored bytes (caller's transaction);
 * original_name may be NULL. Recording the same bytes and name again changes nothing. */
ot_code ot_vault_record(ot_db *db, const char *sha_hex, size_t len, const char *original_name,
                        ot_error *err);

/* Reads a stored file back (malloc'd) and checks its hash: OT_E_NOT_FOUND, OT_E_CORRUPT. */
ot_code ot_vault_get(ot_workspace *ws, const char *sha_hex, unsigned char **bytes, size_t *len,
                     ot_error *err);

/* Path of a stored file into out (always filled, whether or not the file exists). */
void ot_vault_path(const ot_workspace *ws, const char *sha_hex, char *out, size_t size);

/* True when sha_hex is 64 lowercase hex digits. */
bool ot_vault_sha_valid(const char *sha_hex);

typedef struct ot_vault_report {
    size_t files_ok;
    size_t missing;      /* a row without its file */
    size_t corrupt;      /* a file whose bytes no longer hash to its name */
    size_t unrecorded;   /* a file no vault_file row references (an interrupted ingest
                            that was never re-run, or put there by hand) */
    size_t temp;         /* temp files of a write that never finished (older than
                            OT_VAULT_TEMP_MIN_AGE) */
    size_t temp_removed; /* of those, removed (OT_VAULT_CLEAN_TEMP) */
    size_t unexpected;   /* entries that are neither stored files, temp files nor
                            set-aside damaged copies */
    size_t set_aside;    /* damaged copies kept as <name>.damaged-<time> (not a problem) */
} ot_vault_report;

/* True when the report holds no problem (temp files removed are not one). */
bool ot_vault_report_clean(const ot_vault_report *r);

/* Called once per problem found. kind is "missing", "corrupt", "unrecorded" (what is the
 * SHA-256), "temp", "temp_removed" or "unexpected" (what is the path inside the vault,
 * e.g. "ab/.tmp-Xy12Zq"). */
typedef void (*ot_vault_problem_fn)(const char *what, const char *kind, void *ctx);

/* ot_vault_verify flags: remove the leftover temp files it finds. */
#define OT_VAULT_CLEAN_TEMP 1u

/* Re-hashes every stored file, cross-checks the vault_file rows, and looks for temp
 * files and anything else that does not belong. Returns OT_OK when the walk completed
 * (problems are counted in the report, not errors). */
ot_code ot_vault_verify(ot_workspace *ws, unsigned flags, ot_vault_report *report,
                        ot_vault_problem_fn on_problem, void *ctx, ot_error *err);

#endif
