/* core.c - runs the rule table over one declaration: derives what the checks share
 * (which answers are required, what each smelter row is), then calls every rule that
 * applies to the declaration's family and version. Also the emit helpers. */
#include "validate/rules_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/workbook.h"
#include "util/date.h"
#include "util/text.h"

/* ---- small predicates ---- */

bool ot_v_empty(const ot_value *val)
{
    if (!val || !val->value) return true;
    for (const char *s = val->value; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

bool ot_v_is(const ot_value *val, const char *text)
{
    return !ot_v_empty(val) && ot_text_equal_loose(val->value, text);
}

bool ot_v_in(const ot_value *val, const char *const *set)
{
    for (size_t i = 0; i < OT_PROFILE_MAX_SET && set[i]; i++)
        if (ot_v_is(val, set[i])) return true;
    return false;
}

bool ot_v_has_cell(const ot_value *val)
{
    return val && val->row > 0 && val->col > 0;
}

/* Compares the part before " (" ("Tantalum (Ta)" -> "Tantalum"). */
static size_t metal_stem(const char *s, const char **start)
{
    while (*s == ' ')
        s++;
    *start = s;
    const char *paren = strstr(s, " (");
    size_t n = paren ? (size_t)(paren - s) : strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return n;
}

bool ot_v_metal_eq(const char *a, const char *b)
{
    if (!a || !b) return false;
    if (ot_text_equal_loose(a, b)) return true;
    const char *sa, *sb;
    size_t na = metal_stem(a, &sa), nb = metal_stem(b, &sb);
    if (na != nb || na == 0) return false;
    for (size_t i = 0; i < na; i++) {
        unsigned char x = (unsigned char)sa[i], y = (unsigned char)sb[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
    }
    return true;
}

int ot_v_metal_index(const ot_declaration *d, const char *metal)
{
    for (size_t i = 0; i < d->metal_count; i++)
        if (ot_v_metal_eq(d->metals[i], metal)) return (int)i;
    return -1;
}

const ot_value *ot_v_answer(const ot_question *q, size_t m)
{
    if (!q || m >= OT_MAX_METALS) return NULL;
    return &q->per_metal[m].answer;
}

bool ot_v_is_full_response(const ot_value *val)
{
    if (ot_v_empty(val)) return false;
    if (val->numeric) return strtod(val->value, NULL) >= 0.9999;
    static const char *const full[] = {"100%", "1", "Yes", "Yes, 100%"};
    for (size_t i = 0; i < sizeof full / sizeof full[0]; i++)
        if (ot_text_equal_loose(val->value, full[i])) return true;
    return false;
}

const char *ot_v_question_label(const ot_question *q, char out[32])
{
    snprintf(out, 32, "question %s", q && q->key[0] ? q->key : "?");
    return out;
}

/* Scope letter as the Checker compares it: the drop-down item the value equals, '?' for a
 * value outside the list, 0 when empty. */
char ot_v_scope_letter(const ot_vctx *v)
{
    const ot_value *s = &v->d->fields[OT_F_SCOPE];
    if (ot_v_empty(s)) return 0;
    if (s->allowed) {
        for (size_t i = 0; i < s->allowed->count; i++)
            if (ot_text_equal_loose(s->allowed->items[i], s->value))
                return (char)toupper((unsigned char)s->allowed->items[i][0]);
        return '?';
    }
    return v->d->scope_letter[0] ? (char)toupper((unsigned char)v->d->scope_letter[0]) : '?';
}

/* ---- where and what ---- */

const char *ot_v_sheet_name(const ot_vctx *v, ot_sheet_id s)
{
    static const char *const defaults[OT_SHEET__COUNT] = {"Declaration", "Smelter List",
                                                          "Product List", "Mine List"};
    if ((unsigned)s >= OT_SHEET__COUNT) return "";
    const char *n = v->d->sheet_names[s];
    return n && *n ? n : defaults[s];
}

void ot_v_where(const ot_vctx *v, const ot_value *val, char out[80])
{
    out[0] = '\0';
    if (!ot_v_has_cell(val)) return;
    char a1[16];
    ot_format_a1(val->row, val->col, a1);
    snprintf(out, 80, "%s!%s", ot_v_sheet_name(v, val->sheet), a1);
}

/* Values quoted in messages are cut so a hostile 30 000-character cell stays readable. */
const char *ot_v_show(const char *s)
{
    static _Thread_local char bufs[4][96];
    static _Thread_local unsigned next;
    char *b = bufs[next++ % 4];
    if (!s) return "";
    size_t n = strlen(s);
    if (n < 80) return s;
    size_t cut = 72;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--; /* UTF-8 boundary */
    memcpy(b, s, cut);
    memcpy(b + cut, "...", 4);
    return b;
}

static void emit_va(ot_vctx *v, const ot_rule *rule, ot_sheet_id sheet, uint32_t row, uint32_t col,
                    const char *field, int metal, const char *fix, const char *fmt, va_list ap)
{
    char code[64], cell[16] = "", message[640];
    snprintf(code, sizeof code, "%s-%s", ot_family_name(v->d->family), rule->suffix);
    if (row > 0 && col > 0) ot_format_a1(row, col, cell);
    vsnprintf(message, sizeof message, fmt, ap);
    ot_finding f = {
        .code = code,
        .severity = rule->severity,
        .sheet = row > 0 ? ot_v_sheet_name(v, sheet) : "",
        .cell = cell,
        .field = field ? field : "",
        .metal = metal >= 0 && (size_t)metal < v->d->metal_count && v->d->metals[metal]
                     ? v->d->metals[metal]
                     : "",
        .message = message,
        .fix = fix ? fix : rule->fix,
    };
    ot_findings_add(v->out, &f);
}

void ot_v_emit_at(ot_vctx *v, const ot_rule *rule, ot_sheet_id sheet, uint32_t row, uint32_t col,
                  const char *field, int metal, const char *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit_va(v, rule, sheet, row, col, field, metal, fix, fmt, ap);
    va_end(ap);
}

void ot_v_emit(ot_vctx *v, const ot_rule *rule, const ot_value *at, const char *field, int metal,
               const char *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool cell = ot_v_has_cell(at);
    emit_va(v, rule, cell ? at->sheet : OT_SHEET_DECLARATION, cell ? at->row : 0,
            cell ? at->col : 0, field, metal, fix, fmt, ap);
    va_end(ap);
}

/* ---- derived state ---- */

static bool looks_like_cid(const char *s)
{
    if (!s) return false;
    while (*s == ' ')
        s++;
    if (!((s[0] == 'C' || s[0] == 'c') && (s[1] == 'I' || s[1] == 'i') &&
          (s[2] == 'D' || s[2] == 'd')))
        return false;
    for (int i = 3; i < 9; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return s[9] == '\0' || s[9] == ' ';
}

static void derive_answers(ot_vctx *v)
{
    const ot_declaration *d = v->d;
    const ot_profile *p = v->p;
    v->q1 = ot_declaration_question(d, OT_Q_INTENTIONAL);
    if (!v->q1 && d->question_count) v->q1 = &d->questions[0];
    v->q2 = p->remains_gate ? ot_declaration_question(d, OT_Q_REMAINS) : NULL;
    for (size_t m = 0; m < d->metal_count && m < OT_MAX_METALS; m++) {
        bool ex1 = ot_v_in(ot_v_answer(v->q1, m), p->q1_exempt);
        bool ex2 = v->q2 && ot_v_in(ot_v_answer(v->q2, m), p->q2_exempt);
        v->needs_q2[m] = p->remains_always || !ex1;
        if (!p->later_required)
            v->needs_rest[m] = false;
        else if (p->gate_both)
            v->needs_rest[m] = !(ex1 && ex2);
        else
            v->needs_rest[m] = !(ex1 || ex2);
        if (v->needs_rest[m]) v->company_required = true;
    }
}

static void derive_row(ot_vctx *v, ot_srow *r)
{
    const ot_value *c = r->row->col;
    const ot_smelter_ref *ref = v->ctx ? v->ctx->smelters : NULL;
    const ot_value *metal = &c[OT_SM_METAL], *idin = &c[OT_SM_ID_INPUT];
    const ot_value *lookup = &c[OT_SM_LOOKUP_NAME], *name = &c[OT_SM_NAME];
    const ot_value *country = &c[OT_SM_COUNTRY], *fid = &c[OT_SM_ID];
    r->used = !ot_v_empty(metal) || !ot_v_empty(idin) || !ot_v_empty(lookup) || !ot_v_empty(name) ||
              (!ot_v_empty(country) && !country->formula);
    r->not_listed = ot_v_is(lookup, "Smelter not listed");
    r->not_yet_identified = ot_v_is(lookup, "Smelter not yet identified");
    r->metal = -1;
    if (!ot_v_empty(metal)) r->metal = ot_v_metal_index(v->d, metal->value);

    bool known_id = false;
    if (looks_like_cid(fid->value))
        r->id = fid->value;
    else if (!ot_v_empty(idin))
        r->id = idin->value;
    if (r->id && ref && ref->metals_of_id) {
        const char *metals[8];
        size_t n = ref->metals_of_id(ref->self, r->id, metals, 8);
        known_id = n > 0;
        if (r->metal < 0 && ot_v_empty(metal))
            for (size_t i = 0; i < n && i < 8 && r->metal < 0; i++) {
                r->metal = ot_v_metal_index(v->d, metals[i]);
                r->metal_inferred = r->metal >= 0;
            }
    }
    /* No ID is derived from a look-up name: the same alias has pointed at different IDs
     * in different template versions (e.g. "Zhao Yuan Gold Mine": CID002224 in CMRT 3.01,
     * CID001622 in 6.5), so only IDs the file states are compared. */

    bool id_counts = r->id && (!ref || !ref->metals_of_id || known_id);
    r->identified = r->metal >= 0 && (!ot_v_empty(lookup) || (!ot_v_empty(idin) && id_counts));
    /* AMRT counts a row only with its country; a look-up choice brings the country with
     * it (computed, possibly without a cached value), a "not listed" row must type it. */
    if (r->identified && v->p->smelter_needs_country && ot_v_empty(country))
        r->identified = !r->not_listed && !ot_v_empty(lookup);
    if (r->used && r->metal >= 0 && r->metal < OT_MAX_METALS) v->rows_per_metal[r->metal]++;
}

static void today_iso(const ot_validate_ctx *ctx, char out[OT_DATE_LEN])
{
    if (ctx && ctx->today && strlen(ctx->today) == OT_DATE_LEN - 1) {
        memcpy(out, ctx->today, OT_DATE_LEN);
        return;
    }
    ot_date_today_iso(out);
}

static bool rule_applies(const ot_rule *r, const ot_declaration *d, const ot_profile *p)
{
    if (!(r->families & OT_FAM(d->family))) return false;
    return (p->features & r->needs) == r->needs;
}

void ot_validate(const ot_declaration *d, const ot_validate_ctx *ctx, ot_findings *out)
{
    if (!d || !out) return;
    ot_vctx v = {.d = d, .ctx = ctx, .out = out};
    v.p = ot_profile_for(d);
    if (!v.p) return; /* unknown family: nothing the rules can say */
    ot_template_layout_info(d, &v.layout);
    today_iso(ctx, v.today);
    derive_answers(&v);
    if (d->smelter_count) {
        v.rows = calloc(d->smelter_count, sizeof *v.rows);
        if (!v.rows) {
            out->failed = true;
            return;
        }
        for (size_t i = 0; i < d->smelter_count; i++) {
            v.rows[i].row = &d->smelters[i];
            derive_row(&v, &v.rows[i]);
        }
    }
    for (size_t i = 0; i < ot_rules_count; i++)
        if (rule_applies(&ot_rules[i], d, v.p)) ot_rules[i].check(&v, &ot_rules[i]);
    free(v.rows);
}

/* ---- walking every value ---- */

static void visit_answer(ot_vctx *v, const ot_rule *rule, ot_value_visit fn, const ot_answer *a,
                         const char *field, int metal)
{
    char f[64];
    fn(v, rule, &a->answer, field, metal);
    snprintf(f, sizeof f, "%s.comment", field);
    fn(v, rule, &a->comment, f, metal);
}

void ot_v_each_value(ot_vctx *v, const ot_rule *rule, ot_value_visit fn)
{
    const ot_declaration *d = v->d;
    char field[64];
    for (int f = 0; f < OT_F__COUNT; f++)
        fn(v, rule, &d->fields[f], ot_field_name(f), -1);
    for (size_t qi = 0; qi < d->question_count; qi++) {
        const ot_question *q = &d->questions[qi];
        snprintf(field, sizeof field, "question_%s", q->key);
        for (size_t m = 0; m < d->metal_count && m < OT_MAX_METALS; m++)
            visit_answer(v, rule, fn, &q->per_metal[m], field, (int)m);
    }
    for (size_t i = 0; i < d->company_question_count; i++) {
        const ot_company_question *cq = &d->company_questions[i];
        snprintf(field, sizeof field, "company_question_%s", cq->letter);
        if (!cq->per_metal) {
            visit_answer(v, rule, fn, &cq->answer, field, -1);
            continue;
        }
        for (size_t m = 0; m < d->metal_count && m < OT_MAX_METALS; m++)
            visit_answer(v, rule, fn, &cq->per_metal_ans[m], field, (int)m);
    }
    for (size_t i = 0; i < d->smelter_count; i++)
        for (int c = 0; c < OT_SM__COUNT; c++) {
            snprintf(field, sizeof field, "smelter_list.%s", ot_smelter_col_name(c));
            fn(v, rule, &d->smelters[i].col[c], field, v->rows ? v->rows[i].metal : -1);
        }
    for (size_t i = 0; i < d->product_count; i++)
        for (int c = 0; c < OT_PR__COUNT; c++) {
            snprintf(field, sizeof field, "product_list.%s", ot_product_col_name(c));
            fn(v, rule, &d->products[i].col[c], field, -1);
        }
    for (size_t i = 0; i < d->mine_count; i++)
        for (int c = 0; c < OT_MN__COUNT; c++) {
            snprintf(field, sizeof field, "mine_list.%s", ot_mine_col_name(c));
            fn(v, rule, &d->mines[i].col[c], field, -1);
        }
}
