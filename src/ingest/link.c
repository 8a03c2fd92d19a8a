/* link.c - which supplier a received file answers for (rules in ingest.h).
 *
 * The campaign's suppliers are loaded once per batch into sorted arrays (by token, by
 * supplier_id, by normalised name, by e-mail domain, by name word), so each file is
 * linked with a few binary searches whatever the size of the vendor list. */
#include "ingest_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "campaign/import_util.h"
#include "campaign/token.h"
#include "refdata/normalize.h"
#include "util/text.h"

typedef struct sup {
    int64_t request_id;
    char *key, *token, *name_norm;
} sup;

typedef struct keyed {
    const char *key;
    long idx; /* index into sups; -1 when several suppliers share the key */
} keyed;

struct ot_linker {
    sup *sups;
    size_t n;
    keyed *by_token, *by_key, *by_name, *by_domain, *by_word;
    size_t n_token, n_key, n_name; /* entries of by_token, by_key, by_name (one per key) */
    size_t n_domain, n_word;
};

/* How sure each way of linking a file to its supplier is (shown with the link). The name
 * threshold and margin keep a fuzzy company name from linking unless it clearly wins. */
#define LINK_SURE 1.0         /* named by the user, or the file carries the upload token */
#define LINK_UNIQUE_NAME 0.95 /* the normalised company name is one supplier's */
#define LINK_EMAIL_DOMAIN 0.9 /* the contact e-mail's domain is one supplier's */
#define LINK_UNIQUE_ID 0.9    /* the declaration's unique ID is a supplier_id */
#define LINK_NAME_THRESHOLD 0.8
#define LINK_NAME_MARGIN 0.1

/* Webmail domains say nothing about the company. Data. */
static const char *const webmail[] = {
    "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com",
    "aol.com",   "icloud.com",     "gmx.de",    "gmx.net",     "web.de",      "qq.com",
    "163.com",   "126.com",        "naver.com", "mail.ru",     "yandex.ru",   "proton.me",
};

/* A company name as the words that identify it: refdata's normalisation (folded, one
 * spelling per word, legal forms such as GmbH, Co., Ltd. recognised; refdata/normalize.h)
 * without the legal forms and stop words, space separated ("Acme Co., Ltd." -> "acme").
 * One normaliser for smelter and company names, so both forgive the same spellings. */
static void company_words(const char *name, char *out, size_t size)
{
    ot_norm_name n;
    ot_normalize_name(name, &n);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n.ntok; i++) {
        if (n.tok[i].flags & (OT_TOK_LEGAL | OT_TOK_STOP)) continue;
        const char *t = ot_norm_token(&n, i);
        size_t tl = strlen(t);
        if (!tl || len + tl + 2 > size) continue;
        if (len) out[len++] = ' ';
        memcpy(out + len, t, tl + 1);
        len += tl;
    }
}

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/* Sorts and marks keys shared by several different suppliers as ambiguous (-1),
 * keeping one entry per key. */
static size_t sort_unique(keyed *k, size_t n)
{
    qsort(k, n, sizeof *k, cmp_keyed);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out && strcmp(k[out - 1].key, k[i].key) == 0) {
            if (k[out - 1].idx != k[i].idx) k[out - 1].idx = -1;
            continue;
        }
        k[out++] = k[i];
    }
    return out;
}

