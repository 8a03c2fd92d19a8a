/* cmr_build.c - Exhibit 1.01, the Conflict Minerals Report, as an ot_doc (cmr.h), in the
 * canonical order of docs/report.md: preamble; company and covered products; the
 * reasonable country of origin inquiry (design, results, conclusion); due diligence by
 * OECD step; findings; countries of origin; risk mitigation and improvements; the
 * independent-audit statement; forward-looking statements; the smelter appendix.
 * Generated sentences take their numbers from the figures by placeholder; the rest comes
 * from the narrative texts. */
#include <stdlib.h>

#include "report/cmr_charts.h"
#include "report/cmr_internal.h"
#include "report/narrative.h"

/* Stops at the first failing narrative text (the error says which file and line). */
typedef struct build {
    ot_doc *d;
    const ot_cmr_input *in;
    ot_code c;
    ot_error *err;
} build;

static void text(build *b, ot_text_id id)
{
    if (b->c == OT_OK)
        b->c = ot_narrative_add(b->d, b->in->workspace_dir, id, b->in->figures, b->err);
}

static void para(build *b, const char *fmt)
{
    cmr_para(b->d, b->in->figures, fmt);
}

static void preamble(build *b)
{
    ot_doc_heading(b->d, 1, "Conflict Minerals Report");
    para(b, "{{company_name}} - for the reporting period {{reporting_period}}");
    para(b, "This Conflict Minerals Report of {{company_name}} (the \"Company\") is filed as "
            "Exhibit 1.01 to its Form SD under Rule 13p-1 of the Securities Exchange Act of "
            "1934 (the \"Rule\"). The Rule asks registrants whose products contain tin, "
            "tantalum, tungsten or gold (\"3TG\") necessary to their functionality or "
            "production to inquire into the origin of those minerals and, where they may "
            "have come from the Democratic Republic of the Congo or an adjoining country "
            "(Angola, Burundi, the Central African Republic, the Republic of the Congo, "
            "Rwanda, South Sudan, Tanzania, Uganda and Zambia: the \"Covered Countries\"), to "
            "exercise due diligence on their source and chain of custody. Figures in this "
            "report are as of {{as_of_date}}.");
}

static void company(build *b)
{
    ot_doc_heading(b->d, 2, "Company overview and covered products");
    text(b, OT_TEXT_COMPANY);
    ot_doc_heading(b->d, 3, "Covered products");
    text(b, OT_TEXT_PRODUCTS);
}

static void inquiry(build *b)
{
    const ot_cmr_figures *f = b->in->figures;
    ot_doc_heading(b->d, 2, "Reasonable country of origin inquiry");
    ot_doc_heading(b->d, 3, "Supply chain");
    text(b, OT_TEXT_SUPPLY_CHAIN);
    ot_doc_heading(b->d, 3, "Design of the inquiry");
    para(b, "Suppliers to survey were chosen by {{scope_route}}: of {{suppliers_listed}} "
            "suppliers considered, the scoping left {{suppliers_out_of_scope}} out and kept "
            "{{suppliers_in_scope}}. {{suppliers_surveyed}} suppliers were asked for the "
            "{{template}} reporting template of the Responsible Minerals Initiative, due by "
            "{{due_date}}; {{suppliers_not_contacted}} in-scope suppliers could not be sent a "
            "request.");
    para(b, "Suppliers that did not answer were reminded ({{reminders_sent}} reminders sent) "
            "and then escalated to their buyer and to senior management "
            "({{escalations_sent}} escalation notices to {{suppliers_escalated}} suppliers). "
            "Every template received was checked for completeness and consistency, and each "
            "smelter or refiner it names was matched to the Responsible Minerals Initiative's "
            "smelter list.");
    ot_doc_heading(b->d, 3, "Results of the inquiry");
    static const struct {
        const char *label;
        ot_figure_id id;
    } rows[] = {
        {"Suppliers surveyed", OT_FIG_SUPPLIERS_SURVEYED},
        {"Suppliers that answered", OT_FIG_SUPPLIERS_RESPONDED},
        {"Response rate", OT_FIG_RESPONSE_RATE},
        {"Valid, current templates", OT_FIG_SUPPLIERS_VALID},
        {"of which declaring no 3TG in what they supply", OT_FIG_SUPPLIERS_NO_3TG},
        {"Invalid templates not yet corrected", OT_FIG_INVALID_OUTSTANDING},
        {"Templates dated before the period or outdated, not yet replaced",
         OT_FIG_OUTDATED_OUTSTANDING},
        {"Correction requests sent", OT_FIG_CORRECTIONS_SENT},
        {"Declined to answer", OT_FIG_SUPPLIERS_DECLINED},
        {"No answer", OT_FIG_SUPPLIERS_NO_RESPONSE},
        {"Suppliers declaring 3TG in use", OT_FIG_SUPPLIERS_WITH_3TG},
    };
    char *caption = cmr_text(f, "Supplier answers as of {{as_of_date}}");
    const char *head[] = {"", "Suppliers"};
    const ot_align align[] = {OT_ALIGN_LEFT, OT_ALIGN_RIGHT};
    ot_doc_table_begin(b->d, caption, head, align, 2);
    free(caption);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ot_strbuf v = {0};
        cmr_fig(f, rows[i].id, &v);
        const char *cells[] = {rows[i].label, ot_sb_str(&v)};
        ot_doc_table_row(b->d, cells);
        ot_sb_free(&v);
    }
    cmr_chart_response_timeline(b->d, f);
    ot_doc_heading(b->d, 3, "Conclusion of the inquiry");
    ot_strbuf sb = {0};
    cmr_conclusion_sentence(b->in->decision, &sb);
    ot_doc_paragraph(b->d, ot_sb_str(&sb));
    ot_sb_free(&sb);
    cmr_add_decision(b->d, f, b->in->decision);
}

