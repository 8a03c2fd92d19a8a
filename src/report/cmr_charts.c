/* cmr_charts.c - the pictures of the Conflict Minerals Report (cmr_charts.h): every
 * number they draw is one the report prints in a table or its appendix, taken from the
 * same figures value, so a chart cannot say something the text does not. The EDGAR
 * writer leaves chart blocks out (EDGAR documents carry no pictures); the PDF draws them. */
#include "report/cmr_charts.h"

#include <stdlib.h>
#include <string.h>

#include "refdata/refdata.h"

#define MAX_COUNTRIES 12 /* the rest is one "Other countries" bar */

static int metal_index(const char **metals, size_t n, const char *metal)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(metals[i], metal) == 0) return (int)i;
    return -1;
}

/* Stacked bars: one per metal, one layer per RMAP status the appendix uses. */
void cmr_chart_status_by_metal(ot_doc *d, const ot_cmr_figures *f)
{
    const char *metals[16];
    size_t nm = 0;
    for (size_t i = 0; i < f->smelter_count && nm < 16; i++)
        if (metal_index(metals, nm, f->smelters[i].metal) < 0) metals[nm++] = f->smelters[i].metal;
    if (!nm) return;
    double values[OT_RMAP__COUNT][16];
    memset(values, 0, sizeof values);
    bool used[OT_RMAP__COUNT] = {false};
    for (size_t i = 0; i < f->smelter_count; i++) {
        ot_rmap_status s = OT_RMAP_UNKNOWN;
        ot_rmap_status_parse(f->smelters[i].rmap_status, &s);
        int m = metal_index(metals, nm, f->smelters[i].metal);
        if (m < 0) continue;
        values[s][m] += 1;
        used[s] = true;
    }
    ot_chart_series series[OT_RMAP__COUNT];
    size_t ns = 0;
    /* Conformant first: the layer a reader looks for */
    static const ot_rmap_status order[] = {
        OT_RMAP_CONFORMANT,           OT_RMAP_ACTIVE,
        OT_RMAP_NON_CONFORMANT,       OT_RMAP_NOT_ENROLLED,
        OT_RMAP_OUTREACH_REQUIRED,    OT_RMAP_COMMUNICATION_SUSPENDED,
        OT_RMAP_DUE_DILIGENCE_REVIEW, OT_RMAP_UNKNOWN};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        if (used[order[k]])
            series[ns++] = (ot_chart_series){ot_rmap_status_name(order[k]), values[order[k]]};
    ot_doc_chart(d, OT_CHART_STACKED_BAR,
                 "RMAP status of the identified smelters and refiners, by metal",
                 "smelters and refiners", metals, nm, series, ns);
}

typedef struct country_count {
    const char *country;
    double n;
} country_count;

static int by_count_desc(const void *a, const void *b)
{
    const country_count *x = a, *y = b;
    if (x->n != y->n) return x->n < y->n ? 1 : -1;
    return strcmp(x->country, y->country);
}

/* Bars: identified smelters by the country the reference list places them in (a
 * location, not an origin: the caption says so). */
void cmr_chart_smelters_by_country(ot_doc *d, const ot_cmr_figures *f)
{
    if (!f->smelter_count) return;
    country_count *c = calloc(f->smelter_count, sizeof *c);
    if (!c) return;
    size_t n = 0;
    for (size_t i = 0; i < f->smelter_count; i++) {
        const char *name =
            f->smelters[i].country && *f->smelters[i].country ? f->smelters[i].country : "Unknown";
        size_t j = 0;
        while (j < n && strcmp(c[j].country, name) != 0)
            j++;
        if (j == n) c[n++] = (country_count){name, 0};
        c[j].n += 1;
    }
    qsort(c, n, sizeof *c, by_count_desc);
    const char *labels[MAX_COUNTRIES + 1];
    double values[MAX_COUNTRIES + 1];
    size_t shown = n > MAX_COUNTRIES + 1 ? MAX_COUNTRIES : n;
    for (size_t i = 0; i < shown; i++) {
        labels[i] = c[i].country;
        values[i] = c[i].n;
    }
    if (shown < n) {
        labels[shown] = "Other countries";
        values[shown] = 0;
        for (size_t i = shown; i < n; i++)
            values[shown] += c[i].n;
        shown++;
    }
    ot_chart_series s = {"smelters and refiners", values};
    ot_doc_chart(d, OT_CHART_BAR,
                 "Identified smelters and refiners by location (not country of origin)",
                 "smelters and refiners", labels, shown, &s, 1);
    free(c);
}

/* Lines: suppliers requested, answered and holding a valid answer, day by day. */
void cmr_chart_response_timeline(ot_doc *d, const ot_cmr_figures *f)
{
    const ot_cmr_timeline *t = &f->timeline;
    if (t->count < 2) return;
    const char **labels = calloc(t->count, sizeof *labels);
    if (!labels) return;
    for (size_t i = 0; i < t->count; i++)
        labels[i] = t->dates[i];
    ot_chart_series s[] = {
        {"requested", t->requested}, {"answered", t->answered}, {"valid answer", t->valid}};
    ot_doc_chart(d, OT_CHART_LINE, "Supplier responses over the campaign", "suppliers", labels,
                 t->count, s, 3);
    free(labels);
}
