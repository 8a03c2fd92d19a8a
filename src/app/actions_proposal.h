/* actions_proposal.h - a corrective action proposed and not accepted yet, as the
 * actions use cases hand it out (app/actions.h). A header of its own, without the
 * campaign module's, so the code computing proposals from the roll-up (risk.h) can use it:
 * campaign.h and risk.h cannot be included together (both name ot_response_rate). */
#ifndef OT_APP_ACTIONS_PROPOSAL_H
#define OT_APP_ACTIONS_PROPOSAL_H

#include "util/date.h"

/* An action proposed by a red flag or a supplier gap and not accepted yet. */
typedef struct ot_action_proposal {
    const char *key;           /* stable: "KIND|SUPPLIER|SMELTER" (see actions_propose.c) */
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

#endif
