/* reference.c - the smelter list the read use cases share (reference.h). */
#include "app/reference.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/smelterref.h"

struct ot_reference {
    ot_refdata *rd;
    bool snapshot;
    ot_matcher *matcher;   /* built on first use */
    ot_smelterref *checks; /* built on first use */
};

ot_code ot_reference_open(ot_app *app, ot_reference **out, ot_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return ot_fail(err, OT_E_NOMEM, "reference data: out of memory");
    ot_reference *ref = *out;
    ot_code rc;
    if (app) {
        rc = ot_refdata_open(ot_app_workspace(app)->dir, &ref->rd, &ref->snapshot, err);
    } else {
        ref->snapshot = true;
        rc = ot_refdata_load_snapshot(&ref->rd, err);
    }
    if (rc == OT_OK) return OT_OK;
    if (err) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        ot_fail(err, rc, "reference data: %.360s", why);
    }
    ot_reference_free(ref);
    *out = NULL;
    return rc;
}

void ot_reference_free(ot_reference *ref)
{
    if (!ref) return;
    ot_smelterref_free(ref->checks);
    ot_matcher_free(ref->matcher);
    ot_refdata_free(ref->rd);
    free(ref);
}

const ot_refdata *ot_reference_data(const ot_reference *ref)
{
    return ref->rd;
}

bool ot_reference_is_snapshot(const ot_reference *ref)
{
    return ref->snapshot;
}

ot_code ot_reference_matcher(ot_reference *ref, ot_matcher **out, ot_error *err)
{
    if (!ref->matcher) {
        ot_code rc = ot_matcher_build(ref->rd, &ref->matcher, err);
        if (rc != OT_OK) return rc;
    }
    *out = ref->matcher;
    return OT_OK;
}

const ot_smelter_ref *ot_reference_checks(ot_reference *ref)
{
    if (!ref->checks) ref->checks = ot_smelterref_new(ref->rd);
    return ot_smelterref_get(ref->checks);
}
