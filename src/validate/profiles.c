/* profiles.c - the Checker sheet of each template version, as data.
 *
 * Each RMI template carries a hidden-formula "Checker" sheet that lists the items still
 * missing. Its logic is nearly the same in every version; what differs (which company
 * fields, which answers exempt later questions, how the smelter list is tested) is one
 * row of this table. Sources: rmi-templates.md 3.8 (CMRT 6.x), 4.5 (3.01), the 2.03
 * Checker in rmi-layout.json (used for 1.00-2.03a, whose own Checkers are older or
 * absent), 5 (CRT), 6.2 (EMRT 1.x), 6.3 (EMRT 2.x), 7 (AMRT). */
#include "validate/rules_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define COMPANY_FIELDS                                                                             \
    {                                                                                              \
        OT_F_COMPANY_NAME, OT_F_SCOPE, OT_F_CONTACT_NAME, OT_F_CONTACT_EMAIL, OT_F_CONTACT_PHONE,  \
            OT_F_AUTHORIZER_NAME, OT_F_AUTHORIZER_EMAIL, OT_F_EFFECTIVE_DATE, OT_F__COUNT          \
    }

static const ot_profile profiles[] = {
    {
        .family = OT_FAMILY_CMRT,
        .first = "6",
        .last = "6.99",
        .name = "CMRT 6.x",
        .features = OT_PF_CID_IDS | OT_PF_POLICY_URL | OT_PF_PRODUCT_LIST | OT_PF_SCOPE,
        .required = COMPANY_FIELDS,
        .email_needs_at = true,
        .scope_without_description = "AB",
        .product_scope = 'B',
        .q1_exempt = {"No"},
        .remains_gate = true,
        .q2_exempt = {"No"},
        .answered_only_if_yes = true,
        .later_required = true,
        .url_roles = {OT_CQ_POLICY_PUBLIC},
        .smelter_list = OT_SL_PER_METAL,
    },
    {
        .family = OT_FAMILY_CMRT,
        .first = "3",
        .last = "3.99",
        .name = "CMRT 3.01",
        .features = OT_PF_AUTHORIZER_PHONE | OT_PF_POLICY_URL | OT_PF_PRODUCT_LIST | OT_PF_SCOPE,
        .required = {OT_F_COMPANY_NAME, OT_F_SCOPE, OT_F_CONTACT_NAME, OT_F_CONTACT_EMAIL,
                     OT_F_CONTACT_PHONE, OT_F_AUTHORIZER_NAME, OT_F_AUTHORIZER_EMAIL,
                     OT_F_AUTHORIZER_PHONE, OT_F_EFFECTIVE_DATE, OT_F__COUNT},
        .scope_without_description = "AB",
        .product_scope = 'B',
        .q1_exempt = {"No"},
        .remains_gate = true,
        .q2_exempt = {"No"},
        .remains_always = true,
        .gate_both = true,
        .later_required = true,
        .url_roles = {OT_CQ_POLICY_PUBLIC},
        .url_needs_www = true,
        .smelter_list = OT_SL_ANY_ROW,
    },
    {
        /* 2.03/2.03a Checker; 2.00-2.02 have an older, untranslated Checker and 1.00 none:
         * the same logic is applied to them (fields a layout lacks are skipped). */
        .family = OT_FAMILY_CMRT,
        .first = "1",
        .last = "2.99",
        .name = "CMRT 1.00-2.03a",
        .features = OT_PF_PRODUCT_LIST | OT_PF_SCOPE,
        .required = {OT_F_COMPANY_NAME, OT_F_SCOPE, OT_F_AUTHORIZER_NAME, OT_F_AUTHORIZER_EMAIL,
                     OT_F_EFFECTIVE_DATE, OT_F__COUNT},
        .scope_without_description = "AD",
        .product_scope = 'D',
        .product_needs_use = true,
        .q1_exempt = {"No"},
        .later_required = true,
        .smelter_list = OT_SL_ANY_ROW,
    },
    {
        .family = OT_FAMILY_CRT,
        .first = "0",
        .last = "99",
        .name = "CRT 2.2x",
        .features = OT_PF_CID_IDS | OT_PF_POLICY_URL | OT_PF_PRODUCT_LIST | OT_PF_SCOPE |
                    OT_PF_SURVEY_DESCRIBE,
        .required = COMPANY_FIELDS,
        .email_needs_at = true,
        .scope_without_description = "AB",
        .product_scope = 'B',
        .q1_exempt = {"No", "Unknown"},
        .later_required = true,
        .url_roles = {OT_CQ_POLICY_PUBLIC}, /* question A: "publicly available policy" */
        .survey_describe_value = "Yes, Using Other Format (Describe)",
        .smelter_list = OT_SL_PER_METAL,
        .smelter_list_q1_yes = true,
    },
    {
        .family = OT_FAMILY_EMRT,
        .first = "1",
        .last = "1.11",
        .name = "EMRT 1.1/1.11",
        .features = OT_PF_CID_IDS | OT_PF_POLICY_URL | OT_PF_PRODUCT_LIST | OT_PF_SCOPE |
                    OT_PF_SURVEY_DESCRIBE,
        .required = COMPANY_FIELDS,
        .email_needs_at = true,
        .scope_without_description = "AB",
        .product_scope = 'B',
        .q1_exempt = {"No", "Unknown", "Not applicable for this declaration"},
        .remains_gate = true,
        .q2_exempt = {"No", "Unknown", "Not applicable for this declaration"},
        .later_required = true,
        .url_roles = {OT_CQ_POLICY, OT_CQ_POLICY_PUBLIC},
        .survey_describe_value = "Yes, Using Other Format (Describe)",
        .smelter_list = OT_SL_PER_METAL,
    },
    {
        .family = OT_FAMILY_EMRT,
        .first = "1.12",
        .last = "1.99",
        .name = "EMRT 1.2/1.3",
        .features = OT_PF_CID_IDS | OT_PF_POLICY_URL | OT_PF_PRODUCT_LIST | OT_PF_SCOPE |
                    OT_PF_SURVEY_DESCRIBE,
        .required = COMPANY_FIELDS,
        .email_needs_at = true,
        .scope_without_description = "AB",
        .product_scope = 'B',
        .q1_exempt = {"No", "Unknown", "Not applicable for this declaration"},
        .remains_gate = true,
        .q2_exempt = {"No", "Unknown", "Not applicable for this declaration"},
        .later_required = true,
        .url_roles = {OT_CQ_POLICY_PUBLIC},
        .survey_describe_value = "Yes, Using Other Format (Describe)",
        .smelter_list = OT_SL_PER_METAL,
    },
    {
        .family = OT_FAMILY_EMRT,
        .first = "2",
        .last = "99",
        .name = "EMRT 2.x",
        .features = OT_PF_CID_IDS | OT_PF_POLICY_URL | OT_PF_PRODUCT_LIST | OT_PF_SCOPE |
                    OT_PF_MINERAL_SELECTION,
        .required = COMPANY_FIELDS,
        .email_needs_at = true,
        .scope_without_description = "AB",
        .product_scope = 'B',
        .q1_exempt = {"No", "Unknown", "Not declaring"},
        .remains_gate = true,
        .q2_exempt = {"No", "Unknown"},
        .later_required = true,
        .url_roles = {OT_CQ_POLICY_PUBLIC},
        .smelter_list = OT_SL_PER_METAL,
        .selection_cell = "D12",
    },
    {
        .family = OT_FAMILY_AMRT,
        .first = "0",
        .last = "1.29",
        .name = "AMRT 1.2",
        .features = OT_PF_PRODUCT_LIST | OT_PF_SCOPE | OT_PF_MINERAL_SELECTION,
        .required = COMPANY_FIELDS,
        .email_needs_at = true,
        .scope_without_description = "AB",
        .product_scope = 'B',
        .q1_exempt = {"No", "Unknown", "Not declaring"},
        .smelter_list = OT_SL_PER_METAL_Q1,
        .smelter_needs_country = true,
        .selection_cell = "D12",
    },
    {
        .family = OT_FAMILY_AMRT,
        .first = "1.3",
        .last = "99",
        .name = "AMRT 1.3",
        .features = OT_PF_CID_IDS | OT_PF_PRODUCT_LIST | OT_PF_SCOPE | OT_PF_MINERAL_SELECTION |
                    OT_PF_OTHER_MINERAL,
        .required = COMPANY_FIELDS,
        .email_needs_at = true,
        .scope_without_description = "AB",
        .product_scope = 'B',
        .q1_exempt = {"No", "Unknown", "Not declaring"},
        .smelter_list = OT_SL_PER_METAL_Q1,
        .smelter_needs_country = true,
        .selection_cell = "D12",
        .other_cell = "D15",
    },
};

