/* docs.c - docs/risk.md, written from the tables themselves (country sources, covered
 * countries, red flags, level rules, the program-strength map), so the document cannot
 * drift from what the code does: tests/risk/test_docs.c compares the file with this
 * output. */
#include <string.h>

#include "risk/actions.h"
#include "risk/risk_internal.h"

static void md_cell(ot_strbuf *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            ot_sb_puts(out, "\\|");
        else if (*s == '\n')
            ot_sb_putc(out, ' ');
        else
            ot_sb_putc(out, *s);
    }
}

static void sources(ot_strbuf *out, const char *which)
{
    for (size_t i = 0; i < ot_risk_table_source_count(which); i++) {
        ot_sb_puts(out, "- ");
        md_cell(out, ot_risk_table_source_at(which, i));
        ot_sb_puts(out, "\n");
    }
    ot_sb_puts(out, "\n");
}

static size_t distinct_codes(void)
{
    size_t n = 0;
    for (size_t i = 0; i < ot_risk_country_count(); i++)
        if (ot_risk_country_by_code(ot_risk_country_at(i)->alpha2) == ot_risk_country_at(i)) n++;
    return n;
}

static void countries_section(ot_strbuf *out)
{
    ot_sb_printf(out,
                 "## Countries\n\n"
                 "`data/countries.tsv` maps %zu spellings to %zu ISO 3166-1 alpha-2 / alpha-3 "
                 "codes (two of them withdrawn codes the legacy list still uses): every name of "
                 "the templates' country "
                 "drop-downs (current and legacy lists), the country spellings of the RMI smelter "
                 "look-up lists, and the ISO names. `scripts/make-countries.py` rebuilds it. "
                 "Sources:\n\n",
                 ot_risk_country_count(), distinct_codes());
    sources(out, "countries");
    ot_sb_puts(out,
               "A look-up ignores case, accents and punctuation (\"Congo, Democratic Republic of "
               "the\" = \"CONGO, DEMOCRATIC REPUBLIC OF THE\", \"Cote d'Ivoire\" = \"CÔTE "
               "D'IVOIRE\"), accepts ISO codes, and falls back to the smelter matcher's country "
               "key, which knows word order and common names (\"DRC\", \"Tanzania\", \"USA\"). "
               "A key shared by two countries (\"Virgin Islands\") finds nothing rather than a "
               "guess; \"Unknown\", \"N/A\" and \"NA\" name no country (Namibia is \"NAM\"). "
               "Legacy codes ISO has changed are mapped to today's (the legacy list "
               "spells the DRC \"ZAIRE\").\n\n"
               "A country cell holding several countries (\"Rwanda; DRC\") is split at `;` `/` "
               "`|` and line breaks, then at commas where the pieces are countries; \"recycled\" "
               "and \"scrap\" name no country.\n\n");
}

static void covered_section(ot_strbuf *out)
{
    ot_sb_puts(out, "## SEC covered countries\n\n"
                    "From `data/covered-countries.tsv`:\n\n"
                    "| ISO | country | |\n|---|---|---|\n");
    for (size_t i = 0; i < ot_risk_covered_count(); i++) {
        const ot_covered_country *c = ot_risk_covered_at(i);
        ot_sb_printf(out, "| %s | %s | %s |\n", c->alpha2, c->name,
                     c->drc ? "the DRC" : "adjoining");
    }
    ot_sb_puts(out, "\n");
    sources(out, "covered");
}

static void lists_section(ot_strbuf *out)
{
    ot_sb_printf(out,
                 "## User lists\n\n"
                 "**CAHRA list** (conflict-affected and high-risk areas, e.g. the EU's indicative "
                 "list; no official OECD list exists). CSV with a header line: `country` (ISO "
                 "code or name), optional `region` (empty = the whole country), `source`, "
                 "`as_of`. A row without source or date takes the importer's defaults. One bad "
                 "row (unknown country, unreadable date, no source) rejects the whole list with "
                 "its line number. `data/cahra-example.csv` (%s) shows the format.\n\n"
                 "**Watch list** (sanctions, credible adverse reports). CSV: `smelter_id` and/or "
                 "`name`, optional `metal`, `reason`, `source`, `date`. A smelter is on the list "
                 "when its ID matches (typed forms such as `cid 2763` accepted) or its name "
                 "matches as the smelter matcher compares names (case, punctuation and legal "
                 "forms aside), under the same metal or an entry for any metal.\n\n",
                 OT_RISK_CAHRA_EXAMPLE_SOURCE);
}

static void flag_list(ot_strbuf *out, unsigned bits)
{
    bool first = true;
    for (size_t i = 0; i < OT_RF__COUNT; i++) {
        if (!(bits & (1u << i))) continue;
        ot_sb_printf(out, "%s`%s`", first ? "" : ", ", ot_risk_flag_code((ot_risk_flag_id)i));
        first = false;
    }
}

