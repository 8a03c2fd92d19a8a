/* edgar_profile.c - the EDGAR HTML profile as data (edgar.h): the elements EDGAR accepts
 * (HTML 3.2 with some HTML 4.0 attributes) and the attributes each may carry. A rule
 * that changes is a one-line change here; the writer and the checker both read it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/edgar.h"

/* shared/docs/edgar-html.md, "Allowed elements". */
static const char *const elements[] = {
    "A",    "ADDRESS", "B",     "BIG",    "BLOCKQUOTE", "BODY", "BR",   "CAPTION", "CENTER",
    "CITE", "CODE",    "DD",    "DFN",    "DIR",        "DIV",  "DL",   "DT",      "EM",
    "FONT", "H1",      "H2",    "H3",     "H4",         "H5",   "H6",   "HEAD",    "HR",
    "HTML", "I",       "IMG",   "KBD",    "LI",         "MENU", "META", "OL",      "P",
    "PRE",  "SAMP",    "SMALL", "STRIKE", "STRONG",     "SUB",  "SUP",  "TABLE",   "TD",
    "TH",   "TITLE",   "TR",    "TT",     "U",          "UL",   "VAR",
};

/* Attributes by element ("*": any element). Event handlers (on*) are never listed. */
static const struct {
    const char *tag, *attrs;
} attributes[] = {
    {"*", " STYLE ALIGN ID TITLE LANG DIR "},
    {"A", " HREF NAME "},
    {"IMG", " SRC ALT WIDTH HEIGHT BORDER "},
    {"TABLE", " WIDTH BORDER CELLPADDING CELLSPACING BGCOLOR "},
    {"TR", " VALIGN BGCOLOR "},
    {"TD", " VALIGN WIDTH COLSPAN ROWSPAN NOWRAP BGCOLOR "},
    {"TH", " VALIGN WIDTH COLSPAN ROWSPAN NOWRAP BGCOLOR "},
    {"HR", " SIZE WIDTH NOSHADE "},
    {"FONT", " SIZE COLOR FACE "},
    {"OL", " TYPE START "},
    {"UL", " TYPE "},
    {"LI", " TYPE VALUE "},
    {"META", " NAME CONTENT HTTP-EQUIV "},
    {"BODY", " BGCOLOR TEXT "},
};

bool ot_edgar_element_allowed(const char *tag)
{
    for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
        if (strcasecmp(elements[i], tag) == 0) return true;
    return false;
}

static bool listed(const char *list, const char *attr)
{
    char word[40];
    size_t n = strlen(attr);
    if (n + 3 > sizeof word) return false;
    snprintf(word, sizeof word, " %s ", attr);
    for (char *p = word; *p; p++)
        if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    return strstr(list, word) != NULL;
}

bool ot_edgar_attribute_allowed(const char *tag, const char *attr)
{
    for (size_t i = 0; i < sizeof attributes / sizeof attributes[0]; i++)
        if ((strcmp(attributes[i].tag, "*") == 0 || strcasecmp(attributes[i].tag, tag) == 0) &&
            listed(attributes[i].attrs, attr))
            return true;
    return false;
}

bool ot_edgar_file_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n < 5 || n > 32 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
    if (strcmp(name + n - 4, ".htm") != 0) return false;
    for (size_t i = 0; i < n - 4; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9')))
            return false;
    return true;
}
