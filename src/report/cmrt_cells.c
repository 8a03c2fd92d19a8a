/* cmrt_cells.c - which cell of the template gets which value: the CMRT writer's plan.
 *
 * Everything comes from the template module's layout of the detected version (company
 * fields, per-metal question cells, company questions, list sheets and their columns);
 * nothing here knows a cell address. Values are checked against the drop-down of their
 * cell and the template's country list, so a wrong value is an error naming the question
 * and the allowed answers rather than a file the Checker rejects. */
#include "report/cmrt_plan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader/workbook.h"
#include "util/csvsafe.h"
#include "util/date.h"
#include "util/text.h"

ot_code cmrt_add(cmrt_plan *p, ot_sheet_id sheet, uint32_t row, uint32_t col,
                 ot_cmrt_edit_kind kind, const char *text, double number)
{
    cmrt_edits *e = &p->sheets[sheet];
    if (kind == OT_CMRT_SET_TEXT && ot_text_is_risky_formula(text)) {
        /* an inline string is never evaluated, but a customer's checker would flag it */
        char ref[16];
        ot_format_a1(row, col, ref);
        return ot_fail(p->err, OT_E_INVALID,
                       "the text for %s!%s reads as a spreadsheet formula (\"%.60s\"); a "
                       "customer's checks would reject the file",
                       p->layout->sheet_names[sheet], ref, text);
    }
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        ot_cmrt_edit *v = realloc(e->v, cap * sizeof *v);
        if (!v) return ot_fail(p->err, OT_E_NOMEM, "out of memory");
        e->v = v;
        e->cap = cap;
    }
    e->v[e->n++] = (ot_cmrt_edit){row, col, kind, text, number};
    return OT_OK;
}

/* Text into a cell, or an emptied cell when text is NULL or blank. */
static ot_code put(cmrt_plan *p, ot_sheet_id sheet, const ot_lcell *lc, const char *text)
{
    if (!lc->row) return OT_OK;
    bool blank = !text || !*text;
    return cmrt_add(p, sheet, lc->row, lc->col, blank ? OT_CMRT_CLEAR : OT_CMRT_SET_TEXT, text, 0);
}

/* The drop-down's own spelling of value, or NULL when it is not one of its items. */
const char *cmrt_item_of(const ot_dropdown *dd, const char *value)
{
    for (size_t i = 0; i < dd->count; i++)
        if (ot_text_equal_loose(dd->items[i], value)) return dd->items[i];
    /* the one item value begins ("Yes, in conformance with IPC1755" is "... (e.g., CMRT)"
     * in a CMRT and "... (e.g. EMRT)" in an EMRT), so one input fills both families */
    const char *found = NULL;
    size_t n = strlen(value);
    for (size_t i = 0; n >= 4 && i < dd->count; i++) {
        if (strncasecmp(dd->items[i], value, n) != 0) continue;
        if (found) return NULL; /* ambiguous */
        found = dd->items[i];
    }
    return found;
}

ot_code cmrt_not_allowed(cmrt_plan *p, const char *what, const char *value, const ot_dropdown *dd)
{
    ot_strbuf sb = {0};
    for (size_t i = 0; i < dd->count && i < 12; i++)
        ot_sb_printf(&sb, "%s\"%s\"", i ? ", " : "", dd->items[i]);
    ot_code rc = ot_fail(p->err, OT_E_INVALID, "%s: \"%s\" is not an answer the %s %s allows (%s)",
                         what, value, p->layout->name, dd->name, ot_sb_str(&sb));
    ot_sb_free(&sb);
    return rc;
}

/* An answer checked against its cell's drop-down. */
static ot_code put_answer(cmrt_plan *p, const ot_lanswer *la, const ot_cmrt_answer *a,
                          const char *what)
{
    const char *v = a ? a->answer : NULL;
    if (v && *v && la->answer.dropdown) {
        const char *item = cmrt_item_of(la->answer.dropdown, v);
        if (!item) return cmrt_not_allowed(p, what, v, la->answer.dropdown);
        v = item;
    }
    ot_code rc = put(p, OT_SHEET_DECLARATION, &la->answer, v);
    if (!rc) rc = put(p, OT_SHEET_DECLARATION, &la->comment, a ? a->comment : NULL);
    return rc;
}

