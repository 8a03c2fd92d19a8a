/* test_rules.c - every rule of the catalogue fires on a correct template with one defect
 * and stays silent on the correct template, in every family it applies to.
 *
 * The correct templates are the valid fixtures of scripts/make-fixtures.py (real files,
 * read by the real reader and template model); each defect is made in memory on the
 * declaration read from them, the way a supplier would have typed it. A table row says
 * which rule a defect must trigger; a final test checks that every family-qualified code
 * of the catalogue has a row, so a new rule cannot ship without its test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"
#include "util/text.h"
#include "vsupport.h"

static csv_ref ref;
static const char *today = "2026-06-30";

/* ---- baselines: one correct file per family (plus versions with rules of their own) ---- */

typedef struct baseline {
    const char *name; /* short name used in the table */
    const char *path; /* relative to the repo (fixture) or tests/fixtures/reference (legacy) */
    bool vendored;
    /* corrections made in memory before the file counts as correct (legacy samples) */
    void (*prepare)(ot_declaration *d);
} baseline;

static void set(ot_declaration *d, const ot_value *cv, const char *text)
{
    ot_value *v = (ot_value *)cv;
    v->value = text ? ot_arena_strdup(&d->arena, text) : NULL;
    v->numeric = false;
    v->formula = false;
}

static const ot_company_question *cq_role(const ot_declaration *d, ot_company_role role)
{
    return ot_declaration_company_question(d, role);
}

static void fix_301_sample(ot_declaration *d)
{
    /* The 3.01 sample's policy URL lacks "www" and lists products for a company scope. */
    set(d, &cq_role(d, OT_CQ_POLICY_PUBLIC)->answer.comment, "www.example.com/policy");
    d->product_count = 0;
}

static const baseline baselines[] = {
    {"cmrt65", "tests/fixtures/cmrt65_valid_company.xlsx", false, NULL},
    {"cmrt601", "tests/fixtures/cmrt601_valid_tin_only.xlsx", false, NULL},
    {"cmrt301", "rmi-templates/legacy/3.01_-_green.xlsx", true, fix_301_sample},
    {"crt221", "tests/fixtures/crt221_valid.xlsx", false, NULL},
    {"emrt13", "tests/fixtures/emrt13_valid.xlsx", false, NULL},
    {"emrt21", "tests/fixtures/emrt21_valid_deleted_minerals.xlsx", false, NULL},
    {"amrt13", "tests/fixtures/amrt13_valid_other_mineral.xlsx", false, NULL},
};
#define BASELINE_COUNT (sizeof baselines / sizeof baselines[0])

static bool load_baseline(const baseline *b, loaded *l)
{
    const char *path = b->vendored ? vendored_path(b->path) : src_path(b->path);
    if (!load_declaration(path, l)) return false;
    if (b->prepare) b->prepare(l->d);
    return true;
}

static void run(const ot_declaration *d, ot_findings *f)
{
    ot_findings_init(f);
    ot_validate_ctx ctx = {&ref.ref, today};
    ot_validate(d, &ctx, f);
}

/* ---- helpers for making defects ---- */

static const ot_question *q_role(const ot_declaration *d, ot_question_role role)
{
    return ot_declaration_question(d, role);
}

/* Index of the first metal whose question 1 is Yes and that has a smelter row. */
static int metal_in_use(const ot_declaration *d)
{
    const ot_question *q1 = q_role(d, OT_Q_INTENTIONAL);
    for (size_t m = 0; m < d->metal_count; m++) {
        if (!ot_text_equal_loose(q1->per_metal[m].answer.value ? q1->per_metal[m].answer.value : "",
                                 "Yes"))
            continue;
        const ot_question *q2 = q_role(d, OT_Q_REMAINS);
        if (q2 && q2->per_metal[m].answer.value &&
            ot_text_equal_loose(q2->per_metal[m].answer.value, "No"))
            continue;
        for (size_t i = 0; i < d->smelter_count; i++) {
            const char *metal = d->smelters[i].col[OT_SM_METAL].value;
            const char *id = d->smelters[i].col[OT_SM_ID_INPUT].value;
            if (metal && ot_text_equal_loose(metal, d->metals[m])) return (int)m;
            if (!metal && id) {
                const char *ms[4];
                size_t n = ref.ref.metals_of_id(&ref, id, ms, 4);
                if (n && ot_text_equal_loose(ms[0], d->metals[m])) return (int)m;
            }
        }
    }
    return 0;
}

