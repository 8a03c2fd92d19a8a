/* ingest.c - use case "ingest" (app/ingest.h): lists the paths, finds the campaign, opens
 * the smelter reference and a second connection for the vault thread, and keeps every
 * file's outcome for the result. */
#include "app/ingest.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/smelterref.h"
#include "refdata/refdata.h"
#include "util/jsonout.h"

typedef struct collector {
    const ot_ingest_request *req;
    ot_ingest_result *res;
    size_t cap;
} collector;

/* Keeps a copy of each file's outcome (ingest's own strings live only for the callback)
 * and passes it on to the front end's callback. */
static void keep_outcome(const ot_ingest_file *f, size_t done, size_t total, void *ctx)
{
    collector *c = ctx;
    ot_ingest_result *res = c->res;
    if (ot_app_grow((void **)&res->outcomes, &c->cap, res->n_outcomes, sizeof *res->outcomes)) {
        ot_arena *a = &res->arena;
        bool ok = true; /* out of memory: the copy lacks a string, the file is still counted */
        ot_ingest_file *k = &res->outcomes[res->n_outcomes++];
        *k = *f;
        k->path = ot_app_keep(a, f->path, &ok);
        k->outcome = ot_app_keep(a, f->outcome, &ok);
        k->supplier_id = ot_app_keep(a, f->supplier_id, &ok);
        k->link_method = ot_app_keep(a, f->link_method, &ok);
        k->message = ot_app_keep(a, f->message, &ok);
    }
    if (c->req->on_file) c->req->on_file(f, done, total, c->req->ctx);
}

/* The batch proper, with the reference data and the vault thread's connection. */
static ot_code ingest_files(ot_app *app, const ot_ingest_request *req, ot_ingest_result *res,
                            const ot_refdata *rd, ot_error *err)
{
    ot_smelterref *ref = ot_smelterref_new(rd); /* NULL (out of memory): reference rules skipped */
    ot_ingest_options o = {.supplier_id = req->supplier_id,
                           .threads = req->threads,
                           .today = req->today,
                           .source = req->source ? req->source : "cli",
                           .refdata = rd,
                           .smelters = ot_smelterref_get(ref)};
    ot_code rc = ot_app_connect(app, &o.vault_db, err);
    collector col = {req, res, 0};
    res->ran = rc == OT_OK;
    if (rc == OT_OK)
        rc = ot_ingest(ot_app_workspace(app), &res->campaign, (const char *const *)res->files.items,
                       res->files.n, &o, ot_app_actor(req->actor), keep_outcome, &col,
                       &res->summary, err);
    ot_db_close(o.vault_db);
    ot_smelterref_free(ref);
    return rc;
}

ot_code ot_app_ingest(ot_app *app, const ot_ingest_request *req, ot_ingest_result *res,
                      ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_arena_init(&res->arena, 0);
    ot_code rc = ot_ingest_collect(req->paths, req->n_paths, req->follow_links, &res->files, err);
    if (rc != OT_OK) return rc;
    res->listed = true;
    ot_workspace *ws = ot_app_workspace(app);
    if ((rc = ot_campaign_find_year(ws, req->campaign, &res->campaign, err)) != OT_OK) return rc;
    ot_refdata *rd = NULL;
    if ((rc = ot_refdata_open(ws->dir, &rd, NULL, err)) != OT_OK) {
        char why[sizeof err->message];
        memcpy(why, err->message, sizeof why);
        return ot_fail(err, rc, "smelter reference data: %s", why);
    }
    rc = ingest_files(app, req, res, rd, err);
    ot_refdata_free(rd);
    return rc;
}

static json_t *file_to_json(const ot_ingest_file *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", ot_json_text(f->path));
    json_object_set_new(o, "sha256", json_string(f->sha256));
    json_object_set_new(o, "duplicate", json_boolean(f->duplicate));
    json_object_set_new(o, "submission_id",
                        f->submission_id ? json_integer(f->submission_id) : json_null());
    json_object_set_new(o, "outcome", ot_json_text(f->outcome));
    json_object_set_new(o, "template",
                        f->template_name[0] ? json_string(f->template_name) : json_null());
    json_object_set_new(o, "errors", json_integer((json_int_t)f->errors));
    json_object_set_new(o, "warnings", json_integer((json_int_t)f->warnings));
    json_object_set_new(o, "smelters", json_integer((json_int_t)f->smelters));
    json_object_set_new(o, "smelters_resolved", json_integer((json_int_t)f->smelters_resolved));
    json_object_set_new(o, "campaign", f->campaign[0] ? json_string(f->campaign) : json_null());
    json_object_set_new(o, "supplier_id", ot_json_text(f->supplier_id));
    json_object_set_new(o, "link", ot_json_text(f->link_method));
    json_object_set_new(o, "unlinked_reason",
                        f->unlinked_reason[0] ? json_string(f->unlinked_reason) : json_null());
    json_object_set_new(o, "confidence",
                        f->supplier_id ? json_real(ot_round_to(f->link_confidence, 3))
                                       : json_null());
    json_object_set_new(o, "message", ot_json_text(f->message));
    return o;
}

static json_t *summary_to_json(const ot_ingest_summary *s)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "files",
                     (json_int_t)s->files, "ingested", (json_int_t)s->ingested, "duplicates",
                     (json_int_t)s->duplicates, "valid", (json_int_t)s->valid, "invalid",
                     (json_int_t)s->invalid, "unreadable", (json_int_t)s->unreadable, "linked",
                     (json_int_t)s->linked, "unlinked", (json_int_t)s->unlinked, "superseded",
                     (json_int_t)s->superseded, "failed", (json_int_t)s->failed);
}

static json_t *seconds_to_json(const ot_ingest_summary *s)
{
    return json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "vault", ot_round_to(s->vault_s, 3), "read",
                     ot_round_to(s->read_s, 3), "validate", ot_round_to(s->validate_s, 3), "match",
                     ot_round_to(s->match_s, 3), "database", ot_round_to(s->db_s, 3), "total",
                     ot_round_to(s->total_s, 3));
}

json_t *ot_ingest_result_to_json(const ot_ingest_result *res)
{
    json_t *o = json_object();
    json_object_set_new(o, "campaign", json_integer(res->campaign.year));
    json_object_set_new(o, "summary", summary_to_json(&res->summary));
    json_object_set_new(o, "seconds", seconds_to_json(&res->summary));
    json_t *files = json_array();
    for (size_t i = 0; i < res->n_outcomes; i++)
        json_array_append_new(files, file_to_json(&res->outcomes[i]));
    json_object_set_new(o, "files", files);
    json_t *skipped = json_array();
    for (size_t i = 0; i < res->files.n_skipped; i++) {
        const ot_path_skip *s = &res->files.skipped[i];
        json_array_append_new(skipped, json_pack("{s:o, s:s, s:b}", "path", ot_json_text(s->path),
                                                 "why", s->why, "problem", s->problem));
    }
    json_object_set_new(o, "skipped", skipped);
    return o;
}

void ot_ingest_result_free(ot_ingest_result *res)
{
    ot_pathlist_free(&res->files);
    free(res->outcomes);
    res->outcomes = NULL;
    res->n_outcomes = 0;
    ot_arena_free(&res->arena);
}
