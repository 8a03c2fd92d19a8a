/* suppliers.c - importing the vendor list into the workspace (see suppliers.h).
 *
 * Two phases. Reading: every CSV row is checked and merged into an in-memory supplier
 * (arena-owned strings, a small hash by supplier_id); a bad row is recorded with its
 * line and dropped whole. Writing: one transaction upserts each supplier and its
 * contacts, appends an audit entry per created or changed supplier, re-scopes, appends
 * the import's summary entry and commits. */
#include "suppliers.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "campaign/import_util.h"
#include "campaign/mail.h"
#include "store/audit.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/jsonout.h"
#include "util/text.h"

static const char *const col_names[OT_SCOL__COUNT] = {
    "supplier_id", "name",         "country",       "category",     "last_purchase",
    "active",      "contact_name", "contact_email", "contact_role", "parent_id",
};

const char *ot_supplier_col_name(ot_supplier_col c)
{
    return (unsigned)c < OT_SCOL__COUNT ? col_names[c] : "";
}

void ot_supplier_map_default(ot_supplier_map *m)
{
    for (int i = 0; i < OT_SCOL__COUNT; i++)
        snprintf(m->names[i], sizeof m->names[i], "%s", col_names[i]);
}

ot_code ot_supplier_map_parse(const char *spec, ot_supplier_map *m, ot_error *err)
{
    ot_supplier_map_default(m);
    return ot_column_map_parse(spec, col_names, OT_SCOL__COUNT, m->names, err);
}

/* ---- reading ---------------------------------------------------------------------- */

typedef struct pending_contact {
    const char *name, *email, *role;
    struct pending_contact *next;
} pending_contact;

typedef struct pending {
    const char *f[OT_SCOL__COUNT]; /* merged supplier fields (contact columns unused) */
    size_t first_line, rows;
    pending_contact *contacts, *last_contact;
} pending;

typedef struct reading {
    ot_import_reader in;
    ot_arena arena;
    pending **list;
    size_t count, cap;
    size_t *slots; /* hash of supplier_id -> index + 1 */
    size_t nslots;
} reading;

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static pending *find_or_add(reading *rd, const char *key, size_t line)
{
    if (rd->count * 2 >= rd->nslots) {
        size_t n = rd->nslots ? rd->nslots * 2 : 256;
        size_t *s = calloc(n, sizeof *s);
        if (!s) return NULL;
        for (size_t i = 0; i < rd->count; i++) {
            size_t h = hash_str(rd->list[i]->f[OT_SCOL_SUPPLIER_ID]) & (n - 1);
            while (s[h])
                h = (h + 1) & (n - 1);
            s[h] = i + 1;
        }
        free(rd->slots);
        rd->slots = s;
        rd->nslots = n;
    }
    size_t h = hash_str(key) & (rd->nslots - 1);
    while (rd->slots[h]) {
        pending *p = rd->list[rd->slots[h] - 1];
        if (strcmp(p->f[OT_SCOL_SUPPLIER_ID], key) == 0) return p;
        h = (h + 1) & (rd->nslots - 1);
    }
    if (rd->count == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 64;
        pending **l = realloc(rd->list, cap * sizeof *l);
        if (!l) return NULL;
        rd->list = l;
        rd->cap = cap;
    }
    pending *p = ot_arena_alloc(&rd->arena, sizeof *p);
    if (!p) return NULL;
    memset(p, 0, sizeof *p);
    p->f[OT_SCOL_SUPPLIER_ID] = ot_arena_strdup(&rd->arena, key);
    p->first_line = line;
    rd->list[rd->count++] = p;
    rd->slots[h] = rd->count;
    return p;
}

