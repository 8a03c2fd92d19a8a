/* app.h - the application layer: one open workspace and the use cases every front end
 * calls (the CLI today; the web server, the HTTP API and the report generator next).
 *
 * A use case is a function with a typed request and a typed result:
 *     ot_code ot_app_<case>(ot_app *app, const ot_<case>_request *req,
 *                           ot_<case>_result *res, ot_error *err);
 *     json_t *ot_<case>_result_to_json(const ot_<case>_result *res);
 *     void ot_<case>_result_free(ot_<case>_result *res);
 * Its to_json is owned here, so every front end prints the same objects: a JSON object,
 * or an array whose elements are printed one per line (JSON lines). Front ends parse their
 * input, call one use case and print; they hold no SQL, no JSON building and no rules.
 * Messages are in the words of the domain and name no command-line option.
 *
 * Arrows point down: app -> campaign/ingest/report -> risk -> refdata/validate ->
 * template -> reader; store and util below all (docs/architecture.md). */
#ifndef OT_APP_H
#define OT_APP_H

#include "store/store.h"
#include "store/workspace.h"
#include "util/error.h"

/* An open workspace: its folder, settings and database connection, and the source of
 * further connections for threads of its own (one connection per thread). */
typedef struct ot_app ot_app;

/* Opens the workspace in dir (a workspace made by `init`); OT_E_NOT_FOUND when dir has
 * none. */
ot_code ot_app_open(const char *dir, ot_app **app, ot_error *err);
void ot_app_close(ot_app *app);

/* The workspace (folder paths, settings) and this thread's connection. */
ot_workspace *ot_app_workspace(ot_app *app);
ot_db *ot_app_db(ot_app *app);
const ot_config *ot_app_config(const ot_app *app);

/* A new connection to the same database, for another thread; close it with
 * ot_db_close. */
ot_code ot_app_connect(ot_app *app, ot_db **db, ot_error *err);

/* Called (from any thread) when a connection starts waiting for another process's write
 * lock: what it waits for and for how long at most, so a front end can tell the user. */
void ot_app_on_lock_wait(ot_db_wait_fn fn);

#endif
