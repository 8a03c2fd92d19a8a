/* export_cmrt.h - use case "export cmrt": the company's own CMRT (or EMRT 2.x) for a
 * campaign, filled into the official template the user supplies.
 *
 * Company information and questions A-H come from the configuration (section "Your own
 * CMRT"; a required key left empty is an error naming it); the per-metal answers are
 * derived from the campaign's roll-up and the suppliers' current answers
 * (report/cmrt_derive.h), each with its reason; the user may override any of them with a
 * justification, which goes into the answer's comment and the audit log; the Smelter List
 * is the roll-up's consolidated smelters by ID (and the unresolved names that can be
 * listed as "Smelter not listed"); the Product List, for the product scope, holds the
 * workspace's covered products. The export is recorded in the audit log. */
#ifndef OT_APP_EXPORT_CMRT_H
#define OT_APP_EXPORT_CMRT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "report/cmrt_derive.h"

typedef struct ot_export_cmrt_request {
    const char *campaign;      /* "2025" or "2025/CMRT"; NULL = the most recent */
    const char *template_path; /* the official empty RMI template */
    const char *out_path;
    const char *scope;   /* "company", "product" or "user"; NULL = config cmrt_scope */
    const char *as_of;   /* roll-up date YYYY-MM-DD; NULL = today */
    const char *answers; /* overrides "Q/METAL=ANSWER[,Q/METAL=ANSWER...]", NULL = none */
    const char *note;    /* the justification, required with answers */
    const char *actor;   /* for the audit log; NULL: the operating-system user */
    int32_t today;
} ot_export_cmrt_request;

typedef struct ot_export_cmrt_answer {
    const char *question; /* "3", as the template numbers it */
    const char *metal, *answer;
    const char *reason; /* the derivation rule, or the override's note */
    bool overridden;
} ot_export_cmrt_answer;

typedef struct ot_export_cmrt_result {
    int year;
    char family[8], version[16];
    const char *scope;
    const char *out_path;
    char sha256[65];
    size_t smelters_by_id, smelters_not_listed, unresolved_left_out, products;
    bool calc_chain_dropped;
    size_t answer_count;
    ot_export_cmrt_answer answers[OT_MAX_METALS * OT_CMRT_QROLES];
    ot_cmrt_derived derived[OT_MAX_METALS]; /* storage of the reasons */
    ot_cmrt_override overrides[OT_CMRT_MAX_OVERRIDES];
    size_t override_count;
    char *override_text; /* storage of the parsed overrides */
} ot_export_cmrt_result;

ot_code ot_app_export_cmrt(ot_app *app, const ot_export_cmrt_request *req,
                           ot_export_cmrt_result *res, ot_error *err);
/* One object: campaign, template {type, version}, file, sha256, scope, smelters {by_id,
 * not_listed, unresolved_left_out}, products, calc_chain_dropped, answers [{question,
 * metal, answer, reason, overridden}]. */
json_t *ot_export_cmrt_result_to_json(const ot_export_cmrt_result *res);
void ot_export_cmrt_result_free(ot_export_cmrt_result *res);

#endif
