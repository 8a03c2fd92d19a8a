/* test_mutations.c - "a broken, hostile or huge file yields one clear error, never a crash,
 * hang or unbounded memory", checked on every run over thousands of damaged real files.
 *
 * Deterministic, structure-aware mutation (a fixed-seed xorshift PRNG, so every CI run
 * feeds the same inputs and a failure names its class and iteration):
 *  - xlsx parts: a real workbook is unzipped in memory, the XML of workbook.xml, its
 *    relationships, sharedStrings.xml or the Declaration / Smelter List sheets is damaged
 *    (byte flips, truncation, a '<' or '"' dropped or doubled, a DOCTYPE, a huge attribute,
 *    cell references outside the grid, <c> inside <c>, unterminated CDATA, invalid UTF-8,
 *    bad character references) and the part zipped again with a valid CRC, so the damage
 *    reaches the XML code instead of stopping at the zip's checks;
 *  - zip structure: fields of the end record, central directory and local headers of a
 *    real file, and bytes of its compressed data;
 *  - OLE / .xls: the header, FAT, directory, BIFF records of a real filled .xls, and the
 *    encryption streams of a real default-password encrypted .xlsx; truncations of both;
 *    the same on an .xls saved by LibreOffice, with half the damage inside its shared
 *    string table.
 * Each input goes through ot_workbook_open_mem + ot_template_read (which loads the
 * sheets), as `oretrace inspect` does. The outcome must be success or one known error code
 * with a one-line message; ASan/UBSan (the CI sanitizer build) turn any memory error, leak
 * or undefined behaviour into a failure, and a huge allocation into an abort. Hangs are
 * left to ctest's timeout: every loop here has a fixed iteration count.
 *
 * Some mutations have a known answer, which is asserted: a DOCTYPE before the root
 * element of any part the reader parses is xml_doctype, a cell or row reference outside
 * Excel's grid in a sheet the template reads is bad_cell.
 *
 * ORETRACE_MUTATIONS=N multiplies the iteration counts (deeper local runs),
 * ORETRACE_MUTATION_SEED=S changes the seed. A failing input is written to
 * mutation-failure-<class>-<iteration>.bin in the working directory (also when a
 * sanitizer aborts, through its death callback), ready for `oretrace inspect`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../fuzz/zip_parts.h"
#include "reader/workbook.h"
#include "template/template.h"
#include "testutil.h"

/* ---- PRNG, scale, outcome bookkeeping ------------------------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r) /* xorshift64* */
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1DULL;
}

static size_t rng_below(rng *r, size_t n)
{
    return n ? (size_t)(rng_next(r) % n) : 0;
}

static rng rng_for(const char *class_name)
{
    const char *env = getenv("ORETRACE_MUTATION_SEED");
    uint64_t seed = env && *env ? strtoull(env, NULL, 0) : 0x6f72657472616365ULL; /* "oretrace" */
    for (const char *p = class_name; *p; p++)
        seed = (seed ^ (unsigned char)*p) * 0x100000001B3ULL;
    rng r = {seed ? seed : 1};
    return r;
}

static size_t iterations(size_t base)
{
    const char *env = getenv("ORETRACE_MUTATIONS");
    long scale = env && *env ? strtol(env, NULL, 10) : 1;
    return base * (size_t)(scale > 0 ? scale : 1);
}

typedef struct tally {
    const char *class_name;
    size_t runs;
    size_t count[OT_E__COUNT];
    struct timespec started;
} tally;

static tally tally_start(const char *class_name)
{
    tally t = {.class_name = class_name};
    clock_gettime(CLOCK_MONOTONIC, &t.started);
    return t;
}

/* Outcome counts and elapsed time (for CI logs; never asserted). */
static void tally_print(const tally *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double secs =
        (double)(now.tv_sec - t->started.tv_sec) + (double)(now.tv_nsec - t->started.tv_nsec) / 1e9;
    printf("mutations %-12s %4zu runs in %5.1f s:", t->class_name, t->runs, secs);
    for (int c = 0; c < OT_E__COUNT; c++)
        if (t->count[c])
            printf(" %s %zu", c == OT_OK ? "ok" : ot_error_code_name((ot_code)c), t->count[c]);
    printf("\n");
    fflush(stdout);
}

/* The input being read, for the failure file. */
static struct {
    const unsigned char *data;
    size_t len;
    const char *class_name;
    size_t iteration;
} current;

static void dump_current(void)
{
    if (!current.data) return;
    char path[128];
    snprintf(path, sizeof path, "mutation-failure-%s-%zu.bin", current.class_name,
             current.iteration);
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(current.data, 1, current.len, f);
    fclose(f);
    fprintf(stderr, "mutations: the failing input is saved as %s\n", path);
}

#if defined(__SANITIZE_ADDRESS__)
/* Under ASan, a single allocation over 256 MiB aborts: nothing fed here (at most ~15 MB)
 * may make the reader ask for that much, whatever a header declares. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "max_allocation_size_mb=256:allocator_may_return_null=0";
}
#endif

/* Present in sanitizer builds only: lets a sanitizer abort leave the input behind. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static bool known_error(ot_code rc)
{
    switch (rc) {
    case OT_E_NOT_WORKBOOK:
    case OT_E_TRUNCATED:
    case OT_E_CORRUPT:
    case OT_E_PASSWORD:
    case OT_E_ENCRYPTION:
    case OT_E_ZIP_BOMB:
    case OT_E_XML_DTD:
    case OT_E_UNSAFE_PATH:
    case OT_E_MISSING_PART:
    case OT_E_BAD_CELL:
    case OT_E_TOO_LARGE:
    case OT_E_NOT_TEMPLATE:
        return true;
    default: /* usage, io, nomem, not_found, db ... mean the reader lost its way */
        return false;
    }
}

