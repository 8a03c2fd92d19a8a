/* actions.c - THE corrective-action tables (actions.h): the action kinds and what each
 * red flag and each supplier gap proposes, the rules that find a supplier's gaps, and
 * the Markdown section docs/risk.md carries for them.
 *
 * Adding a kind = one row in kinds[]; making a flag or gap propose another kind = its
 * row in triggers[]. A test keeps one trigger row per flag and per gap. */
#include "risk/actions.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "risk/risk_internal.h"

#define SUP OT_ACTOR_SUPPLIER
#define CO OT_ACTOR_COMPANY

/* clang-format off */
static const ot_action_kind kinds[] = {
    {"ACT-ESCALATE-WATCHLIST", "escalate a watch-listed smelter",
     "Tell us whether this smelter, which is on our watch list (sanctions or credible adverse "
     "reports), is in the supply chain of what you sell us, and stop sourcing from it.", SUP, 14,
     false},
    {"ACT-MOVE-TO-CONFORMANT", "move to a conformant source",
     "Move your sourcing of this metal to RMAP conformant smelters, or send us a dated plan "
     "showing how you mitigate the risk of this smelter.", SUP, 90, false},
    {"ACT-SMELTER-OUTREACH", "urge the smelter to enrol",
     "Urge this smelter to enrol in the RMAP (or an equivalent independent audit) and tell us "
     "its answer; if it will not, move to a conformant source.", SUP, 90, false},
    {"ACT-REVIEW-ORIGIN", "ask for the origin",
     "Tell us where this smelter's material comes from (countries of origin, chain of "
     "custody) and what evidence your own due diligence relied on.", SUP, 60, false},
    {"ACT-CONFIRM-SMELTER", "confirm the smelter",
     "Confirm this smelter (RMI smelter ID, metal, country) or correct your Smelter List.",
     SUP, 30, false},
    {"ACT-MONITOR-AUDIT", "follow the audit",
     "Follow the smelter's RMAP audit and check its status again before the report is "
     "filed.", CO, 180, false},
    {"ACT-REFRESH-STATUS", "refresh the status list",
     "Import a current RMAP status list and compute the figures again: statuses older than "
     "the limit are not relied on.", CO, 14, true},
    {"ACT-REQUEST-SUBMISSION", "ask for the template",
     "Send us your completed reporting template.", SUP, 30, false},
    {"ACT-REQUEST-CORRECTION", "ask for a corrected file",
     "Correct the findings we sent you on your file and send it again.", SUP, 30, false},
    {"ACT-REQUEST-PROGRAM", "ask for the company answers",
     "Answer the company-level questions (sourcing policy, due diligence, review of your "
     "suppliers' information, corrective actions) on a current template.", SUP, 30, false},
    {"ACT-STRENGTHEN-PROGRAM", "strengthen the program",
     "Send us a dated plan to put in place what your answers lack: a responsible sourcing "
     "policy, due-diligence measures, a review of your suppliers' information and "
     "corrective-action management.", SUP, 180, false},
    {"ACT-COMPLETE-INQUIRY", "complete the inquiry",
     "Complete your own inquiry: answers from all your relevant suppliers, all smelters "
     "identified, and all smelter information you received reported.", SUP, 60, false},
    {"ACT-REQUEST-PRODUCT-SCOPE", "ask for a product-level declaration",
     "Send us a product-level declaration covering the products you sell us: a company-wide "
     "declaration names smelters that may not be in them.", SUP, 60, false},
    {OT_ACTION_FREE, "other",
     "An action a person wrote (its own text).", SUP, 30, false},
};

static const ot_action_trigger triggers[] = {
    {"RF-WATCHLIST", "ACT-ESCALATE-WATCHLIST"},
    {"RF-LOC-COVERED", "ACT-REVIEW-ORIGIN"},
    {"RF-LOC-CAHRA", "ACT-REVIEW-ORIGIN"},
    {"RF-MINE-COVERED", "ACT-REVIEW-ORIGIN"},
    {"RF-MINE-CAHRA", "ACT-REVIEW-ORIGIN"},
    {"RF-RMAP-NON-CONFORMANT", "ACT-MOVE-TO-CONFORMANT"},
    {"RF-RMAP-SUSPENDED", "ACT-MOVE-TO-CONFORMANT"},
    {"RF-RMAP-NOT-ENROLLED", "ACT-SMELTER-OUTREACH"},
    {"RF-RMAP-ACTIVE", "ACT-MONITOR-AUDIT"},
    {"RF-RMAP-UNKNOWN", "ACT-CONFIRM-SMELTER"},
    {"RF-RMAP-STALE", "ACT-REFRESH-STATUS"},
    {"RF-METAL-MISMATCH", "ACT-CONFIRM-SMELTER"},
    {"RF-COUNTRY-MISMATCH", "ACT-CONFIRM-SMELTER"},
    {"SP-NO-SUBMISSION", "ACT-REQUEST-SUBMISSION"},
    {"SP-INVALID", "ACT-REQUEST-CORRECTION"},
    {"SP-UNKNOWN-PROGRAM", "ACT-REQUEST-PROGRAM"},
    {"SP-WEAK-PROGRAM", "ACT-STRENGTHEN-PROGRAM"},
    {"SP-INCOMPLETE", "ACT-COMPLETE-INQUIRY"},
    {"SP-COMPANY-SCOPE", "ACT-REQUEST-PRODUCT-SCOPE"},
};