static ot_code put_scope(cmrt_plan *p, const ot_lcell *lc, const char *scope)
{
    if (!scope || !*scope || !lc->dropdown) return put(p, OT_SHEET_DECLARATION, lc, scope);
    const char *item = cmrt_item_of(lc->dropdown, scope);
    for (size_t i = 0; !item && strlen(scope) == 1 && i < lc->dropdown->count; i++)
        if (toupper((unsigned char)scope[0]) == lc->dropdown->items[i][0])
            item = lc->dropdown->items[i]; /* "B" -> "B. Product (or List of Products)" */
    if (!item) return cmrt_not_allowed(p, "declaration scope", scope, lc->dropdown);
    return put(p, OT_SHEET_DECLARATION, lc, item);
}

/* The effective date as the serial number Excel stores (the cell's date format shows it). */
static ot_code put_date(cmrt_plan *p, const ot_lcell *lc, const char *iso)
{
    if (!iso || !*iso) return put(p, OT_SHEET_DECLARATION, lc, NULL);
    int32_t day;
    if (!ot_date_parse(iso, &day))
        return ot_fail(p->err, OT_E_INVALID, "effective date \"%s\" is not a date (YYYY-MM-DD)",
                       iso);
    const ot_layout *l = p->layout;
    int32_t min, max;
    bool below = l->date_min[0] && ot_date_parse(l->date_min, &min) &&
                 (day < min || (day == min && l->date_min_exclusive));
    bool above = l->date_max[0] && ot_date_parse(l->date_max, &max) && day > max;
    if (below || above)
        return ot_fail(p->err, OT_E_INVALID,
                       "effective date %s is outside what the %s template accepts (%s%s to %s)",
                       iso, l->name, l->date_min_exclusive ? "after " : "", l->date_min,
                       l->date_max[0] ? l->date_max : "any later date");
    return cmrt_add(p, OT_SHEET_DECLARATION, lc->row, lc->col, OT_CMRT_SET_NUMBER, NULL,
                    ot_date_to_excel_serial(day, false));
}

static ot_code plan_company(cmrt_plan *p)
{
    const ot_layout *l = p->layout;
    const ot_cmrt_input *in = p->in;
    ot_code rc = OT_OK;
    if (in->language && l->language.row)
        rc = put(p, OT_SHEET_DECLARATION, &l->language, in->language);
    for (int f = 0; f < OT_F__COUNT && !rc; f++) {
        const ot_lcell *lc = &l->field[f];
        if (f == OT_F_SCOPE)
            rc = put_scope(p, lc, in->fields[f]);
        else if (f == OT_F_EFFECTIVE_DATE)
            rc = put_date(p, lc, in->fields[f]);
        else
            rc = put(p, OT_SHEET_DECLARATION, lc, in->fields[f]);
    }
    return rc;
}

static const ot_cmrt_metal *input_metal(const ot_cmrt_input *in, const char *metal)
{
    for (size_t i = 0; metal && i < in->metal_count; i++)
        if (ot_text_equal_loose(in->metals[i].metal, metal)) return &in->metals[i];
    return NULL;
}

