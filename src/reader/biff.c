/* biff.c - see biff.h.
 *
 * Hand-written because it mirrors how one library (libfreexl 1.0.6) walks a BIFF stream;
 * no library checks a stream on another's behalf. What libfreexl does unchecked, and so
 * what ot_biff_check refuses:
 *  - records longer than its 8224-byte buffer, or cut by the end of the stream;
 *  - DIMENSION records: it allocates rows x columns cells per sheet at open time (32-bit
 *    product), leaks a grid declared twice, and "repairs" a sheet without DIMENSION by
 *    reallocating another sheet's grid. A BOF right after an EOF selects the sheet whose
 *    BoundSheet8 offset matches it; every sheet must get exactly one DIMENSION, within
 *    the .xls grid, and all grids together stay within a budget;
 *  - more than 8192 XF records (its table size; cells index it by their XF number);
 *  - strings inside LABEL, FORMAT and BoundSheet8 records are copied by their declared
 *    length.
 * The shared string table (SST + CONTINUE) libfreexl cannot read at all: its state machine
 * trusts every length and follows neither formatting runs nor phonetic data (ExtRst) into
 * the next CONTINUE record, nor characters over more than two records - and Excel and
 * LibreOffice write all three. So libfreexl never sees it: ot_biff_hide_shared_strings
 * retypes the SST and the LABELSST cells that use it into records libfreexl skips, and
 * biff.c reads the table itself (MS-XLS 2.4.265 SST, 2.5.293 XLUnicodeRichExtendedString)
 * and adds those cells from it.
 * A record of type 0 and size 0 ends the stream for libfreexl, and for us. */
#include "reader/biff.h"

#include <stdlib.h>
#include <string.h>

enum {
    BIFF_FORMULA = 0x0006,
    BIFF_EOF = 0x000A,
    BIFF_CONTINUE = 0x003C,
    BIFF_BOUNDSHEET = 0x0085,
    BIFF_XF = 0x00E0,
    BIFF_SST = 0x00FC,
    BIFF_LABELSST = 0x00FD,
    BIFF_EXTSST = 0x00FF,
    BIFF_DIMENSION = 0x0200,
    BIFF_BLANK = 0x0201,
    BIFF_LABEL = 0x0204,
    BIFF_BOOLERR = 0x0205,
    BIFF_STRING = 0x0207,
    BIFF_FORMAT = 0x041E,
    BIFF_BOF = 0x0809,
};

/* BIFF8 grid: 65 536 rows x 256 columns. The total over all sheets bounds what libfreexl
 * allocates (16 bytes per declared cell): 4 M cells = 64 MiB. */
#define XLS_MAX_ROWS 65536u
#define XLS_MAX_COLS 256u
#define XLS_MAX_GRID_CELLS (4u << 20)
/* libfreexl keeps 8192 XF entries and indexes them with a cell's XF number (up to 65535)
 * whenever fewer than that many XF records were seen: more XF records let a cell read far
 * outside the table. Excel itself writes at most about 4000. */
#define XLS_MAX_XF 8192u

/* The compound file handed to libfreexl (ot_biff_wrap): 512-byte sectors, all FAT sectors
 * listed in the header (no DIFAT), which bounds the stream at about 7 MB. */
#define WRAP_SECTOR 512u
#define WRAP_MAX_FAT_SECTORS 109u
/* at least 4097 bytes, so the stream lives in regular sectors, not the mini stream */
#define WRAP_MIN_STREAM 4097u

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Sectors of the stream and of the FAT in the wrapped file; false when it cannot hold it. */
static bool wrap_layout(size_t len, size_t *sectors, size_t *fat)
{
    size_t padded = len < WRAP_MIN_STREAM ? WRAP_MIN_STREAM : len;
    if (padded > UINT32_MAX) return false;
    *sectors = (padded + WRAP_SECTOR - 1) / WRAP_SECTOR;
    *fat = 1;
    while (*fat <= WRAP_MAX_FAT_SECTORS && *fat * (WRAP_SECTOR / 4) < *sectors + *fat + 1)
        ++*fat;
    return *fat <= WRAP_MAX_FAT_SECTORS;
}