/* Checks one data row's values; on a problem records it and returns false. */
static bool check_row(reading *rd, size_t line, const char *const *v)
{
    if (!v[OT_SCOL_SUPPLIER_ID] || !*v[OT_SCOL_SUPPLIER_ID])
        return ot_import_skip_row(&rd->in, line, "%s is empty", rd->in.names[OT_SCOL_SUPPLIER_ID]);
    const char *lp = v[OT_SCOL_LAST_PURCHASE];
    int32_t d;
    if (lp && *lp && !ot_date_parse(lp, &d))
        return ot_import_skip_row(&rd->in, line, "%s '%s' is not an ISO date (YYYY-MM-DD)",
                                  rd->in.names[OT_SCOL_LAST_PURCHASE], lp);
    const char *act = v[OT_SCOL_ACTIVE];
    if (act && *act && ot_parse_yes_no(act) < 0)
        return ot_import_skip_row(&rd->in, line, "%s '%s' must be yes or no",
                                  rd->in.names[OT_SCOL_ACTIVE], act);
    const char *email = v[OT_SCOL_CONTACT_EMAIL];
    if (email && *email && !ot_mail_address_valid(email))
        return ot_import_skip_row(&rd->in, line, "%s '%s' is not an e-mail address",
                                  rd->in.names[OT_SCOL_CONTACT_EMAIL], email);
    return true;
}

static ot_code on_supplier_row(const ot_import_reader *in, size_t line, const char *const *v,
                               void *ctx, ot_error *err)
{
    (void)in;
    reading *rd = ctx;
    if (!check_row(rd, line, v)) return OT_OK;
    pending *p = find_or_add(rd, v[OT_SCOL_SUPPLIER_ID], line);
    if (!p) return ot_fail(err, OT_E_NOMEM, "out of memory reading the vendor list");
    p->rows++;
    for (int c = OT_SCOL_NAME; c < OT_SCOL__COUNT; c++) {
        if (c == OT_SCOL_CONTACT_NAME || c == OT_SCOL_CONTACT_EMAIL || c == OT_SCOL_CONTACT_ROLE)
            continue;
        if (v[c] && *v[c]) p->f[c] = ot_arena_strdup(&rd->arena, v[c]); /* last value wins */
    }
    const char *cn = v[OT_SCOL_CONTACT_NAME], *ce = v[OT_SCOL_CONTACT_EMAIL],
               *cr = v[OT_SCOL_CONTACT_ROLE];
    if ((cn && *cn) || (ce && *ce)) {
        pending_contact *c = ot_arena_alloc(&rd->arena, sizeof *c);
        if (!c) return ot_fail(err, OT_E_NOMEM, "out of memory reading the vendor list");
        c->name = cn && *cn ? ot_arena_strdup(&rd->arena, cn) : NULL;
        c->email = ce && *ce ? ot_arena_strdup(&rd->arena, ce) : NULL;
        c->role = cr && *cr ? ot_arena_strdup(&rd->arena, cr) : NULL;
        c->next = NULL;
        if (p->last_contact)
            p->last_contact->next = c;
        else
            p->contacts = c;
        p->last_contact = c;
    }
    return OT_OK;
}

/* ---- writing ---------------------------------------------------------------------- */

