/* cli_app.c - see cli_app.h. */
#include "cli_app.h"

#include <stdio.h>

#include "cli.h"

int cli_fail_workspace(const char *cmd, const char *dir, const ot_error *err)
{
    if (err->code == OT_E_NOT_FOUND) {
        cli_errorf(cmd,
                   "%s; create one with `oretrace init %s` or point --workspace / "
                   "ORETRACE_WORKSPACE at it",
                   err->message, dir);
        return OT_EXIT_USAGE;
    }
    if (err->code == OT_E_DB) {
        cli_errorf(cmd,
                   "%s. `oretrace init` creates only new workspaces: it does not replace "
                   "a database, nor start one beside an old audit.head",
                   err->message);
        return OT_EXIT_FAILURE;
    }
    cli_errorf(cmd, "%s", err->message);
    return err->code == OT_E_USAGE ? OT_EXIT_USAGE : OT_EXIT_FAILURE;
}

int cli_open_app(const cli_call *call, ot_app **app)
{
    ot_error err = {0};
    const char *dir = cli_workspace(cli_opt(call, "workspace"));
    if (ot_app_open(dir, app, &err) != OT_OK) return cli_fail_workspace(call->name, dir, &err);
    const char *notice = ot_app_workspace(*app)->notice;
    if (*notice) fprintf(stderr, "oretrace %s: note: %s\n", call->name, notice);
    return OT_EXIT_OK;
}

ot_code cli_open_reference(const cli_call *call, ot_reference **ref, ot_error *err)
{
    const char *dir = cli_workspace(cli_opt(call, "workspace"));
    if (!ot_workspace_exists(dir)) return ot_reference_open(NULL, ref, err);
    ot_app *app = NULL;
    ot_code rc = ot_app_open(dir, &app, err);
    if (rc == OT_OK) rc = ot_reference_open(app, ref, err);
    ot_app_close(app);
    return rc;
}

int cli_exit_code(ot_code code)
{
    if (code == OT_OK) return OT_EXIT_OK;
    if (code == OT_E_USAGE) return OT_EXIT_USAGE;
    if (ot_error_is_unreadable_input(code)) return OT_EXIT_UNREADABLE;
    return OT_EXIT_FAILURE; /* database, disk full, I/O, lock, memory */
}

int cli_fail(const cli_call *call, const ot_error *err)
{
    cli_errorf(call->name, "%s", err->message);
    return cli_exit_code(err->code);
}
