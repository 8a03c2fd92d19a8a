/* config.c - the one parser of oretrace.conf (config.h): `key = value` lines, each known
 * key checked by the type its row in config_keys.c gives and stored in its typed field.
 *
 * The format is deliberately the simplest a person can edit with any text editor.
 * Hand-written because it is a page of code and a library (inih, libconfig) would add a
 * dependency for less than it costs. */
#include "store/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/email.h"
#include "util/text.h"

/* The copy of the text the keys and values point into, the line of each entry, and the
 * copies of list values, split in place (one per table row). */
typedef struct config_storage {
    char *text;
    const char **keys, **values;
    size_t *lines;
    char **lists;
} config_storage;

/* Where a value comes from, for error messages: "SOURCE:LINE" (LINE 0: the default). */
typedef struct origin {
    const char *source;
    size_t line;
    char where[4200];
} origin;

int ot_config_last_year(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900 - 1;
}

/* The last occurrence of key (as a person appending a line would expect) and its line. */
static const char *lookup(const ot_config *cfg, const char *key, size_t *line)
{
    const config_storage *st = cfg->storage_;
    for (size_t i = cfg->entry_count; i-- > 0;)
        if (strcmp(cfg->keys[i], key) == 0) {
            *line = st->lines[i];
            return cfg->values[i];
        }
    *line = 0;
    return NULL;
}

