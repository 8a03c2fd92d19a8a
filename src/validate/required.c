/* required.c - what the template's own Checker sheet lists as missing, version by
 * version (the differences are rows of profiles.c). On the official empty templates these
 * checks produce exactly the Checker's open items (tests/validate/test_checker_parity.c). */
#include "validate/checks.h"

#include <ctype.h>
#include <string.h>

#include "reader/workbook.h"
#include "util/text.h"

static bool profile_requires(const ot_profile *p, ot_field f)
{
    for (size_t i = 0; i < sizeof p->required / sizeof p->required[0]; i++) {
        if (p->required[i] == OT_F__COUNT) break;
        if (p->required[i] == f) return true;
    }
    return false;
}

static const char *const field_labels[OT_F__COUNT] = {
    [OT_F_COMPANY_NAME] = "Company name",
    [OT_F_SCOPE] = "Declaration scope",
    [OT_F_SCOPE_DESCRIPTION] = "Description of scope",
    [OT_F_UNIQUE_ID] = "Company unique ID",
    [OT_F_UNIQUE_ID_AUTHORITY] = "Company unique ID authority",
    [OT_F_ADDRESS] = "Address",
    [OT_F_CONTACT_NAME] = "Contact name",
    [OT_F_CONTACT_EMAIL] = "Contact e-mail",
    [OT_F_CONTACT_PHONE] = "Contact phone",
    [OT_F_AUTHORIZER_NAME] = "Authorizer",
    [OT_F_AUTHORIZER_TITLE] = "Authorizer title",
    [OT_F_AUTHORIZER_EMAIL] = "Authorizer e-mail",
    [OT_F_AUTHORIZER_PHONE] = "Authorizer phone",
    [OT_F_EFFECTIVE_DATE] = "Effective date",
};

const char *ot_v_field_label(ot_field f)
{
    return (unsigned)f < OT_F__COUNT && field_labels[f] ? field_labels[f] : "Field";
}

void ot_check_required_field(ot_vctx *v, const ot_rule *rule)
{
    ot_field f = (ot_field)rule->arg;
    const ot_value *val = &v->d->fields[f];
    if (!profile_requires(v->p, f) || !ot_v_has_cell(val)) return;
    bool email = f == OT_F_CONTACT_EMAIL || f == OT_F_AUTHORIZER_EMAIL;
    if (ot_v_empty(val))
        ot_v_emit(v, rule, val, ot_field_name(f), -1, NULL,
                  "%s is empty; the template requires it.", ot_v_field_label(f));
    else if (email && v->p->email_needs_at && !strchr(val->value, '@'))
        ot_v_emit(v, rule, val, ot_field_name(f), -1, NULL,
                  "%s \"%s\" is not an e-mail address (no \"@\"); the template requires one.",
                  ot_v_field_label(f), ot_v_show(val->value));
}

void ot_check_scope_description(ot_vctx *v, const ot_rule *rule)
{
    char letter = ot_v_scope_letter(v);
    const ot_value *desc = &v->d->fields[OT_F_SCOPE_DESCRIPTION];
    if (!letter || strchr(v->p->scope_without_description, letter) || !ot_v_has_cell(desc)) return;
    if (ot_v_empty(desc))
        ot_v_emit(v, rule, desc, "scope_description", -1, NULL,
                  "The declaration scope is \"%s\", which needs a description of the scope, "
                  "but the description is empty.",
                  ot_v_show(v->d->fields[OT_F_SCOPE].value));
}

static void cell_of(const char *a1, uint32_t *row, uint32_t *col)
{
    if (!a1 || !ot_parse_a1(a1, row, col)) *row = *col = 0;
}

void ot_check_mineral_selection(ot_vctx *v, const ot_rule *rule)
{
    if (v->d->metal_count > 0) return;
    uint32_t row, col;
    cell_of(v->p->selection_cell, &row, &col);
    ot_v_emit_at(v, rule, OT_SHEET_DECLARATION, row, col, "minerals_in_scope", -1, NULL,
                 "No mineral or metal is selected as in scope of this declaration.");
}

void ot_check_other_mineral(ot_vctx *v, const ot_rule *rule)
{
    for (size_t m = 0; m < v->d->metal_count; m++) {
        const char *name = v->d->metals[m];
        if (!name || !(ot_text_equal_loose(name, "Other [specify below]") ||
                       ot_text_equal_loose(name, "Other")))
            continue;
        uint32_t row, col;
        cell_of(v->p->other_cell, &row, &col);
        ot_v_emit_at(v, rule, OT_SHEET_DECLARATION, row, col, "minerals_in_scope", -1, NULL,
                     "\"Other\" is selected as a mineral in scope, but the mineral's name is "
                     "not given in the cells below the selection.");
        return;
    }
}

