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

static const char *const web[] = {"https", "http", NULL};
static const char *const smtp[] = {"smtps", "smtp", NULL};
static const char *const routes[] = {"auto", "vendor", "bom", "both", NULL};

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
};

const size_t ot_config_key_count = sizeof ot_config_keys / sizeof ot_config_keys[0];

const ot_config_key *ot_config_key_find(const char *name)
{
    for (size_t i = 0; i < ot_config_key_count; i++)
        if (strcmp(ot_config_keys[i].name, name) == 0) return &ot_config_keys[i];
    return NULL;
}