static ot_code too_large_to_wrap(size_t len, ot_error *err)
{
    return ot_fail(err, OT_E_TOO_LARGE,
                   ".xls workbook stream of %zu bytes is too large "
                   "(limit about 7 MB)",
                   len);
}

/* ---- text ---------------------------------------------------------------------- */

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* UTF-16 code units -> UTF-8 into s, which has room for 3 * n bytes (a surrogate pair
 * gives 4 bytes for 2 units); lone surrogates become U+FFFD. Returns the length. */
static size_t put_utf16(char *s, const uint16_t *u, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = u[i];
        if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (u[i + 1] - 0xDC00);
            i++;
        } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
        }
        k += put_utf8(s + k, cp);
    }
    return k;
}

/* The same, malloc'd and NUL-terminated. */
static char *utf16_to_utf8(const uint16_t *u, size_t n, size_t *out_len)
{
    char *s = malloc(3 * n + 1);
    if (!s) return NULL;
    *out_len = put_utf16(s, u, n);
    s[*out_len] = '\0';
    return s;
}

/* ---- the shared string table ---------------------------------------------------- */

/* A read position in the SST record and the CONTINUE records after it. */
typedef struct sst_cursor {
    const unsigned char *w;
    size_t len;
    size_t next;            /* stream offset of the record after the current one */
    const unsigned char *r; /* body of the current record */
    size_t n, p;            /* its size, and the read position in it */
} sst_cursor;

/* Makes the record at pos, which fits in the stream, the current one. */
static void sst_enter(sst_cursor *c, size_t pos)
{
    c->r = c->w + pos + 4;
    c->n = rd16(c->w + pos + 2);
    c->p = 0;
    c->next = pos + 4 + c->n;
}

/* Moves to the next record if it is a CONTINUE; false at the end of the table. */
static bool sst_next_record(sst_cursor *c)
{
    if (c->len - c->next < 4 || rd16(c->w + c->next) != BIFF_CONTINUE ||
        rd16(c->w + c->next + 2) > c->len - c->next - 4)
        return false;
    sst_enter(c, c->next);
    return true;
}

/* Copies (out != NULL) or skips k bytes that run on into the next records as they are:
 * string headers, formatting runs and phonetic data get no flags byte at a boundary. */
static bool sst_bytes(sst_cursor *c, unsigned char *out, uint64_t k)
{
    while (k) {
        if (c->p == c->n && !sst_next_record(c)) return false;
        size_t take = c->n - c->p < k ? c->n - c->p : (size_t)k;
        if (out) {
            memcpy(out, c->r + c->p, take);
            out += take;
        }
        c->p += take;
        k -= take;
    }
    return true;
}

/* cch characters into u. Where they run on into the next record, that record starts with
 * a flags byte whose bit 0 (fHighByte) says whether the rest are 1 or 2 bytes each. */
static bool sst_chars(sst_cursor *c, uint16_t *u, size_t cch, bool wide)
{
    size_t got = 0;
    while (got < cch) {
        size_t unit = wide ? 2 : 1, avail = (c->n - c->p) / unit;
        if (avail == 0) { /* a stray odd byte of a 2-byte character is dropped */
            if (!sst_next_record(c) || c->n == 0) return false;
            wide = c->r[0] & 1;
            c->p = 1;
            continue;
        }
        if (avail > cch - got) avail = cch - got;
        for (size_t i = 0; i < avail; i++, c->p += unit)
            u[got++] = wide ? rd16(c->r + c->p) : c->r[c->p];
    }
    return true;
}

/* One XLUnicodeRichExtendedString: cch, flags, [cRun], [cbExtRst], characters,
 * [cRun formatting runs of 4 bytes], [cbExtRst bytes of phonetic data]. */
static bool sst_string(sst_cursor *c, uint16_t *u, size_t *cch)
{
    unsigned char h[4];
    if (!sst_bytes(c, h, 3)) return false;
    *cch = rd16(h);
    unsigned flags = h[2];
    uint64_t skip = 0;
    if (flags & 0x08) {
        if (!sst_bytes(c, h, 2)) return false;
        skip += 4u * (uint64_t)rd16(h);
    }
    if (flags & 0x04) {
        if (!sst_bytes(c, h, 4)) return false;
        skip += rd32(h);
    }
    return sst_chars(c, u, *cch, flags & 0x01) && sst_bytes(c, NULL, skip);
}

