/* smelterref.h - the refdata -> validate adapter: the refdata store seen through the small
 * smelter-reference interface validation needs (validate/validate.h: ot_smelter_ref), so
 * validate does not depend on refdata. The application layer owns it because it is where
 * the two stages meet (validate and ingest use it). Built once per run; read-only
 * afterwards, so worker threads can share it. */
#ifndef OT_APP_SMELTERREF_H
#define OT_APP_SMELTERREF_H

#include "refdata/refdata.h"
#include "validate/validate.h"

typedef struct ot_smelterref ot_smelterref;

/* Wraps rd (which must outlive the adapter). NULL when out of memory. */
ot_smelterref *ot_smelterref_new(const ot_refdata *rd);
const ot_smelter_ref *ot_smelterref_get(const ot_smelterref *a);
void ot_smelterref_free(ot_smelterref *a);

#endif
