/* mail.c - RFC 5322 message writer (see mail.h).
 *
 * Hand-written: Debian has MIME parsers (gmime, mimetic) but nothing small for writing
 * one text/plain message; the rules needed here (encoded-words, quoted-printable,
 * folding) are a page of code. */
#include "mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"
#include "util/email.h"
#include "util/printable.h"

static const char hex[] = "0123456789ABCDEF";

static bool is_ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E) return false;
    return true;
}

static bool has_line_break(const char *s)
{
    return s && strpbrk(s, "\r\n") != NULL;
}

bool ot_mail_address_valid(const char *email)
{
    return ot_email_address_valid(email);
}

ot_code ot_mail_new_message_id(const char *domain, char *out, size_t size, ot_error *err)
{
    unsigned char raw[16];
    ot_code rc = ot_random_bytes(raw, sizeof raw, err);
    if (rc != OT_OK) return rc;
    char r[33];
    for (int i = 0; i < 16; i++) {
        r[2 * i] = hex[raw[i] >> 4];
        r[2 * i + 1] = hex[raw[i] & 15];
    }
    r[32] = '\0';
    snprintf(out, size, "%s.oretrace@%s", r, domain && *domain ? domain : "localhost");
    return OT_OK;
}

/* ---- header encoding ------------------------------------------------------------ */

static void base64(ot_strbuf *out, const unsigned char *s, size_t n)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
                     (i + 2 < n ? s[i + 2] : 0);
        ot_sb_putc(out, b64[v >> 18 & 63]);
        ot_sb_putc(out, b64[v >> 12 & 63]);
        ot_sb_putc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
        ot_sb_putc(out, i + 2 < n ? b64[v & 63] : '=');
    }
}

/* Longest prefix of s (at most max bytes) that does not cut a UTF-8 sequence. */
static size_t utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max) return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n ? n : max;
}

void ot_mail_encode_header_text(ot_strbuf *out, const char *text, size_t used)
{
    size_t len = strlen(text);
    if (is_ascii_printable(text)) {
        /* Fold at spaces so lines stay within 78 characters where possible. */
        const char *p = text;
        while (*p) {
            const char *sp = strchr(p + 1, ' ');
            size_t word = sp ? (size_t)(sp - p) : strlen(p);
            if (p != text && *p == ' ' && used + word > 78) {
                ot_sb_puts(out, "\r\n");
                used = 0;
            }
            ot_sb_append(out, p, word);
            used += word;
            p += word;
        }
        return;
    }
    /* RFC 2047 "B" encoded-words of at most 39 bytes each (75 characters with the
     * framing), one per folded line, never splitting a UTF-8 sequence. */
    size_t pos = 0;
    while (pos < len) {
        size_t n = utf8_prefix(text + pos, len - pos, 39);
        if (pos) ot_sb_puts(out, "\r\n ");
        ot_sb_puts(out, "=?UTF-8?B?");
        base64(out, (const unsigned char *)text + pos, n);
        ot_sb_puts(out, "?=");
        pos += n;
    }
}

static void put_address(ot_strbuf *out, const ot_mail_address *a)
{
    if (a->name && *a->name) {
        if (!is_ascii_printable(a->name)) {
            ot_mail_encode_header_text(out, a->name, 0);
        } else if (strpbrk(a->name, "()<>[]:;@\\,.\"")) {
            ot_sb_putc(out, '"');
            for (const char *p = a->name; *p; p++) {
                if (*p == '"' || *p == '\\') ot_sb_putc(out, '\\');
                ot_sb_putc(out, *p);
            }
            ot_sb_putc(out, '"');
        } else {
            ot_sb_puts(out, a->name);
        }
        ot_sb_printf(out, " <%s>", a->email);
    } else {
        ot_sb_puts(out, a->email);
    }
}

static ot_code check_address(const ot_mail_address *a, const char *role, ot_error *err)
{
    char *shown = NULL;
    if (!ot_mail_address_valid(a->email)) {
        shown = ot_printable(a->email);
        ot_fail(err, OT_E_INVALID, "%s address '%s' is not a valid e-mail address", role,
                shown ? shown : "?");
    } else if (has_line_break(a->name)) {
        shown = ot_printable(a->name);
        ot_fail(err, OT_E_INVALID, "%s name \"%s\" <%s> contains a line break", role,
                shown ? shown : "?", a->email);
    } else {
        return OT_OK;
    }
    free(shown);
    return OT_E_INVALID;
}

