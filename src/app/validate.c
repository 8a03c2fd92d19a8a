/* validate.c - use case "validate" (validate.h): the checks on a few threads, the
 * letters in input order, and the JSON of a checked file and of the rule catalogue. */
#include "app/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/files.h"
#include "util/fileio.h"
#include "util/jsonout.h"
#include "util/parallel.h"
#include "util/strbuf.h"

const char *ot_file_status_name(ot_file_status s)
{
    return s == OT_FILE_VALID ? "valid" : s == OT_FILE_INVALID ? "invalid" : "unreadable";
}

typedef struct validate_run {
    const ot_validate_request *req;
    ot_validate_ctx vctx;
    ot_validate_result *res;
    char **stems; /* letter file names used so far */
    size_t nstems;
} validate_run;

/* ---- one file (worker thread) ---------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static void take_template(ot_validate_file *r, const ot_declaration *d)
{
    r->have_template = true;
    snprintf(r->family, sizeof r->family, "%s", ot_family_name(d->family));
    snprintf(r->version, sizeof r->version, "%s", d->version[0] ? d->version : d->layout_version);
    r->exact = d->exact;
    r->company = dup_or_null(d->fields[OT_F_COMPANY_NAME].value);
    r->contact = dup_or_null(d->fields[OT_F_CONTACT_NAME].value);
}

static void *check_one(size_t i, void *ctx)
{
    validate_run *run = ctx;
    ot_validate_file *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->index = i;
    r->path = run->req->files->items[i];
    ot_findings_init(&r->findings);
    r->status = OT_FILE_UNREADABLE;
    double t0 = now_ms();
    ot_workbook_file w;
    if (ot_workbook_file_read(r->path, &w, &r->err) == OT_OK) {
        take_template(r, w.decl);
        double t1 = now_ms();
        r->read_ms = t1 - t0;
        ot_validate(w.decl, &run->vctx, &r->findings);
        r->validate_ms = now_ms() - t1;
        r->status = ot_findings_valid(&r->findings) ? OT_FILE_VALID : OT_FILE_INVALID;
    }
    r->have_sha = w.have_sha;
    memcpy(r->sha, w.sha, sizeof r->sha);
    ot_workbook_file_close(&w);
    return r;
}

static void free_file(ot_validate_file *r)
{
    if (!r) return;
    ot_findings_free(&r->findings);
    free(r->company);
    free(r->contact);
    free(r);
}

/* ---- feedback letters (calling thread, input order) ------------------------------ */

/* The file's name without folder and extension, reduced to safe characters. */
static void stem_of(const char *path, char *stem, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    if (n > 120) n = 120;
    size_t o = 0;
    for (size_t k = 0; k < n && o + 1 < size; k++) {
        unsigned char c = (unsigned char)base[k];
        stem[o++] = (c >= 0x80 || c == '-' || c == '_' || c == '.' || (c >= '0' && c <= '9') ||
                     (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
                        ? (char)c
                        : '_';
    }
    stem[o] = '\0';
    if (!o || stem[0] == '.') stem[0] = '_', stem[1] = '\0';
}

/* The stem of path made unique among the letters of this run; NULL when out of memory. */
static char *letter_stem(validate_run *run, const char *path)
{
    char stem[160], unique[176];
    stem_of(path, stem, sizeof stem);
    snprintf(unique, sizeof unique, "%s", stem);
    for (unsigned k = 2;; k++) {
        bool used = false;
        for (size_t s = 0; s < run->nstems && !used; s++)
            used = strcmp(run->stems[s], unique) == 0;
        if (!used) break;
        snprintf(unique, sizeof unique, "%s-%u", stem, k);
    }
    char **grown = realloc(run->stems, (run->nstems + 1) * sizeof *grown);
    if (!grown) return NULL;
    run->stems = grown;
    run->stems[run->nstems] = strdup(unique);
    return run->stems[run->nstems] ? run->stems[run->nstems++] : NULL;
}

static bool write_letter(const char *dir, const char *stem, const char *ext, const ot_strbuf *sb,
                         ot_error *err)
{
    size_t n = strlen(dir) + strlen(stem) + strlen(ext) + 3;
    char *path = malloc(n);
    if (!path) return !ot_fail(err, OT_E_NOMEM, "out of memory");
    snprintf(path, n, "%s/%s%s", dir, stem, ext);
    bool ok =
        !sb->failed && ot_write_file_atomic(path, sb->data ? sb->data : "", sb->len, err) == OT_OK;
    if (sb->failed) ot_fail(err, OT_E_NOMEM, "out of memory while writing %s", path);
    free(path);
    return ok;
}

static void write_feedback(validate_run *run, ot_validate_file *r)
{
    const char *base = strrchr(r->path, '/');
    char tmpl[32];
    snprintf(tmpl, sizeof tmpl, "%s %s", r->family, r->version);
    ot_feedback_info info = {r->company, r->contact, base ? base + 1 : r->path, tmpl};
    const char *stem = letter_stem(run, r->path);
    ot_strbuf text = {0}, html = {0};
    bool ok = stem != NULL;
    if (ok) {
        ot_feedback_text(&info, &r->findings, &text);
        ot_feedback_html(&info, &r->findings, &html);
        const char *dir = run->req->feedback_dir;
        ok = write_letter(dir, stem, ".txt", &text, &r->letter_err) &&
             write_letter(dir, stem, ".html", &html, &r->letter_err);
    }
    if (!ok && !r->letter_err.code) ot_fail(&r->letter_err, OT_E_NOMEM, "out of memory");
    run->res->letters_failed += !ok;
    ot_sb_free(&text);
    ot_sb_free(&html);
}

static void emit_one(size_t i, void *result, void *ctx)
{
    validate_run *run = ctx;
    ot_validate_file *r = result, oom = {.index = i,
                                         .path = run->req->files->items[i],
                                         .status = OT_FILE_UNREADABLE};
    if (!r) ot_fail(&oom.err, OT_E_NOMEM, "out of memory");
    ot_validate_file *f = r ? r : &oom;
    ot_validate_result *res = run->res;
    res->files++;
    res->valid += f->status == OT_FILE_VALID;
    res->invalid += f->status == OT_FILE_INVALID;
    res->unreadable += f->status == OT_FILE_UNREADABLE;
    if (f->status == OT_FILE_INVALID && run->req->feedback_dir) write_feedback(run, f);
    res->read_ms += f->read_ms;
    res->validate_ms += f->validate_ms;
    run->req->emit(f, run->req->ctx);
    free_file(r);
}

/* ---- the run ----------------------------------------------------------------------- */

static ot_code ensure_dir(const char *dir, ot_error *err)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return OT_OK;
        return ot_fail(err, OT_E_IO, "%s: not a folder", dir);
    }
    return ot_fail(err, OT_E_IO, "%s: cannot create folder: %s", dir, strerror(errno));
}

