/* text.c - trimming, loose comparison, UTF-8 checks, Excel serial dates. */
#include "text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t space_len_at(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (len >= 2 && c == 0xC2 && (unsigned char)s[1] == 0xA0) return 2; /* U+00A0 */
    if (len >= 3 && c == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
        return 3; /* U+3000 ideographic space */
    return 0;
}

static size_t space_len_before(const char *s, size_t end)
{
    if (end >= 1) {
        unsigned char c = (unsigned char)s[end - 1];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    }
    if (end >= 2 && (unsigned char)s[end - 2] == 0xC2 && (unsigned char)s[end - 1] == 0xA0)
        return 2;
    if (end >= 3 && (unsigned char)s[end - 3] == 0xE3 && (unsigned char)s[end - 2] == 0x80 &&
        (unsigned char)s[end - 1] == 0x80)
        return 3;
    return 0;
}

size_t ot_text_clean(char *s, size_t len)
{
    size_t start = 0, n;
    while (start < len && (n = space_len_at(s + start, len - start)) > 0)
        start += n;
    size_t end = len;
    while (end > start && (n = space_len_before(s, end)) > 0)
        end -= n;
    size_t out = 0;
    for (size_t i = start; i < end; i++) {
        if (s[i] == '\r') {
            s[out++] = '\n';
            if (i + 1 < end && s[i + 1] == '\n') i++;
        } else {
            s[out++] = s[i];
        }
    }
    s[out] = '\0';
    return out;
}

static void trim_view(const char **s, size_t *len)
{
    size_t n;
    while (*len && (n = space_len_at(*s, *len)) > 0) {
        *s += n;
        *len -= n;
    }
    while (*len && (n = space_len_before(*s, *len)) > 0)
        *len -= n;
}

bool ot_text_equal_loose(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    size_t la = strlen(a), lb = strlen(b);
    trim_view(&a, &la);
    trim_view(&b, &lb);
    if (la != lb) return false;
    for (size_t i = 0; i < la; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
    }
    return true;
}

size_t ot_utf8_decode(const char *text, size_t len, uint32_t *code_point)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
        n = 1;
        cp = c;
    } else if ((c & 0xE0) == 0xC0) {
        n = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n > len) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (code_point) *code_point = cp;
    return n;
}

static size_t utf8_seq_len(const unsigned char *s, size_t len)
{
    return ot_utf8_decode((const char *)s, len, NULL);
}

bool ot_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq_len(p + i, len - i);
        if (!n) return false;
        i += n;
    }
    return true;
}

char *ot_utf8_sanitize(const char *s, size_t len)
{
    char *out = malloc(len * 3 + 1);
    if (!out) return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        size_t n = utf8_seq_len(p + i, len - i);
        if (n) {
            memcpy(out + o, p + i, n);
            o += n;
            i += n;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    return out;
}

void ot_format_number(double v, char out[32])
{
    if (isfinite(v) && fabs(v) < 1e15 && v == floor(v)) {
        snprintf(out, 32, "%.0f", v);
    } else {
        snprintf(out, 32, "%.15g", v);
    }
}