/* A message for one line of a log or terminal: no control characters. Messages quote what
 * a file holds (a cell reference, a part name), and a hostile file once put a line break
 * and a terminal escape into one (tests/fixtures/crashers/control_chars_*.xlsx). */
static bool one_line(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return false;
    return true;
}

/* Reads one input the way `oretrace inspect` does and checks the outcome. */
static ot_code read_input(const unsigned char *data, size_t len, const char *name, tally *t,
                          size_t iteration)
{
    current.data = data;
    current.len = len;
    current.class_name = t->class_name;
    current.iteration = iteration;
    ot_error err;
    ot_error_clear(&err);
    ot_workbook *wb = NULL;
    ot_code rc = ot_workbook_open_mem(data, len, name, NULL, &wb, &err);
    if (rc == OT_OK) {
        ot_declaration *d = NULL;
        rc = ot_template_read(wb, &d, &err);
        if (rc == OT_OK && (!d || d->family == OT_FAMILY_UNKNOWN)) rc = OT_E__COUNT;
        ot_declaration_free(d);
        ot_workbook_close(wb);
    }
    bool good = rc == OT_OK ||
                (known_error(rc) && err.code == rc && err.message[0] && one_line(err.message));
    if (!good) {
        dump_current();
        fail_msg("%s iteration %zu: outcome %d (%s), message '%s'", t->class_name, iteration,
                 (int)rc, rc < OT_E__COUNT ? ot_error_code_name(rc) : "no declaration",
                 err.message);
    }
    t->runs++;
    t->count[rc]++;
    current.data = NULL;
    return rc;
}

/* ---- byte buffers --------------------------------------------------------------- */

typedef struct buf {
    unsigned char *d;
    size_t len;
} buf;

static buf buf_copy(const void *d, size_t len)
{
    buf b = {malloc(len + 1), len};
    assert_non_null(b.d);
    memcpy(b.d, d, len);
    return b;
}

/* Replaces [at, at + del) with ins (ins_len bytes). */
static void buf_splice(buf *b, size_t at, size_t del, const void *ins, size_t ins_len)
{
    if (at > b->len) at = b->len;
    if (del > b->len - at) del = b->len - at;
    size_t n = b->len - del + ins_len;
    unsigned char *d = malloc(n + 1);
    assert_non_null(d);
    memcpy(d, b->d, at);
    if (ins_len) memcpy(d + at, ins, ins_len);
    memcpy(d + at + ins_len, b->d + at + del, b->len - at - del);
    free(b->d);
    b->d = d;
    b->len = n;
}

static void buf_insert_str(buf *b, size_t at, const char *s)
{
    buf_splice(b, at, 0, s, strlen(s));
}

static size_t find_from(const buf *b, size_t from, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= b->len; i++)
        if (memcmp(b->d + i, needle, n) == 0) return i;
    return SIZE_MAX;
}

/* The first occurrence of needle at or after a random position, wrapping around. */
static size_t find_random(const buf *b, rng *r, const char *needle)
{
    size_t start = rng_below(r, b->len);
    size_t at = find_from(b, start, needle);
    return at != SIZE_MAX ? at : find_from(b, 0, needle);
}

/* A position just after a '>' (text content or between elements), or after `="` (inside
 * an attribute value): where text-level damage lands. */
static size_t text_position(const buf *b, rng *r)
{
    size_t at = find_random(b, r, rng_below(r, 3) ? ">" : "=\"");
    if (at == SIZE_MAX) return rng_below(r, b->len + 1);
    return at + (b->d[at] == '>' ? 1 : 2);
}

/* ---- XML mutations ---------------------------------------------------------------- */

typedef enum {
    X_FLIP,
    X_TRUNCATE,
    X_DROP_LT,
    X_DROP_QUOTE,
    X_DOUBLE_LT,
    X_DOUBLE_QUOTE,
    X_DOCTYPE_PROLOG,
    X_DOCTYPE_ANYWHERE,
    X_HUGE_ATTRIBUTE,
    X_BAD_CELL_REF,
    X_BAD_ROW,
    X_NESTED_CELL,
    X_OPEN_CDATA,
    X_BAD_UTF8,
    X_BAD_CHAR_REF,
    X__COUNT
} xml_mutation;

static const char *const DOCTYPES[] = {
    "<!DOCTYPE x [<!ENTITY a 'b'>]>",
    "<!DOCTYPE worksheet SYSTEM \"file:///etc/passwd\">",
    "<!ENTITY a 'b'>",
    "<!DOCTYPE x [<!ENTITY a \"&#38;a;&#38;a;\"><!ENTITY b \"&a;&a;&a;&a;\">]>",
};
static const char *const BAD_REFS[] = {"XFD1048577",   "XFE1",  "A0",
                                       "A99999999999", "ZZZZ1", "",
                                       "1A",           "A-1",   "AAAAAAAAAAAAAAAAAAAAAAAAA1"};
static const char *const BAD_ROWS[] = {"0", "1048577", "4294967297", "-1", "", "1e3"};
static const char *const BAD_UTF8[] = {
    "\xC3\x28",     "\xA0\xA1", "\xE2\x28\xA1", "\xF0\x28\x8C\xBC", "\xF8\xA1\xA1\xA1\xA1",
    "\xED\xA0\x80", "\xFF\xFE", "\xC0\x80",     "\xF4\x90\x80\x80", "\xE2\x82"};
static const char *const CHAR_REFS[] = {
    "&#0;", "&#xD800;", "&#x110000;",  "&#99999999999999;", "&#x;",    "&#;",     "&#xFFFE;",
    "&amp", "&#x41",    "&#x0000041;", "&unknown;",         "_x0000_", "_xD800_", "_x00"};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), ARRAY_LEN(a))])

