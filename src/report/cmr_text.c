/* cmr_text.c - the generated sentences of the CMR and the Form SD: figures put into fixed
 * text by placeholder (so a number is never typed), and the RCOI conclusion in words. */
#include <stdlib.h>
#include <string.h>

#include "report/cmr_internal.h"

void cmr_fig(const ot_cmr_figures *f, ot_figure_id id, ot_strbuf *out)
{
    ot_cmr_figure_format(f, id, out);
}

char *cmr_text(const ot_cmr_figures *f, const char *fmt)
{
    ot_strbuf sb = {0};
    for (const char *p = fmt; *p;) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!close) {
            ot_sb_puts(&sb, p);
            break;
        }
        ot_sb_append(&sb, p, (size_t)(open - p));
        const ot_figure_def *d = ot_figure_def_find(open + 2, (size_t)(close - open - 2));
        if (d)
            ot_cmr_figure_format(f, d->id, &sb);
        else
            ot_sb_append(&sb, open, (size_t)(close + 2 - open));
        p = close + 2;
    }
    if (sb.failed || !sb.data) {
        ot_sb_free(&sb);
        return strdup("");
    }
    return sb.data;
}

void cmr_para(ot_doc *d, const ot_cmr_figures *f, const char *fmt)
{
    char *text = cmr_text(f, fmt);
    ot_doc_paragraph(d, text ? text : "");
    free(text);
}

static const char *conclusion_text(ot_rcoi_conclusion c)
{
    switch (c) {
    case OT_RCOI_NO_NECESSARY_3TG:
        return "no tin, tantalum, tungsten or gold (3TG) is necessary to the functionality or "
               "production of the products it manufactured or contracted to manufacture";
    case OT_RCOI_NEGATIVE:
        return "it has no reason to believe that any of the 3TG necessary to its products may "
               "have originated in the Covered Countries, or it reasonably believes that they "
               "came from recycled or scrap sources";
    default:
        return "it has reason to believe that some of the 3TG necessary to its products may "
               "have originated in the Covered Countries and may not have come from recycled "
               "or scrap sources, or it could not determine their origin, and it therefore "
               "exercised due diligence on their source and chain of custody";
    }
}

static const char *outcome_text(ot_dd_outcome o)
{
    switch (o) {
    case OT_DD_NO_CC_OR_SCRAP:
        return " After this due diligence the Company determined that the 3TG in its products "
               "did not originate in the Covered Countries or came from recycled or scrap "
               "sources.";
    case OT_DD_CONFLICT_FREE:
        return " After this due diligence, and an independent private-sector audit of this "
               "report, the Company describes its products as DRC conflict free.";
    case OT_DD_UNDETERMINED:
        return " After this due diligence the Company has not been able to determine the "
               "country of origin of all the 3TG in its products.";
    default:
        return "";
    }
}

void cmr_conclusion_sentence(const ot_rcoi_decision *dec, ot_strbuf *out)
{
    ot_sb_printf(out,
                 "Based on its reasonable country of origin inquiry, the Company has "
                 "determined that %s.%s",
                 conclusion_text(dec->conclusion),
                 dec->conclusion == OT_RCOI_DD_REQUIRED ? outcome_text(dec->outcome) : "");
}

void cmr_add_decision(ot_doc *d, const ot_cmr_figures *f, const ot_rcoi_decision *dec)
{
    (void)f;
    const char *items[OT_RCOI_MAX_REASONS];
    for (size_t i = 0; i < dec->reason_count; i++)
        items[i] = dec->reasons[i];
    ot_strbuf sb = {0};
    if (!dec->override.present) {
        ot_doc_paragraph(d, "The conclusion follows from the program's data for these reasons:");
        ot_doc_list(d, false, items, dec->reason_count);
        return;
    }
    ot_sb_printf(&sb,
                 "The program's data alone support the conclusion that %s, for these "
                 "reasons:",
                 conclusion_text(dec->derived));
    ot_doc_paragraph(d, ot_sb_str(&sb));
    ot_doc_list(d, false, items, dec->reason_count);
    ot_sb_reset(&sb);
    ot_sb_printf(&sb,
                 "The Company has replaced that conclusion with the one stated above, for "
                 "this reason: %s (recorded by %s on %.10s).",
                 dec->override.justification, dec->override.actor, dec->override.decided_at);
    ot_doc_paragraph(d, ot_sb_str(&sb));
    ot_sb_free(&sb);
}