static ot_smelter_row *add_row(ot_declaration *d)
{
    ot_smelter_row *rows = ot_arena_alloc(&d->arena, (d->smelter_count + 1) * sizeof *rows);
    if (d->smelter_count) memcpy(rows, d->smelters, d->smelter_count * sizeof *rows);
    ot_layout_info li;
    ot_template_layout_info(d, &li);
    uint32_t last = li.smelter_first_row ? li.smelter_first_row - 1 : 4;
    for (size_t i = 0; i < d->smelter_count; i++)
        if (rows[i].row > last) last = rows[i].row;
    ot_smelter_row *r = &rows[d->smelter_count];
    memset(r, 0, sizeof *r);
    r->row = last + 1;
    for (int c = 0; c < OT_SM__COUNT; c++) {
        r->col[c].sheet = OT_SHEET_SMELTER_LIST;
        r->col[c].row = r->row;
        r->col[c].col = ot_template_smelter_col(d, c);
    }
    d->smelters = rows;
    d->smelter_count++;
    return r;
}

static void remove_rows_of(ot_declaration *d, int m)
{
    size_t out = 0;
    for (size_t i = 0; i < d->smelter_count; i++) {
        const ot_value *c = d->smelters[i].col;
        const char *metal = c[OT_SM_METAL].value;
        bool mine = metal && ot_text_equal_loose(metal, d->metals[m]);
        if (!metal && c[OT_SM_ID_INPUT].value) {
            const char *ms[4];
            mine = ref.ref.metals_of_id(&ref, c[OT_SM_ID_INPUT].value, ms, 4) &&
                   ot_text_equal_loose(ms[0], d->metals[m]);
        }
        if (!mine) d->smelters[out++] = d->smelters[i];
    }
    d->smelter_count = out;
}

static const char *item_starting(const ot_value *v, const char *prefix)
{
    for (size_t i = 0; v->allowed && i < v->allowed->count; i++)
        if (strncasecmp(v->allowed->items[i], prefix, strlen(prefix)) == 0)
            return v->allowed->items[i];
    return NULL;
}

/* An ID of the reference whose metal is not metal. */
static const char *foreign_id(const char *metal)
{
    for (size_t i = 0; i < ref.count; i++)
        if (ref.rows[i].id[0] && strcasecmp(ref.rows[i].metal, metal) != 0) return ref.rows[i].id;
    return NULL;
}

/* ---- the defects ---- */

#define DEFECT(name) static void name(ot_declaration *d)

