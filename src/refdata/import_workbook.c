/* import_workbook.c - reference lists from RMI template workbooks.
 *
 * Only a genuine RMI template is read, and as strictly as `inspect` reads one: the file
 * is opened and its declaration extracted by the template module (which refuses what is
 * not a template), then every sheet is loaded, so a DOCTYPE, a zip bomb or a broken
 * part anywhere in the file refuses it (the reader loads sheets on demand: reading only
 * the look-up sheet let hostile parts elsewhere through).
 *
 * Which sheet holds the list, and in which columns, is data (sheet_layouts below,
 * rmi-templates.md 3.7, 4.4, 4.5), each for the template versions that have it: every
 * layout of the detected version whose sheet exists is read, so a CMRT 3.01 file
 * contributes both its hidden look-up (aliases with CIDs) and its Standard Smelter Names
 * (old ID -> CID). A layout's sheet must have the template's structure (its signature
 * cell, the shape of its IDs). The template module tells the family and version for the
 * source label; the revision date (Declaration!J3, second line) dates the list. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader/workbook.h"
#include "refdata/refdata_internal.h"
#include "template/template.h"
#include "util/text.h"

/* What the ID column of a layout holds: header labels are translated or missing in some
 * files (the .xls 3.01 has none), so layouts are told apart by the shape of their IDs. */
typedef enum { IDS_ANY, IDS_CID, IDS_LEGACY } id_shape;

/* Which templates carry a layout: CMRT by major version, and the other families. */
typedef enum { FOR_CMRT2 = 1, FOR_CMRT3 = 2, FOR_CMRT_LOOKUP = 4, FOR_OTHERS = 8 } for_versions;

typedef struct sheet_layout {
    const char *sheet;
    unsigned versions; /* for_versions */
    /* a cell whose text the template fixes (not translated); 0 = none */
    uint32_t sig_row, sig_col;
    const char *sig_text;
    id_shape id_shape, legacy_shape;
    uint32_t first_row;
    /* 1-based columns, 0 = absent */
    uint8_t metal, alias, standard, country, id, legacy_id, id_source, street, city, state;
    bool alias_is_list; /* "Known alias": several names separated by "," without a space */
    const char *what;
} sheet_layout;

enum { A = 1, B, C, D, E, F, G, H, I };

enum { J = 10 };

static const sheet_layout sheet_layouts[] = {
    {"Smelter Look-up",
     FOR_CMRT_LOOKUP | FOR_OTHERS,
     4,
     J,
     "METAL+Alias",
     IDS_ANY,
     IDS_ANY,
     5,
     A,
     B,
     C,
     D,
     E,
     0,
     F,
     G,
     H,
     I,
     false,
     "look-up of CMRT 6.x, EMRT, CRT, AMRT 1.3"},
    {"K",     FOR_CMRT3, 0, 0,    NULL,
     IDS_CID, IDS_ANY,   2, A,    B,
     D,       C,         F, 0,    G,
     0,       0,         0, true, "hidden look-up of CMRT 3.01 (2.03's has no IDs)"},
    {"Standard Smelter Names",
     FOR_CMRT3,
     0,
     0,
     NULL,
     IDS_CID,
     IDS_LEGACY,
     3,
     A,
     0,
     B,
     C,
     E,
     D,
     0,
     0,
     0,
     0,
     false,
     "standard names of CMRT 3.01 (old ID -> CID)"},
    {"Standard Smelter Names",
     FOR_CMRT2,
     0,
     0,
     NULL,
     IDS_LEGACY,
     IDS_ANY,
     3,
     A,
     C,
     B,
     D,
     E,
     0,
     0,
     0,
     0,
     0,
     true,
     "standard names of CMRT 2.00-2.03a"},
};

static const char *cell_text(const ot_sheet *sh, uint32_t row, uint32_t col, char buf[32])
{
    if (!col) return NULL;
    const ot_cell *c = ot_sheet_cell(sh, row, col);
    if (!c) return NULL;
    if (c->kind == OT_CELL_TEXT) return c->text;
    if (c->kind == OT_CELL_NUMBER) {
        ot_format_number(c->number, buf);
        return buf;
    }
    return NULL; /* errors (#N/A) and booleans carry no reference data */
}

