/* ole.c - a read-only OLE compound file (MS-CFB) reader over an in-memory buffer.
 *
 * Hand-written on purpose: the one Debian library for the format (libgsf) drags in
 * GLib/GObject, whose process-wide allocations confuse LeakSanitizer, and we need only a
 * small subset (top-level streams of .xls and encrypted .xlsx files). What it does:
 * header, DIFAT (with extra DIFAT sectors), FAT, mini FAT, the root storage's children,
 * and reading or overwriting one stream (regular or mini).
 *
 * Hostile input: every sector index is checked against the FAT and the file, every
 * chain walk marks the sectors it visits (a loop is found on its first repeat), every
 * size is bounded, and the directory tree is walked with an explicit stack and a visited
 * set instead of recursion. Errors: OT_E_TRUNCATED when the file ends before a structure
 * it declares, OT_E_CORRUPT for inconsistent structure, OT_E_TOO_LARGE beyond limits. */
#include "reader/reader_internal.h"

#include <stdlib.h>
#include <string.h>

#define CFB_HEADER_SIZE 512u
#define CFB_DIR_ENTRY_SIZE 128u
#define CFB_HEADER_DIFAT 109u
#define CFB_MAXREGSECT 0xFFFFFFFAu
#define CFB_ENDOFCHAIN 0xFFFFFFFEu
#define CFB_FREESECT 0xFFFFFFFFu
#define CFB_NOSTREAM 0xFFFFFFFFu

#define CFB_TYPE_STORAGE 1
#define CFB_TYPE_STREAM 2
#define CFB_TYPE_ROOT 5

/* Hard limits, far above any real workbook: 2^22 FAT sectors map 2^29 sectors; a
 * directory of 2^20 entries is 128 MiB. */
#define OLE_MAX_FAT_SECTORS (1u << 22)
#define OLE_MAX_DIR_ENTRIES (1u << 20)

static const unsigned char CFB_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

typedef struct ole_entry {
    uint16_t name[32]; /* UTF-16 code units, no terminator */
    unsigned name_len;
    uint8_t type;
    uint32_t start;
    uint64_t size;
} ole_entry;

/* One contiguous run of a stream's bytes inside the file. */
typedef struct ole_span {
    size_t offset;
    size_t len;
} ole_span;

struct ot_ole {
    const unsigned char *data;
    size_t len;
    uint32_t sector_size;
    uint32_t mini_sector_size;
    uint32_t mini_cutoff;
    uint32_t *fat;
    size_t fat_count;
    uint32_t *minifat;
    size_t minifat_count;
    ole_entry root;      /* its stream is the mini stream container */
    ole_entry *children; /* streams and storages directly under the root */
    size_t child_count;
};

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Sectors the file holds at least partly (sector n starts at (n + 1) * sector_size). */
static size_t sectors_in_file(const ot_ole *ole)
{
    if (ole->len <= ole->sector_size) return 0;
    return (ole->len - ole->sector_size + ole->sector_size - 1) / ole->sector_size;
}

/* Pointer to a whole sector, or an error when the index is special or past the file. */
static ot_code whole_sector(const ot_ole *ole, uint32_t sec, const char *what,
                            const unsigned char **out, ot_error *err)
{
    if (sec > CFB_MAXREGSECT)
        return ot_fail(err, OT_E_CORRUPT,
                       "OLE compound file: %s sector is missing "
                       "(special value 0x%08X)",
                       what, sec);
    size_t off = ((size_t)sec + 1) * ole->sector_size;
    if (off > ole->len || ole->len - off < ole->sector_size)
        return ot_fail(err, OT_E_TRUNCATED,
                       "OLE compound file: %s sector %u lies past the end "
                       "of the %zu-byte file (truncated?)",
                       what, sec, ole->len);
    *out = ole->data + off;
    return OT_OK;
}

/* Follows a chain in `table` from `start`, collecting at most `max_steps` links (or up to
 * ENDOFCHAIN when max_steps is 0, bounded by the table size). A repeated link is a loop. */
