/* match.c - the matcher's index and the resolution rules (see match.h).
 *
 * Index, built once:
 *   entries   one per (smelter, name): every alias, former name and standard name, with
 *             its normalised keys and weighted tokens; names of merged IDs point to the
 *             successor;
 *   exact     loose text (case and spacing folded) -> entries;
 *   norm      normalised key (and key with parenthesised parts) -> entries;
 *   vocab     word -> inverse document frequency, so "Timah" counts more than "Metal",
 *             and word -> entries holding it (inverted index);
 *   words     trigram of a word -> words, and OCR-folded word -> word, so a misspelt
 *             word finds the words it may stand for.
 * A look-up normalises the name once, tries exact, then normalised; otherwise it collects
 * the entries sharing its distinctive words (or words like them) and scores the best few
 * in full. All per-look-up memory is in the scratch. */
#include "refdata/match.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/normalize.h"
#include "refdata/refdata_internal.h"
#include "util/arena.h"
#include "util/text.h"

/* Tuned on the evaluation set (bench/bench_match.sh, docs/refdata.md). */
#define DEFAULT_THRESHOLD 0.80
#define AMBIGUITY_MARGIN 0.05 /* best must beat a different smelter by this much */
#define COUNTRY_PENALTY 0.10
#define COUNTRY_BONUS 0.02
#define METAL_PENALTY 0.10
#define NORMALIZED_SCORE 0.97
#define OLD_ALIAS_SCORE 0.94
#define KEY_ONLY_SCORE 0.93       /* equal once the entry's bracketed part is left out */
#define KEY_ONLY_QUERY_SCORE 0.88 /* equal once the query's bracketed part is left out */
#define OCR_KEY_SCORE 0.95        /* equal once OCR confusions are folded */
#define KEY_GATE 0.5f             /* word overlap needed before letters are compared */
#define KEY_ALONE 0.90f           /* ...unless the letters agree this much */
#define NOVEL_WORD_PENALTY 0.08f
#define SUBSTITUTION_PENALTY 0.04f
#define ENTRY_BRACKET_PENALTY 0.05f
#define KEY_SCALE 0.97f      /* letters alike is a little less than words alike */
#define FACILITY_WEIGHT 1.0f /* cap for "smelter", "plant"...: they say little */
#define LEGALISH_WEIGHT 0.3f
#define MAX_FUZZY_CANDIDATES 8
#define COMMON_WORD_DIV 100 /* a word in more than 1/100 of the names is common */
#define SIMILAR_WORDS 3     /* words a misspelt word may stand for */
#define FULL_SCORE_CUTOFF 0.35f
#define SIMILAR_WORD_DICE 0.45f
#define MAX_CROSS_CANDIDATES 5
#define NO_ID UINT32_MAX
#define MAX_ENTRY_TOKENS 16

typedef struct tok {
    uint32_t id; /* vocabulary id of the canonical spelling; NO_ID when unseen */
    float w;     /* weight: inverse document frequency, damped for some kinds */
    uint8_t len, slen, olen;
    uint8_t flags;                /* OT_TOK_* */
    bool last;                    /* the name's final word (a truncation may have cut it) */
    uint32_t smask, omask, cmask; /* letters present in surf / ocr / text */
    const char *text;             /* canonical ("industry") */
    const char *surf;             /* as written ("industria1") */
    const char *ocr;              /* surface after OCR folding ("lndustrlal") */
} tok;

typedef struct entry {
    uint32_t smelter; /* resolved (successor) smelter index */
    uint32_t owner;   /* smelter that lists the name */
    uint16_t metal;
    uint16_t key_len, full_len, fuzzy_len, fuzzy_full_len, raw_len, ocr_len;
    uint8_t ntok;
    bool has_paren;
    bool listed; /* on the smelter's latest list (not an old or merged name) */
    const char *name;
    const char *key, *full_key, *fuzzy_key, *fuzzy_full, *raw_key, *ocr_key, *legal;
    uint32_t tok_from;
    float wsum;
} entry;

typedef struct node {
    uint32_t entry, next;
} node;

struct ot_match_scratch {
    float *acc;        /* per entry: weight of the query's words it holds */
    uint32_t *touched; /* entries with acc != 0 */
    size_t n_touched;
    uint16_t *wcount; /* per vocabulary word: trigrams shared with a query word */
    uint32_t *wtouched;
    size_t n_wtouched;
    /* countries and metals as typed -> what they mean: a list repeats a few dozen */
    ot_strmap country_cache;
    ot_strmap metal_cache; /* value: metal_memo * */
    ot_arena cache_arena;
};

struct ot_matcher {
    const ot_refdata *rd;
    double threshold;
    ot_arena arena;
    const char *metals[64];
    size_t n_metals;
    entry *e;
    size_t n_e;
    tok *toks;
    size_t n_toks, cap_toks;
    ot_strmap vocab;
    float *idf;
    uint32_t *df;
    size_t n_vocab, cap_vocab;
    float idf_unseen;
    ot_strmap exact, by_full, by_key, by_ocr;
    node *nodes;
    size_t n_nodes, cap_nodes;
    /* word -> entries holding it: word_post[word_from[w] .. word_from[w + 1]) */
    uint32_t *word_from, *word_post;
    uint32_t common_df; /* words in more names than this only count when nothing rarer does */
    const char **vocab_text;
    /* trigram of a word ("^tin$") -> words: open-addressed codes -> posting ranges */
    uint32_t *tri_code;
    uint32_t *tri_from, *tri_len;
    size_t tri_cap;
    uint32_t *tri_post;
    uint8_t *word_ntri;
    uint32_t tri_common;
    ot_strmap by_ocr_word; /* OCR-folded word -> word */
    /* per smelter: words of its city, state and country (vocabulary ids) */
    uint32_t *loc_from;
    uint8_t *loc_n;
    uint32_t *loc_pool;
    size_t n_loc_pool;
    /* entries of each (resolved) smelter: by_smelter[by_smelter_from[s] ..] */
    uint32_t *by_smelter_from, *by_smelter;
    const char **country_key; /* per smelter, ot_country_key of its country ("" = none) */
    ot_match_scratch *scratch;
};

/* ---- names ------------------------------------------------------------------------- */

static const char *const method_names[] = {"unresolved", "id",    "alias-exact",
                                           "normalized", "fuzzy", "cross-metal"};

const char *ot_match_method_name(ot_match_method m)
{
    return (unsigned)m < sizeof method_names / sizeof method_names[0] ? method_names[m]
                                                                      : "unresolved";
}

static const char *const note_names[OT_NOTE__COUNT] = {
    "country_mismatch", "metal_mismatch",     "id_other_metal",
    "id_name_conflict", "id_unknown",         "retired",
    "merged",           "ambiguous",          "metal_garbled",
    "metal_unknown",    "not_yet_identified", "legacy_id",
    "no_input",
};

const char *ot_match_note_name(unsigned bit)
{
    for (unsigned i = 0; i < OT_NOTE__COUNT; i++)
        if (bit == (1u << i)) return note_names[i];
    return "unknown";
}

double ot_matcher_threshold(const ot_matcher *m)
{
    return m->threshold;
}
void ot_matcher_set_threshold(ot_matcher *m, double t)
{
    m->threshold = t;
}

/* Case and spacing folded, for alias-exact comparison ("letter for letter"). */
static size_t loose_key(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && n + 2 < cap; p++) {
        unsigned char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = n > 0;
            continue;
        }
        if (space) out[n++] = ' ';
        space = false;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[n] = '\0';
    return n;
}

/* ---- building ---------------------------------------------------------------------- */

static int metal_id(const ot_matcher *m, const char *metal)
{
    if (!metal) return -1;
    for (size_t i = 0; i < m->n_metals; i++)
        if (strcmp(m->metals[i], metal) == 0) return (int)i;
    return -1;
}

static uint32_t vocab_id(ot_matcher *m, const char *text, bool count)
{
    size_t id;
    if (!strmap_get(&m->vocab, text, &id)) {
        if (m->n_vocab == m->cap_vocab) {
            size_t cap = m->cap_vocab ? m->cap_vocab * 2 : 1024;
            uint32_t *df = realloc(m->df, cap * sizeof *df);
            if (!df) return NO_ID;
            m->df = df;
            m->cap_vocab = cap;
        }
        const char *k = ot_arena_strdup(&m->arena, text);
        if (!k || !strmap_put(&m->vocab, k, m->n_vocab)) return NO_ID;
        const char **vt = realloc(m->vocab_text, m->cap_vocab * sizeof *vt);
        if (!vt) return NO_ID;
        m->vocab_text = vt;
        id = m->n_vocab;
        m->vocab_text[id] = k;
        m->df[m->n_vocab++] = 0;
    }
    if (count) m->df[id]++;
    return (uint32_t)id;
}

