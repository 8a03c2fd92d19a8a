/* followup.h - the follow-up schedule of a request: reminders, then escalation steps.
 *
 * Days count from the request date (config reminder_days = 14, 28, 42 and escalation =
 * buyer:49, senior_officer:63). Escalations come after the last reminder. A run of
 * `campaign remind --due` generates, per open request, the next step not yet generated
 * when its day has come: one step per supplier per run, so a run that was missed for a
 * while catches up one step at a time instead of sending three reminders at once, and
 * running twice on the same day generates nothing twice. */
#ifndef OT_FOLLOWUP_H
#define OT_FOLLOWUP_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define OT_FOLLOWUP_MAX 24

typedef enum { OT_FOLLOWUP_REMINDER = 1, OT_FOLLOWUP_ESCALATION = 2 } ot_followup_kind;

typedef struct ot_followup_step {
    int number; /* 1.. in schedule order (0 is the request itself) */
    ot_followup_kind kind;
    int kind_number; /* reminder 1, 2, 3 / escalation 1, 2 */
    char role[48];   /* escalation role ("buyer"), "" for reminders */
    int day;         /* days after the request */
} ot_followup_step;

typedef struct ot_followup_plan {
    size_t count;
    ot_followup_step steps[OT_FOLLOWUP_MAX];
} ot_followup_plan;

/* Builds the plan. Days must increase and escalations come after the last reminder. */
ot_code ot_followup_plan_make(const int *reminder_days, size_t n_reminders,
                              const char *const *escalation_roles, const int *escalation_days,
                              size_t n_escalations, ot_followup_plan *plan, ot_error *err);

/* The step to generate now for a request sent on request_day (a day number) of which
 * `done` follow-ups were generated already, or NULL when none is due by `today`. */
const ot_followup_step *ot_followup_due(const ot_followup_plan *plan, int32_t request_day,
                                        size_t done, int32_t today);

/* "reminder-2", "escalation-1-buyer" (file names, step labels) into out[64]. */
void ot_followup_label(const ot_followup_step *s, char out[64]);

#endif