static void due_diligence(build *b)
{
    ot_doc_heading(b->d, 2, "Due diligence");
    ot_doc_heading(b->d, 3, "Design of the due diligence");
    para(b, "The Company designed its due diligence to conform, in all material respects, "
            "with the framework of the OECD Due Diligence Guidance for Responsible Supply "
            "Chains of Minerals from Conflict-Affected and High-Risk Areas (third edition) and "
            "its supplements on tin, tantalum and tungsten and on gold.");
    ot_doc_heading(b->d, 3, "Step 1: Establish strong company management systems");
    text(b, OT_TEXT_POLICY);
    text(b, OT_TEXT_MANAGEMENT);
    text(b, OT_TEXT_GRIEVANCE);
    ot_doc_heading(b->d, 3, "Step 2: Identify and assess risk in the supply chain");
    para(b, "The templates of {{suppliers_included}} suppliers were read; their Smelter Lists "
            "hold {{smelter_rows}} rows naming {{smelters_reported}} distinct smelters and "
            "refiners, of which {{smelters_identified}} were identified on the Responsible "
            "Minerals Initiative's smelter list and {{smelters_unresolved}} could not be. Each "
            "identified smelter or refiner was assessed against red flags (location and "
            "reported origin in a Covered Country or another conflict-affected or high-risk "
            "area, audit status, sanctions and watch lists): {{smelters_high_risk}} carry a "
            "high and {{smelters_medium_risk}} a medium risk level.");
    para(b, "Each supplier's own program was assessed from its answers on policy, due "
            "diligence, review of its suppliers and corrective action: "
            "{{suppliers_strong_program}} suppliers answered Yes to all four, "
            "{{suppliers_weak_program}} did not.");
    ot_doc_heading(b->d, 3,
                   "Step 3: Design and implement a strategy to respond to identified "
                   "risks");
    text(b, OT_TEXT_RISK_RESPONSE);
    ot_doc_heading(b->d, 3,
                   "Step 4: Carry out independent third-party audit of smelter and "
                   "refiner due diligence");
    text(b, OT_TEXT_SMELTER_AUDITS);
    ot_doc_heading(b->d, 3, "Step 5: Report annually on supply chain due diligence");
    if (b->in->public_url && *b->in->public_url) {
        char *t = cmr_text(b->in->figures, "The Company files this report with its Form SD and "
                                           "publishes it at ");
        ot_strbuf sb = {0};
        ot_sb_printf(&sb, "%s%s.", t, b->in->public_url);
        ot_doc_paragraph(b->d, ot_sb_str(&sb));
        ot_sb_free(&sb);
        free(t);
    } else {
        para(b, "The Company files this report with its Form SD.");
    }
}

