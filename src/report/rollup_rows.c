/* rollup_rows.c - reads the Smelter List rows of each included supplier's current
 * submission and consolidates them: rows resolved to a smelter ID (merged IDs followed to
 * the ID in use today) become one smelter each, with the suppliers naming it and the
 * distinct ways they reported it; rows resolved to nothing are listed apart as typed.
 * Countries of origin come from the row's mine-country cell and from Mine List rows of
 * the same submission that name the smelter (EMRT 2.x, AMRT). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/normalize.h"
#include "report/rollup_internal.h"
#include "util/text.h"

#define MAX_MINES_PER_ROW 16

/* One stored Smelter List row, as read. */
typedef struct row {
    uint32_t row_no;
    const char *metal, *id_input, *lookup, *name, *country, *mine_country;
    const char *smelter_id, *resolved_name, *resolved_country, *method;
} row;

/* A Mine List row of the submission being read. */
typedef struct mine {
    const char *metal, *country;
    char key[OT_NORM_TEXT];
} mine;

typedef struct reader {
    ot_rollup *r;
    size_t supplier;
    int64_t submission;
    mine *mines;
    size_t nmines, capmines;
} reader;

static bool present(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t') return true;
    return false;
}

static const char *opt(const char *s)
{
    return present(s) ? s : NULL;
}

static bool special(const char *s, const char *what)
{
    return s && ot_text_equal_loose(s, what);
}

/* The name a supplier gave: typed, else its look-up choice (not the placeholders). */
static const char *given_name(const row *w)
{
    if (present(w->name)) return w->name;
    if (present(w->lookup) && !special(w->lookup, "Smelter not listed") &&
        !special(w->lookup, "Smelter not yet identified"))
        return w->lookup;
    return NULL;
}

static ot_code nomem(ot_error *err)
{
    return ot_fail(err, OT_E_NOMEM, "out of memory rolling up the campaign");
}

/* ---- resolved rows ------------------------------------------------------------------ */

static rl_smelter *new_smelter(ot_rollup *r, const char *id, const ot_smelter *ref, const row *w)
{
    rl_smelter *s = rl_push((void **)&r->smelters, &r->nsmelters, &r->capsmelters, sizeof *s);
    if (!s) return NULL;
    s->ref = ref;
    s->pub.smelter_id = rl_intern(&r->strings, id);
    s->row_name = rl_intern(&r->strings, w->resolved_name);
    s->row_country = rl_intern(&r->strings, w->resolved_country);
    return s;
}

/* The consolidated smelter of a stored ID: merged IDs count as their successor. */
static rl_smelter *smelter_of(ot_rollup *r, const row *w)
{
    bool added;
    rl_entry *e = rl_table_get(&r->ids, w->smelter_id, strlen(w->smelter_id), &added);
    if (!e) return NULL;
    if (!added) return &r->smelters[e->value];
    const ot_smelter *ref = ot_refdata_find(r->rd, w->smelter_id);
    if (ref) ref = ot_refdata_resolve_current(r->rd, ref);
    const char *id = ref ? ref->id : w->smelter_id;
    char key[48];
    int n = snprintf(key, sizeof key, "=%s", id);
    rl_entry *c = rl_table_get(&r->ids, key, (size_t)n, &added);
    if (!c) return NULL;
    if (added) {
        if (!new_smelter(r, id, ref, w)) return NULL;
        c->value = r->nsmelters - 1;
    }
    size_t idx = c->value;
    e = rl_table_get(&r->ids, w->smelter_id, strlen(w->smelter_id), NULL); /* table may grow */
    if (!e) return NULL;
    e->value = idx;
    return &r->smelters[idx];
}

static bool add_supplier(rl_smelter *s, size_t supplier, int64_t submission)
{
    if (s->nsup && s->suppliers[s->nsup - 1] == supplier) return true;
    size_t n = s->nsup;
    int64_t *sub = rl_push((void **)&s->subs, &n, &s->capsubs, sizeof *sub);
    if (!sub) return false;
    *sub = submission;
    size_t *slot = rl_push((void **)&s->suppliers, &s->nsup, &s->capsup, sizeof *slot);
    if (!slot) return false;
    *slot = supplier;
    return true;
}

static bool add_mine_text(ot_rollup *r, rl_smelter *s, const char *text)
{
    const char *t = rl_intern(&r->strings, text);
    if (!t) return false;
    for (size_t i = 0; i < s->nmine; i++)
        if (s->mine_texts[i] == t) return true;
    const char **slot = rl_push((void **)&s->mine_texts, &s->nmine, &s->capmine, sizeof *slot);
    if (!slot) return false;
    *slot = t;
    return true;
}