/* Lower-case key identifying a contact within its supplier. */
static void contact_key(const pending_contact *c, char *out, size_t size)
{
    if (c->email)
        snprintf(out, size, "%s", c->email);
    else
        snprintf(out, size, "name:%s", c->name);
    for (char *p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
}

static ot_code upsert_contacts(ot_db *db, int64_t supplier_id, const pending *p, size_t *added,
                               json_t *detail, ot_error *err)
{
    size_t n = 0;
    for (const pending_contact *c = p->contacts; c; c = c->next) {
        char key[400];
        contact_key(c, key, sizeof key);
        int64_t exists = 0;
        ot_code rc =
            ot_db_query_int(db,
                            "SELECT COUNT(*) FROM supplier_contact WHERE supplier_id = ? "
                            "AND contact_key = ?",
                            OT_DB_PARAMS(ot_db_int(supplier_id), ot_db_text(key)), &exists, err);
        if (rc != OT_OK) return rc;
        char domain[256] = "";
        if (c->email) {
            snprintf(domain, sizeof domain, "%s", strchr(c->email, '@') + 1);
            for (char *d = domain; *d; d++)
                if (*d >= 'A' && *d <= 'Z') *d = (char)(*d + 32);
        }
        rc =
            ot_db_exec(db,
                       "INSERT INTO supplier_contact (supplier_id, contact_key, position, name, "
                       "email, email_domain, role) VALUES (?, ?, (SELECT COUNT(*) FROM "
                       "supplier_contact WHERE supplier_id = ?), ?, ?, ?, ?) "
                       "ON CONFLICT (supplier_id, contact_key) DO UPDATE SET "
                       "name = COALESCE(excluded.name, supplier_contact.name), "
                       "role = COALESCE(excluded.role, supplier_contact.role)",
                       OT_DB_PARAMS(ot_db_int(supplier_id), ot_db_text(key), ot_db_int(supplier_id),
                                    ot_db_text(c->name), ot_db_text(c->email),
                                    ot_db_text(c->email ? domain : NULL), ot_db_text(c->role)),
                       err);
        if (rc != OT_OK) return rc;
        if (!exists) n++;
    }
    if (n) json_object_set_new(detail, "contacts_added", json_integer((json_int_t)n));
    *added += n;
    return OT_OK;
}

static const char *const stored_cols[] = {"name",          "country", "category",
                                          "last_purchase", "active",  "parent_key"};
static const ot_supplier_col stored_src[] = {OT_SCOL_NAME,     OT_SCOL_COUNTRY,
                                             OT_SCOL_CATEGORY, OT_SCOL_LAST_PURCHASE,
                                             OT_SCOL_ACTIVE,   OT_SCOL_PARENT_ID};
#define N_STORED 6

/* The value a stored column gets from the file: the merged value, or NULL when the
 * column is in the file but empty; *given false when the column is not in the file (the
 * stored value stays). active is normalised to "1"/"0". */
static const char *file_value(const reading *rd, const pending *p, int i, bool *given)
{
    ot_supplier_col c = stored_src[i];
    *given = rd->in.col[c] >= 0;
    const char *v = p->f[c];
    if (c == OT_SCOL_ACTIVE && v) return ot_parse_yes_no(v) ? "1" : "0";
    if (c == OT_SCOL_NAME && !v) *given = false; /* a name is never cleared */
    return v;
}

/* A supplier new to the workspace: its row, and its values in `values` for the audit. */
static ot_code insert_supplier(ot_db *db, const reading *rd, const pending *p, const char *ts,
                               json_t *values, int64_t *id, ot_error *err)
{
    bool given;
    const char *vals[N_STORED];
    for (int i = 0; i < N_STORED; i++)
        vals[i] = file_value(rd, p, i, &given);
    char cat_norm[OT_CATEGORY_LEN];
    ot_category_normalize(vals[2], cat_norm);
    ot_code rc =
        ot_db_exec(db,
                   "INSERT INTO supplier (supplier_key, name, country, category, "
                   "category_norm, last_purchase, active, parent_key, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS INTEGER), ?, ?, ?)",
                   OT_DB_PARAMS(ot_db_text(p->f[OT_SCOL_SUPPLIER_ID]), ot_db_text(vals[0]),
                                ot_db_text(vals[1]), ot_db_text(vals[2]), ot_db_text(cat_norm),
                                ot_db_text(vals[3]), ot_db_text(vals[4]), ot_db_text(vals[5]),
                                ot_db_text(ts), ot_db_text(ts)),
                   err);
    *id = ot_db_last_insert_id(db);
    for (int i = 0; i < N_STORED; i++)
        if (vals[i]) json_object_set_new(values, stored_cols[i], json_string(vals[i]));
    return rc;
}

/* A supplier already stored (its row in st, columns as in write_supplier's query): the
 * columns the file changes are updated and listed in `changed` as [old, new]. */
static ot_code update_supplier(ot_db *db, const reading *rd, const pending *p, ot_stmt *st,
                               const char *ts, json_t *changed, ot_error *err)
{
    const char *newv[N_STORED];
    for (int i = 0; i < N_STORED; i++) {
        bool given;
        const char *fv = file_value(rd, p, i, &given);
        const char *old = ot_stmt_text(st, i + 1);
        if (!given) fv = old;
        newv[i] = fv;
        if ((fv == NULL) != (old == NULL) || (fv && strcmp(fv, old) != 0)) {
            json_t *pair = json_array();
            json_array_append_new(pair, old ? json_string(old) : json_null());
            json_array_append_new(pair, fv ? json_string(fv) : json_null());
            json_object_set_new(changed, stored_cols[i], pair);
        }
    }
    if (!json_object_size(changed)) return OT_OK;
    /* newv points into the statement's row: the caller finalizes it after this */
    char cat_norm[OT_CATEGORY_LEN];
    ot_category_normalize(newv[2], cat_norm);
    return ot_db_exec(db,
                      "UPDATE supplier SET name = ?, country = ?, category = ?, "
                      "category_norm = ?, last_purchase = ?, active = CAST(? AS INTEGER), "
                      "parent_key = ?, updated_at = ? WHERE id = ?",
                      OT_DB_PARAMS(ot_db_text(newv[0]), ot_db_text(newv[1]), ot_db_text(newv[2]),
                                   ot_db_text(cat_norm), ot_db_text(newv[3]), ot_db_text(newv[4]),
                                   ot_db_text(newv[5]), ot_db_text(ts),
                                   ot_db_int(ot_stmt_int(st, 0))),
                      err);
}

/* One supplier of the file: created or updated, its contacts merged, counted and audited
 * (when anything changed). A new supplier without a name is skipped with a warning. */
static ot_code write_supplier(ot_db *db, reading *rd, const pending *p, const char *actor,
                              const char *ts, ot_supplier_import_report *rep, ot_error *err)
{
    const char *key = p->f[OT_SCOL_SUPPLIER_ID];
    ot_stmt *st;
    ot_code rc =
        ot_db_prepare(db,
                      "SELECT id, name, country, category, last_purchase, "
                      "CAST(active AS TEXT), parent_key FROM supplier WHERE supplier_key = ?",
                      &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_text(st, 1, key, err);
    ot_step s = ot_stmt_step(st, err);
    bool created = s == OT_STEP_DONE;
    if (s == OT_STEP_ERROR || (created && !p->f[OT_SCOL_NAME])) {
        ot_stmt_finalize(st);
        if (s == OT_STEP_ERROR) return err->code;
        ot_import_warn(&rd->in, p->first_line,
                       "supplier %s has no %s (needed for a new supplier); its %zu row%s skipped",
                       key, rd->in.names[OT_SCOL_NAME], p->rows, p->rows == 1 ? " was" : "s were");
        rep->skipped += p->rows;
        return OT_OK;
    }
    json_t *detail = json_object(), *changed = json_object();
    int64_t id = created ? 0 : ot_stmt_int(st, 0);
    if (created) {
        rc = insert_supplier(db, rd, p, ts, changed, &id, err);
        json_object_set_new(detail, "created", json_true());
        rep->created++;
    } else {
        rc = update_supplier(db, rd, p, st, ts, changed, err);
    }
    ot_stmt_finalize(st);
    if (rc == OT_OK) rc = upsert_contacts(db, id, p, &rep->contacts_added, detail, err);
    if (rc == OT_OK && !created) {
        if (json_object_size(changed) || json_object_get(detail, "contacts_added"))
            rep->updated++;
        else
            rep->unchanged++;
    }
    if (rc == OT_OK && (created || json_object_size(changed) || json_object_size(detail))) {
        json_object_set_new(detail, "supplier_id", json_string(key));
        json_object_set(detail, created ? "values" : "changed", changed);
        char sid[32];
        snprintf(sid, sizeof sid, "%lld", (long long)id);
        rc = ot_audit_json(db, actor, OT_AUDIT_IMPORT, "supplier", sid, detail, err);
    }
    json_decref(changed);
    json_decref(detail);
    return rc;
}

static void reading_free(reading *rd)
{
    ot_arena_free(&rd->arena);
    free(rd->list);
    free(rd->slots);
}

ot_code ot_suppliers_import(ot_workspace *ws, const char *csv_path, const ot_supplier_map *map,
                            const char *actor, int32_t today, ot_supplier_import_report *rep,
                            ot_error *err)
{
    return ot_suppliers_import_as(ws, csv_path, NULL, map, actor, today, rep, err);
}

ot_code ot_suppliers_import_as(ot_workspace *ws, const char *csv_path, const char *encoding,
                               const ot_supplier_map *map, const char *actor, int32_t today,
                               ot_supplier_import_report *rep, ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    ot_supplier_map def;
    if (!map) {
        ot_supplier_map_default(&def);
        map = &def;
    }
    reading rd = {0};
    ot_arena_init(&rd.arena, 0);
    const char *names[OT_SCOL__COUNT];
    for (int i = 0; i < OT_SCOL__COUNT; i++)
        names[i] = map->names[i];
    bool required[OT_SCOL__COUNT]; /* supplier_id, and every column the user mapped */
    for (int i = 0; i < OT_SCOL__COUNT; i++)
        required[i] = i == OT_SCOL_SUPPLIER_ID || strcmp(map->names[i], col_names[i]) != 0;
    ot_code rc = ot_import_read(csv_path, encoding, names, required, OT_SCOL__COUNT,
                                on_supplier_row, &rd, &rd.in, rep, err);
    ot_db *db = ws->db;
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    if (rc == OT_OK) rc = ot_db_begin(db, err);
    for (size_t i = 0; rc == OT_OK && i < rd.count; i++)
        rc = write_supplier(db, &rd, rd.list[i], actor, ts, rep, err);
    if (rc == OT_OK) rc = ot_suppliers_scope(ws, actor, today, rep, err);
    if (rc == OT_OK) {
        json_t *d = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I}", "file", ot_json_text(csv_path),
                              "rows", (json_int_t)rep->rows, "skipped", (json_int_t)rep->skipped,
                              "created", (json_int_t)rep->created, "updated",
                              (json_int_t)rep->updated, "unchanged", (json_int_t)rep->unchanged,
                              "contacts_added", (json_int_t)rep->contacts_added);
        rc = ot_audit_json(db, actor, OT_AUDIT_IMPORT, "vendor_list", NULL, d, err);
        json_decref(d);
    }
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    ot_import_reader_finish(&rd.in, rep);
    reading_free(&rd);
    return rc;
}

