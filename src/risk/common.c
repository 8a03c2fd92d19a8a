/* common.c - small helpers the risk sources share: blank tests and bounded text building
 * for reasons. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "risk/risk_internal.h"

bool ot_risk_blank(const char *s)
{
    return !s || s[strspn(s, " \t\r\n")] == '\0';
}

void ot_risk_appendf(char *buf, size_t cap, const char *fmt, ...)
{
    size_t used = strnlen(buf, cap);
    if (used + 1 >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, cap - used, fmt, ap);
    va_end(ap);
}
