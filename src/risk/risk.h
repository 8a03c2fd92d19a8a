/* risk.h - the risk module: country facts (ISO 3166 codes for every template spelling,
 * the SEC covered countries, a user-maintained CAHRA list), red flags and a risk level
 * per smelter, and the strength of a supplier's due-diligence program read from its
 * declaration.
 *
 * Everything here is a pure function of its arguments and of tables compiled into the
 * library (data/countries.tsv, data/covered-countries.tsv, data/cahra-example.csv): no
 * storage, no printing, no clock unless the caller leaves the evaluation date open. What
 * varies with the regulation or the template version is a table read by one piece of
 * code: the red-flag table and the risk-level table (flags.c), the per-version
 * company-question map (program.c). docs/risk.md is generated from them
 * (ot_risk_markdown) and tests/risk/test_docs.c keeps both in step.
 *
 * Strings handed out by the country tables live as long as the program. Lists
 * (ot_cahra_list, ot_watch_list) own their strings until freed. Results that point into
 * a declaration (ot_supplier_program) live as long as the declaration. */
#ifndef OT_RISK_H
#define OT_RISK_H

#include <stdbool.h>
#include <stddef.h>

#include "refdata/refdata.h"
#include "template/declaration.h"
#include "util/date.h"
#include "util/error.h"
#include "util/strbuf.h"

/* Parses the compiled-in tables (once; thread-safe). Every function below calls it
 * itself and behaves as if the tables were empty when it fails; call it to learn why. */
ot_code ot_risk_init(ot_error *err);

/* ---- countries ------------------------------------------------------------------- */

typedef struct ot_country {
    const char *name;    /* the spelling as a list writes it ("CONGO, DEMOCRATIC ...") */
    char alpha2[3];      /* ISO 3166-1 alpha-2, "CD" */
    char alpha3[4];      /* ISO 3166-1 alpha-3, "COD" */
    const char *used_in; /* where the spelling occurs: "cmrt6", "cmrt-legacy",
                            "smelter-list", "iso", comma separated */
    const char *note;    /* "" or why the code differs from what the template carried */
} ot_country;

/* A country as people type it: any template spelling in any case, with or without
 * accents and punctuation ("Congo, Democratic Republic of the", "cote d'ivoire"), ISO
 * names, common names and abbreviations ("DRC", "Tanzania", "USA"), or an ISO alpha-2 /
 * alpha-3 code. NULL when the text names no country ("", "Unknown", "N/A", "NA" - so
 * Namibia is "NAM"), none the table knows, or is ambiguous ("Virgin Islands"). Each
 * thread remembers its recent answers, so repeated look-ups of one spelling are cheap. */
const ot_country *ot_risk_country_find(const char *typed);
/* By ISO alpha-2 or alpha-3 code (any case): the first spelling listed for it (the
 * current template's, where the templates list the country). */
const ot_country *ot_risk_country_by_code(const char *code);
size_t ot_risk_country_count(void);
const ot_country *ot_risk_country_at(size_t i);

/* Splits a free-text country cell ("Rwanda; DRC", "CONGO, DEMOCRATIC REPUBLIC OF THE /
 * Uganda") into the countries it names, calling fn for each one found (a country named
 * twice is reported twice). Parts that say "recycled" or "scrap", and parts naming no
 * known country, are skipped; *unrecognised (may be NULL) counts the latter. Reads
 * the first KiB of the text. */
typedef void (*ot_country_fn)(const ot_country *c, void *ctx);
void ot_risk_countries_in_text(const char *text, ot_country_fn fn, void *ctx, size_t *unrecognised);

/* The SEC covered countries (Rule 13p-1, Form SD Item 1.01): the Democratic Republic of
 * the Congo and the nine countries adjoining it. */
typedef struct ot_covered_country {
    char alpha2[3];
    const char *name;
    bool drc; /* the DRC itself, not an adjoining country */
} ot_covered_country;

bool ot_risk_is_covered(const char *alpha2);
size_t ot_risk_covered_count(void);
const ot_covered_country *ot_risk_covered_at(size_t i);

/* Where a compiled-in table comes from: the "source:" and "as_of:" lines of its data
 * file, in file order. which: "countries", "covered", "cahra-example". */
size_t ot_risk_table_source_count(const char *which);
const char *ot_risk_table_source_at(const char *which, size_t i);

/* ---- conflict-affected and high-risk areas (CAHRA) -------------------------------- */

/* A CAHRA list the user maintains (e.g. the EU's indicative list). One entry per country
 * or region of a country. */
typedef struct ot_cahra_entry {
    char alpha2[3];
    const char *country;     /* the country's current template spelling */
    const char *region;      /* "" = the whole country */
    const char *source;      /* who lists it */
    char as_of[OT_DATE_LEN]; /* "YYYY-MM-DD" */
    size_t line;             /* CSV line it came from */
} ot_cahra_entry;

