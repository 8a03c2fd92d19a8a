/* narrative_texts.c - the narrative text files of the report (narrative.h) and the
 * starting text init writes into each. Written to read acceptably as they stand, but
 * every company should make them its own; figures appear only as placeholders. */
#include "report/narrative.h"

#define EDIT_NOTE                                                                                  \
    "# Lines starting with # are notes and are not printed. A blank line starts a new\n"           \
    "# paragraph; lines starting with \"- \" are list items. Write figures only as\n"              \
    "# placeholders such as {{suppliers_surveyed}} (docs/report.md lists them all).\n"

static const ot_narrative_def texts[OT_TEXT__COUNT] = {
    {"company.txt", "1. Company overview",
     EDIT_NOTE "# What the company does, in a few sentences.\n"
               "{{company_name}} (the \"Company\") designs, manufactures and sells products "
               "that may contain tin, tantalum, tungsten or gold (3TG). This report describes "
               "the Company's reasonable country of origin inquiry and its due diligence on "
               "the source and chain of custody of those minerals for the reporting period "
               "{{reporting_period}}.\n"},
    {"products.txt", "1. Covered products",
     EDIT_NOTE "# Which products contain necessary 3TG (product lines, or the criteria used).\n"
               "The products covered by this report are those the Company manufactured, or "
               "contracted to manufacture, during the reporting period that contain 3TG "
               "necessary to their functionality or production.\n"},
    {"supply-chain.txt", "2. Supply chain and reliance on suppliers",
     EDIT_NOTE "# The supply chain, its tiers, and why the Company relies on its suppliers.\n"
               "The Company does not purchase ore or unrefined 3TG and is several tiers "
               "removed from the smelters and refiners that process them. It therefore relies "
               "on its direct suppliers to identify the smelters and refiners in its supply "
               "chain and, where known, the countries of origin of the minerals.\n"},
    {"policy.txt", "3. Step 1: policy",
     EDIT_NOTE "# The sourcing policy: commitments, where it is published.\n"
               "The Company has adopted a conflict minerals sourcing policy. It expects its "
               "suppliers to source 3TG responsibly, to survey their own supply chains with "
               "the Responsible Minerals Initiative templates, and to favour smelters and "
               "refiners that conform to the Responsible Minerals Assurance Process.\n"},
    {"management.txt", "3. Step 1: management systems",
     EDIT_NOTE "# The team, its sponsor, training, supplier engagement, record keeping.\n"
               "A cross-functional team drawn from procurement, quality, legal and finance "
               "runs the program under the sponsorship of a member of senior management. "
               "Requests, reminders, supplier answers and decisions are kept in one system "
               "with an audit trail and retained for at least five years.\n"},
    {"grievance.txt", "3. Step 1: grievance mechanism",
     EDIT_NOTE "# How employees, suppliers and others can raise concerns.\n"
               "Employees, suppliers and other parties can report concerns about the sourcing "
               "of minerals through the Company's ethics reporting channel, anonymously where "
               "the law permits.\n"},
    {"risk-response.txt", "3. Step 3: response to identified risks",
     EDIT_NOTE "# What the Company does with red flags, non-responders and invalid answers.\n"
               "Suppliers that did not answer or whose answers failed validation were "
               "contacted again and, where needed, escalated to their buyer and to senior "
               "management. Smelters and refiners carrying red flags are reviewed with the "
               "suppliers that named them, who are asked to source from conformant facilities "
               "or to explain why they cannot.\n"},
    {"smelter-audits.txt", "3. Step 4: independent third-party audits",
     EDIT_NOTE "# How the Company relies on industry smelter audits.\n"
               "The Company does not audit smelters and refiners itself. It relies on the "
               "Responsible Minerals Assurance Process of the Responsible Minerals Initiative "
               "and on cross-recognised audit programs for independent third-party audits of "
               "smelters' and refiners' due diligence.\n"},
    {"improvements.txt", "5. Risk mitigation and improvements",
     EDIT_NOTE "# The steps planned for the next reporting period.\n"
               "For the next reporting period the Company intends to:\n"
               "- raise the response rate of its suppliers, now {{response_rate}};\n"
               "- work with suppliers to obtain countries of origin for the smelters and "
               "refiners whose origin could not be determined;\n"
               "- encourage the smelters and refiners in its supply chain that are not yet "
               "conformant to take part in an independent audit program.\n"},
    {"independent-audit.txt", "6. Independent private-sector audit",
     EDIT_NOTE "# Whether this report was audited.\n"
               "This Conflict Minerals Report has not been subject to an independent "
               "private-sector audit, which is not required because the Company makes no "
               "claim that its products are \"DRC conflict free\".\n"},
    {"forward-looking.txt", "7. Forward-looking statements",
     EDIT_NOTE "# Safe-harbour text, or an empty file to leave the section out.\n"
               "This report contains forward-looking statements about the Company's plans "
               "for its due diligence. They are subject to risks and uncertainties, including "
               "the completeness and accuracy of the information suppliers and audit programs "
               "provide, and actual results may differ.\n"},
};

const ot_narrative_def *ot_narrative_def_at(ot_text_id id)
{
    return (unsigned)id < OT_TEXT__COUNT ? &texts[id] : NULL;
}