static ot_code put_address_list(ot_strbuf *out, const char *header, const ot_mail_address *list,
                                size_t n, ot_error *err)
{
    if (!n) return OT_OK;
    ot_sb_printf(out, "%s: ", header);
    for (size_t i = 0; i < n; i++) {
        ot_code rc = check_address(&list[i], header, err);
        if (rc != OT_OK) return rc;
        if (i) ot_sb_puts(out, ",\r\n ");
        put_address(out, &list[i]);
    }
    ot_sb_puts(out, "\r\n");
    return OT_OK;
}

static void put_date(ot_strbuf *out, time_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&t, &tm);
    ot_sb_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
                 tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                 tm.tm_sec);
}

/* ---- body ----------------------------------------------------------------------- */

/* Appends one encoded unit to the current output line, with a soft break first when
 * the line would pass 76 characters ("=" at the end counts). */
static void qp_put(ot_strbuf *out, size_t *col, const char *unit, size_t n, bool last_in_line)
{
    size_t limit = last_in_line ? 76 : 75;
    if (*col + n > limit) {
        ot_sb_puts(out, "=\r\n");
        *col = 0;
    }
    ot_sb_append(out, unit, n);
    *col += n;
}

void ot_mail_encode_qp(ot_strbuf *out, const char *body)
{
    const char *p = body;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len && p[len - 1] == '\r') len--;
        size_t col = 0;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)p[i];
            bool last = i + 1 == len;
            bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
            if (c == '.' && col == 0) literal = false; /* keeps SMTP dot-stuffing out of play */
            if (literal) {
                char ch = (char)c;
                qp_put(out, &col, &ch, 1, last);
            } else {
                char unit[3] = {'=', hex[c >> 4], hex[c & 15]};
                qp_put(out, &col, unit, 3, last);
            }
        }
        ot_sb_puts(out, "\r\n");
        p += (nl ? (size_t)(nl - p) + 1 : strlen(p));
    }
}

/* ---- message -------------------------------------------------------------------- */

ot_code ot_mail_format(const ot_mail *m, ot_strbuf *out, ot_error *err)
{
    ot_code rc = check_address(&m->from, "From", err);
    if (rc != OT_OK) return rc;
    if (!m->n_to) return ot_fail(err, OT_E_INVALID, "message has no recipient");
    const char *subject = m->subject ? m->subject : "";
    if (has_line_break(subject)) {
        char *shown = ot_printable(subject);
        ot_fail(err, OT_E_INVALID, "subject \"%s\" contains a line break", shown ? shown : "?");
        free(shown);
        return OT_E_INVALID;
    }
    if (!m->message_id || has_line_break(m->message_id) || !strchr(m->message_id, '@'))
        return ot_fail(err, OT_E_INVALID, "missing or malformed Message-ID");
    for (size_t i = 0; i < m->n_extra; i++) {
        if (has_line_break(m->extra[i].value) || !is_ascii_printable(m->extra[i].value) ||
            strpbrk(m->extra[i].name, ": \r\n"))
            return ot_fail(err, OT_E_INVALID, "header %s has a value that cannot be written",
                           m->extra[i].name);
    }

    put_date(out, m->date);
    ot_sb_puts(out, "From: ");
    put_address(out, &m->from);
    ot_sb_puts(out, "\r\n");
    if ((rc = put_address_list(out, "To", m->to, m->n_to, err)) != OT_OK) return rc;
    if ((rc = put_address_list(out, "Cc", m->cc, m->n_cc, err)) != OT_OK) return rc;
    if (m->reply_to && (rc = put_address_list(out, "Reply-To", m->reply_to, 1, err)) != OT_OK)
        return rc;
    ot_sb_puts(out, "Subject: ");
    ot_mail_encode_header_text(out, subject, 9);
    ot_sb_puts(out, "\r\n");
    ot_sb_printf(out, "Message-ID: <%s>\r\n", m->message_id);
    for (size_t i = 0; i < m->n_extra; i++)
        ot_sb_printf(out, "%s: %s\r\n", m->extra[i].name, m->extra[i].value);
    ot_sb_puts(out, "MIME-Version: 1.0\r\n"
                    "Content-Type: text/plain; charset=UTF-8\r\n"
                    "Content-Transfer-Encoding: quoted-printable\r\n"
                    "\r\n");
    ot_mail_encode_qp(out, m->body ? m->body : "");
    if (out->failed) return ot_fail(err, OT_E_NOMEM, "out of memory writing an e-mail");
    return OT_OK;
}
