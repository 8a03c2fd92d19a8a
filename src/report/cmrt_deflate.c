/* cmrt_deflate.c - a rewritten part, deflated by libdeflate, as a libzip source that
 * libzip copies without compressing again.
 *
 * Why: libzip compresses a replaced entry through zlib in 8 KiB steps, which for the
 * 5.7 MB Smelter List of a CMRT costs more than everything else in an export together.
 * libdeflate compresses the whole buffer several times faster at the same level. libzip
 * 1.7 takes no precompressed data directly, but it copies an entry of another archive
 * as it is (zip_source_zip of the whole entry, compression unchanged); so the deflated
 * bytes are wrapped in a one-entry archive in memory - a local header, the data, a
 * central directory and its end record (APPNOTE 4.3) - and that archive's entry is the
 * source. */
#include "report/cmrt_internal.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#define DEFLATE_LEVEL 6

static unsigned char *put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    return p + 2;
}

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p = put16(p, v & 0xFFFFu);
    return put16(p, v >> 16);
}

/* The entry's header fields shared by the local and the central header. */
static unsigned char *put_common(unsigned char *p, uint32_t crc, size_t csize, size_t usize,
                                 size_t nlen)
{
    p = put16(p, 20);   /* version needed: 2.0 (deflate) */
    p = put16(p, 0);    /* flags */
    p = put16(p, 8);    /* method: deflate */
    p = put16(p, 0);    /* time (the caller sets the entry's own) */
    p = put16(p, 0x21); /* date: 1980-01-01 */
    p = put32(p, crc);
    p = put32(p, (uint32_t)csize);
    p = put32(p, (uint32_t)usize);
    p = put16(p, (unsigned)nlen);
    return put16(p, 0); /* extra field length */
}

/* One-entry zip of the deflated data (malloc'd). */
static unsigned char *wrap(const char *name, const void *deflated, size_t csize, uint32_t crc,
                           size_t usize, size_t *len)
{
    size_t nlen = strlen(name), local = 30 + nlen, central = 46 + nlen;
    *len = local + csize + central + 22;
    unsigned char *z = malloc(*len), *p = z;
    if (!z) return NULL;
    p = put32(p, 0x04034b50u);
    p = put_common(p, crc, csize, usize, nlen);
    memcpy(p, name, nlen);
    memcpy(p + nlen, deflated, csize);
    p += nlen + csize;
    p = put32(p, 0x02014b50u);
    p = put16(p, 20); /* version made by */
    p = put_common(p, crc, csize, usize, nlen);
    p = put16(p, 0); /* comment length */
    p = put16(p, 0); /* disk */
    p = put16(p, 0); /* internal attributes */
    p = put32(p, 0); /* external attributes */
    p = put32(p, 0); /* offset of the local header */
    memcpy(p, name, nlen);
    p += nlen;
    p = put32(p, 0x06054b50u);
    p = put16(p, 0);
    p = put16(p, 0);
    p = put16(p, 1);
    p = put16(p, 1);
    p = put32(p, (uint32_t)central);
    p = put32(p, (uint32_t)(local + csize));
    put16(p, 0);
    return z;
}

zip_source_t *ot_cmrt_deflated_source(zip_t *za, const char *name, const void *data, size_t len,
                                      zip_t **holder)
{
    *holder = NULL;
    if (len > 0xFFFFFFF0u) return NULL; /* no ZIP64 here; parts are far smaller */
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    size_t bound = c ? libdeflate_deflate_compress_bound(c, len) : 0;
    unsigned char *out = c ? malloc(bound) : NULL;
    size_t csize = out ? libdeflate_deflate_compress(c, data, len, out, bound) : 0;
    if (c) libdeflate_free_compressor(c);
    size_t zlen = 0;
    unsigned char *z =
        csize ? wrap(name, out, csize, libdeflate_crc32(0, data, len), len, &zlen) : NULL;
    free(out);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *buf = z ? zip_source_buffer_create(z, zlen, 1, &ze) : NULL;
    if (!buf) free(z);
    *holder = buf ? zip_open_from_source(buf, ZIP_RDONLY, &ze) : NULL;
    if (buf && !*holder) zip_source_free(buf);
    zip_error_fini(&ze);
    zip_source_t *src = *holder ? zip_source_zip(za, *holder, 0, 0, 0, -1) : NULL;
    if (*holder && !src) {
        zip_discard(*holder);
        *holder = NULL;
    }
    return src;
}
