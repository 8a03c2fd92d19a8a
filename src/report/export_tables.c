/* export_tables.c - the one table of export tables and their columns (export.h), the
 * export book holding their rows, and docs/exports.md's tables generated from them. */
#include <stdlib.h>
#include <string.h>

#include "report/export.h"
#include "util/arena.h"
#include "util/csvsafe.h"

#define COLS(a) (sizeof(a) / sizeof((a)[0])), (a)

static const ot_export_column smelter_cols[] = {
    {"Metal", OT_XCOL_TEXT, "the reference list's metal (Gold, Tantalum, Tin, Tungsten, ...)"},
    {"Smelter ID", OT_XCOL_TEXT, "RMI smelter ID every supplier row was consolidated by"},
    {"Standard name", OT_XCOL_TEXT, "the reference list's name of the smelter"},
    {"Country", OT_XCOL_TEXT, "the smelter's location as the reference list spells it"},
    {"Country code", OT_XCOL_TEXT, "ISO 3166 alpha-2 code of that location, blank if unknown"},
    {"RMAP status", OT_XCOL_TEXT, "RMAP status on record at the evaluation date, or Unknown"},
    {"Status date", OT_XCOL_DATE, "date of that status, blank when none is on record"},
    {"Risk level", OT_XCOL_TEXT, "low, medium or high (docs/risk.md)"},
    {"Red flags", OT_XCOL_TEXT, "codes of the red flags raised, separated by \"; \""},
    {"Suppliers", OT_XCOL_INT, "how many suppliers' current submissions name the smelter"},
    {"Supplier IDs", OT_XCOL_TEXT, "those suppliers, separated by \"; \""},
    {"Origin countries reported", OT_XCOL_TEXT,
     "ISO codes of the countries of origin suppliers reported for it (never its location)"},
};

static const ot_export_column supplier_cols[] = {
    {"Supplier ID", OT_XCOL_TEXT, "the supplier's ID in the workspace"},
    {"Name", OT_XCOL_TEXT, "the supplier's name"},
    {"Category", OT_XCOL_TEXT, "the supplier's category"},
    {"Request status", OT_XCOL_TEXT, "where the campaign's request stands (docs/campaign.md)"},
    {"Submission ID", OT_XCOL_INT, "the current submission rolled up, blank when none"},
    {"Received", OT_XCOL_DATE, "when that submission was received"},
    {"Outcome", OT_XCOL_TEXT, "valid, invalid, unreadable or none"},
    {"Template", OT_XCOL_TEXT, "template family and version of the submission"},
    {"Program strength", OT_XCOL_TEXT, "strong, weak or unknown (docs/risk.md)"},
    {"Program reason", OT_XCOL_TEXT, "why the program was judged so"},
    {"Scope", OT_XCOL_TEXT, "declaration scope: company, product, user-defined or unknown"},
    {"Completeness", OT_XCOL_TEXT, "whether the declaration says its smelter list is complete"},
    {"Smelter rows", OT_XCOL_INT, "rows on its Smelter List"},
    {"Red-flag smelters", OT_XCOL_INT, "smelters it names whose risk is medium or high"},
    {"Errors", OT_XCOL_INT, "validation errors of the submission"},
    {"Warnings", OT_XCOL_INT, "validation warnings of the submission"},
};

static const ot_export_column finding_cols[] = {
    {"Supplier ID", OT_XCOL_TEXT, "the supplier whose current submission it concerns"},
    {"Submission ID", OT_XCOL_INT, "that submission"},
    {"Received", OT_XCOL_DATE, "when that submission was received"},
    {"Severity", OT_XCOL_TEXT, "error or warning"},
    {"Code", OT_XCOL_TEXT, "the rule's stable code (docs/findings.md)"},
    {"Sheet", OT_XCOL_TEXT, "the template sheet, blank when not about one cell"},
    {"Cell", OT_XCOL_TEXT, "A1 reference of the cell"},
    {"Field", OT_XCOL_TEXT, "the field that cell holds"},
    {"Metal", OT_XCOL_TEXT, "the metal it concerns, blank when none"},
    {"Message", OT_XCOL_TEXT, "what is wrong, as the supplier's correction letter says it"},
    {"Fix", OT_XCOL_TEXT, "how to correct it"},
};

static const ot_export_column action_cols[] = {
    {"Action ID", OT_XCOL_INT, "the action's number (oretrace actions list)"},
    {"Supplier ID", OT_XCOL_TEXT, "the supplier it is asked of, blank for the company's own"},
    {"Supplier name", OT_XCOL_TEXT, "that supplier's name"},
    {"Smelter ID", OT_XCOL_TEXT, "the smelter it concerns, blank when none"},
    {"Answers", OT_XCOL_TEXT, "the red-flag or gap codes it answers, blank when written by hand"},
    {"Kind", OT_XCOL_TEXT, "the action kind (ACT-..., docs/risk.md)"},
    {"Action", OT_XCOL_TEXT, "what is asked or done"},
    {"Owner", OT_XCOL_TEXT, "who follows it"},
    {"Due", OT_XCOL_DATE, "when it is due"},
    {"Status", OT_XCOL_TEXT, "open or closed"},
    {"Opened", OT_XCOL_DATE, "when it was opened"},
    {"Opened by", OT_XCOL_TEXT, "who opened it"},
    {"Closed", OT_XCOL_DATE, "when it was last closed, blank while open"},
    {"Close note", OT_XCOL_TEXT, "the note of that closing"},
    {"Reopened", OT_XCOL_INT, "how many times it was reopened"},
};

