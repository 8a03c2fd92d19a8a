/* cmrt_sheet.c - streaming edit of one worksheet part for the CMRT writer.
 *
 * The part is copied through unchanged except the <c> elements the edits name: the
 * scanner (reader/xml_scan) walks <sheetData> row by row, rows without edits are copied
 * as one span, and a replaced cell keeps its style index (s=) - so borders, number
 * formats (the date format of the effective date) and protection stay the template's.
 * Text goes in as an inline string: the shared string table stays byte-identical and no
 * count in it has to be kept right. */
#include "report/cmrt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/workbook.h"
#include "reader/xml_scan.h"

typedef struct sheet_ctx {
    const char *xml, *end;
    const char *emitted; /* input up to here is already in out */
    ot_cmrt_edit *edits;
    size_t n, next;
    char prefix[16]; /* namespace prefix of the sheet's elements, "" or "x:" */
    const char *part;
    ot_strbuf *out;
    ot_error *err;
} sheet_ctx;

static int cmp_edit(const void *a, const void *b)
{
    const ot_cmrt_edit *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return 0;
}

/* Copies input from ctx->emitted up to `to`. */
static void emit_to(sheet_ctx *c, const char *to)
{
    if (to > c->emitted) ot_sb_append(c->out, c->emitted, (size_t)(to - c->emitted));
    c->emitted = to;
}

static bool is_hex4(const char *s)
{
    for (int i = 0; i < 4; i++) {
        char ch = s[i];
        bool hex = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
        if (!hex) return false;
    }
    return true;
}

/* XML-escapes text for an element body. Characters XML 1.0 cannot carry become OOXML
 * _xHHHH_ escapes, and a literal "_xHHHH_" is protected as _x005F_xHHHH_ so that Excel
 * reads back exactly the text given. */
static void put_text(ot_strbuf *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        switch (ch) {
        case '&':
            ot_sb_puts(out, "&amp;");
            break;
        case '<':
            ot_sb_puts(out, "&lt;");
            break;
        case '>':
            ot_sb_puts(out, "&gt;");
            break;
        case '"':
            ot_sb_puts(out, "&quot;");
            break;
        case '_':
            if (p[1] == 'x' && strlen(p) >= 7 && is_hex4(p + 2) && p[6] == '_')
                ot_sb_puts(out, "_x005F_");
            else
                ot_sb_putc(out, '_');
            break;
        default:
            if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
                ot_sb_printf(out, "_x%04X_", ch);
            else
                ot_sb_putc(out, (char)ch);
        }
    }
}

/* The new <c> for edit e; `style` is the original s= value (or NULL). */
static void put_cell(sheet_ctx *c, const ot_cmrt_edit *e, const char *style, size_t style_len)
{
    char ref[16];
    ot_format_a1(e->row, e->col, ref);
    const char *px = c->prefix;
    ot_sb_printf(c->out, "<%sc r=\"%s\"", px, ref);
    if (style) {
        ot_sb_puts(c->out, " s=\"");
        ot_sb_append(c->out, style, style_len);
        ot_sb_putc(c->out, '"');
    }
    switch (e->kind) {
    case OT_CMRT_SET_TEXT:
        ot_sb_printf(c->out, " t=\"inlineStr\"><%sis><%st xml:space=\"preserve\">", px, px);
        put_text(c->out, e->text);
        ot_sb_printf(c->out, "</%st></%sis></%sc>", px, px, px);
        break;
    case OT_CMRT_SET_NUMBER:
        ot_sb_printf(c->out, "><%sv>%.17g</%sv></%sc>", px, e->number, px, px);
        break;
    default:
        ot_sb_puts(c->out, "/>");
    }
}

/* Inserts the cells of edits for `row` whose column is below `col` (UINT32_MAX: all). */
static void insert_cells(sheet_ctx *c, uint32_t row, uint32_t col)
{
    while (c->next < c->n && c->edits[c->next].row == row && c->edits[c->next].col < col) {
        const ot_cmrt_edit *e = &c->edits[c->next++];
        if (e->kind != OT_CMRT_CLEAR) put_cell(c, e, NULL, 0);
    }
}

/* A new <row> for the edits of the next edited row (the template has no such row). */
static void insert_row(sheet_ctx *c)
{
    uint32_t row = c->edits[c->next].row;
    ot_sb_printf(c->out, "<%srow r=\"%u\">", c->prefix, row);
    insert_cells(c, row, UINT32_MAX);
    ot_sb_printf(c->out, "</%srow>", c->prefix);
}

