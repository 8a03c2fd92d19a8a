/* normalize.c - folding, tokens, legal forms, metals and countries (see normalize.h).
 *
 * The word lists below are data: extend them rather than adding special cases in code. */
#include "refdata/normalize.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "refdata/refdata_internal.h"

/* ------------------------------------------------------------------------------------ */
/* Folding                                                                               */

/* Letters NFKC + mark stripping leave alone but a person reads as plain Latin. */
static const struct {
    int32_t cp;
    const char *ascii;
} letter_fold[] = {
    {0x00F8, "o"},  {0x00E6, "ae"}, {0x0153, "oe"}, {0x0142, "l"}, {0x0111, "d"},
    {0x00F0, "d"},  {0x00FE, "th"}, {0x0131, "i"},  {0x0127, "h"}, {0x0167, "t"},
    {0x00DF, "ss"}, {0x0138, "k"},  {0x014B, "n"},  {0x0180, "b"}, {0x01B6, "z"},
};

static size_t put_bytes(char *out, size_t cap, size_t n, const char *s, size_t len)
{
    if (n + len >= cap) return n;
    memcpy(out + n, s, len);
    return n + len;
}

static size_t fold_ascii(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            c = ' ';
        else if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return n;
}

size_t ot_fold_text(const char *s, char *out, size_t cap)
{
    if (cap == 0) return 0;
    out[0] = '\0';
    if (!s) return 0;
    /* Bound the work: a name longer than a few cap-sized runs is truncated. */
    size_t len = strnlen(s, cap * 4);
    if (s[len] != '\0') /* truncated: do not cut a character in half */
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] & 0x80) {
            ascii = false;
            break;
        }
    if (ascii) return fold_ascii(s, len, out, cap);

    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t mlen =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
                     UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                         UTF8PROC_STRIPMARK | UTF8PROC_LUMP | UTF8PROC_STRIPCC | UTF8PROC_IGNORE);
    if (mlen < 0) {
        /* Invalid UTF-8: keep the ASCII bytes, drop the rest. */
        free(mapped);
        size_t n = 0;
        for (size_t i = 0; i < len && n + 1 < cap; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c & 0x80) continue;
            if (c < 0x20 || c == 0x7f)
                c = ' ';
            else if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            out[n++] = (char)c;
        }
        out[n] = '\0';
        return n;
    }
    size_t n = 0;
    for (utf8proc_ssize_t i = 0; i < mlen;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(mapped + i, mlen - i, &cp);
        if (step <= 0) break;
        const char *repl = NULL;
        for (size_t k = 0; k < sizeof letter_fold / sizeof letter_fold[0]; k++)
            if (letter_fold[k].cp == cp) {
                repl = letter_fold[k].ascii;
                break;
            }
        if (repl)
            n = put_bytes(out, cap, n, repl, strlen(repl));
        else if (cp < 0x80) {
            char c = (char)cp;
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            n = put_bytes(out, cap, n, &c, 1);
        } else
            n = put_bytes(out, cap, n, (const char *)mapped + i, (size_t)step);
        i += step;
    }
    out[n] = '\0';
    free(mapped);
    return n;
}

/* ------------------------------------------------------------------------------------ */
/* Word lists                                                                            */

typedef struct {
    const char *from, *to;
} word_map;

/* One spelling per word, so that keys agree. Applied to single tokens. */
static const word_map synonyms[] = {
    {"limited", "ltd"},
    {"corporation", "corp"},
    {"incorporated", "inc"},
    {"company", "co"},
    {"compania", "co"},
    {"companhia", "co"},
    {"cia", "co"},
    {"berhad", "bhd"},
    {"limitada", "ltda"},
    {"private", "pvt"},
    {"industries", "industry"},
    {"industrial", "industry"},
    {"industria", "industry"},
    {"industrie", "industry"},
    {"industrias", "industry"},
    {"ind", "industry"},
    {"inds", "industry"},
    {"indust", "industry"},
    {"metals", "metal"},
    {"metais", "metal"},
    {"metales", "metal"},
    {"metaux", "metal"},
    {"technologies", "technology"},
    {"tech", "technology"},
    {"techn", "technology"},
    {"tecnologia", "technology"},
    {"technologie", "technology"},
    {"technologys", "technology"},
    {"materials", "material"},
    {"materiais", "material"},
    {"materiales", "material"},
    {"chemicals", "chemical"},
    {"chem", "chemical"},
    {"intl", "international"},
    {"refining", "refinery"},
    {"refineries", "refinery"},
    {"refiners", "refinery"},
    {"refiner", "refinery"},
    {"refinaria", "refinery"},
    {"refineria", "refinery"},
    {"smelting", "smelter"},
    {"smelters", "smelter"},
    {"smeltery", "smelter"},
    {"mines", "mining"},
    {"mine", "mining"},
    {"mineracao", "mining"},
    {"mineria", "mining"},
    {"metallurgical", "metallurgy"},
    {"metallurgic", "metallurgy"},
    {"metalurgica", "metallurgy"},
    {"metalurgia", "metallurgy"},
    {"metallurgie", "metallurgy"},
    {"metalurgico", "metallurgy"},
    {"products", "product"},
    {"mfg", "manufacturing"},
    {"holdings", "holding"},
    {"und", "and"},
    {"et", "and"},
    {"brasil", "brazil"},
    {"centre", "center"},
    {"electronics", "electronic"},
    {"resources", "resource"},
    {"enterprises", "enterprise"},
    {"sciences", "science"},
    {"jewellery", "jewelry"},
    {"aluminium", "aluminum"},
    {"works", "work"},
    {"plants", "plant"},
    {"mat", "material"},
    {"matls", "material"},
    {"mtls", "metal"},
    {"mtl", "metal"},
    {"mng", "mining"},
    {"ref", "refinery"},
    {"refin", "refinery"},
    {"smelt", "smelter"},
    {"grp", "group"},
    {"prec", "precious"},
    {"dev", "development"},
    {"prods", "product"},
    {"prod", "product"},
    {"intern", "international"},
    {"corpn", "corp"},
    {"factories", "factory"},
    {"minerals", "mineral"},
};

static const char *const stop_words[] = {"the", "of", "and", "de",  "da",
                                         "do",  "du", "des", "del", "di"};

/* Words that say what kind of site a facility is, not which one (after synonyms). */
static const char *const facility_words[] = {
    "smelter",  "refinery", "plant", "factory",  "branch",   "work",      "mill",
    "division", "unit",     "site",  "facility", "workshop", "operations"};

/* Words that belong to legal forms ("Joint Stock Company") where they stand apart. */
static const char *const legalish_words[] = {"joint", "stock",  "share",     "shares", "public",
                                             "open",  "closed", "liability", "sole"};

/* Legal words a typist or OCR engine may damage ("Lmited", "Ltcl", "5ARL"): matched with
 * one edit at the end of a name, spelled canonically. */
