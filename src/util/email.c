/* email.c - e-mail address check (see email.h). */
#include "util/email.h"

#include <string.h>

bool ot_email_address_valid(const char *email)
{
    if (!email) return false;
    const char *at = strchr(email, '@');
    if (!at || at == email || strchr(at + 1, '@')) return false;
    const char *dot = strchr(at + 1, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0' || email[strlen(email) - 1] == '.') return false;
    for (const char *p = email; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7F || strchr("<>,;\"()[]\\:", c)) return false;
    }
    return strlen(email) <= 254;
}
