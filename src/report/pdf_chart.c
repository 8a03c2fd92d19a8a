/* pdf_chart.c - a chart block in the PDF (pdf.h): bar (series side by side), stacked bar
 * and line charts drawn with cairo, each in a box of fixed height kept on one page: title,
 * legend, a y axis from zero with "nice" ticks and grid lines, category labels (turned
 * 45 degrees when they do not fit beside each other), and the values written on the bars
 * and points where there is room. Series colours step through lightness (dark, light,
 * middle, ...) and the fourth and fifth are hatched, lines differ by dash and marker, so
 * a greyscale print keeps them apart. Negative and non-finite values are drawn as 0 (the
 * charts show counts; the same numbers are always in a table or the text). */
#include <math.h>
#include <stdio.h>

#include "report/pdf_internal.h"

#define CHART_HEIGHT 250.0
#define CHART_GAP 12.0
#define SWATCH 8.0
#define LABEL_MAX_W 110.0

typedef struct chart_geo {
    const ot_block *b;
    double left, right, top, bottom; /* the plot area */
    double ymax, step;
    double slot; /* width per category */
    bool rotate; /* category labels at 45 degrees */
    size_t label_every;
} chart_geo;

static const unsigned palette[] = {0x1f3b70, 0xf4c04e, 0x4e9a5b, 0xb03a2e, 0x9db9d9, 0x6e6e6e};
#define PALETTE_N (sizeof palette / sizeof palette[0])

static double value_at(const ot_block *b, size_t s, size_t c)
{
    double v = b->series[s].values ? b->series[s].values[c] : 0;
    return isfinite(v) && v > 0 ? v : 0;
}

static void format_value(double v, char *out, size_t n)
{
    if (fabs(v) >= 1e9)
        snprintf(out, n, "%.3g", v);
    else if (fabs(v - round(v)) < 1e-9)
        snprintf(out, n, "%.0f", v);
    else
        snprintf(out, n, "%.1f", v);
}

static double luminance(unsigned rgb)
{
    return (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff)) /
           255.0;
}

/* A series' fill over a rectangle: its colour, hatched for the 4th and 5th of each six. */
static void fill_series(pdf_render *r, size_t s, double x, double y, double w, double h)
{
    cairo_t *cr = r->cr;
    unsigned rgb = palette[s % PALETTE_N];
    pdf_set_rgb(r, rgb);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    if (s % PALETTE_N == 3 || s % PALETTE_N == 4) {
        cairo_save(cr);
        cairo_rectangle(cr, x, y, w, h);
        cairo_clip(cr);
        pdf_set_gray(r, luminance(rgb) > 0.5 ? 0.2 : 1.0);
        cairo_set_line_width(cr, 0.6);
        for (double d = -h; d < w; d += 4) {
            cairo_move_to(cr, x + d, y + h);
            cairo_line_to(cr, x + d + h, y);
        }
        cairo_stroke(cr);
        cairo_restore(cr);
    }
}

static void set_line_style(pdf_render *r, size_t s)
{
    static const double dashes[][2] = {{0, 0}, {5, 2.5}, {1.2, 2}, {7, 2}};
    const double *d = dashes[s % 4];
    cairo_set_dash(r->cr, d, d[0] > 0 ? 2 : 0, 0);
    cairo_set_line_width(r->cr, 1.6);
    pdf_set_rgb(r, palette[s % PALETTE_N]);
}

static void draw_marker(pdf_render *r, size_t s, double x, double y)
{
    cairo_t *cr = r->cr;
    double m = 2.8;
    cairo_new_path(cr); /* no line from where the last text left the current point */
    cairo_set_dash(cr, NULL, 0, 0);
    switch (s % 4) {
    case 0:
        cairo_arc(cr, x, y, m, 0, 2 * M_PI);
        break;
    case 1:
        cairo_rectangle(cr, x - m, y - m, 2 * m, 2 * m);
        break;
    case 2:
        cairo_move_to(cr, x, y - m - 0.6);
        cairo_line_to(cr, x + m + 0.4, y + m);
        cairo_line_to(cr, x - m - 0.4, y + m);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y - m - 0.8);
        cairo_line_to(cr, x + m + 0.8, y);
        cairo_line_to(cr, x, y + m + 0.8);
        cairo_line_to(cr, x - m - 0.8, y);
        cairo_close_path(cr);
    }
    pdf_set_rgb(r, palette[s % PALETTE_N]);
    cairo_fill(cr);
}

