/* Smelter red flags and risk levels: each flag of the table fires on the fact it names
 * and stays silent otherwise, the level follows the level table (watch list and failed
 * audits high; conflict-area origin without an audit high; no current conformant status
 * medium; conformant and current low), and on real data the covered-country refiners of
 * the shipped smelter reference and the DRC mine of the EMRT 2.1 fixture's Mine List are
 * flagged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/workbook.h"
#include "refdata/refdata.h"
#include "risk/risk.h"
#include "template/template.h"
#include "testutil.h"

#define TODAY "2025-12-01"

/* A Conformant gold refiner in China with a status one month old: no flag. */
static ot_risk_smelter base(void)
{
    return (ot_risk_smelter){.smelter_id = "CID000001",
                             .metal = "Gold",
                             .name = "Example Refinery",
                             .country = "CHINA",
                             .status_known = true,
                             .status = OT_RMAP_CONFORMANT,
                             .status_as_of = "2025-11-01"};
}

static ot_risk_result assess_with(const ot_risk_smelter *s, const ot_risk_params *p)
{
    ot_risk_result r;
    ot_error err;
    ot_risk_params def = {.today = TODAY};
    assert_int_equal(ot_risk_assess(s, p ? p : &def, &r, &err), OT_OK);
    return r;
}

static ot_risk_result assess(const ot_risk_smelter *s)
{
    return assess_with(s, NULL);
}

static const char *reason(const ot_risk_result *r, ot_risk_flag_id id)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->flags[i].id == id) return r->flags[i].reason;
    fail_msg("flag %s not raised", ot_risk_flag_code(id));
    return "";
}

static void assert_only(const ot_risk_result *r, ot_risk_flag_id id)
{
    if (r->count != 1 || r->flags[0].id != id)
        fail_msg("want only %s, got %zu flags (first %s)", ot_risk_flag_code(id), r->count,
                 r->count ? r->flags[0].code : "-");
}

static void test_clean_smelter_has_no_flag(void **state)
{
    (void)state;
    ot_risk_smelter s = base();
    ot_risk_result r = assess(&s);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.level, OT_RISK_LOW);
    assert_int_equal(r.level_rule, ot_risk_level_rule_count() - 1);
}

static void test_located_in_covered_country(void **state)
{
    (void)state;
    ot_risk_smelter s = base();
    s.country = "RWANDA";
    ot_risk_result r = assess(&s);
    assert_only(&r, OT_RF_LOC_COVERED);
    assert_string_equal(r.flags[0].code, "RF-LOC-COVERED");
    assert_non_null(strstr(r.flags[0].reason, "RWANDA"));
    assert_int_equal(r.level, OT_RISK_LOW); /* conformant and current */
    s.country = "Congo, Democratic Republic of the";
    r = assess(&s);
    assert_non_null(strstr(reason(&r, OT_RF_LOC_COVERED), "CONGO, DEMOCRATIC REPUBLIC OF THE"));
    /* not audited: the "higher-risk facility" of filings */
    s.status = OT_RMAP_NOT_ENROLLED;
    assert_int_equal(assess(&s).level, OT_RISK_HIGH);
    s.status_known = false;
    assert_int_equal(assess(&s).level, OT_RISK_HIGH);
    /* audit in progress */
    s.status_known = true;
    s.status = OT_RMAP_ACTIVE;
    assert_int_equal(assess(&s).level, OT_RISK_MEDIUM);
    /* outside the covered countries: silent (Sudan borders South Sudan, not the DRC) */
    s = base();
    s.country = "SUDAN";
    assert_int_equal(assess(&s).count, 0);
    s.country = "Unknown";
    assert_int_equal(assess(&s).count, 0);
}

static ot_cahra_list *cahra(void)
{
    const char *csv =
        "country,region,source,as_of\nMM,,EU indicative list,2025-06-30\n"
        "CD,North Kivu,EU indicative list,2025-06-30\nCD,Ituri,EU indicative list,2025-06-30\n";
    ot_cahra_list *l;
    ot_error err;
    assert_int_equal(ot_risk_cahra_parse(csv, strlen(csv), "cahra.csv", NULL, NULL, &l, &err),
                     OT_OK);
    return l;
}

