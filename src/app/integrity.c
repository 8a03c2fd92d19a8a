/* integrity.c - the database's consistency check as a result (integrity.h). */
#include "app/integrity.h"

#include <stdlib.h>
#include <string.h>

#include "util/jsonout.h"

typedef struct collect {
    ot_integrity_result *res;
    size_t cap;
    bool nomem;
} collect;

static void add_problem(const char *problem, void *ctx)
{
    collect *c = ctx;
    ot_integrity_result *r = c->res;
    if (c->nomem) return;
    if (r->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        char **p = realloc(r->problems, cap * sizeof *p);
        if (!p) {
            c->nomem = true;
            return;
        }
        r->problems = p;
        c->cap = cap;
    }
    char *copy = strdup(problem);
    if (!copy) {
        c->nomem = true;
        return;
    }
    r->problems[r->count++] = copy;
}

ot_code ot_app_check_integrity(ot_app *app, ot_integrity_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    collect c = {res, 0, false};
    size_t found = 0;
    ot_error e = {0};
    ot_code rc = ot_db_check_integrity(ot_app_db(app), add_problem, &c, &found, &e);
    if (rc == OT_OK && c.nomem) rc = ot_fail(&e, OT_E_NOMEM, "out of memory");
    if (rc == OT_OK) return OT_OK;
    ot_integrity_result_free(res);
    return ot_fail(err, rc, "cannot check the database: %s", e.message);
}

json_t *ot_integrity_result_to_json(const ot_integrity_result *res)
{
    json_t *list = json_array();
    for (size_t i = 0; i < res->count; i++)
        json_array_append_new(list, ot_json_text(res->problems[i]));
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_boolean(res->count == 0));
    json_object_set_new(o, "problems", list);
    return o;
}

void ot_integrity_result_free(ot_integrity_result *res)
{
    if (!res) return;
    for (size_t i = 0; i < res->count; i++)
        free(res->problems[i]);
    free(res->problems);
    memset(res, 0, sizeof *res);
}
