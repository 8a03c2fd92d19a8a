/* jsonout.h - JSON text as oretrace writes it, for every command's --json output and
 * every stored JSON detail: one place decides how numbers and strings look.
 *
 * Numbers: jansson prints reals with 17 significant digits, so a response rate of 93.3
 * reads 93.299999999999997. Here each dump uses the fewest digits with which every real
 * in it reads back as exactly the same double (JSON_REAL_PRECISION), so 93.3 prints as
 * 93.3 and nothing is lost. Values that are measurements or scores should be rounded
 * where they are made (ot_round_to), so no real needs all 17 digits.
 * Strings: ot_json_text never drops a value that is not UTF-8 (json_string returns NULL
 * for it, and jansson then silently leaves the key out). */
#ifndef OT_JSONOUT_H
#define OT_JSONOUT_H

#include <stdio.h>

#include <jansson.h>

/* json_dumps / json_dumpf with the precision described above added to flags. */
char *ot_json_dumps(const json_t *value, size_t flags);
int ot_json_dumpf(const json_t *value, FILE *out, size_t flags);

/* Significant digits (1-17) that make every real in value read back exactly; 1 when it
 * holds none. */
int ot_json_real_digits(const json_t *value);

/* A JSON string of s, NULL giving JSON null; bytes that are not UTF-8 become U+FFFD. */
json_t *ot_json_text(const char *s);

/* v rounded to the given number of decimals (half away from zero): percentages to 1,
 * scores to 3, seconds to 3. */
double ot_round_to(double v, int decimals);

#endif
