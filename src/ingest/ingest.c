/* ingest.c - the ingest batch (see ingest.h): a vault pass on the calling thread, the
 * parse/validate/resolve work on a few threads (util/parallel.h, results delivered in
 * input order with a bounded window), and one transaction per file on the calling
 * thread, which owns the only database connection. */
#include "ingest_internal.h"
#include "util/fileio.h"

#include <pthread.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "campaign/campaign_internal.h"
#include "campaign/import_util.h"
#include "reader/workbook.h"
#include "store/audit.h"
#include "store/vault.h"
#include "template/template.h"
#include "util/parallel.h"
#include "util/pathlist.h"
#include "util/text.h"

/* ---- collecting paths ------------------------------------------------------------- */

ot_code ot_ingest_collect(const char *const *args, size_t n, bool follow_links, ot_pathlist *out,
                          ot_error *err)
{
    unsigned flags = OT_WORKBOOKS_RECURSIVE | OT_WORKBOOKS_SKIP_LOCKS |
                     (follow_links ? OT_WORKBOOKS_FOLLOW_LINKS : 0);
    ot_code rc = OT_OK;
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0)
            rc = ot_fail(err, OT_E_IO, "%s: %s", args[i], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = ot_pathlist_add_workbooks(out, args[i], flags, err);
        else if (!ot_pathlist_add(out, args[i]))
            rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    return rc;
}

/* ---- the batch -------------------------------------------------------------------- */

typedef struct item {
    const char *path;
    unsigned char *bytes; /* as stored in the vault, until the file is written */
    size_t len;
    char sha256[OT_SHA256_HEX_LEN];
    bool skip; /* not parsed: vault failure or bytes already ingested */
    bool duplicate;
    char message[384];
} item;

/* A campaign of the batch's year, with its linker and the --supplier link in it. */
#define OT_ROUTES_MAX 8
typedef struct route {
    ot_campaign_info c;
    ot_linker *linker;
    ot_link forced;
    bool has_forced;
} route;

typedef struct batch {
    ot_workspace *ws;
    const ot_campaign_info *c;
    const ot_ingest_options *o;
    const char *actor;
    item *items;
    size_t n;
    ot_matcher *matcher;
    route routes[OT_ROUTES_MAX]; /* the year's campaigns, one per template family */
    size_t n_routes;
    ot_ingest_file_fn on_file;
    void *ctx;
    ot_ingest_summary *sum;
    size_t done;
    /* the vault thread runs ahead of the readers, the readers ahead of the writer */
    ot_db *vault_db; /* the vault thread's own connection (o->vault_db) */
    pthread_mutex_t mu;
    pthread_cond_t cond;
    size_t vaulted;       /* items [0, vaulted) have been through the vault */
    size_t pending_bytes; /* bytes held for items vaulted but not yet written */
    bool vault_stopped;   /* the vault thread ended early (database error) */
    ot_code vault_rc;
    ot_error vault_err;
    ot_code rc; /* first batch-stopping error */
    ot_error err;
    const char *stopped_at; /* the file it happened with */
} batch;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Every metal answered "No" to question 1 (3TG intentionally added / necessary). */
static bool declares_no_3tg(const ot_declaration *d)
{
    const ot_question *q = ot_declaration_question(d, OT_Q_INTENTIONAL);
    if (!q || !d->metal_count) return false;
    for (size_t m = 0; m < d->metal_count; m++)
        if (!ot_text_equal_loose(q->per_metal[m].answer.value, "No")) return false;
    return true;
}

