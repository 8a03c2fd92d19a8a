/* rollup_lists.c - the roll-up reads the CAHRA and watch lists in force when it is
 * computed (risklists.h); with none imported it uses none. */
#include "report/risklists.h"
#include "report/rollup_internal.h"

ot_code rl_load_lists(ot_db *db, ot_rollup *r, ot_error *err)
{
    ot_code rc = ot_risklist_cahra(db, &r->cahra, &r->cahra_info, err);
    return rc == OT_OK ? ot_risklist_watch(db, &r->watch, &r->watch_info, err) : rc;
}

const ot_risklist_info *ot_rollup_list_info(const ot_rollup *r, ot_risklist_kind kind)
{
    const ot_risklist_info *in = !r                          ? NULL
                                 : kind == OT_RISKLIST_WATCH ? &r->watch_info
                                                             : &r->cahra_info;
    return in && in->id ? in : NULL;
}