static bool has_shape(const char *id, id_shape shape)
{
    if (shape == IDS_ANY) return true;
    char canon[32];
    if (!id || !ot_refdata_canonical_id(id, canon)) return false;
    bool cid = strncmp(canon, "CID", 3) == 0;
    return shape == IDS_CID ? cid : !cid && canon[0] >= '0' && canon[0] <= '9';
}

/* The layout fits when its signature cell says what the template's does and its ID
 * columns hold IDs of the expected shape in the first rows. */
static bool layout_fits(const ot_sheet *sh, const sheet_layout *l)
{
    if (l->sig_text) {
        char buf[32];
        const char *t = cell_text(sh, l->sig_row, l->sig_col, buf);
        if (!t || strcmp(t, l->sig_text) != 0) return false;
    }
    if (l->id_shape == IDS_ANY && l->legacy_shape == IDS_ANY) return true;
    for (uint32_t row = l->first_row; row < l->first_row + 10; row++) {
        char b1[32], b2[32];
        const char *id = cell_text(sh, row, l->id, b1);
        if (!id) continue;
        const char *legacy = l->legacy_id ? cell_text(sh, row, l->legacy_id, b2) : NULL;
        if (has_shape(id, l->id_shape) && (!l->legacy_id || has_shape(legacy, l->legacy_shape)))
            return true;
    }
    return false;
}

/* A comma that separates names in a "Known alias" list: not followed by a space, and not
 * before a short legal form ("Co.,Ltd."). */
static bool list_comma(const char *p)
{
    if (*p != ',' || p[1] == ' ' || p[1] == '\0') return false;
    const char *e = strchr(p + 1, ',');
    size_t seg = e ? (size_t)(e - p - 1) : strlen(p + 1);
    return seg > 5;
}

/* Adds one row per name in a "Known alias" list ("A,B,C"; ", " stays inside a name). */
static bool add_alias_list(ref_batch *b, ref_row r, const char *list)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", list);
    char *start = buf;
    for (char *p = buf;; p++) {
        if (*p == '\0' || list_comma(p)) {
            bool end = *p == '\0';
            *p = '\0';
            r.alias = start;
            if (*start && !batch_add(b, &r)) return false;
            if (end) break;
            start = p + 1;
        }
    }
    return true;
}

