/* export_cmrt.c - use case "export cmrt" (export_cmrt.h): configuration + roll-up +
 * derived answers + overrides + products -> the filled official template, audited. */
#include "app/export_cmrt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/json.h"
#include "app/campaign_select.h"
#include "campaign/suppliers.h"
#include "report/rollup.h"
#include "store/audit.h"
#include "util/fileio.h"
#include "util/jsonout.h"
#include "util/text.h"

#define TEMPLATE_MAX_BYTES (64u << 20)

/* Question numbers by role: CMRT 6.x, and EMRT 2.x (which has no covered-countries one). */
static const char *question_key(const char *family, int role)
{
    static const char *const cmrt[OT_CMRT_QROLES] = {
        [OT_Q_INTENTIONAL] = "1",  [OT_Q_REMAINS] = "2",          [OT_Q_COVERED_COUNTRIES] = "3",
        [OT_Q_CAHRA] = "4",        [OT_Q_RECYCLED] = "5",         [OT_Q_RESPONSE_RATE] = "6",
        [OT_Q_ALL_SMELTERS] = "7", [OT_Q_ALL_INFO_REPORTED] = "8"};
    static const char *const emrt[OT_CMRT_QROLES] = {
        [OT_Q_INTENTIONAL] = "1",      [OT_Q_REMAINS] = "2",       [OT_Q_CAHRA] = "3",
        [OT_Q_RECYCLED] = "4",         [OT_Q_RESPONSE_RATE] = "5", [OT_Q_ALL_SMELTERS] = "6",
        [OT_Q_ALL_INFO_REPORTED] = "7"};
    return strcmp(family, "EMRT") == 0 ? emrt[role] : cmrt[role];
}

static ot_code missing_key(const char *key, const char *what, ot_error *err)
{
    return ot_fail(err, OT_E_INVALID,
                   "the CMRT needs %s: set the configuration key %s in oretrace.conf", what, key);
}

static ot_code yes_no(const char *key, const char *v, const char **out, ot_error *err)
{
    if (ot_text_equal_loose(v, "yes"))
        *out = "Yes";
    else if (ot_text_equal_loose(v, "no"))
        *out = "No";
    else if (!*v)
        return missing_key(key, "an answer (yes or no)", err);
    else
        return ot_fail(err, OT_E_INVALID, "configuration key %s is \"%s\"; yes or no", key, v);
    return OT_OK;
}

/* Company questions A-H from the configuration (B from policy_url). */
static ot_code company_answers(const ot_config *cfg, const char *family, ot_cmrt_input *in,
                               ot_cmrt_metal *metals, ot_error *err)
{
    ot_cmrt_answer *a = in->company;
    ot_code rc = yes_no("cmrt_policy", cfg->cmrt_policy, &a[OT_CQ_POLICY].answer, err);
    a[OT_CQ_POLICY_PUBLIC].answer = *cfg->policy_url ? "Yes" : "No";
    a[OT_CQ_POLICY_PUBLIC].comment = *cfg->policy_url ? cfg->policy_url : NULL;
    if (!rc)
        rc = yes_no("cmrt_require_validated", cfg->cmrt_require_validated,
                    &a[OT_CQ_REQUIRE_VALIDATED].answer, err);
    if (!rc)
        rc = yes_no("cmrt_due_diligence", cfg->cmrt_due_diligence, &a[OT_CQ_DUE_DILIGENCE].answer,
                    err);
    if (!rc) rc = yes_no("cmrt_review", cfg->cmrt_review, &a[OT_CQ_REVIEW].answer, err);
    if (!rc) rc = yes_no("cmrt_corrective", cfg->cmrt_corrective, &a[OT_CQ_CORRECTIVE].answer, err);
    if (rc) return rc;
    static const char *const survey[][2] = {{"cmrt", "Yes, in conformance with IPC1755"},
                                            {"other", "Yes, using other format"},
                                            {"no", "No"}};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(cfg->cmrt_survey, survey[i][0]) == 0) a[OT_CQ_SURVEY].answer = survey[i][1];
    static const char *const filing[][2] = {{"sec", "Yes, with the SEC"},
                                            {"eu", "Yes, with the EU"},
                                            {"sec_eu", "Yes, with the SEC and the EU"},
                                            {"no", "No"}};
    for (size_t i = 0; i < 4; i++)
        if (ot_text_equal_loose(cfg->cmrt_disclosure, filing[i][0]))
            a[OT_CQ_DISCLOSURE].answer = filing[i][1];
    bool is_cmrt = strcmp(family, "CMRT") == 0;
    if (is_cmrt && !a[OT_CQ_DISCLOSURE].answer)
        return *cfg->cmrt_disclosure
                   ? ot_fail(err, OT_E_INVALID,
                             "configuration key cmrt_disclosure is \"%s\"; sec, eu, sec_eu or no",
                             cfg->cmrt_disclosure)
                   : missing_key("cmrt_disclosure", "question H (sec, eu, sec_eu or no)", err);
    for (size_t m = 0; m < in->metal_count; m++) /* EMRT asks C per mineral */
        metals[m].company[OT_CQ_REQUIRE_VALIDATED] = a[OT_CQ_REQUIRE_VALIDATED];
    return OT_OK;
}

