/* cmrt_plan.h - module-internal: the cell edits the CMRT writer plans per sheet before it
 * touches the package (cmrt_cells.c: Declaration; cmrt_lists.c: Smelter and Product List). */
#ifndef OT_REPORT_CMRT_PLAN_H
#define OT_REPORT_CMRT_PLAN_H

#include "report/cmrt_internal.h"
#include "report/cmrt_writer.h"
#include "template/layout.h"

typedef struct cmrt_edits {
    ot_cmrt_edit *v;
    size_t n, cap;
} cmrt_edits;

typedef struct cmrt_plan {
    const ot_layout *layout;
    const ot_cmrt_input *in;
    char **lookup_ids; /* smelter IDs of the template's own Smelter Look-up, sorted */
    size_t lookup_count;
    cmrt_edits sheets[OT_SHEET__COUNT];
    size_t by_id, not_listed;
    bool override_used[OT_CMRT_MAX_OVERRIDES];
    ot_error *err;
} cmrt_plan;

/* Appends one edit of `sheet`. */
ot_code cmrt_add(cmrt_plan *p, ot_sheet_id sheet, uint32_t row, uint32_t col,
                 ot_cmrt_edit_kind kind, const char *text, double number);
/* The drop-down's own spelling of value, or NULL when it is not one of its items. */
const char *cmrt_item_of(const ot_dropdown *dd, const char *value);
/* OT_E_INVALID: value is not an item of dd (`what` names the cell for a person). */
ot_code cmrt_not_allowed(cmrt_plan *p, const char *what, const char *value, const ot_dropdown *dd);

ot_code cmrt_plan_declaration(cmrt_plan *p);
ot_code cmrt_plan_lists(cmrt_plan *p);

#endif
