/* figures.c - THE table of report figures (figures.h): name, kind, definition and how
 * each is computed; setting, formatting and freeing the values. The placeholders of the
 * narrative texts, evidence.json and docs/report.md all read these rows. */
#include "report/figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW(ID, NAME, KIND, DEF, HOW)                                                              \
    {                                                                                              \
        .id = ID, .name = NAME, .kind = KIND, .definition = DEF, .computed = HOW                   \
    }

static const ot_figure_def figure_table[OT_FIG__COUNT] = {
    ROW(OT_FIG_COMPANY_NAME, "company_name", OT_FIGK_TEXT, "The registrant's exact name.",
        "the configuration's filer_name"),
    ROW(OT_FIG_REPORTING_YEAR, "reporting_year", OT_FIGK_YEAR,
        "The calendar year the report covers.", "the campaign's year"),
    ROW(OT_FIG_REPORTING_PERIOD, "reporting_period", OT_FIGK_TEXT,
        "The reporting period, as Form SD states it.",
        "\"January 1 to December 31, \" and the campaign's year"),
    ROW(OT_FIG_AS_OF_DATE, "as_of_date", OT_FIGK_DATE, "The date the figures are computed as of.",
        "the as-of date asked for (default: today): submissions received on or before it, "
        "RMAP statuses known on it"),
    ROW(OT_FIG_TEMPLATE, "template", OT_FIGK_TEXT,
        "The reporting template suppliers were asked for.",
        "the campaign's template (e.g. CMRT 6.5)"),
    ROW(OT_FIG_DUE_DATE, "due_date", OT_FIGK_DATE, "The date suppliers were asked to answer by.",
        "the campaign's due date"),
    ROW(OT_FIG_SCOPE_ROUTE, "scope_route", OT_FIGK_TEXT, "How the suppliers to survey were chosen.",
        "the configuration's scope_route and exclusion filters, in words"),
    ROW(OT_FIG_SUPPLIERS_LISTED, "suppliers_listed", OT_FIGK_COUNT,
        "Suppliers the campaign considered (in and out of scope).", "request rows of the campaign"),
    ROW(OT_FIG_SUPPLIERS_IN_SCOPE, "suppliers_in_scope", OT_FIGK_COUNT,
        "Suppliers the scoping kept: those that may supply parts containing 3TG.",
        "request rows not out_of_scope"),
    ROW(OT_FIG_SUPPLIERS_OUT_OF_SCOPE, "suppliers_out_of_scope", OT_FIGK_COUNT,
        "Suppliers the scoping filters left out (excluded category, inactive, no 3TG part).",
        "request rows in status out_of_scope"),
    ROW(OT_FIG_SUPPLIERS_SURVEYED, "suppliers_surveyed", OT_FIGK_COUNT,
        "Distinct suppliers sent a request in the campaign.",
        "in-scope requests whose request was written (requested_on set)"),
    ROW(OT_FIG_SUPPLIERS_NOT_CONTACTED, "suppliers_not_contacted", OT_FIGK_COUNT,
        "In-scope suppliers no request was sent to (no contact address, or not sent yet).",
        "requests in status not_contacted"),
    ROW(OT_FIG_REMINDERS_SENT, "reminders_sent", OT_FIGK_COUNT,
        "Reminders actually written to suppliers that had not answered.",
        "sum of the reminders recorded on the campaign's requests"),
    ROW(OT_FIG_ESCALATIONS_SENT, "escalations_sent", OT_FIGK_COUNT,
        "Escalation notices actually written (buyer, senior officer).",
        "sum of the escalations recorded on the campaign's requests"),
    ROW(OT_FIG_SUPPLIERS_ESCALATED, "suppliers_escalated", OT_FIGK_COUNT,
        "Suppliers escalated at least once.", "requests with at least one escalation"),
    ROW(OT_FIG_CORRECTIONS_SENT, "corrections_sent", OT_FIGK_COUNT,
        "Correction requests sent to suppliers whose template was invalid, unreadable or out "
        "of date (first requests and their follow-ups).",
        "correction messages written to the outbox for the campaign's requests"),
    ROW(OT_FIG_SUPPLIERS_RESPONDED, "suppliers_responded", OT_FIGK_COUNT,
        "Surveyed suppliers that answered: a template (valid, invalid or out of date) or a "
        "refusal.",
        "surveyed requests in responded_valid, responded_invalid, responded_outdated, "
        "corrected or declined"),
    ROW(OT_FIG_RESPONSE_RATE, "response_rate", OT_FIGK_PERCENT,
        "Share of surveyed suppliers that answered.",
        "suppliers_responded / suppliers_surveyed x 100, one decimal (0 when none surveyed)"),
    ROW(OT_FIG_SUPPLIERS_VALID, "suppliers_valid", OT_FIGK_COUNT,
        "Suppliers whose current template passed validation and answers the reporting period "
        "(including those declaring no 3TG).",
        "requests in responded_valid or corrected"),
    ROW(OT_FIG_INVALID_OUTSTANDING, "invalid_outstanding", OT_FIGK_COUNT,
        "Suppliers whose latest template fails validation (or could not be read) and was not "
        "corrected yet.",
        "requests in responded_invalid"),
    ROW(OT_FIG_SUPPLIERS_DECLINED, "suppliers_declined", OT_FIGK_COUNT,
        "Suppliers that refused to answer.", "requests in declined"),
    ROW(OT_FIG_SUPPLIERS_NO_3TG, "suppliers_no_3tg", OT_FIGK_COUNT,
        "Suppliers whose valid template declares no tin, tantalum, tungsten or gold necessary "
        "to what they supply.",
        "valid requests whose current file declares no necessary 3TG"),
    ROW(OT_FIG_OUTDATED_OUTSTANDING, "outdated_outstanding", OT_FIGK_COUNT,
        "Suppliers whose latest template is dated before the reporting period or is of an "
        "older template version than requested, with no current one yet.",
        "requests in responded_outdated"),
    ROW(OT_FIG_SUPPLIERS_NON_RESPONSIVE, "suppliers_non_responsive", OT_FIGK_COUNT,
        "Suppliers marked non-responsive after the reminders and escalations.",
        "requests in non_responsive"),
    ROW(OT_FIG_SUPPLIERS_NO_RESPONSE, "suppliers_no_response", OT_FIGK_COUNT,
        "Surveyed suppliers that have not answered (non-responsive ones included).",
        "suppliers_surveyed - suppliers_responded"),
    ROW(OT_FIG_SUPPLIERS_INCLUDED, "suppliers_included", OT_FIGK_COUNT,
        "Suppliers whose current readable template is part of the smelter figures.",
        "roll-up: in-scope suppliers with a current readable submission received by the "
        "as-of date"),
    ROW(OT_FIG_SUPPLIERS_WITH_3TG, "suppliers_with_3tg", OT_FIGK_COUNT,
        "Suppliers whose template declares at least one of tin, tantalum, tungsten or gold "
        "necessary to what they supply.",
        "roll-up: included suppliers declaring one metal or more in use"),
    ROW(OT_FIG_SUPPLIERS_STRONG_PROGRAM, "suppliers_strong_program", OT_FIGK_COUNT,
        "Suppliers answering Yes to all four program questions (policy, due diligence, "
        "review of their suppliers, corrective action).",
        "roll-up: suppliers whose program strength is strong"),
    ROW(OT_FIG_SUPPLIERS_WEAK_PROGRAM, "suppliers_weak_program", OT_FIGK_COUNT,
        "Suppliers with a readable template not answering Yes to all four program questions.",
        "roll-up: suppliers whose program strength is weak"),
    ROW(OT_FIG_SMELTER_ROWS, "smelter_rows", OT_FIGK_COUNT,
        "Smelter List rows read over the included templates.", "roll-up: smelter rows"),
    ROW(OT_FIG_SMELTERS_REPORTED, "smelters_reported", OT_FIGK_COUNT,
        "Distinct smelters and refiners suppliers named.",
        "smelters_identified + smelters_unresolved"),
    ROW(OT_FIG_SMELTERS_IDENTIFIED, "smelters_identified", OT_FIGK_COUNT,
        "Reported smelters and refiners matched to an RMI smelter ID (the appendix rows).",
        "roll-up: distinct smelter IDs"),
    ROW(OT_FIG_SMELTERS_UNRESOLVED, "smelters_unresolved", OT_FIGK_COUNT,
        "Reported names that matched no RMI smelter (not in the appendix).",
        "roll-up: unresolved rows, distinct by metal and name (letter case ignored)"),
    ROW(OT_FIG_SMELTERS_CONFORMANT, "smelters_conformant", OT_FIGK_COUNT,
        "Identified smelters and refiners RMAP Conformant on the as-of date.",
        "roll-up: identified smelters by RMAP status Conformant"),
    ROW(OT_FIG_SMELTERS_ACTIVE, "smelters_active", OT_FIGK_COUNT,
        "Identified smelters and refiners RMAP Active (audit under way) on the as-of date.",
        "roll-up: identified smelters by RMAP status Active"),
    ROW(OT_FIG_SMELTERS_OTHER_STATUS, "smelters_other_status", OT_FIGK_COUNT,
        "Identified smelters and refiners with another RMAP status on record (Non-Conformant, "
        "Not Enrolled, Communication Suspended, ...).",
        "roll-up: identified smelters whose status on record is neither Conformant nor "
        "Active"),
    ROW(OT_FIG_SMELTERS_STATUS_UNKNOWN, "smelters_status_unknown", OT_FIGK_COUNT,
        "Identified smelters and refiners with no RMAP status on record.",
        "roll-up: identified smelters without a status"),
    ROW(OT_FIG_PERCENT_CONFORMANT, "percent_conformant", OT_FIGK_PERCENT,
        "Share of identified smelters and refiners that are RMAP Conformant.",
        "smelters_conformant / smelters_identified x 100, one decimal"),
    ROW(OT_FIG_SMELTERS_IN_COVERED_COUNTRIES, "smelters_in_covered_countries", OT_FIGK_COUNT,
        "Identified smelters and refiners located in a Covered Country (their location, not "
        "the origin of their ore).",
        "roll-up: identified smelters whose country is a Covered Country"),
    ROW(OT_FIG_SMELTERS_ORIGIN_KNOWN, "smelters_origin_known", OT_FIGK_COUNT,
        "Identified smelters and refiners for which a supplier reported a country of origin.",
        "roll-up: smelters with at least one reported mine country"),
    ROW(OT_FIG_SMELTERS_ORIGIN_UNKNOWN, "smelters_origin_unknown", OT_FIGK_COUNT,
        "Identified smelters and refiners whose country of origin could not be determined.",
        "smelters_identified - smelters_origin_known"),
    ROW(OT_FIG_SMELTERS_ORIGIN_COVERED, "smelters_origin_covered", OT_FIGK_COUNT,
        "Identified smelters and refiners for which a Covered Country was reported as origin.",
        "roll-up: smelters with a reported mine country that is a Covered Country"),
    ROW(OT_FIG_ORIGIN_COUNTRIES, "origin_countries", OT_FIGK_COUNT,
        "Distinct countries of origin suppliers reported.",
        "distinct mine countries over the identified smelters"),
    ROW(OT_FIG_SMELTERS_HIGH_RISK, "smelters_high_risk", OT_FIGK_COUNT,
        "Identified smelters and refiners whose red flags give a high risk level.",
        "roll-up: smelters at risk level high"),
    ROW(OT_FIG_SMELTERS_MEDIUM_RISK, "smelters_medium_risk", OT_FIGK_COUNT,
        "Identified smelters and refiners whose red flags give a medium risk level.",
        "roll-up: smelters at risk level medium"),
    ROW(OT_FIG_STATUS_LIST_DATE, "status_list_date", OT_FIGK_DATE,
        "Date of the newest RMAP status list the statuses come from.",
        "roll-up: status_list_as_of (\"n/a\" when no list was imported)"),
};

