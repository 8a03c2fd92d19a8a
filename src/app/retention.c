/* retention.c - use case "retention report" (retention.h). */
#include "app/retention.h"

#include "app/json.h"

ot_code ot_app_retention_report(ot_app *app, const ot_retention_request *req,
                                ot_retention_result *res, ot_error *err)
{
    return ot_retention_report_make(ot_app_db(app), ot_app_config(app)->retention_years,
                                    req ? req->as_of : NULL, res, err);
}

static json_t *class_to_json(const ot_retention_class *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "class", json_string(c->name));
    json_object_set_new(o, "description", json_string(c->description));
    json_object_set_new(o, "count", json_integer(c->count));
    json_object_set_new(o, "oldest", ot_json_text_or_null(c->oldest));
    json_object_set_new(o, "newest", ot_json_text_or_null(c->newest));
    json_object_set_new(o, "keep_oldest_until", ot_json_text_or_null(c->keep_oldest_until));
    json_object_set_new(o, "keep_all_until", ot_json_text_or_null(c->keep_all_until));
    json_object_set_new(o, "past_retention", json_integer(c->past_retention));
    return o;
}

json_t *ot_retention_result_to_json(const ot_retention_result *res)
{
    json_t *out = json_object();
    json_object_set_new(out, "retention_years", json_integer(res->years));
    json_object_set_new(out, "as_of", json_string(res->as_of));
    json_object_set_new(out, "cutoff", json_string(res->cutoff));
    json_t *arr = json_array();
    for (size_t i = 0; i < res->class_count; i++)
        json_array_append_new(arr, class_to_json(&res->classes[i]));
    json_object_set_new(out, "classes", arr);
    return out;
}
