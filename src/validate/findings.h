/* findings.h - what validation reports: one finding per problem, with a stable rule code,
 * a severity, the place in the supplier's workbook (sheet name + A1 cell) and two texts
 * for a person (what is wrong, how the supplier fixes it).
 *
 * A findings list owns all its strings (one arena per list), so it can outlive the
 * declaration it was computed from. */
#ifndef OT_FINDINGS_H
#define OT_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

typedef enum {
    OT_SEV_ERROR = 0, /* the submission is invalid until fixed */
    OT_SEV_WARNING,   /* valid, but worth a look or a question to the supplier */
} ot_severity;

const char *ot_severity_name(ot_severity s); /* "error" / "warning" */

typedef struct ot_finding {
    const char *code; /* e.g. "CMRT-REQ-CONTACT-EMAIL" */
    ot_severity severity;
    const char *sheet;   /* sheet name as in the workbook, "" when not tied to a sheet */
    const char *cell;    /* A1 reference, "" when not tied to one cell */
    const char *field;   /* "contact_email", "question_3", "smelter_list.country", ... */
    const char *metal;   /* "" when not about one metal */
    const char *message; /* what is wrong, citing the value found */
    const char *fix;     /* how the supplier fixes it */
} ot_finding;

typedef struct ot_findings {
    ot_finding *items;
    size_t count, cap;
    size_t errors, warnings;
    size_t dropped; /* findings not kept because of the cap below */
    bool failed;    /* out of memory: the list is incomplete */
    ot_arena arena;
} ot_findings;

/* Hard cap per file: a hostile workbook with 2 500 broken rows per column cannot make the
 * list grow without bound. Counts (errors/warnings) stay exact past the cap. */
#define OT_FINDINGS_MAX 5000

void ot_findings_init(ot_findings *f);
void ot_findings_free(ot_findings *f);
/* Copies every string. Returns false when the finding was not stored (cap or memory). */
bool ot_findings_add(ot_findings *f, const ot_finding *item);
/* True when no finding has severity error (and the list is complete). */
bool ot_findings_valid(const ot_findings *f);

#endif
