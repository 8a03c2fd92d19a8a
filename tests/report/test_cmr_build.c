/* The Form SD and Conflict Minerals Report builder, the EDGAR HTML writer and its
 * profile checker, the narrative texts, the RCOI decision rule and the evidence, on
 * figures the tests fill by hand (no workspace data needed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmr_check.h"
#include "report/cmr.h"
#include "report/edgar.h"
#include "report/evidence.h"
#include "report/narrative.h"
#include "testutil.h"

static char *strdup_or_die(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

static void add_smelter(ot_cmr_figures *f, const char *metal, const char *name, const char *id,
                        const char *status, const char *date, const char *origin)
{
    ot_cmr_smelter *s = &f->smelters[f->smelter_count++];
    s->metal = strdup_or_die(metal);
    s->standard_name = strdup_or_die(name);
    s->country = strdup_or_die("MEXICO");
    s->smelter_id = strdup_or_die(id);
    s->rmap_status = strdup_or_die(status);
    snprintf(s->status_as_of, sizeof s->status_as_of, "%s", date);
    s->mine_countries = calloc(1, sizeof *s->mine_countries);
    if (origin) s->mine_countries[s->mine_country_count++] = strdup_or_die(origin);
    s->supplier_ids = calloc(1, sizeof *s->supplier_ids);
    s->supplier_ids[0] = strdup_or_die("S001");
    s->submission_ids = calloc(1, sizeof *s->submission_ids);
    s->submission_ids[0] = 7;
    s->supplier_count = 1;
}

/* A campaign with non-responders: due diligence required. */
static void fill(ot_cmr_figures *f)
{
    memset(f, 0, sizeof *f);
    static const struct {
        ot_figure_id id;
        double v;
    } nums[] = {
        {OT_FIG_REPORTING_YEAR, 2025},
        {OT_FIG_SUPPLIERS_LISTED, 1600},
        {OT_FIG_SUPPLIERS_IN_SCOPE, 1456},
        {OT_FIG_SUPPLIERS_OUT_OF_SCOPE, 144},
        {OT_FIG_SUPPLIERS_SURVEYED, 1456},
        {OT_FIG_SUPPLIERS_NOT_CONTACTED, 0},
        {OT_FIG_REMINDERS_SENT, 1903},
        {OT_FIG_ESCALATIONS_SENT, 412},
        {OT_FIG_SUPPLIERS_ESCALATED, 301},
        {OT_FIG_SUPPLIERS_RESPONDED, 832},
        {OT_FIG_RESPONSE_RATE, 832 * 100.0 / 1456},
        {OT_FIG_SUPPLIERS_VALID, 790},
        {OT_FIG_INVALID_OUTSTANDING, 13},
        {OT_FIG_SUPPLIERS_DECLINED, 29},
        {OT_FIG_SUPPLIERS_NO_RESPONSE, 624},
        {OT_FIG_SUPPLIERS_INCLUDED, 803},
        {OT_FIG_SUPPLIERS_WITH_3TG, 640},
        {OT_FIG_SUPPLIERS_STRONG_PROGRAM, 532},
        {OT_FIG_SUPPLIERS_WEAK_PROGRAM, 271},
        {OT_FIG_SMELTER_ROWS, 40211},
        {OT_FIG_SMELTERS_REPORTED, 4},
        {OT_FIG_SMELTERS_IDENTIFIED, 3},
        {OT_FIG_SMELTERS_UNRESOLVED, 1},
        {OT_FIG_SMELTERS_CONFORMANT, 2},
        {OT_FIG_SMELTERS_ACTIVE, 1},
        {OT_FIG_SMELTERS_OTHER_STATUS, 0},
        {OT_FIG_SMELTERS_STATUS_UNKNOWN, 0},
        {OT_FIG_PERCENT_CONFORMANT, 200.0 / 3},
        {OT_FIG_SMELTERS_IN_COVERED_COUNTRIES, 0},
        {OT_FIG_SMELTERS_ORIGIN_KNOWN, 2},
        {OT_FIG_SMELTERS_ORIGIN_UNKNOWN, 1},
        {OT_FIG_SMELTERS_ORIGIN_COVERED, 0},
        {OT_FIG_ORIGIN_COUNTRIES, 2},
        {OT_FIG_SMELTERS_HIGH_RISK, 0},
        {OT_FIG_SMELTERS_MEDIUM_RISK, 1},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        ot_cmr_figure_set_number(f, nums[i].id, nums[i].v);
    ot_cmr_figure_set_text(f, OT_FIG_COMPANY_NAME, "Acme Widgets, Inc.");
    ot_cmr_figure_set_text(f, OT_FIG_REPORTING_PERIOD, "January 1 to December 31, 2025");
    ot_cmr_figure_set_text(f, OT_FIG_AS_OF_DATE, "2026-05-15");
    ot_cmr_figure_set_text(f, OT_FIG_TEMPLATE, "CMRT 6.5");
    ot_cmr_figure_set_text(f, OT_FIG_DUE_DATE, "2026-03-31");
    ot_cmr_figure_set_text(f, OT_FIG_SCOPE_ROUTE, "the vendor route of the scoping");
    ot_cmr_figure_set_text(f, OT_FIG_STATUS_LIST_DATE, "2026-05-01");
    assert_true(ot_cmr_figure_add_supplier(f, OT_FIG_SUPPLIERS_RESPONDED, "S002", 9));
    assert_true(ot_cmr_figure_add_supplier(f, OT_FIG_SUPPLIERS_RESPONDED, "S001", 7));
    assert_true(ot_cmr_figure_add_supplier(f, OT_FIG_SUPPLIERS_RESPONDED, "S002", 9));
    f->smelters = calloc(4, sizeof *f->smelters);
    add_smelter(f, "Gold", "Met\xc3\xa1lurgica Pe\xc3\xb1oles", "CID001326", "Conformant",
                "2026-05-01", "MEXICO");
    add_smelter(f, "Gold", "Met\xc3\xa1lurgica Pe\xc3\xb1oles", "CID001326", "Conformant",
                "2026-05-01", "MEXICO"); /* a repeat the appendix must not print twice */
    add_smelter(f, "Tin", "Alpha & Omega <Tin>", "CID000292", "Active", "2026-04-20", "BOLIVIA");
    add_smelter(f, "Tungsten", "Wolfram Works", "CID002044", "Conformant", "2026-05-01", NULL);
    f->unresolved_reasons = calloc(1, sizeof *f->unresolved_reasons);
    f->unresolved_reasons[0].reason = strdup_or_die("no smelter of that name on the RMI list");
    f->unresolved_reasons[0].count = 1;
    f->unresolved_reason_count = 1;
    f->origins = calloc(2, sizeof *f->origins);
    f->origins[0] = (ot_cmr_origin){strdup_or_die("BOLIVIA"), 1};
    f->origins[1] = (ot_cmr_origin){strdup_or_die("MEXICO"), 1};
    f->origin_count = 2;
    f->inputs.year = 2025;
    snprintf(f->inputs.as_of, sizeof f->inputs.as_of, "2026-05-15");
    ot_cmr_figures_finish(f);
}

static const ot_cmr_filer filer = {"Acme Widgets, Inc.",
                                   "Delaware",
                                   "001-34674",
                                   "68-0438710",
                                   "1 Main Street, Springfield, IL 62701",
                                   "Jane Roe, General Counsel",
                                   "(555) 010-0199",
                                   "Jane Roe",
                                   "General Counsel"};

typedef struct built {
    ot_cmr_figures f;
    ot_rcoi_decision dec;
    char *cmr_html, *sd_html;
    char sd_name[33], cmr_name[33];
    ot_error err;
    ot_code rc;
} built;

/* Builds and renders both documents from f in test_dir's texts. */
static void build(built *b, const ot_rcoi_override *ov)
{
    ot_rcoi_decide(&b->f, ov, &b->dec);
    ot_cmr_input in = {.figures = &b->f,
                       .decision = &b->dec,
                       .filer = &filer,
                       .workspace_dir = test_dir,
                       .signed_on = "2026-05-20",
                       .public_url = "https://acme.example/cmr"};
    ot_doc *cmr = NULL, *sd = NULL;
    b->rc = ot_report_cmr_build(&in, &cmr, &sd, &b->err);
    ot_cmr_file_names(2025, b->sd_name, b->cmr_name);
    b->cmr_html = b->sd_html = NULL;
    if (b->rc != OT_OK) return;
    ot_strbuf out = {0};
    if (cmr) {
        assert_int_equal(ot_edgar_html_write(cmr, &out, &b->err), OT_OK);
        b->cmr_html = out.data;
    }
    ot_strbuf out2 = {0};
    assert_int_equal(ot_edgar_html_write(sd, &out2, &b->err), OT_OK);
    b->sd_html = out2.data;
    ot_doc_free(cmr);
    ot_doc_free(sd);
}

static void built_free(built *b)
{
    free(b->cmr_html);
    free(b->sd_html);
    ot_cmr_figures_free(&b->f);
}

static int texts_setup(void **state)
{
    int rc = setup_test_dir(state);
    size_t written = 0;
    ot_error err = {0};
    if (rc == 0 && ot_narrative_init(test_dir, &written, &err) != OT_OK) rc = -1;
    return rc == 0 && written == OT_TEXT__COUNT ? 0 : -1;
}

static void both_documents_pass_the_edgar_profile(void **state)
{
    (void)state;
    built b;
    fill(&b.f);
    build(&b, NULL);
    assert_int_equal(b.rc, OT_OK);
    assert_non_null(b.cmr_html);
    assert_string_equal(b.sd_name, "formsd2025.htm");
    assert_string_equal(b.cmr_name, "ex101cmr2025.htm");
    const char *sd_siblings[] = {b.cmr_name}, *cmr_siblings[] = {b.sd_name};
    ot_error err = {0};
    assert_int_equal(ot_edgar_check(b.sd_name, b.sd_html, strlen(b.sd_html), sd_siblings, 1, &err),
                     OT_OK);
    assert_int_equal(
        ot_edgar_check(b.cmr_name, b.cmr_html, strlen(b.cmr_html), cmr_siblings, 1, &err), OT_OK);
    /* non-ASCII and markup characters of the data arrive as references, not raw */
    assert_non_null(strstr(b.cmr_html, "Met&#225;lurgica Pe&#241;oles"));
    assert_non_null(strstr(b.cmr_html, "Alpha &amp; Omega &lt;Tin&gt;"));
    /* the cover page carries every filer field */
    const char *fields[] = {filer.name,  filer.state,    filer.file_number, filer.irs_number,
                            filer.phone, "/s/ Jane Roe", "General Counsel", "2026-05-20"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        assert_non_null(strstr(b.sd_html, fields[i]));
    built_free(&b);
}

static void the_checker_rejects_what_edgar_rejects(void **state)
{
    (void)state;
    const char *bad[] = {
        "<HTML><BODY><SCRIPT>x</SCRIPT></BODY></HTML>",
        "<HTML><BODY><P onclick=\"x\">a</P></BODY></HTML>",
        "<HTML><BODY><TABLE><TR><TD><TABLE></TABLE></TD></TR></TABLE></BODY></HTML>",
        "<HTML><BODY><P>caf\xc3\xa9</P></BODY></HTML>",
        "<HTML><BODY><IMG SRC=\"http://example.com/x.gif\"></IMG></BODY></HTML>",
        "<HTML><BODY><IMG SRC=\"chart.png\"></IMG></BODY></HTML>",
        "<HTML><BODY><A HREF=\"https://acme.example/\">x</A></BODY></HTML>",
        "<HTML><BODY><A HREF=\"javascript:alert(1)\">x</A></BODY></HTML>",
        "<HTML><BODY><P STYLE=\"background:url(http://x/y)\">x</P></BODY></HTML>",
        "<HTML><BODY><P>unclosed</BODY></HTML>",
        "<HTML><BODY><A HREF=\"other.htm\">x</A></BODY></HTML>",
    };
    const char *siblings[] = {"ex101cmr2025.htm"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ot_error err = {0};
        assert_int_equal(
            ot_edgar_check("formsd2025.htm", bad[i], strlen(bad[i]), siblings, 1, &err),
            OT_E_INVALID);
        assert_non_null(strstr(err.message, "formsd2025.htm"));
    }
    const char *good =
        "<HTML><BODY><A HREF=\"ex101cmr2025.htm\">x</A><A "
        "HREF=\"https://www.sec.gov/Archives/edgar/data/1/x.htm\">y</A></BODY></HTML>";
    ot_error err = {0};
    assert_int_equal(ot_edgar_check("formsd2025.htm", good, strlen(good), siblings, 1, &err),
                     OT_OK);
    assert_int_equal(ot_edgar_check("Form_SD.htm", good, strlen(good), siblings, 1, &err),
                     OT_E_INVALID);
    assert_false(ot_edgar_file_name_ok("formsd2025.html"));
    assert_false(ot_edgar_file_name_ok("1formsd.htm"));
    assert_false(ot_edgar_file_name_ok("abcdefghijklmnopqrstuvwxyz1234567.htm"));
}

static void every_number_in_the_cmr_is_in_the_evidence(void **state)
{
    (void)state;
    built b;
    fill(&b.f);
    ot_rcoi_override ov = {.present = true,
                           .conclusion = OT_RCOI_DD_REQUIRED,
                           .outcome = OT_DD_UNDETERMINED,
                           .actor = "auditor",
                           .decided_at = "2026-05-18T09:00:00Z"};
    snprintf(ov.justification, sizeof ov.justification, "Board decision of 2026-05-17");
    build(&b, &ov);
    assert_int_equal(b.rc, OT_OK);
    json_t *ev = ot_evidence_json(&b.f, &b.dec, NULL, 0, "2026-05-20T00:00:00Z");
    char *text = visible_text(b.cmr_html);
    const char *left = number_not_in_evidence(text, ev);
    if (left) fail_msg("a number not in the evidence: ...%.60s", left);
    free(text);
    /* the evidence has the IDs behind a figure, sorted and once each */
    json_t *fig = json_array_get(json_object_get(ev, "figures"), OT_FIG_SUPPLIERS_RESPONDED);
    assert_string_equal(json_string_value(json_object_get(fig, "name")), "suppliers_responded");
    assert_string_equal(json_string_value(json_object_get(fig, "text")), "832");
    assert_int_equal(json_array_size(json_object_get(fig, "supplier_ids")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(fig, "supplier_ids"), 0)),
                        "S001");
    fig = json_array_get(json_object_get(ev, "figures"), OT_FIG_RESPONSE_RATE);
    assert_string_equal(json_string_value(json_object_get(fig, "text")), "57.1%");
    json_decref(ev);
    /* a figure typed into the text by hand would be caught */
    char *typed = visible_text("<P>The response rate was 61% (832 of 1,456).</P>");
    json_t *ev2 = ot_evidence_json(&b.f, &b.dec, NULL, 0, "x");
    assert_non_null(number_not_in_evidence(typed, ev2));
    free(typed);
    json_decref(ev2);
    built_free(&b);
}

static void the_appendix_lists_each_smelter_once_with_a_legend_from_its_vocabulary(void **state)
{
    (void)state;
    built b;
    fill(&b.f);
    build(&b, NULL);
    assert_int_equal(b.rc, OT_OK);
    const char *first = strstr(b.cmr_html, "<TD ALIGN=\"left\" VALIGN=\"top\">CID001326</TD>");
    assert_non_null(first);
    assert_null(strstr(first + 40, ">CID001326<"));
    /* the legend names exactly the statuses the table uses */
    assert_non_null(strstr(b.cmr_html, "<LI>Conformant: "));
    assert_non_null(strstr(b.cmr_html, "<LI>Active: "));
    assert_null(strstr(b.cmr_html, "<LI>Non-Conformant: "));
    assert_non_null(strstr(b.cmr_html, "<LI>no smelter of that name on the RMI list: 1</LI>"));
    /* origins are what suppliers reported, said to be so; the unknown ones are stated */
    assert_non_null(strstr(b.cmr_html, "<LI>BOLIVIA</LI>"));
    assert_non_null(strstr(b.cmr_html, "not the locations of the smelters"));
    assert_non_null(strstr(b.cmr_html, "could not be determined"));
    built_free(&b);
}

static void the_rcoi_rule_decides_and_an_override_is_printed_with_its_reason(void **state)
{
    (void)state;
    ot_cmr_figures f;
    fill(&f);
    ot_rcoi_decision d;
    ot_rcoi_decide(&f, NULL, &d);
    assert_int_equal(d.conclusion, OT_RCOI_DD_REQUIRED);
    assert_int_equal(d.outcome, OT_DD_UNDETERMINED);
    assert_string_equal(d.reasons[0], "624 of the 1,456 surveyed suppliers have not answered.");
    /* everyone answered, all smelters identified with origins outside the Covered Countries */
    ot_cmr_figure_set_number(&f, OT_FIG_SUPPLIERS_NO_RESPONSE, 0);
    ot_cmr_figure_set_number(&f, OT_FIG_INVALID_OUTSTANDING, 0);
    ot_cmr_figure_set_number(&f, OT_FIG_SMELTERS_UNRESOLVED, 0);
    ot_cmr_figure_set_number(&f, OT_FIG_SMELTERS_ORIGIN_UNKNOWN, 0);
    ot_rcoi_decide(&f, NULL, &d);
    assert_int_equal(d.conclusion, OT_RCOI_NEGATIVE);
    ot_cmr_figure_set_number(&f, OT_FIG_SMELTERS_IN_COVERED_COUNTRIES, 1);
    ot_rcoi_decide(&f, NULL, &d);
    assert_int_equal(d.conclusion, OT_RCOI_DD_REQUIRED);
    ot_cmr_figure_set_number(&f, OT_FIG_SUPPLIERS_IN_SCOPE, 0);
    ot_rcoi_decide(&f, NULL, &d);
    assert_int_equal(d.conclusion, OT_RCOI_NO_NECESSARY_3TG);
    ot_cmr_figures_free(&f);

    built b;
    fill(&b.f);
    ot_rcoi_override ov = {.present = true,
                           .conclusion = OT_RCOI_DD_REQUIRED,
                           .outcome = OT_DD_CONFLICT_FREE,
                           .actor = "cfo",
                           .decided_at = "2026-05-18T09:00:00Z"};
    snprintf(ov.justification, sizeof ov.justification, "Independent audit by Example LLP");
    build(&b, &ov);
    assert_int_equal(b.rc, OT_OK);
    assert_non_null(strstr(b.cmr_html, "for this reason: Independent audit by Example LLP"));
    assert_non_null(strstr(b.cmr_html, "DRC conflict free"));
    assert_non_null(strstr(b.sd_html, "Independent audit by Example LLP"));
    built_free(&b);
}

static void without_due_diligence_no_cmr_is_built(void **state)
{
    (void)state;
    built b;
    fill(&b.f);
    ot_rcoi_override ov = {.present = true, .conclusion = OT_RCOI_NEGATIVE, .actor = "cfo"};
    snprintf(ov.justification, sizeof ov.justification, "scrap only");
    build(&b, &ov);
    assert_int_equal(b.rc, OT_OK);
    assert_null(b.cmr_html);
    assert_null(strstr(b.sd_html, "Exhibit 1.01"));
    built_free(&b);
}

static void an_unknown_placeholder_is_an_error_naming_file_and_line(void **state)
{
    (void)state;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s/policy.txt", test_dir, OT_NARRATIVE_DIR);
    char *saved = slurp(path, NULL);
    const char *typo = "# note\nOur policy.\n\nWe surveyed {{suppliers_surveyd}} suppliers.\n";
    assert_int_equal(spit(path, typo, strlen(typo)), 0);
    built b;
    fill(&b.f);
    build(&b, NULL);
    assert_int_equal(b.rc, OT_E_INVALID);
    assert_non_null(strstr(b.err.message, "report-text/policy.txt:4"));
    assert_non_null(strstr(b.err.message, "{{suppliers_surveyd}}"));
    assert_int_equal(spit(path, saved, strlen(saved)), 0);
    free(saved);
    built_free(&b);
}

static void narrative_lists_and_placeholders_render(void **state)
{
    (void)state;
    ot_cmr_figures f;
    fill(&f);
    ot_doc *d = NULL;
    ot_error err = {0};
    assert_int_equal(ot_doc_new("t", &d, &err), OT_OK);
    const char *text = "# dropped\nWe asked {{suppliers_surveyed}}\nsuppliers.\n\n"
                       "- one {{response_rate}}\n  continued\n- two\n";
    assert_int_equal(ot_narrative_render(d, text, "x.txt", &f, &err), OT_OK);
    assert_int_equal(ot_doc_block_count(d), 2);
    assert_string_equal(ot_doc_block_at(d, 0)->runs[0].text, "We asked 1,456 suppliers.");
    const ot_block *l = ot_doc_block_at(d, 1);
    assert_int_equal(l->run_count, 2);
    assert_string_equal(l->runs[0].text, "one 57.1% continued");
    ot_doc_free(d);
    assert_int_equal(ot_narrative_render(NULL, "a {{b", "x.txt", &f, &err), OT_E_INVALID);
    assert_non_null(strstr(err.message, "x.txt:1"));
    /* every starting text uses only known placeholders */
    for (int i = 0; i < OT_TEXT__COUNT; i++) {
        assert_int_equal(ot_doc_new("t", &d, &err), OT_OK);
        assert_int_equal(
            ot_narrative_render(d, ot_narrative_def_at((ot_text_id)i)->text, "t", &f, &err), OT_OK);
        ot_doc_free(d);
    }
    ot_cmr_figures_free(&f);
}

static void a_missing_filer_key_is_named(void **state)
{
    (void)state;
    ot_config cfg = {0};
    cfg.filer_name = "Acme", cfg.filer_state = "Delaware", cfg.filer_file_number = "1";
    cfg.filer_irs_number = "", cfg.filer_address = "x", cfg.filer_contact = "x";
    cfg.filer_phone = "x", cfg.filer_signer = "x", cfg.filer_signer_title = "x";
    ot_cmr_filer fl;
    ot_error err = {0};
    assert_int_equal(ot_cmr_filer_from_config(&cfg, &fl, &err), OT_E_INVALID);
    assert_non_null(strstr(err.message, "filer_irs_number"));
    cfg.filer_irs_number = "68-0438710";
    assert_int_equal(ot_cmr_filer_from_config(&cfg, &fl, &err), OT_OK);
    assert_string_equal(fl.irs_number, "68-0438710");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_documents_pass_the_edgar_profile),
        cmocka_unit_test(the_checker_rejects_what_edgar_rejects),
        cmocka_unit_test(every_number_in_the_cmr_is_in_the_evidence),
        cmocka_unit_test(the_appendix_lists_each_smelter_once_with_a_legend_from_its_vocabulary),
        cmocka_unit_test(the_rcoi_rule_decides_and_an_override_is_printed_with_its_reason),
        cmocka_unit_test(without_due_diligence_no_cmr_is_built),
        cmocka_unit_test(an_unknown_placeholder_is_an_error_naming_file_and_line),
        cmocka_unit_test(narrative_lists_and_placeholders_render),
        cmocka_unit_test(a_missing_filer_key_is_named),
    };
    return cmocka_run_group_tests(tests, texts_setup, teardown_test_dir);
}
