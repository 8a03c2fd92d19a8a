/* select.c - naming a campaign: "2025/CMRT", "2025" (while the year has one campaign) or
 * nothing (the most recent), and the list of campaigns (campaign.h). */
#include "campaign.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "template/template.h"

#define CAMPAIGN_COLUMNS "id, reporting_year, family, template, due_date, created_at"

static void info_from(ot_stmt *st, ot_campaign_info *out)
{
    memset(out, 0, sizeof *out);
    out->id = ot_stmt_int(st, 0);
    out->year = (int)ot_stmt_int(st, 1);
    snprintf(out->family, sizeof out->family, "%s", ot_stmt_text(st, 2));
    snprintf(out->template_name, sizeof out->template_name, "%s", ot_stmt_text(st, 3));
    snprintf(out->due_date, sizeof out->due_date, "%s", ot_stmt_text(st, 4));
    snprintf(out->created_at, sizeof out->created_at, "%s", ot_stmt_text(st, 5));
}

/* The campaigns of a year (year 0: of the highest year), newest first, into rows[max];
 * *n receives how many there are (may exceed max). */
static ot_code year_campaigns(ot_db *db, int year, ot_campaign_info *rows, size_t max, size_t *n,
                              ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT " CAMPAIGN_COLUMNS " FROM campaign WHERE reporting_year = "
                               "CASE WHEN ? = 0 THEN (SELECT MAX(reporting_year) FROM campaign) "
                               "ELSE ? END ORDER BY id DESC",
                               &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_all(st, OT_DB_PARAMS(ot_db_int(year), ot_db_int(year)), err);
    *n = 0;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (*n < max) info_from(st, &rows[*n]);
        (*n)++;
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

ot_code ot_campaign_get_family(ot_workspace *ws, int year, const char *family,
                               ot_campaign_info *out, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(ws->db,
                               "SELECT " CAMPAIGN_COLUMNS " FROM campaign WHERE reporting_year = ? "
                               "AND family = ?",
                               &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_all(st, OT_DB_PARAMS(ot_db_int(year), ot_db_text(family)), err);
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) info_from(st, out);
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err->code;
    if (s == OT_STEP_DONE) return ot_fail(err, OT_E_NOT_FOUND, "no campaign %d/%s", year, family);
    return OT_OK;
}

/* The year's campaign while it has one; "2025 has 2 campaigns: 2025/EMRT, 2025/CMRT". */
static ot_code only_campaign(ot_workspace *ws, int year, ot_campaign_info *out, ot_error *err)
{
    ot_campaign_info rows[8];
    size_t n = 0;
    ot_code rc = year_campaigns(ws->db, year, rows, 8, &n, err);
    if (rc != OT_OK) return rc;
    if (n == 0) {
        if (year) return ot_fail(err, OT_E_NOT_FOUND, "no campaign for %d", year);
        return ot_fail(err, OT_E_NOT_FOUND, "no campaign yet");
    }
    if (n == 1 || year == 0) { /* nothing named: the most recent */
        *out = rows[0];
        return OT_OK;
    }
    char names[160] = "";
    size_t len = 0;
    for (size_t i = n < 8 ? n : 8; i-- > 0;)
        len += (size_t)snprintf(names + len, len < sizeof names ? sizeof names - len : 0, "%s%d/%s",
                                len ? ", " : "", rows[i].year, rows[i].family);
    return ot_fail(err, OT_E_USAGE, "%d has %zu campaigns: %s; name one as YEAR/FAMILY", year, n,
                   names);
}

ot_code ot_campaign_find_year(ot_workspace *ws, const char *selector, ot_campaign_info *out,
                              ot_error *err)
{
    if (selector && strchr(selector, '/')) return ot_campaign_find(ws, selector, out, err);
    ot_code rc = ot_campaign_find(ws, selector, out, err);
    if (rc != OT_E_USAGE || !selector) return rc;
    ot_campaign_info rows[8];
    size_t n = 0;
    long year = strtol(selector, NULL, 10);
    rc = year_campaigns(ws->db, (int)year, rows, 8, &n, err);
    if (rc == OT_OK && n) *out = rows[n < 8 ? n - 1 : 7]; /* newest first: the last is the first */
    return rc;
}

ot_code ot_campaign_get(ot_workspace *ws, int year, ot_campaign_info *out, ot_error *err)
{
    return only_campaign(ws, year, out, err);
}

ot_code ot_campaign_find(ot_workspace *ws, const char *selector, ot_campaign_info *out,
                         ot_error *err)
{
    memset(out, 0, sizeof *out);
    if (!selector || !*selector) return only_campaign(ws, 0, out, err);
    char *end;
    long year = strtol(selector, &end, 10);
    if (end == selector || !isdigit((unsigned char)*selector) || year < 2000 || year > 9999 ||
        (*end && *end != '/'))
        return ot_fail(err, OT_E_USAGE,
                       "'%s' names no campaign: give YEAR or YEAR/FAMILY (e.g. 2025/CMRT)",
                       selector);
    if (!*end) return only_campaign(ws, (int)year, out, err);
    ot_family f;
    if (!ot_family_parse(end + 1, &f))
        return ot_fail(err, OT_E_USAGE,
                       "'%s' names no campaign: the family is CMRT, EMRT, CRT or AMRT", selector);
    return ot_campaign_get_family(ws, (int)year, ot_family_name(f), out, err);
}

ot_code ot_campaign_list(ot_workspace *ws, ot_campaign_summary **out, size_t *n, ot_error *err)
{
    *out = NULL;
    *n = 0;
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db,
        "SELECT " CAMPAIGN_COLUMNS ", "
        "(SELECT COUNT(*) FROM request r WHERE r.campaign_id = c.id AND r.status <> "
        "'out_of_scope'), "
        "(SELECT COUNT(*) FROM request r WHERE r.campaign_id = c.id AND r.requested_on IS NOT "
        "NULL), "
        "(SELECT COUNT(*) FROM campaign_file f WHERE f.campaign_id = c.id) "
        "FROM campaign c ORDER BY reporting_year, family",
        &st, err);
    if (rc != OT_OK) return rc;
    size_t cap = 0;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            ot_campaign_summary *g = realloc(*out, cap * sizeof *g);
            if (!g) {
                s = OT_STEP_ERROR;
                ot_fail(err, OT_E_NOMEM, "out of memory listing the campaigns");
                break;
            }
            *out = g;
        }
        ot_campaign_summary *c = &(*out)[(*n)++];
        info_from(st, &c->c);
        c->suppliers_in_scope = ot_stmt_int(st, 6);
        c->surveyed = ot_stmt_int(st, 7);
        c->files = ot_stmt_int(st, 8);
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}
