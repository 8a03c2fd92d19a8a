/* evidence.c - making evidence.json (evidence.h) from the figures, the conclusion and the
 * documents written. */
#include "report/evidence.h"

#include <stdlib.h>
#include <string.h>

static json_t *string_array(char *const *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(s[i]));
    return a;
}

static json_t *id_array(const int64_t *ids, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    return a;
}

static const char *kind_name(ot_figure_kind k)
{
    static const char *const names[] = {"count", "percent", "year", "date", "text"};
    return names[k];
}

static json_t *figure_json(const ot_cmr_figures *f, ot_figure_id id)
{
    const ot_figure_def *d = ot_figure_def_at(id);
    const ot_figure_value *v = &f->v[id];
    ot_strbuf printed = {0};
    ot_cmr_figure_format(f, id, &printed);
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(d->name));
    json_object_set_new(o, "kind", json_string(kind_name(d->kind)));
    json_object_set_new(o, "text", json_string(ot_sb_str(&printed)));
    if (!v->set)
        json_object_set_new(o, "value", json_null());
    else if (d->kind == OT_FIGK_DATE || d->kind == OT_FIGK_TEXT)
        json_object_set_new(o, "value", json_string(v->text));
    else if (d->kind == OT_FIGK_PERCENT)
        json_object_set_new(o, "value", json_real(v->number));
    else
        json_object_set_new(o, "value", json_integer((json_int_t)v->number));
    json_object_set_new(o, "definition", json_string(d->definition));
    json_object_set_new(o, "computed", json_string(d->computed));
    json_object_set_new(o, "supplier_ids", string_array(v->supplier_ids, v->supplier_count));
    json_object_set_new(o, "submission_ids", id_array(v->submission_ids, v->submission_count));
    ot_sb_free(&printed);
    return o;
}

static json_t *inputs_json(const ot_cmr_inputs *in)
{
    json_t *o = json_object();
    json_object_set_new(o, "campaign_id", json_integer(in->campaign_id));
    json_object_set_new(o, "campaign", json_string(in->campaign));
    json_object_set_new(o, "campaign_year", json_integer(in->year));
    json_object_set_new(o, "as_of", json_string(in->as_of));
    json_object_set_new(o, "status_list_as_of",
                        *in->status_list_as_of ? json_string(in->status_list_as_of) : json_null());
    json_t *rd = json_object();
    json_object_set_new(rd, "shipped_snapshot", json_boolean(in->refdata_from_snapshot));
    json_t *sources = json_array();
    for (size_t i = 0; i < in->source_count; i++) {
        json_t *s = json_object();
        json_object_set_new(s, "label", json_string(in->source_labels[i]));
        json_object_set_new(s, "kind", json_string(in->source_kinds[i]));
        json_object_set_new(s, "as_of", json_string(in->source_dates[i]));
        json_array_append_new(sources, s);
    }
    json_object_set_new(rd, "sources", sources);
    json_object_set_new(o, "reference_data", rd);
    return o;
}

static json_t *smelter_json(const ot_cmr_smelter *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "metal", json_string(s->metal));
    json_object_set_new(o, "standard_name", json_string(s->standard_name));
    json_object_set_new(o, "country", json_string(s->country));
    json_object_set_new(o, "smelter_id", json_string(s->smelter_id));
    json_object_set_new(o, "rmap_status", json_string(s->rmap_status));
    json_object_set_new(o, "status_as_of",
                        *s->status_as_of ? json_string(s->status_as_of) : json_null());
    json_object_set_new(o, "mine_countries",
                        string_array(s->mine_countries, s->mine_country_count));
    json_object_set_new(o, "supplier_ids", string_array(s->supplier_ids, s->supplier_count));
    json_object_set_new(o, "submission_ids", id_array(s->submission_ids, s->supplier_count));
    return o;
}

