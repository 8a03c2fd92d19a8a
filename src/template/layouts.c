/* layouts.c - finding a layout by family and version, and the layout facts other modules
 * ask for (list columns, row ranges, effective-date rule, country list). The tables
 * themselves are data in layouts_data.c. */
#include "template/layout.h"
#include "template/template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Versions read with another version's layout: the file differs only in things we never
 * read (CRT 2.21 restores auto-fill formulas and still says "Revision 2.2"). */
static const struct {
    ot_family family;
    const char *version, *layout;
} layout_aliases[] = {
    {OT_FAMILY_CRT, "2.21", "2.2"},
};

/* "6.22" -> 6.22 and suffix 'a' for "2.03a". Versions are decimal numbers: 6.1 < 6.22. */
static void version_parts(const char *v, double *num, int *suffix)
{
    char *end;
    *num = strtod(v ? v : "", &end);
    *suffix = (end && isalpha((unsigned char)*end)) ? tolower((unsigned char)*end) : 0;
}

int ot_layout_version_cmp(const char *a, const char *b)
{
    double na, nb;
    int sa, sb;
    version_parts(a, &na, &sa);
    version_parts(b, &nb, &sb);
    /* compare at a precision far below any real version step */
    double diff = na - nb;
    if (diff < -1e-9) return -1;
    if (diff > 1e-9) return 1;
    return (sa > sb) - (sa < sb);
}

const ot_layout *ot_layout_find(ot_family family, const char *version)
{
    if (!version || !*version) return NULL;
    for (size_t i = 0; i < sizeof layout_aliases / sizeof layout_aliases[0]; i++)
        if (layout_aliases[i].family == family &&
            ot_layout_version_cmp(layout_aliases[i].version, version) == 0)
            version = layout_aliases[i].layout;
    for (size_t i = 0; i < ot_layout_count; i++)
        if (ot_layouts[i]->family == family &&
            ot_layout_version_cmp(ot_layouts[i]->version, version) == 0)
            return ot_layouts[i];
    return NULL;
}

const ot_layout *ot_layout_nearest(ot_family family, const char *version)
{
    const ot_layout *below = NULL, *above = NULL, *newest = NULL;
    for (size_t i = 0; i < ot_layout_count; i++) {
        const ot_layout *l = ot_layouts[i];
        if (l->family != family) continue;
        if (!newest || ot_layout_version_cmp(l->version, newest->version) > 0) newest = l;
        if (!version || !*version) continue;
        if (ot_layout_version_cmp(l->version, version) <= 0) {
            if (!below || ot_layout_version_cmp(l->version, below->version) > 0) below = l;
        } else if (!above || ot_layout_version_cmp(l->version, above->version) < 0) {
            above = l;
        }
    }
    if (!version || !*version) return newest;
    return below ? below : above;
}

/* ---- public layout facts ------------------------------------------------------------ */

const ot_dropdown *ot_template_countries(const ot_declaration *d)
{
    if (d && d->layout && d->layout->countries) return d->layout->countries;
    return &ot_countries_current;
}

void ot_template_layout_info(const ot_declaration *d, ot_layout_info *out)
{
    memset(out, 0, sizeof *out);
    out->date_min = out->date_max = "";
    if (!d || !d->layout) return;
    const ot_layout *l = d->layout;
    out->family_version = l->name;
    out->smelter_first_row = l->smelters.first_row;
    out->smelter_last_row = l->smelters.last_row;
    out->product_first_row = l->products.first_row;
    out->product_last_row = l->products.last_row;
    out->mine_first_row = l->mines.first_row;
    out->mine_last_row = l->mines.last_row;
    out->date_min = l->date_min ? l->date_min : "";
    out->date_max = l->date_max ? l->date_max : "";
    out->date_min_exclusive = l->date_min_exclusive;
}

uint32_t ot_template_smelter_col(const ot_declaration *d, ot_smelter_col c)
{
    if (!d || !d->layout || (unsigned)c >= OT_SM__COUNT) return 0;
    return d->layout->smelters.col[c];
}

uint32_t ot_template_product_col(const ot_declaration *d, ot_product_col c)
{
    if (!d || !d->layout || (unsigned)c >= OT_PR__COUNT) return 0;
    return d->layout->products.col[c];
}

uint32_t ot_template_mine_col(const ot_declaration *d, ot_mine_col c)
{
    if (!d || !d->layout || (unsigned)c >= OT_MN__COUNT) return 0;
    return d->layout->mines.col[c];
}

/* ---- known versions (campaigns ask only for these) ---------------------------------- */

bool ot_family_parse(const char *name, ot_family *out)
{
    static const ot_family families[] = {OT_FAMILY_CMRT, OT_FAMILY_EMRT, OT_FAMILY_CRT,
                                         OT_FAMILY_AMRT};
    for (size_t i = 0; name && i < sizeof families / sizeof families[0]; i++)
        if (strcasecmp(name, ot_family_name(families[i])) == 0) {
            *out = families[i];
            return true;
        }
    return false;
}

bool ot_template_version_known(ot_family family, const char *version)
{
    return ot_layout_find(family, version) != NULL;
}

int ot_template_version_cmp(const char *a, const char *b)
{
    return ot_layout_version_cmp(a, b);
}

void ot_template_versions_list(ot_family family, char *out, size_t size)
{
    size_t len = 0;
    const char *last = NULL; /* newest first: repeatedly the highest below the last one */
    out[0] = '\0';
    for (;;) {
        const char *next = NULL;
        for (size_t i = 0; i < ot_layout_count; i++) {
            const char *v = ot_layouts[i]->version;
            if (ot_layouts[i]->family != family) continue;
            if (last && ot_layout_version_cmp(v, last) >= 0) continue;
            if (!next || ot_layout_version_cmp(v, next) > 0) next = v;
        }
        if (!next) break;
        int n = snprintf(out + len, size - len, "%s%s", len ? ", " : "", next);
        if (n < 0 || (size_t)n >= size - len) break;
        len += (size_t)n;
        last = next;
    }
}

bool ot_template_field_cell(ot_family family, const char *version, ot_field field, char out[16])
{
    const ot_layout *l = ot_layout_nearest(family, version);
    out[0] = '\0';
    if (!l || (unsigned)field >= OT_F__COUNT || !l->field[field].row) return false;
    ot_format_a1(l->field[field].row, l->field[field].col, out);
    return true;
}
