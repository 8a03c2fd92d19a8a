/* Linking a received file to a supplier by its company name (ingest/link.c): the name is
 * compared with refdata's normalisation (one normaliser for smelter and company names),
 * and a name several suppliers share links to none of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/campaign.h"
#include "ingest/ingest_internal.h"
#include "workspace_util.h"

static const char *const vendors = "supplier_id,name,country,category,last_purchase,active\n"
                                   "V-1,ACME METAL LIMITED,US,direct,2025-05-01,yes\n"
                                   "V-2,Borealis Tin,SE,direct,2025-05-01,yes\n"
                                   "V-3,Borealis Tin AB,SE,direct,2025-05-01,yes\n"
                                   "V-4,BOREALIS TIN,SE,direct,2025-05-01,yes\n";

typedef struct fixture {
    char *dir;
    ot_workspace *ws;
    ot_linker *linker;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ws = open_temp_workspace(&f->dir, NULL);
    import_vendors(f->ws, vendors, iso_day("2026-01-05"));
    ot_campaign_info c;
    ot_error err;
    assert_int_equal(ot_campaign_create(f->ws, 2025, "CMRT-6.5", "2026-03-31", "test",
                                        iso_day("2026-01-05"), &c, &err),
                     OT_OK);
    assert_int_equal(ot_linker_load(f->ws->db, c.id, &f->linker, &err), OT_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ot_linker_free(f->linker);
    close_temp_workspace(f->ws, f->dir);
    free(f);
    return 0;
}

/* The supplier a declaration with this company name links to, "-" for none. */
static const char *linked_by_name(const fixture *f, const char *company, ot_link *link)
{
    ot_declaration *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->fields[OT_F_COMPANY_NAME].value = company;
    bool found = ot_linker_find(f->linker, "reply.xlsx", d, link);
    free(d);
    return found ? link->supplier_key : "-";
}

static void spellings_refdata_forgives_link_by_name(void **state)
{
    fixture *f = *state;
    ot_link link;
    /* "Metals" and "Metal", "Co., Ltd." and "Limited": the same company */
    assert_string_equal(linked_by_name(f, "Acme Metals Co., Ltd.", &link), "V-1");
    assert_string_equal(link.method, "name");
    assert_true(link.confidence > 0.9);
    assert_string_equal(linked_by_name(f, "acme metal", &link), "V-1");
}

static void a_name_several_suppliers_share_links_to_none(void **state)
{
    fixture *f = *state;
    ot_link link;
    assert_string_equal(linked_by_name(f, "Borealis Tin", &link), "-");
    assert_string_equal(linked_by_name(f, "BOREALIS TIN GmbH", &link), "-");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(spellings_refdata_forgives_link_by_name, setup, teardown),
        cmocka_unit_test_setup_teardown(a_name_several_suppliers_share_links_to_none, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
