/* program.c - a supplier's due-diligence program read from its declaration: program
 * strength (policy, due diligence, review of supplier information, corrective-action
 * management: strong when all four are Yes), declaration scope, and the questions on how
 * complete its own inquiry is (CMRT 6.x questions 6-8).
 *
 * The letters and numbers of those questions differ between template versions
 * (rmi-templates.md 4.6, cmr-anatomy.md 9), so they are data: one map row per family and
 * version range, found by the version the file states. Each question the map names is
 * checked against the meaning the template module gave the cell it read; a file read
 * with a neighbouring version's layout (no layout of its own) whose questions do not
 * line up gets "unknown", not a guess. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "risk/risk_internal.h"
#include "util/text.h"

#define CO OT_SCOPE_COMPANY
#define PR OT_SCOPE_PRODUCT
#define UD OT_SCOPE_USER_DEFINED
#define NONE_ OT_SCOPE_UNKNOWN
#define SCOPES_ABC                                                                                 \
    {                                                                                              \
        CO, PR, UD, NONE_                                                                          \
    }

typedef struct program_map {
    ot_family family;
    const char *from, *to; /* versions, inclusive; to NULL = and later */
    const char *label;
    const char *letters[OT_PM__COUNT]; /* NULL = not asked */
    const char *response_q, *all_smelters_q, *all_info_q;
    bool remains_exempts;   /* a metal that does not remain in the product (question 2
                               No / Unknown) needs no completeness answers */
    ot_scope_kind scope[4]; /* scope letters A-D */
    const char *note;
} program_map;

/* One row per family and version range. */
/* clang-format off */
static const program_map program_maps[] = {
    {OT_FAMILY_CMRT, "1.00", "1.00", "CMRT 1.00", {"A", "E", "I", "J"}, NULL, "4", NULL, false,
     {NONE_, NONE_, NONE_, NONE_}, "No scope field. I (verify responses) is answered \"Yes (3rd "
     "party audit)\", \"Yes (documentation review only)\" ...: any Yes counts."},
    {OT_FAMILY_CMRT, "2.00", "2.03a", "CMRT 2.00-2.03a", {"A", "E", "H", "I"}, "4", "5", NULL,
     false, {CO, UD, UD, PR}, "Scopes B (division) and C (product category) count as user-defined. "
     "Question 4 asks whether templates came back from all suppliers (\"Yes\" = 100%)."},
    {OT_FAMILY_CMRT, "3.00", "3.99", "CMRT 3.x", {"A", "E", "H", "I"}, "5", "6", "7", false,
     SCOPES_ABC, ""},
    {OT_FAMILY_CMRT, "5.00", "5.99", "CMRT 5.x", {"A", "E", "G", "H"}, NULL, NULL, NULL, false,
     SCOPES_ABC, "Letters as a public filing quotes them (cmr-anatomy.md 9). oretrace has no 5.x "
     "layout and reads such files with the 3.01 layout, where G and H mean other things, so "
     "their program comes out unknown rather than guessed."},
    {OT_FAMILY_CMRT, "6.01", NULL, "CMRT 6.01 and later", {"A", "D", "F", "G"}, "6", "7", "8", true,
     SCOPES_ABC, ""},
    {OT_FAMILY_CRT, "2.2", NULL, "CRT 2.2 and later", {"A", "C", "H", "I"}, "4", "5", "6", false,
     SCOPES_ABC, "A asks for a publicly available cobalt sourcing policy."},
    {OT_FAMILY_EMRT, "1.1", NULL, "EMRT 1.1 and later", {"A", "D", "F", "G"}, "5", "6", "7", true,
     SCOPES_ABC, ""},
    {OT_FAMILY_AMRT, "1.2", NULL, "AMRT 1.2 and later", {NULL, NULL, NULL, NULL}, "2", NULL, NULL,
     false, SCOPES_ABC, "No company-level questions: program strength is unknown."},
};
/* clang-format on */

/* The meanings a map letter must carry in the template module's reading. */
static const struct {
    const char *name, *words;
    ot_company_role roles[2]; /* OT_CQ_OTHER = unused slot */
} meanings[OT_PM__COUNT] = {
    [OT_PM_POLICY] = {"policy", "sourcing policy", {OT_CQ_POLICY, OT_CQ_POLICY_PUBLIC}},
    [OT_PM_DUE_DILIGENCE] = {"due_diligence",
                             "due-diligence measures",
                             {OT_CQ_DUE_DILIGENCE, OT_CQ_OTHER}},
    [OT_PM_REVIEW] = {"review", "review of supplier information", {OT_CQ_REVIEW, OT_CQ_OTHER}},
    [OT_PM_CORRECTIVE] = {"corrective_action",
                          "corrective-action management",
                          {OT_CQ_CORRECTIVE, OT_CQ_OTHER}},
};

