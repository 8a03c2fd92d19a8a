/* cli_campaign.c - see cli_campaign.h. */
#include "cli_campaign.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/date.h"
#include "cli.h"
#include "cli_store.h"
#include "util/jsonout.h"
#include "util/printable.h"

bool cli_common_option(int ch, const char *optarg_value, cli_common *c)
{
    switch (ch) {
    case 'w': c->workspace = optarg_value; return true;
    case 't': c->today_text = optarg_value; return true;
    case 'j': c->json = true; return true;
    default: return false;
    }
}

int cli_parse_campaign_year(const char *cmd, const char *text, int *year)
{
    char *end;
    *year = (int)strtol(text, &end, 10);
    if (!*end && *year >= 2000) return OT_EXIT_OK;
    cli_errorf(cmd, "--campaign needs a reporting year, not '%s'", text);
    return OT_EXIT_USAGE;
}

int cli_resolve_today(const char *cmd, cli_common *c)
{
    if (!c->today_text) {
        c->today = ot_date_today();
        return OT_EXIT_OK;
    }
    if (!ot_date_parse(c->today_text, &c->today)) {
        cli_errorf(cmd, "--today needs a date as YYYY-MM-DD, not '%s'", c->today_text);
        return OT_EXIT_USAGE;
    }
    return OT_EXIT_OK;
}

int cli_import_failed(const char *cmd, const ot_error *err, const ot_supplier_import_report *rep,
                      const char *encoding)
{
    if (rep->encoding_refused && !encoding)
        cli_errorf(cmd, "%s; give its encoding to read it, e.g. --encoding latin1 (or "
                   "windows-1252, utf-16le)", err->message);
    else
        cli_errorf(cmd, "%s", err->message);
    if (err->code == OT_E_USAGE) return OT_EXIT_USAGE; /* e.g. an encoding iconv does not know */
    return err->code == OT_E_DB || err->code == OT_E_NOMEM || ot_error_is_system(err->code)
               ? OT_EXIT_FAILURE
               : OT_EXIT_UNREADABLE;
}

int cli_print_import(const char *path, const char *what, const ot_supplier_import_report *rep, bool json)
{
    int status = rep->skipped ? OT_EXIT_UNREADABLE : OT_EXIT_OK;
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "file", ot_json_text(path));
        json_object_set_new(o, "rows", json_integer((json_int_t)rep->rows));
        json_object_set_new(o, "skipped", json_integer((json_int_t)rep->skipped));
        json_object_set_new(o, "created", json_integer((json_int_t)rep->created));
        json_object_set_new(o, "updated", json_integer((json_int_t)rep->updated));
        json_object_set_new(o, "unchanged", json_integer((json_int_t)rep->unchanged));
        json_object_set_new(o, "contacts_added", json_integer((json_int_t)rep->contacts_added));
        json_object_set_new(o, "parts", json_integer((json_int_t)rep->parts));
        json_object_set_new(o, "covered_products", json_integer((json_int_t)rep->covered_products));
        json_object_set_new(o, "unknown_suppliers", json_integer((json_int_t)rep->unknown_suppliers));
        json_object_set_new(o, "in_scope", json_integer((json_int_t)rep->in_scope));
        json_object_set_new(o, "out_of_scope", json_integer((json_int_t)rep->out_of_scope));
        json_object_set_new(o, "scope_changed", json_integer((json_int_t)rep->scope_changed));
        json_t *probs = json_array();
        for (size_t i = 0; i < rep->n_problems; i++)
            json_array_append_new(probs, json_pack("{s:I, s:o}", "line",
                                                   (json_int_t)rep->problems[i].line, "problem",
                                                   ot_json_text(rep->problems[i].message)));
        json_object_set_new(o, "problems", probs);
        int rc = cli_print_json(o);
        return rc != OT_EXIT_OK ? rc : status;
    }
    ot_shown sh = {0};
    const char *shown_path = ot_show(&sh, path);
    for (size_t i = 0; i < rep->n_problems; i++)
        fprintf(stderr, "%s line %zu: %s\n", shown_path, rep->problems[i].line,
                ot_show(&sh, rep->problems[i].message));
    printf("%s: %zu rows read, %zu skipped; %s %zu new, %zu updated, %zu unchanged",
           shown_path, rep->rows, rep->skipped, what, rep->created, rep->updated, rep->unchanged);
    ot_shown_free(&sh);
    if (rep->contacts_added) printf(", %zu contacts added", rep->contacts_added);
    if (rep->parts) printf(", %zu BOM lines, %zu covered products", rep->parts, rep->covered_products);
    printf(".\nScope: %zu suppliers in, %zu out (%zu decisions changed).\n", rep->in_scope,
           rep->out_of_scope, rep->scope_changed);
    return status;
}