/* After the XML declaration, if any: before the root element. */
static size_t prolog_position(const buf *b)
{
    if (b->len >= 5 && memcmp(b->d, "<?xml", 5) == 0) {
        size_t q = find_from(b, 0, "?>");
        if (q != SIZE_MAX) return q + 2;
    }
    return 0;
}

/* Replaces the value of the attribute starting with `prefix` (e.g. "<c r=\"") found at a
 * random place. False when the part has none. */
static bool replace_attr_value(buf *b, rng *r, const char *prefix, const char *value)
{
    size_t at = find_random(b, r, prefix);
    if (at == SIZE_MAX) return false;
    size_t v = at + strlen(prefix);
    size_t end = find_from(b, v, "\"");
    if (end == SIZE_MAX) return false;
    buf_splice(b, v, end - v, value, strlen(value));
    return true;
}

/* Applies mutation m; returns the outcome it must have when the part is one the reader
 * parses (OT_OK: no known answer, only the general rule). */
static ot_code mutate_xml(buf *b, xml_mutation m, bool is_sheet, rng *r)
{
    switch (m) {
    case X_FLIP:
        for (size_t k = 1 + rng_below(r, 8); k && b->len; k--)
            b->d[rng_below(r, b->len)] ^= (unsigned char)(1 + rng_below(r, 255));
        return OT_OK;
    case X_TRUNCATE:
        b->len = rng_below(r, b->len);
        return OT_OK;
    case X_DROP_LT:
    case X_DROP_QUOTE:
    case X_DOUBLE_LT:
    case X_DOUBLE_QUOTE: {
        bool lt = m == X_DROP_LT || m == X_DOUBLE_LT;
        size_t at = find_random(b, r, lt ? "<" : "\"");
        if (at == SIZE_MAX) return OT_OK;
        if (m == X_DROP_LT || m == X_DROP_QUOTE)
            buf_splice(b, at, 1, NULL, 0);
        else
            buf_splice(b, at, 0, lt ? "<" : "\"", 1);
        return OT_OK;
    }
    case X_DOCTYPE_PROLOG:
        buf_insert_str(b, prolog_position(b), PICK(r, DOCTYPES));
        return OT_E_XML_DTD;
    case X_DOCTYPE_ANYWHERE:
        buf_insert_str(b, text_position(b, r), PICK(r, DOCTYPES));
        return OT_OK;
    case X_HUGE_ATTRIBUTE: {
        static const size_t sizes[] = {4096, 65536, 300000, 2u << 20};
        size_t n = PICK(r, sizes);
        size_t at = find_random(b, r, "<");
        if (at == SIZE_MAX) return OT_OK;
        while (at < b->len && b->d[at] != ' ' && b->d[at] != '>' && b->d[at] != '/')
            at++;
        char *attr = malloc(n + 8);
        assert_non_null(attr);
        memcpy(attr, " zz=\"", 5);
        memset(attr + 5, rng_below(r, 2) ? 'A' : '<', n);
        memcpy(attr + 5 + n, "\"", 2);
        buf_insert_str(b, at, attr);
        free(attr);
        return OT_OK;
    }
    case X_BAD_CELL_REF:
        if (!is_sheet) return mutate_xml(b, X_FLIP, false, r);
        return replace_attr_value(b, r, "<c r=\"", PICK(r, BAD_REFS)) ? OT_E_BAD_CELL : OT_OK;
    case X_BAD_ROW:
        if (!is_sheet) return mutate_xml(b, X_TRUNCATE, false, r);
        return replace_attr_value(b, r, "<row r=\"", PICK(r, BAD_ROWS)) ? OT_E_BAD_CELL : OT_OK;
    case X_NESTED_CELL: {
        size_t at = find_random(b, r, "<c r=\"");
        if (at == SIZE_MAX) return OT_OK;
        size_t gt = find_from(b, at, ">");
        if (gt == SIZE_MAX) return OT_OK;
        if (rng_below(r, 2)) { /* a whole cell inside */
            buf_insert_str(b, gt + 1, "<c r=\"B2\" t=\"inlineStr\"><is><t>nested</t></is></c>");
        } else { /* a copy of the start tag, never closed */
            buf tag = buf_copy(b->d + at, gt + 1 - at);
            buf_splice(b, gt + 1, 0, tag.d, tag.len);
            free(tag.d);
        }
        return OT_OK;
    }
    case X_OPEN_CDATA:
        buf_insert_str(b, text_position(b, r), rng_below(r, 2) ? "<![CDATA[" : "<![CDATA[x]]");
        return OT_OK;
    case X_BAD_UTF8:
        buf_insert_str(b, text_position(b, r), PICK(r, BAD_UTF8));
        return OT_OK;
    case X_BAD_CHAR_REF:
        buf_insert_str(b, text_position(b, r), PICK(r, CHAR_REFS));
        return OT_OK;
    default:
        return OT_OK;
    }
}

/* ---- the xlsx classes: parts of real workbooks ------------------------------------- */

typedef struct xlsx_base {
    unsigned char *bytes;
    size_t len;
    zp_archive zip;
    long part[6]; /* entry indexes of the parts below, -1 when absent */
} xlsx_base;

enum { P_WORKBOOK, P_WORKBOOK_RELS, P_ROOT_RELS, P_SHARED_STRINGS, P_DECLARATION, P_SMELTERS };
static const char *const PART_LABEL[] = {"workbook.xml",      "workbook.xml.rels", ".rels",
                                         "sharedStrings.xml", "Declaration",       "Smelter List"};