/* All (word, supplier) pairs, sorted, duplicates of the same pair removed. */
static int cmp_word(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static const keyed *find(const keyed *k, size_t n, const char *key)
{
    if (!key || !*key || !n) return NULL; /* no suppliers: k may be NULL, bsearch needs an array */
    keyed probe = {key, 0};
    return bsearch(&probe, k, n, sizeof *k, cmp_keyed);
}

/* The campaign's requests: supplier key, token and normalised name of each. */
static ot_code load_suppliers(ot_linker *l, ot_db *db, int64_t campaign_id, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT r.id, s.supplier_key, r.token, s.name FROM request r JOIN "
                               "supplier s ON s.id = r.supplier_id WHERE r.campaign_id = ?",
                               &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, campaign_id, err);
    size_t cap = 0;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (!ot_grow((void **)&l->sups, &cap, l->n, sizeof *l->sups)) {
            s = OT_STEP_ERROR;
            ot_fail(err, OT_E_NOMEM, "out of memory");
            break;
        }
        sup *p = &l->sups[l->n++];
        char norm[512];
        company_words(ot_stmt_text(st, 3), norm, sizeof norm);
        *p = (sup){ot_stmt_int(st, 0), strdup(ot_stmt_text(st, 1)), strdup(ot_stmt_text(st, 2)),
                   strdup(norm)};
        if (!p->key || !p->token || !p->name_norm) {
            s = OT_STEP_ERROR;
            ot_fail(err, OT_E_NOMEM, "out of memory");
            break;
        }
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

/* Token, supplier key and normalised name, each sorted for binary search. */
static ot_code index_suppliers(ot_linker *l, ot_error *err)
{
    size_t n = l->n ? l->n : 1;
    l->by_token = calloc(n, sizeof *l->by_token);
    l->by_key = calloc(n, sizeof *l->by_key);
    l->by_name = calloc(n, sizeof *l->by_name);
    if (!l->by_token || !l->by_key || !l->by_name) return ot_fail(err, OT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < l->n; i++) {
        l->by_token[i] = (keyed){l->sups[i].token, (long)i};
        l->by_key[i] = (keyed){l->sups[i].key, (long)i};
        l->by_name[i] = (keyed){l->sups[i].name_norm, (long)i};
    }
    l->n_token = sort_unique(l->by_token, l->n);
    l->n_key = sort_unique(l->by_key, l->n);
    l->n_name = sort_unique(l->by_name, l->n);
    return OT_OK;
}

/* The e-mail domains of the suppliers' contacts, one entry per domain (a domain of several
 * suppliers is ambiguous); the strings of dropped entries are freed here. */
static ot_code load_domains(ot_linker *l, ot_db *db, ot_error *err)
{
    ot_stmt *st;
    ot_code rc =
        ot_db_prepare(db,
                      "SELECT DISTINCT c.email_domain, s.supplier_key FROM supplier_contact c "
                      "JOIN supplier s ON s.id = c.supplier_id WHERE c.email_domain IS NOT NULL",
                      &st, err);
    if (rc != OT_OK) return rc;
    size_t cap = 0;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        const keyed *k = find(l->by_key, l->n_key, ot_stmt_text(st, 1));
        if (!k || k->idx < 0) continue;
        char *domain = strdup(ot_stmt_text(st, 0));
        if (!domain || !ot_grow((void **)&l->by_domain, &cap, l->n_domain, sizeof *l->by_domain)) {
            free(domain);
            break; /* out of memory: fewer domains to link by, not a failure */
        }
        l->by_domain[l->n_domain++] = (keyed){domain, k->idx};
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err->code;
    if (!l->n_domain) return OT_OK;
    qsort(l->by_domain, l->n_domain, sizeof *l->by_domain, cmp_keyed);
    size_t o = 0;
    for (size_t i = 0; i < l->n_domain; i++) {
        if (o && strcmp(l->by_domain[o - 1].key, l->by_domain[i].key) == 0) {
            if (l->by_domain[o - 1].idx != l->by_domain[i].idx) l->by_domain[o - 1].idx = -1;
            free((char *)l->by_domain[i].key);
            continue;
        }
        l->by_domain[o++] = l->by_domain[i];
    }
    l->n_domain = o;
    return OT_OK;
}

/* Every (word, supplier) pair of the normalised names, sorted: for the similarity search. */
static void index_words(ot_linker *l)
{
    size_t cap = 0;
    for (size_t i = 0; i < l->n; i++) {
        for (const char *p = l->sups[i].name_norm; *p;) {
            const char *sp = strchr(p, ' ');
            size_t len = sp ? (size_t)(sp - p) : strlen(p);
            char *word = strndup(p, len);
            if (!word || !ot_grow((void **)&l->by_word, &cap, l->n_word, sizeof *l->by_word)) {
                free(word);
                break; /* out of memory: fewer words to compare, not a failure */
            }
            l->by_word[l->n_word++] = (keyed){word, (long)i};
            p += len + (sp ? 1 : 0);
        }
    }
    if (l->n_word) qsort(l->by_word, l->n_word, sizeof *l->by_word, cmp_word);
}

ot_code ot_linker_load(ot_db *db, int64_t campaign_id, ot_linker **out, ot_error *err)
{
    ot_linker *l = calloc(1, sizeof *l);
    if (!l) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_code rc = load_suppliers(l, db, campaign_id, err);
    if (rc == OT_OK) rc = index_suppliers(l, err);
    if (rc == OT_OK) rc = load_domains(l, db, err);
    if (rc != OT_OK) {
        ot_linker_free(l);
        return rc;
    }
    index_words(l);
    *out = l;
    return OT_OK;
}

void ot_linker_free(ot_linker *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->sups[i].key);
        free(l->sups[i].token);
        free(l->sups[i].name_norm);
    }
    for (size_t i = 0; i < l->n_domain; i++)
        free((char *)l->by_domain[i].key);
    for (size_t i = 0; i < l->n_word; i++)
        free((char *)l->by_word[i].key);
    free(l->sups);
    free(l->by_token);
    free(l->by_key);
    free(l->by_name);
    free(l->by_domain);
    free(l->by_word);
    free(l);
}

static bool set(const ot_linker *l, long idx, const char *method, double conf, ot_link *out)
{
    if (idx < 0) return false;
    out->request_id = l->sups[idx].request_id;
    out->supplier_key = l->sups[idx].key;
    out->method = method;
    out->confidence = conf;
    return true;
}

