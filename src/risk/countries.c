/* countries.c - the country tables and their look-ups: every country spelling of the RMI
 * templates mapped to ISO 3166-1 (data/countries.tsv) and the SEC covered countries
 * (data/covered-countries.tsv).
 *
 * Both files are compiled in and parsed once (pthread_once) into one arena whose strings
 * the tables point into. A look-up goes strict first (the text folded to letters and
 * digits must be a listed spelling: case, accents and punctuation aside), then ISO
 * codes, then refdata's country key (word order, "the"/"of", common names such as "DRC",
 * bracketed parts dropped). A loose key that two different countries share ("VIRGIN
 * ISLANDS (BRITISH)" and "(U.S.)" both lose their brackets) is dropped as ambiguous
 * rather than guessed. */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/normalize.h"
#include "risk/risk_internal.h"
#include "util/arena.h"

#define KEY_CAP 128
#define MAX_SOURCES 8
#define NO_ROW ((size_t)-1)

typedef struct key_entry {
    const char *key;
    size_t row; /* NO_ROW: ambiguous */
} key_entry;

typedef struct source_lines {
    const char *name; /* "countries", "covered", "cahra-example" */
    const char *line[MAX_SOURCES];
    size_t count;
} source_lines;

typedef struct tables {
    ot_arena arena;
    ot_country *countries;
    size_t ncountries;
    key_entry *strict, *loose, *codes;
    size_t nstrict, nloose, ncodes;
    ot_covered_country covered[16];
    size_t ncovered;
    source_lines sources[3];
} tables;

static tables T;
static ot_error init_error;
static bool init_ok;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* ---- a small TSV reader for the data files ------------------------------------------ */

typedef struct tsv {
    char **cells; /* rows * cols */
    size_t rows, cols;
} tsv;

static bool is_source_line(const char *line, const char **value)
{
    static const char *const keys[] = {"# source:", "# as_of:"};
    for (size_t i = 0; i < 2; i++) {
        if (strncmp(line, keys[i], strlen(keys[i])) == 0) {
            *value = line + 2; /* keep "source: ..." / "as_of: ..." */
            return true;
        }
    }
    return false;
}

/* Splits one data line into cols cells (missing trailing cells are ""). */
static ot_code tsv_row(char *line, size_t lineno, const char *file, char **cells, size_t cols,
                       ot_error *err)
{
    size_t c = 0;
    for (char *p = line;; c++) {
        if (c >= cols)
            return ot_fail(err, OT_E_INVALID, "%s line %zu: more than %zu columns", file, lineno,
                           cols);
        cells[c] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    for (c++; c < cols; c++)
        cells[c] = "";
    return OT_OK;
}

/* Parses an embedded TSV whose header must be `header` (cols names). Comment lines start
 * with '#'; "# source:" and "# as_of:" lines are kept in src. */
static ot_code tsv_parse(const unsigned char *data, size_t len, const char *file,
                         const char *const *header, size_t cols, source_lines *src, tsv *out,
                         ot_error *err)
{
    char *text = ot_arena_strndup(&T.arena, (const char *)data, len);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    out->cells = ot_arena_alloc(&T.arena, lines * cols * sizeof *out->cells);
    if (!text || !out->cells) return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", file);
    out->rows = 0;
    out->cols = cols;
    bool have_header = false;
    size_t lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r') line[--l] = '\0';
        const char *value;
        if (line[0] == '#') {
            if (is_source_line(line, &value) && src->count < MAX_SOURCES)
                src->line[src->count++] = value;
            continue;
        }
        if (!l) continue;
        /* slot 0 is the header, data rows follow */
        char **cells = out->cells + (have_header ? out->rows + 1 : 0) * cols;
        ot_code rc = tsv_row(line, lineno, file, cells, cols, err);
        if (rc) return rc;
        if (have_header) {
            out->rows++;
            continue;
        }
        for (size_t c = 0; c < cols; c++)
            if (strcmp(cells[c], header[c]) != 0)
                return ot_fail(err, OT_E_INVALID,
                               "%s line %zu: column %zu is \"%s\", expected \"%s\"", file, lineno,
                               c + 1, cells[c], header[c]);
        have_header = true;
    }
    if (!have_header) return ot_fail(err, OT_E_INVALID, "%s has no header line", file);
    return OT_OK;
}

/* ---- keys ------------------------------------------------------------------------- */

