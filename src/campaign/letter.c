/* letter.c - request / reminder / escalation templates and their rendering. */
#include "letter.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/fileio.h"

const char *const ot_letter_placeholders[][2] = {
    {"company_name", "your company (config company_name)"},
    {"sender_name", "who signs (config contact_name, else company_name)"},
    {"sender_email", "reply address (config smtp_from, else contact_email)"},
    {"supplier_name", "the supplier's name from the vendor list"},
    {"supplier_id", "the supplier's id from the vendor list"},
    {"contact_name", "the supplier contact's name (or \"Sir or Madam\")"},
    {"campaign", "the campaign, e.g. 2025"},
    {"reporting_year", "the calendar year reported on"},
    {"period_start", "first day of the reporting period"},
    {"period_end", "last day of the reporting period"},
    {"template", "the template asked for, e.g. CMRT 6.5"},
    {"request_date", "the date of the first request"},
    {"due_date", "when the completed template is due"},
    {"token", "the supplier's upload token (OT-...)"},
    {"upload_link", "portal link with the token, or how to return the file"},
    {"reminder_number", "1, 2, 3... in reminders"},
    {"escalation_level", "1, 2... in escalation notices"},
    {"escalation_contact", "who is copied on this escalation step"},
    {"policy_url", "your sourcing policy's address (config policy_url), or empty"},
    {"policy_note", "a line citing policy_url (starting with a line break), or empty"},
    {"file_name", "correction: the name of the file received"},
    {"received_on", "correction: the day it was received"},
    {"findings", "correction: what to correct, one paragraph per finding (cell, message, fix)"},
    {"followup_note",
     "correction: \"Reminder 1: \", \"Escalation 1: \" in its follow-ups, else empty"},
    {"open_actions", "the supplier's open corrective actions with their due dates (starting "
                     "with a blank line), or empty"},
    {NULL, NULL},
};

static const char *const file_names[OT_LETTER__COUNT] = {"request.txt", "reminder.txt",
                                                         "escalation.txt", "correction.txt"};

#define COMMENT_HEADER                                                                             \
    "# oretrace letter template. Lines starting with # at the top are comments.\n"                 \
    "# The first other line is the subject, then a blank line, then the body.\n"                   \
    "# Placeholders: {{company_name}} {{sender_name}} {{sender_email}} {{supplier_name}}\n"        \
    "# {{supplier_id}} {{contact_name}} {{campaign}} {{reporting_year}} {{period_start}}\n"        \
    "# {{period_end}} {{template}} {{request_date}} {{due_date}} {{token}}\n"                      \
    "# {{upload_link}} {{reminder_number}} {{escalation_level}} {{escalation_contact}}\n"          \
    "# {{policy_url}} {{policy_note}} {{open_actions}}; in correction.txt also {{file_name}}\n"    \
    "# {{received_on}} {{findings}} {{followup_note}}\n"

