/* xlsx.c - Office Open XML workbooks: zip parts (libzip), workbook.xml and its
 * relationships, shared strings, and streaming of worksheet XML into cells.
 *
 * Parts are inflated in chunks into a bounded window and scanned element by element,
 * so memory stays small whatever a part's size: the window only has to hold one cell
 * (or one shared string), and its size is capped. Every limit a hostile file could
 * push against is checked before the work it would cause: entry count and names when
 * the zip opens, declared sizes and compression ratio before inflating, actual inflated
 * bytes while inflating, DOCTYPE before scanning, cell positions and counts while
 * building the sheet. */
#include "reader/xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libdeflate.h>
#include <zip.h>

#include "reader/xml_scan.h"
#include "util/strbuf.h"
#include "util/text.h"

enum {
    CHUNK = 256 * 1024,
    WHOLE_MAX = 12 * 1024 * 1024,      /* parts up to this size are inflated in one go */
    SST_MAX = 16 * 1024 * 1024,        /* shared strings are kept inflated, so they are capped */
    WINDOW_MAX = 8 * 1024 * 1024,      /* one cell or shared string never needs more */
    SMALL_PART_MAX = 16 * 1024 * 1024, /* workbook.xml, relationships */
    RATIO_MIN_SIZE = 1024 * 1024,
    MAX_SHEETS = 4096,
};

typedef struct sheet_ref {
    const char *name;
    const char *part; /* zip entry name, e.g. "xl/worksheets/sheet4.xml" */
} sheet_ref;

struct ot_xlsx {
    zip_t *zip;
    const ot_reader_limits *limits;
    ot_arena *arena;
    bool date1904;
    size_t sheet_count;
    sheet_ref *sheets;
    size_t sst_count;
    char *sst_raw; /* the inflated sharedStrings part; strings decode on first use */
    struct sst_span {
        uint32_t start, end; /* content of the <si> element within sst_raw */
    } * sst_spans;
    const char **sst; /* decoded, cleaned strings in the arena; NULL until used */
    ot_strbuf scratch;
};

/* ---- zip access ------------------------------------------------------------------ */

static ot_code map_zip_error(int ze, bool has_magic, ot_error *err)
{
    switch (ze) {
    case ZIP_ER_NOZIP:
        if (has_magic)
            return ot_fail(err, OT_E_TRUNCATED,
                           "zip archive is truncated (its central directory is missing)");
        return ot_fail(err, OT_E_NOT_WORKBOOK, "not a zip archive");
    case ZIP_ER_MEMORY:
        return ot_fail(err, OT_E_NOMEM, "out of memory opening the zip archive");
    case ZIP_ER_EOF:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
        return ot_fail(err, OT_E_TRUNCATED, "zip archive ends early");
    default: {
        zip_error_t e;
        zip_error_init_with_code(&e, ze);
        ot_fail(err, OT_E_CORRUPT, "zip archive is inconsistent: %s", zip_error_strerror(&e));
        zip_error_fini(&e);
        return OT_E_CORRUPT;
    }
    }
}

static bool unsafe_entry_name(const char *name)
{
    if (name[0] == '/' || name[0] == '\\' || strchr(name, '\\')) return true;
    if (((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) &&
        name[1] == ':')
        return true;
    for (const char *seg = name; seg;) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.') return true;
        seg = slash ? slash + 1 : NULL;
    }
    return false;
}

static ot_code check_entries(ot_xlsx *x, ot_error *err)
{
    zip_int64_t n = zip_get_num_entries(x->zip, 0);
    if (n < 0 || (size_t)n > x->limits->max_entries)
        return ot_fail(err, OT_E_TOO_LARGE, "zip archive has %lld entries (limit %zu)",
                       (long long)n, x->limits->max_entries);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(x->zip, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (!name) return ot_fail(err, OT_E_CORRUPT, "zip entry %lld has no name", (long long)i);
        if (unsafe_entry_name(name))
            return ot_fail(err, OT_E_UNSAFE_PATH,
                           "zip entry name '%.80s' is an absolute path or climbs out with '..'",
                           name);
    }
    return OT_OK;
}

typedef struct part_stream {
    zip_file_t *file;
    const char *name;
    zip_uint64_t declared;
    zip_uint64_t produced;
    size_t cap_bytes;
    bool eof;
    char *buf;
    size_t len, cap;
} part_stream;

/* Finds a part and checks what inflating it would cost before doing any of it. */
static ot_code part_locate(ot_xlsx *x, const char *name, size_t cap_bytes, zip_uint64_t *index,
                           zip_stat_t *st, ot_error *err)
{
    zip_int64_t idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE | ZIP_FL_ENC_RAW);
    if (idx < 0) return ot_fail(err, OT_E_MISSING_PART, "workbook part %s is missing", name);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, st) != 0 || !(st->valid & ZIP_STAT_SIZE) ||
        !(st->valid & ZIP_STAT_COMP_SIZE))
        return ot_fail(err, OT_E_CORRUPT, "cannot read the zip entry of %s", name);
    if (st->size > cap_bytes)
        return ot_fail(err, OT_E_ZIP_BOMB, "part %s would inflate to %llu bytes (limit %zu)", name,
                       (unsigned long long)st->size, cap_bytes);
    if (st->size > RATIO_MIN_SIZE &&
        st->size / (st->comp_size ? st->comp_size : 1) > x->limits->max_ratio)
        return ot_fail(err, OT_E_ZIP_BOMB,
                       "part %s has an absurd compression ratio (%llu bytes from %llu)", name,
                       (unsigned long long)st->size, (unsigned long long)st->comp_size);
    *index = (zip_uint64_t)idx;
    return OT_OK;
}

