/* figures_rollup.c - the supplier, smelter and origin figures and the appendix rows
 * (figures.h) from the roll-up. Status, location, origin and risk counts are made from
 * the very rows the appendix prints, so the findings and the appendix cannot disagree;
 * each count carries the suppliers and submissions that named its smelters. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/figures_internal.h"
#include "report/rollup.h"
#include "risk/risk.h"

static char *dup(const char *s)
{
    return strdup(s ? s : "");
}

static bool add_row_ids(ot_cmr_figures *f, ot_figure_id id, const ot_rollup_smelter *s)
{
    for (size_t i = 0; i < s->supplier_count; i++)
        if (!ot_cmr_figure_add_supplier(f, id, s->supplier_ids[i], s->submission_ids[i]))
            return false;
    return true;
}

static bool mine_covered(const ot_rollup_smelter *s)
{
    for (size_t i = 0; i < s->mine_country_count; i++)
        if (ot_risk_is_covered(s->mine_countries[i])) return true;
    return false;
}

static const char *country_name(const char *alpha2)
{
    const ot_country *c = ot_risk_country_by_code(alpha2);
    return c ? c->name : alpha2;
}

static bool copy_row(ot_cmr_smelter *d, const ot_rollup_smelter *s)
{
    d->metal = dup(s->metal);
    d->standard_name = dup(s->standard_name);
    d->country = dup(s->country);
    d->smelter_id = dup(s->smelter_id);
    d->rmap_status = dup(s->rmap_status);
    memcpy(d->status_as_of, s->status_as_of, sizeof d->status_as_of);
    d->mine_countries = calloc(s->mine_country_count + 1, sizeof *d->mine_countries);
    d->supplier_ids = calloc(s->supplier_count + 1, sizeof *d->supplier_ids);
    d->submission_ids = calloc(s->supplier_count + 1, sizeof *d->submission_ids);
    if (!d->mine_countries || !d->supplier_ids || !d->submission_ids) return false;
    for (size_t i = 0; i < s->mine_country_count; i++, d->mine_country_count++)
        if (!(d->mine_countries[i] = dup(country_name(s->mine_countries[i])))) return false;
    for (size_t i = 0; i < s->supplier_count; i++, d->supplier_count++) {
        if (!(d->supplier_ids[i] = dup(s->supplier_ids[i]))) return false;
        d->submission_ids[i] = s->submission_ids[i];
    }
    return d->metal && d->standard_name && d->country && d->smelter_id && d->rmap_status;
}

/* Counts one origin country (by name) for a smelter. */
static bool count_origin(ot_cmr_figures *f, const char *name)
{
    for (size_t i = 0; i < f->origin_count; i++)
        if (strcmp(f->origins[i].country, name) == 0) return ++f->origins[i].smelter_count, true;
    ot_cmr_origin *grown = realloc(f->origins, (f->origin_count + 1) * sizeof *grown);
    if (!grown) return false;
    f->origins = grown;
    grown[f->origin_count] = (ot_cmr_origin){.country = dup(name), .smelter_count = 1};
    return grown[f->origin_count++].country != NULL;
}

/* Files one appendix row under the figures it counts in. */
static bool count_row(ot_cmr_figures *f, const ot_rollup_smelter *s, double n[OT_FIG__COUNT])
{
    bool unknown = !*s->status_as_of || strcmp(s->rmap_status, "Unknown") == 0;
    bool conformant = !unknown && strcmp(s->rmap_status, "Conformant") == 0;
    bool active = !unknown && strcmp(s->rmap_status, "Active") == 0;
    struct {
        bool when;
        ot_figure_id id;
    } into[] = {
        {true, OT_FIG_SMELTERS_IDENTIFIED},
        {true, OT_FIG_SMELTERS_REPORTED},
        {conformant, OT_FIG_SMELTERS_CONFORMANT},
        {conformant, OT_FIG_PERCENT_CONFORMANT},
        {active, OT_FIG_SMELTERS_ACTIVE},
        {!unknown && !conformant && !active, OT_FIG_SMELTERS_OTHER_STATUS},
        {unknown, OT_FIG_SMELTERS_STATUS_UNKNOWN},
        {ot_risk_is_covered(s->country_alpha2), OT_FIG_SMELTERS_IN_COVERED_COUNTRIES},
        {s->mine_country_count > 0, OT_FIG_SMELTERS_ORIGIN_KNOWN},
        {s->mine_country_count == 0, OT_FIG_SMELTERS_ORIGIN_UNKNOWN},
        {mine_covered(s), OT_FIG_SMELTERS_ORIGIN_COVERED},
        {s->mine_country_count > 0, OT_FIG_ORIGIN_COUNTRIES},
        {s->risk.level == OT_RISK_HIGH, OT_FIG_SMELTERS_HIGH_RISK},
        {s->risk.level == OT_RISK_MEDIUM, OT_FIG_SMELTERS_MEDIUM_RISK},
    };
    for (size_t i = 0; i < sizeof into / sizeof into[0]; i++) {
        if (!into[i].when) continue;
        n[into[i].id]++;
        if (!add_row_ids(f, into[i].id, s)) return false;
    }
    for (size_t i = 0; i < s->mine_country_count; i++)
        if (!count_origin(f, country_name(s->mine_countries[i]))) return false;
    return true;
}