DEFECT(no_company_name)
{
    set(d, &d->fields[OT_F_COMPANY_NAME], NULL);
}
DEFECT(no_scope)
{
    set(d, &d->fields[OT_F_SCOPE], NULL);
}
DEFECT(scope_c_undescribed)
{
    set(d, &d->fields[OT_F_SCOPE], item_starting(&d->fields[OT_F_SCOPE], "C"));
    d->scope_letter[0] = 'C';
    set(d, &d->fields[OT_F_SCOPE_DESCRIPTION], NULL);
}
DEFECT(no_minerals)
{
    d->metal_count = 0;
}
DEFECT(other_unnamed)
{
    d->metals[d->metal_count - 1] = "Other [specify below]";
}
DEFECT(no_contact_name)
{
    set(d, &d->fields[OT_F_CONTACT_NAME], NULL);
}
DEFECT(no_contact_email)
{
    set(d, &d->fields[OT_F_CONTACT_EMAIL], NULL);
}
DEFECT(no_contact_phone)
{
    set(d, &d->fields[OT_F_CONTACT_PHONE], NULL);
}
DEFECT(no_authorizer)
{
    set(d, &d->fields[OT_F_AUTHORIZER_NAME], NULL);
}
DEFECT(no_authorizer_email)
{
    set(d, &d->fields[OT_F_AUTHORIZER_EMAIL], "oliver.grant at example.com");
}
DEFECT(no_authorizer_phone)
{
    set(d, &d->fields[OT_F_AUTHORIZER_PHONE], NULL);
}
DEFECT(no_date)
{
    set(d, &d->fields[OT_F_EFFECTIVE_DATE], NULL);
    d->effective_date[0] = '\0';
}
DEFECT(no_q1)
{
    set(d, &q_role(d, OT_Q_INTENTIONAL)->per_metal[metal_in_use(d)].answer, NULL);
}
DEFECT(no_later_answer)
{
    int m = metal_in_use(d);
    for (size_t q = d->question_count; q-- > 1;)
        if (d->questions[q].per_metal[m].answer.row) {
            set(d, &d->questions[q].per_metal[m].answer, NULL);
            return;
        }
}
DEFECT(no_company_answer)
{
    for (size_t i = 0; i < d->company_question_count; i++)
        if (!d->company_questions[i].per_metal) {
            set(d, &d->company_questions[i].answer.answer, NULL);
            return;
        }
}
DEFECT(policy_url_missing)
{
    const ot_company_question *pub = cq_role(d, OT_CQ_POLICY_PUBLIC);
    set(d, &pub->answer.answer, "Yes");
    set(d, &pub->answer.comment, NULL);
    const ot_company_question *pol = cq_role(d, OT_CQ_POLICY);
    if (pol) set(d, &pol->answer.answer, "Yes");
}
DEFECT(survey_undescribed)
{
    const ot_company_question *s = cq_role(d, OT_CQ_SURVEY);
    const char *other = NULL;
    for (size_t i = 0; s->answer.answer.allowed && i < s->answer.answer.allowed->count; i++)
        if (strstr(s->answer.answer.allowed->items[i], "Other"))
            other = s->answer.answer.allowed->items[i];
    set(d, &s->answer.answer, other);
    set(d, &s->answer.comment, NULL);
}
DEFECT(scope_b_without_products)
{
    set(d, &d->fields[OT_F_SCOPE], item_starting(&d->fields[OT_F_SCOPE], "B"));
    d->scope_letter[0] = 'B';
    d->product_count = 0;
}
DEFECT(no_smelters_for_metal)
{
    remove_rows_of(d, metal_in_use(d));
}
DEFECT(no_smelters_at_all)
{
    d->smelter_count = 0;
} /* 3.01's Checker asks for any row */
static void not_listed_row(ot_declaration *d, const char *name, const char *country)
{
    ot_smelter_row *r = add_row(d);
    set(d, &r->col[OT_SM_METAL], d->metals[metal_in_use(d)]);
    set(d, &r->col[OT_SM_LOOKUP_NAME], "Smelter not listed");
    set(d, &r->col[OT_SM_NAME], name);
    set(d, &r->col[OT_SM_COUNTRY], country);
}
DEFECT(not_listed_no_name)
{
    not_listed_row(d, NULL, "CHINA");
}
DEFECT(not_listed_no_country)
{
    not_listed_row(d, "Oruro Smelting Works", NULL);
}
DEFECT(country_not_in_list)
{
    not_listed_row(d, "Lone Star Bullion Works", "USA");
}
DEFECT(answer_not_in_list)
{
    for (size_t i = 0; i < d->company_question_count; i++)
        if (!d->company_questions[i].per_metal && d->company_questions[i].answer.answer.allowed) {
            set(d, &d->company_questions[i].answer.answer, "Perhaps");
            return;
        }
    set(d, &d->questions[1].per_metal[metal_in_use(d)].answer, "Perhaps");
}
DEFECT(bad_email)
{
    set(d, &d->fields[OT_F_CONTACT_EMAIL], "jana.hoffmann@northwind");
}
DEFECT(bad_contact_phone)
{
    set(d, &d->fields[OT_F_CONTACT_PHONE], "n/a");
}
DEFECT(bad_authorizer_phone)
{
    set(d, &d->fields[OT_F_AUTHORIZER_PHONE], "-");
}
DEFECT(unreadable_date)
{
    set(d, &d->fields[OT_F_EFFECTIVE_DATE], "next year");
    d->effective_date[0] = '\0';
}
DEFECT(date_too_early)
{
    memcpy(d->effective_date, "2005-06-01", 11);
}
DEFECT(date_future)
{
    memcpy(d->effective_date, "2026-09-01", 11);
}
DEFECT(company_placeholder)
{
    set(d, &d->fields[OT_F_COMPANY_NAME], "ABC Co., Ltd.");
}
DEFECT(authorizer_same)
{
    set(d, &d->fields[OT_F_AUTHORIZER_NAME], "Same as above");
}
DEFECT(row_without_metal)
{
    ot_smelter_row *r = add_row(d);
    set(d, &r->col[OT_SM_LOOKUP_NAME], "Some Refinery Ltd.");
}
DEFECT(row_bad_metal)
{
    ot_smelter_row *r = add_row(d);
    set(d, &r->col[OT_SM_METAL], "Unobtainium");
    set(d, &r->col[OT_SM_LOOKUP_NAME], "Smelter not listed");
    set(d, &r->col[OT_SM_NAME], "Moon Refinery");
    set(d, &r->col[OT_SM_COUNTRY], "CHINA");
}
DEFECT(id_bad_format)
{
    set(d, &add_row(d)->col[OT_SM_ID_INPUT], "CID12345");
}
DEFECT(id_unknown)
{
    ot_smelter_row *r = add_row(d);
    set(d, &r->col[OT_SM_ID_INPUT], "CID999990");
    set(d, &r->col[OT_SM_METAL], d->metals[metal_in_use(d)]);
}
DEFECT(id_wrong_metal)
{
    const char *metal = d->metals[metal_in_use(d)];
    ot_smelter_row *r = add_row(d);
    set(d, &r->col[OT_SM_ID_INPUT], foreign_id(metal));
    set(d, &r->col[OT_SM_METAL], metal);
}
DEFECT(duplicate_row)
{
    ot_smelter_row copy = d->smelters[0];
    ot_smelter_row *r = add_row(d);
    uint32_t row = r->row;
    *r = copy;
    r->row = row;
    for (int c = 0; c < OT_SM__COUNT; c++)
        r->col[c].row = row;
}
DEFECT(name_not_in_lookup)
{
    ot_smelter_row *r = add_row(d);
    set(d, &r->col[OT_SM_METAL], d->metals[metal_in_use(d)]);
    set(d, &r->col[OT_SM_LOOKUP_NAME], "Nonexistent Refining Company");
}
DEFECT(unused_metal_with_smelters)
{
    int m = metal_in_use(d);
    for (size_t q = 1; q < d->question_count; q++)
        set(d, &d->questions[q].per_metal[m].answer, NULL);
    set(d, &q_role(d, OT_Q_INTENTIONAL)->per_metal[m].answer, "No");
}
DEFECT(all_identified_none_listed)
{
    int m = metal_in_use(d);
    remove_rows_of(d, m);
    set(d, &q_role(d, OT_Q_ALL_SMELTERS)->per_metal[m].answer, "Yes");
}
DEFECT(not_yet_identified_but_all)
{
    int m = metal_in_use(d);
    set(d, &q_role(d, OT_Q_ALL_SMELTERS)->per_metal[m].answer, "Yes");
    ot_smelter_row *r = add_row(d);
    set(d, &r->col[OT_SM_METAL], d->metals[m]);
    set(d, &r->col[OT_SM_LOOKUP_NAME], "Smelter not yet identified");
}
DEFECT(partial_response_all_identified)
{
    int m = metal_in_use(d);
    const ot_value *rate = &q_role(d, OT_Q_RESPONSE_RATE)->per_metal[m].answer;
    set(d, rate, item_starting(rate, "Greater than 50%"));
    set(d, &q_role(d, OT_Q_ALL_SMELTERS)->per_metal[m].answer, "Yes");
}
DEFECT(full_response_everywhere)
{
    const ot_question *rate = q_role(d, OT_Q_RESPONSE_RATE);
    for (size_t m = 0; m < d->metal_count; m++) {
        const ot_value *v = &rate->per_metal[m].answer;
        if (v->value) set(d, v, v->allowed->items[0]);
    }
}
DEFECT(validated_without_policy)
{
    const ot_company_question *req = cq_role(d, OT_CQ_REQUIRE_VALIDATED);
    if (req->per_metal)
        set(d, &req->per_metal_ans[metal_in_use(d)].answer, "Yes");
    else
        set(d, &req->answer.answer, "Yes");
    const ot_company_question *pol = cq_role(d, OT_CQ_POLICY);
    set(d, &(pol ? pol : cq_role(d, OT_CQ_DUE_DILIGENCE))->answer.answer, "No");
}
DEFECT(public_without_policy)
{
    set(d, &cq_role(d, OT_CQ_POLICY)->answer.answer, "No");
    set(d, &cq_role(d, OT_CQ_POLICY_PUBLIC)->answer.answer, "Yes");
}
DEFECT(recycled_but_smelter_not)
{
    int m = metal_in_use(d);
    set(d, &q_role(d, OT_Q_RECYCLED)->per_metal[m].answer, "Yes");
    ot_smelter_row *r = add_row(d);
    set(d, &r->col[OT_SM_METAL], d->metals[m]);
    set(d, &r->col[OT_SM_LOOKUP_NAME], "Smelter not listed");
    set(d, &r->col[OT_SM_NAME], "Primary Feed Smelter");
    set(d, &r->col[OT_SM_COUNTRY], "CHINA");
    set(d, &r->col[OT_SM_RECYCLED], "No");
}
DEFECT(answers_after_no)
{
    int m = metal_in_use(d);
    remove_rows_of(d, m);
    set(d, &q_role(d, OT_Q_INTENTIONAL)->per_metal[m].answer, "No");
    set(d, &d->questions[2].per_metal[m].answer, "Yes");
}
DEFECT(products_for_company_scope)
{
    set(d, &d->fields[OT_F_SCOPE], item_starting(&d->fields[OT_F_SCOPE], "A"));
    d->scope_letter[0] = 'A';
    ot_product_row *rows = ot_arena_alloc(&d->arena, sizeof *rows);
    memset(rows, 0, sizeof *rows);
    rows->row = 6;
    rows->col[OT_PR_NUMBER] = (ot_value){.sheet = OT_SHEET_PRODUCT_LIST, .row = 6, .col = 2};
    set(d, &rows->col[OT_PR_NUMBER], "P-1001");
    d->products = rows;
    d->product_count = 1;
}
DEFECT(products_but_no_answers)
{
    set(d, &d->fields[OT_F_SCOPE], item_starting(&d->fields[OT_F_SCOPE], "B"));
    d->scope_letter[0] = 'B';
    ot_layout_info li;
    ot_template_layout_info(d, &li);
    ot_product_row *rows = ot_arena_alloc(&d->arena, sizeof *rows);
    memset(rows, 0, sizeof *rows);
    rows->row = li.product_first_row;
    rows->col[OT_PR_NUMBER] = (ot_value){.sheet = OT_SHEET_PRODUCT_LIST,
                                         .row = rows->row,
                                         .col = ot_template_product_col(d, OT_PR_NUMBER)};
    set(d, &rows->col[OT_PR_NUMBER], "P-1001");
    d->products = rows;
    d->product_count = 1;
    const ot_question *q1 = q_role(d, OT_Q_INTENTIONAL);
    for (size_t m = 0; m < d->metal_count; m++)
        set(d, &q1->per_metal[m].answer, NULL);
}
DEFECT(formula_text)
{
    set(d, &d->questions[0].per_metal[0].comment, "=HYPERLINK(\"http://attacker.example\",\"x\")");
}
DEFECT(leading_sign)
{
    set(d, &d->questions[0].per_metal[0].comment, "- see attached letter");
}
DEFECT(formula_cell)
{
    ot_value *c = (ot_value *)&d->questions[0].per_metal[0].comment;
    set(d, c, "click");
    c->formula = true;
}

