/* cmrt_writer.c - ot_cmrt_fill: detect the template, plan the cell edits, rewrite the few
 * package parts that change and copy every other zip entry as it is (cmrt_writer.h).
 *
 * The package is edited in memory through libzip: the template's bytes are a buffer
 * source, the changed parts are replaced, calcChain.xml is deleted, and zip_close writes
 * the new archive into the same source - libzip copies unchanged entries' compressed
 * bytes without inflating them, so they stay bit for bit the template's. */
#include "report/cmrt_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "reader/workbook.h"
#include "template/template.h"
#include "util/fileio.h"

#define TEMPLATE_MAX_BYTES (64u << 20)
#define PART_MAX_BYTES (256u << 20)
#define CALC_CHAIN_TYPE "/calcChain"
#define CALC_CHAIN_PART "/xl/calcChain.xml"

static bool supported(const ot_layout *l)
{
    if (l->family == OT_FAMILY_CMRT) return ot_layout_version_cmp(l->version, "6.01") >= 0;
    if (l->family == OT_FAMILY_EMRT) return ot_layout_version_cmp(l->version, "2.0") >= 0;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* The smelter IDs of the template's own look-up sheet (column E from row 5). */
static ot_code read_lookup(ot_workbook *wb, cmrt_plan *p)
{
    const ot_sheet *sh;
    if (ot_workbook_find_sheet(wb, "Smelter Look-up") < 0) return OT_OK;
    ot_code rc = ot_workbook_sheet(wb, "Smelter Look-up", &sh, p->err);
    if (rc) return rc;
    size_t n;
    const ot_cell *cells = ot_sheet_cells(sh, &n);
    p->lookup_ids = calloc(n ? n : 1, sizeof *p->lookup_ids);
    if (!p->lookup_ids) return ot_fail(p->err, OT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const ot_cell *c = &cells[i];
        if (c->row < 5 || c->col != 5 || c->kind != OT_CELL_TEXT || !c->text || !*c->text) continue;
        if (!(p->lookup_ids[p->lookup_count] = strdup(c->text)))
            return ot_fail(p->err, OT_E_NOMEM, "out of memory");
        p->lookup_count++;
    }
    qsort(p->lookup_ids, p->lookup_count, sizeof *p->lookup_ids, cmp_str);
    return OT_OK;
}

static void plan_free(cmrt_plan *p)
{
    for (size_t i = 0; i < p->lookup_count; i++)
        free(p->lookup_ids[i]);
    free(p->lookup_ids);
    for (int s = 0; s < OT_SHEET__COUNT; s++)
        free(p->sheets[s].v);
}

/* The layout of the template in tpl, when it is one this writer fills. */
static ot_code detect(ot_workbook *wb, const char *name, const ot_layout **out, ot_error *err)
{
    ot_template_id id;
    ot_code rc = ot_template_detect(wb, &id, err);
    if (!rc && !id.exact)
        rc = ot_fail(err, OT_E_INVALID, "%s: %s; only a template of a known version is filled",
                     name, id.note);
    if (!rc && !supported(id.layout))
        rc = ot_fail(err, OT_E_INVALID,
                     "%s is a %s template; oretrace fills CMRT 6.x and EMRT 2.x templates", name,
                     id.layout->name);
    *out = rc ? NULL : id.layout;
    return rc;
}

ot_code ot_cmrt_template_metals(const void *tpl, size_t tpl_len, const char *name,
                                const char *metals[OT_MAX_METALS], size_t *count, char family[8],
                                ot_error *err)
{
    ot_workbook *wb;
    const ot_layout *l;
    *count = 0;
    ot_code rc = ot_workbook_open_mem(tpl, tpl_len, name, NULL, &wb, err);
    if (rc) return rc;
    rc = detect(wb, name, &l, err);
    ot_workbook_close(wb);
    if (rc) return rc;
    snprintf(family, 8, "%s", ot_family_name(l->family));
    for (size_t i = 0; !l->slots && i < l->metal_count; i++)
        metals[(*count)++] = l->metals[i];
    for (int s = 0; l->slots && s < OT_LAYOUT_SLOTS && *count < OT_MAX_METALS; s++) {
        const ot_dropdown *dd = l->selection[s].dropdown;
        if (l->selection[s].row && dd && dd->count == 2) metals[(*count)++] = dd->items[0];
    }
    return OT_OK;
}

/* Detects the template and plans every edit (the workbook reader is closed after). */
static ot_code make_plan(const void *tpl, size_t len, const char *name, cmrt_plan *p,
                         ot_cmrt_output *out)
{
    ot_workbook *wb;
    ot_code rc = ot_workbook_open_mem(tpl, len, name, NULL, &wb, p->err);
    if (rc) return rc;
    rc = detect(wb, name, &p->layout, p->err);
    if (!rc) {
        snprintf(out->family, sizeof out->family, "%s", ot_family_name(p->layout->family));
        snprintf(out->version, sizeof out->version, "%s", p->layout->version);
        rc = read_lookup(wb, p);
    }
    ot_workbook_close(wb);
    if (!rc) rc = cmrt_plan_declaration(p);
    if (!rc) rc = cmrt_plan_lists(p);
    return rc;
}

/* ---- the package ------------------------------------------------------------------- */

#define MAX_HOLDERS 8 /* parts rewritten: 3 sheets, workbook, rels, content types */

typedef struct package {
    zip_t *za;
    zip_source_t *src;
    zip_t *holders[MAX_HOLDERS]; /* in-memory archives of the deflated parts */
    size_t holder_count;
    const char *name;
    ot_error *err;
} package;

static ot_code zip_fail(package *k, const char *what)
{
    return ot_fail(k->err, OT_E_CORRUPT, "%s: %s: %s", k->name, what, zip_strerror(k->za));
}

/* The inflated part (NUL-terminated, malloc'd); OT_E_MISSING_PART when absent. */
static ot_code read_part(package *k, const char *part, char **data, size_t *len)
{
    zip_stat_t st;
    zip_int64_t idx = zip_name_locate(k->za, part, 0);
    if (idx < 0 || zip_stat_index(k->za, (zip_uint64_t)idx, 0, &st) != 0)
        return ot_fail(k->err, OT_E_MISSING_PART, "%s has no part %s", k->name, part);
    if (st.size > PART_MAX_BYTES)
        return ot_fail(k->err, OT_E_ZIP_BOMB, "%s: part %s is too large", k->name, part);
    *data = malloc(st.size + 1);
    zip_file_t *f = *data ? zip_fopen_index(k->za, (zip_uint64_t)idx, 0) : NULL;
    zip_int64_t got = f ? zip_fread(f, *data, st.size) : -1;
    if (f) zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(*data);
        *data = NULL;
        return zip_fail(k, part);
    }
    (*data)[st.size] = '\0';
    *len = st.size;
    return OT_OK;
}

