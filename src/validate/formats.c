/* formats.c - values that are present but cannot be right: malformed e-mail addresses,
 * phone numbers without digits, effective dates that are no date or lie outside what the
 * template version allows, and placeholders typed instead of a company or person name.
 * Hand-written: the checks are a few lines each and no Debian library validates these
 * shapes in the forgiving way supplier files need (lists of addresses, local spellings). */
#include "validate/checks.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* ---- e-mail ---- */

static bool domain_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c >= 0x80;
}

/* local@domain.tld with a plausible domain; local part without spaces or a second '@'. */
static bool email_ok(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (!at || at == s || (size_t)(at - s) > 64) return false;
    for (const char *p = s; p < at; p++)
        if (*p == ' ' || *p == '<' || *p == '>' || *p == '"' || *p == '(' || *p == ')')
            return false;
    const char *dom = at + 1, *end = s + n;
    if (dom >= end || end - dom > 253) return false;
    size_t labels = 0, label_len = 0;
    const char *last_label = dom;
    for (const char *p = dom; p <= end; p++) {
        if (p == end || *p == '.') {
            if (label_len == 0 || label_len > 63 || last_label[0] == '-' || p[-1] == '-')
                return false;
            labels++;
            if (p < end) last_label = p + 1;
            label_len = 0;
            continue;
        }
        if (!domain_char((unsigned char)*p)) return false;
        label_len++;
    }
    if (labels < 2) return false;
    size_t tld = (size_t)(end - last_label);
    for (size_t i = 0; i < tld; i++)
        if (!isalpha((unsigned char)last_label[i]) && (unsigned char)last_label[i] < 0x80)
            return false;
    return tld >= 2;
}

/* One address or several separated by ";", "," or spaces. */
static bool email_list_ok(const char *s)
{
    size_t good = 0;
    while (*s) {
        while (*s == ';' || *s == ',' || isspace((unsigned char)*s))
            s++;
        const char *start = s;
        while (*s && *s != ';' && *s != ',' && !isspace((unsigned char)*s))
            s++;
        if (s > start) {
            if (!email_ok(start, (size_t)(s - start))) return false;
            good++;
        }
    }
    return good > 0;
}

void ot_check_email(ot_vctx *v, const ot_rule *rule)
{
    static const ot_field fields[] = {OT_F_CONTACT_EMAIL, OT_F_AUTHORIZER_EMAIL};
    for (size_t i = 0; i < 2; i++) {
        const ot_value *val = &v->d->fields[fields[i]];
        if (ot_v_empty(val)) continue;
        /* Without an "@" the Checker rule (REQ-...-EMAIL) already reports it. */
        if (v->p->email_needs_at && !strchr(val->value, '@')) continue;
        if (email_list_ok(val->value)) continue;
        ot_v_emit(v, rule, val, ot_field_name(fields[i]), -1, NULL,
                  "%s \"%s\" is not a valid e-mail address.", ot_v_field_label(fields[i]),
                  ot_v_show(val->value));
    }
}

/* ---- phone ---- */

void ot_check_phone(ot_vctx *v, const ot_rule *rule)
{
    ot_field f = (ot_field)rule->arg;
    const ot_value *val = &v->d->fields[f];
    if (ot_v_empty(val)) return;
    size_t digits = 0;
    for (const char *p = val->value; *p; p++)
        digits += isdigit((unsigned char)*p) != 0;
    if (digits >= 5) return;
    ot_v_emit(v, rule, val, ot_field_name(f), -1, NULL,
              "%s \"%s\" is not a phone number (it has fewer than 5 digits).", ot_v_field_label(f),
              ot_v_show(val->value));
}

/* ---- effective date ---- */

void ot_check_date(ot_vctx *v, const ot_rule *rule)
{
    const ot_value *val = &v->d->fields[OT_F_EFFECTIVE_DATE];
    if (ot_v_empty(val) || v->d->effective_date[0]) return;
    ot_v_emit(v, rule, val, "effective_date", -1, NULL,
              "Effective date \"%s\" is not a date the template can read.", ot_v_show(val->value));
}

void ot_check_date_range(ot_vctx *v, const ot_rule *rule)
{
    const char *iso = v->d->effective_date;
    const char *min = v->layout.date_min, *max = v->layout.date_max;
    if (!iso[0]) return;
    bool low = min && min[0] &&
               (v->layout.date_min_exclusive ? strcmp(iso, min) <= 0 : strcmp(iso, min) < 0);
    bool high = max && max[0] && strcmp(iso, max) > 0;
    if (!low && !high) return;
    char fix[256], range[96];
    if (max && max[0])
        snprintf(range, sizeof range, "between %s and %s", min && min[0] ? min : "-", max);
    else
        snprintf(range, sizeof range, "after %s", min);
    snprintf(fix, sizeof fix,
             "Enter the date as of which the declaration is valid, %s (the range this "
             "template version accepts); if the date is right, use the current template "
             "version.",
             range);
    ot_v_emit(v, rule, &v->d->fields[OT_F_EFFECTIVE_DATE], "effective_date", -1, fix,
              "Effective date %s is outside the range this template version accepts (%s).", iso,
              range);
}

