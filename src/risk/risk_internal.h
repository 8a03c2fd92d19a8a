/* risk_internal.h - module-internal: the compiled-in data files and the helpers the risk
 * sources share. Nothing here is part of the public interface (risk.h). */
#ifndef OT_RISK_INTERNAL_H
#define OT_RISK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "risk/risk.h"

/* The data files (data/countries.tsv, ...) as embedded by embed.cmake (NUL-terminated). */
extern const unsigned char ot_risk_data_countries[];
extern const size_t ot_risk_data_countries_len;
extern const unsigned char ot_risk_data_covered_countries[];
extern const size_t ot_risk_data_covered_countries_len;
extern const unsigned char ot_risk_data_cahra_example[];
extern const size_t ot_risk_data_cahra_example_len;

/* Source lines of the example CAHRA list live in data/README.md (a CSV has no comment
 * lines); this is what ot_risk_table_source_at reports for it. */
#define OT_RISK_CAHRA_EXAMPLE_SOURCE "oretrace example: shows the format, NOT an authoritative list"

/* True when s is NULL or only spaces / tabs. */
bool ot_risk_blank(const char *s);

/* Bounded append of printf-style text to a fixed buffer (never overflows, stays
 * NUL-terminated). */
void ot_risk_appendf(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
