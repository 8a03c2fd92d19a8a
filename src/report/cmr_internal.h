/* cmr_internal.h - what the parts of the CMR / Form SD builder share (not public). */
#ifndef OT_REPORT_CMR_INTERNAL_H
#define OT_REPORT_CMR_INTERNAL_H

#include "report/cmr.h"

/* Appends the figure as the report prints it. */
void cmr_fig(const ot_cmr_figures *f, ot_figure_id id, ot_strbuf *out);
/* A new string: fmt with each "{{name}}" replaced by that figure (names from the table,
 * checked by the tests; an unknown name prints as itself). Caller frees. */
char *cmr_text(const ot_cmr_figures *f, const char *fmt);
/* Appends a paragraph made by cmr_text. */
void cmr_para(ot_doc *d, const ot_cmr_figures *f, const char *fmt);

/* One sentence stating the conclusion (and the override, when one replaced it). */
void cmr_conclusion_sentence(const ot_rcoi_decision *dec, ot_strbuf *out);
/* The derived conclusion with its reasons and, when present, the override with its
 * justification, as paragraphs and a list. */
void cmr_add_decision(ot_doc *d, const ot_cmr_figures *f, const ot_rcoi_decision *dec);

/* The smelter appendix: legend, table, unresolved names. */
void cmr_add_appendix(ot_doc *d, const ot_cmr_figures *f);

ot_code cmr_build_form_sd(const ot_cmr_input *in, bool with_cmr, ot_doc **out, ot_error *err);
ot_code cmr_build_report(const ot_cmr_input *in, ot_doc **out, ot_error *err);

#endif