static ot_code open_entry_error(ot_xlsx *x, const char *name, ot_error *err)
{
    int ze = zip_error_code_zip(zip_get_error(x->zip));
    if (ze == ZIP_ER_COMPNOTSUPP || ze == ZIP_ER_ENCRNOTSUPP)
        return ot_fail(err, OT_E_CORRUPT, "part %s uses an unsupported zip method", name);
    return map_zip_error(ze, true, err);
}

static ot_code part_open(ot_xlsx *x, const char *name, size_t cap_bytes, part_stream *ps,
                         ot_error *err)
{
    memset(ps, 0, sizeof *ps);
    ps->name = name;
    zip_uint64_t idx;
    zip_stat_t st;
    ot_code rc = part_locate(x, name, cap_bytes, &idx, &st, err);
    if (rc) return rc;
    ps->file = zip_fopen_index(x->zip, idx, 0);
    if (!ps->file) return open_entry_error(x, name, err);
    ps->declared = st.size;
    ps->cap_bytes = cap_bytes;
    return OT_OK;
}

/* Inflates a whole deflated part with libdeflate (about twice zlib's speed, and the
 * hot part of reading a workbook). The CRC is checked like libzip would. */
static ot_code inflate_whole(ot_xlsx *x, const char *name, zip_uint64_t idx, const zip_stat_t *st,
                             char *out, ot_error *err)
{
    zip_file_t *f = zip_fopen_index(x->zip, idx, ZIP_FL_COMPRESSED);
    if (!f) return open_entry_error(x, name, err);
    unsigned char *in = malloc(st->comp_size ? st->comp_size : 1);
    if (!in) {
        zip_fclose(f);
        return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", name);
    }
    zip_int64_t got = zip_fread(f, in, st->comp_size);
    zip_fclose(f);
    ot_code rc = OT_OK;
    if (got < 0 || (zip_uint64_t)got != st->comp_size) {
        rc = ot_fail(err, OT_E_TRUNCATED, "part %s ends early", name);
    } else {
        struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
        size_t actual = 0;
        enum libdeflate_result r =
            d ? libdeflate_deflate_decompress(d, in, (size_t)got, out, st->size, &actual)
              : LIBDEFLATE_BAD_DATA;
        libdeflate_free_decompressor(d);
        if (r == LIBDEFLATE_INSUFFICIENT_SPACE)
            rc = ot_fail(err, OT_E_ZIP_BOMB, "part %s inflates past its declared size", name);
        else if (r != LIBDEFLATE_SUCCESS || actual != st->size)
            rc = ot_fail(err, OT_E_CORRUPT, "part %s is not valid deflate data", name);
        else if ((st->valid & ZIP_STAT_CRC) && libdeflate_crc32(0, out, actual) != st->crc)
            rc = ot_fail(err, OT_E_CORRUPT, "part %s fails its CRC check", name);
    }
    free(in);
    return rc;
}

/* Reads a whole part (at most cap_bytes inflated) into a malloc'd, NUL-terminated buffer. */
static ot_code part_whole(ot_xlsx *x, const char *name, size_t cap_bytes, char **buf, size_t *len,
                          ot_error *err)
{
    *buf = NULL;
    *len = 0;
    zip_uint64_t idx;
    zip_stat_t st;
    ot_code rc = part_locate(x, name, cap_bytes, &idx, &st, err);
    if (rc) return rc;
    char *out = malloc(st.size + 1);
    if (!out) return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", name);
    if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_DEFLATE) {
        rc = inflate_whole(x, name, idx, &st, out, err);
    } else {
        zip_file_t *f = zip_fopen_index(x->zip, idx, 0);
        if (!f) {
            rc = open_entry_error(x, name, err);
        } else {
            zip_int64_t got = zip_fread(f, out, st.size);
            if (got < 0 || (zip_uint64_t)got != st.size)
                rc = ot_fail(err, OT_E_CORRUPT, "part %s cannot be read: %s", name,
                             zip_file_strerror(f));
            zip_fclose(f);
        }
    }
    if (rc == OT_OK) rc = ot_xml_check_prolog(out, st.size, name, err);
    if (rc) {
        free(out);
        return rc;
    }
    out[st.size] = '\0';
    *buf = out;
    *len = st.size;
    return OT_OK;
}