/* Compares dotted versions numerically; a trailing letter sorts after the bare number.
 * Digits after the dot are read as a decimal fraction, so "6.4" > "6.31" and
 * "1.11" < "1.2", the way RMI numbers its revisions. */
int ot_profile_version_cmp(const char *a, const char *b)
{
    double x = strtod(a ? a : "0", NULL), y = strtod(b ? b : "0", NULL);
    if (x < y) return -1;
    if (x > y) return 1;
    const char *sa = a ? a + strlen(a) : "", *sb = b ? b + strlen(b) : "";
    bool la = a && *a && isalpha((unsigned char)sa[-1]);
    bool lb = b && *b && isalpha((unsigned char)sb[-1]);
    return (int)la - (int)lb;
}

const ot_profile *ot_profile_for(const ot_declaration *d)
{
    const char *ver = d->layout_version[0] ? d->layout_version : d->version;
    const ot_profile *fallback = NULL;
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        const ot_profile *p = &profiles[i];
        if (p->family != d->family) continue;
        if (!fallback || ot_profile_version_cmp(p->last, fallback->last) > 0) fallback = p;
        if (ot_profile_version_cmp(ver, p->first) >= 0 && ot_profile_version_cmp(ver, p->last) <= 0)
            return p;
    }
    return fallback;
}