/* The value of attribute `attr` in the element around position at (up to its '>'). */
static char *attr_near(const char *xml, const char *elem_start, const char *attr)
{
    const char *gt = strchr(elem_start, '>');
    char key[32];
    snprintf(key, sizeof key, " %s=\"", attr);
    const char *a = strstr(elem_start, key);
    if (!a || !gt || a > gt) return NULL;
    a += strlen(key);
    const char *q = strchr(a, '"');
    (void)xml;
    return q ? strndup(a, (size_t)(q - a)) : NULL;
}

/* Entry index of the worksheet named `sheet`: workbook.xml's r:id -> relationship Target. */
static long sheet_part(const xlsx_base *b, const char *wb_xml, const char *rels_xml,
                       const char *sheet)
{
    char needle[64];
    snprintf(needle, sizeof needle, "name=\"%s\"", sheet);
    const char *at = strstr(wb_xml, needle);
    if (!at) return -1;
    while (at > wb_xml && *at != '<')
        at--;
    char *rid = attr_near(wb_xml, at, "r:id");
    if (!rid) return -1;
    snprintf(needle, sizeof needle, "Id=\"%s\"", rid);
    free(rid);
    const char *rel = strstr(rels_xml, needle);
    if (!rel) return -1;
    while (rel > rels_xml && *rel != '<')
        rel--;
    char *target = attr_near(rels_xml, rel, "Target");
    if (!target) return -1;
    char path[256];
    if (target[0] == '/')
        snprintf(path, sizeof path, "%s", target + 1);
    else
        snprintf(path, sizeof path, "xl/%s", target);
    free(target);
    return zp_find(&b->zip, path);
}

static void xlsx_base_load(xlsx_base *b, const char *path)
{
    b->bytes = (unsigned char *)slurp(path, &b->len);
    assert_non_null(b->bytes);
    assert_true(zp_open(&b->zip, b->bytes, b->len));
    b->part[P_WORKBOOK] = zp_find(&b->zip, "xl/workbook.xml");
    b->part[P_WORKBOOK_RELS] = zp_find(&b->zip, "xl/_rels/workbook.xml.rels");
    b->part[P_ROOT_RELS] = zp_find(&b->zip, "_rels/.rels");
    b->part[P_SHARED_STRINGS] = zp_find(&b->zip, "xl/sharedStrings.xml");
    size_t wl = 0, rl = 0;
    char *wb = zp_read(&b->zip, (size_t)b->part[P_WORKBOOK], 1u << 20, &wl);
    char *rels = zp_read(&b->zip, (size_t)b->part[P_WORKBOOK_RELS], 1u << 20, &rl);
    assert_non_null(wb);
    assert_non_null(rels);
    b->part[P_DECLARATION] = sheet_part(b, wb, rels, "Declaration");
    b->part[P_SMELTERS] = sheet_part(b, wb, rels, "Smelter List");
    free(wb);
    free(rels);
    for (int p = 0; p < 6; p++)
        if (p != P_SHARED_STRINGS) assert_true(b->part[p] >= 0);
}

static void xlsx_base_free(xlsx_base *b)
{
    zp_close(&b->zip);
    free(b->bytes);
}

/* The base itself must read: otherwise every mutation "fails" for the wrong reason. */
static void base_reads(const unsigned char *d, size_t len, const char *name)
{
    tally t = tally_start("base");
    assert_int_equal(read_input(d, len, name, &t, 0), OT_OK);
}

static void mutate_parts_of(const char *path, const char *class_name, size_t count)
{
    xlsx_base b;
    xlsx_base_load(&b, path);
    base_reads(b.bytes, b.len, path);
    /* the parts, each read once and kept inflated */
    buf parts[6] = {{0}};
    for (int p = 0; p < 6; p++) {
        if (b.part[p] < 0) continue;
        char *x = zp_read(&b.zip, (size_t)b.part[p], 64u << 20, &parts[p].len);
        assert_non_null(x);
        parts[p].d = (unsigned char *)x;
    }
    tally t = tally_start(class_name);
    rng r = rng_for(class_name);
    size_t checked = 0;
    for (size_t i = 0; i < count; i++) {
        int p;
        do
            p = (int)rng_below(&r, 6);
        while (b.part[p] < 0);
        xml_mutation m = (xml_mutation)rng_below(&r, X__COUNT);
        buf x = buf_copy(parts[p].d, parts[p].len);
        ot_code must = mutate_xml(&x, m, p >= P_DECLARATION, &r);
        bool store = rng_below(&r, 4) == 0;
        size_t zlen = 0;
        unsigned char *z = zp_rebuild(&b.zip, (size_t)b.part[p], x.d, x.len, store, &zlen);
        assert_non_null(z);
        ot_code rc = read_input(z, zlen, path, &t, i);
        if (must != OT_OK && rc != must) {
            current.data = z;
            current.len = zlen;
            dump_current();
            fail_msg("%s iteration %zu: mutation %d of %s should give %s, gave %s", class_name, i,
                     (int)m, PART_LABEL[p], ot_error_code_name(must),
                     rc == OT_OK ? "ok" : ot_error_code_name(rc));
        }
        checked += must != OT_OK;
        free(z);
        free(x.d);
    }
    tally_print(&t);
    printf("mutations %-12s %4zu of them with a known answer, all as expected\n", class_name,
           checked);
    for (int p = 0; p < 6; p++)
        free(parts[p].d);
    xlsx_base_free(&b);
}

/* CMRT 6.01 fixture written by openpyxl: inline strings, no sharedStrings.xml. */
static void xlsx_parts_inline_strings(void **state)
{
    (void)state;
    mutate_parts_of(src_path("tests/fixtures/cmrt601_valid_tin_only.xlsx"), "xlsx-inline",
                    iterations(200));
}

/* A supplier sample saved by a spreadsheet application: shared strings. */
static void xlsx_parts_shared_strings(void **state)
{
    (void)state;
    mutate_parts_of(shared_path("samples/017_tatra-automotive-electronics.xlsx"), "xlsx-sst",
                    iterations(120));
}