static int cmp_origin(const void *a, const void *b)
{
    return strcmp(((const ot_cmr_origin *)a)->country, ((const ot_cmr_origin *)b)->country);
}

static ot_code smelters(const ot_rollup *r, ot_cmr_figures *f, double n[OT_FIG__COUNT])
{
    size_t count = ot_rollup_smelter_count(r);
    f->smelters = calloc(count + 1, sizeof *f->smelters);
    if (!f->smelters) return OT_E_NOMEM;
    for (size_t i = 0; i < count; i++) {
        const ot_rollup_smelter *s = ot_rollup_smelter_at(r, i);
        /* the roll-up consolidates by smelter ID; a repeated ID is never printed twice */
        if (f->smelter_count && strcmp(f->smelters[f->smelter_count - 1].smelter_id,
                                       s->smelter_id ? s->smelter_id : "") == 0)
            continue;
        bool ok = copy_row(&f->smelters[f->smelter_count++], s) && count_row(f, s, n);
        if (!ok) return OT_E_NOMEM;
    }
    if (f->origin_count) qsort(f->origins, f->origin_count, sizeof *f->origins, cmp_origin);
    n[OT_FIG_ORIGIN_COUNTRIES] = (double)f->origin_count;
    return OT_OK;
}

/* Unresolved names by reason, each distinct (metal, name) counted once per reason. */
static bool unresolved(const ot_rollup *r, ot_cmr_figures *f, double n[OT_FIG__COUNT])
{
    size_t count = ot_rollup_unresolved_count(r);
    for (size_t i = 0; i < count; i++) {
        const ot_rollup_unresolved *u = ot_rollup_unresolved_at(r, i);
        if (!ot_cmr_figure_add_supplier(f, OT_FIG_SMELTERS_UNRESOLVED, u->supplier_id,
                                        u->submission_id) ||
            !ot_cmr_figure_add_supplier(f, OT_FIG_SMELTERS_REPORTED, u->supplier_id,
                                        u->submission_id))
            return false;
        /* rows are sorted by metal, name: a repeat of a name follows it; each distinct name
         * counts once, under the reason of its first row, so the reasons add up */
        const ot_rollup_unresolved *p = i ? ot_rollup_unresolved_at(r, i - 1) : NULL;
        bool seen = p && strcasecmp(p->name ? p->name : "", u->name ? u->name : "") == 0 &&
                    strcasecmp(p->metal ? p->metal : "", u->metal ? u->metal : "") == 0;
        if (seen) continue;
        const char *why = u->reason && *u->reason ? u->reason : "no reason recorded";
        size_t k = 0;
        while (k < f->unresolved_reason_count && strcmp(f->unresolved_reasons[k].reason, why))
            k++;
        if (k == f->unresolved_reason_count) {
            ot_cmr_unresolved_reason *grown =
                realloc(f->unresolved_reasons, (k + 1) * sizeof *grown);
            if (!grown) return false;
            f->unresolved_reasons = grown;
            grown[k] = (ot_cmr_unresolved_reason){.reason = dup(why)};
            if (!grown[k].reason) return false;
            f->unresolved_reason_count++;
        }
        f->unresolved_reasons[k].count++;
        n[OT_FIG_SMELTERS_UNRESOLVED]++;
    }
    return true;
}

