/* document.c - the report document model (document.h): blocks appended in reading
 * order, every string copied into one arena owned by the document. Blocks live in a
 * growing array; a table's rows are gathered in a growing cell array and fixed into the
 * block when the next block starts (or when the document is read). */
#include "report/document.h"

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

struct ot_doc {
    ot_arena arena;
    const char *title;
    ot_block *blocks;
    size_t count, cap;
    /* the open table's cells, row by row */
    const char **cells;
    size_t cell_count, cell_cap;
    bool table_open;
    ot_code failed;
};

static void doc_fail(ot_doc *d)
{
    d->failed = OT_E_NOMEM;
}

static const char *doc_strdup(ot_doc *d, const char *s)
{
    if (d->failed) return "";
    char *copy = ot_arena_strdup(&d->arena, s ? s : "");
    if (!copy) {
        doc_fail(d);
        return "";
    }
    return copy;
}

static void close_table(ot_doc *d)
{
    if (!d->table_open) return;
    d->table_open = false;
    ot_block *b = &d->blocks[d->count - 1];
    size_t n = d->cell_count;
    const char **cells = n ? ot_arena_alloc(&d->arena, n * sizeof *cells) : NULL;
    if (n && !cells) {
        doc_fail(d);
        return;
    }
    if (n) memcpy(cells, d->cells, n * sizeof *cells);
    b->cells = cells;
    b->row_count = b->column_count ? n / b->column_count : 0;
    d->cell_count = 0;
}