static void test_located_in_cahra(void **state)
{
    (void)state;
    ot_cahra_list *l = cahra();
    ot_risk_params p = {.today = TODAY, .cahra = l};
    ot_risk_smelter s = base();
    s.country = "MYANMAR";
    ot_risk_result r = assess_with(&s, &p);
    assert_only(&r, OT_RF_LOC_CAHRA);
    assert_non_null(
        strstr(r.flags[0].reason, "the whole country (EU indicative list, as of 2025-06-30)"));
    /* no CAHRA list, or a country not on it: silent */
    assert_int_equal(assess(&s).count, 0);
    s.country = "CHINA";
    assert_int_equal(assess_with(&s, &p).count, 0);
    /* regions are named */
    s.country = "DRC";
    r = assess_with(&s, &p);
    assert_true(ot_risk_result_has(&r, OT_RF_LOC_COVERED));
    assert_non_null(strstr(reason(&r, OT_RF_LOC_CAHRA), "regions North Kivu; Ituri"));
    /* the example list says so in the reason */
    ot_cahra_list *ex;
    ot_error err;
    assert_int_equal(ot_risk_cahra_example(&ex, &err), OT_OK);
    p.cahra = ex;
    s.country = "MYANMAR";
    r = assess_with(&s, &p);
    assert_non_null(strstr(reason(&r, OT_RF_LOC_CAHRA), "EXAMPLE list"));
    ot_risk_cahra_free(ex);
    ot_risk_cahra_free(l);
}

static void test_mine_country_reported(void **state)
{
    (void)state;
    ot_cahra_list *l = cahra();
    ot_risk_params p = {.today = TODAY, .cahra = l};
    const char *drc[] = {"Rwanda; DRC"}, *myanmar[] = {"Myanmar"},
               *clean[] = {"recycled", "CHINA", ""};
    ot_risk_report reports[] = {
        {.supplier_id = "S1", .mine_countries = drc, .mine_country_count = 1},
        {.supplier_id = "S2", .mine_countries = drc, .mine_country_count = 1},
        {.supplier_id = "S3", .mine_countries = myanmar, .mine_country_count = 1},
    };
    ot_risk_smelter s = base();
    s.reports = reports;
    s.report_count = 1;
    ot_risk_result r = assess_with(&s, &p);
    assert_true(ot_risk_result_has(&r, OT_RF_MINE_COVERED));
    const char *why = reason(&r, OT_RF_MINE_COVERED);
    assert_non_null(strstr(why, "S1 reports a mine in RWANDA"));
    assert_non_null(strstr(why, "S1 reports a mine in CONGO, DEMOCRATIC REPUBLIC OF THE"));
    assert_true(ot_risk_result_has(&r, OT_RF_MINE_CAHRA));   /* the DRC has listed regions */
    assert_false(ot_risk_result_has(&r, OT_RF_LOC_COVERED)); /* the smelter stands in China */
    assert_int_equal(r.level, OT_RISK_LOW);
    /* a country already named is not repeated for the next supplier */
    s.report_count = 2;
    r = assess_with(&s, &p);
    assert_null(strstr(reason(&r, OT_RF_MINE_COVERED), "S2"));
    /* CAHRA only */
    s.reports = reports + 2;
    s.report_count = 1;
    r = assess_with(&s, &p);
    assert_only(&r, OT_RF_MINE_CAHRA);
    assert_non_null(strstr(r.flags[0].reason, "S3 reports a mine in MYANMAR"));
    /* recycled, a country outside both lists, an empty cell: silent */
    ot_risk_report quiet = {.supplier_id = "S4", .mine_countries = clean, .mine_country_count = 3};
    s.reports = &quiet;
    assert_int_equal(assess_with(&s, &p).count, 0);
    /* unaudited + conflict-area origin = high */
    s.reports = reports;
    s.status = OT_RMAP_NOT_ENROLLED;
    assert_int_equal(assess_with(&s, &p).level, OT_RISK_HIGH);
    ot_risk_cahra_free(l);
}