/* Reads more inflated bytes into the window (after its current content). */
static ot_code part_fill(part_stream *ps, ot_error *err)
{
    if (ps->eof) return OT_OK;
    if (ps->cap - ps->len < CHUNK) {
        size_t cap = ps->cap ? ps->cap * 2 : CHUNK * 2;
        while (cap - ps->len < CHUNK)
            cap *= 2;
        if (cap > WINDOW_MAX + CHUNK)
            return ot_fail(err, OT_E_TOO_LARGE,
                           "part %s holds a single element larger than %d bytes", ps->name,
                           WINDOW_MAX);
        char *nb = realloc(ps->buf, cap + 1);
        if (!nb) return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", ps->name);
        ps->buf = nb;
        ps->cap = cap;
    }
    zip_int64_t n = zip_fread(ps->file, ps->buf + ps->len, CHUNK);
    if (n < 0) {
        int ze = zip_error_code_zip(zip_file_get_error(ps->file));
        if (ze == ZIP_ER_CRC)
            return ot_fail(err, OT_E_CORRUPT, "part %s fails its CRC check", ps->name);
        return ot_fail(err, OT_E_CORRUPT, "part %s cannot be inflated: %s", ps->name,
                       zip_file_strerror(ps->file));
    }
    if (n == 0) ps->eof = true;
    ps->produced += (zip_uint64_t)n;
    if (ps->produced > ps->declared || ps->produced > ps->cap_bytes)
        return ot_fail(err, OT_E_ZIP_BOMB, "part %s inflates past its declared size", ps->name);
    ps->len += (size_t)n;
    ps->buf[ps->len] = '\0';
    return OT_OK;
}

/* Drops the first `used` bytes of the window. */
static void part_consume(part_stream *ps, size_t used)
{
    memmove(ps->buf, ps->buf + used, ps->len - used);
    ps->len -= used;
}

static void part_close(part_stream *ps)
{
    if (ps->file) zip_fclose(ps->file);
    free(ps->buf);
    memset(ps, 0, sizeof *ps);
}

/* ---- chunked element scanning ---------------------------------------------------- */

/* A scan function handles the whole elements in [s, end) and reports through *consumed
 * how far it got: it stops before an element that is not complete yet (unless at_eof),
 * so the rest can be carried into the next window. */
typedef ot_code (*scan_fn)(ot_xlsx *x, const char *s, const char *end, bool at_eof,
                           size_t *consumed, void *ctx, ot_error *err);

static ot_code stream_part(ot_xlsx *x, const char *name, scan_fn fn, void *ctx, ot_error *err)
{
    zip_uint64_t idx;
    zip_stat_t st;
    ot_code whole_rc = part_locate(x, name, x->limits->max_part_bytes, &idx, &st, err);
    if (whole_rc) return whole_rc;
    if (st.size <= WHOLE_MAX) {
        char *buf;
        size_t len, used;
        ot_code rc = part_whole(x, name, WHOLE_MAX, &buf, &len, err);
        if (rc == OT_OK) rc = fn(x, buf, buf + len, true, &used, ctx, err);
        free(buf);
        return rc;
    }
    part_stream ps;
    ot_code rc = part_open(x, name, x->limits->max_part_bytes, &ps, err);
    bool prolog_checked = false;
    while (rc == OT_OK) {
        rc = part_fill(&ps, err);
        if (rc) break;
        if (!prolog_checked && (ps.len >= 4096 || ps.eof)) {
            rc = ot_xml_check_prolog(ps.buf, ps.len, name, err);
            if (rc) break;
            prolog_checked = true;
        }
        if (!prolog_checked) continue;
        size_t used = 0;
        rc = fn(x, ps.buf, ps.buf + ps.len, ps.eof, &used, ctx, err);
        if (rc || ps.eof) break;
        part_consume(&ps, used);
    }
    part_close(&ps);
    return rc;
}

/* Finds the end tag `name` after p; NULL when the buffer ends first. */
static const char *find_end_tag(const char *p, const char *end, const char *name, ot_tag *e)
{
    while (ot_xml_next_tag(p, end, e)) {
        if (e->kind == OT_TAG_BROKEN) return NULL;
        if (e->kind == OT_TAG_END && ot_xml_tag_is(e, name)) return e->start;
        p = e->end;
    }
    return NULL;
}

/* ---- workbook.xml and relationships ---------------------------------------------- */

static char *decoded_attr(ot_xlsx *x, const ot_tag *t, const char *name)
{
    const char *v;
    size_t n;
    if (!ot_xml_attr(t, name, &v, &n)) return NULL;
    ot_sb_reset(&x->scratch);
    ot_xml_decode(v, n, false, &x->scratch);
    return ot_arena_strndup(x->arena, ot_sb_str(&x->scratch), x->scratch.len);
}

/* Resolves a relationship target against the folder of the source part. */
static char *resolve_target(ot_xlsx *x, const char *base_dir, const char *target)
{
    ot_strbuf path = {0};
    if (target[0] == '/')
        ot_sb_puts(&path, target + 1);
    else {
        ot_sb_puts(&path, base_dir);
        ot_sb_puts(&path, target);
    }
    /* fold "a/b/../c" -> "a/c" and "./" */
    char *s = path.data ? path.data : (char *)"";
    char *out = ot_arena_alloc(x->arena, strlen(s) + 1);
    if (out) {
        size_t o = 0;
        for (char *seg = s; *seg;) {
            char *slash = strchr(seg, '/');
            size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
            if (len == 2 && seg[0] == '.' && seg[1] == '.') {
                if (o > 0) o--;
                while (o > 0 && out[o - 1] != '/')
                    o--;
            } else if (!(len == 1 && seg[0] == '.') && len > 0) {
                memcpy(out + o, seg, len);
                o += len;
                if (slash) out[o++] = '/';
            }
            seg = slash ? slash + 1 : seg + len;
        }
        out[o] = '\0';
    }
    ot_sb_free(&path);
    return out;
}

typedef struct rel {
    const char *id, *type, *target;
} rel;