typedef struct ot_cahra_list ot_cahra_list;

/* Reads a CAHRA list from CSV text. Columns by header name (case-insensitive): country
 * (ISO alpha-2/alpha-3 code or a country name), optional region, source, as_of. A row
 * without source or as_of takes default_source / default_as_of (may be NULL: the column
 * is then required). Any bad row (unknown country, bad date, no source) rejects the
 * whole list with its line number: a risk list must not silently lose a country. `name`
 * names the text in messages ("cahra.csv"). */
ot_code ot_risk_cahra_parse(const char *csv, size_t len, const char *name,
                            const char *default_source, const char *default_as_of,
                            ot_cahra_list **out, ot_error *err);
/* The small example list shipped in data/cahra-example.csv: marked as an example, NOT an
 * authoritative list; it shows the format and lets a demo run. */
ot_code ot_risk_cahra_example(ot_cahra_list **out, ot_error *err);
bool ot_risk_cahra_is_example(const ot_cahra_list *l);
size_t ot_risk_cahra_count(const ot_cahra_list *l);
const ot_cahra_entry *ot_risk_cahra_at(const ot_cahra_list *l, size_t i);
/* The first entry for a country (alpha-2), NULL when not listed. A country may have
 * several entries (regions); ot_risk_cahra_at walks them all. */
const ot_cahra_entry *ot_risk_cahra_find(const ot_cahra_list *l, const char *alpha2);
void ot_risk_cahra_free(ot_cahra_list *l);

/* ---- watch list (sanctions, credible adverse reports) ------------------------------ */

typedef struct ot_watch_entry {
    const char *smelter_id; /* canonical ("CID002763"), "" when listed by name */
    const char *name;       /* "" when listed by ID only */
    const char *metal;      /* canonical metal, "" = any */
    const char *reason;
    const char *source;
    char date[OT_DATE_LEN];
    size_t line;
} ot_watch_entry;

typedef struct ot_watch_list ot_watch_list;

/* Reads a watch list from CSV text. Columns: smelter_id and/or name (one is required per
 * row), optional metal, reason (required), source, date (as default_source /
 * default_date above). Bad rows reject the list with their line number. */
ot_code ot_risk_watch_parse(const char *csv, size_t len, const char *name,
                            const char *default_source, const char *default_date,
                            ot_watch_list **out, ot_error *err);
size_t ot_risk_watch_count(const ot_watch_list *l);
const ot_watch_entry *ot_risk_watch_at(const ot_watch_list *l, size_t i);
/* The entry naming this smelter: same ID (typed forms accepted), or the same name as
 * the normaliser compares names (legal forms, case and punctuation aside) under the same
 * metal or an entry for any metal. NULL when none. */
const ot_watch_entry *ot_risk_watch_match(const ot_watch_list *l, const char *smelter_id,
                                          const char *metal, const char *name);
void ot_risk_watch_free(ot_watch_list *l);

/* ---- smelter red flags and risk level ---------------------------------------------- */

typedef enum {
    OT_RF_WATCHLIST = 0,
    OT_RF_LOC_COVERED,
    OT_RF_LOC_CAHRA,
    OT_RF_MINE_COVERED,
    OT_RF_MINE_CAHRA,
    OT_RF_RMAP_NON_CONFORMANT,
    OT_RF_RMAP_SUSPENDED,
    OT_RF_RMAP_NOT_ENROLLED,
    OT_RF_RMAP_ACTIVE,
    OT_RF_RMAP_UNKNOWN,
    OT_RF_RMAP_STALE,
    OT_RF_METAL_MISMATCH,
    OT_RF_COUNTRY_MISMATCH,
    OT_RF__COUNT
} ot_risk_flag_id;

typedef enum { OT_RISK_LOW = 0, OT_RISK_MEDIUM, OT_RISK_HIGH } ot_risk_level;

const char *ot_risk_level_name(ot_risk_level l);   /* "low", "medium", "high" */
const char *ot_risk_flag_code(ot_risk_flag_id id); /* "RF-LOC-COVERED", ... */

/* One supplier's mention of a smelter (a Smelter List row, with its Mine List rows). */
typedef struct ot_risk_report {
    const char *supplier_id;           /* names the supplier in reasons; may be NULL */
    const char *metal;                 /* metal as the supplier gave it; NULL = not given */
    const char *country;               /* smelter country as given; NULL = not given */
    const char *name;                  /* smelter name as typed; NULL = not given */
    const char *const *mine_countries; /* country-of-origin cells (free text) */
    size_t mine_country_count;
} ot_risk_report;