static ot_code walk_chain(const uint32_t *table, size_t table_count, uint32_t start,
                          size_t max_steps, const char *what, uint32_t **out, size_t *out_n,
                          ot_error *err)
{
    *out = NULL;
    *out_n = 0;
    size_t limit = max_steps ? max_steps : table_count;
    if (limit > table_count)
        return ot_fail(err, OT_E_CORRUPT,
                       "OLE compound file: %s needs %zu sectors but the "
                       "allocation table maps only %zu",
                       what, limit, table_count);
    unsigned char *seen = calloc(table_count / 8 + 1, 1);
    uint32_t *list = malloc((limit ? limit : 1) * sizeof *list);
    if (!seen || !list) {
        free(seen);
        free(list);
        return ot_fail(err, OT_E_NOMEM, "out of memory reading an OLE compound file");
    }
    size_t n = 0;
    uint32_t sec = start;
    ot_code rc = OT_OK;
    while (n < limit) {
        if (sec == CFB_ENDOFCHAIN) break;
        if (sec >= table_count) {
            rc = ot_fail(err, OT_E_CORRUPT,
                         "OLE compound file: %s chain points at sector "
                         "0x%X, outside the allocation table",
                         what, sec);
            break;
        }
        if (seen[sec / 8] & (1u << (sec % 8))) {
            rc = ot_fail(err, OT_E_CORRUPT,
                         "OLE compound file: %s chain loops back to "
                         "sector %u",
                         what, sec);
            break;
        }
        seen[sec / 8] |= (unsigned char)(1u << (sec % 8));
        list[n++] = sec;
        sec = table[sec];
    }
    if (rc == OT_OK && max_steps && n < max_steps)
        rc = ot_fail(err, OT_E_CORRUPT,
                     "OLE compound file: %s chain ends after %zu of %zu "
                     "sectors",
                     what, n, max_steps);
    if (rc == OT_OK && !max_steps && sec != CFB_ENDOFCHAIN)
        rc = ot_fail(err, OT_E_CORRUPT, "OLE compound file: %s chain does not end", what);
    free(seen);
    if (rc) {
        free(list);
        return rc;
    }
    *out = list;
    *out_n = n;
    return OT_OK;
}

/* ---- header, DIFAT, FAT ------------------------------------------------------- */

static ot_code parse_header(ot_ole *ole, const unsigned char *h, uint32_t *fat_sectors,
                            ot_error *err)
{
    if (memcmp(h, CFB_MAGIC, 8) != 0)
        return ot_fail(err, OT_E_NOT_WORKBOOK, "not an OLE compound file (bad signature)");
    uint16_t major = rd16(h + 26), byte_order = rd16(h + 28);
    uint16_t sector_shift = rd16(h + 30), mini_shift = rd16(h + 32);
    if (byte_order != 0xFFFE)
        return ot_fail(err, OT_E_CORRUPT, "OLE compound file: bad byte-order mark 0x%04X",
                       byte_order);
    if (!((major == 3 && sector_shift == 9) || (major == 4 && sector_shift == 12)))
        return ot_fail(err, OT_E_CORRUPT,
                       "OLE compound file: unsupported version %u with "
                       "sector shift %u",
                       major, sector_shift);
    if (mini_shift != 6)
        return ot_fail(err, OT_E_CORRUPT, "OLE compound file: mini sector shift %u (must be 6)",
                       mini_shift);
    ole->sector_size = 1u << sector_shift;
    ole->mini_sector_size = 1u << mini_shift;
    ole->mini_cutoff = rd32(h + 56);
    if (ole->mini_cutoff != 4096)
        return ot_fail(err, OT_E_CORRUPT,
                       "OLE compound file: mini stream cutoff %u (must be "
                       "4096)",
                       ole->mini_cutoff);
    if (ole->len < ole->sector_size)
        return ot_fail(err, OT_E_TRUNCATED, "OLE compound file ends inside its %u-byte header",
                       ole->sector_size);
    *fat_sectors = rd32(h + 44);
    if (*fat_sectors > OLE_MAX_FAT_SECTORS)
        return ot_fail(err, OT_E_TOO_LARGE, "OLE compound file declares %u FAT sectors",
                       *fat_sectors);
    if (*fat_sectors == 0)
        return ot_fail(err, OT_E_CORRUPT, "OLE compound file without an allocation table");
    return OT_OK;
}

