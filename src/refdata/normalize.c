/* normalize.c - folding, tokens, legal forms, metals and countries (see normalize.h).
 *
 * The word lists below are data: extend them rather than adding special cases in code. */
#include "refdata/normalize.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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
        if (c < 0x20 || c == 0x7f) c = ' ';
        else if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
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
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) len--;
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] & 0x80) { ascii = false; break; }
    if (ascii) return fold_ascii(s, len, out, cap);

    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t mlen = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                         &mapped,
                                         UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                             UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                             UTF8PROC_LUMP | UTF8PROC_STRIPCC | UTF8PROC_IGNORE);
    if (mlen < 0) {
        /* Invalid UTF-8: keep the ASCII bytes, drop the rest. */
        free(mapped);
        size_t n = 0;
        for (size_t i = 0; i < len && n + 1 < cap; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c & 0x80) continue;
            if (c < 0x20 || c == 0x7f) c = ' ';
            else if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
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
            if (letter_fold[k].cp == cp) { repl = letter_fold[k].ascii; break; }
        if (repl) n = put_bytes(out, cap, n, repl, strlen(repl));
        else if (cp < 0x80) {
            char c = (char)cp;
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            n = put_bytes(out, cap, n, &c, 1);
        } else n = put_bytes(out, cap, n, (const char *)mapped + i, (size_t)step);
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

static int word_map_cmp(const void *a, const void *b)
{
    return strcmp(((const word_map *)a)->from, ((const word_map *)b)->from);
}

/* One spelling per word, so that keys agree. Applied to single tokens. */
static word_map synonyms[] = {
    {"limited", "ltd"}, {"corporation", "corp"}, {"incorporated", "inc"},
    {"company", "co"}, {"compania", "co"}, {"companhia", "co"}, {"cia", "co"},
    {"berhad", "bhd"}, {"limitada", "ltda"}, {"private", "pvt"},
    {"industries", "industry"}, {"industrial", "industry"}, {"industria", "industry"},
    {"industrie", "industry"}, {"industrias", "industry"}, {"ind", "industry"},
    {"inds", "industry"}, {"indust", "industry"},
    {"metals", "metal"}, {"metais", "metal"}, {"metales", "metal"}, {"metaux", "metal"},
    {"technologies", "technology"}, {"tech", "technology"}, {"techn", "technology"},
    {"tecnologia", "technology"}, {"technologie", "technology"}, {"technologys", "technology"},
    {"materials", "material"}, {"materiais", "material"}, {"materiales", "material"},
    {"chemicals", "chemical"}, {"chem", "chemical"}, {"intl", "international"},
    {"refining", "refinery"}, {"refineries", "refinery"}, {"refiners", "refinery"},
    {"refiner", "refinery"}, {"refinaria", "refinery"}, {"refineria", "refinery"},
    {"smelting", "smelter"}, {"smelters", "smelter"}, {"smeltery", "smelter"},
    {"mines", "mining"}, {"mine", "mining"}, {"mineracao", "mining"}, {"mineria", "mining"},
    {"metallurgical", "metallurgy"}, {"metallurgic", "metallurgy"},
    {"metalurgica", "metallurgy"}, {"metalurgia", "metallurgy"}, {"metallurgie", "metallurgy"},
    {"metalurgico", "metallurgy"}, {"products", "product"}, {"mfg", "manufacturing"},
    {"holdings", "holding"}, {"und", "and"}, {"et", "and"}, {"brasil", "brazil"},
    {"centre", "center"}, {"electronics", "electronic"}, {"resources", "resource"},
    {"enterprises", "enterprise"}, {"sciences", "science"}, {"jewellery", "jewelry"},
    {"aluminium", "aluminum"}, {"works", "work"}, {"plants", "plant"},
    {"factories", "factory"}, {"minerals", "mineral"},
};

static const char *const stop_words[] = {"the", "of", "and", "de", "da", "do",
                                         "du", "des", "del", "di"};

/* Legal forms, as canonical token sequences (after synonyms): at the end of a name... */
static const char *const legal_suffixes[] = {
    "s de rl de cv", "sab de cv", "sa de cv", "de cv", "gmbh and co kg", "gmbh co kg",
    "open joint stock co", "closed joint stock co", "public joint stock co",
    "joint stock co ltd", "joint stock co", "joint stock", "share co ltd", "shares co ltd",
    "stock co ltd", "ltd liability co", "limited liability co", "co ltd", "co inc",
    "co llc", "co kg", "co pvt ltd", "pvt ltd", "pte ltd", "pty ltd", "sdn bhd", "sp z oo",
    "kabushiki kaisha", "fz llc", "ltda me", "pt tbk", "persero tbk", "ltd", "co", "corp",
    "inc", "llc", "llp", "lp", "plc", "gmbh", "ag", "kg", "sa", "spa", "sas", "sarl",
    "srl", "sl", "slu", "bv", "nv", "jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "pao",
    "ooo", "ao", "tbk", "persero", "bhd", "sdn", "pvt", "ltda", "eireli", "pty", "pte",
    "kk", "yk", "ab", "as", "asa", "oy", "oyj", "se", "sro", "doo", "cv", "pt", "fze",
    "fzco", "fzc", "dmcc", "sab", "nl", "sae", "bsc", "saog", "spzoo",
};
/* ...at the start of a name (Indonesian, Russian, Vietnamese usage)... */
static const char *const legal_prefixes[] = {
    "open joint stock co", "closed joint stock co", "public joint stock co",
    "joint stock co", "pt", "cv", "jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "pao",
    "ao", "ooo", "fsue", "ud",
};
/* ...and anywhere, because no other word is spelled like them. */
static const char *const legal_anywhere[] = {
    "ltd", "llc", "gmbh", "inc", "corp", "kk", "jsc", "ojsc", "cjsc", "pjsc", "tbk",
    "bhd", "plc", "pvt", "ltda", "persero", "pty", "pte",
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

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void sort_tables(void)
{
    qsort(synonyms, sizeof synonyms / sizeof synonyms[0], sizeof synonyms[0], word_map_cmp);
    for (size_t i = 0; i < sizeof legal_suffixes / sizeof legal_suffixes[0]; i++)
        split_phrase(legal_suffixes[i], &suffix_tab[i]);
    for (size_t i = 0; i < sizeof legal_prefixes / sizeof legal_prefixes[0]; i++)
        split_phrase(legal_prefixes[i], &prefix_tab[i]);
}

static const char *synonym_of(const char *tok)
{
    word_map key = {tok, NULL};
    const word_map *hit = bsearch(&key, synonyms, sizeof synonyms / sizeof synonyms[0],
                                  sizeof synonyms[0], word_map_cmp);
    return hit ? hit->to : tok;
}

static bool in_list(const char *tok, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(tok, list[i]) == 0) return true;
    return false;
}
#define IN_LIST(tok, list) in_list((tok), (list), sizeof(list) / sizeof((list)[0]))

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
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
}

