/* declaration.h - the value every later stage uses: one supplier's filled template.
 *
 * The template module turns a workbook into an ot_declaration by applying the layout of
 * the detected family and version (cell maps are data, generated into layouts_data.c).
 * Every value remembers the cell it was read from (so a finding can point the supplier at it) and
 * the drop-down it had to come from, if any. All strings live in the declaration's arena
 * and are freed with it. Values are trimmed UTF-8; NULL means the cell was empty. */
#ifndef OT_DECLARATION_H
#define OT_DECLARATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/date.h"

typedef enum {
    OT_FAMILY_UNKNOWN = 0,
    OT_FAMILY_CMRT,
    OT_FAMILY_EMRT,
    OT_FAMILY_CRT,
    OT_FAMILY_AMRT,
} ot_family;

const char *ot_family_name(ot_family f); /* "CMRT", ... */

/* Which sheet a value was read from. */
typedef enum {
    OT_SHEET_DECLARATION = 0,
    OT_SHEET_SMELTER_LIST,
    OT_SHEET_PRODUCT_LIST,
    OT_SHEET_MINE_LIST,
    OT_SHEET__COUNT
} ot_sheet_id;

/* A list of allowed values (a template drop-down). Items are the exact strings Excel
 * stores; compare case-insensitively after trimming. `numeric_one_is` names the item a
 * stored number 1 stands for ("100%" lists), NULL otherwise. */
typedef struct ot_dropdown {
    const char *name;
    size_t count;
    const char *const *items;
    const char *numeric_one_is;
} ot_dropdown;

typedef struct ot_value {
    const char *value; /* NULL when empty */
    ot_sheet_id sheet;
    uint32_t row, col;          /* 1-based; 0/0 when the layout has no such cell */
    const ot_dropdown *allowed; /* NULL for free text */
    bool formula;               /* the cell held a formula (value is its cached result) */
    bool numeric;               /* the cell held a number (value is its text form) */
} ot_value;

typedef enum {
    OT_F_COMPANY_NAME = 0,
    OT_F_SCOPE,
    OT_F_SCOPE_DESCRIPTION,
    OT_F_UNIQUE_ID,
    OT_F_UNIQUE_ID_AUTHORITY,
    OT_F_ADDRESS,
    OT_F_CONTACT_NAME,
    OT_F_CONTACT_EMAIL,
    OT_F_CONTACT_PHONE,
    OT_F_AUTHORIZER_NAME,
    OT_F_AUTHORIZER_TITLE,
    OT_F_AUTHORIZER_EMAIL,
    OT_F_AUTHORIZER_PHONE,
    OT_F_EFFECTIVE_DATE,
    OT_F__COUNT
} ot_field;

const char *ot_field_name(ot_field f); /* "company_name", ... (JSON / finding names) */

/* What a question asks, the same across versions whose letters and numbers differ. */
typedef enum {
    OT_Q_OTHER = 0,
    OT_Q_INTENTIONAL,        /* metal intentionally added / necessary (CMRT Q1) */
    OT_Q_REMAINS,            /* remains in the product (CMRT 6.x Q2) */
    OT_Q_COVERED_COUNTRIES,  /* sourced from the DRC / covered countries */
    OT_Q_CAHRA,              /* sourced from conflict-affected and high-risk areas */
    OT_Q_RECYCLED,           /* 100% recycled or scrap */
    OT_Q_RESPONSE_RATE,      /* share of suppliers that responded */
    OT_Q_ALL_SMELTERS,       /* all smelters identified */
    OT_Q_ALL_INFO_REPORTED,  /* all smelter information reported */
    OT_Q_SMELTERS_VALIDATED, /* legacy: all smelters validated as compliant */
} ot_question_role;

typedef enum {
    OT_CQ_OTHER = 0,
    OT_CQ_POLICY,            /* sourcing policy in place */
    OT_CQ_POLICY_PUBLIC,     /* policy publicly available (URL in comment) */
    OT_CQ_CONFLICT_FREE,     /* legacy: require suppliers to be DRC conflict-free */
    OT_CQ_REQUIRE_VALIDATED, /* require suppliers to use validated / audited smelters */
    OT_CQ_DUE_DILIGENCE,     /* due diligence measures implemented */
    OT_CQ_SURVEY,            /* survey suppliers (format) */
    OT_CQ_SMELTER_NAMES,     /* legacy: request smelter names */
    OT_CQ_REVIEW,            /* review / verify supplier information */
    OT_CQ_CORRECTIVE,        /* corrective action management */
    OT_CQ_DISCLOSURE,        /* subject to / files a disclosure */
    OT_CQ_ALL_TEMPLATES,     /* legacy 1.00: completed templates from all suppliers */
} ot_company_role;

/* Stable names of the roles, as the store keeps them ("covered_countries", "policy");
 * "other" for OT_Q_OTHER / OT_CQ_OTHER and anything unknown. */
const char *ot_question_role_name(ot_question_role r);
const char *ot_company_role_name(ot_company_role r);
/* The role a stored name stands for; false when the name is no role's. */
bool ot_question_role_parse(const char *name, ot_question_role *out);

