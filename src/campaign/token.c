/* token.c - random upload tokens and finding them in text (see token.h). */
#include "token.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

ot_code ot_random_bytes(void *buf, size_t size, ot_error *err)
{
    unsigned char *p = buf;
    while (size) {
        ssize_t n = getrandom(p, size, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            return ot_fail(err, OT_E_IO, "no random bytes from the kernel: %s", strerror(errno));
        p += n;
        size -= (size_t)n;
    }
    return OT_OK;
}

ot_code ot_token_new(char out[OT_TOKEN_LEN + 1], ot_error *err)
{
    unsigned char raw[17] = {0}; /* 128 bits, plus a zero byte so 26 * 5 bits read cleanly */
    ot_code rc = ot_random_bytes(raw, 16, err);
    if (rc != OT_OK) return rc;
    memcpy(out, "OT-", 3);
    for (int i = 0; i < 26; i++) {
        int bit = i * 5, byte = bit / 8, shift = bit % 8;
        unsigned v = ((unsigned)raw[byte] << 8 | raw[byte + 1]) >> (11 - shift);
        out[3 + i] = crockford[v & 31];
    }
    out[OT_TOKEN_LEN] = '\0';
    return OT_OK;
}

/* Crockford decoding of one character to its canonical digit, 0 when not one. */
static char canonical(char c)
{
    if (c >= 'a' && c <= 'z') c = (char)(c - 32);
    if (c == 'O') return '0';
    if (c == 'I' || c == 'L') return '1';
    if (c == 'U') return 0;
    return strchr(crockford, c) && c ? c : 0;
}

bool ot_token_find(const char *text, char out[OT_TOKEN_LEN + 1])
{
    if (!text) return false;
    for (const char *p = text; *p; p++) {
        if (!((p[0] == 'O' || p[0] == 'o') && (p[1] == 'T' || p[1] == 't') && p[2] == '-'))
            continue;
        if (p > text && canonical(p[-1])) continue; /* must start a word */
        int i = 0;
        for (; i < 26 && canonical(p[3 + i]); i++)
            out[3 + i] = canonical(p[3 + i]);
        if (i == 26 && !canonical(p[29])) {
            memcpy(out, "OT-", 3);
            out[OT_TOKEN_LEN] = '\0';
            return true;
        }
    }
    return false;
}