/* A small text with its top-left (anchor 0), top-centre (1) or right-middle (2) at x, y. */
static void draw_text(pdf_render *r, const char *text, double x, double y, int anchor)
{
    PangoLayout *l = pdf_layout(r, PDF_FONT_SMALL, text, -1);
    double w, h;
    pdf_layout_size(l, &w, &h);
    if (anchor == 1)
        x -= w / 2;
    else if (anchor == 2)
        x -= w, y -= h / 2;
    pdf_show(r, l, x, y);
    g_object_unref(l);
}

/* Legend items left to right, wrapping; returns its height (draws when draw is set). */
static double legend(pdf_render *r, const ot_block *b, double y, bool draw)
{
    double x = r->left, line_h = 11, h = b->series_count ? line_h : 0;
    for (size_t s = 0; s < b->series_count; s++) {
        const char *name = b->series[s].name;
        double w = SWATCH + 4 + pdf_text_width(r, PDF_FONT_SMALL, name) + 12;
        if (x + w > r->left + r->width && x > r->left) x = r->left, y += line_h, h += line_h;
        if (draw) {
            if (b->chart == OT_CHART_LINE) {
                set_line_style(r, s);
                cairo_move_to(r->cr, x - 2, y + 4.5);
                cairo_line_to(r->cr, x + SWATCH + 2, y + 4.5);
                cairo_stroke(r->cr);
                draw_marker(r, s, x + SWATCH / 2, y + 4.5);
            } else {
                fill_series(r, s, x, y + 0.5, SWATCH, SWATCH);
            }
            pdf_set_gray(r, 0);
            draw_text(r, name, x + SWATCH + 4, y, 0);
        }
        x += w;
    }
    return h;
}

static void y_scale(chart_geo *g)
{
    const ot_block *b = g->b;
    double max = 0;
    bool integral = true;
    for (size_t c = 0; c < b->category_count; c++) {
        double sum = 0;
        for (size_t s = 0; s < b->series_count; s++) {
            double v = value_at(b, s, c);
            integral = integral && fabs(v - round(v)) < 1e-9;
            sum = b->chart == OT_CHART_STACKED_BAR ? sum + v : fmax(sum, v);
        }
        max = fmax(max, sum);
    }
    double raw = max > 0 ? max / 5 : 1;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    g->step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    if (integral && g->step < 1) g->step = 1;
    g->ymax = fmax(g->step, ceil(max / g->step) * g->step);
}

/* Room under the plot for the category labels, and whether they must be turned. */
static double x_label_room(pdf_render *r, chart_geo *g)
{
    const ot_block *b = g->b;
    double widest = 0, line_h = 9;
    for (size_t c = 0; c < b->category_count; c++)
        widest = fmax(widest, pdf_text_width(r, PDF_FONT_SMALL, b->categories[c]));
    g->slot = (g->right - g->left) / (double)(b->category_count ? b->category_count : 1);
    g->rotate = widest > g->slot - 4;
    g->label_every = 1;
    if (!g->rotate) return line_h + 4;
    /* every k-th label when even turned they would overlap */
    g->label_every = (size_t)ceil(line_h * 1.1 / fmax(g->slot, 0.01));
    if (g->label_every < 1) g->label_every = 1;
    return fmin(widest, LABEL_MAX_W) * M_SQRT1_2 + line_h + 4;
}

