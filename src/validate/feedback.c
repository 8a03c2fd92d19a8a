/* feedback.c - the letter a compliance team sends a supplier whose template needs
 * corrections: plain, polite, one numbered item per problem with the place (sheet and
 * cell) and how to fix it. Text and HTML flavours from the same findings.
 *
 * Names and values come from the supplier's file (its name, company, sheet names, cell
 * text): their control characters are escaped (util/printable.h), so a line break in a
 * file name cannot end the Subject: line early or start a forged one. */
#include "validate/validate.h"

#include <string.h>

#include "util/printable.h"

static const char *or_default(const char *s, const char *def)
{
    return s && *s ? s : def;
}

static void where_text(const ot_finding *f, ot_strbuf *out)
{
    ot_shown sh = {0};
    if (f->sheet[0] && f->cell[0])
        ot_sb_printf(out, "sheet \"%s\", cell %s", ot_show(&sh, f->sheet), ot_show(&sh, f->cell));
    else if (f->sheet[0])
        ot_sb_printf(out, "sheet \"%s\"", ot_show(&sh, f->sheet));
    else
        ot_sb_puts(out, "the workbook");
    ot_shown_free(&sh);
}

/* Findings i.. that read the same (code, sheet, message, fix) and so make one item of
 * the letter, listing their cells: returns how many. */
static size_t same_run(const ot_findings *f, size_t i)
{
    const ot_finding *a = &f->items[i];
    size_t n = 1;
    while (i + n < f->count) {
        const ot_finding *b = &f->items[i + n];
        if (b->severity != a->severity || strcmp(b->code, a->code) != 0 ||
            strcmp(b->sheet, a->sheet) != 0 || strcmp(b->message, a->message) != 0 ||
            strcmp(b->fix, a->fix) != 0 || !b->cell[0])
            break;
        n++;
    }
    return n;
}

/* "sheet "X", cells D33, D39 and D45" for a run of findings. */
static void where_run(const ot_findings *f, size_t i, size_t n, ot_strbuf *out)
{
    if (n == 1) {
        where_text(&f->items[i], out);
        return;
    }
    ot_sb_puts(out, "sheet \"");
    ot_sb_put_printable(out, f->items[i].sheet);
    ot_sb_puts(out, "\", cells ");
    for (size_t k = 0; k < n; k++) {
        ot_sb_puts(out, k == 0 ? "" : k + 1 == n ? " and " : ", ");
        ot_sb_put_printable(out, f->items[i + k].cell);
    }
}

static size_t count_sev(const ot_findings *f, ot_severity s)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++)
        n += f->items[i].severity == s;
    return n;
}

static void text_items(const ot_findings *f, ot_severity sev, const char *fix_label, ot_strbuf *out)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count;) {
        if (f->items[i].severity != sev) {
            i++;
            continue;
        }
        size_t run = same_run(f, i);
        ot_sb_printf(out, "%zu. In ", ++n);
        where_run(f, i, run, out);
        ot_shown sh = {0};
        ot_sb_printf(out, ": %s\n   %s: %s\n\n", ot_show(&sh, f->items[i].message), fix_label,
                     ot_show(&sh, f->items[i].fix));
        ot_shown_free(&sh);
        i += run;
    }
}

void ot_feedback_text(const ot_feedback_info *info, const ot_findings *f, ot_strbuf *out)
{
    ot_shown sh = {0};
    const char *company = ot_show(&sh, or_default(info->company, "your company"));
    const char *tmpl = ot_show(&sh, or_default(info->template_name, "reporting template"));
    ot_sb_printf(out, "Subject: Corrections needed: %s (%s)\n\n", tmpl,
                 ot_show(&sh, or_default(info->file_name, "your submission")));
    ot_sb_printf(out, "Dear %s,\n\n", ot_show(&sh, or_default(info->contact, "Sir or Madam")));
    ot_sb_printf(out,
                 "Thank you for sending the %s for %s (file \"%s\"). We have reviewed it and "
                 "need a few corrections before we can accept it.\n\n",
                 tmpl, company, ot_show(&sh, or_default(info->file_name, "-")));
    ot_shown_free(&sh);
    size_t errors = count_sev(f, OT_SEV_ERROR), warnings = count_sev(f, OT_SEV_WARNING);
    if (errors) {
        ot_sb_puts(out, "Please correct the following:\n\n");
        text_items(f, OT_SEV_ERROR, "How to fix", out);
    }
    if (warnings) {
        ot_sb_puts(out, "Please also check these points (they do not block acceptance):\n\n");
        text_items(f, OT_SEV_WARNING, "Suggestion", out);
    }
    if (f->dropped)
        ot_sb_printf(out, "(%zu further items are not listed; they are of the same kinds.)\n\n",
                     f->dropped);
    ot_sb_puts(out, "Please make the changes in the same workbook and send it back to us. If "
                    "anything is unclear, just reply to this message and we will be glad to "
                    "help.\n\nKind regards,\nSupplier Compliance Team\n");
}

