/* flags.c - THE red-flag table and THE risk-level table, and the one function that
 * applies them to a smelter.
 *
 * A red flag is a stable code with a reason naming the fact that raised it; the level
 * (high / medium / low) comes from the level table, first matching row wins, so the
 * combination "in a covered country AND not audited" can weigh more than either alone.
 * Adding a flag = one enum value (risk.h), one row here, one check below; docs/risk.md
 * is regenerated from these tables (docs.c) and a test keeps both in step. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refdata/normalize.h"
#include "risk/risk_internal.h"
#include "util/date.h"

#define BIT(id) (1u << (id))
#define ORIGIN                                                                                     \
    (BIT(OT_RF_LOC_COVERED) | BIT(OT_RF_LOC_CAHRA) | BIT(OT_RF_MINE_COVERED) |                     \
     BIT(OT_RF_MINE_CAHRA))
#define UNAUDITED (BIT(OT_RF_RMAP_NOT_ENROLLED) | BIT(OT_RF_RMAP_UNKNOWN))

typedef struct flag_row {
    ot_risk_flag_id id;
    const char *code, *group, *description, *why;
} flag_row;

static const flag_row flag_table[] = {
    {OT_RF_WATCHLIST, "RF-WATCHLIST", "watch",
     "The smelter (by ID, or by name under its metal) is on the company's watch list.",
     "Sanctions and credible adverse reports are red flags whatever the audit status (one "
     "filing footnotes an OFAC-sanctioned refinery that suppliers still named)."},
    {OT_RF_LOC_COVERED, "RF-LOC-COVERED", "origin",
     "The reference list places the smelter in an SEC covered country: the DRC or one of its "
     "nine adjoining countries.",
     "Rule 13p-1 asks whether 3TG may come from the covered countries; a smelter located there "
     "is the plainest reason to believe it may."},
    {OT_RF_LOC_CAHRA, "RF-LOC-CAHRA", "origin",
     "The smelter's country is on the user's CAHRA list (the whole country, or regions of it: "
     "the reason names them, as the smelter's region is not compared).",
     "The EU Regulation 2017/821 and the OECD Guidance look at conflict-affected and high-risk "
     "areas worldwide, not only at the covered countries."},
    {OT_RF_MINE_COVERED, "RF-MINE-COVERED", "origin",
     "A supplier reports a mine (country of origin) in a covered country for the smelter, in "
     "the Smelter List's mine-country cell or on the Mine List.",
     "Reported origin is direct evidence for the country-of-origin inquiry, wherever the "
     "smelter itself stands."},
    {OT_RF_MINE_CAHRA, "RF-MINE-CAHRA", "origin",
     "A supplier reports a mine for the smelter in a country on the user's CAHRA list.",
     "As RF-MINE-COVERED, for the areas the EU regulation and the OECD Guidance cover."},
    {OT_RF_RMAP_NON_CONFORMANT, "RF-RMAP-NON-CONFORMANT", "status",
     "The RMAP status on record is Non-Conformant.",
     "An audit found the smelter's due diligence not conformant with the RMAP standard."},
    {OT_RF_RMAP_SUSPENDED, "RF-RMAP-SUSPENDED", "status",
     "The RMAP status on record is Communication Suspended or RMI Due Diligence Review.",
     "RMI stopped the audit process or is reviewing allegations: the smelter is not in good "
     "standing."},
    {OT_RF_RMAP_NOT_ENROLLED, "RF-RMAP-NOT-ENROLLED", "status",
     "The RMAP status on record is Not Enrolled or Outreach Required.",
     "No audit: nothing independent supports the smelter's sourcing."},
    {OT_RF_RMAP_ACTIVE, "RF-RMAP-ACTIVE", "status",
     "The RMAP status on record is Active: committed to an audit that is not finished.",
     "Filings list active smelters apart from conformant ones; the audit may still fail."},
    {OT_RF_RMAP_UNKNOWN, "RF-RMAP-UNKNOWN", "status",
     "No RMAP status is on record: the name did not resolve to a smelter ID, no status list "
     "covers the ID, or the list says Unknown.",
     "A facility without a known status cannot be reported as conformant (filings call it "
     "\"indeterminable\")."},
    {OT_RF_RMAP_STALE, "RF-RMAP-STALE", "status",
     "The RMAP status on record is undated or older than the limit (default 180 days before "
     "the evaluation date).",
     "RMI's lists change every few weeks; a status is only meaningful with its date, and an "
     "old one can hide a suspension."},
    {OT_RF_METAL_MISMATCH, "RF-METAL-MISMATCH", "data",
     "A supplier reports a resolved smelter under a metal other than the reference list's for "
     "its ID.",
     "Either the ID or the metal is wrong; the smelter should not count until the supplier "
     "confirms it."},
    {OT_RF_COUNTRY_MISMATCH, "RF-COUNTRY-MISMATCH", "data",
     "A supplier gives a resolved smelter a country that differs from the reference list's.",
     "A different facility with a similar name, or a typing error: confirm the smelter."},
};

_Static_assert(sizeof flag_table / sizeof flag_table[0] == OT_RF__COUNT,
               "one flag_table row per ot_risk_flag_id");

typedef struct level_rule {
    ot_risk_level level;
    unsigned any_of, and_any_of;
    const char *summary, *why;
} level_rule;

static const level_rule level_table[] = {
    {OT_RISK_HIGH, BIT(OT_RF_WATCHLIST), 0, "on the watch list",
     "Sanctions and credible adverse reports outweigh any audit status."},
    {OT_RISK_HIGH, BIT(OT_RF_RMAP_NON_CONFORMANT) | BIT(OT_RF_RMAP_SUSPENDED), 0,
     "not in good standing with RMAP",
     "An audit failed, or RMI suspended or is reviewing the smelter."},
    {OT_RISK_HIGH, ORIGIN, UNAUDITED, "conflict-area origin without an audit",
     "In or sourcing from a covered country or CAHRA with nothing independent to rely on: the "
     "\"higher-risk facility\" of public filings."},
    {OT_RISK_MEDIUM, BIT(OT_RF_RMAP_ACTIVE) | UNAUDITED | BIT(OT_RF_RMAP_STALE), 0,
     "no current Conformant status",
     "Audit in progress, not audited, status unknown or out of date: follow up before relying "
     "on the smelter."},
    {OT_RISK_MEDIUM, BIT(OT_RF_METAL_MISMATCH) | BIT(OT_RF_COUNTRY_MISMATCH), 0,
     "reports contradict the reference list",
     "The smelter may be misidentified; confirm it with the supplier."},
    {OT_RISK_LOW, 0, 0, "otherwise",
     "Conformant with a current status and nothing above; origin flags may remain and are "
     "listed, since a conformant smelter in a covered country is still worth knowing."},
};

static const struct {
    ot_rmap_status status;
    ot_risk_flag_id flag; /* OT_RF__COUNT: no flag */
} status_flags[] = {
    {OT_RMAP_CONFORMANT, OT_RF__COUNT},
    {OT_RMAP_ACTIVE, OT_RF_RMAP_ACTIVE},
    {OT_RMAP_NON_CONFORMANT, OT_RF_RMAP_NON_CONFORMANT},
    {OT_RMAP_NOT_ENROLLED, OT_RF_RMAP_NOT_ENROLLED},
    {OT_RMAP_COMMUNICATION_SUSPENDED, OT_RF_RMAP_SUSPENDED},
    {OT_RMAP_OUTREACH_REQUIRED, OT_RF_RMAP_NOT_ENROLLED},
    {OT_RMAP_DUE_DILIGENCE_REVIEW, OT_RF_RMAP_SUSPENDED},
    {OT_RMAP_UNKNOWN, OT_RF_RMAP_UNKNOWN},
};

