/* figures_campaign.c - the figures of the inquiry's design and results (figures.h), from
 * the campaign module: status counts as `campaign status` computes them, and per request
 * the supplier and submission behind each count, reminders and escalations sent. */
#include <stdio.h>
#include <string.h>

#include "campaign/campaign.h"
#include "report/figures_internal.h"
#include "store/workspace.h"

static bool is(const char *status, const char *name)
{
    return status && strcmp(status, name) == 0;
}

/* Files the request under every figure it counts in. */
static ot_code on_request(const ot_request_info *r, void *ctx, ot_error *err)
{
    ot_cmr_figures *f = ctx;
    const char *s = r->status;
    bool out = is(s, "out_of_scope"), not_contacted = is(s, "not_contacted");
    bool valid = is(s, "responded_valid") || is(s, "corrected");
    bool invalid = is(s, "responded_invalid"), declined = is(s, "declined");
    bool responded = valid || invalid || declined;
    struct {
        bool when;
        ot_figure_id id;
    } into[] = {
        {true, OT_FIG_SUPPLIERS_LISTED},
        {!out, OT_FIG_SUPPLIERS_IN_SCOPE},
        {out, OT_FIG_SUPPLIERS_OUT_OF_SCOPE},
        {!out && !not_contacted, OT_FIG_SUPPLIERS_SURVEYED},
        {not_contacted, OT_FIG_SUPPLIERS_NOT_CONTACTED},
        {r->reminders > 0, OT_FIG_REMINDERS_SENT},
        {r->escalations > 0, OT_FIG_ESCALATIONS_SENT},
        {r->escalations > 0, OT_FIG_SUPPLIERS_ESCALATED},
        {responded, OT_FIG_SUPPLIERS_RESPONDED},
        {responded, OT_FIG_RESPONSE_RATE},
        {valid, OT_FIG_SUPPLIERS_VALID},
        {invalid, OT_FIG_INVALID_OUTSTANDING},
        {declined, OT_FIG_SUPPLIERS_DECLINED},
        {!out && !not_contacted && !responded, OT_FIG_SUPPLIERS_NO_RESPONSE},
    };
    for (size_t i = 0; i < sizeof into / sizeof into[0]; i++)
        if (into[i].when &&
            !ot_cmr_figure_add_supplier(f, into[i].id, r->supplier_id, r->current_file))
            return ot_fail(err, OT_E_NOMEM, "out of memory");
    f->v[OT_FIG_REMINDERS_SENT].number += r->reminders;
    f->v[OT_FIG_ESCALATIONS_SENT].number += r->escalations;
    return OT_OK;
}

static void set_counts(ot_cmr_figures *f, const ot_status_counts *t)
{
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_LISTED, (double)t->suppliers);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_IN_SCOPE,
                             (double)(t->suppliers - t->out_of_scope));
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_OUT_OF_SCOPE, (double)t->out_of_scope);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_SURVEYED, (double)t->surveyed);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_NOT_CONTACTED, (double)t->not_contacted);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_ESCALATED, (double)t->escalated);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_RESPONDED, (double)t->responded);
    ot_cmr_figure_set_number(f, OT_FIG_RESPONSE_RATE, ot_response_rate(t));
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_VALID, (double)t->valid);
    ot_cmr_figure_set_number(f, OT_FIG_INVALID_OUTSTANDING, (double)t->invalid);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_DECLINED, (double)t->declined);
    ot_cmr_figure_set_number(f, OT_FIG_SUPPLIERS_NO_RESPONSE, (double)t->no_response);
}

/* "the vendor route, leaving out the vendor categories service and indirect and inactive
 * suppliers" - in words, without the configuration's numbers. */
static void scope_words(const ot_config *cfg, char *out, size_t size)
{
    ot_strbuf sb = {0};
    ot_sb_printf(&sb, "the %s route of the scoping", cfg->scope_route);
    for (size_t i = 0; i < cfg->exclude_category_count; i++)
        ot_sb_printf(&sb, "%s%s",
                     i == 0                                 ? ", leaving out the vendor categories "
                     : i + 1 == cfg->exclude_category_count ? " and "
                                                            : ", ",
                     cfg->exclude_categories[i]);
    if (cfg->exclude_inactive)
        ot_sb_puts(&sb, cfg->exclude_category_count ? " and inactive suppliers"
                                                    : ", leaving out inactive suppliers");
    snprintf(out, size, "%s", ot_sb_str(&sb));
    ot_sb_free(&sb);
}

ot_code cmr_figures_from_campaign(ot_workspace *ws, const ot_campaign_info *c, ot_cmr_figures *f,
                                  ot_error *err)
{
    char period[64];
    snprintf(period, sizeof period, "January 1 to December 31, %d", c->year);
    ot_cmr_figure_set_number(f, OT_FIG_REPORTING_YEAR, c->year);
    ot_cmr_figure_set_text(f, OT_FIG_REPORTING_PERIOD, period);
    ot_cmr_figure_set_text(f, OT_FIG_TEMPLATE, c->template_name);
    ot_cmr_figure_set_text(f, OT_FIG_DUE_DATE, c->due_date);
    ot_cmr_figure_set_text(f, OT_FIG_COMPANY_NAME, ws->config.filer_name);
    char words[sizeof f->v[0].text];
    scope_words(&ws->config, words, sizeof words);
    ot_cmr_figure_set_text(f, OT_FIG_SCOPE_ROUTE, words);
    ot_cmr_figure_set_number(f, OT_FIG_REMINDERS_SENT, 0);
    ot_cmr_figure_set_number(f, OT_FIG_ESCALATIONS_SENT, 0);
    ot_code rc = ot_campaign_requests_each(ws, c, NULL, on_request, f, err);
    if (rc != OT_OK) return rc;
    ot_campaign_status st;
    rc = ot_campaign_status_get(ws, c, &st, err);
    if (rc != OT_OK) return rc;
    set_counts(f, &st.total);
    ot_campaign_status_free(&st);
    return OT_OK;
}

ot_code cmr_figures_from_campaign_year(ot_workspace *ws, int year, ot_cmr_figures *f, ot_error *err)
{
    ot_campaign_info c;
    ot_code rc = ot_campaign_get(ws, year, &c, err);
    if (rc != OT_OK) return rc;
    f->inputs.campaign_id = c.id;
    f->inputs.year = c.year;
    return cmr_figures_from_campaign(ws, &c, f, err);
}
