/* status.c - the RMAP status vocabulary and the spellings mapped onto it.
 *
 * RMI lists, older CFSI documents and companies' own reports word the same states
 * differently over the years ("Compliant", "Full Compliant", "CFS", "Conformant"...).
 * Every spelling here was seen in public lists or reports; extend the table, not code. */
#include <string.h>

#include "refdata/normalize.h"
#include "refdata/refdata.h"

static const char *const status_names[OT_RMAP__COUNT] = {
    "Unknown",
    "Conformant",
    "Active",
    "Non-Conformant",
    "Not Enrolled",
    "Communication Suspended",
    "Outreach Required",
    "RMI Due Diligence Review",
};

const char *ot_rmap_status_name(ot_rmap_status s)
{
    return s < OT_RMAP__COUNT ? status_names[s] : "Unknown";
}

/* Spellings after folding: lower case, words separated by single spaces. */
static const struct {
    const char *spelling;
    ot_rmap_status status;
} spellings[] = {
    {"conformant", OT_RMAP_CONFORMANT},
    {"rmap conformant", OT_RMAP_CONFORMANT},
    {"conformant smelter", OT_RMAP_CONFORMANT},
    {"conformant smelters and refiners", OT_RMAP_CONFORMANT},
    {"compliant", OT_RMAP_CONFORMANT},
    {"full compliant", OT_RMAP_CONFORMANT},
    {"fully compliant", OT_RMAP_CONFORMANT},
    {"cfs compliant", OT_RMAP_CONFORMANT},
    {"cfsp compliant", OT_RMAP_CONFORMANT},
    {"cfs", OT_RMAP_CONFORMANT},
    {"cfsp", OT_RMAP_CONFORMANT},
    {"conflict free", OT_RMAP_CONFORMANT},
    {"dcf", OT_RMAP_CONFORMANT},
    {"drc conflict free", OT_RMAP_CONFORMANT},
    {"certified", OT_RMAP_CONFORMANT},
    {"validated", OT_RMAP_CONFORMANT},
    {"rmap validated", OT_RMAP_CONFORMANT},
    {"lbma", OT_RMAP_CONFORMANT},
    {"lbma certified", OT_RMAP_CONFORMANT},
    {"rjc", OT_RMAP_CONFORMANT},
    {"rjc certified", OT_RMAP_CONFORMANT},
    {"cross recognized", OT_RMAP_CONFORMANT},
    {"re audit in progress", OT_RMAP_CONFORMANT},
    {"active", OT_RMAP_ACTIVE},
    {"rmap active", OT_RMAP_ACTIVE},
    {"active smelter", OT_RMAP_ACTIVE},
    {"active smelters and refiners", OT_RMAP_ACTIVE},
    {"in progress", OT_RMAP_ACTIVE},
    {"audit in progress", OT_RMAP_ACTIVE},
    {"in audit", OT_RMAP_ACTIVE},
    {"participating", OT_RMAP_ACTIVE},
    {"committed", OT_RMAP_ACTIVE},
    {"engaged", OT_RMAP_ACTIVE},
    {"audit scheduled", OT_RMAP_ACTIVE},
    {"non conformant", OT_RMAP_NON_CONFORMANT},
    {"nonconformant", OT_RMAP_NON_CONFORMANT},
    {"not conformant", OT_RMAP_NON_CONFORMANT},
    {"non compliant", OT_RMAP_NON_CONFORMANT},
    {"noncompliant", OT_RMAP_NON_CONFORMANT},
    {"not compliant", OT_RMAP_NON_CONFORMANT},
    {"failed", OT_RMAP_NON_CONFORMANT},
    {"failed audit", OT_RMAP_NON_CONFORMANT},
    {"not enrolled", OT_RMAP_NOT_ENROLLED},
    {"non enrolled", OT_RMAP_NOT_ENROLLED},
    {"not participating", OT_RMAP_NOT_ENROLLED},
    {"non participating", OT_RMAP_NOT_ENROLLED},
    {"not engaged", OT_RMAP_NOT_ENROLLED},
    {"declined", OT_RMAP_NOT_ENROLLED},
    {"declined to participate", OT_RMAP_NOT_ENROLLED},
    {"communication suspended", OT_RMAP_COMMUNICATION_SUSPENDED},
    {"suspended", OT_RMAP_COMMUNICATION_SUSPENDED},
    {"communication suspended not interested", OT_RMAP_COMMUNICATION_SUSPENDED},
    {"outreach required", OT_RMAP_OUTREACH_REQUIRED},
    {"outreach needed", OT_RMAP_OUTREACH_REQUIRED},
    {"outreach", OT_RMAP_OUTREACH_REQUIRED},
    {"rmi due diligence review", OT_RMAP_DUE_DILIGENCE_REVIEW},
    {"rmi due diligence review unable to proceed", OT_RMAP_DUE_DILIGENCE_REVIEW},
    {"due diligence review", OT_RMAP_DUE_DILIGENCE_REVIEW},
    {"under review", OT_RMAP_DUE_DILIGENCE_REVIEW},
    {"rmi review", OT_RMAP_DUE_DILIGENCE_REVIEW},
    {"under rmi review", OT_RMAP_DUE_DILIGENCE_REVIEW},
    {"unknown", OT_RMAP_UNKNOWN},
    {"indeterminable", OT_RMAP_UNKNOWN},
    {"indeterminate", OT_RMAP_UNKNOWN},
    {"undetermined", OT_RMAP_UNKNOWN},
    {"not known", OT_RMAP_UNKNOWN},
    {"n a", OT_RMAP_UNKNOWN},
    {"na", OT_RMAP_UNKNOWN},
    {"none", OT_RMAP_UNKNOWN},
};

bool ot_rmap_status_parse(const char *text, ot_rmap_status *out)
{
    char folded[128], words[128];
    size_t n = ot_fold_text(text, folded, sizeof folded), w = 0;
    bool space = false;
    for (size_t i = 0; i < n && w + 1 < sizeof words; i++) {
        unsigned char c = (unsigned char)folded[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (!alnum) {
            space = w > 0;
            continue;
        }
        if (space) words[w++] = ' ';
        space = false;
        if (w + 1 < sizeof words) words[w++] = (char)c;
    }
    words[w] = '\0';
    if (!w) return false;
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
        if (strcmp(words, spellings[i].spelling) == 0) {
            *out = spellings[i].status;
            return true;
        }
    return false;
}