/* Supplier-response answers across versions (CMRT 2.x asks "templates from all
 * suppliers?" with Yes / "No but > 75%" ..., CMRT 3.01 answers "Yes, 100%" ...). */
static const struct {
    const char *text;
    ot_response_rate rate;
} response_words[] = {
    {"100%", OT_RESP_ALL},
    {"1", OT_RESP_ALL},
    {"Greater than 90%", OT_RESP_GT90},
    {"Greater than 75%", OT_RESP_GT75},
    {"Greater than 50%", OT_RESP_GT50},
    {"50% or less", OT_RESP_LE50},
    {"None", OT_RESP_NONE},
    {"Did not survey", OT_RESP_DID_NOT_SURVEY},
    {"Yes", OT_RESP_ALL},
    {"No but > 75%", OT_RESP_GT75},
    {"No but > 50%", OT_RESP_GT50},
    {"No but > 25%", OT_RESP_LE50},
    {"No but < 25%", OT_RESP_LE50},
    {"No - none", OT_RESP_NONE},
    {"Yes, 100%", OT_RESP_ALL},
    {"No, but greater than 75%", OT_RESP_GT75},
    {"No, but greater than 50%", OT_RESP_GT50},
    {"No, but greater than 25%", OT_RESP_LE50},
    {"No, but less than 25%", OT_RESP_LE50},
};

/* ---- names ------------------------------------------------------------------------- */

const char *ot_program_strength_name(ot_program_strength s)
{
    static const char *const n[] = {"unknown", "weak", "strong"};
    return (unsigned)s < 3 ? n[s] : "unknown";
}

const char *ot_program_meaning_name(ot_program_meaning m)
{
    return (unsigned)m < OT_PM__COUNT ? meanings[m].name : "";
}

const char *ot_answer_kind_name(ot_answer_kind k)
{
    static const char *const n[] = {"blank", "yes", "no", "other"};
    return (unsigned)k < 4 ? n[k] : "blank";
}

const char *ot_scope_kind_name(ot_scope_kind k)
{
    static const char *const n[] = {"unknown", "company", "product", "user_defined"};
    return (unsigned)k < 4 ? n[k] : "unknown";
}

const char *ot_response_rate_name(ot_response_rate r)
{
    static const char *const n[] = {"not_asked", "blank", "100%", ">90%",           ">75%",
                                    ">50%",      "<=50%", "none", "did_not_survey", "other"};
    return (unsigned)r < sizeof n / sizeof n[0] ? n[r] : "other";
}

const char *ot_completeness_name(ot_completeness c)
{
    static const char *const n[] = {"unknown", "not_applicable", "complete", "incomplete"};
    return (unsigned)c < 4 ? n[c] : "unknown";
}

/* ---- the map ----------------------------------------------------------------------- */

/* Versions compare as decimal numbers with an optional letter ("6.22" < "6.3", "2.03" <
 * "2.03a"). */
static int version_cmp(const char *a, const char *b)
{
    char *ea, *eb;
    double na = strtod(a, &ea), nb = strtod(b, &eb);
    if (na < nb - 1e-9) return -1;
    if (na > nb + 1e-9) return 1;
    int sa = isalpha((unsigned char)*ea) ? tolower((unsigned char)*ea) : 0;
    int sb = isalpha((unsigned char)*eb) ? tolower((unsigned char)*eb) : 0;
    return (sa > sb) - (sa < sb);
}

static const char *version_of(const ot_declaration *d)
{
    return d->version[0] ? d->version : d->layout_version;
}

static const program_map *find_map(const ot_declaration *d)
{
    const char *v = version_of(d);
    if (!v[0] || !isdigit((unsigned char)v[0])) return NULL;
    for (size_t i = 0; i < sizeof program_maps / sizeof program_maps[0]; i++) {
        const program_map *m = &program_maps[i];
        if (m->family == d->family && version_cmp(v, m->from) >= 0 &&
            (!m->to || version_cmp(v, m->to) <= 0))
            return m;
    }
    return NULL;
}

size_t ot_program_map_count(void)
{
    return sizeof program_maps / sizeof program_maps[0];
}