static ot_code read_rels(ot_xlsx *x, const char *rels_part, rel **out, size_t *count, ot_error *err)
{
    *out = NULL;
    *count = 0;
    char *buf;
    size_t len;
    ot_code rc = part_whole(x, rels_part, SMALL_PART_MAX, &buf, &len, err);
    if (rc) return rc;
    size_t cap = 0;
    ot_tag t;
    for (const char *p = buf; ot_xml_next_tag(p, buf + len, &t); p = t.end) {
        if ((t.kind != OT_TAG_START && t.kind != OT_TAG_EMPTY) ||
            !ot_xml_tag_is(&t, "Relationship"))
            continue;
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            if (cap > 100000) break;
            rel *nr = realloc(*out, cap * sizeof *nr);
            if (!nr) {
                rc = ot_fail(err, OT_E_NOMEM, "out of memory");
                break;
            }
            *out = nr;
        }
        rel *r = &(*out)[(*count)++];
        r->id = decoded_attr(x, &t, "Id");
        r->type = decoded_attr(x, &t, "Type");
        r->target = decoded_attr(x, &t, "Target");
        if (!r->id || !r->type || !r->target) (*count)--;
    }
    free(buf);
    return rc;
}

static bool type_is(const char *type, const char *suffix)
{
    size_t a = strlen(type), b = strlen(suffix);
    return a >= b && strcmp(type + a - b, suffix) == 0;
}

/* Finds the workbook part from _rels/.rels (officeDocument), defaulting to the usual. */
static ot_code find_workbook_part(ot_xlsx *x, const char **part, ot_error *err)
{
    *part = "xl/workbook.xml";
    if (zip_name_locate(x->zip, "_rels/.rels", ZIP_FL_NOCASE) < 0) return OT_OK;
    rel *rels;
    size_t n;
    ot_code rc = read_rels(x, "_rels/.rels", &rels, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++)
        if (type_is(rels[i].type, "/officeDocument")) {
            *part = resolve_target(x, "", rels[i].target);
            break;
        }
    free(rels);
    return *part ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory");
}

static char *rels_path_for(ot_xlsx *x, const char *part, char **dir_out)
{
    const char *slash = strrchr(part, '/');
    size_t dir_len = slash ? (size_t)(slash - part) + 1 : 0;
    *dir_out = ot_arena_strndup(x->arena, part, dir_len);
    size_t n = strlen(part) + 16;
    char *p = ot_arena_alloc(x->arena, n);
    if (p && *dir_out) snprintf(p, n, "%s_rels/%s.rels", *dir_out, part + dir_len);
    return p;
}

static ot_code parse_workbook(ot_xlsx *x, const char *wb_part, const rel *rels, size_t nrels,
                              const char *dir, ot_error *err)
{
    char *buf;
    size_t len;
    ot_code rc = part_whole(x, wb_part, SMALL_PART_MAX, &buf, &len, err);
    if (rc) return rc;
    size_t cap = 0;
    ot_tag t;
    for (const char *p = buf; rc == OT_OK && ot_xml_next_tag(p, buf + len, &t); p = t.end) {
        if (t.kind != OT_TAG_START && t.kind != OT_TAG_EMPTY) continue;
        if (ot_xml_tag_is(&t, "workbookPr")) {
            const char *v;
            size_t n;
            if (ot_xml_attr(&t, "date1904", &v, &n))
                x->date1904 = (n == 1 && v[0] == '1') || (n == 4 && memcmp(v, "true", 4) == 0);
            continue;
        }
        if (!ot_xml_tag_is(&t, "sheet")) continue;
        char *name = decoded_attr(x, &t, "name");
        char *rid = decoded_attr(x, &t, "id"); /* r:id */
        if (!name || !rid) continue;
        const char *target = NULL;
        for (size_t i = 0; i < nrels; i++)
            if (strcmp(rels[i].id, rid) == 0) target = rels[i].target;
        if (x->sheet_count == cap) {
            cap = cap ? cap * 2 : 16;
            if (cap > MAX_SHEETS) {
                rc = ot_fail(err, OT_E_TOO_LARGE, "workbook declares more than %d sheets",
                             MAX_SHEETS);
                break;
            }
            sheet_ref *ns = realloc(x->sheets, cap * sizeof *ns);
            if (!ns) {
                rc = ot_fail(err, OT_E_NOMEM, "out of memory");
                break;
            }
            x->sheets = ns;
        }
        sheet_ref *s = &x->sheets[x->sheet_count++];
        s->name = name;
        s->part = target ? resolve_target(x, dir, target) : NULL;
    }
    free(buf);
    if (rc == OT_OK && x->sheet_count == 0)
        rc = ot_fail(err, OT_E_MISSING_PART, "workbook.xml lists no sheets");
    return rc;
}

/* ---- shared strings -------------------------------------------------------------- */

/* Templates carry their translations as shared strings (~2 MB in a LibreOffice-saved
 * CMRT), while the sheets we read use a few hundred of them. So the part is kept
 * inflated and only indexed at open; a string is decoded the first time a cell uses it. */

