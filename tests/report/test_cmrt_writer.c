/* test_cmrt_writer.c - ot_cmrt_fill on the official CMRT 6.5 template (vendored in
 * tests/fixtures/reference), with input filled by hand:
 *  - `oretrace inspect --json` reads back exactly what was written (company fields, the
 *    effective date as a date, answers, company questions, smelter rows by ID and as
 *    "Smelter not listed", products) and `validate --json` finds no error;
 *  - every zip entry except the rewritten sheets and workbook.xml is the template's, bit for
 *    bit (even the compressed bytes: copied, not recompressed); workbook.xml gains only
 *    fullCalcOnLoad="1"; each cell keeps its style; the data validations are unchanged;
 *  - a template with a calculation chain loses it with its relationship and override;
 *  - bad input: an answer outside its drop-down, a country outside the list, a workbook
 *    that is no RMI template, a template version the writer does not fill, an output
 *    path that cannot be written - each an error, no file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zip.h>

#include "report/cmrt_writer.h"
#include "testutil.h"

#define TEMPLATE "rmi-templates/RMI_CMRT_6.5.xlsx"

static const char *const METALS[] = {"Tantalum", "Tin", "Gold", "Tungsten"};

typedef struct sample {
    ot_cmrt_input in;
    ot_cmrt_metal metals[4];
    ot_cmrt_smelter smelters[4];
    ot_cmrt_product products[2];
} sample;

static void sample_init(sample *s, char scope)
{
    memset(s, 0, sizeof *s);
    ot_cmrt_input *in = &s->in;
    in->language = "English";
    in->fields[OT_F_COMPANY_NAME] = "Northwind & Sons <Sensors> Ltd";
    in->fields[OT_F_SCOPE] = scope == 'B' ? "B" : "A. Company";
    in->fields[OT_F_UNIQUE_ID] = "081466849";
    in->fields[OT_F_UNIQUE_ID_AUTHORITY] = "Dun & Bradstreet";
    in->fields[OT_F_ADDRESS] = "1 Mill Lane\nLeeds LS1 4AP";
    in->fields[OT_F_CONTACT_NAME] = "Ada Byron";
    in->fields[OT_F_CONTACT_EMAIL] = "ada@northwind.example";
    in->fields[OT_F_CONTACT_PHONE] = "+44 113 555 0199";
    in->fields[OT_F_AUTHORIZER_NAME] = "Grace Hopper";
    in->fields[OT_F_AUTHORIZER_TITLE] = "Chief Compliance Officer";
    in->fields[OT_F_AUTHORIZER_EMAIL] = "grace@northwind.example";
    in->fields[OT_F_AUTHORIZER_PHONE] = "+44 113 555 0100";
    in->fields[OT_F_EFFECTIVE_DATE] = "2026-01-20";
    for (int m = 0; m < 4; m++) {
        ot_cmrt_metal *x = &s->metals[m];
        x->metal = METALS[m];
        x->q[OT_Q_INTENTIONAL].answer = "Yes";
        x->q[OT_Q_REMAINS].answer = "yes"; /* drop-down spelling is restored */
        x->q[OT_Q_COVERED_COUNTRIES].answer = m == 2 ? "Unknown" : "No";
        x->q[OT_Q_COVERED_COUNTRIES].comment = m == 2 ? "2 suppliers could not say" : NULL;
        x->q[OT_Q_CAHRA].answer = "No";
        x->q[OT_Q_RECYCLED].answer = "No";
        x->q[OT_Q_RESPONSE_RATE].answer = "Greater than 90%";
        x->q[OT_Q_ALL_SMELTERS].answer = "Yes";
        x->q[OT_Q_ALL_INFO_REPORTED].answer = "Yes";
    }
    in->metal_count = 4;
    in->metals = s->metals;
    static const char *const yes[] = {"Yes", "Yes", "Yes", "Yes"};
    in->company[OT_CQ_POLICY] = (ot_cmrt_answer){yes[0], "Policy of 2024-03-01; see B"};
    in->company[OT_CQ_POLICY_PUBLIC] = (ot_cmrt_answer){"Yes", "https://northwind.example/3tg"};
    in->company[OT_CQ_REQUIRE_VALIDATED] = (ot_cmrt_answer){"Yes", NULL};
    in->company[OT_CQ_DUE_DILIGENCE] = (ot_cmrt_answer){"Yes", NULL};
    in->company[OT_CQ_SURVEY] =
        (ot_cmrt_answer){"Yes, in conformance with IPC1755 (e.g., CMRT)", NULL};
    in->company[OT_CQ_REVIEW] = (ot_cmrt_answer){"Yes", NULL};
    in->company[OT_CQ_CORRECTIVE] = (ot_cmrt_answer){"Yes", NULL};
    in->company[OT_CQ_DISCLOSURE] = (ot_cmrt_answer){"Yes, with the SEC", NULL};
    /* three IDs of the template's look-up (one per metal row below) and one it lacks */
    s->smelters[0] = (ot_cmrt_smelter){"CID002549", "Tantalum", NULL, NULL, "No", "audit 2025"};
    s->smelters[1] = (ot_cmrt_smelter){"CID000292", "Tin", NULL, NULL, NULL, NULL};
    s->smelters[2] = (ot_cmrt_smelter){"CID000015", "Gold", NULL, NULL, NULL, NULL};
    s->smelters[3] = (ot_cmrt_smelter){"CID999001", "Tungsten", "Example Tungsten Works",
                                       "viet nam",  NULL,       "RMI ID CID999001"};
    in->smelter_count = 4;
    in->smelters = s->smelters;
    if (scope == 'B') {
        s->products[0] = (ot_cmrt_product){"NW-100", "Pressure sensor", NULL};
        s->products[1] = (ot_cmrt_product){"4713", NULL, "numeric-looking number"};
        in->product_count = 2;
        in->products = s->products;
    }
}

