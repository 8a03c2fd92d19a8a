/* figures_compute.c - ot_cmr_figures_compute (figures.h): the one place the report's
 * figures come from - the campaign, the roll-up as of a date, and the reference data's
 * sources for the evidence. */
#include <stdlib.h>
#include <string.h>

#include "refdata/refdata.h"
#include "report/figures_internal.h"
#include "report/rollup.h"
#include "store/workspace.h"

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static ot_code refdata_inputs(ot_workspace *ws, ot_cmr_inputs *in, ot_error *err)
{
    ot_refdata *rd = NULL;
    ot_code c = ot_refdata_load_db(ws->db, NULL, &rd, &in->refdata_from_snapshot, err);
    if (c != OT_OK) return c;
    size_t n = ot_refdata_source_count(rd);
    in->source_labels = calloc(n + 1, sizeof *in->source_labels);
    in->source_kinds = calloc(n + 1, sizeof *in->source_kinds);
    in->source_dates = calloc(n + 1, sizeof *in->source_dates);
    bool ok = in->source_labels && in->source_kinds && in->source_dates;
    for (size_t i = 0; ok && i < n; i++) {
        const ot_refdata_source *s = ot_refdata_source_at(rd, i);
        in->source_labels[i] = dup_or_empty(s->label);
        in->source_kinds[i] = dup_or_empty(s->kind);
        in->source_dates[i] = dup_or_empty(s->as_of);
        in->source_count = i + 1;
        ok = in->source_labels[i] && in->source_kinds[i] && in->source_dates[i];
    }
    ot_refdata_free(rd);
    return ok ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory");
}

ot_code ot_cmr_figures_compute(ot_workspace *ws, const char *campaign, const char *as_of,
                               ot_cmr_figures *out, ot_error *err)
{
    memset(out, 0, sizeof *out);
    ot_code rc = cmr_figures_from_selector(ws, campaign, out, err);
    if (rc != OT_OK) {
        ot_cmr_figures_free(out);
        return rc;
    }
    ot_rollup *r = NULL;
    if (rc == OT_OK) {
        ot_rollup_params p = {.campaign_id = out->inputs.campaign_id, .as_of = as_of};
        rc = ot_rollup_compute(ws, &p, &r, err);
    }
    if (rc == OT_OK) rc = cmr_figures_from_rollup(r, out, err);
    ot_rollup_free(r);
    if (rc == OT_OK) rc = refdata_inputs(ws, &out->inputs, err);
    if (rc != OT_OK) {
        ot_cmr_figures_free(out);
        return rc;
    }
    ot_cmr_figures_finish(out);
    return OT_OK;
}
