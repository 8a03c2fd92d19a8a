/* edgar_html.c - renders an ot_doc as EDGAR HTML (edgar.h): upper-case HTML 3.2
 * elements, inline STYLE only, ASCII with numeric character references, every element
 * closed (so it is also well-formed XML for the checker), no images, no links out. */
#include <stdint.h>
#include <string.h>

#include "report/edgar.h"

/* Decodes one UTF-8 sequence at s (n bytes left); *cp gets U+FFFD when malformed.
 * Returns the bytes consumed. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len = c < 0x80             ? 1
                 : (c & 0xE0) == 0xC0 ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (len == 0 || len > n) return *cp = 0xFFFD, 1;
    uint32_t v = len == 1 ? c : c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return *cp = 0xFFFD, 1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    *cp = v;
    return len;
}

void ot_edgar_escape(const char *text, ot_strbuf *out)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t n = strlen((const char *)s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_next(s + i, n - i, &cp);
        switch (cp) {
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
        case '\t':
        case '\n':
            ot_sb_putc(out, ' ');
            break;
        default:
            if (cp >= 0x20 && cp < 0x7F)
                ot_sb_putc(out, (char)cp);
            else if (cp >= 0xA0)
                ot_sb_printf(out, "&#%u;", (unsigned)cp);
            /* C0 / C1 controls and DEL carry nothing a reader should see: dropped */
        }
    }
}

static void runs(const ot_block *b, ot_strbuf *out)
{
    for (size_t i = 0; i < b->run_count; i++) {
        const ot_run *r = &b->runs[i];
        if (r->bold) ot_sb_puts(out, "<B>");
        if (r->italic) ot_sb_puts(out, "<I>");
        ot_edgar_escape(r->text, out);
        if (r->italic) ot_sb_puts(out, "</I>");
        if (r->bold) ot_sb_puts(out, "</B>");
    }
}

static const char *align_name(ot_align a)
{
    return a == OT_ALIGN_RIGHT ? "right" : a == OT_ALIGN_CENTER ? "center" : "left";
}

static void table(const ot_block *b, ot_strbuf *out)
{
    ot_sb_puts(out, "<TABLE BORDER=\"1\" CELLPADDING=\"3\" CELLSPACING=\"0\" "
                    "STYLE=\"border-collapse:collapse;margin-bottom:10pt\">\n");
    if (b->caption) {
        ot_sb_puts(out, "<CAPTION STYLE=\"text-align:left;font-weight:bold\">");
        ot_edgar_escape(b->caption, out);
        ot_sb_puts(out, "</CAPTION>\n");
    }
    bool header = false;
    for (size_t c = 0; c < b->column_count; c++)
        header |= b->header[c] && *b->header[c];
    if (header) {
        ot_sb_puts(out, "<TR>");
        for (size_t c = 0; c < b->column_count; c++) {
            ot_sb_printf(out, "<TH ALIGN=\"%s\" VALIGN=\"bottom\">", align_name(b->align[c]));
            ot_edgar_escape(b->header[c], out);
            ot_sb_puts(out, "</TH>");
        }
        ot_sb_puts(out, "</TR>\n");
    }
    for (size_t r = 0; r < b->row_count; r++) {
        ot_sb_puts(out, "<TR>");
        for (size_t c = 0; c < b->column_count; c++) {
            ot_sb_printf(out, "<TD ALIGN=\"%s\" VALIGN=\"top\">", align_name(b->align[c]));
            ot_edgar_escape(b->cells[r * b->column_count + c], out);
            ot_sb_puts(out, "</TD>");
        }
        ot_sb_puts(out, "</TR>\n");
    }
    ot_sb_puts(out, "</TABLE>\n");
}

static void block(const ot_block *b, ot_strbuf *out)
{
    switch (b->kind) {
    case OT_BLOCK_HEADING:
        ot_sb_printf(out, "<H%d>", b->level);
        runs(b, out);
        ot_sb_printf(out, "</H%d>\n", b->level);
        break;
    case OT_BLOCK_PARAGRAPH:
        ot_sb_puts(out, "<P>");
        runs(b, out);
        ot_sb_puts(out, "</P>\n");
        break;
    case OT_BLOCK_LIST: {
        const char *tag = b->level == 1 ? "OL" : "UL";
        ot_sb_printf(out, "<%s>\n", tag);
        for (size_t i = 0; i < b->run_count; i++) {
            ot_sb_puts(out, "<LI>");
            ot_edgar_escape(b->runs[i].text, out);
            ot_sb_puts(out, "</LI>\n");
        }
        ot_sb_printf(out, "</%s>\n", tag);
        break;
    }
    case OT_BLOCK_TABLE:
        table(b, out);
        break;
    case OT_BLOCK_PAGE_BREAK:
        ot_sb_puts(out, "<DIV STYLE=\"page-break-before:always\"></DIV>\n");
        break;
    case OT_BLOCK_CHART:
        break; /* its numbers are in the text or a table */
    }
}

ot_code ot_edgar_html_write(const ot_doc *doc, ot_strbuf *out, ot_error *err)
{
    ot_sb_puts(out, "<HTML>\n<HEAD>\n<TITLE>");
    ot_edgar_escape(ot_doc_title(doc), out);
    ot_sb_puts(out, "</TITLE>\n</HEAD>\n<BODY STYLE=\"font-family:'Times New Roman',serif;"
                    "font-size:10pt\">\n");
    size_t n = ot_doc_block_count(doc);
    for (size_t i = 0; i < n; i++)
        block(ot_doc_block_at(doc, i), out);
    ot_sb_puts(out, "</BODY>\n</HTML>\n");
    if (out->failed) return ot_fail(err, OT_E_NOMEM, "out of memory writing the HTML document");
    return OT_OK;
}
