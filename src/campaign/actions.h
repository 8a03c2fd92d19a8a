/* actions.h - the corrective actions of a campaign, as stored (migration 012): what the
 * company asks of a supplier, or does itself, in answer to a red flag or a gap in the
 * supplier's answer (risk/actions.h proposes them), with an owner, a due date and a
 * status. Every change (opened, closed, reopened) is one corrective_action_log row and
 * one audit entry in the same transaction. The kinds and texts are the caller's (the
 * application layer checks the kind against the table); this module keeps the records. */
#ifndef OT_CAMPAIGN_ACTIONS_H
#define OT_CAMPAIGN_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/workspace.h"
#include "util/date.h"
#include "util/strbuf.h"

/* A new action. Strings are copied. */
typedef struct ot_action_new {
    int64_t campaign_id;
    const char *supplier_id;  /* the vendor list's supplier_id; NULL: the company's own */
    const char *smelter_id;   /* the smelter it concerns, NULL when none */
    const char *answers;      /* flag / gap codes it answers, comma-separated; NULL = "" */
    const char *proposal_key; /* the proposal accepted; NULL: written by a person */
    const char *kind, *text;  /* required */
    const char *owner;        /* may be NULL */
    const char *due_date;     /* YYYY-MM-DD, may be NULL */
    const char *note;         /* why, for the log; may be NULL */
} ot_action_new;

/* Stores an open action; *id (may be NULL) receives its number. OT_E_NOT_FOUND for a
 * supplier not in the vendor list; OT_E_CONFLICT when the proposal was accepted already;
 * OT_E_USAGE for a malformed due date or a missing kind or text. */
ot_code ot_action_add(ot_workspace *ws, const ot_action_new *a, const char *actor, int32_t today,
                      int64_t *id, ot_error *err);

/* Closes an open action with a note (required: what was done). OT_E_NOT_FOUND for no
 * such action, OT_E_CONFLICT when it is closed already. */
ot_code ot_action_close(ot_workspace *ws, int64_t id, const char *note, const char *actor,
                        int32_t today, ot_error *err);
/* Reopens a closed action (note: why, may be NULL; due_date: a new due date, NULL keeps
 * the old one). OT_E_CONFLICT when it is open. */
ot_code ot_action_reopen(ot_workspace *ws, int64_t id, const char *note, const char *due_date,
                         const char *actor, int32_t today, ot_error *err);

/* One stored action. Strings live for the callback only. */
typedef struct ot_action_row {
    int64_t id, campaign_id;
    int campaign_year;
    const char *supplier_id;   /* NULL: the company's own */
    const char *supplier_name; /* NULL likewise */
    const char *smelter_id;    /* NULL when none */
    const char *answers;       /* "" for an action a person wrote */
    const char *proposal_key;  /* NULL likewise */
    const char *kind, *text, *owner, *due_date;
    const char *status; /* "open", "closed" */
    const char *created_on, *created_by;
    const char *closed_on, *close_note; /* of the last closing; NULL while open */
    int64_t reopened;                   /* times reopened */
} ot_action_row;

/* Which actions: 0 / NULL fields match anything. */
typedef struct ot_action_filter {
    int64_t id;
    int64_t campaign_id;
    const char *status;      /* "open", "closed" */
    const char *supplier_id; /* one supplier's (the vendor list's supplier_id) */
} ot_action_filter;

typedef ot_code (*ot_action_fn)(const ot_action_row *row, void *ctx, ot_error *err);
/* The matching actions, by id. */
ot_code ot_actions_each(ot_workspace *ws, const ot_action_filter *f, ot_action_fn fn, void *ctx,
                        ot_error *err);

/* One entry of an action's history, oldest first. */
typedef struct ot_action_event {
    const char *event; /* "opened", "closed", "reopened" */
    const char *on_date, *at, *actor, *note;
} ot_action_event;
typedef ot_code (*ot_action_event_fn)(const ot_action_event *e, void *ctx, ot_error *err);
ot_code ot_action_history(ot_workspace *ws, int64_t id, ot_action_event_fn fn, void *ctx,
                          ot_error *err);

/* The open actions asked of a supplier in a campaign, as its letters list them: "" when
 * there are none, else a blank line, a heading line and one line per action (due date,
 * text, smelter), without a final line break. Appended to out. */
ot_code ot_actions_letter_text(ot_workspace *ws, int64_t campaign_id, const char *supplier_id,
                               ot_strbuf *out, ot_error *err);

#endif
