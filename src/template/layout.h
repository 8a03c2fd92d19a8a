/* layout.h - module-internal: the per-version layout tables of the RMI templates.
 *
 * One ot_layout per family and version says where every value of that version lives:
 * company fields, per-metal question cells, company questions, the smelter / product /
 * mine list rows and columns, and the drop-down each cell must come from. The tables are
 * data generated from docs/rmi-layout.json by scripts/gen-layouts.py (layouts_data.c);
 * detect.c picks one, extract.c applies it. Nothing here is version-specific code. */
#ifndef OT_TEMPLATE_LAYOUT_H
#define OT_TEMPLATE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "template/declaration.h"

#define OT_LAYOUT_SLOTS 10  /* EMRT 2.x / AMRT mineral slots */
#define OT_LIST_MAX_COLS 17 /* the widest list enum (ot_smelter_col) */

/* One cell of the layout; row 0 = the layout has no such cell. */
typedef struct ot_lcell {
    uint32_t row, col;
    const ot_dropdown *dropdown; /* list the value must come from, NULL = free text */
} ot_lcell;

typedef struct ot_lanswer {
    ot_lcell answer, comment;
} ot_lanswer;

/* A per-metal question. per_metal[i] is metal i of the layout (fixed metals) or slot i+1
 * (slots: the metal is the i-th name of the sorted selection). */
typedef struct ot_lquestion {
    const char *key;
    ot_question_role role;
    const char *text;
    ot_lanswer per_metal[OT_MAX_METALS];
} ot_lquestion;

typedef struct ot_lcompany_question {
    const char *letter;
    ot_company_role role;
    const char *text;
    bool per_metal;
    ot_lanswer answer;
    ot_lanswer per_metal_ans[OT_MAX_METALS];
} ot_lcompany_question;

/* A list sheet (smelters, products, mines). col[] / dropdown[] are indexed by
 * ot_smelter_col, ot_product_col or ot_mine_col; col 0 = the layout has no such column.
 * Only visible input columns are mapped: hidden helper columns are never data. */
typedef struct ot_llist {
    const char *sheet; /* NULL: the layout has no such list */
    uint32_t first_row, last_row;
    uint32_t col[OT_LIST_MAX_COLS];
    const ot_dropdown *dropdown[OT_LIST_MAX_COLS];
} ot_llist;

struct ot_layout {
    ot_family family;
    const char *version; /* "6.5" */
    const char *name;    /* "CMRT 6.5" */
    const char *title_en;
    const char *sheet_names[OT_SHEET__COUNT]; /* template's names, NULL = absent */

    ot_lcell field[OT_F__COUNT];
    ot_lcell date_parts[3];          /* CMRT 1.00: day, month, year drop-downs instead of a date */
    const char *date_min, *date_max; /* ISO, "" = open */
    bool date_min_exclusive;
    ot_lcell language;

    /* Metals: fixed (CMRT, CRT, EMRT 1.x) or chosen by the supplier (slots). */
    bool slots;
    size_t metal_count;
    const char *metals[OT_MAX_METALS];
    ot_lcell selection[OT_LAYOUT_SLOTS];    /* selection cells in slot order */
    ot_lcell other_name[OT_LAYOUT_SLOTS];   /* where the name of an "Other" choice is typed */
    const char *other_value;                /* "Other [specify below]" or NULL */
    ot_lcell sorted_names[OT_LAYOUT_SLOTS]; /* cached sorted, de-duplicated selection */

    size_t question_count;
    const ot_lquestion *questions;
    size_t company_question_count;
    const ot_lcompany_question *company_questions;

    ot_llist smelters, products, mines;
    const ot_dropdown *countries;
};

extern const ot_layout *const ot_layouts[];
extern const size_t ot_layout_count;

extern const ot_dropdown ot_countries_current;      /* 249 names, CMRT/CRT/EMRT */
extern const ot_dropdown ot_countries_plus_unknown; /* AMRT: + "UNKNOWN" */
extern const ot_dropdown ot_countries_legacy;       /* CMRT 2.03-3.01 spellings */

/* Compares two version strings numerically ("6.22" < "6.3" < "6.31", "2.03" < "2.03a").
 * Returns <0, 0, >0. */
int ot_layout_version_cmp(const char *a, const char *b);

/* The layout of exactly this family and version (aliases applied: CRT 2.21 -> 2.2), or
 * NULL. */
const ot_layout *ot_layout_find(ot_family family, const char *version);
/* The nearest layout of the family: the highest version not above `version`, else the
 * lowest above it. version NULL or "": the newest. NULL when the family has none. */
const ot_layout *ot_layout_nearest(ot_family family, const char *version);

#endif
