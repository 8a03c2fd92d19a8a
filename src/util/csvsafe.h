/* csvsafe.h - keeping supplier text from turning into spreadsheet formulas.
 *
 * Spreadsheet programs run a cell that starts with "=", "+", "-" or "@" (or a tab or
 * carriage return before one) as a formula: a supplier comment such as
 * =HYPERLINK("http://...") would become a live link or worse in the CSV or XLSX files
 * oretrace writes ("CSV injection"). Validation flags such text; every exporter writes
 * text through these helpers so it is never written unescaped. */
#ifndef OT_CSVSAFE_H
#define OT_CSVSAFE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* True when a spreadsheet would read s as a formula: its first character is one of
 * = + - @, or a tab / carriage return. */
bool ot_text_is_formula_like(const char *s);

/* True when s is formula-like and reads like a real formula: it starts with "=", or
 * starts with + - @ and contains "(", "|", "!" or "=" (a function call, DDE, a reference).
 * "+49 621 555 0" or "- see comment" are formula-like but not risky. */
bool ot_text_is_risky_formula(const char *s);

/* s made inert for a spreadsheet cell: formula-like text gets a leading apostrophe
 * (shown by no spreadsheet, stops evaluation). Returns a malloc'd string (NULL when out of
 * memory); s NULL gives "". */
char *ot_text_defuse(const char *s);

/* Appends s as one CSV field (RFC 4180): defused, then quoted when it holds a comma,
 * quote, CR or LF, with quotes doubled. */
void ot_csv_append_field(ot_strbuf *out, const char *s);

#endif
