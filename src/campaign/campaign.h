/* campaign.h - one year's survey of the in-scope suppliers: requests written to the
 * outbox as .eml files, reminders and escalations on a schedule, the status of every
 * supplier, and the figures a Conflict Minerals Report quotes.
 *
 * A campaign has a request row per supplier (created when the campaign is created and
 * kept in step with the scope on every send) carrying the supplier's upload token and
 * status: not_contacted, requested, reminded, escalated, responded_valid,
 * responded_invalid, corrected, declined (declined to answer, or declared no 3TG),
 * out_of_scope. Every status change is logged with its date (request_status_log) and
 * audited. Every message is written to DIR/outbox/<year>/<supplier>-<step>.eml before
 * its row is committed (durably), so a crash can at worst rewrite a file, never record
 * a message that does not exist; (request, step) is unique, so nothing is generated
 * twice. */
#ifndef OT_CAMPAIGN_H
#define OT_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/workspace.h"
#include "util/date.h"

typedef struct ot_campaign_info {
    int64_t id;
    int year;
    char template_name[32]; /* "CMRT 6.5" */
    char due_date[OT_DATE_LEN];
    char created_at[32];
} ot_campaign_info;

/* "CMRT-6.5", "cmrt 6.5" -> "CMRT 6.5"; false when not FAMILY-VERSION of a known family
 * (CMRT, EMRT, CRT, AMRT). */
bool ot_campaign_template_parse(const char *s, char out[32]);

/* Creates the campaign for a reporting year; year 0 = the config's reporting_year (by
 * default the last calendar year). due_date NULL: today + the config's response_days.
 * OT_E_CONFLICT when the year has a campaign already. */
ot_code ot_campaign_create(ot_workspace *ws, int year, const char *template_name,
                           const char *due_date, const char *actor, int32_t today,
                           ot_campaign_info *out, ot_error *err);
/* The campaign of a year; year 0 = the most recent. OT_E_NOT_FOUND when none. */
ot_code ot_campaign_get(ot_workspace *ws, int year, ot_campaign_info *out, ot_error *err);

typedef struct ot_send_problem {
    char supplier_id[64];
    char message[256];
} ot_send_problem;

typedef struct ot_send_report {
    size_t written;    /* .eml files written (and recorded) */
    size_t delivered;  /* of which sent by SMTP */
    size_t no_contact; /* in scope but no contact e-mail: not sent */
    size_t not_sent;   /* data that cannot go into an e-mail (a contact name with a line
                        * break): skipped and listed in problems; the rest is sent */
    size_t responded;  /* remind: skipped because answered */
    size_t not_due;    /* remind: open requests with nothing due today */
    size_t finished;   /* remind: schedule exhausted */
    ot_send_problem *problems;
    size_t n_problems;
} ot_send_report;
void ot_send_report_free(ot_send_report *r);

/* Brings the request rows in step with the current scope, then writes the request for
 * every in-scope supplier not contacted yet. A supplier whose own data cannot go into an
 * e-mail (a contact name with a line break) is skipped, counted in rep->not_sent and
 * named in rep->problems; it stays not_contacted and the others are written. remind
 * does the same. Only what stops every message (database, templates, disk) is an
 * error. */
ot_code ot_campaign_send(ot_workspace *ws, const ot_campaign_info *c, const char *actor,
                         int32_t today, ot_send_report *rep, ot_error *err);

/* Writes the follow-up steps due by `today` (see followup.h); idempotent. */
ot_code ot_campaign_remind(ot_workspace *ws, const ot_campaign_info *c, const char *actor,
                           int32_t today, ot_send_report *rep, ot_error *err);

/* Sets a supplier's status by hand (e.g. declined), with a note; audited. */
ot_code ot_campaign_set_status(ot_workspace *ws, const ot_campaign_info *c, const char *supplier_id,
                               const char *status, const char *note, const char *actor,
                               int32_t today, ot_error *err);
/* True for a status name listed above. */
bool ot_request_status_valid(const char *status);

/* One supplier's request in a campaign. */
typedef struct ot_request_info {
    const char *supplier_id, *name, *category;
    const char *status, *status_date; /* status and the day it was set */
    const char *requested_on;         /* NULL until the request was written */
    int reminders, escalations;
    const char *token;
    int64_t current_file; /* newest linked file (submission id), 0 = none */
    int64_t files;        /* files linked to this request */
} ot_request_info;

typedef ot_code (*ot_request_fn)(const ot_request_info *r, void *ctx, ot_error *err);
/* Every request of the campaign, by supplier_id; only those in `status` when not NULL. */
ot_code ot_campaign_requests_each(ot_workspace *ws, const ot_campaign_info *c, const char *status,
                                  ot_request_fn fn, void *ctx, ot_error *err);

typedef struct ot_status_counts {
    int64_t suppliers; /* request rows (in and out of scope) */
    int64_t out_of_scope, not_contacted;
    int64_t surveyed;  /* contacted at least once */
    int64_t responded; /* valid + invalid + corrected + declined */
    int64_t valid;     /* responded_valid + corrected */
    int64_t invalid;   /* responded_invalid: outstanding corrections */
    int64_t declined;
    int64_t no_response;  /* surveyed, not responded */
    int64_t escalated;    /* escalated at least once */
    int64_t by_status[9]; /* indexed like ot_request_status_names */
} ot_status_counts;

extern const char *const ot_request_status_names[9];

typedef struct ot_category_counts {
    char category[64];
    ot_status_counts c;
} ot_category_counts;

typedef struct ot_campaign_status {
    ot_status_counts total;
    ot_category_counts *by_category; /* malloc'd */
    size_t n_categories;
    struct {
        int64_t received, valid, invalid, unreadable, unlinked, superseded;
    } submissions;
} ot_campaign_status;

/* Aggregates over indexed columns only (fast on 10,000 submissions). */
ot_code ot_campaign_status_get(ot_workspace *ws, const ot_campaign_info *c, ot_campaign_status *out,
                               ot_error *err);
void ot_campaign_status_free(ot_campaign_status *s);

/* Response rate in percent (0 when nobody was surveyed). */
double ot_response_rate(const ot_status_counts *c);

#endif
