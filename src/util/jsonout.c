/* jsonout.c - see jsonout.h. */
#include "jsonout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Fewest %g digits that give back exactly v, and at least as many as its integer part
 * has: with fewer, %g writes 100 as "1e+02". */
static int shortest_digits(double v)
{
    if (!isfinite(v)) return 1; /* jansson refuses these anyway */
    int first = 1;
    if (fabs(v) >= 1 && fabs(v) < 1e16) first = (int)floor(log10(fabs(v))) + 1;
    char buf[40];
    for (int p = first; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, v);
        if (strtod(buf, NULL) == v) return p;
    }
    return 17;
}

static int max_digits(const json_t *v, int depth)
{
    if (depth > 2048) return 17; /* pathological nesting: jansson's own limit is lower */
    int most = 1;
    const char *key;
    json_t *item;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_REAL:
        return shortest_digits(json_real_value(v));
    case JSON_OBJECT:
        json_object_foreach((json_t *)v, key, item)
        {
            int d = max_digits(item, depth + 1);
            if (d > most) most = d;
        }
        return most;
    case JSON_ARRAY:
        json_array_foreach(v, i, item)
        {
            int d = max_digits(item, depth + 1);
            if (d > most) most = d;
        }
        return most;
    default:
        return most;
    }
}

int ot_json_real_digits(const json_t *value)
{
    return value ? max_digits(value, 0) : 1;
}

char *ot_json_dumps(const json_t *value, size_t flags)
{
    return json_dumps(value, flags | JSON_REAL_PRECISION(ot_json_real_digits(value)));
}

int ot_json_dumpf(const json_t *value, FILE *out, size_t flags)
{
    return json_dumpf(value, out, flags | JSON_REAL_PRECISION(ot_json_real_digits(value)));
}

json_t *ot_json_text(const char *s)
{
    if (!s) return json_null();
    size_t len = strlen(s);
    if (ot_utf8_valid(s, len)) return json_stringn(s, len);
    char *clean = ot_utf8_sanitize(s, len);
    json_t *j = clean ? json_string(clean) : NULL;
    free(clean);
    return j;
}

double ot_round_to(double v, int decimals)
{
    double scale = pow(10, decimals);
    return round(v * scale) / scale;
}
