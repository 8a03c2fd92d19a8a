/* edgar.h - EDGAR HTML: the writer that renders an ot_doc as a document the SEC's EDGAR
 * accepts untouched, and a checker of that profile (shared/docs/edgar-html.md): allowed
 * elements and attributes (a data table, edgar_profile.c, so a correction is one line),
 * no active content, no external references, local links that resolve, no nested
 * tables, ASCII only, strict file names.
 *
 * The writer emits well-formed markup (every element closed, attributes quoted, only
 * numeric character references), so the checker can parse it with expat; `report cmr`
 * checks each document before writing it. */
#ifndef OT_REPORT_EDGAR_H
#define OT_REPORT_EDGAR_H

#include <stdbool.h>
#include <stddef.h>

#include "report/document.h"
#include "util/error.h"
#include "util/strbuf.h"

/* Renders doc (charts are skipped: their numbers are in the text or a table). */
ot_code ot_edgar_html_write(const ot_doc *doc, ot_strbuf *out, ot_error *err);

/* Appends text as ASCII HTML: & < > " escaped, every other non-ASCII character (and
 * control characters other than tab and newline) as a numeric reference; malformed UTF-8
 * bytes become U+FFFD. */
void ot_edgar_escape(const char *text, ot_strbuf *out);

/* The strict EDGAR file name: at most 32 characters, lower-case letters and digits,
 * starting with a letter, one '.', extension htm. */
bool ot_edgar_file_name_ok(const char *name);

/* Profile tables. */
bool ot_edgar_element_allowed(const char *tag); /* case-insensitive */
bool ot_edgar_attribute_allowed(const char *tag, const char *attr);

/* Checks one document against the profile. local_files: the names of the other documents
 * of the submission (local links must name one of them). OT_E_INVALID with the first
 * problem ("formsd2025.htm:12: element SCRIPT is not allowed") when it breaks a rule. */
ot_code ot_edgar_check(const char *name, const char *html, size_t len,
                       const char *const *local_files, size_t local_count, ot_error *err);

#endif