static bool is_alnum_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
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
            } else word = is_alnum_ascii(c);
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
            if (c == '&') raw[count++] = (raw_token){and_word, 3, depth > 0};
            else if (c == '(' || c == '[' || c == '{') depth++;
            else if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
        }
        i += step;
    }
    return count;
}

static bool single_letter(const raw_token *t)
{
    return t->len == 1 && t->p[0] >= 'a' && t->p[0] <= 'z';
}

/* Appends a token to the output; returns false when the buffers are full. */
static bool emit(ot_norm_name *out, size_t *used, const char *p, size_t len, uint8_t flags)
{
    if (out->ntok >= OT_NORM_MAX_TOKENS || len == 0 || len > 255) return false;
    if (*used + len + 1 > OT_NORM_TEXT) return false;
    memcpy(out->text + *used, p, len);
    out->text[*used + len] = '\0';
    out->tok[out->ntok++] = (ot_name_token){(uint16_t)*used, (uint8_t)len, flags};
    *used += len + 1;
    return true;
}

static void add_legal(ot_norm_name *nm, const char *text)
{
    size_t len = strlen(nm->legal);
    snprintf(nm->legal + len, sizeof nm->legal - len, "%s%s", len ? " " : "", text);
}

/* Marks legal forms at both ends of the unparenthesised tokens, then the unmistakable
 * ones anywhere. A name made only of legal forms keeps them as its words. */
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
        for (size_t p = 0; p < sizeof suffix_tab / sizeof suffix_tab[0]; p++) {
            size_t k = suffix_tab[p].n;
            if (k == 0 || k > hi - lo) continue;
            if (!phrase_at(nm, idx, hi - k, &suffix_tab[p])) continue;
            for (size_t j = hi - k; j < hi; j++) nm->tok[idx[j]].flags |= OT_TOK_LEGAL;
            hi -= k;
            /* Suffixes are found right to left; keep them in reading order. */
            char tmp[64];
            snprintf(tmp, sizeof tmp, "%s%s%s", legal_suffixes[p], found_suffix[0] ? " " : "",
                     found_suffix);
            memcpy(found_suffix, tmp, sizeof found_suffix);
            again = true;
            break;
        }
    }
    for (bool again = true; again && hi > lo;) {
        again = false;
        for (size_t p = 0; p < sizeof prefix_tab / sizeof prefix_tab[0]; p++) {
            size_t k = prefix_tab[p].n;
            if (k == 0 || k >= hi - lo) continue; /* a prefix never takes the whole name */
            if (!phrase_at(nm, idx, lo, &prefix_tab[p])) continue;
            for (size_t j = lo; j < lo + k; j++) nm->tok[idx[j]].flags |= OT_TOK_LEGAL;
            lo += k;
            add_legal(nm, legal_prefixes[p]);
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
        if (IN_LIST(w, legal_anywhere) || (paren && IN_LIST(w, legal_suffixes))) {
            t->flags |= OT_TOK_LEGAL;
            add_legal(nm, w);
        }
    }
    size_t core = 0;
    for (size_t i = 0; i < nm->ntok; i++)
        if (!(nm->tok[i].flags & (OT_TOK_LEGAL | OT_TOK_STOP))) core++;
    if (core == 0) {
        for (size_t i = 0; i < nm->ntok; i++) nm->tok[i].flags &= (uint8_t)~OT_TOK_LEGAL;
        nm->legal[0] = '\0';
    }
}

