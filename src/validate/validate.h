/* validate.h - checks one supplier declaration against the rule table and reports
 * findings (see findings.h and docs/findings.md).
 *
 * Rules are data (rules.c): a stable code, a severity, the template families and versions
 * they apply to, the check, and the texts for people. Version differences of the
 * template's own Checker sheet live in a profile table (profiles.c), not in if-chains.
 *
 * Validation knows nothing about where smelter reference data comes from: the caller
 * passes an ot_smelter_ref (a few callbacks). Without one, the rules that need it
 * (unknown smelter ID, ID typed for the wrong metal) stay silent. */
#ifndef OT_VALIDATE_H
#define OT_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "template/declaration.h"
#include "util/strbuf.h"
#include "validate/findings.h"

/* Smelter reference: answers "which metal(s) does this smelter ID belong to?" and "which
 * ID does this look-up name have for this metal?". All callbacks may be NULL. */
typedef struct ot_smelter_ref {
    void *self;
    /* Writes up to max metal names (static or owned by self) for the ID; returns how many
     * metals the reference lists for it (0 = unknown ID). */
    size_t (*metals_of_id)(void *self, const char *smelter_id, const char **metals, size_t max);
    /* Smelter ID of a look-up name (case-insensitive) under a metal, or NULL. */
    const char *(*id_of_name)(void *self, const char *metal, const char *lookup_name);
    /* True when the reference lists smelters of this metal at all (unknown-ID checks are
     * only meaningful for metals the reference covers). */
    bool (*covers_metal)(void *self, const char *metal);
} ot_smelter_ref;

typedef struct ot_validate_ctx {
    const ot_smelter_ref *smelters; /* NULL: skip reference-based rules */
    const char *today;              /* "YYYY-MM-DD"; NULL = the system clock (UTC) */
} ot_validate_ctx;

/* Appends the findings for decl to out (initialised by the caller). ctx may be NULL. */
void ot_validate(const ot_declaration *decl, const ot_validate_ctx *ctx, ot_findings *out);

/* ---- the rule catalogue (for --list-rules, docs/findings.md and tests) ---- */

typedef struct ot_rule_info {
    const char *code; /* family-qualified, e.g. "CMRT-REQ-CONTACT-EMAIL" */
    ot_family family;
    ot_severity severity;
    const char *concern;  /* "required", "dropdown", "format", "smelter", "contradiction",
                             "injection" */
    const char *versions; /* human text: "all", "6.01-6.5", ... */
    const char *meaning;  /* what the rule checks */
    const char *fix;      /* how a supplier fixes it */
} ot_rule_info;

/* Number of family-qualified rules; ot_rule_info_at fills info for index i. */
size_t ot_rule_count(void);
bool ot_rule_info_at(size_t i, ot_rule_info *info);
/* Number of rules that apply to a family. */
size_t ot_rule_count_for(ot_family f);
/* True when code names a rule of the catalogue. */
bool ot_rule_exists(const char *code);

/* The catalogue as Markdown (docs/findings.md is this text). */
void ot_rules_markdown(ot_strbuf *out);

/* ---- the letter a compliance team sends a supplier about an invalid submission ---- */

typedef struct ot_feedback_info {
    const char *company;       /* supplier's company name from the declaration; NULL/"" = unknown */
    const char *contact;       /* contact name, may be NULL */
    const char *file_name;     /* the file as received */
    const char *template_name; /* "CMRT 6.5" */
} ot_feedback_info;

void ot_feedback_text(const ot_feedback_info *info, const ot_findings *f, ot_strbuf *out);
void ot_feedback_html(const ot_feedback_info *info, const ot_findings *f, ot_strbuf *out);

#endif
