/* narrative.h - the parts of the Conflict Minerals Report the data cannot supply (company,
 * products, policy, team, grievance mechanism, risk response, improvements, audit
 * statement), as text files a person edits in WORKSPACE/report-text/.
 *
 * init writes them with starting text (and ot_narrative_init adds missing ones to an
 * older workspace); no file is ever overwritten. A figure is never typed by hand: the
 * texts write {{suppliers_surveyed}}, {{response_rate}}, ... (the rows of figures.h), and
 * an unknown placeholder is an error naming the file and line.
 *
 * Format: lines starting with '#' are notes for the editor and are dropped; a blank line
 * ends a paragraph; lines starting with "- " are items of a bulleted list. */
#ifndef OT_REPORT_NARRATIVE_H
#define OT_REPORT_NARRATIVE_H

#include <stddef.h>

#include "report/document.h"
#include "report/figures.h"
#include "util/error.h"

#define OT_NARRATIVE_DIR "report-text"

typedef enum {
    OT_TEXT_COMPANY = 0,
    OT_TEXT_PRODUCTS,
    OT_TEXT_SUPPLY_CHAIN,
    OT_TEXT_POLICY,
    OT_TEXT_MANAGEMENT,
    OT_TEXT_GRIEVANCE,
    OT_TEXT_RISK_RESPONSE,
    OT_TEXT_SMELTER_AUDITS,
    OT_TEXT_IMPROVEMENTS,
    OT_TEXT_INDEPENDENT_AUDIT,
    OT_TEXT_FORWARD_LOOKING,
    OT_TEXT__COUNT
} ot_text_id;

typedef struct ot_narrative_def {
    const char *file;    /* "policy.txt" */
    const char *section; /* where the report prints it */
    const char *text;    /* the starting text init writes */
} ot_narrative_def;

const ot_narrative_def *ot_narrative_def_at(ot_text_id id);

/* Writes every missing text file into DIR/report-text/ (creating the folder); *written
 * (may be NULL) gets how many were written. Existing files are left as they are. */
ot_code ot_narrative_init(const char *workspace_dir, size_t *written, ot_error *err);

/* Reads DIR/report-text/<file>, replaces the placeholders with the figures as the report
 * prints them, and appends its paragraphs and lists to doc. OT_E_NOT_FOUND when the file
 * is missing; OT_E_INVALID on an unknown or unclosed placeholder ("report-text/x.txt:12:
 * unknown placeholder {{foo}}"). */
ot_code ot_narrative_add(ot_doc *doc, const char *workspace_dir, ot_text_id id,
                         const ot_cmr_figures *f, ot_error *err);

/* The same for text already read; `source` names it in messages. */
ot_code ot_narrative_render(ot_doc *doc, const char *text, const char *source,
                            const ot_cmr_figures *f, ot_error *err);

#endif