/* The text folded (case, accents) with everything but letters and digits dropped. */
static size_t strict_key(const char *s, char *out, size_t cap)
{
    char folded[256];
    size_t n = ot_fold_text(s ? s : "", folded, sizeof folded), o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)folded[i];
        if (isalnum(c) || c >= 0x80) out[o++] = (char)c;
    }
    out[o] = '\0';
    return o;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const key_entry *)a)->key, ((const key_entry *)b)->key);
}

/* Sorts the index and collapses equal keys: the first row wins when all name the same
 * country (codes: the first row is the current template spelling), else the key is
 * ambiguous. */
static size_t index_finish(key_entry *idx, size_t n)
{
    qsort(idx, n, sizeof *idx, key_cmp);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        key_entry *prev = w ? &idx[w - 1] : NULL;
        if (!prev || strcmp(prev->key, idx[i].key) != 0) {
            idx[w++] = idx[i];
        } else if (prev->row == NO_ROW) {
            continue;
        } else if (strcmp(T.countries[idx[i].row].alpha2, T.countries[prev->row].alpha2) != 0) {
            prev->row = NO_ROW;
        } else if (idx[i].row < prev->row) {
            prev->row = idx[i].row;
        }
    }
    return w;
}

/* Adds key -> row to an index; false when out of memory. */
static bool index_add(key_entry *idx, size_t *n, const char *key, size_t row)
{
    const char *copy = ot_arena_strdup(&T.arena, key);
    if (!copy) return false;
    idx[(*n)++] = (key_entry){copy, row};
    return true;
}

static ot_code build_indexes(ot_error *err)
{
    size_t n = T.ncountries ? T.ncountries : 1;
    T.strict = ot_arena_alloc(&T.arena, n * sizeof *T.strict);
    T.loose = ot_arena_alloc(&T.arena, n * sizeof *T.loose);
    T.codes = ot_arena_alloc(&T.arena, 2 * n * sizeof *T.codes);
    bool ok = T.strict && T.loose && T.codes;
    char key[KEY_CAP];
    for (size_t i = 0; ok && i < T.ncountries; i++) {
        const ot_country *c = &T.countries[i];
        strict_key(c->name, key, sizeof key);
        ok = index_add(T.strict, &T.nstrict, key, i);
        if (ok && ot_country_key(c->name, key, sizeof key))
            ok = index_add(T.loose, &T.nloose, key, i);
        strict_key(c->alpha2, key, sizeof key);
        if (ok) ok = index_add(T.codes, &T.ncodes, key, i);
        strict_key(c->alpha3, key, sizeof key);
        if (ok) ok = index_add(T.codes, &T.ncodes, key, i);
    }
    if (!ok) return ot_fail(err, OT_E_NOMEM, "out of memory indexing the country table");
    T.nstrict = index_finish(T.strict, T.nstrict);
    T.nloose = index_finish(T.loose, T.nloose);
    T.ncodes = index_finish(T.codes, T.ncodes);
    return OT_OK;
}

static const ot_country *index_find(const key_entry *idx, size_t n, const char *key)
{
    if (!key[0]) return NULL;
    key_entry probe = {key, 0};
    const key_entry *e = bsearch(&probe, idx, n, sizeof *idx, key_cmp);
    return e && e->row != NO_ROW ? &T.countries[e->row] : NULL;
}

/* By code, without ot_risk_init (usable while the tables are being loaded). */
static const ot_country *code_find(const char *code)
{
    char key[KEY_CAP];
    size_t n = strict_key(code, key, sizeof key);
    return n == 2 || n == 3 ? index_find(T.codes, T.ncodes, key) : NULL;
}

/* ---- loading ---------------------------------------------------------------------- */

static bool valid_code(const char *s, size_t len)
{
    if (strlen(s) != len) return false;
    for (size_t i = 0; i < len; i++)
        if (!isupper((unsigned char)s[i])) return false;
    return true;
}

