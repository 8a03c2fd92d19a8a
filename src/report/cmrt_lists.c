/* cmrt_lists.c - the Smelter List and Product List rows of the CMRT writer's plan.
 *
 * A smelter the template's own Smelter Look-up knows is entered the way the template asks
 * first: its ID in the input column, so the template's formulas fill metal, name, country
 * and address (and stay formulas). One it does not know (an ID newer than the template's
 * look-up, or a name that resolved to no ID) is entered as "Smelter not listed" with the
 * metal, the name and the country typed - the template's path (c), the same as a pick
 * from its drop-downs. Columns come from the layout. */
#include "report/cmrt_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

#define NOT_LISTED "Smelter not listed"

static int cmp_id(const void *key, const void *elem)
{
    return strcasecmp((const char *)key, *(char *const *)elem);
}

static bool in_lookup(const cmrt_plan *p, const char *id)
{
    return id && *id && p->lookup_count &&
           bsearch(id, p->lookup_ids, p->lookup_count, sizeof *p->lookup_ids, cmp_id);
}

static ot_code put_col(cmrt_plan *p, ot_sheet_id sheet, const ot_llist *li, size_t col,
                       uint32_t row, const char *text)
{
    if (!li->col[col] || !text || !*text) return OT_OK;
    return cmrt_add(p, sheet, row, li->col[col], OT_CMRT_SET_TEXT, text, 0);
}

/* Metal, country and recycled answer checked against the list's drop-downs. */
static ot_code check_row(cmrt_plan *p, const ot_cmrt_smelter *s, size_t i, bool typed)
{
    const ot_llist *li = &p->layout->smelters;
    char what[64];
    snprintf(what, sizeof what, "smelter %zu (%s)", i + 1,
             s->smelter_id ? s->smelter_id : (s->name ? s->name : "no name"));
    if (typed && (!s->metal || !*s->metal || !s->name || !*s->name || !s->country || !*s->country))
        return ot_fail(p->err, OT_E_INVALID,
                       "%s: the %s template's look-up does not know it, so it needs a metal, a "
                       "name and a country",
                       what, p->layout->name);
    const ot_dropdown *metal = li->dropdown[OT_SM_METAL];
    if (typed && metal && !cmrt_item_of(metal, s->metal))
        return cmrt_not_allowed(p, what, s->metal, metal);
    if (typed && !cmrt_item_of(p->layout->countries, s->country))
        return cmrt_not_allowed(p, what, s->country, p->layout->countries);
    const ot_dropdown *rec = li->dropdown[OT_SM_RECYCLED];
    if (s->recycled && *s->recycled && rec && !cmrt_item_of(rec, s->recycled))
        return cmrt_not_allowed(p, what, s->recycled, rec);
    return OT_OK;
}

static ot_code plan_smelter(cmrt_plan *p, const ot_cmrt_smelter *s, size_t i, uint32_t row)
{
    const ot_llist *li = &p->layout->smelters;
    const ot_sheet_id sl = OT_SHEET_SMELTER_LIST;
    bool by_id = in_lookup(p, s->smelter_id);
    ot_code rc = check_row(p, s, i, !by_id);
    if (rc) return rc;
    if (by_id) {
        rc = put_col(p, sl, li, OT_SM_ID_INPUT, row, s->smelter_id);
        p->by_id++;
    } else {
        const ot_dropdown *md = li->dropdown[OT_SM_METAL];
        const char *metal = md ? cmrt_item_of(md, s->metal) : s->metal;
        rc = put_col(p, sl, li, OT_SM_METAL, row, metal);
        if (!rc) rc = put_col(p, sl, li, OT_SM_LOOKUP_NAME, row, NOT_LISTED);
        if (!rc) rc = put_col(p, sl, li, OT_SM_NAME, row, s->name);
        if (!rc)
            rc = put_col(p, sl, li, OT_SM_COUNTRY, row,
                         cmrt_item_of(p->layout->countries, s->country));
        p->not_listed++;
    }
    const ot_dropdown *rec = li->dropdown[OT_SM_RECYCLED];
    if (!rc)
        rc = put_col(p, sl, li, OT_SM_RECYCLED, row,
                     rec && s->recycled ? cmrt_item_of(rec, s->recycled) : s->recycled);
    if (!rc) rc = put_col(p, sl, li, OT_SM_COMMENTS, row, s->comment);
    return rc;
}

static ot_code too_many(cmrt_plan *p, const ot_llist *li, size_t n, const char *what)
{
    return ot_fail(p->err, OT_E_INVALID, "%zu %s do not fit: the %s template's %s has %u rows", n,
                   what, p->layout->name, li->sheet, li->last_row - li->first_row + 1);
}

ot_code cmrt_plan_lists(cmrt_plan *p)
{
    const ot_cmrt_input *in = p->in;
    const ot_llist *sm = &p->layout->smelters, *pr = &p->layout->products;
    if (in->smelter_count && (!sm->sheet || in->smelter_count > sm->last_row - sm->first_row + 1))
        return too_many(p, sm, in->smelter_count, "smelters");
    if (in->product_count && (!pr->sheet || in->product_count > pr->last_row - pr->first_row + 1))
        return too_many(p, pr, in->product_count, "products");
    ot_code rc = OT_OK;
    for (size_t i = 0; i < in->smelter_count && !rc; i++)
        rc = plan_smelter(p, &in->smelters[i], i, sm->first_row + (uint32_t)i);
    for (size_t i = 0; i < in->product_count && !rc; i++) {
        const ot_cmrt_product *d = &in->products[i];
        uint32_t row = pr->first_row + (uint32_t)i;
        if (!d->number || !*d->number)
            return ot_fail(p->err, OT_E_INVALID, "product %zu has no product number", i + 1);
        rc = put_col(p, OT_SHEET_PRODUCT_LIST, pr, OT_PR_NUMBER, row, d->number);
        if (!rc) rc = put_col(p, OT_SHEET_PRODUCT_LIST, pr, OT_PR_NAME, row, d->name);
        if (!rc) rc = put_col(p, OT_SHEET_PRODUCT_LIST, pr, OT_PR_COMMENTS, row, d->comment);
    }
    return rc;
}
