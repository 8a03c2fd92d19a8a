/* migrate.c - the migrations runner, written only against store.h so every backend shares it.
 *
 * Invariants: a migration and its schema_version row commit in one transaction, so a
 * crash leaves the schema either before or after it, never half-way; the check "is this
 * version applied?" is repeated inside the write transaction, so two processes opening
 * the same workspace at once apply each migration exactly once. Versions are one global
 * sequence applied in ascending order, so every database goes through the same steps in
 * the same order (a gap, which only a development build can leave, is still filled).
 *
 * Until issue 9 each module numbered its migrations in its own range (010 campaign, 020
 * refdata, 030 ingest), so a database older than a module applied them in another order
 * than a new one. Those databases record the old numbers; ot_db_migrate renumbers them
 * (legacy_numbers below) before anything else, so they are recognised, not re-applied. */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#include "util/fileio.h"

static const char *const create_schema_version = "CREATE TABLE IF NOT EXISTS schema_version ("
                                                 " version INTEGER PRIMARY KEY,"
                                                 " name TEXT NOT NULL,"
                                                 " sha256 TEXT NOT NULL,"
                                                 " applied_at TEXT NOT NULL)";

ot_code ot_db_schema_version(ot_db *db, int *version, ot_error *err)
{
    *version = 0;
    bool exists = false;
    ot_code c = ot_db_table_exists(db, "schema_version", &exists, err);
    if (c != OT_OK || !exists) return c;
    int64_t v = 0;
    c = ot_db_query_int(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version", OT_DB_NO_PARAMS,
                        &v, err);
    *version = (int)v;
    return c;
}

static ot_code is_applied(ot_db *db, int version, bool *applied, ot_error *err)
{
    int64_t n = 0;
    ot_code c = ot_db_query_int(db, "SELECT COUNT(*) FROM schema_version WHERE version = ?",
                                OT_DB_PARAMS(ot_db_int(version)), &n, err);
    *applied = n > 0;
    return c;
}

static ot_code apply_one(ot_db *db, const ot_migration *m, bool *done, ot_error *err)
{
    *done = false;
    ot_code c = ot_db_begin(db, err);
    if (c != OT_OK) return c;
    bool applied = false;
    c = is_applied(db, m->version, &applied, err);
    if (c == OT_OK && !applied) {
        c = ot_db_exec(db, m->sql, OT_DB_NO_PARAMS, err);
        if (c != OT_OK && err) {
            char why[sizeof err->message];
            snprintf(why, sizeof why, "%s", err->message);
            ot_fail(err, c, "migration %03d_%s failed: %s", m->version, m->name, why);
        }
    }
    if (c == OT_OK && !applied) {
        char sha[OT_SHA256_HEX_LEN], ts[OT_TS_LEN];
        ot_sha256_hex(m->sql, strlen(m->sql), sha);
        ot_db_timestamp(ts);
        c = ot_db_exec(db,
                       "INSERT INTO schema_version (version, name, sha256, applied_at)"
                       " VALUES (?, ?, ?, ?)",
                       OT_DB_PARAMS(ot_db_int(m->version), ot_db_text(m->name), ot_db_text(sha),
                                    ot_db_text(ts)),
                       err);
    }
    if (c != OT_OK) {
        ot_db_rollback(db);
        return c;
    }
    c = ot_db_commit(db, err);
    *done = c == OT_OK && !applied;
    return c;
}

ot_code ot_db_migrate_with(ot_db *db, const ot_migration *migrations, size_t count,
                           int *applied_out, ot_error *err)
{
    if (applied_out) *applied_out = 0;
    bool exists = false;
    ot_code c = ot_db_table_exists(db, "schema_version", &exists, err);
    if (c != OT_OK) return c;
    if (!exists && !ot_db_may_initialise(db)) {
        const char *path = ot_db_path(db);
        return ot_fail(err, OT_E_DB,
                       "database %s holds no oretrace schema (no schema_version table): it is "
                       "empty or not an oretrace database",
                       path ? path : "in memory");
    }
    if (!exists && (c = ot_db_exec(db, create_schema_version, OT_DB_NO_PARAMS, err)) != OT_OK)
        return c;
    int current = 0;
    c = ot_db_schema_version(db, &current, err);
    if (c != OT_OK) return c;
    int newest = 0;
    for (size_t i = 0; i < count; i++) {
        if (migrations[i].version <= newest)
            return ot_fail(err, OT_E_USAGE, "migrations out of order at %03d_%s",
                           migrations[i].version, migrations[i].name);
        newest = migrations[i].version;
    }
    if (current > newest)
        return ot_fail(err, OT_E_CONFLICT,
                       "the database schema is version %d but this oretrace knows only up to "
                       "%d; use a newer oretrace",
                       current, newest);
    for (size_t i = 0; i < count; i++) {
        bool already = false;
        c = is_applied(db, migrations[i].version, &already, err);
        if (c != OT_OK) return c;
        if (already) continue;
        bool done = false;
        c = apply_one(db, &migrations[i], &done, err);
        if (c != OT_OK) return c;
        if (done && applied_out) (*applied_out)++;
    }
    return OT_OK;
}