/* Appends a string to the table, growing it; false when out of memory. */
static bool sst_append(ot_biff_info *info, size_t *text_cap, size_t *start_cap, const uint16_t *u,
                       size_t cch)
{
    if (info->sst_count + 2 > *start_cap) {
        size_t cap = *start_cap ? 2 * *start_cap : 1024;
        uint32_t *start = realloc(info->sst_start, cap * sizeof *start);
        if (!start) return false;
        if (!*start_cap) start[0] = 0;
        info->sst_start = start;
        *start_cap = cap;
    }
    size_t used = info->sst_start[info->sst_count];
    if (3 * cch > *text_cap - used) {
        size_t cap = *text_cap ? 2 * *text_cap : 65536;
        while (3 * cch > cap - used)
            cap *= 2;
        char *text = realloc(info->sst_text, cap);
        if (!text) return false;
        info->sst_text = text;
        *text_cap = cap;
    }
    used += put_utf16(info->sst_text + used, u, cch);
    info->sst_start[++info->sst_count] = (uint32_t)used;
    return true;
}

/* At a string boundary: false where the table ends (no CONTINUE follows), otherwise
 * moves on to the next record if this one is used up. */
static bool sst_more(sst_cursor *c)
{
    while (c->p == c->n)
        if (!sst_next_record(c)) return false;
    return true;
}

/* Reads the table whose SST record is at pos (checked framing) into info. The stream is
 * within the wrap limit, so text offsets fit in 32 bits. A table holding fewer strings
 * than it declares is read as far as it goes (a cell pointing past it is refused when the
 * cell is read); one that ends inside a string is damaged. */
static ot_code read_sst(const unsigned char *w, size_t len, size_t pos, ot_biff_info *info,
                        ot_error *err)
{
    sst_cursor c = {.w = w, .len = len};
    sst_enter(&c, pos);
    if (c.n < 8) return ot_fail(err, OT_E_CORRUPT, ".xls shared string table header too short");
    uint64_t declared = rd32(c.r + 4);
    c.p = 8;
    uint16_t *u = malloc(UINT16_MAX * sizeof *u); /* the longest string */
    size_t start_cap = 0, text_cap = 0, cch = 0;
    ot_code rc = u ? OT_OK : OT_E_NOMEM;
    for (uint64_t i = 0; rc == OT_OK && i < declared && sst_more(&c); i++) {
        if (!sst_string(&c, u, &cch))
            rc = ot_fail(err, OT_E_CORRUPT,
                         ".xls shared string %llu runs past the end of its "
                         "table (record at offset %zu)",
                         (unsigned long long)i + 1, pos);
        else if (!sst_append(info, &text_cap, &start_cap, u, cch))
            rc = OT_E_NOMEM;
    }
    free(u);
    if (rc == OT_E_NOMEM) ot_fail(err, rc, "out of memory reading the .xls shared strings");
    return rc;
}

/* ---- checking ------------------------------------------------------------------- */

typedef struct check_state {
    ot_biff_info *info;
    bool *sized;
    size_t cap;
    long active; /* sheet receiving DIMENSION, -1 for none */
    uint64_t total_cells;
    size_t xf_count;
    size_t sst_pos; /* the SST record, 0 for none (the stream starts with a BOF) */
    ot_error *err;
} check_state;

static ot_code bad(check_state *st, const char *what, size_t pos)
{
    return ot_fail(st->err, OT_E_CORRUPT,
                   ".xls workbook stream is damaged: %s (record at "
                   "offset %zu)",
                   what, pos);
}

/* The flags byte of a BIFF8 string and the optional run count / extension size after it,
 * as libfreexl's get_unicode_params reads them. False when they do not fit in n. */
static bool unicode_params(const unsigned char *r, size_t n, size_t p, size_t *header, bool *wide)
{
    if (p >= n) return false;
    unsigned flags = r[p];
    size_t h = 1 + (flags & 0x08 ? 2 : 0) + (flags & 0x04 ? 4 : 0);
    if (n - p < h) return false;
    *header = h;
    *wide = flags & 0x01;
    return true;
}

