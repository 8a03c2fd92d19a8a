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
    char family[8];         /* "CMRT", "EMRT", "CRT", "AMRT" */
    char template_name[32]; /* "CMRT 6.5" */
    char due_date[OT_DATE_LEN];
    char created_at[32];
} ot_campaign_info;

/* Codes of the campaign findings: a file read and kept, but no current answer to the
 * campaign (it counts as outstanding until a current one arrives). */
#define OT_CAMPAIGN_DATE_BEFORE_PERIOD "CAMPAIGN-DATE-BEFORE-PERIOD"
#define OT_CAMPAIGN_VERSION_OLDER "CAMPAIGN-VERSION-OLDER"

/* A finding a supplier acts on: from validation (the finding table) or about the file as
 * an answer to its campaign (campaign_finding; severity "campaign"). */
typedef struct ot_file_finding {
    const char *code, *severity, *sheet, *cell, *message, *fix; /* sheet, cell, fix may be NULL */
} ot_file_finding;

enum {
    OT_FINDINGS_ERRORS = 1,   /* validation errors */
    OT_FINDINGS_WARNINGS = 2, /* validation warnings */
    OT_FINDINGS_CAMPAIGN = 4, /* campaign findings */
};
typedef ot_code (*ot_file_finding_fn)(const ot_file_finding *f, void *ctx, ot_error *err);
/* The file's findings of the kinds asked (OT_FINDINGS_* bits): validation findings by
 * sheet and cell, then campaign findings. */
ot_code ot_campaign_file_findings_each(ot_db *db, int64_t submission_id, unsigned kinds,
                                       ot_file_finding_fn fn, void *ctx, ot_error *err);

/* "CMRT-6.5", "cmrt 6.5" -> "CMRT 6.5"; false when not FAMILY-VERSION of a known family
 * (CMRT, EMRT, CRT, AMRT). Says nothing about whether the version exists. */
bool ot_campaign_template_parse(const char *s, char out[32]);

/* Creates the campaign of a reporting year and template family; year 0 = the config's
 * reporting_year (by default the last calendar year). due_date NULL: today + the config's
 * response_days. OT_E_USAGE for a template version no layout knows (the message lists the
 * family's versions); OT_E_CONFLICT when the year has a campaign of that family already. */
ot_code ot_campaign_create(ot_workspace *ws, int year, const char *template_name,
                           const char *due_date, const char *actor, int32_t today,
                           ot_campaign_info *out, ot_error *err);

/* THE way to name a campaign. selector: "2025/CMRT" (family in any case), "2025" (the
 * year's campaign while it has exactly one; otherwise OT_E_USAGE naming the choices), or
 * NULL / "" (the most recent: the highest year, its latest created campaign).
 * OT_E_NOT_FOUND when there is no such campaign, OT_E_USAGE for a malformed selector. */
ot_code ot_campaign_find(ot_workspace *ws, const char *selector, ot_campaign_info *out,
                         ot_error *err);
/* As ot_campaign_find, but a bare "YEAR" (or nothing) names the year even when it has
 * several campaigns (out: its first created): for ingest, which sends each file to its
 * year's campaign of the file's family. */
ot_code ot_campaign_find_year(ot_workspace *ws, const char *selector, ot_campaign_info *out,
                              ot_error *err);
/* The campaign of a year (0 = the most recent), as ot_campaign_find("YEAR"). */
ot_code ot_campaign_get(ot_workspace *ws, int year, ot_campaign_info *out, ot_error *err);
/* The campaign of a year and family ("EMRT"); OT_E_NOT_FOUND when none. */
ot_code ot_campaign_get_family(ot_workspace *ws, int year, const char *family,
                               ot_campaign_info *out, ot_error *err);

/* A campaign with its counts, for `campaign list`. */
typedef struct ot_campaign_summary {
    ot_campaign_info c;
    int64_t suppliers_in_scope, surveyed, files;
} ot_campaign_summary;
/* Every campaign, by year then family; *out malloc'd (free()). */
ot_code ot_campaign_list(ot_workspace *ws, ot_campaign_summary **out, size_t *n, ot_error *err);

typedef struct ot_send_problem {
    char supplier_id[64];
    char message[256];
} ot_send_problem;

typedef struct ot_send_report {
    size_t written;     /* .eml files written (and recorded) */
    size_t delivered;   /* of which sent by SMTP */
    size_t no_contact;  /* in scope but no contact e-mail: not sent */
    size_t not_sent;    /* data that cannot go into an e-mail (a contact name with a line
                         * break): skipped and listed in problems; the rest is sent */
    size_t corrections; /* of written: correction requests (a current file that cannot be
                         * used: its findings, the token and a new due date) */
    size_t responded;   /* remind: skipped because answered (valid, declined, non-responsive) */
    size_t not_due;     /* remind: open requests with nothing due today */
    size_t finished;    /* remind: schedule exhausted */
    ot_send_problem *problems;
    size_t n_problems;
} ot_send_report;
void ot_send_report_free(ot_send_report *r);