static void draw_x_labels(pdf_render *r, const chart_geo *g)
{
    const ot_block *b = g->b;
    PangoLayout *l = pdf_layout(r, PDF_FONT_SMALL, NULL, -1);
    pdf_set_gray(r, 0.15);
    for (size_t c = 0; c < b->category_count; c += g->label_every) {
        double cx = g->left + g->slot * ((double)c + 0.5);
        if (!g->rotate) {
            draw_text(r, b->categories[c], cx, g->bottom + 3, 1);
            continue;
        }
        pdf_set_text(l, b->categories[c]);
        pango_layout_set_width(l, (int)(LABEL_MAX_W * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        double w, h;
        pdf_layout_size(l, &w, &h);
        cairo_save(r->cr);
        cairo_translate(r->cr, cx, g->bottom + 3);
        cairo_rotate(r->cr, -M_PI / 4);
        pango_cairo_update_layout(r->cr, l);
        cairo_move_to(r->cr, -w, -h / 2);
        pango_cairo_show_layout(r->cr, l);
        cairo_restore(r->cr);
    }
    g_object_unref(l);
}

static double y_of(const chart_geo *g, double v)
{
    return g->bottom - (g->bottom - g->top) * v / g->ymax;
}

static void draw_axes(pdf_render *r, const chart_geo *g)
{
    cairo_t *cr = r->cr;
    char text[32];
    cairo_set_line_width(cr, 0.4);
    for (double v = 0; v <= g->ymax + g->step / 2; v += g->step) {
        double y = y_of(g, v);
        pdf_set_gray(r, 0.85);
        cairo_move_to(cr, g->left, y);
        cairo_line_to(cr, g->right, y);
        cairo_stroke(cr);
        pdf_set_gray(r, 0.15);
        format_value(v, text, sizeof text);
        draw_text(r, text, g->left - 4, y, 2);
    }
    pdf_set_gray(r, 0.2);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, g->left, g->top);
    cairo_line_to(cr, g->left, g->bottom);
    cairo_line_to(cr, g->right, g->bottom);
    cairo_stroke(cr);
    for (size_t c = 0; c <= g->b->category_count; c++) {
        double x = g->left + g->slot * (double)c;
        cairo_move_to(cr, x, g->bottom);
        cairo_line_to(cr, x, g->bottom + 3);
    }
    cairo_stroke(cr);
}

static void draw_bars(pdf_render *r, const chart_geo *g)
{
    const ot_block *b = g->b;
    double group = g->slot * 0.8, bw = group / (double)b->series_count;
    char text[32];
    for (size_t c = 0; c < b->category_count; c++) {
        double x = g->left + g->slot * (double)c + (g->slot - group) / 2;
        for (size_t s = 0; s < b->series_count; s++, x += bw) {
            double v = value_at(b, s, c), y = y_of(g, v);
            fill_series(r, s, x + 0.5, y, bw - 1, g->bottom - y);
            format_value(v, text, sizeof text);
            if (pdf_text_width(r, PDF_FONT_SMALL, text) <= bw + 2) {
                pdf_set_gray(r, 0);
                draw_text(r, text, x + bw / 2, y - 10, 1);
            }
        }
    }
}

static void draw_stacked(pdf_render *r, const chart_geo *g)
{
    const ot_block *b = g->b;
    double bw = g->slot * 0.6;
    char text[32];
    for (size_t c = 0; c < b->category_count; c++) {
        double x = g->left + g->slot * (double)c + (g->slot - bw) / 2, sum = 0;
        double side_y = g->bottom + 8; /* the last value written beside the bar */
        for (size_t s = 0; s < b->series_count; s++) {
            double v = value_at(b, s, c);
            if (v <= 0) continue;
            double y1 = y_of(g, sum), y0 = y_of(g, sum + v);
            fill_series(r, s, x, y0, bw, y1 - y0);
            sum += v;
            format_value(v, text, sizeof text);
            double tw = pdf_text_width(r, PDF_FONT_SMALL, text);
            if (y1 - y0 >= 10 && tw <= bw - 2) {
                bool hatched = s % PALETTE_N == 3 || s % PALETTE_N == 4;
                if (hatched) { /* the value on a white plate over the hatching */
                    pdf_set_gray(r, 1);
                    cairo_rectangle(r->cr, x + bw / 2 - tw / 2 - 1.5, (y0 + y1) / 2 - 4.5, tw + 3,
                                    9);
                    cairo_fill(r->cr);
                }
                bool dark_text = hatched || luminance(palette[s % PALETTE_N]) > 0.5;
                pdf_set_gray(r, dark_text ? 0 : 1);
                draw_text(r, text, x + bw / 2, (y0 + y1) / 2 - 4.5, 1);
            } else if ((y0 + y1) / 2 < side_y - 8) { /* thin: beside the bar, not over another */
                side_y = (y0 + y1) / 2;
                pdf_set_gray(r, 0.1);
                draw_text(r, text, x + bw + 2, side_y - 4.5, 0);
            }
        }
        format_value(sum, text, sizeof text);
        pdf_set_gray(r, 0);
        draw_text(r, text, x + bw / 2, y_of(g, sum) - 10, 1);
    }
}

static void draw_lines(pdf_render *r, const chart_geo *g)
{
    const ot_block *b = g->b;
    char text[32];
    for (size_t s = 0; s < b->series_count; s++) {
        set_line_style(r, s);
        for (size_t c = 0; c < b->category_count; c++) {
            double x = g->left + g->slot * ((double)c + 0.5), y = y_of(g, value_at(b, s, c));
            if (c == 0)
                cairo_move_to(r->cr, x, y);
            else
                cairo_line_to(r->cr, x, y);
        }
        cairo_stroke(r->cr);
        for (size_t c = 0; c < b->category_count; c++) {
            double v = value_at(b, s, c);
            double x = g->left + g->slot * ((double)c + 0.5), y = y_of(g, v);
            draw_marker(r, s, x, y);
            format_value(v, text, sizeof text);
            if (g->slot >= pdf_text_width(r, PDF_FONT_SMALL, text) + 2) {
                pdf_set_gray(r, 0.1);
                draw_text(r, text, x, y - 13, 1);
            }
        }
    }
    cairo_set_dash(r->cr, NULL, 0, 0);
}

/* The unit, turned to read upwards, left of the tick labels. */
static void draw_unit(pdf_render *r, const chart_geo *g)
{
    if (!g->b->unit || !*g->b->unit) return;
    PangoLayout *l = pdf_layout(r, PDF_FONT_SMALL, g->b->unit, g->bottom - g->top);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    double w, h;
    pdf_layout_size(l, &w, &h);
    cairo_save(r->cr);
    cairo_translate(r->cr, r->left, g->bottom);
    cairo_rotate(r->cr, -M_PI / 2);
    pango_cairo_update_layout(r->cr, l);
    pdf_set_gray(r, 0.15);
    cairo_move_to(r->cr, 0, 0);
    pango_cairo_show_layout(r->cr, l);
    cairo_restore(r->cr);
    g_object_unref(l);
}

static void draw_chart(pdf_render *r, const ot_block *b, double y0)
{
    PangoLayout *title = pdf_layout(r, PDF_FONT_CAPTION, b->caption, r->width);
    double th;
    pdf_layout_size(title, NULL, &th);
    pdf_set_gray(r, 0);
    pdf_show(r, title, r->left, y0);
    g_object_unref(title);
    if (!b->category_count || !b->series_count) {
        draw_text(r, "(no data)", r->left, y0 + th + 4, 0);
        return;
    }
    chart_geo g = {.b = b};
    double lh = legend(r, b, y0 + th + 4, true);
    y_scale(&g);
    char text[32];
    format_value(g.ymax, text, sizeof text);
    g.left = r->left + 14 + pdf_text_width(r, PDF_FONT_SMALL, text) + 6;
    g.right = r->left + r->width - 4;
    g.top = y0 + th + 4 + lh + 14;
    g.bottom = y0 + CHART_HEIGHT - x_label_room(r, &g);
    draw_axes(r, &g);
    if (b->chart == OT_CHART_STACKED_BAR)
        draw_stacked(r, &g);
    else if (b->chart == OT_CHART_LINE)
        draw_lines(r, &g);
    else
        draw_bars(r, &g);
    draw_x_labels(r, &g);
    draw_unit(r, &g);
    pdf_set_gray(r, 0);
}

void pdf_chart(pdf_render *r, const ot_block *b)
{
    /* a chart without numbers is its title and "(no data)" */
    double h = b->category_count && b->series_count ? CHART_HEIGHT : 30;
    pdf_ensure(r, h);
    if (r->draw) draw_chart(r, b, r->y);
    r->y += h + CHART_GAP;
}