static uint32_t attr_u32(const ot_tag *t, const char *name, uint32_t fallback)
{
    const char *v;
    size_t n;
    if (!ot_xml_attr(t, name, &v, &n) || n == 0 || n > 10) return fallback;
    char buf[12];
    memcpy(buf, v, n);
    buf[n] = '\0';
    return (uint32_t)strtoul(buf, NULL, 10);
}

static uint32_t cell_col(const ot_tag *t, uint32_t fallback)
{
    const char *v;
    size_t n;
    uint32_t row, col;
    char buf[16];
    if (!ot_xml_attr(t, "r", &v, &n) || n == 0 || n >= sizeof buf) return fallback;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return ot_parse_a1(buf, &row, &col) ? col : fallback;
}

/* The end of the cell opened by tag `t`; *formula / *anchor say whether it holds a
 * formula and whether that formula anchors a shared or array range. */
static const char *cell_end(sheet_ctx *c, const ot_tag *t, bool *formula, bool *anchor)
{
    *formula = *anchor = false;
    if (t->kind == OT_TAG_EMPTY) return t->end;
    ot_tag in;
    const char *p = t->end;
    while (ot_xml_next_tag(p, c->end, &in)) {
        if (in.kind == OT_TAG_BROKEN) return NULL;
        if (ot_xml_tag_is(&in, "f") && in.kind != OT_TAG_END) {
            *formula = true;
            const char *v;
            size_t n;
            *anchor = ot_xml_attr(&in, "ref", &v, &n);
        }
        if (in.kind == OT_TAG_END && ot_xml_tag_is(&in, "c")) return in.end;
        p = in.end;
    }
    return NULL;
}

static ot_code broken(sheet_ctx *c, const char *what)
{
    return ot_fail(c->err, OT_E_CORRUPT, "the template's %s is not well-formed (%s)", c->part,
                   what);
}

/* Replaces the cell at tag t with the pending edit for it; returns where scanning goes on. */
static ot_code replace_cell(sheet_ctx *c, const ot_tag *t, const char **resume)
{
    const ot_cmrt_edit *e = &c->edits[c->next++];
    bool formula, anchor;
    const char *end = cell_end(c, t, &formula, &anchor);
    if (!end) return broken(c, "a cell without its end");
    *resume = end;
    if (e->kind == OT_CMRT_CLEAR && formula) return OT_OK; /* template logic stays */
    if (anchor) {
        char ref[16];
        ot_format_a1(e->row, e->col, ref);
        return ot_fail(c->err, OT_E_INVALID,
                       "the template's cell %s (%s) anchors a shared formula; it cannot be "
                       "filled without breaking the cells that use it",
                       ref, c->part);
    }
    const char *style;
    size_t style_len;
    bool has_style = ot_xml_attr(t, "s", &style, &style_len);
    emit_to(c, t->start);
    put_cell(c, e, has_style ? style : NULL, style_len);
    c->emitted = end;
    return OT_OK;
}

/* Applies the edits of `row`, whose start tag is t. */
static ot_code edit_row(sheet_ctx *c, const ot_tag *t, uint32_t row, const char **resume)
{
    if (t->kind == OT_TAG_EMPTY) { /* <row .../> : reopen it around the new cells */
        emit_to(c, t->start);
        ot_sb_append(c->out, t->start, (size_t)(t->end - t->start - 2));
        ot_sb_putc(c->out, '>');
        insert_cells(c, row, UINT32_MAX);
        ot_sb_printf(c->out, "</%srow>", c->prefix);
        c->emitted = *resume = t->end;
        return OT_OK;
    }
    const char *p = t->end;
    uint32_t col = 0;
    ot_tag in;
    while (ot_xml_next_tag(p, c->end, &in)) {
        if (in.kind == OT_TAG_BROKEN) return broken(c, "a broken tag");
        if (in.kind == OT_TAG_END && ot_xml_tag_is(&in, "row")) {
            emit_to(c, in.start);
            insert_cells(c, row, UINT32_MAX);
            *resume = in.start;
            return OT_OK;
        }
        p = in.end;
        if (!ot_xml_tag_is(&in, "c") || in.kind == OT_TAG_END) continue;
        col = cell_col(&in, col + 1);
        emit_to(c, in.start);
        insert_cells(c, row, col);
        if (c->next < c->n && c->edits[c->next].row == row && c->edits[c->next].col == col) {
            ot_code rc = replace_cell(c, &in, &p);
            if (rc) return rc;
        }
    }
    return broken(c, "a row without its end");
}