static void build_keys(ot_norm_name *nm)
{
    size_t k = 0, f = 0;
    for (size_t i = 0; i < nm->ntok; i++) {
        const ot_name_token *t = &nm->tok[i];
        if (t->flags & (OT_TOK_LEGAL | OT_TOK_STOP)) continue;
        const char *w = ot_norm_token(nm, i);
        if (!(t->flags & OT_TOK_PAREN)) {
            memcpy(nm->key + k, w, t->len);
            k += t->len;
        }
        memcpy(nm->full_key + f, w, t->len);
        f += t->len;
    }
    nm->key[k] = '\0';
    nm->full_key[f] = '\0';
    if (k == 0) {
        memcpy(nm->key, nm->full_key, f + 1);
        k = f;
    }
    nm->key_len = (uint16_t)k;
    nm->full_key_len = (uint16_t)f;
}

void ot_normalize_name(const char *s, ot_norm_name *out)
{
    pthread_once(&tables_once, sort_tables);
    out->ntok = 0;
    out->key[0] = out->full_key[0] = out->legal[0] = '\0';
    out->key_len = out->full_key_len = 0;

    char folded[OT_NORM_TEXT];
    size_t n = ot_fold_text(s, folded, sizeof folded);
    /* Apostrophes join ("L'Orfebre" = "LOrfebre"); they never split a word. */
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (folded[i] != '\'') folded[w++] = folded[i];
    folded[w] = '\0';

    raw_token raw[OT_NORM_MAX_TOKENS * 2];
    size_t nraw = split_tokens(folded, w, raw, sizeof raw / sizeof raw[0]);

    size_t used = 0;
    char joined[OT_NORM_TEXT];
    for (size_t i = 0; i < nraw;) {
        /* Runs of single letters are one abbreviation: "S.p.A." = "spa", "H C" = "hc". */
        if (single_letter(&raw[i]) && i + 1 < nraw && single_letter(&raw[i + 1]) &&
            raw[i].paren == raw[i + 1].paren) {
            size_t j = i, jl = 0;
            while (j < nraw && single_letter(&raw[j]) && raw[j].paren == raw[i].paren &&
                   jl + 1 < sizeof joined)
                joined[jl++] = raw[j++].p[0];
            joined[jl] = '\0';
            const char *canon = synonym_of(joined);
            uint8_t flags = raw[i].paren ? OT_TOK_PAREN : 0;
            if (IN_LIST(canon, stop_words)) flags |= OT_TOK_STOP;
            if (!emit(out, &used, canon, strlen(canon), flags)) break;
            i = j;
            continue;
        }
        char word[256];
        memcpy(word, raw[i].p, raw[i].len);
        word[raw[i].len] = '\0';
        const char *canon = synonym_of(word);
        uint8_t flags = raw[i].paren ? OT_TOK_PAREN : 0;
        if (IN_LIST(canon, stop_words)) flags |= OT_TOK_STOP;
        if (!emit(out, &used, canon, strlen(canon), flags)) break;
        i++;
    }
    mark_legal_forms(out);
    build_keys(out);
}

