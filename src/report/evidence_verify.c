/* evidence_verify.c - comparing the evidence written with a report against evidence made
 * from the workspace now (evidence.h): figures by name (printed value, then the suppliers
 * and submissions behind them), appendix rows by smelter ID, and the conclusion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/evidence.h"
#include "util/jsonout.h"

static bool add_change(ot_evidence_diff *d, const char *what, const char *before, const char *after)
{
    ot_evidence_change *grown = realloc(d->changes, (d->change_count + 1) * sizeof *grown);
    if (!grown) return false;
    d->changes = grown;
    ot_evidence_change *c = &grown[d->change_count];
    c->what = strdup(what);
    c->before = strdup(before ? before : "");
    c->after = strdup(after ? after : "");
    if (!c->what || !c->before || !c->after) {
        free(c->what), free(c->before), free(c->after);
        return false;
    }
    d->change_count++;
    return true;
}

static json_t *find_by(const json_t *array, const char *key, const char *value)
{
    size_t i;
    json_t *e;
    json_array_foreach(array, i, e)
    {
        const char *v = json_string_value(json_object_get(e, key));
        if (v && strcmp(v, value) == 0) return e;
    }
    return NULL;
}

/* A compact description of a JSON value (malloc'd). */
static char *describe(const json_t *v)
{
    if (!v) return strdup("");
    if (json_is_string(v)) return strdup(json_string_value(v));
    char *s = ot_json_dumps(v, JSON_COMPACT);
    return s ? s : strdup("?");
}

static bool compare_figure(ot_evidence_diff *d, const json_t *old, const json_t *now)
{
    char what[96];
    snprintf(what, sizeof what, "figure %s", json_string_value(json_object_get(old, "name")));
    json_t *ot = json_object_get(old, "text"), *nt = json_object_get(now, "text");
    if (!json_equal(ot, nt))
        return add_change(d, what, json_string_value(ot), json_string_value(nt));
    const char *keys[] = {"supplier_ids", "submission_ids"};
    for (size_t k = 0; k < 2; k++) {
        json_t *o = json_object_get(old, keys[k]), *n = json_object_get(now, keys[k]);
        if (json_equal(o, n)) continue;
        char label[128];
        snprintf(label, sizeof label, "%s (%s)", what, keys[k]);
        char *b = describe(o), *a = describe(n);
        bool ok = b && a && add_change(d, label, b, a);
        free(b), free(a);
        return ok;
    }
    return true;
}

static bool compare_figures(ot_evidence_diff *d, const json_t *before, const json_t *now)
{
    json_t *old_figs = json_object_get(before, "figures"),
           *new_figs = json_object_get(now, "figures");
    size_t i;
    json_t *e;
    json_array_foreach(old_figs, i, e)
    {
        const char *name = json_string_value(json_object_get(e, "name"));
        if (!name) continue;
        d->figures_checked++;
        json_t *n = find_by(new_figs, "name", name);
        char what[96];
        snprintf(what, sizeof what, "figure %s", name);
        bool ok = n ? compare_figure(d, e, n)
                    : add_change(d, what, json_string_value(json_object_get(e, "text")),
                                 "(no longer computed)");
        if (!ok) return false;
    }
    return true;
}

static char *row_summary(const json_t *row)
{
    if (!row) return strdup("");
    const char *status = json_string_value(json_object_get(row, "rmap_status"));
    const char *date = json_string_value(json_object_get(row, "status_as_of"));
    size_t n = json_array_size(json_object_get(row, "supplier_ids"));
    char buf[256];
    snprintf(buf, sizeof buf, "%s, %s (%s), named by %zu suppliers",
             json_string_value(json_object_get(row, "standard_name")), status ? status : "?",
             date ? date : "no date", n);
    return strdup(buf);
}

static bool compare_row(ot_evidence_diff *d, const json_t *old, const json_t *now, const char *id)
{
    if (old && now && json_equal(old, now)) return true;
    char what[96];
    snprintf(what, sizeof what, "appendix %s", id);
    char *b = old ? row_summary(old) : strdup(""), *a = now ? row_summary(now) : strdup("");
    if (old && now && b && a && strcmp(a, b) == 0) {
        free(a);
        a = strdup("the same status; the suppliers or submissions behind it changed");
    }
    bool ok = b && a && add_change(d, what, b, a);
    free(b), free(a);
    return ok;
}

static bool compare_appendix(ot_evidence_diff *d, const json_t *before, const json_t *now)
{
    json_t *o = json_object_get(json_object_get(before, "appendix"), "smelters");
    json_t *n = json_object_get(json_object_get(now, "appendix"), "smelters");
    size_t i;
    json_t *e;
    json_array_foreach(o, i, e)
    {
        const char *id = json_string_value(json_object_get(e, "smelter_id"));
        if (!id) continue;
        d->smelters_checked++;
        if (!compare_row(d, e, find_by(n, "smelter_id", id), id)) return false;
    }
    json_array_foreach(n, i, e)
    {
        const char *id = json_string_value(json_object_get(e, "smelter_id"));
        if (id && !find_by(o, "smelter_id", id) && !compare_row(d, NULL, e, id)) return false;
    }
    json_t *ou = json_object_get(json_object_get(before, "appendix"), "unresolved");
    json_t *nu = json_object_get(json_object_get(now, "appendix"), "unresolved");
    if (json_equal(ou, nu)) return true;
    char *b = describe(ou), *a = describe(nu);
    bool ok = b && a && add_change(d, "appendix unresolved names", b, a);
    free(b), free(a);
    return ok;
}

static bool compare_conclusion(ot_evidence_diff *d, const json_t *before, const json_t *now)
{
    json_t *o = json_object_get(before, "conclusion"), *n = json_object_get(now, "conclusion");
    const char *keys[] = {"conclusion", "outcome", "derived", "derived_outcome"};
    for (size_t k = 0; k < 4; k++) {
        json_t *ov = json_object_get(o, keys[k]), *nv = json_object_get(n, keys[k]);
        if (json_equal(ov, nv)) continue;
        char what[64];
        snprintf(what, sizeof what, "conclusion %s", keys[k]);
        if (!add_change(d, what, json_string_value(ov), json_string_value(nv))) return false;
    }
    return true;
}

ot_code ot_evidence_compare(const json_t *before, const json_t *now, ot_evidence_diff *out,
                            ot_error *err)
{
    memset(out, 0, sizeof *out);
    if (!compare_figures(out, before, now) || !compare_appendix(out, before, now) ||
        !compare_conclusion(out, before, now)) {
        ot_evidence_diff_free(out);
        return ot_fail(err, OT_E_NOMEM, "out of memory comparing the evidence");
    }
    return OT_OK;
}

void ot_evidence_diff_free(ot_evidence_diff *d)
{
    for (size_t i = 0; i < d->change_count; i++) {
        free(d->changes[i].what);
        free(d->changes[i].before);
        free(d->changes[i].after);
    }
    free(d->changes);
    memset(d, 0, sizeof *d);
}
