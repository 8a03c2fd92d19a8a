/* cmrt_writer.h - the company's own CMRT / EMRT: the official, empty RMI template with its
 * input cells filled, everything else kept byte for byte.
 *
 * ot_cmrt_fill is a pure function: template bytes + an ot_cmrt_input -> workbook bytes.
 * It finds every input cell through the template module's per-version layout (the same
 * tables `inspect` reads with), so nothing here names a cell of a particular version.
 * Every zip entry is copied unchanged (raw, not recompressed) except:
 *  - the worksheets whose cells change (Declaration; Smelter List and Product List when
 *    they get rows), edited as a stream: only the target <c> elements are replaced, each
 *    keeps its style (s=), data validations and everything else stay as they are. Text is
 *    written as inline strings (t="inlineStr"), so xl/sharedStrings.xml stays untouched;
 *  - xl/workbook.xml, whose calcPr gets fullCalcOnLoad="1" (the cached results of the
 *    template's formulas describe the empty template; Excel and LibreOffice recalculate);
 *  - xl/calcChain.xml when the template has one: dropped with its relationship and its
 *    content-type override, since a stale chain makes Excel report the file as damaged.
 * Values are checked against the template's drop-downs and country list before anything
 * is written, so the result is a file the template's own Checker accepts. As in the
 * template's cascading lists, a metal answered "No" in question 1 (or 2) gets no answer
 * to the questions after it. */
#ifndef OT_REPORT_CMRT_WRITER_H
#define OT_REPORT_CMRT_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "template/declaration.h"
#include "util/error.h"

#define OT_CMRT_QROLES 10  /* ot_question_role values */
#define OT_CMRT_CQROLES 12 /* ot_company_role values */

typedef struct ot_cmrt_answer {
    const char *answer;  /* a drop-down item (compared case-insensitively; the start of one
                            item is enough when no other item starts the same), NULL = blank */
    const char *comment; /* free text, NULL = blank */
} ot_cmrt_answer;

/* The answers for one metal, by question role (declaration.h), so one input fills every
 * version whatever its question numbers (CMRT Q3 "covered countries" has no EMRT twin). */
typedef struct ot_cmrt_metal {
    const char *metal; /* "Tin", "Cobalt", ... as the template names it */
    ot_cmrt_answer q[OT_CMRT_QROLES];
    ot_cmrt_answer company[OT_CMRT_CQROLES]; /* per-metal company questions (EMRT C) */
} ot_cmrt_metal;

/* One Smelter List row. When the template's own Smelter Look-up knows smelter_id, only the
 * ID is typed (column A) and the template's formulas fill metal, name and country; else
 * the row is entered as "Smelter not listed" with metal, name and country typed. */
typedef struct ot_cmrt_smelter {
    const char *smelter_id; /* "CID002763" or NULL */
    const char *metal, *name, *country;
    const char *recycled; /* "Yes" / "No" / "Unknown" or NULL */
    const char *comment;
} ot_cmrt_smelter;

typedef struct ot_cmrt_product {
    const char *number, *name, *comment;
} ot_cmrt_product;

/* The user's own answer to one question for one metal, replacing the derived one. */
typedef struct ot_cmrt_override {
    const char *question; /* as the template numbers it: "3" */
    const char *metal;    /* "Tin" */
    const char *answer;   /* a drop-down item */
    const char *note;     /* why; written as the answer's comment */
} ot_cmrt_override;

#define OT_CMRT_MAX_OVERRIDES 64

typedef struct ot_cmrt_input {
    const char *language;            /* the Declaration's language drop-down; NULL = keep */
    const char *fields[OT_F__COUNT]; /* company information; OT_F_SCOPE may be the letter
                                        "A"/"B"/"C"; OT_F_EFFECTIVE_DATE is ISO YYYY-MM-DD */
    size_t metal_count;              /* the metals declared on (EMRT 2.x: the selection) */
    const ot_cmrt_metal *metals;
    ot_cmrt_answer company[OT_CMRT_CQROLES]; /* company questions A-H by role */
    size_t smelter_count;
    const ot_cmrt_smelter *smelters;
    size_t product_count;
    const ot_cmrt_product *products;
    size_t override_count; /* at most OT_CMRT_MAX_OVERRIDES */
    const ot_cmrt_override *overrides;
} ot_cmrt_input;

typedef struct ot_cmrt_output {
    unsigned char *data; /* the filled workbook (malloc'd; ot_cmrt_output_free) */
    size_t len;
    char family[8], version[16]; /* of the template: "CMRT", "6.5" */
    size_t smelters_by_id;       /* rows the template's look-up fills from the ID */
    size_t smelters_not_listed;  /* rows typed as "Smelter not listed" */
    size_t products;
    size_t parts_rewritten; /* zip entries rewritten (sheets, workbook, rels, types) */
    bool calc_chain_dropped;
} ot_cmrt_output;

/* Fills the template held in tpl (an official RMI CMRT 6.x or EMRT 2.x .xlsx; `name` is
 * used in messages). Not an RMI template: OT_E_NOT_TEMPLATE; a family or version this
 * writer does not fill: OT_E_INVALID; a value outside its drop-down, a country outside
 * the template's list, more rows than the template has: OT_E_INVALID naming it. */
ot_code ot_cmrt_fill(const void *tpl, size_t tpl_len, const char *name, const ot_cmrt_input *in,
                     ot_cmrt_output *out, ot_error *err);
void ot_cmrt_output_free(ot_cmrt_output *out);

/* The metals a template declares on: a CMRT's four, or the minerals an EMRT 2.x lets the
 * declarer select ("Cobalt", ...). *family gets "CMRT" / "EMRT". Errors as ot_cmrt_fill. */
ot_code ot_cmrt_template_metals(const void *tpl, size_t tpl_len, const char *name,
                                const char *metals[OT_MAX_METALS], size_t *count, char family[8],
                                ot_error *err);

/* ot_cmrt_fill from a file to a file (written atomically: all or nothing). */
ot_code ot_cmrt_fill_file(const char *template_path, const ot_cmrt_input *in, const char *out_path,
                          ot_cmrt_output *info, ot_error *err);

#endif