static const word_map fuzzy_legal[] = {
    {"limited", "ltd"},   {"company", "co"}, {"corporation", "corp"}, {"incorporated", "inc"},
    {"limitada", "ltda"}, {"berhad", "bhd"}, {"ltda", "ltda"},        {"gmbh", "gmbh"},
    {"sarl", "sarl"},     {"corp", "corp"},  {"pjsc", "pjsc"},        {"ojsc", "ojsc"},
    {"llc", "llc"},       {"ltd", "ltd"},    {"inc", "inc"},          {"private", "pvt"},
    {"sociedad", "sa"},
};

/* Legal forms, as canonical token sequences (after synonyms): at the end of a name... */
static const char *const legal_suffixes[] = {
    "s de rl de cv",
    "sab de cv",
    "sa de cv",
    "de cv",
    "gmbh and co kg",
    "gmbh co kg",
    "open joint stock co",
    "closed joint stock co",
    "public joint stock co",
    "joint stock co ltd",
    "joint stock co",
    "joint stock",
    "share co ltd",
    "shares co ltd",
    "stock co ltd",
    "ltd liability co",
    "limited liability co",
    "co ltd",
    "co inc",
    "co llc",
    "co kg",
    "co pvt ltd",
    "pvt ltd",
    "pte ltd",
    "pty ltd",
    "sdn bhd",
    "sp z oo",
    "kabushiki kaisha",
    "fz llc",
    "ltda me",
    "pt tbk",
    "persero tbk",
    "ltd",
    "co",
    "corp",
    "inc",
    "llc",
    "llp",
    "lp",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "sa",
    "spa",
    "sas",
    "sarl",
    "srl",
    "sl",
    "slu",
    "bv",
    "nv",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "oao",
    "zao",
    "pao",
    "ooo",
    "ao",
    "tbk",
    "persero",
    "bhd",
    "sdn",
    "pvt",
    "ltda",
    "eireli",
    "pty",
    "pte",
    "kk",
    "yk",
    "ab",
    "as",
    "asa",
    "oy",
    "oyj",
    "se",
    "sro",
    "doo",
    "cv",
    "pt",
    "fze",
    "fzco",
    "fzc",
    "dmcc",
    "sab",
    "nl",
    "sae",
    "bsc",
    "saog",
    "spzoo",
};
/* ...at the start of a name (Indonesian, Russian, Vietnamese usage)... */
static const char *const legal_prefixes[] = {
    "open joint stock co",
    "closed joint stock co",
    "public joint stock co",
    "joint stock co",
    "pt",
    "cv",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "oao",
    "zao",
    "pao",
    "ao",
    "ooo",
    "fsue",
    "ud",
};
/* ...and anywhere, because no other word is spelled like them. */
static const char *const legal_anywhere[] = {
    "ltd",  "llc", "gmbh", "inc", "corp", "kk",   "jsc",     "ojsc", "cjsc",
    "pjsc", "tbk", "bhd",  "plc", "pvt",  "ltda", "persero", "pty",  "pte",
};

/* Legal phrases split into words once (tables_once). */
typedef struct {
    const char *text;
    size_t n;
    const char *w[6];
    char buf[48];
} phrase;

static phrase suffix_tab[sizeof legal_suffixes / sizeof legal_suffixes[0]];
static phrase prefix_tab[sizeof legal_prefixes / sizeof legal_prefixes[0]];

static void split_phrase(const char *text, phrase *p)
{
    p->text = text;
    p->n = 0;
    snprintf(p->buf, sizeof p->buf, "%s", text);
    for (char *save = NULL, *w = strtok_r(p->buf, " ", &save); w && p->n < 6;
         w = strtok_r(NULL, " ", &save))
        p->w[p->n++] = w;
}

/* Do tokens idx[from..from+n) spell the phrase? */
static bool phrase_at(const ot_norm_name *nm, const uint8_t *idx, size_t from, const phrase *p)
{
    for (size_t j = 0; j < p->n; j++)
        if (strcmp(ot_norm_token(nm, idx[from + j]), p->w[j]) != 0) return false;
    return true;
}

/* What a word is, looked up once per token (the lists above, hashed at first use). */
enum {
    W_STOP = 1,
    W_FACILITY = 2,
    W_LEGAL_ANYWHERE = 4,
    W_LEGAL_SUFFIX = 8,
    W_LEGAL_PREFIX = 16,
    W_LEGALISH = 32,
    W_SUFFIX_END = 64,
    W_PREFIX_START = 128,
};

static ot_strmap word_classes;

/* Suffix phrases grouped by their last word, longest first (built in sort_tables). */
typedef struct phrase_group {
    uint8_t n;
    uint8_t idx[24];
} phrase_group;

static phrase_group suffix_groups[128];
static size_t n_suffix_groups;
static ot_strmap suffix_by_last;

static void add_class(const char *w, size_t cls)
{
    size_t old = 0;
    strmap_get(&word_classes, w, &old);
    strmap_put(&word_classes, w, old | cls);
}

static unsigned word_class(const char *w)
{
    size_t v = 0;
    strmap_get(&word_classes, w, &v);
    return (unsigned)v;
}

/* Folded spellings of the legal words, for damaged_legal. */
typedef struct folded_word {
    const char *canon;
    char folded[16];
    size_t len;
    unsigned limit; /* edits forgiven */
    uint32_t mask;  /* letters present: one edit changes at most two */
} folded_word;

static inline unsigned popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24;
}

static uint32_t letters_of(const char *w, size_t len)
{
    uint32_t m = 0;
    for (size_t i = 0; i < len; i++)
        m |= 1u << ((unsigned char)w[i] & 31);
    return m;
}

static folded_word folded_legal[64];
static size_t n_folded_legal;
static size_t legal_by_len[18]; /* folded_legal sorted by len: first index of each length */

