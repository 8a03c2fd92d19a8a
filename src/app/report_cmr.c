/* report_cmr.c - use cases "report cmr" and "report verify" (report_cmr.h). The PDF copy
 * (report/pdf.h, from the PDF work) is to be written here too, from the same documents. */
#include "app/report_cmr.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/cmr.h"
#include "report/edgar.h"
#include "report/pdf.h"
#include "util/fileio.h"
#include "util/jsonout.h"

/* Everything one report run holds. */
typedef struct run {
    ot_cmr_figures f;
    ot_rcoi_decision dec;
    ot_strbuf html[2]; /* Form SD, CMR */
    char names[2][33];
    ot_doc *docs[2]; /* kept for the PDF copy */
    char pdf[48];    /* its file name */
    const char *filer_name;
} run;

static ot_code compute(ot_app *app, const char *campaign, const char *as_of, run *r, ot_error *err)
{
    ot_code rc = ot_cmr_figures_compute(ot_app_workspace(app), campaign, as_of, &r->f, err);
    ot_rcoi_override ov;
    if (rc == OT_OK) rc = ot_rcoi_override_load(ot_app_db(app), r->f.inputs.campaign_id, &ov, err);
    if (rc == OT_OK) ot_rcoi_decide(&r->f, &ov, &r->dec);
    return rc;
}

static void run_free(run *r)
{
    ot_cmr_figures_free(&r->f);
    ot_sb_free(&r->html[0]);
    ot_sb_free(&r->html[1]);
    ot_doc_free(r->docs[0]);
    ot_doc_free(r->docs[1]);
}

/* Builds, renders and checks both documents against the EDGAR profile. */
static ot_code render(ot_app *app, const ot_report_cmr_request *req, run *r, ot_error *err)
{
    ot_cmr_filer filer;
    ot_code rc = ot_cmr_filer_from_config(ot_app_config(app), &filer, err);
    if (rc != OT_OK) return rc;
    char today[OT_DATE_LEN];
    ot_date_today_iso(today);
    ot_cmr_input in = {.figures = &r->f,
                       .decision = &r->dec,
                       .filer = &filer,
                       .workspace_dir = ot_app_workspace(app)->dir,
                       .signed_on = req->today ? req->today : today,
                       .public_url = ot_app_config(app)->policy_url};
    ot_doc **docs = r->docs;
    r->filer_name = ot_app_config(app)->filer_name;
    rc = ot_report_cmr_build(&in, &docs[1], &docs[0], err);
    ot_cmr_file_names(r->f.inputs.year, r->names[0], r->names[1]);
    for (int i = 0; i < 2 && rc == OT_OK; i++) {
        if (!docs[i]) continue;
        rc = ot_edgar_html_write(docs[i], &r->html[i], err);
        const char *other[] = {r->names[1 - i]};
        if (rc == OT_OK)
            rc = ot_edgar_check(r->names[i], r->html[i].data, r->html[i].len, other,
                                docs[1 - i] ? 1 : 0, err);
    }
    if (!docs[1]) r->names[1][0] = '\0';
    return rc;
}

static ot_code write_in(const char *dir, const char *name, const void *data, size_t len,
                        ot_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ot_write_file_atomic(path, data, len, err);
}

/* The unofficial PDF copy of both documents (for the board and auditors), with its
 * SHA-256 for the evidence. */
