/* rollup_program.c - each supplier's program strength, scope and completeness, from the
 * answers stored at ingest (declaration, declaration_metal, answer, company_answer), not
 * from the vault's files: a campaign of 10,000 workbooks must roll up in seconds.
 *
 * The stored answers are put back into a declaration shaped by the layout the file was
 * read with (its questions and their meanings), and the risk module reads it as it reads
 * a freshly read file: the per-version question map stays in one place (risk/program.c).
 * Answers that were blank are not stored and stay blank here, as they were in the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/rollup_internal.h"
#include "template/layout.h"

typedef struct stmts {
    ot_stmt *decl, *metals, *answers, *company;
} stmts;

static ot_family family_of(const char *name)
{
    for (int f = OT_FAMILY_CMRT; name && f <= OT_FAMILY_AMRT; f++)
        if (strcmp(ot_family_name((ot_family)f), name) == 0) return (ot_family)f;
    return OT_FAMILY_UNKNOWN;
}

static ot_code bind_step(ot_stmt *st, int64_t sid, ot_error *err, ot_step *s)
{
    ot_stmt_reset(st);
    ot_stmt_bind_int(st, 1, sid, err);
    *s = ot_stmt_step(st, err);
    return *s == OT_STEP_ERROR ? err->code : OT_OK;
}

/* The declaration's skeleton: family, versions, scope, metals, and the layout's questions
 * with their meanings. false when the declaration row or the layout is missing. */
static ot_code skeleton(ot_rollup *r, const stmts *q, int64_t sid, ot_declaration *d, bool *ok,
                        ot_error *err)
{
    ot_step s;
    *ok = false;
    ot_code rc = bind_step(q->decl, sid, err, &s);
    if (rc != OT_OK || s != OT_STEP_ROW) return rc;
    d->family = family_of(ot_stmt_text(q->decl, 0));
    const char *version = ot_stmt_text(q->decl, 1), *layout = ot_stmt_text(q->decl, 2);
    const char *scope = ot_stmt_text(q->decl, 3);
    snprintf(d->version, sizeof d->version, "%s", version ? version : "");
    snprintf(d->layout_version, sizeof d->layout_version, "%s", layout ? layout : "");
    snprintf(d->scope_letter, sizeof d->scope_letter, "%s", scope ? scope : "");
    const ot_layout *l = ot_layout_find(d->family, d->layout_version);
    if (!l) l = ot_layout_nearest(d->family, d->layout_version);
    if (!l) return OT_OK;
    for (rc = bind_step(q->metals, sid, err, &s); rc == OT_OK && s == OT_STEP_ROW;
         s = ot_stmt_step(q->metals, err))
        if (d->metal_count < OT_MAX_METALS)
            d->metals[d->metal_count++] = rl_intern(&r->strings, ot_stmt_text(q->metals, 0));
    if (rc != OT_OK || s == OT_STEP_ERROR) return rc != OT_OK ? rc : err->code;
    for (size_t i = 0; i < l->metal_count && !d->metal_count; i++)
        d->metals[i] = l->metals[i];
    if (!d->metal_count) d->metal_count = l->slots ? 0 : l->metal_count;
    for (size_t i = 0; i < l->question_count && i < OT_MAX_QUESTIONS; i++) {
        snprintf(d->questions[i].key, sizeof d->questions[i].key, "%s", l->questions[i].key);
        d->questions[i].role = l->questions[i].role;
        d->question_count++;
    }
    for (size_t i = 0; i < l->company_question_count && i < OT_MAX_COMPANY_QUESTIONS; i++) {
        ot_company_question *c = &d->company_questions[d->company_question_count++];
        snprintf(c->letter, sizeof c->letter, "%s", l->company_questions[i].letter);
        c->role = l->company_questions[i].role;
        c->per_metal = l->company_questions[i].per_metal;
    }
    *ok = true;
    return OT_OK;
}

static ot_question *question(ot_declaration *d, const char *key)
{
    for (size_t i = 0; key && i < d->question_count; i++)
        if (strcmp(d->questions[i].key, key) == 0) return &d->questions[i];
    return NULL;
}

static ot_company_question *company(ot_declaration *d, const char *letter)
{
    for (size_t i = 0; letter && i < d->company_question_count; i++)
        if (strcmp(d->company_questions[i].letter, letter) == 0) return &d->company_questions[i];
    return NULL;
}

