/* error.h - errors travel as values: a stable code plus a message fit for a person.
 *
 * Library modules never print or exit; they fill an ot_error and return its code.
 * The code names (ot_error_code_name) are stable and appear in --json output. */
#ifndef OT_ERROR_H
#define OT_ERROR_H

#include <stdarg.h>
#include <stdbool.h>

typedef enum {
    OT_OK = 0,
    OT_E_USAGE,        /* caller passed something wrong */
    OT_E_IO,           /* file could not be opened or read */
    OT_E_NOMEM,        /* allocation failed */
    OT_E_NOT_WORKBOOK, /* neither a zip (xlsx) nor an OLE file (xls / encrypted xlsx) */
    OT_E_TRUNCATED,    /* zip or OLE structure ends early */
    OT_E_CORRUPT,      /* structure present but inconsistent (bad CRC, bad sizes, bad XML) */
    OT_E_PASSWORD,     /* encrypted with a password other than Excel's default */
    OT_E_ENCRYPTION,   /* encrypted with a scheme this reader does not support */
    OT_E_ZIP_BOMB,     /* a part inflates past the size or ratio limit */
    OT_E_XML_DTD,      /* XML with a DOCTYPE or entity declaration */
    OT_E_UNSAFE_PATH,  /* zip entry name with "..", an absolute path or a backslash */
    OT_E_MISSING_PART, /* a required workbook part is absent */
    OT_E_BAD_CELL,     /* absurd row/column number or malformed cell reference */
    OT_E_TOO_LARGE,    /* file or structure beyond a hard limit */
    OT_E_NOT_TEMPLATE, /* a workbook, but not an RMI reporting template */
    OT_E_NOT_FOUND,    /* a named thing (sheet, record, id) does not exist */
    OT_E_DB,           /* database error */
    OT_E_INVALID,      /* input data rejected (bad CSV row, bad value) */
    OT_E_CONFLICT,     /* state does not allow the operation */
    /* The workspace's storage failed, not the input: these stop a batch, and the CLI
     * exits 4 with the cause (never "unreadable input"). */
    OT_E_DISK_FULL, /* no space left: ENOSPC, EDQUOT, EFBIG, a full database */
    OT_E_STORAGE,   /* a write, sync or read of the workspace failed (EIO, ...) */
    OT_E_LOCKED,    /* another process held the database lock past the wait bound */
    OT_E__COUNT
} ot_code;

typedef struct ot_error {
    ot_code code;
    char message[384];
} ot_error;

/* Sets err (when not NULL) and returns code, so callers can `return ot_fail(...)`. */
ot_code ot_fail(ot_error *err, ot_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ot_code ot_vfail(ot_error *err, ot_code code, const char *fmt, va_list ap);

/* Stable snake_case name of a code, e.g. "zip_bomb". */
const char *ot_error_code_name(ot_code code);

/* True for failures of the machine or the workspace rather than of what was read:
 * database, disk full, storage I/O, lock timeout, memory. A batch stops on them instead
 * of blaming the next file, and the CLI exits 4. */
bool ot_error_is_system(ot_code code);

/* True when the code says a file that was read is not a readable RMI workbook (not a
 * workbook, damaged, hostile, encrypted with a password, too large, not a template):
 * the input's fault, which the CLI reports with exit status 2. */
bool ot_error_is_unreadable_input(ot_code code);

/* The ot_code for a failed write/sync/create with this errno: OT_E_DISK_FULL for
 * ENOSPC, EDQUOT and EFBIG, OT_E_STORAGE otherwise. */
ot_code ot_error_code_for_write(int errnum);

/* Clears err to OT_OK with an empty message. */
void ot_error_clear(ot_error *err);

#endif
