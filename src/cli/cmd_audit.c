/* cmd_audit.c - `oretrace audit show|verify`: read and check the hash-chained audit log. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_store.h"
#include "store/audit.h"
#include "store/workspace.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace audit show [--limit N] [--subject TYPE[:ID]] [--action A] [--json]\n"
            "       oretrace audit verify [--json]\n\n"
            "Every change to the program (imports, requests sent, reminders, ingested files,\n"
            "status changes, a person's overrides) is one audit entry, chained to the one\n"
            "before by a SHA-256 hash.\n\n"
            "  show     lists entries, oldest first (the last N, default 50; 0 = all), and the\n"
            "           hash of the newest entry: note it somewhere outside the workspace to\n"
            "           be able to prove later that no entry was removed from the end.\n"
            "  verify   runs the database's full integrity check, walks the whole chain and\n"
            "           reports the first entry that was changed, removed or reordered or\n"
            "           holds anything but UTF-8 text, and compares the chain with the head\n"
            "           kept outside the database in audit.head (entries removed from the end,\n"
            "           a replaced database). Exit status 0 when all is intact, 4 otherwise.\n\n"
            "options:\n"
            "  --workspace DIR    the workspace folder (default $ORETRACE_WORKSPACE or .)\n"
            "  --limit N          show: at most the last N entries\n"
            "  --subject TYPE[:ID] show: only entries about this subject (e.g. supplier:42)\n"
            "  --action A         show: only entries with this action (e.g. ingest)\n"
            "  --json             machine-readable output\n"
            "  -h, --help         this help\n");
}

typedef struct audit_opts {
    const char *workspace, *subject, *action;
    long limit;
    int json;
} audit_opts;

static int parse(int argc, char **argv, audit_opts *o)
{
    static const struct option opts[] = {
        {"workspace", required_argument, NULL, 'w'},
        {"limit", required_argument, NULL, 'l'},
        {"subject", required_argument, NULL, 's'},
        {"action", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    *o = (audit_opts){.limit = 50};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'w': o->workspace = optarg; break;
        case 's': o->subject = optarg; break;
        case 'a': o->action = optarg; break;
        case 'j': o->json = 1; break;
        case 'l':
            o->limit = strtol(optarg, &end, 10);
            if (*end || end == optarg || o->limit < 0) {
                cli_errorf("audit", "--limit needs a number of entries, not '%s'", optarg);
                return OT_EXIT_USAGE;
            }
            break;
        default:
            cli_errorf("audit", "unknown or incomplete option '%s' (see oretrace audit --help)",
                       argv[optind - 1]);
            return OT_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_errorf("audit", "unexpected argument '%s' (see oretrace audit --help)", argv[optind]);
        return OT_EXIT_USAGE;
    }
    return OT_EXIT_OK;
}

/* The last `limit` matching entries, oldest first: newest-first inner query, re-sorted. */
static const char *const show_sql =
    "SELECT id, ts, actor, action, subject_type, subject_id, detail, hash FROM ("
    " SELECT * FROM audit_log"
    " WHERE (? IS NULL OR subject_type = ?) AND (? IS NULL OR subject_id = ?)"
    "   AND (? IS NULL OR action = ?)"
    " ORDER BY id DESC LIMIT ?) AS recent ORDER BY id";