/* The DIFAT lists the FAT's own sectors: 109 in the header, the rest in a chain of DIFAT
 * sectors whose last slot links to the next one. */
static ot_code read_difat(const ot_ole *ole, const unsigned char *h, uint32_t fat_sectors,
                          uint32_t *difat, ot_error *err)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < CFB_HEADER_DIFAT && n < fat_sectors; i++)
        difat[n++] = rd32(h + 76 + 4 * i);
    uint32_t next = rd32(h + 68), declared = rd32(h + 72);
    uint32_t per_sector = ole->sector_size / 4 - 1;
    /* Each DIFAT sector holds per_sector entries, so more sectors than needed is a lie;
     * stepping at most that many also stops a looping DIFAT chain. */
    uint32_t needed = n < fat_sectors ? (fat_sectors - n + per_sector - 1) / per_sector : 0;
    uint32_t steps = 0;
    while (n < fat_sectors) {
        if (steps++ >= needed || (declared && steps > declared))
            return ot_fail(err, OT_E_CORRUPT,
                           "OLE compound file: DIFAT chain lists %u of "
                           "%u FAT sectors",
                           n, fat_sectors);
        const unsigned char *s = NULL;
        ot_code rc = whole_sector(ole, next, "DIFAT", &s, err);
        if (rc) return rc;
        for (uint32_t i = 0; i < per_sector && n < fat_sectors; i++)
            difat[n++] = rd32(s + 4 * i);
        next = rd32(s + 4 * per_sector);
    }
    return OT_OK;
}

static ot_code read_fat(ot_ole *ole, const unsigned char *h, uint32_t fat_sectors, ot_error *err)
{
    uint32_t *difat = malloc((size_t)fat_sectors * sizeof *difat);
    if (!difat) return ot_fail(err, OT_E_NOMEM, "out of memory reading an OLE compound file");
    ot_code rc = read_difat(ole, h, fat_sectors, difat, err);
    size_t per_sector = ole->sector_size / 4;
    if (rc == OT_OK) {
        ole->fat_count = (size_t)fat_sectors * per_sector;
        ole->fat = malloc(ole->fat_count * sizeof *ole->fat);
        if (!ole->fat) rc = ot_fail(err, OT_E_NOMEM, "out of memory reading an OLE FAT");
    }
    for (uint32_t i = 0; rc == OT_OK && i < fat_sectors; i++) {
        const unsigned char *s = NULL;
        rc = whole_sector(ole, difat[i], "FAT", &s, err);
        for (size_t j = 0; rc == OT_OK && j < per_sector; j++)
            ole->fat[i * per_sector + j] = rd32(s + 4 * j);
    }
    free(difat);
    return rc;
}

/* ---- streams -------------------------------------------------------------------- */

/* The file spans holding a stream's bytes, in order. Mini streams (size below the
 * cutoff) live in mini sectors inside the root's stream. */
static ot_code stream_spans(const ot_ole *ole, const ole_entry *e, ole_span **out, size_t *out_n,
                            ot_error *err);

static ot_code regular_spans(const ot_ole *ole, uint32_t start, uint64_t size, const char *what,
                             ole_span **out, size_t *out_n, ot_error *err)
{
    size_t ss = ole->sector_size;
    *out = NULL;
    *out_n = 0;
    if (size > ole->len)
        return ot_fail(err, OT_E_TRUNCATED,
                       "OLE compound file: %s declares %llu bytes, more "
                       "than the whole %zu-byte file",
                       what, (unsigned long long)size, ole->len);
    size_t count = (size_t)((size + ss - 1) / ss);
    if (count == 0) return OT_OK;
    uint32_t *chain;
    size_t n;
    ot_code rc = walk_chain(ole->fat, ole->fat_count, start, count, what, &chain, &n, err);
    if (rc) return rc;
    ole_span *spans = malloc(n * sizeof *spans);
    if (!spans) {
        free(chain);
        return ot_fail(err, OT_E_NOMEM, "out of memory reading an OLE stream");
    }
    size_t remaining = (size_t)size;
    for (size_t i = 0; i < n; i++) {
        size_t off = ((size_t)chain[i] + 1) * ss;
        size_t want = remaining < ss ? remaining : ss;
        if (chain[i] > CFB_MAXREGSECT || off > ole->len || ole->len - off < want) {
            rc = ot_fail(err, OT_E_TRUNCATED,
                         "OLE compound file: %s continues past the end "
                         "of the %zu-byte file (truncated?)",
                         what, ole->len);
            break;
        }
        spans[i].offset = off;
        spans[i].len = want;
        remaining -= want;
    }
    free(chain);
    if (rc) {
        free(spans);
        return rc;
    }
    *out = spans;
    *out_n = n;
    return OT_OK;
}