const ot_figure_def *ot_figure_def_at(ot_figure_id id)
{
    return (unsigned)id < OT_FIG__COUNT ? &figure_table[id] : NULL;
}

const ot_figure_def *ot_figure_def_find(const char *name, size_t len)
{
    for (size_t i = 0; i < OT_FIG__COUNT; i++)
        if (strlen(figure_table[i].name) == len && memcmp(figure_table[i].name, name, len) == 0)
            return &figure_table[i];
    return NULL;
}

void ot_cmr_figure_set_number(ot_cmr_figures *f, ot_figure_id id, double value)
{
    f->v[id].set = true;
    f->v[id].number = value;
}

void ot_cmr_figure_set_text(ot_cmr_figures *f, ot_figure_id id, const char *text)
{
    f->v[id].set = text && *text;
    snprintf(f->v[id].text, sizeof f->v[id].text, "%s", text ? text : "");
}

bool ot_cmr_figure_add_supplier(ot_cmr_figures *f, ot_figure_id id, const char *supplier_id,
                                int64_t submission_id)
{
    ot_figure_value *v = &f->v[id];
    if (supplier_id && *supplier_id) {
        char **grown = realloc(v->supplier_ids, (v->supplier_count + 1) * sizeof *grown);
        if (!grown) return false;
        v->supplier_ids = grown;
        if (!(grown[v->supplier_count] = strdup(supplier_id))) return false;
        v->supplier_count++;
    }
    if (submission_id > 0) {
        int64_t *grown = realloc(v->submission_ids, (v->submission_count + 1) * sizeof *grown);
        if (!grown) return false;
        v->submission_ids = grown;
        grown[v->submission_count++] = submission_id;
    }
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void unique_ids(ot_figure_value *v)
{
    if (v->supplier_count > 1) {
        qsort(v->supplier_ids, v->supplier_count, sizeof *v->supplier_ids, cmp_str);
        size_t n = 1;
        for (size_t i = 1; i < v->supplier_count; i++) {
            if (strcmp(v->supplier_ids[i], v->supplier_ids[n - 1]) == 0)
                free(v->supplier_ids[i]);
            else
                v->supplier_ids[n++] = v->supplier_ids[i];
        }
        v->supplier_count = n;
    }
    if (v->submission_count > 1) {
        qsort(v->submission_ids, v->submission_count, sizeof *v->submission_ids, cmp_i64);
        size_t n = 1;
        for (size_t i = 1; i < v->submission_count; i++)
            if (v->submission_ids[i] != v->submission_ids[n - 1])
                v->submission_ids[n++] = v->submission_ids[i];
        v->submission_count = n;
    }
}

void ot_cmr_figures_finish(ot_cmr_figures *f)
{
    for (size_t i = 0; i < OT_FIG__COUNT; i++)
        unique_ids(&f->v[i]);
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

static void free_smelter(ot_cmr_smelter *s)
{
    free(s->metal);
    free(s->standard_name);
    free(s->country);
    free(s->smelter_id);
    free(s->rmap_status);
    free_strings(s->mine_countries, s->mine_country_count);
    free_strings(s->supplier_ids, s->supplier_count);
    free(s->submission_ids);
}

void ot_cmr_figures_free(ot_cmr_figures *f)
{
    if (!f) return;
    for (size_t i = 0; i < OT_FIG__COUNT; i++) {
        free_strings(f->v[i].supplier_ids, f->v[i].supplier_count);
        free(f->v[i].submission_ids);
    }
    for (size_t i = 0; i < f->smelter_count; i++)
        free_smelter(&f->smelters[i]);
    free(f->smelters);
    for (size_t i = 0; i < f->unresolved_reason_count; i++)
        free(f->unresolved_reasons[i].reason);
    free(f->unresolved_reasons);
    for (size_t i = 0; i < f->origin_count; i++)
        free(f->origins[i].country);
    free(f->origins);
    free(f->timeline.dates);
    free(f->timeline.requested);
    free(f->timeline.answered);
    free(f->timeline.valid);
    const ot_cmr_inputs *in = &f->inputs;
    free_strings(in->source_labels, in->source_count);
    free_strings(in->source_kinds, in->source_count);
    free_strings(in->source_dates, in->source_count);
    memset(f, 0, sizeof *f);
}

/* 1456 -> "1,456": filings print thousands with a comma. */
static void format_count(double value, ot_strbuf *out)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", value);
    const char *p = digits;
    if (*p == '-') ot_sb_putc(out, *p++);
    size_t n = strlen(p);
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) ot_sb_putc(out, ',');
        ot_sb_putc(out, p[i]);
    }
}