static bool push_node(ot_matcher *m, ot_strmap *map, const char *key, uint32_t ei)
{
    if (!*key) return true;
    if (m->n_nodes == m->cap_nodes) {
        size_t cap = m->cap_nodes ? m->cap_nodes * 2 : 1024;
        node *p = realloc(m->nodes, cap * sizeof *p);
        if (!p) return false;
        m->nodes = p;
        m->cap_nodes = cap;
    }
    size_t head;
    uint32_t next = strmap_get(map, key, &head) ? (uint32_t)head : NO_ID;
    /* the same entry under the same key once */
    for (uint32_t n = next; n != NO_ID; n = m->nodes[n].next)
        if (m->nodes[n].entry == ei) return true;
    m->nodes[m->n_nodes] = (node){ei, next};
    const char *k = key;
    if (next == NO_ID) {
        k = ot_arena_strdup(&m->arena, key);
        if (!k) return false;
    }
    if (!strmap_put(map, k, m->n_nodes)) return false;
    m->n_nodes++;
    return true;
}

static inline unsigned popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24;
}

/* Which letters a word has: two words one edit apart differ in at most two of them. */
static uint8_t bit_of[256];
static pthread_once_t bit_of_once = PTHREAD_ONCE_INIT;

static void fill_bit_of(void)
{
    for (int c = 0; c < 256; c++)
        bit_of[c] = (uint8_t)(c >= 'a' && c <= 'z'   ? c - 'a'
                              : c >= '0' && c <= '9' ? 26 + (c - '0') % 5
                                                     : 31);
}

static uint32_t letter_mask(const char *w, size_t len)
{
    /* a-z: bits 0-25, digits share bits 26-30, anything else bit 31 */
    pthread_once(&bit_of_once, fill_bit_of);
    uint32_t mask = 0;
    for (size_t i = 0; i < len; i++)
        mask |= 1u << bit_of[(unsigned char)w[i]];
    return mask;
}

static const char *arena_fold(ot_matcher *m, const char *w, size_t len, uint8_t *olen)
{
    char buf[OT_NORM_TEXT];
    size_t n = ot_ocr_fold(w, len, buf, sizeof buf);
    *olen = (uint8_t)(n > 255 ? 255 : n);
    return ot_arena_strndup(&m->arena, buf, n);
}

static bool add_tokens(ot_matcher *m, entry *en, const ot_norm_name *nn)
{
    en->tok_from = (uint32_t)m->n_toks;
    en->ntok = 0;
    for (size_t i = 0; i < nn->ntok && en->ntok < MAX_ENTRY_TOKENS; i++) {
        const ot_name_token *t = &nn->tok[i];
        if (t->flags & (OT_TOK_STOP | OT_TOK_LEGAL)) continue;
        const char *text = ot_norm_token(nn, i);
        /* a word repeated in one name counts once */
        bool dup = false;
        for (uint32_t j = en->tok_from; j < m->n_toks; j++)
            if (strcmp(m->toks[j].text, text) == 0) dup = true;
        if (dup) continue;
        if (m->n_toks == m->cap_toks) {
            size_t cap = m->cap_toks ? m->cap_toks * 2 : 4096;
            tok *p = realloc(m->toks, cap * sizeof *p);
            if (!p) return false;
            m->toks = p;
            m->cap_toks = cap;
        }
        uint32_t id = vocab_id(m, text, true);
        if (id == NO_ID) return false;
        tok tk = {id, 0, t->len, t->slen, 0, t->flags, false, 0, 0, 0, NULL, NULL, NULL};
        tk.text = ot_arena_strdup(&m->arena, text);
        tk.surf = ot_arena_strdup(&m->arena, ot_norm_surface(nn, i));
        tk.ocr = arena_fold(m, tk.surf, t->slen, &tk.olen);
        if (!tk.text || !tk.surf || !tk.ocr) return false;
        tk.smask = letter_mask(tk.surf, tk.slen);
        tk.omask = letter_mask(tk.ocr, tk.olen);
        tk.cmask = tk.len == tk.slen ? tk.smask : letter_mask(tk.text, tk.len);
        m->toks[m->n_toks++] = tk;
        en->ntok++;
    }
    return true;
}

static bool add_entry(ot_matcher *m, uint32_t owner, uint32_t resolved, const char *name,
                      bool listed)
{
    const ot_smelter *s = &m->rd->smelters[resolved];
    int mid = metal_id(m, s->metal);
    if (mid < 0) return true;
    ot_norm_name nn;
    ot_normalize_name(name, &nn);
    if (!nn.full_key_len) return true;
    entry *en = &m->e[m->n_e];
    memset(en, 0, sizeof *en);
    en->smelter = resolved;
    en->owner = owner;
    en->metal = (uint16_t)mid;
    en->name = name;
    en->has_paren = nn.has_paren;
    en->listed = listed && owner == resolved;
    en->key = ot_arena_strdup(&m->arena, nn.key);
    en->full_key = ot_arena_strdup(&m->arena, nn.full_key);
    en->fuzzy_key = ot_arena_strdup(&m->arena, nn.fuzzy_key);
    en->fuzzy_full = ot_arena_strdup(&m->arena, nn.fuzzy_full);
    en->raw_key = ot_arena_strdup(&m->arena, nn.raw_key);
    en->legal = ot_arena_strdup(&m->arena, nn.legal);
    uint8_t ol;
    char ocr[OT_NORM_TEXT];
    size_t olen = ot_ocr_fold(nn.full_key, nn.full_key_len, ocr, sizeof ocr);
    en->ocr_key = ot_arena_strndup(&m->arena, ocr, olen);
    (void)ol;
    if (!en->key || !en->full_key || !en->fuzzy_key || !en->fuzzy_full || !en->raw_key ||
        !en->legal || !en->ocr_key)
        return false;
    en->key_len = nn.key_len;
    en->full_len = nn.full_key_len;
    en->fuzzy_len = nn.fuzzy_key_len;
    en->fuzzy_full_len = nn.fuzzy_full_len;
    en->raw_len = nn.raw_key_len;
    en->ocr_len = (uint16_t)olen;
    if (!add_tokens(m, en, &nn)) return false;
    uint32_t idx = (uint32_t)m->n_e++;
    char lk[512];
    loose_key(name, lk, sizeof lk);
    return push_node(m, &m->exact, lk, idx) && push_node(m, &m->by_full, nn.full_key, idx) &&
           push_node(m, &m->by_key, nn.key, idx) && push_node(m, &m->by_ocr, ocr, idx);
}

/* Trigram code of three bytes. */
static inline uint32_t tri_of(const char *p)
{
    return ((uint32_t)(unsigned char)p[0] << 16) | ((uint32_t)(unsigned char)p[1] << 8) |
           (uint32_t)(unsigned char)p[2];
}

/* Distinct trigrams of "^key$" into out (max n); returns the count. A 1024-bit filter
 * spares the duplicate scan for nearly every trigram. */
static size_t key_trigrams(const char *key, size_t len, uint32_t *out, size_t max)
{
    char buf[OT_NORM_TEXT + 3];
    if (len > OT_NORM_TEXT) len = OT_NORM_TEXT;
    buf[0] = '^';
    memcpy(buf + 1, key, len);
    buf[len + 1] = '$';
    uint64_t seen[16] = {0};
    size_t n = 0;
    for (size_t i = 0; i + 3 <= len + 2 && n < max; i++) {
        uint32_t t = tri_of(buf + i);
        uint32_t bit = (t * 2654435761u) >> 22;
        bool dup = false;
        if (seen[bit >> 6] >> (bit & 63) & 1)
            for (size_t j = 0; j < n && !dup; j++)
                dup = out[j] == t;
        seen[bit >> 6] |= (uint64_t)1 << (bit & 63);
        if (!dup) out[n++] = t;
    }
    return n;
}