/* What is known of one consolidated smelter. */
typedef struct ot_risk_smelter {
    const char *smelter_id; /* RMI smelter ID; NULL or "" when not resolved */
    const char *metal;      /* the reference list's metal */
    const char *name;       /* standard name (or as reported when not resolved) */
    const char *country;    /* the reference list's country (any spelling); for a
                               smelter not on the list, the country as reported */
    bool status_known;      /* false: no RMAP status on record */
    ot_rmap_status status;
    const char *status_as_of; /* "YYYY-MM-DD" of the status; NULL/"" = undated */
    const ot_risk_report *reports;
    size_t report_count;
} ot_risk_smelter;

#define OT_RISK_STATUS_MAX_AGE_DEFAULT 180 /* days */

typedef struct ot_risk_params {
    const char *today;            /* "YYYY-MM-DD"; NULL = the system clock (UTC) */
    unsigned status_max_age_days; /* 0 = OT_RISK_STATUS_MAX_AGE_DEFAULT */
    const ot_cahra_list *cahra;   /* NULL: no CAHRA list */
    const ot_watch_list *watch;   /* NULL: no watch list */
} ot_risk_params;

typedef struct ot_risk_flag {
    ot_risk_flag_id id;
    const char *code; /* ot_risk_flag_code(id) */
    char reason[320]; /* for a person: which fact raised it */
} ot_risk_flag;

typedef struct ot_risk_result {
    size_t count; /* flags raised, in table order, one per code */
    ot_risk_flag flags[OT_RF__COUNT];
    ot_risk_level level;
    size_t level_rule; /* index of the level rule that decided */
} ot_risk_result;

/* Raises the red flags of one smelter and derives its risk level. params may be NULL
 * (defaults, no lists). Fails (OT_E_USAGE) only on a malformed params->today. */
ot_code ot_risk_assess(const ot_risk_smelter *s, const ot_risk_params *params, ot_risk_result *out,
                       ot_error *err);
bool ot_risk_result_has(const ot_risk_result *r, ot_risk_flag_id id);

/* The level a set of flags (bit 1u << id each) gets, by the level table; *rule (may be
 * NULL) receives the index of the deciding rule. */
ot_risk_level ot_risk_level_of(unsigned flag_bits, size_t *rule);

/* The two tables, for documents and front ends. */
typedef struct ot_risk_flag_info {
    ot_risk_flag_id id;
    const char *code;
    const char *group;       /* "watch", "origin", "status", "data" */
    ot_risk_level alone;     /* the level when it is the only flag (level table) */
    const char *description; /* when it fires */
    const char *why;         /* why it matters */
} ot_risk_flag_info;
size_t ot_risk_flag_count(void);
bool ot_risk_flag_info_at(size_t i, ot_risk_flag_info *out);
/* Which flag an RMAP status raises (OT_RF__COUNT: none, i.e. Conformant). */
ot_risk_flag_id ot_risk_status_flag(ot_rmap_status s);

typedef struct ot_risk_level_rule_info {
    ot_risk_level level;
    unsigned any_of;     /* fires when one of these flags is raised (0 = always) ... */
    unsigned and_any_of; /* ... and, when not 0, also one of these */
    const char *summary; /* the condition in a few words */
    const char *why;
} ot_risk_level_rule_info;
size_t ot_risk_level_rule_count(void);
bool ot_risk_level_rule_at(size_t i, ot_risk_level_rule_info *out);

/* Where a declaration says a smelter's ore comes from: the mine-country cell of its
 * Smelter List row, and the country of each Mine List row (EMRT 2.x, AMRT) that names
 * the smelter. Mine List rows name smelters by name, so the links are built once per
 * declaration (names normalised as the smelter matcher compares them), not per row. */
typedef struct ot_mine_links ot_mine_links;

/* Indexes d's Mine List (NULL d or no Mine List: an empty index). The links point into
 * d: free them before the declaration. */
ot_code ot_risk_mine_links_new(const ot_declaration *d, ot_mine_links **out, ot_error *err);
/* Mine countries of smelter row i: the row's own cell, then the Mine List rows naming it
 * by its typed or look-up name or by standard_name (the resolved smelter's name, may be
 * NULL), under the same metal when both give one. Writes at most max texts (owned by the
 * declaration) and returns how many. */
size_t ot_risk_mine_countries(const ot_mine_links *links, size_t i, const char *standard_name,
                              const char **out, size_t max);
void ot_risk_mine_links_free(ot_mine_links *links);

/* ---- supplier program strength, scope, questions on completeness ------------------- */

typedef enum { OT_PROGRAM_UNKNOWN = 0, OT_PROGRAM_WEAK, OT_PROGRAM_STRONG } ot_program_strength;
const char *ot_program_strength_name(ot_program_strength s); /* "unknown", "weak", "strong" */

