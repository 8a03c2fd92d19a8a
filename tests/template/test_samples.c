/* Extraction against the supplier samples in ../shared/samples: every workbook is read
 * with ot_template_read and compared field by field with truth.jsonl (template, company
 * fields, every answer and comment, minerals, each smelter row's entered values and row
 * number, products). The samples mix openpyxl files without cached formula values and
 * LibreOffice files with them, in several languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "reader/workbook.h"
#include "template/template.h"
#include "testutil.h"
#include "util/text.h"

static int failures;
static const char *current_file;

/* Records a mismatch (all of them are listed before the test fails). */
static void mismatch(const char *what, const char *want, const char *got)
{
    failures++;
    if (failures <= 60)
        print_error("%s: %s: want %s%s%s, got %s%s%s\n", current_file, what, want ? "'" : "",
                    want ? want : "null", want ? "'" : "", got ? "'" : "", got ? got : "null",
                    got ? "'" : "");
}

static void expect_str(const char *what, json_t *want, const char *got)
{
    const char *w = json_is_string(want) ? json_string_value(want) : NULL;
    if (want && !json_is_null(want) && !json_is_string(want)) {
        mismatch(what, "(non-string in truth)", got);
        return;
    }
    if ((w == NULL) != (got == NULL) || (w && strcmp(w, got) != 0)) mismatch(what, w, got);
}

static const ot_company_question *company_q(const ot_declaration *d, const char *letter)
{
    for (size_t i = 0; i < d->company_question_count; i++)
        if (strcmp(d->company_questions[i].letter, letter) == 0) return &d->company_questions[i];
    return NULL;
}

static const ot_question *question(const ot_declaration *d, const char *key)
{
    for (size_t i = 0; i < d->question_count; i++)
        if (strcmp(d->questions[i].key, key) == 0) return &d->questions[i];
    return NULL;
}

static void check_company(const ot_declaration *d, json_t *c)
{
    static const struct {
        const char *key;
        ot_field field;
    } map[] = {
        {"name", OT_F_COMPANY_NAME},
        {"unique_id", OT_F_UNIQUE_ID},
        {"unique_id_authority", OT_F_UNIQUE_ID_AUTHORITY},
        {"address", OT_F_ADDRESS},
        {"contact_name", OT_F_CONTACT_NAME},
        {"contact_email", OT_F_CONTACT_EMAIL},
        {"contact_phone", OT_F_CONTACT_PHONE},
        {"authorizer_name", OT_F_AUTHORIZER_NAME},
        {"authorizer_title", OT_F_AUTHORIZER_TITLE},
        {"authorizer_email", OT_F_AUTHORIZER_EMAIL},
        {"authorizer_phone", OT_F_AUTHORIZER_PHONE},
        {"scope_text", OT_F_SCOPE},
        {"scope_description", OT_F_SCOPE_DESCRIPTION},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "company.%s", map[i].key);
        expect_str(what, json_object_get(c, map[i].key), d->fields[map[i].field].value);
    }
    expect_str("company.scope", json_object_get(c, "scope"),
               d->scope_letter[0] ? d->scope_letter : NULL);
    expect_str("company.effective_date", json_object_get(c, "effective_date"),
               d->effective_date[0] ? d->effective_date : NULL);
}

/* answers: {"1": {"Tin": "Yes", ...}}; comments: {"B": "...", "1": {"Gold": "..."}}. Every
 * comment not listed in the truth must be empty. */
static void check_questions(const ot_declaration *d, json_t *answers, json_t *comments)
{
    const char *key;
    json_t *per;
    json_object_foreach(answers, key, per)
    {
        const ot_question *q = question(d, key);
        if (!q) {
            mismatch("question", key, NULL);
            continue;
        }
        const char *metal;
        json_t *ans;
        json_object_foreach(per, metal, ans)
        {
            char what[96];
            snprintf(what, sizeof what, "answer %s/%s", key, metal);
            int m = ot_declaration_metal_index(d, metal);
            if (m < 0) {
                mismatch(what, metal, "(no such mineral)");
                continue;
            }
            expect_str(what, ans, q->per_metal[m].answer.value);
        }
    }
    for (size_t i = 0; i < d->question_count; i++) {
        const ot_question *q = &d->questions[i];
        json_t *want = json_object_get(comments, q->key);
        for (size_t m = 0; m < d->metal_count; m++) {
            char what[96];
            snprintf(what, sizeof what, "comment %s/%s", q->key, d->metals[m]);
            expect_str(what, want ? json_object_get(want, d->metals[m]) : NULL,
                       q->per_metal[m].comment.value);
        }
    }
}

