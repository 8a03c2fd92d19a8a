/* config_doc.c - what is generated from the table of settings (config_keys.c): the
 * default oretrace.conf that `init` writes and the key tables of docs/workspace.md. Both
 * list every key, by section, in table order. */
#include <stdio.h>
#include <string.h>

#include "store/config.h"

#define COMMENT_WIDTH 88

/* "a, b or c" */
static void alternatives(const char *const *values, const char *suffix, ot_strbuf *out)
{
    for (size_t i = 0; values[i]; i++) {
        if (i) ot_sb_puts(out, values[i + 1] ? ", " : " or ");
        ot_sb_printf(out, "%s%s", values[i], suffix);
    }
}

void ot_config_type_text(const ot_config_key *k, ot_strbuf *out)
{
    switch (k->type) {
    case OT_CONFIG_TEXT:
        ot_sb_puts(out, "text");
        break;
    case OT_CONFIG_URL:
        ot_sb_puts(out, "a URL starting with ");
        alternatives(k->values, "://", out);
        break;
    case OT_CONFIG_EMAIL:
        ot_sb_puts(out, "an e-mail address");
        break;
    case OT_CONFIG_INT:
        ot_sb_printf(out, "a whole number %ld-%ld", k->lo, k->hi);
        break;
    case OT_CONFIG_YEAR:
        ot_sb_printf(out, "a year %ld-%ld", k->lo, k->hi);
        break;
    case OT_CONFIG_BOOL:
        ot_sb_puts(out, "yes or no");
        break;
    case OT_CONFIG_ENUM:
        alternatives(k->values, "", out);
        break;
    case OT_CONFIG_DAYS:
        ot_sb_printf(out, "increasing day numbers %ld-%ld", k->lo, k->hi);
        break;
    case OT_CONFIG_ESCALATION:
        ot_sb_printf(out, "role:day steps (role: letters, digits, _; day %ld-%ld)", k->lo, k->hi);
        break;
    case OT_CONFIG_LIST:
        ot_sb_puts(out, "a comma-separated list");
        break;
    }
}

/* text as `# ` comment lines of at most COMMENT_WIDTH characters, broken at spaces. */
static void comment(const char *text, ot_strbuf *out)
{
    const size_t width = COMMENT_WIDTH - 2;
    while (*text) {
        size_t n = strlen(text);
        if (n > width) {
            n = width;
            while (n > 0 && text[n] != ' ')
                n--;
            if (n == 0) n = strcspn(text, " "); /* one word longer than a line */
        }
        ot_sb_printf(out, "# %.*s\n", (int)n, text);
        text += n;
        while (*text == ' ')
            text++;
    }
}

static bool new_section(size_t row)
{
    return row == 0 || strcmp(ot_config_keys[row].section, ot_config_keys[row - 1].section) != 0;
}

void ot_config_default_text(ot_strbuf *out)
{
    ot_sb_puts(out,
               "# oretrace.conf - settings of this conflict-minerals program workspace.\n"
               "# One `key = value` per line; `#` starts a comment; lists are comma-separated.\n"
               "# An empty value means \"not set\": the default applies (an empty list is empty).\n"
               "# `oretrace init` writes this file once and never overwrites it. Every setting\n"
               "# is described in docs/workspace.md.\n");
    for (size_t row = 0; row < ot_config_key_count; row++) {
        const ot_config_key *k = &ot_config_keys[row];
        if (new_section(row)) ot_sb_printf(out, "\n# ==== %s ====\n", k->section);
        ot_sb_putc(out, '\n');
        comment(k->help, out);
        ot_sb_printf(out, "%s =%s%s\n", k->name, *k->def ? " " : "", k->def);
    }
}

/* text with what Markdown would take for a table cell's end or an HTML tag escaped. */
static void md_cell(const char *text, ot_strbuf *out)
{
    for (const char *p = text; *p; p++) {
        if (*p == '|' || *p == '<') ot_sb_putc(out, '\\');
        ot_sb_putc(out, *p);
    }
}

void ot_config_markdown(ot_strbuf *out)
{
    for (size_t row = 0; row < ot_config_key_count; row++) {
        const ot_config_key *k = &ot_config_keys[row];
        if (new_section(row))
            ot_sb_printf(out,
                         "%s### %s\n\n| Key | Value | Default | Meaning |\n|---|---|---|---|\n",
                         row ? "\n" : "", k->section);
        ot_sb_printf(out, "| `%s` | ", k->name);
        ot_strbuf type = {0};
        ot_config_type_text(k, &type);
        md_cell(ot_sb_str(&type), out);
        ot_sb_free(&type);
        if (k->def_doc)
            ot_sb_printf(out, " | %s | ", k->def_doc);
        else if (*k->def)
            ot_sb_printf(out, " | `%s` | ", k->def);
        else
            ot_sb_puts(out, " | (not set) | ");
        md_cell(k->help, out);
        ot_sb_puts(out, " |\n");
    }
}
