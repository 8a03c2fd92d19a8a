/* cmrt_derive.c - the rules that turn the suppliers' declarations into the company's own
 * answers to CMRT questions 1-8 (docs/cmrt-export.md, "How each answer is derived").
 *
 * The rules lean to the cautious answer: a "No" to a risk question (covered countries,
 * conflict-affected areas) is given only when every supplier that uses the metal answered
 * and said No; a "Yes" to a completeness question (all smelters identified, all
 * information reported) only when nothing is missing. Each answer carries its reason. */
#include "report/cmrt_derive.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *ot_cmrt_response_bucket(size_t responded, size_t suppliers)
{
    if (suppliers == 0 || responded == 0) return "None";
    if (responded >= suppliers) return "100%";
    /* compare in integers: responded / suppliers > 0.9 <=> 10 * responded > 9 * suppliers */
    if (10 * responded > 9 * suppliers) return "Greater than 90%";
    if (4 * responded > 3 * suppliers) return "Greater than 75%";
    if (2 * responded > suppliers) return "Greater than 50%";
    return "50% or less";
}

static void set(ot_cmrt_derived *d, int role, const char *answer, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set(ot_cmrt_derived *d, int role, const char *answer, const char *fmt, ...)
{
    d->m.q[role].answer = answer;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->why[role], sizeof d->why[role], fmt, ap);
    va_end(ap);
}

/* Q1 and Q2: Yes when any supplier says Yes. */
static bool in_use(const ot_cmrt_metal_facts *f, ot_cmrt_derived *d)
{
    const size_t *q1 = f->said[OT_Q_INTENTIONAL], *q2 = f->said[OT_Q_REMAINS];
    if (!q1[OT_SAID_YES]) {
        set(d, OT_Q_INTENTIONAL, "No", "no supplier declares %s intentionally added (%zu said No)",
            f->metal, q1[OT_SAID_NO]);
        return false;
    }
    set(d, OT_Q_INTENTIONAL, "Yes", "%zu supplier(s) declare %s intentionally added",
        q1[OT_SAID_YES], f->metal);
    if (!q2[OT_SAID_YES]) {
        set(d, OT_Q_REMAINS, "No", "no supplier using %s says it remains in the product", f->metal);
        return false;
    }
    set(d, OT_Q_REMAINS, "Yes", "%zu supplier(s) say %s remains in the product", q2[OT_SAID_YES],
        f->metal);
    return true;
}

/* A risk question (Q3, Q4): Yes when a supplier (or, for Q3, a reported mine country) says
 * so; No only when every supplier answered No and none failed to respond; else Unknown. */
static void risk_question(const ot_cmrt_facts *all, const ot_cmrt_metal_facts *f, int role,
                          size_t evidence, const char *evidence_is, ot_cmrt_derived *d)
{
    const size_t *s = f->said[role];
    size_t missing = all->suppliers - all->responded;
    if (s[OT_SAID_YES] || evidence)
        set(d, role, "Yes", "%zu supplier(s) answered Yes; %zu smelter(s) %s", s[OT_SAID_YES],
            evidence, evidence_is);
    else if (s[OT_SAID_UNKNOWN] || missing || f->unresolved > f->unresolved_typed)
        set(d, role, "Unknown",
            "%zu supplier(s) answered Unknown or left it blank, %zu did not respond, %zu "
            "smelter name(s) unresolved",
            s[OT_SAID_UNKNOWN], missing, f->unresolved - f->unresolved_typed);
    else
        set(d, role, "No", "all %zu supplier(s) using %s answered No", s[OT_SAID_NO], f->metal);
}

/* Q5: Yes only when every supplier using the metal says 100% recycled or scrap. */
static void recycled(const ot_cmrt_metal_facts *f, ot_cmrt_derived *d)
{
    const size_t *s = f->said[OT_Q_RECYCLED];
    if (s[OT_SAID_NO])
        set(d, OT_Q_RECYCLED, "No", "%zu supplier(s) source %s not only from recycled or scrap",
            s[OT_SAID_NO], f->metal);
    else if (s[OT_SAID_UNKNOWN] || !s[OT_SAID_YES])
        set(d, OT_Q_RECYCLED, "Unknown", "%zu supplier(s) answered Unknown or left it blank",
            s[OT_SAID_UNKNOWN]);
    else
        set(d, OT_Q_RECYCLED, "Yes", "all %zu supplier(s) say 100%% recycled or scrap",
            s[OT_SAID_YES]);
}

/* Q6-Q8: the campaign's response rate; all smelters identified only when everyone
 * responded, every supplier says so and no name is unresolved; all information reported
 * when every smelter and name received is on this Smelter List. */
static void completeness(const ot_cmrt_facts *all, const ot_cmrt_metal_facts *f, ot_cmrt_derived *d)
{
    const char *bucket = ot_cmrt_response_bucket(all->responded, all->suppliers);
    set(d, OT_Q_RESPONSE_RATE, bucket, "%zu of %zu in-scope supplier(s) responded", all->responded,
        all->suppliers);
    const size_t *s7 = f->said[OT_Q_ALL_SMELTERS];
    bool all_known = all->responded == all->suppliers && !s7[OT_SAID_NO] && !s7[OT_SAID_UNKNOWN] &&
                     f->unresolved == 0;
    if (all_known)
        set(d, OT_Q_ALL_SMELTERS, "Yes", "every supplier responded and identified all smelters");
    else
        set(d, OT_Q_ALL_SMELTERS, "No",
            "%zu supplier(s) did not respond, %zu did not identify all smelters, %zu smelter "
            "name(s) unresolved",
            all->suppliers - all->responded, s7[OT_SAID_NO] + s7[OT_SAID_UNKNOWN], f->unresolved);
    size_t left_out = f->unresolved - f->unresolved_typed;
    if (left_out)
        set(d, OT_Q_ALL_INFO_REPORTED, "No",
            "%zu unresolved smelter name(s) could not be listed (metal or country unknown)",
            left_out);
    else
        set(d, OT_Q_ALL_INFO_REPORTED, "Yes",
            "all %zu smelter(s) and %zu unresolved name(s) received are listed", f->smelters,
            f->unresolved_typed);
}

void ot_cmrt_derive(const ot_cmrt_facts *facts, ot_cmrt_derived *out)
{
    for (size_t i = 0; i < facts->metal_count; i++) {
        const ot_cmrt_metal_facts *f = &facts->metals[i];
        ot_cmrt_derived *d = &out[i];
        memset(d, 0, sizeof *d);
        d->m.metal = f->metal;
        if (!in_use(f, d)) continue; /* Q3-Q8 stay blank, as the template's lists require */
        risk_question(facts, f, OT_Q_COVERED_COUNTRIES, f->origin_covered,
                      "with a reported mine country among the covered countries", d);
        risk_question(facts, f, OT_Q_CAHRA, 0, "known to source from such areas", d);
        recycled(f, d);
        completeness(facts, f, d);
    }
}