static void check_company_questions(const ot_declaration *d, json_t *answers, json_t *comments)
{
    const char *letter;
    json_t *want;
    json_object_foreach(answers, letter, want)
    {
        const ot_company_question *q = company_q(d, letter);
        char what[96];
        if (!q) {
            mismatch("company question", letter, NULL);
            continue;
        }
        if (json_is_object(want)) {
            const char *metal;
            json_t *a;
            json_object_foreach(want, metal, a)
            {
                snprintf(what, sizeof what, "company answer %s/%s", letter, metal);
                int m = ot_declaration_metal_index(d, metal);
                expect_str(what, a, m < 0 ? NULL : q->per_metal_ans[m].answer.value);
            }
        } else {
            snprintf(what, sizeof what, "company answer %s", letter);
            expect_str(what, want, q->answer.answer.value);
            snprintf(what, sizeof what, "company comment %s", letter);
            json_t *cm = json_object_get(comments, letter);
            expect_str(what, json_is_string(cm) ? cm : NULL, q->answer.comment.value);
        }
    }
}

/* A value the supplier did not type is either empty or a template formula's result. */
static void expect_typed(const char *what, json_t *want, const ot_value *v)
{
    if (json_is_null(want) || !want) {
        if (v->value && !v->formula) mismatch(what, NULL, v->value);
        return;
    }
    expect_str(what, want, v->value);
    if (v->formula) mismatch(what, "(typed value)", "(formula result)");
}

static void check_smelters(const ot_declaration *d, json_t *smelters)
{
    size_t n = json_array_size(smelters);
    if (n != d->smelter_count) {
        char w[32], g[32];
        snprintf(w, sizeof w, "%zu", n);
        snprintf(g, sizeof g, "%zu", d->smelter_count);
        mismatch("smelter rows", w, g);
    }
    for (size_t i = 0; i < n && i < d->smelter_count; i++) {
        json_t *t = json_array_get(smelters, i);
        const ot_smelter_row *s = &d->smelters[i];
        int row = (int)json_integer_value(json_object_get(t, "row"));
        char what[128];
        snprintf(what, sizeof what, "smelter row %d", row);
        if ((uint32_t)row != s->row) {
            char g[32];
            snprintf(g, sizeof g, "%u", s->row);
            mismatch(what, "this row number", g);
            continue;
        }
        const char *method = json_string_value(json_object_get(t, "method"));
        static const struct {
            const char *key;
            ot_smelter_col col;
        } typed[] = {
            {"cid_entered", OT_SM_ID_INPUT},  {"metal_entered", OT_SM_METAL},
            {"mine_name", OT_SM_MINE_NAME},   {"mine_country", OT_SM_MINE_COUNTRY},
            {"recycled_100", OT_SM_RECYCLED}, {"comment", OT_SM_COMMENTS},
        };
        for (size_t k = 0; k < sizeof typed / sizeof typed[0]; k++) {
            snprintf(what, sizeof what, "smelter row %d %s", row, typed[k].key);
            expect_typed(what, json_object_get(t, typed[k].key), &s->col[typed[k].col]);
        }
        /* the entered name is the look-up choice, or the typed name of a "not listed" row */
        bool not_listed = method && strcmp(method, "not_listed") == 0;
        snprintf(what, sizeof what, "smelter row %d name_entered (%s)", row, method);
        expect_typed(what, json_object_get(t, "name_entered"),
                     &s->col[not_listed ? OT_SM_NAME : OT_SM_LOOKUP_NAME]);
        snprintf(what, sizeof what, "smelter row %d country_entered", row);
        expect_typed(what, json_object_get(t, "country_entered"), &s->col[OT_SM_COUNTRY]);
        if (not_listed &&
            !ot_text_equal_loose(s->col[OT_SM_LOOKUP_NAME].value ? s->col[OT_SM_LOOKUP_NAME].value
                                                                 : "",
                                 "Smelter not listed"))
            mismatch(what, "Smelter not listed", s->col[OT_SM_LOOKUP_NAME].value);
    }
}

static void check_products(const ot_declaration *d, json_t *products)
{
    size_t n = json_array_size(products);
    if (n != d->product_count) {
        char w[32], g[32];
        snprintf(w, sizeof w, "%zu", n);
        snprintf(g, sizeof g, "%zu", d->product_count);
        mismatch("product rows", w, g);
    }
    static const struct {
        const char *key;
        ot_product_col col;
    } map[] = {{"number", OT_PR_NUMBER},
               {"name", OT_PR_NAME},
               {"comment", OT_PR_COMMENTS},
               {"requester_number", OT_PR_REQUESTER_NUMBER},
               {"requester_name", OT_PR_REQUESTER_NAME}};
    for (size_t i = 0; i < n && i < d->product_count; i++) {
        json_t *t = json_array_get(products, i);
        for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
            json_t *want = json_object_get(t, map[k].key);
            if (!want) continue; /* the template has no such column */
            char what[96];
            snprintf(what, sizeof what, "product %zu %s", i + 1, map[k].key);
            expect_str(what, want, d->products[i].col[map[k].col].value);
        }
    }
}