static int folded_len_cmp(const void *a, const void *b)
{
    const folded_word *x = a, *y = b;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* One hash look-up per token gives its canonical spelling and what kind of word that is
 * (built in sort_tables from the synonyms and the word lists). */
typedef struct word_info {
    const char *canon;
    unsigned cls;
} word_info;

static word_info word_infos[512];
static size_t n_word_infos;
static ot_strmap word_info_index;

static void add_info(const char *word, const char *canon, unsigned cls)
{
    if (n_word_infos >= sizeof word_infos / sizeof word_infos[0]) return;
    if (strmap_get(&word_info_index, word, NULL)) return;
    word_infos[n_word_infos] = (word_info){canon, cls};
    strmap_put(&word_info_index, word, n_word_infos++);
}

/* Canonical spelling of a token; *cls gets its W_* bits. */
static const char *canonical_word(const char *tok, unsigned *cls)
{
    size_t i;
    if (strmap_get(&word_info_index, tok, &i)) {
        *cls = word_infos[i].cls;
        return word_infos[i].canon;
    }
    *cls = 0;
    return tok;
}

/* An OCR-damaged spelling of one of the listed words ("5melter", "Perser0", "ancl",
 * "Srnelting", "Ltc1"): each repair is tried alone, and kept only when it yields a listed
 * word, so ordinary names are never changed. */
static const char *repaired_word(const char *tok, unsigned *cls)
{
    static const struct {
        const char *from, *to;
    } repairs[] = {{"0", "o"},  {"1", "l"},  {"1", "i"},  {"5", "s"}, {"8", "b"},
                   {"rn", "m"}, {"cl", "d"}, {"c1", "d"}, {"vv", "w"}};
    size_t n = 0;
    bool suspect = false; /* one pass: any digit, "rn", "cl", "c1" or "vv" at all? */
    for (const char *p = tok; *p; p++, n++)
        if ((*p >= '0' && *p <= '9') ||
            (p[1] && ((*p == 'r' && p[1] == 'n') || (*p == 'c' && (p[1] == 'l' || p[1] == '1')) ||
                      (*p == 'v' && p[1] == 'v'))))
            suspect = true;
    if (!suspect || n < 2 || n > 30) return NULL;
    for (size_t r = 0; r < sizeof repairs / sizeof repairs[0]; r++) {
        const char *at = strstr(tok, repairs[r].from);
        if (!at) continue;
        char buf[40];
        size_t fl = strlen(repairs[r].from), tl = strlen(repairs[r].to), o = 0;
        for (const char *p = tok; *p && o + tl < sizeof buf;) {
            if (strncmp(p, repairs[r].from, fl) == 0) {
                memcpy(buf + o, repairs[r].to, tl);
                o += tl;
                p += fl;
            } else
                buf[o++] = *p++;
        }
        buf[o] = '\0';
        size_t i;
        if (strmap_get(&word_info_index, buf, &i)) {
            *cls = word_infos[i].cls;
            return word_infos[i].canon;
        }
    }
    return NULL;
}

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void sort_tables(void)
{
    for (size_t i = 0; i < COUNT(legal_suffixes); i++) {
        split_phrase(legal_suffixes[i], &suffix_tab[i]);
        const char *lastw = suffix_tab[i].w[suffix_tab[i].n - 1];
        add_class(lastw, W_SUFFIX_END);
        if (suffix_tab[i].n == 1) add_class(legal_suffixes[i], W_LEGAL_SUFFIX);
        size_t g;
        if (!strmap_get(&suffix_by_last, lastw, &g)) {
            if (n_suffix_groups >= COUNT(suffix_groups)) continue;
            g = n_suffix_groups++;
            strmap_put(&suffix_by_last, lastw, g);
        }
        /* the table lists longer phrases first; keep that order */
        if (suffix_groups[g].n < COUNT(suffix_groups[g].idx))
            suffix_groups[g].idx[suffix_groups[g].n++] = (uint8_t)i;
    }
    for (size_t i = 0; i < COUNT(legal_prefixes); i++) {
        split_phrase(legal_prefixes[i], &prefix_tab[i]);
        add_class(prefix_tab[i].w[0], W_PREFIX_START);
        if (prefix_tab[i].n == 1) add_class(legal_prefixes[i], W_LEGAL_PREFIX);
    }
    for (size_t i = 0; i < COUNT(stop_words); i++)
        add_class(stop_words[i], W_STOP);
    for (size_t i = 0; i < COUNT(facility_words); i++)
        add_class(facility_words[i], W_FACILITY);
    for (size_t i = 0; i < COUNT(legal_anywhere); i++)
        add_class(legal_anywhere[i], W_LEGAL_ANYWHERE);
    for (size_t i = 0; i < COUNT(legalish_words); i++)
        add_class(legalish_words[i], W_LEGALISH);
    for (size_t i = 0; i < COUNT(synonyms); i++)
        add_info(synonyms[i].from, synonyms[i].to, word_class(synonyms[i].to));
    for (size_t i = 0; i < word_classes.cap; i++)
        if (word_classes.keys[i])
            add_info(word_classes.keys[i], word_classes.keys[i], (unsigned)word_classes.vals[i]);
    /* damaged legal words: the long ones forgive one edit, the short ones none */
    for (size_t i = 0; i < COUNT(fuzzy_legal) && n_folded_legal < COUNT(folded_legal); i++) {
        folded_word *f = &folded_legal[n_folded_legal++];
        const char *w = fuzzy_legal[i].from;
        f->canon = fuzzy_legal[i].to;
        f->len = ot_ocr_fold(w, strlen(w), f->folded, sizeof f->folded);
        f->limit = strlen(w) >= 4 || strcmp(w, "ltd") == 0 ? 1 : 0;
        f->mask = letters_of(f->folded, f->len);
    }
    for (size_t i = 0; i < COUNT(legal_suffixes) && n_folded_legal < COUNT(folded_legal); i++) {
        if (strchr(legal_suffixes[i], ' ')) continue;
        folded_word *f = &folded_legal[n_folded_legal++];
        f->canon = legal_suffixes[i];
        f->len =
            ot_ocr_fold(legal_suffixes[i], strlen(legal_suffixes[i]), f->folded, sizeof f->folded);
        f->limit = 0; /* "5a" = "sa", "5pa" = "spa" */
        f->mask = letters_of(f->folded, f->len);
    }
    qsort(folded_legal, n_folded_legal, sizeof folded_legal[0], folded_len_cmp);
    for (size_t l = 0, i = 0; l < COUNT(legal_by_len); l++) {
        while (i < n_folded_legal && folded_legal[i].len < l)
            i++;
        legal_by_len[l] = i;
    }
}

/* ------------------------------------------------------------------------------------ */
/* Tokens                                                                                */

typedef struct {
    const char *p;
    uint8_t len;
    bool paren;
} raw_token;

static bool is_word_cp(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) || c == UTF8PROC_CATEGORY_MN ||
           c == UTF8PROC_CATEGORY_MC;
}

static inline bool is_alnum_ascii(unsigned char c)
{
    return (unsigned char)(c - 'a') < 26 || (unsigned char)(c - '0') < 10;
}