/* HTML text, with control characters escaped first as in the text letter. */
static void html_escape(ot_strbuf *out, const char *text)
{
    ot_shown sh = {0};
    for (const char *s = ot_show(&sh, text); *s; s++) {
        switch (*s) {
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
        case '\'':
            ot_sb_puts(out, "&#39;");
            break;
        default:
            ot_sb_putc(out, *s);
        }
    }
    ot_shown_free(&sh);
}

static void html_items(const ot_findings *f, ot_severity sev, const char *fix_label, ot_strbuf *out)
{
    ot_sb_puts(out, "<ol>\n");
    for (size_t i = 0; i < f->count;) {
        const ot_finding *x = &f->items[i];
        if (x->severity != sev) {
            i++;
            continue;
        }
        size_t run = same_run(f, i);
        ot_sb_puts(out, "<li><p><strong>In ");
        ot_strbuf where = {0};
        where_run(f, i, run, &where);
        html_escape(out, ot_sb_str(&where));
        ot_sb_free(&where);
        ot_sb_puts(out, ":</strong> ");
        html_escape(out, x->message);
        ot_sb_printf(out, "<br>%s: ", fix_label);
        html_escape(out, x->fix);
        ot_sb_puts(out, "</p></li>\n");
        i += run;
    }
    ot_sb_puts(out, "</ol>\n");
}

void ot_feedback_html(const ot_feedback_info *info, const ot_findings *f, ot_strbuf *out)
{
    const char *tmpl = or_default(info->template_name, "reporting template");
    ot_sb_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<title>Corrections needed: ");
    html_escape(out, tmpl);
    ot_sb_puts(out, "</title>\n<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;"
                    "line-height:1.5}li{margin-bottom:.6em}</style>\n</head>\n<body>\n<p>Dear ");
    html_escape(out, or_default(info->contact, "Sir or Madam"));
    ot_sb_puts(out, ",</p>\n<p>Thank you for sending the ");
    html_escape(out, tmpl);
    ot_sb_puts(out, " for ");
    html_escape(out, or_default(info->company, "your company"));
    ot_sb_puts(out, " (file &ldquo;");
    html_escape(out, or_default(info->file_name, "-"));
    ot_sb_puts(out, "&rdquo;). We have reviewed it and need a few corrections before we can "
                    "accept it.</p>\n");
    if (count_sev(f, OT_SEV_ERROR)) {
        ot_sb_puts(out, "<h2>Please correct the following</h2>\n");
        html_items(f, OT_SEV_ERROR, "How to fix", out);
    }
    if (count_sev(f, OT_SEV_WARNING)) {
        ot_sb_puts(out, "<h2>Please also check these points</h2>\n<p>They do not block "
                        "acceptance.</p>\n");
        html_items(f, OT_SEV_WARNING, "Suggestion", out);
    }
    if (f->dropped)
        ot_sb_printf(out,
                     "<p>(%zu further items are not listed; they are of the same "
                     "kinds.)</p>\n",
                     f->dropped);
    ot_sb_puts(out, "<p>Please make the changes in the same workbook and send it back to us. "
                    "If anything is unclear, just reply to this message and we will be glad "
                    "to help.</p>\n<p>Kind regards,<br>Supplier Compliance Team</p>\n</body>\n"
                    "</html>\n");
}
