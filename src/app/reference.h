/* reference.h - the RMI smelter list the read use cases (inspect --resolve, validate,
 * match) resolve and check against: the workspace's reference store when there is a
 * workspace, else the snapshot shipped with oretrace; with the matcher over it and the
 * adapter validation needs (app/smelterref.h).
 *
 * Loading the list and building the matcher take tens of milliseconds, so a front end
 * opens a reference once and hands it to as many use cases as it likes (a server keeps
 * one). The matcher and the adapter are built on first use, on the calling thread;
 * afterwards the reference is read-only and worker threads share it. */
#ifndef OT_APP_REFERENCE_H
#define OT_APP_REFERENCE_H

#include "app/app.h"
#include "refdata/match.h"
#include "refdata/refdata.h"
#include "validate/validate.h"

typedef struct ot_reference ot_reference;

/* The reference of the workspace app has open; app NULL (no workspace): the list shipped
 * with oretrace. Errors say "reference data: why" (OT_E_IO when the store could not be
 * read). */
ot_code ot_reference_open(ot_app *app, ot_reference **out, ot_error *err);
void ot_reference_free(ot_reference *ref);

const ot_refdata *ot_reference_data(const ot_reference *ref);
/* True when the list is the one shipped with oretrace (nothing imported). */
bool ot_reference_is_snapshot(const ot_reference *ref);

/* The matcher over the list, built on first call. */
ot_code ot_reference_matcher(ot_reference *ref, ot_matcher **out, ot_error *err);

/* The list as validation's smelter reference, built on first call; NULL when out of
 * memory (the checks that need it are then skipped). */
const ot_smelter_ref *ot_reference_checks(ot_reference *ref);

#endif
