/* contradictions.c - answers that cannot all be true at once. Each finding points at one
 * cell and names the other one in its message, so the supplier sees both sides. */
#include "validate/checks.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "template/template.h"

static bool not_used(const ot_vctx *v, size_t m)
{
    static const char *const no[] = {"No", "Not applicable for this declaration", NULL};
    if (!ot_v_in(ot_v_answer(v->q1, m), no)) return false;
    return !v->q2 || !ot_v_is(ot_v_answer(v->q2, m), "Yes");
}

static bool in_use(const ot_vctx *v, size_t m)
{
    if (!ot_v_is(ot_v_answer(v->q1, m), "Yes")) return false;
    return !v->q2 || !ot_v_is(ot_v_answer(v->q2, m), "No");
}

static const ot_srow *first_row_of(const ot_vctx *v, size_t m)
{
    for (size_t i = 0; i < v->d->smelter_count; i++)
        if (v->rows[i].used && v->rows[i].metal == (int)m) return &v->rows[i];
    return NULL;
}

static void row_cell(const ot_vctx *v, const ot_srow *r, ot_smelter_col c, char out[80])
{
    char a1[16];
    uint32_t col = r->row->col[c].col ? r->row->col[c].col : ot_template_smelter_col(v->d, c);
    ot_format_a1(r->row->row, col ? col : 1, a1);
    snprintf(out, 80, "%s!%s", ot_v_sheet_name(v, OT_SHEET_SMELTER_LIST), a1);
}

void ot_check_unused_metal_smelters(ot_vctx *v, const ot_rule *rule)
{
    for (size_t m = 0; m < v->d->metal_count && m < OT_MAX_METALS; m++) {
        if (!v->rows_per_metal[m] || !not_used(v, m)) continue;
        const ot_value *q1 = ot_v_answer(v->q1, m);
        const ot_srow *first = first_row_of(v, m);
        char where[80];
        ot_v_where(v, q1, where);
        const ot_value *metal = &first->row->col[OT_SM_METAL];
        uint32_t col = metal->col ? metal->col : ot_template_smelter_col(v->d, OT_SM_METAL);
        size_t more = v->rows_per_metal[m] - 1;
        ot_v_emit_at(v, rule, OT_SHEET_SMELTER_LIST, first->row->row, col, "smelter_list.metal",
                     (int)m, NULL,
                     "Smelter List row %u lists a %s smelter%s, but question 1 for %s (%s) "
                     "answers \"%s\" (not used).",
                     (unsigned)first->row->row, v->d->metals[m],
                     more ? " (with more rows of that metal after it)" : "", v->d->metals[m], where,
                     ot_v_show(q1->value));
    }
}

void ot_check_all_identified_none_listed(ot_vctx *v, const ot_rule *rule)
{
    const ot_question *q = ot_declaration_question(v->d, OT_Q_ALL_SMELTERS);
    for (size_t m = 0; q && m < v->d->metal_count && m < OT_MAX_METALS; m++) {
        const ot_value *a = ot_v_answer(q, m);
        if (!ot_v_is(a, "Yes") || !in_use(v, m) || v->rows_per_metal[m]) continue;
        char field[32], where[80];
        snprintf(field, sizeof field, "question_%s", q->key);
        ot_v_where(v, a, where);
        ot_v_emit(v, rule, a, field, (int)m, NULL,
                  "Question %s for %s (%s) says all smelters are identified, but the sheet "
                  "\"%s\" lists none for %s.",
                  q->key, v->d->metals[m], where, ot_v_sheet_name(v, OT_SHEET_SMELTER_LIST),
                  v->d->metals[m]);
    }
}

void ot_check_not_yet_identified_but_all(ot_vctx *v, const ot_rule *rule)
{
    const ot_question *q = ot_declaration_question(v->d, OT_Q_ALL_SMELTERS);
    for (size_t m = 0; q && m < v->d->metal_count && m < OT_MAX_METALS; m++) {
        const ot_value *a = ot_v_answer(q, m);
        if (!ot_v_is(a, "Yes")) continue;
        for (size_t i = 0; i < v->d->smelter_count; i++) {
            const ot_srow *r = &v->rows[i];
            if (r->metal != (int)m || !r->not_yet_identified) continue;
            char field[32], where[80], row[80];
            snprintf(field, sizeof field, "question_%s", q->key);
            ot_v_where(v, a, where);
            row_cell(v, r, OT_SM_LOOKUP_NAME, row);
            ot_v_emit(v, rule, a, field, (int)m, NULL,
                      "Question %s for %s (%s) says all smelters are identified, but %s says "
                      "\"Smelter not yet identified\".",
                      q->key, v->d->metals[m], where, row);
            break;
        }
    }
}

