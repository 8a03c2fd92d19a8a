/* strbuf.h - growable, always NUL-terminated byte string. */
#ifndef OT_STRBUF_H
#define OT_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ot_strbuf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len, cap;
    bool failed; /* an allocation failed; contents are incomplete */
} ot_strbuf;

void ot_sb_append(ot_strbuf *sb, const char *s, size_t n);
void ot_sb_puts(ot_strbuf *sb, const char *s);
void ot_sb_putc(ot_strbuf *sb, char c);
void ot_sb_printf(ot_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ot_sb_vprintf(ot_strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Returns the contents ("" when empty); valid until the next append or free. */
const char *ot_sb_str(const ot_strbuf *sb);
void ot_sb_reset(ot_strbuf *sb);
void ot_sb_free(ot_strbuf *sb);

#endif
