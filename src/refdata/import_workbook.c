/* import_workbook.c - reference lists from RMI template workbooks.
 *
 * Which sheet holds the list, and in which columns, is data (sheet_layouts below,
 * rmi-templates.md 3.7, 4.4, 4.5): every layout whose sheet exists (and whose signature
 * cell, when given, says what it should) is read, so a CMRT 3.01 file contributes both
 * its hidden look-up (aliases with CIDs) and its Standard Smelter Names (old ID -> CID).
 * The template module tells the family and version for the source label; the revision
 * date (Declaration!J3, second line) dates the list. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include "reader/workbook.h"
#include "refdata/refdata_internal.h"
#include "template/template.h"
#include "util/text.h"

/* What the ID column of a layout holds: header labels are translated or missing in some
 * files (the .xls 3.01 has none), so layouts are told apart by the shape of their IDs. */
typedef enum { IDS_ANY, IDS_CID, IDS_LEGACY } id_shape;

typedef struct sheet_layout {
    const char *sheet;
    id_shape id_shape, legacy_shape;
    uint32_t first_row;
    /* 1-based columns, 0 = absent */
    uint8_t metal, alias, standard, country, id, legacy_id, id_source, street, city, state;
    bool alias_is_list; /* "Known alias": several names separated by "," without a space */
    const char *what;
} sheet_layout;

enum { A = 1, B, C, D, E, F, G, H, I };

static const sheet_layout sheet_layouts[] = {
    {"Smelter Look-up", IDS_ANY, IDS_ANY, 5, A, B, C, D, E, 0, F, G, H, I, false,
     "look-up of CMRT 6.x, EMRT, CRT, AMRT 1.3"},
    {"K", IDS_CID, IDS_ANY, 2, A, B, D, C, F, 0, G, 0, 0, 0, true,
     "hidden look-up of CMRT 3.01 (2.03's has no IDs)"},
    {"Standard Smelter Names", IDS_CID, IDS_LEGACY, 3, A, 0, B, C, E, D, 0, 0, 0, 0, false,
     "standard names of CMRT 3.01 (old ID -> CID)"},
    {"Standard Smelter Names", IDS_LEGACY, IDS_ANY, 3, A, C, B, D, E, 0, 0, 0, 0, 0, true,
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

/* The layout fits when its ID columns hold IDs of the expected shape in the first rows. */
static bool layout_fits(const ot_sheet *sh, const sheet_layout *l)
{
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

static ot_code read_layout(const ot_sheet *sh, const sheet_layout *l, ref_batch *b,
                           ot_error *err)
{
    uint32_t last = ot_sheet_max_row(sh);
    for (uint32_t row = l->first_row; row <= last; row++) {
        char b1[32], b2[32], b3[32], b4[32];
        ref_row r = {cell_text(sh, row, l->metal, b1),   cell_text(sh, row, l->alias, b2),
                     cell_text(sh, row, l->standard, b3), cell_text(sh, row, l->country, b4),
                     NULL, NULL, NULL, NULL, NULL, NULL, row};
        char b5[32], b6[32], b7[32], b8[32], b9[32], b10[32];
        r.id = cell_text(sh, row, l->id, b5);
        r.legacy_id = cell_text(sh, row, l->legacy_id, b6);
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
        } else ok = batch_add(b, &r);
        if (!ok) return ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    return OT_OK;
}

/* "Revision 6.5\nApril 25, 2025", "Revision 2.01 December 21st 2012" -> ISO date. */
static void revision_date(ot_workbook *wb, char out[11])
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

ot_code rd_read_workbook(const char *path, ref_batch *b, ot_error *err)
{
    ot_workbook *wb;
    ot_code rc = ot_workbook_open(path, NULL, &wb, err);
    if (rc != OT_OK) return rc;
    size_t used = 0;
    for (size_t i = 0; i < sizeof sheet_layouts / sizeof sheet_layouts[0] && rc == OT_OK; i++) {
        const sheet_layout *l = &sheet_layouts[i];
        if (ot_workbook_find_sheet(wb, l->sheet) < 0) continue;
        const ot_sheet *sh;
        rc = ot_workbook_sheet(wb, l->sheet, &sh, err);
        if (rc != OT_OK) break;
        if (!layout_fits(sh, l)) continue;
        rc = read_layout(sh, l, b, err);
        used++;
    }
    if (rc == OT_OK && used == 0)
        rc = ot_fail(err, OT_E_NOT_FOUND,
                     "%s has no smelter reference list (no \"Smelter Look-up\" or \"Standard "
                     "Smelter Names\" sheet)", path);
    if (rc == OT_OK) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s", path);
        const char *base = basename(tmp);
        ot_template_id tid;
        ot_error terr = {0};
        if (ot_template_detect(wb, &tid, &terr) == OT_OK && tid.version[0])
            snprintf(b->label, sizeof b->label, "%s %s (%s)", ot_family_name(tid.family),
                     tid.version, base);
        else snprintf(b->label, sizeof b->label, "workbook %s", base);
        snprintf(b->kind, sizeof b->kind, "template");
        revision_date(wb, b->as_of);
    }
    ot_workbook_close(wb);
    return rc;
}
