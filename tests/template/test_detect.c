/* Template detection: every official RMI template and every legacy CMRT sample is
 * recognised as the right family and version; the traps of rmi-templates.md (CRT 2.21
 * says "Revision 2.2", CMRT 1.00 splits "Revision" over I3/J3, "Revision 2" = 2.00) are
 * handled; an unknown revision is read with the nearest layout and flagged; files that
 * are no template give one clear error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libzip builds the patched workbooks below (the reader links it already). */
#include <zip.h>

#include "reader/workbook.h"
#include "template/layout.h"
#include "template/template.h"
#include "testutil.h"

typedef struct detect_case {
    const char *file; /* under ../shared/rmi-templates */
    ot_family family;
    const char *version; /* as the file states it */
    const char *layout;  /* layout applied */
} detect_case;

static const detect_case official[] = {
    {"RMI_CMRT_6.01.xlsx", OT_FAMILY_CMRT, "6.01", "6.01"},
    {"RMI_CMRT_6.1.xlsx", OT_FAMILY_CMRT, "6.1", "6.1"},
    {"RMI_CMRT_6.22.xlsx", OT_FAMILY_CMRT, "6.22", "6.22"},
    {"RMI_CMRT_6.31.xlsx", OT_FAMILY_CMRT, "6.31", "6.31"},
    {"RMI_CMRT_6.4.xlsx", OT_FAMILY_CMRT, "6.4", "6.4"},
    {"RMI_CMRT_6.5.xlsx", OT_FAMILY_CMRT, "6.5", "6.5"},
    {"RMI_CRT_2.2.xlsx", OT_FAMILY_CRT, "2.2", "2.2"},
    {"RMI_CRT_2.21.xlsx", OT_FAMILY_CRT, "2.2", "2.2"}, /* the file says "Revision 2.2" */
    {"RMI_EMRT_1.1.xlsx", OT_FAMILY_EMRT, "1.1", "1.1"},
    {"RMI_EMRT_1.11.xlsx", OT_FAMILY_EMRT, "1.11", "1.11"},
    {"RMI_EMRT_1.2.xlsx", OT_FAMILY_EMRT, "1.2", "1.2"},
    {"RMI_EMRT_1.3.xlsx", OT_FAMILY_EMRT, "1.3", "1.3"},
    {"RMI_EMRT_2.0.xlsx", OT_FAMILY_EMRT, "2.0", "2.0"},
    {"RMI_EMRT_2.1.xlsx", OT_FAMILY_EMRT, "2.1", "2.1"},
    {"RMI_AMRT_1.2.xlsx", OT_FAMILY_AMRT, "1.2", "1.2"},
    {"RMI_AMRT_1.3.xlsx", OT_FAMILY_AMRT, "1.3", "1.3"},
    {"legacy/1.00_-_empty.xlsx", OT_FAMILY_CMRT, "1.00", "1.00"},
    {"legacy/2.00_-_empty.xlsx", OT_FAMILY_CMRT, "2.00", "2.00"},
    {"legacy/2.00_-_green.xlsx", OT_FAMILY_CMRT, "2.00", "2.00"},
    {"legacy/2.00_-_high_risk.xlsx", OT_FAMILY_CMRT, "2.00", "2.00"},
    {"legacy/2.00_-_validation_needed.xlsx", OT_FAMILY_CMRT, "2.00", "2.00"},
    {"legacy/2.01_-_empty.xlsx", OT_FAMILY_CMRT, "2.01", "2.01"},
    {"legacy/2.01_-_green.xlsx", OT_FAMILY_CMRT, "2.01", "2.01"},
    {"legacy/2.01_-_high_risk.xlsx", OT_FAMILY_CMRT, "2.01", "2.01"},
    {"legacy/2.01_-_validation_needed.xlsx", OT_FAMILY_CMRT, "2.01", "2.01"},
    {"legacy/2.02_-_empty.xlsx", OT_FAMILY_CMRT, "2.02", "2.02"}, /* encrypted */
    {"legacy/2.02_-_green.xlsx", OT_FAMILY_CMRT, "2.02", "2.02"},
    {"legacy/2.02_-_high_risk.xlsx", OT_FAMILY_CMRT, "2.02", "2.02"},
    {"legacy/2.02_-_validation_needed.xlsx", OT_FAMILY_CMRT, "2.02", "2.02"},
    {"legacy/2.03_-_empty.xlsx", OT_FAMILY_CMRT, "2.03", "2.03"},
    {"legacy/2.03_-_green.xlsx", OT_FAMILY_CMRT, "2.03", "2.03"},
    {"legacy/2.03_-_high_risk.xlsx", OT_FAMILY_CMRT, "2.03", "2.03"},
    {"legacy/2.03_-_validation_needed.xlsx", OT_FAMILY_CMRT, "2.03", "2.03"},
    {"legacy/2.03a_-_empty .xlsx", OT_FAMILY_CMRT, "2.03a", "2.03a"},
    {"legacy/2.03a_-_green.xlsx", OT_FAMILY_CMRT, "2.03a", "2.03a"},
    {"legacy/2.03a_-_high_risk.xlsx", OT_FAMILY_CMRT, "2.03a", "2.03a"},
    {"legacy/2.03a_-_validation_needed.xlsx", OT_FAMILY_CMRT, "2.03a", "2.03a"},
    {"legacy/3.01_-_empty.xls", OT_FAMILY_CMRT, "3.01", "3.01"}, /* RC4-encrypted BIFF8 */
    {"legacy/3.01_-_filled.xls", OT_FAMILY_CMRT, "3.01", "3.01"},
    {"legacy/3.01_-_green.xlsx", OT_FAMILY_CMRT, "3.01", "3.01"},
    {"legacy/3.01_-_high_risk.xlsx", OT_FAMILY_CMRT, "3.01", "3.01"},
    {"legacy/3.01_-_validation_needed.xlsx", OT_FAMILY_CMRT, "3.01", "3.01"},
};

