/* dropdowns.c - answers outside the drop-down list of their cell.
 *
 * Excel enforces a list only while typing; pasted values, other tools and older files get
 * through. Comparison follows Excel's: case-insensitive, surrounding spaces ignored (and
 * runs of inner spaces collapsed, a common paste artefact). A stored number 1 in a
 * percent cell means "100%". Smelter metal, country and look-up name have their own
 * rules (smelters.c) with better messages. */
#include "validate/checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_ws(const char *s)
{
    while (is_ws(*s))
        s++;
    return s;
}

/* Case-insensitive, ends trimmed, inner whitespace runs equal to one space. */
static bool loose_equal(const char *a, const char *b)
{
    a = skip_ws(a);
    b = skip_ws(b);
    while (*a && *b) {
        bool wa = is_ws(*a), wb = is_ws(*b);
        if (wa || wb) {
            if (!wa || !wb) return false;
            a = skip_ws(a);
            b = skip_ws(b);
            continue;
        }
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
        a++;
        b++;
    }
    return !*skip_ws(a) && !*skip_ws(b);
}

static bool is_hundred_percent(const char *s, bool numeric)
{
    if (numeric) return strtod(s, NULL) == 1.0;
    return loose_equal(s, "100%") || loose_equal(s, "1");
}

bool ot_v_in_dropdown(const ot_value *val)
{
    const ot_dropdown *dd = val->allowed;
    bool full = is_hundred_percent(val->value, val->numeric);
    for (size_t i = 0; i < dd->count; i++) {
        const char *item = dd->items[i];
        if (!item) continue;
        if (loose_equal(val->value, item)) return true;
        if (full && is_hundred_percent(item, false)) return true;
    }
    return false;
}

static bool has_own_rule(const ot_vctx *v, const ot_value *val)
{
    if (val->sheet != OT_SHEET_SMELTER_LIST) return false;
    return val->col == ot_template_smelter_col(v->d, OT_SM_METAL) ||
           val->col == ot_template_smelter_col(v->d, OT_SM_COUNTRY) ||
           val->col == ot_template_smelter_col(v->d, OT_SM_LOOKUP_NAME);
}

static void list_items(const ot_dropdown *dd, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < dd->count && used + 4 < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s\"%s\"", i ? ", " : "",
                         strcmp(dd->items[i], "1") == 0 ? "100%" : dd->items[i]);
        if (n < 0 || (size_t)n >= cap - used) {
            snprintf(out + used, cap - used, ", ...");
            break;
        }
        used += (size_t)n;
    }
}

static void visit(ot_vctx *v, const ot_rule *rule, const ot_value *val, const char *field,
                  int metal)
{
    if (!val->allowed || val->allowed->count == 0 || ot_v_empty(val) || val->formula) return;
    if (has_own_rule(v, val) || ot_v_in_dropdown(val)) return;
    char items[384], fix[512];
    list_items(val->allowed, items, sizeof items);
    snprintf(fix, sizeof fix, "Pick one of the values the cell's drop-down list offers: %s.",
             items);
    ot_v_emit(v, rule, val, field, metal, fix,
              "\"%s\" is not one of the values this cell's drop-down list allows.",
              ot_v_show(val->value));
}

void ot_check_dropdowns(ot_vctx *v, const ot_rule *rule)
{
    ot_v_each_value(v, rule, visit);
}
