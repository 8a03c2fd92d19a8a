/* The reference store across imports: a later list that renames, merges or drops a
 * facility keeps the history (old names still resolve, dropped IDs are reported as
 * retired), legacy IDs map to CIDs, out-of-order and partial lists cannot wipe data, the
 * store survives a save/load round trip, and the official templates import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/match.h"
#include "refdata/refdata.h"
#include "store/workspace.h"
#include "testutil.h"

#define HEADER                                                                                     \
    "metal,lookup_name,standard_name,country,smelter_id,id_source,street,city,state_province\n"
#define FILLERS                                                                                    \
    "Gold,Filler One,Filler One,CHINA,CID900011,RMI,,,\n"                                          \
    "Gold,Filler Two,Filler Two,CHINA,CID900012,RMI,,,\n"                                          \
    "Gold,Filler Three,Filler Three,CHINA,CID900013,RMI,,,\n"                                      \
    "Gold,Filler Four,Filler Four,CHINA,CID900014,RMI,,,\n"                                        \
    "Gold,Filler Five,Filler Five,CHINA,CID900015,RMI,,,\n"                                        \
    "Gold,Filler Six,Filler Six,CHINA,CID900016,RMI,,,\n"                                          \
    "Gold,Filler Seven,Filler Seven,CHINA,CID900017,RMI,,,\n"                                      \
    "Gold,Filler Eight,Filler Eight,CHINA,CID900018,RMI,,,\n"                                      \
    "Gold,Filler Nine,Filler Nine,CHINA,CID900019,RMI,,,\n"                                        \
    "Gold,Filler Ten,Filler Ten,CHINA,CID900020,RMI,,,\n"

static const char *old_list = HEADER
    "Gold,Kirishima Old Name Refinery,Kirishima Old Name Refinery,JAPAN,CID900001,RMI,,Kagoshima,\n"
    "Gold,Vanishing Gold Works,Vanishing Gold Works,CHINA,CID900002,RMI,,,\n"
    "Gold,Absorbed Bullion Plant,Absorbed Bullion Plant,CHINA,CID900003,RMI,,,\n"
    "Gold,Survivor Precious Metals,Survivor Precious Metals,CHINA,CID900004,RMI,,,\n"
    "Gold,Smelter not listed,,,,,,,\n" FILLERS;

static const char *new_list = HEADER
    "Gold,Kirishima New Name Refinery,Kirishima New Name Refinery,JAPAN,CID900001,RMI,,Kagoshima,\n"
    "Gold,Survivor Precious Metals,Survivor Precious Metals,CHINA,CID900004,RMI,,,\n"
    "Gold,Absorbed Bullion Plant,Survivor Precious Metals,CHINA,CID900004,RMI,,,\n"
    "Gold,Smelter not yet identified,Unknown,Unknown,,,,,\n" FILLERS;

static const char *write_file(const char *name, const char *text)
{
    static char path[8][4200];
    static int slot;
    char *p = path[slot++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", test_dir, name);
    assert_int_equal(spit(p, text, strlen(text)), 0);
    return p;
}

/* test_dir "/" name, in a static buffer. */
static const char *sub_path(const char *name)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", test_dir, name);
    return path;
}

static bool has_alias(const ot_refdata *rd, const char *id, const char *name)
{
    for (size_t i = 0; i < ot_refdata_alias_count(rd); i++) {
        const ot_refdata_alias *a = ot_refdata_alias_at(rd, i);
        if (strcmp(a->smelter_id, id) == 0 && strcmp(a->name, name) == 0) return true;
    }
    return false;
}

static bool has_event(const ot_refdata *rd, const char *id, ot_event_kind kind, const char *date)
{
    for (size_t i = 0; i < ot_refdata_event_count(rd); i++) {
        const ot_refdata_event *e = ot_refdata_event_at(rd, i);
        if (strcmp(e->smelter_id, id) == 0 && e->kind == kind && strcmp(e->date, date) == 0)
            return true;
    }
    return false;
}

static ot_match_result match_name(const ot_refdata *rd, const char *id, const char *name)
{
    ot_matcher *m;
    ot_error err = {0};
    assert_int_equal(ot_matcher_build(rd, &m, &err), OT_OK);
    ot_match_input in = {"Gold", id, NULL, name, NULL};
    ot_match_result r;
    ot_match(m, &in, &r);
    ot_matcher_free(m);
    return r;
}

