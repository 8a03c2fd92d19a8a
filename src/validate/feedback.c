/* feedback.c - the letter a compliance team sends a supplier whose template needs
 * corrections: plain, polite, one numbered item per problem with the place (sheet and
 * cell) and how to fix it. Text and HTML flavours from the same findings. */
#include "validate/validate.h"

#include <string.h>

static const char *or_default(const char *s, const char *def)
{
    return s && *s ? s : def;
}

static void where_text(const ot_finding *f, ot_strbuf *out)
{
    if (f->sheet[0] && f->cell[0])
        ot_sb_printf(out, "sheet \"%s\", cell %s", f->sheet, f->cell);
    else if (f->sheet[0])
        ot_sb_printf(out, "sheet \"%s\"", f->sheet);
    else
        ot_sb_puts(out, "the workbook");
}

static size_t count_sev(const ot_findings *f, ot_severity s)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++) n += f->items[i].severity == s;
    return n;
}

void ot_feedback_text(const ot_feedback_info *info, const ot_findings *f, ot_strbuf *out)
{
    const char *company = or_default(info->company, "your company");
    ot_sb_printf(out, "Subject: Corrections needed: %s (%s)\n\n",
                 or_default(info->template_name, "reporting template"),
                 or_default(info->file_name, "your submission"));
    ot_sb_printf(out, "Dear %s,\n\n", or_default(info->contact, "Sir or Madam"));
    ot_sb_printf(out,
                 "Thank you for sending the %s for %s (file \"%s\"). We have reviewed it and "
                 "need a few corrections before we can accept it.\n\n",
                 or_default(info->template_name, "reporting template"), company,
                 or_default(info->file_name, "-"));
    size_t errors = count_sev(f, OT_SEV_ERROR), warnings = count_sev(f, OT_SEV_WARNING);
    if (errors) {
        ot_sb_puts(out, "Please correct the following:\n\n");
        size_t n = 0;
        for (size_t i = 0; i < f->count; i++) {
            const ot_finding *x = &f->items[i];
            if (x->severity != OT_SEV_ERROR) continue;
            ot_sb_printf(out, "%zu. In ", ++n);
            where_text(x, out);
            ot_sb_printf(out, ": %s\n   How to fix: %s\n\n", x->message, x->fix);
        }
    }
    if (warnings) {
        ot_sb_puts(out, "Please also check these points (they do not block acceptance):\n\n");
        size_t n = 0;
        for (size_t i = 0; i < f->count; i++) {
            const ot_finding *x = &f->items[i];
            if (x->severity != OT_SEV_WARNING) continue;
            ot_sb_printf(out, "%zu. In ", ++n);
            where_text(x, out);
            ot_sb_printf(out, ": %s\n   Suggestion: %s\n\n", x->message, x->fix);
        }
    }
    if (f->dropped)
        ot_sb_printf(out, "(%zu further items are not listed; they are of the same kinds.)\n\n",
                     f->dropped);
    ot_sb_puts(out, "Please make the changes in the same workbook and send it back to us. If "
                    "anything is unclear, just reply to this message and we will be glad to "
                    "help.\n\nKind regards,\nSupplier Compliance Team\n");
}

static void html_escape(ot_strbuf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': ot_sb_puts(out, "&amp;"); break;
        case '<': ot_sb_puts(out, "&lt;"); break;
        case '>': ot_sb_puts(out, "&gt;"); break;
        case '"': ot_sb_puts(out, "&quot;"); break;
        case '\'': ot_sb_puts(out, "&#39;"); break;
        default: ot_sb_putc(out, *s);
        }
    }
}

static void html_items(const ot_findings *f, ot_severity sev, const char *fix_label,
                       ot_strbuf *out)
{
    ot_sb_puts(out, "<ol>\n");
    for (size_t i = 0; i < f->count; i++) {
        const ot_finding *x = &f->items[i];
        if (x->severity != sev) continue;
        ot_sb_puts(out, "<li><p><strong>");
        ot_strbuf where = {0};
        where_text(x, &where);
        html_escape(out, ot_sb_str(&where));
        ot_sb_free(&where);
        ot_sb_puts(out, ":</strong> ");
        html_escape(out, x->message);
        ot_sb_printf(out, "<br>%s: ", fix_label);
        html_escape(out, x->fix);
        ot_sb_puts(out, "</p></li>\n");
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
        ot_sb_printf(out, "<p>(%zu further items are not listed; they are of the same "
                          "kinds.)</p>\n",
                     f->dropped);
    ot_sb_puts(out, "<p>Please make the changes in the same workbook and send it back to us. "
                    "If anything is unclear, just reply to this message and we will be glad "
                    "to help.</p>\n<p>Kind regards,<br>Supplier Compliance Team</p>\n</body>\n"
                    "</html>\n");
}
