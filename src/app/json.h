/* json.h - small helpers the use cases' to_json functions share. */
#ifndef OT_APP_JSON_H
#define OT_APP_JSON_H

#include <jansson.h>

/* The text as a JSON string; JSON null for NULL or "". */
json_t *ot_json_text_or_null(const char *s);
/* A stored JSON text (e.g. an audit detail) as a JSON value; the text as a string when
 * it does not parse; JSON null for NULL. */
json_t *ot_json_from_text(const char *text);

#endif