/* The end of the row opened by t (after </row>). */
static const char *row_end(sheet_ctx *c, const ot_tag *t)
{
    if (t->kind == OT_TAG_EMPTY) return t->end;
    ot_tag in;
    const char *p = t->end;
    while (ot_xml_next_tag(p, c->end, &in)) {
        if (in.kind == OT_TAG_BROKEN) return NULL;
        if (in.kind == OT_TAG_END && ot_xml_tag_is(&in, "row")) return in.end;
        p = in.end;
    }
    return NULL;
}

static ot_code walk_rows(sheet_ctx *c, const char *p)
{
    ot_tag t;
    uint32_t row = 0;
    while (ot_xml_next_tag(p, c->end, &t)) {
        if (t.kind == OT_TAG_BROKEN) return broken(c, "a broken tag");
        if (t.kind == OT_TAG_END && ot_xml_tag_is(&t, "sheetData")) {
            emit_to(c, t.start);
            while (c->next < c->n)
                insert_row(c);
            return OT_OK;
        }
        if (!ot_xml_tag_is(&t, "row") || t.kind == OT_TAG_END) {
            p = t.end;
            continue;
        }
        row = attr_u32(&t, "r", row + 1);
        if (c->next < c->n && c->edits[c->next].row < row) {
            emit_to(c, t.start);
            while (c->next < c->n && c->edits[c->next].row < row)
                insert_row(c);
        }
        if (c->next < c->n && c->edits[c->next].row == row) {
            ot_code rc = edit_row(c, &t, row, &p);
            if (rc) return rc;
            continue;
        }
        if (c->next >= c->n) return OT_OK; /* nothing left to change: copy the rest */
        p = row_end(c, &t);
        if (!p) return broken(c, "a row without its end");
    }
    return broken(c, "no end of sheetData");
}

/* Finds <sheetData>; an empty <sheetData/> is opened so rows can go in. */
static ot_code open_sheet_data(sheet_ctx *c, const char **after)
{
    ot_tag t;
    const char *p = c->xml;
    while (ot_xml_next_tag(p, c->end, &t)) {
        if (t.kind == OT_TAG_BROKEN) break;
        if (ot_xml_tag_is(&t, "sheetData") && t.kind != OT_TAG_END) {
            size_t plen = (size_t)(t.name - t.start - 1);
            if (plen >= sizeof c->prefix) plen = 0;
            memcpy(c->prefix, t.start + 1, plen);
            c->prefix[plen] = '\0';
            if (t.kind == OT_TAG_START) {
                *after = t.end;
                return OT_OK;
            }
            emit_to(c, t.start);
            ot_sb_printf(c->out, "<%ssheetData>", c->prefix);
            while (c->next < c->n)
                insert_row(c);
            ot_sb_printf(c->out, "</%ssheetData>", c->prefix);
            c->emitted = t.end;
            *after = NULL;
            return OT_OK;
        }
        p = t.end;
    }
    return broken(c, "no sheetData");
}

ot_code ot_cmrt_edit_sheet(const char *xml, size_t len, ot_cmrt_edit *edits, size_t n,
                           const char *part, ot_strbuf *out, ot_error *err)
{
    qsort(edits, n, sizeof *edits, cmp_edit);
    for (size_t i = 1; i < n; i++)
        if (cmp_edit(&edits[i - 1], &edits[i]) == 0)
            return ot_fail(err, OT_E_USAGE, "two values for one cell of %s", part);
    sheet_ctx c = {.xml = xml,
                   .end = xml + len,
                   .emitted = xml,
                   .edits = edits,
                   .n = n,
                   .part = part,
                   .out = out,
                   .err = err};
    const char *after = NULL;
    ot_code rc = ot_xml_check_prolog(xml, len, part, err);
    if (!rc) rc = open_sheet_data(&c, &after);
    if (!rc && after) rc = walk_rows(&c, after);
    if (rc) return rc;
    emit_to(&c, c.end);
    if (out->failed) return ot_fail(err, OT_E_NOMEM, "out of memory editing %s", part);
    return OT_OK;
}