/* ---- the tables, read-only ------------------------------------------------------------- */

const char *ot_risk_level_name(ot_risk_level l)
{
    static const char *const names[] = {"low", "medium", "high"};
    return (unsigned)l < 3 ? names[l] : "low";
}

const char *ot_risk_flag_code(ot_risk_flag_id id)
{
    return (unsigned)id < OT_RF__COUNT ? flag_table[id].code : "";
}

ot_risk_flag_id ot_risk_status_flag(ot_rmap_status s)
{
    for (size_t i = 0; i < sizeof status_flags / sizeof status_flags[0]; i++)
        if (status_flags[i].status == s) return status_flags[i].flag;
    return OT_RF_RMAP_UNKNOWN;
}

ot_risk_level ot_risk_level_of(unsigned bits, size_t *rule)
{
    size_t n = sizeof level_table / sizeof level_table[0];
    for (size_t i = 0; i < n; i++) {
        const level_rule *r = &level_table[i];
        if ((r->any_of && !(bits & r->any_of)) || (r->and_any_of && !(bits & r->and_any_of)))
            continue;
        if (rule) *rule = i;
        return r->level;
    }
    if (rule) *rule = n - 1;
    return OT_RISK_LOW;
}

size_t ot_risk_flag_count(void)
{
    return OT_RF__COUNT;
}