/* ---- the table: rule -> defect, and the baselines to try it on ---- */

typedef struct rule_case {
    const char *suffix;
    void (*defect)(ot_declaration *d);
    const char *baselines; /* space-separated baseline names */
    /* makes a correct baseline also free of this rule's warnings before the test */
    void (*clean)(ot_declaration *d);
} rule_case;

#define EVERY "cmrt65 cmrt601 crt221 emrt13 emrt21 amrt13"
#define NO_AMRT "cmrt65 cmrt601 crt221 emrt13 emrt21"

static const rule_case cases[] = {
    {"REQ-COMPANY-NAME", no_company_name, EVERY, NULL},
    {"REQ-SCOPE", no_scope, EVERY, NULL},
    {"REQ-SCOPE-DESCRIPTION", scope_c_undescribed, EVERY, NULL},
    {"REQ-MINERAL-SELECTION", no_minerals, "emrt21 amrt13", NULL},
    {"REQ-OTHER-MINERAL-NAME", other_unnamed, "amrt13", NULL},
    {"REQ-CONTACT-NAME", no_contact_name, EVERY, NULL},
    {"REQ-CONTACT-EMAIL", no_contact_email, EVERY, NULL},
    {"REQ-CONTACT-PHONE", no_contact_phone, EVERY, NULL},
    {"REQ-AUTHORIZER-NAME", no_authorizer, EVERY, NULL},
    {"REQ-AUTHORIZER-EMAIL", no_authorizer_email, EVERY, NULL},
    {"REQ-AUTHORIZER-PHONE", no_authorizer_phone, "cmrt301", NULL},
    {"REQ-EFFECTIVE-DATE", no_date, EVERY, NULL},
    {"REQ-Q1-ANSWER", no_q1, EVERY, NULL},
    {"REQ-MINERAL-ANSWER", no_later_answer, NO_AMRT " cmrt301", NULL},
    {"REQ-COMPANY-ANSWER", no_company_answer, NO_AMRT, NULL},
    {"REQ-POLICY-URL", policy_url_missing, NO_AMRT " cmrt301", NULL},
    {"REQ-SURVEY-DESCRIPTION", survey_undescribed, "crt221 emrt13", NULL},
    {"REQ-PRODUCT-LIST", scope_b_without_products, EVERY, NULL},
    {"REQ-SMELTER-LIST", no_smelters_for_metal, EVERY, NULL},
    {"REQ-SMELTER-LIST", no_smelters_at_all, "cmrt301", NULL},
    {"REQ-NOT-LISTED-NAME", not_listed_no_name, EVERY, NULL},
    {"REQ-NOT-LISTED-COUNTRY", not_listed_no_country, EVERY, NULL},
    {"ANSWER-NOT-IN-LIST", answer_not_in_list, EVERY, NULL},
    {"FMT-EMAIL", bad_email, EVERY, NULL},
    {"FMT-CONTACT-PHONE", bad_contact_phone, EVERY, NULL},
    {"FMT-AUTHORIZER-PHONE", bad_authorizer_phone, EVERY, NULL},
    {"FMT-EFFECTIVE-DATE", unreadable_date, EVERY, NULL},
    {"FMT-EFFECTIVE-DATE-RANGE", date_too_early, EVERY, NULL},
    {"FMT-EFFECTIVE-DATE-FUTURE", date_future, EVERY, NULL},
    {"FMT-COMPANY-NAME-PLACEHOLDER", company_placeholder, EVERY, NULL},
    {"FMT-PERSON-PLACEHOLDER", authorizer_same, EVERY, NULL},
    {"SMELTER-METAL-MISSING", row_without_metal, EVERY, NULL},
    {"SMELTER-METAL-INVALID", row_bad_metal, EVERY, NULL},
    {"SMELTER-COUNTRY-INVALID", country_not_in_list, EVERY, NULL},
    {"SMELTER-ID-FORMAT", id_bad_format, EVERY, NULL},
    {"SMELTER-ID-UNKNOWN", id_unknown, EVERY, NULL},
    {"SMELTER-ID-WRONG-METAL", id_wrong_metal, EVERY, NULL},
    {"SMELTER-DUPLICATE", duplicate_row, EVERY, NULL},
    {"SMELTER-NAME-NOT-IN-LOOKUP", name_not_in_lookup, EVERY, NULL},
    {"SMELTER-METAL-NOT-USED", unused_metal_with_smelters, EVERY, NULL},
    {"CONTRA-ALL-IDENTIFIED-NONE-LISTED", all_identified_none_listed, NO_AMRT, NULL},
    /* cmrt65_valid_company itself lists a "not yet identified" Gold row under Q7 = Yes */
    {"CONTRA-NOT-YET-IDENTIFIED-BUT-ALL", not_yet_identified_but_all,
     "cmrt601 crt221 emrt13 emrt21", NULL},
    /* the generated files often pair a partial response rate with question 7 = Yes */
    {"CONTRA-RESPONSE-RATE", partial_response_all_identified, NO_AMRT, full_response_everywhere},
    {"CONTRA-VALIDATED-WITHOUT-POLICY", validated_without_policy, NO_AMRT, NULL},
    {"CONTRA-PUBLIC-WITHOUT-POLICY", public_without_policy, "cmrt65 cmrt601 emrt13 emrt21", NULL},
    {"CONTRA-RECYCLED-SMELTER", recycled_but_smelter_not, NO_AMRT, NULL},
    {"CONTRA-ANSWERS-FOR-UNUSED-METAL", answers_after_no, EVERY, NULL},
    {"CONTRA-PRODUCTS-OUTSIDE-SCOPE", products_for_company_scope, EVERY, NULL},
    {"CONTRA-PRODUCTS-WITHOUT-ANSWERS", products_but_no_answers, EVERY, NULL},
    {"INJECT-FORMULA-TEXT", formula_text, EVERY, NULL},
    {"INJECT-LEADING-SIGN", leading_sign, EVERY, NULL},
    {"INJECT-FORMULA-CELL", formula_cell, EVERY, NULL},
};
#define CASE_COUNT (sizeof cases / sizeof cases[0])