/* One element larger than the reader's streaming window, in a part too large to inflate
 * whole: the window's cap must stop it (too_large), not memory. */
static void element_beyond_the_window_is_refused(void **state)
{
    (void)state;
    xlsx_base b;
    xlsx_base_load(&b, src_path("tests/fixtures/cmrt601_valid_tin_only.xlsx"));
    size_t len = 0;
    char *decl = zp_read(&b.zip, (size_t)b.part[P_DECLARATION], 1u << 20, &len);
    assert_non_null(decl);
    buf x = buf_copy(decl, len);
    free(decl);
    size_t at = find_from(&x, 0, "<c r=\"");
    assert_true(at != SIZE_MAX);
    size_t huge = 13u << 20; /* > 12 MiB: streamed; > 8 MiB: beyond the window */
    char *attr = malloc(huge + 16);
    assert_non_null(attr);
    memcpy(attr, "<c zz=\"", 7);
    memset(attr + 7, 'A', huge);
    memcpy(attr + 7 + huge, "\"/>", 4);
    buf_insert_str(&x, at, attr);
    free(attr);
    size_t zlen = 0;
    unsigned char *z = zp_rebuild(&b.zip, (size_t)b.part[P_DECLARATION], x.d, x.len, true, &zlen);
    assert_non_null(z);
    tally t = tally_start("window");
    assert_int_equal(read_input(z, zlen, "window.xlsx", &t, 0), OT_E_TOO_LARGE);
    free(z);
    free(x.d);
    xlsx_base_free(&b);
}

/* ---- zip structure ----------------------------------------------------------------- */

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* A value a parser is likely to mishandle, near the original one. */
static uint32_t odd_u32(rng *r, uint32_t orig)
{
    static const uint32_t fixed[] = {0,          1,          2,          0x7F,
                                     0xFF,       0xFFFF,     0x7FFFFFFF, 0x80000000,
                                     0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFA};
    switch (rng_below(r, 4)) {
    case 0:
        return PICK(r, fixed);
    case 1:
        return orig + 1;
    case 2:
        return orig - 1;
    default:
        return orig ^ (1u << rng_below(r, 32));
    }
}

static uint16_t odd_u16(rng *r, uint16_t orig)
{
    static const uint16_t fixed[] = {0, 1, 0x7F, 0xFF, 0x7FFF, 0x8000, 0xFFFF};
    switch (rng_below(r, 4)) {
    case 0:
        return PICK(r, fixed);
    case 1:
        return (uint16_t)(orig + 1);
    case 2:
        return (uint16_t)(orig - 1);
    default:
        return (uint16_t)(orig ^ (1u << rng_below(r, 16)));
    }
}

/* Overwrites a field of `width` bytes at p with an odd value. */
static void odd_field(rng *r, unsigned char *p, int width)
{
    if (width == 2)
        put16(p, odd_u16(r, le16(p)));
    else
        put32(p, odd_u32(r, le32(p)));
}

typedef struct zip_map {
    size_t eocd;
    size_t cd_start, cd_count;
    size_t *central; /* offset of each central directory entry */
    size_t *local;   /* offset of each local header */
} zip_map;

static void zip_map_build(const unsigned char *d, size_t len, zip_map *m)
{
    memset(m, 0, sizeof *m);
    assert_true(len >= 22);
    size_t e = len - 22;
    while (e > 0 && le32(d + e) != 0x06054b50)
        e--;
    assert_int_equal(le32(d + e), 0x06054b50);
    m->eocd = e;
    m->cd_count = le16(d + e + 10);
    m->cd_start = le32(d + e + 16);
    m->central = calloc(m->cd_count, sizeof *m->central);
    m->local = calloc(m->cd_count, sizeof *m->local);
    size_t p = m->cd_start;
    for (size_t i = 0; i < m->cd_count; i++) {
        assert_int_equal(le32(d + p), 0x02014b50);
        m->central[i] = p;
        m->local[i] = le32(d + p + 42);
        p += 46u + le16(d + p + 28) + le16(d + p + 30) + le16(d + p + 32);
    }
}

/* Field offsets and widths of the three records (APPNOTE 4.3.7, 4.3.12, 4.3.16). */
static const struct {
    unsigned char off, width;
} LOCAL_FIELDS[] = {{0, 4}, {4, 2}, {6, 2}, {8, 2}, {14, 4}, {18, 4}, {22, 4}, {26, 2}, {28, 2}},
  CENTRAL_FIELDS[] = {{0, 4},  {6, 2},  {8, 2},  {10, 2}, {16, 4}, {20, 4}, {24, 4},
                      {28, 2}, {30, 2}, {32, 2}, {34, 2}, {38, 4}, {42, 4}},
  EOCD_FIELDS[] = {{4, 2}, {6, 2}, {8, 2}, {10, 2}, {12, 4}, {16, 4}, {20, 2}};

