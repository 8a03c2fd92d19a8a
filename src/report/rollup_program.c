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

/* The last layout looked up: suppliers of one campaign mostly answer one version. */
typedef struct layout_cache {
    ot_family family;
    const char *version; /* interned */
    const ot_layout *layout;
} layout_cache;

static ot_family family_of(const char *name)
{
    for (int f = OT_FAMILY_CMRT; name && f <= OT_FAMILY_AMRT; f++)
        if (strcmp(ot_family_name((ot_family)f), name) == 0) return (ot_family)f;
    return OT_FAMILY_UNKNOWN;
}

static const ot_layout *layout_of(layout_cache *c, ot_family family, const char *version)
{
    if (c->layout && c->family == family && c->version == version) return c->layout;
    const ot_layout *l = ot_layout_find(family, version ? version : "");
    if (!l) l = ot_layout_nearest(family, version ? version : "");
    *c = (layout_cache){family, version, l};
    return l;
}

/* The declaration's skeleton: family, versions, scope, metals (rl_subinfo), and the
 * layout's questions with their meanings. false when the file's layout is unknown. */
static bool skeleton(const ot_rollup_supplier *sup, const rl_subinfo *in, layout_cache *cache,
                     ot_declaration *d)
{
    d->family = family_of(sup->family);
    snprintf(d->version, sizeof d->version, "%s", sup->version ? sup->version : "");
    snprintf(d->layout_version, sizeof d->layout_version, "%s",
             in->layout_version ? in->layout_version : "");
    snprintf(d->scope_letter, sizeof d->scope_letter, "%s", in->scope ? in->scope : "");
    const ot_layout *l = layout_of(cache, d->family, in->layout_version);
    if (!l) return false;
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
    if (!in->metals) {
        for (size_t i = 0; !l->slots && i < l->metal_count && i < OT_MAX_METALS; i++)
            d->metals[d->metal_count++] = l->metals[i];
    }
    return true;
}

/* Splits the stored metal list into the declaration (names interned one by one). */
static bool metals_of(ot_rollup *r, const rl_subinfo *in, ot_declaration *d)
{
    for (const char *p = in->metals; p && *p && d->metal_count < OT_MAX_METALS;) {
        const char *end = strchr(p, '\x1f');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        rl_entry *e = rl_table_get(&r->strings, p, len, NULL);
        if (!e) return false;
        d->metals[d->metal_count++] = e->key;
        p = end ? end + 1 : p + len;
    }
    return true;
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

/* Puts the stored answers (question answers: kind 0, company answers: kind 1) into the
 * skeleton. */
static ot_code fill(ot_rollup *r, ot_stmt *q, int64_t sid, ot_declaration *d, ot_error *err)
{
    ot_stmt_reset(q);
    ot_stmt_bind_int(q, 1, sid, err);
    ot_step s;
    while ((s = ot_stmt_step(q, err)) == OT_STEP_ROW) {
        const char *key = ot_stmt_text(q, 1), *metal = ot_stmt_text(q, 2);
        const char *answer = rl_intern(&r->strings, ot_stmt_text(q, 3));
        int j = ot_declaration_metal_index(d, metal);
        if (ot_stmt_int(q, 0) == 0) {
            ot_question *qu = question(d, key);
            if (qu && j >= 0) qu->per_metal[j].answer.value = answer;
            continue;
        }
        ot_company_question *c = company(d, key);
        if (c && !c->per_metal) c->answer.answer.value = answer;
        if (c && c->per_metal && j >= 0) c->per_metal_ans[j].answer.value = answer;
    }
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

static ot_code program_of(ot_rollup *r, size_t i, ot_stmt *q, layout_cache *cache,
                          ot_declaration *d, ot_error *err)
{
    ot_rollup_supplier *sup = &r->suppliers[i];
    memset(d, 0, sizeof *d);
    bool ok = sup->submission_id && skeleton(sup, &r->subinfo[i], cache, d);
    if (ok && !metals_of(r, &r->subinfo[i], d))
        return ot_fail(err, OT_E_NOMEM, "out of memory rolling up the campaign");
    ot_code rc = ok ? fill(r, q, sup->submission_id, d, err) : OT_OK;
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
    /* only the questions the program map reads (risk/program.c) */
    ot_stmt *q = NULL;
    ot_code rc = ot_db_prepare(
        db,
        "SELECT 0, question_key, metal, answer FROM answer WHERE submission_id = ?1 AND answer "
        "IS NOT NULL AND role IN ('intentional', 'remains', 'response_rate', 'all_smelters', "
        "'all_info_reported') UNION ALL SELECT 1, letter, metal, answer FROM company_answer "
        "WHERE submission_id = ?1 AND answer IS NOT NULL AND role IN ('policy', "
        "'policy_public', 'due_diligence', 'review', 'corrective')",
        &q, err);
    ot_declaration *d = rc == OT_OK ? malloc(sizeof *d) : NULL;
    if (rc == OT_OK && !d) rc = ot_fail(err, OT_E_NOMEM, "out of memory rolling up the campaign");
    layout_cache cache = {0};
    for (size_t i = 0; rc == OT_OK && i < r->nsuppliers; i++) {
        rc = program_of(r, i, q, &cache, d, err);
        if (rc == OT_OK) r->summary.suppliers_by_program[r->suppliers[i].program.strength]++;
    }
    free(d);
    ot_stmt_finalize(q);
    return rc;
}
