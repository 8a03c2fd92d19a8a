/* commands.c - THE table of oretrace's commands and options (see cmdtable.h).
 *
 * A data table that reads better whole: add a command by adding its entry here and its
 * run function in cmd_<name>.c. The parser, --help, `oretrace help`, docs/cli.md and the
 * command list in README.md are all generated from these entries. */
#include <ctype.h>
#include <string.h>

#include "cli.h"
#include "cmdtable.h"

/* `--due` alone (remind: what is due) or `--due 2026-03-31` (new: the due date). */
static bool looks_like_date(const char *w)
{
    return strlen(w) == 10 && isdigit((unsigned char)w[0]) && w[4] == '-' && w[7] == '-';
}

/* ---- options: one spelling and one meaning each --------------------------------- */

const cli_optdef cli_options[] = {
    {"workspace", "DIR",
     "the workspace folder (default: $ORETRACE_WORKSPACE, else the current folder)", NULL},
    {"json", NULL, "machine-readable output: JSON lines, one object per line", NULL},
    {"threads", "N", "work on N files at a time (default: $ORETRACE_THREADS, else one per core)",
     NULL},
    {"today", "DATE", "act as if today were DATE (YYYY-MM-DD; default: today, UTC)", NULL},
    {"campaign", "YEAR[/FAMILY]",
     "the campaign: YEAR/FAMILY (e.g. 2025/CMRT), or YEAR while that year has one campaign "
     "(default: the most recent)",
     NULL},
    {"resolve", NULL, "resolve each Smelter List row against the RMI smelter list", NULL},
    {"feedback", "DIR",
     "write a letter to the supplier (DIR/<file>.txt and .html) for each invalid file", NULL},
    {"list-rules", NULL, "print the rule catalogue instead of checking files", NULL},
    {"markdown", NULL, "with --list-rules: as Markdown (docs/findings.md)", NULL},
    {"timing", NULL, "print on stderr where the time went (for bench/)", NULL},
    {"follow-symlinks", NULL, "follow symbolic links found inside folders (default: skip them)",
     NULL},
    {"template", "T", "the template asked for (default CMRT-6.5)", NULL},
    {"due", "DATE", "the due date", looks_like_date},
    {"note", "TEXT", "why, for the audit log", NULL},
    {"unlinked", NULL, "only files not linked to a supplier", NULL},
    {"status", "STATUS", "only suppliers in this status", NULL},
    {"map", "COL=Header,...", "read an ERP export: map the standard column names onto the file's",
     NULL},
    {"encoding", "ENC",
     "the file's character set when it is not UTF-8 (latin1, windows-1252, utf-16)", NULL},
    {"in-scope", NULL, "only suppliers in scope", NULL},
    {"supplier", "ID", "every file comes from this supplier", NULL},
    {"verbose", NULL, "one line per file (default: only files needing attention)", NULL},
    {"metal", "M", "the metal (garbled spellings are recognised)", NULL},
    {"country", "C", "the country the supplier gave", NULL},
    {"id", "ID", "the smelter ID the supplier typed", NULL},
    {"lookup", "NAME", "the row's Smelter Look-up choice, when it differs from NAME", NULL},
    {"tsv", "FILE",
     "batch: a TSV file with the header metal, name, country, smelter_id (- reads stdin)", NULL},
    {"date", "DATE", "RMAP status as known on DATE (YYYY-MM-DD; default: the latest)", NULL},
    {"threshold", "T", "resolution threshold (default 0.80; for evaluation)", NULL},
    {"repeat", "N", "match the batch N times (benchmarks; output once)", NULL},
    {"as-of", "DATE", "the date of the list (default: a template's revision date)", NULL},
    {"fresh", NULL, "start from an empty store (regenerating the shipped snapshot)", NULL},
    {"partial", NULL, "the list is knowingly partial: add and update, retire nothing", NULL},
    {"limit", "N", "at most the last N entries (default 50; 0 = all)", NULL},
    {"subject", "TYPE[:ID]", "only entries about this subject (e.g. supplier:42)", NULL},
    {"action", "A", "only entries with this action (e.g. ingest)", NULL},
    {"clean-temp", NULL, "remove temporary files an interrupted run left in the vault", NULL},
    {"source", "S", "who publishes the list, for rows that name no source", NULL},
    {"open", NULL, "only open actions", NULL},
    {"closed", NULL, "only closed actions", NULL},
    {"proposed", NULL, "also the actions proposed and not accepted yet", NULL},
    {"owner", "NAME", "who follows the action", NULL},
    {"text", "TEXT", "what is asked, in your words", NULL},
    {"kind", "KIND", "the action kind (docs/risk.md, e.g. ACT-CONFIRM-SMELTER)", NULL},
    {"smelter", "ID", "the smelter it concerns (RMI smelter ID)", NULL},
    {"valid-only", NULL, "only suppliers whose current submission is valid", NULL},
    {"unresolved", NULL, "list the rows that resolved to no smelter, as typed", NULL},
    {"summary", NULL, "the counts a filing quotes instead of the rows", NULL},
    {"conclusion", "C",
     "the RCOI conclusion: no_necessary_3tg, rcoi_negative, dd_required, or derived", NULL},
    {"outcome", "O",
     "with dd_required: the due-diligence outcome (no_cc_or_scrap, conflict_free, undetermined)",
     NULL},
    {"justification", "TEXT", "why, printed in the report", NULL},
    {"out", "PATH", "where to write the result (a file or a folder, as the command says)", NULL},
    {"scope", "SCOPE", "declaration scope: company, product or user (default: the config's)", NULL},
    {"answer", "Q/METAL=A,...",
     "override derived answers, e.g. 3/Tin=Unknown (needs --note: the justification)", NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_groupdef cli_groups[] = {
    {"suppliers", "import the vendor list, decide and explain who is in scope"},
    {"products", "import the bill of materials: covered products and their suppliers"},
    {"campaign", "survey the in-scope suppliers: requests, reminders, escalation, status"},
    {"refdata", "the RMI smelter list and RMAP statuses: import, undo, show"},
    {"audit", "show or verify the hash-chained audit log"},
    {"vault", "verify that every received file is present and intact"},
    {"retention", "report what is kept and until when"},
    {"risk", "per-supplier risk; the CAHRA list and the watch list the red flags use"},
    {"actions", "corrective actions: proposed by red flags, accepted, followed, closed"},
    {"report", "the Form SD and Conflict Minerals Report: texts, conclusion, documents"},
    {"export", "files for customers and auditors: the company's own CMRT, XLSX and CSV"},
    {NULL, NULL},
};

/* Run functions, one per command (cmd_*.c). */
int run_inspect(const cli_call *c);
int run_validate(const cli_call *c);
int run_match(const cli_call *c);
int run_init(const cli_call *c);
int run_ingest(const cli_call *c);
int run_suppliers_import(const cli_call *c);
int run_suppliers_list(const cli_call *c);
int run_suppliers_scope(const cli_call *c);
int run_products_import(const cli_call *c);
int run_products_list(const cli_call *c);
int run_campaign_new(const cli_call *c);
int run_campaign_list(const cli_call *c);
int run_campaign_send(const cli_call *c);
int run_campaign_remind(const cli_call *c);
int run_campaign_status(const cli_call *c);
int run_campaign_mark(const cli_call *c);
int run_campaign_suppliers(const cli_call *c);
int run_campaign_files(const cli_call *c);
int run_campaign_link(const cli_call *c);
int run_campaign_unlink(const cli_call *c);
int run_refdata_import(const cli_call *c);
int run_refdata_status_import(const cli_call *c);
int run_refdata_show(const cli_call *c);
int run_refdata_sources(const cli_call *c);
int run_refdata_undo(const cli_call *c);
int run_refdata_export(const cli_call *c);
int run_audit_show(const cli_call *c);
int run_audit_verify(const cli_call *c);
int run_vault_verify(const cli_call *c);
int run_retention_report(const cli_call *c);
int run_actions_list(const cli_call *c);
int run_actions_add(const cli_call *c);
int run_actions_close(const cli_call *c);
int run_actions_reopen(const cli_call *c);
int run_rollup(const cli_call *c);
int run_export_xlsx(const cli_call *c);
int run_export_csv(const cli_call *c);
int run_risk_countries_import(const cli_call *c);
int run_risk_countries_list(const cli_call *c);
int run_risk_watchlist_import(const cli_call *c);
int run_risk_watchlist_list(const cli_call *c);
int run_risk(const cli_call *c);
int run_report_conclude(const cli_call *c);
int run_report_init_text(const cli_call *c);
int run_report_cmr(const cli_call *c);
int run_report_verify(const cli_call *c);
int run_export_cmrt(const cli_call *c);

#define WS                                                                                         \
    {                                                                                              \
        "workspace", NULL                                                                          \
    }
#define JSON                                                                                       \
    {                                                                                              \
        "json", NULL                                                                               \
    }
#define TODAY                                                                                      \
    {                                                                                              \
        "today", NULL                                                                              \
    }
#define END                                                                                        \
    {                                                                                              \
        NULL, NULL                                                                                 \
    }

/* ---- commands, in the order of a program's year ----------------------------------- */

const cli_cmddef cli_commands[] = {
    {NULL,
     "init",
     "[DIR]",
     0,
     1,
     "create or update a program workspace (database, vault, config)",
     "Creates a program workspace in DIR (default: --workspace, $ORETRACE_WORKSPACE or the\n"
     "current folder): DIR/oretrace.db (the database), DIR/audit.head (the audit log's head,\n"
     "kept outside the database), DIR/vault/ (every received file, byte for byte),\n"
     "DIR/outbox/ (messages written for sending) and DIR/oretrace.conf (settings).\n"
     "Safe to run again: it creates only what is missing, migrates the database and never\n"
     "overwrites the config file. Only init creates a database, and only a new one: it\n"
     "refuses an oretrace.db that is empty or holds no schema (restore it from a backup\n"
     "instead) and a missing oretrace.db beside an audit.head. A missing audit.head is\n"
     "written from the log as it is now. Every other command refuses a folder without a\n"
     "workspace. With --json: one line saying what was done.\n",
     {WS, JSON, END},
     run_init},

    {NULL,
     "inspect",
     "FILE|DIR...",
     1,
     -1,
     "read workbooks and show what they contain",
     "Reads RMI reporting templates (CMRT, CRT, EMRT, AMRT; .xlsx, .xlsm, .xls, also encrypted\n"
     "with Excel's default password) and shows what each contains: template and version,\n"
     "company, answers, smelters, products, mines. A folder stands for the workbooks in it\n"
     "(sorted, not recursive). Exit status 2 when some file could not be read.\n",
     {JSON,
      {"threads", NULL},
      {"follow-symlinks", NULL},
      {"resolve",
       "resolve each Smelter List row against the workspace's (else the shipped) smelter list"},
      WS,
      END},
     run_inspect},

    {NULL,
     "validate",
     "FILE|DIR...",
     0,
     -1,
     "check supplier templates and list what to correct",
     "Checks RMI reporting templates the way a compliance team reviews them: everything the\n"
     "template's own Checker requires, answers outside the drop-down lists, formats, the\n"
     "Smelter List against the RMI reference, contradictions between answers, and text that\n"
     "would run as a spreadsheet formula (docs/findings.md). Per file: VALID, VALID (n\n"
     "warnings), INVALID (n errors) or UNREADABLE, then the findings. Exit status 3 when\n"
     "some file is invalid, 2 when some file is unreadable (takes precedence).\n",
     {JSON,
      {"feedback", NULL},
      {"threads", NULL},
      {"follow-symlinks", NULL},
      {"list-rules", NULL},
      {"markdown", NULL},
      {"timing", NULL},
      WS,
      END},
     run_validate},

    {NULL,
     "match",
     "[NAME]",
     0,
     1,
     "resolve supplier-typed smelter names to RMI smelter IDs",
     "Resolves smelter names as suppliers type them to RMI smelter IDs: which smelter, how\n"
     "(id, alias-exact, normalized, fuzzy, cross-metal, unresolved), how sure (0-1), its\n"
     "RMAP status and the runner-up candidates. A name that fits nothing well enough stays\n"
     "unresolved: a wrong match is worse than none (docs/refdata.md).\n",
     {{"metal", NULL},
      {"country", NULL},
      {"id", NULL},
      {"lookup", NULL},
      {"tsv", NULL},
      JSON,
      {"date", NULL},
      {"threshold", NULL},
      {"timing", NULL},
      {"repeat", NULL},
      WS,
      END},
     run_match},

    {"suppliers",
     "import",
     "FILE.csv",
     1,
     1,
     "import or update the vendor list",
     "Reads a vendor list (CSV, RFC 4180) with the columns supplier_id, name, country,\n"
     "category, last_purchase, active, contact_name, contact_email, contact_role, parent_id;\n"
     "one row per contact, rows repeating a supplier_id merged. Importing again updates by\n"
     "supplier_id and contact e-mail, never duplicates. Bad rows are listed with their line\n"
     "number and skipped (exit status 2); the rest is imported in one transaction.\n",
     {{"map", NULL},
      {"encoding", NULL},
      {"today", "the day inactivity is counted back from (default: today)"},
      WS,
      JSON,
      END},
     run_suppliers_import},
    {"suppliers",
     "list",
     "",
     0,
     0,
     "every supplier with its scope decision and the reason",
     "",
     {{"in-scope", NULL}, WS, JSON, END},
     run_suppliers_list},
    {"suppliers",
     "scope",
     "",
     0,
     0,
     "decide, and explain, who is in scope",
     "Re-evaluates the scope with the current oretrace.conf settings (exclude_categories,\n"
     "inactive_years, exclude_inactive, scope_route: auto, vendor, bom or both). Every\n"
     "changed decision is written to the audit log.\n",
     {{"today", "the day inactivity is counted back from (default: today)"}, WS, JSON, END},
     run_suppliers_scope},

    {"products",
     "import",
     "BOM.csv",
     1,
     1,
     "import the bill of materials",
     "Reads a bill of materials (CSV) with the columns product_id, product_name, part_id,\n"
     "part_name, supplier_id, contains_3tg (yes, no or unknown). A product in the file gets\n"
     "exactly the file's parts. A product is covered when any part contains 3TG or its\n"
     "content is unknown; a supplier is in scope by the BOM route when it supplies such a\n"
     "part. Bad rows are listed with their line number and skipped (exit status 2).\n",
     {{"encoding", NULL},
      {"today", "the day inactivity is counted back from (default: today)"},
      WS,
      JSON,
      END},
     run_products_import},
    {"products",
     "list",
     "",
     0,
     0,
     "products, whether they are covered and why",
     "",
     {WS, JSON, END},
     run_products_list},

    {"campaign",
     "new",
     "[YEAR]",
     0,
     1,
     "create the survey of a reporting year",
     "Creates the survey of reporting year YEAR (the calendar year suppliers report on;\n"
     "default: reporting_year in oretrace.conf, else last year) for one template family\n"
     "(a year may have a CMRT and an EMRT campaign side by side: YEAR/CMRT, YEAR/EMRT) with\n"
     "a request and a unique upload token for every in-scope supplier. The template must\n"
     "be a version oretrace reads. --due defaults to today + response_days.\n",
     {{"template", NULL},
      {"due", "the due date (default: today + response_days)"},
      TODAY,
      WS,
      JSON,
      END},
     run_campaign_new},
    {"campaign",
     "list",
     "",
     0,
     0,
     "every campaign: year, family, template, due date, counts",
     "One line per campaign (YEAR/FAMILY, as --campaign names it) with its template, due\n"
     "date, suppliers in scope, suppliers surveyed and files received.\n",
     {WS, JSON, END},
     run_campaign_list},
    {"campaign",
     "send",
     "",
     0,
     0,
     "write the request e-mails into the outbox",
     "Writes a request e-mail (RFC 5322, UTF-8) for every in-scope supplier not contacted\n"
     "yet to WORKSPACE/outbox/YEAR/, from the editable WORKSPACE/templates/request.txt, and\n"
     "sends it when smtp_url is set. A supplier whose address cannot be used is skipped\n"
     "with a message; the others are sent (exit status 4 when some were not).\n",
     {{"campaign", NULL}, TODAY, WS, JSON, END},
     run_campaign_send},
    {"campaign",
     "remind",
     "",
     0,
     0,
     "write the reminders and escalations that are due",
     "With --due, writes the follow-ups due today: reminders at reminder_days after the\n"
     "request, then the escalation steps. One step per supplier per run; running it twice\n"
     "sends nothing twice; answered suppliers are skipped.\n",
     {{"due", "required: write what is due today"}, {"campaign", NULL}, TODAY, WS, JSON, END},
     run_campaign_remind},
    {"campaign",
     "status",
     "",
     0,
     0,
     "the figures a Conflict Minerals Report quotes",
     "Suppliers in scope, surveyed (sent a request), not contacted (and why), responded,\n"
     "response rate, valid (of which no 3TG), invalid, outdated, declined, outstanding,\n"
     "reminders, escalations and correction requests sent, by category, and every\n"
     "received file counted (valid, invalid, unreadable, unlinked, superseded).\n",
     {{"campaign", NULL}, TODAY, WS, JSON, END},
     run_campaign_status},
    {"campaign",
     "mark",
     "SUPPLIER STATUS",
     2,
     2,
     "set a supplier's status by hand",
     "Statuses: not_contacted requested reminded escalated responded_valid\n"
     "responded_invalid responded_outdated corrected declined non_responsive out_of_scope.\n"
     "Audited with the note; says the status before, so marking that again puts it back.\n",
     {{"note", NULL}, {"campaign", NULL}, TODAY, WS, JSON, END},
     run_campaign_mark},
    {"campaign",
     "suppliers",
     "",
     0,
     0,
     "each supplier's status, reminders and current file",
     "",
     {{"status", NULL}, {"campaign", NULL}, TODAY, WS, JSON, END},
     run_campaign_suppliers},
    {"campaign",
     "files",
     "",
     0,
     0,
     "every file ingested into the campaign and how it was linked",
     "",
     {{"unlinked", NULL}, {"campaign", NULL}, WS, JSON, END},
     run_campaign_files},
    {"campaign",
     "link",
     "FILE_ID SUPPLIER",
     2,
     2,
     "tie an ingested file to a supplier by hand",
     "For an unlinked file, one linked wrongly, or one of a family that had no campaign;\n"
     "the newest file of a supplier stays its current one. A file of another template\n"
     "family than the campaign's is refused. An unreadable file is kept with the supplier\n"
     "but never becomes its current submission. Audited with the note; undone by unlink.\n",
     {{"note", NULL}, {"campaign", NULL}, TODAY, WS, JSON, END},
     run_campaign_link},
    {"campaign",
     "unlink",
     "FILE_ID",
     1,
     1,
     "undo the last hand link of a file",
     "Puts the file back where it was before its last `campaign link` (unlinked, with\n"
     "another supplier, or in no campaign) and brings both suppliers' current files and\n"
     "statuses up to date. Audited with the note.\n",
     {{"note", NULL}, TODAY, WS, JSON, END},
     run_campaign_unlink},

    {NULL,
     "ingest",
     "FILE|DIR...",
     1,
     -1,
     "take returned workbooks into a campaign",
     "For every file (folders are searched recursively; symbolic links inside them are\n"
     "skipped): its exact bytes are kept in the vault first, whatever happens next; it is\n"
     "read, validated and its smelters resolved; it is linked to its supplier (--supplier,\n"
     "else the upload token, the contact e-mail's domain, the unique ID, the company name);\n"
     "a later file from a supplier supersedes its earlier ones. Each file is written in its\n"
     "own transaction, so an interrupted run is completed by running it again. Exit status\n"
     "2 some file unreadable, 3 some file invalid, 4 the batch stopped (database, disk).\n",
     {{"campaign", NULL},
      {"supplier", NULL},
      {"threads", NULL},
      {"verbose", NULL},
      {"follow-symlinks", NULL},
      {"today", "the date status changes are recorded under"},
      WS,
      JSON,
      END},
     run_ingest},

    {NULL,
     "rollup",
     "",
     0,
     0,
     "every smelter the suppliers name, with RMAP status, red flags and risk",
     "Rolls up the campaign: one row per smelter named on the Smelter Lists of the\n"
     "suppliers' current submissions (the newest linked, readable file of each in-scope\n"
     "supplier received by the evaluation date), consolidated by RMI smelter ID, with the\n"
     "RMAP status in force on that date (looked up now in the workspace's reference data,\n"
     "never the status known at ingest), the suppliers naming it, the countries of origin\n"
     "they report, the red flags and the risk level (docs/risk.md, docs/rollup.md).\n"
     "--unresolved lists the rows that resolved to no smelter, with the names as typed and\n"
     "who typed them; --summary gives the counts a filing quotes. With --json: one line\n"
     "per smelter (or unresolved row), or one object for --summary.\n",
     {{"campaign", "the campaign: YEAR, or YEAR/FAMILY such as 2025/CMRT (default: the most "
                   "recent)"},
      {"as-of", "evaluate as of DATE: files received by then, statuses in force then "
                "(default: today)"},
      {"valid-only", NULL},
      {"unresolved", NULL},
      {"summary", NULL},
      WS,
      JSON,
      END},
     run_rollup},
    {NULL,
     "risk",
     "",
     0,
     0,
     "per supplier: program, scope, red-flag smelters, findings, open actions",
     "Per in-scope supplier of the campaign, computed now from the roll-up: the outcome of\n"
     "its current file, its program strength (strong when the four company-level answers\n"
     "are Yes), declaration scope, the completeness of its own inquiry (CMRT questions\n"
     "6-8), the red-flag smelters it names (medium or high risk), its findings (gaps that\n"
     "propose corrective actions: docs/risk.md) and its open actions. With --json: one\n"
     "line per supplier. The lists the red flags use: `risk countries import|list` (CAHRA)\n"
     "and `risk watchlist import|list`.\n",
     {{"campaign",
       "the campaign: YEAR, or YEAR/FAMILY such as 2025/CMRT (default: the most recent)"},
      TODAY,
      WS,
      JSON,
      END},
     run_risk},
    {"export",
     "cmrt",
     "",
     0,
     0,
     "the company's own CMRT (or EMRT 2.x) in the official template",
     "Fills the official, empty RMI template given with --template (CMRT 6.x or EMRT 2.x)\n"
     "for the campaign and writes it to --out; every other part of the template (formulas,\n"
     "Checker, look-up sheets, styles, drop-downs) is kept byte for byte, and the workbook\n"
     "recalculates when opened. Company information and questions A-H come from the\n"
     "configuration (docs/workspace.md, \"Your own CMRT\"); questions 1-8 are derived per\n"
     "metal from the suppliers' current answers and the roll-up (docs/cmrt-export.md), each\n"
     "printed with its reason. --answer overrides derived answers; --note, required with it,\n"
     "is written as the answer's comment and into the audit log. The Smelter List holds\n"
     "every consolidated smelter by ID (the template's look-up fills name and country),\n"
     "the Product List the covered products for the product scope.\n",
     {{"campaign", "the campaign: YEAR, or YEAR/FAMILY such as 2025/CMRT (default: the most "
                   "recent)"},
      {"template", "the official empty RMI template to fill (.xlsx), e.g. RMI_CMRT_6.5.xlsx"},
      {"out", "the filled workbook to write (.xlsx)"},
      {"scope", NULL},
      {"answer", NULL},
      {"note", "the justification of the --answer overrides"},
      {"as-of", "evaluate as of DATE: files received by then, statuses in force then "
                "(default: today)"},
      TODAY,
      WS,
      JSON,
      END},
     run_export_cmrt},

    {"export",
     "xlsx",
     "",
     0,
     0,
     "the campaign's smelters, suppliers, findings, actions, unresolved names as one XLSX",
     "A sheet per table (docs/exports.md): the consolidated smelter list with RMAP status and\n"
     "risk, every in-scope supplier with its status and program strength, the findings of\n"
     "the current submissions, the campaign's corrective actions, the smelter names that\n"
     "resolved to nothing - the roll-up's figures at the evaluation date. Header rows are\n"
     "frozen and filtered, numbers are numbers, dates are dates; text that a spreadsheet\n"
     "would run as a formula is written with a leading apostrophe.\n",
     {{"campaign", "the campaign: YEAR, or YEAR/FAMILY such as 2025/CMRT (default: the most "
                   "recent)"},
      {"out", "the workbook to write (default: oretrace-export-YEAR.xlsx)"},
      {"as-of", "evaluate as of DATE: files received by then, statuses in force then "
                "(default: today)"},
      WS,
      JSON,
      END},
     run_export_xlsx},
    {"export",
     "csv",
     "",
     0,
     0,
     "the same tables as CSV files (RFC 4180), one per table",
     "smelters.csv, suppliers.csv, findings.csv, actions.csv and unresolved.csv in the\n"
     "folder (created when missing): UTF-8, CRLF line ends, the columns of `export xlsx` "
     "(docs/exports.md),\n"
     "formula-like text neutralised the same way.\n",
     {{"campaign", "the campaign: YEAR, or YEAR/FAMILY such as 2025/CMRT (default: the most "
                   "recent)"},
      {"out", "the folder to write into (default: oretrace-export-YEAR)"},
      {"as-of", "evaluate as of DATE: files received by then, statuses in force then "
                "(default: today)"},
      WS,
      JSON,
      END},
     run_export_csv},
    {"risk",
     "countries import",
     "FILE",
     1,
     1,
     "import a CAHRA list (CSV): it replaces the list in force",
     "A list of conflict-affected and high-risk areas, e.g. the EU's indicative list: CSV\n"
     "with the columns country (ISO code or name), optional region, source, as_of\n"
     "(docs/risk.md). One bad row refuses the whole list. The list replaces the one in\n"
     "force (earlier imports are kept) and is used by every roll-up from then on:\n"
     "RF-LOC-CAHRA and RF-MINE-CAHRA. Without an imported list no CAHRA is used.\n",
     {{"source", NULL}, {"as-of", "the list's date, for rows without one"}, WS, JSON, END},
     run_risk_countries_import},
    {"risk",
     "countries list",
     "",
     0,
     0,
     "the CAHRA list in force",
     "With --json: one line per entry (none when no list was imported).\n",
     {WS, JSON, END},
     run_risk_countries_list},
    {"risk",
     "watchlist import",
     "FILE",
     1,
     1,
     "import a watch list (CSV): it replaces the list in force",
     "Smelters under sanctions or credible adverse reports: CSV with the columns smelter_id\n"
     "and/or name, optional metal, reason, source, date (docs/risk.md). One bad row refuses\n"
     "the whole list. The list replaces the one in force (earlier imports are kept); a\n"
     "smelter on it gets RF-WATCHLIST and high risk in every roll-up from then on.\n",
     {{"source", NULL}, {"date", "the list's date, for rows without one"}, WS, JSON, END},
     run_risk_watchlist_import},
    {"risk",
     "watchlist list",
     "",
     0,
     0,
     "the watch list in force",
     "With --json: one line per entry (none when no list was imported).\n",
     {WS, JSON, END},
     run_risk_watchlist_list},

    {"refdata",
     "import",
     "FILE...",
     1,
     -1,
     "import an RMI template's smelter list or a look-up CSV",
     "An RMI template (CMRT, EMRT, CRT, AMRT of any version: its Smelter Look-up sheet) or a\n"
     "CSV with the columns metal, lookup_name, standard_name, country, smelter_id, id_source,\n"
     "street, city, state_province. Import older files first: renamed, merged and retired\n"
     "facilities are recorded as history. Only genuine templates and well-formed lists are\n"
     "taken; a list far smaller than the one in force is refused unless --partial. Several\n"
     "files are one batch: all are imported, or none (exit status 2 when one is refused).\n"
     "With --json: one line per file.\n",
     {{"as-of", NULL}, {"partial", NULL}, {"fresh", NULL}, WS, JSON, END},
     run_refdata_import},
    {"refdata",
     "status-import",
     "FILE",
     1,
     1,
     "import an RMAP status list (CSV)",
     "Columns smelter_id (or metal, name, country), status, as_of[, source]. Spellings such\n"
     "as \"Full Compliant\" or \"Indeterminable\" map onto Conformant, Active, Non-Conformant,\n"
     "Not Enrolled, Communication Suspended, Outreach Required, RMI Due Diligence Review,\n"
     "Unknown. A list whose newest status is more than status_list_max_age_days (180)\n"
     "old is imported with a warning, recorded in the audit log.\n",
     {{"as-of", "the date of the list (required unless the file has as_of)"},
      {"today", "the day the list's age is counted to (default: today)"},
      WS,
      JSON,
      END},
     run_refdata_status_import},
    {"refdata",
     "show",
     "ID|NAME",
     1,
     1,
     "one smelter: names, location, status, history",
     "",
     {{"metal", "with a NAME: the metal"}, {"date", NULL}, WS, JSON, END},
     run_refdata_show},
    {"refdata",
     "sources",
     "",
     0,
     0,
     "every import, with its ID, source and date",
     "The lists the reference data in use were built from (the shipped snapshot's when\n"
     "nothing imported is in force), each with the IMPORT_ID of the import that brought it\n"
     "in, then the imports no longer in force. With --json: one line per list or import.\n",
     {WS, JSON, END},
     run_refdata_sources},
    {"refdata",
     "undo",
     "IMPORT_ID",
     1,
     1,
     "undo an import, restoring the state before it",
     "Puts the reference data back exactly as they were before that import. Only the latest\n"
     "import still in force can be undone (undo newer ones first); the undo is audited.\n",
     {WS, JSON, END},
     run_refdata_undo},
    {"refdata",
     "export",
     "FILE",
     1,
     1,
     "write the reference data as a snapshot file (data/refdata.tsv)",
     "",
     {WS, END},
     run_refdata_export},

    {"audit",
     "show",
     "",
     0,
     0,
     "the audit log, oldest first, and its head hash",
     "Every change to the program (imports, requests sent, reminders, ingested files, status\n"
     "changes, a person's overrides) is one audit entry, chained to the one before by a\n"
     "SHA-256 hash. Lists the last entries, oldest first, then the hash of the newest entry\n"
     "of the whole log: note it somewhere outside the workspace to be able to prove later\n"
     "that no entry was removed from the end. With --json: one line per entry (id, ts,\n"
     "actor, action, subject_type, subject_id, detail, hash), then a last line\n"
     "{\"head_hash\": ...} (null when the log is empty).\n",
     {{"limit", NULL}, {"subject", NULL}, {"action", NULL}, WS, JSON, END},
     run_audit_show},
    {"audit",
     "verify",
     "",
     0,
     0,
     "verify the audit chain, its head and the database",
     "Runs the database's full integrity check, walks the whole chain and reports the first\n"
     "entry that was changed, removed or reordered or holds anything but UTF-8 text, and\n"
     "compares the chain with the head kept outside the database in audit.head (entries\n"
     "removed from the end, a replaced database). With --json: one line, the verdict.\n"
     "Exit status 0 when all is intact, 4 otherwise.\n",
     {WS, JSON, END},
     run_audit_verify},
    {"vault",
     "verify",
     "",
     0,
     0,
     "check every received file against its hash",
     "Runs the database's full integrity check, re-reads every file in the vault and checks\n"
     "that its bytes still hash to its name and that every recorded file is present, and\n"
     "lists files no database row references (an interrupted ingest never re-run, or a\n"
     "file put there by hand), temp files of writes that never finished (older than 15\n"
     "minutes: younger ones may belong to an ingest running now) and anything else oretrace\n"
     "does not write there. With --json: one line, the verdict with its list of problems.\n"
     "Exit status 0 when all is well, 4 otherwise.\n",
     {{"clean-temp", NULL}, WS, JSON, END},
     run_vault_verify},
    {"retention",
     "report",
     "",
     0,
     0,
     "what is kept, since when and until when",
     "Per kind of record (received files, submissions, audit log): how many, the oldest and\n"
     "newest, the date until which they must be kept (retention_years) and how many are past\n"
     "it. oretrace deletes none of these records itself.\n",
     {WS, JSON, END},
     run_retention_report},

    {"actions",
     "list",
     "",
     0,
     0,
     "the corrective actions of a campaign, and what is proposed",
     "The actions accepted for the campaign (OECD step 3): who they are asked of, the\n"
     "smelter and the red flags or gaps they answer, owner, due date (! = overdue), status\n"
     "and history. With --proposed, also what the campaign's red flags and the gaps in\n"
     "suppliers' answers propose and nobody accepted yet, each with the KEY that accepts it\n"
     "(docs/risk.md lists the kinds). With --json: one line per action (type \"action\"),\n"
     "then one per proposal (type \"proposal\").\n",
     {{"campaign",
       "the campaign: YEAR, or YEAR/FAMILY such as 2025/CMRT (default: the most recent)"},
      {"open", NULL},
      {"closed", NULL},
      {"supplier", "only the actions asked of this supplier"},
      {"proposed", NULL},
      TODAY,
      WS,
      JSON,
      END},
     run_actions_list},
    {"actions",
     "add",
     "[PROPOSAL]",
     0,
     1,
     "accept a proposed action, or write one",
     "With a PROPOSAL key (actions list --proposed), accepts that proposal: its supplier,\n"
     "smelter, kind and text come with it. Without, writes an action asked of --supplier:\n"
     "--text in your words, or --kind for the kind's text. --due defaults to today plus the\n"
     "kind's days. Open actions asked of a supplier are listed in its reminders. Audited.\n",
     {{"campaign",
       "the campaign: YEAR, or YEAR/FAMILY such as 2025/CMRT (default: the most recent)"},
      {"owner", NULL},
      {"due", "when it is due (default: today + the kind's days)"},
      {"note", NULL},
      {"supplier", "the supplier it is asked of (an action you write)"},
      {"text", NULL},
      {"kind", NULL},
      {"smelter", NULL},
      TODAY,
      WS,
      JSON,
      END},
     run_actions_add},
    {"actions",
     "close",
     "ID",
     1,
     1,
     "close an action, saying what was done",
     "--note is required: what was done or received. Audited; reopen undoes it.\n",
     {{"note", "required: what was done"}, TODAY, WS, JSON, END},
     run_actions_close},
    {"actions",
     "reopen",
     "ID",
     1,
     1,
     "reopen a closed action",
     "For an action closed too early; the closing stays in its history. Audited.\n",
     {{"note", NULL}, {"due", "a new due date (default: keep it)"}, TODAY, WS, JSON, END},
     run_actions_reopen},
    {"report",
     "init-text",
     "",
     0,
     0,
     "write the report's narrative texts into the workspace",
     "Writes the text files of the Conflict Minerals Report that the data cannot supply\n"
     "(company, covered products, supply chain, policy, team, grievance mechanism, risk\n"
     "response, smelter audits, improvements, audit statement, forward-looking statements)\n"
     "into WORKSPACE/report-text/, with starting text. init writes them too; this adds the\n"
     "missing ones to a workspace made before. Existing files are never overwritten. Figures\n"
     "are written as placeholders such as {{suppliers_surveyed}} (docs/report.md).\n",
     {WS, JSON, END},
     run_report_init_text},
    {"report",
     "cmr",
     "",
     0,
     0,
     "write the Form SD and the Conflict Minerals Report (EDGAR HTML) with their evidence",
     "Writes into --out the Form SD (formsdYEAR.htm) and, when due diligence was required,\n"
     "Exhibit 1.01, the Conflict Minerals Report (ex101cmrYEAR.htm), as EDGAR-ready HTML,\n"
     "and evidence.json: every figure of the text with its definition, the query inputs and\n"
     "the supplier and submission IDs behind it. Figures come from the campaign and the\n"
     "roll-up as of --as-of; narrative from WORKSPACE/report-text/; the cover page from the\n"
     "filer_* settings (a missing one is an error naming it); the RCOI conclusion from the\n"
     "decision rule or `report conclude` (docs/report.md). Each document is checked against\n"
     "the EDGAR profile before it is written.\n",
     {{"campaign", NULL},
      {"out", "the folder to write the files into (default: the current folder)"},
      {"as-of", "figures as of DATE (YYYY-MM-DD; default: today)"},
      WS,
      JSON,
      END},
     run_report_cmr},
    {"report",
     "verify",
     "DIR",
     1,
     1,
     "recompute a report's figures and list those that changed",
     "Reads DIR/evidence.json, recomputes every figure, appendix row and the conclusion from\n"
     "the workspace with the same campaign and as-of date, and lists what changed (a new\n"
     "submission, a status list imported, a supplier's status). Exit status 3 when anything\n"
     "changed.\n",
     {WS, JSON, END},
     run_report_verify},
    {"report",
     "conclude",
     "",
     0,
     0,
     "replace the derived RCOI conclusion, with a justification",
     "The report states the RCOI conclusion the decision rule derives from the data\n"
     "(docs/report.md). This records a different one - never without a justification, which\n"
     "the report prints beside the derived conclusion and its reasons. --conclusion derived\n"
     "returns the campaign to the rule. Every record is kept and audited.\n",
     {{"conclusion", NULL},
      {"outcome", NULL},
      {"justification", NULL},
      {"campaign", NULL},
      WS,
      JSON,
      END},
     run_report_conclude},

    {NULL, NULL, NULL, 0, 0, NULL, NULL, {END}, NULL},
};
