/* figures_campaign.c - the figures of the inquiry's design and results (figures.h), from
 * the campaign module: status counts as `campaign status` computes them, and per request
 * the supplier and submission behind each count, reminders and escalations sent. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/campaign.h"
#include "report/figures_internal.h"
#include "store/workspace.h"

static bool is(const char *status, const char *name)
{
    return status && strcmp(status, name) == 0;
}

/* Files the request under every figure it counts in (the supplier and submission IDs
 * behind each count, for evidence). The counts themselves are the campaign module's
 * (set_counts), so `campaign status` and the report cannot disagree. */
static ot_code on_request(const ot_request_info *r, void *ctx, ot_error *err)
{
    ot_cmr_figures *f = ctx;
    const char *s = r->status;
    bool out = is(s, "out_of_scope"), surveyed = !out && r->requested_on;
    bool valid = is(s, "responded_valid") || is(s, "corrected");
    bool invalid = is(s, "responded_invalid"), outdated = is(s, "responded_outdated");
    bool declined = is(s, "declined");
    bool responded = valid || invalid || outdated || declined;
    struct {
        bool when;
        ot_figure_id id;
    } into[] = {
        {true, OT_FIG_SUPPLIERS_LISTED},
        {!out, OT_FIG_SUPPLIERS_IN_SCOPE},
        {out, OT_FIG_SUPPLIERS_OUT_OF_SCOPE},
        {surveyed, OT_FIG_SUPPLIERS_SURVEYED},
        {!out && !surveyed, OT_FIG_SUPPLIERS_NOT_CONTACTED},
        {r->reminders > 0, OT_FIG_REMINDERS_SENT},
        {r->escalations > 0, OT_FIG_ESCALATIONS_SENT},
        {r->escalations > 0, OT_FIG_SUPPLIERS_ESCALATED},
        {r->corrections > 0, OT_FIG_CORRECTIONS_SENT},
        {surveyed && responded, OT_FIG_SUPPLIERS_RESPONDED},
        {surveyed && responded, OT_FIG_RESPONSE_RATE},
        {valid, OT_FIG_SUPPLIERS_VALID},
        {invalid, OT_FIG_INVALID_OUTSTANDING},
        {declined, OT_FIG_SUPPLIERS_DECLINED},
        {valid && r->no_3tg, OT_FIG_SUPPLIERS_NO_3TG},
        {outdated, OT_FIG_OUTDATED_OUTSTANDING},
        {is(s, "non_responsive"), OT_FIG_SUPPLIERS_NON_RESPONSIVE},
        {surveyed && !responded, OT_FIG_SUPPLIERS_NO_RESPONSE},
    };
    for (size_t i = 0; i < sizeof into / sizeof into[0]; i++)
        if (into[i].when &&
            !ot_cmr_figure_add_supplier(f, into[i].id, r->supplier_id, r->current_file))
            return ot_fail(err, OT_E_NOMEM, "out of memory");
    return OT_OK;
}

static void set_counts(ot_cmr_figures *f, const ot_status_counts *t)
{
    static const struct {
        ot_figure_id id;
        size_t offset;
    } counts[] = {
        {OT_FIG_SUPPLIERS_LISTED, offsetof(ot_status_counts, suppliers)},
        {OT_FIG_SUPPLIERS_IN_SCOPE, offsetof(ot_status_counts, suppliers_in_scope)},
        {OT_FIG_SUPPLIERS_OUT_OF_SCOPE, offsetof(ot_status_counts, out_of_scope)},
        {OT_FIG_SUPPLIERS_SURVEYED, offsetof(ot_status_counts, surveyed)},
        {OT_FIG_SUPPLIERS_NOT_CONTACTED, offsetof(ot_status_counts, not_contacted)},
        {OT_FIG_REMINDERS_SENT, offsetof(ot_status_counts, reminders_sent)},
        {OT_FIG_ESCALATIONS_SENT, offsetof(ot_status_counts, escalations_sent)},
        {OT_FIG_SUPPLIERS_ESCALATED, offsetof(ot_status_counts, escalated)},
        {OT_FIG_CORRECTIONS_SENT, offsetof(ot_status_counts, corrections_sent)},
        {OT_FIG_SUPPLIERS_RESPONDED, offsetof(ot_status_counts, responded_surveyed)},
        {OT_FIG_SUPPLIERS_VALID, offsetof(ot_status_counts, valid)},
        {OT_FIG_INVALID_OUTSTANDING, offsetof(ot_status_counts, invalid)},
        {OT_FIG_SUPPLIERS_DECLINED, offsetof(ot_status_counts, declined)},
        {OT_FIG_SUPPLIERS_NO_3TG, offsetof(ot_status_counts, no_3tg)},
        {OT_FIG_OUTDATED_OUTSTANDING, offsetof(ot_status_counts, outdated)},
        {OT_FIG_SUPPLIERS_NON_RESPONSIVE, offsetof(ot_status_counts, non_responsive)},
        {OT_FIG_SUPPLIERS_NO_RESPONSE, offsetof(ot_status_counts, no_response)},
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        int64_t v;
        memcpy(&v, (const char *)t + counts[i].offset, sizeof v);
        ot_cmr_figure_set_number(f, counts[i].id, (double)v);
    }
    ot_cmr_figure_set_number(f, OT_FIG_RESPONSE_RATE, ot_campaign_response_rate(t));
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
    ot_code rc = ot_campaign_requests_each(ws, c, NULL, on_request, f, err);
    if (rc != OT_OK) return rc;
    ot_campaign_status st;
    rc = ot_campaign_status_get(ws, c, &st, err);
    if (rc != OT_OK) return rc;
    set_counts(f, &st.total);
    ot_campaign_status_free(&st);
    return OT_OK;
}

