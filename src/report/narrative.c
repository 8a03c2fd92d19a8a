/* narrative.c - reading the narrative text files (narrative.h): placeholders replaced by
 * the figures as the report prints them, paragraphs and bulleted lists appended to the
 * document; writing the starting texts into a workspace. */
#include "report/narrative.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/strbuf.h"

#define MAX_TEXT_BYTES (1u << 20)

static char *text_path(const char *dir, const char *file)
{
    ot_strbuf sb = {0};
    ot_sb_printf(&sb, "%s/%s%s%s", dir, OT_NARRATIVE_DIR, file ? "/" : "", file ? file : "");
    return sb.failed ? (ot_sb_free(&sb), NULL) : sb.data;
}

ot_code ot_narrative_init(const char *workspace_dir, size_t *written, ot_error *err)
{
    if (written) *written = 0;
    char *folder = text_path(workspace_dir, NULL);
    if (!folder) return ot_fail(err, OT_E_NOMEM, "out of memory");
    if (mkdir(folder, 0755) != 0 && errno != EEXIST) {
        ot_code c = ot_fail(err, ot_error_code_for_write(errno), "cannot create %s: %s", folder,
                            strerror(errno));
        free(folder);
        return c;
    }
    free(folder);
    for (size_t i = 0; i < OT_TEXT__COUNT; i++) {
        char *path = text_path(workspace_dir, ot_narrative_def_at((ot_text_id)i)->file);
        if (!path) return ot_fail(err, OT_E_NOMEM, "out of memory");
        ot_code c = OT_OK;
        if (access(path, F_OK) != 0) {
            const char *t = ot_narrative_def_at((ot_text_id)i)->text;
            c = ot_write_file_atomic(path, t, strlen(t), err);
            if (c == OT_OK && written) (*written)++;
        }
        free(path);
        if (c != OT_OK) return c;
    }
    return OT_OK;
}

/* The first "cc" (two of c) in s[0..len), NULL when none. */
static const char *find_pair(const char *s, size_t len, char c)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == c && s[i + 1] == c) return s + i;
    return NULL;
}

/* Appends line (len bytes) to out with its placeholders replaced. */
static ot_code expand_line(const char *line, size_t len, const char *source, size_t line_no,
                           const ot_cmr_figures *f, ot_strbuf *out, ot_error *err)
{
    size_t i = 0;
    while (i < len) {
        const char *open = find_pair(line + i, len - i, '{');
        if (!open) {
            ot_sb_append(out, line + i, len - i);
            break;
        }
        ot_sb_append(out, line + i, (size_t)(open - (line + i)));
        size_t start = (size_t)(open - line) + 2;
        const char *close = find_pair(line + start, len - start, '}');
        if (!close)
            return ot_fail(err, OT_E_INVALID, "%s:%zu: placeholder opened with {{ is not closed",
                           source, line_no);
        size_t n = (size_t)(close - (line + start));
        const ot_figure_def *d = ot_figure_def_find(line + start, n);
        if (!d)
            return ot_fail(err, OT_E_INVALID,
                           "%s:%zu: unknown placeholder {{%.*s}} (the placeholders are the "
                           "figures listed in docs/report.md)",
                           source, line_no, (int)(n > 60 ? 60 : n), line + start);
        if (f) ot_cmr_figure_format(f, d->id, out);
        i = start + n + 2;
    }
    return OT_OK;
}

/* What is being gathered: a paragraph or a list's items. */
typedef struct gather {
    ot_strbuf para;
    char **items;
    size_t item_count;
} gather;

static void flush(ot_doc *doc, gather *g)
{
    if (g->para.len) ot_doc_paragraph(doc, ot_sb_str(&g->para));
    ot_sb_reset(&g->para);
    if (g->item_count) ot_doc_list(doc, false, (const char *const *)g->items, g->item_count);
    for (size_t i = 0; i < g->item_count; i++)
        free(g->items[i]);
    g->item_count = 0;
}

