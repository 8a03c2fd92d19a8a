/* template.h - the template model: detect an RMI template's family and version from a
 * workbook and extract its content into an ot_declaration.
 *
 * Detection reads Declaration!J3 (revision text), the hidden L sheet's English title and
 * the sheet structure; data is never located by label text (labels follow the language
 * the supplier picked). Cached formula values are used when present but never required:
 * what the supplier typed is kept. */
#ifndef OT_TEMPLATE_H
#define OT_TEMPLATE_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "reader/workbook.h"
#include "template/declaration.h"
#include "util/error.h"

/* What detection found: the family, the version the file states and the layout chosen. */
typedef struct ot_template_id {
    ot_family family;
    char version[16];        /* as stated ("6.5", "2.03a", "1.00"); "" when not stated */
    char layout_version[16]; /* the layout applied */
    bool exact;              /* false: unknown/newer/missing version, nearest layout used */
    char note[192];          /* why the layout is not exact, for a person; "" when exact */
    const ot_layout *layout;
} ot_template_id;

/* Detects family and version (rmi-templates.md section 2). Not an RMI template:
 * OT_E_NOT_TEMPLATE with a message saying why. Loads only Declaration, L and, when the
 * markers are needed, Smelter List. */
ot_code ot_template_detect(ot_workbook *wb, ot_template_id *out, ot_error *err);

/* Reads the declaration from an open workbook. Not an RMI template: OT_E_NOT_TEMPLATE. */
ot_code ot_template_read(ot_workbook *wb, ot_declaration **out, ot_error *err);
void ot_declaration_free(ot_declaration *d);

/* The declaration as a JSON object (jansson; the caller owns the reference): template,
 * company, minerals, questions, company_questions, smelters, products and, for templates
 * with a Mine List, mines. Empty values are null. The CLI's `inspect --json` prints it;
 * validate and store reuse it. NULL when out of memory. */
json_t *ot_declaration_to_json(const ot_declaration *d);

/* Country names of the template's country drop-down (current or legacy list). */
const ot_dropdown *ot_template_countries(const ot_declaration *d);

/* Layout facts the validator needs, by version (data from layouts_data.c). */
typedef struct ot_layout_info {
    const char *family_version; /* "CMRT 6.5" */
    uint32_t smelter_first_row, smelter_last_row;
    uint32_t product_first_row, product_last_row;
    uint32_t mine_first_row, mine_last_row; /* 0 when the template has no Mine List */
    /* effective-date rule of the template's data validation, ISO dates, "" = open */
    const char *date_min, *date_max;
    bool date_min_exclusive;
} ot_layout_info;
void ot_template_layout_info(const ot_declaration *d, ot_layout_info *out);

/* 1-based column number (A = 1) of a smelter-list / product-list / mine-list field in
 * this layout, or 0 when the layout has no such column. */
uint32_t ot_template_smelter_col(const ot_declaration *d, ot_smelter_col c);
uint32_t ot_template_product_col(const ot_declaration *d, ot_product_col c);
uint32_t ot_template_mine_col(const ot_declaration *d, ot_mine_col c);

/* The versions this program has a layout for, the program's knowledge of what exists
 * (campaigns may only ask for one of these). */
/* The family of a name ("CMRT", "emrt"; case ignored), false when none. */
bool ot_family_parse(const char *name, ot_family *out);
/* True when the family has a layout of exactly this version ("6.5", "2.21"). */
bool ot_template_version_known(ot_family family, const char *version);
/* The family's known versions, newest first ("6.5, 6.4, 6.31, ..."), into out. */
void ot_template_versions_list(ot_family family, char *out, size_t size);
/* Compares two versions numerically ("6.22" < "6.3" < "6.31"; "2.03" < "2.03a"). */
int ot_template_version_cmp(const char *a, const char *b);
/* The A1 reference of a declaration field in the family's layout nearest `version`
 * ("D22"), into out[16]; false when the layout has no such cell. */
bool ot_template_field_cell(ot_family family, const char *version, ot_field field, char out[16]);

#endif
