/* cli_campaign.c - see cli_campaign.h. */
#include "cli_campaign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "util/printable.h"

int cli_today(const cli_call *call, int32_t *today)
{
    const char *text = cli_opt(call, "today");
    if (!text) {
        *today = ot_date_today();
        return OT_EXIT_OK;
    }
    if (ot_date_parse(text, today)) return OT_EXIT_OK;
    cli_errorf(call->name, "--today needs a date as YYYY-MM-DD, not '%s'", text);
    return OT_EXIT_USAGE;
}

const char *cli_campaign_selector(const cli_call *call)
{
    const char *text = cli_opt(call, "campaign");
    return text && *text ? text : NULL;
}

static bool accepts(const cli_call *call, const char *option)
{
    for (const cli_optuse *u = call->cmd->opts; u->name; u++)
        if (strcmp(u->name, option) == 0) return true;
    return false;
}

int cli_import_failed(const cli_call *call, const ot_error *err, const ot_import_result *res)
{
    const ot_supplier_import_report *rep = &res->report;
    if (rep->encoding_refused && !cli_opt(call, "encoding"))
        cli_errorf(call->name,
                   "%s; give its encoding to read it, e.g. --encoding latin1 (or "
                   "windows-1252, utf-16le)",
                   err->message);
    else if (rep->column_missing && accepts(call, "map"))
        cli_errorf(call->name,
                   "%s; name the column in the file, or map the file's header onto it "
                   "with --map COLUMN=Header",
                   err->message);
    else
        cli_errorf(call->name, "%s", err->message);
    if (err->code == OT_E_USAGE) return OT_EXIT_USAGE; /* e.g. an encoding iconv does not know */
    return err->code == OT_E_DB || err->code == OT_E_NOMEM || ot_error_is_system(err->code)
               ? OT_EXIT_FAILURE
               : OT_EXIT_UNREADABLE;
}

int cli_print_import(const cli_call *call, const char *what, const ot_import_result *res)
{
    const ot_supplier_import_report *rep = &res->report;
    int status = rep->skipped ? OT_EXIT_UNREADABLE : OT_EXIT_OK;
    if (cli_flag(call, "json")) {
        int rc = cli_print_jsonl(ot_import_result_to_json(res));
        return rc != OT_EXIT_OK ? rc : status;
    }
    ot_shown sh = {0};
    const char *shown_path = ot_show(&sh, res->path);
    for (size_t i = 0; i < rep->n_problems; i++)
        fprintf(stderr, "%s line %zu: %s\n", shown_path, rep->problems[i].line,
                ot_show(&sh, rep->problems[i].message));
    printf("%s: %zu rows read, %zu skipped; %s %zu new, %zu updated, %zu unchanged", shown_path,
           rep->rows, rep->skipped, what, rep->created, rep->updated, rep->unchanged);
    ot_shown_free(&sh);
    if (rep->contacts_added) printf(", %zu contacts added", rep->contacts_added);
    if (rep->parts)
        printf(", %zu BOM lines, %zu covered products", rep->parts, rep->covered_products);
    printf(".\nScope: %zu suppliers in, %zu out (%zu decisions changed).\n", rep->in_scope,
           rep->out_of_scope, rep->scope_changed);
    return status;
}

int cli_campaign_failed(const cli_call *call, const ot_error *err, const ot_campaign_info *found)
{
    if (err->code != OT_E_NOT_FOUND || found->id) return cli_fail(call, err);
    const char *sel = cli_campaign_selector(call);
    const char *slash = sel ? strchr(sel, '/') : NULL;
    if (slash)
        cli_errorf(call->name,
                   "%s (create it with `oretrace campaign new %.*s --template %s-VERSION`)",
                   err->message, (int)(slash - sel), sel, slash + 1);
    else if (sel)
        cli_errorf(call->name, "%s (create it with `oretrace campaign new %s`)", err->message, sel);
    else
        cli_errorf(call->name, "%s (create one with `oretrace campaign new YEAR`)", err->message);
    return cli_exit_code(err->code);
}