/* Replaces the part with sb's bytes, deflated here (cmrt_deflate.c), keeping its time
 * stamp. */
static ot_code replace_part(package *k, const char *part, ot_strbuf *sb)
{
    zip_stat_t st;
    zip_int64_t idx = zip_name_locate(k->za, part, 0);
    if (idx < 0 || zip_stat_index(k->za, (zip_uint64_t)idx, 0, &st) != 0) return zip_fail(k, part);
    if (k->holder_count == MAX_HOLDERS) return ot_fail(k->err, OT_E_USAGE, "too many parts");
    zip_t **holder = &k->holders[k->holder_count];
    zip_source_t *s =
        ot_cmrt_deflated_source(k->za, part, sb->data ? sb->data : "", sb->len, holder);
    if (!s) return ot_fail(k->err, OT_E_NOMEM, "out of memory compressing %s", part);
    k->holder_count++;
    if (zip_file_replace(k->za, (zip_uint64_t)idx, s, 0) < 0) {
        zip_source_free(s);
        return zip_fail(k, part);
    }
    if (st.valid & ZIP_STAT_MTIME) zip_file_set_mtime(k->za, (zip_uint64_t)idx, st.mtime, 0);
    return OT_OK;
}

typedef ot_code (*part_edit)(const char *xml, size_t len, void *arg, ot_strbuf *out, ot_error *err);

static ot_code edit_part(package *k, const char *part, part_edit fn, void *arg)
{
    char *xml;
    size_t len;
    ot_code rc = read_part(k, part, &xml, &len);
    if (rc) return rc;
    ot_strbuf sb = {0};
    rc = fn(xml, len, arg, &sb, k->err);
    free(xml);
    if (!rc) rc = replace_part(k, part, &sb);
    ot_sb_free(&sb);
    return rc;
}

typedef struct sheet_arg {
    cmrt_edits *edits;
    const char *part;
} sheet_arg;

static ot_code edit_sheet_fn(const char *xml, size_t len, void *arg, ot_strbuf *out, ot_error *err)
{
    sheet_arg *a = arg;
    return ot_cmrt_edit_sheet(xml, len, a->edits->v, a->edits->n, a->part, out, err);
}

static ot_code full_calc_fn(const char *xml, size_t len, void *arg, ot_strbuf *out, ot_error *err)
{
    (void)arg;
    return ot_cmrt_set_full_calc(xml, len, out, err);
}

typedef struct drop_arg {
    const char *elem, *attr, *suffix;
} drop_arg;

static ot_code drop_fn(const char *xml, size_t len, void *arg, ot_strbuf *out, ot_error *err)
{
    drop_arg *a = arg;
    size_t removed;
    return ot_cmrt_drop_elements(xml, len, a->elem, a->attr, a->suffix, out, &removed, err);
}

/* calcChain.xml goes, with its relationship and its content-type override. */
static ot_code drop_calc_chain(package *k, ot_cmrt_output *out)
{
    zip_int64_t idx = zip_name_locate(k->za, "xl/calcChain.xml", 0);
    if (idx < 0) return OT_OK;
    if (zip_delete(k->za, (zip_uint64_t)idx) < 0) return zip_fail(k, "xl/calcChain.xml");
    drop_arg rel = {"Relationship", "Type", CALC_CHAIN_TYPE};
    drop_arg type = {"Override", "PartName", CALC_CHAIN_PART};
    ot_code rc = edit_part(k, "xl/_rels/workbook.xml.rels", drop_fn, &rel);
    if (!rc) rc = edit_part(k, "[Content_Types].xml", drop_fn, &type);
    out->calc_chain_dropped = rc == OT_OK;
    out->parts_rewritten += rc ? 0 : 2;
    return rc;
}

