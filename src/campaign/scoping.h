/* scoping.h - which suppliers a conflict-minerals survey must cover, and why.
 *
 * Two routes, both used in filings:
 *   vendor list: keep suppliers of production (direct) materials; drop services,
 *     indirect materials, suppliers marked inactive and suppliers without a purchase for
 *     N years (default 5);
 *   BOM: a product is covered when any of its parts contains 3TG or its 3TG content is
 *     unknown (unknown is treated as "may contain": the RCOI has to find out); a supplier
 *     is in scope when it supplies such a part (3TG "yes" or "unknown") of a covered
 *     product.
 * Every decision carries a sentence a reviewer can read ("out: category service"). These
 * functions are pure: the database side (suppliers.c) feeds them facts and stores the
 * results. */
#ifndef OT_SCOPING_H
#define OT_SCOPING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OT_SCOPE_MAX_EXCLUDED 16
#define OT_CATEGORY_LEN 64
#define OT_REASON_LEN 256

typedef enum {
    OT_ROUTE_AUTO = 0, /* BOM when a BOM was imported, else vendor list */
    OT_ROUTE_VENDOR,
    OT_ROUTE_BOM,
    OT_ROUTE_BOTH, /* in when either route keeps the supplier */
} ot_scope_route;

typedef struct ot_scope_rules {
    /* normalised categories (see ot_category_normalize) that put a supplier out */
    char excluded[OT_SCOPE_MAX_EXCLUDED][OT_CATEGORY_LEN];
    size_t n_excluded;
    int inactive_years;    /* 0 turns the rule off */
    bool exclude_inactive; /* the CSV's active column set to no */
    ot_scope_route route;
    int32_t as_of; /* day number the years are counted back from */
} ot_scope_rules;

/* Defaults as in the filings: exclude service and indirect, 5 years, inactive out,
 * route auto. */
void ot_scope_rules_default(ot_scope_rules *r, int32_t as_of);

/* Sets the excluded categories from a comma-separated list ("service, indirect");
 * returns false when the list has more than OT_SCOPE_MAX_EXCLUDED entries. */
bool ot_scope_set_excluded(ot_scope_rules *r, const char *list);
/* Parses "auto", "vendor", "bom" or "both". */
bool ot_scope_route_parse(const char *s, ot_scope_route *out);
const char *ot_scope_route_name(ot_scope_route r);

/* Normalises a category for rules and reports: trimmed, lower case, inner spaces
 * collapsed, known spellings folded ("Services" -> "service", "Indirect materials" ->
 * "indirect", "Direct material" -> "direct"). Other text stays as typed, lower-cased.
 * NULL or blank gives "". */
void ot_category_normalize(const char *raw, char out[OT_CATEGORY_LEN]);

typedef struct ot_scope_decision {
    bool in;
    char reason[OT_REASON_LEN]; /* "in: ..." or "out: ..." */
} ot_scope_decision;

/* Vendor-list facts of one supplier. */
typedef struct ot_vendor_facts {
    const char *category;      /* as imported, may be NULL */
    const char *last_purchase; /* ISO date or NULL */
    int active;                /* 1 yes, 0 no, -1 not given */
} ot_vendor_facts;

void ot_scope_vendor(const ot_scope_rules *r, const ot_vendor_facts *f, ot_scope_decision *out);

typedef enum { OT_3TG_NO = 0, OT_3TG_YES, OT_3TG_UNKNOWN } ot_3tg;
/* "yes"/"no"/"unknown" (also y/n/true/false/1/0/"?"/blank=unknown, any case). */
bool ot_3tg_parse(const char *s, ot_3tg *out);
const char *ot_3tg_name(ot_3tg v);

/* One part a supplier delivers, with what is known of the product it goes into. */
typedef struct ot_bom_part {
    const char *product_id, *product_name, *part_id;
    ot_3tg contains;
    bool product_covered;
} ot_bom_part;

/* A product is covered when any part is "yes" or "unknown"; the reason names the part. */
bool ot_product_covered(const ot_bom_part *parts, size_t n, char reason[OT_REASON_LEN]);

/* BOM route for one supplier given all the parts it supplies (n may be 0). */
void ot_scope_bom(const ot_bom_part *parts, size_t n, ot_scope_decision *out);

/* Final decision from the two routes. has_bom: a BOM has been imported. bom may be
 * NULL when the supplier appears in no BOM row. */
void ot_scope_combine(const ot_scope_rules *r, bool has_bom, const ot_scope_decision *vendor,
                      const ot_scope_decision *bom, ot_scope_decision *out);

#endif
