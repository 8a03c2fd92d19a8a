/* cli_refdata_log.c - `oretrace refdata sources` and `oretrace refdata undo IMPORT_ID`:
 * the lists the reference data in use were built from, each with the IMPORT_ID of the
 * workspace import that brought it in, and undoing the latest import (refdata.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_refdata.h"
#include "cli_store.h"

/* Imports of the log are matched to the store's sources by label, file hash and date,
 * oldest first: the same file imported twice is two sources and two imports. */
static const ot_refdata_import_entry *import_of(const ot_refdata_import_entry *imp, size_t n,
                                                bool *used, const ot_refdata_source *src)
{
    for (size_t i = 0; i < n; i++) {
        if (used[i] || imp[i].undone_at[0]) continue;
        if (strcmp(imp[i].label, src->label) == 0 && strcmp(imp[i].sha256, src->sha256) == 0 &&
            strcmp(imp[i].as_of, src->as_of) == 0) {
            used[i] = true;
            return &imp[i];
        }
    }
    return NULL;
}

static json_t *entry_json(const char *label, const char *kind, const char *as_of, const char *sha,
                          json_t *rows, const ot_refdata_import_entry *e, bool in_force)
{
    json_t *j = json_object();
    json_object_set_new(j, "source", json_string(label));
    json_object_set_new(j, "kind", json_string(kind));
    json_object_set_new(j, "as_of", json_string(as_of));
    json_object_set_new(j, "rows", rows);
    json_object_set_new(j, "sha256", json_string(sha));
    json_object_set_new(j, "import_id", e ? json_integer(e->id) : json_null());
    json_object_set_new(j, "file", e ? json_string(e->file) : json_null());
    json_object_set_new(j, "partial", json_boolean(e && e->partial));
    json_object_set_new(j, "imported_at", e ? json_string(e->imported_at) : json_null());
    json_object_set_new(j, "imported_by", e ? json_string(e->imported_by) : json_null());
    json_object_set_new(j, "in_force", json_boolean(in_force));
    json_object_set_new(j, "undone_at",
                        e && e->undone_at[0] ? json_string(e->undone_at) : json_null());
    return j;
}

static void print_import(const ot_refdata_import_entry *e)
{
    printf("  %-9lld  %-10s  %-8s  %s%s; imported %s by %s", e->id, e->as_of, e->kind, e->label,
           e->partial ? " (partial)" : "", e->imported_at, e->imported_by);
    if (e->undone_at[0]) printf("; undone %s by %s", e->undone_at, e->undone_by);
    printf("\n");
}

/* The imports that are not among the store's sources: undone, or replaced by an import
 * that started from an empty store. */
static void list_others(const ot_refdata_import_entry *imp, size_t n, const bool *used, bool json,
                        json_t *list)
{
    bool header = false;
    for (size_t i = 0; i < n; i++) {
        if (used[i]) continue;
        const ot_refdata_import_entry *e = &imp[i];
        if (json) {
            json_array_append_new(
                list, entry_json(e->label, e->kind, e->as_of, e->sha256, json_null(), e, false));
            continue;
        }
        if (!header)
            printf("Imports no longer in force (undone, or replaced by a --fresh import):\n");
        header = true;
        print_import(e);
    }
}

static void list_sources(const ot_refdata *rd, const ot_refdata_import_entry *imp, size_t n,
                         bool *used, bool json, json_t *list)
{
    for (size_t i = 0; i < ot_refdata_source_count(rd); i++) {
        const ot_refdata_source *src = ot_refdata_source_at(rd, i);
        const ot_refdata_import_entry *e = import_of(imp, n, used, src);
        if (json) {
            json_array_append_new(list, entry_json(src->label, src->kind, src->as_of, src->sha256,
                                                   json_integer((json_int_t)src->rows), e, true));
            continue;
        }
        char id[24] = "-";
        if (e) snprintf(id, sizeof id, "%lld", e->id);
        printf("  %-9s  %-10s  %-8s  %s (%zu rows)", id, src->as_of, src->kind, src->label,
               src->rows);
        if (e)
            printf("%s; imported %s by %s", e->partial ? ", partial" : "", e->imported_at,
                   e->imported_by);
        printf("\n");
    }
}

