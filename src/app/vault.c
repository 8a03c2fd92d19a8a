/* vault.c - use case "vault verify" (vault.h). */
#include "app/vault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonout.h"

typedef struct collect {
    ot_vault_verification *res;
    size_t cap;
    bool nomem;
} collect;

static void add_problem(const char *what, const char *kind, void *ctx)
{
    collect *c = ctx;
    ot_vault_verification *r = c->res;
    if (c->nomem) return;
    if (r->problem_count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        ot_vault_problem *p = realloc(r->problems, cap * sizeof *p);
        if (!p) {
            c->nomem = true;
            return;
        }
        r->problems = p;
        c->cap = cap;
    }
    ot_vault_problem *p = &r->problems[r->problem_count];
    if (!(p->what = strdup(what))) {
        c->nomem = true;
        return;
    }
    snprintf(p->kind, sizeof p->kind, "%s", kind);
    r->problem_count++;
}

ot_code ot_app_vault_verify(ot_app *app, const ot_vault_verify_request *req,
                            ot_vault_verification *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_code c = ot_app_check_integrity(app, &res->integrity, err);
    if (c != OT_OK) return c;
    collect col = {res, 0, false};
    unsigned flags = req && req->clean_temp ? OT_VAULT_CLEAN_TEMP : 0;
    c = ot_vault_verify(ot_app_workspace(app), flags, &res->report, add_problem, &col, err);
    if (c == OT_OK && col.nomem) c = ot_fail(err, OT_E_NOMEM, "out of memory verifying the vault");
    if (c != OT_OK) {
        ot_vault_verification_free(res);
        return c;
    }
    res->intact = ot_vault_report_clean(&res->report) && res->integrity.count == 0;
    return OT_OK;
}

static json_t *problem_to_json(const ot_vault_problem *p)
{
    bool sha = strcmp(p->kind, "missing") == 0 || strcmp(p->kind, "corrupt") == 0 ||
               strcmp(p->kind, "unrecorded") == 0;
    json_t *o = json_object();
    json_object_set_new(o, sha ? "sha256" : "path", ot_json_text(p->what));
    json_object_set_new(o, "problem", json_string(p->kind));
    return o;
}

json_t *ot_vault_verification_to_json(const ot_vault_verification *res)
{
    const ot_vault_report *r = &res->report;
    json_t *o = json_object();
    json_object_set_new(o, "intact", json_boolean(res->intact));
    json_object_set_new(o, "files_ok", json_integer((json_int_t)r->files_ok));
    json_object_set_new(o, "missing", json_integer((json_int_t)r->missing));
    json_object_set_new(o, "corrupt", json_integer((json_int_t)r->corrupt));
    json_object_set_new(o, "unrecorded", json_integer((json_int_t)r->unrecorded));
    json_object_set_new(o, "temp", json_integer((json_int_t)r->temp));
    json_object_set_new(o, "temp_removed", json_integer((json_int_t)r->temp_removed));
    json_object_set_new(o, "unexpected", json_integer((json_int_t)r->unexpected));
    json_object_set_new(o, "set_aside", json_integer((json_int_t)r->set_aside));
    json_object_set_new(o, "database_integrity", ot_integrity_result_to_json(&res->integrity));
    json_t *list = json_array();
    for (size_t i = 0; i < res->problem_count; i++)
        json_array_append_new(list, problem_to_json(&res->problems[i]));
    json_object_set_new(o, "problems", list);
    return o;
}

void ot_vault_verification_free(ot_vault_verification *res)
{
    if (!res) return;
    ot_integrity_result_free(&res->integrity);
    for (size_t i = 0; i < res->problem_count; i++)
        free(res->problems[i].what);
    free(res->problems);
    res->problems = NULL;
    res->problem_count = 0;
}
