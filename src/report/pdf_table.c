/* pdf_table.c - a table block in the PDF (pdf.h): column widths from the content (each
 * column gets its natural width when the page allows, the widest share the narrowest
 * otherwise), long cells wrapped, rows kept whole on one page, and the header row (with
 * "(continued)" under the caption) repeated on every page the table reaches. */
#include <stdlib.h>
#include <string.h>

#include "report/pdf_internal.h"
#include "util/strbuf.h"

#define CELL_PAD_X 3.0
#define CELL_PAD_Y 2.2
#define TABLE_HEAD_FILL 0x2f4058
#define TABLE_ZEBRA_FILL 0xeef1f5

typedef struct table_ctx {
    pdf_render *r;
    const ot_block *b;
    size_t cols;
    double *widths;      /* per column, padding included */
    PangoLayout **cells; /* one per column, reused row after row */
    PangoLayout **heads;
    double head_h;
} table_ctx;

static const char *cell_at(const ot_block *b, size_t row, size_t col)
{
    const char *s = b->cells[row * b->column_count + col];
    return s ? s : "";
}

/* Widest unwrapped text of each column (header in bold), padding included. */
static void natural_widths(table_ctx *t, double *nat)
{
    const ot_block *b = t->b;
    for (size_t c = 0; c < t->cols; c++) {
        double w = pdf_text_width(t->r, PDF_FONT_TABLE_BOLD, b->header ? b->header[c] : "");
        for (size_t row = 0; row < b->row_count; row++) {
            double cw = pdf_text_width(t->r, PDF_FONT_TABLE, cell_at(b, row, c));
            if (cw > w) w = cw;
        }
        nat[c] = w + 2 * CELL_PAD_X + 0.5;
    }
}

/* Shares total among the columns: those whose natural width is at most an equal share of
 * what is left keep it (repeatedly), the rest split the remainder evenly; when all fit,
 * every column grows in proportion so the table spans the body. */
static void fit_columns(const double *nat, size_t n, double total, double *out, bool *fixed)
{
    double remaining = total;
    size_t open = n;
    for (bool changed = true; changed && open;) {
        changed = false;
        double share = remaining / (double)open;
        for (size_t i = 0; i < n; i++) {
            if (!fixed[i] && nat[i] <= share) {
                out[i] = nat[i], fixed[i] = true, remaining -= nat[i], open--;
                changed = true;
            }
        }
    }
    if (open) {
        for (size_t i = 0; i < n; i++)
            if (!fixed[i]) out[i] = remaining / (double)open;
        return;
    }
    double used = total - remaining;
    for (size_t i = 0; i < n; i++)
        out[i] = used > 0 ? nat[i] * total / used : total / (double)n;
}

