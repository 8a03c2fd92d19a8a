/* actions_letter.c - a supplier's open corrective actions as the text its reminders and
 * escalation notices carry ({{open_actions}}, letter.h). */
#include "campaign/actions.h"

#include <string.h>

typedef struct letter_ctx {
    ot_strbuf *out;
    size_t n;
} letter_ctx;

static ot_code add_line(const ot_action_row *r, void *vctx, ot_error *err)
{
    (void)err;
    letter_ctx *c = vctx;
    if (!c->n++)
        ot_sb_puts(c->out, "\n\nPlease also address these open points of our due diligence:");
    ot_sb_puts(c->out, "\n  - ");
    if (r->due_date) ot_sb_printf(c->out, "by %s: ", r->due_date);
    ot_sb_puts(c->out, r->text);
    if (r->smelter_id) ot_sb_printf(c->out, " (smelter %s)", r->smelter_id);
    return OT_OK;
}

ot_code ot_actions_letter_text(ot_workspace *ws, int64_t campaign_id, const char *supplier_id,
                               ot_strbuf *out, ot_error *err)
{
    letter_ctx c = {out, 0};
    ot_action_filter f = {.campaign_id = campaign_id, .status = "open", .supplier_id = supplier_id};
    ot_code rc = ot_actions_each(ws, &f, add_line, &c, err);
    if (rc == OT_OK && out->failed) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    return rc;
}
