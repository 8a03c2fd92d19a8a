/* mines.c - what a declaration says about where a smelter's ore comes from: the
 * mine-country cell of its Smelter List row and the Mine List rows (EMRT 2.x, AMRT) that
 * name it. Mine List rows point at smelters by name, so the link is a name comparison. */
#include <string.h>

#include "refdata/normalize.h"
#include "risk/risk_internal.h"
#include "util/text.h"

/* The Smelter Look-up's special rows name no smelter. */
static bool names_a_smelter(const char *name)
{
    return !ot_risk_blank(name) && !ot_text_equal_loose(name, "Smelter not listed") &&
           !ot_text_equal_loose(name, "Smelter not yet identified");
}

static bool same_name(const char *a, const char *b)
{
    if (!names_a_smelter(a) || !names_a_smelter(b)) return false;
    if (ot_text_equal_loose(a, b)) return true;
    ot_norm_name na, nb;
    ot_normalize_name(a, &na);
    ot_normalize_name(b, &nb);
    return na.full_key[0] && strcmp(na.full_key, nb.full_key) == 0;
}

size_t ot_risk_mine_countries(const ot_declaration *d, size_t i, const char *standard_name,
                              const char **out, size_t max)
{
    if (!d || i >= d->smelter_count || !out) return 0;
    const ot_smelter_row *row = &d->smelters[i];
    size_t n = 0;
    const char *own = row->col[OT_SM_MINE_COUNTRY].value;
    if (!ot_risk_blank(own) && n < max) out[n++] = own;
    const char *names[] = {row->col[OT_SM_NAME].value, row->col[OT_SM_LOOKUP_NAME].value,
                           standard_name};
    const char *metal = row->col[OT_SM_METAL].value;
    for (size_t m = 0; m < d->mine_count && n < max; m++) {
        const ot_mine_row *mine = &d->mines[m];
        const char *country = mine->col[OT_MN_COUNTRY].value,
                   *mmetal = mine->col[OT_MN_METAL].value;
        if (ot_risk_blank(country)) continue;
        if (metal && mmetal && !ot_text_equal_loose(metal, mmetal)) continue;
        bool named = false;
        for (size_t k = 0; k < sizeof names / sizeof names[0] && !named; k++)
            named = same_name(names[k], mine->col[OT_MN_SMELTER_NAME].value);
        if (named) out[n++] = country;
    }
    return n;
}
