/* cmrt_parts.c - the small package-part edits of the CMRT writer: calcPr in workbook.xml,
 * dropping the calculation chain's relationship and content-type override, and finding a
 * worksheet's part by sheet name. Each is a copy of the part with one element changed. */
#include "report/cmrt_internal.h"

#include <stdio.h>
#include <string.h>

#include "reader/xml_scan.h"

static bool attr_ends_with(const ot_tag *t, const char *attr, const char *suffix)
{
    const char *v;
    size_t n, sn = strlen(suffix);
    return ot_xml_attr(t, attr, &v, &n) && n >= sn && memcmp(v + n - sn, suffix, sn) == 0;
}

/* Elements that follow calcPr in CT_Workbook: a missing calcPr goes before the first. */
static bool after_calc_pr(const ot_tag *t)
{
    static const char *const names[] = {
        "oleSize",       "customWorkbookViews", "pivotCaches",       "smartTagPr", "smartTagTypes",
        "webPublishing", "fileRecoveryPr",      "webPublishObjects", "extLst",     NULL};
    for (int i = 0; names[i]; i++)
        if (ot_xml_tag_is(t, names[i])) return true;
    return false;
}

/* Appends the calcPr tag t rewritten with fullCalcOnLoad="1" (any old value dropped). */
static void put_calc_pr(const ot_tag *t, ot_strbuf *out)
{
    ot_sb_append(out, t->start, (size_t)(t->name + t->name_len - t->start));
    const char *p = t->attrs, *end = t->attrs + t->attrs_len;
    while (p < end) { /* copy attributes one by one, skipping fullCalcOnLoad */
        const char *a = p;
        while (p < end && *p != '"' && *p != '\'')
            p++;
        if (p >= end) break;
        char q = *p++;
        while (p < end && *p != q)
            p++;
        if (p < end) p++;
        const char *eq = memchr(a, '=', (size_t)(p - a));
        const char *name = a;
        while (name < eq && (*name == ' ' || *name == '\t' || *name == '\n' || *name == '\r'))
            name++;
        if (eq && (size_t)(eq - name) == 14 && memcmp(name, "fullCalcOnLoad", 14) == 0) continue;
        ot_sb_append(out, a, (size_t)(p - a));
    }
    ot_sb_puts(out, " fullCalcOnLoad=\"1\"/>");
}

ot_code ot_cmrt_set_full_calc(const char *xml, size_t len, ot_strbuf *out, ot_error *err)
{
    ot_code rc = ot_xml_check_prolog(xml, len, "xl/workbook.xml", err);
    if (rc) return rc;
    const char *p = xml, *end = xml + len;
    ot_tag t;
    while (ot_xml_next_tag(p, end, &t)) {
        if (t.kind == OT_TAG_BROKEN) break;
        bool calc = ot_xml_tag_is(&t, "calcPr") && t.kind != OT_TAG_END;
        bool before = after_calc_pr(&t) && t.kind != OT_TAG_END;
        bool last = t.kind == OT_TAG_END && ot_xml_tag_is(&t, "workbook");
        if (calc || before || last) {
            ot_sb_append(out, xml, (size_t)(t.start - xml));
            if (calc && t.kind == OT_TAG_EMPTY) {
                put_calc_pr(&t, out);
                p = t.end;
            } else if (calc) { /* <calcPr ...>...</calcPr> is not in the schema; refuse */
                break;
            } else {
                size_t plen = (size_t)(t.name - t.start - 1 - (t.kind == OT_TAG_END));
                ot_sb_printf(out, "<%.*scalcPr fullCalcOnLoad=\"1\"/>", (int)plen,
                             t.start + 1 + (t.kind == OT_TAG_END));
                p = t.start;
            }
            ot_sb_append(out, p, (size_t)(end - p));
            if (out->failed) return ot_fail(err, OT_E_NOMEM, "out of memory");
            return OT_OK;
        }
        p = t.end;
    }
    return ot_fail(err, OT_E_CORRUPT, "the template's xl/workbook.xml is not well-formed");
}

ot_code ot_cmrt_drop_elements(const char *xml, size_t len, const char *elem, const char *attr,
                              const char *suffix, ot_strbuf *out, size_t *removed, ot_error *err)
{
    *removed = 0;
    const char *p = xml, *end = xml + len, *emitted = xml;
    ot_tag t;
    while (ot_xml_next_tag(p, end, &t)) {
        if (t.kind == OT_TAG_BROKEN)
            return ot_fail(err, OT_E_CORRUPT, "a package part of the template is not well-formed");
        p = t.end;
        if (t.kind != OT_TAG_EMPTY || !ot_xml_tag_is(&t, elem)) continue;
        if (!attr_ends_with(&t, attr, suffix)) continue;
        ot_sb_append(out, emitted, (size_t)(t.start - emitted));
        emitted = t.end;
        (*removed)++;
    }
    ot_sb_append(out, emitted, (size_t)(end - emitted));
    if (out->failed) return ot_fail(err, OT_E_NOMEM, "out of memory");
    return OT_OK;
}

/* The raw value of attribute `name` of t copied into buf (entities are not decoded: sheet
 * names with '&' are compared after decoding below). */
static bool attr_copy(const ot_tag *t, const char *name, char *buf, size_t size)
{
    const char *v;
    size_t n;
    if (!ot_xml_attr(t, name, &v, &n)) return false;
    ot_strbuf sb = {0};
    ot_xml_decode(v, n, false, &sb);
    bool ok = !sb.failed && sb.len < size;
    if (ok) memcpy(buf, ot_sb_str(&sb), sb.len + 1);
    ot_sb_free(&sb);
    return ok;
}

static bool find_attr_value(const char *xml, size_t len, const char *elem, const char *key,
                            const char *want, const char *attr, char *out, size_t size)
{
    const char *p = xml, *end = xml + len;
    ot_tag t;
    char buf[256];
    while (ot_xml_next_tag(p, end, &t) && t.kind != OT_TAG_BROKEN) {
        p = t.end;
        if (t.kind == OT_TAG_END || !ot_xml_tag_is(&t, elem)) continue;
        if (attr_copy(&t, key, buf, sizeof buf) && strcmp(buf, want) == 0)
            return attr_copy(&t, attr, out, size);
    }
    return false;
}

bool ot_cmrt_sheet_part(const char *workbook, size_t wlen, const char *rels, size_t rlen,
                        const char *sheet, char *part, size_t part_size)
{
    char rid[64], target[200];
    if (!find_attr_value(workbook, wlen, "sheet", "name", sheet, "id", rid, sizeof rid))
        return false;
    if (!find_attr_value(rels, rlen, "Relationship", "Id", rid, "Target", target, sizeof target))
        return false;
    /* Targets are relative to xl/ unless absolute ("/xl/worksheets/sheet4.xml") */
    int n = target[0] == '/' ? snprintf(part, part_size, "%s", target + 1)
                             : snprintf(part, part_size, "xl/%s", target);
    return n > 0 && (size_t)n < part_size;
}
