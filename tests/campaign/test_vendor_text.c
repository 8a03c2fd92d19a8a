/* Text from suppliers' own systems, through the real CLI on a real workspace. One bad row
 * never blocks the others: a contact name with a line break is refused at import with
 * its line, and one already in the database (written here with raw SQL, as data from
 * before the check) makes `campaign send` skip that supplier, name it, write the rest
 * and exit 4. Vendor CSVs in Latin-1 are refused with the line and an --encoding hint,
 * then imported with --encoding latin1; UTF-16 is recognised by its byte-order mark; a
 * NUL byte is refused. JSON rates print as 93.3. Every CSV's bytes are written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "campaign/campaign.h"
#include "store/workspace.h"
#include "testutil.h"
#include "workspace_util.h"

typedef temp_workspace fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ws = open_temp_workspace(&f->dir, "company_name = Buyer Corp\n"
                                         "contact_email = compliance@buyer.example\n");
    ot_workspace_close(f->ws); /* the CLI runs below use the workspace */
    f->ws = NULL;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    close_temp_workspace(NULL, f->dir);
    free(f);
    return 0;
}

static const char *write_csv(const fixture *f, const char *name, const char *bytes, size_t len)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    assert_int_equal(spit(path, bytes, len), 0);
    return path;
}

/* `suppliers list --json` (JSON lines, one supplier each) as an array. */
static json_t *suppliers_list(const fixture *f)
{
    char *out = NULL;
    assert_int_equal(run_clif(&out, NULL, "suppliers list --json --workspace '%s'", f->dir), 0);
    json_t *j = parse_json_lines(out);
    free(out);
    return j;
}

static const char *field(json_t *list, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(list, i), key));
}

static const char header[] = "supplier_id,name,country,category,contact_name,contact_email\n";

static void contact_name_with_a_line_break_is_refused_at_import(void **state)
{
    fixture *f = *state;
    static const char csv[] =
        "supplier_id,name,country,category,contact_name,contact_email\n"
        "S-1,Acme,US,direct,Ann Lee,ann@acme.example\n"
        "S-2,Bolt,DE,direct,\"Jane\r\nBcc: all@evil.example\",jane@bolt.example\n"
        "S-3,Cobalt,FR,direct,Carl,carl@cobalt.example\n";
    const char *path = write_csv(f, "v.csv", csv, sizeof csv - 1);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "suppliers import --workspace '%s' '%s'", f->dir, path),
                     2);
    assert_non_null(strstr(err, "v.csv line 3: contact_name \"Jane\\r\\nBcc: all@evil.example\" "
                                "contains a line break"));
    free(out);
    free(err);
    json_t *list = suppliers_list(f);
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(field(list, 0, "supplier_id"), "S-1");
    assert_string_equal(field(list, 1, "supplier_id"), "S-3");
    json_decref(list);
}

/* The .eml files written for campaign 2025. */
static size_t outbox_files(const fixture *f, char *names, size_t cap)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/outbox/2025", f->dir);
    DIR *d = opendir(dir);
    size_t n = 0;
    names[0] = '\0';
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        n++;
        snprintf(names + strlen(names), cap - strlen(names), "%s ", e->d_name);
    }
    if (d) closedir(d);
    return n;
}

static void stored_line_break_skips_only_that_supplier_at_send(void **state)
{
    fixture *f = *state;
    static const char csv[] = "supplier_id,name,country,category,contact_name,contact_email\n"
                              "S-1,Acme,US,direct,Ann Lee,ann@acme.example\n"
                              "S-2,Bolt,DE,direct,Jane Doe,jane@bolt.example\n"
                              "S-3,Cobalt,FR,direct,Carl,carl@cobalt.example\n";
    const char *path = write_csv(f, "v.csv", csv, sizeof csv - 1);
    assert_int_equal(run_clif(NULL, NULL, "suppliers import --workspace '%s' '%s'", f->dir, path),
                     0);
    /* a name stored before imports checked for line breaks */
    char db[1100];
    snprintf(db, sizeof db, "%s/oretrace.db", f->dir);
    raw_sql(db,
            "UPDATE supplier_contact SET name = 'Jane' || char(13, 10) || 'Bcc: all@evil.example' "
            "WHERE email = 'jane@bolt.example'");
    assert_int_equal(run_clif(NULL, NULL, "campaign new 2025 --workspace '%s'", f->dir), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "campaign send --workspace '%s'", f->dir), 4);
    assert_non_null(strstr(err,
                           "supplier S-2: not sent: To name \"Jane\\r\\nBcc: all@evil.example\" "
                           "<jane@bolt.example> contains a line break"));
    assert_non_null(strstr(out, "2 requests written to the outbox; 1 not written"));
    free(out);
    free(err);
    char names[512];
    assert_int_equal(outbox_files(f, names, sizeof names), 2);
    assert_null(strstr(names, "S-2"));
    /* corrected in the vendor list, the next send writes it (and only it) */
    static const char fixed[] = "supplier_id,contact_name,contact_email\n"
                                "S-2,Jane Doe,jane@bolt.example\n";
    path = write_csv(f, "fixed.csv", fixed, sizeof fixed - 1);
    assert_int_equal(run_clif(NULL, NULL, "suppliers import --workspace '%s' '%s'", f->dir, path),
                     0);
    assert_int_equal(run_clif(&out, NULL, "campaign send --json --workspace '%s'", f->dir), 0);
    json_t *j = parse_json(out);
    assert_int_equal(json_integer_value(json_object_get(j, "written")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "not_sent")), 0);
    json_decref(j);
    free(out);
    assert_int_equal(outbox_files(f, names, sizeof names), 3);
}