static void mutate_zip(buf *b, const zip_map *m, rng *r)
{
    unsigned char *d = b->d;
    size_t entry = rng_below(r, m->cd_count);
    switch (rng_below(r, 7)) {
    case 0: {
        size_t f = rng_below(r, ARRAY_LEN(EOCD_FIELDS));
        odd_field(r, d + m->eocd + EOCD_FIELDS[f].off, EOCD_FIELDS[f].width);
        break;
    }
    case 1:
    case 2: {
        size_t f = rng_below(r, ARRAY_LEN(CENTRAL_FIELDS));
        odd_field(r, d + m->central[entry] + CENTRAL_FIELDS[f].off, CENTRAL_FIELDS[f].width);
        break;
    }
    case 3: {
        size_t f = rng_below(r, ARRAY_LEN(LOCAL_FIELDS));
        odd_field(r, d + m->local[entry] + LOCAL_FIELDS[f].off, LOCAL_FIELDS[f].width);
        break;
    }
    case 4: { /* the entry's name, in both headers or one: "..", "/", '\\', a NUL, a flip */
        static const char chars[] = {'.', '/', '\\', 0, ':', '\x80'};
        size_t c = m->central[entry], l = m->local[entry];
        size_t n = le16(d + c + 28);
        if (!n) break;
        size_t k = rng_below(r, n);
        unsigned char v = (unsigned char)(rng_below(r, 2) ? PICK(r, chars) : d[c + 46 + k] ^ 0x20);
        d[c + 46 + k] = v;
        if (rng_below(r, 2) && le16(d + l + 26) == n) d[l + 30 + k] = v;
        break;
    }
    case 5: { /* compressed data: a few flipped bytes */
        size_t l = m->local[entry];
        size_t data = l + 30 + le16(d + l + 26) + le16(d + l + 28);
        size_t n = le32(d + m->central[entry] + 20);
        for (size_t k = 0; n && k < 1 + rng_below(r, 4); k++)
            d[data + rng_below(r, n)] ^= (unsigned char)(1 + rng_below(r, 255));
        break;
    }
    default: /* anywhere in the structures: a byte of the central directory or a local header */
        if (rng_below(r, 2))
            d[m->cd_start + rng_below(r, m->eocd + 22 - m->cd_start)] ^=
                (unsigned char)(1 + rng_below(r, 255));
        else
            d[m->local[entry] + rng_below(r, 30)] ^= (unsigned char)(1 + rng_below(r, 255));
        break;
    }
}

static void zip_structure(void **state)
{
    (void)state;
    const char *path = src_path("tests/fixtures/cmrt601_valid_tin_only.xlsx");
    size_t len = 0;
    unsigned char *orig = (unsigned char *)slurp(path, &len);
    assert_non_null(orig);
    zip_map m;
    zip_map_build(orig, len, &m);
    tally t = tally_start("zip");
    rng r = rng_for(t.class_name);
    size_t count = iterations(400);
    for (size_t i = 0; i < count; i++) {
        buf b = buf_copy(orig, len);
        for (size_t k = 1 + (rng_below(&r, 4) == 0); k; k--)
            mutate_zip(&b, &m, &r);
        if (rng_below(&r, 10) == 0) b.len = m.cd_start + rng_below(&r, len - m.cd_start);
        read_input(b.d, b.len, path, &t, i);
        free(b.d);
    }
    tally_print(&t);
    free(m.central);
    free(m.local);
    free(orig);
}

/* ---- OLE compound files: .xls and encrypted .xlsx ----------------------------------- */

/* Where a real compound file keeps its structures; test-side, over trusted input. */
typedef struct cfb_map {
    const unsigned char *d;
    size_t len, ss;
    uint32_t *fat;
    size_t fat_n;
    size_t *fat_sectors, fat_sector_n;
    size_t *dir_sectors, dir_sector_n;
} cfb_map;

static size_t sector_offset(const cfb_map *c, uint32_t s)
{
    return ((size_t)s + 1) * c->ss;
}

/* Sectors of the chain starting at s (malloc'd). */
static uint32_t *cfb_chain(const cfb_map *c, uint32_t s, size_t *n)
{
    uint32_t *out = malloc((c->fat_n + 1) * sizeof *out);
    assert_non_null(out);
    *n = 0;
    while (s < c->fat_n && *n < c->fat_n) {
        out[(*n)++] = s;
        s = c->fat[s];
    }
    return out;
}

static void cfb_map_build(const unsigned char *d, size_t len, cfb_map *c)
{
    memset(c, 0, sizeof *c);
    c->d = d;
    c->len = len;
    c->ss = (size_t)1 << le16(d + 30);
    size_t nfat = le32(d + 44);
    assert_true(nfat <= 109); /* the samples need no DIFAT sectors */
    c->fat_sectors = malloc(nfat * sizeof *c->fat_sectors);
    c->fat = malloc(nfat * (c->ss / 4) * sizeof *c->fat);
    assert_true(c->fat_sectors && c->fat);
    for (size_t i = 0; i < nfat; i++) {
        uint32_t s = le32(d + 76 + 4 * i);
        c->fat_sectors[i] = sector_offset(c, s);
        for (size_t j = 0; j < c->ss / 4; j++)
            c->fat[c->fat_n++] = le32(d + sector_offset(c, s) + 4 * j);
    }
    c->fat_sector_n = nfat;
    uint32_t *chain = cfb_chain(c, le32(d + 48), &c->dir_sector_n);
    c->dir_sectors = malloc(c->dir_sector_n * sizeof *c->dir_sectors);
    for (size_t i = 0; i < c->dir_sector_n; i++)
        c->dir_sectors[i] = sector_offset(c, chain[i]);
    free(chain);
}

static void cfb_map_free(cfb_map *c)
{
    free(c->fat);
    free(c->fat_sectors);
    free(c->dir_sectors);
}

/* Directory entry offset (in the file) of the root-level stream `name`, 0 when absent. */
static size_t cfb_entry(const cfb_map *c, const char *name)
{
    for (size_t s = 0; s < c->dir_sector_n; s++) {
        for (size_t e = 0; e < c->ss / 128; e++) {
            const unsigned char *p = c->d + c->dir_sectors[s] + 128 * e;
            size_t n = strlen(name);
            if (le16(p + 64) != 2 * (n + 1)) continue;
            size_t k = 0;
            while (k < n && p[2 * k] == (unsigned char)name[k] && p[2 * k + 1] == 0)
                k++;
            if (k == n) return c->dir_sectors[s] + 128 * e;
        }
    }
    return 0;
}