static void test_rename_merge_retire_across_two_imports(void **state)
{
    (void)state;
    ot_refdata *rd;
    ot_error err = {0};
    ot_import_report rep;
    assert_int_equal(ot_refdata_new(&rd, &err), OT_OK);
    assert_int_equal(
        ot_refdata_import(rd, write_file("old.csv", old_list), "2020-01-15", &rep, &err), OT_OK);
    assert_int_equal(rep.smelters, 14);
    assert_int_equal(rep.added, 14);
    assert_string_equal(rep.as_of, "2020-01-15");
    assert_int_equal(
        ot_refdata_import(rd, write_file("new.csv", new_list), "2021-03-01", &rep, &err), OT_OK);
    assert_false(rep.backfill);
    assert_int_equal(rep.renamed, 1);
    assert_int_equal(rep.retired, 1);
    assert_int_equal(rep.merged, 1);
    assert_int_equal(rep.added, 0);

    /* renamed: same ID, new standard name, the old one kept and dated */
    const ot_smelter *s = ot_refdata_find(rd, "CID900001");
    assert_non_null(s);
    assert_string_equal(s->standard_name, "Kirishima New Name Refinery");
    assert_int_equal(s->state, OT_SMELTER_CURRENT);
    assert_true(has_alias(rd, "CID900001", "Kirishima Old Name Refinery"));
    assert_true(has_event(rd, "CID900001", OT_EVENT_RENAMED, "2021-03-01"));
    ot_match_result r = match_name(rd, NULL, "Kirishima Old Name Refinery");
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID900001");

    /* dropped without a successor: retired, still recognised and reported so */
    s = ot_refdata_find(rd, "CID900002");
    assert_int_equal(s->state, OT_SMELTER_RETIRED);
    assert_true(has_event(rd, "CID900002", OT_EVENT_RETIRED, "2021-03-01"));
    r = match_name(rd, NULL, "Vanishing Gold Works");
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID900002");
    assert_true(r.notes & OT_NOTE_RETIRED);

    /* dropped, its name now under another ID: merged into it */
    s = ot_refdata_find(rd, "CID900003");
    assert_int_equal(s->state, OT_SMELTER_MERGED);
    assert_string_equal(s->successor_id, "CID900004");
    assert_string_equal(ot_refdata_resolve_current(rd, s)->id, "CID900004");
    r = match_name(rd, "CID900003", NULL); /* a supplier still typing the old ID */
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID900004");
    assert_true(r.notes & OT_NOTE_MERGED);

    /* the same file again changes nothing */
    assert_int_equal(
        ot_refdata_import(rd, write_file("new.csv", new_list), "2021-03-01", &rep, &err), OT_OK);
    assert_true(rep.duplicate);

    /* a list older than what the store has only adds history */
    const char *older =
        HEADER "Gold,Ancient Assay Office,Ancient Assay Office,PERU,CID900099,RMI,,,\n"
               "Gold,Survivor Precious Metals,Survivor Precious Metals,CHINA,CID900004,RMI,,,\n";
    assert_int_equal(
        ot_refdata_import(rd, write_file("older.csv", older), "2019-06-01", &rep, &err), OT_OK);
    assert_true(rep.backfill);
    assert_int_equal(rep.retired, 0);
    assert_int_equal(ot_refdata_find(rd, "CID900099")->state, OT_SMELTER_RETIRED);
    assert_int_equal(ot_refdata_find(rd, "CID900001")->state, OT_SMELTER_CURRENT);

    /* a short list cannot retire the rest of a metal: refused, unless imported as partial,
     * which retires nothing */
    const char *partial = HEADER "Gold,Filler One,Filler One,CHINA,CID900011,RMI,,,\n";
    assert_int_equal(
        ot_refdata_import(rd, write_file("partial.csv", partial), "2022-01-01", &rep, &err),
        OT_E_INVALID);
    assert_true(rep.too_small);
    assert_int_equal(ot_refdata_find(rd, "CID900012")->state, OT_SMELTER_CURRENT);
    ot_import_opts as_partial = {"2022-01-01", true};
    assert_int_equal(
        ot_refdata_import_with(rd, write_file("partial.csv", partial), &as_partial, &rep, &err),
        OT_OK);
    assert_true(rep.partial);
    assert_string_equal(rep.partial_metals, "Gold");
    assert_int_equal(rep.retired, 0);
    assert_int_equal(ot_refdata_find(rd, "CID900012")->state, OT_SMELTER_CURRENT);

    /* a round trip through the workspace file keeps everything */
    ot_workspace *ws;
    assert_int_equal(ot_workspace_init(sub_path("ws-round-trip"), NULL, &err), OT_OK);
    assert_int_equal(ot_workspace_open(sub_path("ws-round-trip"), &ws, &err), OT_OK);
    assert_int_equal(ot_refdata_save_db(rd, ws->db, &err), OT_OK);
    ot_refdata *back;
    bool snap = true;
    assert_int_equal(ot_refdata_load_db(ws->db, NULL, &back, &snap, &err), OT_OK);
    ot_workspace_close(ws);
    assert_false(snap);
    assert_int_equal(ot_refdata_smelter_count(back), ot_refdata_smelter_count(rd));
    assert_int_equal(ot_refdata_alias_count(back), ot_refdata_alias_count(rd));
    assert_int_equal(ot_refdata_event_count(back), ot_refdata_event_count(rd));
    assert_int_equal(ot_refdata_source_count(back), ot_refdata_source_count(rd));
    assert_string_equal(ot_refdata_find(back, "CID900003")->successor_id, "CID900004");
    assert_true(has_event(back, "CID900001", OT_EVENT_RENAMED, "2021-03-01"));
    ot_refdata_free(back);
    ot_refdata_free(rd);
}

