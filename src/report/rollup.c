/* rollup.c - ot_rollup_compute (rollup.h): loads the campaign's suppliers, their current
 * submissions' smelter rows and stored answers (rollup_load.c, rollup_rows.c,
 * rollup_program.c), then completes every consolidated smelter with what is known at
 * the evaluation date - the reference list's name and country, the RMAP status in force
 * on that date, the countries of origin reported, the red flags and risk level - and
 * counts the figures a filing quotes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/normalize.h"
#include "report/rollup_internal.h"

static int cmp_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_smelters(const void *pa, const void *pb)
{
    const ot_rollup_smelter *a = pa, *b = pb;
    int c = cmp_text(a->metal, b->metal);
    if (!c) c = cmp_text(a->standard_name, b->standard_name);
    return c ? c : cmp_text(a->smelter_id, b->smelter_id);
}

static int cmp_unresolved(const void *pa, const void *pb)
{
    const ot_rollup_unresolved *a = pa, *b = pb;
    int c = cmp_text(a->metal, b->metal);
    if (!c) c = cmp_text(a->name, b->name);
    if (!c) c = cmp_text(a->supplier_id, b->supplier_id);
    if (!c) c = (a->submission_id > b->submission_id) - (a->submission_id < b->submission_id);
    return c ? c : (a->row_no > b->row_no) - (a->row_no < b->row_no);
}

static int cmp_codes(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- completing one smelter --------------------------------------------------------- */

typedef struct codes {
    ot_rollup *r;
    const char *list[64];
    size_t n;
} codes;

static void add_code(const ot_country *c, void *ctx)
{
    codes *k = ctx;
    const char *code = rl_intern(&k->r->strings, c->alpha2);
    for (size_t i = 0; i < k->n; i++)
        if (k->list[i] == code) return;
    if (code && k->n < sizeof k->list / sizeof k->list[0]) k->list[k->n++] = code;
}

static bool mine_countries(ot_rollup *r, rl_smelter *s)
{
    codes k = {.r = r};
    for (size_t i = 0; i < s->nmine; i++)
        ot_risk_countries_in_text(s->mine_texts[i], add_code, &k, NULL);
    qsort(k.list, k.n, sizeof k.list[0], cmp_codes);
    const char **out = k.n ? ot_arena_alloc(&r->arena, k.n * sizeof *out) : NULL;
    if (k.n && !out) return false;
    if (k.n) memcpy(out, k.list, k.n * sizeof *out);
    s->pub.mine_countries = out;
    s->pub.mine_country_count = k.n;
    return true;
}

static bool describe(ot_rollup *r, rl_smelter *s)
{
    ot_rollup_smelter *p = &s->pub;
    const char *metal = s->ref ? s->ref->metal : NULL;
    for (size_t i = 0; !metal && i < s->nrep; i++)
        metal = s->reports[i].metal ? ot_metal_canonical(s->reports[i].metal, NULL) : NULL;
    p->metal = rl_intern(&r->strings, metal);
    p->standard_name = s->ref ? s->ref->standard_name : s->row_name;
    p->country = s->ref ? s->ref->country : s->row_country;
    const ot_country *c = p->country ? ot_risk_country_find(p->country) : NULL;
    snprintf(p->country_alpha2, sizeof p->country_alpha2, "%s", c ? c->alpha2 : "");
    const ot_status_entry *se = ot_refdata_status(r->rd, p->smelter_id, r->as_of);
    p->rmap_status = ot_rmap_status_name(se ? se->status : OT_RMAP_UNKNOWN);
    snprintf(p->status_as_of, sizeof p->status_as_of, "%s", se && se->as_of ? se->as_of : "");
    const char **ids = ot_arena_alloc(&r->arena, (s->nsup ? s->nsup : 1) * sizeof *ids);
    if (!ids) return false;
    for (size_t i = 0; i < s->nsup; i++)
        ids[i] = r->suppliers[s->suppliers[i]].supplier_id;
    p->supplier_ids = ids;
    p->submission_ids = s->subs;
    p->supplier_count = s->nsup;
    return mine_countries(r, s);
}

static ot_code assess(ot_rollup *r, rl_smelter *s, ot_error *err)
{
    ot_rollup_smelter *p = &s->pub;
    const ot_status_entry *se = ot_refdata_status(r->rd, p->smelter_id, r->as_of);
    ot_risk_smelter rs = {.smelter_id = p->smelter_id,
                          .metal = p->metal,
                          .name = p->standard_name,
                          .country = p->country,
                          .status_known = se != NULL,
                          .status = se ? se->status : OT_RMAP_UNKNOWN,
                          .status_as_of = se ? se->as_of : NULL,
                          .reports = s->reports,
                          .report_count = s->nrep};
    return ot_risk_assess(&rs, &r->params, &p->risk, err);
}

