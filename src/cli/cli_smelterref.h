/* cli_smelterref.h - transitional: the refdata -> validate adapter now lives in the
 * application layer (app/smelterref.h). These names keep `ingest` building until its
 * use case moves into src/app and calls app/smelterref.h itself; then this file goes. */
#ifndef OT_CLI_SMELTERREF_H
#define OT_CLI_SMELTERREF_H

#include "app/smelterref.h"

typedef ot_smelterref cli_smelterref;
#define cli_smelterref_new ot_smelterref_new
#define cli_smelterref_get ot_smelterref_get
#define cli_smelterref_free ot_smelterref_free

#endif