static void test_rmap_status_flags(void **state)
{
    (void)state;
    static const struct {
        ot_rmap_status status;
        ot_risk_flag_id flag;
        ot_risk_level level;
    } cases[] = {
        {OT_RMAP_NON_CONFORMANT, OT_RF_RMAP_NON_CONFORMANT, OT_RISK_HIGH},
        {OT_RMAP_COMMUNICATION_SUSPENDED, OT_RF_RMAP_SUSPENDED, OT_RISK_HIGH},
        {OT_RMAP_DUE_DILIGENCE_REVIEW, OT_RF_RMAP_SUSPENDED, OT_RISK_HIGH},
        {OT_RMAP_NOT_ENROLLED, OT_RF_RMAP_NOT_ENROLLED, OT_RISK_MEDIUM},
        {OT_RMAP_OUTREACH_REQUIRED, OT_RF_RMAP_NOT_ENROLLED, OT_RISK_MEDIUM},
        {OT_RMAP_ACTIVE, OT_RF_RMAP_ACTIVE, OT_RISK_MEDIUM},
        {OT_RMAP_UNKNOWN, OT_RF_RMAP_UNKNOWN, OT_RISK_MEDIUM},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ot_risk_smelter s = base();
        s.status = cases[i].status;
        ot_risk_result r = assess(&s);
        assert_only(&r, cases[i].flag);
        assert_int_equal(r.level, cases[i].level);
        if (cases[i].status != OT_RMAP_UNKNOWN)
            assert_non_null(strstr(r.flags[0].reason, ot_rmap_status_name(cases[i].status)));
    }
    /* no status on record, resolved or not */
    ot_risk_smelter s = base();
    s.status_known = false;
    ot_risk_result r = assess(&s);
    assert_only(&r, OT_RF_RMAP_UNKNOWN);
    assert_non_null(strstr(r.flags[0].reason, "no RMAP status on record for CID000001"));
    s.smelter_id = NULL;
    r = assess(&s);
    assert_non_null(strstr(reason(&r, OT_RF_RMAP_UNKNOWN), "not resolved"));
    /* Conformant raises nothing */
    s = base();
    assert_int_equal(ot_risk_status_flag(OT_RMAP_CONFORMANT), OT_RF__COUNT);
    assert_int_equal(assess(&s).count, 0);
}

static void test_status_age(void **state)
{
    (void)state;
    ot_risk_smelter s = base();
    s.status_as_of = "2025-02-01"; /* 303 days before TODAY */
    ot_risk_result r = assess(&s);
    assert_only(&r, OT_RF_RMAP_STALE);
    assert_non_null(strstr(r.flags[0].reason, "303 days before 2025-12-01 (limit 180)"));
    assert_int_equal(r.level, OT_RISK_MEDIUM);
    ot_risk_params p = {.today = TODAY, .status_max_age_days = 365};
    assert_int_equal(assess_with(&s, &p).count, 0);
    s.status_as_of = "2025-06-04"; /* exactly 180 days: still current */
    assert_int_equal(assess(&s).count, 0);
    s.status_as_of = "2025-06-03"; /* 181 days */
    r = assess(&s);
    assert_only(&r, OT_RF_RMAP_STALE);
}

static void test_status_undated_or_future(void **state)
{
    (void)state;
    ot_risk_smelter s = base();
    s.status_as_of = NULL;
    ot_risk_result r = assess(&s);
    assert_only(&r, OT_RF_RMAP_STALE);
    assert_non_null(strstr(r.flags[0].reason, "no readable date"));
    s.status_as_of = "May 2020";
    r = assess(&s);
    assert_non_null(strstr(reason(&r, OT_RF_RMAP_STALE), "May 2020"));
    s.status_as_of = "2026-01-15"; /* dated after the evaluation date: not stale */
    assert_int_equal(assess(&s).count, 0);
}

static void test_watch_list(void **state)
{
    (void)state;
    const char *csv = "smelter_id,name,reason,source,date\n"
                      "CID000001,,OFAC SDN listing,US Treasury,2022-03-17\n"
                      ",Shady Gold Ltd,credible adverse media,NGO report,2024-05-01\n";
    ot_watch_list *w;
    ot_error err;
    assert_int_equal(ot_risk_watch_parse(csv, strlen(csv), "watch.csv", NULL, NULL, &w, &err),
                     OT_OK);
    ot_risk_params p = {.today = TODAY, .watch = w};
    ot_risk_smelter s = base();
    ot_risk_result r = assess_with(&s, &p);
    assert_only(&r, OT_RF_WATCHLIST);
    assert_string_equal(r.flags[0].reason,
                        "on the watch list: OFAC SDN listing (US Treasury, 2022-03-17)");
    assert_int_equal(r.level, OT_RISK_HIGH); /* whatever the audit status */
    /* by a name a supplier typed */
    s.smelter_id = "CID000002";
    assert_int_equal(assess_with(&s, &p).count, 0);
    ot_risk_report rep = {.supplier_id = "S1", .name = "SHADY GOLD LIMITED"};
    s.reports = &rep;
    s.report_count = 1;
    r = assess_with(&s, &p);
    assert_only(&r, OT_RF_WATCHLIST);
    assert_int_equal(r.level, OT_RISK_HIGH);
    ot_risk_watch_free(w);
}