static int show(ot_workspace *ws, const audit_opts *o)
{
    char *type = NULL, *id = NULL;
    if (o->subject) {
        type = strdup(o->subject);
        if (!type) return OT_EXIT_FAILURE;
        char *colon = strchr(type, ':');
        if (colon) {
            *colon = '\0';
            id = colon + 1;
        }
    }
    ot_error err = {0};
    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(ws->db, show_sql, &st, &err);
    if (c == OT_OK)
        c = ot_stmt_bind_all(st,
                             OT_DB_PARAMS(ot_db_text(type), ot_db_text(type), ot_db_text(id),
                                          ot_db_text(id), ot_db_text(o->action),
                                          ot_db_text(o->action),
                                          ot_db_int(o->limit ? o->limit : -1)),
                             &err);
    json_t *arr = o->json ? json_array() : NULL;
    ot_step s = OT_STEP_ERROR;
    size_t shown = 0;
    while (c == OT_OK && (s = ot_stmt_step(st, &err)) == OT_STEP_ROW) {
        const char *subject_type = ot_stmt_text(st, 4), *subject_id = ot_stmt_text(st, 5);
        shown++;
        if (arr) {
            json_t *e = json_object();
            json_object_set_new(e, "id", json_integer(ot_stmt_int(st, 0)));
            json_object_set_new(e, "ts", json_string(ot_stmt_text(st, 1)));
            json_object_set_new(e, "actor", json_string(ot_stmt_text(st, 2)));
            json_object_set_new(e, "action", json_string(ot_stmt_text(st, 3)));
            json_object_set_new(e, "subject_type", subject_type ? json_string(subject_type) : json_null());
            json_object_set_new(e, "subject_id", subject_id ? json_string(subject_id) : json_null());
            json_object_set_new(e, "detail", cli_json_from_text(ot_stmt_text(st, 6)));
            json_object_set_new(e, "hash", json_string(ot_stmt_text(st, 7)));
            json_array_append_new(arr, e);
        } else {
            printf("%6lld  %s  %-16s %-10s %s%s%s  %s\n", (long long)ot_stmt_int(st, 0),
                   ot_stmt_text(st, 1), ot_stmt_text(st, 2), ot_stmt_text(st, 3),
                   subject_type ? subject_type : "-", subject_id ? ":" : "",
                   subject_id ? subject_id : "", ot_stmt_text(st, 6));
        }
    }
    ot_stmt_finalize(st);
    free(type);
    char *head = NULL;
    if (c == OT_OK && s != OT_STEP_ERROR) {
        ot_code hc = ot_db_query_text(ws->db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
                                      OT_DB_NO_PARAMS, &head, &err);
        if (hc != OT_OK && hc != OT_E_NOT_FOUND) c = hc;
    }
    if (c != OT_OK || s == OT_STEP_ERROR) {
        json_decref(arr);
        free(head);
        cli_errorf("audit", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    if (arr) {
        json_t *out = json_object();
        json_object_set_new(out, "entries", arr);
        json_object_set_new(out, "head_hash", head ? json_string(head) : json_null());
        free(head);
        return cli_print_json(out);
    }
    if (!shown) printf("No audit entries%s.\n", o->subject || o->action ? " match" : " yet");
    if (head) printf("head hash: %s\n", head);
    free(head);
    return OT_EXIT_OK;
}

/* What is wrong with the head file, as one sentence ("" when nothing). */
static void head_problem(const ot_audit_head_check *h, char *out, size_t size)
{
    out[0] = '\0';
    switch (h->state) {
    case OT_AUDIT_HEAD_OK:
    case OT_AUDIT_HEAD_NONE:
        break;
    case OT_AUDIT_HEAD_MISSING:
        snprintf(out, size,
                 "%s is missing although this workspace keeps one: entries removed from the "
                 "end of the log cannot be detected without it (if it was deleted by mistake, "
                 "`oretrace init` writes a new one from the log as it is now)",
                 h->path);
        break;
    case OT_AUDIT_HEAD_MALFORMED:
        snprintf(out, size, "%s is not an audit head file (damaged or replaced)", h->path);
        break;
    case OT_AUDIT_HEAD_AHEAD:
        snprintf(out, size,
                 "%s records %lld entries but the log has only %lld: entries were removed from "
                 "the end of the log, or the database was replaced by an older copy",
                 h->path, (long long)h->file.entries, (long long)h->log_entries);
        break;
    case OT_AUDIT_HEAD_MISMATCH:
        snprintf(out, size,
                 "%s records entry %lld with hash %.16s..., but the log's entry %lld is a "
                 "different one: the database was replaced or its log rewritten",
                 h->path, (long long)h->file.entries, h->file.hash, (long long)h->file.entries);
        break;
    }
}

static const char *head_state_name(ot_audit_head_state s)
{
    static const char *const names[] = {"ok", "none", "missing", "malformed", "ahead", "mismatch"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

static json_t *head_json(const ot_audit_head_check *h)
{
    json_t *o = json_object();
    json_object_set_new(o, "state", json_string(head_state_name(h->state)));
    bool read = h->state == OT_AUDIT_HEAD_OK || h->state == OT_AUDIT_HEAD_AHEAD ||
                h->state == OT_AUDIT_HEAD_MISMATCH;
    json_object_set_new(o, "entries", read ? json_integer(h->file.entries) : json_null());
    json_object_set_new(o, "hash", read ? json_string(h->file.hash) : json_null());
    json_object_set_new(o, "log_entries", json_integer(h->log_entries));
    return o;
}

static int verify_json(const ot_audit_verify_result *r, const ot_audit_head_check *h,
                       const char *head_bad, json_t *integrity, bool ok)
{
    json_t *out = json_object();
    json_object_set_new(out, "intact", json_boolean(ok));
    json_object_set_new(out, "entries_checked", json_integer(r->entries));
    json_object_set_new(out, "first_bad_id",
                        r->intact ? json_null() : json_integer(r->first_bad_id));
    json_object_set_new(out, "reason",
                        !r->intact    ? json_string(r->reason)
                        : head_bad[0] ? json_string(head_bad)
                                      : json_null());
    json_object_set_new(out, "head_hash",
                        r->head_hash[0] && r->intact ? json_string(r->head_hash) : json_null());
    json_object_set_new(out, "head_file", head_json(h));
    json_t *db = json_object();
    json_object_set_new(db, "ok", json_boolean(json_array_size(integrity) == 0));
    json_object_set_new(db, "problems", integrity);
    json_object_set_new(out, "database_integrity", db);
    int rc = cli_print_json(out);
    return ok ? rc : OT_EXIT_FAILURE;
}

static void verify_text(const ot_audit_verify_result *r, const ot_audit_head_check *h,
                        const char *head_bad, long bad_db)
{
    printf("Database integrity: %s.\n", bad_db ? "PROBLEMS FOUND (listed above)" : "ok");
    if (!r->intact) {
        printf("Audit log TAMPERED at entry %lld: %s\n", (long long)r->first_bad_id, r->reason);
        return;
    }
    if (head_bad[0]) {
        printf("Audit log TAMPERED: %s\n", head_bad);
        return;
    }
    printf("Audit log intact: %lld entries, head hash %s\n", (long long)r->entries,
           r->head_hash[0] ? r->head_hash : "(empty)");
    if (h->state == OT_AUDIT_HEAD_OK && h->file.entries < h->log_entries)
        printf("%s: entry %lld, %lld behind the log (a command was interrupted before "
               "updating it, or is running now); the log continues it\n",
               OT_AUDIT_HEAD_NAME, (long long)h->file.entries,
               (long long)(h->log_entries - h->file.entries));
    else if (h->state == OT_AUDIT_HEAD_OK)
        printf("%s: matches the log\n", OT_AUDIT_HEAD_NAME);
}

static int verify(ot_workspace *ws, const audit_opts *o)
{
    json_t *integrity = o->json ? json_array() : NULL;
    long bad_db = cli_check_integrity("audit", ws, integrity);
    ot_audit_verify_result r;
    ot_audit_head_check h;
    ot_error err = {0};
    /* The head file first: a writer committing meanwhile only lengthens the log. */
    ot_code c = bad_db < 0 ? OT_E_DB : ot_audit_check_head(ws->db, &h, &err);
    if (c == OT_OK) c = ot_audit_verify(ws->db, &r, &err);
    if (c != OT_OK) {
        json_decref(integrity);
        if (bad_db >= 0) cli_errorf("audit", "cannot verify the audit log: %s", err.message);
        return OT_EXIT_FAILURE;
    }
    char head_bad[sizeof h.path + 400];
    head_problem(&h, head_bad, sizeof head_bad);
    bool ok = r.intact && !head_bad[0] && bad_db == 0;
    if (o->json) return verify_json(&r, &h, head_bad, integrity, ok);
    verify_text(&r, &h, head_bad, bad_db);
    return ok ? OT_EXIT_OK : OT_EXIT_FAILURE;
}

int cmd_audit(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? OT_EXIT_USAGE : OT_EXIT_OK;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "show") != 0 && strcmp(sub, "verify") != 0) {
        cli_errorf("audit", "unknown sub-command '%s' (show or verify)", sub);
        return OT_EXIT_USAGE;
    }
    audit_opts o;
    int rc = parse(argc - 1, argv + 1, &o);
    if (rc != OT_EXIT_OK) return rc;
    ot_workspace *ws = NULL;
    rc = cli_open_workspace("audit", o.workspace, &ws);
    if (rc != OT_EXIT_OK) return rc;
    rc = strcmp(sub, "show") == 0 ? show(ws, &o) : verify(ws, &o);
    ot_workspace_close(ws);
    return rc;
}
