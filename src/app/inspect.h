/* inspect.h - use case "inspect": read workbooks and say what each contains (template,
 * company, answers, smelters, products, mines), optionally resolving every Smelter List
 * row against the RMI smelter list.
 *
 * Files are read on a few threads and handed to the front end one by one in the order
 * given, each while it is in memory (a batch of thousands never is all at once). */
#ifndef OT_APP_INSPECT_H
#define OT_APP_INSPECT_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "util/fileio.h"
#include "app/reference.h"
#include "util/pathlist.h"

/* One file as read. */
typedef struct ot_inspect_file {
    size_t index; /* its position in the request's list */
    const char *path;
    bool have_sha; /* its bytes could be read */
    char sha[OT_SHA256_HEX_LEN];
    const ot_declaration *decl; /* NULL when unreadable: err says why */
    ot_error err;
    /* With resolve: per Smelter List row (decl->smelter_count of them) what it says and
     * what it resolves to, against refdata. NULL otherwise. */
    const ot_refdata *refdata;
    const ot_match_input *inputs;
    const ot_match_result *resolutions;
} ot_inspect_file;

/* Receives each file in input order on the calling thread; f lives until it returns. */
typedef void (*ot_inspect_emit_fn)(const ot_inspect_file *f, void *ctx);

typedef struct ot_inspect_request {
    const ot_pathlist *files; /* what to read (app/files.h: ot_files_list) */
    unsigned threads;         /* files read at a time; 0 = one per core */
    bool resolve;             /* resolve each Smelter List row */
    ot_reference *reference;  /* with resolve: the list; NULL = opened from app */
    ot_inspect_emit_fn emit;
    void *ctx;
} ot_inspect_request;

typedef struct ot_inspect_result {
    size_t files;      /* files handed to emit */
    size_t unreadable; /* of which could not be read */
} ot_inspect_result;

/* Reads every file and hands it to req->emit. Fails (before reading anything) only when
 * the reference for resolve cannot be had. app may be NULL (no workspace: the shipped
 * smelter list). */
ot_code ot_app_inspect(ot_app *app, const ot_inspect_request *req, ot_inspect_result *res,
                       ot_error *err);

/* One object: file, sha256, then the declaration (template/declaration.h:
 * ot_declaration_to_json), each smelter row with a "resolution" object when resolved; an
 * unreadable file: file, sha256 (when its bytes could be read), error {code, message}.
 * NULL when out of memory. */
json_t *ot_inspect_file_to_json(const ot_inspect_file *f);

#endif
