/* app.c - the open workspace every use case works on (app.h). */
#include "app/app.h"

#include <stdlib.h>

struct ot_app {
    ot_workspace *ws;
};

ot_code ot_app_open(const char *dir, ot_app **app, ot_error *err)
{
    *app = calloc(1, sizeof **app);
    if (!*app) return ot_fail(err, OT_E_NOMEM, "out of memory opening the workspace");
    ot_code rc = ot_workspace_open(dir, &(*app)->ws, err);
    if (rc != OT_OK) {
        free(*app);
        *app = NULL;
    }
    return rc;
}

void ot_app_close(ot_app *app)
{
    if (!app) return;
    ot_workspace_close(app->ws);
    free(app);
}

ot_workspace *ot_app_workspace(ot_app *app)
{
    return app->ws;
}
ot_db *ot_app_db(ot_app *app)
{
    return app->ws->db;
}
const ot_config *ot_app_config(const ot_app *app)
{
    return &app->ws->config;
}

ot_code ot_app_connect(ot_app *app, ot_db **db, ot_error *err)
{
    ot_code rc = ot_db_open(app->ws->db_path, db, err);
    /* waits for another process's lock as long as the workspace's own connection does */
    if (rc == OT_OK) ot_db_set_lock_wait(*db, app->ws->config.lock_wait_seconds);
    return rc;
}

void ot_app_on_lock_wait(ot_db_wait_fn fn)
{
    ot_db_set_wait_notifier(fn);
}