/* Brings the request rows in step with the current scope, then writes the request for
 * every in-scope supplier not contacted yet. A supplier whose own data cannot go into an
 * e-mail (a contact name with a line break) is skipped, counted in rep->not_sent and
 * named in rep->problems; it stays not_contacted and the others are written. Then writes
 * a correction request (.eml, WORKSPACE/outbox/<year>/<supplier>-correction-N.eml) to
 * every supplier whose current file is invalid, unreadable or outdated and was not named
 * in one yet: its findings (code, cell, message, fix), the upload token and a new due
 * date (today + response_days); its follow-ups then run on the reminder schedule from
 * that day. remind does the same. Only what stops every message (database, templates, disk) is an
 * error. */
ot_code ot_campaign_send(ot_workspace *ws, const ot_campaign_info *c, const char *actor,
                         int32_t today, ot_send_report *rep, ot_error *err);

/* Writes the follow-up steps due by `today` (see followup.h) of open requests and open
 * correction requests (counted from the correction request), then the correction
 * requests due; idempotent. */
ot_code ot_campaign_remind(ot_workspace *ws, const ot_campaign_info *c, const char *actor,
                           int32_t today, ot_send_report *rep, ot_error *err);

/* Sets a supplier's status by hand (e.g. declined, non_responsive), with a note; audited.
 * *previous (may be NULL) receives the status it had (malloc'd): marking that again puts
 * it back. */
ot_code ot_campaign_set_status(ot_workspace *ws, const ot_campaign_info *c, const char *supplier_id,
                               const char *status, const char *note, const char *actor,
                               int32_t today, char **previous, ot_error *err);
/* True for a status name listed above (ot_request_status_names). */
bool ot_request_status_valid(const char *status);
/* The status names, space separated, for messages and help. */
#define OT_REQUEST_STATUS_LIST                                                                     \
    "not_contacted requested reminded escalated responded_valid responded_invalid "                \
    "responded_outdated corrected declined non_responsive out_of_scope"

/* One supplier's request in a campaign. */
typedef struct ot_request_info {
    const char *supplier_id, *name, *category;
    const char *status, *status_date; /* status and the day it was set */
    const char *requested_on;         /* NULL until the request was written */
    int reminders, escalations;
    const char *token;
    int64_t current_file; /* newest linked file (submission id), 0 = none */
    int64_t files;        /* files linked to this request */
    const char *due_date; /* the supplier's due date (a correction request sets a new one) */
    int corrections;      /* correction requests written */
    /* in scope but no request sent: why ("no contact e-mail in the vendor list", "request
     * not sent yet"); NULL otherwise */
    const char *not_contacted_reason;
} ot_request_info;

typedef ot_code (*ot_request_fn)(const ot_request_info *r, void *ctx, ot_error *err);
/* Every request of the campaign, by supplier_id; only those in `status` when not NULL. */
ot_code ot_campaign_requests_each(ot_workspace *ws, const ot_campaign_info *c, const char *status,
                                  ot_request_fn fn, void *ctx, ot_error *err);

#define OT_REQUEST_STATUSES 11
extern const char *const ot_request_status_names[OT_REQUEST_STATUSES];

/* The figures of a campaign (docs/campaign.md, "Status"). Every supplier in scope is in
 * exactly one of valid, declined and outstanding. */
typedef struct ot_status_counts {
    int64_t suppliers; /* request rows (in and out of scope) */
    int64_t out_of_scope;
    int64_t suppliers_in_scope;
    int64_t surveyed;               /* in scope and actually sent a request */
    int64_t not_contacted;          /* in scope, no request sent */
    int64_t not_contacted_no_email; /* of which: no contact e-mail in the vendor list */
    int64_t responded;              /* a current file of any outcome, or a refusal */
    int64_t responded_surveyed;     /* of which surveyed (the response rate's numerator) */
    int64_t valid;                  /* current file valid and current (responded_valid,
                                     * corrected); includes no_3tg */
    int64_t no_3tg;                 /* of valid: declares no necessary 3TG */
    int64_t invalid;                /* current file invalid or unreadable */
    int64_t outdated;               /* current file valid but dated before the period or
                                     * of an older template version */
    int64_t declined;               /* refused to answer */
    int64_t non_responsive;         /* marked non-responsive after the follow-ups */
    int64_t no_response;            /* surveyed, neither a file nor a refusal */
    int64_t outstanding;            /* in scope, neither valid nor declined */
    int64_t escalated;              /* suppliers escalated at least once */
    int64_t reminders_sent, escalations_sent, corrections_sent; /* messages written */
    int64_t by_status[OT_REQUEST_STATUSES]; /* indexed like ot_request_status_names */
} ot_status_counts;

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

/* Response rate in percent: of the suppliers surveyed, those who responded (0 when nobody
 * was surveyed). */
double ot_campaign_response_rate(const ot_status_counts *c);

#endif