/* A string whose character count sits at len_at and flags at flags_at fits the record. */
static bool string_fits(const unsigned char *r, size_t n, size_t len_at, size_t flags_at)
{
    size_t header;
    bool wide;
    if (len_at + 2 > n || !unicode_params(r, n, flags_at, &header, &wide)) return false;
    uint64_t chars = rd16(r + len_at);
    return flags_at + header + chars * (wide ? 2 : 1) <= n;
}

static ot_code check_boundsheet(check_state *st, const unsigned char *r, size_t n, size_t pos)
{
    const ot_biff_info *info = st->info;
    size_t name_at = info->biff8 ? 8 : 7;
    if (n < name_at || r[6] == 0) return bad(st, "sheet record without a name", pos);
    size_t bytes = (size_t)r[6] * (info->biff8 && (r[7] & 1) ? 2 : 1);
    if (name_at + bytes > n) return bad(st, "sheet name longer than its record", pos);
    if (st->info->sheet_count == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 16;
        uint32_t *offs = realloc(st->info->sheet_offsets, cap * sizeof *offs);
        if (offs) st->info->sheet_offsets = offs;
        bool *sized = offs ? realloc(st->sized, cap * sizeof *sized) : NULL;
        if (sized) st->sized = sized;
        if (!offs || !sized) return ot_fail(st->err, OT_E_NOMEM, "out of memory reading sheets");
        st->cap = cap;
    }
    st->info->sheet_offsets[st->info->sheet_count] = rd32(r);
    st->sized[st->info->sheet_count++] = false;
    return OT_OK;
}

static void select_sheet(check_state *st, size_t pos)
{
    st->active = -1;
    for (size_t i = 0; i < st->info->sheet_count; i++) {
        if (st->info->sheet_offsets[i] == pos) {
            st->active = (long)i;
            return;
        }
    }
}

static ot_code check_dimension(check_state *st, const unsigned char *r, size_t n, size_t pos)
{
    bool biff8 = st->info->biff8;
    if (n < (biff8 ? 12u : 8u)) return bad(st, "DIMENSION record too short", pos);
    uint32_t rows = biff8 ? rd32(r + 4) : rd16(r + 2);
    uint32_t cols = biff8 ? rd16(r + 10) : rd16(r + 6);
    if (rows > XLS_MAX_ROWS || cols > XLS_MAX_COLS)
        return ot_fail(st->err, OT_E_BAD_CELL,
                       "a sheet declares %u rows x %u columns, beyond "
                       "the .xls grid (65536 x 256)",
                       rows, cols);
    if (st->active < 0) return OT_OK; /* libfreexl ignores it */
    if (st->sized[st->active]) return bad(st, "a sheet declares its size twice", pos);
    st->sized[st->active] = true;
    st->total_cells += (uint64_t)rows * cols;
    if (st->total_cells > XLS_MAX_GRID_CELLS)
        return ot_fail(st->err, OT_E_TOO_LARGE,
                       "sheets declare more than %u cells in total "
                       "(limit for .xls files)",
                       XLS_MAX_GRID_CELLS);
    return OT_OK;
}

static ot_code check_record(check_state *st, uint16_t type, const unsigned char *r, size_t n,
                            size_t pos)
{
    bool biff8 = st->info->biff8;
    switch (type) {
    case BIFF_BOUNDSHEET:
        return check_boundsheet(st, r, n, pos);
    case BIFF_DIMENSION:
        return check_dimension(st, r, n, pos);
    case BIFF_SST:
        if (st->sst_pos) return bad(st, "a second shared string table", pos);
        st->sst_pos = pos;
        return OT_OK;
    case BIFF_XF:
        if (++st->xf_count > XLS_MAX_XF) return bad(st, "more than 8192 cell formats (XF)", pos);
        return OT_OK;
    case BIFF_LABEL:
        if (biff8 ? !string_fits(r, n, 6, 8) : (n < 8 || 8u + rd16(r + 6) > n))
            return bad(st, "text cell longer than its record", pos);
        return OT_OK;
    case BIFF_FORMAT:
        if (biff8 && !string_fits(r, n, 2, 4))
            return bad(st, "number format longer than its record", pos);
        return OT_OK;
    default:
        return OT_OK;
    }
}

