/* encoding.c - see encoding.h. */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

/* 1-based number of the line holding byte offset `at` of UTF-8 text (CRLF, LF or a lone
 * CR end a line, as in util/csv.c). */
static size_t line_at(const char *text, size_t at)
{
    size_t line = 1;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n')
            line++;
        else if (text[i] == '\r' && !(i + 1 < at && text[i + 1] == '\n'))
            line++;
    }
    return line;
}

static bool is_utf8_name(const char *e)
{
    return !e || !*e || strcasecmp(e, "utf-8") == 0 || strcasecmp(e, "utf8") == 0;
}

/* Converts with iconv from `from`; on a byte that is not a character of `from`, the line
 * is counted in what was converted before it. */
static ot_code convert(const char *in, size_t len, const char *from, char **out, size_t *out_len,
                       ot_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return ot_fail(err, OT_E_USAGE,
                       "unknown encoding '%s' (try utf-8, utf-16, latin1 or "
                       "windows-1252)",
                       from);
    size_t cap = len * 2 + 16, used = 0;
    char *buf = malloc(cap);
    ot_code rc = buf ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory converting the text");
    char *src = (char *)in;
    size_t left = len;
    while (rc == OT_OK && left) {
        char *dst = buf + used;
        size_t room = cap - used - 1;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        used = (size_t)(dst - buf);
        if (r != (size_t)-1) continue;
        if (errno == E2BIG) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                rc = ot_fail(err, OT_E_NOMEM, "out of memory converting the text");
            } else {
                buf = p;
                cap *= 2;
            }
        } else if (errno == EILSEQ) {
            rc = ot_fail(err, OT_E_INVALID, "line %zu: byte 0x%02x is not a character in %s",
                         line_at(buf, used), (unsigned char)*src, from);
        } else {
            rc = ot_fail(err, OT_E_INVALID,
                         "line %zu: the text ends in the middle of a %s "
                         "character",
                         line_at(buf, used), from);
        }
    }
    iconv_close(cd);
    if (rc != OT_OK) {
        free(buf);
        return rc;
    }
    buf[used] = '\0';
    *out = buf;
    *out_len = used;
    return OT_OK;
}

static ot_code copy_text(const unsigned char *data, size_t len, char **out, size_t *out_len,
                         ot_error *err)
{
    char *buf = malloc(len + 1);
    if (!buf) return ot_fail(err, OT_E_NOMEM, "out of memory reading the text");
    memcpy(buf, data, len);
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return OT_OK;
}

/* The converted text must be UTF-8 without NUL bytes (a C string would end there). */
static ot_code check_text(const char *text, size_t len, bool was_utf8, ot_error *err)
{
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return ot_fail(err, OT_E_INVALID,
                       "line %zu holds a NUL byte (a binary file, or UTF-16 "
                       "without a byte-order mark?)",
                       line_at(text, (size_t)(nul - text)));
    for (size_t i = 0; i < len;) {
        size_t n = ot_utf8_decode(text + i, len - i, NULL);
        if (n) {
            i += n;
            continue;
        }
        if (was_utf8)
            return ot_fail(err, OT_E_INVALID,
                           "line %zu is not valid UTF-8 (byte 0x%02x): the "
                           "file is in another encoding, such as Latin-1 or Windows-1252",
                           line_at(text, i), (unsigned char)text[i]);
        return ot_fail(err, OT_E_INVALID, "line %zu: the converted text is not valid UTF-8",
                       line_at(text, i));
    }
    return OT_OK;
}

ot_code ot_text_decode(const unsigned char *data, size_t len, const char *encoding, char **out,
                       size_t *out_len, ot_error *err)
{
    *out = NULL;
    *out_len = 0;
    const char *from = encoding;
    bool utf8 = is_utf8_name(encoding);
    if (utf8 && len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
        from = "UTF-16LE";
    else if (utf8 && len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
        from = "UTF-16BE";
    else if (utf8)
        from = NULL;
    if (from && utf8) { /* the byte-order mark said which UTF-16; it is not text */
        data += 2;
        len -= 2;
    }
    ot_code rc = from ? convert((const char *)data, len, from, out, out_len, err)
                      : copy_text(data, len, out, out_len, err);
    if (rc != OT_OK) return rc;
    if (*out_len >= 3 && memcmp(*out, "\xEF\xBB\xBF", 3) == 0) {
        memmove(*out, *out + 3, *out_len - 2); /* with the final NUL */
        *out_len -= 3;
    }
    rc = check_text(*out, *out_len, from == NULL, err);
    if (rc != OT_OK) {
        free(*out);
        *out = NULL;
        *out_len = 0;
    }
    return rc;
}
