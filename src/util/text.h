/* text.h - small UTF-8 text helpers shared by several modules. */
#ifndef OT_TEXT_H
#define OT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Trims ASCII whitespace and non-breaking spaces at both ends and turns CRLF / CR into LF,
 * in place. Returns the new length. */
size_t ot_text_clean(char *s, size_t len);

/* ASCII case-insensitive equality after trimming spaces on both sides of both strings. */
bool ot_text_equal_loose(const char *a, const char *b);

/* True when s is valid UTF-8. */
bool ot_utf8_valid(const char *s, size_t len);

/* Replaces invalid UTF-8 sequences with U+FFFD; returns a malloc'd string. */
char *ot_utf8_sanitize(const char *s, size_t len);

/* Converts an Excel serial day number to an ISO date "YYYY-MM-DD" (out[11]).
 * date1904 selects the 1904 date system. Returns false for serials outside 1..2958465. */
bool ot_excel_serial_to_iso(double serial, bool date1904, char out[11]);

/* Formats a number the way a person reads it: integers without ".0", others with up to
 * 15 significant digits. out must hold 32 bytes. */
void ot_format_number(double v, char out[32]);

#endif