static PangoLayout *cell_layout(table_ctx *t, size_t c, pdf_font font, double max_h)
{
    PangoLayout *l = pdf_layout(t->r, font, NULL, t->widths[c] - 2 * CELL_PAD_X);
    ot_align a = t->b->align ? t->b->align[c] : OT_ALIGN_LEFT;
    pango_layout_set_alignment(l, a == OT_ALIGN_RIGHT    ? PANGO_ALIGN_RIGHT
                                  : a == OT_ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                                         : PANGO_ALIGN_LEFT);
    /* a cell taller than a page is cut with an ellipsis, so every row fits on one */
    pango_layout_set_height(l, (int)(max_h * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    return l;
}

/* Sets each column layout to the row's text; returns the row's height. */
static double measure_row(table_ctx *t, PangoLayout **ls, const char *const *texts)
{
    double h = 0;
    for (size_t c = 0; c < t->cols; c++) {
        pdf_set_text(ls[c], texts ? texts[c] : "");
        double ch;
        pdf_layout_size(ls[c], NULL, &ch);
        if (ch > h) h = ch;
    }
    return h + 2 * CELL_PAD_Y;
}

static void draw_row(table_ctx *t, PangoLayout **ls, double h, unsigned fill, bool rule)
{
    pdf_render *r = t->r;
    if (!r->draw) return;
    if (fill) {
        pdf_set_rgb(r, fill);
        cairo_rectangle(r->cr, r->left, r->y, r->width, h);
        cairo_fill(r->cr);
    }
    if (rule) {
        pdf_set_gray(r, 0.8);
        cairo_set_line_width(r->cr, 0.4);
        cairo_move_to(r->cr, r->left, r->y + h);
        cairo_line_to(r->cr, r->left + r->width, r->y + h);
        cairo_stroke(r->cr);
    }
    pdf_set_gray(r, fill == TABLE_HEAD_FILL ? 1.0 : 0.0);
    double x = r->left;
    for (size_t c = 0; c < t->cols; c++) {
        pdf_show(r, ls[c], x + CELL_PAD_X, r->y + CELL_PAD_Y);
        x += t->widths[c];
    }
    pdf_set_gray(r, 0);
}

static void draw_header(table_ctx *t)
{
    draw_row(t, t->heads, t->head_h, TABLE_HEAD_FILL, false);
    t->r->y += t->head_h;
}

/* Caption (or "caption (continued)") above the header. */
static void draw_caption(table_ctx *t, bool continued)
{
    pdf_render *r = t->r;
    if (!t->b->caption || !*t->b->caption) return;
    ot_strbuf text = {0};
    ot_sb_puts(&text, t->b->caption);
    if (continued) ot_sb_puts(&text, " (continued)");
    PangoLayout *l = pdf_layout(r, PDF_FONT_CAPTION, ot_sb_str(&text), r->width);
    double h;
    pdf_layout_size(l, NULL, &h);
    pdf_show(r, l, r->left, r->y);
    r->y += h + 3;
    g_object_unref(l);
    ot_sb_free(&text);
}

static double caption_height(table_ctx *t)
{
    if (!t->b->caption || !*t->b->caption) return 0;
    PangoLayout *l = pdf_layout(t->r, PDF_FONT_CAPTION, t->b->caption, t->r->width);
    double h;
    pdf_layout_size(l, NULL, &h);
    g_object_unref(l);
    return h + 3;
}

static bool table_setup(table_ctx *t)
{
    size_t n = t->cols;
    double *nat = calloc(n, sizeof *nat);
    bool *fixed = calloc(n, sizeof *fixed);
    t->widths = calloc(n, sizeof *t->widths);
    t->cells = calloc(n, sizeof *t->cells);
    t->heads = calloc(n, sizeof *t->heads);
    bool ok = nat && fixed && t->widths && t->cells && t->heads;
    if (ok) {
        natural_widths(t, nat);
        fit_columns(nat, n, t->r->width, t->widths, fixed);
        double page = t->r->bottom - t->r->top;
        for (size_t c = 0; c < n; c++) {
            t->heads[c] = cell_layout(t, c, PDF_FONT_TABLE_BOLD, page / 4);
            t->cells[c] = cell_layout(t, c, PDF_FONT_TABLE, page / 2);
        }
        t->head_h = measure_row(t, t->heads, t->b->header);
    }
    free(nat);
    free(fixed);
    return ok;
}

static void table_teardown(table_ctx *t)
{
    for (size_t c = 0; c < t->cols; c++) {
        if (t->cells && t->cells[c]) g_object_unref(t->cells[c]);
        if (t->heads && t->heads[c]) g_object_unref(t->heads[c]);
    }
    free(t->cells);
    free(t->heads);
    free(t->widths);
}

void pdf_table(pdf_render *r, const ot_block *b)
{
    table_ctx t = {.r = r, .b = b, .cols = b->column_count};
    if (!t.cols || !table_setup(&t)) {
        table_teardown(&t);
        return;
    }
    const char *const *first = b->row_count ? &b->cells[0] : NULL;
    double first_h = b->row_count ? measure_row(&t, t.cells, first) : 0;
    pdf_ensure(r, caption_height(&t) + t.head_h + first_h);
    draw_caption(&t, false);
    draw_header(&t);
    for (size_t row = 0; row < b->row_count; row++) {
        double h = measure_row(&t, t.cells, &b->cells[row * t.cols]);
        if (r->y + h > r->bottom) {
            pdf_new_page(r);
            pdf_ensure(r, h);
            draw_caption(&t, true);
            draw_header(&t);
        }
        draw_row(&t, t.cells, h, row % 2 ? TABLE_ZEBRA_FILL : 0, true);
        r->y += h;
    }
    r->y += 8;
    table_teardown(&t);
}