bool ot_risk_flag_info_at(size_t i, ot_risk_flag_info *out)
{
    if (i >= OT_RF__COUNT) return false;
    const flag_row *r = &flag_table[i];
    *out = (ot_risk_flag_info){
        r->id, r->code, r->group, ot_risk_level_of(BIT(r->id), NULL), r->description, r->why};
    return true;
}

size_t ot_risk_level_rule_count(void)
{
    return sizeof level_table / sizeof level_table[0];
}

bool ot_risk_level_rule_at(size_t i, ot_risk_level_rule_info *out)
{
    if (i >= ot_risk_level_rule_count()) return false;
    const level_rule *r = &level_table[i];
    *out = (ot_risk_level_rule_info){r->level, r->any_of, r->and_any_of, r->summary, r->why};
    return true;
}

/* ---- raising flags ------------------------------------------------------------------- */

typedef struct assess_ctx {
    const ot_risk_smelter *s;
    const ot_risk_params *p;
    unsigned bits;
    char reason[OT_RF__COUNT][320];
    char seen[OT_RF__COUNT][64]; /* countries already named in a reason: "CD RW " */
} assess_ctx;

/* Popular smelters are named by thousands of suppliers in a handful of spellings: a text
 * equal to one of the last few looked at cannot change the outcome again. */
#define RECENT 8
typedef struct recent_texts {
    const char *a[RECENT], *b[RECENT];
    size_t next;
} recent_texts;

static bool same_text(const char *x, const char *y)
{
    return x == y || (x && y && strcmp(x, y) == 0);
}

/* True when (a, b) is one of the last RECENT pairs seen; remembers it otherwise. */
static bool seen_recently(recent_texts *r, const char *a, const char *b)
{
    for (size_t i = 0; i < RECENT && i < r->next; i++)
        if (same_text(r->a[i], a) && same_text(r->b[i], b)) return true;
    r->a[r->next % RECENT] = a;
    r->b[r->next % RECENT] = b;
    r->next++;
    return false;
}