static ot_code mini_spans(const ot_ole *ole, const ole_entry *e, ole_span **out, size_t *out_n,
                          ot_error *err)
{
    size_t ms = ole->mini_sector_size;
    *out = NULL;
    *out_n = 0;
    size_t count = (size_t)((e->size + ms - 1) / ms);
    if (count == 0) return OT_OK;
    ole_span *container;
    size_t container_n;
    ot_code rc = stream_spans(ole, &ole->root, &container, &container_n, err);
    if (rc) return rc;
    uint32_t *chain;
    size_t n;
    rc = walk_chain(ole->minifat, ole->minifat_count, e->start, count, "mini stream", &chain, &n,
                    err);
    if (rc) {
        free(container);
        return rc;
    }
    ole_span *spans = malloc(n * sizeof *spans);
    if (!spans) rc = ot_fail(err, OT_E_NOMEM, "out of memory reading an OLE stream");
    size_t remaining = (size_t)e->size;
    size_t per_sector = ole->sector_size / ms;
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        size_t want = remaining < ms ? remaining : ms;
        size_t big = chain[i] / per_sector, inner = (chain[i] % per_sector) * ms;
        if (big >= container_n || container[big].len < inner + want) {
            rc = ot_fail(err, OT_E_CORRUPT,
                         "OLE compound file: mini sector %u lies outside "
                         "the mini stream",
                         chain[i]);
            break;
        }
        spans[i].offset = container[big].offset + inner;
        spans[i].len = want;
        remaining -= want;
    }
    free(chain);
    free(container);
    if (rc) {
        free(spans);
        return rc;
    }
    *out = spans;
    *out_n = n;
    return OT_OK;
}

static ot_code stream_spans(const ot_ole *ole, const ole_entry *e, ole_span **out, size_t *out_n,
                            ot_error *err)
{
    if (e->type != CFB_TYPE_ROOT && e->size < ole->mini_cutoff)
        return mini_spans(ole, e, out, out_n, err);
    return regular_spans(ole, e->start, e->size,
                         e->type == CFB_TYPE_ROOT ? "mini stream container" : "stream", out, out_n,
                         err);
}

/* ---- directory ------------------------------------------------------------------ */

static void parse_entry(const unsigned char *p, bool v3, ole_entry *e)
{
    unsigned bytes = rd16(p + 64);
    unsigned units = bytes >= 2 ? bytes / 2 - 1 : 0; /* the length counts the terminator */
    if (units > 31) units = 31;
    for (unsigned i = 0; i < units; i++)
        e->name[i] = rd16(p + 2 * i);
    e->name_len = units;
    e->type = p[66];
    e->start = rd32(p + 116);
    /* Version 3 files may leave garbage in the high half of the size. */
    e->size = v3 ? rd32(p + 120) : rd64(p + 120);
}

/* Collects the root storage's children: the entries of the tree hanging from the root's
 * child link, walked with an explicit stack; each entry is visited at most once. */
