/* cmr_formsd.c - the Form SD as an ot_doc (cmr.h): cover page from the filer_* settings,
 * Section 1 (Item 1.01 with the RCOI conclusion, Item 1.02), Section 3 (the exhibit list)
 * and the typed signature; and the filer settings and EDGAR file names it needs. */
#include <stdio.h>
#include <string.h>

#include "report/cmr.h"
#include "report/cmr_internal.h"

ot_code ot_cmr_filer_from_config(const ot_config *cfg, ot_cmr_filer *out, ot_error *err)
{
    const struct {
        const char *key, *value;
        const char **field;
    } keys[] = {
        {"filer_name", cfg->filer_name, &out->name},
        {"filer_state", cfg->filer_state, &out->state},
        {"filer_file_number", cfg->filer_file_number, &out->file_number},
        {"filer_irs_number", cfg->filer_irs_number, &out->irs_number},
        {"filer_address", cfg->filer_address, &out->address},
        {"filer_contact", cfg->filer_contact, &out->contact},
        {"filer_phone", cfg->filer_phone, &out->phone},
        {"filer_signer", cfg->filer_signer, &out->signer},
        {"filer_signer_title", cfg->filer_signer_title, &out->signer_title},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (!keys[i].value || !*keys[i].value)
            return ot_fail(err, OT_E_INVALID,
                           "%s is not set in oretrace.conf: the Form SD cover page needs it",
                           keys[i].key);
        *keys[i].field = keys[i].value;
    }
    return OT_OK;
}

void ot_cmr_file_names(int year, char form_sd[33], char cmr[33])
{
    snprintf(form_sd, 33, "formsd%04d.htm", year);
    snprintf(cmr, 33, "ex101cmr%04d.htm", year);
}

static void cover_page(ot_doc *d, const ot_cmr_input *in)
{
    const ot_cmr_filer *fl = in->filer;
    ot_doc_heading(d, 1, "UNITED STATES SECURITIES AND EXCHANGE COMMISSION");
    ot_doc_paragraph(d, "Washington, D.C. 20549");
    ot_doc_heading(d, 1, "FORM SD");
    ot_doc_heading(d, 2, "Specialized Disclosure Report");
    const ot_run name[] = {{.text = fl->name, .bold = true}};
    ot_doc_paragraph_runs(d, name, 1);
    ot_doc_paragraph(d, "(Exact name of registrant as specified in its charter)");
    const char *head[] = {"State or other jurisdiction of incorporation or organization",
                          "Commission file number", "IRS Employer Identification No."};
    ot_doc_table_begin(d, NULL, head, NULL, 3);
    const char *row[] = {fl->state, fl->file_number, fl->irs_number};
    ot_doc_table_row(d, row);
    ot_doc_paragraph(d, fl->address);
    ot_doc_paragraph(d, "(Address of principal executive offices, with zip code)");
    ot_strbuf sb = {0};
    ot_sb_printf(&sb, "%s, %s", fl->contact, fl->phone);
    ot_doc_paragraph(d, ot_sb_str(&sb));
    ot_doc_paragraph(d, "(Name and telephone number, including area code, of the person to "
                        "contact in connection with this report)");
    ot_doc_paragraph(d, "Check the appropriate box to indicate the rule pursuant to which this "
                        "form is being filed, and provide the period to which the information "
                        "in this form applies:");
    ot_sb_reset(&sb);
    ot_sb_puts(&sb, "[X] Rule 13p-1 under the Securities Exchange Act (17 CFR 240.13p-1) for "
                    "the reporting period from ");
    cmr_fig(in->figures, OT_FIG_REPORTING_PERIOD, &sb);
    ot_sb_puts(&sb, ".");
    ot_doc_paragraph(d, ot_sb_str(&sb));
    ot_sb_free(&sb);
}