/* Adds the report (metal, country, name, origins) unless the smelter has it already. */
static bool add_report(reader *rd, rl_smelter *s, size_t si, const row *w, const char **mines,
                       size_t nm)
{
    ot_rollup *r = rd->r;
    char key[2048];
    const char *name = given_name(w);
    int n = snprintf(key, sizeof key, "r%zu\x1f%s\x1f%s\x1f%s", si, w->metal ? w->metal : "",
                     w->country ? w->country : "", name ? name : "");
    for (size_t i = 0; i < nm && n > 0 && (size_t)n < sizeof key; i++)
        n += snprintf(key + n, sizeof key - (size_t)n, "\x1f%s", mines[i]);
    if (n < 0 || (size_t)n >= sizeof key) n = (int)sizeof key - 1;
    bool added;
    rl_entry *e = rl_table_get(&r->keys, key, (size_t)n, &added);
    if (!e) return false;
    if (!added) return true;
    rl_report *rep = rl_push((void **)&s->reports, &s->nrep, &s->caprep, sizeof *rep);
    const char **texts = nm ? ot_arena_alloc(&r->arena, nm * sizeof *texts) : NULL;
    if (!rep || (nm && !texts)) return false;
    for (size_t i = 0; i < nm; i++)
        texts[i] = rl_intern(&r->strings, mines[i]);
    *rep = (ot_risk_report){.supplier_id = r->suppliers[rd->supplier].supplier_id,
                            .metal = rl_intern(&r->strings, opt(w->metal)),
                            .country = rl_intern(&r->strings, opt(w->country)),
                            .name = rl_intern(&r->strings, name),
                            .mine_countries = texts,
                            .mine_country_count = nm};
    return true;
}

/* Countries of origin the submission gives for this row: its own cell, then Mine List
 * rows naming it (by typed, look-up or standard name) under the same metal. */
static size_t origins(reader *rd, const row *w, const char *standard, const char **out)
{
    size_t n = 0;
    if (present(w->mine_country)) out[n++] = w->mine_country;
    if (!rd->nmines) return n;
    const char *names[3] = {w->name, w->lookup, standard};
    for (size_t k = 0; k < 3; k++) {
        if (!present(names[k])) continue;
        ot_norm_name nn;
        ot_normalize_name(names[k], &nn);
        for (size_t i = 0; i < rd->nmines && n < MAX_MINES_PER_ROW; i++) {
            const mine *m = &rd->mines[i];
            if (!nn.key[0] || strcmp(m->key, nn.key) != 0) continue;
            if (present(m->metal) && present(w->metal) && !ot_text_equal_loose(m->metal, w->metal))
                continue;
            if (present(m->country)) out[n++] = m->country;
        }
    }
    return n;
}

static ot_code take_resolved(reader *rd, const row *w, ot_error *err)
{
    ot_rollup *r = rd->r;
    rl_smelter *s = smelter_of(r, w);
    if (!s) return nomem(err);
    size_t si = (size_t)(s - r->smelters);
    const char *mines[MAX_MINES_PER_ROW + 1];
    size_t nm = origins(rd, w, s->ref ? s->ref->standard_name : w->resolved_name, mines);
    if (!add_supplier(s, rd->supplier, rd->submission)) return nomem(err);
    for (size_t i = 0; i < nm; i++)
        if (!add_mine_text(r, s, mines[i])) return nomem(err);
    if (!add_report(rd, s, si, w, mines, nm)) return nomem(err);
    return OT_OK;
}

/* ---- unresolved rows ---------------------------------------------------------------- */

static const char *unresolved_reason(const ot_rollup *r, const row *w, char *buf, size_t cap)
{
    if (special(w->lookup, "Smelter not yet identified"))
        return "the supplier has not identified this smelter yet";
    if (present(w->id_input)) {
        if (ot_refdata_find(r->rd, w->id_input))
            snprintf(buf, cap,
                     "the smelter ID %s is listed for another metal or under another name: "
                     "confirm the smelter with the supplier",
                     w->id_input);
        else
            snprintf(buf, cap, "the smelter ID %s is not on the reference list", w->id_input);
        return buf;
    }
    if (!given_name(w)) return "no smelter name or ID given";
    if (!w->method) return "not resolved: no reference data were in use when it was read";
    return "no smelter on the reference list matches the name closely enough";
}

/* Distinct unresolved names: by metal and normalised name. */
static bool count_name(ot_rollup *r, const row *w)
{
    const char *name = given_name(w);
    if (!name) return true;
    ot_norm_name nn;
    ot_normalize_name(name, &nn);
    const char *metal = w->metal ? ot_metal_canonical(w->metal, NULL) : NULL;
    char key[OT_NORM_TEXT + 64];
    int n = snprintf(key, sizeof key, "u%s\x1f%s", metal ? metal : (w->metal ? w->metal : ""),
                     nn.key[0] ? nn.key : name);
    if (n < 0 || (size_t)n >= sizeof key) n = (int)sizeof key - 1;
    bool added;
    if (!rl_table_get(&r->keys, key, (size_t)n, &added)) return false;
    if (added) r->summary.unresolved_names++;
    return true;
}

