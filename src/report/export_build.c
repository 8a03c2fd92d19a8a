/* export_build.c - the export book (export.h) filled from the roll-up (rollup.h) and, for
 * what the roll-up does not carry, the store: the received date of each current
 * submission and its validation findings, and the campaign's corrective actions
 * (campaign/actions.h). Every figure is the roll-up's, so the exports
 * and the reports built on the same roll-up cannot disagree. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "campaign/actions.h"
#include "report/export.h"
#include "store/store.h"
#include "util/strbuf.h"

#define NUM_LEN 24

static void put_size(char *buf, size_t n)
{
    snprintf(buf, NUM_LEN, "%zu", n);
}

static void put_id(char *buf, int64_t id)
{
    if (id > 0)
        snprintf(buf, NUM_LEN, "%" PRId64, id);
    else
        buf[0] = '\0';
}

/* "a; b; c" of n strings into sb (reset first). */
static const char *joined(ot_strbuf *sb, const char *const *items, size_t n)
{
    ot_sb_reset(sb);
    for (size_t i = 0; i < n; i++) {
        if (i) ot_sb_puts(sb, "; ");
        ot_sb_puts(sb, items[i] ? items[i] : "");
    }
    return ot_sb_str(sb);
}

static void add_smelters(ot_export_book *b, const ot_rollup *r)
{
    ot_strbuf flags = {0}, sups = {0}, origins = {0};
    for (size_t i = 0; i < ot_rollup_smelter_count(r); i++) {
        const ot_rollup_smelter *s = ot_rollup_smelter_at(r, i);
        const char *codes[OT_RF__COUNT];
        for (size_t f = 0; f < s->risk.count && f < OT_RF__COUNT; f++)
            codes[f] = s->risk.flags[f].code;
        char count[NUM_LEN];
        put_size(count, s->supplier_count);
        const char *cells[] = {s->metal,
                               s->smelter_id,
                               s->standard_name,
                               s->country,
                               s->country_alpha2,
                               s->rmap_status,
                               s->status_as_of,
                               ot_risk_level_name(s->risk.level),
                               joined(&flags, codes, s->risk.count),
                               count,
                               joined(&sups, s->supplier_ids, s->supplier_count),
                               joined(&origins, s->mine_countries, s->mine_country_count)};
        ot_export_book_row(b, OT_EXPORT_SMELTERS, cells);
    }
    ot_sb_free(&flags);
    ot_sb_free(&sups);
    ot_sb_free(&origins);
}

/* The received timestamp of a submission ("" when none or unknown). */
static ot_code received_at(ot_stmt *st, int64_t submission_id, char *out, size_t size,
                           ot_error *err)
{
    out[0] = '\0';
    if (submission_id <= 0) return OT_OK;
    ot_stmt_reset(st);
    if (ot_stmt_bind_int(st, 1, submission_id, err) != OT_OK) return err->code;
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ERROR) return err->code;
    if (s == OT_STEP_ROW && ot_stmt_text(st, 0)) /* its date: YYYY-MM-DD of the timestamp */
        snprintf(out, size, "%.10s", ot_stmt_text(st, 0));
    return OT_OK;
}

static void supplier_row(ot_export_book *b, const ot_rollup_supplier *s, const char *received)
{
    char sub[NUM_LEN], rows[NUM_LEN], flagged[NUM_LEN], errors[NUM_LEN], warnings[NUM_LEN];
    put_id(sub, s->submission_id);
    put_size(rows, s->smelter_rows);
    put_size(flagged, s->red_flag_smelters);
    put_size(errors, s->errors);
    put_size(warnings, s->warnings);
    char tmpl[96] = "";
    if (s->family)
        snprintf(tmpl, sizeof tmpl, "%s%s%s", s->family, s->version ? " " : "",
                 s->version ? s->version : "");
    bool none = s->submission_id <= 0;
    const char *cells[] = {s->supplier_id,
                           s->name,
                           s->category,
                           s->request_status,
                           sub,
                           received,
                           s->outcome,
                           tmpl,
                           ot_program_strength_name(s->program.strength),
                           s->program.why,
                           ot_scope_kind_name(s->program.scope),
                           ot_completeness_name(s->program.completeness),
                           none ? "" : rows,
                           none ? "" : flagged,
                           none ? "" : errors,
                           none ? "" : warnings};
    ot_export_book_row(b, OT_EXPORT_SUPPLIERS, cells);
}