/* Collects the text of <t> elements between s and end, skipping phonetic runs (<rPh>). */
static void collect_text(const char *s, const char *end, ot_strbuf *out)
{
    ot_tag t;
    int in_phonetic = 0;
    for (const char *p = s; ot_xml_next_tag(p, end, &t); p = t.end) {
        if (t.kind == OT_TAG_START && ot_xml_tag_is(&t, "rPh"))
            in_phonetic++;
        else if (t.kind == OT_TAG_END && ot_xml_tag_is(&t, "rPh") && in_phonetic)
            in_phonetic--;
        else if (t.kind == OT_TAG_START && ot_xml_tag_is(&t, "t") && !in_phonetic) {
            const char *close = memchr(t.end, '<', (size_t)(end - t.end));
            if (!close) close = end;
            ot_xml_decode(t.end, (size_t)(close - t.end), true, out);
        }
    }
}

static ot_code index_shared_strings(ot_xlsx *x, ot_error *err)
{
    const char *p = x->sst_raw, *end = x->sst_raw + strlen(x->sst_raw);
    size_t cap = 0;
    ot_tag t;
    while (ot_xml_next_tag(p, end, &t)) {
        if (t.kind == OT_TAG_BROKEN)
            return ot_fail(err, OT_E_CORRUPT, "sharedStrings.xml is cut off");
        p = t.end;
        if ((t.kind != OT_TAG_START && t.kind != OT_TAG_EMPTY) || !ot_xml_tag_is(&t, "si"))
            continue;
        if (x->sst_count >= x->limits->max_shared_strings)
            return ot_fail(err, OT_E_TOO_LARGE, "more than %zu shared strings",
                           x->limits->max_shared_strings);
        if (x->sst_count == cap) {
            cap = cap ? cap * 2 : 1024;
            struct sst_span *n = realloc(x->sst_spans, cap * sizeof *n);
            if (!n) return ot_fail(err, OT_E_NOMEM, "out of memory indexing shared strings");
            x->sst_spans = n;
        }
        struct sst_span *sp = &x->sst_spans[x->sst_count++];
        sp->start = sp->end = (uint32_t)(t.end - x->sst_raw);
        if (t.kind == OT_TAG_EMPTY) continue;
        ot_tag e;
        if (!find_end_tag(t.end, end, "si", &e))
            return ot_fail(err, OT_E_CORRUPT, "sharedStrings.xml has an unclosed <si>");
        sp->end = (uint32_t)(e.start - x->sst_raw);
        p = e.end;
    }
    x->sst = calloc(x->sst_count ? x->sst_count : 1, sizeof *x->sst);
    return x->sst ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory");
}

/* The cleaned text of shared string idx, decoded on first use; NULL on failure. */
static const char *shared_string(ot_xlsx *x, uint32_t idx, ot_error *err)
{
    if (x->sst[idx]) return x->sst[idx];
    const struct sst_span *sp = &x->sst_spans[idx];
    ot_sb_reset(&x->scratch);
    collect_text(x->sst_raw + sp->start, x->sst_raw + sp->end, &x->scratch);
    const char *text = ot_sb_str(&x->scratch);
    size_t len = x->scratch.len;
    char *copy;
    if (ot_utf8_valid(text, len)) {
        copy = ot_arena_strndup(x->arena, text, len);
    } else {
        char *clean = ot_utf8_sanitize(text, len);
        copy = clean ? ot_arena_strdup(x->arena, clean) : NULL;
        free(clean);
    }
    if (!copy) {
        ot_fail(err, OT_E_TOO_LARGE, "shared strings exceed the memory budget");
        return NULL;
    }
    ot_text_clean(copy, strlen(copy));
    x->sst[idx] = copy;
    return copy;
}

static ot_code load_shared_strings(ot_xlsx *x, const rel *rels, size_t nrels, const char *dir,
                                   ot_error *err)
{
    const char *part = NULL;
    for (size_t i = 0; i < nrels; i++)
        if (type_is(rels[i].type, "/sharedStrings")) part = resolve_target(x, dir, rels[i].target);
    if (!part) part = "xl/sharedStrings.xml";
    if (zip_name_locate(x->zip, part, ZIP_FL_NOCASE) < 0) return OT_OK; /* no strings */
    size_t len;
    ot_code rc = part_whole(x, part, SST_MAX, &x->sst_raw, &len, err);
    if (rc == OT_E_ZIP_BOMB && strstr(err->message, "limit"))
        return ot_fail(err, OT_E_TOO_LARGE, "shared strings part is larger than %d MiB",
                       SST_MAX >> 20);
    return rc ? rc : index_shared_strings(x, err);
}

/* ---- worksheets ------------------------------------------------------------------ */

typedef struct sheet_ctx {
    ot_sheet_builder *b;
    uint32_t row, col; /* position of the last cell seen */
} sheet_ctx;