bool ot_program_map_at(size_t i, ot_program_map_info *out)
{
    if (i >= ot_program_map_count()) return false;
    const program_map *m = &program_maps[i];
    memset(out, 0, sizeof *out);
    out->label = m->label;
    memcpy(out->letters, m->letters, sizeof out->letters);
    out->response_q = m->response_q;
    out->all_smelters_q = m->all_smelters_q;
    out->all_info_q = m->all_info_q;
    memcpy(out->scopes, m->scope, sizeof out->scopes);
    out->note = m->note;
    return true;
}

/* ---- answers ----------------------------------------------------------------------- */

static ot_answer_kind answer_kind(const char *v)
{
    if (ot_risk_blank(v)) return OT_ANS_BLANK;
    v += strspn(v, " \t");
    if (strncasecmp(v, "yes", 3) == 0 && !isalpha((unsigned char)v[3])) return OT_ANS_YES;
    if (strncasecmp(v, "no", 2) == 0 && !isalpha((unsigned char)v[2])) return OT_ANS_NO;
    return OT_ANS_OTHER;
}

static ot_response_rate response_rate(const char *v)
{
    if (ot_risk_blank(v)) return OT_RESP_BLANK;
    for (size_t i = 0; i < sizeof response_words / sizeof response_words[0]; i++)
        if (ot_text_equal_loose(v, response_words[i].text)) return response_words[i].rate;
    return OT_RESP_OTHER;
}

static const ot_company_question *company_question(const ot_declaration *d, const char *letter)
{
    for (size_t i = 0; letter && i < d->company_question_count; i++)
        if (strcmp(d->company_questions[i].letter, letter) == 0) return &d->company_questions[i];
    return NULL;
}

static bool meaning_matches(ot_program_meaning m, const ot_company_question *q)
{
    if (!q || q->per_metal) return false;
    for (size_t k = 0; k < 2; k++)
        if (meanings[m].roles[k] != OT_CQ_OTHER && q->role == meanings[m].roles[k]) return true;
    return false;
}

static const char *family_version(const ot_declaration *d, char buf[40])
{
    snprintf(buf, 40, "%s %s", ot_family_name(d->family), version_of(d));
    return buf;
}

/* Fills answers[] and decides strength from the four company answers. */
static void program_answers(const ot_declaration *d, const program_map *m, bool invalid,
                            ot_supplier_program *out)
{
    char fv[40];
    if (!m->letters[OT_PM_POLICY]) {
        snprintf(out->why, sizeof out->why, "%s asks no company-level questions",
                 family_version(d, fv));
        return;
    }
    for (size_t i = 0; i < OT_PM__COUNT; i++) {
        const ot_company_question *q = company_question(d, m->letters[i]);
        if (!meaning_matches((ot_program_meaning)i, q)) {
            snprintf(out->why, sizeof out->why,
                     "%s was read with the %s %s layout, where question %s "
                     "is not the %s question",
                     family_version(d, fv), ot_family_name(d->family), d->layout_version,
                     m->letters[i], meanings[i].words);
            return;
        }
        ot_program_answer *a = &out->answers[i];
        snprintf(a->letter, sizeof a->letter, "%s", m->letters[i]);
        a->answer = q->answer.answer.value;
        a->kind = answer_kind(a->answer);
    }
    out->strength = OT_PROGRAM_STRONG;
    for (size_t i = 0; i < OT_PM__COUNT; i++) {
        const ot_program_answer *a = &out->answers[i];
        if (a->kind == OT_ANS_YES) continue;
        out->strength = OT_PROGRAM_WEAK;
        ot_risk_appendf(out->why, sizeof out->why, "%s%s (%s): %s", out->why[0] ? "; " : "",
                        a->letter, meanings[i].words, a->answer ? a->answer : "not answered");
    }
    if (out->strength == OT_PROGRAM_STRONG)
        snprintf(out->why, sizeof out->why, "Yes to %s, %s, %s and %s", out->answers[0].letter,
                 out->answers[1].letter, out->answers[2].letter, out->answers[3].letter);
    if (invalid) {
        ot_risk_appendf(out->why, sizeof out->why, "; the submission is invalid");
        out->strength = OT_PROGRAM_WEAK;
    }
}

/* ---- completeness ------------------------------------------------------------------ */

static const ot_question *question_by_key(const ot_declaration *d, const char *key)
{
    for (size_t i = 0; key && i < d->question_count; i++)
        if (strcmp(d->questions[i].key, key) == 0) return &d->questions[i];
    return NULL;
}

