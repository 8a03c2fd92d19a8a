/* match.c - use case "match" (match.h): one name, a TSV batch, and a result as JSON. */
#include "app/match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/fileio.h"
#include "util/jsonout.h"
#include "util/text.h"

/* A TSV batch is read whole; beyond this it is refused (a name list is a few MB). */
#define OT_MATCH_TSV_MAX (64u << 20)

/* ---- a result as JSON --------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static double round3(double v)
{
    return round(v * 1000.0) / 1000.0;
}

static json_t *candidates_json(const ot_match_result *r)
{
    json_t *cands = json_array();
    for (size_t i = 0; i < r->candidate_count; i++) {
        const ot_match_candidate *c = &r->candidates[i];
        json_t *co = json_object();
        json_object_set_new(co, "smelter_id", json_string(c->smelter->id));
        json_object_set_new(co, "standard_name", str_or_null(c->smelter->standard_name));
        json_object_set_new(co, "metal", str_or_null(c->smelter->metal));
        json_object_set_new(co, "country", str_or_null(c->smelter->country));
        json_object_set_new(co, "matched_name", str_or_null(c->matched_name));
        json_object_set_new(co, "score", json_real(round3(c->score)));
        json_array_append_new(cands, co);
    }
    return cands;
}

static json_t *notes_json(unsigned notes)
{
    json_t *a = json_array();
    for (unsigned i = 0; i < OT_NOTE__COUNT; i++)
        if (notes & (1u << i)) json_array_append_new(a, json_string(ot_match_note_name(1u << i)));
    return a;
}

/* The explanation quotes what the supplier typed, which may not be valid UTF-8. */
static json_t *why_json(const ot_match_input *in, const ot_match_result *r)
{
    char why[512];
    ot_match_explain(in, r, why, sizeof why);
    char *clean = ot_utf8_sanitize(why, strlen(why));
    json_t *s = json_string(clean ? clean : "");
    free(clean);
    return s;
}

json_t *ot_match_to_json(const ot_refdata *rd, const ot_match_input *in, const ot_match_result *r,
                         const char *date)
{
    json_t *o = json_object();
    const ot_smelter *s = r->smelter;
    json_object_set_new(o, "smelter_id", s ? json_string(s->id) : json_null());
    json_object_set_new(o, "standard_name", s ? str_or_null(s->standard_name) : json_null());
    json_object_set_new(o, "metal", s ? str_or_null(s->metal) : str_or_null(r->metal));
    json_object_set_new(o, "country", s ? str_or_null(s->country) : json_null());
    const ot_status_entry *st = s ? ot_refdata_status(rd, s->id, date) : NULL;
    json_object_set_new(o, "status",
                        st ? json_string(ot_rmap_status_name(st->status)) : json_null());
    json_object_set_new(o, "status_as_of", st ? json_string(st->as_of) : json_null());
    json_object_set_new(o, "state", s ? json_string(ot_smelter_state_name(s->state)) : json_null());
    json_object_set_new(o, "method", json_string(ot_match_method_name(r->method)));
    json_object_set_new(o, "confidence", json_real(round3(r->confidence)));
    json_object_set_new(o, "matched_name", str_or_null(r->matched_name));
    json_object_set_new(o, "notes", notes_json(r->notes));
    json_object_set_new(o, "why", why_json(in, r));
    json_object_set_new(o, "candidates", candidates_json(r));
    return o;
}

/* ---- one name ----------------------------------------------------------------------- */

/* The reference's matcher, with the request's threshold. */
static ot_code matcher_of(ot_reference *ref, double threshold, ot_matcher **m, ot_error *err)
{
    ot_code rc = ot_reference_matcher(ref, m, err);
    if (rc == OT_OK && threshold > 0) ot_matcher_set_threshold(*m, threshold);
    return rc;
}

ot_code ot_app_match(ot_app *app, const ot_match_request *req, ot_match_outcome *res, ot_error *err)
{
    *res = (ot_match_outcome){.input = req->input, .date = req->date};
    ot_reference *ref = req->reference;
    if (!ref) {
        ot_code rc = ot_reference_open(app, &res->owned, err);
        if (rc != OT_OK) return rc;
        ref = res->owned;
    }
    ot_matcher *m;
    ot_code rc = matcher_of(ref, req->threshold, &m, err);
    if (rc != OT_OK) {
        ot_match_outcome_free(res);
        return rc;
    }
    res->refdata = ot_reference_data(ref);
    ot_match(m, &res->input, &res->match);
    return OT_OK;
}

json_t *ot_match_outcome_to_json(const ot_match_outcome *res)
{
    return ot_match_to_json(res->refdata, &res->input, &res->match, res->date);
}

void ot_match_outcome_free(ot_match_outcome *res)
{
    ot_reference_free(res->owned);
    res->owned = NULL;
}

/* ---- a TSV batch -------------------------------------------------------------------- */

enum { C_METAL, C_NAME, C_COUNTRY, C_ID, C_LOOKUP, C__COUNT };

static const char *const tsv_names[C__COUNT][4] = {
    [C_METAL] = {"metal", NULL},
    [C_NAME] = {"name", "smelter_name", "smelter name", NULL},
    [C_COUNTRY] = {"country", "smelter_country", "smelter country", NULL},
    [C_ID] = {"smelter_id", "smelter id", "id", NULL},
    [C_LOOKUP] = {"lookup_name", "smelter look-up", "lookup", NULL},
};

static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