/* The per-module numbers the previous releases recorded, and the global ones that replaced
 * them (the files were renamed, their text is unchanged). Matched on version and name
 * together, so a later migration may reuse an old number under another name. */
static const struct legacy_number {
    int old_version;
    const char *name;
    int version;
} legacy_numbers[] = {
    /* In this order: version is the table's key, so a number is freed before it is taken
     * (004_audit_head, a development number, gives 4 up before 010_suppliers takes it). */
    {4, "audit_head", 9}, {21, "refdata_undo", 8}, {30, "ingest", 7},
    {20, "refdata", 6},   {11, "campaigns", 5},    {10, "suppliers", 4},
};
#define LEGACY_COUNT (sizeof legacy_numbers / sizeof legacy_numbers[0])

static ot_code count_legacy_rows(ot_db *db, int64_t *n, ot_error *err)
{
    *n = 0;
    for (size_t i = 0; i < LEGACY_COUNT; i++) {
        int64_t k = 0;
        ot_code c = ot_db_query_int(
            db, "SELECT COUNT(*) FROM schema_version WHERE version = ? AND name = ?",
            OT_DB_PARAMS(ot_db_int(legacy_numbers[i].old_version),
                         ot_db_text(legacy_numbers[i].name)),
            &k, err);
        if (c != OT_OK) return c;
        *n += k;
    }
    return OT_OK;
}

/* Rewrites the old numbers in schema_version to the global ones, in one transaction
 * (idempotent: a second process finds nothing left to rewrite). */
static ot_code renumber_legacy(ot_db *db, ot_error *err)
{
    bool exists = false;
    int64_t n = 0;
    ot_code c = ot_db_table_exists(db, "schema_version", &exists, err);
    if (c == OT_OK && exists) c = count_legacy_rows(db, &n, err);
    if (c != OT_OK || n == 0) return c;
    c = ot_db_begin(db, err);
    if (c != OT_OK) return c;
    for (size_t i = 0; i < LEGACY_COUNT && c == OT_OK; i++)
        c = ot_db_exec(db, "UPDATE schema_version SET version = ? WHERE version = ? AND name = ?",
                       OT_DB_PARAMS(ot_db_int(legacy_numbers[i].version),
                                    ot_db_int(legacy_numbers[i].old_version),
                                    ot_db_text(legacy_numbers[i].name)),
                       err);
    if (c != OT_OK) {
        ot_db_rollback(db);
        return c;
    }
    return ot_db_commit(db, err);
}

/* A built-in migration must not take an old number under its old name: the renumbering
 * would then claim it. */
static ot_code check_no_legacy_reuse(const ot_migration *migrations, size_t count, ot_error *err)
{
    for (size_t i = 0; i < count; i++)
        for (size_t k = 0; k < LEGACY_COUNT; k++)
            if (migrations[i].version == legacy_numbers[k].old_version &&
                strcmp(migrations[i].name, legacy_numbers[k].name) == 0)
                return ot_fail(err, OT_E_USAGE, "migration %03d_%s reuses a retired number",
                               migrations[i].version, migrations[i].name);
    return OT_OK;
}

ot_code ot_db_migrate(ot_db *db, int *applied, ot_error *err)
{
    if (applied) *applied = 0;
    ot_code c = check_no_legacy_reuse(ot_store_migrations, ot_store_migration_count, err);
    if (c == OT_OK) c = renumber_legacy(db, err);
    if (c != OT_OK) return c;
    return ot_db_migrate_with(db, ot_store_migrations, ot_store_migration_count, applied, err);
}