static void parse_into(batch *b, const item *it, ot_parsed *p)
{
    double t0 = now_s();
    ot_error e = {0};
    ot_workbook *wb = NULL;
    /* it->bytes are exactly what the vault stored (hashed and written before this) */
    ot_code rc = ot_workbook_open_mem(it->bytes, it->len, p->name, NULL, &wb, &e);
    if (rc == OT_OK) rc = ot_template_read(wb, &p->decl, &e);
    ot_workbook_close(wb);
    double t1 = now_s();
    p->read_s = t1 - t0;
    if (rc != OT_OK) {
        p->status = rc == OT_E_NOT_TEMPLATE ? "not_template" : "unreadable";
        p->error_code = rc;
        snprintf(p->error_message, sizeof p->error_message, "%s", e.message);
        return;
    }
    p->status = "read";
    ot_validate_ctx vctx = {.smelters = b->o->smelters, .today = NULL};
    ot_validate(p->decl, &vctx, &p->findings);
    double t2 = now_s();
    p->validate_s = t2 - t1;
    p->declined = declares_no_3tg(p->decl);
    if (b->matcher && p->decl->smelter_count) {
        p->matches = calloc(p->decl->smelter_count, sizeof *p->matches);
        ot_match_scratch *s = p->matches ? ot_match_scratch_new(b->matcher) : NULL;
        for (size_t i = 0; s && i < p->decl->smelter_count; i++) {
            const ot_value *c = p->decl->smelters[i].col;
            ot_match_input in = {c[OT_SM_METAL].value, c[OT_SM_ID_INPUT].value,
                                 c[OT_SM_LOOKUP_NAME].value, c[OT_SM_NAME].value,
                                 c[OT_SM_COUNTRY].value};
            if (!in.smelter_id) in.smelter_id = c[OT_SM_ID].value;
            ot_match_r(b->matcher, s, &in, &p->matches[i]);
        }
        if (!s) { /* out of memory: leave the rows unresolved rather than fail the file */
            free(p->matches);
            p->matches = NULL;
        }
        ot_match_scratch_free(s);
    }
    p->match_s = now_s() - t2;
}

static void *work(size_t i, void *ctx)
{
    batch *b = ctx;
    const item *it = &b->items[i];
    pthread_mutex_lock(&b->mu);
    while (b->vaulted <= i && !b->vault_stopped)
        pthread_cond_wait(&b->cond, &b->mu);
    bool ready = b->vaulted > i && b->rc == OT_OK;
    pthread_mutex_unlock(&b->mu);
    if (!ready || it->skip) return NULL;
    ot_parsed *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->path = it->path;
    p->name = base_name(it->path);
    memcpy(p->sha256, it->sha256, sizeof p->sha256);
    ot_findings_init(&p->findings);
    parse_into(b, it, p);
    return p;
}

static void free_parsed(ot_parsed *p)
{
    if (!p) return;
    if (p->decl) ot_declaration_free(p->decl);
    ot_findings_free(&p->findings);
    free(p->matches);
    free(p);
}

static const char *outcome_of(const ot_parsed *p)
{
    if (!p->decl) return "unreadable";
    return ot_findings_valid(&p->findings) ? "valid" : "invalid";
}

/* The vault rows of a file whose bytes were ingested before (its name is remembered). */
static ot_code record_duplicate(batch *b, const item *it, ot_error *err)
{
    ot_db *db = b->ws->db;
    ot_code rc = ot_db_begin(db, err);
    if (rc == OT_OK) rc = ot_vault_record(db, it->sha256, it->len, base_name(it->path), err);
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    return rc;
}

/* The campaign a file answers: the one of its template family in the batch's year. An
 * unreadable file has no family: the campaign whose upload token its name carries, else
 * the one named. NULL (with the reason in f) when the year has no campaign of the
 * file's family: the file is kept, unlinked. */
static const route *route_of(const batch *b, const ot_parsed *p, ot_ingest_file *f)
{
    if (p->decl) {
        const char *fam = ot_family_name(p->decl->family);
        for (size_t i = 0; i < b->n_routes; i++)
            if (strcmp(b->routes[i].c.family, fam) == 0) return &b->routes[i];
        snprintf(f->unlinked_reason, sizeof f->unlinked_reason, "no %s campaign for %d", fam,
                 b->c->year);
        return NULL;
    }
    ot_link l;
    for (size_t i = 0; i < b->n_routes; i++)
        if (ot_linker_find(b->routes[i].linker, p->name, NULL, &l)) return &b->routes[i];
    for (size_t i = 0; i < b->n_routes; i++)
        if (b->routes[i].c.id == b->c->id) return &b->routes[i];
    return &b->routes[0];
}

