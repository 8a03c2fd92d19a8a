/* xml_scan.c - memchr-driven XML tokenizer (see xml_scan.h for why). */
#include "reader/xml_scan.h"

#include <stdint.h>
#include <string.h>

static bool is_name_end(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/';
}

static const char *find_seq(const char *p, const char *end, const char *seq, size_t n)
{
    while (p + n <= end) {
        const char *q = memchr(p, seq[0], (size_t)(end - p));
        if (!q || q + n > end) return NULL;
        if (memcmp(q, seq, n) == 0) return q;
        p = q + 1;
    }
    return NULL;
}

/* Finds the '>' closing a start/end tag, skipping quoted attribute values. */
static const char *tag_close(const char *p, const char *end)
{
    char quote = 0;
    for (; p < end; p++) {
        char c = *p;
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return p;
        }
    }
    return NULL;
}

static bool special_tag(const char *lt, const char *end, ot_tag *tag)
{
    const char *close = NULL;
    if (lt[1] == '?') {
        const char *q = find_seq(lt + 2, end, "?>", 2);
        close = q ? q + 2 : NULL;
    } else if (end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
        const char *q = find_seq(lt + 4, end, "-->", 3);
        close = q ? q + 3 : NULL;
    } else if (end - lt >= 9 && memcmp(lt, "<![CDATA[", 9) == 0) {
        const char *q = find_seq(lt + 9, end, "]]>", 3);
        close = q ? q + 3 : NULL;
    } else {
        const char *q = tag_close(lt + 2, end);
        close = q ? q + 1 : NULL;
    }
    tag->kind = close ? OT_TAG_OTHER : OT_TAG_BROKEN;
    tag->end = close ? close : end;
    return true;
}

bool ot_xml_next_tag(const char *p, const char *end, ot_tag *tag)
{
    memset(tag, 0, sizeof *tag);
    const char *lt = p < end ? memchr(p, '<', (size_t)(end - p)) : NULL;
    if (!lt) return false;
    tag->start = lt;
    if (lt + 1 >= end) {
        tag->kind = OT_TAG_BROKEN;
        tag->end = end;
        return true;
    }
    if (lt[1] == '?' || lt[1] == '!') return special_tag(lt, end, tag);
    bool closing = lt[1] == '/';
    const char *n = lt + (closing ? 2 : 1);
    const char *name = n;
    while (n < end && !is_name_end(*n)) {
        if (*n == ':') name = n + 1;
        n++;
    }
    const char *gt = tag_close(n, end);
    if (!gt) {
        tag->kind = OT_TAG_BROKEN;
        tag->end = end;
        return true;
    }
    tag->name = name;
    tag->name_len = (size_t)(n - name);
    tag->attrs = n;
    tag->end = gt + 1;
    if (closing) {
        tag->kind = OT_TAG_END;
        tag->attrs_len = 0;
    } else if (gt > n && gt[-1] == '/') {
        tag->kind = OT_TAG_EMPTY;
        tag->attrs_len = (size_t)(gt - 1 - n);
    } else {
        tag->kind = OT_TAG_START;
        tag->attrs_len = (size_t)(gt - n);
    }
    return true;
}

bool ot_xml_tag_is(const ot_tag *tag, const char *name)
{
    size_t n = strlen(name);
    return tag->name_len == n && memcmp(tag->name, name, n) == 0;
}

bool ot_xml_attr(const ot_tag *tag, const char *name, const char **val, size_t *len)
{
    size_t want = strlen(name);
    const char *p = tag->attrs, *end = tag->attrs + tag->attrs_len;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        const char *an = p, *local = p;
        while (p < end && *p != '=' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            if (*p == ':') local = p + 1;
            p++;
        }
        size_t local_len = (size_t)(p - local);
        while (p < end && *p != '=')
            p++;
        if (p >= end) return false;
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        if (p >= end || (*p != '"' && *p != '\'')) return false;
        char q = *p++;
        const char *v = p;
        while (p < end && *p != q)
            p++;
        if (p >= end) return false;
        /* "xmlns:x" must not match "x": only a prefixed name's local part counts */
        bool is_xmlns = (size_t)(local - an) == 6 && memcmp(an, "xmlns:", 6) == 0;
        if (!is_xmlns && local_len == want && memcmp(local, name, want) == 0) {
            *val = v;
            *len = (size_t)(p - v);
            return true;
        }
        p++;
    }
    return false;
}

