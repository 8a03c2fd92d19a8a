/* editdist.c - Levenshtein distance with an early cut-off.
 *
 * Hand-written because no Debian C library offers a small bounded edit distance; the
 * matcher calls it on a few candidates per look-up, so it must be cheap: strings up to
 * 64 bytes use Myers' bit-parallel algorithm (one machine word per column), longer ones
 * a two-row dynamic programme restricted to a band of width 2*max_dist+1. */
#include "refdata/normalize.h"

#include <stdint.h>
#include <string.h>

static unsigned myers64(const char *a, size_t alen, const char *b, size_t blen)
{
    /* a is the pattern (alen <= 64); b is scanned. peq[c] is only valid for bytes in
     * the pattern (bitmap `in`), which spares clearing 2 KiB per call. */
    uint64_t peq[256];
    uint64_t in[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < alen; i++) {
        unsigned char c = (unsigned char)a[i];
        if (!(in[c >> 6] >> (c & 63) & 1)) {
            in[c >> 6] |= (uint64_t)1 << (c & 63);
            peq[c] = 0;
        }
        peq[c] |= (uint64_t)1 << i;
    }
    uint64_t pv = ~(uint64_t)0, mv = 0;
    uint64_t last = (uint64_t)1 << (alen - 1);
    unsigned score = (unsigned)alen;
    for (size_t j = 0; j < blen; j++) {
        unsigned char c = (unsigned char)b[j];
        uint64_t eq = in[c >> 6] >> (c & 63) & 1 ? peq[c] : 0;
        uint64_t xv = eq | mv;
        uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
        uint64_t ph = mv | ~(xh | pv);
        uint64_t mh = pv & xh;
        if (ph & last)
            score++;
        else if (mh & last)
            score--;
        ph = (ph << 1) | 1;
        mh <<= 1;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
    }
    return score;
}

static unsigned banded(const char *a, size_t alen, const char *b, size_t blen, unsigned max_dist)
{
    /* Rows over a, columns over b; cells outside |i-j| <= max_dist count as infinite. */
    enum { CAP = 1024 };
    unsigned rowbuf[2][CAP + 1];
    if (alen > CAP) alen = CAP;
    if (blen > CAP) blen = CAP;
    unsigned inf = max_dist + 1;
    unsigned *prev = rowbuf[0], *cur = rowbuf[1];
    for (size_t j = 0; j <= blen; j++)
        prev[j] = j <= max_dist ? (unsigned)j : inf;
    for (size_t i = 1; i <= alen; i++) {
        size_t lo = i > max_dist ? i - max_dist : 1;
        size_t hi = i + max_dist < blen ? i + max_dist : blen;
        cur[0] = i <= max_dist ? (unsigned)i : inf;
        if (lo > 1) cur[lo - 1] = inf;
        unsigned best = cur[0];
        for (size_t j = lo; j <= hi; j++) {
            unsigned sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            unsigned del = prev[j] + 1;
            unsigned ins = cur[j - 1] + 1;
            unsigned v = sub < del ? sub : del;
            if (ins < v) v = ins;
            if (v > inf) v = inf;
            cur[j] = v;
            if (v < best) best = v;
        }
        if (hi < blen) cur[hi + 1] = inf;
        if (best > max_dist) return inf;
        unsigned *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[blen] > max_dist ? inf : prev[blen];
}

unsigned ot_edit_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned max_dist)
{
    size_t diff = alen > blen ? alen - blen : blen - alen;
    if (diff > max_dist) return max_dist + 1;
    if (alen == 0 || blen == 0) {
        size_t d = alen + blen;
        return d > max_dist ? max_dist + 1 : (unsigned)d;
    }
    if (alen > blen) { /* pattern = shorter string */
        const char *t = a;
        a = b;
        b = t;
        size_t tl = alen;
        alen = blen;
        blen = tl;
    }
    unsigned d = alen <= 64 ? myers64(a, alen, b, blen) : banded(a, alen, b, blen, max_dist);
    return d > max_dist ? max_dist + 1 : d;
}

unsigned ot_edit_distance_swap(const char *a, size_t alen, const char *b, size_t blen,
                               unsigned max_dist)
{
    unsigned d = ot_edit_distance(a, alen, b, blen, max_dist + 1);
    if (d >= 2 && alen == blen) {
        /* one swap of neighbours costs 2 in Levenshtein; count it as 1 */
        size_t i = 0;
        while (i < alen && a[i] == b[i])
            i++;
        if (i + 1 < alen && a[i] == b[i + 1] && a[i + 1] == b[i] &&
            memcmp(a + i + 2, b + i + 2, alen - i - 2) == 0)
            d = 1;
    }
    return d > max_dist ? max_dist + 1 : d;
}