static ot_code load_countries(ot_error *err)
{
    static const char *const header[] = {"name", "alpha2", "alpha3", "used_in", "note"};
    tsv t;
    T.sources[0].name = "countries";
    ot_code rc = tsv_parse(ot_risk_data_countries, ot_risk_data_countries_len, "data/countries.tsv",
                           header, 5, &T.sources[0], &t, err);
    if (rc) return rc;
    T.countries = ot_arena_alloc(&T.arena, (t.rows ? t.rows : 1) * sizeof *T.countries);
    if (!T.countries) return ot_fail(err, OT_E_NOMEM, "out of memory reading the country table");
    for (size_t r = 0; r < t.rows; r++) {
        char **cell = t.cells + (r + 1) * t.cols; /* row 0 is the header */
        if (!cell[0][0] || !valid_code(cell[1], 2) || !valid_code(cell[2], 3))
            return ot_fail(err, OT_E_INVALID,
                           "data/countries.tsv: row %zu (\"%s\") needs a name and "
                           "ISO alpha-2 / alpha-3 codes",
                           r + 1, cell[0]);
        ot_country *c = &T.countries[r];
        c->name = cell[0];
        memcpy(c->alpha2, cell[1], 3);
        memcpy(c->alpha3, cell[2], 4);
        c->used_in = cell[3];
        c->note = cell[4];
    }
    T.ncountries = t.rows;
    return build_indexes(err);
}

static ot_code load_covered(ot_error *err)
{
    static const char *const header[] = {"alpha2", "name", "relation"};
    tsv t;
    T.sources[1].name = "covered";
    ot_code rc = tsv_parse(ot_risk_data_covered_countries, ot_risk_data_covered_countries_len,
                           "data/covered-countries.tsv", header, 3, &T.sources[1], &t, err);
    if (rc) return rc;
    for (size_t r = 0; r < t.rows; r++) {
        char **cell = t.cells + (r + 1) * t.cols;
        if (r >= sizeof T.covered / sizeof T.covered[0] || !valid_code(cell[0], 2) ||
            !code_find(cell[0]))
            return ot_fail(err, OT_E_INVALID,
                           "data/covered-countries.tsv: row %zu (\"%s\") is not "
                           "an ISO alpha-2 code of the country table",
                           r + 1, cell[0]);
        ot_covered_country *c = &T.covered[T.ncovered++];
        memcpy(c->alpha2, cell[0], 3);
        c->name = cell[1];
        c->drc = strcmp(cell[2], "DRC") == 0;
    }
    return OT_OK;
}

static void load_once(void)
{
    ot_arena_init(&T.arena, 0);
    T.sources[2].name = "cahra-example";
    T.sources[2].line[T.sources[2].count++] = "source: " OT_RISK_CAHRA_EXAMPLE_SOURCE;
    ot_error err;
    ot_error_clear(&err);
    init_ok = load_countries(&err) == OT_OK && load_covered(&err) == OT_OK;
    if (!init_ok) {
        init_error = err;
        T.ncountries = T.nstrict = T.nloose = T.ncodes = T.ncovered = 0;
    }
}

ot_code ot_risk_init(ot_error *err)
{
    pthread_once(&init_once, load_once);
    if (init_ok) return OT_OK;
    if (err) *err = init_error;
    return init_error.code ? init_error.code : OT_E_INVALID;
}

/* ---- look-ups ----------------------------------------------------------------------- */

const ot_country *ot_risk_country_by_code(const char *code)
{
    if (ot_risk_init(NULL) || !code) return NULL;
    return code_find(code);
}

static const ot_country *find_uncached(const char *typed)
{
    char key[KEY_CAP];
    const ot_country *c;
    if (strict_key(typed, key, sizeof key) && (c = index_find(T.strict, T.nstrict, key))) return c;
    /* "NA" / "N/A" say "not available" far more often than Namibia (NAM still works) */
    if (strcmp(key, "na") != 0 && (c = code_find(typed))) return c;
    if (!ot_country_key(typed, key, sizeof key)) return NULL; /* "Unknown", "N/A" */
    return index_find(T.loose, T.nloose, key);
}

/* A roll-up looks the same few spellings up millions of times: each thread remembers its
 * recent answers by exact text (the tables never change once loaded). */
#define CACHE_SLOTS 256
typedef struct cache_slot {
    char text[48]; /* "" = empty (a blank text is never looked up) */
    const ot_country *c;
} cache_slot;
static __thread cache_slot find_cache[CACHE_SLOTS];

static size_t text_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h % CACHE_SLOTS;
}

const ot_country *ot_risk_country_find(const char *typed)
{
    if (ot_risk_init(NULL) || ot_risk_blank(typed)) return NULL;
    size_t n = strlen(typed);
    cache_slot *slot = n < sizeof find_cache[0].text ? &find_cache[text_hash(typed, n)] : NULL;
    if (slot && memcmp(slot->text, typed, n + 1) == 0) return slot->c;
    const ot_country *c = find_uncached(typed);
    if (slot) {
        memcpy(slot->text, typed, n + 1);
        slot->c = c;
    }
    return c;
}

