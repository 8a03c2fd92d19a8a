/* config_keys.c - THE table of oretrace.conf settings (config.h): name, type, default,
 * help and section of every key. The parser, the default file `init` writes and the key
 * tables of docs/workspace.md all come from these rows.
 *
 * Adding a setting: add its typed field to ot_config (config.h), a row here (its section
 * keeps the rows of one section together), read the field where it is used, then
 * regenerate the docs: ORETRACE_UPDATE_DOCS=1 build/tests/store_test_config_doc. */
#include <stddef.h>
#include <string.h>

#include "store/config.h"
#include "store/store.h"

#define STR_(x) #x
#define STR(x) STR_(x)
/* The field a key fills; for lists also the count field and the capacity. */
#define AT(f) .field = #f, .offset = offsetof(ot_config, f)
#define LIST_AT(f, n)                                                                              \
    AT(f), .count_offset = offsetof(ot_config, n),                                                 \
           .max = sizeof(((ot_config *)0)->f) / sizeof(((ot_config *)0)->f[0])

#define PROGRAM "Your company and program"
#define RECORDS "Records"
#define SCOPING "Scoping: who is surveyed"
#define REQUESTS "Requests and follow-up"
#define MAIL "Sending e-mail"
#define DATABASE "Database"
#define REFDATA "Reference data"
#define FILER "The filer: Form SD cover page"
#define CMRT "Your own CMRT (export cmrt)"

static const char *const web[] = {"https", "http", NULL};
static const char *const smtp[] = {"smtps", "smtp", NULL};
static const char *const routes[] = {"auto", "vendor", "bom", "both", NULL};
static const char *const cmrt_scopes[] = {"company", "product", "user", NULL};
static const char *const surveys[] = {"cmrt", "other", "no", NULL};