static ot_code collect_children(ot_ole *ole, const unsigned char *dir, size_t count, bool v3,
                                ot_error *err)
{
    uint32_t first = rd32(dir + 76);
    if (first == CFB_NOSTREAM) return OT_OK;
    /* each entry is expanded at most once and pushes two links: 2 * count + 1 slots */
    uint32_t *stack = malloc((2 * count + 1) * sizeof *stack);
    unsigned char *seen = calloc(count, 1);
    ole->children = malloc(count * sizeof *ole->children);
    if (!stack || !seen || !ole->children) {
        free(stack);
        free(seen);
        return ot_fail(err, OT_E_NOMEM, "out of memory reading an OLE directory");
    }
    ot_code rc = OT_OK;
    size_t top = 0;
    stack[top++] = first;
    while (top && rc == OT_OK) {
        uint32_t id = stack[--top];
        if (id == CFB_NOSTREAM) continue;
        if (id >= count || id == 0) {
            rc = ot_fail(err, OT_E_CORRUPT,
                         "OLE compound file: directory link to entry %u of "
                         "%zu",
                         id, count);
            break;
        }
        if (seen[id]) {
            rc = ot_fail(err, OT_E_CORRUPT,
                         "OLE compound file: directory entry %u is linked "
                         "twice",
                         id);
            break;
        }
        seen[id] = 1;
        const unsigned char *p = dir + (size_t)id * CFB_DIR_ENTRY_SIZE;
        ole_entry *e = &ole->children[ole->child_count++];
        parse_entry(p, v3, e);
        stack[top++] = rd32(p + 68);
        stack[top++] = rd32(p + 72);
    }
    free(stack);
    free(seen);
    return rc;
}

static ot_code read_directory(ot_ole *ole, const unsigned char *h, ot_error *err)
{
    uint32_t *chain;
    size_t n;
    ot_code rc =
        walk_chain(ole->fat, ole->fat_count, rd32(h + 48), 0, "directory", &chain, &n, err);
    if (rc) return rc;
    size_t per_sector = ole->sector_size / CFB_DIR_ENTRY_SIZE;
    if (n == 0) {
        free(chain);
        return ot_fail(err, OT_E_CORRUPT, "OLE compound file without a directory");
    }
    if (n > OLE_MAX_DIR_ENTRIES / per_sector) {
        free(chain);
        return ot_fail(err, OT_E_TOO_LARGE, "OLE directory of %zu sectors", n);
    }
    size_t count = n * per_sector;
    unsigned char *dir = malloc(n * ole->sector_size);
    if (!dir) rc = ot_fail(err, OT_E_NOMEM, "out of memory reading an OLE directory");
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        const unsigned char *s = NULL;
        rc = whole_sector(ole, chain[i], "directory", &s, err);
        if (rc == OT_OK) memcpy(dir + i * ole->sector_size, s, ole->sector_size);
    }
    free(chain);
    bool v3 = ole->sector_size == 512;
    if (rc == OT_OK) {
        parse_entry(dir, v3, &ole->root);
        if (ole->root.type != CFB_TYPE_ROOT)
            rc = ot_fail(err, OT_E_CORRUPT,
                         "OLE compound file: first directory entry is not "
                         "the root storage");
    }
    if (rc == OT_OK) rc = collect_children(ole, dir, count, v3, err);
    free(dir);
    return rc;
}

static ot_code read_minifat(ot_ole *ole, const unsigned char *h, ot_error *err)
{
    uint32_t start = rd32(h + 60);
    if (start == CFB_ENDOFCHAIN || rd32(h + 64) == 0) return OT_OK;
    uint32_t *chain;
    size_t n;
    ot_code rc = walk_chain(ole->fat, ole->fat_count, start, 0, "mini FAT", &chain, &n, err);
    if (rc) return rc;
    size_t per_sector = ole->sector_size / 4;
    ole->minifat_count = n * per_sector;
    ole->minifat = malloc((ole->minifat_count ? ole->minifat_count : 1) * sizeof *ole->minifat);
    if (!ole->minifat) rc = ot_fail(err, OT_E_NOMEM, "out of memory reading an OLE mini FAT");
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        const unsigned char *s = NULL;
        rc = whole_sector(ole, chain[i], "mini FAT", &s, err);
        for (size_t j = 0; rc == OT_OK && j < per_sector; j++)
            ole->minifat[i * per_sector + j] = rd32(s + 4 * j);
    }
    free(chain);
    return rc;
}

/* ---- public --------------------------------------------------------------------- */

