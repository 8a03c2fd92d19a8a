/* scoping.c - the scoping rules as pure functions (see scoping.h). */
#include "scoping.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/date.h"
#include "util/text.h"

/* Spellings ERP exports use for the three standard categories (after lower-casing and
 * collapsing spaces). Data, not code: add a row for a new spelling. */
static const struct {
    const char *spelling, *category;
} category_spellings[] = {
    {"service", "service"},
    {"services", "service"},
    {"svc", "service"},
    {"indirect", "indirect"},
    {"indirect material", "indirect"},
    {"indirect materials", "indirect"},
    {"indirect spend", "indirect"},
    {"non-production", "indirect"},
    {"direct", "direct"},
    {"direct material", "direct"},
    {"direct materials", "direct"},
    {"production", "direct"},
    {"production material", "direct"},
    {"production materials", "direct"},
};

void ot_category_normalize(const char *raw, char out[OT_CATEGORY_LEN])
{
    size_t n = 0;
    bool space = false;
    for (const char *p = raw ? raw : ""; *p && n + 1 < OT_CATEGORY_LEN; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '_') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < OT_CATEGORY_LEN) out[n++] = ' ';
        space = false;
        out[n++] = (char)(c < 0x80 ? tolower(c) : c);
    }
    out[n] = '\0';
    for (size_t i = 0; i < sizeof category_spellings / sizeof category_spellings[0]; i++) {
        if (strcmp(out, category_spellings[i].spelling) == 0) {
            snprintf(out, OT_CATEGORY_LEN, "%s", category_spellings[i].category);
            return;
        }
    }
}

bool ot_scope_set_excluded(ot_scope_rules *r, const char *list)
{
    r->n_excluded = 0;
    const char *p = list ? list : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[OT_CATEGORY_LEN];
        snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item ? len : sizeof item - 1), p);
        char norm[OT_CATEGORY_LEN];
        ot_category_normalize(item, norm);
        if (norm[0]) {
            if (r->n_excluded == OT_SCOPE_MAX_EXCLUDED) return false;
            memcpy(r->excluded[r->n_excluded++], norm, sizeof norm);
        }
        p += len + (comma ? 1 : 0);
    }
    return true;
}

void ot_scope_rules_default(ot_scope_rules *r, int32_t as_of)
{
    memset(r, 0, sizeof *r);
    ot_scope_set_excluded(r, "service,indirect");
    r->inactive_years = 5;
    r->exclude_inactive = true;
    r->route = OT_ROUTE_AUTO;
    r->as_of = as_of;
}

static const char *const route_names[] = {"auto", "vendor", "bom", "both"};

bool ot_scope_route_parse(const char *s, ot_scope_route *out)
{
    for (int i = 0; i < 4; i++) {
        if (ot_text_equal_loose(s, route_names[i])) {
            *out = (ot_scope_route)i;
            return true;
        }
    }
    return false;
}

const char *ot_scope_route_name(ot_scope_route r)
{
    return (unsigned)r < 4 ? route_names[r] : "auto";
}

void ot_scope_vendor(const ot_scope_rules *r, const ot_vendor_facts *f, ot_scope_decision *out)
{
    char cat[OT_CATEGORY_LEN];
    ot_category_normalize(f->category, cat);
    for (size_t i = 0; i < r->n_excluded; i++) {
        if (strcmp(cat, r->excluded[i]) == 0) {
            out->in = false;
            snprintf(out->reason, sizeof out->reason, "out: category %s", cat);
            return;
        }
    }
    if (r->exclude_inactive && f->active == 0) {
        out->in = false;
        snprintf(out->reason, sizeof out->reason, "out: marked inactive in the vendor list");
        return;
    }
    int32_t last;
    bool dated = f->last_purchase && ot_date_parse(f->last_purchase, &last);
    if (r->inactive_years > 0 && dated && last < ot_date_add_years(r->as_of, -r->inactive_years)) {
        out->in = false;
        snprintf(out->reason, sizeof out->reason, "out: no purchase since %s (> %d years)",
                 f->last_purchase, r->inactive_years);
        return;
    }
    out->in = true;
    const char *what = cat[0] ? cat : "uncategorised";
    if (dated)
        snprintf(out->reason, sizeof out->reason, "in: %s supplier, last purchase %s", what,
                 f->last_purchase);
    else
        snprintf(out->reason, sizeof out->reason, "in: %s supplier, no last purchase date", what);
}