/* The four company-level answers a strong program needs, by meaning. */
typedef enum {
    OT_PM_POLICY = 0,    /* has a responsible / conflict minerals sourcing policy */
    OT_PM_DUE_DILIGENCE, /* has implemented due-diligence measures */
    OT_PM_REVIEW,        /* reviews suppliers' due-diligence information */
    OT_PM_CORRECTIVE,    /* the review includes corrective-action management */
    OT_PM__COUNT
} ot_program_meaning;
const char *ot_program_meaning_name(ot_program_meaning m); /* "policy", ... */

typedef enum { OT_ANS_BLANK = 0, OT_ANS_YES, OT_ANS_NO, OT_ANS_OTHER } ot_answer_kind;
const char *ot_answer_kind_name(ot_answer_kind k); /* "blank", "yes", "no", "other" */

typedef enum {
    OT_SCOPE_UNKNOWN = 0,
    OT_SCOPE_COMPANY,
    OT_SCOPE_PRODUCT,
    OT_SCOPE_USER_DEFINED,
} ot_scope_kind;
const char *ot_scope_kind_name(ot_scope_kind k); /* "unknown", "company", "product",
                                                    "user_defined" */

/* A supplier's answer on how many of its own suppliers responded. */
typedef enum {
    OT_RESP_NOT_ASKED = 0, /* the version has no such question */
    OT_RESP_BLANK,
    OT_RESP_ALL, /* 100% */
    OT_RESP_GT90,
    OT_RESP_GT75,
    OT_RESP_GT50,
    OT_RESP_LE50, /* 50% or less (legacy: "> 25%", "< 25%") */
    OT_RESP_NONE,
    OT_RESP_DID_NOT_SURVEY,
    OT_RESP_OTHER, /* not a value of the drop-down */
} ot_response_rate;
const char *ot_response_rate_name(ot_response_rate r); /* "not_asked", "100%", ... */

typedef enum {
    OT_COMPLETE_UNKNOWN = 0,    /* no readable submission, or the version is not mapped */
    OT_COMPLETE_NOT_APPLICABLE, /* no metal declared in use */
    OT_COMPLETE_YES,            /* every metal in use: 100%, all smelters, all info */
    OT_COMPLETE_NO,
} ot_completeness;
const char *ot_completeness_name(ot_completeness c); /* "unknown", "not_applicable",
                                                        "complete", "incomplete" */

typedef struct ot_program_answer {
    char letter[4];     /* the letter in this template version, "" when not asked */
    const char *answer; /* as written, NULL when blank */
    ot_answer_kind kind;
} ot_program_answer;

/* Questions on completeness (CMRT 6.x questions 6-8; other numbers in other versions)
 * for one metal declared in use. */
typedef struct ot_metal_completeness {
    const char *metal;
    ot_response_rate response;   /* suppliers that responded */
    ot_answer_kind all_smelters; /* all smelters identified */
    ot_answer_kind all_info;     /* all smelter information received reported */
    bool all_info_asked;         /* false: the version has no such question */
    bool complete;               /* 100%, Yes, and Yes where asked */
} ot_metal_completeness;

typedef struct ot_supplier_program {
    ot_program_strength strength;
    char why[256];       /* the reason, for a person */
    const char *mapping; /* map row used ("CMRT 6.01 and later"), NULL = none */
    ot_program_answer answers[OT_PM__COUNT];

    ot_scope_kind scope;
    char scope_letter[2]; /* as the declaration gives it, "" when absent */

    ot_completeness completeness;
    ot_response_rate lowest_response; /* over the metals in use; NOT_ASKED when none */
    size_t metal_count;               /* metals declared in use */
    ot_metal_completeness metals[OT_MAX_METALS];
} ot_supplier_program;

/* Program strength, scope and completeness of one supplier. d NULL = no readable
 * submission (strength and completeness unknown). submission_invalid: validation found
 * errors; an invalid form does not count as a strong program (cmr-anatomy.md 9). */
void ot_risk_supplier_program(const ot_declaration *d, bool submission_invalid,
                              ot_supplier_program *out);

/* The per-version map, for documents. */
typedef struct ot_program_map_info {
    const char *label;                                    /* "CMRT 6.01 and later" */
    const char *letters[OT_PM__COUNT];                    /* NULL = not asked */
    const char *response_q, *all_smelters_q, *all_info_q; /* question numbers, NULL */
    ot_scope_kind scopes[4]; /* what scope letters A-D mean; UNKNOWN = none */
    const char *note;        /* "" or a caveat */
} ot_program_map_info;
size_t ot_program_map_count(void);
bool ot_program_map_at(size_t i, ot_program_map_info *out);

/* ---- documentation ----------------------------------------------------------------- */

/* docs/risk.md: the tables above as Markdown. */
void ot_risk_markdown(ot_strbuf *out);

#endif
