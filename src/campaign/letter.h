/* letter.h - the texts of requests, reminders and escalation notices: user-editable
 * templates with {{placeholders}}, rendered per supplier.
 *
 * The templates live in WORKSPACE/templates/request.txt, reminder.txt, escalation.txt and
 * correction.txt
 * (written with the defaults below on first use, then the user's to edit). Format:
 * leading lines starting with '#' are comments, then a "Subject: ..." line, a blank
 * line and the body. A placeholder is {{name}} with a name from ot_letter_placeholders;
 * an unknown name is an error naming the file line, so a typo never reaches a supplier. */
#ifndef OT_LETTER_H
#define OT_LETTER_H

#include <stddef.h>

#include "util/error.h"
#include "util/strbuf.h"

typedef enum {
    OT_LETTER_REQUEST = 0,
    OT_LETTER_REMINDER,
    OT_LETTER_ESCALATION,
    OT_LETTER_CORRECTION, /* a current file that cannot be used: the findings to correct */
    OT_LETTER__COUNT
} ot_letter_kind;

typedef struct ot_letter_var {
    const char *name;
    const char *value; /* NULL renders as "" */
} ot_letter_var;

/* The placeholder names a template may use (NULL-terminated), each with a description
 * (the default templates list them in their comment header). */
extern const char *const ot_letter_placeholders[][2];

/* "request.txt", "reminder.txt", "escalation.txt", "correction.txt". */
const char *ot_letter_file_name(ot_letter_kind kind);
/* The built-in text of a template. */
const char *ot_letter_default_text(ot_letter_kind kind);

/* Renders a template. where names the template in error messages. */
ot_code ot_letter_render(const char *tmpl, const char *where, const ot_letter_var *vars,
                         size_t n_vars, ot_strbuf *subject, ot_strbuf *body, ot_error *err);

/* Creates WORKSPACE/templates/ and writes each missing template with its default. */
ot_code ot_letter_ensure_files(const char *workspace, ot_error *err);
/* Reads WORKSPACE/templates/<kind>.txt, writing the default first when missing. The
 * text is malloc'd. */
ot_code ot_letter_load(const char *workspace, ot_letter_kind kind, char **text, ot_error *err);

#endif