/* One file's transaction. The vault thread stored the bytes durably before handing the
 * file on, so its vault rows are recorded here, in the same transaction as everything
 * else: the writer is the only connection that writes during a batch. */
static ot_code write_file(batch *b, const item *it, const ot_parsed *p, ot_ingest_file *f,
                          ot_error *err)
{
    ot_db *db = b->ws->db;
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    ot_code rc = ot_db_begin(db, err);
    if (rc != OT_OK) return rc;
    rc = ot_vault_record(db, p->sha256, it->len, p->name, err);
    if (rc != OT_OK) goto fail;
    int64_t existing = 0;
    rc = ot_db_query_int(db, "SELECT id FROM submission WHERE sha256 = ?",
                         OT_DB_PARAMS(ot_db_text(p->sha256)), &existing, err);
    if (rc == OT_OK) { /* the same bytes earlier in this batch: only the name is new */
        rc = ot_db_commit(db, err);
        if (rc != OT_OK) goto fail;
        f->duplicate = true;
        f->submission_id = existing;
        return OT_OK;
    }
    if (rc != OT_E_NOT_FOUND) goto fail;
    int64_t sid;
    rc = ot_ingest_store_parsed(db, p, b->o->refdata, b->o->source ? b->o->source : "cli", ts, &sid,
                                err);
    if (rc != OT_OK) goto fail;
    const route *to = route_of(b, p, f);
    ot_link link;
    bool linked = false;
    size_t superseded = 0;
    f->outcome = outcome_of(p);
    if (to) {
        linked = to->has_forced ? (link = to->forced, true)
                                : ot_linker_find(to->linker, p->name, p->decl, &link);
        rc = ot_ingest_attach(db, to->c.id, sid, f->outcome,
                              p->declined && p->decl && ot_findings_valid(&p->findings),
                              linked ? &link : NULL, false, ts, b->actor, b->o->today, &superseded,
                              err);
    }
    if (rc != OT_OK) goto fail;
    json_t *d = json_pack("{s:s, s:s, s:s, s:i, s:i}", "file", p->name, "sha256", p->sha256,
                          "outcome", f->outcome, "errors", (int)p->findings.errors, "warnings",
                          (int)p->findings.warnings);
    json_object_set_new(d, "campaign", json_integer(b->c->year));
    json_object_set_new(d, "family", to ? json_string(to->c.family) : json_null());
    if (!to) json_object_set_new(d, "unlinked_reason", json_string(f->unlinked_reason));
    json_object_set_new(d, "supplier_id", linked ? json_string(link.supplier_key) : json_null());
    if (linked) {
        json_object_set_new(d, "link", json_string(link.method));
        json_object_set_new(d, "confidence", json_real(link.confidence));
    }
    char sids[32];
    snprintf(sids, sizeof sids, "%lld", (long long)sid);
    rc = ot_audit_json(db, b->actor, OT_AUDIT_INGEST, "submission", sids, d, err);
    json_decref(d);
    if (rc != OT_OK) goto fail;
    rc = ot_db_commit(db, err);
    if (rc != OT_OK) goto fail;
    f->submission_id = sid;
    if (to) snprintf(f->campaign, sizeof f->campaign, "%d/%s", to->c.year, to->c.family);
    if (linked) {
        f->supplier_id = link.supplier_key;
        f->link_method = link.method;
        f->link_confidence = link.confidence;
    }
    b->sum->superseded += superseded;
    return OT_OK;
fail:
    ot_db_rollback(db);
    return rc;
}