/* The Form SD reports on 3TG: a bare year (or nothing) means that year's (or the most
 * recent year's) CMRT campaign when it has one, else what the selector names. */
ot_code ot_cmr_find_campaign(ot_workspace *ws, const char *selector, ot_campaign_info *c,
                             ot_error *err)
{
    if (selector && strchr(selector, '/')) return ot_campaign_find(ws, selector, c, err);
    ot_code rc = ot_campaign_find_year(ws, selector, c, err);
    if (rc != OT_OK) return rc;
    ot_campaign_info cmrt;
    if (ot_campaign_get_family(ws, c->year, "CMRT", &cmrt, NULL) == OT_OK) *c = cmrt;
    return OT_OK;
}

ot_code cmr_figures_from_selector(ot_workspace *ws, const char *selector, ot_cmr_figures *f,
                                  ot_error *err)
{
    ot_campaign_info c;
    ot_code rc = ot_cmr_find_campaign(ws, selector, &c, err);
    if (rc != OT_OK) return rc;
    f->inputs.campaign_id = c.id;
    f->inputs.year = c.year;
    snprintf(f->inputs.campaign, sizeof f->inputs.campaign, "%d/%s", c.year, c.family);
    rc = cmr_figures_from_campaign(ws, &c, f, err);
    if (rc == OT_OK) rc = cmr_timeline_from_campaign(ws, c.id, &f->timeline, err);
    return rc;
}

/* ---- the response timeline (the chart of the inquiry's results) ------------------- */

typedef struct events {
    size_t n, cap;
    char (*req)[OT_DATE_LEN], (*ans)[OT_DATE_LEN], (*val)[OT_DATE_LEN]; /* "" = never */
} events;

static bool events_push(events *e, const char *req, const char *ans, const char *val)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        void *a = realloc(e->req, cap * OT_DATE_LEN), *b = realloc(e->ans, cap * OT_DATE_LEN);
        void *c = realloc(e->val, cap * OT_DATE_LEN);
        if (a) e->req = a;
        if (b) e->ans = b;
        if (c) e->val = c;
        if (!a || !b || !c) return false;
        e->cap = cap;
    }
    snprintf(e->req[e->n], OT_DATE_LEN, "%s", req ? req : "");
    snprintf(e->ans[e->n], OT_DATE_LEN, "%s", ans ? ans : "");
    snprintf(e->val[e->n], OT_DATE_LEN, "%s", val ? val : "");
    e->n++;
    return true;
}

static int cmp_date(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Cumulative counts on every distinct date an event happened. */
static ot_code timeline_build(const events *e, ot_cmr_timeline *t, ot_error *err)
{
    char(*dates)[OT_DATE_LEN] = malloc((3 * e->n + 1) * OT_DATE_LEN);
    if (!dates) return ot_fail(err, OT_E_NOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < e->n; i++) {
        const char *d3[] = {e->req[i], e->ans[i], e->val[i]};
        for (int k = 0; k < 3; k++)
            if (*d3[k]) memcpy(dates[n++], d3[k], OT_DATE_LEN);
    }
    qsort(dates, n, OT_DATE_LEN, cmp_date);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || strcmp(dates[u - 1], dates[i]) != 0) memmove(dates[u++], dates[i], OT_DATE_LEN);
    t->dates = dates;
    t->requested = calloc(u + 1, sizeof(double));
    t->answered = calloc(u + 1, sizeof(double));
    t->valid = calloc(u + 1, sizeof(double));
    if (!t->requested || !t->answered || !t->valid)
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    t->count = u;
    for (size_t d = 0; d < u; d++)
        for (size_t i = 0; i < e->n; i++) {
            t->requested[d] += *e->req[i] && strcmp(e->req[i], dates[d]) <= 0;
            t->answered[d] += *e->ans[i] && strcmp(e->ans[i], dates[d]) <= 0;
            t->valid[d] += *e->val[i] && strcmp(e->val[i], dates[d]) <= 0;
        }
    return OT_OK;
}

ot_code cmr_timeline_from_campaign(ot_workspace *ws, int64_t campaign_id, ot_cmr_timeline *t,
                                   ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db,
        "SELECT r.requested_on, "
        "(SELECT MIN(l.on_date) FROM request_status_log l WHERE l.request_id = r.id AND "
        " l.status IN ('responded_valid', 'responded_invalid', 'responded_outdated', "
        " 'corrected', 'declined')), "
        "(SELECT MIN(l.on_date) FROM request_status_log l WHERE l.request_id = r.id AND "
        " l.status IN ('responded_valid', 'corrected')) "
        "FROM request r WHERE r.campaign_id = ? AND r.status <> 'out_of_scope'",
        &st, err);
    if (rc != OT_OK) return rc;
    events e = {0};
    rc = ot_stmt_bind_int(st, 1, campaign_id, err);
    ot_step s = OT_STEP_DONE;
    while (rc == OT_OK && (s = ot_stmt_step(st, err)) == OT_STEP_ROW)
        if (!events_push(&e, ot_stmt_text(st, 0), ot_stmt_text(st, 1), ot_stmt_text(st, 2)))
            rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    if (rc == OT_OK && s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    if (rc == OT_OK) rc = timeline_build(&e, t, err);
    free(e.req);
    free(e.ans);
    free(e.val);
    return rc;
}