static void flags_section(ot_strbuf *out)
{
    ot_sb_puts(out,
               "## Red flags\n\n"
               "One table (`src/risk/flags.c`); codes are stable. *Alone* is the risk level "
               "when the flag is the only one, i.e. for a smelter that is otherwise Conformant "
               "with a current status.\n\n"
               "| code | group | alone | fires when | why it matters |\n|---|---|---|---|---|\n");
    ot_risk_flag_info f;
    for (size_t i = 0; ot_risk_flag_info_at(i, &f); i++) {
        ot_sb_printf(out, "| `%s` | %s | %s | ", f.code, f.group, ot_risk_level_name(f.alone));
        md_cell(out, f.description);
        ot_sb_puts(out, " | ");
        md_cell(out, f.why);
        ot_sb_puts(out, " |\n");
    }
    ot_sb_puts(
        out,
        "\nRMAP status (refdata's vocabulary) to flag:\n\n| RMAP status | flag |\n|---|---|\n");
    for (int s = 0; s < OT_RMAP__COUNT; s++) {
        ot_risk_flag_id id = ot_risk_status_flag((ot_rmap_status)s);
        ot_sb_printf(out, "| %s | %s%s%s |\n", ot_rmap_status_name((ot_rmap_status)s),
                     id == OT_RF__COUNT ? "none" : "`",
                     id == OT_RF__COUNT ? "" : ot_risk_flag_code(id),
                     id == OT_RF__COUNT ? "" : "`");
    }
    ot_sb_printf(out,
                 "\n`RF-RMAP-STALE` is raised in addition when the status on record is undated "
                 "or older than the limit (%d days unless the caller sets another).\n\n",
                 OT_RISK_STATUS_MAX_AGE_DEFAULT);
}

static void level_section(ot_strbuf *out)
{
    ot_sb_puts(out, "## Risk level\n\n"
                    "The first rule that matches decides (`src/risk/flags.c`).\n\n"
                    "| # | level | when | why |\n|---|---|---|---|\n");
    ot_risk_level_rule_info r;
    for (size_t i = 0; ot_risk_level_rule_at(i, &r); i++) {
        ot_sb_printf(out, "| %zu | **%s** | %s", i + 1, ot_risk_level_name(r.level), r.summary);
        if (r.any_of) {
            ot_sb_puts(out, ": any of ");
            flag_list(out, r.any_of);
        }
        if (r.and_any_of) {
            ot_sb_puts(out, ", and any of ");
            flag_list(out, r.and_any_of);
        }
        ot_sb_puts(out, " | ");
        md_cell(out, r.why);
        ot_sb_puts(out, " |\n");
    }
    ot_sb_puts(out, "\n");
}

static void scope_cell(ot_strbuf *out, const ot_scope_kind s[4])
{
    bool any = false;
    for (int i = 0; i < 4; i++) {
        if (s[i] == OT_SCOPE_UNKNOWN) continue;
        ot_sb_printf(out, "%s%c %s", any ? ", " : "", 'A' + i, ot_scope_kind_name(s[i]));
        any = true;
    }
    if (!any) ot_sb_puts(out, "-");
}

static void program_section(ot_strbuf *out)
{
    ot_sb_puts(out,
               "## Supplier program strength\n\n"
               "Read from the company-level answers, keyed on meaning: sourcing **policy**, "
               "**due-diligence** measures implemented, **review** of suppliers' due-diligence "
               "information, **corrective-action** management. Strong when all four are Yes "
               "(any answer starting with Yes, such as \"Yes (documentation review only)\"); "
               "weak otherwise, or when the submission is invalid; unknown without a readable "
               "submission, for a version the map does not cover, or when a question the map "
               "names does not carry that meaning in the layout the file was read with.\n\n"
               "Completeness reads, for each metal declared in use (question 1 Yes and, where "
               "the template exempts it, question 2 not No/Unknown), how many of the supplier's "
               "suppliers responded, whether all smelters were identified and whether all "
               "smelter information received was reported: complete when 100%, Yes and Yes "
               "(where asked). It is unknown where the map names no all-smelters question "
               "(CMRT 5.x, AMRT).\n\n"
               "| template | policy | due diligence | review | corrective action | response "
               "rate | all smelters | all info | scope | note |\n"
               "|---|---|---|---|---|---|---|---|---|---|\n");
    ot_program_map_info m;
    for (size_t i = 0; ot_program_map_at(i, &m); i++) {
        ot_sb_printf(out, "| %s |", m.label);
        for (int k = 0; k < OT_PM__COUNT; k++)
            ot_sb_printf(out, " %s |", m.letters[k] ? m.letters[k] : "-");
        const char *q[] = {m.response_q, m.all_smelters_q, m.all_info_q};
        for (int k = 0; k < 3; k++)
            ot_sb_printf(out, " %s |", q[k] ? q[k] : "-");
        ot_sb_puts(out, " ");
        scope_cell(out, m.scopes);
        ot_sb_puts(out, " | ");
        md_cell(out, m.note);
        ot_sb_puts(out, " |\n");
    }
    ot_sb_puts(out, "\nCMRT 4.x is not mapped (its letters are not documented here): its program "
                    "and completeness are unknown.\n");
}

void ot_risk_markdown(ot_strbuf *out)
{
    ot_risk_init(NULL);
    ot_sb_puts(
        out,
        "# Risk: countries, red flags, risk levels, supplier programs, corrective actions\n\n"
        "<!-- Generated by ot_risk_markdown (src/risk/docs.c) from the risk tables and "
        "data/; do not edit by hand. tests/risk/test_docs.c checks that this file and "
        "the tables agree; ORETRACE_UPDATE_DOCS=1 build/tests/risk_test_docs rewrites it. -->\n\n"
        "The risk module (`src/risk/risk.h`) turns what suppliers report into the "
        "figures a due-diligence program acts on: red flags and a risk level per "
        "smelter, and per supplier the strength of its program, its declaration scope "
        "and how complete its own inquiry is. Everything below is a table in the code "
        "or a data file in `data/`; this page is generated from them.\n\n");
    countries_section(out);
    covered_section(out);
    lists_section(out);
    flags_section(out);
    level_section(out);
    program_section(out);
    ot_sb_puts(out, "\n");
    ot_action_markdown(out);
}
