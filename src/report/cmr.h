/* cmr.h - the Form SD and its Exhibit 1.01, the Conflict Minerals Report, built as
 * ot_doc values (document.h) from the figures (figures.h), the narrative texts
 * (narrative.h), the filer's cover-page settings and the RCOI conclusion. The EDGAR HTML
 * writer (edgar.h) and the PDF writer render the same documents.
 *
 * The RCOI conclusion is derived by a decision rule (ot_rcoi_decide; the rule table is
 * printed in docs/report.md) and can be replaced by the user only with a recorded
 * justification, which the report then prints beside the derived conclusion. */
#ifndef OT_REPORT_CMR_H
#define OT_REPORT_CMR_H

#include <stdbool.h>
#include <stddef.h>

#include "report/document.h"
#include "report/figures.h"
#include "store/config.h"
#include "store/store.h"
#include "util/error.h"

/* ---- the RCOI conclusion ------------------------------------------------------------- */

typedef enum {
    OT_RCOI_NO_NECESSARY_3TG = 0, /* no necessary 3TG: no Form SD needed */
    OT_RCOI_NEGATIVE,             /* no reason to believe Covered-Country origin, or
                                     recycled / scrap only: Form SD, no CMR */
    OT_RCOI_DD_REQUIRED,          /* reason to believe, or origin undetermined: due
                                     diligence and a CMR as Exhibit 1.01 */
    OT_RCOI__COUNT
} ot_rcoi_conclusion;

typedef enum {
    OT_DD_NOT_APPLICABLE = 0, /* no due diligence was required */
    OT_DD_NO_CC_OR_SCRAP,     /* due diligence found no Covered-Country origin, or scrap only */
    OT_DD_CONFLICT_FREE,      /* "DRC conflict free": needs an independent private-sector audit */
    OT_DD_UNDETERMINED,       /* origin could not be determined for all 3TG */
    OT_DD__COUNT
} ot_dd_outcome;

/* "no_necessary_3tg", "rcoi_negative", "dd_required"; parse returns false otherwise. */
const char *ot_rcoi_conclusion_name(ot_rcoi_conclusion c);
bool ot_rcoi_conclusion_parse(const char *s, ot_rcoi_conclusion *out);
/* "not_applicable", "no_cc_or_scrap", "conflict_free", "undetermined". */
const char *ot_dd_outcome_name(ot_dd_outcome o);
bool ot_dd_outcome_parse(const char *s, ot_dd_outcome *out);

#define OT_RCOI_MAX_REASONS 10

/* A recorded replacement of the derived conclusion (store: migration 013). */
typedef struct ot_rcoi_override {
    bool present;
    ot_rcoi_conclusion conclusion;
    ot_dd_outcome outcome;
    char justification[1024];
    char actor[128];
    char decided_at[32];
} ot_rcoi_override;

typedef struct ot_rcoi_decision {
    ot_rcoi_conclusion conclusion; /* the one the report states */
    ot_dd_outcome outcome;
    ot_rcoi_conclusion derived; /* what the rule gives */
    ot_dd_outcome derived_outcome;
    size_t rule; /* index of the deciding rule (ot_rcoi_rule_at) */
    size_t reason_count;
    char reasons[OT_RCOI_MAX_REASONS][320]; /* why, with the figures as printed */
    ot_rcoi_override override;              /* present: it replaced the derived one */
} ot_rcoi_decision;

/* Applies the rule table to the figures, then the override when one is present. */
void ot_rcoi_decide(const ot_cmr_figures *f, const ot_rcoi_override *override,
                    ot_rcoi_decision *out);

/* The override recorded for a campaign (out->present false when none, or when the
 * latest record returned the campaign to the rule). */
ot_code ot_rcoi_override_load(ot_db *db, int64_t campaign_id, ot_rcoi_override *out, ot_error *err);
/* Records an override, audited, in one durable transaction. conclusion NULL or "derived"
 * returns the campaign to the rule. outcome: only with dd_required (NULL: undetermined).
 * OT_E_INVALID for an unknown conclusion or outcome, or a justification that is empty or
 * longer than 1000 bytes. */
ot_code ot_rcoi_override_record(ot_db *db, int64_t campaign_id, const char *conclusion,
                                const char *outcome, const char *justification, const char *actor,
                                ot_error *err);

/* The rule table, for docs/report.md. */
typedef struct ot_rcoi_rule_info {
    ot_rcoi_conclusion conclusion;
    ot_dd_outcome outcome;
    const char *condition; /* when it applies, in words (figures by placeholder name) */
    const char *consequence;
} ot_rcoi_rule_info;
size_t ot_rcoi_rule_count(void);
bool ot_rcoi_rule_at(size_t i, ot_rcoi_rule_info *out);
/* The table as Markdown. */
void ot_rcoi_rules_markdown(ot_strbuf *out);

/* ---- the filer (Form SD cover page) -------------------------------------------------- */

typedef struct ot_cmr_filer {
    const char *name, *state, *file_number, *irs_number, *address, *contact, *phone, *signer,
        *signer_title;
} ot_cmr_filer;

/* The cover-page settings (filer_* keys); OT_E_INVALID naming the first key that is not
 * set ("filer_irs_number is not set in oretrace.conf: the Form SD cover page needs it"). */
ot_code ot_cmr_filer_from_config(const ot_config *cfg, ot_cmr_filer *out, ot_error *err);

/* ---- the documents ------------------------------------------------------------------- */

/* EDGAR file names of a year's documents: "formsd2025.htm", "ex101cmr2025.htm". */
void ot_cmr_file_names(int year, char form_sd[33], char cmr[33]);

typedef struct ot_cmr_input {
    const ot_cmr_figures *figures;
    const ot_rcoi_decision *decision;
    const ot_cmr_filer *filer;
    const char *workspace_dir; /* where report-text/ is */
    const char *signed_on;     /* "YYYY-MM-DD" printed under the signature */
    const char *public_url;    /* where the CMR is published ("" or NULL: not stated) */
} ot_cmr_input;

/* Builds the Form SD and, when due diligence was required, the Conflict Minerals Report
 * (*cmr NULL otherwise). Errors of the narrative texts (missing file, unknown
 * placeholder) come back as they are. */
ot_code ot_report_cmr_build(const ot_cmr_input *in, ot_doc **cmr, ot_doc **form_sd, ot_error *err);

#endif