#define OT_MAX_METALS 10
#define OT_MAX_QUESTIONS 10
#define OT_MAX_COMPANY_QUESTIONS 12

typedef struct ot_answer {
    ot_value answer, comment;
} ot_answer;

typedef struct ot_question {
    char key[4]; /* "1".."8" as printed in the template */
    ot_question_role role;
    const char *text;                   /* English question text */
    ot_answer per_metal[OT_MAX_METALS]; /* indexed like ot_declaration.metals */
} ot_question;

typedef struct ot_company_question {
    char letter[4]; /* "A".."K" */
    ot_company_role role;
    const char *text;
    bool per_metal;   /* EMRT question C: one answer per mineral */
    ot_answer answer; /* when !per_metal */
    ot_answer per_metal_ans[OT_MAX_METALS];
} ot_company_question;

typedef enum {
    OT_SM_ID_INPUT = 0, /* smelter ID typed in the input column (A) */
    OT_SM_METAL,
    OT_SM_LOOKUP_NAME, /* "Smelter Look-up" choice, incl. "Smelter not listed" */
    OT_SM_NAME,        /* smelter name typed by the supplier */
    OT_SM_COUNTRY,
    OT_SM_ID, /* smelter identification (computed by the template) */
    OT_SM_ID_SOURCE,
    OT_SM_STREET,
    OT_SM_CITY,
    OT_SM_STATE,
    OT_SM_CONTACT_NAME,
    OT_SM_CONTACT_EMAIL,
    OT_SM_NEXT_STEPS,
    OT_SM_MINE_NAME,
    OT_SM_MINE_COUNTRY,
    OT_SM_RECYCLED, /* 100% of feedstock recycled or scrap */
    OT_SM_COMMENTS,
    OT_SM__COUNT
} ot_smelter_col;

typedef enum {
    OT_PR_NUMBER = 0,
    OT_PR_NAME,
    OT_PR_REQUESTER_NUMBER,
    OT_PR_REQUESTER_NAME,
    OT_PR_COMMENTS,
    OT_PR__COUNT
} ot_product_col;

typedef enum {
    OT_MN_METAL = 0,
    OT_MN_SMELTER_NAME,
    OT_MN_NAME,
    OT_MN_ID,
    OT_MN_ID_SOURCE,
    OT_MN_COUNTRY,
    OT_MN_STREET,
    OT_MN_CITY,
    OT_MN_STATE,
    OT_MN_CONTACT_NAME,
    OT_MN_CONTACT_EMAIL,
    OT_MN_NEXT_STEPS,
    OT_MN_COMMENTS,
    OT_MN__COUNT
} ot_mine_col;

const char *ot_smelter_col_name(ot_smelter_col c); /* JSON keys: "smelter_id_input", ... */
const char *ot_product_col_name(ot_product_col c);
const char *ot_mine_col_name(ot_mine_col c);

typedef struct ot_smelter_row {
    uint32_t row;
    ot_value col[OT_SM__COUNT];
} ot_smelter_row;

typedef struct ot_product_row {
    uint32_t row;
    ot_value col[OT_PR__COUNT];
} ot_product_row;

typedef struct ot_mine_row {
    uint32_t row;
    ot_value col[OT_MN__COUNT];
} ot_mine_row;

typedef struct ot_layout ot_layout; /* opaque per-version layout (template/layout.h) */

typedef struct ot_declaration {
    ot_family family;
    char version[16];        /* as the file states it, e.g. "6.5", "2.03a" */
    char layout_version[16]; /* the layout applied */
    bool exact;              /* false: unknown or newer version read with the nearest layout */
    const char *layout_note; /* why not exact, for a person; NULL when exact */
    const char *language;    /* Declaration!D3 when present */
    const char *sheet_names[OT_SHEET__COUNT]; /* the workbook's names for these sheets */

    size_t metal_count; /* minerals the template covers (EMRT 2.x / AMRT: selected) */
    const char *metals[OT_MAX_METALS];

    ot_value fields[OT_F__COUNT];
    /* effective date as ISO "YYYY-MM-DD" when the cell holds a date serial or a date text
     * the template accepts; "" otherwise (the raw text stays in fields[]). */
    char effective_date[OT_DATE_LEN];
    /* Declaration scope letter "A"/"B"/"C"/("D" legacy) or "" when absent/unknown. */
    char scope_letter[2];

    size_t question_count;
    ot_question questions[OT_MAX_QUESTIONS];
    size_t company_question_count;
    ot_company_question company_questions[OT_MAX_COMPANY_QUESTIONS];

    size_t smelter_count;
    ot_smelter_row *smelters;
    size_t product_count;
    ot_product_row *products;
    size_t mine_count;
    ot_mine_row *mines;
    bool has_mine_list;

    const ot_layout *layout;
    ot_arena arena;
} ot_declaration;

/* Index of a metal name in decl->metals (case-insensitive), or -1. */
int ot_declaration_metal_index(const ot_declaration *d, const char *metal);
/* The question with this role, or NULL when the version has none. */
const ot_question *ot_declaration_question(const ot_declaration *d, ot_question_role role);
const ot_company_question *ot_declaration_company_question(const ot_declaration *d,
                                                           ot_company_role role);

#endif