static int cmp_name(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The metal of each answer row: the layout's fixed metals, or (EMRT 2.x) the selected
 * metals sorted as the template's own formulas sort them. */
static ot_code answer_metals(cmrt_plan *p, const char *names[OT_MAX_METALS], size_t *n)
{
    const ot_layout *l = p->layout;
    const ot_cmrt_input *in = p->in;
    if (!l->slots) {
        for (size_t i = 0; i < in->metal_count; i++) {
            bool known = false;
            for (size_t k = 0; k < l->metal_count; k++)
                known = known || ot_text_equal_loose(l->metals[k], in->metals[i].metal);
            if (!known)
                return ot_fail(p->err, OT_E_INVALID, "the %s template has no metal \"%s\"", l->name,
                               in->metals[i].metal);
        }
        *n = l->metal_count;
        memcpy(names, l->metals, *n * sizeof *names);
        return OT_OK;
    }
    *n = 0;
    for (size_t i = 0; i < in->metal_count && *n < OT_MAX_METALS; i++)
        names[(*n)++] = in->metals[i].metal;
    qsort(names, *n, sizeof *names, cmp_name);
    return OT_OK;
}

/* EMRT 2.x: each selection cell toggles one mineral ("Cobalt" / "(Delete Cobalt)"). */
static ot_code plan_selection(cmrt_plan *p)
{
    const ot_layout *l = p->layout;
    size_t chosen = 0;
    for (int s = 0; s < OT_LAYOUT_SLOTS; s++) {
        const ot_lcell *lc = &l->selection[s];
        if (!lc->row || !lc->dropdown || lc->dropdown->count != 2) continue;
        bool want = input_metal(p->in, lc->dropdown->items[0]) != NULL;
        chosen += want;
        ot_code rc = put(p, OT_SHEET_DECLARATION, lc, lc->dropdown->items[want ? 0 : 1]);
        if (rc) return rc;
    }
    if (chosen != p->in->metal_count)
        return ot_fail(p->err, OT_E_INVALID,
                       "the %s template's mineral selection offers only some of the %zu "
                       "minerals given",
                       l->name, p->in->metal_count);
    return OT_OK;
}

/* The answer for question `key` and `metal`: the user's override when there is one. */
static ot_cmrt_answer answer_for(cmrt_plan *p, const char *key, const char *metal,
                                 const ot_cmrt_answer *derived)
{
    const ot_cmrt_input *in = p->in;
    for (size_t i = 0; i < in->override_count && i < OT_CMRT_MAX_OVERRIDES; i++) {
        const ot_cmrt_override *o = &in->overrides[i];
        if (strcmp(o->question, key) == 0 && ot_text_equal_loose(o->metal, metal)) {
            p->override_used[i] = true;
            return (ot_cmrt_answer){o->answer, o->note};
        }
    }
    return derived ? *derived : (ot_cmrt_answer){NULL, NULL};
}

static ot_code unused_overrides(cmrt_plan *p)
{
    for (size_t i = 0; i < p->in->override_count; i++) {
        const ot_cmrt_override *o = &p->in->overrides[i];
        if (i >= OT_CMRT_MAX_OVERRIDES)
            return ot_fail(p->err, OT_E_INVALID, "more than %d answers overridden",
                           OT_CMRT_MAX_OVERRIDES);
        if (!p->override_used[i])
            return ot_fail(p->err, OT_E_INVALID,
                           "the %s template has no question %s for %s (override %s/%s=%s)",
                           p->layout->name, o->question, o->metal, o->question, o->metal,
                           o->answer);
    }
    return OT_OK;
}

/* Per-metal questions in template order; after a "No" to question 1 or 2 the rest of the
 * metal's answers stay blank, as the template's cascading lists demand. */
static ot_code plan_metal_questions(cmrt_plan *p, const char *const *names, size_t n)
{
    const ot_layout *l = p->layout;
    bool off[OT_MAX_METALS] = {false};
    char what[96];
    ot_code rc = OT_OK;
    for (size_t q = 0; q < l->question_count && !rc; q++) {
        const ot_lquestion *lq = &l->questions[q];
        for (size_t m = 0; m < n && !rc; m++) {
            const ot_cmrt_metal *im = input_metal(p->in, names[m]);
            ot_cmrt_answer a = answer_for(p, lq->key, names[m], im ? &im->q[lq->role] : NULL);
            if (off[m]) a = (ot_cmrt_answer){NULL, NULL};
            snprintf(what, sizeof what, "question %s for %s", lq->key, names[m]);
            rc = put_answer(p, &lq->per_metal[m], &a, what);
            bool gate = lq->role == OT_Q_INTENTIONAL || lq->role == OT_Q_REMAINS;
            if (gate && a.answer && ot_text_equal_loose(a.answer, "No")) off[m] = true;
        }
    }
    return rc ? rc : unused_overrides(p);
}

static ot_code plan_questions(cmrt_plan *p)
{
    const ot_layout *l = p->layout;
    const char *names[OT_MAX_METALS];
    size_t n = 0;
    ot_code rc = answer_metals(p, names, &n);
    if (!rc && l->slots) rc = plan_selection(p);
    if (!rc) rc = plan_metal_questions(p, names, n);
    char what[96];
    for (size_t q = 0; q < l->company_question_count && !rc; q++) {
        const ot_lcompany_question *lq = &l->company_questions[q];
        snprintf(what, sizeof what, "company question %s", lq->letter);
        if (!lq->per_metal) {
            rc = put_answer(p, &lq->answer, &p->in->company[lq->role], what);
            continue;
        }
        for (size_t m = 0; m < n && !rc; m++) {
            const ot_cmrt_metal *im = input_metal(p->in, names[m]);
            rc = put_answer(p, &lq->per_metal_ans[m], im ? &im->company[lq->role] : NULL, what);
        }
    }
    return rc;
}

ot_code cmrt_plan_declaration(cmrt_plan *p)
{
    ot_code rc = plan_company(p);
    if (!rc) rc = plan_questions(p);
    return rc;
}