/* Walks every record: framing, sheets and their sizes, limits. */
static ot_code check_records(check_state *st, const unsigned char *w, size_t len)
{
    size_t max_record = st->info->biff8 ? 8224 : 2080;
    bool after_eof = false;
    ot_code rc = OT_OK;
    for (size_t pos = 0; rc == OT_OK && len - pos >= 4;) {
        uint16_t type = rd16(w + pos), size = rd16(w + pos + 2);
        if (type == 0 && size == 0) break; /* libfreexl's end marker */
        if (size > max_record) return bad(st, "record over the BIFF size limit", pos);
        if (size > len - pos - 4) return bad(st, "record cut by the end of the stream", pos);
        if (after_eof && type != BIFF_BOF) return bad(st, "no BOF after an EOF", pos);
        if (after_eof) select_sheet(st, pos);
        after_eof = type == BIFF_EOF;
        rc = check_record(st, type, w + pos + 4, size, pos);
        pos += 4 + (size_t)size;
    }
    for (size_t i = 0; rc == OT_OK && i < st->info->sheet_count; i++)
        if (!st->sized[i])
            rc = ot_fail(st->err, OT_E_CORRUPT,
                         "sheet %zu of the .xls file has no DIMENSION "
                         "record (chart sheets are not supported)",
                         i + 1);
    return rc;
}

ot_code ot_biff_check(const unsigned char *w, size_t len, ot_biff_info *info, ot_error *err)
{
    memset(info, 0, sizeof *info);
    if (len < 8 || rd16(w) != BIFF_BOF)
        return ot_fail(err, OT_E_CORRUPT, "Workbook stream does not start with a BOF record");
    uint16_t version = rd16(w + 4);
    if (version != 0x0600 && version != 0x0500)
        return ot_fail(err, OT_E_CORRUPT,
                       ".xls workbook stream is BIFF version 0x%04X (only "
                       "BIFF5 and BIFF8 are supported)",
                       version);
    size_t sectors, fat;
    if (!wrap_layout(len, &sectors, &fat)) return too_large_to_wrap(len, err);
    info->biff8 = version == 0x0600;
    check_state st = {.info = info, .active = -1, .err = err};
    ot_code rc = check_records(&st, w, len);
    /* BIFF5 has no shared strings (libfreexl reads its LABEL records) */
    if (rc == OT_OK && st.sst_pos && info->biff8) rc = read_sst(w, len, st.sst_pos, info, err);
    free(st.sized);
    if (rc) ot_biff_info_free(info);
    return rc;
}

void ot_biff_info_free(ot_biff_info *info)
{
    free(info->sheet_offsets);
    free(info->sst_text);
    free(info->sst_start);
    memset(info, 0, sizeof *info);
}

/* ---- a fresh compound file around the stream ------------------------------------ */

static void dir_entry(unsigned char *e, const char *name, uint8_t type, uint32_t child,
                      uint32_t start, uint32_t size)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        e[2 * i] = (unsigned char)name[i];
    e[64] = (unsigned char)(2 * (n + 1));
    e[66] = type;
    e[67] = 1; /* black */
    wr32(e + 68, 0xFFFFFFFF);
    wr32(e + 72, 0xFFFFFFFF);
    wr32(e + 76, child);
    wr32(e + 116, start);
    wr32(e + 120, size);
}

