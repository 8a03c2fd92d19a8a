/* test_cmrt_emrt.c - ot_cmrt_fill on the official EMRT 2.1 template (from the reference
 * set; skipped without it): the mineral selection keeps the minerals given and deletes
 * the others ("(Delete Copper)"), answers land on the rows of the sorted selection,
 * company question C is answered per mineral, smelters go in by ID or as "Smelter not
 * listed", and `inspect` / `validate` read back exactly that with no error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/cmrt_writer.h"
#include "testutil.h"

static const char *answer_of(json_t *d, const char *group, const char *key, const char *metal)
{
    json_t *q = json_object_get(json_object_get(d, group), key);
    if (metal) q = json_object_get(q, metal);
    return json_string_value(json_object_get(q, "answer"));
}

static void emrt_selection_and_answers_read_back(void **state)
{
    (void)state;
    static const char *const minerals[] = {"Mica", "Cobalt"}; /* unsorted on purpose */
    ot_cmrt_metal m[2];
    memset(m, 0, sizeof m);
    for (int i = 0; i < 2; i++) {
        m[i].metal = minerals[i];
        m[i].q[OT_Q_INTENTIONAL].answer = "Yes";
        m[i].q[OT_Q_REMAINS].answer = "Yes";
        m[i].q[OT_Q_CAHRA].answer = i ? "No" : "Unknown";
        m[i].q[OT_Q_RECYCLED].answer = "No";
        m[i].q[OT_Q_RESPONSE_RATE].answer = "Greater than 50%";
        m[i].q[OT_Q_ALL_SMELTERS].answer = "No";
        m[i].q[OT_Q_ALL_INFO_REPORTED].answer = "Yes";
        m[i].company[OT_CQ_REQUIRE_VALIDATED].answer = "Yes";
    }
    const ot_cmrt_smelter sm[] = {{.smelter_id = "CID003875", .metal = "Cobalt"},
                                  {.smelter_id = "CID003592", .metal = "Mica"},
                                  {NULL, "Mica", "Example Mica Works", "india", NULL, NULL}};
    ot_cmrt_input in = {
        .language = "English", .metal_count = 2, .metals = m, .smelter_count = 3, .smelters = sm};
    const char *f[OT_F__COUNT] = {
        [OT_F_COMPANY_NAME] = "Buyer Corp",          [OT_F_SCOPE] = "A",
        [OT_F_CONTACT_NAME] = "Ada Byron",           [OT_F_CONTACT_EMAIL] = "ada@buyer.example",
        [OT_F_CONTACT_PHONE] = "+1 410 555 0100",    [OT_F_AUTHORIZER_NAME] = "Grace Hopper",
        [OT_F_AUTHORIZER_EMAIL] = "g@buyer.example", [OT_F_EFFECTIVE_DATE] = "2026-01-20"};
    memcpy(in.fields, f, sizeof f);
    static const int roles[] = {OT_CQ_POLICY, OT_CQ_POLICY_PUBLIC, OT_CQ_DUE_DILIGENCE,
                                OT_CQ_REVIEW, OT_CQ_CORRECTIVE};
    for (int i = 0; i < 5; i++)
        in.company[roles[i]].answer = i == 1 ? "No" : "Yes";
    in.company[OT_CQ_SURVEY].answer = "Yes, in conformance with IPC1755";
    char out[1024];
    snprintf(out, sizeof out, "%s/emrt.xlsx", test_dir);
    ot_cmrt_output info;
    ot_error err = {0};
    if (ot_cmrt_fill_file(shared_path("rmi-templates/RMI_EMRT_2.1.xlsx"), &in, out, &info, &err))
        fail_msg("fill: %s", err.message);
    char *text = NULL, *errs = NULL;
    assert_int_equal(run_clif(&text, &errs, "inspect --json '%s'", out), 0);
    json_t *d = parse_json(text);
    json_t *ms = json_object_get(d, "minerals");
    assert_int_equal(json_array_size(ms), 2);
    assert_string_equal(json_string_value(json_array_get(ms, 0)), "Cobalt");
    assert_string_equal(json_string_value(json_array_get(ms, 1)), "Mica");
    assert_string_equal(answer_of(d, "questions", "3", "Mica"), "Unknown");
    assert_string_equal(answer_of(d, "questions", "3", "Cobalt"), "No");
    assert_string_equal(answer_of(d, "questions", "5", "Cobalt"), "Greater than 50%");
    assert_string_equal(answer_of(d, "company_questions", "C", "Mica"), "Yes");
    assert_string_equal(answer_of(d, "company_questions", "E", NULL),
                        "Yes, in conformance with IPC1755 (e.g. EMRT)");
    json_t *rows = json_object_get(d, "smelters");
    assert_int_equal(json_array_size(rows), 3);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(rows, 1), "smelter_id_input")),
        "CID003592");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 2), "country")),
                        "INDIA");
    json_decref(d);
    free(text);
    free(errs);
    int vrc = run_clif(&text, &errs, "validate --json '%s'", out);
    if (vrc != 0) fprintf(stderr, "%s", text);
    assert_int_equal(vrc, 0);
    json_t *v = parse_json(text);
    size_t i;
    json_t *finding;
    json_array_foreach(json_object_get(v, "findings"), i, finding)
    {
        if (!strcmp(json_string_value(json_object_get(finding, "severity")), "error"))
            fail_msg("validate error: %s", json_dumps(finding, JSON_COMPACT));
    }
    json_decref(v);
    free(text);
    free(errs);
}

int main(int argc, char **argv)
{
    (void)argc;
    skip_program_without_shared(argv[0], "the official EMRT 2.1 template");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emrt_selection_and_answers_read_back),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