/* ------------------------------------------------------------------------------------ */
/* Metals                                                                                */

/* Spellings (folded, letters only) a supplier may use for a metal. */
static const struct {
    const char *spelling, *metal;
} metal_words[] = {
    {"gold", "Gold"}, {"au", "Gold"}, {"oro", "Gold"}, {"ouro", "Gold"},
    {"tantalum", "Tantalum"}, {"ta", "Tantalum"}, {"tantal", "Tantalum"},
    {"tantale", "Tantalum"}, {"tantalo", "Tantalum"}, {"coltan", "Tantalum"},
    {"tantalite", "Tantalum"}, {"columbitetantalite", "Tantalum"},
    {"tin", "Tin"}, {"sn", "Tin"}, {"zinn", "Tin"}, {"etain", "Tin"}, {"estano", "Tin"},
    {"estanho", "Tin"}, {"stagno", "Tin"}, {"cassiterite", "Tin"},
    {"tungsten", "Tungsten"}, {"w", "Tungsten"}, {"wolfram", "Tungsten"},
    {"wolframio", "Tungsten"}, {"wolframite", "Tungsten"}, {"volfram", "Tungsten"},
    {"cobalt", "Cobalt"}, {"co", "Cobalt"}, {"kobalt", "Cobalt"}, {"cobalto", "Cobalt"},
    {"copper", "Copper"}, {"cu", "Copper"}, {"kupfer", "Copper"}, {"cobre", "Copper"},
    {"cuivre", "Copper"}, {"graphite", "Graphite"}, {"naturalgraphite", "Graphite"},
    {"graphit", "Graphite"}, {"grafito", "Graphite"}, {"lithium", "Lithium"},
    {"li", "Lithium"}, {"litio", "Lithium"}, {"mica", "Mica"}, {"naturalmica", "Mica"},
    {"nickel", "Nickel"}, {"ni", "Nickel"}, {"niquel", "Nickel"}, {"nikel", "Nickel"},
    {"aluminum", "Aluminum"}, {"aluminium", "Aluminum"}, {"al", "Aluminum"},
    {"iridium", "Iridium"}, {"ir", "Iridium"}, {"lime", "Lime"},
    {"manganese", "Manganese"}, {"mn", "Manganese"}, {"palladium", "Palladium"},
    {"pd", "Palladium"}, {"platinum", "Platinum"}, {"pt", "Platinum"},
    {"rareearthelements", "Rare Earth Elements"}, {"rareearths", "Rare Earth Elements"},
    {"rareearth", "Rare Earth Elements"}, {"ree", "Rare Earth Elements"},
    {"rhodium", "Rhodium"}, {"rh", "Rhodium"}, {"ruthenium", "Ruthenium"},
    {"ru", "Ruthenium"}, {"silver", "Silver"}, {"ag", "Silver"}, {"sodaash", "Soda Ash"},
    {"zinc", "Zinc"}, {"zn", "Zinc"},
    /* Chinese (simplified and traditional), Japanese, Korean */
    {"金", "Gold"}, {"黄金", "Gold"}, {"锡", "Tin"}, {"錫", "Tin"}, {"スズ", "Tin"},
    {"주석", "Tin"}, {"钽", "Tantalum"}, {"鉭", "Tantalum"}, {"タンタル", "Tantalum"},
    {"탄탈륨", "Tantalum"}, {"钨", "Tungsten"}, {"鎢", "Tungsten"},
    {"タングステン", "Tungsten"}, {"텅스텐", "Tungsten"}, {"금", "Gold"},
    {"钴", "Cobalt"}, {"鈷", "Cobalt"}, {"コバルト", "Cobalt"}, {"铜", "Copper"},
    {"銅", "Copper"}, {"锂", "Lithium"}, {"鋰", "Lithium"}, {"リチウム", "Lithium"},
    {"镍", "Nickel"}, {"鎳", "Nickel"}, {"ニッケル", "Nickel"}, {"云母", "Mica"},
    {"雲母", "Mica"}, {"石墨", "Graphite"}, {"黒鉛", "Graphite"},
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
        if (c == '0') c = 'o';
        else if (c == '1') c = 'i';
        else if (c == '5') c = 's';
        if ((c >= 'a' && c <= 'z') || c >= 0x80) out[w++] = (char)c;
    }
    out[w] = '\0';
    return w;
}