/* A new zeroed block at the end, NULL once the document has failed. */
static ot_block *new_block(ot_doc *d, ot_block_kind kind)
{
    close_table(d);
    if (d->failed) return NULL;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        ot_block *grown = realloc(d->blocks, cap * sizeof *grown);
        if (!grown) {
            doc_fail(d);
            return NULL;
        }
        d->blocks = grown;
        d->cap = cap;
    }
    ot_block *b = &d->blocks[d->count++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

static const ot_run *copy_runs(ot_doc *d, const ot_run *runs, size_t n)
{
    if (!n) return NULL;
    ot_run *out = ot_arena_alloc(&d->arena, n * sizeof *out);
    if (!out) {
        doc_fail(d);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = runs[i];
        out[i].text = doc_strdup(d, runs[i].text);
    }
    return out;
}

static const char *const *copy_strings(ot_doc *d, const char *const *s, size_t n)
{
    if (!n) return NULL;
    const char **out = ot_arena_alloc(&d->arena, n * sizeof *out);
    if (!out) {
        doc_fail(d);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = doc_strdup(d, s ? s[i] : "");
    return out;
}

ot_code ot_doc_new(const char *title, ot_doc **out, ot_error *err)
{
    ot_doc *d = calloc(1, sizeof *d);
    if (!d) return ot_fail(err, OT_E_NOMEM, "out of memory starting a report document");
    ot_arena_init(&d->arena, 0);
    d->title = doc_strdup(d, title);
    if (d->failed) {
        ot_doc_free(d);
        return ot_fail(err, OT_E_NOMEM, "out of memory starting a report document");
    }
    *out = d;
    return OT_OK;
}

const char *ot_doc_title(const ot_doc *d)
{
    return d->title;
}

void ot_doc_heading(ot_doc *d, int level, const char *text)
{
    ot_block *b = new_block(d, OT_BLOCK_HEADING);
    if (!b) return;
    ot_run run = {.text = text};
    b->level = level < 1 ? 1 : level > 3 ? 3 : level;
    b->runs = copy_runs(d, &run, 1);
    b->run_count = b->runs ? 1 : 0;
}

void ot_doc_paragraph(ot_doc *d, const char *text)
{
    ot_run run = {.text = text};
    ot_doc_paragraph_runs(d, &run, 1);
}

void ot_doc_paragraph_runs(ot_doc *d, const ot_run *runs, size_t n)
{
    ot_block *b = new_block(d, OT_BLOCK_PARAGRAPH);
    if (!b) return;
    b->runs = copy_runs(d, runs, n);
    b->run_count = b->runs ? n : 0;
}

void ot_doc_list(ot_doc *d, bool ordered, const char *const *items, size_t n)
{
    ot_block *b = new_block(d, OT_BLOCK_LIST);
    if (!b || !n) return;
    ot_run *runs = ot_arena_alloc(&d->arena, n * sizeof *runs);
    if (!runs) {
        doc_fail(d);
        return;
    }
    for (size_t i = 0; i < n; i++)
        runs[i] = (ot_run){.text = doc_strdup(d, items[i])};
    b->level = ordered ? 1 : 0;
    b->runs = runs;
    b->run_count = n;
}

size_t ot_doc_table_begin(ot_doc *d, const char *caption, const char *const *header,
                          const ot_align *align, size_t columns)
{
    ot_block *b = new_block(d, OT_BLOCK_TABLE);
    if (!b) return 0;
    b->caption = caption ? doc_strdup(d, caption) : NULL;
    b->column_count = columns;
    b->header = copy_strings(d, header, columns);
    ot_align *al = columns ? ot_arena_alloc(&d->arena, columns * sizeof *al) : NULL;
    if (columns && !al) {
        doc_fail(d);
        return 0;
    }
    for (size_t i = 0; i < columns; i++)
        al[i] = align ? align[i] : OT_ALIGN_LEFT;
    b->align = al;
    d->table_open = true;
    return d->count - 1;
}

void ot_doc_table_row(ot_doc *d, const char *const *cells)
{
    if (d->failed || !d->table_open) return;
    size_t columns = d->blocks[d->count - 1].column_count;
    if (d->cell_count + columns > d->cell_cap) {
        size_t cap = d->cell_cap ? d->cell_cap * 2 : 256;
        while (cap < d->cell_count + columns)
            cap *= 2;
        const char **grown = realloc(d->cells, cap * sizeof *grown);
        if (!grown) {
            doc_fail(d);
            return;
        }
        d->cells = grown;
        d->cell_cap = cap;
    }
    for (size_t i = 0; i < columns; i++)
        d->cells[d->cell_count++] = doc_strdup(d, cells[i]);
}

static const ot_chart_series *copy_series(ot_doc *d, const ot_chart_series *series, size_t count,
                                          size_t categories)
{
    if (!count) return NULL;
    ot_chart_series *out = ot_arena_alloc(&d->arena, count * sizeof *out);
    if (!out) {
        doc_fail(d);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        double *values = categories ? ot_arena_alloc(&d->arena, categories * sizeof *values) : NULL;
        if (categories && !values) {
            doc_fail(d);
            return NULL;
        }
        if (categories) memcpy(values, series[i].values, categories * sizeof *values);
        out[i] = (ot_chart_series){.name = doc_strdup(d, series[i].name), .values = values};
    }
    return out;
}

void ot_doc_chart(ot_doc *d, ot_chart_kind kind, const char *title, const char *unit,
                  const char *const *categories, size_t category_count,
                  const ot_chart_series *series, size_t series_count)
{
    ot_block *b = new_block(d, OT_BLOCK_CHART);
    if (!b) return;
    b->chart = kind;
    b->caption = doc_strdup(d, title);
    b->unit = doc_strdup(d, unit);
    b->categories = copy_strings(d, categories, category_count);
    b->category_count = category_count;
    b->series = copy_series(d, series, series_count, category_count);
    b->series_count = series_count;
}

void ot_doc_page_break(ot_doc *d)
{
    new_block(d, OT_BLOCK_PAGE_BREAK);
}

ot_code ot_doc_status(const ot_doc *d, ot_error *err)
{
    if (d->failed) return ot_fail(err, d->failed, "out of memory building the report document");
    return OT_OK;
}

size_t ot_doc_block_count(const ot_doc *d)
{
    close_table((ot_doc *)d); /* a table still open is complete once read */
    return d->count;
}

const ot_block *ot_doc_block_at(const ot_doc *d, size_t i)
{
    close_table((ot_doc *)d);
    return i < d->count ? &d->blocks[i] : NULL;
}

void ot_doc_free(ot_doc *d)
{
    if (!d) return;
    free(d->blocks);
    free(d->cells);
    ot_arena_free(&d->arena);
    free(d);
}