static ot_code company_fields(const ot_config *cfg, const char *scope, char *date,
                              ot_cmrt_input *in, ot_error *err)
{
    static const struct {
        int field;
        const char *key, *what;
    } required[] = {
        {OT_F_COMPANY_NAME, "company_name", "the company name"},
        {OT_F_CONTACT_NAME, "contact_name", "a contact name"},
        {OT_F_CONTACT_EMAIL, "contact_email", "a contact e-mail"},
        {OT_F_CONTACT_PHONE, "contact_phone", "a contact phone"},
        {OT_F_AUTHORIZER_NAME, "authorizer_name", "an authorizer"},
        {OT_F_AUTHORIZER_EMAIL, "authorizer_email", "the authorizer's e-mail"},
    };
    const char **f = in->fields;
    f[OT_F_COMPANY_NAME] = cfg->company_name;
    f[OT_F_SCOPE] = strcmp(scope, "product") == 0 ? "B" : strcmp(scope, "user") == 0 ? "C" : "A";
    f[OT_F_SCOPE_DESCRIPTION] = cfg->cmrt_scope_description;
    f[OT_F_UNIQUE_ID] = cfg->company_unique_id;
    f[OT_F_UNIQUE_ID_AUTHORITY] = cfg->company_unique_id_authority;
    f[OT_F_ADDRESS] = cfg->company_address;
    f[OT_F_CONTACT_NAME] = cfg->contact_name;
    f[OT_F_CONTACT_EMAIL] = cfg->contact_email;
    f[OT_F_CONTACT_PHONE] = cfg->contact_phone;
    f[OT_F_AUTHORIZER_NAME] = cfg->authorizer_name;
    f[OT_F_AUTHORIZER_TITLE] = cfg->authorizer_title;
    f[OT_F_AUTHORIZER_EMAIL] = cfg->authorizer_email;
    f[OT_F_AUTHORIZER_PHONE] = cfg->authorizer_phone;
    f[OT_F_EFFECTIVE_DATE] = *cfg->cmrt_effective_date ? cfg->cmrt_effective_date : date;
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!*f[required[i].field]) return missing_key(required[i].key, required[i].what, err);
    if (f[OT_F_SCOPE][0] == 'C' && !*cfg->cmrt_scope_description)
        return missing_key("cmrt_scope_description", "a description of the user-defined scope",
                           err);
    return OT_OK;
}

