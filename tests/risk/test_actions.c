/* The corrective-action tables: every red flag and every supplier gap proposes a known
 * action kind; a supplier's gaps follow the documented rules (a missing or invalid file is
 * the only gap until a valid one arrives; weak program, incomplete inquiry and company
 * scope each propose their action); a smelter's flags propose one action per kind, with
 * the flags behind it; docs/risk.md lists every kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "risk/actions.h"
#include "testutil.h"

static void test_every_flag_and_gap_proposes_a_kind(void **state)
{
    (void)state;
    for (int id = 0; id < OT_RF__COUNT; id++) {
        const ot_action_kind *k = ot_action_for_flag((ot_risk_flag_id)id);
        if (!k) fail_msg("no action for %s", ot_risk_flag_code((ot_risk_flag_id)id));
    }
    for (int g = 0; g < OT_GAP__COUNT; g++)
        if (!ot_action_for_gap((ot_supplier_gap)g))
            fail_msg("no action for %s", ot_gap_code((ot_supplier_gap)g));
    for (size_t i = 0; i < ot_action_trigger_count(); i++)
        assert_non_null(ot_action_kind_find(ot_action_trigger_at(i)->kind));
    assert_string_equal(ot_action_for_flag(OT_RF_WATCHLIST)->code, "ACT-ESCALATE-WATCHLIST");
    assert_string_equal(ot_action_for_flag(OT_RF_RMAP_NON_CONFORMANT)->code,
                        "ACT-MOVE-TO-CONFORMANT");
    assert_string_equal(ot_action_for_gap(OT_GAP_COMPANY_SCOPE)->code, "ACT-REQUEST-PRODUCT-SCOPE");
    assert_non_null(ot_action_kind_find("act-confirm-smelter"));
    assert_null(ot_action_kind_find("ACT-NOTHING"));
    assert_true(ot_action_kind_find("ACT-REFRESH-STATUS")->once);
    assert_int_equal(ot_action_kind_find("ACT-MONITOR-AUDIT")->actor, OT_ACTOR_COMPANY);
}

static void test_supplier_gaps(void **state)
{
    (void)state;
    assert_int_equal(ot_supplier_gaps("none", NULL), 1u << OT_GAP_NO_SUBMISSION);
    ot_supplier_program p = {
        .strength = OT_PROGRAM_WEAK, .scope = OT_SCOPE_COMPANY, .completeness = OT_COMPLETE_NO};
    /* an invalid file: only the correction is asked for, whatever its answers say */
    assert_int_equal(ot_supplier_gaps("invalid", &p), 1u << OT_GAP_INVALID);
    assert_int_equal(ot_supplier_gaps("unreadable", NULL), 1u << OT_GAP_INVALID);
    assert_int_equal(ot_supplier_gaps("valid", &p), (1u << OT_GAP_WEAK_PROGRAM) |
                                                        (1u << OT_GAP_INCOMPLETE) |
                                                        (1u << OT_GAP_COMPANY_SCOPE));
    p = (ot_supplier_program){
        .strength = OT_PROGRAM_STRONG, .scope = OT_SCOPE_PRODUCT, .completeness = OT_COMPLETE_YES};
    assert_int_equal(ot_supplier_gaps("valid", &p), 0);
    p.strength = OT_PROGRAM_UNKNOWN;
    assert_int_equal(ot_supplier_gaps("valid", &p), 1u << OT_GAP_UNKNOWN_PROGRAM);
}

static void test_smelter_proposals_one_per_kind(void **state)
{
    (void)state;
    ot_risk_result r = {.count = 3};
    r.flags[0].id = OT_RF_RMAP_NOT_ENROLLED;
    r.flags[1].id = OT_RF_METAL_MISMATCH;
    r.flags[2].id = OT_RF_COUNTRY_MISMATCH;
    ot_smelter_proposal out[8];
    size_t n = ot_action_smelter_proposals(&r, out, 8);
    assert_int_equal(n, 2);
    /* in kind-table order: the outreach first, then one confirmation for both mismatches */
    assert_string_equal(out[0].kind->code, "ACT-SMELTER-OUTREACH");
    assert_int_equal(out[0].flags, 1u << OT_RF_RMAP_NOT_ENROLLED);
    assert_string_equal(out[1].kind->code, "ACT-CONFIRM-SMELTER");
    assert_int_equal(out[1].flags, (1u << OT_RF_METAL_MISMATCH) | (1u << OT_RF_COUNTRY_MISMATCH));
    r.count = 0;
    assert_int_equal(ot_action_smelter_proposals(&r, out, 8), 0);
}

static void test_docs_list_every_kind_and_trigger(void **state)
{
    (void)state;
    char *doc = slurp(src_path("docs/risk.md"), NULL);
    assert_non_null(doc);
    const char *section = strstr(doc, "## Corrective actions");
    assert_non_null(section);
    char want[128];
    for (size_t i = 0; i < ot_action_kind_count(); i++) {
        snprintf(want, sizeof want, "| `%s` |", ot_action_kind_at(i)->code);
        if (!strstr(section, want)) fail_msg("kind not documented: %s", want);
    }
    for (size_t i = 0; i < ot_action_trigger_count(); i++) {
        snprintf(want, sizeof want, "| %s | `%s` |", ot_action_trigger_at(i)->code,
                 ot_action_trigger_at(i)->kind);
        if (!strstr(section, want)) fail_msg("trigger not documented: %s", want);
    }
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_flag_and_gap_proposes_a_kind),
        cmocka_unit_test(test_supplier_gaps),
        cmocka_unit_test(test_smelter_proposals_one_per_kind),
        cmocka_unit_test(test_docs_list_every_kind_and_trigger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
