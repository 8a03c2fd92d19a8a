/* rules.c - THE rule table. One row per rule: code suffix (the family name is prefixed,
 * "CMRT-" + "REQ-CONTACT-EMAIL"), severity, the families and version features it needs,
 * the check, and the texts docs/findings.md and the supplier letters are made of.
 * Adding a rule = one row here + a check function; docs/findings.md is regenerated with
 * `oretrace validate --list-rules --markdown` and a test keeps both in step. */
#include "validate/checks.h"

#include <stdio.h>
#include <string.h>

#define E OT_SEV_ERROR
#define W OT_SEV_WARNING
#define ALL OT_FAM_ALL
#define CMRT OT_FAM(OT_FAMILY_CMRT)
#define CRT OT_FAM(OT_FAMILY_CRT)
#define EMRT OT_FAM(OT_FAMILY_EMRT)
#define AMRT OT_FAM(OT_FAMILY_AMRT)
#define WITH_COMPANY_QS (CMRT | CRT | EMRT)

const ot_rule ot_rules[] = {
    /* ---- required: what the template's own Checker sheet lists ---- */
    {"REQ-COMPANY-NAME", E, ALL, 0, "required", "all", ot_check_required_field, OT_F_COMPANY_NAME,
     "The company name is empty.", "Enter your company's legal name in the Company Name cell."},
    {"REQ-SCOPE", E, ALL, OT_PF_SCOPE, "required", "all with a scope field",
     ot_check_required_field, OT_F_SCOPE, "The declaration scope is not selected.",
     "Select the declaration scope (company, product or user defined) from the drop-down."},
    {"REQ-SCOPE-DESCRIPTION", E, ALL, OT_PF_SCOPE, "required",
     "all with a scope field (legacy 2.x: scopes B and C)", ot_check_scope_description, 0,
     "The scope is user defined (or not one of the listed scopes) but not described.",
     "Describe what the declaration covers in the Description of Scope cell."},
    {"REQ-MINERAL-SELECTION", E, EMRT | AMRT, OT_PF_MINERAL_SELECTION, "required", "EMRT 2.x, AMRT",
     ot_check_mineral_selection, 0, "No mineral or metal is selected as in scope.",
     "Select the minerals or metals this declaration covers at the top of the Declaration "
     "sheet."},
    {"REQ-OTHER-MINERAL-NAME", E, AMRT, OT_PF_OTHER_MINERAL, "required", "AMRT 1.3",
     ot_check_other_mineral, 0,
     "\"Other [specify below]\" is selected but the mineral's name is not given.",
     "Type the name of the other mineral in the cell below the one where you selected "
     "\"Other\"."},
    {"REQ-CONTACT-NAME", E, ALL, 0, "required", "all but CMRT 1.00-2.03a", ot_check_required_field,
     OT_F_CONTACT_NAME, "The contact name is empty.",
     "Enter the name of the person we can contact about this declaration."},
    {"REQ-CONTACT-EMAIL", E, ALL, 0, "required",
     "all but CMRT 1.00-2.03a; needs an \"@\" except in CMRT 3.01", ot_check_required_field,
     OT_F_CONTACT_EMAIL, "The contact e-mail is empty or has no \"@\".",
     "Enter the contact person's e-mail address."},
    {"REQ-CONTACT-PHONE", E, ALL, 0, "required", "all but CMRT 1.00-2.03a", ot_check_required_field,
     OT_F_CONTACT_PHONE, "The contact phone is empty.", "Enter the contact person's phone number."},
    {"REQ-AUTHORIZER-NAME", E, ALL, 0, "required", "all", ot_check_required_field,
     OT_F_AUTHORIZER_NAME, "The authorizer is empty.",
     "Enter the name of the person who authorizes this declaration."},
    {"REQ-AUTHORIZER-EMAIL", E, ALL, 0, "required", "all; needs an \"@\" except in CMRT 1.00-3.01",
     ot_check_required_field, OT_F_AUTHORIZER_EMAIL,
     "The authorizer e-mail is empty or has no \"@\".", "Enter the authorizer's e-mail address."},
    {"REQ-AUTHORIZER-PHONE", E, CMRT, OT_PF_AUTHORIZER_PHONE, "required", "CMRT 3.01",
     ot_check_required_field, OT_F_AUTHORIZER_PHONE, "The authorizer phone is empty.",
     "Enter the authorizer's phone number."},
    {"REQ-EFFECTIVE-DATE", E, ALL, 0, "required", "all", ot_check_required_field,
     OT_F_EFFECTIVE_DATE, "The effective date is empty.",
     "Enter the date as of which the declaration is valid (for example 15-Jan-2026)."},
    {"REQ-Q1-ANSWER", E, ALL, 0, "required", "all", ot_check_required_answers, 1,
     "Question 1 (is the metal intentionally added or necessary) is not answered for a "
     "metal.",
     "Answer question 1 for every metal listed on the Declaration sheet."},
    {"REQ-MINERAL-ANSWER", E, CMRT | CRT | EMRT, 0, "required",
     "all but AMRT (whose question 2 the Checker does not count)", ot_check_required_answers, 0,
     "A later question (2 onwards) is not answered for a metal in use. Which ones are required "
     "follows the template's Checker: in CMRT 6.x question 2 unless question 1 is No, questions "
     "3-8 unless question 1 or 2 is No, and they only count once questions 1 and 2 are Yes; "
     "EMRT/CRT also exempt Unknown and Not applicable/Not declaring; CMRT 3.01 always requires "
     "question 2.",
     "Answer the question for the metal, or answer question 1 (or 2) No if the metal is not in "
     "your products."},
    {"REQ-COMPANY-ANSWER", E, WITH_COMPANY_QS, 0, "required",
     "CMRT, CRT, EMRT (when at least one metal is in use)", ot_check_company_answers, 0,
     "A company-level question (A, B, C...) is not answered although a metal is in use.",
     "Answer every company-level question at the bottom of the Declaration sheet."},
    {"REQ-POLICY-URL", E, CMRT | CRT | EMRT, OT_PF_POLICY_URL, "required",
     "CMRT 3.01 and 6.x, CRT, EMRT", ot_check_policy_url, 0,
     "The public-policy question is answered Yes but its comment gives no web address.",
     "Type the web address (URL) of your sourcing policy in the comment cell next to the "
     "answer."},
    {"REQ-SURVEY-DESCRIPTION", E, CRT | EMRT, OT_PF_SURVEY_DESCRIBE, "required", "CRT, EMRT 1.x",
     ot_check_survey_description, 0,
     "The survey question says \"Using Other Format (Describe)\" but the comment is empty.",
     "Describe the survey format you use in the comment cell next to the answer."},
    {"REQ-PRODUCT-LIST", E, ALL, OT_PF_PRODUCT_LIST, "required", "all", ot_check_product_list, 0,
     "The scope is a product (list) but the Product List's first row has no product number.",
     "List the products this declaration covers on the Product List sheet, starting in its "
     "first row, or choose the company scope."},
    {"REQ-SMELTER-LIST", E, ALL, 0, "required",
     "all (CRT: only when question 1 is Yes, its own Checker row never fires)",
     ot_check_smelter_list, 0,
     "A metal is declared in use but the Smelter List has no smelter for it.",
     "List the smelters or refiners of the metal on the Smelter List (by smelter ID or look-up "
     "name), or \"Smelter not yet identified\" if you do not know them yet."},
    {"REQ-NOT-LISTED-NAME", E, ALL, 0, "required", "all", ot_check_not_listed, OT_SM_NAME,
     "A Smelter List row says \"Smelter not listed\" but gives no smelter name.",
     "Type the smelter's name in the Smelter Name column of that row."},
    {"REQ-NOT-LISTED-COUNTRY", E, ALL, 0, "required", "all", ot_check_not_listed, OT_SM_COUNTRY,
     "A Smelter List row says \"Smelter not listed\" but gives no country.",
     "Select the smelter's country in the Smelter Country column of that row."},

    /* ---- drop-down values ---- */
    {"ANSWER-NOT-IN-LIST", E, ALL, 0, "dropdown", "all", ot_check_dropdowns, 0,
     "An answer is not one of the values its cell's drop-down list offers (compared "
     "case-insensitively, spaces ignored).",
     "Pick the answer from the cell's drop-down list instead of typing or pasting it."},

    /* ---- formats ---- */
    {"FMT-EMAIL", E, ALL, 0, "format", "all", ot_check_email, 0,
     "An e-mail address is malformed (not name@domain.tld).",
     "Correct the e-mail address so that mail can reach the person."},
    {"FMT-CONTACT-PHONE", E, ALL, 0, "format", "all", ot_check_phone, OT_F_CONTACT_PHONE,
     "The contact phone has fewer than 5 digits (e.g. \"n/a\", \"-\").",
     "Enter a phone number where the contact person can be reached."},
    {"FMT-AUTHORIZER-PHONE", W, ALL, 0, "format", "all", ot_check_phone, OT_F_AUTHORIZER_PHONE,
     "The authorizer phone is filled in but has fewer than 5 digits.",
     "Enter the authorizer's phone number or leave the cell empty."},
    {"FMT-EFFECTIVE-DATE", E, ALL, 0, "format", "all", ot_check_date, 0,
     "The effective date is not a date (neither a date cell nor DD-MMM-YYYY text).",
     "Enter the effective date as a date, for example 15-Jan-2026."},
    {"FMT-EFFECTIVE-DATE-RANGE", E, ALL, 0, "format", "all", ot_check_date_range, 0,
     "The effective date is outside the range the template version's date rule allows "
     "(6.01-6.22, CRT, EMRT, AMRT: 31-Dec-2006 to 31-Mar-2026; 6.31+: after 31-Dec-2006).",
     "Enter the date as of which the declaration is valid within the template's range; for a "
     "later date use the current template version."},
    {"FMT-EFFECTIVE-DATE-FUTURE", W, ALL, 0, "format", "all", ot_check_date_future, 0,
     "The effective date lies in the future.",
     "Check the effective date: it is normally the date you completed the declaration."},
    {"FMT-COMPANY-NAME-PLACEHOLDER", E, ALL, 0, "format", "all", ot_check_company_placeholder, 0,
     "The company name is a placeholder (\"N/A\", \"TBD\", \"XXX\", \"ABC Ltd.\", \"Company "
     "Name\"...) rather than a legal name.",
     "Enter your company's full legal name."},
    {"FMT-PERSON-PLACEHOLDER", E, ALL, 0, "format", "all", ot_check_person_placeholder, 0,
     "The contact or authorizer is a placeholder (\"same\", \"same as above\", \"see above\", "
     "\"N/A\"...) rather than a person's name.",
     "Enter the person's full name, even when it is the same person as the contact."},

    /* ---- smelter list ---- */
    {"SMELTER-METAL-MISSING", E, ALL, 0, "smelter", "all", ot_check_smelter_metal_missing, 0,
     "A Smelter List row names a smelter but no metal (and no smelter ID to derive it from).",
     "Select the metal in the Metal column of the row."},
    {"SMELTER-METAL-INVALID", E, ALL, 0, "smelter", "all", ot_check_smelter_metal_invalid, 0,
     "A Smelter List row's metal is not one of the template's metals (EMRT 2.x / AMRT: of the "
     "minerals selected in scope).",
     "Select the metal from the drop-down list, or add the mineral to the minerals in scope."},
    {"SMELTER-COUNTRY-INVALID", E, ALL, 0, "smelter", "all", ot_check_smelter_country, 0,
     "A smelter country is not a name from the template's country list.",
     "Select the country from the drop-down list (names are in capitals, e.g. \"CHINA\")."},
    {"SMELTER-ID-FORMAT", E, ALL, OT_PF_CID_IDS, "smelter", "CMRT 6.x, CRT, EMRT, AMRT 1.3",
     ot_check_smelter_id_format, 0,
     "A smelter ID is not an RMI smelter ID (\"CID\" followed by 6 digits).",
     "Type the smelter's RMI ID, e.g. CID002763, or leave the ID empty and pick the smelter by "
     "name."},
    {"SMELTER-ID-UNKNOWN", E, ALL, OT_PF_CID_IDS, "smelter",
     "CMRT 6.x, CRT, EMRT, AMRT 1.3 (metals the reference covers)", ot_check_smelter_id_unknown, 0,
     "A smelter ID is well formed but not in the RMI smelter reference list.",
     "Check the ID against the Smelter Look-up sheet of the current template; if the smelter "
     "is not listed there, choose \"Smelter not listed\" and give its name and country."},
    {"SMELTER-ID-WRONG-METAL", E, ALL, OT_PF_CID_IDS, "smelter", "CMRT 6.x, CRT, EMRT, AMRT 1.3",
     ot_check_smelter_id_metal, 0,
     "A smelter ID belongs to another metal than the one the row states.",
     "Correct the metal or the smelter ID of the row so they belong together."},
    {"SMELTER-DUPLICATE", E, ALL, 0, "smelter", "all", ot_check_smelter_duplicates, 0,
     "A Smelter List row repeats an earlier row (same metal and smelter ID, or same metal, "
     "name and country).",
     "Delete the repeated row."},
    {"SMELTER-NAME-NOT-IN-LOOKUP", W, ALL, OT_PF_CID_IDS, "smelter",
     "all (metals the reference covers)", ot_check_smelter_lookup_name, 0,
     "A smelter look-up name is not in the RMI look-up list for the row's metal.",
     "Pick the smelter name from the drop-down list, or choose \"Smelter not listed\" and type "
     "the name in the Smelter Name column."},

    /* ---- contradictions between answers ---- */
    {"SMELTER-METAL-NOT-USED", E, ALL, 0, "contradiction", "all", ot_check_unused_metal_smelters, 0,
     "Smelter List rows name a metal that question 1 declares not used (question 2 not Yes). "
     "Reported once per metal, at its first row; the message names the question-1 cell and "
     "the number of rows.",
     "Either answer question 1 (and 2) Yes for the metal, or remove its Smelter List rows."},
    {"CONTRA-ALL-IDENTIFIED-NONE-LISTED", E, CMRT | CRT | EMRT, 0, "contradiction",
     "CMRT, CRT, EMRT", ot_check_all_identified_none_listed, 0,
     "A metal is in use and the all-smelters-identified question says Yes, but no smelter is "
     "listed for it.",
     "List the metal's smelters on the Smelter List, or answer that not all smelters are "
     "identified."},
    {"CONTRA-NOT-YET-IDENTIFIED-BUT-ALL", W, CMRT | CRT | EMRT, 0, "contradiction",
     "CMRT, CRT, EMRT", ot_check_not_yet_identified_but_all, 0,
     "The all-smelters-identified question says Yes, but a Smelter List row of that metal says "
     "\"Smelter not yet identified\".",
     "Identify the smelter of that row, or answer that not all smelters are identified."},
    {"CONTRA-RESPONSE-RATE", W, CMRT | CRT | EMRT, 0, "contradiction", "CMRT, CRT, EMRT",
     ot_check_response_rate, 0,
     "Fewer than 100% of suppliers responded (question 6 in CMRT 6.x), yet the declaration "
     "says all smelters are identified (question 7). The all-information-reported question "
     "is not compared: reporting everything received is consistent with missing responses.",
     "Check the response rate and the completeness answers; with responses missing, "
     "completeness cannot usually be claimed."},
    {"CONTRA-VALIDATED-WITHOUT-POLICY", W, WITH_COMPANY_QS, 0, "contradiction", "CMRT, CRT, EMRT",
     ot_check_validated_without_policy, 0,
     "The company requires suppliers to use validated smelters, but says it has no sourcing "
     "policy or no due-diligence measures.",
     "Check the company-level answers: a requirement on suppliers is normally part of a "
     "sourcing policy and due-diligence measures."},
    {"CONTRA-PUBLIC-WITHOUT-POLICY", W, CMRT | EMRT, 0, "contradiction", "CMRT, EMRT",
     ot_check_public_without_policy, 0,
     "The policy is said to be publicly available, but the company says it has no policy.",
     "Correct one of the two answers."},
    {"CONTRA-RECYCLED-SMELTER", W, CMRT | CRT | EMRT, 0, "contradiction", "CMRT, CRT, EMRT",
     ot_check_recycled_smelters, 0,
     "The 100%-recycled question says Yes for a metal, but a Smelter List row of that metal "
     "says the smelter's feedstock is not 100% recycled or scrap.",
     "Correct the recycled/scrap answer of the metal or of the smelter row."},
    {"CONTRA-ANSWERS-FOR-UNUSED-METAL", W, ALL, 0, "contradiction", "all",
     ot_check_answers_for_unused_metal, 0,
     "A metal is answered No at question 1 (or 2), yet later questions are answered for it "
     "(the template expects them blank).",
     "Leave the later questions of that metal empty, or correct question 1 (or 2)."},
    {"CONTRA-PRODUCTS-OUTSIDE-SCOPE", W, ALL, OT_PF_PRODUCT_LIST, "contradiction", "all",
     ot_check_products_outside_scope, 0,
     "The Product List names products although the scope is not a product declaration.",
     "Choose the product scope if the declaration covers only these products, or clear the "
     "Product List."},

    {"CONTRA-PRODUCTS-WITHOUT-ANSWERS", W, ALL, OT_PF_PRODUCT_LIST, "contradiction", "all",
     ot_check_products_without_answers, 0,
     "The scope is a product list and products are listed, but no mineral question is "
     "answered (the missing answers themselves are REQ-Q1-ANSWER errors).",
     "Answer the mineral questions for the listed products, starting with question 1 for "
     "every metal."},

    /* ---- formula injection ---- */
    {"INJECT-FORMULA-TEXT", E, ALL, 0, "injection", "all", ot_check_formula_text, 0,
     "A text cell starts with \"=\" (or with + - @ and contains a formula call, reference or "
     "DDE pipe): a spreadsheet would run it as a formula.",
     "Remove the leading \"=\" or formula from the cell; type plain text."},
    {"INJECT-LEADING-SIGN", W, ALL, 0, "injection", "all", ot_check_leading_sign, 0,
     "A text cell starts with +, - or @ (and is not a phone number or number); spreadsheets "
     "read that as the start of a formula.",
     "Start the text with a letter or digit."},
    {"INJECT-FORMULA-CELL", W, ALL, 0, "injection", "all", ot_check_formula_cell, 0,
     "A cell where the supplier types an answer holds a formula.",
     "Replace the formula with the plain value."},
};

