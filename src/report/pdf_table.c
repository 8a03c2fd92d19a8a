/* pdf_table.c - a table block in the PDF (pdf.h): column widths from the content (narrow
 * columns whole, the wide ones as browsers lay out automatic tables: widest word at
 * least, more for those that would wrap most), long cells wrapped, rows kept whole on one page, and
 * the header row (with
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

/* Width of text in font: unwrapped (*max), and its widest word (*min, the narrowest it
 * can be without breaking a word). */
static void text_widths(pdf_render *r, pdf_font font, const char *text, double *min, double *max)
{
    PangoLayout *l = r->scratch;
    pango_layout_set_font_description(l, r->fonts[font]);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_width(l, -1);
    pdf_set_text(l, text);
    pdf_layout_size(l, max, NULL);
    pango_layout_set_width(l, 1); /* every line one word: the layout is the widest word */
    pdf_layout_size(l, min, NULL);
}

/* Per column the widest unwrapped text and the widest word (header in bold), padding
 * included. */
static void content_widths(table_ctx *t, double *min, double *max)
{
    const ot_block *b = t->b;
    for (size_t c = 0; c < t->cols; c++) {
        /* a header wraps only when even its column's words cannot make room */
        text_widths(t->r, PDF_FONT_TABLE_BOLD, b->header ? b->header[c] : "", &min[c], &max[c]);
        min[c] = max[c];
        for (size_t row = 0; row < b->row_count; row++) {
            double lo, hi;
            text_widths(t->r, PDF_FONT_TABLE, cell_at(b, row, c), &lo, &hi);
            min[c] = lo > min[c] ? lo : min[c];
            max[c] = hi > max[c] ? hi : max[c];
        }
        min[c] += 2 * CELL_PAD_X + 0.5;
        max[c] += 2 * CELL_PAD_X + 0.5;
    }
    pango_layout_set_wrap(t->r->scratch, PANGO_WRAP_WORD_CHAR);
}

/* Shares the rest among the open columns: each its widest word plus a share of what is
 * left in proportion to how much wrapping it would save; when even the words do not fit,
 * they are scaled down (and break inside). */
static void share_rest(const double *min, const double *max, const bool *fixed, size_t n,
                       double rest, double *out)
{
    double sum_min = 0, sum_max = 0;
    for (size_t i = 0; i < n; i++)
        if (!fixed[i]) sum_min += min[i], sum_max += max[i];
    for (size_t i = 0; i < n; i++) {
        if (fixed[i]) continue;
        if (sum_min >= rest)
            out[i] = min[i] * rest / sum_min;
        else
            out[i] = min[i] + (rest - sum_min) * (max[i] - min[i]) / (sum_max - sum_min);
    }
}

/* Shares total among the columns. When every column fits unwrapped, each grows in
 * proportion so the table spans the body. Otherwise the narrow columns (unwrapped no
 * wider than an even share) keep their whole width, so short codes and dates never wrap;
 * the wide ones share the rest as browsers lay out automatic tables (share_rest). Only
 * one round: repeating it would starve the widest column. fixed: n flags, all false on entry. */
static void fit_columns(const double *min, const double *max, size_t n, double total, double *out,
                        bool *fixed)
{
    double sum_max = 0;
    for (size_t i = 0; i < n; i++)
        sum_max += max[i];
    if (sum_max <= total) {
        for (size_t i = 0; i < n; i++)
            out[i] = max[i] * total / sum_max;
        return;
    }
    double rest = total;
    for (size_t i = 0; i < n; i++) {
        if (max[i] <= total / (double)n) {
            out[i] = max[i], fixed[i] = true, rest -= max[i];
        }
    }
    share_rest(min, max, fixed, n, rest, out);
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

/* Column widths: measured in the counting pass, reused by the drawing pass (the cache is
 * keyed by the block), which also halves the measuring. */
static bool column_widths(table_ctx *t)
{
    pdf_render *r = t->r;
    for (size_t i = 0; i < r->width_cache_count; i++)
        if (r->width_cache[i].block == t->b) {
            memcpy(t->widths, r->width_cache[i].widths, t->cols * sizeof *t->widths);
            return true;
        }
    double *min = calloc(t->cols, sizeof *min), *max = calloc(t->cols, sizeof *max);
    bool *fixed = calloc(t->cols, sizeof *fixed);
    pdf_width_entry *grown =
        realloc(r->width_cache, (r->width_cache_count + 1) * sizeof *r->width_cache);
    bool ok = min && max && fixed && grown;
    if (grown) r->width_cache = grown;
    if (ok) {
        content_widths(t, min, max);
        fit_columns(min, max, t->cols, r->width, t->widths, fixed);
        r->width_cache[r->width_cache_count++] = (pdf_width_entry){t->b, max};
        memcpy(max, t->widths, t->cols * sizeof *max);
        max = NULL; /* now the cache's */
    }
    free(min);
    free(max);
    free(fixed);
    return ok;
}

static bool table_setup(table_ctx *t)
{
    size_t n = t->cols;
    t->widths = calloc(n, sizeof *t->widths);
    t->cells = calloc(n, sizeof *t->cells);
    t->heads = calloc(n, sizeof *t->heads);
    if (!t->widths || !t->cells || !t->heads || !column_widths(t)) return false;
    double page = t->r->bottom - t->r->top;
    for (size_t c = 0; c < n; c++) {
        t->heads[c] = cell_layout(t, c, PDF_FONT_TABLE_BOLD, page / 4);
        t->cells[c] = cell_layout(t, c, PDF_FONT_TABLE, page / 2);
    }
    t->head_h = measure_row(t, t->heads, t->b->header);
    return true;
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
