/* csvsafe.c - formula-injection checks and escaping for CSV/XLSX output (see csvsafe.h).
 * Follows the OWASP "CSV Injection" advice: prefix a single quote to cells starting with
 * = + - @ tab or CR. */
#include "util/csvsafe.h"

#include <stdlib.h>
#include <string.h>

bool ot_text_is_formula_like(const char *s)
{
    if (!s) return false;
    char c = s[0];
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool ot_text_is_risky_formula(const char *s)
{
    if (!ot_text_is_formula_like(s)) return false;
    const char *p = s;
    while (*p == '\t' || *p == '\r')
        p++;
    if (*p == '=') return true;
    /* after + - @: a function call, a DDE pipe, a sheet reference or an "=" */
    return strpbrk(p, "(|!=") != NULL;
}

char *ot_text_defuse(const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s);
    bool prefix = ot_text_is_formula_like(s);
    char *out = malloc(n + 2);
    if (!out) return NULL;
    size_t at = 0;
    if (prefix) out[at++] = '\'';
    memcpy(out + at, s, n + 1);
    return out;
}

void ot_csv_append_field(ot_strbuf *out, const char *s)
{
    if (!s) s = "";
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) ot_sb_putc(out, '"');
    if (ot_text_is_formula_like(s)) ot_sb_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"') ot_sb_putc(out, '"');
        ot_sb_putc(out, *p);
    }
    if (quote) ot_sb_putc(out, '"');
}