static inline size_t tri_slot(const ot_matcher *m, uint32_t code)
{
    uint32_t h = code * 2654435761u;
    h ^= h >> 15; /* the product's low bits depend on the code's low bits only */
    size_t j = h & (m->tri_cap - 1);
    while (m->tri_code[j] != NO_ID && m->tri_code[j] != code)
        j = (j + 1) & (m->tri_cap - 1);
    return j;
}

/* Inverted index (word -> entries) and the word-level trigram and OCR indexes. */
static bool build_word_index(ot_matcher *m)
{
    size_t nv = m->n_vocab;
    m->word_from = calloc(nv + 2, sizeof *m->word_from);
    m->word_post = malloc((m->n_toks + 1) * sizeof *m->word_post);
    m->word_ntri = calloc(nv + 1, sizeof *m->word_ntri);
    if (!m->word_from || !m->word_post || !m->word_ntri) return false;
    for (size_t i = 0; i < m->n_e; i++)
        for (uint32_t k = 0; k < m->e[i].ntok; k++)
            m->word_from[m->toks[m->e[i].tok_from + k].id + 2]++;
    for (size_t v = 2; v < nv + 2; v++)
        m->word_from[v] += m->word_from[v - 1];
    for (size_t i = 0; i < m->n_e; i++)
        for (uint32_t k = 0; k < m->e[i].ntok; k++)
            m->word_post[m->word_from[m->toks[m->e[i].tok_from + k].id + 1]++] = (uint32_t)i;
    m->common_df = (uint32_t)(m->n_e / COMMON_WORD_DIV > 8 ? m->n_e / COMMON_WORD_DIV : 8);

    uint32_t tris[OT_NORM_TEXT + 2];
    size_t total = 0;
    for (size_t v = 0; v < nv; v++)
        if (m->df[v]) total += key_trigrams(m->vocab_text[v], strlen(m->vocab_text[v]), tris, 255);
    m->tri_cap = 1024;
    while (m->tri_cap < total * 2)
        m->tri_cap *= 2;
    m->tri_code = malloc(m->tri_cap * sizeof *m->tri_code);
    m->tri_from = calloc(m->tri_cap, sizeof *m->tri_from);
    m->tri_len = calloc(m->tri_cap, sizeof *m->tri_len);
    m->tri_post = malloc((total + 1) * sizeof *m->tri_post);
    if (!m->tri_code || !m->tri_from || !m->tri_len || !m->tri_post) return false;
    memset(m->tri_code, 0xff, m->tri_cap * sizeof *m->tri_code);
    for (size_t v = 0; v < nv; v++) {
        if (!m->df[v]) continue; /* words only places use are never looked for */
        size_t n = key_trigrams(m->vocab_text[v], strlen(m->vocab_text[v]), tris, 255);
        m->word_ntri[v] = (uint8_t)n;
        for (size_t k = 0; k < n; k++) {
            size_t j = tri_slot(m, tris[k]);
            m->tri_code[j] = tris[k];
            m->tri_len[j]++;
        }
        char folded[OT_NORM_TEXT];
        size_t fl = ot_ocr_fold(m->vocab_text[v], strlen(m->vocab_text[v]), folded, sizeof folded);
        if (fl >= 3 && !strmap_get(&m->by_ocr_word, folded, NULL)) {
            const char *k = ot_arena_strndup(&m->arena, folded, fl);
            if (!k || !strmap_put(&m->by_ocr_word, k, v)) return false;
        }
    }
    uint32_t at = 0;
    for (size_t j = 0; j < m->tri_cap; j++) {
        m->tri_from[j] = at;
        at += m->tri_len[j];
        m->tri_len[j] = 0;
    }
    for (size_t v = 0; v < nv; v++) {
        if (!m->df[v]) continue;
        size_t n = key_trigrams(m->vocab_text[v], strlen(m->vocab_text[v]), tris, 255);
        for (size_t k = 0; k < n; k++) {
            size_t j = tri_slot(m, tris[k]);
            m->tri_post[m->tri_from[j] + m->tri_len[j]++] = (uint32_t)v;
        }
    }
    m->tri_common = (uint32_t)(nv / 15 > 32 ? nv / 15 : 32);
    return true;
}

static bool build_locations(ot_matcher *m)
{
    size_t n = m->rd->n_smelters;
    m->loc_from = calloc(n + 1, sizeof *m->loc_from);
    m->loc_n = calloc(n + 1, sizeof *m->loc_n);
    m->loc_pool = malloc((n * 12 + 1) * sizeof *m->loc_pool);
    m->country_key = calloc(n + 1, sizeof *m->country_key);
    if (!m->loc_from || !m->loc_n || !m->loc_pool || !m->country_key) return false;
    for (size_t i = 0; i < n; i++) {
        const ot_smelter *s = &m->rd->smelters[i];
        char ck[96];
        ot_country_key(s->country, ck, sizeof ck);
        m->country_key[i] = ot_arena_strdup(&m->arena, ck);
        if (!m->country_key[i]) return false;
        const char *parts[3] = {s->city, s->state_province, s->country};
        m->loc_from[i] = (uint32_t)m->n_loc_pool;
        for (size_t p = 0; p < 3; p++) {
            ot_norm_name nn;
            ot_normalize_name(parts[p], &nn);
            for (size_t t = 0; t < nn.ntok && m->loc_n[i] < 12; t++) {
                uint32_t id = vocab_id(m, ot_norm_token(&nn, t), false);
                if (id == NO_ID) return false;
                m->loc_pool[m->n_loc_pool++] = id;
                m->loc_n[i]++;
            }
        }
    }
    return true;
}

static bool build_smelter_lists(ot_matcher *m)
{
    size_t n = m->rd->n_smelters;
    m->by_smelter_from = calloc(n + 2, sizeof *m->by_smelter_from);
    m->by_smelter = malloc((m->n_e + 1) * sizeof *m->by_smelter);
    if (!m->by_smelter_from || !m->by_smelter) return false;
    for (size_t i = 0; i < m->n_e; i++)
        m->by_smelter_from[m->e[i].smelter + 2]++;
    for (size_t s = 2; s < n + 2; s++)
        m->by_smelter_from[s] += m->by_smelter_from[s - 1];
    for (size_t i = 0; i < m->n_e; i++)
        m->by_smelter[m->by_smelter_from[m->e[i].smelter + 1]++] = (uint32_t)i;
    return true;
}

static float token_weight(float idf, uint8_t flags, const char *text)
{
    if (flags & OT_TOK_LEGALISH) return LEGALISH_WEIGHT;
    /* a lone letter says little ("H.C." is one token already); a lone digit does
     * ("Unit 1" / "Unit 2") */
    if (text[0] >= 'a' && text[0] <= 'z' && text[1] == '\0' && idf > 1.0f) return 1.0f;
    if (flags & OT_TOK_FACILITY && idf > FACILITY_WEIGHT) return FACILITY_WEIGHT;
    return idf;
}

static void compute_weights(ot_matcher *m)
{
    double n = (double)(m->n_e ? m->n_e : 1);
    m->idf = malloc((m->n_vocab + 1) * sizeof *m->idf);
    m->idf_unseen = (float)log((n + 1.0) / 0.5);
    if (!m->idf) return;
    for (size_t i = 0; i < m->n_vocab; i++)
        m->idf[i] = m->df[i] ? (float)log((n + 1.0) / (double)m->df[i]) : m->idf_unseen;
    for (size_t i = 0; i < m->n_e; i++) {
        entry *en = &m->e[i];
        en->wsum = 0;
        for (uint32_t k = 0; k < en->ntok; k++) {
            tok *t = &m->toks[en->tok_from + k];
            t->w = token_weight(m->idf[t->id], t->flags, t->text);
            en->wsum += t->w;
        }
    }
}

ot_match_scratch *ot_match_scratch_new(const ot_matcher *m)
{
    ot_match_scratch *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->acc = calloc(m->n_e + 1, sizeof *s->acc);
    s->touched = malloc((m->n_e + 1) * sizeof *s->touched);
    s->wcount = calloc(m->n_vocab + 1, sizeof *s->wcount);
    s->wtouched = malloc((m->n_vocab + 1) * sizeof *s->wtouched);
    ot_arena_init(&s->cache_arena, 1u << 20);
    if (!s->acc || !s->touched || !s->wcount || !s->wtouched) {
        ot_match_scratch_free(s);
        return NULL;
    }
    return s;
}