static bool start_item(gather *g)
{
    char **grown = realloc(g->items, (g->item_count + 1) * sizeof *grown);
    if (!grown) return false;
    g->items = grown;
    g->items[g->item_count] = calloc(1, 1);
    return g->items[g->item_count++] != NULL;
}

/* Adds expanded text to the current paragraph or item, joining lines with a space. */
static bool add_to_item(gather *g, const ot_strbuf *text)
{
    char *cur = g->items[g->item_count - 1];
    size_t n = strlen(cur), m = text->len;
    char *grown = realloc(cur, n + m + 2);
    if (!grown) return false;
    if (n && m) grown[n++] = ' ';
    memcpy(grown + n, text->data ? text->data : "", m);
    grown[n + m] = '\0';
    g->items[g->item_count - 1] = grown;
    return true;
}

static ot_code render_line(ot_doc *doc, gather *g, const char *line, size_t len, const char *source,
                           size_t no, const ot_cmr_figures *f, ot_error *err)
{
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    size_t lead = 0;
    while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
        lead++;
    if (lead == len) {
        flush(doc, g);
        return OT_OK;
    }
    bool item = len - lead >= 2 && line[lead] == '-' && line[lead + 1] == ' ';
    if (item) lead += 2;
    ot_strbuf text = {0};
    ot_code c = expand_line(line + lead, len - lead, source, no, f, &text, err);
    if (c == OT_OK) {
        bool ok = true;
        if (item) {
            if (g->para.len) flush(doc, g);
            ok = start_item(g);
        }
        if (ok && g->item_count)
            ok = add_to_item(g, &text);
        else if (ok) {
            if (g->para.len && text.len) ot_sb_putc(&g->para, ' ');
            ot_sb_append(&g->para, text.data ? text.data : "", text.len);
        }
        if (!ok || text.failed || g->para.failed) c = ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    ot_sb_free(&text);
    return c;
}

ot_code ot_narrative_render(ot_doc *doc, const char *text, const char *source,
                            const ot_cmr_figures *f, ot_error *err)
{
    gather g = {0};
    ot_code c = OT_OK;
    size_t no = 0;
    for (const char *p = text; c == OT_OK && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        no++;
        if (*p != '#') c = render_line(doc, &g, p, len, source, no, f, err);
        p += len + (nl ? 1 : 0);
    }
    if (c == OT_OK) flush(doc, &g);
    for (size_t i = 0; i < g.item_count; i++)
        free(g.items[i]);
    free(g.items);
    ot_sb_free(&g.para);
    return c;
}

ot_code ot_narrative_add(ot_doc *doc, const char *workspace_dir, ot_text_id id,
                         const ot_cmr_figures *f, ot_error *err)
{
    const ot_narrative_def *d = ot_narrative_def_at(id);
    char *path = text_path(workspace_dir, d->file);
    if (!path) return ot_fail(err, OT_E_NOMEM, "out of memory");
    unsigned char *data = NULL;
    size_t len = 0;
    ot_code c = ot_read_file(path, MAX_TEXT_BYTES, &data, &len, err);
    bool missing = c != OT_OK && access(path, F_OK) != 0;
    free(path);
    if (missing)
        c = ot_fail(err, OT_E_NOT_FOUND,
                    "%s/%s is missing: the report's texts have not been written into this "
                    "workspace (initialising it again writes the missing ones)",
                    OT_NARRATIVE_DIR, d->file);
    if (c == OT_OK && memchr(data, 0, len))
        c = ot_fail(err, OT_E_INVALID, "%s/%s is not a text file", OT_NARRATIVE_DIR, d->file);
    if (c == OT_OK) {
        char source[96];
        snprintf(source, sizeof source, "%s/%s", OT_NARRATIVE_DIR, d->file);
        c = ot_narrative_render(doc, (const char *)data, source, f, err);
    }
    free(data);
    return c;
}