static const struct {
    const char *code, *when;
} gaps[OT_GAP__COUNT] = {
    [OT_GAP_NO_SUBMISSION] = {"SP-NO-SUBMISSION", "no file from the supplier is linked to the "
                              "campaign"},
    [OT_GAP_INVALID] = {"SP-INVALID", "its current file is invalid or unreadable (only this gap "
                        "is reported until a valid file arrives)"},
    [OT_GAP_UNKNOWN_PROGRAM] = {"SP-UNKNOWN-PROGRAM", "a valid file whose company-level answers "
                                "cannot be read (a version the program map does not cover)"},
    [OT_GAP_WEAK_PROGRAM] = {"SP-WEAK-PROGRAM", "a valid file where one of the four "
                             "company-level answers is not Yes"},
    [OT_GAP_INCOMPLETE] = {"SP-INCOMPLETE", "a valid file whose questions on completeness "
                           "(CMRT 6.x: 6-8) are not all 100% / Yes"},
    [OT_GAP_COMPANY_SCOPE] = {"SP-COMPANY-SCOPE", "a valid file declared for the whole company "
                              "(scope A), not for our products"},
};
/* clang-format on */

#define N_KINDS (sizeof kinds / sizeof kinds[0])
#define N_TRIGGERS (sizeof triggers / sizeof triggers[0])
_Static_assert(N_TRIGGERS == OT_RF__COUNT + OT_GAP__COUNT, "one trigger per flag and per gap");

const char *ot_gap_code(ot_supplier_gap g)
{
    return (unsigned)g < OT_GAP__COUNT ? gaps[g].code : "";
}

unsigned ot_supplier_gaps(const char *outcome, const ot_supplier_program *p)
{
    if (!outcome || strcmp(outcome, "none") == 0) return 1u << OT_GAP_NO_SUBMISSION;
    if (strcmp(outcome, "valid") != 0) return 1u << OT_GAP_INVALID;
    if (!p || p->strength == OT_PROGRAM_UNKNOWN) return 1u << OT_GAP_UNKNOWN_PROGRAM;
    unsigned g = 0;
    if (p->strength == OT_PROGRAM_WEAK) g |= 1u << OT_GAP_WEAK_PROGRAM;
    if (p->completeness == OT_COMPLETE_NO) g |= 1u << OT_GAP_INCOMPLETE;
    if (p->scope == OT_SCOPE_COMPANY) g |= 1u << OT_GAP_COMPANY_SCOPE;
    return g;
}

size_t ot_action_kind_count(void)
{
    return N_KINDS;
}

const ot_action_kind *ot_action_kind_at(size_t i)
{
    return i < N_KINDS ? &kinds[i] : NULL;
}

const ot_action_kind *ot_action_kind_find(const char *code)
{
    for (size_t i = 0; code && i < N_KINDS; i++)
        if (strcasecmp(kinds[i].code, code) == 0) return &kinds[i];
    return NULL;
}

size_t ot_action_trigger_count(void)
{
    return N_TRIGGERS;
}

const ot_action_trigger *ot_action_trigger_at(size_t i)
{
    return i < N_TRIGGERS ? &triggers[i] : NULL;
}

const ot_action_kind *ot_action_for_trigger(const char *code)
{
    for (size_t i = 0; code && i < N_TRIGGERS; i++)
        if (strcmp(triggers[i].code, code) == 0) return ot_action_kind_find(triggers[i].kind);
    return NULL;
}

const ot_action_kind *ot_action_for_flag(ot_risk_flag_id id)
{
    return ot_action_for_trigger(ot_risk_flag_code(id));
}

const ot_action_kind *ot_action_for_gap(ot_supplier_gap g)
{
    return ot_action_for_trigger(ot_gap_code(g));
}

size_t ot_action_smelter_proposals(const ot_risk_result *r, ot_smelter_proposal *out, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < N_KINDS && n < max; k++) {
        unsigned flags = 0;
        for (size_t i = 0; i < r->count; i++)
            if (ot_action_for_flag(r->flags[i].id) == &kinds[k]) flags |= 1u << r->flags[i].id;
        if (flags) out[n++] = (ot_smelter_proposal){&kinds[k], flags};
    }
    return n;
}

static const char *gap_when(const char *code)
{
    for (size_t g = 0; g < OT_GAP__COUNT; g++)
        if (strcmp(gaps[g].code, code) == 0) return gaps[g].when;
    return NULL;
}

void ot_action_markdown(ot_strbuf *out)
{
    ot_sb_puts(out,
               "## Corrective actions\n\n"
               "OECD step 3: every red flag and every gap in a supplier's answer proposes an "
               "action (`src/risk/actions.c`). A proposal names the supplier (and the smelter) "
               "it concerns; a person accepts it, assigns an owner and a due date (by default "
               "the days below after acceptance), follows it and closes it with a note. Open "
               "actions asked of a supplier are listed in the reminders it is sent. Actions "
               "of the company's own are proposed once per smelter (once per campaign for the "
               "status list), not per supplier. The text of an action asked of a supplier is "
               "written to the supplier: its reminders list it as it stands.\n\n"
               "| kind | who acts | due (days) | what is asked |\n|---|---|---|---|\n");
    for (size_t i = 0; i < N_KINDS; i++)
        ot_sb_printf(out, "| `%s` | %s | %u | %s |\n", kinds[i].code,
                     kinds[i].actor == SUP ? "supplier" : "company", kinds[i].due_days,
                     kinds[i].text);
    ot_sb_puts(out, "\nWhat proposes each kind:\n\n| trigger | proposes | when |\n|---|---|---|\n");
    for (size_t i = 0; i < N_TRIGGERS; i++) {
        const char *when = gap_when(triggers[i].code);
        ot_sb_printf(out, "| %s | `%s` | %s |\n", triggers[i].code, triggers[i].kind,
                     when ? when : "the red flag is raised (table above)");
    }
}
