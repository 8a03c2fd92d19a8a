/* json.c - see json.h. */
#include "app/json.h"

json_t *ot_json_text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *ot_json_from_text(const char *text)
{
    if (!text) return json_null();
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}