static const char *const default_texts[OT_LETTER__COUNT] = {
    COMMENT_HEADER
    "Subject: Conflict minerals declaration {{reporting_year}} requested by {{company_name}} "
    "({{token}})\n"
    "\n"
    "Dear {{contact_name}},\n"
    "\n"
    "{{company_name}} reports each year on the tin, tantalum, tungsten and gold (3TG)\n"
    "in its products under US SEC Rule 13p-1 (Form SD, section 1502 of the Dodd-Frank\n"
    "Act) and follows the OECD Due Diligence Guidance; our European customers also rely\n"
    "on the EU Conflict Minerals Regulation (EU) 2017/821. As {{supplier_name}} supplies\n"
    "materials or components to us, we ask you to complete the Responsible Minerals\n"
    "Initiative's Conflict Minerals Reporting Template for the reporting period\n"
    "{{period_start}} to {{period_end}} (calendar year {{reporting_year}}).{{policy_note}}\n"
    "\n"
    "What to fill in:\n"
    "  - the {{template}} template, the current version published by the RMI\n"
    "    (responsiblemineralsinitiative.org), in English, kept as an Excel file;\n"
    "  - the Declaration tab: your company details, an authorised signatory, the\n"
    "    declaration scope, and every question for each metal, with the\n"
    "    company-level questions answered as well;\n"
    "  - the Smelter List tab: every smelter or refiner in your supply chain for\n"
    "    each metal you declare, with its RMI smelter ID where you have it;\n"
    "  - the Product List tab if you declare for specific products only.\n"
    "\n"
    "Please return the completed file by {{due_date}}.\n"
    "{{upload_link}}\n"
    "\n"
    "Your reference for this request is {{token}}. Please keep it in the file name\n"
    "or in the subject of your reply so that we can match your answer to this request.\n"
    "\n"
    "If none of the products you supply to us contain tin, tantalum, tungsten or gold,\n"
    "please still return the template with the first questions answered \"No\".\n"
    "\n"
    "Thank you for your cooperation.\n"
    "\n"
    "{{sender_name}}\n"
    "{{company_name}}\n"
    "{{sender_email}}\n",

    COMMENT_HEADER
    "Subject: Reminder {{reminder_number}}: conflict minerals declaration {{reporting_year}} due "
    "{{due_date}} ({{token}})\n"
    "\n"
    "Dear {{contact_name}},\n"
    "\n"
    "On {{request_date}} we asked {{supplier_name}} for a completed {{template}}\n"
    "conflict minerals reporting template covering {{period_start}} to {{period_end}}.\n"
    "We have not received it yet. The file is due by {{due_date}}.\n"
    "{{upload_link}}{{open_actions}}\n"
    "\n"
    "Your reference is {{token}}; please keep it in the file name or subject.\n"
    "If you have already sent the file, please send it once more with that reference.\n"
    "\n"
    "{{sender_name}}\n"
    "{{company_name}}\n"
    "{{sender_email}}\n",

    COMMENT_HEADER
    "Subject: Escalation {{escalation_level}}: outstanding conflict minerals declaration "
    "{{reporting_year}} ({{token}})\n"
    "\n"
    "Dear {{contact_name}},\n"
    "\n"
    "Despite our request of {{request_date}} and our reminders, we have not received\n"
    "the {{template}} conflict minerals reporting template from {{supplier_name}} for\n"
    "{{period_start}} to {{period_end}}. {{company_name}} is required to report on the\n"
    "origin of the 3TG in its products (SEC Rule 13p-1; OECD Due Diligence Guidance),\n"
    "and a missing response is recorded as a supply-chain risk in our due diligence.\n"
    "\n"
    "We therefore escalate this request; {{escalation_contact}} is copied on this\n"
    "notice. Please return the completed template without further delay.\n"
    "{{upload_link}}{{open_actions}}\n"
    "\n"
    "Your reference is {{token}}.\n"
    "\n"
    "{{sender_name}}\n"
    "{{company_name}}\n"
    "{{sender_email}}\n",

    COMMENT_HEADER
    "Subject: {{followup_note}}Correction needed: conflict minerals declaration "
    "{{reporting_year}} ({{token}})\n"
    "\n"
    "Dear {{contact_name}},\n"
    "\n"
    "Thank you for the file {{supplier_name}} sent us ({{file_name}}, received\n"
    "{{received_on}}). We cannot use it yet as your {{template}} declaration for the\n"
    "reporting period {{period_start}} to {{period_end}}. Please correct the following\n"
    "and send the file again:\n"
    "\n"
    "{{findings}}\n"
    "Please return the corrected file by {{due_date}}.\n"
    "{{upload_link}}\n"
    "\n"
    "Your reference is {{token}}; please keep it in the file name or in the subject of\n"
    "your reply so that we can match the corrected file to this request.\n"
    "\n"
    "{{sender_name}}\n"
    "{{company_name}}\n"
    "{{sender_email}}\n",
};

const char *ot_letter_file_name(ot_letter_kind kind)
{
    return (unsigned)kind < OT_LETTER__COUNT ? file_names[kind] : "letter.txt";
}

const char *ot_letter_default_text(ot_letter_kind kind)
{
    return (unsigned)kind < OT_LETTER__COUNT ? default_texts[kind] : "";
}

static bool known_placeholder(const char *name, size_t n)
{
    for (size_t i = 0; ot_letter_placeholders[i][0]; i++)
        if (strlen(ot_letter_placeholders[i][0]) == n &&
            memcmp(ot_letter_placeholders[i][0], name, n) == 0)
            return true;
    return false;
}

static const char *lookup(const ot_letter_var *vars, size_t n_vars, const char *name, size_t n)
{
    for (size_t i = 0; i < n_vars; i++)
        if (strlen(vars[i].name) == n && memcmp(vars[i].name, name, n) == 0)
            return vars[i].value ? vars[i].value : "";
    return "";
}

