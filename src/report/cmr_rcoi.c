/* cmr_rcoi.c - the RCOI decision rule (cmr.h): which conclusion the figures support,
 * with its reasons, and the user's recorded override on top.
 *
 * The rule is a table read in order; the first row whose condition holds decides. The
 * due-diligence outcome the data can support on its own is "undetermined": the facts that
 * would settle it (every supplier answered, every smelter identified, every origin
 * reported, none in a Covered Country) are exactly those whose absence made due diligence
 * necessary. "No Covered-Country origin or scrap only" and "DRC conflict free" rest on
 * facts the workspace does not hold (smelter-level confirmation, an independent audit),
 * so they can only be recorded by override with a justification. */
#include <stdio.h>
#include <string.h>

#include "report/cmr.h"

static const char *const conclusion_names[OT_RCOI__COUNT] = {"no_necessary_3tg", "rcoi_negative",
                                                             "dd_required"};
static const char *const outcome_names[OT_DD__COUNT] = {"not_applicable", "no_cc_or_scrap",
                                                        "conflict_free", "undetermined"};

const char *ot_rcoi_conclusion_name(ot_rcoi_conclusion c)
{
    return (unsigned)c < OT_RCOI__COUNT ? conclusion_names[c] : "unknown";
}

bool ot_rcoi_conclusion_parse(const char *s, ot_rcoi_conclusion *out)
{
    for (int i = 0; s && i < OT_RCOI__COUNT; i++)
        if (strcmp(s, conclusion_names[i]) == 0) return *out = (ot_rcoi_conclusion)i, true;
    return false;
}

const char *ot_dd_outcome_name(ot_dd_outcome o)
{
    return (unsigned)o < OT_DD__COUNT ? outcome_names[o] : "unknown";
}

bool ot_dd_outcome_parse(const char *s, ot_dd_outcome *out)
{
    for (int i = 0; s && i < OT_DD__COUNT; i++)
        if (strcmp(s, outcome_names[i]) == 0) return *out = (ot_dd_outcome)i, true;
    return false;
}

static const ot_rcoi_rule_info rules[] = {
    {OT_RCOI_NO_NECESSARY_3TG, OT_DD_NOT_APPLICABLE,
     "suppliers_in_scope is 0; or every in-scope supplier answered (suppliers_not_contacted, "
     "suppliers_no_response and invalid_outstanding are 0), suppliers_with_3tg is 0 and "
     "smelters_reported is 0",
     "no necessary 3TG: no Form SD is required (the report states the inquiry and its result)"},
    {OT_RCOI_NEGATIVE, OT_DD_NOT_APPLICABLE,
     "every in-scope supplier answered, smelters_unresolved, smelters_origin_unknown, "
     "smelters_origin_covered and smelters_in_covered_countries are all 0",
     "no reason to believe Covered-Country origin: Form SD describing the inquiry, no "
     "Conflict Minerals Report"},
    {OT_RCOI_DD_REQUIRED, OT_DD_UNDETERMINED,
     "any other case (the reasons list each condition "
     "above that fails, with its figure)",
     "due diligence, and the Conflict Minerals Report as Exhibit 1.01; the outcome the data "
     "supports is that the origin of all 3TG could not be determined"},
};

size_t ot_rcoi_rule_count(void)
{
    return sizeof rules / sizeof rules[0];
}

bool ot_rcoi_rule_at(size_t i, ot_rcoi_rule_info *out)
{
    if (i >= ot_rcoi_rule_count()) return false;
    *out = rules[i];
    return true;
}

void ot_rcoi_rules_markdown(ot_strbuf *out)
{
    ot_sb_puts(out, "| Order | Conclusion | Due-diligence outcome | Applies when | Consequence |\n"
                    "|---|---|---|---|---|\n");
    for (size_t i = 0; i < ot_rcoi_rule_count(); i++)
        ot_sb_printf(out, "| %zu | `%s` | `%s` | %s | %s |\n", i + 1,
                     conclusion_names[rules[i].conclusion], outcome_names[rules[i].outcome],
                     rules[i].condition, rules[i].consequence);
}

/* ---- applying the rule ---------------------------------------------------------------- */

static double num(const ot_cmr_figures *f, ot_figure_id id)
{
    return f->v[id].set ? f->v[id].number : 0;
}

/* Adds "fmt" with the printed value of up to two figures (%s each). */
static void reason(ot_rcoi_decision *d, const ot_cmr_figures *f, const char *fmt, ot_figure_id a,
                   ot_figure_id b)
{
    if (d->reason_count >= OT_RCOI_MAX_REASONS) return;
    ot_strbuf x = {0}, y = {0};
    ot_cmr_figure_format(f, a, &x);
    ot_cmr_figure_format(f, b, &y);
    snprintf(d->reasons[d->reason_count++], sizeof d->reasons[0], fmt, ot_sb_str(&x),
             ot_sb_str(&y));
    ot_sb_free(&x);
    ot_sb_free(&y);
}

