/* rollup.h - the company's picture of one campaign: every smelter its suppliers'
 * current submissions name, consolidated by RMI smelter ID, with the RMAP status and
 * the red flags known when the figures are computed; the names that resolved to no
 * smelter, with who typed them; per supplier, its program strength and what its
 * submission says; and the counts a Conflict Minerals Report quotes.
 *
 * Nothing here is frozen at ingest: smelter resolutions are those stored on the smelter
 * rows (kept current by re-resolution when reference data changes), RMAP statuses are
 * looked up in the workspace's reference data as of params.as_of, and the CAHRA and
 * watch lists are the ones the workspace holds at the time of the call. Every later
 * stage (risk table, corrective actions, reports, exports, the company's own CMRT, the
 * web dashboard) reads this one value, so the same figure cannot come out two ways.
 *
 * The roll-up owns every string it hands out; they live until ot_rollup_free. */
#ifndef OT_REPORT_ROLLUP_H
#define OT_REPORT_ROLLUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "refdata/refdata.h"
#include "report/risklists.h"
#include "risk/risk.h"
#include "store/workspace.h"
#include "util/date.h"
#include "util/error.h"

typedef struct ot_rollup_params {
    int64_t campaign_id;          /* ot_campaign_info.id of the campaign rolled up */
    const char *as_of;            /* "YYYY-MM-DD": submissions received on or before it,
                                     RMAP statuses as of it; NULL = today (UTC) */
    bool valid_only;              /* only suppliers whose current submission is valid */
    unsigned status_max_age_days; /* 0 = the workspace's configuration / the default */
} ot_rollup_params;

/* One consolidated smelter (all suppliers' rows resolved to the same smelter ID). */
typedef struct ot_rollup_smelter {
    const char *smelter_id;         /* "CID002763" */
    const char *metal;              /* the reference list's metal: "Gold", "Tin", ... */
    const char *standard_name;      /* the reference list's name */
    const char *country;            /* the reference list's country, as the list spells it */
    char country_alpha2[3];         /* ISO 3166 alpha-2, "" when the country is unknown */
    const char *rmap_status;        /* ot_rmap_status_name(): "Conformant", ..., "Unknown" */
    char status_as_of[OT_DATE_LEN]; /* date of that status, "" when none is on record */
    size_t supplier_count;
    const char *const *supplier_ids;   /* the suppliers naming it, sorted, no repeats */
    const int64_t *submission_ids;     /* their current submissions, one per supplier */
    size_t mine_country_count;         /* countries of origin suppliers reported for it */
    const char *const *mine_countries; /* ISO alpha-2 codes, sorted, no repeats */
    ot_risk_result risk;               /* red flags (table order) and level */
} ot_rollup_smelter;

/* A smelter row whose name (or ID) resolved to no RMI smelter. */
typedef struct ot_rollup_unresolved {
    const char *metal;            /* as reported, NULL when blank */
    const char *name;             /* as typed (the look-up choice when no name was typed) */
    const char *country;          /* as reported */
    const char *smelter_id_input; /* an ID the supplier typed that resolves to nothing */
    const char *supplier_id;
    int64_t submission_id;
    uint32_t row_no;    /* row in the Smelter List sheet */
    const char *reason; /* why it did not resolve, for a person */
} ot_rollup_unresolved;

/* One in-scope supplier of the campaign. */
typedef struct ot_rollup_supplier {
    const char *supplier_id, *name, *category;
    const char *request_status;   /* the campaign's status word (campaign.h) */
    int64_t submission_id;        /* current submission, 0 = none */
    const char *outcome;          /* "valid", "invalid", "unreadable", "none" */
    const char *family, *version; /* of the current submission, NULL when none read */
    ot_supplier_program program;  /* strength, scope, completeness (answers copied into
                                     the roll-up, so they outlive the declaration) */
    size_t smelter_rows;          /* rows on its Smelter List */
    size_t red_flag_smelters;     /* smelters it names whose risk is medium or high */
    size_t errors, warnings;      /* validation findings of the current submission */
} ot_rollup_supplier;

/* The counts a filing quotes (cmr-anatomy.md). */
typedef struct ot_rollup_summary {
    size_t suppliers;                    /* in-scope suppliers of the campaign */
    size_t suppliers_included;           /* with a current readable submission rolled up */
    size_t smelter_rows;                 /* Smelter List rows read over those submissions */
    size_t smelters_reported;            /* distinct smelters named: resolved IDs + unresolved
                                            names (distinct by metal and normalised name) */
    size_t smelters_resolved;            /* distinct smelter IDs */
    size_t unresolved_names;             /* distinct unresolved names */
    size_t by_status[OT_RMAP__COUNT];    /* resolved smelters by RMAP status on record */
    size_t status_unknown;               /* resolved smelters without any status on record */
    size_t in_covered_countries;         /* located in an SEC covered country */
    size_t in_cahra;                     /* located in a country on the CAHRA list */
    size_t origin_known;                 /* smelters with at least one reported mine country */
    size_t origin_covered;               /* ... of which one is a covered country */
    size_t by_risk[3];                   /* indexed by ot_risk_level */
    size_t suppliers_by_program[3];      /* indexed by ot_program_strength */
    char status_list_as_of[OT_DATE_LEN]; /* newest status list used, "" when none */
    char as_of[OT_DATE_LEN];             /* the evaluation date */
} ot_rollup_summary;

typedef struct ot_rollup ot_rollup;

/* Rolls up the campaign in params on the workspace's connection. OT_E_NOT_FOUND when the
 * campaign does not exist; OT_E_USAGE on a malformed as_of. */
ot_code ot_rollup_compute(ot_workspace *ws, const ot_rollup_params *params, ot_rollup **out,
                          ot_error *err);

/* Smelters sorted by metal, standard name, smelter ID (the appendix order). */
size_t ot_rollup_smelter_count(const ot_rollup *r);
const ot_rollup_smelter *ot_rollup_smelter_at(const ot_rollup *r, size_t i);
/* NULL when the roll-up names no such smelter. */
const ot_rollup_smelter *ot_rollup_smelter_find(const ot_rollup *r, const char *smelter_id);

/* Unresolved rows sorted by metal, name, supplier. */
size_t ot_rollup_unresolved_count(const ot_rollup *r);
const ot_rollup_unresolved *ot_rollup_unresolved_at(const ot_rollup *r, size_t i);

/* In-scope suppliers sorted by supplier ID. */
size_t ot_rollup_supplier_count(const ot_rollup *r);
const ot_rollup_supplier *ot_rollup_supplier_at(const ot_rollup *r, size_t i);

const ot_rollup_summary *ot_rollup_summary_get(const ot_rollup *r);
/* The inputs the figures depend on, for evidence: campaign, evaluation date, reference
 * data snapshot and status lists with their dates, CAHRA and watch lists. */
const ot_risk_params *ot_rollup_risk_params(const ot_rollup *r);
/* The stored list of that kind the figures used (risklists.h), NULL when the workspace
 * holds none (then no CAHRA / watch-list flag can be raised). */
const ot_risklist_info *ot_rollup_list_info(const ot_rollup *r, ot_risklist_kind kind);

void ot_rollup_free(ot_rollup *r);

#endif
