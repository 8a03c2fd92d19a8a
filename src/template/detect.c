/* detect.c - which RMI template family and version a workbook is (rmi-templates.md 2).
 *
 * Order: (1) a Declaration sheet is required; (2) the revision text of Declaration!J3
 * ("Revision 6.5\n...", "Version 1.3", "Revision 2" = 2.00; CMRT 1.00 writes "Revision" in
 * I3 and "1.   July 18th 2011" in J3); (3) the family from structure markers (sheet names,
 * metal lists), else the English title in the hidden L sheet (key DeclarationD2, column
 * D), else the English cached title of legacy files; (4) the layout of that version, or
 * the nearest one of the family with exact = false. Labels are never used to find data. */
#include "template/layout.h"
#include "template/template.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

/* Cached text of a cell (numbers formatted), or NULL when empty. */
static const char *cell_text(const ot_sheet *sh, uint32_t row, uint32_t col, char buf[32])
{
    const ot_cell *c = sh ? ot_sheet_cell(sh, row, col) : NULL;
    if (!c) return NULL;
    if (c->kind == OT_CELL_NUMBER) {
        ot_format_number(c->number, buf);
        return buf;
    }
    return (c->text && *c->text) ? c->text : NULL;
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* "6.5", "2.03a", "2" -> out ("2.00"). p points at the first digit. False if no digit. */
static bool take_version(const char *p, char out[16])
{
    size_t n = 0;
    char buf[16];
    while (isdigit((unsigned char)*p) && n < 6)
        buf[n++] = *p++;
    if (n == 0) return false;
    if (*p == '.' && isdigit((unsigned char)p[1])) {
        buf[n++] = *p++;
        while (isdigit((unsigned char)*p) && n < 12)
            buf[n++] = *p++;
        if (islower((unsigned char)*p) && !isalpha((unsigned char)p[1])) buf[n++] = *p;
    } else {
        memcpy(buf + n, ".00", 3); /* "Revision 2" is 2.00, "1." of CMRT 1.00 is 1.00 */
        n += 3;
    }
    buf[n] = '\0';
    memcpy(out, buf, n + 1);
    return true;
}

/* ^(Revision|Version)\s+([0-9]+(\.[0-9]+)?[a-z]?) */
static bool parse_revision(const char *text, char out[16])
{
    if (!text) return false;
    while (isspace((unsigned char)*text))
        text++;
    const char *p;
    if (starts_with_ci(text, "Revision"))
        p = text + 8;
    else if (starts_with_ci(text, "Version"))
        p = text + 7;
    else
        return false;
    if (!isspace((unsigned char)*p)) return false;
    while (isspace((unsigned char)*p))
        p++;
    return take_version(p, out);
}

static bool stated_version(const ot_sheet *decl, char out[16])
{
    char b1[32], b2[32];
    const char *j3 = cell_text(decl, 3, 10, b1);
    if (parse_revision(j3, out)) return true;
    /* CMRT 1.00: I3 = "Revision", J3 = "1.   July 18th 2011" */
    const char *i3 = cell_text(decl, 3, 9, b2);
    if (i3 && j3 && (starts_with_ci(i3, "Revision") || starts_with_ci(i3, "Version")) &&
        isdigit((unsigned char)j3[0]))
        return take_version(j3, out);
    return false;
}

static ot_family family_from_title(const char *title)
{
    if (!title) return OT_FAMILY_UNKNOWN;
    if (strstr(title, "Conflict Minerals Reporting Template")) return OT_FAMILY_CMRT;
    if (strstr(title, "Cobalt Reporting Template")) return OT_FAMILY_CRT;
    if (strstr(title, "Extended Mineral")) return OT_FAMILY_EMRT;
    if (strstr(title, "Additional Minerals Reporting Template")) return OT_FAMILY_AMRT;
    return OT_FAMILY_UNKNOWN;
}

/* English title from the L sheet: the row whose key (column A, or B & C when A has no
 * cached value) is "DeclarationD2", column D. */
static const char *l_sheet_title(ot_workbook *wb)
{
    if (ot_workbook_find_sheet(wb, "L") < 0) return NULL;
    const ot_sheet *l;
    ot_error ignored;
    if (ot_workbook_sheet(wb, "L", &l, &ignored) != OT_OK) return NULL;
    uint32_t max = ot_sheet_max_row(l);
    char b1[32], b2[32], b3[32], b4[32];
    for (uint32_t r = 1; r <= max; r++) {
        const char *a = cell_text(l, r, 1, b1);
        const char *b = cell_text(l, r, 2, b2);
        const char *c = cell_text(l, r, 3, b3);
        bool hit = (a && strcmp(a, "DeclarationD2") == 0) ||
                   (b && c && strcmp(b, "Declaration") == 0 && strcmp(c, "D2") == 0);
        if (hit) {
            const char *title = cell_text(l, r, 4, b4);
            return title == b4 ? NULL : title; /* a number is no title (and b4 is ours) */
        }
    }
    return NULL;
}

static bool has_sheet(ot_workbook *wb, const char *name)
{
    return ot_workbook_find_sheet(wb, name) >= 0;
}

static bool cell_is(const ot_sheet *sh, uint32_t row, uint32_t col, const char *want)
{
    char b[32];
    const char *t = cell_text(sh, row, col, b);
    return t && ot_text_equal_loose(t, want);
}

/* Structure markers (rmi-templates.md 2, "structure" and "metal list" rows). */
static ot_family family_from_structure(ot_workbook *wb, const ot_sheet *decl)
{
    if (has_sheet(wb, "Minerals Scope")) return OT_FAMILY_AMRT;
    if (has_sheet(wb, "Smelter and Mine List") || has_sheet(wb, "Standard Smelter Names"))
        return OT_FAMILY_CMRT;
    if (has_sheet(wb, "Mine List")) return OT_FAMILY_EMRT;
    if (cell_is(decl, 175, 2, "Cobalt")) return OT_FAMILY_EMRT;
    if (cell_is(decl, 68, 2, "Aluminum")) return OT_FAMILY_AMRT;
    const ot_sheet *sl;
    ot_error ignored;
    if (has_sheet(wb, "Smelter List") &&
        ot_workbook_sheet(wb, "Smelter List", &sl, &ignored) == OT_OK) {
        for (uint32_t col = 23; col <= 26; col++) /* W3:Z3 */
            if (cell_is(sl, 3, col, "Tantalum") || cell_is(sl, 3, col, "Tin") ||
                cell_is(sl, 3, col, "Tungsten") || cell_is(sl, 3, col, "Gold"))
                return OT_FAMILY_CMRT;
        if (cell_is(sl, 3, 27, "Cobalt")) /* AA3; EMRT 1.x adds Mica in AB3 */
            return cell_is(sl, 3, 28, "Mica") ? OT_FAMILY_EMRT : OT_FAMILY_CRT;
    }
    return OT_FAMILY_UNKNOWN;
}

/* Version from the Smelter List's revision text (Q3) when J3 says nothing. */
static bool smelter_list_version(ot_workbook *wb, char out[16])
{
    const ot_sheet *sl;
    ot_error ignored;
    if (!has_sheet(wb, "Smelter List") ||
        ot_workbook_sheet(wb, "Smelter List", &sl, &ignored) != OT_OK)
        return false;
    char b[32];
    return parse_revision(cell_text(sl, 3, 17, b), out);
}

ot_code ot_template_detect(ot_workbook *wb, ot_template_id *out, ot_error *err)
{
    memset(out, 0, sizeof *out);
    if (!has_sheet(wb, "Declaration"))
        return ot_fail(err, OT_E_NOT_TEMPLATE,
                       "not an RMI reporting template: the workbook has no 'Declaration' sheet "
                       "(%zu sheet(s), the first is '%s')",
                       ot_workbook_sheet_count(wb),
                       ot_workbook_sheet_count(wb) ? ot_workbook_sheet_name(wb, 0) : "");
    const ot_sheet *decl;
    ot_code rc = ot_workbook_sheet(wb, "Declaration", &decl, err);
    if (rc) return rc;

    bool have_version = stated_version(decl, out->version);

    char b[32];
    /* Structure first: it only reads sheets extraction loads anyway, while the L sheet
     * holds every label in ten languages and costs more to read than the whole rest. */
    ot_family fam = family_from_structure(wb, decl);
    if (fam == OT_FAMILY_UNKNOWN) fam = family_from_title(l_sheet_title(wb));
    if (fam == OT_FAMILY_UNKNOWN) fam = family_from_title(cell_text(decl, 2, 4, b));
    if (fam == OT_FAMILY_UNKNOWN)
        return ot_fail(err, OT_E_NOT_TEMPLATE,
                       "not an RMI reporting template: it has a 'Declaration' sheet but no "
                       "template title (L sheet, Declaration!D2) and none of the CMRT/CRT/EMRT/"
                       "AMRT sheet or metal markers");
    out->family = fam;

    const ot_layout *lay = have_version ? ot_layout_find(fam, out->version) : NULL;
    if (lay) {
        out->exact = true;
    } else {
        char guess[16] = "";
        bool from_list = !have_version && smelter_list_version(wb, guess);
        const char *near_to = have_version ? out->version : (from_list ? guess : NULL);
        lay = ot_layout_nearest(fam, near_to);
        if (!lay)
            return ot_fail(err, OT_E_NOT_TEMPLATE, "%s template without any known layout",
                           ot_family_name(fam));
        if (have_version)
            snprintf(out->note, sizeof out->note,
                     "%s revision %s is not a known layout; read with the nearest, %s",
                     ot_family_name(fam), out->version, lay->name);
        else
            snprintf(out->note, sizeof out->note,
                     "Declaration!J3 states no revision%s; read with the layout of %s",
                     from_list ? " (the Smelter List's does)" : "", lay->name);
    }
    out->layout = lay;
    snprintf(out->layout_version, sizeof out->layout_version, "%s", lay->version);
    return OT_OK;
}