ot_code ot_app_validate(ot_app *app, const ot_validate_request *req, ot_validate_result *res,
                        ot_error *err)
{
    (void)app; /* the smelter list is the request's */
    *res = (ot_validate_result){0};
    if (req->feedback_dir) {
        ot_code rc = ensure_dir(req->feedback_dir, err);
        if (rc != OT_OK) return rc;
    }
    validate_run run = {.req = req, .res = res};
    run.vctx.smelters = req->reference ? ot_reference_checks(req->reference) : NULL;
    run.vctx.today = req->today;
    ot_parallel_ordered(req->files->n, req->threads, check_one, emit_one, &run);
    for (size_t s = 0; s < run.nstems; s++)
        free(run.stems[s]);
    free(run.stems);
    return OT_OK;
}

/* ---- JSON -------------------------------------------------------------------------- */

static json_t *text_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

json_t *ot_finding_to_json(const ot_finding *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(f->code));
    json_object_set_new(o, "severity", json_string(ot_severity_name(f->severity)));
    json_object_set_new(o, "sheet", text_or_null(f->sheet));
    json_object_set_new(o, "cell", text_or_null(f->cell));
    json_object_set_new(o, "field", text_or_null(f->field));
    json_object_set_new(o, "metal", text_or_null(f->metal));
    json_object_set_new(o, "message", ot_json_text(f->message));
    json_object_set_new(o, "fix", ot_json_text(f->fix));
    return o;
}

static json_t *template_json(const ot_validate_file *f)
{
    if (!f->have_template) return json_null();
    json_t *t = json_object();
    json_object_set_new(t, "type", json_string(f->family));
    json_object_set_new(t, "version", json_string(f->version));
    json_object_set_new(t, "exact", json_boolean(f->exact));
    return t;
}

json_t *ot_validate_file_to_json(const ot_validate_file *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", ot_json_text(f->path));
    json_object_set_new(o, "sha256", f->have_sha ? json_string(f->sha) : json_null());
    json_object_set_new(o, "template", template_json(f));
    json_object_set_new(o, "status", json_string(ot_file_status_name(f->status)));
    json_t *list = json_array();
    for (size_t k = 0; k < f->findings.count; k++)
        json_array_append_new(list, ot_finding_to_json(&f->findings.items[k]));
    json_object_set_new(o, "findings", list);
    if (f->findings.dropped)
        json_object_set_new(o, "findings_not_listed",
                            json_integer((json_int_t)f->findings.dropped));
    if (f->status == OT_FILE_UNREADABLE) {
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(ot_error_code_name(f->err.code)));
        json_object_set_new(e, "message", ot_json_text(f->err.message));
        json_object_set_new(o, "error", e);
    }
    return o;
}

json_t *ot_rules_to_json(void)
{
    json_t *rules = json_array();
    ot_rule_info info;
    for (size_t i = 0; ot_rule_info_at(i, &info); i++)
        json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code",
                                               info.code, "family", ot_family_name(info.family),
                                               "severity", ot_severity_name(info.severity),
                                               "concern", info.concern, "versions", info.versions,
                                               "meaning", info.meaning, "fix", info.fix));
    return rules;
}
