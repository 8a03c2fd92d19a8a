/* cli_refdata.c - see cli_refdata.h. */
#include "cli_refdata.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_app.h"
#include "util/text.h"

int cli_open_app_if_any(const cli_call *call, ot_app **app)
{
    *app = NULL;
    if (!ot_workspace_exists(cli_workspace(cli_opt(call, "workspace")))) return OT_EXIT_OK;
    return cli_open_app(call, app);
}

int cli_refdata_open(const char *cmd, const char *ws_opt, ot_refdata **rd, bool *from_snapshot)
{
    ot_error err = {0};
    if (ot_refdata_open(cli_workspace(ws_opt), rd, from_snapshot, &err) == OT_OK) return OT_EXIT_OK;
    cli_errorf(cmd, "reference data: %s", err.message);
    return err.code == OT_E_IO ? OT_EXIT_UNREADABLE : OT_EXIT_FAILURE;
}
