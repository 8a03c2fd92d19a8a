/* cellref.c - A1 cell references. */
#include "reader/reader_internal.h"

#include <stdio.h>

uint32_t ot_col_from_letters(const char *letters)
{
    uint32_t col = 0;
    int n = 0;
    for (const char *p = letters; *p; p++, n++) {
        char c = *p;
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
        if (c < 'A' || c > 'Z' || n >= 3) return 0;
        col = col * 26 + (uint32_t)(c - 'A' + 1);
    }
    return col <= OT_MAX_COL ? col : 0;
}

bool ot_parse_a1(const char *ref, uint32_t *row, uint32_t *col)
{
    const char *p = ref;
    if (*p == '$') p++;
    uint32_t c = 0;
    int letters = 0;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        if (++letters > 3) return false;
        char ch = *p >= 'a' ? (char)(*p - 32) : *p;
        c = c * 26 + (uint32_t)(ch - 'A' + 1);
        p++;
    }
    if (*p == '$') p++;
    uint32_t r = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (++digits > 7) return false;
        r = r * 10 + (uint32_t)(*p - '0');
        p++;
    }
    if (*p || !letters || !digits || c > OT_MAX_COL || r == 0 || r > OT_MAX_ROW) return false;
    *row = r;
    *col = c;
    return true;
}

void ot_format_a1(uint32_t row, uint32_t col, char out[16])
{
    char letters[4];
    int n = 0;
    while (col > 0 && n < 3) {
        uint32_t rem = (col - 1) % 26;
        letters[n++] = (char)('A' + rem);
        col = (col - 1) / 26;
    }
    int o = 0;
    while (n > 0)
        out[o++] = letters[--n];
    snprintf(out + o, (size_t)(16 - o), "%u", row);
}