void ot_supplier_import_report_free(ot_supplier_import_report *r)
{
    free(r->problems);
    r->problems = NULL;
    r->n_problems = 0;
}

/* ---- listing ---------------------------------------------------------------------- */

ot_code ot_suppliers_each(ot_workspace *ws, bool in_scope_only, ot_supplier_fn fn, void *ctx,
                          ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db,
        "SELECT s.id, s.supplier_key, s.name, s.country, s.category, s.category_norm, "
        "s.last_purchase, COALESCE(s.active, -1), s.parent_key, COALESCE(s.in_scope, -1), "
        "s.scope_reason, s.vendor_reason, s.bom_reason, "
        "(SELECT group_concat(COALESCE(c.name, '') || ' <' || COALESCE(c.email, '') || '>' || "
        "   CASE WHEN c.role IS NULL THEN '' ELSE ' (' || c.role || ')' END, '; ') "
        "   FROM (SELECT * FROM supplier_contact WHERE supplier_id = s.id ORDER BY position) c) "
        "FROM supplier s WHERE (? = 0 OR s.in_scope = 1) ORDER BY s.supplier_key",
        &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, in_scope_only ? 1 : 0, err);
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        ot_supplier_info in = {
            .id = ot_stmt_int(st, 0),
            .supplier_id = ot_stmt_text(st, 1),
            .name = ot_stmt_text(st, 2),
            .country = ot_stmt_text(st, 3),
            .category = ot_stmt_text(st, 4),
            .category_norm = ot_stmt_text(st, 5),
            .last_purchase = ot_stmt_text(st, 6),
            .active = (int)ot_stmt_int(st, 7),
            .parent_id = ot_stmt_text(st, 8),
            .in_scope = (int)ot_stmt_int(st, 9),
            .scope_reason = ot_stmt_text(st, 10),
            .vendor_reason = ot_stmt_text(st, 11),
            .bom_reason = ot_stmt_text(st, 12),
            .contacts = ot_stmt_text(st, 13),
        };
        if ((rc = fn(&in, ctx, err)) != OT_OK) break;
    }
    if (s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}
