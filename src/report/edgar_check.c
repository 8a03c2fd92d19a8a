/* edgar_check.c - checks a document against the EDGAR HTML profile (edgar.h) with expat:
 * ASCII bytes only, allowed elements and attributes only, no active content (scripts,
 * event attributes, javascript: URLs), no external references (stylesheets, images or
 * links outside the submission except SEC archive links), local links that resolve, no
 * nested tables. The document must be well-formed, as the writer makes it. */
#include <expat.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/edgar.h"

typedef struct check {
    XML_Parser parser;
    const char *name;
    const char *const *local;
    size_t local_count;
    int table_depth;
    bool failed;
    char problem[320];
} check;

static void problem(check *c, const char *fmt, const char *a, const char *b)
{
    if (c->failed) return;
    c->failed = true;
    char what[256];
    snprintf(what, sizeof what, fmt, a, b);
    snprintf(c->problem, sizeof c->problem, "%s:%lu: %s", c->name,
             (unsigned long)XML_GetCurrentLineNumber(c->parser), what);
    XML_StopParser(c->parser, XML_FALSE);
}

static bool contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0) return true;
    return false;
}

static bool is_local(const check *c, const char *target, size_t len)
{
    for (size_t i = 0; i < c->local_count; i++)
        if (strlen(c->local[i]) == len && strncmp(c->local[i], target, len) == 0) return true;
    return false;
}

static void check_href(check *c, const char *v)
{
    if (v[0] == '#') return;
    if (strncmp(v, "http://www.sec.gov/Archives/edgar/data/", 39) == 0 ||
        strncmp(v, "https://www.sec.gov/Archives/edgar/data/", 40) == 0)
        return;
    const char *hash = strchr(v, '#');
    size_t len = hash ? (size_t)(hash - v) : strlen(v);
    if (!is_local(c, v, len))
        problem(c,
                "link to %s, which is neither a document of this submission nor an SEC "
                "archive%s",
                v, "");
}

static void check_src(check *c, const char *v)
{
    size_t n = strlen(v);
    bool graphic =
        (n > 4 && (strcasecmp(v + n - 4, ".jpg") == 0 || strcasecmp(v + n - 4, ".gif") == 0)) ||
        (n > 5 && strcasecmp(v + n - 5, ".jpeg") == 0);
    if (!graphic)
        problem(c, "image %s is not a JPEG or GIF%s", v, "");
    else if (!is_local(c, v, n))
        problem(c, "image %s is not a document of this submission%s", v, "");
}

static void check_attribute(check *c, const char *tag, const char *attr, const char *v)
{
    if (!ot_edgar_attribute_allowed(tag, attr))
        problem(c, "attribute %s is not allowed on %s", attr, tag);
    else if (contains_ci(v, "javascript:") || contains_ci(v, "vbscript:") ||
             contains_ci(v, "data:"))
        problem(c, "attribute %s holds active content or a data URL: %s", attr, v);
    else if (strcasecmp(attr, "STYLE") == 0 &&
             (contains_ci(v, "url(") || contains_ci(v, "@import") || contains_ci(v, "expression(")))
        problem(c, "STYLE refers to something outside the document: %s%s", v, "");
    else if (strcasecmp(attr, "HREF") == 0)
        check_href(c, v);
    else if (strcasecmp(attr, "SRC") == 0)
        check_src(c, v);
}

static void XMLCALL on_start(void *ud, const XML_Char *tag, const XML_Char **attrs)
{
    check *c = ud;
    if (!ot_edgar_element_allowed(tag)) {
        problem(c, "element %s is not allowed%s", tag, "");
        return;
    }
    if (strcasecmp(tag, "TABLE") == 0 && c->table_depth++ > 0)
        problem(c, "a TABLE inside another TABLE%s%s", "", "");
    for (size_t i = 0; attrs[i] && !c->failed; i += 2)
        check_attribute(c, tag, attrs[i], attrs[i + 1]);
}

static void XMLCALL on_end(void *ud, const XML_Char *tag)
{
    check *c = ud;
    if (strcasecmp(tag, "TABLE") == 0) c->table_depth--;
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
    (void)data;
    problem(ud, "processing instruction <?%s?> is not allowed%s", target, "");
}

/* The first byte that is not printable ASCII (tab, CR, LF allowed), or len. */
static size_t first_non_ascii(const char *html, size_t len, unsigned long *line)
{
    *line = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)html[i];
        if (b == '\n') ++*line;
        if (!(b == '\t' || b == '\n' || b == '\r' || (b >= 0x20 && b < 0x7F))) return i;
    }
    return len;
}

ot_code ot_edgar_check(const char *name, const char *html, size_t len,
                       const char *const *local_files, size_t local_count, ot_error *err)
{
    if (!ot_edgar_file_name_ok(name))
        return ot_fail(err, OT_E_INVALID,
                       "%s: not an EDGAR file name (at most 32 lower-case letters and digits, "
                       "starting with a letter, then .htm)",
                       name);
    unsigned long line;
    size_t bad = first_non_ascii(html, len, &line);
    if (bad < len)
        return ot_fail(err, OT_E_INVALID, "%s:%lu: byte 0x%02X is not printable ASCII", name, line,
                       (unsigned char)html[bad]);
    check c = {.name = name, .local = local_files, .local_count = local_count};
    c.parser = XML_ParserCreate("US-ASCII");
    if (!c.parser) return ot_fail(err, OT_E_NOMEM, "out of memory checking %s", name);
    XML_SetUserData(c.parser, &c);
    XML_SetElementHandler(c.parser, on_start, on_end);
    XML_SetProcessingInstructionHandler(c.parser, on_pi);
    enum XML_Status st = XML_Parse(c.parser, html, (int)len, XML_TRUE);
    if (st == XML_STATUS_ERROR && !c.failed)
        snprintf(c.problem, sizeof c.problem, "%s:%lu: not well-formed: %s", name,
                 (unsigned long)XML_GetCurrentLineNumber(c.parser),
                 XML_ErrorString(XML_GetErrorCode(c.parser)));
    bool failed = c.failed || st == XML_STATUS_ERROR;
    XML_ParserFree(c.parser);
    if (failed) return ot_fail(err, OT_E_INVALID, "%s", c.problem);
    return OT_OK;
}