ot_code ot_ole_open(const unsigned char *data, size_t len, ot_ole **out, ot_error *err)
{
    *out = NULL;
    if (len < 8 || memcmp(data, CFB_MAGIC, 8) != 0)
        return ot_fail(err, OT_E_NOT_WORKBOOK, "not an OLE compound file (bad signature)");
    if (len < CFB_HEADER_SIZE)
        return ot_fail(err, OT_E_TRUNCATED,
                       "OLE compound file ends inside its header "
                       "(%zu bytes)",
                       len);
    ot_ole *ole = calloc(1, sizeof *ole);
    if (!ole) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ole->data = data;
    ole->len = len;
    uint32_t fat_sectors = 0;
    ot_code rc = parse_header(ole, data, &fat_sectors, err);
    if (rc == OT_OK && fat_sectors > sectors_in_file(ole))
        rc = ot_fail(err, OT_E_TRUNCATED,
                     "OLE compound file declares %u FAT sectors but "
                     "holds only %zu sectors (truncated?)",
                     fat_sectors, sectors_in_file(ole));
    if (rc == OT_OK) rc = read_fat(ole, data, fat_sectors, err);
    if (rc == OT_OK) rc = read_directory(ole, data, err);
    if (rc == OT_OK) rc = read_minifat(ole, data, err);
    if (rc) {
        ot_ole_close(ole);
        return rc;
    }
    *out = ole;
    return OT_OK;
}

void ot_ole_close(ot_ole *ole)
{
    if (!ole) return;
    free(ole->fat);
    free(ole->minifat);
    free(ole->children);
    free(ole);
}

static int ascii_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Directory names compare case-insensitively (MS-CFB 2.6.4); our names are ASCII. */
static const ole_entry *find_stream(const ot_ole *ole, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < ole->child_count; i++) {
        const ole_entry *e = &ole->children[i];
        if (e->type != CFB_TYPE_STREAM || e->name_len != n) continue;
        size_t k = 0;
        while (k < n && e->name[k] < 128 &&
               ascii_upper(e->name[k]) == ascii_upper((unsigned char)name[k]))
            k++;
        if (k == n) return e;
    }
    return NULL;
}

bool ot_ole_has_stream(const ot_ole *ole, const char *name)
{
    return ole && find_stream(ole, name) != NULL;
}

ot_code ot_ole_read_stream(const ot_ole *ole, const char *name, size_t max_bytes,
                           unsigned char **buf, size_t *len, ot_error *err)
{
    *buf = NULL;
    *len = 0;
    const ole_entry *e = find_stream(ole, name);
    if (!e) return ot_fail(err, OT_E_NOT_FOUND, "OLE compound file has no '%s' stream", name);
    if (e->size > ole->len)
        return ot_fail(err, OT_E_TRUNCATED,
                       "OLE stream '%s' declares %llu bytes, more than "
                       "the whole %zu-byte file (truncated?)",
                       name, (unsigned long long)e->size, ole->len);
    if (e->size > max_bytes)
        return ot_fail(err, OT_E_TOO_LARGE,
                       "OLE stream '%s' is %llu bytes, more than the "
                       "%zu-byte limit",
                       name, (unsigned long long)e->size, max_bytes);
    ole_span *spans;
    size_t n;
    ot_code rc = stream_spans(ole, e, &spans, &n, err);
    if (rc) return rc;
    unsigned char *out = malloc(e->size ? (size_t)e->size : 1);
    if (!out) {
        free(spans);
        return ot_fail(err, OT_E_NOMEM, "out of memory reading OLE stream '%s'", name);
    }
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(out + pos, ole->data + spans[i].offset, spans[i].len);
        pos += spans[i].len;
    }
    free(spans);
    *buf = out;
    *len = pos;
    return OT_OK;
}

ot_code ot_ole_overwrite_stream(const ot_ole *ole, const char *name, unsigned char *copy,
                                const unsigned char *bytes, size_t len, ot_error *err)
{
    const ole_entry *e = find_stream(ole, name);
    if (!e) return ot_fail(err, OT_E_NOT_FOUND, "OLE compound file has no '%s' stream", name);
    if (e->size != len)
        return ot_fail(err, OT_E_USAGE,
                       "replacement for OLE stream '%s' has %zu bytes, the "
                       "stream %llu",
                       name, len, (unsigned long long)e->size);
    ole_span *spans;
    size_t n;
    ot_code rc = stream_spans(ole, e, &spans, &n, err);
    if (rc) return rc;
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(copy + spans[i].offset, bytes + pos, spans[i].len);
        pos += spans[i].len;
    }
    free(spans);
    return OT_OK;
}
