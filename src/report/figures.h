/* figures.h - every figure the Conflict Minerals Report and the Form SD quote, as ONE
 * table (name, kind, definition, how it is computed) and one value per row.
 *
 * The table is the placeholder list of the narrative texts ({{suppliers_surveyed}}), the
 * "Placeholders" section of docs/report.md, and the "figures" of evidence.json: a figure
 * printed in the report is always a row of it, so it has a definition an auditor can
 * read and the supplier and submission IDs behind it. The report builder and the tests
 * read an ot_cmr_figures and do not care where the numbers come from; one function
 * (ot_cmr_figures_compute, figures_compute.c) fills it from the campaign and the
 * roll-up. */
#ifndef OT_REPORT_FIGURES_H
#define OT_REPORT_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"
#include "util/error.h"
#include "util/strbuf.h"

typedef enum {
    OT_FIGK_COUNT = 0, /* a whole number */
    OT_FIGK_PERCENT,   /* a share in percent, printed with one decimal ("57.1%") */
    OT_FIGK_YEAR,      /* a calendar year */
    OT_FIGK_DATE,      /* "YYYY-MM-DD" (text) */
    OT_FIGK_TEXT,      /* any other text ("CMRT 6.5") */
} ot_figure_kind;

/* The rows of the table, in table order. */
typedef enum {
    OT_FIG_COMPANY_NAME = 0,
    OT_FIG_REPORTING_YEAR,
    OT_FIG_REPORTING_PERIOD,
    OT_FIG_AS_OF_DATE,
    OT_FIG_TEMPLATE,
    OT_FIG_DUE_DATE,
    OT_FIG_SCOPE_ROUTE,
    OT_FIG_SUPPLIERS_LISTED,
    OT_FIG_SUPPLIERS_IN_SCOPE,
    OT_FIG_SUPPLIERS_OUT_OF_SCOPE,
    OT_FIG_SUPPLIERS_SURVEYED,
    OT_FIG_SUPPLIERS_NOT_CONTACTED,
    OT_FIG_REMINDERS_SENT,
    OT_FIG_ESCALATIONS_SENT,
    OT_FIG_SUPPLIERS_ESCALATED,
    OT_FIG_CORRECTIONS_SENT,
    OT_FIG_SUPPLIERS_RESPONDED,
    OT_FIG_RESPONSE_RATE,
    OT_FIG_SUPPLIERS_VALID,
    OT_FIG_INVALID_OUTSTANDING,
    OT_FIG_SUPPLIERS_DECLINED,
    OT_FIG_SUPPLIERS_NO_3TG,
    OT_FIG_OUTDATED_OUTSTANDING,
    OT_FIG_SUPPLIERS_NON_RESPONSIVE,
    OT_FIG_SUPPLIERS_NO_RESPONSE,
    OT_FIG_SUPPLIERS_INCLUDED,
    OT_FIG_SUPPLIERS_WITH_3TG,
    OT_FIG_SUPPLIERS_STRONG_PROGRAM,
    OT_FIG_SUPPLIERS_WEAK_PROGRAM,
    OT_FIG_SMELTER_ROWS,
    OT_FIG_SMELTERS_REPORTED,
    OT_FIG_SMELTERS_IDENTIFIED,
    OT_FIG_SMELTERS_UNRESOLVED,
    OT_FIG_SMELTERS_CONFORMANT,
    OT_FIG_SMELTERS_ACTIVE,
    OT_FIG_SMELTERS_OTHER_STATUS,
    OT_FIG_SMELTERS_STATUS_UNKNOWN,
    OT_FIG_PERCENT_CONFORMANT,
    OT_FIG_SMELTERS_IN_COVERED_COUNTRIES,
    OT_FIG_SMELTERS_ORIGIN_KNOWN,
    OT_FIG_SMELTERS_ORIGIN_UNKNOWN,
    OT_FIG_SMELTERS_ORIGIN_COVERED,
    OT_FIG_ORIGIN_COUNTRIES,
    OT_FIG_SMELTERS_HIGH_RISK,
    OT_FIG_SMELTERS_MEDIUM_RISK,
    OT_FIG_STATUS_LIST_DATE,
    OT_FIG__COUNT
} ot_figure_id;

/* One row of the table. */
typedef struct ot_figure_def {
    ot_figure_id id;
    const char *name; /* placeholder name: {{name}} */
    ot_figure_kind kind;
    const char *definition; /* what it means, for the reader and the auditor */
    const char *computed;   /* how it is computed from the workspace */
} ot_figure_def;

const ot_figure_def *ot_figure_def_at(ot_figure_id id);
/* The row named `name` (a placeholder), NULL when the table has none. */
const ot_figure_def *ot_figure_def_find(const char *name, size_t len);