/* Expands placeholders of text[0..len) into out; line is the template line it starts on. */
static ot_code expand(const char *text, size_t len, size_t line, const char *where,
                      const ot_letter_var *vars, size_t n_vars, ot_strbuf *out, ot_error *err)
{
    size_t i = 0;
    while (i < len) {
        if (text[i] == '\n') line++;
        if (text[i] != '{' || i + 1 >= len || text[i + 1] != '{') {
            ot_sb_putc(out, text[i++]);
            continue;
        }
        size_t start = i + 2, end = start;
        while (end + 1 < len && !(text[end] == '}' && text[end + 1] == '}') && text[end] != '\n')
            end++;
        if (end + 1 >= len || text[end] != '}')
            return ot_fail(err, OT_E_INVALID, "%s line %zu: '{{' without a closing '}}'", where,
                           line);
        size_t a = start, b = end;
        while (a < b && text[a] == ' ')
            a++;
        while (b > a && text[b - 1] == ' ')
            b--;
        if (!known_placeholder(text + a, b - a))
            return ot_fail(err, OT_E_INVALID,
                           "%s line %zu: unknown placeholder {{%.*s}} (see the list at the top "
                           "of the default template)",
                           where, line, (int)(b - a), text + a);
        ot_sb_puts(out, lookup(vars, n_vars, text + a, b - a));
        i = end + 2;
    }
    return OT_OK;
}

ot_code ot_letter_render(const char *tmpl, const char *where, const ot_letter_var *vars,
                         size_t n_vars, ot_strbuf *subject, ot_strbuf *body, ot_error *err)
{
    const char *p = tmpl;
    size_t line = 1;
    while (*p == '#' || *p == '\r' || *p == '\n') { /* comments and blank lines at the top */
        const char *nl = strchr(p, '\n');
        if (!nl) break;
        p = nl + 1;
        line++;
    }
    if (strncmp(p, "Subject:", 8) != 0)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: expected a \"Subject: ...\" line", where,
                       line);
    p += 8;
    while (*p == ' ')
        p++;
    const char *nl = strchr(p, '\n');
    size_t subj_len = nl ? (size_t)(nl - p) : strlen(p);
    if (subj_len && p[subj_len - 1] == '\r') subj_len--;
    ot_code rc = expand(p, subj_len, line, where, vars, n_vars, subject, err);
    if (rc != OT_OK) return rc;
    if (!nl) return OT_OK;
    p = nl + 1;
    line++;
    if (*p == '\r') p++;
    if (*p == '\n') { /* the blank line after the subject */
        p++;
        line++;
    }
    rc = expand(p, strlen(p), line, where, vars, n_vars, body, err);
    if (rc == OT_OK && (subject->failed || body->failed))
        rc = ot_fail(err, OT_E_NOMEM, "out of memory rendering %s", where);
    return rc;
}

static void template_path(const char *workspace, ot_letter_kind kind, char *out, size_t size)
{
    snprintf(out, size, "%s/templates/%s", workspace, ot_letter_file_name(kind));
}

ot_code ot_letter_ensure_files(const char *workspace, ot_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/templates", workspace);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return ot_fail(err, OT_E_IO, "%s: cannot create: %s", dir, strerror(errno));
    for (int k = 0; k < OT_LETTER__COUNT; k++) {
        char path[4200];
        template_path(workspace, (ot_letter_kind)k, path, sizeof path);
        struct stat st;
        if (stat(path, &st) == 0) continue;
        const char *text = default_texts[k];
        ot_code rc = ot_write_file_atomic(path, text, strlen(text), err);
        if (rc != OT_OK) return rc;
    }
    return OT_OK;
}

ot_code ot_letter_load(const char *workspace, ot_letter_kind kind, char **text, ot_error *err)
{
    ot_code rc = ot_letter_ensure_files(workspace, err);
    if (rc != OT_OK) return rc;
    char path[4200];
    template_path(workspace, kind, path, sizeof path);
    unsigned char *data;
    size_t len;
    rc = ot_read_file(path, 1 << 20, &data, &len, err);
    if (rc != OT_OK) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        return ot_fail(err, rc, "%s: %s", path, why);
    }
    *text = (char *)data;
    return OT_OK;
}
