/* config.c - the workspace config file (oretrace.conf): `key = value` lines.
 *
 * The format is deliberately the simplest a person can edit with any text editor: one
 * setting per line, `#` starts a comment line, lists are comma-separated, blank values
 * mean "not set". Hand-written because it is ~100 lines and a library (inih, libconfig)
 * would add a dependency for less than it costs. Unknown keys are kept, not rejected, so
 * modules can add their own settings (read them with ot_config_get). */
#include "store/workspace.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One block holds the copy of the text the keys and values point into, plus the arrays. */
typedef struct config_storage {
    char *text;
    const char **keys, **values;
    char *lists; /* copies of list values, split in place */
} config_storage;

static const char *const default_template =
    "# oretrace.conf - settings of this conflict-minerals program workspace.\n"
    "# One `key = value` per line; `#` starts a comment; lists are comma-separated.\n"
    "# `oretrace init` never overwrites this file once it exists.\n"
    "\n"
    "# Your company, as it appears on requests to suppliers and in the reports.\n"
    "company_name =\n"
    "# Calendar year the program reports on (Form SD covers the previous calendar year).\n"
    "reporting_year = %d\n"
    "# Public URL of your conflict-minerals sourcing policy (CMRT company question B).\n"
    "policy_url =\n"
    "# Who suppliers contact about requests.\n"
    "contact_name =\n"
    "contact_email =\n"
    "\n"
    "# Years every received file, answer and decision is kept (SEC / OECD: at least 5).\n"
    "retention_years = 5\n"
    "\n"
    "# Reminders, in days after a request was sent, while a supplier has not answered.\n"
    "# At least three reminders are expected before a supplier counts as non-responsive.\n"
    "reminder_days = 14, 28, 42\n"
    "# Escalation once the reminders go unanswered: role:day pairs, day counted from the\n"
    "# request. buyer = the supplier's buyer chases in person; senior_officer = a formal\n"
    "# notice from senior management.\n"
    "escalation = buyer:49, senior_officer:63\n"
    "\n"
    "# Scoping: vendor categories that are out of scope (no 3TG in what they supply) and\n"
    "# how many years without a purchase make a supplier inactive.\n"
    "exclude_categories = service, indirect\n"
    "inactive_years = 5\n"
    "# Which route decides who is surveyed: vendor (the vendor list, filtered as above),\n"
    "# bom (suppliers of parts that contain or may contain 3TG), both (in when either\n"
    "# keeps the supplier), or auto (bom once a BOM was imported, else vendor).\n"
    "scope_route = auto\n"
    "\n"
    "# Optional: SMTP server for sending requests (e.g. smtps://user:pass@mail.example.com).\n"
    "# Left empty, messages are only written to the outbox folder.\n"
    "smtp_url =\n"
    "smtp_from =\n"
    "\n"
    "# Seconds a command waits for another oretrace process that is writing to the\n"
    "# database (a long import) before giving up; 0 = do not wait.\n"
    "lock_wait_seconds = 60\n";

const char *ot_config_default_text(void)
{
    static char buf[4096];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(buf, sizeof buf, default_template, tm.tm_year + 1900 - 1);
    return buf;
}

