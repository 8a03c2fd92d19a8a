/* extract.c - apply a detected layout to a workbook and build the ot_declaration.
 *
 * Reads only the sheets the layout names (Declaration, Smelter List, Product List, Mine
 * List). Values keep what the supplier typed: text as stored, numbers in their plain
 * form (a phone number typed as a number stays "496215554212"), a stored 1 in a "100%"
 * list as "100%". Cached formula results are taken when the file has them and marked
 * `formula`; list rows are kept only when some mapped cell holds a typed (non-formula)
 * value, so rows that only carry template formulas (cached "" or no cache at all, as in
 * files written by openpyxl) are not data. */
#include "template/layout.h"
#include "template/template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/date.h"
#include "util/text.h"

/* A declaration holds a few thousand short strings; this bounds a hostile file. */
#define DECL_ARENA_BUDGET (64u << 20)

typedef struct extract_ctx {
    ot_workbook *wb;
    ot_declaration *d;
    const ot_layout *lay;
    ot_error *err;
    bool oom;
} extract_ctx;

static char *dup_text(extract_ctx *x, const char *s, size_t n)
{
    char *p = ot_arena_strndup(&x->d->arena, s, n);
    if (!p) {
        x->oom = true;
        return NULL;
    }
    size_t len = ot_text_clean(p, n);
    return len ? p : NULL;
}

static const char *dup_str(extract_ctx *x, const char *s)
{
    return s ? dup_text(x, s, strlen(s)) : NULL;
}

/* Fills v from the cell at (row, col) of sh; v keeps the position even when empty. */
static void read_cell(extract_ctx *x, const ot_sheet *sh, ot_sheet_id sid, uint32_t row,
                      uint32_t col, const ot_dropdown *allowed, ot_value *v)
{
    memset(v, 0, sizeof *v);
    v->sheet = sid;
    v->row = row;
    v->col = col;
    v->allowed = allowed;
    if (!sh || !row || !col) return;
    const ot_cell *c = ot_sheet_cell(sh, row, col);
    if (!c) return;
    /* Look-up formulas (=OFFSET(...) into an empty look-up cell) cache the number 0 for
     * "nothing"; no field the template computes is a number, so 0 there means empty. */
    if (c->formula && c->kind == OT_CELL_NUMBER && c->number == 0) return;
    v->formula = c->formula;
    char num[32];
    switch (c->kind) {
    case OT_CELL_NUMBER:
        v->numeric = true;
        if (allowed && allowed->numeric_one_is && c->number == 1.0) {
            v->value = allowed->numeric_one_is;
        } else {
            ot_format_number(c->number, num);
            v->value = dup_str(x, num);
        }
        break;
    case OT_CELL_BOOL:
        v->value = c->number != 0 ? "TRUE" : "FALSE";
        break;
    case OT_CELL_ERROR:
        /* a template formula that found nothing ("#N/A" from a look-up) holds no value */
        if (c->formula) break;
        v->value = c->text ? dup_str(x, c->text) : NULL;
        break;
    case OT_CELL_TEXT:
        v->value = c->text ? dup_str(x, c->text) : NULL;
        break;
    default:
        break;
    }
}

static void read_lcell(extract_ctx *x, const ot_sheet *sh, ot_sheet_id sid, const ot_lcell *lc,
                       ot_value *v)
{
    read_cell(x, sh, sid, lc->row, lc->col, lc->dropdown, v);
}

/* The sheet with the layout's name for this list, or NULL when absent (a supplier may
 * delete a sheet; that is a finding for validate, not a read error). */
static ot_code load_sheet(extract_ctx *x, ot_sheet_id sid, const ot_sheet **out)
{
    *out = NULL;
    const char *name = x->lay->sheet_names[sid];
    if (!name) return OT_OK;
    long idx = ot_workbook_find_sheet(x->wb, name);
    if (idx < 0) return OT_OK;
    const char *actual = ot_workbook_sheet_name(x->wb, (size_t)idx);
    x->d->sheet_names[sid] = dup_str(x, actual);
    return ot_workbook_sheet(x->wb, actual, out, x->err);
}