/* Rewrites the sheets that have edits, workbook.xml's calcPr, and drops calcChain. */
static ot_code rewrite_parts(package *k, cmrt_plan *p, ot_cmrt_output *out)
{
    char *wbx = NULL, *rels = NULL;
    size_t wlen, rlen;
    ot_code rc = read_part(k, "xl/workbook.xml", &wbx, &wlen);
    if (!rc) rc = read_part(k, "xl/_rels/workbook.xml.rels", &rels, &rlen);
    for (int s = 0; s < OT_SHEET__COUNT && !rc; s++) {
        if (!p->sheets[s].n) continue;
        const char *sheet = p->layout->sheet_names[s];
        char part[256];
        if (!sheet || !ot_cmrt_sheet_part(wbx, wlen, rels, rlen, sheet, part, sizeof part)) {
            rc = ot_fail(k->err, OT_E_MISSING_PART, "%s has no '%s' sheet", k->name,
                         sheet ? sheet : "?");
            break;
        }
        sheet_arg a = {&p->sheets[s], part};
        rc = edit_part(k, part, edit_sheet_fn, &a);
        out->parts_rewritten += rc ? 0 : 1;
    }
    free(wbx);
    free(rels);
    if (!rc) rc = edit_part(k, "xl/workbook.xml", full_calc_fn, NULL);
    out->parts_rewritten += rc ? 0 : 1;
    if (!rc) rc = drop_calc_chain(k, out);
    return rc;
}

/* The archive zip_close wrote into the buffer source, as a malloc'd copy. */
static ot_code take_result(package *k, ot_cmrt_output *out)
{
    zip_stat_t st;
    if (zip_source_stat(k->src, &st) != 0 || zip_source_open(k->src) != 0)
        return ot_fail(k->err, OT_E_NOMEM, "the filled workbook could not be read back");
    out->data = malloc(st.size ? st.size : 1);
    zip_int64_t got = out->data ? zip_source_read(k->src, out->data, st.size) : -1;
    zip_source_close(k->src);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(out->data);
        out->data = NULL;
        return ot_fail(k->err, OT_E_NOMEM, "the filled workbook could not be read back");
    }
    out->len = st.size;
    return OT_OK;
}

static ot_code write_package(const void *tpl, size_t len, cmrt_plan *p, ot_cmrt_output *out,
                             package *k)
{
    zip_error_t ze;
    zip_error_init(&ze);
    k->src = zip_source_buffer_create(tpl, len, 0, &ze);
    k->za = k->src ? zip_open_from_source(k->src, 0, &ze) : NULL;
    if (!k->za) {
        ot_code rc = ot_fail(k->err, OT_E_NOT_WORKBOOK, "%s: not a zip package (%s)", k->name,
                             zip_error_strerror(&ze));
        if (k->src) zip_source_free(k->src);
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    zip_source_keep(k->src); /* it receives the new archive on zip_close */
    ot_code rc = rewrite_parts(k, p, out);
    if (rc) {
        zip_discard(k->za);
    } else if (zip_close(k->za) != 0) {
        rc = zip_fail(k, "writing the filled workbook");
        zip_discard(k->za);
    }
    if (!rc) rc = take_result(k, out);
    zip_source_free(k->src);
    for (size_t i = 0; i < k->holder_count; i++)
        zip_discard(k->holders[i]);
    return rc;
}

ot_code ot_cmrt_fill(const void *tpl, size_t tpl_len, const char *name, const ot_cmrt_input *in,
                     ot_cmrt_output *out, ot_error *err)
{
    memset(out, 0, sizeof *out);
    cmrt_plan p = {.in = in, .err = err};
    ot_code rc = make_plan(tpl, tpl_len, name, &p, out);
    if (!rc) {
        package k = {.name = name, .err = err};
        rc = write_package(tpl, tpl_len, &p, out, &k);
    }
    out->smelters_by_id = p.by_id;
    out->smelters_not_listed = p.not_listed;
    out->products = in->product_count;
    plan_free(&p);
    if (rc) ot_cmrt_output_free(out);
    return rc;
}

void ot_cmrt_output_free(ot_cmrt_output *out)
{
    free(out->data);
    out->data = NULL;
    out->len = 0;
}

ot_code ot_cmrt_fill_file(const char *template_path, const ot_cmrt_input *in, const char *out_path,
                          ot_cmrt_output *info, ot_error *err)
{
    unsigned char *tpl;
    size_t len;
    ot_code rc = ot_read_file(template_path, TEMPLATE_MAX_BYTES, &tpl, &len, err);
    if (rc) return rc;
    rc = ot_cmrt_fill(tpl, len, template_path, in, info, err);
    free(tpl);
    if (!rc) rc = ot_write_file_atomic(out_path, info->data, info->len, err);
    ot_cmrt_output_free(info);
    return rc;
}
