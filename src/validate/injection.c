/* injection.c - text that a spreadsheet would run as a formula (CSV/formula injection).
 * oretrace itself never writes such text unescaped (util/csvsafe.h); these rules tell the
 * compliance team and the supplier that the file carries it. */
#include "validate/checks.h"

#include <stdio.h>

#include "template/template.h"
#include "util/csvsafe.h"

static bool phone_or_number(const char *s)
{
    for (const char *p = s + 1; *p; p++) {
        char c = *p;
        if (!((c >= '0' && c <= '9') || c == ' ' || c == '(' || c == ')' || c == '.' || c == '/' ||
              c == '-' || c == '+' || c == ',' || c == 'x'))
            return false;
    }
    return true;
}

static void visit_risky(ot_vctx *v, const ot_rule *rule, const ot_value *val, const char *field,
                        int metal)
{
    if (ot_v_empty(val) || val->numeric || val->formula || !ot_text_is_risky_formula(val->value))
        return;
    ot_v_emit(v, rule, val, field, metal, NULL,
              "The cell holds text that a spreadsheet would run as a formula: \"%s\".",
              ot_v_show(val->value));
}

static void visit_sign(ot_vctx *v, const ot_rule *rule, const ot_value *val, const char *field,
                       int metal)
{
    if (ot_v_empty(val) || val->numeric || val->formula || !ot_text_is_formula_like(val->value) ||
        ot_text_is_risky_formula(val->value) || phone_or_number(val->value))
        return;
    ot_v_emit(v, rule, val, field, metal, NULL,
              "The text \"%s\" starts with \"%c\", which spreadsheets read as the start of a "
              "formula.",
              ot_v_show(val->value), val->value[0]);
}

/* Cells the supplier types into (not the template's own look-up formulas). */
static bool input_cell(const ot_vctx *v, const ot_value *val)
{
    if (val->sheet != OT_SHEET_SMELTER_LIST) return true;
    static const ot_smelter_col computed[] = {OT_SM_METAL, OT_SM_LOOKUP_NAME, OT_SM_COUNTRY,
                                              OT_SM_ID,    OT_SM_ID_SOURCE,   OT_SM_STREET,
                                              OT_SM_CITY,  OT_SM_STATE};
    for (size_t i = 0; i < sizeof computed / sizeof computed[0]; i++)
        if (val->col == ot_template_smelter_col(v->d, computed[i])) return false;
    return true;
}

static void visit_formula_cell(ot_vctx *v, const ot_rule *rule, const ot_value *val,
                               const char *field, int metal)
{
    if (!val->formula || !ot_v_has_cell(val) || !input_cell(v, val)) return;
    ot_v_emit(v, rule, val, field, metal, NULL,
              "The cell holds a formula (showing \"%s\") where the template expects a typed "
              "answer.",
              ot_v_show(val->value ? val->value : ""));
}

void ot_check_formula_text(ot_vctx *v, const ot_rule *rule)
{
    ot_v_each_value(v, rule, visit_risky);
}

void ot_check_leading_sign(ot_vctx *v, const ot_rule *rule)
{
    ot_v_each_value(v, rule, visit_sign);
}

void ot_check_formula_cell(ot_vctx *v, const ot_rule *rule)
{
    ot_v_each_value(v, rule, visit_formula_cell);
}