static bool names_baseline(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; (p = strstr(p, name)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
    return false;
}

/* Baselines are correct: no error at all (warnings may exist, but none of a rule a case
 * then relies on firing, checked per case below). */
static void test_baselines_are_valid(void **state)
{
    (void)state;
    for (size_t b = 0; b < BASELINE_COUNT; b++) {
        loaded l;
        assert_true(load_baseline(&baselines[b], &l));
        ot_findings f;
        run(l.d, &f);
        if (f.errors) {
            fprintf(stderr, "  baseline %s has errors:\n", baselines[b].name);
            print_findings(&f);
        }
        assert_int_equal(f.errors, 0);
        ot_findings_free(&f);
        unload(&l);
    }
}

static void test_each_rule_fires_and_is_silent(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t c = 0; c < CASE_COUNT; c++) {
        for (size_t b = 0; b < BASELINE_COUNT; b++) {
            if (!names_baseline(cases[c].baselines, baselines[b].name)) continue;
            loaded l;
            assert_true(load_baseline(&baselines[b], &l));
            ot_findings before, after;
            if (cases[c].clean) cases[c].clean(l.d);
            run(l.d, &before);
            size_t silent = count_findings(&before, cases[c].suffix, NULL, NULL);
            cases[c].defect(l.d);
            run(l.d, &after);
            size_t fired = count_findings(&after, cases[c].suffix, NULL, NULL);
            if (silent || !fired) {
                fprintf(stderr, "  %s on %s: %zu before, %zu after the defect\n", cases[c].suffix,
                        baselines[b].name, silent, fired);
                print_findings(&after);
            }
            assert_int_equal(silent, 0);
            assert_true(fired > 0);
            /* every finding names a place and says how to fix it */
            for (size_t i = 0; i < after.count; i++) {
                assert_true(after.items[i].message[0] != '\0');
                assert_true(after.items[i].fix[0] != '\0');
                assert_true(ot_rule_exists(after.items[i].code));
            }
            checked++;
            ot_findings_free(&before);
            ot_findings_free(&after);
            unload(&l);
        }
    }
    assert_true(checked > CASE_COUNT);
}