static ot_workbook *open_path(const char *path)
{
    ot_workbook *wb = NULL;
    ot_error err;
    ot_code rc = ot_workbook_open(path, NULL, &wb, &err);
    if (rc) fail_msg("%s: %s", path, err.message);
    return wb;
}

static void every_official_and_legacy_file_is_detected(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof official / sizeof official[0]; i++) {
        const detect_case *c = &official[i];
        char rel[256];
        snprintf(rel, sizeof rel, "rmi-templates/%s", c->file);
        ot_workbook *wb = open_path(shared_path(rel));
        ot_template_id id;
        ot_error err;
        ot_code rc = ot_template_detect(wb, &id, &err);
        if (rc) fail_msg("%s: %s", c->file, err.message);
        if (id.family != c->family || strcmp(id.version, c->version) != 0 ||
            strcmp(id.layout_version, c->layout) != 0 || !id.exact)
            fail_msg("%s: got %s %s (layout %s, exact %d), want %s %s (layout %s)", c->file,
                     ot_family_name(id.family), id.version, id.layout_version, id.exact,
                     ot_family_name(c->family), c->version, c->layout);
        assert_non_null(id.layout);
        assert_string_equal(id.note, "");
        ot_workbook_close(wb);
    }
}

/* The detected declaration carries the family and version too (ot_template_read). */
static void read_reports_the_detected_template(void **state)
{
    (void)state;
    ot_workbook *wb = open_path(shared_path("rmi-templates/RMI_CRT_2.21.xlsx"));
    ot_declaration *d = NULL;
    ot_error err;
    assert_int_equal(ot_template_read(wb, &d, &err), OT_OK);
    assert_int_equal(d->family, OT_FAMILY_CRT);
    assert_string_equal(d->version, "2.2");
    assert_string_equal(d->layout_version, "2.2");
    assert_true(d->exact);
    assert_null(d->layout_note);
    assert_int_equal(d->metal_count, 1);
    assert_string_equal(d->metals[0], "Cobalt");
    ot_declaration_free(d);
    ot_workbook_close(wb);
}

/* Copies src to dst replacing `from` by `to` in one zip part (the template's shared
 * strings hold the revision text of J3 and Smelter List!Q3). */
static void patch_part(const char *src, const char *dst, const char *part, const char *from,
                       const char *to)
{
    size_t len;
    char *bytes = slurp(src, &len);
    assert_non_null(bytes);
    assert_int_equal(spit(dst, bytes, len), 0);
    free(bytes);
    int zerr;
    zip_t *z = zip_open(dst, 0, &zerr);
    assert_non_null(z);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, part, 0, &st), 0);
    char *xml = malloc(st.size + 1);
    zip_file_t *f = zip_fopen(z, part, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, xml, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    xml[st.size] = '\0';
    size_t cap = st.size * 2 + strlen(to) * 4 + 1;
    char *out = malloc(cap);
    size_t o = 0, hits = 0;
    for (const char *p = xml; *p;) {
        if (strncmp(p, from, strlen(from)) == 0) {
            memcpy(out + o, to, strlen(to));
            o += strlen(to);
            p += strlen(from);
            hits++;
        } else {
            out[o++] = *p++;
        }
    }
    free(xml);
    assert_true(hits > 0);
    zip_source_t *s = zip_source_buffer(z, out, o, 1); /* libzip frees out */
    assert_non_null(s);
    assert_true(zip_file_add(z, part, s, ZIP_FL_OVERWRITE) >= 0);
    assert_int_equal(zip_close(z), 0);
}

static void detect_patched(const char *dir, const char *from, const char *to, ot_template_id *id)
{
    char dst[512];
    snprintf(dst, sizeof dst, "%s/patched.xlsx", dir);
    patch_part(vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx"), dst, "xl/sharedStrings.xml", from,
               to);
    ot_workbook *wb = open_path(dst);
    ot_error err;
    ot_code rc = ot_template_detect(wb, id, &err);
    if (rc) fail_msg("%s: %s", to, err.message);
    ot_workbook_close(wb);
}