const char *ot_config_get(const ot_config *cfg, const char *key)
{
    /* The last occurrence wins, as a person appending a line would expect. */
    for (size_t i = cfg->entry_count; i-- > 0;)
        if (strcmp(cfg->keys[i], key) == 0) return cfg->values[i];
    return NULL;
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static bool parse_int(const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *trim(end) || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

/* Splits a comma list in place into items (trimmed, empty items skipped). */
static size_t split_list(char *s, const char **items, size_t max, bool *overflow)
{
    size_t n = 0;
    char *save = NULL;
    *overflow = false;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *t = trim(tok);
        if (!*t) continue;
        if (n == max) {
            *overflow = true;
            break;
        }
        items[n++] = t;
    }
    return n;
}

static ot_code typed_fields(ot_config *cfg, config_storage *st, const char *source,
                            ot_error *err)
{
    const char *v;
    cfg->company_name = (v = ot_config_get(cfg, "company_name")) ? v : "";
    cfg->policy_url = (v = ot_config_get(cfg, "policy_url")) ? v : "";
    cfg->contact_name = (v = ot_config_get(cfg, "contact_name")) ? v : "";
    cfg->contact_email = (v = ot_config_get(cfg, "contact_email")) ? v : "";
    cfg->smtp_url = (v = ot_config_get(cfg, "smtp_url")) ? v : "";
    cfg->smtp_from = (v = ot_config_get(cfg, "smtp_from")) ? v : "";

    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    cfg->reporting_year = tm.tm_year + 1900 - 1;
    if ((v = ot_config_get(cfg, "reporting_year")) && *v &&
        !parse_int(v, 2000, 2200, &cfg->reporting_year))
        return ot_fail(err, OT_E_INVALID, "%s: reporting_year must be a year, not '%s'", source, v);
    cfg->retention_years = 5;
    if ((v = ot_config_get(cfg, "retention_years")) && *v &&
        !parse_int(v, 1, 100, &cfg->retention_years))
        return ot_fail(err, OT_E_INVALID, "%s: retention_years must be a number of years 1-100, not '%s'",
                       source, v);
    cfg->inactive_years = 5;
    if ((v = ot_config_get(cfg, "inactive_years")) && *v &&
        !parse_int(v, 1, 100, &cfg->inactive_years))
        return ot_fail(err, OT_E_INVALID, "%s: inactive_years must be a number of years 1-100, not '%s'",
                       source, v);

    cfg->lock_wait_seconds = OT_DB_LOCK_WAIT_DEFAULT;
    if ((v = ot_config_get(cfg, "lock_wait_seconds")) && *v &&
        !parse_int(v, 0, 86400, &cfg->lock_wait_seconds))
        return ot_fail(err, OT_E_INVALID,
                       "%s: lock_wait_seconds must be a number of seconds 0-86400, not '%s'",
                       source, v);

    /* Lists: copy the three list values back to back into one buffer and split there. */
    const char *rem = ot_config_get(cfg, "reminder_days");
    const char *esc = ot_config_get(cfg, "escalation");
    const char *cat = ot_config_get(cfg, "exclude_categories");
    if (!rem) rem = "14, 28, 42";
    if (!esc) esc = "buyer:49, senior_officer:63";
    if (!cat) cat = "service, indirect";
    size_t lr = strlen(rem) + 1, le = strlen(esc) + 1, lc = strlen(cat) + 1;
    st->lists = malloc(lr + le + lc);
    if (!st->lists) return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", source);
    char *rbuf = memcpy(st->lists, rem, lr);
    char *ebuf = memcpy(st->lists + lr, esc, le);
    char *cbuf = memcpy(st->lists + lr + le, cat, lc);

    bool over;
    const char *items[OT_CONFIG_MAX_REMINDERS];
    size_t n = split_list(rbuf, items, OT_CONFIG_MAX_REMINDERS, &over);
    if (over)
        return ot_fail(err, OT_E_INVALID, "%s: reminder_days has more than %d entries", source,
                       OT_CONFIG_MAX_REMINDERS);
    for (size_t i = 0; i < n; i++) {
        if (!parse_int(items[i], 1, 3650, &cfg->reminder_days[i]) ||
            (i && cfg->reminder_days[i] <= cfg->reminder_days[i - 1]))
            return ot_fail(err, OT_E_INVALID,
                           "%s: reminder_days must be increasing day counts, e.g. 14, 28, 42 "
                           "('%s' is not)",
                           source, items[i]);
    }
    cfg->reminder_count = n;

    const char *steps[OT_CONFIG_MAX_ESCALATIONS];
    n = split_list(ebuf, steps, OT_CONFIG_MAX_ESCALATIONS, &over);
    if (over)
        return ot_fail(err, OT_E_INVALID, "%s: escalation has more than %d steps", source,
                       OT_CONFIG_MAX_ESCALATIONS);
    for (size_t i = 0; i < n; i++) {
        char *colon = strchr(steps[i], ':');
        ot_escalation *e = &cfg->escalations[i];
        if (colon) *colon = '\0';
        if (!colon || !*trim((char *)steps[i]) || !parse_int(colon + 1, 1, 3650, &e->day))
            return ot_fail(err, OT_E_INVALID,
                           "%s: escalation steps must look like role:day, e.g. buyer:49", source);
        e->role = trim((char *)steps[i]);
    }
    cfg->escalation_count = n;

    n = split_list(cbuf, cfg->exclude_categories, OT_CONFIG_MAX_CATEGORIES, &over);
    if (over)
        return ot_fail(err, OT_E_INVALID, "%s: exclude_categories has more than %d entries",
                       source, OT_CONFIG_MAX_CATEGORIES);
    cfg->exclude_category_count = n;
    return OT_OK;
}

ot_code ot_config_parse(const char *text, const char *source, ot_config *cfg, ot_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    config_storage *st = calloc(1, sizeof *st);
    if (!st || !(st->text = strdup(text))) {
        free(st);
        return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", source);
    }
    cfg->storage_ = st;
    size_t lines = 1;
    for (const char *p = text; *p; p++) lines += *p == '\n';
    st->keys = calloc(lines, sizeof *st->keys);
    st->values = calloc(lines, sizeof *st->values);
    if (!st->keys || !st->values) {
        ot_config_free(cfg);
        return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", source);
    }
    cfg->keys = st->keys;
    cfg->values = st->values;

    size_t lineno = 0;
    for (char *line = st->text, *next; line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        ot_code bad = OT_OK;
        if (!eq)
            bad = ot_fail(err, OT_E_INVALID, "%s:%zu: expected `key = value`", source, lineno);
        char *key = s;
        if (eq) {
            *eq = '\0';
            key = trim(s);
            if (!*key)
                bad = ot_fail(err, OT_E_INVALID, "%s:%zu: missing setting name", source, lineno);
            for (char *k = key; *k && !bad; k++)
                if (!isalnum((unsigned char)*k) && *k != '_' && *k != '.')
                    bad = ot_fail(err, OT_E_INVALID, "%s:%zu: '%s' is not a setting name",
                                  source, lineno, key);
        }
        if (bad) { /* message formatted above, before the text it cites is freed */
            ot_config_free(cfg);
            return bad;
        }
        st->keys[cfg->entry_count] = key;
        st->values[cfg->entry_count] = trim(eq + 1);
        cfg->entry_count++;
    }
    ot_code c = typed_fields(cfg, st, source, err);
    if (c != OT_OK) ot_config_free(cfg);
    return c;
}

void ot_config_free(ot_config *cfg)
{
    config_storage *st = cfg->storage_;
    if (st) {
        free(st->text);
        free(st->keys);
        free(st->values);
        free(st->lists);
        free(st);
    }
    memset(cfg, 0, sizeof *cfg);
}