/* File offset of a stream's first byte; regular or mini stream (MS-CFB 2.6.3). */
static size_t cfb_first_byte(const cfb_map *c, size_t entry)
{
    uint32_t start = le32(c->d + entry + 116);
    if (start >= c->fat_n) return 0;
    if (le32(c->d + entry + 120) >= 4096) return sector_offset(c, start);
    size_t n;
    uint32_t *root = cfb_chain(c, le32(c->d + c->dir_sectors[0] + 116), &n);
    size_t at = (size_t)start * 64, off = 0;
    if (at / c->ss < n) off = sector_offset(c, root[at / c->ss]) + at % c->ss;
    free(root);
    return off;
}

/* File offsets of the record headers of a regular (not mini) BIFF stream. */
static size_t *biff_records(const cfb_map *c, size_t entry, size_t *n)
{
    size_t size = le32(c->d + entry + 120), chain_n = 0;
    uint32_t *chain = cfb_chain(c, le32(c->d + entry + 116), &chain_n);
    unsigned char *w = malloc(size);
    assert_non_null(w);
    for (size_t i = 0; i * c->ss < size && i < chain_n; i++) {
        size_t k = size - i * c->ss < c->ss ? size - i * c->ss : c->ss;
        memcpy(w + i * c->ss, c->d + sector_offset(c, chain[i]), k);
    }
    size_t *out = malloc((size / 4 + 1) * sizeof *out);
    assert_non_null(out);
    *n = 0;
    for (size_t pos = 0; pos + 4 <= size;) {
        uint16_t type = le16(w + pos), len = le16(w + pos + 2);
        if (type == 0 && len == 0) break;
        out[(*n)++] = sector_offset(c, chain[pos / c->ss]) + pos % c->ss;
        pos += 4u + len;
    }
    free(w);
    free(chain);
    return out;
}

/* Fields of a directory entry (MS-CFB 2.6.1). */
static const struct {
    unsigned char off, width;
} DIR_FIELDS[] = {{64, 2}, {66, 1}, {68, 4}, {72, 4}, {76, 4}, {116, 4}, {120, 4}, {124, 4}},
  HEADER_FIELDS[] = {{24, 2}, {26, 2}, {28, 2}, {30, 2}, {32, 2}, {44, 4}, {48, 4},
                     {56, 4}, {60, 4}, {64, 4}, {68, 4}, {72, 4}, {76, 4}, {80, 4}};

/* Writes an odd value into a byte-addressed field (the record may straddle a sector:
 * stays inside the file, which is all the mutation needs). */
static void odd_at(rng *r, buf *b, size_t at, int width)
{
    if (at + (size_t)width > b->len) return;
    if (width == 1)
        b->d[at] = (unsigned char)odd_u16(r, b->d[at]);
    else
        odd_field(r, b->d + at, width);
}

typedef struct ole_targets {
    cfb_map cfb;
    size_t *records, record_n; /* BIFF record headers (xls) */
    bool table_only;           /* records are the shared string table's, bytes anywhere in it */
    size_t streams[4];         /* directory entries of interest */
    size_t first_bytes;        /* file offset of streams[1]'s first bytes, 0 if unknown */
} ole_targets;

static void mutate_ole(buf *b, const ole_targets *t, rng *r)
{
    const cfb_map *c = &t->cfb;
    if (t->table_only && t->record_n && rng_below(r, 2)) { /* deep inside a table record */
        size_t rec = t->records[rng_below(r, t->record_n)];
        size_t at = rec + 4 + rng_below(r, rec + 4 <= b->len ? le16(b->d + rec + 2) : 0);
        if (at < b->len) b->d[at] ^= (unsigned char)(1 + rng_below(r, 255));
        return;
    }
    switch (rng_below(r, 8)) {
    case 0: {
        size_t f = rng_below(r, ARRAY_LEN(HEADER_FIELDS));
        odd_at(r, b,
               HEADER_FIELDS[f].off + (HEADER_FIELDS[f].off == 80 ? 4 * rng_below(r, 100) : 0),
               HEADER_FIELDS[f].width);
        break;
    }
    case 1: { /* a FAT entry: end of chain, free, a loop, out of range */
        size_t s = c->fat_sectors[rng_below(r, c->fat_sector_n)];
        odd_at(r, b, s + 4 * rng_below(r, c->ss / 4), 4);
        break;
    }
    case 2:
    case 3: { /* a field of a directory entry, often one of the streams we read */
        size_t e;
        if (rng_below(r, 2) && t->streams[0]) {
            size_t k;
            do
                k = rng_below(r, 4);
            while (!t->streams[k]);
            e = t->streams[k];
        } else {
            size_t s = c->dir_sectors[rng_below(r, c->dir_sector_n)];
            e = s + 128 * rng_below(r, c->ss / 128);
        }
        size_t f = rng_below(r, ARRAY_LEN(DIR_FIELDS));
        odd_at(r, b, e + DIR_FIELDS[f].off, DIR_FIELDS[f].width);
        break;
    }
    case 4:
    case 5: /* a BIFF record: its type, its size or the start of its body */
        if (t->record_n) {
            size_t rec = t->records[rng_below(r, t->record_n)];
            size_t k = rng_below(r, 3);
            if (k == 0)
                odd_at(r, b, rec, 2);
            else if (k == 1)
                odd_at(r, b, rec + 2, 2);
            else
                odd_at(r, b, rec + 4 + rng_below(r, 16), rng_below(r, 2) ? 2 : 4);
            break;
        }
        __attribute__((fallthrough)); /* no BIFF stream: an encrypted package */
    case 6: /* a stream's first sector, e.g. EncryptionInfo / EncryptedPackage's size */
        for (size_t k = 1 + rng_below(r, 4); k; k--) {
            size_t at = b->len > 512 ? 512 + rng_below(r, b->len - 512) : 0;
            if (t->first_bytes && rng_below(r, 2)) at = t->first_bytes + rng_below(r, 64);
            if (at < b->len) b->d[at] ^= (unsigned char)(1 + rng_below(r, 255));
        }
        break;
    default: /* anywhere */
        for (size_t k = 1 + rng_below(r, 8); k; k--)
            b->d[rng_below(r, b->len)] ^= (unsigned char)(1 + rng_below(r, 255));
        break;
    }
}

