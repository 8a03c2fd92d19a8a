/* template.h - the template model: detect an RMI template's family and version from a
 * workbook and extract its content into an ot_declaration.
 *
 * Detection reads Declaration!J3 (revision text), the hidden L sheet's English title and
 * the sheet structure; data is never located by label text (labels follow the language
 * the supplier picked). Cached formula values are used when present but never required:
 * what the supplier typed is kept. */
#ifndef OT_TEMPLATE_H
#define OT_TEMPLATE_H

#include <stdio.h>

#include "reader/workbook.h"
#include "template/declaration.h"
#include "util/error.h"

/* Reads the declaration from an open workbook. Not an RMI template: OT_E_NOT_TEMPLATE. */
ot_code ot_template_read(ot_workbook *wb, ot_declaration **out, ot_error *err);
void ot_declaration_free(ot_declaration *d);

/* Country names of the template's country drop-down (current or legacy list). */
const ot_dropdown *ot_template_countries(const ot_declaration *d);

/* Layout facts the validator needs, by version (data from layouts.c). */
typedef struct ot_layout_info {
    const char *family_version;  /* "CMRT 6.5" */
    uint32_t smelter_first_row, smelter_last_row;
    uint32_t product_first_row, product_last_row;
    /* effective-date rule of the template's data validation, ISO dates, "" = open */
    const char *date_min, *date_max;
    bool date_min_exclusive;
} ot_layout_info;
void ot_template_layout_info(const ot_declaration *d, ot_layout_info *out);

/* Column letter(s) of a smelter-list / product-list / mine-list field in this layout,
 * or 0 when the layout has no such column. */
uint32_t ot_template_smelter_col(const ot_declaration *d, ot_smelter_col c);
uint32_t ot_template_product_col(const ot_declaration *d, ot_product_col c);

#endif