/* The column of each field in the header row (-1: absent); false when it names neither a
 * name nor an ID column. */
static bool header_columns(char **f, size_t nf, int col[C__COUNT])
{
    for (int c = 0; c < C__COUNT; c++) {
        col[c] = -1;
        for (size_t i = 0; i < nf && col[c] < 0; i++)
            for (int k = 0; tsv_names[c][k]; k++)
                if (strcasecmp(f[i], tsv_names[c][k]) == 0) col[c] = (int)i;
    }
    return col[C_NAME] >= 0 || col[C_ID] >= 0 || col[C_LOOKUP] >= 0;
}

static void row_input(char **f, size_t nf, const int col[C__COUNT], ot_match_input *in)
{
    const char **slots[C__COUNT] = {&in->metal, &in->name, &in->country, &in->smelter_id,
                                    &in->lookup_name};
    for (int c = 0; c < C__COUNT; c++)
        *slots[c] = col[c] >= 0 && (size_t)col[c] < nf ? f[col[c]] : NULL;
}

/* The next line of text from *cursor (cut at '\n', a trailing '\r' dropped); NULL at the
 * end. */
static char *next_line(char **cursor, size_t *len)
{
    char *line = *cursor;
    if (!line) return NULL;
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    *cursor = nl ? nl + 1 : NULL;
    *len = strlen(line);
    if (*len && line[*len - 1] == '\r') line[--*len] = '\0';
    return line;
}

/* Splits res->text (NUL-terminated, len bytes) into res->inputs. */
static ot_code parse_tsv(ot_match_batch_result *res, size_t len, const char *name, ot_error *err)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += res->text[i] == '\n';
    res->inputs = calloc(lines + 1, sizeof *res->inputs);
    if (!res->inputs) return ot_fail(err, OT_E_NOMEM, "out of memory");
    int col[C__COUNT];
    bool header = false;
    char *cursor = res->text, *line;
    size_t l;
    while ((line = next_line(&cursor, &l))) {
        if (!header && line == res->text && l >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* a UTF-8 byte-order mark (only a whole one: the file may end sooner) */
            l -= 3;
        }
        if (!l && !cursor) break;
        char *f[64];
        size_t nf = split_tabs(line, f, 64);
        if (header) {
            row_input(f, nf, col, &res->inputs[res->n++]);
        } else if (header_columns(f, nf, col)) {
            header = true;
        } else {
            return ot_fail(err, OT_E_INVALID,
                           "%s: the first line must be a header with at "
                           "least a 'name' or 'smelter_id' column (metal, name, country, "
                           "smelter_id)",
                           name);
        }
    }
    if (!header) return ot_fail(err, OT_E_INVALID, "%s is empty (expected a header row)", name);
    return OT_OK;
}

static ot_code load_tsv(const ot_match_batch_request *req, ot_match_batch_result *res,
                        ot_error *err)
{
    size_t len = req->len;
    if (req->data) {
        res->text = malloc(len + 1);
        if (!res->text) return ot_fail(err, OT_E_NOMEM, "out of memory");
        memcpy(res->text, req->data, len);
        res->text[len] = '\0';
    } else {
        unsigned char *data;
        ot_code rc = ot_read_file(req->path, OT_MATCH_TSV_MAX, &data, &len, err);
        if (rc != OT_OK) return rc;
        res->text = (char *)data;
    }
    return parse_tsv(res, len, req->name ? req->name : req->path, err);
}

static double clock_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void match_rows(const ot_match_batch_request *req, ot_matcher *m, ot_match_batch_result *res)
{
    long repeat = req->repeat > 0 ? req->repeat : 1;
    size_t total = res->n * (size_t)repeat;
    /* CPU time too: what one core spent, whatever else the machine runs */
    double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    for (long rep = 0; rep < repeat; rep++)
        for (size_t i = 0; i < res->n; i++) {
            ot_match(m, &res->inputs[i], &res->matches[i]);
            if ((i & 1023) == 0 && req->progress)
                req->progress((size_t)rep * res->n + i, total, req->ctx);
        }
    res->match_ms = clock_ms(CLOCK_MONOTONIC) - t0;
    res->match_cpu_ms = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
}

ot_code ot_app_match_batch(ot_app *app, const ot_match_batch_request *req,
                           ot_match_batch_result *res, ot_error *err)
{
    (void)app; /* the reference is the request's */
    *res = (ot_match_batch_result){.date = req->date};
    ot_matcher *m;
    ot_code rc = load_tsv(req, res, err);
    if (rc == OT_OK) rc = matcher_of(req->reference, req->threshold, &m, err);
    if (rc == OT_OK && !(res->matches = calloc(res->n + 1, sizeof *res->matches)))
        rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    if (rc != OT_OK) {
        ot_match_batch_free(res);
        return rc;
    }
    res->refdata = ot_reference_data(req->reference);
    match_rows(req, m, res);
    return OT_OK;
}

json_t *ot_match_batch_to_json(const ot_match_batch_result *res)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < res->n; i++) {
        json_t *j = ot_match_to_json(res->refdata, &res->inputs[i], &res->matches[i], res->date);
        json_object_set_new(j, "row", json_integer((json_int_t)i + 1));
        json_array_append_new(rows, j);
    }
    return rows;
}

void ot_match_batch_free(ot_match_batch_result *res)
{
    free(res->inputs);
    free(res->matches);
    free(res->text);
    *res = (ot_match_batch_result){0};
}