static ot_code add_findings(ot_export_book *b, ot_stmt *st, const ot_rollup_supplier *s,
                            const char *received, ot_error *err)
{
    ot_stmt_reset(st);
    if (ot_stmt_bind_int(st, 1, s->submission_id, err) != OT_OK) return err->code;
    char sub[NUM_LEN];
    put_id(sub, s->submission_id);
    ot_step step;
    while ((step = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        const char *cells[] = {s->supplier_id,
                               sub,
                               received,
                               ot_stmt_text(st, 0),
                               ot_stmt_text(st, 1),
                               ot_stmt_text(st, 2),
                               ot_stmt_text(st, 3),
                               ot_stmt_text(st, 4),
                               ot_stmt_text(st, 5),
                               ot_stmt_text(st, 6),
                               ot_stmt_text(st, 7)};
        ot_export_book_row(b, OT_EXPORT_FINDINGS, cells);
    }
    return step == OT_STEP_ERROR ? err->code : OT_OK;
}

static ot_code add_suppliers(ot_export_book *b, ot_db *db, const ot_rollup *r, ot_error *err)
{
    ot_stmt *recv = NULL, *find = NULL;
    ot_code rc = ot_db_prepare(db, "SELECT received_at FROM submission WHERE id = ?", &recv, err);
    if (rc == OT_OK)
        rc = ot_db_prepare(db,
                           "SELECT severity, code, sheet, cell, field, metal, message, fix "
                           "FROM finding WHERE submission_id = ? "
                           "ORDER BY severity = 'error' DESC, id",
                           &find, err);
    for (size_t i = 0; rc == OT_OK && i < ot_rollup_supplier_count(r); i++) {
        const ot_rollup_supplier *s = ot_rollup_supplier_at(r, i);
        char received[40];
        rc = received_at(recv, s->submission_id, received, sizeof received, err);
        if (rc == OT_OK) supplier_row(b, s, received);
        if (rc == OT_OK && s->submission_id > 0) rc = add_findings(b, find, s, received, err);
    }
    ot_stmt_finalize(recv);
    ot_stmt_finalize(find);
    return rc;
}

static ot_code action_row(const ot_action_row *a, void *ctx, ot_error *err)
{
    (void)err;
    char id[NUM_LEN], reopened[NUM_LEN];
    put_id(id, a->id);
    snprintf(reopened, NUM_LEN, "%lld", (long long)a->reopened);
    const char *cells[] = {id,           a->supplier_id, a->supplier_name, a->smelter_id,
                           a->answers,   a->kind,        a->text,          a->owner,
                           a->due_date,  a->status,      a->created_on,    a->created_by,
                           a->closed_on, a->close_note,  reopened};
    ot_export_book_row(ctx, OT_EXPORT_ACTIONS, cells);
    return OT_OK;
}

static void add_unresolved(ot_export_book *b, const ot_rollup *r)
{
    for (size_t i = 0; i < ot_rollup_unresolved_count(r); i++) {
        const ot_rollup_unresolved *u = ot_rollup_unresolved_at(r, i);
        char sub[NUM_LEN], row[NUM_LEN];
        put_id(sub, u->submission_id);
        put_size(row, u->row_no);
        const char *cells[] = {u->metal,       u->name, u->country, u->smelter_id_input,
                               u->supplier_id, sub,     row,        u->reason};
        ot_export_book_row(b, OT_EXPORT_UNRESOLVED, cells);
    }
}

ot_code ot_export_book_from_rollup(ot_workspace *ws, const ot_rollup *r, int64_t campaign_id,
                                   const char *title, ot_export_book **out, ot_error *err)
{
    ot_export_book *b = NULL;
    ot_code rc = ot_export_book_new(title, &b, err);
    if (rc != OT_OK) return rc;
    add_smelters(b, r);
    rc = add_suppliers(b, ws->db, r, err);
    ot_action_filter actions = {.campaign_id = campaign_id};
    if (rc == OT_OK) rc = ot_actions_each(ws, &actions, action_row, b, err);
    if (rc == OT_OK) {
        add_unresolved(b, r);
        rc = ot_export_book_status(b, err);
    }
    if (rc != OT_OK) {
        ot_export_book_free(b);
        return rc;
    }
    *out = b;
    return OT_OK;
}