/* Puts the stored answers into the skeleton. */
static ot_code fill(ot_rollup *r, const stmts *q, int64_t sid, ot_declaration *d, ot_error *err)
{
    ot_step s;
    ot_code rc;
    for (rc = bind_step(q->answers, sid, err, &s); rc == OT_OK && s == OT_STEP_ROW;
         s = ot_stmt_step(q->answers, err)) {
        ot_question *qu = question(d, ot_stmt_text(q->answers, 0));
        int j = ot_declaration_metal_index(d, ot_stmt_text(q->answers, 1));
        if (qu && j >= 0)
            qu->per_metal[j].answer.value = rl_intern(&r->strings, ot_stmt_text(q->answers, 2));
    }
    if (rc != OT_OK || s == OT_STEP_ERROR) return rc != OT_OK ? rc : err->code;
    for (rc = bind_step(q->company, sid, err, &s); rc == OT_OK && s == OT_STEP_ROW;
         s = ot_stmt_step(q->company, err)) {
        ot_company_question *c = company(d, ot_stmt_text(q->company, 0));
        const char *metal = ot_stmt_text(q->company, 1);
        const char *answer = rl_intern(&r->strings, ot_stmt_text(q->company, 2));
        if (!c) continue;
        if (!c->per_metal) {
            c->answer.answer.value = answer;
        } else {
            int j = ot_declaration_metal_index(d, metal);
            if (j >= 0) c->per_metal_ans[j].answer.value = answer;
        }
    }
    if (rc != OT_OK || s == OT_STEP_ERROR) return rc != OT_OK ? rc : err->code;
    return OT_OK;
}

static ot_code program_of(ot_rollup *r, const stmts *q, ot_rollup_supplier *sup, ot_declaration *d,
                          ot_error *err)
{
    memset(d, 0, sizeof *d);
    bool ok = false;
    ot_code rc = sup->submission_id ? skeleton(r, q, sup->submission_id, d, &ok, err) : OT_OK;
    if (rc == OT_OK && ok) rc = fill(r, q, sup->submission_id, d, err);
    if (rc != OT_OK) return rc;
    ot_risk_supplier_program(ok ? d : NULL, strcmp(sup->outcome, "invalid") == 0, &sup->program);
    if (sup->submission_id && !ok)
        snprintf(sup->program.why, sizeof sup->program.why,
                 "no layout of %s %s to read its answers with", sup->family ? sup->family : "?",
                 sup->version ? sup->version : "?");
    return OT_OK;
}

ot_code rl_load_programs(ot_db *db, ot_rollup *r, ot_error *err)
{
    stmts q = {0};
    ot_code rc = ot_db_prepare(db,
                               "SELECT family, version, layout_version, scope FROM declaration "
                               "WHERE submission_id = ?",
                               &q.decl, err);
    if (rc == OT_OK)
        rc = ot_db_prepare(db,
                           "SELECT metal FROM declaration_metal WHERE submission_id = ? ORDER "
                           "BY position",
                           &q.metals, err);
    if (rc == OT_OK)
        rc = ot_db_prepare(db,
                           "SELECT question_key, metal, answer FROM answer WHERE submission_id "
                           "= ? AND answer IS NOT NULL",
                           &q.answers, err);
    if (rc == OT_OK)
        rc = ot_db_prepare(db,
                           "SELECT letter, metal, answer FROM company_answer WHERE "
                           "submission_id = ? AND answer IS NOT NULL",
                           &q.company, err);
    ot_declaration *d = rc == OT_OK ? malloc(sizeof *d) : NULL;
    if (rc == OT_OK && !d) rc = ot_fail(err, OT_E_NOMEM, "out of memory rolling up the campaign");
    for (size_t i = 0; rc == OT_OK && i < r->nsuppliers; i++) {
        rc = program_of(r, &q, &r->suppliers[i], d, err);
        if (rc == OT_OK) r->summary.suppliers_by_program[r->suppliers[i].program.strength]++;
    }
    free(d);
    ot_stmt_finalize(q.decl);
    ot_stmt_finalize(q.metals);
    ot_stmt_finalize(q.answers);
    ot_stmt_finalize(q.company);
    return rc;
}
