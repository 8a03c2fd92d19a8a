/* document.h - a report as structure, not markup: headings, paragraphs, lists, tables
 * and charts in reading order. The Conflict Minerals Report and the Form SD are built
 * once as an ot_doc; the EDGAR HTML writer and the PDF writer each render the same value,
 * so the filed text and the board's PDF copy cannot say different things.
 *
 * Text is UTF-8 as the data gives it; each renderer escapes for its format (EDGAR HTML
 * wants ASCII with character references). A paragraph is plain text: emphasis is a
 * separate run, never markup inside the string. The document owns every string added
 * (copied in); everything lives until ot_doc_free. */
#ifndef OT_REPORT_DOCUMENT_H
#define OT_REPORT_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

typedef enum {
    OT_BLOCK_HEADING = 0, /* level 1..3 */
    OT_BLOCK_PARAGRAPH,   /* runs of text */
    OT_BLOCK_LIST,        /* items (bulleted, or numbered when ordered) */
    OT_BLOCK_TABLE,       /* header row + rows of cells, no nesting */
    OT_BLOCK_CHART,       /* a picture of numbers; renderers without pictures skip it
                             (its numbers are always in a table or the text as well) */
    OT_BLOCK_PAGE_BREAK,
} ot_block_kind;

typedef struct ot_run {
    const char *text;
    bool bold, italic;
} ot_run;

typedef enum { OT_ALIGN_LEFT = 0, OT_ALIGN_RIGHT, OT_ALIGN_CENTER } ot_align;

typedef enum {
    OT_CHART_BAR = 0,     /* one bar per category and series, side by side */
    OT_CHART_STACKED_BAR, /* one bar per category, series stacked */
    OT_CHART_LINE,        /* categories are points in time, one line per series */
} ot_chart_kind;

typedef struct ot_chart_series {
    const char *name;
    const double *values; /* one per category */
} ot_chart_series;

typedef struct ot_block {
    ot_block_kind kind;
    int level; /* heading level; list: 1 = ordered */
    /* paragraph / heading: runs; list: one run per item */
    size_t run_count;
    const ot_run *runs;
    /* table */
    size_t column_count, row_count;
    const char *const *header; /* column_count */
    const ot_align *align;     /* column_count */
    const char *const *cells;  /* row_count * column_count, row by row */
    const char *caption;       /* table / chart title, may be NULL */
    /* chart */
    ot_chart_kind chart;
    size_t category_count, series_count;
    const char *const *categories;
    const ot_chart_series *series;
    const char *unit; /* axis label, e.g. "suppliers" */
} ot_block;

typedef struct ot_doc ot_doc;

ot_code ot_doc_new(const char *title, ot_doc **out, ot_error *err);
const char *ot_doc_title(const ot_doc *d);

/* Builders. Each copies its arguments; on allocation failure the document remembers
 * the error and every later call is a no-op, so a builder checks once at the end
 * (ot_doc_status). */
void ot_doc_heading(ot_doc *d, int level, const char *text);
void ot_doc_paragraph(ot_doc *d, const char *text);
/* A paragraph of several runs (bold / italic spans). */
void ot_doc_paragraph_runs(ot_doc *d, const ot_run *runs, size_t n);
void ot_doc_list(ot_doc *d, bool ordered, const char *const *items, size_t n);
/* A table: columns, then rows appended one at a time (cells copied). */
size_t ot_doc_table_begin(ot_doc *d, const char *caption, const char *const *header,
                          const ot_align *align, size_t columns);
void ot_doc_table_row(ot_doc *d, const char *const *cells);
void ot_doc_chart(ot_doc *d, ot_chart_kind kind, const char *title, const char *unit,
                  const char *const *categories, size_t category_count,
                  const ot_chart_series *series, size_t series_count);
void ot_doc_page_break(ot_doc *d);
ot_code ot_doc_status(const ot_doc *d, ot_error *err);

size_t ot_doc_block_count(const ot_doc *d);
const ot_block *ot_doc_block_at(const ot_doc *d, size_t i);

void ot_doc_free(ot_doc *d);

#endif