/* The question `key` of the map, checked to carry `role`; *ok false on a mismatch. */
static const ot_question *mapped_question(const ot_declaration *d, const char *key,
                                          ot_question_role role, bool *ok)
{
    if (!key) return NULL;
    const ot_question *q = question_by_key(d, key);
    if (!q || q->role != role) *ok = false;
    return q;
}

/* Declared in use: question 1 Yes and, where the map says so, question 2 ("remains in
 * the product") not No / Unknown - the metals whose later answers the Checker wants. */
static bool metal_in_use(const ot_declaration *d, const program_map *m, size_t j)
{
    const ot_question *q1 = ot_declaration_question(d, OT_Q_INTENTIONAL);
    if (!q1 || answer_kind(q1->per_metal[j].answer.value) != OT_ANS_YES) return false;
    const ot_question *q2 = m->remains_exempts ? ot_declaration_question(d, OT_Q_REMAINS) : NULL;
    if (!q2) return true;
    const char *v = q2->per_metal[j].answer.value;
    return answer_kind(v) != OT_ANS_NO && !ot_text_equal_loose(v, "Unknown");
}

/* Higher = more of the supplier's suppliers answered. */
static int response_rank(ot_response_rate r)
{
    static const int rank[] = {
        [OT_RESP_ALL] = 7,  [OT_RESP_GT90] = 6, [OT_RESP_GT75] = 5,          [OT_RESP_GT50] = 4,
        [OT_RESP_LE50] = 3, [OT_RESP_NONE] = 2, [OT_RESP_DID_NOT_SURVEY] = 1};
    return (unsigned)r < sizeof rank / sizeof rank[0] ? rank[r] : 0;
}

static void completeness(const ot_declaration *d, const program_map *m, ot_supplier_program *out)
{
    bool ok = m->all_smelters_q != NULL;
    const ot_question *resp = mapped_question(d, m->response_q, OT_Q_RESPONSE_RATE, &ok);
    const ot_question *smel = mapped_question(d, m->all_smelters_q, OT_Q_ALL_SMELTERS, &ok);
    const ot_question *info = mapped_question(d, m->all_info_q, OT_Q_ALL_INFO_REPORTED, &ok);
    if (!ok) return; /* completeness stays unknown */
    bool all = true;
    out->lowest_response = OT_RESP_NOT_ASKED;
    for (size_t j = 0; j < d->metal_count && j < OT_MAX_METALS; j++) {
        if (!metal_in_use(d, m, j)) continue;
        ot_metal_completeness *c = &out->metals[out->metal_count++];
        c->metal = d->metals[j];
        c->response = resp ? response_rate(resp->per_metal[j].answer.value) : OT_RESP_NOT_ASKED;
        c->all_smelters = answer_kind(smel->per_metal[j].answer.value);
        c->all_info_asked = info != NULL;
        c->all_info = info ? answer_kind(info->per_metal[j].answer.value) : OT_ANS_BLANK;
        c->complete = (c->response == OT_RESP_ALL || c->response == OT_RESP_NOT_ASKED) &&
                      c->all_smelters == OT_ANS_YES && (!info || c->all_info == OT_ANS_YES);
        all = all && c->complete;
        if (c->response != OT_RESP_NOT_ASKED &&
            (out->lowest_response == OT_RESP_NOT_ASKED ||
             response_rank(c->response) < response_rank(out->lowest_response)))
            out->lowest_response = c->response;
    }
    if (!out->metal_count)
        out->completeness = OT_COMPLETE_NOT_APPLICABLE;
    else
        out->completeness = all ? OT_COMPLETE_YES : OT_COMPLETE_NO;
}

void ot_risk_supplier_program(const ot_declaration *d, bool submission_invalid,
                              ot_supplier_program *out)
{
    memset(out, 0, sizeof *out);
    if (!d) {
        snprintf(out->why, sizeof out->why, "no readable submission");
        return;
    }
    snprintf(out->scope_letter, sizeof out->scope_letter, "%s", d->scope_letter);
    const program_map *m = find_map(d);
    if (!m) {
        char fv[40];
        snprintf(out->why, sizeof out->why, "no company-question map for %s",
                 family_version(d, fv));
        return;
    }
    out->mapping = m->label;
    int letter = toupper((unsigned char)d->scope_letter[0]);
    if (letter >= 'A' && letter <= 'D') out->scope = m->scope[letter - 'A'];
    program_answers(d, m, submission_invalid, out);
    completeness(d, m, out);
}