/* ---- effective date --------------------------------------------------------------- */

/* CMRT 1.00: day, month and year drop-downs (E17, H17, J17). */
static void read_date_parts(extract_ctx *x, const ot_sheet *decl)
{
    ot_value parts[3];
    for (int i = 0; i < 3; i++)
        read_lcell(x, decl, OT_SHEET_DECLARATION, &x->lay->date_parts[i], &parts[i]);
    ot_value *v = &x->d->fields[OT_F_EFFECTIVE_DATE];
    *v = parts[0];
    v->allowed = NULL;
    if (!parts[0].value && !parts[1].value && !parts[2].value) {
        v->value = NULL;
        return;
    }
    int day = parts[0].value ? atoi(parts[0].value) : 0;
    int year = parts[2].value ? atoi(parts[2].value) : 0;
    const char *mname = parts[1].value;
    int month = mname ? ot_date_month_from_name(mname, strlen(mname)) : 0;
    char raw[160];
    snprintf(raw, sizeof raw, "%s %s %s", parts[0].value ? parts[0].value : "?",
             parts[1].value ? parts[1].value : "?", parts[2].value ? parts[2].value : "?");
    if (ot_date_valid(year, month, day))
        ot_date_format(ot_date_from_civil(year, month, day), x->d->effective_date);
    v->value = dup_str(x, raw);
}

static void read_effective_date(extract_ctx *x, const ot_sheet *decl)
{
    if (x->lay->date_parts[0].row) {
        read_date_parts(x, decl);
        return;
    }
    const ot_lcell *lc = &x->lay->field[OT_F_EFFECTIVE_DATE];
    ot_value *v = &x->d->fields[OT_F_EFFECTIVE_DATE];
    const ot_cell *c = lc->row ? ot_sheet_cell(decl, lc->row, lc->col) : NULL;
    /* fields[] keeps what the cell holds (a serial number's plain text); the meaning
     * goes to effective_date */
    if (c && c->kind == OT_CELL_NUMBER &&
        ot_excel_serial_to_iso(c->number, ot_workbook_date1904(x->wb), x->d->effective_date))
        return;
    int32_t day;
    if (v->value && ot_date_parse_text(v->value, &day)) {
        ot_date_format(day, x->d->effective_date);
        return;
    }
    x->d->effective_date[0] = '\0'; /* raw text stays in fields[] */
}

/* ---- metals ----------------------------------------------------------------------- */

static int cmp_ci(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted names cached in AA12:AA21 (EMRT 2.x, AMRT). */
static size_t read_cached_slot_metals(extract_ctx *x, const ot_sheet *decl, const char *names[],
                                      int slots[])
{
    ot_value v;
    size_t n = 0;
    for (int s = 0; s < OT_LAYOUT_SLOTS; s++) {
        read_lcell(x, decl, OT_SHEET_DECLARATION, &x->lay->sorted_names[s], &v);
        if (!v.value) continue;
        slots[n] = s;
        names[n++] = v.value;
    }
    return n;
}

/* The selected minerals (EMRT 2.x, AMRT), de-duplicated and sorted the way the template's
 * own formulas sort them. */
static size_t read_selected_metals(extract_ctx *x, const ot_sheet *decl, const char *names[])
{
    const ot_layout *l = x->lay;
    ot_value v;
    size_t n = 0;
    for (int s = 0; s < OT_LAYOUT_SLOTS; s++) {
        read_lcell(x, decl, OT_SHEET_DECLARATION, &l->selection[s], &v);
        const char *name = v.value;
        if (name && l->other_value && ot_text_equal_loose(name, l->other_value)) {
            read_lcell(x, decl, OT_SHEET_DECLARATION, &l->other_name[s], &v);
            name = v.value; /* "Other [specify below]": the name typed three rows below */
        }
        if (!name || strncasecmp(name, "(Delete", 7) == 0) continue;
        bool dup = false;
        for (size_t i = 0; i < n; i++)
            dup = dup || ot_text_equal_loose(names[i], name);
        if (!dup) names[n++] = name;
    }
    qsort(names, n, sizeof names[0], cmp_ci);
    return n;
}

static bool same_names(const char *a[], size_t na, const char *b[], size_t nb)
{
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t k = 0; k < nb && !found; k++)
            found = ot_text_equal_loose(a[i], b[k]);
        if (!found) return false;
    }
    return true;
}