void ot_check_response_rate(ot_vctx *v, const ot_rule *rule)
{
    const ot_question *rate = ot_declaration_question(v->d, OT_Q_RESPONSE_RATE);
    /* Only "all smelters identified" is a claim a partial response contradicts; "all
     * smelter information received has been reported" is about what did arrive. */
    const ot_question *all = ot_declaration_question(v->d, OT_Q_ALL_SMELTERS);
    for (size_t m = 0; rate && all && m < v->d->metal_count && m < OT_MAX_METALS; m++) {
        const ot_value *r = ot_v_answer(rate, m), *c = ot_v_answer(all, m);
        if (ot_v_empty(r) || ot_v_is_full_response(r) || !ot_v_is(c, "Yes")) continue;
        char field[32], rwhere[80], cwhere[80];
        snprintf(field, sizeof field, "question_%s", rate->key);
        ot_v_where(v, r, rwhere);
        ot_v_where(v, c, cwhere);
        ot_v_emit(v, rule, r, field, (int)m, NULL,
                  "Question %s for %s (%s) says \"%s\" of suppliers responded, yet question %s "
                  "(%s) says all smelters are identified.",
                  rate->key, v->d->metals[m], rwhere,
                  r->numeric ? "less than 100%" : ot_v_show(r->value), all->key, cwhere);
    }
}

static bool starts_yes(const ot_value *a)
{
    return !ot_v_empty(a) && strncasecmp(a->value, "Yes", 3) == 0;
}

/* The first company question of these roles answered No, or NULL. */
static const ot_company_question *answered_no(const ot_vctx *v, const ot_company_role *roles,
                                              size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ot_company_question *cq = ot_declaration_company_question(v->d, roles[i]);
        if (cq && !cq->per_metal && ot_v_is(&cq->answer.answer, "No")) return cq;
    }
    return NULL;
}

static void company_contradiction(ot_vctx *v, const ot_rule *rule, const ot_company_question *yes,
                                  const ot_value *yes_val, int metal, const ot_company_question *no,
                                  const char *what)
{
    char field[40], ywhere[80], nwhere[80];
    snprintf(field, sizeof field, "company_question_%s", yes->letter);
    ot_v_where(v, yes_val, ywhere);
    ot_v_where(v, &no->answer.answer, nwhere);
    ot_v_emit(v, rule, yes_val, field, metal, NULL,
              "Company question %s (%s) answers \"%s\" (%s), but question %s (%s) answers No.",
              yes->letter, ywhere, ot_v_show(yes_val->value), what, no->letter, nwhere);
}

void ot_check_validated_without_policy(ot_vctx *v, const ot_rule *rule)
{
    const ot_company_question *req = ot_declaration_company_question(v->d, OT_CQ_REQUIRE_VALIDATED);
    static const ot_company_role policy[] = {OT_CQ_POLICY, OT_CQ_DUE_DILIGENCE};
    const ot_company_question *no = answered_no(v, policy, 2);
    if (!req || !no) return;
    const char *what = "suppliers must use validated smelters";
    if (!req->per_metal) {
        if (starts_yes(&req->answer.answer))
            company_contradiction(v, rule, req, &req->answer.answer, -1, no, what);
        return;
    }
    for (size_t m = 0; m < v->d->metal_count && m < OT_MAX_METALS; m++)
        if (starts_yes(&req->per_metal_ans[m].answer)) {
            company_contradiction(v, rule, req, &req->per_metal_ans[m].answer, (int)m, no, what);
            return;
        }
}

void ot_check_public_without_policy(ot_vctx *v, const ot_rule *rule)
{
    const ot_company_question *pub = ot_declaration_company_question(v->d, OT_CQ_POLICY_PUBLIC);
    static const ot_company_role policy[] = {OT_CQ_POLICY};
    const ot_company_question *no = answered_no(v, policy, 1);
    if (pub && no && !pub->per_metal && ot_v_is(&pub->answer.answer, "Yes"))
        company_contradiction(v, rule, pub, &pub->answer.answer, -1, no,
                              "the policy is publicly available");
}