static bool question_required(const ot_vctx *v, const ot_question *q, size_t m)
{
    if (q == v->q1) return true;
    if (q == v->q2) return v->p->later_required && v->needs_q2[m];
    return v->needs_rest[m];
}

/* The 6.x Checker reads Q2 only when Q1 is Yes, and 3+ only when Q1 and Q2 are Yes. */
static bool counted_as_answered(const ot_vctx *v, const ot_question *q, size_t m)
{
    if (!v->p->answered_only_if_yes || q == v->q1) return true;
    if (!ot_v_is(ot_v_answer(v->q1, m), "Yes")) return false;
    if (q == v->q2 || !v->q2) return true;
    return ot_v_is(ot_v_answer(v->q2, m), "Yes");
}

static void emit_question(ot_vctx *v, const ot_rule *rule, const ot_question *q, size_t m)
{
    const ot_value *ans = ot_v_answer(q, m);
    char field[32];
    snprintf(field, sizeof field, "question_%s", q->key);
    if (ot_v_empty(ans)) {
        ot_v_emit(v, rule, ans, field, (int)m, NULL, "Question %s for %s is not answered.", q->key,
                  v->d->metals[m]);
        return;
    }
    if (counted_as_answered(v, q, m)) return;
    char where[80];
    bool q1_yes = ot_v_is(ot_v_answer(v->q1, m), "Yes");
    const ot_question *gate = (q == v->q2 || !v->q2 || !q1_yes) ? v->q1 : v->q2;
    ot_v_where(v, ot_v_answer(gate, m), where);
    char fix[256], glabel[32];
    ot_v_question_label(gate, glabel);
    snprintf(fix, sizeof fix,
             "Answer %s for %s (%s) Yes or No first; the template only counts "
             "the later answers for a metal in use.",
             glabel, v->d->metals[m], where);
    /* Same text for every question behind the same gate, so a letter can list them as
     * one item. */
    ot_v_emit(v, rule, ans, field, (int)m, fix,
              "The answer for %s does not count yet: %s for %s (%s) is not answered Yes, and "
              "the template's Checker only counts later answers for a metal in use.",
              v->d->metals[m], glabel, v->d->metals[m], where);
}

void ot_check_required_answers(ot_vctx *v, const ot_rule *rule)
{
    bool first_only = rule->arg == 1;
    for (size_t qi = 0; qi < v->d->question_count; qi++) {
        const ot_question *q = &v->d->questions[qi];
        if ((q == v->q1) != first_only) continue;
        for (size_t m = 0; m < v->d->metal_count && m < OT_MAX_METALS; m++) {
            if (!ot_v_has_cell(ot_v_answer(q, m)) || !question_required(v, q, m)) continue;
            emit_question(v, rule, q, m);
        }
    }
}

void ot_check_company_answers(ot_vctx *v, const ot_rule *rule)
{
    if (!v->company_required) return;
    for (size_t i = 0; i < v->d->company_question_count; i++) {
        const ot_company_question *cq = &v->d->company_questions[i];
        char field[40];
        snprintf(field, sizeof field, "company_question_%s", cq->letter);
        if (!cq->per_metal) {
            if (ot_v_has_cell(&cq->answer.answer) && ot_v_empty(&cq->answer.answer))
                ot_v_emit(v, rule, &cq->answer.answer, field, -1, NULL,
                          "Company question %s is not answered.", cq->letter);
            continue;
        }
        for (size_t m = 0; m < v->d->metal_count && m < OT_MAX_METALS; m++) {
            const ot_value *a = &cq->per_metal_ans[m].answer;
            if (v->needs_rest[m] && ot_v_has_cell(a) && ot_v_empty(a))
                ot_v_emit(v, rule, a, field, (int)m, NULL,
                          "Company question %s for %s is not answered.", cq->letter,
                          v->d->metals[m]);
        }
    }
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; hay && *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return true;
    return false;
}

void ot_check_policy_url(ot_vctx *v, const ot_rule *rule)
{
    if (!v->company_required) return;
    for (size_t i = 0; i < 2 && v->p->url_roles[i] != OT_CQ_OTHER; i++) {
        const ot_company_question *cq = ot_declaration_company_question(v->d, v->p->url_roles[i]);
        if (!cq || cq->per_metal || !ot_v_is(&cq->answer.answer, "Yes")) continue;
        const ot_value *c = &cq->answer.comment;
        const char *text = c->value ? c->value : "";
        size_t len = strlen(text);
        bool ok = v->p->url_needs_www ? contains_ci(text, "www") : len > 1;
        if (ok || !ot_v_has_cell(c)) continue;
        char field[48];
        snprintf(field, sizeof field, "company_question_%s.comment", cq->letter);
        ot_v_emit(v, rule, c, field, -1, NULL,
                  "Company question %s is answered Yes, but the comment does not give the web "
                  "address (URL) of the policy%s.",
                  cq->letter, v->p->url_needs_www ? " (this template version needs \"www\")" : "");
    }
}