/* Slots (EMRT 2.x, AMRT): the sorted names the template cached in AA12:AA21 when they are
 * the selected minerals, else the selection sorted here. The cache can be missing (files
 * written without formula results) or wrong: LibreOffice's .xls export keeps only the
 * first result of these array formulas. slot_of[i] = slot of metal i. */
static void read_slot_metals(extract_ctx *x, const ot_sheet *decl, int slot_of[OT_MAX_METALS])
{
    ot_declaration *d = x->d;
    const char *cached[OT_LAYOUT_SLOTS], *selected[OT_LAYOUT_SLOTS];
    int cached_slot[OT_LAYOUT_SLOTS];
    size_t nc = read_cached_slot_metals(x, decl, cached, cached_slot);
    size_t ns = read_selected_metals(x, decl, selected);
    bool use_cache = nc && (ns == 0 || same_names(cached, nc, selected, ns));
    d->metal_count = use_cache ? nc : ns;
    for (size_t i = 0; i < d->metal_count; i++) {
        slot_of[i] = use_cache ? cached_slot[i] : (int)i;
        d->metals[i] = use_cache ? cached[i] : selected[i];
    }
}

static void read_metals(extract_ctx *x, const ot_sheet *decl, int slot_of[OT_MAX_METALS])
{
    if (x->lay->slots) {
        read_slot_metals(x, decl, slot_of);
        return;
    }
    x->d->metal_count = x->lay->metal_count;
    for (size_t i = 0; i < x->lay->metal_count; i++) {
        x->d->metals[i] = x->lay->metals[i];
        slot_of[i] = (int)i;
    }
}

/* ---- declaration sheet ------------------------------------------------------------ */

static void read_answer(extract_ctx *x, const ot_sheet *decl, const ot_lanswer *la, ot_answer *a)
{
    read_lcell(x, decl, OT_SHEET_DECLARATION, &la->answer, &a->answer);
    read_lcell(x, decl, OT_SHEET_DECLARATION, &la->comment, &a->comment);
}

static void read_questions(extract_ctx *x, const ot_sheet *decl, const int slot_of[])
{
    const ot_layout *l = x->lay;
    ot_declaration *d = x->d;
    d->question_count = l->question_count < OT_MAX_QUESTIONS ? l->question_count : OT_MAX_QUESTIONS;
    for (size_t q = 0; q < d->question_count; q++) {
        const ot_lquestion *lq = &l->questions[q];
        ot_question *dq = &d->questions[q];
        snprintf(dq->key, sizeof dq->key, "%s", lq->key);
        dq->role = lq->role;
        dq->text = lq->text;
        for (size_t m = 0; m < d->metal_count; m++)
            read_answer(x, decl, &lq->per_metal[slot_of[m]], &dq->per_metal[m]);
    }
    d->company_question_count = l->company_question_count < OT_MAX_COMPANY_QUESTIONS
                                    ? l->company_question_count
                                    : OT_MAX_COMPANY_QUESTIONS;
    for (size_t q = 0; q < d->company_question_count; q++) {
        const ot_lcompany_question *lq = &l->company_questions[q];
        ot_company_question *dq = &d->company_questions[q];
        snprintf(dq->letter, sizeof dq->letter, "%s", lq->letter);
        dq->role = lq->role;
        dq->text = lq->text;
        dq->per_metal = lq->per_metal;
        if (!lq->per_metal) {
            read_answer(x, decl, &lq->answer, &dq->answer);
            continue;
        }
        for (size_t m = 0; m < d->metal_count; m++)
            read_answer(x, decl, &lq->per_metal_ans[slot_of[m]], &dq->per_metal_ans[m]);
    }
}

