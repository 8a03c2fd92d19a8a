/* vault.h - use case "vault verify": the database's integrity, then every received file
 * re-hashed, every recorded file looked for, and what does not belong in the vault
 * (unrecorded files, leftover temp files, anything else). */
#ifndef OT_APP_VAULT_H
#define OT_APP_VAULT_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "app/integrity.h"
#include "store/vault.h"

typedef struct ot_vault_verify_request {
    bool clean_temp; /* remove the leftover temp files found */
} ot_vault_verify_request;

/* One problem, as ot_vault_verify reports it. */
typedef struct ot_vault_problem {
    char *what;    /* the SHA-256 (missing, corrupt, unrecorded) or the path inside the
                      vault (temp, temp_removed, unexpected); malloc'd */
    char kind[16]; /* "missing", "corrupt", "unrecorded", "temp", "temp_removed",
                      "unexpected" */
} ot_vault_problem;

/* The verdict (named apart from the store's counts, ot_vault_report, which it holds). */
typedef struct ot_vault_verification {
    ot_integrity_result integrity;
    ot_vault_report report;
    ot_vault_problem *problems; /* in the order found */
    size_t problem_count;
    bool intact; /* a consistent database and a vault without problems */
} ot_vault_verification;

/* An error only when a check could not run; what they found is in the result. */
ot_code ot_app_vault_verify(ot_app *app, const ot_vault_verify_request *req,
                            ot_vault_verification *res, ot_error *err);
/* One object: intact, files_ok, missing, corrupt, unrecorded, temp, temp_removed,
 * unexpected, set_aside, database_integrity {ok, problems}, problems [{sha256 or path,
 * problem}]. */
json_t *ot_vault_verification_to_json(const ot_vault_verification *res);
void ot_vault_verification_free(ot_vault_verification *res);

#endif
