/* email.h - whether a string is an e-mail address oretrace can put in a header.
 *
 * Shared by the config file (contact_email, <role>_email are checked when it is read)
 * and the message writer (every recipient is checked before a letter is written). */
#ifndef OT_EMAIL_H
#define OT_EMAIL_H

#include <stdbool.h>

/* local@domain.tld in printable ASCII, one '@', a dot in the domain, none of the
 * characters that would need quoting in a header (<>,;"()[]\:), at most 254 bytes.
 * Deliberately stricter than RFC 5322: an address that needs quoting is almost always
 * a typo in a vendor list or a config file. */
bool ot_email_address_valid(const char *email);

#endif