static char *fill_to(const sample *s, const char *name)
{
    char *path = malloc(strlen(test_dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", test_dir, name);
    ot_cmrt_output info;
    ot_error err = {0};
    ot_code rc = ot_cmrt_fill_file(vendored_path(TEMPLATE), &s->in, path, &info, &err);
    if (rc) fail_msg("fill: %s", err.message);
    if (getenv("CMRT_KEEP")) { /* debugging: keep a copy */
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "cp '%s' /tmp/cmrtdbg/", path);
        if (system(cmd) != 0) fprintf(stderr, "copy failed\n");
    }
    return path;
}

static json_t *cli_json(const char *cmd, const char *path, int want)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "%s --json '%s'", cmd, path);
    if (rc != want) fail_msg("%s: exit %d (want %d): %s", cmd, rc, want, err);
    json_t *j = parse_json(out);
    free(out);
    free(err);
    return j;
}

static const char *jstr(json_t *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = o;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = json_object_get(cur, tok);
    return json_string_value(cur);
}

static void assert_company(json_t *d)
{
    assert_string_equal(jstr(d, "template.type"), "CMRT");
    assert_string_equal(jstr(d, "template.version"), "6.5");
    assert_string_equal(jstr(d, "company.name"), "Northwind & Sons <Sensors> Ltd");
    assert_string_equal(jstr(d, "company.scope"), "A. Company");
    assert_string_equal(jstr(d, "company.authorization_id"), "Dun & Bradstreet");
    assert_string_equal(jstr(d, "company.address"), "1 Mill Lane\nLeeds LS1 4AP");
    assert_string_equal(jstr(d, "company.contact.email"), "ada@northwind.example");
    assert_string_equal(jstr(d, "company.contact.phone"), "+44 113 555 0199");
    assert_string_equal(jstr(d, "company.authorizer.title"), "Chief Compliance Officer");
    assert_string_equal(jstr(d, "company.effective_date"), "2026-01-20");
    assert_string_equal(jstr(d, "questions.2.Tin.answer"), "Yes");
    assert_string_equal(jstr(d, "questions.3.Gold.answer"), "Unknown");
    assert_string_equal(jstr(d, "questions.3.Gold.comment"), "2 suppliers could not say");
    assert_null(jstr(d, "questions.3.Tin.comment"));
    assert_string_equal(jstr(d, "questions.6.Tungsten.answer"), "Greater than 90%");
    assert_string_equal(jstr(d, "company_questions.A.comment"), "Policy of 2024-03-01; see B");
    assert_string_equal(jstr(d, "company_questions.B.comment"), "https://northwind.example/3tg");
    assert_string_equal(jstr(d, "company_questions.E.answer"),
                        "Yes, in conformance with IPC1755 (e.g., CMRT)");
    assert_string_equal(jstr(d, "company_questions.H.answer"), "Yes, with the SEC");
}

