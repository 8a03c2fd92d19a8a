/* cli_refdata.c - see cli_refdata.h. */
#include "cli_refdata.h"

#include <math.h>
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
    if (ot_refdata_open(cli_workspace(ws_opt), rd, from_snapshot, &err) == OT_OK)
        return OT_EXIT_OK;
    cli_errorf(cmd, "reference data: %s", err.message);
    return err.code == OT_E_IO ? OT_EXIT_UNREADABLE : OT_EXIT_FAILURE;
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static double round3(double v)
{
    return round(v * 1000.0) / 1000.0;
}

json_t *cli_match_json(const ot_refdata *rd, const ot_match_input *in, const ot_match_result *r,
                       const char *date)
{
    json_t *o = json_object();
    const ot_smelter *s = r->smelter;
    json_object_set_new(o, "smelter_id", s ? json_string(s->id) : json_null());
    json_object_set_new(o, "standard_name", s ? str_or_null(s->standard_name) : json_null());
    json_object_set_new(o, "metal", s ? str_or_null(s->metal) : str_or_null(r->metal));
    json_object_set_new(o, "country", s ? str_or_null(s->country) : json_null());
    const ot_status_entry *st = s ? ot_refdata_status(rd, s->id, date) : NULL;
    json_object_set_new(o, "status", st ? json_string(ot_rmap_status_name(st->status)) : json_null());
    json_object_set_new(o, "status_as_of", st ? json_string(st->as_of) : json_null());
    json_object_set_new(o, "state", s ? json_string(ot_smelter_state_name(s->state)) : json_null());
    json_object_set_new(o, "method", json_string(ot_match_method_name(r->method)));
    json_object_set_new(o, "confidence", json_real(round3(r->confidence)));
    json_object_set_new(o, "matched_name", str_or_null(r->matched_name));
    json_t *notes = json_array();
    for (unsigned i = 0; i < OT_NOTE__COUNT; i++)
        if (r->notes & (1u << i)) json_array_append_new(notes, json_string(ot_match_note_name(1u << i)));
    json_object_set_new(o, "notes", notes);
    char why[512];
    ot_match_explain(in, r, why, sizeof why);
    /* the explanation quotes what the supplier typed, which may not be valid UTF-8 */
    char *clean = ot_utf8_sanitize(why, strlen(why));
    json_object_set_new(o, "why", json_string(clean ? clean : ""));
    free(clean);
    json_t *cands = json_array();
    for (size_t i = 0; i < r->candidate_count; i++) {
        const ot_match_candidate *c = &r->candidates[i];
        json_t *co = json_object();
        json_object_set_new(co, "smelter_id", json_string(c->smelter->id));
        json_object_set_new(co, "standard_name", str_or_null(c->smelter->standard_name));
        json_object_set_new(co, "metal", str_or_null(c->smelter->metal));
        json_object_set_new(co, "country", str_or_null(c->smelter->country));
        json_object_set_new(co, "matched_name", str_or_null(c->matched_name));
        json_object_set_new(co, "score", json_real(round3(c->score)));
        json_array_append_new(cands, co);
    }
    json_object_set_new(o, "candidates", cands);
    return o;
}
