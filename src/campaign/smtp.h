/* smtp.h - handing a written .eml to an SMTP server (libcurl), when the workspace has
 * smtp_url set. The outbox file stays the record of what was sent; delivery is an extra.
 *
 * smtp_url: smtp://host[:port] (STARTTLS used when the server offers it), smtps://host
 * (TLS from the start); credentials as smtp://user:password@host. The envelope sender is
 * the From address; recipients are the To and Cc addresses. */
#ifndef OT_SMTP_H
#define OT_SMTP_H

#include <stddef.h>

#include "util/error.h"

/* Sends message (CRLF lines, as ot_mail_format writes it). Bounded: 30 s to connect,
 * 120 s in all. OT_E_IO with the server's or libcurl's message on failure. */
ot_code ot_smtp_send(const char *url, const char *from, const char *const *rcpts, size_t n_rcpts,
                     const char *message, size_t len, ot_error *err);

#endif