static const ot_export_column unresolved_cols[] = {
    {"Metal", OT_XCOL_TEXT, "metal as the supplier reported it"},
    {"Name", OT_XCOL_TEXT, "smelter name as typed (or the look-up choice)"},
    {"Country", OT_XCOL_TEXT, "smelter country as reported"},
    {"Smelter ID reported", OT_XCOL_TEXT, "a smelter ID the supplier typed that matches none"},
    {"Supplier ID", OT_XCOL_TEXT, "who reported it"},
    {"Submission ID", OT_XCOL_INT, "in which submission"},
    {"Row", OT_XCOL_INT, "row of the Smelter List sheet"},
    {"Reason", OT_XCOL_TEXT, "why it resolved to no smelter"},
};

static const ot_export_table tables[OT_EXPORT__COUNT] = {
    [OT_EXPORT_SMELTERS] = {"smelters", "Smelters",
                            "The consolidated smelter list: one row per smelter ID named by a "
                            "current submission, in the appendix order (metal, name, ID).",
                            COLS(smelter_cols)},
    [OT_EXPORT_SUPPLIERS] = {"suppliers", "Suppliers",
                             "Every in-scope supplier of the campaign with its current "
                             "submission and program strength, by supplier ID.",
                             COLS(supplier_cols)},
    [OT_EXPORT_FINDINGS] = {"findings", "Findings",
                            "Validation findings of the current submissions, by supplier.",
                            COLS(finding_cols)},
    [OT_EXPORT_ACTIONS] = {"actions", "Corrective actions",
                           "The campaign's corrective actions (OECD step 3), open and closed, "
                           "by number.",
                           COLS(action_cols)},
    [OT_EXPORT_UNRESOLVED] = {"unresolved", "Unresolved names",
                              "Smelter List rows whose name or ID resolved to no RMI smelter, "
                              "by metal, name and supplier.",
                              COLS(unresolved_cols)},
};

const ot_export_table *ot_export_table_get(ot_export_table_id id)
{
    return id < OT_EXPORT__COUNT ? &tables[id] : NULL;
}

/* ---- the book ---- */

typedef struct book_table {
    const char **cells;
    size_t count, cap; /* cells */
} book_table;

struct ot_export_book {
    ot_arena arena;
    const char *title;
    book_table t[OT_EXPORT__COUNT];
    bool failed;
};

ot_code ot_export_book_new(const char *title, ot_export_book **out, ot_error *err)
{
    ot_export_book *b = calloc(1, sizeof *b);
    if (!b) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_arena_init(&b->arena, 0);
    b->title = ot_arena_strdup(&b->arena, title ? title : "");
    if (!b->title) {
        ot_export_book_free(b);
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    *out = b;
    return OT_OK;
}

void ot_export_book_row(ot_export_book *b, ot_export_table_id id, const char *const *cells)
{
    if (b->failed || id >= OT_EXPORT__COUNT) return;
    book_table *t = &b->t[id];
    size_t n = tables[id].column_count;
    if (t->count + n > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64 * n;
        const char **grown = realloc(t->cells, cap * sizeof *grown);
        if (!grown) {
            b->failed = true;
            return;
        }
        t->cells = grown, t->cap = cap;
    }
    for (size_t c = 0; c < n; c++) {
        const char *s = cells && cells[c] ? cells[c] : "";
        const char *copy = *s ? ot_arena_strdup(&b->arena, s) : "";
        if (!copy) {
            b->failed = true;
            return;
        }
        t->cells[t->count + c] = copy;
    }
    t->count += n;
}

ot_code ot_export_book_status(const ot_export_book *b, ot_error *err)
{
    return b->failed ? ot_fail(err, OT_E_NOMEM, "out of memory gathering the export") : OT_OK;
}

const char *ot_export_book_title(const ot_export_book *b)
{
    return b->title;
}

size_t ot_export_book_rows(const ot_export_book *b, ot_export_table_id id)
{
    return id < OT_EXPORT__COUNT ? b->t[id].count / tables[id].column_count : 0;
}

const char *ot_export_book_cell(const ot_export_book *b, ot_export_table_id id, size_t row,
                                size_t col)
{
    if (row >= ot_export_book_rows(b, id) || col >= tables[id].column_count) return "";
    return b->t[id].cells[row * tables[id].column_count + col];
}

void ot_export_book_free(ot_export_book *b)
{
    if (!b) return;
    for (int i = 0; i < OT_EXPORT__COUNT; i++)
        free(b->t[i].cells);
    ot_arena_free(&b->arena);
    free(b);
}

char *ot_export_text(const char *s)
{
    return ot_text_defuse(s);
}

/* ---- docs/exports.md ---- */

static const char *type_word(ot_xcol_type t)
{
    return t == OT_XCOL_INT ? "number" : t == OT_XCOL_DATE ? "date" : "text";
}

void ot_export_markdown(ot_strbuf *out)
{
    for (int i = 0; i < OT_EXPORT__COUNT; i++) {
        const ot_export_table *t = &tables[i];
        ot_sb_printf(out, "### %s.csv - sheet \"%s\"\n\n%s\n\n", t->name, t->sheet, t->description);
        ot_sb_puts(out, "| Column | Type | Meaning |\n| --- | --- | --- |\n");
        for (size_t c = 0; c < t->column_count; c++)
            ot_sb_printf(out, "| %s | %s | %s |\n", t->columns[c].name,
                         type_word(t->columns[c].type), t->columns[c].meaning);
        if (i + 1 < OT_EXPORT__COUNT) ot_sb_putc(out, '\n');
    }
}