static void item_101(ot_doc *d, const ot_cmr_input *in, const char *cmr_file)
{
    ot_doc_heading(d, 2, "Section 1 - Conflict Minerals Disclosure");
    ot_doc_heading(d, 3, "Item 1.01 Conflict Minerals Disclosure and Report");
    ot_strbuf sb = {0};
    ot_sb_printf(&sb,
                 "%s has conducted a reasonable country of origin inquiry on the tin, "
                 "tantalum, tungsten and gold (3TG) in the products it manufactured or "
                 "contracted to manufacture in the reporting period ",
                 in->filer->name);
    cmr_fig(in->figures, OT_FIG_REPORTING_PERIOD, &sb);
    ot_sb_puts(&sb, ". ");
    cmr_conclusion_sentence(in->decision, &sb);
    ot_doc_paragraph(d, ot_sb_str(&sb));
    cmr_add_decision(d, in->figures, in->decision);
    if (cmr_file) {
        ot_sb_reset(&sb);
        ot_sb_puts(&sb, "A copy of the Conflict Minerals Report is filed as Exhibit 1.01 to "
                        "this Form SD");
        if (in->public_url && *in->public_url)
            ot_sb_printf(&sb, " and is publicly available at %s", in->public_url);
        ot_sb_puts(&sb, ".");
        ot_doc_paragraph(d, ot_sb_str(&sb));
        ot_doc_heading(d, 3, "Item 1.02 Exhibit");
        ot_doc_paragraph(d, "The Conflict Minerals Report required by Item 1.01 is filed as "
                            "Exhibit 1.01 to this Form SD.");
    }
    ot_sb_free(&sb);
}

static void exhibits_and_signature(ot_doc *d, const ot_cmr_input *in, const char *cmr_file)
{
    ot_doc_heading(d, 2, "Section 2 - Resource Extraction Issuer Disclosure");
    ot_doc_heading(d, 3, "Item 2.01 Resource Extraction Issuer Disclosure and Report");
    ot_doc_paragraph(d, "Not applicable.");
    ot_doc_heading(d, 2, "Section 3 - Exhibits");
    ot_doc_heading(d, 3, "Item 3.01 Exhibits");
    if (cmr_file) {
        const char *head[] = {"Exhibit", "Description"};
        ot_doc_table_begin(d, NULL, head, NULL, 2);
        const char *row[] = {"1.01", "Conflict Minerals Report as required by Items 1.01 and "
                                     "1.02 of this Form"};
        ot_doc_table_row(d, row);
    } else {
        ot_doc_paragraph(d, "None.");
    }
    ot_doc_heading(d, 2, "SIGNATURES");
    ot_strbuf sb = {0};
    ot_sb_printf(&sb, "Pursuant to the requirements of the Securities Exchange Act of 1934, the "
                      "registrant has duly caused this report to be signed on its behalf by the "
                      "duly authorized undersigned.");
    ot_doc_paragraph(d, ot_sb_str(&sb));
    const char *head[] = {"", ""};
    ot_doc_table_begin(d, NULL, head, NULL, 2);
    ot_sb_reset(&sb);
    ot_sb_printf(&sb, "/s/ %s", in->filer->signer);
    const char *rows[][2] = {{in->filer->name, ""},
                             {"By:", ot_sb_str(&sb)},
                             {"Name:", in->filer->signer},
                             {"Title:", in->filer->signer_title},
                             {"Date:", in->signed_on}};
    for (size_t i = 0; i < 5; i++)
        ot_doc_table_row(d, rows[i]);
    ot_sb_free(&sb);
}

ot_code cmr_build_form_sd(const ot_cmr_input *in, bool with_cmr, ot_doc **out, ot_error *err)
{
    ot_doc *d = NULL;
    ot_code c = ot_doc_new("Form SD", &d, err);
    if (c != OT_OK) return c;
    char sd_file[33], cmr_file[33];
    ot_cmr_file_names((int)in->figures->v[OT_FIG_REPORTING_YEAR].number, sd_file, cmr_file);
    cover_page(d, in);
    item_101(d, in, with_cmr ? cmr_file : NULL);
    exhibits_and_signature(d, in, with_cmr ? cmr_file : NULL);
    c = ot_doc_status(d, err);
    if (c != OT_OK) {
        ot_doc_free(d);
        return c;
    }
    *out = d;
    return OT_OK;
}