static void test_metal_and_country_contradictions(void **state)
{
    (void)state;
    ot_risk_report reps[] = {
        {.supplier_id = "S1", .metal = "gold (Au)", .country = "People's Republic of China"},
        {.supplier_id = "S2", .metal = "Tin", .country = "JAPAN"},
    };
    ot_risk_smelter s = base();
    s.reports = reps;
    s.report_count = 1;
    assert_int_equal(assess(&s).count, 0); /* same metal and country, other spellings */
    s.report_count = 2;
    ot_risk_result r = assess(&s);
    assert_int_equal(r.count, 2);
    assert_string_equal(reason(&r, OT_RF_METAL_MISMATCH),
                        "S2 reports it under Tin; the reference list has Gold for CID000001");
    assert_string_equal(reason(&r, OT_RF_COUNTRY_MISMATCH),
                        "S2 gives its country as JAPAN; the reference list says CHINA");
    assert_int_equal(r.level, OT_RISK_MEDIUM);
    /* an unresolved smelter has no reference to contradict */
    s.smelter_id = "";
    s.status_known = false;
    r = assess(&s);
    assert_only(&r, OT_RF_RMAP_UNKNOWN);
}

static void test_level_table(void **state)
{
    (void)state;
#define B(id) (1u << (id))
    size_t rule;
    assert_int_equal(ot_risk_level_of(0, &rule), OT_RISK_LOW);
    assert_int_equal(rule, ot_risk_level_rule_count() - 1);
    assert_int_equal(ot_risk_level_of(B(OT_RF_WATCHLIST), &rule), OT_RISK_HIGH);
    assert_int_equal(rule, 0);
    /* the watch list decides before anything else */
    assert_int_equal(ot_risk_level_of(B(OT_RF_WATCHLIST) | B(OT_RF_RMAP_NON_CONFORMANT), &rule),
                     OT_RISK_HIGH);
    assert_int_equal(rule, 0);
    assert_int_equal(ot_risk_level_of(B(OT_RF_MINE_CAHRA) | B(OT_RF_RMAP_UNKNOWN), NULL),
                     OT_RISK_HIGH);
    assert_int_equal(ot_risk_level_of(B(OT_RF_LOC_CAHRA) | B(OT_RF_RMAP_ACTIVE), NULL),
                     OT_RISK_MEDIUM);
    assert_int_equal(ot_risk_level_of(B(OT_RF_LOC_COVERED) | B(OT_RF_RMAP_STALE), NULL),
                     OT_RISK_MEDIUM);
    assert_int_equal(ot_risk_level_of(B(OT_RF_LOC_COVERED) | B(OT_RF_MINE_COVERED), NULL),
                     OT_RISK_LOW);
    assert_int_equal(ot_risk_level_of(B(OT_RF_COUNTRY_MISMATCH), NULL), OT_RISK_MEDIUM);
    /* every flag's "alone" level is what the level table gives it */
    ot_risk_flag_info f;
    for (size_t i = 0; ot_risk_flag_info_at(i, &f); i++) {
        assert_int_equal(f.id, i);
        assert_int_equal(f.alone, ot_risk_level_of(B(f.id), NULL));
        assert_string_equal(f.code, ot_risk_flag_code(f.id));
        assert_true(f.description[0] && f.why[0] && f.group[0]);
    }
    assert_int_equal(ot_risk_flag_count(), OT_RF__COUNT);
#undef B
}

static void test_bad_evaluation_date(void **state)
{
    (void)state;
    ot_risk_smelter s = base();
    ot_risk_params p = {.today = "1/12/2025"};
    ot_risk_result r;
    ot_error err;
    assert_int_equal(ot_risk_assess(&s, &p, &r, &err), OT_E_USAGE);
    assert_non_null(strstr(err.message, "1/12/2025"));
    /* no params: the system clock, default age, no lists */
    assert_int_equal(ot_risk_assess(&s, NULL, &r, &err), OT_OK);
}

/* ---- real data ----------------------------------------------------------------------- */

/* Every smelter of the shipped reference located in a covered country is flagged; the
 * Rwandan and Ugandan refiners current submissions name are among them. */
