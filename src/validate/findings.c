/* findings.c - the findings list: a growable array whose strings live in one arena. */
#include "validate/findings.h"

#include <stdlib.h>
#include <string.h>

const char *ot_severity_name(ot_severity s)
{
    return s == OT_SEV_ERROR ? "error" : "warning";
}

void ot_findings_init(ot_findings *f)
{
    memset(f, 0, sizeof *f);
    ot_arena_init(&f->arena, 0);
}

void ot_findings_free(ot_findings *f)
{
    free(f->items);
    ot_arena_free(&f->arena);
    memset(f, 0, sizeof *f);
}

static const char *keep(ot_findings *f, const char *s)
{
    char *copy = ot_arena_strdup(&f->arena, s ? s : "");
    if (!copy) f->failed = true;
    return copy ? copy : "";
}

bool ot_findings_add(ot_findings *f, const ot_finding *item)
{
    if (item->severity == OT_SEV_ERROR)
        f->errors++;
    else
        f->warnings++;
    if (f->count >= OT_FINDINGS_MAX) {
        f->dropped++;
        return false;
    }
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        ot_finding *p = realloc(f->items, cap * sizeof *p);
        if (!p) {
            f->failed = true;
            return false;
        }
        f->items = p;
        f->cap = cap;
    }
    ot_finding *out = &f->items[f->count++];
    out->code = keep(f, item->code);
    out->severity = item->severity;
    out->sheet = keep(f, item->sheet);
    out->cell = keep(f, item->cell);
    out->field = keep(f, item->field);
    out->metal = keep(f, item->metal);
    out->message = keep(f, item->message);
    out->fix = keep(f, item->fix);
    return true;
}

bool ot_findings_valid(const ot_findings *f)
{
    return f->errors == 0 && !f->failed;
}