void ot_check_recycled_smelters(ot_vctx *v, const ot_rule *rule)
{
    const ot_question *q = ot_declaration_question(v->d, OT_Q_RECYCLED);
    for (size_t m = 0; q && m < v->d->metal_count && m < OT_MAX_METALS; m++) {
        const ot_value *a = ot_v_answer(q, m);
        if (!ot_v_is(a, "Yes")) continue;
        for (size_t i = 0; i < v->d->smelter_count; i++) {
            const ot_srow *r = &v->rows[i];
            if (r->metal != (int)m || !ot_v_is(&r->row->col[OT_SM_RECYCLED], "No")) continue;
            char field[32], where[80], row[80];
            snprintf(field, sizeof field, "question_%s", q->key);
            ot_v_where(v, a, where);
            row_cell(v, r, OT_SM_RECYCLED, row);
            ot_v_emit(v, rule, a, field, (int)m, NULL,
                      "Question %s for %s (%s) says 100%% comes from recycled or scrap sources, "
                      "but %s says that smelter's feedstock is not 100%% recycled or scrap.",
                      q->key, v->d->metals[m], where, row);
            break;
        }
    }
}

void ot_check_answers_for_unused_metal(ot_vctx *v, const ot_rule *rule)
{
    static const char *const harmless[] = {"No", "None", "Not applicable for this declaration",
                                           NULL};
    for (size_t m = 0; m < v->d->metal_count && m < OT_MAX_METALS; m++) {
        const ot_question *gate = NULL;
        if (ot_v_is(ot_v_answer(v->q1, m), "No"))
            gate = v->q1;
        else if (v->q2 && ot_v_is(ot_v_answer(v->q2, m), "No"))
            gate = v->q2;
        if (!gate) continue;
        for (size_t qi = 0; qi < v->d->question_count; qi++) {
            const ot_question *q = &v->d->questions[qi];
            if (q == v->q1 || q == gate) continue;
            const ot_value *a = ot_v_answer(q, m);
            if (ot_v_empty(a) || ot_v_in(a, harmless)) continue;
            char field[32], where[80], gwhere[80];
            snprintf(field, sizeof field, "question_%s", q->key);
            ot_v_where(v, a, where);
            ot_v_where(v, ot_v_answer(gate, m), gwhere);
            ot_v_emit(v, rule, a, field, (int)m, NULL,
                      "Question %s for %s (%s) answers \"%s\", but question %s (%s) answers No, "
                      "so it should be left blank.",
                      q->key, v->d->metals[m], where, ot_v_show(a->value), gate->key, gwhere);
            break;
        }
    }
}

void ot_check_products_outside_scope(ot_vctx *v, const ot_rule *rule)
{
    char letter = ot_v_scope_letter(v);
    if (!letter || letter == '?' || letter == v->p->product_scope) return;
    for (size_t i = 0; i < v->d->product_count; i++) {
        const ot_product_row *r = &v->d->products[i];
        const ot_value *num = &r->col[OT_PR_NUMBER];
        if (ot_v_empty(num) && ot_v_empty(&r->col[OT_PR_NAME])) continue;
        char where[80];
        ot_v_where(v, &v->d->fields[OT_F_SCOPE], where);
        const ot_value *at = ot_v_empty(num) ? &r->col[OT_PR_NAME] : num;
        ot_v_emit(v, rule, at, "product_list", -1, NULL,
                  "The Product List names products, but the declaration scope (%s) is \"%s\", "
                  "not a product-level declaration.",
                  where, ot_v_show(v->d->fields[OT_F_SCOPE].value));
        return;
    }
}

void ot_check_products_without_answers(ot_vctx *v, const ot_rule *rule)
{
    if (ot_v_scope_letter(v) != v->p->product_scope || !v->q1) return;
    size_t products = 0;
    for (size_t i = 0; i < v->d->product_count; i++)
        products += !ot_v_empty(&v->d->products[i].col[OT_PR_NUMBER]);
    if (!products || v->d->metal_count == 0) return;
    for (size_t m = 0; m < v->d->metal_count && m < OT_MAX_METALS; m++)
        if (!ot_v_empty(ot_v_answer(v->q1, m))) return;
    const ot_value *first = ot_v_answer(v->q1, 0);
    char where[80];
    ot_v_where(v, &v->d->fields[OT_F_SCOPE], where);
    ot_v_emit(v, rule, first, "question_1", -1, NULL,
              "The declaration is for a product list (%s) and names %zu product(s), but none "
              "of the mineral questions is answered.",
              where, products);
}