ot_code ot_biff_wrap(const unsigned char *w, size_t len, unsigned char **out, size_t *out_len,
                     ot_error *err)
{
    static const unsigned char MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    *out = NULL;
    size_t n, fat;
    if (!wrap_layout(len, &n, &fat)) return too_large_to_wrap(len, err);
    size_t padded = len < WRAP_MIN_STREAM ? WRAP_MIN_STREAM : len;
    size_t total = 1 + n + fat + 1; /* header, stream, FAT, directory */
    unsigned char *f = calloc(total, WRAP_SECTOR);
    if (!f) return ot_fail(err, OT_E_NOMEM, "out of memory preparing the .xls workbook");
    memcpy(f, MAGIC, 8);
    f[24] = 0x3E;               /* minor version */
    f[26] = 3;                  /* major version */
    f[28] = 0xFE, f[29] = 0xFF; /* byte order */
    f[30] = 9;                  /* 512-byte sectors */
    f[32] = 6;                  /* 64-byte mini sectors */
    wr32(f + 44, (uint32_t)fat);
    wr32(f + 48, (uint32_t)(n + fat)); /* directory */
    wr32(f + 56, 4096);                /* mini stream cutoff */
    wr32(f + 60, 0xFFFFFFFE);          /* no mini FAT */
    wr32(f + 68, 0xFFFFFFFE);          /* no DIFAT sectors */
    for (size_t i = 0; i < WRAP_MAX_FAT_SECTORS; i++)
        wr32(f + 76 + 4 * i, i < fat ? (uint32_t)(n + i) : 0xFFFFFFFF);
    unsigned char *fat_at = f + WRAP_SECTOR * (1 + n);
    memset(fat_at, 0xFF, fat * WRAP_SECTOR);
    for (size_t i = 0; i < n; i++)
        wr32(fat_at + 4 * i, i + 1 < n ? (uint32_t)(i + 1) : 0xFFFFFFFE);
    for (size_t i = 0; i < fat; i++)
        wr32(fat_at + 4 * (n + i), 0xFFFFFFFD);
    wr32(fat_at + 4 * (n + fat), 0xFFFFFFFE);
    unsigned char *dir = f + WRAP_SECTOR * (1 + n + fat);
    dir_entry(dir, "Root Entry", 5, 1, 0xFFFFFFFE, 0);
    dir_entry(dir + 128, "Workbook", 2, 0xFFFFFFFF, 0, (uint32_t)padded);
    for (int i = 2; i < 4; i++) {
        wr32(dir + 128 * i + 68, 0xFFFFFFFF);
        wr32(dir + 128 * i + 72, 0xFFFFFFFF);
        wr32(dir + 128 * i + 76, 0xFFFFFFFF);
    }
    memcpy(f + WRAP_SECTOR, w, len); /* the zero padding after it ends the stream */
    *out = f;
    *out_len = total * WRAP_SECTOR;
    return OT_OK;
}

/* Records libfreexl skips take the place of the SST (EXTSST, the record that follows it
 * anyway) and of each LABELSST (a BLANK cell): same sizes, so every offset stays true. Its
 * CONTINUE records then follow a record libfreexl ignores and are ignored too. */
void ot_biff_hide_shared_strings(unsigned char *w, size_t len)
{
    for (size_t pos = 0; len - pos >= 4;) {
        uint16_t type = rd16(w + pos), size = rd16(w + pos + 2);
        if ((type == 0 && size == 0) || size > len - pos - 4) break;
        if (type == BIFF_SST || type == BIFF_LABELSST) {
            uint16_t as = type == BIFF_SST ? BIFF_EXTSST : BIFF_BLANK;
            w[pos] = (unsigned char)as;
            w[pos + 1] = (unsigned char)(as >> 8);
        }
        pos += 4 + (size_t)size;
    }
}

/* ---- cells libfreexl does not give: shared strings, formula results, booleans, errors - */

static const char *error_text(unsigned code)
{
    switch (code) {
    case 0x00:
        return "#NULL!";
    case 0x07:
        return "#DIV/0!";
    case 0x0F:
        return "#VALUE!";
    case 0x17:
        return "#REF!";
    case 0x1D:
        return "#NAME?";
    case 0x24:
        return "#NUM!";
    case 0x2A:
        return "#N/A";
    case 0x2B:
        return "#GETTING_DATA";
    default:
        return "#N/A";
    }
}

/* The text of a STRING record (a formula's string result) starting at pos, continued in
 * CONTINUE records, each of which restarts with a flags byte. */
static ot_code string_result(const unsigned char *w, size_t len, size_t pos, uint32_t row,
                             uint32_t col, ot_sheet_builder *b)
{
    size_t n = rd16(w + pos + 2);
    const unsigned char *r = w + pos + 4;
    if (n < 3) return OT_OK;
    size_t chars = rd16(r), got = 0, p = 3;
    bool wide = r[2] & 1;
    uint16_t *u = malloc((chars ? chars : 1) * sizeof *u);
    if (!u) return ot_fail(b->err, OT_E_NOMEM, "out of memory reading a formula result");
    for (;;) {
        while (got < chars && p + (wide ? 2 : 1) <= n) {
            u[got++] = wide ? rd16(r + p) : r[p];
            p += wide ? 2 : 1;
        }
        pos += 4 + n;
        if (got == chars || len - pos < 5 || rd16(w + pos) != BIFF_CONTINUE) break;
        n = rd16(w + pos + 2);
        if (n == 0 || n > len - pos - 4) break;
        r = w + pos + 4;
        wide = r[0] & 1;
        p = 1;
    }
    size_t text_len;
    char *text = utf16_to_utf8(u, got, &text_len);
    free(u);
    if (!text) return ot_fail(b->err, OT_E_NOMEM, "out of memory reading a formula result");
    ot_code rc = ot_shb_text(b, row, col, text, text_len, true);
    free(text);
    return rc;
}

