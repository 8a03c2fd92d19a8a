/* refdata_show.c - use cases "refdata show" (one smelter: names, location, status,
 * history) and "refdata sources" (the lists the reference data were built from, with the
 * workspace's import log) (refdata.h). */
#include <stdlib.h>
#include <string.h>

#include "app/refdata.h"
#include "util/jsonout.h"

/* ---- show ------------------------------------------------------------------------- */

/* Whether `id` is the smelter itself or an ID merged into it: their names and history
 * are the smelter's too. */
static bool related(const ot_refdata *rd, const ot_smelter *s, const char *id)
{
    if (strcmp(id, s->id) == 0) return true;
    const ot_smelter *o = ot_refdata_find(rd, id);
    return o && ot_refdata_resolve_current(rd, o) == s;
}

/* No smelter has this ID: the name as a supplier would type it, through the matcher. */
static ot_code find_by_name(ot_refdata_show_result *res, const ot_refdata_show_request *req,
                            ot_error *err)
{
    ot_matcher *m;
    ot_code rc = ot_matcher_build(res->rd, &m, err);
    if (rc != OT_OK) return rc;
    ot_match_input in = {req->metal, NULL, NULL, req->what, NULL};
    ot_match_result r = {0};
    ot_match(m, &in, &r);
    res->smelter = r.smelter;
    for (size_t i = 0; i < r.candidate_count && i < OT_MATCH_MAX_CANDIDATES; i++)
        res->candidates[res->candidate_count++] = r.candidates[i].smelter;
    res->several_metals = (r.notes & OT_NOTE_AMBIGUOUS) && !req->metal;
    ot_matcher_free(m);
    if (!res->smelter) return ot_fail(err, OT_E_NOT_FOUND, "no smelter called '%s'", req->what);
    return OT_OK;
}

/* The names, legacy IDs and history of the smelter found. */
static ot_code collect(ot_refdata_show_result *res, ot_error *err)
{
    const ot_refdata *rd = res->rd;
    const ot_smelter *s = res->smelter;
    res->names = malloc((ot_refdata_alias_count(rd) + 1) * sizeof *res->names);
    res->legacy_ids = malloc((ot_refdata_legacy_count(rd) + 1) * sizeof *res->legacy_ids);
    res->history = malloc((ot_refdata_event_count(rd) + 1) * sizeof *res->history);
    if (!res->names || !res->legacy_ids || !res->history)
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < ot_refdata_alias_count(rd); i++) {
        const ot_refdata_alias *a = ot_refdata_alias_at(rd, i);
        if (related(rd, s, a->smelter_id)) res->names[res->name_count++] = a;
    }
    for (size_t i = 0; i < ot_refdata_legacy_count(rd); i++) {
        const char *legacy, *id;
        ot_refdata_legacy_at(rd, i, &legacy, &id);
        if (strcmp(id, s->id) == 0) res->legacy_ids[res->legacy_count++] = legacy;
    }
    for (size_t i = 0; i < ot_refdata_event_count(rd); i++) {
        const ot_refdata_event *e = ot_refdata_event_at(rd, i);
        if (related(rd, s, e->smelter_id)) res->history[res->history_count++] = e;
    }
    return OT_OK;
}

ot_code ot_app_refdata_show(ot_app *app, const ot_refdata_show_request *req,
                            ot_refdata_show_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    char date[11];
    if (req->date && !ot_refdata_parse_date(req->date, date))
        return ot_fail(err, OT_E_USAGE, "'%s' is not a date (use YYYY-MM-DD)", req->date);
    ot_code rc = ot_app_refdata(app, &res->rd, NULL, err);
    if (rc != OT_OK) return rc;
    res->smelter = ot_refdata_find(res->rd, req->what);
    if (!res->smelter && (rc = find_by_name(res, req, err)) != OT_OK) return rc;
    res->status = ot_refdata_status(res->rd, res->smelter->id, req->date ? date : NULL);
    return collect(res, err);
}