static void count(ot_ingest_summary *s, const ot_ingest_file *f)
{
    if (f->duplicate) {
        s->duplicates++;
        return;
    }
    if (!f->outcome) {
        s->failed++;
        return;
    }
    s->ingested++;
    if (!strcmp(f->outcome, "valid"))
        s->valid++;
    else if (!strcmp(f->outcome, "invalid"))
        s->invalid++;
    else
        s->unreadable++;
    if (f->supplier_id)
        s->linked++;
    else
        s->unlinked++;
}

/* Failures of the workspace (database, full disk, storage I/O, a lock held too long):
 * every later file would fail the same way, so the batch stops instead of blaming them. */
static bool stops_batch(ot_code rc)
{
    return ot_error_is_system(rc) && rc != OT_E_NOMEM; /* memory: this file was too big */
}

/* Stores one file in the vault and keeps its bytes for parsing. Bytes ingested before
 * mark the item a duplicate. Only a failure of the workspace is returned (it stops the
 * batch); a file that cannot be read is reported on its own. */
static ot_code vault_one(batch *b, item *it, ot_error *err)
{
    double t0 = now_s();
    ot_error e = {0};
    /* only the bytes here; their rows go into the file's transaction (write_file) */
    ot_code rc = ot_vault_store_file(b->ws, it->path, (size_t)64 << 20, it->sha256, &it->bytes,
                                     &it->len, &e);
    if (stops_batch(rc)) return ot_fail(err, rc, "%s", e.message);
    if (rc != OT_OK) {
        it->skip = true;
        snprintf(it->message, sizeof it->message, "%s", e.message);
    } else {
        int64_t id;
        rc = ot_db_query_int(b->vault_db, "SELECT id FROM submission WHERE sha256 = ?",
                             OT_DB_PARAMS(ot_db_text(it->sha256)), &id, &e);
        if (rc != OT_OK && rc != OT_E_NOT_FOUND) return ot_fail(err, rc, "%s", e.message);
        if (rc == OT_OK) {
            it->skip = it->duplicate = true;
            free(it->bytes);
            it->bytes = NULL;
        }
    }
    b->sum->vault_s += now_s() - t0;
    return OT_OK;
}

/* Bytes held for files vaulted but not yet written; the vault thread waits above it, so a
 * batch of any size runs in bounded memory. */
#define HELD_BYTES ((size_t)128 << 20)