static ot_code formula_result(const unsigned char *r, size_t n, bool *wants_string, uint32_t *row,
                              uint32_t *col, ot_sheet_builder *b)
{
    if (n < 14) return OT_OK;
    *row = (uint32_t)rd16(r) + 1;
    *col = (uint32_t)rd16(r + 2) + 1;
    const unsigned char *v = r + 6;
    if (v[6] == 0xFF && v[7] == 0xFF) {
        switch (v[0]) {
        case 0:
            *wants_string = true;
            return OT_OK; /* the value is in the next STRING */
        case 1:
            return ot_shb_bool(b, *row, *col, v[2] != 0, true);
        case 2: {
            const char *e = error_text(v[2]);
            return ot_shb_error(b, *row, *col, e, strlen(e), true);
        }
        default:
            return OT_OK; /* empty string */
        }
    }
    uint64_t bits = (uint64_t)rd32(v) | (uint64_t)rd32(v + 4) << 32;
    double d;
    memcpy(&d, &bits, sizeof d);
    return ot_shb_number(b, *row, *col, d, true);
}

/* A LABELSST cell: the text of shared string isst. */
static ot_code shared_string_cell(const unsigned char *r, size_t n, const ot_biff_info *info,
                                  ot_sheet_builder *b)
{
    if (n < 10) return ot_fail(b->err, OT_E_CORRUPT, ".xls text cell record is too short");
    uint32_t isst = rd32(r + 6);
    if (isst >= info->sst_count)
        return ot_fail(b->err, OT_E_CORRUPT,
                       ".xls text cell refers to shared string %lu of "
                       "%zu",
                       (unsigned long)isst + 1, info->sst_count);
    const char *text = info->sst_text + info->sst_start[isst];
    return ot_shb_text(b, (uint32_t)rd16(r) + 1, (uint32_t)rd16(r + 2) + 1, text,
                       info->sst_start[isst + 1] - info->sst_start[isst], false);
}

ot_code ot_biff_cells(const unsigned char *w, size_t len, const ot_biff_info *info, size_t sheet,
                      ot_sheet_builder *b)
{
    if (!info->biff8 || sheet >= info->sheet_count) return OT_OK;
    size_t pos = info->sheet_offsets[sheet];
    bool wants_string = false;
    uint32_t row = 0, col = 0;
    ot_code rc = OT_OK;
    /* ot_biff_check saw this sheet's BOF at a record boundary and every record in bounds */
    while (rc == OT_OK && pos < len && len - pos >= 4) {
        uint16_t type = rd16(w + pos), size = rd16(w + pos + 2);
        if (size > len - pos - 4 || (type == 0 && size == 0) || type == BIFF_EOF) break;
        const unsigned char *r = w + pos + 4;
        if (type == BIFF_FORMULA) {
            wants_string = false;
            rc = formula_result(r, size, &wants_string, &row, &col, b);
        } else if (type == BIFF_LABELSST) {
            rc = shared_string_cell(r, size, info, b);
        } else if (type == BIFF_STRING && wants_string) {
            wants_string = false;
            rc = string_result(w, len, pos, row, col, b);
        } else if (type == BIFF_BOOLERR && size >= 8) {
            uint32_t brow = (uint32_t)rd16(r) + 1, bcol = (uint32_t)rd16(r + 2) + 1;
            if (r[7]) {
                const char *e = error_text(r[6]);
                rc = ot_shb_error(b, brow, bcol, e, strlen(e), false);
            } else {
                rc = ot_shb_bool(b, brow, bcol, r[6] != 0, false);
            }
        }
        pos += 4 + (size_t)size;
    }
    return rc;
}
