/* printable.h - text from outside (workbook cells, file names, vendor lists) made safe
 * to show a person.
 *
 * A company name, a sheet name or a file name can carry ESC (terminal escape sequences),
 * BEL, CR or LF: printed raw it rewrites the terminal, forges a line of the report or
 * breaks a header line of a letter. Human-readable output passes every such string
 * through these helpers, which escape control characters the way the JSON output does
 * (\n, \r, \t, \b, \f, \u001b), so what is shown is one line and exactly what the file
 * holds. Also escaped: DEL and the C1 controls (\u0080-\u009f, which some terminals
 * obey), the Unicode line/paragraph separators and bidirectional overrides (text that
 * displays in another order than it reads), and bytes that are not UTF-8 (\xNN).
 * Backslashes and quotes are left as they are. */
#ifndef OT_PRINTABLE_H
#define OT_PRINTABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* True when s (NULL: false) holds anything ot_sb_put_printable would escape. */
bool ot_text_needs_escape(const char *s);

/* The first C0 control character (U+0000-U+001F except TAB) or DEL in s, or 0 when
 * there is none: what a single-line field (a name, an id) must not contain. */
int ot_text_first_control(const char *s);

/* Appends s with the characters above escaped (NULL appends nothing). */
void ot_sb_put_printable(ot_strbuf *sb, const char *s);

/* s escaped, malloc'd (NULL when out of memory; NULL s gives ""). */
char *ot_printable(const char *s);

/* For printf-style call sites that show several strings at once:
 *     ot_shown sh = {0};
 *     printf("%s: %s\n", ot_show(&sh, path), ot_show(&sh, company));
 *     ot_shown_free(&sh);
 * ot_show returns s itself when nothing needs escaping, else an escaped copy kept until
 * ot_shown_free; NULL gives "", and "?" stands in when memory runs out. */
typedef struct ot_shown {
    char **copies;
    size_t n, cap;
} ot_shown;
const char *ot_show(ot_shown *sh, const char *s);
void ot_shown_free(ot_shown *sh);

#endif