/* Splits folded text into raw tokens; "&" yields the word "and". */
static size_t split_tokens(const char *f, size_t n, raw_token *raw, size_t max)
{
    static const char and_word[] = "and";
    size_t count = 0, start = SIZE_MAX;
    int depth = 0;
    for (size_t i = 0; i <= n && count < max;) {
        size_t step = 1;
        bool word = false;
        if (i < n) {
            unsigned char c = (unsigned char)f[i];
            if (c >= 0x80) {
                utf8proc_int32_t cp;
                utf8proc_ssize_t s = utf8proc_iterate((const utf8proc_uint8_t *)f + i,
                                                      (utf8proc_ssize_t)(n - i), &cp);
                step = s > 0 ? (size_t)s : 1;
                word = s > 0 && is_word_cp(cp);
            } else
                word = is_alnum_ascii(c);
        }
        if (word) {
            if (start == SIZE_MAX) start = i;
            i += step;
            continue;
        }
        if (start != SIZE_MAX) {
            size_t len = i - start;
            if (len > 255) len = 255;
            raw[count++] = (raw_token){f + start, (uint8_t)len, depth > 0};
            start = SIZE_MAX;
        }
        if (i < n && count < max) {
            char c = f[i];
            if (c == '&')
                raw[count++] = (raw_token){and_word, 3, depth > 0};
            else if (c == '(' || c == '[' || c == '{')
                depth++;
            else if ((c == ')' || c == ']' || c == '}') && depth > 0)
                depth--;
        }
        i += step;
    }
    return count;
}

static bool single_letter(const raw_token *t)
{
    return t->len == 1 &&
           ((t->p[0] >= 'a' && t->p[0] <= 'z') || (t->p[0] >= '0' && t->p[0] <= '9'));
}

/* A run of single characters with at least one letter ("S.A.", "5.A.", not "1 2"). */
static bool letter_run(const raw_token *raw, size_t i, size_t n)
{
    bool letter = false;
    size_t k = i;
    for (; k < n && single_letter(&raw[k]) && raw[k].paren == raw[i].paren; k++)
        if (raw[k].p[0] >= 'a' && raw[k].p[0] <= 'z') letter = true;
    return k - i >= 2 && letter;
}

/* Appends a token (canonical and surface spelling); false when the buffers are full. */
static bool emit(ot_norm_name *out, size_t *used, size_t *sused, const char *p, size_t len,
                 const char *surf, size_t slen, uint8_t flags, unsigned cls)
{
    if (out->ntok >= OT_NORM_MAX_TOKENS || len == 0 || len > 255 || slen > 255) return false;
    if (*used + len + 1 > OT_NORM_TEXT || *sused + slen + 1 > OT_NORM_TEXT) return false;
    memcpy(out->text + *used, p, len);
    out->text[*used + len] = '\0';
    memcpy(out->surface + *sused, surf, slen);
    out->surface[*sused + slen] = '\0';
    out->tok[out->ntok++] = (ot_name_token){
        (uint16_t)*used, (uint16_t)*sused, (uint8_t)len, (uint8_t)slen, flags, (uint8_t)cls};
    *used += len + 1;
    *sused += slen + 1;
    return true;
}

static uint8_t word_flags(unsigned cls, bool paren)
{
    uint8_t flags = paren ? OT_TOK_PAREN : 0;
    if (cls & W_STOP) flags |= OT_TOK_STOP;
    if (cls & W_FACILITY) flags |= OT_TOK_FACILITY;
    return flags;
}

static void add_legal(ot_norm_name *nm, const char *text)
{
    size_t len = strlen(nm->legal), tl = strlen(text);
    if (len + tl + 2 > sizeof nm->legal) return;
    if (len) nm->legal[len++] = ' ';
    memcpy(nm->legal + len, text, tl + 1);
}

/* A damaged legal word at the end of a name ("Lmited", "Ltcl", "5ARL"): its canonical
 * spelling, or NULL. Four letters at least, one edit (a swap counts as one) after OCR
 * folding. */
static const char *damaged_legal(const char *tok, size_t len)
{
    if (len < 2) return NULL;
    if (len > 16) return NULL;
    char a[64];
    size_t al = ot_ocr_fold(tok, len, a, sizeof a);
    uint32_t am = letters_of(a, al);
    size_t from = legal_by_len[al > 1 ? al - 1 : 0];
    size_t to = al + 2 < COUNT(legal_by_len) ? legal_by_len[al + 2] : n_folded_legal;
    for (size_t i = from; i < to; i++) {
        const folded_word *f = &folded_legal[i];
        if (al > f->len + f->limit || f->len > al + f->limit) continue;
        if (popcount32(am ^ f->mask) > 2 * f->limit) continue;
        if (f->limit == 0 ? al == f->len && memcmp(a, f->folded, al) == 0
                          : ot_edit_distance_swap(a, al, f->folded, f->len, f->limit) <= f->limit)
            return f->canon;
    }
    return NULL;
}

/* Marks legal forms at both ends of the unparenthesised tokens (looking past facility
 * words: "Jalan & Company Smelter"), then the unmistakable ones anywhere; other words
 * spelled like legal forms are marked LEGALISH. A name made only of legal forms keeps
 * them as its words. */