static void assert_smelters(json_t *d)
{
    json_t *sm = json_object_get(d, "smelters");
    assert_int_equal(json_array_size(sm), 4);
    json_t *r0 = json_array_get(sm, 0), *r3 = json_array_get(sm, 3);
    assert_int_equal(json_integer_value(json_object_get(r0, "row")), 5);
    assert_string_equal(jstr(r0, "smelter_id_input"), "CID002549");
    assert_string_equal(jstr(r0, "recycled_scrap"), "No");
    assert_string_equal(jstr(r0, "comments"), "audit 2025");
    /* typed: only the ID; metal, name and country are the template's formulas */
    assert_null(jstr(r0, "metal"));
    assert_null(jstr(r0, "lookup_name"));
    assert_string_equal(jstr(json_array_get(sm, 1), "smelter_id_input"), "CID000292");
    assert_string_equal(jstr(json_array_get(sm, 2), "smelter_id_input"), "CID000015");
    assert_int_equal(json_integer_value(json_object_get(r3, "row")), 8);
    assert_null(jstr(r3, "smelter_id_input"));
    assert_string_equal(jstr(r3, "metal"), "Tungsten");
    assert_string_equal(jstr(r3, "lookup_name"), "Smelter not listed");
    assert_string_equal(jstr(r3, "name"), "Example Tungsten Works");
    assert_string_equal(jstr(r3, "country"), "VIET NAM"); /* the list's spelling */
}

/* validate: status valid, no finding of severity error */
static void assert_valid(const char *path)
{
    json_t *v = cli_json("validate", path, 0);
    json_t *findings = json_object_get(v, "findings");
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *sev = json_string_value(json_object_get(f, "severity"));
        if (sev && strcmp(sev, "error") == 0)
            fail_msg("validate error finding: %s", json_dumps(f, JSON_COMPACT));
    }
    json_decref(v);
}

static ot_code fill_expect_error(const char *tpl, const sample *s, const char *want_text);

static void company_scope_reads_back_exactly(void **state)
{
    (void)state;
    sample s;
    sample_init(&s, 'A');
    char *path = fill_to(&s, "company.xlsx");
    json_t *d = cli_json("inspect", path, 0);
    assert_company(d);
    assert_smelters(d);
    assert_int_equal(json_array_size(json_object_get(d, "products")), 0);
    json_decref(d);
    assert_valid(path);
    free(path);
}

static void product_scope_writes_the_product_list(void **state)
{
    (void)state;
    sample s;
    sample_init(&s, 'B');
    char *path = fill_to(&s, "product.xlsx");
    json_t *d = cli_json("inspect", path, 0);
    assert_string_equal(jstr(d, "company.scope"), "B. Product (or List of Products)");
    json_t *pr = json_object_get(d, "products");
    assert_int_equal(json_array_size(pr), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(pr, 0), "row")), 6);
    assert_string_equal(jstr(json_array_get(pr, 0), "number"), "NW-100");
    assert_string_equal(jstr(json_array_get(pr, 0), "name"), "Pressure sensor");
    assert_string_equal(jstr(json_array_get(pr, 1), "number"), "4713");
    assert_string_equal(jstr(json_array_get(pr, 1), "comments"), "numeric-looking number");
    json_decref(d);
    assert_valid(path);
    free(path);
}

/* The user's overrides win over the derived answers, their notes become the comments,
 * and a metal overridden to "No" in question 1 loses its later answers. */
static void overrides_replace_answers(void **state)
{
    (void)state;
    sample s;
    sample_init(&s, 'A');
    const ot_cmrt_override ov[] = {
        {"3", "Tin", "Unknown", "smelter audit of supplier S-7 pending"},
        {"1", "tungsten", "No", "tungsten part discontinued"},
    };
    s.in.overrides = ov;
    s.in.override_count = 2;
    char *path = fill_to(&s, "overrides.xlsx");
    json_t *d = cli_json("inspect", path, 0);
    assert_string_equal(jstr(d, "questions.3.Tin.answer"), "Unknown");
    assert_string_equal(jstr(d, "questions.3.Tin.comment"),
                        "smelter audit of supplier S-7 pending");
    assert_string_equal(jstr(d, "questions.1.Tungsten.answer"), "No");
    assert_null(jstr(d, "questions.2.Tungsten.answer"));
    assert_null(jstr(d, "questions.8.Tungsten.answer"));
    assert_string_equal(jstr(d, "questions.8.Gold.answer"), "Yes");
    json_decref(d);
    free(path);

    const ot_cmrt_override bad[] = {{"9", "Tin", "Yes", "no such question"}};
    s.in.overrides = bad;
    s.in.override_count = 1;
    assert_int_equal(fill_expect_error(vendored_path(TEMPLATE), &s, "no question 9 for Tin"),
                     OT_E_INVALID);
}

