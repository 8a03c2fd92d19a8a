/* cmr_check.h - checks the report tests share: the visible text of an EDGAR HTML
 * document, and "every number in the text is one of the evidence's values". */
#ifndef OT_TEST_CMR_CHECK_H
#define OT_TEST_CMR_CHECK_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text a reader sees: tags dropped (a space instead), numeric references decoded to
 * '?' when not ASCII, &amp; &lt; &gt; &quot; decoded. Malloc'd. */
static inline char *visible_text(const char *html)
{
    size_t n = strlen(html);
    char *out = malloc(n + 1), *o = out;
    for (const char *p = html; *p;) {
        if (*p == '<') {
            const char *end = strchr(p, '>');
            *o++ = ' ';
            p = end ? end + 1 : p + strlen(p);
        } else if (*p == '&') {
            const char *semi = strchr(p, ';');
            if (!semi) semi = p;
            long cp = p[1] == '#' ? strtol(p + 2, NULL, 10) : 0;
            *o++ = p[1] == '#'                   ? (cp < 128 ? (char)cp : '?')
                   : strncmp(p, "&amp;", 5) == 0 ? '&'
                   : strncmp(p, "&lt;", 4) == 0  ? '<'
                   : strncmp(p, "&gt;", 4) == 0  ? '>'
                                                 : '"';
            p = semi + 1;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* Blanks every occurrence of s in text. */
static inline void blank_out(char *text, const char *s)
{
    size_t n = strlen(s);
    if (!n) return;
    for (char *p = strstr(text, s); p; p = strstr(p, s))
        memset(p, ' ', n);
}

static inline int by_length_desc(const void *a, const void *b)
{
    size_t x = strlen(*(const char *const *)a), y = strlen(*(const char *const *)b);
    return (x < y) - (x > y);
}

/* The citations of the rule and the framework, which are not figures. */
static const char *const citation_words[] = {
    "Rule 13p-1", "Exhibit 1.01", "Act of 1934", "3TG",    "Step 1",
    "Step 2",     "Step 3",       "Step 4",      "Step 5",
};

/* Removes from text (the CMR as a reader sees it) every value the evidence gives - the
 * figures as printed, the appendix rows, the unresolved reasons with their counts, the
 * override - longest first, then the citations; returns the first digit left (NULL when
 * none), i.e. a number that is not in the evidence. */
static inline const char *number_not_in_evidence(char *text, const json_t *ev)
{
    const char *values[8192];
    size_t n = 0;
    size_t i, j;
    json_t *e, *v;
    json_array_foreach(json_object_get(ev, "figures"), i, e) if (n < 8192) values[n++] =
        json_string_value(json_object_get(e, "text"));
    json_t *app = json_object_get(ev, "appendix");
    const char *row_keys[] = {"smelter_id", "status_as_of", "standard_name", "country"};
    json_array_foreach(json_object_get(app, "smelters"), i,
                       e) for (j = 0; j < 4;
                               j++) if (n < 8192 && json_is_string(json_object_get(e, row_keys[j])))
        values[n++] = json_string_value(json_object_get(e, row_keys[j]));
    static char counts[256][64];
    size_t c = 0;
    json_array_foreach(json_object_get(app, "unresolved"), i, e)
    {
        if (c < 256 && n < 8192) {
            snprintf(counts[c], sizeof counts[c], "%s: %lld",
                     json_string_value(json_object_get(e, "reason")),
                     (long long)json_integer_value(json_object_get(e, "count")));
            values[n++] = counts[c++];
        }
    }
    json_t *ov = json_object_get(json_object_get(ev, "conclusion"), "override");
    const char *ov_keys[] = {"justification", "decided_at", "actor"};
    static char decided_on[16];
    if (json_is_object(ov)) {
        for (j = 0; j < 3; j++) {
            v = json_object_get(ov, ov_keys[j]);
            if (json_is_string(v) && n < 8192) values[n++] = json_string_value(v);
        }
        snprintf(decided_on, sizeof decided_on, "%.10s",
                 json_string_value(json_object_get(ov, "decided_at")));
        values[n++] = decided_on;
    }
    for (i = 0; i < sizeof citation_words / sizeof citation_words[0]; i++)
        blank_out(text, citation_words[i]);
    qsort(values, n, sizeof *values, by_length_desc);
    for (i = 0; i < n; i++)
        if (values[i]) blank_out(text, values[i]);
    for (char *p = text; *p; p++)
        if (*p >= '0' && *p <= '9') return p;
    return NULL;
}

#endif
