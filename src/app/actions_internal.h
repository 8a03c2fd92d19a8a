/* actions_internal.h - inside the application layer: the corrective-action proposals
 * (actions_propose.c), computed from the campaign's roll-up, and the action kinds, for
 * the actions use cases (actions.c). */
#ifndef OT_APP_ACTIONS_INTERNAL_H
#define OT_APP_ACTIONS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/actions.h"

/* The proposals of the campaign not accepted yet (only supplier_id's when it is not
 * NULL), strings in arena; *out malloc'd. */
ot_code ot_app_action_proposals(ot_app *app, int64_t campaign_id, const char *supplier_id,
                                int32_t today, ot_arena *arena, ot_action_proposal **out, size_t *n,
                                ot_error *err);
/* The proposal with this key, accepted or not; OT_E_NOT_FOUND when the campaign's figures
 * propose no such action (any more). */
ot_code ot_app_action_proposal_find(ot_app *app, int64_t campaign_id, const char *key,
                                    int32_t today, ot_arena *arena, ot_action_proposal *out,
                                    ot_error *err);

/* An action kind (risk/actions.h) by code, any case: its code as the table spells it,
 * its text and its default days until due. False when unknown; NULL code: the kind of
 * an action a person writes. */
bool ot_app_action_kind(const char *code, const char **canonical, const char **text,
                        unsigned *due_days);

#endif
