/* evidence.h - evidence.json, written beside the Form SD and the CMR: for every figure
 * the report prints, its value as printed, its definition and how it is computed, and
 * the supplier and submission IDs behind it; the query inputs (campaign, as-of date,
 * reference-data sources and the status list with their dates); the appendix rows; the
 * RCOI conclusion with its reasons and any override; the documents with their SHA-256.
 *
 * Verifying recomputes the figures from the workspace with the same inputs and compares
 * them with the file: any figure, ID list, appendix row or conclusion that differs is a
 * change. */
#ifndef OT_REPORT_EVIDENCE_H
#define OT_REPORT_EVIDENCE_H

#include <jansson.h>

#include "report/cmr.h"
#include "report/figures.h"

#define OT_EVIDENCE_FILE "evidence.json"
#define OT_EVIDENCE_FORMAT "oretrace-evidence/1"

typedef struct ot_evidence_document {
    const char *file;   /* "formsd2025.htm" */
    const char *sha256; /* of its bytes */
    const char *kind;   /* "form_sd", "cmr", "pdf" */
} ot_evidence_document;

/* The evidence object (new reference). */
json_t *ot_evidence_json(const ot_cmr_figures *f, const ot_rcoi_decision *d,
                         const ot_evidence_document *docs, size_t doc_count,
                         const char *generated_at);

/* The inputs to recompute with: the campaign ("2025/CMRT") and the as-of date.
 * OT_E_INVALID when the object is not oretrace evidence. */
ot_code ot_evidence_inputs(const json_t *ev, char campaign[24], char as_of[OT_DATE_LEN],
                           ot_error *err);

typedef struct ot_evidence_change {
    char *what;   /* "figure suppliers_responded", "appendix CID002763", "conclusion" */
    char *before; /* as the file has it ("" when it was not there) */
    char *after;  /* as the workspace gives it now ("" when gone) */
} ot_evidence_change;

typedef struct ot_evidence_diff {
    size_t figures_checked, smelters_checked;
    size_t change_count;
    ot_evidence_change *changes;
} ot_evidence_diff;

/* Compares the file's evidence with evidence made now (both from ot_evidence_json). */
ot_code ot_evidence_compare(const json_t *before, const json_t *now, ot_evidence_diff *out,
                            ot_error *err);
void ot_evidence_diff_free(ot_evidence_diff *d);

#endif
