/* campaign.h - use cases "campaign new|send|remind|status|mark|suppliers|files|link": one
 * reporting year's survey of the in-scope suppliers (campaign/campaign.h) and the files
 * received for it (ingest/ingest.h).
 *
 * Every request names its campaign by a selector ("2025/CMRT", "2025" while the year has
 * one campaign, NULL: the most recent; campaign/campaign.h ot_campaign_find) and every
 * result carries the campaign it worked on: when a use case fails with OT_E_NOT_FOUND and the
 * result's campaign.id is 0, the campaign itself does not exist (a front end can then say how to
 * create it). */
#ifndef OT_APP_CAMPAIGN_H
#define OT_APP_CAMPAIGN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "campaign/campaign.h"
#include "ingest/ingest.h"
#include "util/arena.h"

/* ---- campaign new ------------------------------------------------------------------ */

typedef struct ot_campaign_new_request {
    int year;                  /* the reporting year (the calendar year suppliers report on) */
    const char *template_name; /* "CMRT-6.5" (the default when NULL) */
    const char *due_date;      /* YYYY-MM-DD; NULL: today + response_days */
    int32_t today;
    const char *actor; /* for the audit log; NULL: the operating-system user */
} ot_campaign_new_request;

typedef struct ot_campaign_new_result {
    ot_campaign_info campaign;
} ot_campaign_new_result;

ot_code ot_app_campaign_new(ot_app *app, const ot_campaign_new_request *req,
                            ot_campaign_new_result *res, ot_error *err);
/* One object: campaign, template, due_date. */
json_t *ot_campaign_new_result_to_json(const ot_campaign_new_result *res);

/* ---- campaign list ----------------------------------------------------------------- */

typedef struct ot_campaign_list_result {
    ot_campaign_summary *rows; /* by year, then family */
    size_t n;
} ot_campaign_list_result;

ot_code ot_app_campaign_list(ot_app *app, ot_campaign_list_result *res, ot_error *err);
/* An array, one object per campaign: campaign (year), family, name ("2025/CMRT"),
 * template, due_date, created_at, suppliers_in_scope, surveyed, files. */
json_t *ot_campaign_list_result_to_json(const ot_campaign_list_result *res);
void ot_campaign_list_result_free(ot_campaign_list_result *res);

/* ---- campaign send, campaign remind -------------------------------------------------- */

typedef struct ot_campaign_send_request {
    const char *campaign; /* "2025/CMRT", "2025"; NULL: the most recent */
    int32_t today;
    const char *actor; /* NULL: the operating-system user */
} ot_campaign_send_request;

typedef struct ot_campaign_send_result {
    ot_campaign_info campaign;
    ot_send_report report; /* report.not_sent: suppliers whose data kept their message back */
} ot_campaign_send_result;

/* send: the requests to every in-scope supplier not contacted yet; remind: the reminders
 * and escalations due today. */
ot_code ot_app_campaign_send(ot_app *app, const ot_campaign_send_request *req,
                             ot_campaign_send_result *res, ot_error *err);
ot_code ot_app_campaign_remind(ot_app *app, const ot_campaign_send_request *req,
                               ot_campaign_send_result *res, ot_error *err);
/* One object: written, corrections (of written: correction requests), not_sent, delivered,
 * no_contact, responded, not_due, schedule_finished, problems [{supplier_id, problem}]. */
json_t *ot_campaign_send_result_to_json(const ot_campaign_send_result *res);
void ot_campaign_send_result_free(ot_campaign_send_result *res);

/* ---- campaign status ----------------------------------------------------------------- */

typedef struct ot_campaign_status_request {
    const char *campaign; /* "2025/CMRT", "2025"; NULL: the most recent */
} ot_campaign_status_request;

typedef struct ot_campaign_status_result {
    ot_campaign_info campaign;
    ot_campaign_status status;
} ot_campaign_status_result;

ot_code ot_app_campaign_status(ot_app *app, const ot_campaign_status_request *req,
                               ot_campaign_status_result *res, ot_error *err);
/* One object: campaign (year), family, template, due_date, the figures (docs/campaign.md:
 * suppliers, suppliers_in_scope, surveyed, not_contacted, not_contacted_reasons
 * {no_contact_email, not_sent_yet}, responded, response_rate, valid, no_3tg, invalid,
 * outdated, declined, outstanding, no_response, non_responsive, escalated, reminders_sent,
 * escalations_sent, corrections_sent, out_of_scope), by_status {status: n}, by_category
 * {category: figures}, submissions {received, valid, invalid, unreadable, unlinked,
 * superseded}. */
json_t *ot_campaign_status_result_to_json(const ot_campaign_status_result *res);
void ot_campaign_status_result_free(ot_campaign_status_result *res);

/* ---- campaign mark ------------------------------------------------------------------- */

typedef struct ot_campaign_mark_request {
    const char *campaign; /* "2025/CMRT", "2025"; NULL: the most recent */
    const char *supplier_id;
    const char *status; /* a request status (campaign.h) */
    const char *note;   /* why, for the audit log; may be NULL */
    int32_t today;
    const char *actor; /* NULL: the operating-system user */
} ot_campaign_mark_request;