static json_t *names_to_json(const ot_refdata_show_result *res)
{
    json_t *names = json_array();
    for (size_t i = 0; i < res->name_count; i++) {
        const ot_refdata_alias *a = res->names[i];
        json_t *n = json_object();
        json_object_set_new(n, "name", ot_json_text(a->name));
        json_object_set_new(n, "listed_under", ot_json_text(a->smelter_id));
        json_object_set_new(n, "source", ot_json_text(a->source));
        json_array_append_new(names, n);
    }
    return names;
}

static json_t *history_to_json(const ot_refdata_show_result *res)
{
    json_t *hist = json_array();
    for (size_t i = 0; i < res->history_count; i++) {
        const ot_refdata_event *e = res->history[i];
        json_t *h = json_object();
        json_object_set_new(h, "date", ot_json_text(e->date));
        json_object_set_new(h, "event", json_string(ot_event_kind_name(e->kind)));
        json_object_set_new(h, "smelter_id", ot_json_text(e->smelter_id));
        json_object_set_new(h, "old", ot_json_text(e->old_value));
        json_object_set_new(h, "new", ot_json_text(e->new_value));
        json_object_set_new(h, "source", ot_json_text(e->source));
        json_array_append_new(hist, h);
    }
    return hist;
}

json_t *ot_refdata_show_result_to_json(const ot_refdata_show_result *res)
{
    const ot_smelter *s = res->smelter;
    const ot_status_entry *st = res->status;
    json_t *o = json_object();
    json_object_set_new(o, "smelter_id", ot_json_text(s->id));
    json_object_set_new(o, "metal", ot_json_text(s->metal));
    json_object_set_new(o, "standard_name", ot_json_text(s->standard_name));
    json_object_set_new(o, "country", ot_json_text(s->country));
    json_object_set_new(o, "city", ot_json_text(s->city));
    json_object_set_new(o, "state_province", ot_json_text(s->state_province));
    json_object_set_new(o, "street", ot_json_text(s->street));
    json_object_set_new(o, "id_source", ot_json_text(s->id_source));
    json_object_set_new(o, "state", json_string(ot_smelter_state_name(s->state)));
    json_object_set_new(o, "successor_id", ot_json_text(s->successor_id));
    json_object_set_new(o, "first_source", ot_json_text(s->first_source));
    json_object_set_new(o, "last_source", ot_json_text(s->last_source));
    json_object_set_new(o, "last_seen", ot_json_text(s->last_seen));
    json_object_set_new(o, "status",
                        st ? json_string(ot_rmap_status_name(st->status)) : json_null());
    json_object_set_new(o, "status_as_of", st ? ot_json_text(st->as_of) : json_null());
    json_object_set_new(o, "status_source", st ? ot_json_text(st->source) : json_null());
    json_object_set_new(o, "names", names_to_json(res));
    json_t *legacy = json_array();
    for (size_t i = 0; i < res->legacy_count; i++)
        json_array_append_new(legacy, ot_json_text(res->legacy_ids[i]));
    json_object_set_new(o, "legacy_ids", legacy);
    json_object_set_new(o, "history", history_to_json(res));
    return o;
}

void ot_refdata_show_result_free(ot_refdata_show_result *res)
{
    if (!res) return;
    free(res->names);
    free(res->legacy_ids);
    free(res->history);
    ot_refdata_free(res->rd);
    memset(res, 0, sizeof *res);
}

/* ---- sources ---------------------------------------------------------------------- */

/* Imports of the log are matched to the store's sources by label, file hash and date,
 * oldest first: the same file imported twice is two sources and two imports. */
static const ot_refdata_import_entry *import_of(const ot_refdata_sources_result *res, bool *used,
                                                const ot_refdata_source *src)
{
    for (size_t i = 0; i < res->import_count; i++) {
        const ot_refdata_import_entry *e = &res->imports[i];
        if (used[i] || e->undone_at[0]) continue;
        if (strcmp(e->label, src->label) == 0 && strcmp(e->sha256, src->sha256) == 0 &&
            strcmp(e->as_of, src->as_of) == 0) {
            used[i] = true;
            return e;
        }
    }
    return NULL;
}