const ot_config_key ot_config_keys[] = {
    {"company_name", OT_CONFIG_TEXT, PROGRAM, "", AT(company_name),
     .help = "Your company, as it appears on the letters to suppliers and in the reports."},
    {"reporting_year", OT_CONFIG_YEAR, PROGRAM, "", AT(reporting_year), .lo = 2000, .hi = 2200,
     .def_doc = "the last calendar year", .def_int = ot_config_last_year,
     .help = "The calendar year the program reports on (Form SD covers the previous calendar "
             "year): the year of a new campaign when none is given. Empty: the calendar year "
             "before the current one."},
    {"policy_url", OT_CONFIG_URL, PROGRAM, "", AT(policy_url), .values = web,
     .help = "Public web address of your conflict-minerals sourcing policy (CMRT company "
             "question B). When set, the request letter cites it ({{policy_url}}, "
             "{{policy_note}})."},
    {"contact_name", OT_CONFIG_TEXT, PROGRAM, "", AT(contact_name),
     .help = "Who signs the letters to suppliers. Empty: company_name."},
    {"contact_email", OT_CONFIG_EMAIL, PROGRAM, "", AT(contact_email),
     .help = "The address suppliers reply to, From of the letters unless smtp_from is set. "
             "Needed before requests can be sent."},

    {"retention_years", OT_CONFIG_INT, RECORDS, "5", AT(retention_years), .lo = 1, .hi = 100,
     .help = "Years every received file, answer and decision is kept (SEC / OECD: at least "
             "5)."},

    {"exclude_categories", OT_CONFIG_LIST, SCOPING, "service, indirect",
     LIST_AT(exclude_categories, exclude_category_count),
     .help = "Vendor categories that are out of scope (no 3TG in what they supply). Empty: "
             "none."},
    {"inactive_years", OT_CONFIG_INT, SCOPING, "5", AT(inactive_years), .lo = 1, .hi = 100,
     .help = "A supplier with no purchase in this many years is inactive."},
    {"exclude_inactive", OT_CONFIG_BOOL, SCOPING, "yes", AT(exclude_inactive),
     .help = "Whether inactive suppliers (by inactive_years, or marked inactive in the vendor "
             "list) are out of scope."},
    {"scope_route", OT_CONFIG_ENUM, SCOPING, "auto", AT(scope_route), .values = routes,
     .help = "Which route decides who is surveyed: vendor (the vendor list, filtered as "
             "above), bom (suppliers of parts that contain or may contain 3TG), both (in when "
             "either keeps the supplier), or auto (bom once a BOM was imported, else vendor)."},

    {"response_days", OT_CONFIG_INT, REQUESTS, "60", AT(response_days), .lo = 1, .hi = 3650,
     .help = "Days suppliers have to answer: a new campaign is due this many days after it is "
             "created, unless a due date is given."},
    {"portal_url", OT_CONFIG_URL, REQUESTS, "", AT(portal_url), .values = web,
     .help = "Web address where suppliers upload their file: the letters link to it with the "
             "supplier's token ({{upload_link}}). Empty: the letters ask for a reply with the "
             "file attached."},
    {"reminder_days", OT_CONFIG_DAYS, REQUESTS, "14, 28, 42",
     LIST_AT(reminder_days, reminder_count), .lo = 1, .hi = 3650,
     .help = "Reminders, in days after a request was sent, while a supplier has not answered. "
             "At least three reminders are expected before a supplier counts as "
             "non-responsive."},
    {"escalation", OT_CONFIG_ESCALATION, REQUESTS, "buyer:49, senior_officer:63",
     LIST_AT(escalations, escalation_count), .lo = 1, .hi = 3650,
     .help = "Escalation once the reminders go unanswered: role:day steps, the day counted "
             "from the request. buyer = the supplier's buyer chases in person; "
             "senior_officer = a formal notice from senior management. A role's contact, "
             "copied on its notice, is <role>_name and <role>_email."},
    {"buyer_name", OT_CONFIG_TEXT, REQUESTS, "", AT(buyer_name),
     .help = "The buyer named on the buyer escalation notice."},
    {"buyer_email", OT_CONFIG_EMAIL, REQUESTS, "", AT(buyer_email),
     .help = "The buyer's address, copied (Cc) on the buyer escalation notice."},
    {"senior_officer_name", OT_CONFIG_TEXT, REQUESTS, "", AT(senior_officer_name),
     .help = "The senior officer named on the senior_officer escalation notice."},
    {"senior_officer_email", OT_CONFIG_EMAIL, REQUESTS, "", AT(senior_officer_email),
     .help = "The senior officer's address, copied (Cc) on the senior_officer escalation "
             "notice."},

    {"smtp_url", OT_CONFIG_URL, MAIL, "", AT(smtp_url), .values = smtp,
     .help = "Optional SMTP server that also delivers the letters, e.g. "
             "smtps://user:password@mail.example.com (smtps: TLS from the start; smtp: "
             "STARTTLS when the server offers it). Empty: letters are only written to the "
             "outbox folder."},
    {"smtp_from", OT_CONFIG_EMAIL, MAIL, "", AT(smtp_from),
     .help = "From address of the letters, when it is not contact_email."},

    {"lock_wait_seconds", OT_CONFIG_INT, DATABASE, STR(OT_DB_LOCK_WAIT_DEFAULT),
     AT(lock_wait_seconds), .lo = 0, .hi = 86400,
     .help = "Seconds a command waits for another oretrace process that is writing to the "
             "database (a long import) before giving up; 0 = do not wait."},

    {"status_list_max_age_days", OT_CONFIG_INT, REFDATA, "180", AT(status_list_max_age_days),
     .lo = 1, .hi = 3650,
     .help = "An RMAP status list dated more than this many days ago is old: importing one "
             "warns and records the warning in the audit log (RMI's lists change every few "
             "weeks)."},
    {"filer_name", OT_CONFIG_TEXT, FILER, "", AT(filer_name),
     .help = "The registrant's exact name as specified in its charter (Form SD cover page; "
             "the reports name the company by it). Needed for the Form SD."},
    {"filer_state", OT_CONFIG_TEXT, FILER, "", AT(filer_state),
     .help = "State or other jurisdiction of incorporation or organization, e.g. Delaware."},
    {"filer_file_number", OT_CONFIG_TEXT, FILER, "", AT(filer_file_number),
     .help = "Commission file number, e.g. 001-34674."},
    {"filer_irs_number", OT_CONFIG_TEXT, FILER, "", AT(filer_irs_number),
     .help = "IRS employer identification number, e.g. 68-0438710."},
    {"filer_address", OT_CONFIG_TEXT, FILER, "", AT(filer_address),
     .help = "Address of principal executive offices, with ZIP code, on one line."},
    {"filer_contact", OT_CONFIG_TEXT, FILER, "", AT(filer_contact),
     .help = "Name and title of the person to contact in connection with the report."},
    {"filer_phone", OT_CONFIG_TEXT, FILER, "", AT(filer_phone),
     .help = "That person's telephone number, including area code."},
    {"filer_signer", OT_CONFIG_TEXT, FILER, "", AT(filer_signer),
     .help = "Who signs the Form SD for the registrant (typed as /s/ Name)."},
    {"filer_signer_title", OT_CONFIG_TEXT, FILER, "", AT(filer_signer_title),
     .help = "The signer's title, e.g. Chief Financial Officer."},
    /* The company's own CMRT: Declaration fields the other sections do not give, and the
     * company-level questions A-H (B comes from policy_url). Checked when exporting. */
    {"cmrt_scope", OT_CONFIG_ENUM, CMRT, "company", AT(cmrt_scope), .values = cmrt_scopes,
     .help = "Declaration scope of your CMRT: company (A. Company), product (B. the products "
             "of the workspace, listed on the Product List) or user (C. described by "
             "cmrt_scope_description). `export cmrt --scope` overrides it."},
    {"cmrt_scope_description", OT_CONFIG_TEXT, CMRT, "", AT(cmrt_scope_description),
     .help = "Description of scope, required for the user scope."},
    {"company_unique_id", OT_CONFIG_TEXT, CMRT, "", AT(company_unique_id),
     .help = "Company unique ID on the CMRT (e.g. your DUNS number). Optional."},
    {"company_unique_id_authority", OT_CONFIG_TEXT, CMRT, "", AT(company_unique_id_authority),
     .help = "Who issued company_unique_id (e.g. Dun & Bradstreet). Optional."},
    {"company_address", OT_CONFIG_TEXT, CMRT, "", AT(company_address),
     .help = "Company address on the CMRT. Optional."},
    {"contact_phone", OT_CONFIG_TEXT, CMRT, "", AT(contact_phone),
     .help = "Phone of the CMRT contact (contact_name, contact_email). Required for export "
             "cmrt."},
    {"authorizer_name", OT_CONFIG_TEXT, CMRT, "", AT(authorizer_name),
     .help = "Who authorizes the CMRT. Required for export cmrt."},
    {"authorizer_title", OT_CONFIG_TEXT, CMRT, "", AT(authorizer_title),
     .help = "The authorizer's title. Optional."},
    {"authorizer_email", OT_CONFIG_EMAIL, CMRT, "", AT(authorizer_email),
     .help = "The authorizer's e-mail address. Required for export cmrt."},
    {"authorizer_phone", OT_CONFIG_TEXT, CMRT, "", AT(authorizer_phone),
     .help = "The authorizer's phone. Optional."},
    {"cmrt_effective_date", OT_CONFIG_TEXT, CMRT, "", AT(cmrt_effective_date),
     .help = "Effective date of the CMRT, YYYY-MM-DD. Empty: the day of the export."},
    {"cmrt_policy", OT_CONFIG_TEXT, CMRT, "", AT(cmrt_policy),
     .help = "CMRT question A, yes or no: have you established a responsible minerals "
             "sourcing policy? (Question B is answered from policy_url: yes with the URL, or "
             "no.) Required for export cmrt, like C, D, F, G and H."},
    {"cmrt_require_validated", OT_CONFIG_TEXT, CMRT, "", AT(cmrt_require_validated),
     .help =
         "CMRT question C, yes or no: do you require your direct suppliers to source from smelters "
         "validated by an independent third-party audit program?"},
    {"cmrt_due_diligence", OT_CONFIG_TEXT, CMRT, "", AT(cmrt_due_diligence),
     .help =
         "CMRT question D, yes or no: have you implemented due diligence measures for responsible "
         "sourcing?"},
    {"cmrt_survey", OT_CONFIG_ENUM, CMRT, "cmrt", AT(cmrt_survey), .values = surveys,
     .help = "CMRT question E: do you survey your relevant suppliers? cmrt = yes, in "
             "conformance with IPC1755 (what oretrace's campaigns do), other = yes, using "
             "another format, no."},
    {"cmrt_review", OT_CONFIG_TEXT, CMRT, "", AT(cmrt_review),
     .help =
         "CMRT question F, yes or no: do you review the due diligence information received from "
         "suppliers against your company's expectations?"},
    {"cmrt_corrective", OT_CONFIG_TEXT, CMRT, "", AT(cmrt_corrective),
     .help = "CMRT question G, yes or no: does your review process include corrective action "
             "management?"},
    {"cmrt_disclosure", OT_CONFIG_TEXT, CMRT, "", AT(cmrt_disclosure),
     .help = "CMRT question H: is your company required to file an annual conflict minerals "
             "disclosure? sec, eu, sec_eu (both) or no."},
};

const size_t ot_config_key_count = sizeof ot_config_keys / sizeof ot_config_keys[0];

const ot_config_key *ot_config_key_find(const char *name)
{
    for (size_t i = 0; i < ot_config_key_count; i++)
        if (strcmp(ot_config_keys[i].name, name) == 0) return &ot_config_keys[i];
    return NULL;
}