/* ---- the package ------------------------------------------------------------------- */

static char *entry(zip_t *za, zip_int64_t i, zip_flags_t fl, size_t *len)
{
    zip_stat_t st;
    assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
    size_t n = fl & ZIP_FL_COMPRESSED ? st.comp_size : st.size;
    char *buf = malloc(n + 1);
    zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, fl);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, buf, n), (zip_int64_t)n);
    zip_fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static char *named(zip_t *za, const char *name, size_t *len)
{
    zip_int64_t i = zip_name_locate(za, name, 0);
    if (i < 0) fail_msg("no entry %s", name);
    return entry(za, i, 0, len);
}

static zip_t *open_zip(const char *path)
{
    int ze;
    zip_t *za = zip_open(path, ZIP_RDONLY, &ze);
    if (!za) fail_msg("cannot open %s as zip", path);
    return za;
}

/* Compares every entry; returns the names that differ, comma-separated. */
static void diff_entries(zip_t *a, zip_t *b, char *changed, size_t size)
{
    changed[0] = '\0';
    zip_int64_t n = zip_get_num_entries(a, 0);
    assert_int_equal(zip_get_num_entries(b, 0), n);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(a, (zip_uint64_t)i, 0);
        assert_string_equal(zip_get_name(b, (zip_uint64_t)i, 0), name); /* same order */
        size_t la, lb;
        char *x = entry(a, i, 0, &la), *y = entry(b, i, 0, &lb);
        bool same = la == lb && memcmp(x, y, la) == 0;
        free(x);
        free(y);
        if (!same) {
            snprintf(changed + strlen(changed), size - strlen(changed), "%s,", name);
            continue;
        }
        x = entry(a, i, ZIP_FL_COMPRESSED, &la); /* copied raw, not recompressed */
        y = entry(b, i, ZIP_FL_COMPRESSED, &lb);
        if (la != lb || memcmp(x, y, la) != 0) fail_msg("%s was recompressed", name);
        free(x);
        free(y);
    }
}

/* The next cell tag at or after p: its reference and style (-1 when none); NULL at the end.
 * A plain loop, not strstr: under ASan each strstr measures the whole 5.7 MB string. */
static const char *next_cell(const char *p, char ref[16], long *style)
{
    for (; *p; p++)
        if (p[0] == '<' && p[1] == 'c' && p[2] == ' ' && p[3] == 'r' && p[4] == '=') break;
    if (!*p) return NULL;
    size_t n = 0;
    for (const char *r = p + 6; *r != '"' && n < 15; r++)
        ref[n++] = *r;
    ref[n] = '\0';
    *style = -1;
    for (const char *a = p + 6; *a && *a != '>'; a++)
        if (a[0] == ' ' && a[1] == 's' && a[2] == '=' && a[3] == '"') *style = atol(a + 4);
    return p + 1;
}

/* Every cell of the template's part keeps its s= in the output. Cells stay in their
 * order, so one walk over both finds each template cell in the output (linear: the
 * Smelter List has some 75,000 cells). */
static void assert_styles_kept(const char *tpl, const char *out)
{
    size_t cells = 0;
    char tref[16], oref[16];
    long tstyle, ostyle;
    const char *q = out;
    for (const char *p = next_cell(tpl, tref, &tstyle); p; p = next_cell(p, tref, &tstyle)) {
        do {
            q = next_cell(q, oref, &ostyle);
            if (!q) fail_msg("cell %s of the template is missing", tref);
        } while (strcmp(oref, tref) != 0);
        if (tstyle != ostyle) fail_msg("cell %s: style %ld became %ld", tref, tstyle, ostyle);
        cells++;
    }
    assert_true(cells > 1000);
}

