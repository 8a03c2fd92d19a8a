/* cmr_appendix.c - the CMR's appendix: every identified smelter and refiner (metal,
 * standard name, country, smelter ID, RMAP status and its date) in the roll-up's order,
 * once each; a legend made from the same status vocabulary the table prints (so the two
 * cannot disagree); and the reported names that could not be identified, as counts with
 * their reasons instead of being dropped silently. */
#include <stdlib.h>
#include <string.h>

#include "refdata/refdata.h"
#include "report/cmr_internal.h"

/* What each RMAP status means, by the vocabulary's enum. */
static const char *status_meaning(ot_rmap_status s)
{
    switch (s) {
    case OT_RMAP_CONFORMANT:
        return "the smelter or refiner completed an independent RMAP audit (or a "
               "cross-recognised one) and conforms to its standard";
    case OT_RMAP_ACTIVE:
        return "committed to an RMAP audit, which is under way";
    case OT_RMAP_NON_CONFORMANT:
        return "audited and found not to conform";
    case OT_RMAP_NOT_ENROLLED:
        return "not taking part in an audit program";
    case OT_RMAP_COMMUNICATION_SUSPENDED:
        return "the RMI suspended communication (the facility did not engage)";
    case OT_RMAP_OUTREACH_REQUIRED:
        return "the RMI is reaching out to bring it into the program";
    case OT_RMAP_DUE_DILIGENCE_REVIEW:
        return "under an RMI due-diligence review";
    default:
        return "no RMAP status is on record for the as-of date";
    }
}

static bool status_used(const ot_cmr_figures *f, const char *name)
{
    for (size_t i = 0; i < f->smelter_count; i++)
        if (f->smelters[i].rmap_status && strcmp(f->smelters[i].rmap_status, name) == 0)
            return true;
    return false;
}

static void legend(ot_doc *d, const ot_cmr_figures *f)
{
    const char *items[OT_RMAP__COUNT];
    char *owned[OT_RMAP__COUNT];
    size_t n = 0;
    for (int s = 0; s < OT_RMAP__COUNT; s++) {
        const char *name = ot_rmap_status_name((ot_rmap_status)s);
        if (!status_used(f, name)) continue;
        ot_strbuf sb = {0};
        ot_sb_printf(&sb, "%s: %s.", name, status_meaning((ot_rmap_status)s));
        owned[n] = sb.data;
        items[n] = sb.data ? sb.data : "";
        n++;
    }
    if (!n) return;
    ot_doc_paragraph(d, "RMAP status, as the table gives it:");
    ot_doc_list(d, false, items, n);
    for (size_t i = 0; i < n; i++)
        free(owned[i]);
}

static void table(ot_doc *d, const ot_cmr_figures *f)
{
    const char *head[] = {"Metal",      "Standard smelter name", "Country",
                          "Smelter ID", "RMAP status",           "Status date"};
    char *caption = cmr_text(f, "Smelters and refiners reported by suppliers, identified by "
                                "RMI smelter ID, with their RMAP status as of {{as_of_date}}");
    ot_doc_table_begin(d, caption, head, NULL, 6);
    free(caption);
    for (size_t i = 0; i < f->smelter_count; i++) {
        const ot_cmr_smelter *s = &f->smelters[i];
        if (i && strcmp(s->smelter_id, f->smelters[i - 1].smelter_id) == 0) continue;
        const char *cells[] = {s->metal,       s->standard_name,
                               s->country,     s->smelter_id,
                               s->rmap_status, *s->status_as_of ? s->status_as_of : "none"};
        ot_doc_table_row(d, cells);
    }
}

static void unresolved(ot_doc *d, const ot_cmr_figures *f)
{
    if (!f->unresolved_reason_count) {
        cmr_para(d, f, "Every smelter or refiner name suppliers reported was identified.");
        return;
    }
    cmr_para(d, f,
             "{{smelters_unresolved}} smelter or refiner names reported by suppliers "
             "could not be matched to a smelter or refiner on the RMI list and are not "
             "listed above, for these reasons:");
    char **items = calloc(f->unresolved_reason_count, sizeof *items);
    if (!items) return;
    for (size_t i = 0; i < f->unresolved_reason_count; i++) {
        ot_strbuf sb = {0};
        ot_sb_printf(&sb, "%s: %zu", f->unresolved_reasons[i].reason,
                     f->unresolved_reasons[i].count);
        items[i] = sb.data;
    }
    ot_doc_list(d, false, (const char *const *)items, f->unresolved_reason_count);
    for (size_t i = 0; i < f->unresolved_reason_count; i++)
        free(items[i]);
    free(items);
}

void cmr_add_appendix(ot_doc *d, const ot_cmr_figures *f)
{
    ot_doc_heading(d, 2, "Appendix A: Smelters and refiners");
    if (!f->smelter_count)
        cmr_para(d, f, "No smelter or refiner reported by suppliers was identified.");
    else {
        legend(d, f);
        table(d, f);
    }
    unresolved(d, f);
}