static bool parse_uint(const char *s, size_t n, uint32_t *out)
{
    if (n == 0 || n > 9) return false;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

static ot_code cell_position(sheet_ctx *c, const ot_tag *t, ot_error *err)
{
    const char *v;
    size_t n;
    if (!ot_xml_attr(t, "r", &v, &n)) {
        c->col++;
        if (c->row == 0) c->row = 1;
        return OT_OK;
    }
    char ref[24];
    if (n == 0 || n >= sizeof ref)
        return ot_fail(err, OT_E_BAD_CELL, "malformed cell reference '%.*s'",
                       (int)(n < 40 ? n : 40), v);
    memcpy(ref, v, n);
    ref[n] = '\0';
    uint32_t row, col;
    if (!ot_parse_a1(ref, &row, &col))
        return ot_fail(err, OT_E_BAD_CELL,
                       "cell reference '%s' is outside Excel's grid or malformed", ref);
    c->row = row;
    c->col = col;
    return OT_OK;
}

typedef struct cell_parts {
    bool formula;
    const char *v;
    size_t v_len;
    bool has_v;
    const char *is_start, *is_end; /* inline string content */
} cell_parts;

static void scan_cell_content(const char *p, const char *end, cell_parts *cp)
{
    ot_tag t;
    while (ot_xml_next_tag(p, end, &t)) {
        if (t.kind == OT_TAG_START || t.kind == OT_TAG_EMPTY) {
            if (ot_xml_tag_is(&t, "f")) {
                cp->formula = true;
            } else if (ot_xml_tag_is(&t, "v") && t.kind == OT_TAG_START) {
                const char *close = memchr(t.end, '<', (size_t)(end - t.end));
                cp->v = t.end;
                cp->v_len = (size_t)((close ? close : end) - t.end);
                cp->has_v = true;
            } else if (ot_xml_tag_is(&t, "is") && t.kind == OT_TAG_START) {
                cp->is_start = t.end;
                cp->is_end = end;
            }
        } else if (t.kind == OT_TAG_END && ot_xml_tag_is(&t, "is") && cp->is_start &&
                   cp->is_end == end) {
            cp->is_end = t.start;
        }
        p = t.end;
    }
}

static ot_code emit_cell(ot_xlsx *x, sheet_ctx *c, const char *type, size_t type_len,
                         const cell_parts *cp, ot_error *err)
{
    ot_sheet_builder *b = c->b;
    bool f = cp->formula;
#define TYPE_IS(lit) (type_len == sizeof(lit) - 1 && memcmp(type, lit, sizeof(lit) - 1) == 0)
    if (TYPE_IS("inlineStr")) {
        if (!cp->is_start) return OT_OK;
        ot_sb_reset(&x->scratch);
        collect_text(cp->is_start, cp->is_end, &x->scratch);
        return ot_shb_text(b, c->row, c->col, ot_sb_str(&x->scratch), x->scratch.len, f);
    }
    if (!cp->has_v) return OT_OK;
    if (TYPE_IS("s")) {
        uint32_t idx;
        if (!parse_uint(cp->v, cp->v_len, &idx) || idx >= x->sst_count)
            return ot_fail(err, OT_E_CORRUPT, "cell %u/%u points at shared string %.*s of %zu",
                           c->row, c->col, (int)(cp->v_len < 12 ? cp->v_len : 12), cp->v,
                           x->sst_count);
        const char *text = shared_string(x, idx, err);
        return text ? ot_shb_text_stored(b, c->row, c->col, text, f) : err->code;
    }
    ot_sb_reset(&x->scratch);
    ot_xml_decode(cp->v, cp->v_len, !TYPE_IS("n") && type_len > 0, &x->scratch);
    const char *text = ot_sb_str(&x->scratch);
    if (TYPE_IS("str") || TYPE_IS("d"))
        return ot_shb_text(b, c->row, c->col, text, x->scratch.len, f);
    if (TYPE_IS("e")) return ot_shb_error(b, c->row, c->col, text, x->scratch.len, f);
    if (TYPE_IS("b")) return ot_shb_bool(b, c->row, c->col, text[0] == '1' || text[0] == 't', f);
    if (x->scratch.len == 0) return OT_OK;
    char *endp;
    double d = strtod(text, &endp);
    while (*endp == ' ')
        endp++;
    if (*endp) /* a number cell holding text: keep what is there */
        return ot_shb_text(b, c->row, c->col, text, x->scratch.len, f);
    return ot_shb_number(b, c->row, c->col, d, f);
#undef TYPE_IS
}

static ot_code row_start(sheet_ctx *c, const ot_tag *t, ot_error *err)
{
    const char *v;
    size_t n;
    uint32_t r;
    if (ot_xml_attr(t, "r", &v, &n)) {
        if (!parse_uint(v, n, &r) || r == 0 || r > OT_MAX_ROW)
            return ot_fail(err, OT_E_BAD_CELL, "row number '%.*s' is outside Excel's grid",
                           (int)(n < 20 ? n : 20), v);
        c->row = r;
    } else {
        c->row++;
    }
    c->col = 0;
    return OT_OK;
}

static ot_code scan_sheet(ot_xlsx *x, const char *s, const char *end, bool at_eof, size_t *consumed,
                          void *vctx, ot_error *err)
{
    sheet_ctx *c = vctx;
    ot_tag t;
    const char *p = s;
    *consumed = 0;
    while (ot_xml_next_tag(p, end, &t)) {
        if (t.kind == OT_TAG_BROKEN) {
            if (at_eof) return ot_fail(err, OT_E_CORRUPT, "worksheet XML is cut off inside a tag");
            break;
        }
        ot_code rc = OT_OK;
        bool is_cell = t.name_len == 1 && t.name[0] == 'c';
        if ((t.kind == OT_TAG_START || t.kind == OT_TAG_EMPTY) && t.name_len == 3 &&
            memcmp(t.name, "row", 3) == 0) {
            rc = row_start(c, &t, err);
        } else if (t.kind == OT_TAG_EMPTY && is_cell) {
            rc = cell_position(c, &t, err);
        } else if (t.kind == OT_TAG_START && is_cell) {
            ot_tag e;
            const char *cend = find_end_tag(t.end, end, "c", &e);
            if (!cend) {
                if (at_eof) return ot_fail(err, OT_E_CORRUPT, "worksheet XML has an unclosed cell");
                break; /* carry the whole cell into the next window */
            }
            rc = cell_position(c, &t, err);
            if (rc == OT_OK) {
                cell_parts cp = {0};
                scan_cell_content(t.end, cend, &cp);
                const char *type = "";
                size_t type_len = 0;
                ot_xml_attr(&t, "t", &type, &type_len);
                rc = emit_cell(x, c, type, type_len, &cp, err);
            }
            t.end = e.end;
        }
        if (rc) return rc;
        p = t.end;
        *consumed = (size_t)(p - s);
    }
    return OT_OK;
}

/* ---- fast path for unprefixed worksheets ------------------------------------------ */

/* Nearly every worksheet is written without namespace prefixes (Excel, LibreOffice,
 * openpyxl). For those, cells are found with direct byte checks instead of the general
 * tokenizer: this loop is the hot path of reading a template (a CMRT Smelter List holds
 * ~75 000 formula cells). Prefixed worksheets use scan_sheet above. */

/* Value of a one-letter attribute (r, t) inside a start tag's attribute text. */
static bool short_attr(const char *a, const char *end, char name, const char **val, size_t *len)
{
    for (const char *p = a; p + 3 < end; p++) {
        if (p[1] == name && p[2] == '=' && p[3] == '"' &&
            (p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r')) {
            const char *v = p + 4;
            const char *q = memchr(v, '"', (size_t)(end - v));
            if (!q) return false;
            *val = v;
            *len = (size_t)(q - v);
            return true;
        }
    }
    return false;
}

static ot_code fast_cell_position(sheet_ctx *c, const char *a, const char *aend, ot_error *err)
{
    const char *v;
    size_t n;
    if (!short_attr(a, aend, 'r', &v, &n)) {
        c->col++;
        if (c->row == 0) c->row = 1;
        return OT_OK;
    }
    uint32_t col = 0, row = 0;
    size_t i = 0;
    while (i < n && i < 4 && v[i] >= 'A' && v[i] <= 'Z')
        col = col * 26 + (uint32_t)(v[i++] - 'A' + 1);
    size_t digits = 0;
    while (i < n && v[i] >= '0' && v[i] <= '9' && digits < 8) {
        row = row * 10 + (uint32_t)(v[i++] - '0');
        digits++;
    }
    if (i != n || col == 0 || col > OT_MAX_COL || row == 0 || row > OT_MAX_ROW)
        return ot_fail(err, OT_E_BAD_CELL,
                       "cell reference '%.*s' is outside Excel's grid or malformed",
                       (int)(n < 24 ? n : 24), v);
    c->row = row;
    c->col = col;
    return OT_OK;
}

/* Scans one cell's content [p, end) up to its "</c>"; returns the position after it, or
 * NULL when the cell does not end inside the buffer. */
static const char *fast_cell_content(const char *p, const char *end, cell_parts *cp)
{
    for (;;) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt || lt + 3 >= end) return NULL;
        char k = lt[1];
        if (k == '/') {
            if (lt[2] == 'c' && lt[3] == '>') return lt + 4;
            if (lt[2] == 'i' && lt[3] == 's' && cp->is_start && !cp->is_end) cp->is_end = lt;
        } else if (k == 'f' && (lt[2] == '>' || lt[2] == ' ' || lt[2] == '/')) {
            cp->formula = true;
        } else if (k == 'v' && lt[2] == '>') {
            const char *close = memchr(lt + 3, '<', (size_t)(end - lt - 3));
            if (!close) return NULL;
            cp->v = lt + 3;
            cp->v_len = (size_t)(close - cp->v);
            cp->has_v = true;
            p = close;
            continue;
        } else if (k == 'i' && lt[2] == 's' && lt[3] == '>') {
            cp->is_start = lt + 4;
        }
        p = lt + 1;
    }
}