static void mark_legal_forms(ot_norm_name *nm)
{
    uint8_t idx[OT_NORM_MAX_TOKENS];
    size_t n = 0;
    for (size_t i = 0; i < nm->ntok; i++)
        if (!(nm->tok[i].flags & OT_TOK_PAREN)) idx[n++] = (uint8_t)i;
    size_t lo = 0, hi = n; /* outer tokens still unclaimed: idx[lo..hi) */
    char found_suffix[64] = "";
    for (bool again = true; again && hi > lo;) {
        again = false;
        size_t end = hi; /* past trailing facility and stop words */
        while (end > lo + 1 && nm->tok[idx[end - 1]].flags & (OT_TOK_FACILITY | OT_TOK_STOP))
            end--;
        const char *canon = NULL;
        size_t k = 0;
        size_t g;
        const phrase_group *grp =
            nm->tok[idx[end - 1]].cls & W_SUFFIX_END &&
                    strmap_get(&suffix_by_last, ot_norm_token(nm, idx[end - 1]), &g)
                ? &suffix_groups[g]
                : NULL;
        for (size_t gi = 0; grp && gi < grp->n && !canon; gi++) {
            const phrase *ph = &suffix_tab[grp->idx[gi]];
            k = ph->n;
            /* keep one word (a facility word passed over counts) */
            if (k == 0 || k + (end == hi ? 1 : 0) > end - lo) continue;
            if (phrase_at(nm, idx, end - k, ph)) canon = ph->text;
        }
        if (!canon && end - lo >= 2) {
            ot_name_token *t = &nm->tok[idx[end - 1]];
            const char *fixed = damaged_legal(ot_norm_token(nm, idx[end - 1]), t->len);
            if (fixed) {
                /* spell it canonically so that keys and legal forms agree */
                if (strlen(fixed) <= t->len) {
                    memcpy(nm->text + t->off, fixed, strlen(fixed) + 1);
                    t->len = (uint8_t)strlen(fixed);
                    t->cls = (uint8_t)word_class(fixed);
                }
                canon = fixed;
                k = 1;
            }
        }
        if (!canon) break;
        for (size_t j = end - k; j < end; j++)
            nm->tok[idx[j]].flags |= OT_TOK_LEGAL;
        /* the facility words passed over stay words; the legal form is taken out */
        memmove(idx + end - k, idx + end, (hi - end) * sizeof idx[0]);
        hi -= k;
        /* suffixes are found right to left; keep them in reading order */
        size_t cl = strlen(canon), fl = strlen(found_suffix);
        if (cl + fl + 2 <= sizeof found_suffix) {
            memmove(found_suffix + cl + (fl ? 1 : 0), found_suffix, fl + 1);
            memcpy(found_suffix, canon, cl);
            if (fl) found_suffix[cl] = ' ';
        }
        again = true;
    }
    for (bool again = true; again && hi > lo;) {
        again = false;
        size_t start = lo; /* past leading stop words ("The OOO ...") */
        while (start + 1 < hi && nm->tok[idx[start]].flags & OT_TOK_STOP)
            start++;
        if (!(nm->tok[idx[start]].cls & W_PREFIX_START)) break;
        for (size_t p = 0; p < COUNT(prefix_tab); p++) {
            size_t k = prefix_tab[p].n;
            if (k == 0 || k >= hi - start) continue; /* a prefix never takes the whole name */
            if (!phrase_at(nm, idx, start, &prefix_tab[p])) continue;
            for (size_t j = start; j < start + k; j++)
                nm->tok[idx[j]].flags |= OT_TOK_LEGAL;
            lo = start + k;
            add_legal(nm, prefix_tab[p].text);
            again = true;
            break;
        }
    }
    if (found_suffix[0]) add_legal(nm, found_suffix);
    for (size_t i = 0; i < nm->ntok; i++) {
        ot_name_token *t = &nm->tok[i];
        if (t->flags & (OT_TOK_LEGAL | OT_TOK_STOP)) continue;
        const char *w = ot_norm_token(nm, i);
        bool paren = t->flags & OT_TOK_PAREN;
        unsigned cls = t->cls;
        if (cls & W_LEGAL_ANYWHERE || (paren && cls & W_LEGAL_SUFFIX)) {
            t->flags |= OT_TOK_LEGAL;
            add_legal(nm, w);
        } else if (cls & (W_LEGAL_SUFFIX | W_LEGAL_PREFIX | W_LEGALISH))
            t->flags |= OT_TOK_LEGALISH;
    }
    size_t core = 0;
    for (size_t i = 0; i < nm->ntok; i++)
        if (!(nm->tok[i].flags & (OT_TOK_LEGAL | OT_TOK_STOP))) core++;
    if (core == 0) {
        for (size_t i = 0; i < nm->ntok; i++)
            nm->tok[i].flags &= (uint8_t)~OT_TOK_LEGAL;
        nm->legal[0] = '\0';
    }
}

static inline void append(char *buf, size_t *n, const char *w, size_t len)
{
    if (*n + len + 1 > OT_NORM_TEXT) return;
    for (size_t i = 0; i < len; i++)
        buf[*n + i] = w[i]; /* words are short */
    *n += len;
}

static void build_keys(ot_norm_name *nm)
{
    size_t k = 0, f = 0, z = 0, zf = 0, r = 0;
    nm->has_paren = false;
    for (size_t i = 0; i < nm->ntok; i++) {
        const ot_name_token *t = &nm->tok[i];
        append(nm->raw_key, &r, ot_norm_surface(nm, i), t->slen);
        if (t->flags & (OT_TOK_LEGAL | OT_TOK_STOP)) continue;
        const char *w = ot_norm_token(nm, i);
        if (!(t->flags & OT_TOK_FACILITY)) append(nm->fuzzy_full, &zf, w, t->len);
        if (t->flags & OT_TOK_PAREN)
            nm->has_paren = true;
        else {
            append(nm->key, &k, w, t->len);
            if (!(t->flags & OT_TOK_FACILITY)) append(nm->fuzzy_key, &z, w, t->len);
        }
        append(nm->full_key, &f, w, t->len);
    }
    nm->key[k] = nm->full_key[f] = nm->fuzzy_key[z] = nm->fuzzy_full[zf] = nm->raw_key[r] = '\0';
    if (k == 0) {
        memcpy(nm->key, nm->full_key, f + 1);
        k = f;
    }
    if (z == 0) {
        memcpy(nm->fuzzy_key, nm->key, k + 1);
        z = k;
    }
    nm->key_len = (uint16_t)k;
    nm->full_key_len = (uint16_t)f;
    nm->fuzzy_key_len = (uint16_t)z;
    if (zf == 0) {
        memcpy(nm->fuzzy_full, nm->full_key, f + 1);
        zf = f;
    }
    nm->fuzzy_full_len = (uint16_t)zf;
    nm->raw_key_len = (uint16_t)r;
}

void ot_normalize_name(const char *s, ot_norm_name *out)
{
    pthread_once(&tables_once, sort_tables);
    out->ntok = 0;
    out->key[0] = out->full_key[0] = out->fuzzy_key[0] = out->fuzzy_full[0] = '\0';
    out->raw_key[0] = out->legal[0] = '\0';
    out->key_len = out->full_key_len = out->fuzzy_key_len = out->fuzzy_full_len = 0;
    out->raw_key_len = 0;
    out->has_paren = false;

    /* Apostrophes join ("L'Orfebre" = "LOrfebre"); they never split a word. Plain ASCII
     * (most names) is folded in the same single pass. */
    char folded[OT_NORM_TEXT];
    size_t w = 0;
    bool ascii = true;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        unsigned char c = *p;
        if (c >= 0x80) {
            ascii = false;
            break;
        }
        if (c == '\'') continue;
        if (w + 1 >= sizeof folded) break;
        if (c < 0x20 || c == 0x7f)
            c = ' ';
        else if ((unsigned char)(c - 'A') < 26)
            c = (unsigned char)(c + 32);
        folded[w++] = (char)c;
    }
    if (!ascii) {
        size_t n = ot_fold_text(s, folded, sizeof folded);
        w = 0;
        for (size_t i = 0; i < n; i++)
            if (folded[i] != '\'') folded[w++] = folded[i];
    }
    folded[w] = '\0';

    raw_token raw[OT_NORM_MAX_TOKENS * 2];
    size_t nraw = split_tokens(folded, w, raw, sizeof raw / sizeof raw[0]);

    size_t used = 0, sused = 0;
    char joined[OT_NORM_TEXT];
    for (size_t i = 0; i < nraw;) {
        /* Runs of single letters are one abbreviation: "S.p.A." = "spa", "H C" = "hc". */
        if (letter_run(raw, i, nraw)) {
            size_t j = i, jl = 0;
            while (j < nraw && single_letter(&raw[j]) && raw[j].paren == raw[i].paren &&
                   jl + 1 < sizeof joined)
                joined[jl++] = raw[j++].p[0];
            joined[jl] = '\0';
            unsigned cls;
            const char *canon = canonical_word(joined, &cls);
            if (!emit(out, &used, &sused, canon, strlen(canon), joined, jl,
                      word_flags(cls, raw[i].paren), cls))
                break;
            i = j;
            continue;
        }
        /* end the word in place: the separator after it has served its purpose */
        char *word = (char *)raw[i].p;
        if (word[raw[i].len] != '\0') word[raw[i].len] = '\0';
        unsigned cls;
        const char *canon = canonical_word(word, &cls);
        if (canon == word && !cls) {
            const char *fixed = repaired_word(word, &cls);
            if (fixed) canon = fixed;
        }
        if (!emit(out, &used, &sused, canon, strlen(canon), word, raw[i].len,
                  word_flags(cls, raw[i].paren), cls))
            break;
        i++;
    }
    mark_legal_forms(out);
    build_keys(out);
}