static void unknown_revision_uses_nearest_layout_and_says_so(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    ot_template_id id;

    detect_patched(dir, "Revision 6.5", "Revision 6.6", &id); /* newer than any known */
    assert_int_equal(id.family, OT_FAMILY_CMRT);
    assert_string_equal(id.version, "6.6");
    assert_string_equal(id.layout_version, "6.5");
    assert_false(id.exact);
    assert_non_null(strstr(id.note, "6.6"));

    /* the declaration read from it says so too, and its JSON names the layout applied */
    char path[512];
    snprintf(path, sizeof path, "%s/patched.xlsx", dir);
    ot_workbook *wb = open_path(path);
    ot_declaration *d = NULL;
    ot_error err;
    assert_int_equal(ot_template_read(wb, &d, &err), OT_OK);
    assert_false(d->exact);
    assert_non_null(d->layout_note);
    json_t *j = ot_declaration_to_json(d);
    json_t *tpl = json_object_get(j, "template");
    assert_string_equal(json_string_value(json_object_get(tpl, "version")), "6.6");
    assert_string_equal(json_string_value(json_object_get(tpl, "layout")), "6.5");
    assert_true(json_is_false(json_object_get(tpl, "exact")));
    json_decref(j);
    ot_declaration_free(d);
    ot_workbook_close(wb);

    detect_patched(dir, "Revision 6.5", "Revision 6.45", &id); /* between 6.4 and 6.5 */
    assert_string_equal(id.version, "6.45");
    assert_string_equal(id.layout_version, "6.4");
    assert_false(id.exact);

    detect_patched(dir, "Revision 6.5", "Draft", &id); /* no revision anywhere */
    assert_int_equal(id.family, OT_FAMILY_CMRT);       /* from the L sheet title */
    assert_string_equal(id.version, "");
    assert_string_equal(id.layout_version, "6.5");
    assert_false(id.exact);
    assert_true(strlen(id.note) > 0);
    rm_rf(dir);
    free(dir);
}

static void workbook_without_declaration_sheet_is_not_a_template(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char dst[512];
    snprintf(dst, sizeof dst, "%s/renamed.xlsx", dir);
    patch_part(vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx"), dst, "xl/workbook.xml",
               "name=\"Declaration\"", "name=\"Summary\"");
    ot_workbook *wb = open_path(dst);
    ot_declaration *d = NULL;
    ot_error err;
    assert_int_equal(ot_template_read(wb, &d, &err), OT_E_NOT_TEMPLATE);
    assert_null(d);
    assert_non_null(strstr(err.message, "Declaration"));
    ot_workbook_close(wb);
    rm_rf(dir);
    free(dir);
}

/* The supplied AMRT 1.1 file is 0 bytes; a JPEG named .xls is no workbook. Both must be
 * refused when opened, before any template logic. */
static void empty_and_disguised_files_are_unreadable(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/RMI_AMRT_1.1.xlsx", dir);
    assert_int_equal(spit(path, "", 0), 0);
    ot_workbook *wb = NULL;
    ot_error err;
    assert_int_not_equal(ot_workbook_open(path, NULL, &wb, &err), OT_OK);
    assert_null(wb);
    assert_int_equal(
        ot_workbook_open(vendored_path("rmi-templates/legacy/invalid_cmrt.xls"), NULL, &wb, &err),
        OT_E_NOT_WORKBOOK);
    rm_rf(dir);
    free(dir);
}

static void versions_compare_as_decimal_numbers(void **state)
{
    (void)state;
    assert_true(ot_layout_version_cmp("6.01", "6.1") < 0);
    assert_true(ot_layout_version_cmp("6.22", "6.31") < 0);
    assert_true(ot_layout_version_cmp("6.4", "6.31") > 0);
    assert_true(ot_layout_version_cmp("2.03", "2.03a") < 0);
    assert_true(ot_layout_version_cmp("1.11", "1.2") < 0);
    assert_int_equal(ot_layout_version_cmp("6.50", "6.5"), 0);
    /* nearest: highest not above, else lowest above */
    assert_string_equal(ot_layout_nearest(OT_FAMILY_EMRT, "1.0")->version, "1.1");
    assert_string_equal(ot_layout_nearest(OT_FAMILY_EMRT, "1.25")->version, "1.2");
    assert_string_equal(ot_layout_nearest(OT_FAMILY_AMRT, "9")->version, "1.3");
    assert_string_equal(ot_layout_find(OT_FAMILY_CRT, "2.21")->version, "2.2");
    assert_null(ot_layout_find(OT_FAMILY_AMRT, "1.1")); /* no layout: the file was empty */
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_revision_uses_nearest_layout_and_says_so),
        cmocka_unit_test(workbook_without_declaration_sheet_is_not_a_template),
        cmocka_unit_test(empty_and_disguised_files_are_unreadable),
        cmocka_unit_test(versions_compare_as_decimal_numbers),
    };
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(every_official_and_legacy_file_is_detected),
        cmocka_unit_test(read_reports_the_detected_template),
    };
    return run_test_groups(argc, argv, tests, shared_tests,
                           "all official templates and the legacy CMRT files", NULL, NULL);
}