static void *vault_thread(void *arg)
{
    batch *b = arg;
    for (size_t i = 0; i < b->n; i++) {
        pthread_mutex_lock(&b->mu);
        while (b->pending_bytes >= HELD_BYTES && b->rc == OT_OK)
            pthread_cond_wait(&b->cond, &b->mu);
        bool stop = b->rc != OT_OK;
        pthread_mutex_unlock(&b->mu);
        if (stop) break;
        ot_code rc = vault_one(b, &b->items[i], &b->vault_err);
        pthread_mutex_lock(&b->mu);
        if (rc != OT_OK) {
            b->vault_rc = rc;
            b->vault_stopped = true;
            b->stopped_at = b->items[i].path;
        } else {
            b->vaulted = i + 1;
            b->pending_bytes += b->items[i].bytes ? b->items[i].len : 0;
        }
        pthread_cond_broadcast(&b->cond);
        pthread_mutex_unlock(&b->mu);
        if (rc != OT_OK) return NULL;
    }
    pthread_mutex_lock(&b->mu);
    b->vault_stopped = true;
    pthread_cond_broadcast(&b->cond);
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

static void emit(size_t i, void *result, void *ctx)
{
    batch *b = ctx;
    ot_parsed *p = result;
    item *it = &b->items[i];
    pthread_mutex_lock(&b->mu);
    bool vaulted = b->vaulted > i;
    bool stopped = b->rc != OT_OK;
    pthread_mutex_unlock(&b->mu);
    /* The vault thread stopped before this file, or an earlier file's transaction failed:
     * the batch is over, and this file was not looked at (not "unreadable"). */
    if (!vaulted || stopped) {
        free_parsed(p);
        pthread_mutex_lock(&b->mu);
        if (vaulted && it->bytes) b->pending_bytes -= it->len;
        free(it->bytes);
        it->bytes = NULL;
        pthread_cond_broadcast(&b->cond);
        pthread_mutex_unlock(&b->mu);
        return;
    }
    ot_ingest_file f = {.path = it->path, .duplicate = it->duplicate};
    memcpy(f.sha256, it->sha256, sizeof f.sha256);
    if (it->skip) {
        f.message = it->message[0] ? it->message : NULL;
        if (it->duplicate && b->rc == OT_OK) {
            double t0 = now_s();
            ot_code rc = record_duplicate(b, it, &b->err);
            b->sum->db_s += now_s() - t0;
            if (rc != OT_OK) {
                pthread_mutex_lock(&b->mu);
                b->rc = rc;
                b->stopped_at = it->path;
                pthread_mutex_unlock(&b->mu);
                f.message = b->err.message;
            }
        }
    } else if (!p) {
        f.message = "out of memory reading the file";
    } else if (b->rc == OT_OK) {
        f.message = p->decl ? NULL : p->error_message;
        if (p->decl) {
            snprintf(f.template_name, sizeof f.template_name, "%s %s",
                     ot_family_name(p->decl->family), p->decl->version);
            f.smelters = p->decl->smelter_count;
            for (size_t k = 0; p->matches && k < p->decl->smelter_count; k++)
                f.smelters_resolved += p->matches[k].smelter != NULL;
        }
        f.errors = p->findings.errors;
        f.warnings = p->findings.warnings;
        b->sum->read_s += p->read_s;
        b->sum->validate_s += p->validate_s;
        b->sum->match_s += p->match_s;
        double t0 = now_s();
        ot_code rc = write_file(b, it, p, &f, &b->err);
        b->sum->db_s += now_s() - t0;
        if (rc != OT_OK) {
            pthread_mutex_lock(&b->mu);
            b->rc = rc;
            b->stopped_at = it->path;
            pthread_mutex_unlock(&b->mu);
            f.outcome = NULL;
            f.message = b->err.message;
        }
    }
    if (b->rc == OT_OK || f.message) {
        count(b->sum, &f);
        b->done++;
        if (b->on_file) b->on_file(&f, b->done, b->n, b->ctx);
    }
    free_parsed(p);
    pthread_mutex_lock(&b->mu);
    if (it->bytes) b->pending_bytes -= it->len;
    free(it->bytes);
    it->bytes = NULL;
    pthread_cond_broadcast(&b->cond);
    pthread_mutex_unlock(&b->mu);
}

/* The campaigns of the batch's year, each with its request rows brought up to date (for
 * suppliers added since it started), its linker and the --supplier link. */
static ot_code load_routes(batch *b, ot_error *err)
{
    ot_workspace *ws = b->ws;
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db, "SELECT family FROM campaign WHERE reporting_year = ? ORDER BY id", &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, b->c->year, err);
    char families[OT_ROUTES_MAX][8];
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW && b->n_routes < OT_ROUTES_MAX)
        snprintf(families[b->n_routes++], 8, "%s", ot_stmt_text(st, 0));
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err->code;
    for (size_t i = 0; rc == OT_OK && i < b->n_routes; i++) {
        route *r = &b->routes[i];
        rc = ot_campaign_get_family(ws, b->c->year, families[i], &r->c, err);
        if (rc == OT_OK) rc = ot_db_begin(ws->db, err);
        if (rc == OT_OK) rc = ot_campaign_sync(ws, r->c.id, b->actor, b->o->today, err);
        if (rc == OT_OK) rc = ot_db_commit(ws->db, err);
        if (rc != OT_OK) ot_db_rollback(ws->db);
        if (rc == OT_OK) rc = ot_linker_load(ws->db, r->c.id, &r->linker, err);
        if (rc == OT_OK && b->o->supplier_id)
            r->has_forced = ot_linker_by_key(r->linker, b->o->supplier_id, &r->forced);
    }
    return rc;
}