static ot_code fast_scan_sheet(ot_xlsx *x, const char *s, const char *end, bool at_eof,
                               size_t *consumed, void *vctx, ot_error *err)
{
    sheet_ctx *c = vctx;
    const char *p = s;
    *consumed = 0;
    for (;;) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) {
            *consumed = (size_t)(end - s);
            return OT_OK;
        }
        const char *gt = lt + 1 < end ? memchr(lt + 1, '>', (size_t)(end - lt - 1)) : NULL;
        if (!gt) break; /* tag continues in the next window */
        bool empty = gt[-1] == '/';
        const char *aend = empty ? gt - 1 : gt;
        ot_code rc = OT_OK;
        if (lt[1] == 'c' && (lt[2] == ' ' || lt[2] == '>' || lt[2] == '/')) {
            if (empty) {
                rc = fast_cell_position(c, lt + 2, aend, err);
                p = gt + 1;
            } else {
                cell_parts cp = {0};
                const char *after = fast_cell_content(gt + 1, end, &cp);
                if (!after) break;
                if (cp.is_start && !cp.is_end) cp.is_end = after - 4;
                rc = fast_cell_position(c, lt + 2, aend, err);
                if (rc == OT_OK) {
                    const char *type = "";
                    size_t type_len = 0;
                    short_attr(lt + 2, aend, 't', &type, &type_len);
                    rc = emit_cell(x, c, type, type_len, &cp, err);
                }
                p = after;
            }
        } else if (lt[1] == 'r' && lt[2] == 'o' && lt[3] == 'w' &&
                   (lt[4] == ' ' || lt[4] == '>' || lt[4] == '/')) {
            ot_tag t = {.kind = empty ? OT_TAG_EMPTY : OT_TAG_START,
                        .attrs = lt + 4,
                        .attrs_len = (size_t)(aend - lt - 4)};
            rc = row_start(c, &t, err);
            p = gt + 1;
        } else {
            p = gt + 1;
        }
        if (rc) return rc;
        *consumed = (size_t)(p - s);
    }
    if (at_eof) return ot_fail(err, OT_E_CORRUPT, "worksheet XML is cut off inside a cell");
    return OT_OK;
}