void ot_cmr_figure_format(const ot_cmr_figures *f, ot_figure_id id, ot_strbuf *out)
{
    const ot_figure_value *v = &f->v[id];
    if (!v->set) {
        ot_sb_puts(out, "n/a");
        return;
    }
    switch (figure_table[id].kind) {
    case OT_FIGK_COUNT:
        format_count(v->number, out);
        break;
    case OT_FIGK_PERCENT:
        ot_sb_printf(out, "%.1f%%", v->number);
        break;
    case OT_FIGK_YEAR:
        ot_sb_printf(out, "%.0f", v->number);
        break;
    case OT_FIGK_DATE:
    case OT_FIGK_TEXT:
        ot_sb_puts(out, v->text);
        break;
    }
}

static const char *kind_name(ot_figure_kind k)
{
    static const char *const names[] = {"count", "percent", "year", "date", "text"};
    return names[k];
}

void ot_cmr_figures_markdown(ot_strbuf *out)
{
    ot_sb_puts(out, "| Placeholder | Kind | Definition | How it is computed |\n"
                    "|---|---|---|---|\n");
    for (size_t i = 0; i < OT_FIG__COUNT; i++) {
        const ot_figure_def *d = &figure_table[i];
        ot_sb_printf(out, "| `{{%s}}` | %s | %s | %s |\n", d->name, kind_name(d->kind),
                     d->definition, d->computed);
    }
}
