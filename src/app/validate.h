/* validate.h - use case "validate": check supplier templates against the rule table
 * (validate/validate.h) and say, per file, valid, invalid or unreadable with the
 * findings; optionally write a correction letter to the supplier for each invalid file.
 * Also the rule catalogue as JSON.
 *
 * Files are read on a few threads and handed to the front end one by one in the order
 * given; each worker frees a file's workbook before the next, so memory stays bounded by
 * the reader's limits times the thread count. */
#ifndef OT_APP_VALIDATE_H
#define OT_APP_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "util/fileio.h"
#include "app/reference.h"
#include "util/pathlist.h"
#include "validate/validate.h"

typedef enum { OT_FILE_VALID, OT_FILE_INVALID, OT_FILE_UNREADABLE } ot_file_status;

/* "valid", "invalid", "unreadable". */
const char *ot_file_status_name(ot_file_status s);

/* One file as checked. */
typedef struct ot_validate_file {
    size_t index; /* its position in the request's list */
    const char *path;
    ot_file_status status;
    bool have_sha; /* its bytes could be read */
    char sha[OT_SHA256_HEX_LEN];
    bool have_template; /* it is an RMI template: family, version, exact */
    char family[8], version[16];
    bool exact;
    char *company, *contact; /* from the declaration; NULL when empty */
    ot_findings findings;
    ot_error err; /* why, when unreadable */
    /* With a feedback folder and an invalid file: why its letter was not written
     * (code OT_OK: written). */
    ot_error letter_err;
    double read_ms, validate_ms; /* reading (with the template model), the rule table */
} ot_validate_file;

/* Receives each file in input order on the calling thread; f lives until it returns. */
typedef void (*ot_validate_emit_fn)(const ot_validate_file *f, void *ctx);

typedef struct ot_validate_request {
    const ot_pathlist *files; /* what to check (app/files.h: ot_files_list) */
    unsigned threads;         /* files checked at a time; 0 = one per core */
    ot_reference *reference;  /* the smelter list; NULL: the checks needing it skipped */
    const char *today;        /* "YYYY-MM-DD" dates in the future are judged against;
                                 NULL = today (UTC) */
    const char *feedback_dir; /* write <dir>/<file>.txt and .html for each invalid file
                                 (the folder is created); NULL: no letters */
    ot_validate_emit_fn emit;
    void *ctx;
} ot_validate_request;

typedef struct ot_validate_result {
    size_t files, valid, invalid, unreadable;
    size_t letters_failed;       /* invalid files whose letter could not be written */
    double read_ms, validate_ms; /* summed over the files */
} ot_validate_result;

/* Checks every file and hands it to req->emit. Fails (before reading anything) only when
 * the feedback folder cannot be created (OT_E_IO). app may be NULL: validation needs no
 * workspace. */
ot_code ot_app_validate(ot_app *app, const ot_validate_request *req, ot_validate_result *res,
                        ot_error *err);

/* One object: file, sha256 (null when unreadable), template {type, version, exact} (null
 * when not a template), status, findings [ot_finding_to_json], findings_not_listed (when
 * the list hit its cap), error {code, message} when unreadable. NULL when out of memory. */
json_t *ot_validate_file_to_json(const ot_validate_file *f);
/* {code, severity, sheet, cell, field, metal, message, fix}; empty places are null. */
json_t *ot_finding_to_json(const ot_finding *f);

/* The rule catalogue: an array of {code, family, severity, concern, versions, meaning,
 * fix}, docs/findings.md order. */
json_t *ot_rules_to_json(void);

#endif