static ot_code read_layout(const ot_sheet *sh, const sheet_layout *l, ref_batch *b, ot_error *err)
{
    uint32_t last = ot_sheet_max_row(sh);
    for (uint32_t row = l->first_row; row <= last; row++) {
        char b1[32], b2[32], b3[32], b4[32];
        ref_row r = {cell_text(sh, row, l->metal, b1),
                     cell_text(sh, row, l->alias, b2),
                     cell_text(sh, row, l->standard, b3),
                     cell_text(sh, row, l->country, b4),
                     NULL,
                     NULL,
                     NULL,
                     NULL,
                     NULL,
                     NULL,
                     row,
                     l->sheet};
        char b5[32], b6[32], b7[32], b8[32], b9[32], b10[32];
        r.id = cell_text(sh, row, l->id, b5);
        r.legacy_id = cell_text(sh, row, l->legacy_id, b6);
        char canon[32];
        /* CMRT 3.01 notes "Added post old ID process" where a smelter has no old ID */
        if (r.legacy_id && !rd_list_id(r.legacy_id, canon)) r.legacy_id = NULL;
        r.id_source = cell_text(sh, row, l->id_source, b7);
        r.street = cell_text(sh, row, l->street, b8);
        r.city = cell_text(sh, row, l->city, b9);
        r.state = cell_text(sh, row, l->state, b10);
        if (!r.metal || !r.id) continue;
        bool ok;
        if (l->alias_is_list && r.alias) {
            const char *list = r.alias;
            r.alias = NULL;
            ok = batch_add(b, &r) && add_alias_list(b, r, list);
        } else
            ok = batch_add(b, &r);
        if (!ok) return ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    return OT_OK;
}

/* "Revision 6.5\nApril 25, 2025", "Revision 2.01 December 21st 2012" -> ISO date. */
static void revision_date(ot_workbook *wb, char out[OT_DATE_LEN])
{
    out[0] = '\0';
    const ot_sheet *decl;
    ot_error err = {0};
    if (ot_workbook_sheet(wb, "Declaration", &decl, &err) != OT_OK) return;
    for (uint32_t col = 9; col <= 10; col++) { /* J3; CMRT 1.00 spreads it over I3:J3 */
        char buf[32];
        const char *t = cell_text(decl, 3, col, buf);
        if (!t) continue;
        /* skip "Revision 6.5" so its number is not read as a day */
        const char *p = strchr(t, '\n');
        if (!p) {
            p = t;
            if (strncasecmp(p, "Revision", 8) == 0 || strncasecmp(p, "Version", 7) == 0) {
                p = strchr(p, ' ');
                if (p) p = strchr(p + 1, ' ');
            }
        }
        if (p && ot_refdata_parse_date(p, out)) return;
    }
}

/* The versions a template's look-up layouts are chosen for. */
static unsigned versions_of(const ot_declaration *d)
{
    if (d->family != OT_FAMILY_CMRT) return FOR_OTHERS;
    int major = atoi(d->layout_version);
    return major <= 2 ? FOR_CMRT2 : major == 3 ? FOR_CMRT3 : FOR_CMRT_LOOKUP;
}

/* Loads every sheet, so that whatever part the file holds goes through the reader's
 * refusals (DOCTYPE, zip bomb, broken XML, cell limits) before anything is imported. */
static ot_code load_all_sheets(ot_workbook *wb, ot_error *err)
{
    for (size_t i = 0; i < ot_workbook_sheet_count(wb); i++) {
        const ot_sheet *sh;
        ot_code rc = ot_workbook_sheet(wb, ot_workbook_sheet_name(wb, i), &sh, err);
        if (rc != OT_OK) return rc;
    }
    return OT_OK;
}

static ot_code read_lists(ot_workbook *wb, const ot_declaration *d, const char *path, ref_batch *b,
                          ot_error *err)
{
    unsigned versions = versions_of(d);
    size_t used = 0;
    for (size_t i = 0; i < sizeof sheet_layouts / sizeof sheet_layouts[0]; i++) {
        const sheet_layout *l = &sheet_layouts[i];
        if (!(l->versions & versions) || ot_workbook_find_sheet(wb, l->sheet) < 0) continue;
        const ot_sheet *sh;
        ot_code rc = ot_workbook_sheet(wb, l->sheet, &sh, err);
        if (rc != OT_OK) return rc;
        if (!layout_fits(sh, l)) {
            if (!l->sig_text) continue; /* CMRT 3.01 has two layouts of this sheet */
            char cell[16];
            ot_format_a1(l->sig_row, l->sig_col, cell);
            return ot_fail(err, OT_E_INVALID,
                           "%s: the \"%s\" sheet does not have the structure of the %s %s "
                           "template's (cell %s should read \"%s\"): not importing it",
                           path, l->sheet, ot_family_name(d->family), d->version, cell,
                           l->sig_text);
        }
        rc = read_layout(sh, l, b, err);
        if (rc != OT_OK) return rc;
        used++;
    }
    if (used == 0)
        return ot_fail(err, OT_E_NOT_FOUND,
                       "%s: this %s %s has no smelter reference list (no \"Smelter Look-up\" "
                       "or \"Standard Smelter Names\" sheet of its version)",
                       path, ot_family_name(d->family), d->version);
    return OT_OK;
}

ot_code rd_read_workbook(const char *path, const unsigned char *data, size_t len, ref_batch *b,
                         ot_error *err)
{
    ot_workbook *wb = NULL;
    ot_declaration *decl = NULL;
    ot_code rc = ot_workbook_open_mem(data, len, path, NULL, &wb, err);
    if (rc == OT_OK) rc = ot_template_read(wb, &decl, err);
    if (rc == OT_OK) rc = load_all_sheets(wb, err);
    if (rc != OT_OK) { /* the reader's messages do not name the file */
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        ot_fail(err, rc, "%s: %s", path, why);
    }
    if (rc == OT_OK) rc = read_lists(wb, decl, path, b, err);
    if (rc == OT_OK) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s", path);
        snprintf(b->label, sizeof b->label, "%s %s (%s)", ot_family_name(decl->family),
                 decl->version[0] ? decl->version : decl->layout_version, basename(tmp));
        snprintf(b->kind, sizeof b->kind, "template");
        revision_date(wb, b->as_of);
    }
    ot_declaration_free(decl);
    ot_workbook_close(wb);
    return rc;
}
