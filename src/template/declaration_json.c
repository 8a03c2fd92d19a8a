/* declaration_json.c - a declaration as a JSON object (jansson).
 *
 * One shape for every template family, used by `inspect --json` and reused by validate
 * and store: template, company, minerals, questions ("1" -> metal -> answer/comment),
 * company_questions ("A" -> answer/comment, or metal -> answer/comment for per-mineral
 * questions), smelters, products and mines (rows with their sheet row number). Empty
 * values are null. Key names are stable. */
#include "template/template.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* json_object_set_new that remembers a failure instead of leaking or crashing. */
static void put(json_t *obj, const char *key, json_t *v, bool *ok)
{
    if (json_object_set_new(obj, key, v) != 0) *ok = false; /* jansson frees v on failure */
}

static json_t *answer_json(const ot_answer *a, bool *ok)
{
    json_t *o = json_object();
    put(o, "answer", str_or_null(a->answer.value), ok);
    put(o, "comment", str_or_null(a->comment.value), ok);
    return o;
}

static json_t *template_json(const ot_declaration *d, bool *ok)
{
    json_t *t = json_object();
    put(t, "type", json_string(ot_family_name(d->family)), ok);
    put(t, "version", str_or_null(d->version[0] ? d->version : NULL), ok); /* as stated */
    put(t, "exact", json_boolean(d->exact), ok);
    if (!d->exact) { /* read with another version's layout: which one, and why */
        put(t, "layout", json_string(d->layout_version), ok);
        put(t, "note", str_or_null(d->layout_note), ok);
    }
    return t;
}

static json_t *company_json(const ot_declaration *d, bool *ok)
{
    const ot_value *f = d->fields;
    json_t *c = json_object();
    put(c, "name", str_or_null(f[OT_F_COMPANY_NAME].value), ok);
    put(c, "scope", str_or_null(f[OT_F_SCOPE].value), ok);
    put(c, "scope_description", str_or_null(f[OT_F_SCOPE_DESCRIPTION].value), ok);
    put(c, "unique_id", str_or_null(f[OT_F_UNIQUE_ID].value), ok);
    put(c, "authorization_id", str_or_null(f[OT_F_UNIQUE_ID_AUTHORITY].value), ok);
    put(c, "address", str_or_null(f[OT_F_ADDRESS].value), ok);
    json_t *contact = json_object();
    put(contact, "name", str_or_null(f[OT_F_CONTACT_NAME].value), ok);
    put(contact, "email", str_or_null(f[OT_F_CONTACT_EMAIL].value), ok);
    put(contact, "phone", str_or_null(f[OT_F_CONTACT_PHONE].value), ok);
    put(c, "contact", contact, ok);
    json_t *auth = json_object();
    put(auth, "name", str_or_null(f[OT_F_AUTHORIZER_NAME].value), ok);
    put(auth, "title", str_or_null(f[OT_F_AUTHORIZER_TITLE].value), ok);
    put(auth, "email", str_or_null(f[OT_F_AUTHORIZER_EMAIL].value), ok);
    put(auth, "phone", str_or_null(f[OT_F_AUTHORIZER_PHONE].value), ok);
    put(c, "authorizer", auth, ok);
    /* ISO when the cell holds a date (serial or accepted text), else null; the raw
     * content (serial number, typed text) is kept for findings to quote */
    put(c, "effective_date", str_or_null(d->effective_date[0] ? d->effective_date : NULL), ok);
    put(c, "effective_date_raw", str_or_null(f[OT_F_EFFECTIVE_DATE].value), ok);
    return c;
}

/* A metal has a cell in this question when the layout gave it a position. */
static bool has_cell(const ot_answer *a)
{
    return a->answer.row != 0 || a->comment.row != 0;
}

static json_t *per_metal_json(const ot_declaration *d, const ot_answer *answers, bool *ok)
{
    json_t *o = json_object();
    for (size_t m = 0; m < d->metal_count; m++)
        if (has_cell(&answers[m])) put(o, d->metals[m], answer_json(&answers[m], ok), ok);
    return o;
}

static json_t *questions_json(const ot_declaration *d, bool *ok)
{
    json_t *qs = json_object();
    for (size_t i = 0; i < d->question_count; i++)
        put(qs, d->questions[i].key, per_metal_json(d, d->questions[i].per_metal, ok), ok);
    return qs;
}

static json_t *company_questions_json(const ot_declaration *d, bool *ok)
{
    json_t *qs = json_object();
    for (size_t i = 0; i < d->company_question_count; i++) {
        const ot_company_question *q = &d->company_questions[i];
        put(qs, q->letter,
            q->per_metal ? per_metal_json(d, q->per_metal_ans, ok) : answer_json(&q->answer, ok),
            ok);
    }
    return qs;
}

/* Rows of a list: {"row": n, <col name>: value...}. Smelter and mine rows carry every
 * key (null where the layout has no such column) so their shape never varies; product
 * rows carry only the layout's columns (requester number/name exist from EMRT 2.1). */
typedef const char *(*col_name_fn)(int c);

static const char *smelter_name(int c)
{
    return ot_smelter_col_name((ot_smelter_col)c);
}
static const char *product_name(int c)
{
    return ot_product_col_name((ot_product_col)c);
}
static const char *mine_name(int c)
{
    return ot_mine_col_name((ot_mine_col)c);
}

static json_t *row_json(uint32_t row, const ot_value *vals, int ncols, col_name_fn name,
                        bool all_keys, bool *ok)
{
    json_t *o = json_object();
    put(o, "row", json_integer(row), ok);
    for (int c = 0; c < ncols; c++)
        if (all_keys || vals[c].col) put(o, name(c), str_or_null(vals[c].value), ok);
    return o;
}

static json_t *smelters_json(const ot_declaration *d, bool *ok)
{
    json_t *a = json_array();
    for (size_t i = 0; i < d->smelter_count; i++)
        if (json_array_append_new(a, row_json(d->smelters[i].row, d->smelters[i].col, OT_SM__COUNT,
                                              smelter_name, true, ok)))
            *ok = false;
    return a;
}

static json_t *products_json(const ot_declaration *d, bool *ok)
{
    json_t *a = json_array();
    for (size_t i = 0; i < d->product_count; i++)
        if (json_array_append_new(a, row_json(d->products[i].row, d->products[i].col, OT_PR__COUNT,
                                              product_name, false, ok)))
            *ok = false;
    return a;
}

static json_t *mines_json(const ot_declaration *d, bool *ok)
{
    json_t *a = json_array();
    for (size_t i = 0; i < d->mine_count; i++)
        if (json_array_append_new(
                a, row_json(d->mines[i].row, d->mines[i].col, OT_MN__COUNT, mine_name, true, ok)))
            *ok = false;
    return a;
}

json_t *ot_declaration_to_json(const ot_declaration *d)
{
    bool ok = true;
    json_t *o = json_object();
    put(o, "template", template_json(d, &ok), &ok);
    put(o, "company", company_json(d, &ok), &ok);
    json_t *minerals = json_array();
    for (size_t m = 0; m < d->metal_count; m++)
        if (json_array_append_new(minerals, json_string(d->metals[m]))) ok = false;
    put(o, "minerals", minerals, &ok);
    put(o, "questions", questions_json(d, &ok), &ok);
    put(o, "company_questions", company_questions_json(d, &ok), &ok);
    put(o, "smelters", smelters_json(d, &ok), &ok);
    put(o, "products", products_json(d, &ok), &ok);
    if (d->has_mine_list) put(o, "mines", mines_json(d, &ok), &ok);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