static const char *family_baselines(ot_family f)
{
    switch (f) {
    case OT_FAMILY_CMRT:
        return "cmrt65 cmrt601 cmrt301";
    case OT_FAMILY_CRT:
        return "crt221";
    case OT_FAMILY_EMRT:
        return "emrt13 emrt21";
    case OT_FAMILY_AMRT:
        return "amrt13";
    default:
        return "";
    }
}

/* Every family-qualified code of the catalogue is exercised by a case on a baseline of
 * that family. */
static void test_every_rule_has_a_case(void **state)
{
    (void)state;
    ot_rule_info info;
    for (size_t i = 0; ot_rule_info_at(i, &info); i++) {
        const char *suffix = strchr(info.code, '-') + 1;
        bool covered = false;
        for (size_t c = 0; c < CASE_COUNT && !covered; c++) {
            if (strcmp(cases[c].suffix, suffix) != 0) continue;
            char list[128];
            snprintf(list, sizeof list, "%s", family_baselines(info.family));
            for (char *tok = strtok(list, " "); tok && !covered; tok = strtok(NULL, " "))
                covered = names_baseline(cases[c].baselines, tok);
        }
        if (!covered) fprintf(stderr, "  no test case for %s\n", info.code);
        assert_true(covered);
    }
}

/* The specific place: a defect reports the cell a reviewer must open. */
static void test_findings_point_at_the_cell(void **state)
{
    (void)state;
    loaded l;
    assert_true(load_baseline(&baselines[0], &l));
    no_contact_email(l.d);
    id_bad_format(l.d);
    uint32_t row = l.d->smelters[l.d->smelter_count - 1].row;
    ot_findings f;
    run(l.d, &f);
    assert_int_equal(count_findings(&f, "REQ-CONTACT-EMAIL", "Declaration", "D16"), 1);
    char cell[16];
    snprintf(cell, sizeof cell, "A%u", (unsigned)row);
    assert_int_equal(count_findings(&f, "SMELTER-ID-FORMAT", "Smelter List", cell), 1);
    for (size_t i = 0; i < f.count; i++)
        if (strcmp(f.items[i].code, "CMRT-REQ-CONTACT-EMAIL") == 0) {
            assert_string_equal(f.items[i].field, "contact_email");
            assert_string_equal(f.items[i].severity == OT_SEV_ERROR ? "error" : "warning", "error");
        }
    ot_findings_free(&f);
    unload(&l);
}