static json_t *appendix_json(const ot_cmr_figures *f)
{
    json_t *o = json_object();
    json_t *rows = json_array();
    for (size_t i = 0; i < f->smelter_count; i++)
        json_array_append_new(rows, smelter_json(&f->smelters[i]));
    json_object_set_new(o, "smelters", rows);
    json_t *un = json_array();
    for (size_t i = 0; i < f->unresolved_reason_count; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "reason", json_string(f->unresolved_reasons[i].reason));
        json_object_set_new(r, "count", json_integer((json_int_t)f->unresolved_reasons[i].count));
        json_array_append_new(un, r);
    }
    json_object_set_new(o, "unresolved", un);
    json_t *origins = json_array();
    for (size_t i = 0; i < f->origin_count; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "country", json_string(f->origins[i].country));
        json_object_set_new(r, "smelters", json_integer((json_int_t)f->origins[i].smelter_count));
        json_array_append_new(origins, r);
    }
    json_object_set_new(o, "countries_of_origin", origins);
    return o;
}

static json_t *conclusion_json(const ot_rcoi_decision *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "conclusion", json_string(ot_rcoi_conclusion_name(d->conclusion)));
    json_object_set_new(o, "outcome", json_string(ot_dd_outcome_name(d->outcome)));
    json_object_set_new(o, "derived", json_string(ot_rcoi_conclusion_name(d->derived)));
    json_object_set_new(o, "derived_outcome", json_string(ot_dd_outcome_name(d->derived_outcome)));
    json_object_set_new(o, "rule", json_integer((json_int_t)d->rule + 1));
    json_t *reasons = json_array();
    for (size_t i = 0; i < d->reason_count; i++)
        json_array_append_new(reasons, json_string(d->reasons[i]));
    json_object_set_new(o, "reasons", reasons);
    json_t *ov = json_null();
    if (d->override.present) {
        ov = json_object();
        json_object_set_new(ov, "justification", json_string(d->override.justification));
        json_object_set_new(ov, "actor", json_string(d->override.actor));
        json_object_set_new(ov, "decided_at", json_string(d->override.decided_at));
    }
    json_object_set_new(o, "override", ov);
    return o;
}

json_t *ot_evidence_json(const ot_cmr_figures *f, const ot_rcoi_decision *d,
                         const ot_evidence_document *docs, size_t doc_count,
                         const char *generated_at)
{
    json_t *o = json_object();
    json_object_set_new(o, "format", json_string(OT_EVIDENCE_FORMAT));
    json_object_set_new(o, "generated_at", json_string(generated_at ? generated_at : ""));
    json_object_set_new(o, "inputs", inputs_json(&f->inputs));
    json_t *documents = json_array();
    for (size_t i = 0; i < doc_count; i++) {
        json_t *doc = json_object();
        json_object_set_new(doc, "file", json_string(docs[i].file));
        json_object_set_new(doc, "kind", json_string(docs[i].kind));
        json_object_set_new(doc, "sha256", json_string(docs[i].sha256));
        json_array_append_new(documents, doc);
    }
    json_object_set_new(o, "documents", documents);
    json_object_set_new(o, "conclusion", conclusion_json(d));
    json_t *figures = json_array();
    for (int i = 0; i < OT_FIG__COUNT; i++)
        json_array_append_new(figures, figure_json(f, (ot_figure_id)i));
    json_object_set_new(o, "figures", figures);
    json_object_set_new(o, "appendix", appendix_json(f));
    return o;
}

ot_code ot_evidence_inputs(const json_t *ev, char campaign[24], char as_of[OT_DATE_LEN],
                           ot_error *err)
{
    const char *format = json_string_value(json_object_get(ev, "format"));
    json_t *in = json_object_get(ev, "inputs");
    const char *y = json_string_value(json_object_get(in, "campaign"));
    const char *a = json_string_value(json_object_get(in, "as_of"));
    if (!format || strcmp(format, OT_EVIDENCE_FORMAT) != 0 || !y || strlen(y) >= 24 || !a ||
        strlen(a) != OT_DATE_LEN - 1)
        return ot_fail(err, OT_E_INVALID,
                       "not oretrace evidence (%s with format %s, inputs.campaign and "
                       "inputs.as_of expected)",
                       OT_EVIDENCE_FILE, OT_EVIDENCE_FORMAT);
    memcpy(campaign, y, strlen(y) + 1);
    memcpy(as_of, a, OT_DATE_LEN);
    return OT_OK;
}