/* The sources in force, then the imports that are not among them: undone, or replaced
 * by an import that started from an empty store. */
static void list_lines(ot_refdata_sources_result *res, bool *used)
{
    for (size_t i = 0; i < ot_refdata_source_count(res->rd); i++) {
        const ot_refdata_source *src = ot_refdata_source_at(res->rd, i);
        res->lines[res->count++] = (ot_refdata_source_line){src->label,
                                                            src->kind,
                                                            src->as_of,
                                                            src->sha256,
                                                            (long long)src->rows,
                                                            import_of(res, used, src),
                                                            true};
    }
    for (size_t i = 0; i < res->import_count; i++) {
        const ot_refdata_import_entry *e = &res->imports[i];
        if (!used[i])
            res->lines[res->count++] =
                (ot_refdata_source_line){e->label, e->kind, e->as_of, e->sha256, -1, e, false};
        if (!e->undone_at[0]) res->undoable = true;
    }
}

static void count_store(ot_refdata_sources_result *res)
{
    const ot_refdata *rd = res->rd;
    res->smelters = ot_refdata_smelter_count(rd);
    for (size_t i = 0; i < res->smelters; i++)
        res->current += ot_refdata_smelter_at(rd, i)->state == OT_SMELTER_CURRENT;
    res->names = ot_refdata_alias_count(rd);
    res->statuses = ot_refdata_status_count(rd);
}

ot_code ot_app_refdata_sources(ot_app *app, ot_refdata_sources_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_code rc = ot_app_refdata(app, &res->rd, &res->from_snapshot, err);
    if (rc == OT_OK && app)
        rc = ot_refdata_imports(ot_app_db(app), &res->imports, &res->import_count, err);
    if (rc != OT_OK) {
        ot_refdata_sources_result_free(res);
        return rc;
    }
    size_t n = ot_refdata_source_count(res->rd) + res->import_count + 1;
    bool *used = calloc(res->import_count + 1, sizeof *used);
    res->lines = calloc(n, sizeof *res->lines);
    if (!used || !res->lines) {
        free(used);
        ot_refdata_sources_result_free(res);
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    list_lines(res, used);
    free(used);
    count_store(res);
    return OT_OK;
}

static json_t *line_to_json(const ot_refdata_source_line *l)
{
    const ot_refdata_import_entry *e = l->import;
    json_t *j = json_object();
    json_object_set_new(j, "source", ot_json_text(l->source));
    json_object_set_new(j, "kind", ot_json_text(l->kind));
    json_object_set_new(j, "as_of", ot_json_text(l->as_of));
    json_object_set_new(j, "rows", l->rows >= 0 ? json_integer(l->rows) : json_null());
    json_object_set_new(j, "sha256", ot_json_text(l->sha256));
    json_object_set_new(j, "import_id", e ? json_integer(e->id) : json_null());
    json_object_set_new(j, "file", e ? ot_json_text(e->file) : json_null());
    json_object_set_new(j, "partial", json_boolean(e && e->partial));
    json_object_set_new(j, "imported_at", e ? ot_json_text(e->imported_at) : json_null());
    json_object_set_new(j, "imported_by", e ? ot_json_text(e->imported_by) : json_null());
    json_object_set_new(j, "in_force", json_boolean(l->in_force));
    json_object_set_new(j, "undone_at",
                        e && e->undone_at[0] ? ot_json_text(e->undone_at) : json_null());
    return j;
}

json_t *ot_refdata_sources_result_to_json(const ot_refdata_sources_result *res)
{
    json_t *lines = json_array();
    for (size_t i = 0; i < res->count; i++)
        json_array_append_new(lines, line_to_json(&res->lines[i]));
    return lines;
}

void ot_refdata_sources_result_free(ot_refdata_sources_result *res)
{
    if (!res) return;
    free(res->lines);
    free(res->imports);
    ot_refdata_free(res->rd);
    memset(res, 0, sizeof *res);
}
