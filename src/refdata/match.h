/* match.h - the smelter matcher: which RMI smelter does a supplier's Smelter List row
 * mean?
 *
 * Input is what the row holds (metal, typed smelter ID, look-up choice, typed name,
 * country); output is the smelter it resolves to, how (`method`), how sure (`confidence`
 * in [0,1]), what disagreed (`notes`) and the runner-up candidates with their scores.
 *
 * How: a typed ID wins when it exists for that metal (legacy IDs map to today's CID);
 * an ID of another metal, or whose names clearly disagree with the typed name, is a
 * conflict that is reported. Names are compared exactly (the look-up alias), then by
 * normalised key (normalize.h), then fuzzily (IDF-weighted token overlap with typo-tolerant
 * tokens, plus edit distance on the whole key), within the metal first and across metals
 * after. Country and metal mismatches lower the confidence and are reported. A name that
 * matches nothing well enough, or two smelters equally well, stays unresolved with its
 * candidates: a wrong match is worse than none (threshold: docs/refdata.md).
 *
 * The index is built once (ot_matcher_build) and is read-only afterwards; ot_match uses
 * scratch memory owned by the matcher, so one matcher serves one thread at a time
 * (ot_match_r with an ot_match_scratch per thread for more). */
#ifndef OT_MATCH_H
#define OT_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "refdata/refdata.h"
#include "util/error.h"

typedef enum {
    OT_MATCH_UNRESOLVED = 0,
    OT_MATCH_ID,          /* "id": the typed smelter ID */
    OT_MATCH_ALIAS_EXACT, /* "alias-exact": a look-up alias, letter for letter */
    OT_MATCH_NORMALIZED,  /* "normalized": equal after normalisation */
    OT_MATCH_FUZZY,       /* "fuzzy": similar enough, and clearly better than the rest */
    OT_MATCH_CROSS_METAL, /* "cross-metal": a smelter of another metal than the row's */
} ot_match_method;

const char *ot_match_method_name(ot_match_method m);

/* What disagreed or deserves a look (bit set). */
enum {
    OT_NOTE_COUNTRY_MISMATCH = 1u << 0,    /* the row's country is not the smelter's */
    OT_NOTE_METAL_MISMATCH = 1u << 1,      /* the smelter is listed for another metal */
    OT_NOTE_ID_OTHER_METAL = 1u << 2,      /* typed ID exists, but for another metal */
    OT_NOTE_ID_NAME_CONFLICT = 1u << 3,    /* typed ID and typed name point to different smelters */
    OT_NOTE_ID_UNKNOWN = 1u << 4,          /* typed ID is not in the reference list */
    OT_NOTE_RETIRED = 1u << 5,             /* the smelter is no longer on the RMI list */
    OT_NOTE_MERGED = 1u << 6,              /* an old ID or name, resolved to its successor */
    OT_NOTE_AMBIGUOUS = 1u << 7,           /* several smelters fit about equally */
    OT_NOTE_METAL_GARBLED = 1u << 8,       /* the metal was recognised from a damaged spelling */
    OT_NOTE_METAL_UNKNOWN = 1u << 9,       /* the metal could not be recognised */
    OT_NOTE_NOT_YET_IDENTIFIED = 1u << 10, /* the row says "Smelter not yet identified" */
    OT_NOTE_LEGACY_ID = 1u << 11,          /* typed ID is an old-style ID (1JPN072) */
    OT_NOTE_NO_INPUT = 1u << 12,           /* nothing to match on */
};
#define OT_NOTE__COUNT 13

/* Stable snake_case name of one note bit ("country_mismatch"...). */
const char *ot_match_note_name(unsigned bit);

typedef struct ot_match_input {
    const char *metal;       /* as typed; may be NULL */
    const char *smelter_id;  /* as typed; may be NULL */
    const char *lookup_name; /* the Smelter Look-up column; may be NULL */
    const char *name;        /* the typed Smelter Name; may be NULL */
    const char *country;     /* may be NULL */
} ot_match_input;

#define OT_MATCH_MAX_CANDIDATES 5

typedef struct ot_match_candidate {
    const ot_smelter *smelter;
    const char *matched_name; /* the alias the score was computed against */
    double score;             /* in [0,1] */
} ot_match_candidate;

typedef struct ot_match_result {
    ot_match_method method;
    const ot_smelter *smelter;          /* NULL when unresolved */
    double confidence;                  /* in [0,1]; 0 when unresolved */
    const char *metal;                  /* the metal recognised from the input, NULL if none */
    const char *matched_name;           /* the alias that matched (methods other than id) */
    const ot_smelter *typed_id_smelter; /* what the typed ID names, when it exists */
    unsigned notes;                     /* OT_NOTE_* bits */
    size_t candidate_count;             /* other smelters considered, best first */
    ot_match_candidate candidates[OT_MATCH_MAX_CANDIDATES];
} ot_match_result;

typedef struct ot_matcher ot_matcher;
typedef struct ot_match_scratch ot_match_scratch;

/* Builds the index over the store's smelters and aliases. The store must outlive the
 * matcher and not change while it is in use. */
ot_code ot_matcher_build(const ot_refdata *rd, ot_matcher **out, ot_error *err);
void ot_matcher_free(ot_matcher *m);

/* Resolution threshold in use, and a way to change it (evaluation / tuning). */
double ot_matcher_threshold(const ot_matcher *m);
void ot_matcher_set_threshold(ot_matcher *m, double threshold);

void ot_match(ot_matcher *m, const ot_match_input *in, ot_match_result *out);

ot_match_scratch *ot_match_scratch_new(const ot_matcher *m);
void ot_match_scratch_free(ot_match_scratch *s);
void ot_match_r(const ot_matcher *m, ot_match_scratch *s, const ot_match_input *in,
                ot_match_result *out);

/* One line for a person on why the row resolved (or did not) the way it did:
 * "alias-exact match on 'Dowa Kogyo k.k.'; country differs (row: CHINA, smelter: JAPAN)".
 * Returns out. */
char *ot_match_explain(const ot_match_input *in, const ot_match_result *r, char *out, size_t cap);

#endif