static void test_reference_smelters_in_covered_countries(void **state)
{
    (void)state;
    ot_refdata *rd;
    ot_error err;
    assert_int_equal(ot_refdata_load_snapshot(&rd, &err), OT_OK);
    size_t flagged = 0, rwanda = 0, uganda = 0;
    for (size_t i = 0; i < ot_refdata_smelter_count(rd); i++) {
        const ot_smelter *sm = ot_refdata_smelter_at(rd, i);
        if (sm->state != OT_SMELTER_CURRENT) continue;
        ot_risk_smelter s = {.smelter_id = sm->id,
                             .metal = sm->metal,
                             .name = sm->standard_name,
                             .country = sm->country,
                             .status_known = true,
                             .status = OT_RMAP_CONFORMANT,
                             .status_as_of = "2025-11-01"};
        ot_risk_result r = assess(&s);
        const ot_country *c = ot_risk_country_find(sm->country);
        bool covered = c && ot_risk_is_covered(c->alpha2);
        assert_int_equal(ot_risk_result_has(&r, OT_RF_LOC_COVERED), covered);
        if (!covered) continue;
        flagged++;
        rwanda += strcmp(c->alpha2, "RW") == 0;
        uganda += strcmp(c->alpha2, "UG") == 0;
    }
    assert_true(rwanda > 0);
    assert_true(uganda > 0);
    assert_true(flagged >= rwanda + uganda);
    ot_refdata_free(rd);
}

static ot_declaration *read_fixture(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/%s", name);
    ot_workbook *wb = NULL;
    ot_declaration *d = NULL;
    ot_error err;
    if (ot_workbook_open(src_path(rel), NULL, &wb, &err) || ot_template_read(wb, &d, &err))
        fail_msg("%s: %s", name, err.message);
    ot_workbook_close(wb);
    return d;
}

static size_t row_named(const ot_declaration *d, const char *name)
{
    for (size_t i = 0; i < d->smelter_count; i++) {
        const char *n = d->smelters[i].col[OT_SM_NAME].value,
                   *l = d->smelters[i].col[OT_SM_LOOKUP_NAME].value;
        if ((n && strcmp(n, name) == 0) || (l && strcmp(l, name) == 0)) return i;
    }
    fail_msg("no smelter row %s", name);
    return 0;
}

/* EMRT 2.1: the supplier names a Russian cobalt refiner on the Smelter List and, on the
 * Mine List, a DRC mine feeding it; it also lists an unlisted refinery in the DRC. */
static void test_emrt21_fixture(void **state)
{
    (void)state;
    ot_declaration *d = read_fixture("emrt21_valid_deleted_minerals.xlsx");
    ot_mine_links *links;
    ot_error err;
    assert_int_equal(ot_risk_mine_links_new(d, &links, &err), OT_OK);
    const char *mines[4];
    size_t i = row_named(d, "JSC Kolskaya Mining and Metallurgical Company (Kola MMC)");
    size_t n = ot_risk_mine_countries(links, i, NULL, mines, 4);
    assert_int_equal(n, 1);
    assert_string_equal(mines[0], "CONGO, DEMOCRATIC REPUBLIC OF THE");
    const ot_smelter_row *row = &d->smelters[i];
    ot_risk_report rep = {.supplier_id = "SUP-7",
                          .metal = row->col[OT_SM_METAL].value,
                          .country = row->col[OT_SM_COUNTRY].value,
                          .name = row->col[OT_SM_LOOKUP_NAME].value,
                          .mine_countries = mines,
                          .mine_country_count = n};
    ot_risk_smelter s = {.smelter_id = "CID003233",
                         .metal = "Cobalt",
                         .name = "JSC Kolskaya Mining and Metallurgical Company (Kola MMC)",
                         .country = "RUSSIAN FEDERATION",
                         .status_known = true,
                         .status = OT_RMAP_CONFORMANT,
                         .status_as_of = "2025-11-01",
                         .reports = &rep,
                         .report_count = 1};
    ot_risk_result r = assess(&s);
    assert_only(&r, OT_RF_MINE_COVERED);
    assert_string_equal(r.flags[0].reason,
                        "SUP-7 reports a mine in CONGO, DEMOCRATIC REPUBLIC OF THE "
                        "(an SEC covered country)");
    /* its ID typed on another row links to no Mine List row by name; the standard name does */
    size_t by_id = 0;
    assert_int_equal(ot_risk_mine_countries(links, by_id, NULL, mines, 4), 0);
    assert_int_equal(
        ot_risk_mine_countries(
            links, by_id, "JSC Kolskaya Mining and Metallurgical Company (Kola MMC)", mines, 4),
        1);
    /* "Smelter not listed" in the DRC: not resolved, so no status either */
    i = row_named(d, "Katanga Hydromet Cobalt SARL");
    row = &d->smelters[i];
    ot_risk_report rep2 = {.supplier_id = "SUP-7",
                           .metal = row->col[OT_SM_METAL].value,
                           .country = row->col[OT_SM_COUNTRY].value,
                           .name = row->col[OT_SM_NAME].value};
    ot_risk_smelter u = {.metal = "Cobalt",
                         .name = row->col[OT_SM_NAME].value,
                         .country = row->col[OT_SM_COUNTRY].value,
                         .reports = &rep2,
                         .report_count = 1};
    r = assess(&u);
    assert_int_equal(r.count, 2);
    assert_true(ot_risk_result_has(&r, OT_RF_LOC_COVERED));
    assert_true(ot_risk_result_has(&r, OT_RF_RMAP_UNKNOWN));
    assert_int_equal(r.level, OT_RISK_HIGH);
    /* the recycled row names no mine country */
    i = row_named(d, "Salar Andino Litio SpA");
    n = ot_risk_mine_countries(links, i, NULL, mines, 4);
    assert_int_equal(n, 1);
    rep.mine_countries = mines;
    rep.mine_country_count = n;
    s.country = "CHILE";
    assert_int_equal(assess(&s).count, 0);
    ot_risk_mine_links_free(links);
    ot_declaration_free(d);
}