void ot_match_scratch_free(ot_match_scratch *s)
{
    if (!s) return;
    free(s->acc);
    free(s->touched);
    free(s->wcount);
    free(s->wtouched);
    strmap_free(&s->country_cache);
    strmap_free(&s->metal_cache);
    ot_arena_free(&s->cache_arena);
    free(s);
}

void ot_matcher_free(ot_matcher *m)
{
    if (!m) return;
    free(m->e);
    free(m->toks);
    strmap_free(&m->vocab);
    free(m->idf);
    free(m->df);
    strmap_free(&m->exact);
    strmap_free(&m->by_full);
    strmap_free(&m->by_key);
    strmap_free(&m->by_ocr);
    free(m->nodes);
    free(m->tri_code);
    free(m->tri_from);
    free(m->tri_len);
    free(m->tri_post);
    free(m->word_ntri);
    free(m->word_from);
    free(m->word_post);
    free(m->vocab_text);
    strmap_free(&m->by_ocr_word);
    free(m->loc_from);
    free(m->loc_n);
    free(m->loc_pool);
    free(m->by_smelter_from);
    free(m->by_smelter);
    free(m->country_key);
    ot_match_scratch_free(m->scratch);
    ot_arena_free(&m->arena);
    free(m);
}

ot_code ot_matcher_build(const ot_refdata *rd, ot_matcher **out, ot_error *err)
{
    *out = NULL;
    ot_matcher *m = calloc(1, sizeof *m);
    if (!m) return ot_fail(err, OT_E_NOMEM, "out of memory building the matcher");
    m->rd = rd;
    m->threshold = DEFAULT_THRESHOLD;
    ot_arena_init(&m->arena, 0);
    for (size_t i = 0; i < rd->n_smelters; i++)
        if (metal_id(m, rd->smelters[i].metal) < 0 && m->n_metals < 64)
            m->metals[m->n_metals++] = rd->smelters[i].metal;
    m->e = malloc((rd->n_aliases + rd->n_smelters + 1) * sizeof *m->e);
    bool ok = m->e != NULL;
    /* standard names first, then aliases; a name reaches the ID in use today */
    for (size_t i = 0; ok && i < rd->n_smelters; i++) {
        const ot_smelter *cur = ot_refdata_resolve_current(rd, &rd->smelters[i]);
        size_t ci = (size_t)(cur - rd->smelters);
        ok = add_entry(m, (uint32_t)i, (uint32_t)ci, rd->smelters[i].standard_name, true);
    }
    for (size_t i = 0; ok && i < rd->n_aliases; i++) {
        size_t si;
        if (!strmap_get(&rd->by_id, rd->aliases[i].smelter_id, &si)) continue;
        const ot_smelter *cur = ot_refdata_resolve_current(rd, &rd->smelters[si]);
        /* an alias equal to the standard name is indexed already */
        if (ot_text_equal_loose(rd->aliases[i].name, rd->smelters[si].standard_name)) continue;
        /* listed by the smelter's latest list, or only by older ones? */
        bool listed = strcmp(rd->aliases[i].last_seen, rd->smelters[si].last_seen) >= 0;
        ok =
            add_entry(m, (uint32_t)si, (uint32_t)(cur - rd->smelters), rd->aliases[i].name, listed);
    }
    if (ok) ok = build_locations(m) && build_smelter_lists(m);
    if (ok) {
        compute_weights(m);
        ok = m->idf != NULL && build_word_index(m);
    }
    if (ok) ok = (m->scratch = ot_match_scratch_new(m)) != NULL;
    if (!ok) {
        ot_matcher_free(m);
        return ot_fail(err, OT_E_NOMEM, "out of memory building the matcher");
    }
    *out = m;
    return OT_OK;
}

/* ---- scoring ----------------------------------------------------------------------- */

typedef struct query {
    const char *name;
    bool prepared; /* nn, t, ocr_* filled (skipped when an exact alias settles it) */
    ot_norm_name nn;
    tok t[OT_NORM_MAX_TOKENS];
    char ocr_words[OT_NORM_TEXT]; /* OCR-folded surface words, NUL-separated */
    size_t nt;
    float wsum;
    char ocr_key[OT_NORM_TEXT];
    size_t ocr_len;
    char country_key[96];
    int metal; /* -1 unknown */
} query;

static void prepare_query(const ot_matcher *m, const char *name, query *q)
{
    q->name = name;
    q->prepared = true;
    ot_normalize_name(name, &q->nn);
    q->nt = 0;
    q->wsum = 0;
    q->ocr_len = ot_ocr_fold(q->nn.full_key, q->nn.full_key_len, q->ocr_key, sizeof q->ocr_key);
    size_t oused = 0;
    int last = -1;
    for (size_t i = 0; i < q->nn.ntok; i++)
        if (!(q->nn.tok[i].flags & (OT_TOK_STOP | OT_TOK_LEGAL))) last = (int)i;
    for (size_t i = 0; i < q->nn.ntok; i++) {
        const ot_name_token *t = &q->nn.tok[i];
        if (t->flags & (OT_TOK_STOP | OT_TOK_LEGAL)) continue;
        const char *text = ot_norm_token(&q->nn, i);
        bool dup = false;
        for (size_t j = 0; j < q->nt; j++)
            if (strcmp(q->t[j].text, text) == 0) dup = true;
        if (dup) continue;
        size_t id;
        uint32_t vid = strmap_get(&m->vocab, text, &id) ? (uint32_t)id : NO_ID;
        float w = token_weight(vid != NO_ID ? m->idf[vid] : m->idf_unseen, t->flags, text);
        /* a short unknown fragment is likely a cut-off word or a slip ("Lt.d", "sS.A."):
         * it weighs little */
        if (vid == NO_ID && t->slen <= 3) w = (int)i == last || t->slen <= 2 ? 1.0f : 1.5f;
        tok tk = {vid,
                  w,
                  t->len,
                  t->slen,
                  0,
                  t->flags,
                  (int)i == last,
                  0,
                  0,
                  0,
                  text,
                  ot_norm_surface(&q->nn, i),
                  q->ocr_words + oused};
        size_t ol =
            ot_ocr_fold(tk.surf, t->slen, q->ocr_words + oused, sizeof q->ocr_words - oused);
        tk.olen = (uint8_t)ol;
        tk.smask = letter_mask(tk.surf, tk.slen);
        tk.omask = letter_mask(tk.ocr, tk.olen);
        tk.cmask = t->len == t->slen ? tk.smask : letter_mask(text, t->len);
        oused += ol + 1;
        q->t[q->nt++] = tk;
        q->wsum += w;
    }
}

/* Similarity of two spellings of a word: one edit (a swap counts as one), two in long
 * words; a prefix of four letters or more stands for an abbreviation ("Metall", "Ind"
 * is handled by synonyms), and of two or more for a final word a narrow column cut. */
static float spelling_similarity(const char *a, size_t la, const char *b, size_t lb, bool a_last,
                                 uint32_t amask, uint32_t bmask)
{
    if (!la || !lb) return 0;
    size_t lo = la < lb ? la : lb, hi = la < lb ? lb : la;
    float best = 0;
    /* each edit changes at most two letters of the letter set: a cheap veto */
    if (lo >= 4 && hi - lo <= 2 && popcount32(amask ^ bmask) <= (hi >= 10 ? 4 : 2)) {
        unsigned limit = hi >= 8 ? 2 : 1;
        unsigned d = ot_edit_distance_swap(a, la, b, lb, limit);
        if (d <= limit) best = 1.0f - (float)d / (float)hi;
        if (d == 1 && best < 0.8f) best = 0.8f;
    }
    if (la < lb && strncmp(a, b, la) == 0 && (la >= 4 || (a_last && la >= 2)))
        best = best > 0.85f ? best : 0.85f;
    else if (lb < la && lb >= 4 && strncmp(a, b, lb) == 0)
        best = best > 0.85f ? best : 0.85f;
    return best;
}