static void check_minerals(const ot_declaration *d, json_t *selection)
{
    if (!selection) return;
    char want[256] = "", got[256] = "";
    size_t i;
    json_t *v;
    json_array_foreach(selection, i, v)
    {
        strncat(want, json_string_value(v), sizeof want - strlen(want) - 2);
        strcat(want, ",");
    }
    for (size_t m = 0; m < d->metal_count; m++) {
        strncat(got, d->metals[m], sizeof got - strlen(got) - 2);
        strcat(got, ",");
    }
    if (strcmp(want, got) != 0) mismatch("minerals", want, got);
}

static void check_sample(json_t *truth)
{
    const char *file = json_string_value(json_object_get(truth, "file"));
    char rel[512];
    snprintf(rel, sizeof rel, "samples/%s", file);
    current_file = file;
    ot_workbook *wb = NULL;
    ot_declaration *d = NULL;
    ot_error err;
    if (ot_workbook_open(shared_path(rel), NULL, &wb, &err) || ot_template_read(wb, &d, &err)) {
        mismatch("read", "readable", err.message);
        ot_workbook_close(wb);
        return;
    }
    json_t *tpl = json_object_get(truth, "template");
    expect_str("template.type", json_object_get(tpl, "type"), ot_family_name(d->family));
    expect_str("template.version", json_object_get(tpl, "version"), d->version);
    if (!d->exact) mismatch("template.exact", "true", "false");
    expect_str("language", json_object_get(truth, "language"), d->language);
    check_company(d, json_object_get(truth, "company"));
    check_minerals(d, json_object_get(truth, "minerals_in_scope_selection"));
    check_questions(d, json_object_get(truth, "answers"), json_object_get(truth, "comments"));
    check_company_questions(d, json_object_get(truth, "company_answers"),
                            json_object_get(truth, "comments"));
    check_smelters(d, json_object_get(truth, "smelters"));
    check_products(d, json_object_get(truth, "products"));
    ot_declaration_free(d);
    ot_workbook_close(wb);
}

static void every_sample_matches_its_truth(void **state)
{
    (void)state;
    FILE *f = fopen(shared_path("samples/truth.jsonl"), "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    int samples = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t jerr;
        json_t *truth = json_loads(line, 0, &jerr);
        if (!truth) fail_msg("truth.jsonl: %s", jerr.text);
        if (json_is_true(json_object_get(truth, "readable"))) {
            check_sample(truth);
            samples++;
        }
        json_decref(truth);
    }
    free(line);
    fclose(f);
    assert_true(samples >= 12);
    if (failures) fail_msg("%d mismatches against truth.jsonl (first ones listed above)", failures);
}

/* The Q6 answer "100%" of a sample keeps its cell (D57 = Tin's row of Q6) and its
 * drop-down, so a finding can point at it. */
static void percentage_answer_reads_as_100_percent_at_its_cell(void **state)
{
    (void)state;
    ot_workbook *wb = NULL;
    ot_declaration *d = NULL;
    ot_error err;
    assert_int_equal(ot_workbook_open(shared_path("samples/003_osaka-kiban-technologies-co-.xlsx"),
                                      NULL, &wb, &err),
                     OT_OK);
    assert_int_equal(ot_template_read(wb, &d, &err), OT_OK);
    const ot_question *q6 = ot_declaration_question(d, OT_Q_RESPONSE_RATE);
    assert_non_null(q6);
    int tin = ot_declaration_metal_index(d, "Tin");
    assert_true(tin >= 0);
    assert_string_equal(q6->per_metal[tin].answer.value, "100%");
    assert_non_null(q6->per_metal[tin].answer.allowed);
    assert_int_equal(q6->per_metal[tin].answer.row, 57);
    assert_int_equal(q6->per_metal[tin].answer.col, 4);
    ot_declaration_free(d);
    ot_workbook_close(wb);
}

int main(int argc, char **argv)
{
    (void)argc;
    skip_program_without_shared(argv[0], "the supplier samples and their truth.jsonl");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_sample_matches_its_truth),
        cmocka_unit_test(percentage_answer_reads_as_100_percent_at_its_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
