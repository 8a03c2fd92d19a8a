/* rules_internal.h - what the check files share: the rule and profile tables' shapes, the
 * per-declaration context a check reads, and the helpers that emit findings.
 * Internal to the validate module. */
#ifndef OT_RULES_INTERNAL_H
#define OT_RULES_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "template/template.h"
#include "util/date.h"
#include "validate/validate.h"

/* ---- Checker profiles: how a template version's own Checker sheet decides what is
 * required (rmi-templates.md 3.8, 4.5, 5, 6.2, 6.3, 7). One row per version range. ---- */

typedef enum {
    OT_SL_NONE = 0,     /* no smelter-list requirement */
    OT_SL_PER_METAL,    /* each metal that needs questions 3+ needs a smelter row */
    OT_SL_PER_METAL_Q1, /* each metal whose Q1 is not exempt needs a row (AMRT) */
    OT_SL_ANY_ROW,      /* at least one smelter row when the company block is required */
} ot_smelter_list_mode;

/* Feature flags: rules that exist only in some versions name the feature they need. */
enum {
    OT_PF_AUTHORIZER_PHONE = 1u << 0,  /* authorizer phone is required (CMRT 3.01) */
    OT_PF_MINERAL_SELECTION = 1u << 1, /* minerals are selected by the supplier (EMRT 2, AMRT) */
    OT_PF_OTHER_MINERAL = 1u << 2,     /* "Other [specify below]" needs a name (AMRT 1.3) */
    OT_PF_SURVEY_DESCRIBE = 1u << 3,   /* survey "other format" needs a description */
    OT_PF_CID_IDS = 1u << 4,           /* smelter IDs are CID + 6 digits */
    OT_PF_POLICY_URL = 1u << 5,        /* a "Yes" on the public-policy question needs a URL */
    OT_PF_PRODUCT_LIST = 1u << 6,      /* a product scope needs a product list */
    OT_PF_SCOPE = 1u << 7,             /* the template has a declaration scope */
};

#define OT_PROFILE_MAX_SET 4

typedef struct ot_profile {
    ot_family family;
    const char *first, *last; /* layout versions covered, inclusive */
    const char *name;         /* "CMRT 6.x" (docs) */
    unsigned features;
    ot_field required[12]; /* company fields the Checker requires; OT_F__COUNT ends */
    bool email_needs_at;   /* required e-mails must contain "@" */
    const char *scope_without_description;     /* scope letters that need no description */
    char product_scope;                        /* scope letter that needs a product list */
    bool product_needs_use;                    /* ... only when some metal is in use (legacy 2.x) */
    const char *q1_exempt[OT_PROFILE_MAX_SET]; /* Q1 answers that make later ones optional */
    bool remains_gate; /* the "remains in product" question gates questions 3+ */
    const char *q2_exempt[OT_PROFILE_MAX_SET];
    bool remains_always;               /* question 2 is always required (CMRT 3.01) */
    bool gate_both;                    /* 3+ optional only when Q1 AND Q2 are exempt (CMRT 3.01) */
    bool answered_only_if_yes;         /* 6.x: Q2 counts as answered only when Q1 is Yes, 3+ only
                                          when Q1 and Q2 are Yes (the Checker's value_read) */
    bool later_required;               /* questions after Q1 are required at all (not in AMRT) */
    ot_company_role url_roles[2];      /* questions whose "Yes" needs a URL comment */
    bool url_needs_www;                /* the URL comment must contain "www" (3.01) */
    const char *survey_describe_value; /* survey answer that needs a comment */
    ot_smelter_list_mode smelter_list;
    bool smelter_list_q1_yes;   /* CRT: only when Q1 is actually Yes (its Checker row is inert) */
    bool smelter_needs_country; /* AMRT: a row counts only with its country filled */
    const char *selection_cell; /* first minerals-in-scope cell (EMRT 2, AMRT) */
    const char *other_cell;     /* first "Other" specification cell (AMRT 1.3) */
} ot_profile;

const ot_profile *ot_profile_for(const ot_declaration *d);
/* -1 / 0 / 1 comparing "6.22" with "6.4" numerically part by part ("2.03a" sorts after
 * "2.03"). */
int ot_profile_version_cmp(const char *a, const char *b);

/* ---- the rule table ---- */

typedef struct ot_vctx ot_vctx;
typedef struct ot_rule ot_rule;
typedef void (*ot_check_fn)(ot_vctx *v, const ot_rule *rule);