static void findings(build *b)
{
    const ot_cmr_figures *f = b->in->figures;
    ot_doc_heading(b->d, 2, "Findings");
    para(b, "Of the {{smelters_identified}} smelters and refiners identified, "
            "{{smelters_conformant}} ({{percent_conformant}}) were Conformant with the "
            "Responsible Minerals Assurance Process on {{as_of_date}}, by the status list of "
            "{{status_list_date}}; {{smelters_in_covered_countries}} are located in a Covered "
            "Country. The appendix lists every one of them with its status.");
    static const struct {
        const char *label;
        ot_figure_id id;
    } rows[] = {
        {"Conformant", OT_FIG_SMELTERS_CONFORMANT},
        {"Active (audit under way)", OT_FIG_SMELTERS_ACTIVE},
        {"Another status on record", OT_FIG_SMELTERS_OTHER_STATUS},
        {"No status on record", OT_FIG_SMELTERS_STATUS_UNKNOWN},
        {"Identified, in all", OT_FIG_SMELTERS_IDENTIFIED},
        {"Reported but not identified", OT_FIG_SMELTERS_UNRESOLVED},
    };
    const char *head[] = {"RMAP status", "Smelters and refiners"};
    const ot_align align[] = {OT_ALIGN_LEFT, OT_ALIGN_RIGHT};
    ot_doc_table_begin(b->d, "Smelters and refiners by RMAP status", head, align, 2);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ot_strbuf v = {0};
        cmr_fig(f, rows[i].id, &v);
        const char *cells[] = {rows[i].label, ot_sb_str(&v)};
        ot_doc_table_row(b->d, cells);
        ot_sb_free(&v);
    }
    cmr_chart_status_by_metal(b->d, f);
    cmr_chart_smelters_by_country(b->d, f);
    para(b, "The Company cannot confirm that every smelter or refiner its suppliers named "
            "processed 3TG contained in its own products: most suppliers answer for their "
            "whole company rather than for the parts they supply to the Company.");
}

static void origins(build *b)
{
    const ot_cmr_figures *f = b->in->figures;
    ot_doc_heading(b->d, 2, "Countries of origin");
    if (!f->origin_count) {
        para(b, "No supplier reported a country of origin for the minerals processed by the "
                "smelters and refiners it named: the countries of origin of the 3TG in the "
                "Company's products could not be determined.");
        return;
    }
    para(b, "Suppliers reported countries of origin for {{smelters_origin_known}} of the "
            "{{smelters_identified}} identified smelters and refiners. As they reported them, "
            "the 3TG in the Company's products may have originated in the following "
            "{{origin_countries}} countries:");
    const char **names = malloc(f->origin_count * sizeof *names);
    if (names) {
        for (size_t i = 0; i < f->origin_count; i++)
            names[i] = f->origins[i].country;
        ot_doc_list(b->d, false, names, f->origin_count);
        free(names);
    }
    para(b, "These are the countries of origin suppliers reported, not the locations of the "
            "smelters and refiners (which the appendix gives). For the other "
            "{{smelters_origin_unknown}} smelters and refiners the country of origin could "
            "not be determined. {{smelters_origin_covered}} smelters and refiners have a "
            "Covered Country among their reported countries of origin.");
}

static void closing(build *b)
{
    ot_doc_heading(b->d, 2, "Risk mitigation and future steps");
    text(b, OT_TEXT_IMPROVEMENTS);
    ot_doc_heading(b->d, 2, "Independent private-sector audit");
    text(b, OT_TEXT_INDEPENDENT_AUDIT);
    ot_doc_heading(b->d, 2, "Forward-looking statements");
    text(b, OT_TEXT_FORWARD_LOOKING);
}

ot_code cmr_build_report(const ot_cmr_input *in, ot_doc **out, ot_error *err)
{
    build b = {.in = in, .err = err};
    b.c = ot_doc_new("Conflict Minerals Report", &b.d, err);
    if (b.c != OT_OK) return b.c;
    preamble(&b);
    company(&b);
    inquiry(&b);
    due_diligence(&b);
    findings(&b);
    origins(&b);
    closing(&b);
    if (b.c == OT_OK) {
        ot_doc_page_break(b.d);
        cmr_add_appendix(b.d, in->figures);
        b.c = ot_doc_status(b.d, err);
    }
    if (b.c != OT_OK) {
        ot_doc_free(b.d);
        return b.c;
    }
    *out = b.d;
    return OT_OK;
}

ot_code ot_report_cmr_build(const ot_cmr_input *in, ot_doc **cmr, ot_doc **form_sd, ot_error *err)
{
    *cmr = *form_sd = NULL;
    bool with_cmr = in->decision->conclusion == OT_RCOI_DD_REQUIRED;
    ot_code c = with_cmr ? cmr_build_report(in, cmr, err) : OT_OK;
    if (c == OT_OK) c = cmr_build_form_sd(in, with_cmr, form_sd, err);
    if (c != OT_OK) {
        ot_doc_free(*cmr);
        *cmr = NULL;
    }
    return c;
}