/* The reasons the inquiry did not rule out Covered-Country origin; true when none. */
static bool inquiry_clear(const ot_cmr_figures *f, ot_rcoi_decision *d)
{
    size_t before = d->reason_count;
    if (num(f, OT_FIG_SUPPLIERS_NOT_CONTACTED) > 0)
        reason(d, f, "%s in-scope suppliers were not surveyed (of %s in scope).",
               OT_FIG_SUPPLIERS_NOT_CONTACTED, OT_FIG_SUPPLIERS_IN_SCOPE);
    if (num(f, OT_FIG_SUPPLIERS_NO_RESPONSE) > 0)
        reason(d, f, "%s of the %s surveyed suppliers have not answered.",
               OT_FIG_SUPPLIERS_NO_RESPONSE, OT_FIG_SUPPLIERS_SURVEYED);
    if (num(f, OT_FIG_INVALID_OUTSTANDING) > 0)
        reason(d, f, "%s suppliers' templates fail validation and are not corrected (as of %s).",
               OT_FIG_INVALID_OUTSTANDING, OT_FIG_AS_OF_DATE);
    if (num(f, OT_FIG_SMELTERS_UNRESOLVED) > 0)
        reason(d, f,
               "%s smelter or refiner names reported by suppliers could not be identified "
               "(of %s reported).",
               OT_FIG_SMELTERS_UNRESOLVED, OT_FIG_SMELTERS_REPORTED);
    if (num(f, OT_FIG_SMELTERS_ORIGIN_UNKNOWN) > 0)
        reason(d, f,
               "For %s of the %s identified smelters and refiners no country of origin was "
               "reported.",
               OT_FIG_SMELTERS_ORIGIN_UNKNOWN, OT_FIG_SMELTERS_IDENTIFIED);
    if (num(f, OT_FIG_SMELTERS_ORIGIN_COVERED) > 0)
        reason(d, f,
               "For %s smelters and refiners a supplier reported a Covered Country as a "
               "country of origin (%s countries of origin reported in all).",
               OT_FIG_SMELTERS_ORIGIN_COVERED, OT_FIG_ORIGIN_COUNTRIES);
    if (num(f, OT_FIG_SMELTERS_IN_COVERED_COUNTRIES) > 0)
        reason(d, f,
               "%s identified smelters and refiners are located in a Covered Country (of "
               "%s identified).",
               OT_FIG_SMELTERS_IN_COVERED_COUNTRIES, OT_FIG_SMELTERS_IDENTIFIED);
    return d->reason_count == before;
}

static bool all_answered(const ot_cmr_figures *f)
{
    return num(f, OT_FIG_SUPPLIERS_NOT_CONTACTED) == 0 &&
           num(f, OT_FIG_SUPPLIERS_NO_RESPONSE) == 0 && num(f, OT_FIG_INVALID_OUTSTANDING) == 0;
}

static void derive(const ot_cmr_figures *f, ot_rcoi_decision *d)
{
    if (num(f, OT_FIG_SUPPLIERS_IN_SCOPE) == 0) {
        d->rule = 0;
        reason(d, f, "The scoping kept no supplier (%s suppliers considered, %s out of scope).",
               OT_FIG_SUPPLIERS_LISTED, OT_FIG_SUPPLIERS_OUT_OF_SCOPE);
        return;
    }
    if (all_answered(f) && num(f, OT_FIG_SUPPLIERS_WITH_3TG) == 0 &&
        num(f, OT_FIG_SMELTERS_REPORTED) == 0) {
        d->rule = 0;
        reason(d, f,
               "All %s surveyed suppliers answered and none declares a 3TG in use (%s "
               "declare one).",
               OT_FIG_SUPPLIERS_SURVEYED, OT_FIG_SUPPLIERS_WITH_3TG);
        return;
    }
    if (inquiry_clear(f, d)) {
        d->rule = 1;
        reason(d, f,
               "All %s surveyed suppliers answered; every one of the %s identified "
               "smelters and refiners has a reported origin outside the Covered Countries.",
               OT_FIG_SUPPLIERS_SURVEYED, OT_FIG_SMELTERS_IDENTIFIED);
        return;
    }
    d->rule = 2;
    reason(d, f, "Of the %s identified smelters and refiners, %s are RMAP Conformant.",
           OT_FIG_SMELTERS_IDENTIFIED, OT_FIG_SMELTERS_CONFORMANT);
}

void ot_rcoi_decide(const ot_cmr_figures *f, const ot_rcoi_override *override,
                    ot_rcoi_decision *out)
{
    memset(out, 0, sizeof *out);
    derive(f, out);
    out->derived = out->conclusion = rules[out->rule].conclusion;
    out->derived_outcome = out->outcome = rules[out->rule].outcome;
    if (override && override->present) {
        out->override = *override;
        out->conclusion = override->conclusion;
        out->outcome = override->outcome;
    }
}