/* "3/Tin=No,5/Gold=Unknown" -> overrides (strings in res->override_text). */
static ot_code parse_overrides(const ot_export_cmrt_request *req, ot_export_cmrt_result *res,
                               ot_error *err)
{
    if (!req->answers || !*req->answers) return OT_OK;
    if (!req->note || !*req->note)
        return ot_fail(err, OT_E_USAGE, "an overridden answer needs a note saying why");
    if (!(res->override_text = strdup(req->answers)))
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    char *save = NULL;
    for (char *it = strtok_r(res->override_text, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
        char *slash = strchr(it, '/'), *eq = slash ? strchr(slash, '=') : NULL;
        while (*it == ' ')
            it++;
        if (!slash || !eq || slash == it || eq == slash + 1 || !eq[1])
            return ot_fail(err, OT_E_USAGE,
                           "override \"%s\" is not QUESTION/METAL=ANSWER (e.g. 3/Tin=Unknown)", it);
        if (res->override_count == OT_CMRT_MAX_OVERRIDES)
            return ot_fail(err, OT_E_USAGE, "more than %d overrides", OT_CMRT_MAX_OVERRIDES);
        *slash = *eq = '\0';
        res->overrides[res->override_count++] =
            (ot_cmrt_override){it, slash + 1, eq + 1, req->note};
    }
    return OT_OK;
}

typedef struct product_list {
    ot_cmrt_product *v;
    size_t n, cap;
    ot_arena arena;
} product_list;

static ot_code add_product(const ot_product_info *p, void *ctx, ot_error *err)
{
    product_list *l = ctx;
    if (!p->covered) return OT_OK; /* the declaration covers the products with 3TG */
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        ot_cmrt_product *v = realloc(l->v, cap * sizeof *v);
        if (!v) return ot_fail(err, OT_E_NOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (ot_cmrt_product){ot_arena_strdup(&l->arena, p->product_id),
                                     p->name ? ot_arena_strdup(&l->arena, p->name) : NULL, NULL};
    return OT_OK;
}

/* Everything the writer needs beside the template, gathered from the workspace. */
typedef struct gathered {
    ot_rollup *rollup;
    ot_cmrt_facts facts;
    ot_cmrt_smelter *smelters;
    size_t smelter_count;
    ot_cmrt_metal metals[OT_MAX_METALS];
    product_list products;
    char family[8];
    char today[OT_DATE_LEN];
} gathered;

static void gathered_free(gathered *g)
{
    ot_rollup_free(g->rollup);
    free(g->smelters);
    free(g->products.v);
    ot_arena_free(&g->products.arena);
}

/* Roll-up, facts, derived answers. EMRT: the minerals anyone uses or names a smelter of. */
static ot_code derive(ot_app *app, const ot_export_cmrt_request *req, const char *const *metals,
                      size_t nm, gathered *g, ot_export_cmrt_result *res, ot_cmrt_input *in,
                      ot_error *err)
{
    ot_campaign_ref camp;
    ot_code rc = ot_app_campaign_select(app, req->campaign, &camp, err);
    if (rc) return rc;
    res->year = camp.year;
    ot_rollup_params p = {.campaign_id = camp.id, .as_of = req->as_of};
    rc = ot_rollup_compute(ot_app_workspace(app), &p, &g->rollup, err);
    if (!rc)
        rc = ot_cmrt_gather(ot_app_workspace(app), g->rollup, metals, nm, &g->facts, &g->smelters,
                            &g->smelter_count, err);
    if (rc) return rc;
    ot_cmrt_derive(&g->facts, res->derived);
    bool emrt = strcmp(g->family, "EMRT") == 0;
    for (size_t i = 0; i < g->facts.metal_count; i++) {
        const ot_cmrt_metal_facts *f = &g->facts.metals[i];
        if (emrt && !f->said[OT_Q_INTENTIONAL][OT_SAID_YES] && !f->smelters) continue;
        g->metals[in->metal_count++] = res->derived[i].m;
        res->unresolved_left_out += f->unresolved - f->unresolved_typed;
    }
    in->metals = g->metals;
    in->smelters = g->smelters;
    in->smelter_count = g->smelter_count;
    return OT_OK;
}

/* The answers printed back: derived ones with their rule, overridden ones with the note. */
static void list_answers(const gathered *g, const ot_cmrt_input *in, ot_export_cmrt_result *res)
{
    for (size_t m = 0; m < in->metal_count; m++) {
        const ot_cmrt_metal *im = &in->metals[m];
        const ot_cmrt_derived *d = NULL;
        for (size_t k = 0; k < g->facts.metal_count; k++)
            if (res->derived[k].m.metal == im->metal) d = &res->derived[k];
        for (int role = 0; role < OT_CMRT_QROLES; role++) {
            const char *key = question_key(g->family, role);
            if (!key) continue;
            ot_export_cmrt_answer a = {key, im->metal, im->q[role].answer, d ? d->why[role] : "",
                                       false};
            for (size_t o = 0; o < res->override_count; o++) {
                const ot_cmrt_override *ov = &res->overrides[o];
                if (strcmp(ov->question, key) == 0 && ot_text_equal_loose(ov->metal, im->metal))
                    a = (ot_export_cmrt_answer){key, im->metal, ov->answer, ov->note, true};
            }
            if (a.answer) res->answers[res->answer_count++] = a;
        }
    }
}

static ot_code record(ot_app *app, const ot_export_cmrt_request *req,
                      const ot_export_cmrt_result *res, ot_error *err)
{
    json_t *detail = ot_export_cmrt_result_to_json(res);
    char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
    json_decref(detail);
    if (!text) return ot_fail(err, OT_E_NOMEM, "out of memory");
    char year[16];
    snprintf(year, sizeof year, "%d", res->year);
    ot_db *db = ot_app_db(app);
    ot_code rc = ot_db_begin(db, err);
    if (!rc)
        rc = ot_audit_append(db, ot_app_actor(req->actor), "cmrt.export", "campaign", year, text,
                             NULL, err);
    if (!rc) rc = ot_db_commit(db, err);
    if (rc) ot_db_rollback(db);
    free(text);
    return rc;
}

static ot_code fill_and_write(const unsigned char *tpl, size_t len,
                              const ot_export_cmrt_request *req, const ot_cmrt_input *in,
                              ot_export_cmrt_result *res, ot_error *err)
{
    ot_cmrt_output out;
    ot_code rc = ot_cmrt_fill(tpl, len, req->template_path, in, &out, err);
    if (rc) return rc;
    rc = ot_write_file_atomic(req->out_path, out.data, out.len, err);
    ot_sha256_hex(out.data, out.len, res->sha256);
    snprintf(res->version, sizeof res->version, "%s", out.version);
    res->smelters_by_id = out.smelters_by_id;
    res->smelters_not_listed = out.smelters_not_listed;
    res->products = out.products;
    res->calc_chain_dropped = out.calc_chain_dropped;
    ot_cmrt_output_free(&out);
    return rc;
}

ot_code ot_app_export_cmrt(ot_app *app, const ot_export_cmrt_request *req,
                           ot_export_cmrt_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    const ot_config *cfg = ot_app_config(app);
    res->scope = req->scope ? req->scope : cfg->cmrt_scope;
    if (strcmp(res->scope, "company") && strcmp(res->scope, "product") &&
        strcmp(res->scope, "user"))
        return ot_fail(err, OT_E_USAGE, "scope \"%s\": company, product or user", res->scope);
    res->out_path = req->out_path;
    unsigned char *tpl = NULL;
    size_t len;
    gathered g = {0};
    ot_arena_init(&g.products.arena, 16u << 20);
    ot_date_format(req->today, g.today);
    const char *metals[OT_MAX_METALS];
    size_t nm;
    ot_cmrt_input in = {.language = "English"};
    ot_code rc = parse_overrides(req, res, err);
    if (!rc) rc = ot_read_file(req->template_path, TEMPLATE_MAX_BYTES, &tpl, &len, err);
    if (!rc) rc = ot_cmrt_template_metals(tpl, len, req->template_path, metals, &nm, g.family, err);
    if (!rc) rc = company_fields(cfg, res->scope, g.today, &in, err);
    if (!rc) rc = derive(app, req, metals, nm, &g, res, &in, err);
    if (!rc) rc = company_answers(cfg, g.family, &in, g.metals, err);
    if (!rc && in.fields[OT_F_SCOPE][0] == 'B')
        rc = ot_products_each(ot_app_workspace(app), add_product, &g.products, err);
    if (!rc && in.fields[OT_F_SCOPE][0] == 'B' && !g.products.n)
        rc = ot_fail(err, OT_E_INVALID,
                     "the product scope needs covered products: import a bill of materials "
                     "first (none of the workspace's products contains 3TG)");
    in.products = g.products.v;
    in.product_count = g.products.n;
    in.overrides = res->overrides;
    in.override_count = res->override_count;
    memcpy(res->family, g.family, sizeof res->family);
    if (!rc) rc = fill_and_write(tpl, len, req, &in, res, err);
    if (!rc) list_answers(&g, &in, res);
    if (!rc) rc = record(app, req, res, err);
    free(tpl);
    gathered_free(&g);
    return rc;
}

json_t *ot_export_cmrt_result_to_json(const ot_export_cmrt_result *res)
{
    json_t *o = json_object();
    json_object_set_new(o, "campaign", json_integer(res->year));
    json_object_set_new(o, "template",
                        json_pack("{s:s, s:s}", "type", res->family, "version", res->version));
    json_object_set_new(o, "file", ot_json_text(res->out_path));
    json_object_set_new(o, "sha256", json_string(res->sha256));
    json_object_set_new(o, "scope", ot_json_text(res->scope));
    json_object_set_new(o, "smelters",
                        json_pack("{s:I, s:I, s:I}", "by_id", (json_int_t)res->smelters_by_id,
                                  "not_listed", (json_int_t)res->smelters_not_listed,
                                  "unresolved_left_out", (json_int_t)res->unresolved_left_out));
    json_object_set_new(o, "products", json_integer((json_int_t)res->products));
    json_object_set_new(o, "calc_chain_dropped", json_boolean(res->calc_chain_dropped));
    json_t *arr = json_array();
    for (size_t i = 0; i < res->answer_count; i++) {
        const ot_export_cmrt_answer *a = &res->answers[i];
        json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:o, s:b}", "question", a->question,
                                             "metal", ot_json_text(a->metal), "answer",
                                             ot_json_text(a->answer), "reason",
                                             ot_json_text(a->reason), "overridden", a->overridden));
    }
    json_object_set_new(o, "answers", arr);
    return o;
}

void ot_export_cmrt_result_free(ot_export_cmrt_result *res)
{
    free(res->override_text);
    res->override_text = NULL;
}