size_t ot_risk_country_count(void)
{
    return ot_risk_init(NULL) ? 0 : T.ncountries;
}

const ot_country *ot_risk_country_at(size_t i)
{
    return i < ot_risk_country_count() ? &T.countries[i] : NULL;
}

bool ot_risk_is_covered(const char *alpha2)
{
    if (ot_risk_init(NULL) || !alpha2) return false;
    for (size_t i = 0; i < T.ncovered; i++)
        if (strcasecmp(T.covered[i].alpha2, alpha2) == 0) return true;
    return false;
}

size_t ot_risk_covered_count(void)
{
    return ot_risk_init(NULL) ? 0 : T.ncovered;
}

const ot_covered_country *ot_risk_covered_at(size_t i)
{
    return i < ot_risk_covered_count() ? &T.covered[i] : NULL;
}

static const source_lines *sources_of(const char *which)
{
    pthread_once(&init_once, load_once);
    for (size_t i = 0; which && i < 3; i++)
        if (T.sources[i].name && strcmp(T.sources[i].name, which) == 0) return &T.sources[i];
    return NULL;
}

size_t ot_risk_table_source_count(const char *which)
{
    const source_lines *s = sources_of(which);
    return s ? s->count : 0;
}

const char *ot_risk_table_source_at(const char *which, size_t i)
{
    const source_lines *s = sources_of(which);
    return s && i < s->count ? s->line[i] : NULL;
}

/* ---- countries in free text ---------------------------------------------------------- */

/* ASCII case-insensitive substring test: "recycled" and "scrap" need no folding. */
static bool contains_word(const char *s, const char *w)
{
    size_t wl = strlen(w);
    for (; *s; s++)
        if (strncasecmp(s, w, wl) == 0) return true;
    return false;
}

static bool says_recycled(const char *part)
{
    return contains_word(part, "recycl") || contains_word(part, "scrap");
}

/* Copies pieces[from..to) joined with ", " into buf. */
static void join_pieces(char *const *pieces, size_t from, size_t to, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = from; i < to; i++)
        ot_risk_appendf(buf, cap, "%s%s", i > from ? ", " : "", pieces[i]);
}

/* A part with commas: the longest run of comma pieces that names a country wins
 * ("CONGO, DEMOCRATIC REPUBLIC OF THE, Rwanda" = two countries). */
static void comma_pieces(char *part, ot_country_fn fn, void *ctx, size_t *unrecognised)
{
    char *pieces[32];
    size_t n = 0;
    for (char *p = part, *comma; p && n < 32; p = comma ? comma + 1 : NULL) {
        comma = strchr(p, ',');
        if (comma) *comma = '\0';
        pieces[n++] = p;
    }
    char buf[512];
    for (size_t i = 0; i < n;) {
        size_t take = 0;
        const ot_country *c = NULL;
        for (size_t len = n - i < 4 ? n - i : 4; len > 0 && !c; len--) {
            join_pieces(pieces, i, i + len, buf, sizeof buf);
            if ((c = ot_risk_country_find(buf))) take = len;
        }
        if (c) {
            fn(c, ctx);
            i += take;
            continue;
        }
        if (!ot_risk_blank(pieces[i]) && !says_recycled(pieces[i]) && unrecognised)
            (*unrecognised)++;
        i++;
    }
}

void ot_risk_countries_in_text(const char *text, ot_country_fn fn, void *ctx, size_t *unrecognised)
{
    if (unrecognised) *unrecognised = 0;
    if (ot_risk_blank(text)) return;
    const ot_country *whole = ot_risk_country_find(text);
    if (whole) {
        fn(whole, ctx);
        return;
    }
    char copy[1024];
    size_t len = strnlen(text, sizeof copy - 1); /* longer cells: the first 1 KiB */
    memcpy(copy, text, len);
    copy[len] = '\0';
    for (char *p = copy, *sep; p; p = sep ? sep + 1 : NULL) {
        sep = strpbrk(p, ";/|\n\r");
        if (sep) *sep = '\0';
        if (ot_risk_blank(p) || says_recycled(p)) continue;
        const ot_country *c = ot_risk_country_find(p);
        if (c)
            fn(c, ctx);
        else
            comma_pieces(p, fn, ctx, unrecognised);
    }
}