/* Everything outside <sheetData> (data validations, merges, protection) is unchanged. */
static void assert_frame_kept(const char *tpl, const char *out)
{
    const char *ta = strstr(tpl, "<sheetData"), *oa = strstr(out, "<sheetData");
    assert_int_equal(ta - tpl, oa - out);
    assert_memory_equal(tpl, out, (size_t)(ta - tpl));
    const char *tz = strstr(tpl, "</sheetData>"), *oz = strstr(out, "</sheetData>");
    assert_string_equal(tz, oz);
    assert_non_null(strstr(tz, "<dataValidations"));
}

static void only_changed_parts_differ(void **state)
{
    (void)state;
    sample s;
    sample_init(&s, 'A');
    char *path = fill_to(&s, "parts.xlsx");
    zip_t *a = open_zip(vendored_path(TEMPLATE)), *b = open_zip(path);
    char changed[512];
    diff_entries(a, b, changed, sizeof changed);
    assert_string_equal(changed,
                        "xl/workbook.xml,xl/worksheets/sheet4.xml,xl/worksheets/sheet5.xml,");
    size_t la, lb;
    char *wa = named(a, "xl/workbook.xml", &la), *wb = named(b, "xl/workbook.xml", &lb);
    assert_non_null(strstr(wa, "<calcPr calcId=\"191029\" concurrentCalc=\"0\"/>"));
    assert_non_null(
        strstr(wb, "<calcPr calcId=\"191029\" concurrentCalc=\"0\" fullCalcOnLoad=\"1\"/>"));
    assert_int_equal(lb, la + strlen(" fullCalcOnLoad=\"1\""));
    for (int sheet = 4; sheet <= 5; sheet++) {
        char part[64];
        snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", sheet);
        char *ta = named(a, part, &la), *tb = named(b, part, &lb);
        assert_styles_kept(ta, tb);
        assert_frame_kept(ta, tb);
        free(ta);
        free(tb);
    }
    free(wa);
    free(wb);
    zip_close(a);
    zip_close(b);
    free(path);
}

static void put_entry(zip_t *za, const char *name, const char *text)
{
    zip_source_t *src = zip_source_buffer(za, strdup(text), strlen(text), 1);
    assert_true(zip_file_add(za, name, src, ZIP_FL_OVERWRITE) >= 0);
}

static char *insert_before(const char *xml, const char *marker, const char *text)
{
    const char *at = strstr(xml, marker);
    assert_non_null(at);
    char *out = malloc(strlen(xml) + strlen(text) + 1);
    sprintf(out, "%.*s%s%s", (int)(at - xml), xml, text, at);
    return out;
}

/* The vendored template with a calculation chain, as CMRT 6.01 and 6.22 ship. */
static char *template_with_chain(void)
{
    char *path = malloc(strlen(test_dir) + 32);
    sprintf(path, "%s/with_chain.xlsx", test_dir);
    size_t len;
    char *bytes = slurp(vendored_path(TEMPLATE), &len);
    assert_int_equal(spit(path, bytes, len), 0);
    free(bytes);
    zip_t *za = zip_open(path, 0, NULL);
    assert_non_null(za);
    char *rels = named(za, "xl/_rels/workbook.xml.rels", &len);
    char *types = named(za, "[Content_Types].xml", &len);
    char *r2 = insert_before(rels, "</Relationships>",
                             "<Relationship Id=\"rId99\" Type=\"http://schemas.openxmlformats.org/"
                             "officeDocument/2006/relationships/calcChain\" "
                             "Target=\"calcChain.xml\"/>");
    char *t2 = insert_before(types, "</Types>",
                             "<Override PartName=\"/xl/calcChain.xml\" ContentType=\"application/"
                             "vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml\"/>");
    put_entry(za, "xl/_rels/workbook.xml.rels", r2);
    put_entry(za, "[Content_Types].xml", t2);
    put_entry(za, "xl/calcChain.xml",
              "<calcChain xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
              "<c r=\"B4\" i=\"6\"/></calcChain>");
    assert_int_equal(zip_close(za), 0);
    free(rels);
    free(types);
    free(r2);
    free(t2);
    return path;
}