int cli_refdata_sources(const char *ws_opt, bool json)
{
    ot_refdata *rd;
    bool snap = false;
    int rc = cli_refdata_open("refdata", ws_opt, &rd, &snap);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata_import_entry *imp = NULL;
    size_t n = 0;
    ot_error err = {0};
    if (ot_refdata_imports(cli_workspace(ws_opt), &imp, &n, &err) != OT_OK) {
        cli_errorf("refdata", "%s", err.message);
        ot_refdata_free(rd);
        return OT_EXIT_FAILURE;
    }
    bool *used = calloc(n + 1, sizeof *used);
    json_t *list = json_array();
    if (!json) {
        printf("%s\n", snap ? "Shipped snapshot (nothing imported into this workspace is in force):"
                            : "Lists the reference data in use were built from:");
        printf(
            "  IMPORT_ID  list date   kind      source   (IMPORT_ID -: shipped with oretrace)\n");
    }
    if (used) {
        list_sources(rd, imp, n, used, json, list);
        list_others(imp, n, used, json, list);
    }
    size_t cur = 0;
    for (size_t i = 0; i < ot_refdata_smelter_count(rd); i++)
        cur += ot_refdata_smelter_at(rd, i)->state == OT_SMELTER_CURRENT;
    if (!json) {
        printf("%zu smelter IDs (%zu current), %zu names, %zu status entries.\n",
               ot_refdata_smelter_count(rd), cur, ot_refdata_alias_count(rd),
               ot_refdata_status_count(rd));
        for (size_t i = 0; i < n; i++)
            if (!imp[i].undone_at[0]) {
                printf("Undo the latest import with: oretrace refdata undo IMPORT_ID\n");
                break;
            }
    }
    free(used);
    free(imp);
    ot_refdata_free(rd);
    if (!used) {
        json_decref(list);
        cli_errorf("refdata", "out of memory");
        return OT_EXIT_FAILURE;
    }
    if (json) return cli_print_json(list);
    json_decref(list);
    return OT_EXIT_OK;
}

static bool parse_id(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 1) return false;
    *out = v;
    return true;
}

int cli_refdata_undo(const char *ws_opt, const char *arg, bool json)
{
    long long id;
    if (!parse_id(arg, &id)) {
        cli_errorf("refdata",
                   "undo: '%s' is not an IMPORT_ID (a number from oretrace refdata "
                   "sources)",
                   arg);
        return OT_EXIT_USAGE;
    }
    ot_refdata_undo_report rep;
    ot_error err = {0};
    if (ot_refdata_undo(cli_workspace(ws_opt), id, &rep, &err) != OT_OK) {
        cli_errorf("refdata", "undo: %s", err.message);
        return OT_EXIT_FAILURE;
    }
    const ot_refdata_import_entry *e = &rep.import;
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "import_id", json_integer(e->id));
        json_object_set_new(j, "source", json_string(e->label));
        json_object_set_new(j, "kind", json_string(e->kind));
        json_object_set_new(j, "as_of", json_string(e->as_of));
        json_object_set_new(j, "undone_at", json_string(e->undone_at));
        json_object_set_new(j, "undone_by", json_string(e->undone_by));
        json_object_set_new(j, "restored", json_string(rep.to_snapshot ? "snapshot" : "store"));
        json_object_set_new(j, "smelters", json_integer((json_int_t)rep.smelters));
        json_object_set_new(j, "sources", json_integer((json_int_t)rep.sources));
        return cli_print_json(j);
    }
    printf("Undid import %lld (%s, list of %s, imported %s by %s): ", e->id, e->label, e->as_of,
           e->imported_at, e->imported_by);
    if (rep.to_snapshot)
        printf("nothing imported is in force any more; the shipped snapshot is used.\n");
    else
        printf("the reference data are as they were before it (%zu smelter IDs, %zu sources).\n",
               rep.smelters, rep.sources);
    return OT_EXIT_OK;
}