static bool suppliers(const ot_rollup *r, ot_cmr_figures *f, double n[OT_FIG__COUNT])
{
    for (size_t i = 0; i < ot_rollup_supplier_count(r); i++) {
        const ot_rollup_supplier *s = ot_rollup_supplier_at(r, i);
        bool included = s->submission_id > 0 && s->outcome && strcmp(s->outcome, "valid") == 0;
        included |= s->submission_id > 0 && s->outcome && strcmp(s->outcome, "invalid") == 0;
        struct {
            bool when;
            ot_figure_id id;
        } into[] = {
            {included, OT_FIG_SUPPLIERS_INCLUDED},
            {included && s->program.metal_count > 0, OT_FIG_SUPPLIERS_WITH_3TG},
            {s->program.strength == OT_PROGRAM_STRONG, OT_FIG_SUPPLIERS_STRONG_PROGRAM},
            {s->program.strength == OT_PROGRAM_WEAK, OT_FIG_SUPPLIERS_WEAK_PROGRAM},
        };
        for (size_t k = 0; k < sizeof into / sizeof into[0]; k++) {
            if (!into[k].when) continue;
            n[into[k].id]++;
            if (!ot_cmr_figure_add_supplier(f, into[k].id, s->supplier_id, s->submission_id))
                return false;
        }
    }
    return true;
}

ot_code cmr_figures_from_rollup(const ot_rollup *r, ot_cmr_figures *f, ot_error *err)
{
    double n[OT_FIG__COUNT] = {0};
    const ot_rollup_summary *sum = ot_rollup_summary_get(r);
    if (smelters(r, f, n) != OT_OK || !unresolved(r, f, n) || !suppliers(r, f, n))
        return ot_fail(err, OT_E_NOMEM, "out of memory computing the report's figures");
    static const ot_figure_id from_rows[] = {
        OT_FIG_SMELTERS_IDENTIFIED,     OT_FIG_SMELTERS_CONFORMANT,
        OT_FIG_SMELTERS_ACTIVE,         OT_FIG_SMELTERS_OTHER_STATUS,
        OT_FIG_SMELTERS_STATUS_UNKNOWN, OT_FIG_SMELTERS_IN_COVERED_COUNTRIES,
        OT_FIG_SMELTERS_ORIGIN_KNOWN,   OT_FIG_SMELTERS_ORIGIN_UNKNOWN,
        OT_FIG_SMELTERS_ORIGIN_COVERED, OT_FIG_ORIGIN_COUNTRIES,
        OT_FIG_SMELTERS_HIGH_RISK,      OT_FIG_SMELTERS_MEDIUM_RISK,
        OT_FIG_SUPPLIERS_WITH_3TG,
    };
    for (size_t i = 0; i < sizeof from_rows / sizeof from_rows[0]; i++)
        ot_cmr_figure_set_number(f, from_rows[i], n[from_rows[i]]);
    double identified = n[OT_FIG_SMELTERS_IDENTIFIED];
    ot_cmr_figure_set_number(f, OT_FIG_PERCENT_CONFORMANT,
                             identified > 0 ? n[OT_FIG_SMELTERS_CONFORMANT] * 100.0 / identified
                                            : 0);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_INCLUDED, (double)sum->suppliers_included);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_STRONG_PROGRAM,
                             (double)sum->suppliers_by_program[OT_PROGRAM_STRONG]);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_WEAK_PROGRAM,
                             (double)sum->suppliers_by_program[OT_PROGRAM_WEAK]);
    ot_cmr_figure_set_number(f, OT_FIG_SMELTER_ROWS, (double)sum->smelter_rows);
    /* counted from the rows the report prints, so the appendix's reasons add up to them */
    ot_cmr_figure_set_number(f, OT_FIG_SMELTERS_UNRESOLVED, n[OT_FIG_SMELTERS_UNRESOLVED]);
    ot_cmr_figure_set_number(f, OT_FIG_SMELTERS_REPORTED,
                             identified + n[OT_FIG_SMELTERS_UNRESOLVED]);
    ot_cmr_figure_set_text(f, OT_FIG_AS_OF_DATE, sum->as_of);
    ot_cmr_figure_set_text(f, OT_FIG_STATUS_LIST_DATE, sum->status_list_as_of);
    memcpy(f->inputs.as_of, sum->as_of, sizeof f->inputs.as_of);
    memcpy(f->inputs.status_list_as_of, sum->status_list_as_of, sizeof f->inputs.status_list_as_of);
    return OT_OK;
}