void ot_check_date_future(ot_vctx *v, const ot_rule *rule)
{
    const char *iso = v->d->effective_date;
    if (!iso[0] || strcmp(iso, v->today) <= 0) return;
    ot_v_emit(v, rule, &v->d->fields[OT_F_EFFECTIVE_DATE], "effective_date", -1, NULL,
              "Effective date %s lies in the future (today is %s).", iso, v->today);
}

/* ---- placeholders ---- */

/* Lower-case ASCII words of s joined by one space, legal-form words dropped when asked. */
static void words(const char *s, char *out, size_t cap, bool drop_legal_forms)
{
    static const char *const legal[] = {
        "co",  "ltd", "inc", "gmbh", "llc", "corp",    "corporation", "limited", "ag",
        "sa",  "sas", "srl", "bv",   "kk",  "plc",     "pty",         "jsc",     "kg",
        "spa", "oy",  "ab",  "as",   "nv",  "company", "the",         NULL};
    size_t used = 0;
    out[0] = '\0';
    while (*s) {
        while (*s && !isalnum((unsigned char)*s) && (unsigned char)*s < 0x80)
            s++;
        char word[64];
        size_t n = 0;
        while (*s && (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)) {
            if (n < sizeof word - 1) word[n++] = (char)tolower((unsigned char)*s);
            s++;
        }
        word[n] = '\0';
        if (!n) continue;
        bool skip = false;
        for (size_t i = 0; drop_legal_forms && legal[i]; i++)
            skip |= strcmp(word, legal[i]) == 0;
        if (skip) continue;
        int w = snprintf(out + used, cap - used, "%s%s", used ? " " : "", word);
        if (w < 0 || (size_t)w >= cap - used) break;
        used += (size_t)w;
    }
}

static bool in_set(const char *w, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (strcmp(w, set[i]) == 0) return true;
    return false;
}

static const char *const common_placeholders[] = {
    "",    "na",   "n a",   "none",   "nil",     "null", "tbd",       "tba",      "tbc", "x",
    "xx",  "xxx",  "xxxx",  "test",   "unknown", "same", "see above", "as above", "0",   "00",
    "000", "name", "dummy", "sample", "example", "abc",  "xyz",       "asdf",     NULL};

void ot_check_company_placeholder(ot_vctx *v, const ot_rule *rule)
{
    static const char *const company[] = {"company name", "supplier",          "supplier name",
                                          "your company", "your company name", "enter company name",
                                          "legal name",   "my company",        NULL};
    const ot_value *val = &v->d->fields[OT_F_COMPANY_NAME];
    if (ot_v_empty(val)) return;
    char w[256], all[256];
    words(val->value, w, sizeof w, true);
    words(val->value, all, sizeof all, false);
    bool placeholder = in_set(w, common_placeholders) || in_set(all, company) ||
                       in_set(w, company) || strlen(all) < 2;
    if (!placeholder) return;
    ot_v_emit(v, rule, val, "company_name", -1, NULL,
              "Company name \"%s\" looks like a placeholder, not the company's legal name.",
              ot_v_show(val->value));
}

void ot_check_person_placeholder(ot_vctx *v, const ot_rule *rule)
{
    static const char *const person[] = {"same as above",
                                         "same as contact",
                                         "same as contact name",
                                         "same as contact person",
                                         "ditto",
                                         "dito",
                                         "idem",
                                         "s a",
                                         "contact",
                                         "authorizer",
                                         "authorized person",
                                         "manager",
                                         "first name last name",
                                         "your name",
                                         NULL};
    static const ot_field fields[] = {OT_F_CONTACT_NAME, OT_F_AUTHORIZER_NAME};
    for (size_t i = 0; i < 2; i++) {
        const ot_value *val = &v->d->fields[fields[i]];
        if (ot_v_empty(val)) continue;
        char w[256];
        words(val->value, w, sizeof w, false);
        bool placeholder = in_set(w, common_placeholders) || in_set(w, person) ||
                           strncmp(w, "same as", 7) == 0 || strncmp(w, "see ", 4) == 0;
        if (!placeholder) continue;
        ot_v_emit(v, rule, val, ot_field_name(fields[i]), -1, NULL,
                  "%s \"%s\" is a placeholder, not a person's name.", ot_v_field_label(fields[i]),
                  ot_v_show(val->value));
    }
}