bool ot_3tg_parse(const char *s, ot_3tg *out)
{
    static const struct {
        const char *text;
        ot_3tg value;
    } words[] = {
        {"yes", OT_3TG_YES},   {"y", OT_3TG_YES},    {"true", OT_3TG_YES},
        {"1", OT_3TG_YES},     {"no", OT_3TG_NO},    {"n", OT_3TG_NO},
        {"false", OT_3TG_NO},  {"0", OT_3TG_NO},     {"unknown", OT_3TG_UNKNOWN},
        {"?", OT_3TG_UNKNOWN}, {"", OT_3TG_UNKNOWN}, {"tbd", OT_3TG_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (ot_text_equal_loose(s ? s : "", words[i].text)) {
            *out = words[i].value;
            return true;
        }
    }
    return false;
}

const char *ot_3tg_name(ot_3tg v)
{
    return v == OT_3TG_YES ? "yes" : v == OT_3TG_NO ? "no" : "unknown";
}

/* The most telling part: one that contains 3TG, else one whose content is unknown. */
static const ot_bom_part *telling_part(const ot_bom_part *parts, size_t n, bool covered_only)
{
    const ot_bom_part *unknown = NULL;
    for (size_t i = 0; i < n; i++) {
        if (covered_only && !parts[i].product_covered) continue;
        if (parts[i].contains == OT_3TG_YES) return &parts[i];
        if (parts[i].contains == OT_3TG_UNKNOWN && !unknown) unknown = &parts[i];
    }
    return unknown;
}

bool ot_product_covered(const ot_bom_part *parts, size_t n, char reason[OT_REASON_LEN])
{
    const ot_bom_part *p = telling_part(parts, n, false);
    if (!p)
        snprintf(reason, OT_REASON_LEN, "not covered: no part contains 3TG");
    else if (p->contains == OT_3TG_YES)
        snprintf(reason, OT_REASON_LEN, "covered: part %s contains 3TG", p->part_id);
    else
        snprintf(reason, OT_REASON_LEN, "covered: 3TG content of part %s unknown", p->part_id);
    return p != NULL;
}

void ot_scope_bom(const ot_bom_part *parts, size_t n, ot_scope_decision *out)
{
    const ot_bom_part *p = telling_part(parts, n, true);
    out->in = p != NULL;
    if (p) {
        const char *name = p->product_name && *p->product_name ? p->product_name : p->product_id;
        snprintf(out->reason, sizeof out->reason, "in: supplies part %s of covered product %s (%s)",
                 p->part_id, name,
                 p->contains == OT_3TG_YES ? "contains 3TG" : "3TG content unknown");
    } else if (n) {
        snprintf(out->reason, sizeof out->reason,
                 "out: supplies only parts without 3TG (%zu BOM row%s)", n, n == 1 ? "" : "s");
    } else {
        snprintf(out->reason, sizeof out->reason,
                 "out: supplies no part of any product in the BOM");
    }
}

void ot_scope_combine(const ot_scope_rules *r, bool has_bom, const ot_scope_decision *vendor,
                      const ot_scope_decision *bom, ot_scope_decision *out)
{
    ot_scope_decision none;
    if (!bom) {
        ot_scope_bom(NULL, 0, &none);
        bom = &none;
    }
    ot_scope_route route = r->route;
    if (route == OT_ROUTE_AUTO) route = has_bom ? OT_ROUTE_BOM : OT_ROUTE_VENDOR;
    if (route == OT_ROUTE_VENDOR) {
        *out = *vendor;
    } else if (route == OT_ROUTE_BOM) {
        *out = *bom;
    } else {
        /* both: in when either route keeps it; the BOM reason is the more specific */
        *out = bom->in ? *bom : *vendor;
    }
}