typedef struct ot_campaign_mark_result {
    ot_campaign_info campaign;
    char *supplier_id, *status;
    char *previous; /* the status before: marking it again puts it back */
} ot_campaign_mark_result;

ot_code ot_app_campaign_mark(ot_app *app, const ot_campaign_mark_request *req,
                             ot_campaign_mark_result *res, ot_error *err);
/* One object: supplier_id, status, previous. */
json_t *ot_campaign_mark_result_to_json(const ot_campaign_mark_result *res);
void ot_campaign_mark_result_free(ot_campaign_mark_result *res);

/* ---- campaign suppliers -------------------------------------------------------------- */

typedef struct ot_campaign_suppliers_request {
    const char *campaign; /* "2025/CMRT", "2025"; NULL: the most recent */
    const char *status;   /* only suppliers in this status; NULL: all */
} ot_campaign_suppliers_request;

typedef struct ot_campaign_suppliers_result {
    ot_campaign_info campaign;
    ot_request_info *rows; /* by supplier_id; strings owned by the result */
    size_t n;
    ot_arena arena;
} ot_campaign_suppliers_result;

ot_code ot_app_campaign_suppliers(ot_app *app, const ot_campaign_suppliers_request *req,
                                  ot_campaign_suppliers_result *res, ot_error *err);
/* An array, one object per supplier: supplier_id, name, category, status, status_date,
 * requested_on, reminders, escalations, token, current_file, files, due_date,
 * corrections, not_contacted_reason. */
json_t *ot_campaign_suppliers_result_to_json(const ot_campaign_suppliers_result *res);
void ot_campaign_suppliers_result_free(ot_campaign_suppliers_result *res);

/* ---- campaign files ------------------------------------------------------------------ */

typedef struct ot_campaign_files_request {
    const char *campaign; /* "2025/CMRT", "2025"; NULL: the most recent */
    bool unlinked_only;   /* only the files waiting for a person to link them */
} ot_campaign_files_request;

typedef struct ot_campaign_files_result {
    ot_campaign_info campaign;
    ot_ingested_file *rows; /* by file id; strings owned by the result */
    size_t n;
    ot_arena arena;
} ot_campaign_files_result;

ot_code ot_app_campaign_files(ot_app *app, const ot_campaign_files_request *req,
                              ot_campaign_files_result *res, ot_error *err);
/* An array, one object per file: file_id, name, received_at, outcome, supplier_id, link,
 * confidence, superseded_by, errors, warnings, company_name, held_back,
 * campaign_findings [{code, sheet, cell, message, fix}]. */
json_t *ot_campaign_files_result_to_json(const ot_campaign_files_result *res);
void ot_campaign_files_result_free(ot_campaign_files_result *res);

/* ---- campaign link ------------------------------------------------------------------- */

typedef struct ot_campaign_link_request {
    const char *campaign; /* "2025/CMRT", "2025"; NULL: the most recent */
    int64_t file_id;      /* an ingested file (campaign files) */
    const char *supplier_id;
    const char *note; /* why, for the audit log; may be NULL */
    int32_t today;
    const char *actor; /* NULL: the operating-system user */
} ot_campaign_link_request;

typedef struct ot_campaign_link_result {
    ot_campaign_info campaign;
    int64_t file_id;
    char *supplier_id;
    bool held_back; /* unreadable: kept with the supplier, never its current submission */
} ot_campaign_link_result;

/* Ties an ingested file to a supplier by hand (ingest.h, ot_ingest_link); audited, undone
 * by ot_app_campaign_unlink. */
ot_code ot_app_campaign_link(ot_app *app, const ot_campaign_link_request *req,
                             ot_campaign_link_result *res, ot_error *err);
/* One object: file_id, supplier_id, held_back. */
json_t *ot_campaign_link_result_to_json(const ot_campaign_link_result *res);
void ot_campaign_link_result_free(ot_campaign_link_result *res);

/* ---- campaign unlink ----------------------------------------------------------------- */

typedef struct ot_campaign_unlink_request {
    int64_t file_id;  /* a file linked by hand */
    const char *note; /* why, for the audit log; may be NULL */
    int32_t today;
    const char *actor; /* NULL: the operating-system user */
} ot_campaign_unlink_request;

typedef struct ot_campaign_unlink_result {
    int64_t file_id;
    char *supplier_id; /* the supplier the undone link had named */
} ot_campaign_unlink_result;

/* Undoes the file's last hand link (ingest.h, ot_ingest_unlink); audited. */
ot_code ot_app_campaign_unlink(ot_app *app, const ot_campaign_unlink_request *req,
                               ot_campaign_unlink_result *res, ot_error *err);
/* One object: file_id, supplier_id (the link undone). */
json_t *ot_campaign_unlink_result_to_json(const ot_campaign_unlink_result *res);
void ot_campaign_unlink_result_free(ot_campaign_unlink_result *res);

#endif
