/* actions_propose.c - the corrective actions a campaign's figures propose, computed from
 * the roll-up (report/rollup.h) at the time of the call by the tables of risk/actions.h:
 * every gap in an in-scope supplier's answer proposes its action to that supplier; every
 * red flag of a smelter proposes its action to each supplier naming the smelter (one per
 * kind, however many of its flags propose that kind), or once to the company for the
 * company's own kinds (once per smelter; once per campaign for the "once" kinds).
 *
 * A proposal's key is "KIND:SUPPLIER:SMELTER" ("-" for none), so it stays the same from
 * one computation to the next as long as the fact behind it holds; an accepted proposal
 * is a stored action with that key. Also the action kinds for actions.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/actions_internal.h"
#include "app/app_internal.h"
#include "campaign/actions.h"
#include "report/rollup.h"
#include "risk/actions.h"

typedef struct build {
    ot_arena *arena;
    int32_t today;
    const char *only_supplier;            /* NULL: all */
    const ot_rollup_supplier **suppliers; /* by supplier_id, for names */
    size_t n_suppliers;
    ot_action_proposal *out;
    size_t n, cap;
    const ot_action_kind *once_done[8]; /* "once" kinds proposed already */
    size_t n_once;
    bool ok;
} build;

static const char *keep(build *b, const char *s)
{
    return ot_app_keep(b->arena, s, &b->ok);
}

static int by_supplier_id(const void *a, const void *b)
{
    return strcmp((*(const ot_rollup_supplier *const *)a)->supplier_id,
                  (*(const ot_rollup_supplier *const *)b)->supplier_id);
}

static const char *supplier_name(const build *b, const char *id)
{
    ot_rollup_supplier key = {.supplier_id = id}, *kp = &key;
    const ot_rollup_supplier **hit =
        bsearch(&kp, b->suppliers, b->n_suppliers, sizeof *b->suppliers, by_supplier_id);
    return hit ? (*hit)->name : NULL;
}

/* Adds a proposal unless one with its key is there already (a "once" kind raised by many
 * smelters). */
static void add(build *b, const ot_action_kind *k, const char *supplier, const char *smelter,
                const char *smelter_name, const char *answers, const char *reason)
{
    if (b->only_supplier && (!supplier || strcmp(supplier, b->only_supplier) != 0)) return;
    char key[512];
    snprintf(key, sizeof key, "%s:%s:%s", k->code, supplier ? supplier : "-",
             smelter ? smelter : "-");
    if (k->once) {
        for (size_t i = 0; i < b->n_once; i++)
            if (b->once_done[i] == k) return;
        if (b->n_once < sizeof b->once_done / sizeof b->once_done[0]) b->once_done[b->n_once++] = k;
    }
    if (!ot_app_grow((void **)&b->out, &b->cap, b->n, sizeof *b->out)) {
        b->ok = false;
        return;
    }
    ot_action_proposal *p = &b->out[b->n++];
    *p =
        (ot_action_proposal){.key = keep(b, key),
                             .supplier_id = keep(b, supplier),
                             .supplier_name = supplier ? keep(b, supplier_name(b, supplier)) : NULL,
                             .smelter_id = keep(b, smelter),
                             .smelter_name = keep(b, smelter_name),
                             .kind = k->code,
                             .text = k->text,
                             .answers = keep(b, answers),
                             .reason = keep(b, reason)};
    ot_date_format(b->today + (int32_t)k->due_days, p->due_date);
}

/* Why a supplier has this gap, for a person. */
static void gap_reason(const ot_rollup_supplier *s, ot_supplier_gap g, char *out, size_t size)
{
    switch (g) {
    case OT_GAP_NO_SUBMISSION:
        snprintf(out, size, "no file received");
        break;
    case OT_GAP_INVALID:
        if (strcmp(s->outcome, "unreadable") == 0)
            snprintf(out, size, "its current file could not be read");
        else
            snprintf(out, size, "its current file is invalid (%zu errors)", s->errors);
        break;
    case OT_GAP_UNKNOWN_PROGRAM:
    case OT_GAP_WEAK_PROGRAM:
        snprintf(out, size, "%s", s->program.why);
        break;
    case OT_GAP_INCOMPLETE:
        snprintf(out, size, "questions on completeness not all 100%% / Yes (lowest response: %s)",
                 ot_response_rate_name(s->program.lowest_response));
        break;
    default:
        snprintf(out, size, "declared for the whole company, not for our products");
        break;
    }
}

static void supplier_gaps(build *b, const ot_rollup_supplier *s)
{
    bool none = strcmp(s->outcome, "none") == 0;
    unsigned gaps = ot_supplier_gaps(s->outcome, none ? NULL : &s->program);
    for (int g = 0; g < OT_GAP__COUNT; g++) {
        if (!(gaps & (1u << g))) continue;
        char why[320];
        gap_reason(s, (ot_supplier_gap)g, why, sizeof why);
        add(b, ot_action_for_gap((ot_supplier_gap)g), s->supplier_id, NULL, NULL,
            ot_gap_code((ot_supplier_gap)g), why);
    }
}

static void smelter_flags(build *b, const ot_rollup_smelter *s)
{
    ot_smelter_proposal props[OT_RF__COUNT];
    size_t n = ot_action_smelter_proposals(&s->risk, props, OT_RF__COUNT);
    for (size_t i = 0; i < n; i++) {
        const ot_action_kind *k = props[i].kind;
        char codes[320] = "";
        const char *reason = "";
        for (size_t f = 0; f < s->risk.count; f++) {
            if (!(props[i].flags & (1u << s->risk.flags[f].id))) continue;
            if (!*reason) reason = s->risk.flags[f].reason;
            size_t used = strlen(codes);
            snprintf(codes + used, sizeof codes - used, "%s%s", used ? "," : "",
                     s->risk.flags[f].code);
        }
        if (k->actor == OT_ACTOR_COMPANY)
            add(b, k, NULL, k->once ? NULL : s->smelter_id, k->once ? NULL : s->standard_name,
                codes, reason);
        else
            for (size_t u = 0; u < s->supplier_count; u++)
                add(b, k, s->supplier_ids[u], s->smelter_id, s->standard_name, codes, reason);
    }
}