/* A full Mine List (2 500 rows) against a full Smelter List links each row to its own
 * mine, names compared as the matcher compares them, metals respected. */
static void test_mine_links_at_scale(void **state)
{
    (void)state;
    enum { N = 2500 };
    ot_declaration *d = calloc(1, sizeof *d);
    ot_arena_init(&d->arena, 0);
    d->smelters = calloc(N, sizeof *d->smelters);
    d->mines = calloc(N, sizeof *d->mines);
    d->smelter_count = d->mine_count = N;
    for (size_t i = 0; i < N; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "Refinery Number %zu", i);
        d->smelters[i].col[OT_SM_NAME].value = ot_arena_strdup(&d->arena, buf);
        d->smelters[i].col[OT_SM_METAL].value = "Gold";
        snprintf(buf, sizeof buf, "REFINERY NUMBER %zu CO., LTD.", i);
        d->mines[i].col[OT_MN_SMELTER_NAME].value = ot_arena_strdup(&d->arena, buf);
        d->mines[i].col[OT_MN_METAL].value = i % 2 ? "Tin" : "gold";
        d->mines[i].col[OT_MN_COUNTRY].value = "RWANDA";
    }
    ot_mine_links *links;
    ot_error err;
    assert_int_equal(ot_risk_mine_links_new(d, &links, &err), OT_OK);
    size_t linked = 0;
    for (size_t i = 0; i < N; i++) {
        const char *mines[4];
        size_t n = ot_risk_mine_countries(links, i, NULL, mines, 4);
        assert_int_equal(n, i % 2 ? 0 : 1);
        linked += n;
    }
    assert_int_equal(linked, N / 2);
    ot_risk_mine_links_free(links);
    /* no declaration, no Mine List: an empty index */
    assert_int_equal(ot_risk_mine_links_new(NULL, &links, &err), OT_OK);
    assert_int_equal(ot_risk_mine_countries(links, 0, "x", (const char *[1]){0}, 1), 0);
    ot_risk_mine_links_free(links);
    free(d->smelters);
    free(d->mines);
    ot_arena_free(&d->arena);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_smelter_has_no_flag),
        cmocka_unit_test(test_located_in_covered_country),
        cmocka_unit_test(test_located_in_cahra),
        cmocka_unit_test(test_mine_country_reported),
        cmocka_unit_test(test_rmap_status_flags),
        cmocka_unit_test(test_status_age),
        cmocka_unit_test(test_status_undated_or_future),
        cmocka_unit_test(test_watch_list),
        cmocka_unit_test(test_metal_and_country_contradictions),
        cmocka_unit_test(test_level_table),
        cmocka_unit_test(test_bad_evaluation_date),
        cmocka_unit_test(test_reference_smelters_in_covered_countries),
        cmocka_unit_test(test_emrt21_fixture),
        cmocka_unit_test(test_mine_links_at_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
