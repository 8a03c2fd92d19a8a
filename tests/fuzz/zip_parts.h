/* zip_parts.h - take an .xlsx apart in memory and put it back together with one part
 * replaced, for structure-aware mutation (tests/reader/test_mutations.c and the libFuzzer
 * custom mutator in fuzz_workbook.c).
 *
 * Byte-level mutation of a zip mostly breaks its CRCs and deflate streams, so a reader's
 * XML code would rarely see the damage: here the damage is done to the inflated XML and
 * the part is zipped again with a valid CRC. Unchanged entries are copied still compressed
 * (zip_source_zip), so rebuilding a 1 MB workbook costs little more than the one part.
 *
 * Header-only (static inline functions) because it is shared by two programs that are built
 * separately: the cmocka test and the fuzz target. Test-side code: on failure it returns
 * NULL and leaves the message to the caller. */
#ifndef OT_ZIP_PARTS_H
#define OT_ZIP_PARTS_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

typedef struct zp_archive {
    zip_t *zip; /* read-only, over the caller's bytes (which must outlive it) */
    size_t count;
} zp_archive;

/* Opens bytes as a zip; false when libzip cannot. */
static inline bool zp_open(zp_archive *a, const void *data, size_t len)
{
    memset(a, 0, sizeof *a);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (src) {
        a->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!a->zip) zip_source_free(src);
    }
    zip_error_fini(&ze);
    if (!a->zip) return false;
    zip_int64_t n = zip_get_num_entries(a->zip, 0);
    a->count = n > 0 ? (size_t)n : 0;
    return true;
}

static inline void zp_close(zp_archive *a)
{
    if (a->zip) zip_discard(a->zip);
    memset(a, 0, sizeof *a);
}

/* Index of the entry with this exact name, or -1. */
static inline long zp_find(const zp_archive *a, const char *name)
{
    zip_int64_t i = zip_name_locate(a->zip, name, ZIP_FL_ENC_RAW);
    return i < 0 ? -1 : (long)i;
}

/* The inflated bytes of entry i (malloc'd, NUL-terminated), NULL on failure or when the
 * entry inflates to more than max_len. */
static inline char *zp_read(const zp_archive *a, size_t i, size_t max_len, size_t *len)
{
    zip_stat_t st;
    if (zip_stat_index(a->zip, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > max_len)
        return NULL;
    zip_file_t *f = zip_fopen_index(a->zip, i, 0);
    if (!f) return NULL;
    char *buf = malloc(st.size + 1);
    zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
    zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(buf);
        return NULL;
    }
    buf[st.size] = '\0';
    *len = st.size;
    return buf;
}

/* A new zip (malloc'd bytes) holding every entry of a in order, entry `replace` with
 * `part` instead (stored, or deflated at level 1). replace >= count: a copy. */
static inline unsigned char *zp_rebuild(const zp_archive *a, size_t replace, const void *part,
                                        size_t part_len, bool store, size_t *out_len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = NULL;
    if (buf) {
        zip_source_keep(buf);
        z = zip_open_from_source(buf, ZIP_TRUNCATE, &ze);
    }
    zip_error_fini(&ze);
    bool ok = z != NULL;
    for (size_t i = 0; ok && i < a->count; i++) {
        const char *name = zip_get_name(a->zip, i, ZIP_FL_ENC_RAW);
        zip_source_t *s = i == replace ? zip_source_buffer(z, part, part_len, 0)
                                       : zip_source_zip(z, a->zip, i, 0, 0, -1);
        zip_int64_t idx = s && name ? zip_file_add(z, name, s, ZIP_FL_ENC_RAW) : -1;
        if (idx < 0) {
            zip_source_free(s);
            ok = false;
        } else if (i == replace) {
            ok =
                zip_set_file_compression(z, (zip_uint64_t)idx,
                                         store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 1) == 0;
        }
    }
    unsigned char *out = NULL;
    if (ok && zip_close(z) != 0)
        ok = false; /* a failed close leaves z open */
    else if (ok)
        z = NULL;
    if (z) zip_discard(z);
    zip_stat_t st;
    if (ok && zip_source_stat(buf, &st) == 0 && zip_source_open(buf) == 0) {
        out = malloc(st.size ? st.size : 1);
        zip_int64_t got = out ? zip_source_read(buf, out, st.size) : -1;
        zip_source_close(buf);
        if (got < 0 || (zip_uint64_t)got != st.size) {
            free(out);
            out = NULL;
        } else {
            *out_len = st.size;
        }
    }
    if (buf) zip_source_free(buf);
    return out;
}

#endif
