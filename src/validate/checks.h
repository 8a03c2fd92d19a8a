/* checks.h - the check functions the rule table (rules.c) points at, one group per
 * concern file. Internal to the validate module. */
#ifndef OT_CHECKS_H
#define OT_CHECKS_H

#include "validate/rules_internal.h"

#define OT_CHECK(name) void name(ot_vctx *v, const ot_rule *rule)

const char *ot_v_field_label(ot_field f);

/* required.c: the template's Checker */
OT_CHECK(ot_check_required_field);
OT_CHECK(ot_check_scope_description);
OT_CHECK(ot_check_mineral_selection);
OT_CHECK(ot_check_other_mineral);
OT_CHECK(ot_check_required_answers);
OT_CHECK(ot_check_company_answers);
OT_CHECK(ot_check_policy_url);
OT_CHECK(ot_check_survey_description);
OT_CHECK(ot_check_product_list);
OT_CHECK(ot_check_smelter_list);
OT_CHECK(ot_check_not_listed);

/* dropdowns.c */
bool ot_v_in_dropdown(const ot_value *val); /* val->allowed must be set */
OT_CHECK(ot_check_dropdowns);

/* formats.c */
OT_CHECK(ot_check_email);
OT_CHECK(ot_check_phone);
OT_CHECK(ot_check_date);
OT_CHECK(ot_check_date_range);
OT_CHECK(ot_check_date_future);
OT_CHECK(ot_check_company_placeholder);
OT_CHECK(ot_check_person_placeholder);

/* smelters.c */
OT_CHECK(ot_check_smelter_metal_missing);
OT_CHECK(ot_check_smelter_metal_invalid);
OT_CHECK(ot_check_smelter_country);
OT_CHECK(ot_check_smelter_id_format);
OT_CHECK(ot_check_smelter_id_unknown);
OT_CHECK(ot_check_smelter_id_metal);
OT_CHECK(ot_check_smelter_duplicates);
OT_CHECK(ot_check_smelter_lookup_name);

/* contradictions.c */
OT_CHECK(ot_check_unused_metal_smelters);
OT_CHECK(ot_check_all_identified_none_listed);
OT_CHECK(ot_check_not_yet_identified_but_all);
OT_CHECK(ot_check_response_rate);
OT_CHECK(ot_check_validated_without_policy);
OT_CHECK(ot_check_public_without_policy);
OT_CHECK(ot_check_recycled_smelters);
OT_CHECK(ot_check_answers_for_unused_metal);
OT_CHECK(ot_check_products_outside_scope);
OT_CHECK(ot_check_products_without_answers);

/* injection.c */
OT_CHECK(ot_check_formula_text);
OT_CHECK(ot_check_leading_sign);
OT_CHECK(ot_check_formula_cell);

#endif
