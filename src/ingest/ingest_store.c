/* ingest_store.c - writing one parsed file into the 030 ingest tables, and tying it to
 * the campaign (campaign_file, superseding, request status). Runs inside the caller's
 * transaction; prepared statements are made per file, which SQLite's statement cache
 * keeps cheap next to parsing. */
#include "ingest_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/campaign_internal.h"
#include "campaign/import_util.h"
#include "reader/workbook.h"
#include "store/audit.h"
#include "util/text.h"

static void cell_of(const ot_value *v, char out[16])
{
    if (v->row && v->col)
        ot_format_a1(v->row, v->col, out);
    else
        out[0] = '\0';
}

/* Runs a prepared statement with params, then resets it for the next row. */
static ot_code run(ot_stmt *st, const ot_db_value *params, size_t n, ot_error *err)
{
    ot_code rc = ot_stmt_bind_all(st, params, n, err);
    if (rc == OT_OK && ot_stmt_step(st, err) == OT_STEP_ERROR) rc = err->code;
    ot_stmt_reset(st);
    return rc;
}

static ot_code write_declaration(ot_db *db, int64_t sid, const ot_declaration *d, ot_error *err)
{
    const ot_value *f = d->fields;
    return ot_db_exec(
        db,
        "INSERT INTO declaration (submission_id, family, version, layout_version, exact_layout, "
        "language, scope, scope_text, scope_description, company_name, unique_id, "
        "unique_id_authority, address, contact_name, contact_email, contact_phone, "
        "authorizer_name, authorizer_title, authorizer_email, authorizer_phone, effective_date, "
        "effective_date_text, smelter_count, product_count, mine_count) VALUES (?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        OT_DB_PARAMS(
            ot_db_int(sid), ot_db_text(ot_family_name(d->family)),
            ot_db_text(d->version[0] ? d->version : NULL), ot_db_text(d->layout_version),
            ot_db_bool(d->exact), ot_db_text(d->language),
            ot_db_text(d->scope_letter[0] ? d->scope_letter : NULL),
            ot_db_text(f[OT_F_SCOPE].value), ot_db_text(f[OT_F_SCOPE_DESCRIPTION].value),
            ot_db_text(f[OT_F_COMPANY_NAME].value), ot_db_text(f[OT_F_UNIQUE_ID].value),
            ot_db_text(f[OT_F_UNIQUE_ID_AUTHORITY].value), ot_db_text(f[OT_F_ADDRESS].value),
            ot_db_text(f[OT_F_CONTACT_NAME].value), ot_db_text(f[OT_F_CONTACT_EMAIL].value),
            ot_db_text(f[OT_F_CONTACT_PHONE].value), ot_db_text(f[OT_F_AUTHORIZER_NAME].value),
            ot_db_text(f[OT_F_AUTHORIZER_TITLE].value), ot_db_text(f[OT_F_AUTHORIZER_EMAIL].value),
            ot_db_text(f[OT_F_AUTHORIZER_PHONE].value),
            ot_db_text(d->effective_date[0] ? d->effective_date : NULL),
            ot_db_text(f[OT_F_EFFECTIVE_DATE].value), ot_db_int((int64_t)d->smelter_count),
            ot_db_int((int64_t)d->product_count), ot_db_int((int64_t)d->mine_count)),
        err);
}