static void count(ot_rollup *r, rl_smelter *s)
{
    const ot_rollup_smelter *p = &s->pub;
    ot_rollup_summary *m = &r->summary;
    const ot_status_entry *se = ot_refdata_status(r->rd, p->smelter_id, r->as_of);
    if (se)
        m->by_status[se->status]++;
    else
        m->status_unknown++;
    if (p->country_alpha2[0] && ot_risk_is_covered(p->country_alpha2)) m->in_covered_countries++;
    if (p->country_alpha2[0] && r->cahra && ot_risk_cahra_find(r->cahra, p->country_alpha2))
        m->in_cahra++;
    if (p->mine_country_count) m->origin_known++;
    for (size_t i = 0; i < p->mine_country_count; i++)
        if (ot_risk_is_covered(p->mine_countries[i])) {
            m->origin_covered++;
            break;
        }
    m->by_risk[p->risk.level]++;
    if (p->risk.level >= OT_RISK_MEDIUM)
        for (size_t i = 0; i < s->nsup; i++)
            r->suppliers[s->suppliers[i]].red_flag_smelters++;
}

/* ---- the whole roll-up -------------------------------------------------------------- */

static void newest_status_list(ot_rollup *r)
{
    char *best = r->summary.status_list_as_of;
    for (size_t i = 0; i < ot_refdata_source_count(r->rd); i++) {
        const ot_refdata_source *src = ot_refdata_source_at(r->rd, i);
        if (strcmp(src->kind, "status") != 0 || strcmp(src->as_of, r->as_of) > 0) continue;
        if (strcmp(src->as_of, best) > 0) snprintf(best, OT_DATE_LEN, "%s", src->as_of);
    }
}

/* Sorts the smelters and points the ID table at their new places. */
static ot_code order(ot_rollup *r, ot_error *err)
{
    /* qsort's array may not be NULL, even for no elements (UBSan) */
    if (r->nsmelters) qsort(r->smelters, r->nsmelters, sizeof *r->smelters, cmp_smelters);
    if (r->nunresolved) qsort(r->unresolved, r->nunresolved, sizeof *r->unresolved, cmp_unresolved);
    for (size_t i = 0; i < r->nsmelters; i++) {
        char key[48];
        int n = snprintf(key, sizeof key, "=%s", r->smelters[i].pub.smelter_id);
        rl_entry *e = rl_table_get(&r->ids, key, (size_t)n, NULL);
        if (!e) return ot_fail(err, OT_E_NOMEM, "out of memory rolling up the campaign");
        e->value = i;
    }
    return OT_OK;
}

static ot_code finish(ot_rollup *r, ot_error *err)
{
    ot_code rc = OT_OK;
    for (size_t i = 0; rc == OT_OK && i < r->nsmelters; i++) {
        rl_smelter *s = &r->smelters[i];
        if (!describe(r, s)) return ot_fail(err, OT_E_NOMEM, "out of memory rolling up");
        if ((rc = assess(r, s, err)) == OT_OK) count(r, s);
    }
    if (rc != OT_OK) return rc;
    ot_rollup_summary *m = &r->summary;
    m->suppliers = r->nsuppliers;
    m->smelters_resolved = r->nsmelters;
    m->smelters_reported = r->nsmelters + m->unresolved_names;
    snprintf(m->as_of, sizeof m->as_of, "%s", r->as_of);
    newest_status_list(r);
    return order(r, err);
}

static ot_code start(ot_workspace *ws, const ot_rollup_params *params, ot_rollup *r, ot_error *err)
{
    int64_t found = 0;
    ot_code rc = ot_db_query_int(ws->db, "SELECT COUNT(*) FROM campaign WHERE id = ?",
                                 OT_DB_PARAMS(ot_db_int(params->campaign_id)), &found, err);
    if (rc != OT_OK) return rc;
    if (!found)
        return ot_fail(err, OT_E_NOT_FOUND, "no campaign with id %lld",
                       (long long)params->campaign_id);
    char *old_store = ot_refdata_path(ws->dir);
    rc = ot_refdata_load_db(ws->db, old_store, &r->rd, NULL, err);
    free(old_store);
    if (rc == OT_OK) rc = rl_load_lists(ws->db, r, err);
    r->params = (ot_risk_params){.today = r->as_of,
                                 .status_max_age_days = params->status_max_age_days,
                                 .cahra = r->cahra,
                                 .watch = r->watch};
    return rc;
}