static void latin1_csv_is_refused_with_its_line_then_read_when_named(void **state)
{
    fixture *f = *state;
    static const char csv[] =
        "supplier_id,name,country,category,contact_name,contact_email\n"
        "S-1,Acme,US,direct,Ann Lee,ann@acme.example\n"
        "S-2,M\xfcller GmbH,DE,direct,J\xfcrgen M\xfcller,j@mueller.example\n";
    const char *path = write_csv(f, "latin1.csv", csv, sizeof csv - 1);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "suppliers import --workspace '%s' '%s'", f->dir, path),
                     2);
    assert_non_null(strstr(err, "latin1.csv: line 3 is not valid UTF-8 (byte 0xfc)"));
    assert_non_null(strstr(err, "--encoding latin1"));
    free(out);
    free(err);
    json_t *list = suppliers_list(f);
    assert_int_equal(json_array_size(list), 0); /* nothing half-imported */
    json_decref(list);
    assert_int_equal(run_clif(NULL, NULL,
                              "suppliers import --encoding latin1 --workspace '%s' '%s'", f->dir,
                              path),
                     0);
    list = suppliers_list(f);
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(field(list, 1, "name"), "Müller GmbH");
    assert_string_equal(field(list, 1, "contacts"), "Jürgen Müller <j@mueller.example>");
    json_decref(list);
}

static void utf16_csv_is_read_by_its_byte_order_mark(void **state)
{
    fixture *f = *state;
    /* Excel's "Unicode text": UTF-16LE after a byte-order mark */
    const char *text = "supplier_id,name,country,category,contact_name,contact_email\r\n"
                       "S-9,Zinnwerk Süd,DE,direct,Jörg,joerg@zinn.example\r\n";
    unsigned char bytes[512] = {0xFF, 0xFE};
    size_t n = 2;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned cp = *p;
        if (*p >= 0xC0) { /* the two-byte UTF-8 letters above (ü, ö) */
            cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            p++;
        }
        bytes[n++] = (unsigned char)(cp & 0xFF);
        bytes[n++] = (unsigned char)(cp >> 8);
    }
    const char *path = write_csv(f, "utf16.csv", (const char *)bytes, n);
    assert_int_equal(run_clif(NULL, NULL, "suppliers import --workspace '%s' '%s'", f->dir, path),
                     0);
    json_t *list = suppliers_list(f);
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(field(list, 0, "name"), "Zinnwerk Süd");
    assert_string_equal(field(list, 0, "contacts"), "Jörg <joerg@zinn.example>");
    json_decref(list);
}

static void nul_byte_is_refused_not_truncated(void **state)
{
    fixture *f = *state;
    static const char csv[] = "product_id,part_id,contains_3tg,supplier_id\n"
                              "P-1,PART-1,yes,S-1\n"
                              "P-2,PA\0RT-2,no,S-1\n";
    const char *path = write_csv(f, "bom.csv", csv, sizeof csv - 1);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "products import --workspace '%s' '%s'", f->dir, path),
                     2);
    assert_non_null(strstr(err, "bom.csv: line 3 holds a NUL byte"));
    free(out);
    free(err);
    assert_int_equal(run_clif(&out, NULL, "products list --json --workspace '%s'", f->dir), 0);
    json_t *j = parse_json_lines(out);
    assert_int_equal(json_array_size(j), 0);
    json_decref(j);
    free(out);
}

static void json_rate_prints_as_people_expect(void **state)
{
    fixture *f = *state;
    /* 15 suppliers asked, 14 answered: 93.333... percent */
    char csv[2048];
    snprintf(csv, sizeof csv, "%s", header);
    for (int i = 1; i <= 15; i++)
        snprintf(csv + strlen(csv), sizeof csv - strlen(csv),
                 "S-%02d,Vendor %d,US,direct,C,c%d@v.example\n", i, i, i);
    const char *path = write_csv(f, "v.csv", csv, strlen(csv));
    assert_int_equal(run_clif(NULL, NULL, "suppliers import --workspace '%s' '%s'", f->dir, path),
                     0);
    assert_int_equal(run_clif(NULL, NULL, "campaign new 2025 --workspace '%s'", f->dir), 0);
    assert_int_equal(run_clif(NULL, NULL, "campaign send --workspace '%s'", f->dir), 0);
    for (int i = 1; i <= 14; i++)
        assert_int_equal(
            run_clif(NULL, NULL, "campaign mark S-%02d declined --workspace '%s'", i, f->dir), 0);
    char *out = NULL;
    assert_int_equal(run_clif(&out, NULL, "campaign status --json --workspace '%s'", f->dir), 0);
    assert_non_null(strstr(out, "\"response_rate\":93.3,"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(contact_name_with_a_line_break_is_refused_at_import, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(stored_line_break_skips_only_that_supplier_at_send, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(latin1_csv_is_refused_with_its_line_then_read_when_named,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(utf16_csv_is_read_by_its_byte_order_mark, setup, teardown),
        cmocka_unit_test_setup_teardown(nul_byte_is_refused_not_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(json_rate_prints_as_people_expect, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
