/* error.c - error values and their stable names. */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const code_names[OT_E__COUNT] = {
    [OT_OK] = "ok",
    [OT_E_USAGE] = "usage",
    [OT_E_IO] = "io_error",
    [OT_E_NOMEM] = "out_of_memory",
    [OT_E_NOT_WORKBOOK] = "not_a_workbook",
    [OT_E_TRUNCATED] = "truncated",
    [OT_E_CORRUPT] = "corrupt",
    [OT_E_PASSWORD] = "password_protected",
    [OT_E_ENCRYPTION] = "unsupported_encryption",
    [OT_E_ZIP_BOMB] = "zip_bomb",
    [OT_E_XML_DTD] = "xml_doctype",
    [OT_E_UNSAFE_PATH] = "unsafe_path",
    [OT_E_MISSING_PART] = "missing_part",
    [OT_E_BAD_CELL] = "bad_cell_reference",
    [OT_E_TOO_LARGE] = "too_large",
    [OT_E_NOT_TEMPLATE] = "not_a_template",
    [OT_E_NOT_FOUND] = "not_found",
    [OT_E_DB] = "database_error",
    [OT_E_INVALID] = "invalid_input",
    [OT_E_CONFLICT] = "conflict",
    [OT_E_DISK_FULL] = "disk_full",
    [OT_E_STORAGE] = "storage_error",
    [OT_E_LOCKED] = "database_locked",
};

const char *ot_error_code_name(ot_code code)
{
    if ((unsigned)code >= OT_E__COUNT || !code_names[code]) return "unknown";
    return code_names[code];
}

ot_code ot_vfail(ot_error *err, ot_code code, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        /* Messages quote what a file contains (names, cell references); a hostile file
         * must not put line breaks or terminal escapes into the one line we print. */
        for (char *p = err->message; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
    }
    return code;
}

ot_code ot_fail(ot_error *err, ot_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ot_vfail(err, code, fmt, ap);
    va_end(ap);
    return code;
}

bool ot_error_is_system(ot_code code)
{
    return code == OT_E_DB || code == OT_E_DISK_FULL || code == OT_E_STORAGE ||
           code == OT_E_LOCKED || code == OT_E_NOMEM;
}

bool ot_error_is_unreadable_input(ot_code code)
{
    switch (code) {
    case OT_E_NOT_WORKBOOK:
    case OT_E_TRUNCATED:
    case OT_E_CORRUPT:
    case OT_E_PASSWORD:
    case OT_E_ENCRYPTION:
    case OT_E_ZIP_BOMB:
    case OT_E_XML_DTD:
    case OT_E_UNSAFE_PATH:
    case OT_E_MISSING_PART:
    case OT_E_BAD_CELL:
    case OT_E_TOO_LARGE:
    case OT_E_NOT_TEMPLATE:
        return true;
    default:
        return false;
    }
}

ot_code ot_error_code_for_write(int errnum)
{
    /* EFBIG: a file-size limit (RLIMIT_FSIZE, a quota or the file system's maximum) is
     * as full as a full disk for the person reading the message. */
    return errnum == ENOSPC || errnum == EDQUOT || errnum == EFBIG ? OT_E_DISK_FULL : OT_E_STORAGE;
}

void ot_error_clear(ot_error *err)
{
    if (!err) return;
    err->code = OT_OK;
    err->message[0] = '\0';
}