/* Drop-down comparison forgives case and stray spaces, and a stored 1 means 100%. */
static void test_dropdown_tolerance(void **state)
{
    (void)state;
    loaded l;
    assert_true(load_baseline(&baselines[0], &l));
    int m = metal_in_use(l.d);
    set(l.d, &q_role(l.d, OT_Q_INTENTIONAL)->per_metal[m].answer, "  yes ");
    ot_value *rate = (ot_value *)&q_role(l.d, OT_Q_RESPONSE_RATE)->per_metal[m].answer;
    set(l.d, rate, "1");
    rate->numeric = true;
    const ot_company_question *e = cq_role(l.d, OT_CQ_SURVEY);
    char spaced[160];
    snprintf(spaced, sizeof spaced, " %s", e->answer.answer.allowed->items[0]);
    for (char *p = spaced; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    set(l.d, &e->answer.answer, spaced);
    ot_findings f;
    run(l.d, &f);
    assert_int_equal(count_findings(&f, "ANSWER-NOT-IN-LIST", NULL, NULL), 0);
    set(l.d, &e->answer.answer, "Yes (by phone)");
    ot_findings_free(&f);
    run(l.d, &f);
    assert_int_equal(count_findings(&f, "ANSWER-NOT-IN-LIST", NULL, NULL), 1);
    bool cites_value = false;
    for (size_t i = 0; i < f.count; i++)
        cites_value |= strstr(f.items[i].message, "Yes (by phone)") != NULL;
    assert_true(cites_value);
    ot_findings_free(&f);
    unload(&l);
}

/* Without a smelter reference the reference-based rules stay silent instead of guessing. */
static void test_no_reference_no_id_guessing(void **state)
{
    (void)state;
    loaded l;
    assert_true(load_baseline(&baselines[0], &l));
    id_unknown(l.d);
    ot_findings f;
    ot_findings_init(&f);
    ot_validate_ctx ctx = {NULL, today};
    ot_validate(l.d, &ctx, &f);
    assert_int_equal(count_findings(&f, "SMELTER-ID-UNKNOWN", NULL, NULL), 0);
    assert_int_equal(count_findings(&f, "SMELTER-ID-WRONG-METAL", NULL, NULL), 0);
    ot_findings_free(&f);
    unload(&l);
}

static int setup(void **state)
{
    (void)state;
    csv_ref_init(&ref);
    /* AMRT 1.3's own look-up is not among the CSVs: two of its entries, so the
     * reference-based rules can be exercised on AMRT too. */
    csv_ref_add(&ref, "Aluminum", "Mytilineos S.A. ( Aluminium Of Greece Plant )", "CID004649");
    csv_ref_add(&ref, "Silver", "LS MnM Inc.", "CID004730");
    csv_ref_add(&ref, "Silver", "Young Poong Seokpo Smelter", "CID005290");
    csv_ref_add(&ref, "Aluminum", "United Company RUSAL Plc ( SAYANOGORSK ALUMINIUM SMELTER )",
                "CID004673");
    return ref.count > 1000 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    csv_ref_free(&ref);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_baselines_are_valid),
        cmocka_unit_test(test_each_rule_fires_and_is_silent),
        cmocka_unit_test(test_every_rule_has_a_case),
        cmocka_unit_test(test_findings_point_at_the_cell),
        cmocka_unit_test(test_dropdown_tolerance),
        cmocka_unit_test(test_no_reference_no_id_guessing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
