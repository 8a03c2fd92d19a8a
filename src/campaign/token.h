/* token.h - upload tokens: the unguessable string that ties a returned workbook (portal
 * upload, file name, e-mail) to one supplier's request in one campaign.
 *
 * Form: "OT-" followed by 26 Crockford base32 characters (128 random bits from
 * getrandom()), e.g. OT-7Q3M0Z4K1V9T8R6P2N5B4X3C1D. The prefix and alphabet make it easy
 * to find inside any text: a file name such as "Acme CMRT OT-7Q3M....xlsx", a cell, a
 * subject line. Matching is case-insensitive and reads O as 0 and I/L as 1, as Crockford
 * base32 intends, because people retype tokens. */
#ifndef OT_TOKEN_H
#define OT_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

#define OT_TOKEN_LEN 29 /* "OT-" + 26 */

/* Fills buf (size bytes) from the kernel's random source. */
ot_code ot_random_bytes(void *buf, size_t size, ot_error *err);

/* A new token into out[OT_TOKEN_LEN + 1]. */
ot_code ot_token_new(char out[OT_TOKEN_LEN + 1], ot_error *err);

/* Finds the first token in text; writes its canonical form (upper case, O->0, I/L->1)
 * into out and returns true. */
bool ot_token_find(const char *text, char out[OT_TOKEN_LEN + 1]);

#endif
