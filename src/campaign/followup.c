/* followup.c - reminder and escalation schedule (see followup.h). */
#include "followup.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

ot_code ot_followup_plan_make(const int *reminder_days, size_t n_reminders,
                              const char *const *escalation_roles, const int *escalation_days,
                              size_t n_escalations, ot_followup_plan *plan, ot_error *err)
{
    memset(plan, 0, sizeof *plan);
    if (n_reminders + n_escalations > OT_FOLLOWUP_MAX)
        return ot_fail(err, OT_E_INVALID, "more than %d follow-up steps", OT_FOLLOWUP_MAX);
    int last = 0;
    for (size_t i = 0; i < n_reminders + n_escalations; i++) {
        bool reminder = i < n_reminders;
        ot_followup_step *s = &plan->steps[i];
        s->number = (int)i + 1;
        s->kind = reminder ? OT_FOLLOWUP_REMINDER : OT_FOLLOWUP_ESCALATION;
        s->kind_number = reminder ? (int)i + 1 : (int)(i - n_reminders) + 1;
        s->day = reminder ? reminder_days[i] : escalation_days[i - n_reminders];
        if (!reminder) snprintf(s->role, sizeof s->role, "%s", escalation_roles[i - n_reminders]);
        if (s->day <= last)
            return ot_fail(err, OT_E_INVALID,
                           "follow-up days must increase, escalations after the last reminder "
                           "(day %d comes after day %d)",
                           s->day, last);
        last = s->day;
    }
    plan->count = n_reminders + n_escalations;
    return OT_OK;
}

const ot_followup_step *ot_followup_due(const ot_followup_plan *plan, int32_t request_day,
                                        size_t done, int32_t today)
{
    if (done >= plan->count) return NULL;
    const ot_followup_step *s = &plan->steps[done];
    return request_day + s->day <= today ? s : NULL;
}

void ot_followup_label(const ot_followup_step *s, char out[64])
{
    if (s->kind == OT_FOLLOWUP_REMINDER)
        snprintf(out, 64, "reminder-%d", s->kind_number);
    else
        snprintf(out, 64, "escalation-%d-%s", s->kind_number, s->role);
    for (char *p = out; *p; p++) /* a label becomes a file name: keep it plain */
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-'))
            *p = '_';
}