const size_t ot_rules_count = sizeof ot_rules / sizeof ot_rules[0];

/* ---- the family-qualified catalogue ---- */

static const ot_family families[] = {OT_FAMILY_CMRT, OT_FAMILY_CRT, OT_FAMILY_EMRT, OT_FAMILY_AMRT};
#define FAMILY_COUNT (sizeof families / sizeof families[0])

size_t ot_rule_count(void)
{
    size_t n = 0;
    for (size_t f = 0; f < FAMILY_COUNT; f++)
        n += ot_rule_count_for(families[f]);
    return n;
}

size_t ot_rule_count_for(ot_family fam)
{
    size_t n = 0;
    for (size_t i = 0; i < ot_rules_count; i++)
        n += (ot_rules[i].families & OT_FAM(fam)) != 0;
    return n;
}

bool ot_rule_info_at(size_t index, ot_rule_info *info)
{
    static _Thread_local char code[64];
    for (size_t f = 0; f < FAMILY_COUNT; f++)
        for (size_t i = 0; i < ot_rules_count; i++) {
            const ot_rule *r = &ot_rules[i];
            if (!(r->families & OT_FAM(families[f]))) continue;
            if (index-- > 0) continue;
            snprintf(code, sizeof code, "%s-%s", ot_family_name(families[f]), r->suffix);
            *info = (ot_rule_info){code,        families[f], r->severity, r->concern,
                                   r->versions, r->meaning,  r->fix};
            return true;
        }
    return false;
}