static float word_similarity(const tok *q, const tok *e)
{
    /* Cheap veto: two edits change at most four letters of the letter set, and a prefix
     * shares the first letter; canonical spellings are compared when they differ. */
    if (popcount32(q->smask ^ e->smask) > 4 && popcount32(q->omask ^ e->omask) > 4 &&
        q->surf[0] != e->surf[0] && q->len == q->slen && e->len == e->slen)
        return 0;
    float s = spelling_similarity(q->surf, q->slen, e->surf, e->slen, q->last, q->smask, e->smask);
    float o = 0;
    if (q->olen == e->olen && q->olen && memcmp(q->ocr, e->ocr, q->olen) == 0)
        o = 0.95f;
    else if (s < 0.8f) /* OCR folding only matters when the spelling alone is far off */
        o = spelling_similarity(q->ocr, q->olen, e->ocr, e->olen, q->last, q->omask, e->omask);
    float c =
        q->len != q->slen || e->len != e->slen
            ? spelling_similarity(q->text, q->len, e->text, e->len, q->last, q->cmask, e->cmask)
            : 0;
    float best = s > o ? s : o;
    return c > best ? c : best;
}

static bool is_location_word(const ot_matcher *m, uint32_t smelter, uint32_t vid)
{
    if (vid == NO_ID) return false;
    for (uint32_t i = 0; i < m->loc_n[smelter]; i++)
        if (m->loc_pool[m->loc_from[smelter] + i] == vid) return true;
    return false;
}

static float key_similarity(const char *a, size_t la, const char *b, size_t lb)
{
    size_t hi = la > lb ? la : lb;
    if (hi < 6) return 0; /* too short to compare letter by letter */
    unsigned limit = (unsigned)(hi * 0.3);
    unsigned d = ot_edit_distance(a, la, b, lb, limit);
    return d > limit ? 0 : 1.0f - (float)d / (float)hi;
}

/* A name cut short (a narrow column): the query is the start of the entry's name. */
static float prefix_similarity(const query *q, const entry *en)
{
    size_t ql = q->nn.raw_key_len;
    if (ql < 12 || ql >= en->raw_len || memcmp(q->nn.raw_key, en->raw_key, ql) != 0) return 0;
    return 0.80f + 0.15f * (float)ql / (float)en->raw_len;
}

/* Name similarity of the query and one entry, in [0,1]. */
static float score_entry(const ot_matcher *m, const query *q, const entry *en)
{
    const tok *et = &m->toks[en->tok_from];
    uint32_t used = 0;
    bool qmatched[OT_NORM_MAX_TOKENS] = {0};
    float common = 0, neutral = 0;
    unsigned novel = 0;
    bool q_left = false, e_left = false, e_paren_left = false;
    for (size_t i = 0; i < q->nt; i++) {
        if (q->t[i].id == NO_ID) continue;
        for (uint32_t j = 0; j < en->ntok; j++) {
            if ((used >> j) & 1u || et[j].id != q->t[i].id) continue;
            used |= 1u << j;
            qmatched[i] = true;
            common += et[j].w < q->t[i].w ? et[j].w : q->t[i].w;
            break;
        }
    }
    for (size_t i = 0; i < q->nt; i++) {
        if (qmatched[i]) continue;
        float best = 0;
        uint32_t bj = 0;
        for (uint32_t j = 0; j < en->ntok; j++) {
            if ((used >> j) & 1u) continue;
            float s = word_similarity(&q->t[i], &et[j]);
            if (s > best) {
                best = s;
                bj = j;
            }
        }
        if (best >= 0.75f) {
            used |= 1u << bj;
            float w = et[bj].w < q->t[i].w ? et[bj].w : q->t[i].w;
            common += best * w;
            /* the query's misspelt word weighs what the word it stands for weighs */
            neutral += q->t[i].w - w;
        } else if (is_location_word(m, en->smelter, q->t[i].id))
            neutral += q->t[i].w; /* the city or country appended */
        else {
            if (q->t[i].id == NO_ID && q->t[i].slen >= 4 && !q->t[i].last) novel++;
            if (q->t[i].w >= 1.5f) q_left = true;
        }
    }
    float e_weight = en->wsum;
    for (uint32_t j = 0; j < en->ntok; j++) {
        if ((used >> j) & 1u) continue;
        if (!q->nn.has_paren && et[j].flags & OT_TOK_PAREN) {
            e_weight -= et[j].w; /* "Almalyk Mining" for "Almalyk Mining (AMMC)" */
            e_paren_left = true;
        } else if (et[j].w >= 1.5f)
            e_left = true;
    }
    float denom = q->wsum - neutral + e_weight;
    float dice = denom > 0 ? 2 * common / denom : 0;
    float s = dice;
    /* Letter-by-letter similarity catches spacing and spelling the words miss, but only
     * where the words already agree in good part: pinyin names share many letters. A
     * bracket the query writes is compared; one only the entry has is left out. */
    size_t qk = q->nn.has_paren ? q->nn.fuzzy_full_len : q->nn.fuzzy_key_len;
    size_t ek = q->nn.has_paren ? en->fuzzy_full_len : en->fuzzy_len;
    size_t kdiff = qk > ek ? qk - ek : ek - qk, khi = qk > ek ? qk : ek;
    /* without word overlap only near-identical keys can count: lengths within a tenth */
    /* letters can at best differ by the length difference: skip when that cannot help */
    float kbound = khi ? KEY_SCALE * (1.0f - (float)kdiff / (float)khi) : 0;
    if (kbound > dice && (dice >= KEY_GATE || kdiff * 10 <= khi)) {
        float ks = q->nn.has_paren ? key_similarity(q->nn.fuzzy_full, q->nn.fuzzy_full_len,
                                                    en->fuzzy_full, en->fuzzy_full_len)
                                   : key_similarity(q->nn.fuzzy_key, q->nn.fuzzy_key_len,
                                                    en->fuzzy_key, en->fuzzy_len);
        if (ks < KEY_ALONE) {
            float ko = key_similarity(q->ocr_key, q->ocr_len, en->ocr_key, en->ocr_len);
            if (ko > ks) ks = ko;
        }
        /* Words broken apart by a slip ("Dow aMetaltech") share few words but nearly all
         * letters: letters alone count when they agree almost completely. */
        bool long_key = q->nn.fuzzy_key_len >= 10 && en->fuzzy_len >= 10;
        if (dice >= KEY_GATE || (ks >= KEY_ALONE && long_key)) {
            ks *= KEY_SCALE;
            if (ks > s) s = ks;
        }
    }
    /* One distinctive word each side left unmatched: a different word in the same
     * place ("East Plant" / "West Plant", "Unit 1" / "Unit 2"). */
    if (q_left && e_left) s -= SUBSTITUTION_PENALTY;
    if (e_paren_left) s -= ENTRY_BRACKET_PENALTY;
    float ps = prefix_similarity(q, en);
    if (ps > s) s = ps;
    /* A distinctive word the reference does not know, left unmatched: likely another
     * facility ("Fuda Murrin Nickel" is not "Murrin Murrin Nickel"). */
    s -= NOVEL_WORD_PENALTY * (float)(novel > 2 ? 2 : novel);
    if (s > 1) s = 1;
    if (s < 0) s = 0;
    return s;
}