/* ------------------------------------------------------------------------------------ */
/* OCR folding                                                                           */

/* Single letters OCR confuses, folded onto one; 0 = unchanged. The pairs rn, vv, cl are
 * handled first (their first letter is marked with 1). */
static const unsigned char ocr_single[256] = {
    ['0'] = 'o', ['1'] = 'l', ['i'] = 'l', ['|'] = 'l', ['5'] = 's',
    ['8'] = 'b', ['c'] = 'e', ['r'] = 1,   ['v'] = 1,
};

size_t ot_ocr_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned char f = ocr_single[c];
        if (f && i + 1 < len) {
            char next = s[i + 1];
            if ((c == 'r' && next == 'n') || (c == 'v' && next == 'v') ||
                (c == 'c' && next == 'l')) {
                out[n++] = c == 'r' ? 'm' : c == 'v' ? 'w' : 'd';
                i++;
                continue;
            }
        }
        out[n++] = (char)(f > 1 ? f : c);
    }
    if (cap) out[n] = '\0';
    return n;
}

/* ------------------------------------------------------------------------------------ */
/* Metals                                                                                */

/* Spellings (folded, letters only) a supplier may use for a metal. */
static const struct {
    const char *spelling, *metal;
} metal_words[] = {
    {"gold", "Gold"},
    {"au", "Gold"},
    {"oro", "Gold"},
    {"ouro", "Gold"},
    {"tantalum", "Tantalum"},
    {"ta", "Tantalum"},
    {"tantal", "Tantalum"},
    {"tantale", "Tantalum"},
    {"tantalo", "Tantalum"},
    {"coltan", "Tantalum"},
    {"tantalite", "Tantalum"},
    {"columbitetantalite", "Tantalum"},
    {"tin", "Tin"},
    {"sn", "Tin"},
    {"zinn", "Tin"},
    {"etain", "Tin"},
    {"estano", "Tin"},
    {"estanho", "Tin"},
    {"stagno", "Tin"},
    {"cassiterite", "Tin"},
    {"tungsten", "Tungsten"},
    {"w", "Tungsten"},
    {"wolfram", "Tungsten"},
    {"wolframio", "Tungsten"},
    {"wolframite", "Tungsten"},
    {"volfram", "Tungsten"},
    {"cobalt", "Cobalt"},
    {"co", "Cobalt"},
    {"kobalt", "Cobalt"},
    {"cobalto", "Cobalt"},
    {"copper", "Copper"},
    {"cu", "Copper"},
    {"kupfer", "Copper"},
    {"cobre", "Copper"},
    {"cuivre", "Copper"},
    {"graphite", "Graphite"},
    {"naturalgraphite", "Graphite"},
    {"graphit", "Graphite"},
    {"grafito", "Graphite"},
    {"lithium", "Lithium"},
    {"li", "Lithium"},
    {"litio", "Lithium"},
    {"mica", "Mica"},
    {"naturalmica", "Mica"},
    {"nickel", "Nickel"},
    {"ni", "Nickel"},
    {"niquel", "Nickel"},
    {"nikel", "Nickel"},
    {"aluminum", "Aluminum"},
    {"aluminium", "Aluminum"},
    {"al", "Aluminum"},
    {"iridium", "Iridium"},
    {"ir", "Iridium"},
    {"lime", "Lime"},
    {"manganese", "Manganese"},
    {"mn", "Manganese"},
    {"palladium", "Palladium"},
    {"pd", "Palladium"},
    {"platinum", "Platinum"},
    {"pt", "Platinum"},
    {"rareearthelements", "Rare Earth Elements"},
    {"rareearths", "Rare Earth Elements"},
    {"rareearth", "Rare Earth Elements"},
    {"ree", "Rare Earth Elements"},
    {"rhodium", "Rhodium"},
    {"rh", "Rhodium"},
    {"ruthenium", "Ruthenium"},
    {"ru", "Ruthenium"},
    {"silver", "Silver"},
    {"ag", "Silver"},
    {"sodaash", "Soda Ash"},
    {"zinc", "Zinc"},
    {"zn", "Zinc"},
    /* Chinese (simplified and traditional), Japanese, Korean */
    {"金", "Gold"},
    {"黄金", "Gold"},
    {"锡", "Tin"},
    {"錫", "Tin"},
    {"スズ", "Tin"},
    {"주석", "Tin"},
    {"钽", "Tantalum"},
    {"鉭", "Tantalum"},
    {"タンタル", "Tantalum"},
    {"탄탈륨", "Tantalum"},
    {"钨", "Tungsten"},
    {"鎢", "Tungsten"},
    {"タングステン", "Tungsten"},
    {"텅스텐", "Tungsten"},
    {"금", "Gold"},
    {"钴", "Cobalt"},
    {"鈷", "Cobalt"},
    {"コバルト", "Cobalt"},
    {"铜", "Copper"},
    {"銅", "Copper"},
    {"锂", "Lithium"},
    {"鋰", "Lithium"},
    {"リチウム", "Lithium"},
    {"镍", "Nickel"},
    {"鎳", "Nickel"},
    {"ニッケル", "Nickel"},
    {"云母", "Mica"},
    {"雲母", "Mica"},
    {"石墨", "Graphite"},
    {"黒鉛", "Graphite"},
};

/* Folds and keeps letters only; digits an OCR engine puts for letters become letters. */
static size_t metal_letters(const char *typed, char *out, size_t cap)
{
    char folded[128];
    size_t n = ot_fold_text(typed, folded, sizeof folded);
    /* "Gold (Au)": the part before the bracket names the metal. */
    char *br = memchr(folded, '(', n);
    if (br && br != folded) n = (size_t)(br - folded);
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < cap; i++) {
        unsigned char c = (unsigned char)folded[i];
        if (c == '0')
            c = 'o';
        else if (c == '1')
            c = 'i';
        else if (c == '5')
            c = 's';
        if ((c >= 'a' && c <= 'z') || c >= 0x80) out[w++] = (char)c;
    }
    out[w] = '\0';
    return w;
}

