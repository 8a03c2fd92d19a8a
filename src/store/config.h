/* config.h - the workspace settings file (oretrace.conf): ONE table of keys, ONE parser.
 *
 * Every setting oretrace reads is a row of ot_config_keys (config_keys.c): its name, its
 * type, its default, its help text and its section. The parser validates each known key
 * by its type and fills the typed field of ot_config named by the row; modules read those
 * fields, never the raw text. The default oretrace.conf that `init` writes
 * (ot_config_default_text) and the key tables of docs/workspace.md (ot_config_markdown)
 * are generated from the same rows; tests/store/test_config_doc.c checks both and that
 * every key is read by some code.
 *
 * Format: one `key = value` per line, `#` starts a comment line, lists are
 * comma-separated. An empty value means "not set": the default applies, except for a
 * list, where it is the empty list. The last occurrence of a key wins.
 *
 * Keys outside the table are kept, not rejected: the escalation steps name roles the user
 * chooses (escalation = buyer:49, legal:70), and a role's contact is `<role>_email` /
 * `<role>_name`. The table has typed fields for the default roles (buyer,
 * senior_officer); any other role's keys are read with ot_config_get (their e-mail
 * address is still checked when the file is read). */
#ifndef OT_CONFIG_H
#define OT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/strbuf.h"

#define OT_CONFIG_MAX_REMINDERS 16
#define OT_CONFIG_MAX_ESCALATIONS 8
#define OT_CONFIG_MAX_CATEGORIES 16

/* An escalation step: `role` is brought in `day` days after the request was sent when
 * the supplier has still not answered (e.g. buyer:49, senior_officer:63). */
typedef struct ot_escalation {
    const char *role;
    int day;
} ot_escalation;

/* The parsed config file: one field per key of the table (same name, except the lists'
 * arrays, see config_keys.c). Strings belong to the config (freed with the workspace);
 * an unset string is "" (never NULL). */
typedef struct ot_config {
    /* your company and program */
    const char *company_name;
    int reporting_year; /* calendar year reported on (Form SD: the previous year) */
    const char *policy_url;
    const char *contact_name;
    const char *contact_email;
    /* records */
    int retention_years;
    /* scoping */
    size_t exclude_category_count; /* vendor categories left out */
    const char *exclude_categories[OT_CONFIG_MAX_CATEGORIES];
    int inactive_years; /* no purchase in this many years = inactive */
    bool exclude_inactive;
    const char *scope_route; /* "auto", "vendor", "bom" or "both" */
    /* requests and follow-up */
    int response_days; /* due date of a new campaign = today + this */
    const char *portal_url;
    size_t reminder_count;
    int reminder_days[OT_CONFIG_MAX_REMINDERS]; /* days after the request, ascending */
    size_t escalation_count;
    ot_escalation escalations[OT_CONFIG_MAX_ESCALATIONS];
    const char *buyer_name, *buyer_email;
    const char *senior_officer_name, *senior_officer_email;
    /* sending e-mail */
    const char *smtp_url; /* "" = write to the outbox only */
    const char *smtp_from;
    /* database */
    int lock_wait_seconds; /* how long to wait for another process's database lock */
    /* reference data */
    int status_list_max_age_days; /* an RMAP status list older than this is old */

    /* every key = value pair in file order (including the ones above) */
    size_t entry_count;
    const char **keys;
    const char **values;
    void *storage_; /* internal */
} ot_config;

/* What a key holds, and so how its value is checked. */
typedef enum ot_config_type {
    OT_CONFIG_TEXT,       /* any text */
    OT_CONFIG_URL,        /* scheme://..., scheme one of `values` */
    OT_CONFIG_EMAIL,      /* an e-mail address (util/email.h) */
    OT_CONFIG_INT,        /* whole number in [lo, hi] */
    OT_CONFIG_YEAR,       /* a year in [lo, hi] */
    OT_CONFIG_BOOL,       /* yes or no */
    OT_CONFIG_ENUM,       /* one of `values` */
    OT_CONFIG_DAYS,       /* ascending day numbers in [lo, hi] */
    OT_CONFIG_ESCALATION, /* role:day steps, day in [lo, hi] */
    OT_CONFIG_LIST,       /* comma-separated texts */
} ot_config_type;

/* One row of the table. */
typedef struct ot_config_key {
    const char *name;
    ot_config_type type;
    const char *section;       /* heading it is listed under (file and docs) */
    const char *def;           /* the default, as written in the file ("" = not set) */
    const char *def_doc;       /* NULL, or how the docs state a computed default */
    int (*def_int)(void);      /* NULL, or the computed default of an unset INT/YEAR */
    long lo, hi;               /* INT, YEAR, DAYS, ESCALATION: accepted range */
    const char *const *values; /* ENUM: allowed values; URL: allowed schemes (NULL-ended) */
    const char *help;          /* one paragraph, for the file's comment and the docs */
    bool for_people;           /* read by people or templates only, by no code */
    const char *field;         /* the ot_config field it fills */
    size_t offset;             /* of that field */
    size_t count_offset, max;  /* lists: offset of the count field, capacity */
} ot_config_key;

extern const ot_config_key ot_config_keys[];
extern const size_t ot_config_key_count;
/* The row of a key, NULL when the table has none. */
const ot_config_key *ot_config_key_find(const char *name);
/* How the docs describe a key's type, e.g. "whole number 1-100", "yes or no". */
void ot_config_type_text(const ot_config_key *key, ot_strbuf *out);

/* Raw value of any key as written in the file (last occurrence), NULL when absent. For
 * keys in the table read the typed field instead. */
const char *ot_config_get(const ot_config *cfg, const char *key);

/* Parses config text (what oretrace.conf holds). `source` names it in error messages,
 * which read `SOURCE:LINE: what is wrong`. Unset keys get their defaults. Free with
 * ot_config_free. */
ot_code ot_config_parse(const char *text, const char *source, ot_config *cfg, ot_error *err);
void ot_config_free(ot_config *cfg);

/* The default oretrace.conf: every key of the table, by section, with its help as a
 * comment and its default value. Appended to out. */
void ot_config_default_text(ot_strbuf *out);
/* The key tables of docs/workspace.md (one per section), in Markdown. Appended to out. */
void ot_config_markdown(ot_strbuf *out);

/* The default reporting year: the calendar year before the current one (UTC). */
int ot_config_last_year(void);

#endif
