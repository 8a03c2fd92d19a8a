/* actions.h - corrective actions (OECD Due Diligence Guidance, step 3: design and
 * implement a strategy to respond to identified risks): THE table of what each red flag
 * and each gap in a supplier's answer proposes.
 *
 * Two tables, data only (actions.c): the action kinds (a stable code such as
 * ACT-CONFIRM-SMELTER, the text a person reads, who acts, the default days until due)
 * and the triggers (every red-flag code of risk.h and the supplier gaps below, each with
 * the kind it proposes). Pure functions: which gaps a supplier has, which kinds a
 * smelter's flags propose. Nothing is stored here; accepted actions are kept by the
 * campaign module (campaign/actions.h). docs/risk.md's "Corrective actions" section is
 * generated from these tables (ot_risk_markdown). */
#ifndef OT_RISK_ACTIONS_H
#define OT_RISK_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "risk/risk.h"

/* What a supplier's answer lacks, independent of the smelters it names. */
typedef enum {
    OT_GAP_NO_SUBMISSION = 0, /* no file received (or none linked) */
    OT_GAP_INVALID,           /* the current file is invalid or unreadable */
    OT_GAP_UNKNOWN_PROGRAM,   /* readable and valid, but its program cannot be read */
    OT_GAP_WEAK_PROGRAM,      /* a company-level answer of the four is not Yes */
    OT_GAP_INCOMPLETE,        /* questions on completeness (CMRT 6.x: 6-8) not all Yes */
    OT_GAP_COMPANY_SCOPE,     /* declared for the whole company, not our products */
    OT_GAP__COUNT
} ot_supplier_gap;

/* "SP-NO-SUBMISSION", "SP-INVALID", "SP-UNKNOWN-PROGRAM", "SP-WEAK-PROGRAM",
 * "SP-INCOMPLETE", "SP-COMPANY-SCOPE". */
const char *ot_gap_code(ot_supplier_gap g);

/* The gaps (bit 1u << gap each) of a supplier whose current submission has this outcome
 * ("valid", "invalid", "unreadable", "none") and program (NULL when none was read). A
 * missing or invalid file is the only gap reported for it: the rest is judged on a
 * valid file. */
unsigned ot_supplier_gaps(const char *outcome, const ot_supplier_program *program);

/* Who acts on an action. */
typedef enum {
    OT_ACTOR_SUPPLIER = 0, /* asked of the supplier (its letters list it) */
    OT_ACTOR_COMPANY,      /* the company's own task (e.g. refresh reference data) */
} ot_action_actor;

typedef struct ot_action_kind {
    const char *code;  /* "ACT-CONFIRM-SMELTER" */
    const char *title; /* a few words: "confirm the smelter" */
    const char *text;  /* what is asked; for a supplier's action written to the supplier
                          (its reminders list it) */
    ot_action_actor actor;
    unsigned due_days; /* default days from acceptance until due */
    bool once;         /* a company action proposed once per campaign, not per smelter */
} ot_action_kind;

#define OT_ACTION_FREE "ACT-OTHER" /* the kind of an action a person writes */

size_t ot_action_kind_count(void);
const ot_action_kind *ot_action_kind_at(size_t i);
/* By code (case-insensitive); NULL when unknown. */
const ot_action_kind *ot_action_kind_find(const char *code);

/* A trigger: a red-flag code ("RF-...") or a supplier gap ("SP-..."). */
typedef struct ot_action_trigger {
    const char *code;
    const char *kind; /* the kind it proposes */
} ot_action_trigger;

size_t ot_action_trigger_count(void);
const ot_action_trigger *ot_action_trigger_at(size_t i);
/* The kind a flag or a gap proposes (NULL for an unknown code). */
const ot_action_kind *ot_action_for_trigger(const char *code);
const ot_action_kind *ot_action_for_flag(ot_risk_flag_id id);
const ot_action_kind *ot_action_for_gap(ot_supplier_gap g);

/* What a smelter's flags propose: one entry per kind, in kind-table order, with the
 * flags (bit 1u << ot_risk_flag_id each) that propose it. Returns how many (at most
 * max). */
typedef struct ot_smelter_proposal {
    const ot_action_kind *kind;
    unsigned flags;
} ot_smelter_proposal;
size_t ot_action_smelter_proposals(const ot_risk_result *r, ot_smelter_proposal *out, size_t max);

/* docs/risk.md's section on corrective actions (called by ot_risk_markdown). */
void ot_action_markdown(ot_strbuf *out);

#endif