void ot_check_survey_description(ot_vctx *v, const ot_rule *rule)
{
    const ot_company_question *cq = ot_declaration_company_question(v->d, OT_CQ_SURVEY);
    if (!v->company_required || !cq || !v->p->survey_describe_value ||
        !ot_v_is(&cq->answer.answer, v->p->survey_describe_value))
        return;
    const ot_value *c = &cq->answer.comment;
    if (ot_v_has_cell(c) && ot_v_empty(c)) {
        char field[48];
        snprintf(field, sizeof field, "company_question_%s.comment", cq->letter);
        ot_v_emit(v, rule, c, field, -1, NULL,
                  "Company question %s says the survey uses another format, but the comment "
                  "does not describe it.",
                  cq->letter);
    }
}

void ot_check_product_list(ot_vctx *v, const ot_rule *rule)
{
    if (ot_v_scope_letter(v) != v->p->product_scope) return;
    if (v->p->product_needs_use && !v->company_required) return;
    uint32_t first = v->layout.product_first_row;
    for (size_t i = 0; i < v->d->product_count; i++) {
        const ot_product_row *r = &v->d->products[i];
        if ((first == 0 || r->row == first) && !ot_v_empty(&r->col[OT_PR_NUMBER])) return;
    }
    uint32_t col = ot_template_product_col(v->d, OT_PR_NUMBER);
    ot_v_emit_at(v, rule, OT_SHEET_PRODUCT_LIST, first, col, "product_list", -1, NULL,
                 "The declaration scope is \"%s\", but the Product List has no product number in "
                 "its first row.",
                 ot_v_show(v->d->fields[OT_F_SCOPE].value));
}

static bool metal_needs_smelters(const ot_vctx *v, size_t m)
{
    switch (v->p->smelter_list) {
    case OT_SL_PER_METAL:
        if (v->p->smelter_list_q1_yes && !ot_v_is(ot_v_answer(v->q1, m), "Yes")) return false;
        return v->needs_rest[m];
    case OT_SL_PER_METAL_Q1:
        return !ot_v_in(ot_v_answer(v->q1, m), v->p->q1_exempt);
    default:
        return false;
    }
}

void ot_check_smelter_list(ot_vctx *v, const ot_rule *rule)
{
    uint32_t row = v->layout.smelter_first_row;
    uint32_t col = ot_template_smelter_col(v->d, OT_SM_METAL);
    if (v->p->smelter_list == OT_SL_ANY_ROW) {
        if (!v->company_required) return;
        for (size_t i = 0; i < v->d->smelter_count; i++) {
            const ot_value *c = v->rows[i].row->col;
            if (!ot_v_empty(&c[OT_SM_LOOKUP_NAME]) || !ot_v_empty(&c[OT_SM_NAME])) return;
        }
        ot_v_emit_at(v, rule, OT_SHEET_SMELTER_LIST, row, col, "smelter_list", -1, NULL,
                     "The Smelter List names no smelter; the template requires at least one "
                     "unless every metal is declared not used.");
        return;
    }
    for (size_t m = 0; m < v->d->metal_count && m < OT_MAX_METALS; m++) {
        if (!metal_needs_smelters(v, m)) continue;
        bool found = false;
        for (size_t i = 0; i < v->d->smelter_count && !found; i++)
            found = v->rows[i].identified && v->rows[i].metal == (int)m;
        if (!found)
            ot_v_emit_at(v, rule, OT_SHEET_SMELTER_LIST, row, col, "smelter_list", (int)m, NULL,
                         "The Smelter List has no smelter row for %s; the template requires "
                         "one unless the declaration says %s is not used.",
                         v->d->metals[m], v->d->metals[m]);
    }
}

static void not_listed_cell(ot_vctx *v, const ot_rule *rule, const ot_srow *r, ot_smelter_col c,
                            const char *what)
{
    const ot_value *val = &r->row->col[c];
    if (!ot_v_empty(val)) return;
    uint32_t col = val->col ? val->col : ot_template_smelter_col(v->d, c);
    ot_v_emit_at(v, rule, OT_SHEET_SMELTER_LIST, r->row->row, col,
                 c == OT_SM_NAME ? "smelter_list.smelter_name" : "smelter_list.country", r->metal,
                 NULL, "Row %u says \"Smelter not listed\" but gives no smelter %s.",
                 (unsigned)r->row->row, what);
}

void ot_check_not_listed(ot_vctx *v, const ot_rule *rule)
{
    bool name = rule->arg == OT_SM_NAME;
    for (size_t i = 0; i < v->d->smelter_count; i++)
        if (v->rows[i].not_listed)
            not_listed_cell(v, rule, &v->rows[i], name ? OT_SM_NAME : OT_SM_COUNTRY,
                            name ? "name" : "country");
}