/* True when the worksheet's root element carries a namespace prefix (e.g. <x:worksheet>). */
static bool root_is_prefixed(ot_xlsx *x, const char *part, ot_error *err)
{
    part_stream ps;
    bool prefixed = false;
    if (part_open(x, part, x->limits->max_part_bytes, &ps, err) == OT_OK &&
        part_fill(&ps, err) == OT_OK) {
        ot_tag t;
        for (const char *p = ps.buf; ot_xml_next_tag(p, ps.buf + ps.len, &t); p = t.end) {
            if (t.kind == OT_TAG_START || t.kind == OT_TAG_EMPTY) {
                prefixed = t.name != t.start + 1;
                break;
            }
            if (t.kind == OT_TAG_BROKEN) break;
        }
    }
    part_close(&ps);
    return prefixed;
}

ot_code ot_xlsx_load_sheet(ot_xlsx *x, size_t index, ot_sheet_builder *b)
{
    ot_error *err = b->err;
    if (index >= x->sheet_count) return ot_fail(err, OT_E_NOT_FOUND, "no sheet %zu", index);
    const sheet_ref *s = &x->sheets[index];
    if (!s->part)
        return ot_fail(err, OT_E_MISSING_PART, "sheet '%s' has no part in the workbook", s->name);
    sheet_ctx c = {.b = b};
    scan_fn scan = root_is_prefixed(x, s->part, err) ? scan_sheet : fast_scan_sheet;
    ot_code rc = stream_part(x, s->part, scan, &c, err);
    if (rc == OT_E_MISSING_PART)
        ot_fail(err, OT_E_MISSING_PART, "sheet '%s' is missing its part %s", s->name, s->part);
    return rc;
}

/* ---- open / close ---------------------------------------------------------------- */

ot_code ot_xlsx_open(const unsigned char *data, size_t len, const ot_reader_limits *limits,
                     ot_arena *arena, ot_xlsx **out, ot_error *err)
{
    *out = NULL;
    ot_xlsx *x = calloc(1, sizeof *x);
    if (!x) return ot_fail(err, OT_E_NOMEM, "out of memory");
    x->limits = limits;
    x->arena = arena;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    ot_code rc = OT_OK;
    if (!src) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    if (rc == OT_OK) {
        x->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
        if (!x->zip) {
            zip_source_free(src);
            rc = map_zip_error(zip_error_code_zip(&ze), true, err);
        }
    }
    zip_error_fini(&ze);
    if (rc == OT_OK) rc = check_entries(x, err);
    const char *wb_part = NULL;
    if (rc == OT_OK) rc = find_workbook_part(x, &wb_part, err);
    rel *rels = NULL;
    size_t nrels = 0;
    char *dir = NULL, *rels_part = NULL;
    if (rc == OT_OK) {
        if (zip_name_locate(x->zip, wb_part, ZIP_FL_NOCASE) < 0)
            rc = ot_fail(err, OT_E_MISSING_PART,
                         "workbook part %s is missing (not an Excel "
                         "workbook, or a damaged one)",
                         wb_part);
    }
    if (rc == OT_OK) {
        rels_part = rels_path_for(x, wb_part, &dir);
        if (!rels_part) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    if (rc == OT_OK) {
        rc = read_rels(x, rels_part, &rels, &nrels, err);
        if (rc == OT_E_MISSING_PART)
            ot_fail(err, OT_E_MISSING_PART, "workbook relationships %s are missing", rels_part);
    }
    if (rc == OT_OK) rc = parse_workbook(x, wb_part, rels, nrels, dir, err);
    if (rc == OT_OK) rc = load_shared_strings(x, rels, nrels, dir, err);
    free(rels);
    if (rc) {
        ot_xlsx_close(x);
        return rc;
    }
    *out = x;
    return OT_OK;
}

size_t ot_xlsx_sheet_count(const ot_xlsx *x)
{
    return x->sheet_count;
}

const char *ot_xlsx_sheet_name(const ot_xlsx *x, size_t index)
{
    return index < x->sheet_count ? x->sheets[index].name : NULL;
}

bool ot_xlsx_date1904(const ot_xlsx *x)
{
    return x->date1904;
}

void ot_xlsx_close(ot_xlsx *x)
{
    if (!x) return;
    if (x->zip) zip_discard(x->zip);
    free(x->sheets);
    free(x->sst);
    free(x->sst_spans);
    free(x->sst_raw);
    ot_sb_free(&x->scratch);
    free(x);
}
