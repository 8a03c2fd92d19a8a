/* xml_scan.h - a small, hardened XML tokenizer for the few OOXML parts the reader needs.
 *
 * Why hand-written rather than expat: a CMRT "Smelter List" part inflates to ~5 MB of
 * XML for 2 500 formula rows, and reading one workbook should take a few milliseconds.
 * The reader needs only element names, a handful of attributes and text; a memchr-driven
 * scanner over the inflated bytes does that several times faster than a general SAX
 * parser with per-event callbacks (bench/xml_scan measures both on the same parts).
 * It never expands entities beyond the five predefined ones and numeric references, and
 * refuses documents with a DOCTYPE (ot_xml_check_prolog), so entity attacks cannot
 * happen. Namespace prefixes are ignored (`x:c` is `c`). Internal to the reader. */
#ifndef OT_XML_SCAN_H
#define OT_XML_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/strbuf.h"

typedef enum {
    OT_TAG_NONE = 0, /* no more tags */
    OT_TAG_START,    /* <name ...> */
    OT_TAG_EMPTY,    /* <name .../> */
    OT_TAG_END,      /* </name> */
    OT_TAG_OTHER,    /* <?...?>, <!--...-->, <![CDATA[...]]> */
    OT_TAG_BROKEN,   /* a '<' whose tag does not end inside the buffer */
} ot_tag_kind;

typedef struct ot_tag {
    ot_tag_kind kind;
    const char *start; /* the '<' */
    const char *end;   /* one past the closing '>' */
    const char *name;  /* local name (prefix stripped) */
    size_t name_len;
    const char *attrs; /* attribute text (between name and '>' or '/>') */
    size_t attrs_len;
} ot_tag;

/* Finds the next tag at or after p. Returns false (kind NONE) when none starts before end. */
bool ot_xml_next_tag(const char *p, const char *end, ot_tag *tag);

/* True when the tag's local name equals name. */
bool ot_xml_tag_is(const ot_tag *tag, const char *name);

/* Finds attribute `name` (local name, prefix ignored) in the tag's attribute text; sets
 * the raw (undecoded) value span. */
bool ot_xml_attr(const ot_tag *tag, const char *name, const char **val, size_t *len);

/* Appends the decoded text of raw XML character data to out: predefined entities,
 * numeric character references, and (when ooxml_escapes) the OOXML `_xHHHH_` escapes.
 * Unknown entity references are kept literally. Returns false on malformed UTF-8 range
 * in a character reference (the reference is then dropped). */
void ot_xml_decode(const char *s, size_t n, bool ooxml_escapes, ot_strbuf *out);

/* Refuses a DOCTYPE or entity declaration before the root element. */
ot_code ot_xml_check_prolog(const char *s, size_t n, const char *part, ot_error *err);

#endif
