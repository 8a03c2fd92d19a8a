/* cmrt_gather.c - the facts the CMRT answers are derived from (cmrt_derive.h): the answer
 * rows of the suppliers' current submissions (the roll-up names them) counted per metal
 * and answer, and the roll-up's smelters and unresolved names per metal - which are also
 * the rows of the company's Smelter List. */
#include "report/cmrt_derive.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "risk/risk.h"
#include "store/store.h"
#include "template/template.h"
#include "util/text.h"

static int role_of(const char *name)
{
    ot_question_role r;
    /* the roles the derivation reads: questions 1-8 of the current templates */
    return ot_question_role_parse(name, &r) && r != OT_Q_OTHER && r != OT_Q_SMELTERS_VALIDATED &&
                   (int)r < OT_CMRT_QROLES
               ? (int)r
               : -1;
}

static ot_cmrt_metal_facts *metal_facts(ot_cmrt_facts *f, const char *metal)
{
    for (size_t i = 0; metal && i < f->metal_count; i++)
        if (ot_text_equal_loose(f->metals[i].metal, metal)) return &f->metals[i];
    return NULL;
}

static int said(const char *answer)
{
    if (answer && ot_text_equal_loose(answer, "Yes")) return OT_SAID_YES;
    if (answer && ot_text_equal_loose(answer, "No")) return OT_SAID_NO;
    return OT_SAID_UNKNOWN;
}

/* One submission's answers. Q2-Q8 count only where its Q1 for the metal is Yes. */
static ot_code count_submission(ot_stmt *st, int64_t submission, ot_cmrt_facts *f, ot_error *err)
{
    bool uses[OT_MAX_METALS] = {false};
    for (int pass = 0; pass < 2; pass++) { /* pass 0: Q1, pass 1: the rest */
        ot_stmt_reset(st);
        ot_code rc = ot_stmt_bind_int(st, 1, submission, err);
        if (rc) return rc;
        ot_step s;
        while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
            int role = role_of(ot_stmt_text(st, 0));
            ot_cmrt_metal_facts *m = metal_facts(f, ot_stmt_text(st, 1));
            if (role < 0 || !m || (role == OT_Q_INTENTIONAL) != (pass == 0)) continue;
            size_t mi = (size_t)(m - f->metals);
            int a = said(ot_stmt_text(st, 2));
            if (pass == 0) uses[mi] = a == OT_SAID_YES;
            if (pass == 0 || uses[mi]) m->said[role][a]++;
        }
        if (s == OT_STEP_ERROR) return OT_E_DB;
    }
    return OT_OK;
}

static ot_code count_answers(ot_workspace *ws, const ot_rollup *r, ot_cmrt_facts *f, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db, "SELECT role, metal, answer FROM answer WHERE submission_id = ?", &st, err);
    if (rc) return rc;
    for (size_t i = 0; i < ot_rollup_supplier_count(r) && !rc; i++) {
        const ot_rollup_supplier *s = ot_rollup_supplier_at(r, i);
        bool readable = s->submission_id && s->outcome &&
                        (!strcmp(s->outcome, "valid") || !strcmp(s->outcome, "invalid"));
        if (readable) rc = count_submission(st, s->submission_id, f, err);
    }
    ot_stmt_finalize(st);
    return rc;
}

static bool origin_covered(const ot_rollup_smelter *s)
{
    for (size_t k = 0; k < s->mine_country_count; k++)
        if (ot_risk_is_covered(s->mine_countries[k])) return true;
    return false;
}

/* Whether an unresolved name can go on the Smelter List: a template metal, a name and a
 * country the template's list spells (the typed spelling mapped to it). */
static const char *listable_country(const ot_rollup_unresolved *u)
{
    if (!u->name || !*u->name || !u->country) return NULL;
    const ot_country *c = ot_risk_country_find(u->country);
    const ot_country *cur = c ? ot_risk_country_by_code(c->alpha2) : NULL;
    return cur ? cur->name : NULL;
}

static bool same_unresolved(const ot_rollup_unresolved *a, const ot_rollup_unresolved *b)
{
    return a->metal && b->metal && ot_text_equal_loose(a->metal, b->metal) &&
           ot_text_equal_loose(a->name, b->name);
}

static ot_code list_smelters(const ot_rollup *r, ot_cmrt_facts *f, ot_cmrt_smelter **out, size_t *n,
                             ot_error *err)
{
    size_t ns = ot_rollup_smelter_count(r), nu = ot_rollup_unresolved_count(r);
    *out = calloc(ns + nu + 1, sizeof **out);
    if (!*out) return ot_fail(err, OT_E_NOMEM, "out of memory");
    *n = 0;
    for (size_t i = 0; i < ns; i++) {
        const ot_rollup_smelter *s = ot_rollup_smelter_at(r, i);
        ot_cmrt_metal_facts *m = metal_facts(f, s->metal);
        if (!m) continue; /* a metal this template does not cover */
        m->smelters++;
        m->origin_covered += origin_covered(s);
        (*out)[(*n)++] = (ot_cmrt_smelter){.smelter_id = s->smelter_id,
                                           .metal = m->metal,
                                           .name = s->standard_name,
                                           .country = s->country};
    }
    for (size_t i = 0; i < nu; i++) { /* sorted by metal and name: repeats are adjacent */
        const ot_rollup_unresolved *u = ot_rollup_unresolved_at(r, i);
        if (i && same_unresolved(u, ot_rollup_unresolved_at(r, i - 1))) continue;
        ot_cmrt_metal_facts *m = metal_facts(f, u->metal);
        if (!m) continue;
        m->unresolved++;
        const char *country = listable_country(u);
        if (!country) continue;
        m->unresolved_typed++;
        (*out)[(*n)++] = (ot_cmrt_smelter){
            .metal = m->metal, .name = u->name, .country = country, .comment = u->reason};
    }
    return OT_OK;
}

ot_code ot_cmrt_gather(ot_workspace *ws, const ot_rollup *r, const char *const *metals,
                       size_t metal_count, ot_cmrt_facts *facts, ot_cmrt_smelter **smelters,
                       size_t *smelter_count, ot_error *err)
{
    memset(facts, 0, sizeof *facts);
    const ot_rollup_summary *sum = ot_rollup_summary_get(r);
    facts->suppliers = sum->suppliers;
    facts->responded = sum->suppliers_included;
    facts->metal_count = metal_count < OT_MAX_METALS ? metal_count : OT_MAX_METALS;
    for (size_t i = 0; i < facts->metal_count; i++)
        facts->metals[i].metal = metals[i];
    ot_code rc = count_answers(ws, r, facts, err);
    if (!rc) rc = list_smelters(r, facts, smelters, smelter_count, err);
    return rc;
}