/* Raises a flag with a reason, or adds to its reason when already raised. */
static void raise_flag(assess_ctx *x, ot_risk_flag_id id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void raise_flag(assess_ctx *x, ot_risk_flag_id id, const char *fmt, ...)
{
    char part[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(part, sizeof part, fmt, ap);
    va_end(ap);
    if (x->bits & BIT(id))
        ot_risk_appendf(x->reason[id], sizeof x->reason[id], "; %s", part);
    else
        snprintf(x->reason[id], sizeof x->reason[id], "%s", part);
    x->bits |= BIT(id);
}

static const char *who(const ot_risk_report *r)
{
    return r && !ot_risk_blank(r->supplier_id) ? r->supplier_id : "a supplier";
}

static void check_watch(assess_ctx *x)
{
    const ot_risk_smelter *s = x->s;
    const ot_watch_entry *e = ot_risk_watch_match(x->p->watch, s->smelter_id, s->metal, s->name);
    recent_texts names = {0};
    for (size_t i = 0; x->p->watch && !e && i < s->report_count; i++) {
        const ot_risk_report *r = &s->reports[i];
        if (!seen_recently(&names, r->name, r->metal))
            e = ot_risk_watch_match(x->p->watch, NULL, r->metal ? r->metal : s->metal, r->name);
    }
    if (e)
        raise_flag(x, OT_RF_WATCHLIST, "on the watch list: %s (%s, %s)", e->reason, e->source,
                   e->date);
}

/* "the whole country" or the regions the list names, with the first entry's source. */
static void cahra_reason(const ot_cahra_list *l, const char *alpha2, char *out, size_t cap)
{
    out[0] = '\0';
    const ot_cahra_entry *first = ot_risk_cahra_find(l, alpha2);
    bool whole = false;
    for (size_t i = 0; i < ot_risk_cahra_count(l); i++) {
        const ot_cahra_entry *e = ot_risk_cahra_at(l, i);
        if (strcmp(e->alpha2, first->alpha2) != 0) continue;
        if (!e->region[0])
            whole = true;
        else
            ot_risk_appendf(out, cap, "%s%s", out[0] ? "; " : "regions ", e->region);
    }
    if (whole) snprintf(out, cap, "the whole country");
    ot_risk_appendf(out, cap, " (%s, as of %s%s)", first->source, first->as_of,
                    ot_risk_cahra_is_example(l) ? ", EXAMPLE list" : "");
}

static void check_location(assess_ctx *x)
{
    const ot_country *c = ot_risk_country_find(x->s->country);
    if (!c) return;
    const char *name = ot_risk_country_by_code(c->alpha2)->name;
    if (ot_risk_is_covered(c->alpha2))
        raise_flag(x, OT_RF_LOC_COVERED, "located in %s, an SEC covered country", name);
    if (ot_risk_cahra_find(x->p->cahra, c->alpha2)) {
        char where[200];
        cahra_reason(x->p->cahra, c->alpha2, where, sizeof where);
        raise_flag(x, OT_RF_LOC_CAHRA, "located in %s, on the CAHRA list: %s", name, where);
    }
}

typedef struct mine_ctx {
    assess_ctx *x;
    const ot_risk_report *r;
} mine_ctx;

static void mine_flag(assess_ctx *x, ot_risk_flag_id id, const ot_risk_report *r,
                      const ot_country *c, const char *what)
{
    char tag[4];
    snprintf(tag, sizeof tag, "%s ", c->alpha2);
    if (strstr(x->seen[id], tag)) return;
    ot_risk_appendf(x->seen[id], sizeof x->seen[id], "%s", tag);
    raise_flag(x, id, "%s reports a mine in %s (%s)", who(r),
               ot_risk_country_by_code(c->alpha2)->name, what);
}

static void on_mine_country(const ot_country *c, void *ctx)
{
    mine_ctx *m = ctx;
    if (ot_risk_is_covered(c->alpha2))
        mine_flag(m->x, OT_RF_MINE_COVERED, m->r, c, "an SEC covered country");
    if (ot_risk_cahra_find(m->x->p->cahra, c->alpha2))
        mine_flag(m->x, OT_RF_MINE_CAHRA, m->r, c, "on the CAHRA list");
}

static void check_mines(assess_ctx *x)
{
    recent_texts texts = {0};
    for (size_t i = 0; i < x->s->report_count; i++) {
        const ot_risk_report *r = &x->s->reports[i];
        mine_ctx m = {x, r};
        for (size_t k = 0; r->mine_countries && k < r->mine_country_count; k++)
            if (!seen_recently(&texts, r->mine_countries[k], NULL))
                ot_risk_countries_in_text(r->mine_countries[k], on_mine_country, &m, NULL);
    }
}

static void check_status(assess_ctx *x, int32_t today, const char *today_iso, unsigned max_age)
{
    const ot_risk_smelter *s = x->s;
    if (!s->status_known || s->status == OT_RMAP_UNKNOWN) {
        if (ot_risk_blank(s->smelter_id))
            raise_flag(x, OT_RF_RMAP_UNKNOWN,
                       "not resolved to an RMI smelter ID, so no RMAP status");
        else
            raise_flag(x, OT_RF_RMAP_UNKNOWN, "no RMAP status on record for %s", s->smelter_id);
        return;
    }
    const char *status = ot_rmap_status_name(s->status);
    ot_risk_flag_id f = ot_risk_status_flag(s->status);
    bool dated = !ot_risk_blank(s->status_as_of);
    if (f != OT_RF__COUNT)
        raise_flag(x, f, "RMAP status %s%s%s", status, dated ? " as of " : "",
                   dated ? s->status_as_of : "");
    int32_t as_of;
    if (!dated || !ot_date_parse(s->status_as_of, &as_of)) {
        raise_flag(x, OT_RF_RMAP_STALE, "the RMAP status %s has no readable date%s%s", status,
                   dated ? ": " : "", dated ? s->status_as_of : "");
    } else if (today - as_of > (long)max_age) {
        char age[64];
        snprintf(age, sizeof age, "%ld days before %s (limit %u)", (long)(today - as_of), today_iso,
                 max_age);
        raise_flag(x, OT_RF_RMAP_STALE, "the RMAP status %s dates from %s, %s", status,
                   s->status_as_of, age);
    }
}

/* What suppliers report against the reference list (only for a resolved smelter: an
 * unresolved one has no reference to contradict). */
static void check_reports(assess_ctx *x)
{
    const ot_risk_smelter *s = x->s;
    if (ot_risk_blank(s->smelter_id)) return;
    const char *ref_metal = s->metal ? ot_metal_canonical(s->metal, NULL) : NULL;
    const ot_country *ref_country = ot_risk_country_find(s->country);
    for (size_t i = 0; i < s->report_count; i++) {
        const ot_risk_report *r = &s->reports[i];
        const char *m = r->metal ? ot_metal_canonical(r->metal, NULL) : NULL;
        if (ref_metal && m && strcmp(ref_metal, m) != 0)
            raise_flag(x, OT_RF_METAL_MISMATCH,
                       "%s reports it under %s; the reference list has %s for %s", who(r), m,
                       ref_metal, s->smelter_id);
        const ot_country *c = ot_risk_country_find(r->country);
        if (ref_country && c && strcmp(ref_country->alpha2, c->alpha2) != 0)
            raise_flag(x, OT_RF_COUNTRY_MISMATCH,
                       "%s gives its country as %s; the reference list says %s", who(r), r->country,
                       ot_risk_country_by_code(ref_country->alpha2)->name);
    }
}

ot_code ot_risk_assess(const ot_risk_smelter *s, const ot_risk_params *params, ot_risk_result *out,
                       ot_error *err)
{
    memset(out, 0, sizeof *out);
    static const ot_risk_params defaults = {0};
    const ot_risk_params *p = params ? params : &defaults;
    char today_iso[OT_DATE_LEN];
    int32_t today = ot_date_today();
    if (p->today && !ot_date_parse(p->today, &today))
        return ot_fail(err, OT_E_USAGE, "evaluation date \"%s\" is not a date (YYYY-MM-DD)",
                       p->today);
    ot_date_format(today, today_iso);
    ot_code rc = ot_risk_init(err);
    if (rc) return rc;
    assess_ctx x = {.s = s, .p = p};
    check_watch(&x);
    check_location(&x);
    check_mines(&x);
    check_status(&x, today, today_iso,
                 p->status_max_age_days ? p->status_max_age_days : OT_RISK_STATUS_MAX_AGE_DEFAULT);
    check_reports(&x);
    for (size_t i = 0; i < OT_RF__COUNT; i++) {
        if (!(x.bits & BIT(i))) continue;
        ot_risk_flag *f = &out->flags[out->count++];
        f->id = (ot_risk_flag_id)i;
        f->code = flag_table[i].code;
        memcpy(f->reason, x.reason[i], sizeof f->reason);
    }
    out->level = ot_risk_level_of(x.bits, &out->level_rule);
    return OT_OK;
}

bool ot_risk_result_has(const ot_risk_result *r, ot_risk_flag_id id)
{
    for (size_t i = 0; r && i < r->count; i++)
        if (r->flags[i].id == id) return true;
    return false;
}
