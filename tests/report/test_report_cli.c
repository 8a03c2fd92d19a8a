/* `oretrace report conclude` and `report init-text` through the CLI on a real workspace:
 * init writes the narrative texts, init-text adds a missing one without touching edited
 * ones, an override needs a justification, is audited, and "derived" returns to the rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int cli(char **out, char **err, const char *args)
{
    return run_clif(out, err, "%s --workspace '%s'", args, test_dir);
}

static void init_writes_the_texts_and_init_text_adds_only_missing_ones(void **state)
{
    (void)state;
    char *out = NULL, path[4200], policy[4200];
    assert_int_equal(cli(&out, NULL, "init"), 0);
    assert_non_null(strstr(out, "Wrote 11 report texts"));
    free(out);
    snprintf(path, sizeof path, "%s/report-text/improvements.txt", test_dir);
    snprintf(policy, sizeof policy, "%s/report-text/policy.txt", test_dir);
    assert_int_equal(remove(path), 0);
    assert_int_equal(spit(policy, "Our own policy.\n", 16), 0);
    assert_int_equal(cli(&out, NULL, "report init-text --json"), 0);
    json_t *j = parse_json(out);
    assert_int_equal(json_integer_value(json_object_get(j, "written")), 1);
    json_decref(j);
    free(out);
    char *kept = slurp(policy, NULL), *back = slurp(path, NULL);
    assert_string_equal(kept, "Our own policy.\n");
    assert_non_null(back);
    assert_non_null(strstr(back, "{{response_rate}}"));
    free(kept);
    free(back);
}

static void an_override_needs_a_justification_and_is_audited(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    assert_int_equal(cli(&out, NULL, "campaign new 2025 --due 2026-03-31"), 0);
    free(out);
    assert_int_not_equal(cli(&out, &err, "report conclude --conclusion dd_required"), 0);
    assert_non_null(strstr(err, "justification is required"));
    free(out), free(err);
    assert_int_not_equal(cli(&out, &err, "report conclude --conclusion maybe --justification x"),
                         0);
    assert_non_null(strstr(err, "unknown conclusion 'maybe'"));
    free(out), free(err);
    assert_int_not_equal(cli(&out, &err,
                             "report conclude --conclusion rcoi_negative --outcome conflict_free "
                             "--justification x"),
                         0);
    free(out), free(err);
    assert_int_equal(cli(&out, NULL,
                         "report conclude --campaign 2025 --conclusion dd_required --outcome "
                         "conflict_free --justification 'Audit by Example LLP' --json"),
                     0);
    json_t *j = parse_json(out);
    assert_string_equal(json_string_value(json_object_get(j, "conclusion")), "dd_required");
    assert_string_equal(json_string_value(json_object_get(j, "outcome")), "conflict_free");
    assert_string_equal(json_string_value(json_object_get(j, "justification")),
                        "Audit by Example LLP");
    json_decref(j);
    free(out);
    assert_int_equal(cli(&out, NULL, "audit show --limit 1"), 0);
    assert_non_null(strstr(out, "Audit by Example LLP"));
    free(out);
    assert_int_equal(cli(&out, NULL,
                         "report conclude --conclusion derived --justification 'audit withdrawn' "
                         "--json"),
                     0);
    j = parse_json(out);
    assert_string_equal(json_string_value(json_object_get(j, "conclusion")), "derived");
    json_decref(j);
    free(out);
    assert_int_not_equal(
        cli(&out, &err, "report conclude --campaign 2019 --conclusion derived --justification x"),
        0);
    free(out), free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_writes_the_texts_and_init_text_adds_only_missing_ones),
        cmocka_unit_test(an_override_needs_a_justification_and_is_audited),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