bool ot_linker_by_key(const ot_linker *l, const char *key, ot_link *out)
{
    const keyed *k = find(l->by_key, l->n_key, key);
    return k && set(l, k->idx, "option", LINK_SURE, out);
}

bool ot_linker_by_request(const ot_linker *l, int64_t request_id, ot_link *out)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->sups[i].request_id == request_id) return set(l, (long)i, "option", LINK_SURE, out);
    return false;
}

static bool by_token_in(const ot_linker *l, const char *text, ot_link *out)
{
    char tok[OT_TOKEN_LEN + 1];
    while (text && ot_token_find(text, tok)) {
        const keyed *k = find(l->by_token, l->n_token, tok);
        if (k && set(l, k->idx, "token", LINK_SURE, out)) return true;
        /* an unknown token (another campaign's): look further in the same text */
        const char *next = strstr(text, "OT-");
        if (!next) next = strstr(text, "ot-");
        if (!next) break;
        text = next + 3;
    }
    return false;
}

static bool by_email(const ot_linker *l, const char *email, ot_link *out)
{
    const char *at = email ? strrchr(email, '@') : NULL;
    if (!at || !at[1]) return false;
    char domain[256];
    snprintf(domain, sizeof domain, "%s", at + 1);
    ot_text_clean(domain, strlen(domain));
    for (char *p = domain; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    for (size_t i = 0; i < sizeof webmail / sizeof webmail[0]; i++)
        if (strcmp(domain, webmail[i]) == 0) return false;
    const keyed *k = find(l->by_domain, l->n_domain, domain);
    return k && set(l, k->idx, "email", LINK_EMAIL_DOMAIN, out);
}

/* Dice coefficient of the word sets of two normalised names. */
static double word_overlap(const char *a, const char *b)
{
    size_t na = 0, nb = 0, common = 0;
    for (const char *p = a; *p;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        na++;
        for (const char *q = b; *q;) {
            const char *sq = strchr(q, ' ');
            size_t lq = sq ? (size_t)(sq - q) : strlen(q);
            if (lq == len && memcmp(p, q, len) == 0) {
                common++;
                break;
            }
            q += lq + (sq ? 1 : 0);
        }
        p += len + (sp ? 1 : 0);
    }
    for (const char *q = b; *q; q++)
        if (*q == ' ') nb++;
    nb += *b ? 1 : 0;
    return na + nb ? 2.0 * (double)common / (double)(na + nb) : 0.0;
}

static bool by_name(const ot_linker *l, const char *company, ot_link *out)
{
    char norm[512];
    company_words(company, norm, sizeof norm);
    if (!*norm) return false;
    const keyed *k = find(l->by_name, l->n_name, norm);
    if (k) return set(l, k->idx, "name", LINK_UNIQUE_NAME, out);
    /* similarity: candidates share a word that few suppliers have */
    long best = -1;
    double best_score = 0, second = 0;
    for (const char *p = norm; *p;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        char word[128];
        snprintf(word, sizeof word, "%.*s", (int)(len < 127 ? len : 127), p);
        keyed probe = {word, -1};
        /* first entry with this word */
        size_t lo = 0, hi = l->n_word;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(l->by_word[mid].key, word) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t end = lo;
        while (end < l->n_word && strcmp(l->by_word[end].key, probe.key) == 0)
            end++;
        if (end - lo <= 50) { /* a word shared by many suppliers tells nothing */
            for (size_t i = lo; i < end; i++) {
                long idx = l->by_word[i].idx;
                if (idx == best) continue;
                double s = word_overlap(norm, l->sups[idx].name_norm);
                if (s > best_score) {
                    second = best_score;
                    best_score = s;
                    best = idx;
                } else if (s > second) {
                    second = s;
                }
            }
        }
        p += len + (sp ? 1 : 0);
    }
    if (best >= 0 && best_score >= LINK_NAME_THRESHOLD && best_score - second >= LINK_NAME_MARGIN)
        return set(l, best, "name", best_score, out);
    return false;
}

bool ot_linker_find(const ot_linker *l, const char *file_name, const ot_declaration *d,
                    ot_link *out)
{
    if (by_token_in(l, file_name, out)) return true;
    if (d) {
        for (int f = 0; f < OT_F__COUNT; f++)
            if (by_token_in(l, d->fields[f].value, out)) return true;
        if (by_email(l, d->fields[OT_F_CONTACT_EMAIL].value, out)) return true;
        if (by_email(l, d->fields[OT_F_AUTHORIZER_EMAIL].value, out)) return true;
        const char *uid = d->fields[OT_F_UNIQUE_ID].value;
        const keyed *k = find(l->by_key, l->n_key, uid);
        if (k && set(l, k->idx, "unique_id", LINK_UNIQUE_ID, out)) return true;
        if (by_name(l, d->fields[OT_F_COMPANY_NAME].value, out)) return true;
    }
    return false;
}
