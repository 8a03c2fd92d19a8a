/* rollup_reresolve.c - stored smelter rows resolved again after a reference-data change
 * (reresolve.h). One scan of smelter_row; each distinct input is matched once (cached in
 * the roll-up's string table); only the rows whose resolution changed are written. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/match.h"
#include "report/reresolve.h"
#include "report/rollup_internal.h"
#include "store/audit.h"
#include "util/jsonout.h"

/* What an input resolves to now. */
typedef struct answer {
    const ot_smelter *smelter;
    ot_match_method method;
    double confidence;
} answer;

/* A row to rewrite, with the answer it gets. */
typedef struct change {
    int64_t row_id;
    size_t answer;
} change;

typedef struct pass {
    const ot_refdata *rd;
    ot_matcher *matcher;
    ot_arena arena;
    rl_table cache;
    answer *answers;
    size_t nanswers, capanswers;
    change *changes;
    size_t nchanges, capchanges;
    ot_reresolve_report *rep;
} pass;

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The key of an input: NULL and "" kept apart. */
static size_t input_key(ot_stmt *st, char *key, size_t cap)
{
    size_t n = 0;
    for (int c = 1; c <= 5; c++) {
        const char *v = ot_stmt_text(st, c);
        int w = snprintf(key + n, cap - n, "%s%s\x1f", v ? "=" : "~", v ? v : "");
        if (w < 0 || (size_t)w >= cap - n) return cap - 1;
        n += (size_t)w;
    }
    return n;
}

static size_t answer_for(pass *p, ot_stmt *st, bool *ok)
{
    char key[4096];
    size_t len = input_key(st, key, sizeof key);
    bool added;
    rl_entry *e = rl_table_get(&p->cache, key, len, &added);
    *ok = e != NULL;
    if (!e || !added) return e ? e->value : 0;
    ot_match_input in = {.metal = ot_stmt_text(st, 1),
                         .smelter_id = ot_stmt_text(st, 2),
                         .lookup_name = ot_stmt_text(st, 3),
                         .name = ot_stmt_text(st, 4),
                         .country = ot_stmt_text(st, 5)};
    ot_match_result m;
    ot_match(p->matcher, &in, &m);
    answer *a = rl_push((void **)&p->answers, &p->nanswers, &p->capanswers, sizeof *a);
    if (!a) {
        *ok = false;
        return 0;
    }
    *a = (answer){m.smelter, m.method, m.confidence};
    e->value = p->nanswers - 1;
    p->rep->distinct++;
    return e->value;
}

/* Whether the stored resolution (columns 6-9) differs from the answer. */
static bool differs(ot_stmt *st, const answer *a)
{
    const ot_smelter *s = a->smelter;
    return !same(ot_stmt_text(st, 6), s ? s->id : NULL) ||
           !same(ot_stmt_text(st, 7), ot_match_method_name(a->method)) ||
           !same(ot_stmt_text(st, 8), s ? s->standard_name : NULL) ||
           !same(ot_stmt_text(st, 9), s ? s->country : NULL);
}

static ot_code scan(ot_db *db, pass *p, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT id, metal, smelter_id_input, lookup_name, name, country, "
                               "smelter_id, match_method, resolved_name, resolved_country FROM "
                               "smelter_row",
                               &st, err);
    if (rc != OT_OK) return rc;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        p->rep->rows++;
        bool ok;
        size_t ai = answer_for(p, st, &ok);
        change *c = ok && differs(st, &p->answers[ai])
                        ? rl_push((void **)&p->changes, &p->nchanges, &p->capchanges, sizeof *c)
                        : NULL;
        if (!ok || (differs(st, &p->answers[ai]) && !c)) {
            ot_stmt_finalize(st);
            return ot_fail(err, OT_E_NOMEM, "out of memory resolving the smelter rows again");
        }
        if (!c) continue;
        *c = (change){ot_stmt_int(st, 0), ai};
        bool was = !ot_stmt_is_null(st, 6), now = p->answers[ai].smelter != NULL;
        p->rep->newly_resolved += !was && now;
        p->rep->no_longer_resolved += was && !now;
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

static ot_code write_changes(ot_db *db, const pass *p, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "UPDATE smelter_row SET smelter_id = ?, match_method = ?, "
                               "match_confidence = ?, resolved_name = ?, resolved_country = ?, "
                               "rmap_status = ?, status_date = ?, resolved_at = ? WHERE id = ?",
                               &st, err);
    if (rc != OT_OK) return rc;
    char now[OT_TS_LEN];
    ot_db_timestamp(now);
    for (size_t i = 0; rc == OT_OK && i < p->nchanges; i++) {
        const answer *a = &p->answers[p->changes[i].answer];
        const ot_smelter *s = a->smelter;
        const ot_status_entry *se = s ? ot_refdata_status(p->rd, s->id, NULL) : NULL;
        ot_stmt_reset(st);
        rc = ot_stmt_bind_all(
            st,
            OT_DB_PARAMS(ot_db_text(s ? s->id : NULL), ot_db_text(ot_match_method_name(a->method)),
                         ot_db_double(a->confidence), ot_db_text(s ? s->standard_name : NULL),
                         ot_db_text(s ? s->country : NULL),
                         ot_db_text(se ? ot_rmap_status_name(se->status) : NULL),
                         ot_db_text(se ? se->as_of : NULL), ot_db_text(now),
                         ot_db_int(p->changes[i].row_id)),
            err);
        if (rc == OT_OK && ot_stmt_step(st, err) == OT_STEP_ERROR) rc = err->code;
    }
    ot_stmt_finalize(st);
    return rc;
}

static ot_code save(ot_db *db, const pass *p, const char *actor, ot_error *err)
{
    const ot_reresolve_report *r = p->rep;
    json_t *d =
        json_pack("{s:I, s:I, s:I, s:I}", "rows_changed", (json_int_t)r->changed, "newly_resolved",
                  (json_int_t)r->newly_resolved, "no_longer_resolved",
                  (json_int_t)r->no_longer_resolved, "distinct_inputs", (json_int_t)r->distinct);
    char *text = d ? ot_json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (!text) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_code rc = ot_db_begin(db, err);
    if (rc == OT_OK) rc = write_changes(db, p, err);
    if (rc == OT_OK)
        rc = ot_audit_append(db, actor, "smelter_row.reresolve", "smelter_row", NULL, text, NULL,
                             err);
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK && ot_db_in_transaction(db)) ot_db_rollback(db);
    free(text);
    return rc;
}

ot_code ot_smelter_rows_reresolve(ot_db *db, const ot_refdata *rd, const char *actor,
                                  ot_reresolve_report *rep, ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    pass p = {.rd = rd, .rep = rep};
    ot_arena_init(&p.arena, 0);
    rl_table_init(&p.cache, &p.arena);
    ot_code rc = ot_matcher_build(rd, &p.matcher, err);
    if (rc == OT_OK) rc = scan(db, &p, err);
    rep->changed = p.nchanges;
    if (rc == OT_OK && p.nchanges) rc = save(db, &p, actor, err);
    ot_matcher_free(p.matcher);
    rl_table_free(&p.cache);
    ot_arena_free(&p.arena);
    free(p.answers);
    free(p.changes);
    return rc;
}