ot_code ot_rollup_compute(ot_workspace *ws, const ot_rollup_params *params, ot_rollup **out,
                          ot_error *err)
{
    *out = NULL;
    if (!ws || !params) return ot_fail(err, OT_E_USAGE, "no workspace or campaign to roll up");
    int32_t day;
    if (params->as_of && !ot_date_parse(params->as_of, &day))
        return ot_fail(err, OT_E_USAGE, "'%s' is not a date (YYYY-MM-DD)", params->as_of);
    ot_rollup *r = calloc(1, sizeof *r);
    if (!r) return ot_fail(err, OT_E_NOMEM, "out of memory rolling up the campaign");
    ot_arena_init(&r->arena, 0);
    rl_table_init(&r->strings, &r->arena);
    rl_table_init(&r->ids, &r->arena);
    rl_table_init(&r->keys, &r->arena);
    if (params->as_of)
        ot_date_format(day, r->as_of);
    else
        ot_date_today_iso(r->as_of);
    ot_code rc = start(ws, params, r, err);
    if (rc == OT_OK) rc = rl_load_suppliers(ws->db, r, params->campaign_id, err);
    if (rc == OT_OK) rc = rl_load_rows(ws->db, r, params->valid_only, err);
    if (rc == OT_OK) rc = rl_load_programs(ws->db, r, err);
    if (rc == OT_OK) rc = finish(r, err);
    if (rc != OT_OK) {
        ot_rollup_free(r);
        return rc;
    }
    *out = r;
    return OT_OK;
}

/* ---- reading ------------------------------------------------------------------------ */

size_t ot_rollup_smelter_count(const ot_rollup *r)
{
    return r ? r->nsmelters : 0;
}

const ot_rollup_smelter *ot_rollup_smelter_at(const ot_rollup *r, size_t i)
{
    return r && i < r->nsmelters ? &r->smelters[i].pub : NULL;
}

static const ot_rollup_smelter *by_key(const ot_rollup *r, const char *id)
{
    char key[48];
    int n = snprintf(key, sizeof key, "=%s", id);
    if (n < 0 || (size_t)n >= sizeof key) return NULL;
    const rl_entry *e = rl_table_find(&r->ids, key, (size_t)n);
    return e && e->value < r->nsmelters ? &r->smelters[e->value].pub : NULL;
}

const ot_rollup_smelter *ot_rollup_smelter_find(const ot_rollup *r, const char *smelter_id)
{
    if (!r || !smelter_id) return NULL;
    char canon[32];
    const ot_rollup_smelter *s =
        by_key(r, ot_refdata_canonical_id(smelter_id, canon) ? canon : smelter_id);
    if (s) return s;
    const ot_smelter *ref = ot_refdata_find(r->rd, smelter_id);
    ref = ref ? ot_refdata_resolve_current(r->rd, ref) : NULL;
    return ref ? by_key(r, ref->id) : NULL;
}

size_t ot_rollup_unresolved_count(const ot_rollup *r)
{
    return r ? r->nunresolved : 0;
}

const ot_rollup_unresolved *ot_rollup_unresolved_at(const ot_rollup *r, size_t i)
{
    return r && i < r->nunresolved ? &r->unresolved[i] : NULL;
}

size_t ot_rollup_supplier_count(const ot_rollup *r)
{
    return r ? r->nsuppliers : 0;
}

const ot_rollup_supplier *ot_rollup_supplier_at(const ot_rollup *r, size_t i)
{
    return r && i < r->nsuppliers ? &r->suppliers[i] : NULL;
}

const ot_rollup_summary *ot_rollup_summary_get(const ot_rollup *r)
{
    return r ? &r->summary : NULL;
}

const ot_risk_params *ot_rollup_risk_params(const ot_rollup *r)
{
    return r ? &r->params : NULL;
}

void ot_rollup_free(ot_rollup *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nsmelters; i++) {
        free(r->smelters[i].suppliers);
        free(r->smelters[i].subs);
        free(r->smelters[i].reports);
        free(r->smelters[i].mine_texts);
    }
    free(r->smelters);
    free(r->unresolved);
    free(r->suppliers);
    rl_table_free(&r->strings);
    rl_table_free(&r->ids);
    rl_table_free(&r->keys);
    ot_refdata_free(r->rd);
    ot_risk_cahra_free(r->cahra);
    ot_risk_watch_free(r->watch);
    ot_arena_free(&r->arena);
    free(r);
}