static int cmp_text(const char *a, const char *b)
{
    if (!a || !b) return (a != NULL) - (b != NULL); /* none first */
    return strcmp(a, b);
}

/* The company's first, then by supplier, smelter and kind. */
static int by_addressee(const void *va, const void *vb)
{
    const ot_action_proposal *a = va, *b = vb;
    int c = cmp_text(a->supplier_id, b->supplier_id);
    if (!c) c = cmp_text(a->smelter_id, b->smelter_id);
    return c ? c : strcmp(a->kind, b->kind);
}

/* Every proposal of the campaign (accepted or not). */
static ot_code compute(ot_app *app, int64_t campaign_id, const char *only_supplier, int32_t today,
                       build *b, ot_error *err)
{
    ot_rollup_params params = {.campaign_id = campaign_id,
                               .status_max_age_days =
                                   (unsigned)ot_app_config(app)->status_list_max_age_days};
    ot_rollup *r = NULL;
    ot_code rc = ot_rollup_compute(ot_app_workspace(app), &params, &r, err);
    if (rc != OT_OK) return rc;
    b->today = today;
    b->only_supplier = only_supplier;
    b->n_suppliers = ot_rollup_supplier_count(r);
    b->suppliers = calloc(b->n_suppliers + 1, sizeof *b->suppliers);
    b->ok = b->suppliers != NULL;
    for (size_t i = 0; b->ok && i < b->n_suppliers; i++)
        b->suppliers[i] = ot_rollup_supplier_at(r, i);
    if (b->ok) qsort(b->suppliers, b->n_suppliers, sizeof *b->suppliers, by_supplier_id);
    for (size_t i = 0; b->ok && i < b->n_suppliers; i++)
        supplier_gaps(b, b->suppliers[i]);
    for (size_t i = 0; b->ok && i < ot_rollup_smelter_count(r); i++)
        smelter_flags(b, ot_rollup_smelter_at(r, i));
    free(b->suppliers);
    ot_rollup_free(r);
    if (!b->ok) return ot_fail(err, OT_E_NOMEM, "out of memory");
    if (b->n) qsort(b->out, b->n, sizeof *b->out, by_addressee);
    return OT_OK;
}

/* The proposal keys accepted in the campaign, sorted (malloc'd, strings in arena). */
typedef struct accepted {
    ot_arena *arena;
    const char **keys;
    size_t n, cap;
} accepted;

static ot_code note_accepted(const ot_action_row *row, void *vctx, ot_error *err)
{
    accepted *a = vctx;
    if (!row->proposal_key) return OT_OK;
    bool ok = ot_app_grow((void **)&a->keys, &a->cap, a->n, sizeof *a->keys);
    if (ok) a->keys[a->n++] = ot_app_keep(a->arena, row->proposal_key, &ok);
    return ok ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory");
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

ot_code ot_app_action_proposals(ot_app *app, int64_t campaign_id, const char *supplier_id,
                                int32_t today, ot_arena *arena, ot_action_proposal **out, size_t *n,
                                ot_error *err)
{
    *out = NULL;
    *n = 0;
    build b = {.arena = arena};
    accepted acc = {.arena = arena};
    ot_action_filter f = {.campaign_id = campaign_id};
    ot_code rc = ot_actions_each(ot_app_workspace(app), &f, note_accepted, &acc, err);
    if (rc == OT_OK) rc = compute(app, campaign_id, supplier_id, today, &b, err);
    if (rc == OT_OK && acc.n) qsort(acc.keys, acc.n, sizeof *acc.keys, cmp_key);
    size_t kept = 0;
    for (size_t i = 0; rc == OT_OK && i < b.n; i++)
        if (!acc.n || !bsearch(&b.out[i].key, acc.keys, acc.n, sizeof *acc.keys, cmp_key))
            b.out[kept++] = b.out[i];
    free(acc.keys);
    if (rc != OT_OK) {
        free(b.out);
        return rc;
    }
    *out = b.out;
    *n = kept;
    return OT_OK;
}

ot_code ot_app_action_proposal_find(ot_app *app, int64_t campaign_id, const char *key,
                                    int32_t today, ot_arena *arena, ot_action_proposal *out,
                                    ot_error *err)
{
    build b = {.arena = arena};
    ot_code rc = compute(app, campaign_id, NULL, today, &b, err);
    size_t i = 0;
    while (rc == OT_OK && i < b.n && strcmp(b.out[i].key, key) != 0)
        i++;
    if (rc == OT_OK && i == b.n)
        rc = ot_fail(err, OT_E_NOT_FOUND,
                     "the campaign's figures propose no action %s (any more): see the "
                     "proposals of the campaign",
                     key);
    if (rc == OT_OK) *out = b.out[i];
    free(b.out);
    return rc;
}

bool ot_app_action_kind(const char *code, const char **canonical, const char **text,
                        unsigned *due_days)
{
    const ot_action_kind *k = ot_action_kind_find(code ? code : OT_ACTION_FREE);
    if (!k) return false;
    if (canonical) *canonical = k->code;
    if (text) *text = k->text;
    if (due_days) *due_days = k->due_days;
    return true;
}