/* The SST record and the CONTINUE records after it, from a stream's record list. */
static void keep_table_records(const unsigned char *d, size_t len, ole_targets *t)
{
    size_t kept = 0;
    for (size_t i = 0; i < t->record_n; i++) {
        size_t rec = t->records[i];
        uint16_t type = rec + 2 <= len ? le16(d + rec) : 0;
        if (type == 0x00FC || (kept && type == 0x003C))
            t->records[kept++] = rec;
        else if (kept)
            break;
    }
    t->record_n = kept;
    t->table_only = true;
}

static void mutate_ole_at(const char *path, const char *class_name, size_t count,
                          const char *const stream_names[4], bool table_only)
{
    size_t len = 0;
    unsigned char *orig = (unsigned char *)slurp(path, &len);
    assert_non_null(orig);
    base_reads(orig, len, path);
    ole_targets t = {0};
    cfb_map_build(orig, len, &t.cfb);
    for (int k = 0; k < 4; k++)
        t.streams[k] = stream_names[k] ? cfb_entry(&t.cfb, stream_names[k]) : 0;
    assert_true(t.streams[0] != 0);
    if (t.streams[1]) t.first_bytes = cfb_first_byte(&t.cfb, t.streams[1]);
    size_t wb = cfb_entry(&t.cfb, "Workbook");
    if (wb) t.records = biff_records(&t.cfb, wb, &t.record_n);
    if (table_only) keep_table_records(orig, len, &t);
    tally tl = tally_start(class_name);
    rng r = rng_for(class_name);
    for (size_t i = 0; i < count; i++) {
        buf b = buf_copy(orig, len);
        if (rng_below(&r, 6) == 0) { /* truncation, often at a sector boundary */
            size_t at = rng_below(&r, len);
            if (rng_below(&r, 2)) at = at / t.cfb.ss * t.cfb.ss + rng_below(&r, 3) - 1;
            b.len = at < len ? at : len - 1;
        } else {
            for (size_t k = 1 + (rng_below(&r, 4) == 0); k; k--)
                mutate_ole(&b, &t, &r);
        }
        read_input(b.d, b.len, path, &tl, i);
        free(b.d);
    }
    tally_print(&tl);
    free(t.records);
    cfb_map_free(&t.cfb);
    free(orig);
}

static void mutate_ole_file(const char *rel, const char *class_name, size_t count,
                            const char *const stream_names[4])
{
    mutate_ole_at(shared_path(rel), class_name, count, stream_names, false);
}

static void ole_xls(void **state)
{
    (void)state;
    static const char *const streams[4] = {"Workbook", "Workbook", NULL, NULL};
    mutate_ole_file("rmi-templates/legacy/3.01_-_filled.xls", "xls", iterations(180), streams);
}

static void ole_encrypted_xlsx(void **state)
{
    (void)state;
    static const char *const streams[4] = {"EncryptedPackage", "EncryptionInfo", NULL, NULL};
    mutate_ole_file("rmi-templates/legacy/2.03_-_empty.xlsx", "encrypted", iterations(250),
                    streams);
}

/* LibreOffice's .xls (in the repository): half the damage goes anywhere into its shared
 * string table, which is continued over 100+ records with formatting runs across them. */
static void ole_xls_libreoffice(void **state)
{
    (void)state;
    static const char *const streams[4] = {"Workbook", "Workbook", NULL, NULL};
    mutate_ole_at(src_path("tests/fixtures/libreoffice/cmrt601_valid_tin_only.xls"), "xls-lo",
                  iterations(60), streams, true);
}

/* ---- crashers: inputs that once broke the promise --------------------------------- */

/* Every file in tests/fixtures/crashers/ (README.md there says what each one did) must
 * read like any other input: success or one known error. */
static void crashers_give_one_clear_error(void **state)
{
    (void)state;
    const char *dir = src_path("tests/fixtures/crashers");
    DIR *d = opendir(dir);
    assert_non_null(d);
    tally t = tally_start("crashers");
    size_t i = 0;
    for (struct dirent *e; (e = readdir(d));) {
        const char *n = e->d_name;
        size_t nl = strlen(n);
        if (n[0] == '.' || (nl > 3 && strcmp(n + nl - 3, ".md") == 0)) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, n);
        size_t len = 0;
        unsigned char *data = (unsigned char *)slurp(path, &len);
        assert_non_null(data);
        read_input(data, len, n, &t, i++);
        free(data);
    }
    closedir(d);
    assert_true(t.runs > 0);
    tally_print(&t);
}

int main(int argc, char **argv)
{
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(dump_current);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xlsx_parts_inline_strings),
        cmocka_unit_test(element_beyond_the_window_is_refused),
        cmocka_unit_test(zip_structure),
        cmocka_unit_test(ole_xls_libreoffice),
        cmocka_unit_test(crashers_give_one_clear_error),
    };
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(xlsx_parts_shared_strings),
        cmocka_unit_test(ole_xls),
        cmocka_unit_test(ole_encrypted_xlsx),
    };
    return run_test_groups(argc, argv, tests, shared_tests,
                           "a sample with shared strings and the legacy OLE files", NULL, NULL);
}