#define OT_FAM(f) (1u << (f))
#define OT_FAM_ALL                                                                                 \
    (OT_FAM(OT_FAMILY_CMRT) | OT_FAM(OT_FAMILY_EMRT) | OT_FAM(OT_FAMILY_CRT) |                     \
     OT_FAM(OT_FAMILY_AMRT))

struct ot_rule {
    const char *suffix; /* code without the family prefix: "REQ-CONTACT-EMAIL" */
    ot_severity severity;
    unsigned families; /* OT_FAM bits */
    unsigned needs;    /* OT_PF_* the version's profile must have */
    const char *concern;
    const char *versions; /* for people */
    ot_check_fn check;
    int arg; /* rule-specific (a field, a role) */
    const char *meaning;
    const char *fix;
};

extern const ot_rule ot_rules[];
extern const size_t ot_rules_count;

/* ---- per-declaration state shared by the checks ---- */

/* A smelter-list row as the checks see it, after inference from the reference. */
typedef struct ot_srow {
    const ot_smelter_row *row;
    bool used;           /* the supplier entered something identifying */
    int metal;           /* index into d->metals, -1 none / not a metal of the declaration */
    bool metal_inferred; /* the metal came from the reference, not from the sheet */
    const char *id;      /* smelter ID the file states (typed, or computed by the template) */
    bool not_listed, not_yet_identified;
    bool identified; /* counts as a listed smelter for "smelter list required" */
} ot_srow;

struct ot_vctx {
    const ot_declaration *d;
    const ot_validate_ctx *ctx;
    const ot_profile *p;
    ot_findings *out;
    ot_layout_info layout;
    char today[OT_DATE_LEN];
    const ot_question *q1, *q2;     /* Q1 (intentional) and the gate Q2 (remains), may be NULL */
    bool needs_q2[OT_MAX_METALS];   /* Q2 required for this metal */
    bool needs_rest[OT_MAX_METALS]; /* questions 3+ required */
    bool company_required;
    ot_srow *rows; /* d->smelter_count entries */
    size_t rows_per_metal[OT_MAX_METALS];
};

/* Sheet name of a sheet id in this workbook ("Declaration" etc. as a fallback). */
const char *ot_v_sheet_name(const ot_vctx *v, ot_sheet_id s);
/* Emits a finding for rule at the value's cell (value may be NULL: no cell). metal < 0:
 * none. fix NULL: the rule's fix. */
void ot_v_emit(ot_vctx *v, const ot_rule *rule, const ot_value *at, const char *field, int metal,
               const char *fix, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Same with an explicit place. */
void ot_v_emit_at(ot_vctx *v, const ot_rule *rule, ot_sheet_id sheet, uint32_t row, uint32_t col,
                  const char *field, int metal, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* "Sheet!A1" of a value into out[64] ("" when the value has no cell). */
void ot_v_where(const ot_vctx *v, const ot_value *val, char out[80]);
/* The value cut to a readable length for a message (static rotating buffers). */
const char *ot_v_show(const char *s);

/* Small predicates. */
bool ot_v_empty(const ot_value *val);                      /* NULL value or only spaces */
bool ot_v_is(const ot_value *val, const char *text);       /* loose equality */
bool ot_v_in(const ot_value *val, const char *const *set); /* NULL-terminated set */
bool ot_v_has_cell(const ot_value *val);
/* Metal name match: loose, and "Tantalum (Ta)" matches "Tantalum". */
bool ot_v_metal_eq(const char *a, const char *b);
int ot_v_metal_index(const ot_declaration *d, const char *metal);
/* The answer of question q for metal m (NULL when the question is absent). */
const ot_value *ot_v_answer(const ot_question *q, size_t m);
/* Percent answers: 100% (number 1, "100%", legacy "Yes"/"Yes, 100%") */
bool ot_v_is_full_response(const ot_value *val);
/* Calls fn for every value of the declaration (company fields, answers and comments,
 * smelter, product and mine rows) with a field name for findings and the metal index
 * (-1 when not about one metal). */
typedef void (*ot_value_visit)(ot_vctx *v, const ot_rule *rule, const ot_value *val,
                               const char *field, int metal);
void ot_v_each_value(ot_vctx *v, const ot_rule *rule, ot_value_visit fn);

/* Scope letter as the Checker compares it: the drop-down item the value equals, '?' for a
 * value outside the list, 0 when empty. */
char ot_v_scope_letter(const ot_vctx *v);
/* Shortened question label: "question 3" or "question C". */
const char *ot_v_question_label(const ot_question *q, char out[32]);

#endif
