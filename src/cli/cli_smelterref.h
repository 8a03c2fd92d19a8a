/* cli_smelterref.h - adapts the refdata store to the small smelter-reference interface
 * validation needs (validate/validate.h: ot_smelter_ref), so validate does not depend on
 * refdata's internals. Built once per command run; read-only afterwards, so the worker
 * threads can share it. */
#ifndef OT_CLI_SMELTERREF_H
#define OT_CLI_SMELTERREF_H

#include "refdata/refdata.h"
#include "validate/validate.h"

typedef struct cli_smelterref cli_smelterref;

/* Wraps rd (which must outlive the adapter). NULL when out of memory. */
cli_smelterref *cli_smelterref_new(const ot_refdata *rd);
const ot_smelter_ref *cli_smelterref_get(const cli_smelterref *a);
void cli_smelterref_free(cli_smelterref *a);

#endif