/* Legal forms disagree ("Boliden AB" vs "Boliden Inc"): a small doubt. */
static bool legal_conflict(const char *a, const char *b)
{
    if (!*a || !*b) return false;
    char x[64];
    snprintf(x, sizeof x, "%s", a);
    for (char *save = NULL, *w = strtok_r(x, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        size_t n = strlen(w);
        for (const char *p = strstr(b, w); p; p = strstr(p + 1, w))
            if ((p == b || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) return false;
    }
    return true;
}

/* ---- candidates -------------------------------------------------------------------- */

typedef struct cand {
    uint32_t smelter, entry;
    float name_score; /* before country / metal adjustments */
    float score;      /* after */
    ot_match_method kind;
    bool cross, country_diff;
} cand;

typedef struct cand_list {
    cand c[48];
    size_t n;
} cand_list;

static const ot_smelter *smelter_of(const ot_matcher *m, uint32_t i)
{
    return &m->rd->smelters[i];
}

/* Adds or improves the candidate for the entry's smelter. */
static void offer(const ot_matcher *m, const query *q, cand_list *cl, uint32_t ei, float name_score,
                  ot_match_method kind)
{
    const entry *en = &m->e[ei];
    const ot_smelter *s = smelter_of(m, en->smelter);
    cand c = {en->smelter, ei, name_score, name_score, kind, false, false};
    if (q->metal >= 0 && en->metal != q->metal) {
        c.cross = true;
        c.score -= METAL_PENALTY;
    }
    const char *ck = m->country_key[en->smelter];
    (void)s;
    if (q->country_key[0] && ck[0]) {
        if (strcmp(ck, q->country_key) == 0)
            c.score += COUNTRY_BONUS;
        else {
            c.country_diff = true;
            c.score -= COUNTRY_PENALTY;
        }
    }
    /* 1.0 is for letter-for-letter look-up names; a resemblance stays below it */
    float cap = kind == OT_MATCH_ALIAS_EXACT ? 1.0f : kind == OT_MATCH_NORMALIZED ? 0.99f : 0.98f;
    if (c.score > cap) c.score = cap;
    if (c.score < 0) c.score = 0;
    for (size_t i = 0; i < cl->n; i++) {
        if (cl->c[i].smelter != c.smelter) continue;
        if (c.score > cl->c[i].score || (c.score == cl->c[i].score && c.kind < cl->c[i].kind))
            cl->c[i] = c;
        return;
    }
    if (cl->n < sizeof cl->c / sizeof cl->c[0]) cl->c[cl->n++] = c;
}

static void offer_chain(const ot_matcher *m, const query *q, cand_list *cl, const ot_strmap *map,
                        const char *key, float score, ot_match_method kind)
{
    size_t head;
    if (!*key || !strmap_get(map, key, &head)) return;
    for (uint32_t n = (uint32_t)head; n != NO_ID; n = m->nodes[n].next) {
        const entry *en = &m->e[m->nodes[n].entry];
        float s = score;
        /* both bracket something, and not the same thing: not a key-only match */
        if (map == &m->by_key && q->nn.has_paren && en->has_paren) continue;
        /* a name only older lists used is a little less sure than one listed today */
        if (kind == OT_MATCH_ALIAS_EXACT && !en->listed) s = OLD_ALIAS_SCORE;
        if (map == &m->by_key && q->nn.has_paren) s = KEY_ONLY_QUERY_SCORE;
        if (kind == OT_MATCH_NORMALIZED && legal_conflict(q->nn.legal, en->legal)) s -= 0.03f;
        offer(m, q, cl, m->nodes[n].entry, s, kind);
    }
}

typedef struct word_hit {
    uint32_t id;
    float sim;
} word_hit;

/* Vocabulary words a word the reference does not know may stand for: the same word
 * after OCR folding, else the words sharing most of its trigrams. */
static size_t similar_words(const ot_matcher *m, ot_match_scratch *sc, const tok *t, word_hit *out,
                            size_t max)
{
    size_t id;
    if (t->olen >= 3 && strmap_get(&m->by_ocr_word, t->ocr, &id)) {
        out[0] = (word_hit){(uint32_t)id, 0.95f};
        return 1;
    }
    if (t->len < 3) return 0;
    uint32_t tris[OT_NORM_TEXT + 2];
    size_t nq = key_trigrams(t->text, t->len, tris, 255);
    sc->n_wtouched = 0;
    for (size_t k = 0; k < nq; k++) {
        size_t j = tri_slot(m, tris[k]);
        if (m->tri_code[j] != tris[k] || m->tri_len[j] > m->tri_common) continue;
        const uint32_t *p = m->tri_post + m->tri_from[j];
        for (uint32_t i = 0; i < m->tri_len[j]; i++)
            if (sc->wcount[p[i]]++ == 0) sc->wtouched[sc->n_wtouched++] = p[i];
    }
    size_t n = 0;
    for (size_t k = 0; k < sc->n_wtouched; k++) {
        uint32_t v = sc->wtouched[k];
        float d = 2.0f * sc->wcount[v] / (float)(nq + m->word_ntri[v]);
        sc->wcount[v] = 0;
        if (d < SIMILAR_WORD_DICE) continue;
        if (n == max && d <= out[max - 1].sim) continue;
        size_t pos = n < max ? n++ : max - 1;
        while (pos > 0 && out[pos - 1].sim < d) {
            out[pos] = out[pos - 1];
            pos--;
        }
        out[pos] = (word_hit){v, d};
    }
    return n;
}

/* Candidates: entries holding the query's distinctive words (or words like them),
 * ranked by the weight they share; the best few are scored in full. */
static void fuzzy_candidates(const ot_matcher *m, ot_match_scratch *sc, const query *q,
                             cand_list *cl)
{
    word_hit hits[OT_NORM_MAX_TOKENS][SIMILAR_WORDS];
    size_t nh[OT_NORM_MAX_TOKENS];
    bool rare = false;
    for (size_t i = 0; i < q->nt; i++) {
        const tok *t = &q->t[i];
        nh[i] = 0;
        if (t->id != NO_ID && m->word_from[t->id + 1] > m->word_from[t->id]) {
            hits[i][nh[i]++] = (word_hit){t->id, 1.0f};
        } else if (!(t->flags & (OT_TOK_LEGALISH | OT_TOK_FACILITY)))
            nh[i] = similar_words(m, sc, t, hits[i], SIMILAR_WORDS);
        for (size_t h = 0; h < nh[i]; h++)
            if (m->df[hits[i][h].id] <= m->common_df) rare = true;
    }
    /* Entries come from the rare words' lists; common words ("Metal", "Gold") only add
     * weight to entries found that way, checked entry by entry, not by list. */
    sc->n_touched = 0;
    for (size_t i = 0; i < q->nt; i++)
        for (size_t h = 0; h < nh[i]; h++) {
            uint32_t v = hits[i][h].id;
            if (rare && m->df[v] > m->common_df) continue;
            float w = (m->idf[v] < q->t[i].w ? m->idf[v] : q->t[i].w) * hits[i][h].sim;
            for (uint32_t k = m->word_from[v]; k < m->word_from[v + 1]; k++) {
                uint32_t e = m->word_post[k];
                if (sc->acc[e] == 0) sc->touched[sc->n_touched++] = e;
                sc->acc[e] += w;
            }
        }
    if (rare)
        for (size_t i = 0; i < q->nt; i++)
            for (size_t h = 0; h < nh[i]; h++) {
                uint32_t v = hits[i][h].id;
                if (m->df[v] <= m->common_df) continue;
                float w = (m->idf[v] < q->t[i].w ? m->idf[v] : q->t[i].w) * hits[i][h].sim;
                for (size_t t = 0; t < sc->n_touched; t++) {
                    const entry *en = &m->e[sc->touched[t]];
                    for (uint32_t k = 0; k < en->ntok; k++)
                        if (m->toks[en->tok_from + k].id == v) {
                            sc->acc[sc->touched[t]] += w;
                            break;
                        }
                }
            }
    uint32_t best_in[MAX_FUZZY_CANDIDATES], best_x[MAX_CROSS_CANDIDATES];
    float sin[MAX_FUZZY_CANDIDATES], sx[MAX_CROSS_CANDIDATES];
    size_t nin = 0, nx = 0;
    for (size_t t = 0; t < sc->n_touched; t++) {
        uint32_t ei = sc->touched[t];
        float d = 2.0f * sc->acc[ei] / (q->wsum + m->e[ei].wsum);
        sc->acc[ei] = 0;
        bool in = q->metal < 0 || m->e[ei].metal == q->metal;
        uint32_t *ids = in ? best_in : best_x;
        float *sc_ = in ? sin : sx;
        size_t *n = in ? &nin : &nx;
        size_t cap = in ? MAX_FUZZY_CANDIDATES : MAX_CROSS_CANDIDATES;
        if (*n == cap && d <= sc_[cap - 1]) continue;
        size_t pos = *n < cap ? (*n)++ : cap - 1;
        while (pos > 0 && sc_[pos - 1] < d) {
            sc_[pos] = sc_[pos - 1];
            ids[pos] = ids[pos - 1];
            pos--;
        }
        sc_[pos] = d;
        ids[pos] = ei;
    }
    /* Full scores in order of shared weight; once a clear winner is found, entries
     * sharing far less cannot come near it. */
    float best = 0;
    for (size_t i = 0; i < nin; i++) {
        if (i >= 2 && best >= m->threshold && sin[i] < best - FULL_SCORE_CUTOFF) break;
        float s = score_entry(m, q, &m->e[best_in[i]]);
        if (s > best) best = s;
        offer(m, q, cl, best_in[i], s, OT_MATCH_FUZZY);
    }
    /* other metals matter when the row's metal has no clear answer */
    if (best >= m->threshold + AMBIGUITY_MARGIN + COUNTRY_PENALTY) return;
    for (size_t i = 0; i < nx; i++)
        offer(m, q, cl, best_x[i], score_entry(m, q, &m->e[best_x[i]]), OT_MATCH_FUZZY);
}

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    return x->smelter < y->smelter ? -1 : x->smelter > y->smelter;
}

/* ---- resolution -------------------------------------------------------------------- */

static bool is_special(const char *s, const char *what)
{
    return s && ot_text_equal_loose(s, what);
}

static bool present(const char *s)
{
    if (!s) return false;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t') return true;
    return false;
}

static void fill_candidates(const ot_matcher *m, const cand_list *cl, uint32_t chosen,
                            ot_match_result *out)
{
    out->candidate_count = 0;
    for (size_t i = 0; i < cl->n && out->candidate_count < OT_MATCH_MAX_CANDIDATES; i++) {
        if (cl->c[i].smelter == chosen) continue;
        if (cl->c[i].score < 0.3f) break;
        out->candidates[out->candidate_count++] = (ot_match_candidate){
            smelter_of(m, cl->c[i].smelter), m->e[cl->c[i].entry].name, cl->c[i].score};
    }
}

/* Collects candidates for one name: exact, normalised, fuzzy. */
static void candidates_for(const ot_matcher *m, ot_match_scratch *sc, query *q, const char *name,
                           cand_list *cl)
{
    char lk[512];
    loose_key(name, lk, sizeof lk);
    q->name = name;
    q->prepared = false;
    offer_chain(m, q, cl, &m->exact, lk, 1.0f, OT_MATCH_ALIAS_EXACT);
    for (size_t i = 0; i < cl->n; i++)
        if (!cl->c[i].cross && cl->c[i].kind == OT_MATCH_ALIAS_EXACT) return; /* settled */
    prepare_query(m, name, q);
    offer_chain(m, q, cl, &m->by_full, q->nn.full_key, NORMALIZED_SCORE, OT_MATCH_NORMALIZED);
    offer_chain(m, q, cl, &m->by_key, q->nn.key, KEY_ONLY_SCORE, OT_MATCH_NORMALIZED);
    offer_chain(m, q, cl, &m->by_ocr, q->ocr_key, OCR_KEY_SCORE, OT_MATCH_NORMALIZED);
    /* exact hits within the metal make fuzzy search pointless */
    bool exact_in = false;
    for (size_t i = 0; i < cl->n; i++)
        if (!cl->c[i].cross && cl->c[i].kind != OT_MATCH_FUZZY && cl->c[i].name_score >= 0.97f)
            exact_in = true;
    if (!exact_in) fuzzy_candidates(m, sc, q, cl);
}

static void set_result(const ot_matcher *m, const cand *c, ot_match_result *out)
{
    const ot_smelter *s = smelter_of(m, c->smelter);
    const entry *en = &m->e[c->entry];
    out->smelter = s;
    out->matched_name = en->name;
    out->confidence = c->score;
    out->method = c->cross ? OT_MATCH_CROSS_METAL : c->kind;
    if (c->cross) out->notes |= OT_NOTE_METAL_MISMATCH;
    if (c->country_diff) out->notes |= OT_NOTE_COUNTRY_MISMATCH;
    if (s->state == OT_SMELTER_RETIRED) out->notes |= OT_NOTE_RETIRED;
    if (en->owner != en->smelter) out->notes |= OT_NOTE_MERGED;
}

static bool is_current(const ot_matcher *m, const cand *c)
{
    return smelter_of(m, c->smelter)->state == OT_SMELTER_CURRENT;
}

/* Picks from ranked candidates; returns true when resolved. A smelter on today's list
 * is preferred over a retired one that fits about as well (old lists reused names). */
static bool decide(const ot_matcher *m, cand_list *cl, ot_match_result *out)
{
    if (!cl->n) return false;
    qsort(cl->c, cl->n, sizeof cl->c[0], cand_cmp);
    if (!is_current(m, &cl->c[0]))
        for (size_t i = 1; i < cl->n && cl->c[0].score - cl->c[i].score < AMBIGUITY_MARGIN; i++)
            if (is_current(m, &cl->c[i])) {
                cand t = cl->c[i];
                memmove(cl->c + 1, cl->c, i * sizeof cl->c[0]);
                cl->c[0] = t;
                break;
            }
    const cand *best = &cl->c[0];
    bool clear = true;
    for (size_t i = 1; i < cl->n; i++) {
        const cand *o = &cl->c[i];
        if (best->score - o->score >= AMBIGUITY_MARGIN) break;
        if (is_current(m, best) && !is_current(m, o)) continue;
        /* an exact alias is trusted over a rival that only resembles it */
        if (best->kind == OT_MATCH_ALIAS_EXACT && o->kind != OT_MATCH_ALIAS_EXACT &&
            best->score > o->score)
            continue;
        clear = false;
        break;
    }
    if (best->score >= m->threshold && clear) {
        set_result(m, best, out);
        fill_candidates(m, cl, best->smelter, out);
        return true;
    }
    if (best->score >= m->threshold) out->notes |= OT_NOTE_AMBIGUOUS;
    fill_candidates(m, cl, NO_ID, out);
    return false;
}

/* The best score the query reaches against the names of one smelter. */
static float score_against_smelter(const ot_matcher *m, query *q, uint32_t smelter)
{
    if (!q->prepared) prepare_query(m, q->name, q);
    float best = 0;
    for (uint32_t k = m->by_smelter_from[smelter]; k < m->by_smelter_from[smelter + 1]; k++) {
        float s = score_entry(m, q, &m->e[m->by_smelter[k]]);
        if (s > best) best = s;
    }
    return best;
}

static void init_result(ot_match_result *out)
{
    memset(out, 0, sizeof *out);
    out->method = OT_MATCH_UNRESOLVED;
}

#define COUNTRY_CACHE_MAX 1024

static void country_key_cached(ot_match_scratch *sc, const char *country, char key[96])
{
    key[0] = '\0';
    if (!country || !*country) return;
    size_t at;
    if (strmap_get(&sc->country_cache, country, &at)) {
        memcpy(key, (const char *)at, strlen((const char *)at) + 1);
        return;
    }
    ot_country_key(country, key, 96);
    if (sc->country_cache.count >= COUNTRY_CACHE_MAX) return;
    const char *typed = ot_arena_strdup(&sc->cache_arena, country);
    const char *canon = ot_arena_strdup(&sc->cache_arena, key);
    if (typed && canon) strmap_put(&sc->country_cache, typed, (size_t)canon);
}

typedef struct metal_memo {
    const char *metal;
    bool garbled;
} metal_memo;

static const char *metal_cached(ot_match_scratch *sc, const char *typed, bool *garbled)
{
    *garbled = false;
    if (!typed) return NULL;
    size_t v;
    if (strmap_get(&sc->metal_cache, typed, &v)) {
        const metal_memo *mm = (const metal_memo *)v;
        *garbled = mm->garbled;
        return mm->metal;
    }
    const char *metal = ot_metal_canonical(typed, garbled);
    if (sc->metal_cache.count < COUNTRY_CACHE_MAX) {
        metal_memo *mm = ot_arena_alloc(&sc->cache_arena, sizeof *mm);
        const char *key = ot_arena_strdup(&sc->cache_arena, typed);
        if (mm && key) {
            *mm = (metal_memo){metal, *garbled};
            strmap_put(&sc->metal_cache, key, (size_t)mm);
        }
    }
    return metal;
}

void ot_match_r(const ot_matcher *m, ot_match_scratch *sc, const ot_match_input *in,
                ot_match_result *out)
{
    init_result(out);
    query q;
    memset(&q.country_key, 0, sizeof q.country_key);
    bool garbled = false;
    const char *metal = metal_cached(sc, in->metal, &garbled);
    out->metal = metal;
    if (present(in->metal) && !metal) out->notes |= OT_NOTE_METAL_UNKNOWN;
    if (garbled) out->notes |= OT_NOTE_METAL_GARBLED;
    q.metal = metal_id(m, metal);
    if (metal && q.metal < 0) q.metal = 0x7fff; /* a metal without reference data */
    country_key_cached(sc, in->country, q.country_key);

    const char *names[2];
    size_t nnames = 0;
    bool not_yet = is_special(in->lookup_name, "Smelter not yet identified");
    if (present(in->lookup_name) && !is_special(in->lookup_name, "Smelter not listed") && !not_yet)
        names[nnames++] = in->lookup_name;
    if (present(in->name) && (!nnames || !ot_text_equal_loose(in->name, in->lookup_name)))
        names[nnames++] = in->name;
    if (not_yet) out->notes |= OT_NOTE_NOT_YET_IDENTIFIED;

    /* Names first: the ID rules below compare against what the names say. */
    cand_list cl = {.n = 0};
    query qs[2];
    for (size_t i = 0; i < nnames; i++) {
        qs[i].metal = q.metal;
        memcpy(qs[i].country_key, q.country_key, sizeof q.country_key);
        candidates_for(m, sc, &qs[i], names[i], &cl);
        if (names[i] == in->lookup_name) { /* a look-up alias that hits exactly settles it */
            bool exact = false;
            for (size_t k = 0; k < cl.n; k++)
                if (!cl.c[k].cross && cl.c[k].kind == OT_MATCH_ALIAS_EXACT) exact = true;
            if (exact) {
                nnames = i + 1;
                break;
            }
        }
    }

    const ot_smelter *typed = NULL;
    if (present(in->smelter_id)) {
        typed = ot_refdata_find(m->rd, in->smelter_id);
        if (!typed) out->notes |= OT_NOTE_ID_UNKNOWN;
    }
    if (typed) {
        char canon[32];
        ot_refdata_canonical_id(in->smelter_id, canon);
        if (strncmp(canon, "CID", 3) != 0) out->notes |= OT_NOTE_LEGACY_ID;
        const ot_smelter *cur = ot_refdata_resolve_current(m->rd, typed);
        if (cur != typed) out->notes |= OT_NOTE_MERGED;
        out->typed_id_smelter = cur;
        uint32_t ci = (uint32_t)(cur - m->rd->smelters);
        bool same_metal = !metal || strcmp(cur->metal, metal) == 0;
        /* How well do the typed names fit the ID's smelter, and do they fit another? */
        float fit = nnames ? 0 : 1;
        for (size_t i = 0; i < nnames; i++) {
            float f = score_against_smelter(m, &qs[i], ci);
            if (f > fit) fit = f;
        }
        ot_match_result by_name;
        init_result(&by_name);
        cand_list copy = cl;
        bool named = decide(m, &copy, &by_name) && by_name.smelter != cur;
        bool conflict = named && fit < 0.5f;
        if (same_metal) {
            out->method = OT_MATCH_ID;
            out->smelter = cur;
            out->confidence = conflict ? 0.6 : fit >= 0.5f ? 1.0 : 0.9;
            if (conflict) out->notes |= OT_NOTE_ID_NAME_CONFLICT;
            if (cur->state == OT_SMELTER_RETIRED) out->notes |= OT_NOTE_RETIRED;
            if (q.country_key[0] && ot_country_differs(in->country, cur->country))
                out->notes |= OT_NOTE_COUNTRY_MISMATCH;
            if (cl.n) qsort(cl.c, cl.n, sizeof cl.c[0], cand_cmp);
            fill_candidates(m, &cl, ci, out);
            return;
        }
        out->notes |= OT_NOTE_ID_OTHER_METAL;
        if (named && by_name.method != OT_MATCH_CROSS_METAL) {
            /* the name resolves within the row's metal: the ID is the mistake */
            unsigned keep = out->notes;
            *out = by_name;
            out->notes |= keep;
            out->typed_id_smelter = cur;
            return;
        }
        if (nnames && fit >= m->threshold) {
            /* the names agree with the ID: the metal column is the mistake */
            out->method = OT_MATCH_CROSS_METAL;
            out->smelter = cur;
            out->confidence = fit - METAL_PENALTY;
            out->notes |= OT_NOTE_METAL_MISMATCH;
            if (cur->state == OT_SMELTER_RETIRED) out->notes |= OT_NOTE_RETIRED;
            if (cl.n) qsort(cl.c, cl.n, sizeof cl.c[0], cand_cmp);
            fill_candidates(m, &cl, ci, out);
            return;
        }
        /* ID of another metal and nothing to tell which column is wrong */
        if (cl.n) qsort(cl.c, cl.n, sizeof cl.c[0], cand_cmp);
        fill_candidates(m, &cl, ci, out);
        if (out->candidate_count < OT_MATCH_MAX_CANDIDATES) {
            memmove(out->candidates + 1, out->candidates,
                    out->candidate_count * sizeof out->candidates[0]);
            out->candidate_count++;
        } else
            memmove(out->candidates + 1, out->candidates,
                    (OT_MATCH_MAX_CANDIDATES - 1) * sizeof out->candidates[0]);
        out->candidates[0] = (ot_match_candidate){cur, cur->standard_name, fit};
        return;
    }
    if (!nnames) {
        if (!not_yet && !present(in->smelter_id)) out->notes |= OT_NOTE_NO_INPUT;
        return;
    }
    decide(m, &cl, out);
}

void ot_match(ot_matcher *m, const ot_match_input *in, ot_match_result *out)
{
    ot_match_r(m, m->scratch, in, out);
}

/* ---- explanation ------------------------------------------------------------------- */

char *ot_match_explain(const ot_match_input *in, const ot_match_result *r, char *out, size_t cap)
{
    size_t n = 0;
#define PUT(...)                                                                                   \
    do {                                                                                           \
        if (n < cap) n += (size_t)snprintf(out + n, cap - n, __VA_ARGS__);                         \
    } while (0)
    if (cap) out[0] = '\0';
    switch (r->method) {
    case OT_MATCH_ID:
        PUT("typed smelter ID %s", in->smelter_id ? in->smelter_id : "");
        break;
    case OT_MATCH_ALIAS_EXACT:
        PUT("look-up name '%s' letter for letter", r->matched_name);
        break;
    case OT_MATCH_NORMALIZED:
        PUT("same name as '%s' after normalisation", r->matched_name);
        break;
    case OT_MATCH_FUZZY:
        PUT("similar to '%s' (%.2f)", r->matched_name, r->confidence);
        break;
    case OT_MATCH_CROSS_METAL:
        PUT("'%s' is a %s smelter, the row says %s", r->matched_name ? r->matched_name : "",
            r->smelter ? r->smelter->metal : "?", in->metal ? in->metal : "no metal");
        break;
    case OT_MATCH_UNRESOLVED:
        if (r->notes & OT_NOTE_AMBIGUOUS)
            PUT("several smelters fit equally well");
        else if (r->notes & OT_NOTE_NOT_YET_IDENTIFIED)
            PUT("supplier has not identified the smelter");
        else if (r->notes & OT_NOTE_NO_INPUT)
            PUT("nothing to match on");
        else if (r->candidate_count)
            PUT("no smelter similar enough (best %.2f)", r->candidates[0].score);
        else
            PUT("no smelter with a similar name");
        break;
    }
    if (r->notes & OT_NOTE_COUNTRY_MISMATCH)
        PUT("; country differs (row: %s, smelter: %s)", in->country ? in->country : "",
            r->smelter ? r->smelter->country : "");
    if (r->notes & OT_NOTE_ID_OTHER_METAL && r->typed_id_smelter)
        PUT("; typed ID %s is a %s smelter", r->typed_id_smelter->id, r->typed_id_smelter->metal);
    if (r->notes & OT_NOTE_ID_NAME_CONFLICT)
        PUT("; the typed name fits %s better than the typed ID",
            r->candidate_count ? r->candidates[0].smelter->id : "another smelter");
    if (r->notes & OT_NOTE_ID_UNKNOWN) PUT("; typed ID %s is not on the RMI list", in->smelter_id);
    if (r->notes & OT_NOTE_LEGACY_ID) PUT("; old-style ID");
    if (r->notes & OT_NOTE_MERGED)
        PUT("; former ID or name of %s", r->smelter ? r->smelter->id : "?");
    if (r->notes & OT_NOTE_RETIRED) PUT("; retired from the RMI list");
    if (r->notes & OT_NOTE_METAL_GARBLED) PUT("; metal read as %s", r->metal ? r->metal : "?");
    if (r->notes & OT_NOTE_METAL_UNKNOWN) PUT("; metal '%s' not recognised", in->metal);
#undef PUT
    return out;
}