static void put_utf8(uint32_t cp, ot_strbuf *out)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    ot_sb_append(out, b, n);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool valid_cp(uint32_t cp)
{
    return cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* Decodes "&...;" at s (n bytes left); returns bytes consumed, 0 when not an entity. */
static size_t decode_entity(const char *s, size_t n, ot_strbuf *out)
{
    const char *semi = memchr(s, ';', n < 12 ? n : 12);
    if (!semi) return 0;
    size_t len = (size_t)(semi - s) + 1;
    static const struct {
        const char *name;
        char c;
    } named[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strlen(named[i].name) == len && memcmp(s, named[i].name, len) == 0) {
            ot_sb_putc(out, named[i].c);
            return len;
        }
    }
    if (len >= 4 && s[1] == '#') {
        uint32_t cp = 0;
        bool hex = s[2] == 'x' || s[2] == 'X';
        for (const char *p = s + (hex ? 3 : 2); p < semi; p++) {
            int v = hex ? hexval(*p) : (*p >= '0' && *p <= '9' ? *p - '0' : -1);
            if (v < 0 || cp > 0x10FFFF) return 0;
            cp = cp * (hex ? 16 : 10) + (uint32_t)v;
        }
        if (valid_cp(cp)) put_utf8(cp, out);
        return len;
    }
    return 0;
}

void ot_xml_decode(const char *s, size_t n, bool ooxml_escapes, ot_strbuf *out)
{
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] != '&' && !(ooxml_escapes && s[run] == '_'))
            run++;
        ot_sb_append(out, s + i, run - i);
        i = run;
        if (i >= n) break;
        if (s[i] == '&') {
            size_t used = decode_entity(s + i, n - i, out);
            if (!used) {
                ot_sb_putc(out, '&');
                used = 1;
            }
            i += used;
        } else { /* '_' : maybe _xHHHH_ */
            if (i + 7 <= n && s[i + 1] == 'x' && s[i + 6] == '_') {
                int h[4] = {hexval(s[i + 2]), hexval(s[i + 3]), hexval(s[i + 4]), hexval(s[i + 5])};
                if (h[0] >= 0 && h[1] >= 0 && h[2] >= 0 && h[3] >= 0) {
                    uint32_t cp = (uint32_t)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
                    if (valid_cp(cp)) put_utf8(cp, out);
                    i += 7;
                    continue;
                }
            }
            ot_sb_putc(out, '_');
            i++;
        }
    }
}

ot_code ot_xml_check_prolog(const char *s, size_t n, const char *part, ot_error *err)
{
    const char *p = s, *end = s + n;
    ot_tag t;
    while (ot_xml_next_tag(p, end, &t)) {
        if (t.kind == OT_TAG_OTHER) {
            if (t.start[1] == '!' && t.start + 2 < end && t.start[2] != '-' && t.start[2] != '[')
                return ot_fail(err, OT_E_XML_DTD,
                               "%s contains a DOCTYPE or entity declaration (refused: XML "
                               "entity expansion is never performed)",
                               part);
            p = t.end;
            continue;
        }
        if (t.kind == OT_TAG_BROKEN && t.start[1] == '!')
            return ot_fail(err, OT_E_XML_DTD, "%s contains a DOCTYPE or entity declaration", part);
        return OT_OK; /* the root element: nothing can be declared after it */
    }
    return OT_OK;
}
