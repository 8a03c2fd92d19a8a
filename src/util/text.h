/* text.h - small UTF-8 text helpers shared by several modules. */
#ifndef OT_TEXT_H
#define OT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Trims ASCII whitespace and non-breaking spaces at both ends and turns CRLF / CR into LF,
 * in place. Returns the new length. */
size_t ot_text_clean(char *s, size_t len);

/* ASCII case-insensitive equality after trimming spaces on both sides of both strings. */
bool ot_text_equal_loose(const char *a, const char *b);

/* Length (1-4) of the well-formed UTF-8 sequence at text (len > 0 bytes available) and
 * its code point (when code_point is not NULL); 0 when the bytes there are not UTF-8
 * (overlong forms and surrogates included). */
size_t ot_utf8_decode(const char *text, size_t len, uint32_t *code_point);

/* True when s is valid UTF-8. */
bool ot_utf8_valid(const char *s, size_t len);

/* Replaces invalid UTF-8 sequences with U+FFFD; returns a malloc'd string. */
char *ot_utf8_sanitize(const char *s, size_t len);

/* Formats a number the way a person reads it: integers without ".0", others with up to
 * 15 significant digits. out must hold 32 bytes. */
void ot_format_number(double v, char out[32]);

#endif