const char *ot_config_get(const ot_config *cfg, const char *key)
{
    size_t line;
    return lookup(cfg, key, &line);
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static bool parse_long(const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    while (*end && isspace((unsigned char)*end))
        end++;
    if (errno || end == s || *end || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

/* The value's problem, as `SOURCE:LINE: KEY must be TYPE[, e.g. EXAMPLE], not 'VALUE'`
 * (shown NULL: the value is not repeated, e.g. a URL that may hold a password). */
static ot_code bad_value(const origin *o, const ot_config_key *k, const char *shown,
                         const char *example, ot_error *err)
{
    ot_strbuf type = {0};
    ot_config_type_text(k, &type);
    char eg[64] = "", not [256] = "";
    if (example) snprintf(eg, sizeof eg, ", e.g. %s", example);
    if (shown) snprintf(not, sizeof not, ", not '%s'", shown);
    ot_fail(err, OT_E_INVALID, "%s: %s must be %s%s%s", o->where, k->name, ot_sb_str(&type), eg,
            not );
    ot_sb_free(&type);
    return OT_E_INVALID;
}

static bool url_ok(const char *v, const char *const *schemes)
{
    const char *sep = strstr(v, "://");
    if (!sep || !sep[3]) return false;
    for (const char *p = v; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7F) return false;
    for (size_t i = 0; schemes && schemes[i]; i++)
        if (strlen(schemes[i]) == (size_t)(sep - v) &&
            strncasecmp(v, schemes[i], (size_t)(sep - v)) == 0)
            return true;
    return !schemes;
}

static int yes_no(const char *v)
{
    static const char *const yes[] = {"yes", "y", "true", "on", "1"};
    static const char *const no[] = {"no", "n", "false", "off", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (ot_text_equal_loose(v, yes[i])) return 1;
        if (ot_text_equal_loose(v, no[i])) return 0;
    }
    return -1;
}

/* A scalar value (not a list) into its field. v is never empty here. */
static ot_code read_scalar(ot_config *cfg, const ot_config_key *k, const char *v, const origin *o,
                           ot_error *err)
{
    void *field = (char *)cfg + k->offset;
    switch (k->type) {
    case OT_CONFIG_URL:
        if (!url_ok(v, k->values)) return bad_value(o, k, NULL, NULL, err);
        break;
    case OT_CONFIG_EMAIL:
        if (!ot_email_address_valid(v)) return bad_value(o, k, v, NULL, err);
        break;
    case OT_CONFIG_INT:
    case OT_CONFIG_YEAR:
        if (!parse_long(v, k->lo, k->hi, field)) return bad_value(o, k, v, NULL, err);
        return OT_OK;
    case OT_CONFIG_BOOL: {
        int yn = yes_no(v);
        if (yn < 0) return bad_value(o, k, v, NULL, err);
        *(bool *)field = yn == 1;
        return OT_OK;
    }
    case OT_CONFIG_ENUM:
        for (size_t i = 0; k->values[i]; i++)
            if (ot_text_equal_loose(v, k->values[i])) {
                *(const char **)field = k->values[i];
                return OT_OK;
            }
        return bad_value(o, k, v, NULL, err);
    default:
        break;
    }
    *(const char **)field = v;
    return OT_OK;
}

/* Splits a comma list in place into items (trimmed, empty items skipped). False when
 * there are more than max. */
static bool split_list(char *s, const char **items, size_t max, size_t *n)
{
    char *save = NULL;
    *n = 0;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *t = trim(tok);
        if (!*t) continue;
        if (*n == max) return false;
        items[(*n)++] = t;
    }
    return true;
}

/* A role names the keys <role>_name and <role>_email, so it must fit in a key name. */
static bool role_ok(const char *role)
{
    if (!*role) return false;
    for (const char *p = role; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_') return false;
    return true;
}

/* The items of a list value into the list's field. */
static ot_code read_items(ot_config *cfg, const ot_config_key *k, const char **items, size_t n,
                          const origin *o, ot_error *err)
{
    char *base = (char *)cfg;
    for (size_t i = 0; i < n; i++) {
        if (k->type == OT_CONFIG_LIST) {
            ((const char **)(base + k->offset))[i] = items[i];
        } else if (k->type == OT_CONFIG_DAYS) {
            int *days = (int *)(base + k->offset);
            if (!parse_long(items[i], k->lo, k->hi, &days[i]) || (i && days[i] <= days[i - 1]))
                return bad_value(o, k, items[i], "14, 28, 42", err);
        } else {
            ot_escalation *e = (ot_escalation *)(base + k->offset) + i;
            char shown[128];
            snprintf(shown, sizeof shown, "%s", items[i]); /* before it is split */
            char *colon = strchr(items[i], ':');
            if (colon) *colon = '\0';
            e->role = colon ? trim((char *)items[i]) : "";
            if (!colon || !role_ok(e->role) || !parse_long(colon + 1, k->lo, k->hi, &e->day))
                return bad_value(o, k, shown, "buyer:49", err);
        }
    }
    *(size_t *)(base + k->count_offset) = n;
    return OT_OK;
}

static ot_code read_list(ot_config *cfg, size_t row, const char *v, const origin *o, ot_error *err)
{
    const ot_config_key *k = &ot_config_keys[row];
    config_storage *st = cfg->storage_;
    if (!(st->lists[row] = strdup(v)))
        return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", o->source);
    const char *items[64];
    size_t n;
    if (!split_list(st->lists[row], items, k->max < 64 ? k->max : 64, &n))
        return ot_fail(err, OT_E_INVALID, "%s: %s has more than %zu entries", o->where, k->name,
                       k->max);
    return read_items(cfg, k, items, n, o, err);
}

/* One row of the table: the file's value (last occurrence) or the default, checked. */
static ot_code read_key(ot_config *cfg, size_t row, const char *source, ot_error *err)
{
    const ot_config_key *k = &ot_config_keys[row];
    origin o = {.source = source};
    const char *v = lookup(cfg, k->name, &o.line);
    bool list =
        k->type == OT_CONFIG_DAYS || k->type == OT_CONFIG_ESCALATION || k->type == OT_CONFIG_LIST;
    if (!v || (!*v && !list)) { /* not set: the default (which is checked too) */
        v = k->def;
        o.line = 0;
    }
    if (o.line)
        snprintf(o.where, sizeof o.where, "%s:%zu", source, o.line);
    else
        snprintf(o.where, sizeof o.where, "%s", source);
    if (list) return read_list(cfg, row, v, &o, err);
    if (!*v) { /* no default either: a computed number, or "" */
        if (k->type == OT_CONFIG_INT || k->type == OT_CONFIG_YEAR)
            *(int *)((char *)cfg + k->offset) = k->def_int ? k->def_int() : 0;
        else if (k->type != OT_CONFIG_BOOL) /* a BOOL row always has a default */
            *(const char **)((char *)cfg + k->offset) = "";
        return OT_OK;
    }
    return read_scalar(cfg, k, v, &o, err);
}

/* The contact address of an escalation role outside the table (`legal_email` for a step
 * legal:70) is checked like the table's *_email keys. */
static ot_code check_role_emails(ot_config *cfg, const char *source, ot_error *err)
{
    for (size_t i = 0; i < cfg->escalation_count; i++) {
        char key[128];
        snprintf(key, sizeof key, "%s_email", cfg->escalations[i].role);
        size_t line;
        const char *v = lookup(cfg, key, &line);
        if (!v || !*v || ot_config_key_find(key) || ot_email_address_valid(v)) continue;
        return ot_fail(err, OT_E_INVALID, "%s:%zu: %s must be an e-mail address, not '%s'", source,
                       line, key, v);
    }
    return OT_OK;
}

/* One `key = value` line into the next entry. */
static ot_code read_line(ot_config *cfg, char *s, const char *source, size_t lineno, ot_error *err)
{
    config_storage *st = cfg->storage_;
    char *eq = strchr(s, '=');
    if (!eq) return ot_fail(err, OT_E_INVALID, "%s:%zu: expected `key = value`", source, lineno);
    *eq = '\0';
    char *key = trim(s);
    if (!*key) return ot_fail(err, OT_E_INVALID, "%s:%zu: missing setting name", source, lineno);
    for (char *k = key; *k; k++)
        if (!isalnum((unsigned char)*k) && *k != '_' && *k != '.')
            return ot_fail(err, OT_E_INVALID, "%s:%zu: '%s' is not a setting name", source, lineno,
                           key);
    st->keys[cfg->entry_count] = key;
    st->values[cfg->entry_count] = trim(eq + 1);
    st->lines[cfg->entry_count] = lineno;
    cfg->entry_count++;
    return OT_OK;
}

static ot_code read_lines(ot_config *cfg, const char *source, ot_error *err)
{
    config_storage *st = cfg->storage_;
    size_t lineno = 0;
    for (char *line = st->text, *next; line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        ot_code rc = read_line(cfg, s, source, lineno, err);
        if (rc != OT_OK) return rc;
    }
    for (size_t row = 0; row < ot_config_key_count; row++) {
        ot_code rc = read_key(cfg, row, source, err);
        if (rc != OT_OK) return rc;
    }
    return check_role_emails(cfg, source, err);
}

ot_code ot_config_parse(const char *text, const char *source, ot_config *cfg, ot_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    config_storage *st = calloc(1, sizeof *st);
    if (!st) return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", source);
    cfg->storage_ = st;
    size_t lines = 1;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    st->text = strdup(text);
    st->keys = calloc(lines, sizeof *st->keys);
    st->values = calloc(lines, sizeof *st->values);
    st->lines = calloc(lines, sizeof *st->lines);
    st->lists = calloc(ot_config_key_count, sizeof *st->lists);
    cfg->keys = st->keys;
    cfg->values = st->values;
    ot_code rc = st->text && st->keys && st->values && st->lines && st->lists
                     ? read_lines(cfg, source, err)
                     : ot_fail(err, OT_E_NOMEM, "out of memory reading %s", source);
    if (rc != OT_OK) ot_config_free(cfg); /* after the message that may cite the text */
    return rc;
}

void ot_config_free(ot_config *cfg)
{
    config_storage *st = cfg->storage_;
    if (st) {
        free(st->text);
        free(st->keys);
        free(st->values);
        free(st->lines);
        for (size_t i = 0; st->lists && i < ot_config_key_count; i++)
            free(st->lists[i]);
        free(st->lists);
        free(st);
    }
    memset(cfg, 0, sizeof *cfg);
}