static void test_bad_inputs_give_clear_errors(void **state)
{
    (void)state;
    ot_refdata *rd;
    ot_error err = {0};
    ot_import_report rep;
    assert_int_equal(ot_refdata_new(&rd, &err), OT_OK);
    assert_int_equal(
        ot_refdata_import(rd, write_file("nohdr.csv", "a,b,c\n1,2,3\n"), NULL, &rep, &err),
        OT_E_INVALID);
    assert_non_null(strstr(err.message, "smelter_id"));
    assert_int_equal(ot_refdata_import(rd, write_file("d.csv", old_list), "31/31/2020", &rep, &err),
                     OT_E_USAGE);
    assert_int_not_equal(ot_refdata_import(rd, "/nonexistent/list.csv", NULL, &rep, &err), OT_OK);
    assert_int_equal(ot_refdata_smelter_count(rd), 0); /* nothing half-imported */
    /* the reader's own errors pass through: a JPEG with an .xls name */
    assert_int_not_equal(ot_refdata_import(rd,
                                           vendored_path("rmi-templates/legacy/invalid_cmrt.xls"),
                                           NULL, &rep, &err),
                         OT_OK);
    ot_refdata_free(rd);

    /* a damaged or newer store file */
    ot_refdata *x;
    const char *bad = write_file("bad.tsv", "#oretrace-refdata\t1\nsmelter\tCID1\n");
    assert_int_equal(ot_refdata_load_file(bad, &x, &err), OT_E_CORRUPT);
    assert_non_null(strstr(err.message, "line 2"));
    const char *newer = write_file("newer.tsv", "#oretrace-refdata\t9\n");
    assert_int_equal(ot_refdata_load_file(newer, &x, &err), OT_E_CORRUPT);
    assert_non_null(strstr(err.message, "version"));
}

/* A template without a reference list (AMRT 1.2 has no Smelter Look-up). */
static void test_template_without_lookup_is_refused(void **state)
{
    (void)state;
    ot_refdata *rd;
    ot_error err = {0};
    ot_import_report rep;
    assert_int_equal(ot_refdata_new(&rd, &err), OT_OK);
    assert_int_equal(
        ot_refdata_import(rd, shared_path("rmi-templates/RMI_AMRT_1.2.xlsx"), NULL, &rep, &err),
        OT_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "Smelter Look-up"));
    ot_refdata_free(rd);
}