const char *ot_metal_canonical(const char *typed, bool *garbled)
{
    if (garbled) *garbled = false;
    if (!typed) return NULL;
    char letters[128];
    size_t n = metal_letters(typed, letters, sizeof letters);
    if (n == 0) return NULL;
    const size_t nwords = sizeof metal_words / sizeof metal_words[0];
    for (size_t i = 0; i < nwords; i++)
        if (strcmp(letters, metal_words[i].spelling) == 0) {
            if (garbled) {
                char plain[128];
                size_t pl = ot_fold_text(typed, plain, sizeof plain);
                (void)pl;
                char *br = strchr(plain, '(');
                if (br) *br = '\0';
                /* "Ti n" or "T1n" needed repair; "gold (au)" did not. */
                size_t k = strlen(plain);
                while (k > 0 && plain[k - 1] == ' ') plain[--k] = '\0';
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
        } else if (d == best_d && best && strcmp(best, metal_words[i].metal) != 0) tie = true;
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
    {"usa", "united states of america"}, {"us", "united states of america"},
    {"united states", "united states of america"}, {"america", "united states of america"},
    {"u s a", "united states of america"}, {"us of america", "united states of america"},
    {"uk", "united kingdom"}, {"gb", "united kingdom"}, {"great britain", "united kingdom"},
    {"britain", "united kingdom"}, {"england", "united kingdom"},
    {"united kingdom of great britain and northern ireland", "united kingdom"},
    {"korea", "korea republic of"}, {"south korea", "korea republic of"},
    {"republic of korea", "korea republic of"}, {"kr", "korea republic of"},
    {"kor", "korea republic of"}, {"rok", "korea republic of"},
    {"korea democratic peoples republic of", "north korea"}, {"dprk", "north korea"},
    {"russia", "russian federation"}, {"ru", "russian federation"},
    {"rus", "russian federation"}, {"prc", "china"}, {"peoples republic of china", "china"},
    {"pr china", "china"}, {"p r china", "china"}, {"cn", "china"}, {"chn", "china"},
    {"mainland china", "china"}, {"taiwan", "taiwan province of china"},
    {"republic of china", "taiwan province of china"},
    {"chinese taipei", "taiwan province of china"}, {"tw", "taiwan province of china"},
    {"twn", "taiwan province of china"}, {"taiwan roc", "taiwan province of china"},
    {"vietnam", "viet nam"}, {"vn", "viet nam"}, {"vnm", "viet nam"},
    {"drc", "congo democratic republic of the"},
    {"dr congo", "congo democratic republic of the"},
    {"d r congo", "congo democratic republic of the"},
    {"democratic republic of the congo", "congo democratic republic of the"},
    {"democratic republic of congo", "congo democratic republic of the"},
    {"congo kinshasa", "congo democratic republic of the"},
    {"zaire", "congo democratic republic of the"}, {"cod", "congo democratic republic of the"},
    {"republic of the congo", "congo"}, {"congo brazzaville", "congo"},
    {"tanzania", "tanzania united republic of"},
    {"united republic of tanzania", "tanzania united republic of"},
    {"tz", "tanzania united republic of"}, {"laos", "lao peoples democratic republic"},
    {"lao", "lao peoples democratic republic"}, {"lao pdr", "lao peoples democratic republic"},
    {"czech republic", "czechia"}, {"turkiye", "turkey"}, {"jp", "japan"}, {"jpn", "japan"},
    {"de", "germany"}, {"deu", "germany"}, {"deutschland", "germany"}, {"br", "brazil"},
    {"bra", "brazil"}, {"brasil", "brazil"}, {"ind", "india"}, {"idn", "indonesia"},
    {"mx", "mexico"}, {"mex", "mexico"}, {"pe", "peru"}, {"per", "peru"}, {"cl", "chile"},
    {"chl", "chile"}, {"my", "malaysia"}, {"mys", "malaysia"}, {"th", "thailand"},
    {"tha", "thailand"}, {"ph", "philippines"}, {"phl", "philippines"},
    {"ch", "switzerland"}, {"che", "switzerland"}, {"schweiz", "switzerland"},
    {"suisse", "switzerland"}, {"be", "belgium"}, {"bel", "belgium"},
    {"za", "south africa"}, {"zaf", "south africa"}, {"rsa", "south africa"},
    {"ca", "canada"}, {"can", "canada"}, {"au", "australia"}, {"aus", "australia"},
    {"uae", "united arab emirates"}, {"ae", "united arab emirates"},
    {"are", "united arab emirates"}, {"hk", "hong kong"}, {"hkg", "hong kong"},
    {"hong kong sar", "hong kong"}, {"nl", "netherlands"}, {"nld", "netherlands"},
    {"holland", "netherlands"}, {"es", "spain"}, {"esp", "spain"}, {"espana", "spain"},
    {"it", "italy"}, {"ita", "italy"}, {"italia", "italy"}, {"fr", "france"},
    {"fra", "france"}, {"at", "austria"}, {"aut", "austria"}, {"osterreich", "austria"},
    {"se", "sweden"}, {"swe", "sweden"}, {"fi", "finland"}, {"fin", "finland"},
    {"pl", "poland"}, {"pol", "poland"}, {"polska", "poland"}, {"kz", "kazakhstan"},
    {"kaz", "kazakhstan"}, {"uz", "uzbekistan"}, {"uzb", "uzbekistan"}, {"rw", "rwanda"},
    {"rwa", "rwanda"}, {"ug", "uganda"}, {"uga", "uganda"}, {"zm", "zambia"},
    {"zmb", "zambia"}, {"zw", "zimbabwe"}, {"zwe", "zimbabwe"}, {"sg", "singapore"},
    {"sgp", "singapore"}, {"ee", "estonia"}, {"est", "estonia"}, {"ar", "argentina"},
    {"arg", "argentina"}, {"bo", "bolivia"}, {"bol", "bolivia"}, {"mg", "madagascar"},
    {"mdg", "madagascar"}, {"nz", "new zealand"}, {"nzl", "new zealand"},
    {"gh", "ghana"}, {"gha", "ghana"}, {"mm", "myanmar"}, {"mmr", "myanmar"},
    {"burma", "myanmar"}, {"sa", "saudi arabia"}, {"sau", "saudi arabia"},
    {"ksa", "saudi arabia"},
};

static const char *const country_unknown[] = {"unknown", "na", "n a", "none", "tbd",
                                              "not known", "unknown country", "various",
                                              "multiple", "other"};

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
        for (size_t i = 0; i < k && jl + 1 < sizeof joined; i++) joined[jl++] = words[i][0];
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
            const char *tw = words[j]; words[j] = words[j - 1]; words[j - 1] = tw;
            uint8_t tl = lens[j]; lens[j] = lens[j - 1]; lens[j - 1] = tl;
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
    }
    country_table_len = n;
}

