/* inspect.c - use case "inspect" (inspect.h). */
#include "app/inspect.h"

#include <stdlib.h>
#include <string.h>

#include "app/files.h"
#include "app/match.h"
#include "util/jsonout.h"
#include "util/parallel.h"

/* A file read on a worker thread, waiting for its turn to be emitted. */
typedef struct read_file {
    ot_inspect_file f;
    ot_declaration *decl; /* the workbook and its bytes are freed on the worker already */
    ot_match_input *inputs;
    ot_match_result *resolutions;
} read_file;

typedef struct inspect_run {
    const ot_inspect_request *req;
    const ot_refdata *rd; /* with resolve */
    const ot_matcher *m;  /* with resolve: read-only, each file has its own scratch */
    ot_inspect_result *res;
} inspect_run;

/* What the row says: the typed ID (column A), else the ID the template looked up. */
static ot_match_input row_input(const ot_smelter_row *row)
{
    const ot_value *c = row->col;
    ot_match_input in = {c[OT_SM_METAL].value, c[OT_SM_ID_INPUT].value, c[OT_SM_LOOKUP_NAME].value,
                         c[OT_SM_NAME].value, c[OT_SM_COUNTRY].value};
    if (!in.smelter_id) in.smelter_id = c[OT_SM_ID].value;
    return in;
}

static bool resolve_rows(const inspect_run *run, read_file *r)
{
    const ot_declaration *d = r->f.decl;
    size_t n = d->smelter_count;
    r->inputs = calloc(n + 1, sizeof *r->inputs);
    r->resolutions = calloc(n + 1, sizeof *r->resolutions);
    ot_match_scratch *sc = ot_match_scratch_new(run->m);
    bool ok = r->inputs && r->resolutions && sc;
    for (size_t i = 0; ok && i < n; i++) {
        r->inputs[i] = row_input(&d->smelters[i]);
        ot_match_r(run->m, sc, &r->inputs[i], &r->resolutions[i]);
    }
    ot_match_scratch_free(sc);
    r->f.refdata = run->rd;
    r->f.inputs = r->inputs;
    r->f.resolutions = r->resolutions;
    return ok;
}

static void read_file_free(read_file *r)
{
    if (!r) return;
    ot_declaration_free(r->decl);
    free(r->inputs);
    free(r->resolutions);
    free(r);
}

static void *read_one(size_t i, void *ctx)
{
    inspect_run *run = ctx;
    read_file *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->f.index = i;
    r->f.path = run->req->files->items[i];
    ot_workbook_file w;
    if (ot_workbook_file_read(r->f.path, &w, &r->f.err) == OT_OK) {
        r->f.decl = r->decl = w.decl;
        w.decl = NULL;
        if (run->m && !resolve_rows(run, r)) {
            ot_fail(&r->f.err, OT_E_NOMEM, "out of memory while resolving smelters");
            r->f.decl = NULL;
        }
    }
    r->f.have_sha = w.have_sha;
    memcpy(r->f.sha, w.sha, sizeof r->f.sha);
    ot_workbook_file_close(&w);
    return r;
}

static void emit_one(size_t i, void *result, void *ctx)
{
    inspect_run *run = ctx;
    read_file *r = result;
    ot_inspect_file oom = {.index = i, .path = run->req->files->items[i]};
    if (!r) ot_fail(&oom.err, OT_E_NOMEM, "out of memory");
    const ot_inspect_file *f = r ? &r->f : &oom;
    run->res->files++;
    run->res->unreadable += f->decl == NULL;
    run->req->emit(f, run->req->ctx);
    read_file_free(r);
}

ot_code ot_app_inspect(ot_app *app, const ot_inspect_request *req, ot_inspect_result *res,
                       ot_error *err)
{
    *res = (ot_inspect_result){0};
    inspect_run run = {.req = req, .res = res};
    ot_reference *own = NULL, *ref = req->reference;
    if (req->resolve && !ref) {
        ot_code rc = ot_reference_open(app, &own, err);
        if (rc != OT_OK) return rc;
        ref = own;
    }
    if (req->resolve) {
        ot_matcher *m;
        ot_code rc = ot_reference_matcher(ref, &m, err);
        if (rc != OT_OK) {
            ot_reference_free(own);
            return rc;
        }
        run.m = m;
        run.rd = ot_reference_data(ref);
    }
    ot_parallel_ordered(req->files->n, req->threads, read_one, emit_one, &run);
    ot_reference_free(own);
    return OT_OK;
}

/* ---- JSON ------------------------------------------------------------------------ */

static json_t *error_json(const ot_inspect_file *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", ot_json_text(f->path));
    if (f->have_sha) json_object_set_new(o, "sha256", json_string(f->sha));
    json_t *e = json_object();
    json_object_set_new(e, "code", json_string(ot_error_code_name(f->err.code)));
    json_object_set_new(e, "message", ot_json_text(f->err.message));
    json_object_set_new(o, "error", e);
    return o;
}

static void add_resolutions(const ot_inspect_file *f, json_t *rows)
{
    for (size_t i = 0; i < f->decl->smelter_count && i < json_array_size(rows); i++)
        json_object_set_new(json_array_get(rows, i), "resolution",
                            ot_match_to_json(f->refdata, &f->inputs[i], &f->resolutions[i], NULL));
}

json_t *ot_inspect_file_to_json(const ot_inspect_file *f)
{
    if (!f->decl) return error_json(f);
    json_t *body = ot_declaration_to_json(f->decl);
    if (!body) return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "file", ot_json_text(f->path));
    json_object_set_new(o, "sha256", json_string(f->sha));
    json_object_update(o, body);
    json_decref(body);
    if (f->resolutions) add_resolutions(f, json_object_get(o, "smelters"));
    return o;
}