/* The official CMRT 6.5 into an empty store. */
static ot_refdata *import_cmrt65(void)
{
    ot_refdata *rd;
    ot_error err = {0};
    ot_import_report rep;
    assert_int_equal(ot_refdata_new(&rd, &err), OT_OK);
    assert_int_equal(
        ot_refdata_import(rd, vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx"), NULL, &rep, &err),
        OT_OK);
    assert_int_equal(rep.smelters, 349); /* rmi-templates.md 3.7 */
    assert_string_equal(rep.as_of, "2025-04-25");
    assert_non_null(strstr(rep.label, "CMRT 6.5"));
    assert_string_equal(rep.metals, "Gold,Tantalum,Tin,Tungsten");
    return rd;
}

static void test_official_template(void **state)
{
    (void)state;
    ot_refdata *rd = import_cmrt65();
    const ot_smelter *s = ot_refdata_find(rd, "CID002763");
    assert_non_null(s);
    assert_string_equal(s->standard_name, "8853 S.p.A.");
    assert_string_equal(s->city, "Pero");
    ot_refdata_free(rd);
}

/* EMRT adds its minerals without touching the CMRT metals. */
static void test_emrt_template_adds_its_minerals(void **state)
{
    (void)state;
    ot_refdata *rd = import_cmrt65();
    ot_error err = {0};
    ot_import_report rep;
    assert_int_equal(
        ot_refdata_import(rd, shared_path("rmi-templates/RMI_EMRT_2.1.xlsx"), NULL, &rep, &err),
        OT_OK);
    assert_int_equal(rep.smelters, 305); /* rmi-templates.md 8 */
    assert_int_equal(rep.retired, 0);
    assert_int_equal(ot_refdata_find(rd, "CID002763")->state, OT_SMELTER_CURRENT);
    ot_refdata_free(rd);
}

static void test_legacy_templates_map_old_ids(void **state)
{
    (void)state;
    ot_refdata *rd;
    ot_error err = {0};
    ot_import_report rep;
    assert_int_equal(ot_refdata_new(&rd, &err), OT_OK);
    /* CMRT 2.03a: old-style IDs, "Known alias" lists */
    assert_int_equal(ot_refdata_import(rd, shared_path("rmi-templates/legacy/2.03a_-_green.xlsx"),
                                       NULL, &rep, &err),
                     OT_OK);
    assert_string_equal(rep.as_of, "2013-07-25");
    const ot_smelter *s = ot_refdata_find(rd, "1JPN072");
    assert_non_null(s);
    assert_true(
        has_alias(rd, "1DEU001", "Allgemeine Gold- & Silberscheideanstalt")); /* from a list */
    /* CMRT 3.01 (.xls, encrypted with Excel's default password): old ID -> CID */
    assert_int_equal(ot_refdata_import(rd, shared_path("rmi-templates/legacy/3.01_-_empty.xls"),
                                       NULL, &rep, &err),
                     OT_OK);
    assert_string_equal(rep.as_of, "2014-05-30");
    assert_true(rep.legacy_ids > 150);
    s = ot_refdata_find(rd, "1JPN072");
    assert_non_null(s);
    assert_string_equal(ot_refdata_resolve_current(rd, s)->id, "CID000019");
    /* the 2.x names now lead to the CID */
    ot_match_result r = match_name(rd, NULL, "Allgemeine Gold- & Silberscheideanstalt");
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID000035");
    ot_refdata_free(rd);
}

static void test_shipped_snapshot(void **state)
{
    (void)state;
    ot_refdata *rd;
    ot_error err = {0};
    assert_int_equal(ot_refdata_load_snapshot(&rd, &err), OT_OK);
    size_t current = 0;
    for (size_t i = 0; i < ot_refdata_smelter_count(rd); i++)
        current += ot_refdata_smelter_at(rd, i)->state == OT_SMELTER_CURRENT;
    assert_true(current > 600);
    bool cmrt65 = false;
    for (size_t i = 0; i < ot_refdata_source_count(rd); i++) {
        const ot_refdata_source *src = ot_refdata_source_at(rd, i);
        if (strstr(src->label, "CMRT 6.5") && strcmp(src->as_of, "2025-04-25") == 0) cmrt65 = true;
        assert_int_equal(strlen(src->sha256), 64);
    }
    assert_true(cmrt65);
    assert_string_equal(ot_refdata_resolve_current(rd, ot_refdata_find(rd, "1JPN072"))->id,
                        "CID000019");
    /* a workspace nothing was imported into reads the snapshot */
    char *empty = make_temp_dir();
    ot_refdata *ws;
    bool snap = false;
    assert_int_equal(ot_refdata_open(empty, &ws, &snap, &err), OT_OK);
    assert_true(snap);
    assert_int_equal(ot_refdata_smelter_count(ws), ot_refdata_smelter_count(rd));
    ot_refdata_free(ws);
    rm_rf(empty);
    free(empty);
    ot_refdata_free(rd);
}

static void test_dates_and_ids(void **state)
{
    (void)state;
    char d[11];
    assert_true(ot_refdata_parse_date("2025-04-25", d));
    assert_string_equal(d, "2025-04-25");
    assert_true(ot_refdata_parse_date("Revision 6.5\nApril 25, 2025" + 13, d));
    assert_string_equal(d, "2025-04-25");
    assert_true(ot_refdata_parse_date("December 21st 2012", d));
    assert_string_equal(d, "2012-12-21");
    assert_true(ot_refdata_parse_date("15-Mar-2025", d));
    assert_string_equal(d, "2025-03-15");
    assert_false(ot_refdata_parse_date("2025-02-30", d));
    assert_false(ot_refdata_parse_date("soon", d));
    char id[32];
    assert_true(ot_refdata_canonical_id("cid 2763", id));
    assert_string_equal(id, "CID002763");
    assert_true(ot_refdata_canonical_id("1jpn072", id));
    assert_string_equal(id, "1JPN072");
    assert_false(ot_refdata_canonical_id("n/a", id));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rename_merge_retire_across_two_imports),
        cmocka_unit_test(test_bad_inputs_give_clear_errors),
        cmocka_unit_test(test_official_template),
        cmocka_unit_test(test_shipped_snapshot),
        cmocka_unit_test(test_dates_and_ids),
    };
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(test_template_without_lookup_is_refused),
        cmocka_unit_test(test_emrt_template_adds_its_minerals),
        cmocka_unit_test(test_legacy_templates_map_old_ids),
    };
    return run_test_groups(argc, argv, tests, shared_tests,
                           "the AMRT 1.2 and EMRT 2.1 templates and the legacy CMRT files",
                           setup_test_dir, teardown_test_dir);
}