/* The value of one figure and what it rests on. */
typedef struct ot_figure_value {
    bool set;              /* false: not computed (printed as "n/a") */
    double number;         /* COUNT, PERCENT, YEAR */
    char text[128];        /* DATE, TEXT ("" = none) */
    size_t supplier_count; /* the suppliers behind it (malloc'd, sorted, unique) */
    char **supplier_ids;
    size_t submission_count; /* the submissions behind it (malloc'd, sorted, unique) */
    int64_t *submission_ids;
} ot_figure_value;

/* One row of the smelter appendix (the roll-up's order: metal, standard name, ID). */
typedef struct ot_cmr_smelter {
    char *metal, *standard_name, *country, *smelter_id, *rmap_status;
    char status_as_of[OT_DATE_LEN]; /* "" when no status is on record */
    size_t mine_country_count;      /* countries of origin suppliers reported for it */
    char **mine_countries;          /* country names, sorted */
    size_t supplier_count;
    char **supplier_ids;
    int64_t *submission_ids; /* supplier_count of them */
} ot_cmr_smelter;

/* Why some reported names are not in the appendix: one reason and how many. */
typedef struct ot_cmr_unresolved_reason {
    char *reason;
    size_t count;
} ot_cmr_unresolved_reason;

/* A country of origin as suppliers reported it, with the smelters it was reported for. */
typedef struct ot_cmr_origin {
    char *country; /* the country's name */
    size_t smelter_count;
} ot_cmr_origin;

/* What the figures were computed from (evidence.json "inputs"). */
typedef struct ot_cmr_inputs {
    int64_t campaign_id;
    int year;
    char campaign[24]; /* the campaign as a selector names it: "2025/CMRT" */
    char as_of[OT_DATE_LEN];
    char status_list_as_of[OT_DATE_LEN]; /* newest status list used, "" = none */
    bool refdata_from_snapshot;          /* the shipped snapshot, nothing imported */
    size_t source_count;                 /* reference-data sources (lists) and dates */
    char **source_labels, **source_kinds, **source_dates;
} ot_cmr_inputs;

/* The campaign day by day (the response chart): on each date, how many in-scope
 * suppliers had been sent a request, had answered, and held a valid answer. */
typedef struct ot_cmr_timeline {
    size_t count;
    char (*dates)[OT_DATE_LEN];
    double *requested, *answered, *valid;
} ot_cmr_timeline;

typedef struct ot_cmr_figures {
    ot_figure_value v[OT_FIG__COUNT];
    ot_cmr_timeline timeline;
    ot_cmr_inputs inputs;
    size_t smelter_count;
    ot_cmr_smelter *smelters;
    size_t unresolved_reason_count;
    ot_cmr_unresolved_reason *unresolved_reasons;
    size_t origin_count;
    ot_cmr_origin *origins; /* by country name */
} ot_cmr_figures;

/* Setting values (for the compute function and for tests building figures by hand). */
void ot_cmr_figure_set_number(ot_cmr_figures *f, ot_figure_id id, double value);
void ot_cmr_figure_set_text(ot_cmr_figures *f, ot_figure_id id, const char *text);
/* Adds the suppliers / submissions behind a figure (kept sorted and unique when the
 * figures are finished with ot_cmr_figures_finish). false when out of memory. */
bool ot_cmr_figure_add_supplier(ot_cmr_figures *f, ot_figure_id id, const char *supplier_id,
                                int64_t submission_id);
/* Sorts and de-duplicates the ID lists. */
void ot_cmr_figures_finish(ot_cmr_figures *f);
void ot_cmr_figures_free(ot_cmr_figures *f);

/* The figure as the report prints it: "1,456", "57.1%", "2025", "2026-03-31", "n/a". */
void ot_cmr_figure_format(const ot_cmr_figures *f, ot_figure_id id, ot_strbuf *out);

/* THE function that fills the figures: the campaign `campaign` names ("2025/CMRT"; a
 * bare year or NULL picks that year's, or the most recent, CMRT campaign when there is
 * one: the Form SD reports on 3TG) from
 * the campaign module, the smelters, suppliers and their IDs from the roll-up as of
 * `as_of` ("YYYY-MM-DD", NULL: today), the company name and scoping words from the
 * configuration, the reference-data sources from the workspace. OT_E_NOT_FOUND when the
 * year has no campaign. Free with ot_cmr_figures_free. */
struct ot_workspace;
ot_code ot_cmr_figures_compute(struct ot_workspace *ws, const char *campaign, const char *as_of,
                               ot_cmr_figures *out, ot_error *err);

/* The campaign a report is about, by the rule above. */
struct ot_campaign_info;
ot_code ot_cmr_find_campaign(struct ot_workspace *ws, const char *selector,
                             struct ot_campaign_info *out, ot_error *err);

/* The table as Markdown (docs/report.md, "Placeholders"). */
void ot_cmr_figures_markdown(ot_strbuf *out);

#endif