static ot_code write_pdf(const char *dir, run *r, char name[48], char sha[OT_SHA256_HEX_LEN],
                         ot_error *err)
{
    snprintf(name, 48, "conflict-minerals-report-%d.pdf", r->f.inputs.year);
    char path[4200], footer[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ot_pdf_unofficial_footer(r->f.inputs.as_of, footer, sizeof footer);
    ot_pdf_options opt = {.page_size = OT_PAGE_LETTER, .footer = footer, .author = r->filer_name};
    const ot_doc *docs[2];
    size_t n = 0;
    for (int i = 0; i < 2; i++)
        if (r->docs[i]) docs[n++] = r->docs[i];
    ot_code rc = ot_report_pdf_write(docs, n, path, &opt, err);
    unsigned char *data = NULL;
    size_t len = 0;
    if (rc == OT_OK) rc = ot_read_file(path, (size_t)1 << 30, &data, &len, err);
    if (rc == OT_OK) ot_sha256_hex(data, len, sha);
    free(data);
    return rc;
}

static ot_code write_all(const char *dir, run *r, ot_error *err)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return ot_fail(err, ot_error_code_for_write(errno), "cannot create %s: %s", dir,
                       strerror(errno));
    ot_evidence_document docs[3];
    char sha[3][OT_SHA256_HEX_LEN];
    size_t n = 0;
    static const char *const kinds[] = {"form_sd", "cmr"};
    for (int i = 0; i < 2; i++) {
        if (!r->names[i][0]) continue;
        ot_code rc = write_in(dir, r->names[i], r->html[i].data, r->html[i].len, err);
        if (rc != OT_OK) return rc;
        ot_sha256_hex(r->html[i].data, r->html[i].len, sha[i]);
        docs[n++] = (ot_evidence_document){r->names[i], sha[i], kinds[i]};
    }
    ot_code prc = write_pdf(dir, r, r->pdf, sha[2], err);
    if (prc != OT_OK) return prc;
    docs[n++] = (ot_evidence_document){r->pdf, sha[2], "pdf"};
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    json_t *ev = ot_evidence_json(&r->f, &r->dec, docs, n, ts);
    char *text = ev ? ot_json_dumps(ev, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
    json_decref(ev);
    if (!text) return ot_fail(err, OT_E_NOMEM, "out of memory writing the evidence");
    ot_code rc = write_in(dir, OT_EVIDENCE_FILE, text, strlen(text), err);
    free(text);
    return rc;
}

ot_code ot_app_report_cmr(ot_app *app, const ot_report_cmr_request *req, ot_report_cmr_result *res,
                          ot_error *err)
{
    memset(res, 0, sizeof *res);
    run r = {0};
    ot_cmr_filer filer; /* checked first: a missing cover-page key is named before any work */
    ot_code rc = ot_cmr_filer_from_config(ot_app_config(app), &filer, err);
    if (rc == OT_OK) rc = compute(app, req->campaign, req->as_of, &r, err);
    if (rc == OT_OK) rc = render(app, req, &r, err);
    if (rc == OT_OK) rc = write_all(req->out_dir ? req->out_dir : ".", &r, err);
    if (rc == OT_OK) {
        res->year = r.f.inputs.year;
        memcpy(res->campaign, r.f.inputs.campaign, sizeof res->campaign);
        memcpy(res->as_of, r.f.inputs.as_of, sizeof res->as_of);
        memcpy(res->form_sd, r.names[0], sizeof res->form_sd);
        memcpy(res->cmr, r.names[1], sizeof res->cmr);
        memcpy(res->pdf, r.pdf, sizeof res->pdf);
        res->conclusion = r.dec.conclusion;
        res->outcome = r.dec.outcome;
        res->overridden = r.dec.override.present;
    }
    run_free(&r);
    return rc;
}

json_t *ot_report_cmr_result_to_json(const ot_report_cmr_result *res)
{
    json_t *j = json_object();
    json_object_set_new(j, "campaign", json_string(res->campaign));
    json_object_set_new(j, "year", json_integer(res->year));
    json_object_set_new(j, "as_of", json_string(res->as_of));
    json_object_set_new(j, "form_sd", json_string(res->form_sd));
    json_object_set_new(j, "cmr", res->cmr[0] ? json_string(res->cmr) : json_null());
    json_object_set_new(j, "pdf", json_string(res->pdf));
    json_object_set_new(j, "evidence", json_string(OT_EVIDENCE_FILE));
    json_object_set_new(j, "conclusion", json_string(ot_rcoi_conclusion_name(res->conclusion)));
    json_object_set_new(j, "outcome", json_string(ot_dd_outcome_name(res->outcome)));
    json_object_set_new(j, "overridden", json_boolean(res->overridden));
    return j;
}

ot_code ot_app_report_verify(ot_app *app, const ot_report_verify_request *req,
                             ot_report_verify_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", req->dir, OT_EVIDENCE_FILE);
    json_error_t je;
    json_t *before = json_load_file(path, 0, &je);
    if (!before) return ot_fail(err, OT_E_IO, "%s: cannot be read as JSON: %s", path, je.text);
    ot_code rc = ot_evidence_inputs(before, res->campaign, res->as_of, err);
    run r = {0};
    if (rc == OT_OK) rc = compute(app, res->campaign, res->as_of, &r, err);
    if (rc == OT_OK) res->year = r.f.inputs.year;
    json_t *now = rc == OT_OK ? ot_evidence_json(&r.f, &r.dec, NULL, 0, "") : NULL;
    if (rc == OT_OK) rc = ot_evidence_compare(before, now, &res->diff, err);
    json_decref(now);
    json_decref(before);
    run_free(&r);
    return rc;
}

json_t *ot_report_verify_result_to_json(const ot_report_verify_result *res)
{
    json_t *j = json_object();
    json_object_set_new(j, "campaign", json_string(res->campaign));
    json_object_set_new(j, "year", json_integer(res->year));
    json_object_set_new(j, "as_of", json_string(res->as_of));
    json_object_set_new(j, "figures_checked", json_integer((json_int_t)res->diff.figures_checked));
    json_object_set_new(j, "smelters_checked",
                        json_integer((json_int_t)res->diff.smelters_checked));
    json_object_set_new(j, "changed", json_integer((json_int_t)res->diff.change_count));
    json_t *a = json_array();
    for (size_t i = 0; i < res->diff.change_count; i++) {
        const ot_evidence_change *c = &res->diff.changes[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "what", c->what, "before", c->before,
                                           "after", c->after));
    }
    json_object_set_new(j, "changes", a);
    return j;
}

void ot_report_verify_result_free(ot_report_verify_result *res)
{
    ot_evidence_diff_free(&res->diff);
}
