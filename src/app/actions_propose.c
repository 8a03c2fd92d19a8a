/* actions_propose.c - the corrective-action proposals of a campaign and the action kinds
 * (risk/actions.h) for the actions use cases. The proposals are computed from the
 * roll-up (report/rollup.h), which is not in this tree yet: until it is, no proposal can
 * be computed and asking for them says so. */
#include "app/actions_internal.h"

#include "risk/actions.h"

ot_code ot_app_action_proposals(ot_app *app, int64_t campaign_id, const char *supplier_id,
                                int32_t today, ot_arena *arena, ot_action_proposal **out, size_t *n,
                                ot_error *err)
{
    (void)app, (void)campaign_id, (void)supplier_id, (void)today, (void)arena;
    *out = NULL;
    *n = 0;
    return ot_fail(err, OT_E_CONFLICT, "proposals need the campaign roll-up, not built yet");
}

ot_code ot_app_action_proposal_find(ot_app *app, int64_t campaign_id, const char *key,
                                    int32_t today, ot_arena *arena, ot_action_proposal *out,
                                    ot_error *err)
{
    (void)app, (void)campaign_id, (void)today, (void)arena, (void)out;
    return ot_fail(err, OT_E_CONFLICT, "no proposal %s: proposals need the campaign roll-up", key);
}

bool ot_app_action_kind(const char *code, const char **canonical, const char **text,
                        unsigned *due_days)
{
    const ot_action_kind *k = ot_action_kind_find(code ? code : OT_ACTION_FREE);
    if (!k) return false;
    if (canonical) *canonical = k->code;
    if (text) *text = k->text;
    if (due_days) *due_days = k->due_days;
    return true;
}
