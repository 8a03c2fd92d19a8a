/* mail.h - writing one e-mail as an RFC 5322 message (.eml), UTF-8 throughout.
 *
 * Requests and reminders are files first: the outbox keeps exactly what was (or will be)
 * sent, any mail client opens them, and SMTP delivery (smtp.h) sends the same bytes.
 * Headers: Date, From, To, Cc, Reply-To, Subject (RFC 2047 encoded-words when not
 * ASCII), Message-ID, MIME-Version, Content-Type text/plain; charset=UTF-8 and
 * Content-Transfer-Encoding quoted-printable (7-bit safe on every relay, lines <= 76).
 * Lines end in CRLF. Values carrying CR or LF are refused (header injection). */
#ifndef OT_MAIL_H
#define OT_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/error.h"
#include "util/strbuf.h"

typedef struct ot_mail_address {
    const char *name;  /* display name, may be NULL or UTF-8 */
    const char *email; /* addr-spec, ASCII */
} ot_mail_address;

typedef struct ot_mail_header {
    const char *name, *value; /* extra header, ASCII (e.g. X-Oretrace-Token) */
} ot_mail_header;

typedef struct ot_mail {
    ot_mail_address from;
    const ot_mail_address *to;
    size_t n_to;
    const ot_mail_address *cc;
    size_t n_cc;
    const ot_mail_address *reply_to; /* may be NULL */
    const char *subject;             /* UTF-8 */
    const char *body;                /* UTF-8, LF or CRLF line ends */
    time_t date;
    const char *message_id; /* without angle brackets */
    const ot_mail_header *extra;
    size_t n_extra;
} ot_mail;

/* A plausible addr-spec: one '@', non-empty local part and dotted domain, printable
 * ASCII without spaces, angle brackets, commas or quotes. */
bool ot_mail_address_valid(const char *email);

/* A fresh Message-ID "<random>@<domain>" (without brackets) into out (>= 96 bytes). */
ot_code ot_mail_new_message_id(const char *domain, char *out, size_t size, ot_error *err);

/* Appends the whole message to out. OT_E_INVALID for a bad address or a CR/LF in a
 * header value. */
ot_code ot_mail_format(const ot_mail *m, ot_strbuf *out, ot_error *err);

/* Exposed for tests and for the SMTP side: RFC 2047 encoding of a header text (as is
 * when printable ASCII), and quoted-printable body encoding with CRLF line ends. */
void ot_mail_encode_header_text(ot_strbuf *out, const char *text, size_t first_line_used);
void ot_mail_encode_qp(ot_strbuf *out, const char *body);

#endif
