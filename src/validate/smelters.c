/* smelters.c - the Smelter List row by row: metal, country, smelter ID format, IDs the
 * reference does not know or lists under another metal, duplicated rows, look-up names
 * that are not in the reference.
 *
 * Files saved by tools that do not calculate carry no cached values for the template's
 * look-up formulas (metal, name, country computed from a typed ID); core.c infers the
 * metal from the reference in that case, so such rows are judged by their ID. */
#include "validate/checks.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "template/template.h"
#include "util/text.h"

static bool is_cid(const char *s)
{
    if (!s) return false;
    while (*s == ' ')
        s++;
    if (strncasecmp(s, "CID", 3) != 0) return false;
    for (int i = 3; i < 9; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    const char *rest = s + 9;
    while (*rest == ' ')
        rest++;
    return *rest == '\0';
}

static const ot_smelter_ref *ref_of(const ot_vctx *v)
{
    return v->ctx ? v->ctx->smelters : NULL;
}

static void metal_list(const ot_declaration *d, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < d->metal_count; i++) {
        int n = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", d->metals[i]);
        if (n < 0 || (size_t)n >= cap - used) break;
        used += (size_t)n;
    }
}

void ot_check_smelter_metal_missing(ot_vctx *v, const ot_rule *rule)
{
    for (size_t i = 0; i < v->d->smelter_count; i++) {
        const ot_srow *r = &v->rows[i];
        const ot_value *c = r->row->col;
        /* A typed ID decides the metal; the ID rules judge such rows. */
        if (!r->used || !ot_v_empty(&c[OT_SM_METAL]) || !ot_v_empty(&c[OT_SM_ID_INPUT]) ||
            r->metal >= 0)
            continue;
        uint32_t col =
            c[OT_SM_METAL].col ? c[OT_SM_METAL].col : ot_template_smelter_col(v->d, OT_SM_METAL);
        ot_v_emit_at(v, rule, OT_SHEET_SMELTER_LIST, r->row->row, col, "smelter_list.metal", -1,
                     NULL, "Smelter List row %u names a smelter but no metal.",
                     (unsigned)r->row->row);
    }
}

void ot_check_smelter_metal_invalid(ot_vctx *v, const ot_rule *rule)
{
    char metals[160];
    metal_list(v->d, metals, sizeof metals);
    bool chosen = (v->p->features & OT_PF_MINERAL_SELECTION) != 0;
    for (size_t i = 0; i < v->d->smelter_count; i++) {
        const ot_srow *r = &v->rows[i];
        const ot_value *metal = &r->row->col[OT_SM_METAL];
        if (!r->used || ot_v_empty(metal) || r->metal >= 0) continue;
        ot_v_emit(v, rule, metal, "smelter_list.metal", -1, NULL,
                  chosen ? "Metal \"%s\" in Smelter List row %u is not one of the minerals "
                           "selected in scope of this declaration (%s)."
                         : "Metal \"%s\" in Smelter List row %u is not one of the metals this "
                           "template covers (%s).",
                  ot_v_show(metal->value), (unsigned)r->row->row, metals[0] ? metals : "none");
    }
}

static bool country_known(const ot_dropdown *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++)
        if (ot_text_equal_loose(list->items[i], name)) return true;
    return false;
}

void ot_check_smelter_country(ot_vctx *v, const ot_rule *rule)
{
    const ot_dropdown *countries = ot_template_countries(v->d);
    if (!countries || countries->count == 0) return;
    for (size_t i = 0; i < v->d->smelter_count; i++) {
        const ot_srow *r = &v->rows[i];
        const ot_value *c = &r->row->col[OT_SM_COUNTRY];
        /* Computed countries come from the template's own look-up; "Unknown" is what it
         * shows for "Smelter not yet identified". */
        if (!r->used || ot_v_empty(c) || c->formula || ot_v_is(c, "Unknown")) continue;
        if (country_known(countries, c->value)) continue;
        ot_v_emit(v, rule, c, "smelter_list.country", r->metal, NULL,
                  "Smelter country \"%s\" in row %u is not a name from the template's country "
                  "list.",
                  ot_v_show(c->value), (unsigned)r->row->row);
    }
}

void ot_check_smelter_id_format(ot_vctx *v, const ot_rule *rule)
{
    for (size_t i = 0; i < v->d->smelter_count; i++) {
        const ot_srow *r = &v->rows[i];
        const ot_value *ids[2] = {&r->row->col[OT_SM_ID_INPUT], &r->row->col[OT_SM_ID]};
        for (int k = 0; k < 2; k++) {
            const ot_value *id = ids[k];
            if (ot_v_empty(id) || (k == 1 && id->formula) || is_cid(id->value)) continue;
            ot_v_emit(v, rule, id, k ? "smelter_list.smelter_id" : "smelter_list.smelter_id_input",
                      r->metal, NULL,
                      "Smelter ID \"%s\" in row %u is not an RMI smelter ID (\"CID\" followed by "
                      "6 digits).",
                      ot_v_show(id->value), (unsigned)r->row->row);
        }
    }
}

/* The ID the supplier typed (input column, or a value typed over the computed column). */
static const ot_value *typed_id(const ot_srow *r)
{
    const ot_value *in = &r->row->col[OT_SM_ID_INPUT], *f = &r->row->col[OT_SM_ID];
    if (!ot_v_empty(in)) return in;
    if (!ot_v_empty(f) && !f->formula) return f;
    return NULL;
}