static void read_company(extract_ctx *x, const ot_sheet *decl)
{
    ot_declaration *d = x->d;
    for (int f = 0; f < OT_F__COUNT; f++)
        read_lcell(x, decl, OT_SHEET_DECLARATION, &x->lay->field[f], &d->fields[f]);
    read_effective_date(x, decl);
    const char *scope = d->fields[OT_F_SCOPE].value;
    /* "A. Company" -> "A"; a word such as "Company" has no letter of its own */
    if (scope && isalpha((unsigned char)scope[0]) && !isalpha((unsigned char)scope[1])) {
        d->scope_letter[0] = (char)toupper((unsigned char)scope[0]);
        d->scope_letter[1] = '\0';
    }
    ot_value lang;
    read_lcell(x, decl, OT_SHEET_DECLARATION, &x->lay->language, &lang);
    d->language = lang.value;
}

/* ---- list sheets -------------------------------------------------------------------- */

/* Rows of first..last where a mapped column holds a typed (non-formula) value. Returns a
 * calloc'd flag array indexed by row - first, NULL on OOM. */
static unsigned char *rows_with_input(const ot_sheet *sh, const ot_llist *li, size_t ncols,
                                      size_t *count)
{
    size_t span = li->last_row - li->first_row + 1;
    unsigned char *used = calloc(span, 1);
    if (!used) return NULL;
    bool mapped[64] = {false};
    for (size_t i = 0; i < ncols; i++)
        if (li->col[i] && li->col[i] < 64) mapped[li->col[i]] = true;
    size_t n;
    const ot_cell *cells = ot_sheet_cells(sh, &n);
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        const ot_cell *c = &cells[i];
        if (c->row < li->first_row || c->row > li->last_row || c->col >= 64 || !mapped[c->col])
            continue;
        if (c->formula) continue;
        bool empty =
            (c->kind == OT_CELL_TEXT || c->kind == OT_CELL_ERROR) && (!c->text || !*c->text);
        if (empty || used[c->row - li->first_row]) continue;
        used[c->row - li->first_row] = 1;
        (*count)++;
    }
    return used;
}

/* Reads a list whose rows hold `ncols` values; rows and row numbers go to *rows_out.
 * Each row struct is `row_size` bytes: a uint32_t row number then ot_value[ncols]. */
typedef struct list_spec {
    ot_sheet_id sheet;
    const ot_llist *list;
    size_t ncols;
} list_spec;

static ot_code read_list(extract_ctx *x, const list_spec *ls, uint32_t **row_numbers,
                         ot_value **values, size_t *count)
{
    *count = 0;
    const ot_llist *li = ls->list;
    if (!li->sheet || li->last_row < li->first_row) return OT_OK;
    const ot_sheet *sh;
    ot_code rc = load_sheet(x, ls->sheet, &sh);
    if (rc || !sh) return rc;
    size_t n;
    unsigned char *used = rows_with_input(sh, li, ls->ncols, &n);
    if (!used) return ot_fail(x->err, OT_E_NOMEM, "out of memory");
    *row_numbers = n ? ot_arena_alloc(&x->d->arena, n * sizeof **row_numbers) : NULL;
    *values = n ? ot_arena_alloc(&x->d->arena, n * ls->ncols * sizeof **values) : NULL;
    if (n && (!*row_numbers || !*values)) {
        free(used);
        return ot_fail(x->err, OT_E_NOMEM, "out of memory reading the %s", li->sheet);
    }
    size_t k = 0;
    for (uint32_t r = li->first_row; r <= li->last_row; r++) {
        if (!used[r - li->first_row]) continue;
        (*row_numbers)[k] = r;
        for (size_t c = 0; c < ls->ncols; c++)
            read_cell(x, li->col[c] ? sh : NULL, ls->sheet, li->col[c] ? r : 0, li->col[c],
                      li->dropdown[c], &(*values)[k * ls->ncols + c]);
        k++;
    }
    free(used);
    *count = n;
    return OT_OK;
}

