/* import_check.c - what a smelter reference list must look like before it may change the
 * store. Every field is short, valid UTF-8 text without control characters; every row
 * that names a smelter has a metal the templates know and an RMI smelter ID (CID and six
 * digits, or an old-style ID such as 1JPN072). One bad row refuses the whole list, named
 * by file and row: a broken or hostile file must not rename or retire anything. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "refdata/normalize.h"
#include "refdata/refdata_internal.h"
#include "util/text.h"

/* Longest field accepted, in bytes. The official look-up lists' longest field is 107
 * characters (a Chinese company name with its plant in brackets). */
#define RD_MAX_FIELD 256

static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

bool rd_is_special_row(const ref_row *r)
{
    static const char *const special[] = {"Smelter not listed", "Smelter not yet identified"};
    const char *name = nz(r->alias) ? r->alias : r->standard;
    if (!name) return true;
    for (size_t i = 0; i < 2; i++)
        if (ot_text_equal_loose(name, special[i])) return true;
    return !nz(r->alias) && ot_text_equal_loose(name, "Unknown");
}

bool rd_list_id(const char *typed, char out[32])
{
    if (!ot_refdata_canonical_id(typed, out)) return false;
    if (strncmp(out, "CID", 3) == 0) return strlen(out) == 9; /* CID + 6 digits */
    /* old style: metal digit, ISO alpha-3 country, number */
    size_t n = strlen(out);
    return n >= 5 && n <= 10 && isdigit((unsigned char)out[0]) && isupper((unsigned char)out[1]) &&
           isupper((unsigned char)out[2]) && isupper((unsigned char)out[3]) &&
           strspn(out + 4, "0123456789") == n - 4;
}

/* Why the text is not a plain field, or NULL. C0 and C1 control characters and DEL are
 * refused: a name holding ESC or a line break would rewrite a terminal or a report. */
const char *rd_field_problem(const char *s)
{
    size_t n = strlen(s);
    if (n > RD_MAX_FIELD) return "is longer than 256 bytes";
    if (!ot_utf8_valid(s, n)) return "is not UTF-8 text";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) return "holds a control character";
        if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9f)
            return "holds a control character";
    }
    return NULL;
}

/* A metal the templates name, as a list spells it ("Gold", "Gold (Au)", "Rare Earth
 * Elements"); a misspelling the matcher would repair for a supplier is not accepted. */
static bool known_metal(const char *typed)
{
    bool garbled = false;
    const char *m = ot_metal_canonical(typed, &garbled);
    return m && (!garbled || ot_text_equal_loose(typed, m));
}

static void where(const ref_row *r, const char *path, char *out, size_t cap)
{
    if (r->sheet)
        snprintf(out, cap, "%s, sheet \"%s\" row %u", path, r->sheet, r->line);
    else
        snprintf(out, cap, "%s line %u", path, r->line);
}

static ot_code check_row(const ref_row *r, const char *path, ot_error *err)
{
    static const char *const names[] = {"metal",      "look-up name",   "standard name", "country",
                                        "smelter ID", "old smelter ID", "ID source",     "street",
                                        "city",       "state/province"};
    const char *f[] = {r->metal,     r->alias,     r->standard, r->country, r->id,
                       r->legacy_id, r->id_source, r->street,   r->city,    r->state};
    char at[4400];
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        const char *why = f[i] ? rd_field_problem(f[i]) : NULL;
        if (!why) continue;
        where(r, path, at, sizeof at);
        return ot_fail(err, OT_E_INVALID, "%s: the %s %s: not a smelter reference list", at,
                       names[i], why);
    }
    if (rd_is_special_row(r)) return OT_OK;
    char id[32];
    const char *why = NULL;
    if (!nz(r->metal))
        why = "has no metal";
    else if (!known_metal(r->metal))
        why = "names no known metal";
    else if (!nz(r->id))
        why = "has no smelter ID";
    else if (!rd_list_id(r->id, id))
        why = "has a smelter ID that is not an RMI smelter ID";
    else if (nz(r->legacy_id) && !rd_list_id(r->legacy_id, id))
        why = "has an old smelter ID that is not an RMI smelter ID";
    if (!why) return OT_OK;
    where(r, path, at, sizeof at);
    return ot_fail(err, OT_E_INVALID, "%s %s: not a smelter reference list", at, why);
}

ot_code rd_check_batch(const ref_batch *b, const char *path, ot_error *err)
{
    for (size_t i = 0; i < b->n; i++) {
        ot_code rc = check_row(&b->rows[i], path, err);
        if (rc != OT_OK) return rc;
    }
    return OT_OK;
}
