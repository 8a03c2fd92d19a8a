/* cmrt_derive.h - the company's answers to the CMRT's per-metal questions, derived from
 * what its suppliers declared (docs/cmrt-export.md states each rule).
 *
 * Two steps: ot_cmrt_gather reads the facts a campaign's roll-up and the answer rows of
 * the suppliers' current submissions give (counts per metal and answer); the rules in
 * ot_cmrt_derive turn facts into answers, each with its reason for a person. The rules
 * are a pure function, so they are tested on facts written by hand. */
#ifndef OT_REPORT_CMRT_DERIVE_H
#define OT_REPORT_CMRT_DERIVE_H

#include <stddef.h>

#include "report/cmrt_writer.h"
#include "report/rollup.h"
#include "store/workspace.h"

/* How the suppliers' answers to one question split. */
enum { OT_SAID_YES = 0, OT_SAID_NO, OT_SAID_UNKNOWN, OT_SAID__COUNT };

typedef struct ot_cmrt_metal_facts {
    const char *metal; /* "Tantalum", ... */
    /* current submissions answering each question for this metal: Yes / No / Unknown or
     * blank; Q1 counts every submission, the others only those with Q1 = Yes */
    size_t said[OT_CMRT_QROLES][OT_SAID__COUNT];
    size_t smelters;         /* consolidated smelters (by ID) of the metal */
    size_t origin_covered;   /* ... with a reported mine country in a covered country */
    size_t unresolved;       /* distinct names that resolved to no smelter */
    size_t unresolved_typed; /* ... listed anyway as "Smelter not listed" rows */
} ot_cmrt_metal_facts;

typedef struct ot_cmrt_facts {
    size_t suppliers; /* in scope */
    size_t responded; /* with a current readable submission */
    size_t metal_count;
    ot_cmrt_metal_facts metals[OT_MAX_METALS];
} ot_cmrt_facts;

/* The derived answers of one metal; m.q[role].answer points at static strings. */
typedef struct ot_cmrt_derived {
    ot_cmrt_metal m;
    char why[OT_CMRT_QROLES][200]; /* the rule that gave the answer, "" when blank */
} ot_cmrt_derived;

/* The response-rate item of the drop-down for responded of suppliers ("100%", "Greater
 * than 90%", ..., "50% or less", "None"). */
const char *ot_cmrt_response_bucket(size_t responded, size_t suppliers);

/* Applies the rules to every metal of facts (out[i] for facts->metals[i]). */
void ot_cmrt_derive(const ot_cmrt_facts *facts, ot_cmrt_derived *out);

/* The facts of a roll-up: answer rows of the included suppliers' current submissions
 * (read from the workspace), smelters and unresolved names by metal. `metals` are the
 * template's (CMRT: Tantalum, Tin, Gold, Tungsten). The smelter rows for the Smelter List
 * go to *smelters (malloc'd; strings point into the roll-up): every consolidated smelter
 * by ID, then each distinct unresolved name whose metal and country the template's lists
 * hold, as "Smelter not listed". */
ot_code ot_cmrt_gather(ot_workspace *ws, const ot_rollup *r, const char *const *metals,
                       size_t metal_count, ot_cmrt_facts *facts, ot_cmrt_smelter **smelters,
                       size_t *smelter_count, ot_error *err);

#endif