static ot_code write_answers(ot_db *db, int64_t sid, const ot_declaration *d, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "INSERT INTO declaration_metal (submission_id, position, metal) "
                               "VALUES (?, ?, ?)",
                               &st, err);
    for (size_t m = 0; rc == OT_OK && m < d->metal_count; m++)
        rc = run(st, OT_DB_PARAMS(ot_db_int(sid), ot_db_int((int64_t)m), ot_db_text(d->metals[m])),
                 err);
    ot_stmt_finalize(st);
    if (rc != OT_OK) return rc;
    rc = ot_db_prepare(db,
                       "INSERT INTO answer (submission_id, question_key, role, metal, answer, "
                       "comment, cell) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       &st, err);
    for (size_t q = 0; rc == OT_OK && q < d->question_count; q++) {
        const ot_question *qu = &d->questions[q];
        for (size_t m = 0; rc == OT_OK && m < d->metal_count; m++) {
            const ot_answer *a = &qu->per_metal[m];
            if (!a->answer.value && !a->comment.value) continue;
            char cell[16];
            cell_of(&a->answer, cell);
            rc = run(st,
                     OT_DB_PARAMS(ot_db_int(sid), ot_db_text(qu->key),
                                  ot_db_text(ot_question_role_name(qu->role)),
                                  ot_db_text(d->metals[m]), ot_db_text(a->answer.value),
                                  ot_db_text(a->comment.value), ot_db_text(cell[0] ? cell : NULL)),
                     err);
        }
    }
    ot_stmt_finalize(st);
    if (rc != OT_OK) return rc;
    rc = ot_db_prepare(db,
                       "INSERT INTO company_answer (submission_id, letter, role, metal, answer, "
                       "comment, cell) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       &st, err);
    for (size_t q = 0; rc == OT_OK && q < d->company_question_count; q++) {
        const ot_company_question *cq = &d->company_questions[q];
        size_t n = cq->per_metal ? d->metal_count : 1;
        for (size_t m = 0; rc == OT_OK && m < n; m++) {
            const ot_answer *a = cq->per_metal ? &cq->per_metal_ans[m] : &cq->answer;
            if (!a->answer.value && !a->comment.value) continue;
            char cell[16];
            cell_of(&a->answer, cell);
            rc = run(st,
                     OT_DB_PARAMS(ot_db_int(sid), ot_db_text(cq->letter),
                                  ot_db_text(ot_company_role_name(cq->role)),
                                  ot_db_text(cq->per_metal ? d->metals[m] : ""),
                                  ot_db_text(a->answer.value), ot_db_text(a->comment.value),
                                  ot_db_text(cell[0] ? cell : NULL)),
                     err);
        }
    }
    ot_stmt_finalize(st);
    return rc;
}

static ot_code write_smelters(ot_db *db, int64_t sid, const ot_parsed *p, const ot_refdata *rd,
                              const char *now, ot_error *err)
{
    const ot_declaration *d = p->decl;
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        db,
        "INSERT INTO smelter_row (submission_id, row_no, smelter_id_input, metal, lookup_name, "
        "name, country, reported_id, id_source, street, city, state, contact_name, contact_email, "
        "next_steps, mine_name, mine_country, recycled, comments, smelter_id, match_method, "
        "match_confidence, resolved_name, resolved_country, rmap_status, status_date, resolved_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        &st, err);
    for (size_t i = 0; rc == OT_OK && i < d->smelter_count; i++) {
        const ot_smelter_row *r = &d->smelters[i];
        ot_db_value v[27];
        size_t n = 0;
        v[n++] = ot_db_int(sid);
        v[n++] = ot_db_int(r->row);
        for (int c = 0; c < OT_SM__COUNT; c++)
            v[n++] = ot_db_text(r->col[c].value);
        const ot_match_result *m = p->matches ? &p->matches[i] : NULL;
        const ot_smelter *s = m ? m->smelter : NULL;
        const ot_status_entry *se = s && rd ? ot_refdata_status(rd, s->id, NULL) : NULL;
        v[n++] = ot_db_text(s ? s->id : NULL);
        v[n++] = ot_db_text(m ? ot_match_method_name(m->method) : NULL);
        v[n++] = m ? ot_db_double(m->confidence) : ot_db_null();
        v[n++] = ot_db_text(s ? s->standard_name : NULL);
        v[n++] = ot_db_text(s ? s->country : NULL);
        v[n++] = ot_db_text(se ? ot_rmap_status_name(se->status) : NULL);
        v[n++] = ot_db_text(se ? se->as_of : NULL);
        v[n++] = ot_db_text(m ? now : NULL);
        rc = run(st, v, n, err);
    }
    ot_stmt_finalize(st);
    if (rc != OT_OK) return rc;
    rc = ot_db_prepare(db,
                       "INSERT INTO product_row (submission_id, row_no, product_number, "
                       "product_name, requester_number, requester_name, comments) VALUES (?, ?, ?, "
                       "?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       &st, err);
    for (size_t i = 0; rc == OT_OK && i < d->product_count; i++) {
        const ot_product_row *r = &d->products[i];
        rc = run(st,
                 OT_DB_PARAMS(ot_db_int(sid), ot_db_int(r->row), ot_db_text(r->col[0].value),
                              ot_db_text(r->col[1].value), ot_db_text(r->col[2].value),
                              ot_db_text(r->col[3].value), ot_db_text(r->col[4].value)),
                 err);
    }
    ot_stmt_finalize(st);
    if (rc != OT_OK) return rc;
    rc = ot_db_prepare(
        db,
        "INSERT INTO mine_row (submission_id, row_no, metal, smelter_name, mine_name, "
        "mine_id, id_source, country, street, city, state, contact_name, "
        "contact_email, next_steps, comments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        &st, err);
    for (size_t i = 0; rc == OT_OK && i < d->mine_count; i++) {
        const ot_mine_row *r = &d->mines[i];
        ot_db_value v[15];
        size_t n = 0;
        v[n++] = ot_db_int(sid);
        v[n++] = ot_db_int(r->row);
        for (int c = 0; c < OT_MN__COUNT; c++)
            v[n++] = ot_db_text(r->col[c].value);
        rc = run(st, v, n, err);
    }
    ot_stmt_finalize(st);
    return rc;
}

static ot_code write_findings(ot_db *db, int64_t sid, const ot_findings *f, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "INSERT INTO finding (submission_id, code, severity, sheet, cell, "
                               "field, metal, message, fix) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               &st, err);
    for (size_t i = 0; rc == OT_OK && i < f->count; i++) {
        const ot_finding *x = &f->items[i];
        rc = run(st,
                 OT_DB_PARAMS(
                     ot_db_int(sid), ot_db_text(x->code), ot_db_text(ot_severity_name(x->severity)),
                     ot_db_text(*x->sheet ? x->sheet : NULL), ot_db_text(*x->cell ? x->cell : NULL),
                     ot_db_text(*x->field ? x->field : NULL),
                     ot_db_text(*x->metal ? x->metal : NULL), ot_db_text(x->message),
                     ot_db_text(x->fix)),
                 err);
    }
    ot_stmt_finalize(st);
    return rc;
}

ot_code ot_ingest_store_parsed(ot_db *db, const ot_parsed *p, const ot_refdata *rd,
                               const char *source, const char *received_at, int64_t *submission_id,
                               ot_error *err)
{
    bool read = p->decl != NULL;
    ot_code rc = ot_db_exec(
        db,
        "INSERT INTO submission (sha256, original_name, received_at, source, status, error_code, "
        "error_message, errors, warnings, valid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        OT_DB_PARAMS(
            ot_db_text(p->sha256), ot_db_text(p->name), ot_db_text(received_at), ot_db_text(source),
            ot_db_text(p->status), ot_db_text(read ? NULL : ot_error_code_name(p->error_code)),
            ot_db_text(read ? NULL : p->error_message), ot_db_int((int64_t)p->findings.errors),
            ot_db_int((int64_t)p->findings.warnings),
            ot_db_bool(read && ot_findings_valid(&p->findings))),
        err);
    if (rc != OT_OK) return rc;
    int64_t sid = ot_db_last_insert_id(db);
    *submission_id = sid;
    if (!read) return OT_OK;
    if ((rc = write_declaration(db, sid, p->decl, err)) != OT_OK) return rc;
    if ((rc = write_answers(db, sid, p->decl, err)) != OT_OK) return rc;
    if ((rc = write_smelters(db, sid, p, rd, received_at, err)) != OT_OK) return rc;
    return write_findings(db, sid, &p->findings, err);
}