static ot_strmap metal_index; /* spelling -> index in metal_words */
static pthread_once_t metal_once = PTHREAD_ONCE_INIT;

static void build_metal_index(void)
{
    for (size_t i = 0; i < sizeof metal_words / sizeof metal_words[0]; i++)
        strmap_put(&metal_index, metal_words[i].spelling, i);
}

const char *ot_metal_canonical(const char *typed, bool *garbled)
{
    if (garbled) *garbled = false;
    if (!typed) return NULL;
    /* the usual case first: the template's own spelling */
    static const char *const usual[] = {"Gold",   "Tin",     "Tantalum", "Tungsten", "Cobalt",
                                        "Copper", "Lithium", "Mica",     "Nickel",   "Graphite"};
    for (size_t i = 0; i < sizeof usual / sizeof usual[0]; i++)
        if (strcasecmp(typed, usual[i]) == 0) return usual[i];
    pthread_once(&metal_once, build_metal_index);
    char letters[128];
    size_t n = metal_letters(typed, letters, sizeof letters);
    if (n == 0) return NULL;
    const size_t nwords = sizeof metal_words / sizeof metal_words[0];
    size_t hit;
    if (strmap_get(&metal_index, letters, &hit))
        for (size_t i = hit; i == hit; i++) {
            if (garbled) {
                char plain[128];
                size_t pl = ot_fold_text(typed, plain, sizeof plain);
                (void)pl;
                char *br = strchr(plain, '(');
                if (br) *br = '\0';
                /* "Ti n" or "T1n" needed repair; "gold (au)" did not. */
                size_t k = strlen(plain);
                while (k > 0 && plain[k - 1] == ' ')
                    plain[--k] = '\0';
                size_t s0 = strspn(plain, " ");
                *garbled = strcmp(plain + s0, metal_words[i].spelling) != 0;
            }
            return metal_words[i].metal;
        }
    if (n < 4) return NULL; /* too short to repair safely */
    unsigned limit = n >= 6 ? 2 : 1;
    const char *best = NULL;
    unsigned best_d = limit + 1;
    bool tie = false;
    for (size_t i = 0; i < nwords; i++) {
        const char *sp = metal_words[i].spelling;
        size_t sl = strlen(sp);
        if (sl < 4 || ((unsigned char)sp[0] & 0x80)) continue;
        unsigned d = ot_edit_distance(letters, n, sp, sl, limit);
        if (d < best_d) {
            best_d = d;
            best = metal_words[i].metal;
            tie = false;
        } else if (d == best_d && best && strcmp(best, metal_words[i].metal) != 0)
            tie = true;
    }
    if (!best || tie || best_d > limit) return NULL;
    if (garbled) *garbled = true;
    return best;
}

/* ------------------------------------------------------------------------------------ */
/* Countries                                                                             */

/* Typed spelling -> template spelling. Entries are compared after the same key
 * computation as the input (folded words, sorted), so word order and punctuation do not
 * matter. */
static const struct {
    const char *typed, *canonical;
} country_words[] = {
    {"usa", "united states of america"},
    {"us", "united states of america"},
    {"united states", "united states of america"},
    {"america", "united states of america"},
    {"u s a", "united states of america"},
    {"us of america", "united states of america"},
    {"uk", "united kingdom"},
    {"gb", "united kingdom"},
    {"great britain", "united kingdom"},
    {"britain", "united kingdom"},
    {"england", "united kingdom"},
    {"united kingdom of great britain and northern ireland", "united kingdom"},
    {"korea", "korea republic of"},
    {"south korea", "korea republic of"},
    {"republic of korea", "korea republic of"},
    {"kr", "korea republic of"},
    {"kor", "korea republic of"},
    {"rok", "korea republic of"},
    {"korea democratic peoples republic of", "north korea"},
    {"dprk", "north korea"},
    {"russia", "russian federation"},
    {"ru", "russian federation"},
    {"rus", "russian federation"},
    {"prc", "china"},
    {"peoples republic of china", "china"},
    {"pr china", "china"},
    {"p r china", "china"},
    {"cn", "china"},
    {"chn", "china"},
    {"mainland china", "china"},
    {"taiwan", "taiwan province of china"},
    {"republic of china", "taiwan province of china"},
    {"chinese taipei", "taiwan province of china"},
    {"tw", "taiwan province of china"},
    {"twn", "taiwan province of china"},
    {"taiwan roc", "taiwan province of china"},
    {"vietnam", "viet nam"},
    {"vn", "viet nam"},
    {"vnm", "viet nam"},
    {"drc", "congo democratic republic of the"},
    {"dr congo", "congo democratic republic of the"},
    {"d r congo", "congo democratic republic of the"},
    {"democratic republic of the congo", "congo democratic republic of the"},
    {"democratic republic of congo", "congo democratic republic of the"},
    {"congo kinshasa", "congo democratic republic of the"},
    {"zaire", "congo democratic republic of the"},
    {"cod", "congo democratic republic of the"},
    {"republic of the congo", "congo"},
    {"congo brazzaville", "congo"},
    {"tanzania", "tanzania united republic of"},
    {"united republic of tanzania", "tanzania united republic of"},
    {"tz", "tanzania united republic of"},
    {"laos", "lao peoples democratic republic"},
    {"lao", "lao peoples democratic republic"},
    {"lao pdr", "lao peoples democratic republic"},
    {"czech republic", "czechia"},
    {"turkiye", "turkey"},
    {"jp", "japan"},
    {"jpn", "japan"},
    {"de", "germany"},
    {"deu", "germany"},
    {"deutschland", "germany"},
    {"br", "brazil"},
    {"bra", "brazil"},
    {"brasil", "brazil"},
    {"ind", "india"},
    {"idn", "indonesia"},
    {"mx", "mexico"},
    {"mex", "mexico"},
    {"pe", "peru"},
    {"per", "peru"},
    {"cl", "chile"},
    {"chl", "chile"},
    {"my", "malaysia"},
    {"mys", "malaysia"},
    {"th", "thailand"},
    {"tha", "thailand"},
    {"ph", "philippines"},
    {"phl", "philippines"},
    {"ch", "switzerland"},
    {"che", "switzerland"},
    {"schweiz", "switzerland"},
    {"suisse", "switzerland"},
    {"be", "belgium"},
    {"bel", "belgium"},
    {"za", "south africa"},
    {"zaf", "south africa"},
    {"rsa", "south africa"},
    {"ca", "canada"},
    {"can", "canada"},
    {"au", "australia"},
    {"aus", "australia"},
    {"uae", "united arab emirates"},
    {"ae", "united arab emirates"},
    {"are", "united arab emirates"},
    {"hk", "hong kong"},
    {"hkg", "hong kong"},
    {"hong kong sar", "hong kong"},
    {"nl", "netherlands"},
    {"nld", "netherlands"},
    {"holland", "netherlands"},
    {"es", "spain"},
    {"esp", "spain"},
    {"espana", "spain"},
    {"it", "italy"},
    {"ita", "italy"},
    {"italia", "italy"},
    {"fr", "france"},
    {"fra", "france"},
    {"at", "austria"},
    {"aut", "austria"},
    {"osterreich", "austria"},
    {"se", "sweden"},
    {"swe", "sweden"},
    {"fi", "finland"},
    {"fin", "finland"},
    {"pl", "poland"},
    {"pol", "poland"},
    {"polska", "poland"},
    {"kz", "kazakhstan"},
    {"kaz", "kazakhstan"},
    {"uz", "uzbekistan"},
    {"uzb", "uzbekistan"},
    {"rw", "rwanda"},
    {"rwa", "rwanda"},
    {"ug", "uganda"},
    {"uga", "uganda"},
    {"zm", "zambia"},
    {"zmb", "zambia"},
    {"zw", "zimbabwe"},
    {"zwe", "zimbabwe"},
    {"sg", "singapore"},
    {"sgp", "singapore"},
    {"ee", "estonia"},
    {"est", "estonia"},
    {"ar", "argentina"},
    {"arg", "argentina"},
    {"bo", "bolivia"},
    {"bol", "bolivia"},
    {"mg", "madagascar"},
    {"mdg", "madagascar"},
    {"nz", "new zealand"},
    {"nzl", "new zealand"},
    {"gh", "ghana"},
    {"gha", "ghana"},
    {"mm", "myanmar"},
    {"mmr", "myanmar"},
    {"burma", "myanmar"},
    {"sa", "saudi arabia"},
    {"sau", "saudi arabia"},
    {"ksa", "saudi arabia"},
};

