/* printable.c - see printable.h. */
#include "printable.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Code points shown escaped: controls, and the invisible ones that change how the text
 * around them is laid out (line separators, bidirectional embeddings and overrides). */
static bool escaped_code_point(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Length of the run of bytes at s (len available) that is shown as it is. */
static size_t plain_run(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = ot_utf8_decode(s + i, len - i, &cp);
        if (!n || escaped_code_point(cp)) break;
        i += n;
    }
    return i;
}

bool ot_text_needs_escape(const char *s)
{
    if (!s) return false;
    size_t len = strlen(s);
    return plain_run(s, len) != len;
}

int ot_text_first_control(const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && c != '\t') || c == 0x7F) return c;
    }
    return 0;
}

static void put_escape(ot_strbuf *sb, uint32_t cp)
{
    switch (cp) {
    case '\n':
        ot_sb_puts(sb, "\\n");
        break;
    case '\r':
        ot_sb_puts(sb, "\\r");
        break;
    case '\t':
        ot_sb_puts(sb, "\\t");
        break;
    case '\b':
        ot_sb_puts(sb, "\\b");
        break;
    case '\f':
        ot_sb_puts(sb, "\\f");
        break;
    default:
        ot_sb_printf(sb, "\\u%04x", (unsigned)cp);
    }
}

void ot_sb_put_printable(ot_strbuf *sb, const char *s)
{
    if (!s) return;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t run = plain_run(s + i, len - i);
        ot_sb_append(sb, s + i, run);
        i += run;
        if (i >= len) break;
        uint32_t cp;
        size_t n = ot_utf8_decode(s + i, len - i, &cp);
        if (n) {
            put_escape(sb, cp);
            i += n;
        } else {
            ot_sb_printf(sb, "\\x%02x", (unsigned char)s[i]);
            i++;
        }
    }
}

char *ot_printable(const char *s)
{
    ot_strbuf sb = {0};
    ot_sb_put_printable(&sb, s);
    if (sb.failed) {
        ot_sb_free(&sb);
        return NULL;
    }
    return sb.data ? sb.data : strdup("");
}

const char *ot_show(ot_shown *sh, const char *s)
{
    if (!s) return "";
    if (!ot_text_needs_escape(s)) return s;
    if (sh->n == sh->cap) {
        size_t cap = sh->cap ? sh->cap * 2 : 8;
        char **p = realloc(sh->copies, cap * sizeof *p);
        if (!p) return "?";
        sh->copies = p;
        sh->cap = cap;
    }
    char *copy = ot_printable(s);
    if (!copy) return "?";
    sh->copies[sh->n++] = copy;
    return copy;
}

void ot_shown_free(ot_shown *sh)
{
    for (size_t i = 0; i < sh->n; i++)
        free(sh->copies[i]);
    free(sh->copies);
    *sh = (ot_shown){0};
}