bool ot_rule_exists(const char *code)
{
    ot_rule_info info;
    for (size_t i = 0; ot_rule_info_at(i, &info); i++)
        if (strcmp(info.code, code) == 0) return true;
    return false;
}

static void md_escape(ot_strbuf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') ot_sb_putc(out, '\\');
        ot_sb_putc(out, *s);
    }
}

void ot_rules_markdown(ot_strbuf *out)
{
    ot_sb_puts(out,
               "# Validation findings\n\n"
               "<!-- Generated by `oretrace validate --list-rules --markdown`; do not edit by "
               "hand. tests/validate/test_docs.c checks that this file and the rule table "
               "agree. -->\n\n"
               "`oretrace validate` checks each supplier template against the rules below. A "
               "finding of severity **error** makes the submission invalid; a **warning** "
               "keeps it valid but is worth a look or a question to the supplier. Every "
               "finding names the sheet and cell (A1) in the supplier's workbook.\n\n"
               "Rule codes are stable: `<FAMILY>-<RULE>`, where the family is the template "
               "family (CMRT, CRT, EMRT, AMRT). The `required` rules reproduce the template's "
               "own Checker sheet version by version (rmi-templates.md 3.8, 4.5, 5, 6.2, 6.3, "
               "7), so an official empty template yields exactly the items its Checker lists.\n\n");
    for (size_t f = 0; f < FAMILY_COUNT; f++) {
        ot_sb_printf(out, "## %s (%zu rules)\n\n", ot_family_name(families[f]),
                     ot_rule_count_for(families[f]));
        ot_sb_puts(out, "| code | severity | concern | versions | what it means | how the "
                        "supplier fixes it |\n|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < ot_rules_count; i++) {
            const ot_rule *r = &ot_rules[i];
            if (!(r->families & OT_FAM(families[f]))) continue;
            ot_sb_printf(out, "| `%s-%s` | %s | %s | ", ot_family_name(families[f]), r->suffix,
                         ot_severity_name(r->severity), r->concern);
            md_escape(out, r->versions);
            ot_sb_puts(out, " | ");
            md_escape(out, r->meaning);
            ot_sb_puts(out, " | ");
            md_escape(out, r->fix);
            ot_sb_puts(out, " |\n");
        }
        ot_sb_puts(out, "\n");
    }
    ot_sb_puts(
        out, "## Notes\n\n"
             "- **Exit status** of `oretrace validate`: 0 all files valid, 3 some invalid, 2 some "
             "unreadable (precedes 3), 1 usage error, 4 a feedback letter could not be written.\n"
             "- **Checker parity.** The `REQ-` rules follow each version's Checker formulas, "
             "including their quirks: in CMRT 6.x an answer to questions 2-8 only counts once "
             "question 1 (and 2) are Yes, so a filled answer behind an unanswered question 1 is "
             "still reported; CMRT 3.01 wants \"www\" in the policy URL comment; CMRT 1.00-2.02 "
             "(no or untranslated Checker) get the 2.03 logic.\n"
             "- **Where oretrace is stricter than the Checker.** CRT's smelter-list row never "
             "fires (formula defect) - oretrace requires smelters when question 1 is Yes; "
             "\"Smelter not listed\" rows without name or country are errors in every version "
             "(CRT and EMRT 1.1/1.11 leave them out of their total).\n"
             "- **Smelter reference.** `SMELTER-ID-UNKNOWN`, `SMELTER-ID-WRONG-METAL` and "
             "`SMELTER-NAME-NOT-IN-LOOKUP` use the workspace's smelter reference (`oretrace "
             "refdata`), else the snapshot shipped with oretrace; IDs of retired or merged "
             "smelters still count as known. Without a reference these rules stay silent.\n"
             "- **Response rate.** `CONTRA-RESPONSE-RATE` compares the response rate with "
             "\"all smelters identified\" only; \"all smelter information received has been "
             "reported\" is consistent with missing responses.\n"
             "- **Formula injection.** Text starting with `=` (or with `+ - @` followed by a "
             "function call, reference or DDE pipe) is an error; other text starting with `+ - "
             "@` that is not a phone number is a warning. Every CSV/XLSX export writes text "
             "through `util/csvsafe.h`, which prefixes such text with an apostrophe.\n");
}