static ot_code read_lists(extract_ctx *x)
{
    ot_declaration *d = x->d;
    const ot_layout *l = x->lay;
    uint32_t *rows = NULL;
    ot_value *vals = NULL;
    size_t n;

    list_spec sm = {OT_SHEET_SMELTER_LIST, &l->smelters, OT_SM__COUNT};
    ot_code rc = read_list(x, &sm, &rows, &vals, &n);
    if (rc) return rc;
    d->smelters = n ? ot_arena_alloc(&d->arena, n * sizeof *d->smelters) : NULL;
    if (n && !d->smelters) return ot_fail(x->err, OT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        d->smelters[i].row = rows[i];
        memcpy(d->smelters[i].col, vals + i * OT_SM__COUNT, sizeof d->smelters[i].col);
    }
    d->smelter_count = n;

    list_spec pr = {OT_SHEET_PRODUCT_LIST, &l->products, OT_PR__COUNT};
    if ((rc = read_list(x, &pr, &rows, &vals, &n))) return rc;
    d->products = n ? ot_arena_alloc(&d->arena, n * sizeof *d->products) : NULL;
    if (n && !d->products) return ot_fail(x->err, OT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        d->products[i].row = rows[i];
        memcpy(d->products[i].col, vals + i * OT_PR__COUNT, sizeof d->products[i].col);
    }
    d->product_count = n;

    d->has_mine_list = l->mines.sheet != NULL;
    list_spec mn = {OT_SHEET_MINE_LIST, &l->mines, OT_MN__COUNT};
    if ((rc = read_list(x, &mn, &rows, &vals, &n))) return rc;
    d->mines = n ? ot_arena_alloc(&d->arena, n * sizeof *d->mines) : NULL;
    if (n && !d->mines) return ot_fail(x->err, OT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        d->mines[i].row = rows[i];
        memcpy(d->mines[i].col, vals + i * OT_MN__COUNT, sizeof d->mines[i].col);
    }
    d->mine_count = n;
    return OT_OK;
}

/* ---- entry point -------------------------------------------------------------------- */

static ot_code read_declaration(extract_ctx *x)
{
    const ot_sheet *decl;
    ot_code rc = load_sheet(x, OT_SHEET_DECLARATION, &decl);
    if (rc) return rc;
    if (!decl) return ot_fail(x->err, OT_E_NOT_TEMPLATE, "the workbook has no Declaration sheet");
    int slot_of[OT_MAX_METALS] = {0};
    read_company(x, decl);
    read_metals(x, decl, slot_of);
    read_questions(x, decl, slot_of);
    if ((rc = read_lists(x))) return rc;
    if (x->oom)
        return ot_fail(x->err, OT_E_NOMEM, "out of memory (declaration over %u MiB)",
                       DECL_ARENA_BUDGET >> 20);
    return OT_OK;
}

ot_code ot_template_read(ot_workbook *wb, ot_declaration **out, ot_error *err)
{
    *out = NULL;
    ot_template_id id;
    ot_code rc = ot_template_detect(wb, &id, err);
    if (rc) return rc;
    ot_declaration *d = calloc(1, sizeof *d);
    if (!d) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_arena_init(&d->arena, DECL_ARENA_BUDGET);
    d->family = id.family;
    memcpy(d->version, id.version, sizeof d->version);
    memcpy(d->layout_version, id.layout_version, sizeof d->layout_version);
    d->exact = id.exact;
    d->layout = id.layout;
    extract_ctx x = {.wb = wb, .d = d, .lay = id.layout, .err = err};
    if (!id.exact) d->layout_note = dup_str(&x, id.note);
    rc = read_declaration(&x);
    if (rc) {
        ot_declaration_free(d);
        return rc;
    }
    *out = d;
    return OT_OK;
}
