/* pdf_internal.h - what the PDF writer's parts (pdf.c: pages, text blocks; pdf_table.c;
 * pdf_chart.c) share: the renderer's state and its helpers. Not a public interface.
 *
 * Every block is laid out twice with the same code: the counting pass (draw false) only
 * measures and breaks pages, the drawing pass draws. Both measure with one pango context
 * with hinting off, so they break pages at the same places and "Page N of M" is right. */
#ifndef OT_REPORT_PDF_INTERNAL_H
#define OT_REPORT_PDF_INTERNAL_H

#include <stdbool.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "report/document.h"
#include "report/pdf.h"

typedef enum {
    PDF_FONT_BODY = 0,
    PDF_FONT_H1,
    PDF_FONT_H2,
    PDF_FONT_H3,
    PDF_FONT_TABLE,
    PDF_FONT_TABLE_BOLD,
    PDF_FONT_SMALL, /* running header, footer, chart ticks */
    PDF_FONT_CAPTION,
    PDF_FONT__COUNT
} pdf_font;

/* A table's column widths, measured once for both passes. */
typedef struct pdf_width_entry {
    const ot_block *block;
    double *widths;
} pdf_width_entry;

typedef struct pdf_render {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *pango;
    PangoLayout *scratch; /* reused for measuring single texts */
    PangoFontDescription *fonts[PDF_FONT__COUNT];
    bool draw;       /* false in the counting pass */
    int page;        /* current page, 1-based; 0 before the first */
    int total_pages; /* known in the drawing pass */
    bool page_used;  /* something was placed on the current page */
    double page_w, page_h;
    double left, width; /* the body's left edge and width */
    double top, bottom; /* the body's top and bottom edges */
    double y;           /* the pen: where the next block starts */
    const ot_pdf_options *opt;
    const char *doc_title; /* running header */
    int outline_doc;       /* bookmarks: the current document's entry, and headings' */
    int outline_level[3];
    pdf_width_entry *width_cache;
    size_t width_cache_count;
} pdf_render;

/* Starts a new page (closing the current one with its header and footer). */
void pdf_new_page(pdf_render *r);
/* Makes room for h points below the pen: a new page when they do not fit and the current
 * page already holds something (a block taller than a page starts at the top). */
void pdf_ensure(pdf_render *r, double h);

/* A fresh layout of text (UTF-8 made valid) in font; width <= 0: no wrapping. */
PangoLayout *pdf_layout(pdf_render *r, pdf_font font, const char *text, double width);
/* Sets text on a layout, replacing bytes that are not UTF-8 (pango would complain). */
void pdf_set_text(PangoLayout *l, const char *text);
/* Logical size of a layout in points. */
void pdf_layout_size(PangoLayout *l, double *w, double *h);
/* Draws a layout with its top-left corner at x, y (drawing pass only). */
void pdf_show(pdf_render *r, PangoLayout *l, double x, double y);
/* Text width in points of a single line in font (the scratch layout). */
double pdf_text_width(pdf_render *r, pdf_font font, const char *text);

void pdf_set_gray(pdf_render *r, double g);
void pdf_set_rgb(pdf_render *r, unsigned rgb);

/* A table block (pdf_table.c) and a chart block (pdf_chart.c) at the pen. */
void pdf_table(pdf_render *r, const ot_block *b);
void pdf_chart(pdf_render *r, const ot_block *b);

#endif
