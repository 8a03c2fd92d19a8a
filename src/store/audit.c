/* audit.c - appending to and verifying the hash-chained audit log (see audit.h).
 *
 * Appending reads the chain head and inserts the next row inside the caller's write
 * transaction; BEGIN IMMEDIATE holds the write lock, so no other writer can append in
 * between and fork the chain. */
#include "store/audit.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/strbuf.h"

static const char zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void put_field(ot_strbuf *sb, const char *s)
{
    if (!s) {
        ot_sb_puts(sb, "-\n");
        return;
    }
    ot_sb_printf(sb, "%zu:", strlen(s));
    ot_sb_puts(sb, s);
    ot_sb_putc(sb, '\n');
}

void ot_audit_hash(int64_t id, const char *ts, const char *actor, const char *action,
                   const char *subject_type, const char *subject_id, const char *detail,
                   const char *prev_hash, char out[65])
{
    ot_strbuf sb = {0};
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    ot_sb_puts(&sb, "oretrace-audit-v1\n");
    put_field(&sb, idtext);
    put_field(&sb, ts);
    put_field(&sb, actor);
    put_field(&sb, action);
    put_field(&sb, subject_type);
    put_field(&sb, subject_id);
    put_field(&sb, detail);
    put_field(&sb, prev_hash);
    if (sb.failed) /* cannot hash what we could not build; an impossible hash never matches */
        snprintf(out, 65, "%s", "out-of-memory");
    else
        ot_sha256_hex(sb.data, sb.len, out);
    ot_sb_free(&sb);
}

const char *ot_audit_os_actor(void)
{
    static char actor[96];
    const char *name = NULL;
    struct passwd pw, *res = NULL;
    char buf[1024];
    if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &res) == 0 && res) name = res->pw_name;
    if (!name || !*name) name = getenv("USER");
    snprintf(actor, sizeof actor, "os:%s", name && *name ? name : "unknown");
    return actor;
}

ot_code ot_audit_append(ot_db *db, const char *actor, const char *action,
                        const char *subject_type, const char *subject_id,
                        const char *detail_json, int64_t *id_out, ot_error *err)
{
    if (id_out) *id_out = 0;
    if (!ot_db_in_transaction(db))
        return ot_fail(err, OT_E_USAGE,
                       "audit entries must be written inside the transaction of the change "
                       "they record (call ot_db_begin first)");
    if (!actor || !*actor || !action || !*action)
        return ot_fail(err, OT_E_USAGE, "an audit entry needs an actor and an action");
    const char *detail = detail_json && *detail_json ? detail_json : "{}";

    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st,
                              err);
    if (c != OT_OK) return c;
    int64_t id = 1;
    char prev[65];
    memcpy(prev, zero_hash, sizeof prev);
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) {
        id = ot_stmt_int(st, 0) + 1;
        snprintf(prev, sizeof prev, "%s", ot_stmt_text(st, 1) ? ot_stmt_text(st, 1) : "");
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err ? err->code : OT_E_DB;

    char ts[OT_TS_LEN], hash[65];
    ot_db_timestamp(ts);
    ot_audit_hash(id, ts, actor, action, subject_type, subject_id, detail, prev, hash);
    c = ot_db_exec(db,
                   "INSERT INTO audit_log (id, ts, actor, action, subject_type, subject_id,"
                   " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   OT_DB_PARAMS(ot_db_int(id), ot_db_text(ts), ot_db_text(actor),
                                ot_db_text(action), ot_db_text(subject_type),
                                ot_db_text(subject_id), ot_db_text(detail), ot_db_text(prev),
                                ot_db_text(hash)),
                   err);
    if (c == OT_OK && id_out) *id_out = id;
    return c;
}

static void mark_bad(ot_audit_verify_result *res, int64_t id, const char *reason)
{
    res->intact = false;
    res->first_bad_id = id;
    snprintf(res->reason, sizeof res->reason, "%s", reason);
}

ot_code ot_audit_verify(ot_db *db, ot_audit_verify_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->intact = true;
    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(db,
                              "SELECT id, ts, actor, action, subject_type, subject_id, detail,"
                              " prev_hash, hash FROM audit_log ORDER BY id",
                              &st, err);
    if (c != OT_OK) return c;
    char prev[65];
    memcpy(prev, zero_hash, sizeof prev);
    int64_t expect_id = 1;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        int64_t id = ot_stmt_int(st, 0);
        const char *stored_prev = ot_stmt_text(st, 7);
        const char *stored_hash = ot_stmt_text(st, 8);
        res->entries++;
        char want[65];
        ot_audit_hash(id, ot_stmt_text(st, 1), ot_stmt_text(st, 2), ot_stmt_text(st, 3),
                      ot_stmt_text(st, 4), ot_stmt_text(st, 5), ot_stmt_text(st, 6),
                      stored_prev, want);
        if (id != expect_id) {
            char why[96];
            snprintf(why, sizeof why, "entry ids jump from %lld to %lld (entries removed)",
                     (long long)(expect_id - 1), (long long)id);
            mark_bad(res, id, why);
        } else if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            mark_bad(res, id, "prev_hash does not match the previous entry's hash");
        } else if (!stored_hash || strcmp(stored_hash, want) != 0) {
            mark_bad(res, id, "hash does not match the entry's contents (entry was changed)");
        }
        if (!res->intact) break;
        snprintf(prev, sizeof prev, "%s", stored_hash);
        snprintf(res->head_hash, sizeof res->head_hash, "%s", stored_hash);
        expect_id = id + 1;
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err ? err->code : OT_E_DB;
    return OT_OK;
}
