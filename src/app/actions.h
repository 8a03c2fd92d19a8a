/* actions.h - use cases "actions list|add|close|reopen": the corrective actions of a
 * campaign (OECD step 3). Red flags and gaps in suppliers' answers propose actions
 * (risk/actions.h); a person accepts a proposal or writes an action, assigns an owner
 * and a due date, follows it and closes it with a note; every change is audited
 * (campaign/actions.h keeps them). Open actions asked of a supplier are listed in the
 * reminders it is sent. */
#ifndef OT_APP_ACTIONS_H
#define OT_APP_ACTIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "campaign/actions.h"
#include "app/campaign_select.h"
#include "util/arena.h"

/* One stored action with its history, owned by the result that holds it. */
typedef struct ot_action_event_item {
    const char *event, *on_date, *at, *actor, *note;
} ot_action_event_item;

typedef struct ot_action_item {
    ot_action_row row; /* strings owned by the result */
    bool overdue;      /* open and due before today */
    ot_action_event_item *history;
    size_t n_history;
} ot_action_item;

/* An action proposed by a red flag or a supplier gap and not accepted yet. */
typedef struct ot_action_proposal {
    const char *key;           /* stable: "KIND:SUPPLIER:SMELTER", "-" for none */
    const char *supplier_id;   /* NULL: an action of the company's own */
    const char *supplier_name; /* NULL likewise */
    const char *smelter_id;    /* NULL when it concerns no smelter */
    const char *smelter_name;  /* the reference list's name, NULL likewise */
    const char *kind;          /* ACT-... */
    const char *text;
    const char *answers;        /* the flag / gap codes behind it, comma-separated */
    const char *reason;         /* the first flag's reason or the gap, for a person */
    char due_date[OT_DATE_LEN]; /* today + the kind's default days */
} ot_action_proposal;

/* ---- actions list ------------------------------------------------------------------ */

typedef struct ot_actions_list_request {
    const char *campaign;    /* "2025", "2025/CMRT"; NULL: the most recent */
    const char *status;      /* "open", "closed", NULL: both */
    const char *supplier_id; /* one supplier's, NULL: all */
    bool proposed;           /* also the proposals not accepted yet */
    int32_t today;           /* for overdue and the proposals' due dates */
} ot_actions_list_request;

typedef struct ot_actions_list_result {
    ot_campaign_ref campaign;
    ot_action_item *actions;
    size_t n_actions;
    ot_action_proposal *proposals; /* only when asked for */
    size_t n_proposals;
    bool proposals_listed;
    ot_arena arena;
} ot_actions_list_result;

ot_code ot_app_actions_list(ot_app *app, const ot_actions_list_request *req,
                            ot_actions_list_result *res, ot_error *err);
/* An array: one object per action (type "action": id, campaign, supplier_id,
 * supplier_name, smelter_id, answers [codes], proposal_key, kind, text, owner, due_date,
 * status, overdue, created_on, created_by, closed_on, close_note, reopened, history
 * [{event, on_date, at, actor, note}]), then one per proposal (type "proposal": key,
 * campaign, supplier_id, supplier_name, smelter_id, smelter_name, kind, text, answers,
 * reason, due_date). */
json_t *ot_actions_list_result_to_json(const ot_actions_list_result *res);
void ot_actions_list_result_free(ot_actions_list_result *res);

/* ---- actions add, close, reopen ---------------------------------------------------- */

typedef struct ot_actions_add_request {
    const char *campaign;     /* "2025", "2025/CMRT"; NULL: the most recent */
    const char *proposal_key; /* accept this proposal; NULL: an action a person writes */
    /* for an action a person writes (a proposal brings its own): */
    const char *supplier_id; /* required */
    const char *kind;        /* an action kind, NULL: ACT-OTHER */
    const char *text;        /* NULL: the kind's text (required for ACT-OTHER) */
    const char *smelter_id;  /* may be NULL */
    /* for both: */
    const char *owner;    /* may be NULL */
    const char *due_date; /* NULL: today + the kind's default days */
    const char *note;     /* for the log, may be NULL */
    int32_t today;
    const char *actor; /* NULL: the operating-system user */
} ot_actions_add_request;

typedef struct ot_actions_change_request {
    int64_t id;
    const char *note;     /* close: required */
    const char *due_date; /* reopen: a new due date, NULL keeps it */
    int32_t today;
    const char *actor; /* NULL: the operating-system user */
} ot_actions_change_request;

/* The action as it is after the change. */
typedef struct ot_actions_one_result {
    ot_campaign_ref campaign; /* add: the campaign (id 0 for close and reopen) */
    ot_action_item action;
    ot_arena arena;
} ot_actions_one_result;

ot_code ot_app_actions_add(ot_app *app, const ot_actions_add_request *req,
                           ot_actions_one_result *res, ot_error *err);
ot_code ot_app_actions_close(ot_app *app, const ot_actions_change_request *req,
                             ot_actions_one_result *res, ot_error *err);
ot_code ot_app_actions_reopen(ot_app *app, const ot_actions_change_request *req,
                              ot_actions_one_result *res, ot_error *err);
/* One object: the action as in the list (type "action"). */
json_t *ot_actions_one_result_to_json(const ot_actions_one_result *res);
void ot_actions_one_result_free(ot_actions_one_result *res);

#endif