static const char *const country_unknown[] = {
    "unknown",         "na",      "n a",      "none", "tbd", "not known",
    "unknown country", "various", "multiple", "other"};

/* Folded words of s (letters and digits), stop words removed, sorted, space-joined.
 * with_paren=false drops bracketed parts. */
static size_t country_words_key(const char *s, bool with_paren, char *out, size_t cap)
{
    char folded[192];
    size_t n = ot_fold_text(s, folded, sizeof folded);
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (folded[i] != '\'') folded[w++] = folded[i];
    folded[w] = '\0';
    raw_token raw[24];
    size_t nraw = split_tokens(folded, w, raw, 24);
    const char *words[24];
    uint8_t lens[24];
    size_t k = 0;
    for (size_t i = 0; i < nraw; i++) {
        if (raw[i].paren && !with_paren) continue;
        if (raw[i].len == 3 && memcmp(raw[i].p, "the", 3) == 0) continue;
        if (raw[i].len == 2 && memcmp(raw[i].p, "of", 2) == 0) continue;
        if (raw[i].len == 3 && memcmp(raw[i].p, "and", 3) == 0) continue;
        words[k] = raw[i].p;
        lens[k++] = raw[i].len;
    }
    /* Single letters read as one abbreviation ("U.S.A." = "usa"). */
    char joined[24];
    size_t jl = 0;
    bool all_single = k > 1;
    for (size_t i = 0; i < k; i++)
        if (lens[i] != 1) all_single = false;
    if (all_single) {
        for (size_t i = 0; i < k && jl + 1 < sizeof joined; i++)
            joined[jl++] = words[i][0];
        joined[jl] = '\0';
        words[0] = joined;
        lens[0] = (uint8_t)jl;
        k = 1;
    }
    /* insertion sort by (bytes, length) */
    for (size_t i = 1; i < k; i++) {
        for (size_t j = i; j > 0; j--) {
            size_t ml = lens[j] < lens[j - 1] ? lens[j] : lens[j - 1];
            int c = memcmp(words[j], words[j - 1], ml);
            if (c > 0 || (c == 0 && lens[j] >= lens[j - 1])) break;
            const char *tw = words[j];
            words[j] = words[j - 1];
            words[j - 1] = tw;
            uint8_t tl = lens[j];
            lens[j] = lens[j - 1];
            lens[j - 1] = tl;
        }
    }
    size_t o = 0;
    for (size_t i = 0; i < k; i++) {
        if (o + lens[i] + 2 > cap) break;
        if (o) out[o++] = ' ';
        memcpy(out + o, words[i], lens[i]);
        o += lens[i];
    }
    if (cap) out[o < cap ? o : cap - 1] = '\0';
    return o;
}

typedef struct {
    char typed[96], canonical[96];
} country_entry;

static country_entry *country_table;
static ot_strmap country_index; /* typed key -> index in country_table */
static size_t country_table_len;
static pthread_once_t country_once = PTHREAD_ONCE_INIT;

static void build_country_table(void)
{
    size_t n = sizeof country_words / sizeof country_words[0];
    country_table = calloc(n, sizeof *country_table);
    if (!country_table) return;
    for (size_t i = 0; i < n; i++) {
        country_words_key(country_words[i].typed, true, country_table[i].typed, 96);
        country_words_key(country_words[i].canonical, true, country_table[i].canonical, 96);
        strmap_put(&country_index, country_table[i].typed, i);
    }
    country_table_len = n;
}

static const char *country_synonym(const char *key)
{
    size_t i;
    return strmap_get(&country_index, key, &i) ? country_table[i].canonical : NULL;
}

size_t ot_country_key(const char *country, char *out, size_t cap)
{
    if (cap == 0) return 0;
    out[0] = '\0';
    if (!country || !*country) return 0;
    pthread_once(&country_once, build_country_table);
    char full[96], bare[96];
    country_words_key(country, true, full, sizeof full);
    bool has_paren = strchr(country, '(') || strchr(country, '[');
    if (has_paren)
        country_words_key(country, false, bare, sizeof bare);
    else
        memcpy(bare, full, sizeof full);
    const char *canon = "";
    bool unknown = !full[0];
    for (size_t i = 0; !unknown && i < sizeof country_unknown / sizeof country_unknown[0]; i++)
        if (strcmp(full, country_unknown[i]) == 0) unknown = true;
    if (!unknown) {
        canon = country_synonym(full);
        if (!canon) canon = country_synonym(bare);
        if (!canon) canon = bare[0] ? bare : full;
        /* a canonical value may itself be a typed form of another ("korea" -> ...) */
        const char *again = country_synonym(canon);
        if (again) canon = again;
    }
    size_t n = strlen(canon);
    if (n >= cap) n = cap - 1;
    memcpy(out, canon, n);
    out[n] = '\0';
    return n;
}

bool ot_country_differs(const char *a, const char *b)
{
    char ka[96], kb[96];
    if (!ot_country_key(a, ka, sizeof ka) || !ot_country_key(b, kb, sizeof kb)) return false;
    return strcmp(ka, kb) != 0;
}