static bool ref_covers_row(const ot_vctx *v, const ot_smelter_ref *ref, const ot_srow *r)
{
    if (!ref->covers_metal) return true;
    const ot_value *metal = &r->row->col[OT_SM_METAL];
    if (!ot_v_empty(metal)) return ref->covers_metal(ref->self, metal->value);
    for (size_t m = 0; m < v->d->metal_count; m++)
        if (ref->covers_metal(ref->self, v->d->metals[m])) return true;
    return false;
}

void ot_check_smelter_id_unknown(ot_vctx *v, const ot_rule *rule)
{
    const ot_smelter_ref *ref = ref_of(v);
    if (!ref || !ref->metals_of_id) return;
    for (size_t i = 0; i < v->d->smelter_count; i++) {
        const ot_srow *r = &v->rows[i];
        const ot_value *id = typed_id(r);
        if (!id || !is_cid(id->value) || !ref_covers_row(v, ref, r)) continue;
        const char *metals[1];
        if (ref->metals_of_id(ref->self, id->value, metals, 1) > 0) continue;
        ot_v_emit(v, rule, id, "smelter_list.smelter_id_input", r->metal, NULL,
                  "Smelter ID %s in row %u is not in the RMI smelter reference list.",
                  ot_v_show(id->value), (unsigned)r->row->row);
    }
}

void ot_check_smelter_id_metal(ot_vctx *v, const ot_rule *rule)
{
    const ot_smelter_ref *ref = ref_of(v);
    if (!ref || !ref->metals_of_id) return;
    for (size_t i = 0; i < v->d->smelter_count; i++) {
        const ot_srow *r = &v->rows[i];
        const ot_value *id = typed_id(r), *metal = &r->row->col[OT_SM_METAL];
        if (!id || !is_cid(id->value) || ot_v_empty(metal)) continue;
        const char *metals[8];
        size_t n = ref->metals_of_id(ref->self, id->value, metals, 8);
        if (n == 0) continue;
        bool match = false;
        for (size_t k = 0; k < n && k < 8; k++)
            match |= ot_v_metal_eq(metals[k], metal->value);
        if (match) continue;
        ot_v_emit(v, rule, id, "smelter_list.smelter_id_input", r->metal, NULL,
                  "Smelter ID %s in row %u is a %s smelter, but the row says %s.",
                  ot_v_show(id->value), (unsigned)r->row->row, metals[0], ot_v_show(metal->value));
    }
}

/* How a row names its smelter, for duplicate detection: the look-up choice, else the
 * typed name. */
static const ot_value *row_name(const ot_srow *r)
{
    const ot_value *lookup = &r->row->col[OT_SM_LOOKUP_NAME];
    if (!ot_v_empty(lookup) && !r->not_listed && !r->not_yet_identified) return lookup;
    const ot_value *name = &r->row->col[OT_SM_NAME];
    return ot_v_empty(name) ? NULL : name;
}

static bool same_text(const ot_value *a, const ot_value *b)
{
    if (ot_v_empty(a) || ot_v_empty(b)) return ot_v_empty(a) && ot_v_empty(b);
    return ot_text_equal_loose(a->value, b->value);
}

static bool duplicates(const ot_srow *a, const ot_srow *b, bool *by_id)
{
    if (a->metal < 0 || a->metal != b->metal) return false;
    *by_id = a->id && b->id && ot_text_equal_loose(a->id, b->id);
    if (*by_id) return true;
    const ot_value *na = row_name(a), *nb = row_name(b);
    return na && nb && ot_text_equal_loose(na->value, nb->value) &&
           same_text(&a->row->col[OT_SM_COUNTRY], &b->row->col[OT_SM_COUNTRY]);
}

void ot_check_smelter_duplicates(ot_vctx *v, const ot_rule *rule)
{
    for (size_t i = 1; i < v->d->smelter_count; i++) {
        const ot_srow *r = &v->rows[i];
        if (!r->used || r->not_yet_identified || r->metal < 0) continue;
        for (size_t j = 0; j < i; j++) {
            bool by_id = false;
            if (!v->rows[j].used || !duplicates(&v->rows[j], r, &by_id)) continue;
            const ot_value *at = typed_id(r);
            if (!at) at = row_name(r);
            ot_v_emit(v, rule, at, "smelter_list", r->metal, NULL,
                      "Smelter List row %u repeats row %u (%s, %s).", (unsigned)r->row->row,
                      (unsigned)v->rows[j].row->row, v->d->metals[r->metal],
                      by_id ? ot_v_show(r->id) : ot_v_show(row_name(r)->value));
            break;
        }
    }
}

void ot_check_smelter_lookup_name(ot_vctx *v, const ot_rule *rule)
{
    const ot_smelter_ref *ref = ref_of(v);
    if (!ref || !ref->id_of_name) return;
    for (size_t i = 0; i < v->d->smelter_count; i++) {
        const ot_srow *r = &v->rows[i];
        const ot_value *lookup = &r->row->col[OT_SM_LOOKUP_NAME];
        if (!r->used || r->metal < 0 || ot_v_empty(lookup) || lookup->formula || r->not_listed ||
            r->not_yet_identified)
            continue;
        const char *metal = v->d->metals[r->metal];
        if (ref->covers_metal && !ref->covers_metal(ref->self, metal)) continue;
        if (ref->id_of_name(ref->self, metal, lookup->value)) continue;
        ot_v_emit(v, rule, lookup, "smelter_list.smelter_lookup", r->metal, NULL,
                  "\"%s\" in row %u is not a %s smelter name from the RMI look-up list.",
                  ot_v_show(lookup->value), (unsigned)r->row->row, metal);
    }
}