static ot_code take_unresolved(reader *rd, const row *w, ot_error *err)
{
    ot_rollup *r = rd->r;
    ot_rollup_unresolved *u =
        rl_push((void **)&r->unresolved, &r->nunresolved, &r->capunresolved, sizeof *u);
    if (!u) return nomem(err);
    char buf[256];
    const char *name = given_name(w);
    *u = (ot_rollup_unresolved){
        .metal = rl_intern(&r->strings, opt(w->metal)),
        .name = rl_intern(&r->strings, name ? name : opt(w->lookup)),
        .country = rl_intern(&r->strings, opt(w->country)),
        .smelter_id_input = rl_intern(&r->strings, opt(w->id_input)),
        .supplier_id = r->suppliers[rd->supplier].supplier_id,
        .submission_id = rd->submission,
        .row_no = w->row_no,
        .reason = rl_intern(&r->strings, unresolved_reason(r, w, buf, sizeof buf)),
    };
    if (!u->reason || !count_name(r, w)) return nomem(err);
    return OT_OK;
}

/* ---- reading ------------------------------------------------------------------------ */

static ot_code load_mines(ot_stmt *st, reader *rd, ot_error *err)
{
    rd->nmines = 0;
    ot_stmt_reset(st);
    ot_stmt_bind_int(st, 1, rd->submission, err);
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        mine *m = rl_push((void **)&rd->mines, &rd->nmines, &rd->capmines, sizeof *m);
        if (!m) return nomem(err);
        m->metal = rl_intern(&rd->r->strings, ot_stmt_text(st, 0));
        m->country = rl_intern(&rd->r->strings, ot_stmt_text(st, 2));
        ot_norm_name nn;
        ot_normalize_name(ot_stmt_text(st, 1), &nn);
        snprintf(m->key, sizeof m->key, "%s", nn.key);
    }
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

static void read_row(ot_stmt *st, row *w)
{
    w->row_no = (uint32_t)ot_stmt_int(st, 0);
    w->metal = ot_stmt_text(st, 1);
    w->id_input = ot_stmt_text(st, 2);
    w->lookup = ot_stmt_text(st, 3);
    w->name = ot_stmt_text(st, 4);
    w->country = ot_stmt_text(st, 5);
    w->mine_country = ot_stmt_text(st, 6);
    w->smelter_id = ot_stmt_text(st, 7);
    w->resolved_name = ot_stmt_text(st, 8);
    w->resolved_country = ot_stmt_text(st, 9);
    w->method = ot_stmt_text(st, 10);
}

static ot_code load_submission(ot_stmt *rows, ot_stmt *mines, reader *rd, ot_error *err)
{
    ot_code rc = load_mines(mines, rd, err);
    if (rc != OT_OK) return rc;
    ot_stmt_reset(rows);
    ot_stmt_bind_int(rows, 1, rd->submission, err);
    ot_rollup_supplier *sup = &rd->r->suppliers[rd->supplier];
    ot_step s;
    while (rc == OT_OK && (s = ot_stmt_step(rows, err)) == OT_STEP_ROW) {
        row w;
        read_row(rows, &w);
        sup = &rd->r->suppliers[rd->supplier];
        sup->smelter_rows++;
        rd->r->summary.smelter_rows++;
        rc = present(w.smelter_id) ? take_resolved(rd, &w, err) : take_unresolved(rd, &w, err);
    }
    if (rc != OT_OK) return rc;
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

ot_code rl_load_rows(ot_db *db, ot_rollup *r, bool valid_only, ot_error *err)
{
    ot_stmt *rows = NULL, *mines = NULL;
    ot_code rc = ot_db_prepare(db,
                               "SELECT row_no, metal, smelter_id_input, lookup_name, name, "
                               "country, mine_country, smelter_id, resolved_name, "
                               "resolved_country, match_method FROM smelter_row WHERE "
                               "submission_id = ? ORDER BY row_no",
                               &rows, err);
    if (rc == OT_OK)
        rc = ot_db_prepare(db,
                           "SELECT metal, smelter_name, country FROM mine_row WHERE "
                           "submission_id = ? AND smelter_name IS NOT NULL ORDER BY row_no",
                           &mines, err);
    reader rd = {.r = r};
    for (size_t i = 0; rc == OT_OK && i < r->nsuppliers; i++) {
        const ot_rollup_supplier *sup = &r->suppliers[i];
        if (!sup->submission_id) continue;
        if (valid_only && strcmp(sup->outcome, "valid") != 0) continue;
        r->summary.suppliers_included++;
        rd.supplier = i;
        rd.submission = sup->submission_id;
        rc = load_submission(rows, mines, &rd, err);
    }
    free(rd.mines);
    ot_stmt_finalize(rows);
    ot_stmt_finalize(mines);
    return rc;
}