/* What a batch needs before its first file: the year's campaigns with their linkers, the
 * forced supplier checked and the matcher. */
static ot_code prepare(batch *b, ot_error *err)
{
    ot_code rc = load_routes(b, err);
    if (rc != OT_OK) return rc;
    if (b->o->supplier_id && (!b->n_routes || !b->routes[0].has_forced))
        return ot_fail(err, OT_E_NOT_FOUND, "supplier %s is not in the vendor list (campaign %d)",
                       b->o->supplier_id, b->c->year);
    if (b->o->refdata && (rc = ot_matcher_build(b->o->refdata, &b->matcher, err)) != OT_OK)
        return rc;
    b->items = calloc(b->n ? b->n : 1, sizeof *b->items);
    if (!b->items) return ot_fail(err, OT_E_NOMEM, "out of memory");
    return OT_OK;
}

/* The vault thread and the readers, until every file was written or the batch stopped. */
static ot_code run_batch(batch *b, ot_error *err)
{
    pthread_t vt;
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cond, NULL);
    ot_code rc = OT_OK;
    if (pthread_create(&vt, NULL, vault_thread, b) != 0) {
        rc = ot_fail(err, OT_E_NOMEM, "cannot start the vault thread");
    } else {
        ot_parallel_ordered(b->n, b->o->threads, work, emit, b);
        pthread_mutex_lock(&b->mu);
        if (b->rc == OT_OK && b->vault_rc != OT_OK) {
            b->rc = b->vault_rc;
            b->err = b->vault_err;
        }
        pthread_cond_broadcast(&b->cond); /* a waiting vault thread sees b->rc and stops */
        pthread_mutex_unlock(&b->mu);
        pthread_join(vt, NULL);
    }
    pthread_cond_destroy(&b->cond);
    pthread_mutex_destroy(&b->mu);
    if (rc == OT_OK && b->rc != OT_OK) {
        rc = b->rc;
        *err = b->err;
        if (stops_batch(rc) && b->stopped_at) /* the files after it were not looked at */
            ot_fail(err, rc, "stopped at %s: %s", b->stopped_at, b->err.message);
    }
    return rc;
}

ot_code ot_ingest(ot_workspace *ws, const ot_campaign_info *c, const char *const *paths, size_t n,
                  const ot_ingest_options *o, const char *actor, ot_ingest_file_fn on_file,
                  void *ctx, ot_ingest_summary *sum, ot_error *err)
{
    double t0 = now_s();
    memset(sum, 0, sizeof *sum);
    sum->files = n;
    if (!o->vault_db)
        return ot_fail(err, OT_E_USAGE,
                       "ingest needs a second database connection for its vault thread");
    batch b = {.ws = ws,
               .c = c,
               .o = o,
               .actor = actor,
               .n = n,
               .on_file = on_file,
               .ctx = ctx,
               .sum = sum,
               .vault_db = o->vault_db};
    ot_code rc = prepare(&b, err);
    for (size_t i = 0; rc == OT_OK && i < n; i++)
        b.items[i].path = paths[i];
    if (rc == OT_OK) {
        /* the audit head file is brought up to date once for the batch, not once per file
         * (store.h, ot_db_defer_commit_hooks) */
        ot_db_defer_commit_hooks(ws->db, true);
        rc = run_batch(&b, err);
        ot_db_defer_commit_hooks(ws->db, false);
        ot_error hook_err = {0};
        ot_code hc = ot_db_run_deferred_hooks(ws->db, &hook_err); /* also after a failure */
        if (hc != OT_OK && rc == OT_OK) {
            rc = hc;
            *err = hook_err;
        }
    }
    for (size_t i = 0; b.items && i < n; i++)
        free(b.items[i].bytes);
    free(b.items);
    ot_matcher_free(b.matcher);
    for (size_t i = 0; i < b.n_routes; i++)
        ot_linker_free(b.routes[i].linker);
    sum->total_s = now_s() - t0;
    return rc;
}