static void calc_chain_is_dropped(void **state)
{
    (void)state;
    char *tpl = template_with_chain();
    char out[1024];
    snprintf(out, sizeof out, "%s/chainless.xlsx", test_dir);
    sample s;
    sample_init(&s, 'A');
    ot_cmrt_output info;
    ot_error err = {0};
    assert_int_equal(ot_cmrt_fill_file(tpl, &s.in, out, &info, &err), OT_OK);
    zip_t *za = open_zip(out);
    assert_true(zip_name_locate(za, "xl/calcChain.xml", 0) < 0);
    size_t len;
    char *rels = named(za, "xl/_rels/workbook.xml.rels", &len);
    char *types = named(za, "[Content_Types].xml", &len);
    assert_null(strstr(rels, "calcChain"));
    assert_null(strstr(types, "calcChain"));
    assert_non_null(strstr(rels, "worksheets/sheet4.xml")); /* the others stay */
    assert_non_null(strstr(types, "/xl/worksheets/sheet4.xml"));
    free(rels);
    free(types);
    zip_close(za);
    json_t *d = cli_json("inspect", out, 0);
    assert_company(d);
    json_decref(d);
    free(tpl);
}

/* ---- bad input --------------------------------------------------------------------- */

static ot_code fill_expect_error(const char *tpl, const sample *s, const char *want_text)
{
    char out[1024];
    snprintf(out, sizeof out, "%s/never.xlsx", test_dir);
    ot_cmrt_output info;
    ot_error err = {0};
    ot_code rc = ot_cmrt_fill_file(tpl, &s->in, out, &info, &err);
    assert_int_not_equal(rc, OT_OK);
    if (!strstr(err.message, want_text))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, want_text);
    assert_null(slurp(out, NULL)); /* no file, not even a partial one */
    return rc;
}

static void bad_values_are_refused(void **state)
{
    (void)state;
    sample s;
    sample_init(&s, 'A');
    s.metals[1].q[OT_Q_INTENTIONAL].answer = "Maybe";
    assert_int_equal(fill_expect_error(vendored_path(TEMPLATE), &s, "question 1 for Tin"),
                     OT_E_INVALID);
    sample_init(&s, 'A');
    s.smelters[3].country = "Atlantis";
    assert_int_equal(fill_expect_error(vendored_path(TEMPLATE), &s, "\"Atlantis\""), OT_E_INVALID);
    sample_init(&s, 'A');
    s.in.company[OT_CQ_POLICY].comment = "=HYPERLINK(\"http://x.example\")";
    assert_int_equal(fill_expect_error(vendored_path(TEMPLATE), &s, "Declaration!G75"),
                     OT_E_INVALID);
    sample_init(&s, 'A');
    s.in.fields[OT_F_EFFECTIVE_DATE] = "2006-12-31";
    assert_int_equal(fill_expect_error(vendored_path(TEMPLATE), &s, "effective date"),
                     OT_E_INVALID);
}

static void bad_templates_are_refused(void **state)
{
    (void)state;
    sample s;
    sample_init(&s, 'A');
    assert_int_equal(fill_expect_error(src_path("tests/fixtures/hostile/not_a_template.xlsx"), &s,
                                       "not an RMI reporting template"),
                     OT_E_NOT_TEMPLATE);
    assert_int_equal(
        fill_expect_error(src_path("tests/fixtures/emrt13_valid.xlsx"), &s, "EMRT 1.3"),
        OT_E_INVALID);
    assert_int_equal(fill_expect_error(src_path("tests/fixtures/hostile/not_a_zip.xlsx"), &s, ""),
                     OT_E_NOT_WORKBOOK);
}

static void unwritable_output_is_an_error(void **state)
{
    (void)state;
    sample s;
    sample_init(&s, 'A');
    ot_cmrt_output info;
    ot_error err = {0};
    ot_code rc = ot_cmrt_fill_file(vendored_path(TEMPLATE), &s.in, "/nonexistent-dir/ours.xlsx",
                                   &info, &err);
    assert_int_not_equal(rc, OT_OK);
    assert_non_null(strstr(err.message, "/nonexistent-dir/ours.xlsx"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(company_scope_reads_back_exactly),
        cmocka_unit_test(product_scope_writes_the_product_list),
        cmocka_unit_test(overrides_replace_answers),
        cmocka_unit_test(only_changed_parts_differ),
        cmocka_unit_test(calc_chain_is_dropped),
        cmocka_unit_test(bad_values_are_refused),
        cmocka_unit_test(bad_templates_are_refused),
        cmocka_unit_test(unwritable_output_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
