/* declaration.c - names of the declaration's enums (stable: they appear in JSON and in
 * findings) and small look-ups over a declaration. */
#include "template/declaration.h"

#include <stdlib.h>
#include <string.h>

#include "template/template.h"

#include "util/text.h"

const char *ot_family_name(ot_family f)
{
    switch (f) {
    case OT_FAMILY_CMRT:
        return "CMRT";
    case OT_FAMILY_EMRT:
        return "EMRT";
    case OT_FAMILY_CRT:
        return "CRT";
    case OT_FAMILY_AMRT:
        return "AMRT";
    default:
        return "unknown";
    }
}

static const char *const field_names[OT_F__COUNT] = {
    [OT_F_COMPANY_NAME] = "company_name",
    [OT_F_SCOPE] = "declaration_scope",
    [OT_F_SCOPE_DESCRIPTION] = "scope_description",
    [OT_F_UNIQUE_ID] = "company_unique_id",
    [OT_F_UNIQUE_ID_AUTHORITY] = "company_unique_id_authority",
    [OT_F_ADDRESS] = "address",
    [OT_F_CONTACT_NAME] = "contact_name",
    [OT_F_CONTACT_EMAIL] = "contact_email",
    [OT_F_CONTACT_PHONE] = "contact_phone",
    [OT_F_AUTHORIZER_NAME] = "authorizer_name",
    [OT_F_AUTHORIZER_TITLE] = "authorizer_title",
    [OT_F_AUTHORIZER_EMAIL] = "authorizer_email",
    [OT_F_AUTHORIZER_PHONE] = "authorizer_phone",
    [OT_F_EFFECTIVE_DATE] = "effective_date",
};

const char *ot_question_role_name(ot_question_role r)
{
    static const char *const names[] = {
        [OT_Q_OTHER] = "other",
        [OT_Q_INTENTIONAL] = "intentional",
        [OT_Q_REMAINS] = "remains",
        [OT_Q_COVERED_COUNTRIES] = "covered_countries",
        [OT_Q_CAHRA] = "cahra",
        [OT_Q_RECYCLED] = "recycled",
        [OT_Q_RESPONSE_RATE] = "response_rate",
        [OT_Q_ALL_SMELTERS] = "all_smelters",
        [OT_Q_ALL_INFO_REPORTED] = "all_info_reported",
        [OT_Q_SMELTERS_VALIDATED] = "smelters_validated",
    };
    return (unsigned)r < sizeof names / sizeof names[0] && names[r] ? names[r] : "other";
}

const char *ot_company_role_name(ot_company_role r)
{
    static const char *const names[] = {
        [OT_CQ_OTHER] = "other",
        [OT_CQ_POLICY] = "policy",
        [OT_CQ_POLICY_PUBLIC] = "policy_public",
        [OT_CQ_CONFLICT_FREE] = "conflict_free",
        [OT_CQ_REQUIRE_VALIDATED] = "require_validated",
        [OT_CQ_DUE_DILIGENCE] = "due_diligence",
        [OT_CQ_SURVEY] = "survey",
        [OT_CQ_SMELTER_NAMES] = "smelter_names",
        [OT_CQ_REVIEW] = "review",
        [OT_CQ_CORRECTIVE] = "corrective",
        [OT_CQ_DISCLOSURE] = "disclosure",
        [OT_CQ_ALL_TEMPLATES] = "all_templates",
    };
    return (unsigned)r < sizeof names / sizeof names[0] && names[r] ? names[r] : "other";
}

bool ot_question_role_parse(const char *name, ot_question_role *out)
{
    for (int r = OT_Q_OTHER; name && r <= OT_Q_SMELTERS_VALIDATED; r++)
        if (strcmp(ot_question_role_name((ot_question_role)r), name) == 0) {
            *out = (ot_question_role)r;
            return true;
        }
    return false;
}

const char *ot_field_name(ot_field f)
{
    return (unsigned)f < OT_F__COUNT ? field_names[f] : "unknown";
}

static const char *const smelter_col_names[OT_SM__COUNT] = {
    [OT_SM_ID_INPUT] = "smelter_id_input",
    [OT_SM_METAL] = "metal",
    [OT_SM_LOOKUP_NAME] = "lookup_name",
    [OT_SM_NAME] = "name",
    [OT_SM_COUNTRY] = "country",
    [OT_SM_ID] = "smelter_id",
    [OT_SM_ID_SOURCE] = "id_source",
    [OT_SM_STREET] = "street",
    [OT_SM_CITY] = "city",
    [OT_SM_STATE] = "state",
    [OT_SM_CONTACT_NAME] = "contact_name",
    [OT_SM_CONTACT_EMAIL] = "contact_email",
    [OT_SM_NEXT_STEPS] = "next_steps",
    [OT_SM_MINE_NAME] = "mine_name",
    [OT_SM_MINE_COUNTRY] = "mine_country",
    [OT_SM_RECYCLED] = "recycled_scrap",
    [OT_SM_COMMENTS] = "comments",
};

const char *ot_smelter_col_name(ot_smelter_col c)
{
    return (unsigned)c < OT_SM__COUNT ? smelter_col_names[c] : "unknown";
}

static const char *const product_col_names[OT_PR__COUNT] = {
    [OT_PR_NUMBER] = "number",
    [OT_PR_NAME] = "name",
    [OT_PR_REQUESTER_NUMBER] = "requester_number",
    [OT_PR_REQUESTER_NAME] = "requester_name",
    [OT_PR_COMMENTS] = "comments",
};

const char *ot_product_col_name(ot_product_col c)
{
    return (unsigned)c < OT_PR__COUNT ? product_col_names[c] : "unknown";
}

static const char *const mine_col_names[OT_MN__COUNT] = {
    [OT_MN_METAL] = "metal",
    [OT_MN_SMELTER_NAME] = "smelter_name",
    [OT_MN_NAME] = "name",
    [OT_MN_ID] = "mine_id",
    [OT_MN_ID_SOURCE] = "id_source",
    [OT_MN_COUNTRY] = "country",
    [OT_MN_STREET] = "street",
    [OT_MN_CITY] = "city",
    [OT_MN_STATE] = "state",
    [OT_MN_CONTACT_NAME] = "contact_name",
    [OT_MN_CONTACT_EMAIL] = "contact_email",
    [OT_MN_NEXT_STEPS] = "next_steps",
    [OT_MN_COMMENTS] = "comments",
};

const char *ot_mine_col_name(ot_mine_col c)
{
    return (unsigned)c < OT_MN__COUNT ? mine_col_names[c] : "unknown";
}

int ot_declaration_metal_index(const ot_declaration *d, const char *metal)
{
    if (!d || !metal) return -1;
    for (size_t i = 0; i < d->metal_count; i++)
        if (d->metals[i] && ot_text_equal_loose(d->metals[i], metal)) return (int)i;
    return -1;
}

const ot_question *ot_declaration_question(const ot_declaration *d, ot_question_role role)
{
    if (!d) return NULL;
    for (size_t i = 0; i < d->question_count; i++)
        if (d->questions[i].role == role) return &d->questions[i];
    return NULL;
}

const ot_company_question *ot_declaration_company_question(const ot_declaration *d,
                                                           ot_company_role role)
{
    if (!d) return NULL;
    for (size_t i = 0; i < d->company_question_count; i++)
        if (d->company_questions[i].role == role) return &d->company_questions[i];
    return NULL;
}

void ot_declaration_free(ot_declaration *d)
{
    if (!d) return;
    ot_arena_free(&d->arena);
    free(d);
}
