/* normalize.h - how oretrace compares what people type: smelter names, metals, countries.
 *
 * A name is folded (NFKC, case fold, accents stripped, via utf8proc), split into tokens
 * (punctuation and spacing folded, "&" = "and", dotted abbreviations such as "S.p.A."
 * joined), common words put in one spelling ("Limited" = "Ltd", "Industries" =
 * "Industry"), and legal forms (Co., Ltd., GmbH, PT, S.A. de C.V. ...) recognised at the
 * edges of the name. Legal forms are kept apart rather than thrown away: the key used for
 * exact comparison leaves them out, the matcher still sees them. Parenthesised parts are
 * marked so that "Almalyk Mining (AMMC)" also compares equal to "Almalyk Mining".
 * Everything here works in caller-provided fixed buffers: no allocation per call on the
 * ASCII path, bounded work on any input (overlong names are truncated). */
#ifndef OT_NORMALIZE_H
#define OT_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OT_NORM_MAX_TOKENS 24
#define OT_NORM_TEXT 320

enum {
    OT_TOK_LEGAL = 1,     /* a legal form (canonical spelling in the token text) */
    OT_TOK_PAREN = 2,     /* inside parentheses or brackets */
    OT_TOK_STOP = 4,      /* "the", "of", "and": ignored by keys and scores */
    OT_TOK_FACILITY = 8,  /* "smelter", "refinery", "plant", "branch": says little */
    OT_TOK_LEGALISH = 16, /* spelled like a legal form but not where one stands ("Oy"
                             before a city): kept, weighs little */
};

typedef struct ot_name_token {
    uint16_t off;  /* canonical spelling, into ot_norm_name.text, NUL-terminated */
    uint16_t soff; /* as written (folded), into ot_norm_name.surface */
    uint8_t len, slen;
    uint8_t flags; /* OT_TOK_* */
    uint8_t cls;   /* word lists the canonical spelling is on (normalize.c, internal) */
} ot_name_token;

typedef struct ot_norm_name {
    char text[OT_NORM_TEXT];
    char surface[OT_NORM_TEXT];
    ot_name_token tok[OT_NORM_MAX_TOKENS];
    uint8_t ntok;
    /* Core tokens (not legal, not stop words, not parenthesised) run together without
     * spaces: "Non-Ferrous Metal Co., Ltd." and "Nonferrous Metal" share a key. */
    char key[OT_NORM_TEXT];
    /* The same with parenthesised tokens included. */
    char full_key[OT_NORM_TEXT];
    /* Core tokens without facility words: what fuzzy character comparison looks at;
     * fuzzy_full includes the parenthesised tokens. */
    char fuzzy_key[OT_NORM_TEXT];
    char fuzzy_full[OT_NORM_TEXT];
    /* Every token as written, run together: truncated names are prefixes of it. */
    char raw_key[OT_NORM_TEXT];
    /* Canonical legal forms found, space separated ("co ltd"). */
    char legal[64];
    uint16_t key_len, full_key_len, fuzzy_key_len, fuzzy_full_len, raw_key_len;
    bool has_paren; /* some non-legal token is parenthesised */
} ot_norm_name;

/* Normalises a smelter (or company) name. s may be NULL (gives an empty name). */
void ot_normalize_name(const char *s, ot_norm_name *out);

static inline const char *ot_norm_token(const ot_norm_name *n, size_t i)
{
    return n->text + n->tok[i].off;
}

static inline const char *ot_norm_surface(const ot_norm_name *n, size_t i)
{
    return n->surface + n->tok[i].soff;
}

/* Folds the letters OCR engines confuse onto one: "rn" -> m, "vv" -> w, "cl" -> d,
 * 0 -> o, 1 and i -> l, 5 -> s, 8 -> b, c -> e. Compare two folded words to forgive
 * "Urnicore", "Sab1n", "Ltcl". Returns the length written (at most cap-1). */
size_t ot_ocr_fold(const char *s, size_t len, char *out, size_t cap);

/* Edit distance that also counts a swap of two neighbouring letters as one edit. */
unsigned ot_edit_distance_swap(const char *a, size_t alen, const char *b, size_t blen,
                               unsigned max_dist);

/* Folds text: NFKC, case fold, accents and other marks stripped, letters without a
 * decomposition (ø, æ, ł, đ, ...) spelled in ASCII, control characters dropped. Writes
 * at most cap-1 bytes plus a NUL; returns the length written. */
size_t ot_fold_text(const char *s, char *out, size_t cap);

/* Recognises a metal as suppliers type it: "Gold", "gold (Au)", "Au", "Wolfram", "錫",
 * or garbled ("Fantalum", "Tungstcn", "Ti n"). Returns the canonical name ("Gold",
 * "Tantalum", ... as the RMI templates spell them) or NULL. *garbled (may be NULL) is set
 * when the text needed more than folding to be recognised. */
const char *ot_metal_canonical(const char *typed, bool *garbled);

/* A comparable key for a country name: "USA", "United States", "UNITED STATES OF
 * AMERICA" and "US" give the same key; "KOREA, REPUBLIC OF" and "South Korea" too.
 * Empty, "Unknown" and similar give "" (nothing known). Returns the key length. */
size_t ot_country_key(const char *country, char *out, size_t cap);

/* True when both countries are known and differ. */
bool ot_country_differs(const char *a, const char *b);

/* Edit distance (Levenshtein) between two byte strings, stopping early: returns
 * max_dist + 1 when the distance exceeds max_dist. */
unsigned ot_edit_distance(const char *a, size_t alen, const char *b, size_t blen,
                          unsigned max_dist);

#endif