static const char *country_synonym(const char *key)
{
    for (size_t i = 0; i < country_table_len; i++)
        if (strcmp(country_table[i].typed, key) == 0) return country_table[i].canonical;
    return NULL;
}

size_t ot_country_key(const char *country, char *out, size_t cap)
{
    if (cap == 0) return 0;
    out[0] = '\0';
    if (!country) return 0;
    pthread_once(&country_once, build_country_table);
    char full[96], bare[96];
    country_words_key(country, true, full, sizeof full);
    country_words_key(country, false, bare, sizeof bare);
    if (!full[0]) return 0;
    for (size_t i = 0; i < sizeof country_unknown / sizeof country_unknown[0]; i++)
        if (strcmp(full, country_unknown[i]) == 0) return 0;
    const char *canon = country_synonym(full);
    if (!canon) canon = country_synonym(bare);
    if (!canon) canon = bare[0] ? bare : full;
    /* A canonical value may itself be a typed form of another ("korea" -> ...). */
    const char *again = country_synonym(canon);
    if (again) canon = again;
    snprintf(out, cap, "%s", canon);
    return strlen(out);
}

bool ot_country_differs(const char *a, const char *b)
{
    char ka[96], kb[96];
    if (!ot_country_key(a, ka, sizeof ka) || !ot_country_key(b, kb, sizeof kb)) return false;
    return strcmp(ka, kb) != 0;
}
