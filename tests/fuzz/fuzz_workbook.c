/* fuzz_workbook.c - libFuzzer target: bytes -> ot_workbook_open_mem -> ot_template_read,
 * the path every submitted file takes (oretrace inspect / validate / ingest).
 *
 * Besides the sanitizers' own checks it traps when an input gives an error without a code
 * the reader documents or without a one-line message, so "one clear error" is fuzzed too.
 *
 * A custom mutator makes the fuzzing structure-aware: half of the mutations unzip an
 * .xlsx input, let libFuzzer mutate one inflated part and zip it again with a valid CRC
 * (tests/fuzz/zip_parts.h); otherwise a byte-level zip mutation would almost always stop
 * at a CRC or deflate error and never reach the XML code. OLE (.xls) inputs and the other
 * half are mutated as plain bytes. Build and run: docs/robustness.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zip_parts.h"
#include "reader/workbook.h"
#include "template/template.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

static int known_error(ot_code rc)
{
    switch (rc) {
    case OT_E_NOT_WORKBOOK:
    case OT_E_TRUNCATED:
    case OT_E_CORRUPT:
    case OT_E_PASSWORD:
    case OT_E_ENCRYPTION:
    case OT_E_ZIP_BOMB:
    case OT_E_XML_DTD:
    case OT_E_UNSAFE_PATH:
    case OT_E_MISSING_PART:
    case OT_E_BAD_CELL:
    case OT_E_TOO_LARGE:
    case OT_E_NOT_TEMPLATE:
        return 1;
    default:
        return 0;
    }
}

/* Messages must fit one line: util/error.c replaces control characters (a hostile file
 * once put a line break and a terminal escape into one, tests/fixtures/crashers/). */

static int one_line(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ot_error err;
    ot_error_clear(&err);
    ot_workbook *wb = NULL;
    ot_code rc = ot_workbook_open_mem(data, size, "fuzz.xlsx", NULL, &wb, &err);
    if (rc == OT_OK) {
        ot_declaration *d = NULL;
        rc = ot_template_read(wb, &d, &err);
        ot_declaration_free(d);
        ot_workbook_close(wb);
    }
    if (rc != OT_OK &&
        (!known_error(rc) || err.code != rc || !err.message[0] || !one_line(err.message)))
        __builtin_trap(); /* an error a person cannot act on: report it like a crash */
    return 0;
}

/* Unzips, mutates one part (usually XML), zips again. 0 when the input is no zip or the
 * result does not fit max_size. */
static size_t mutate_one_part(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    zp_archive a;
    if (size < 4 || memcmp(data, "PK\3\4", 4) != 0 || !zp_open(&a, data, size)) return 0;
    size_t out_len = 0;
    unsigned char *out = NULL;
    if (a.count) {
        size_t idx = (seed >> 1) % a.count, part_len = 0;
        /* prefer XML: try a few entries for one whose name ends in .xml or .rels */
        for (unsigned k = 0; k < 4; k++) {
            const char *name = zip_get_name(a.zip, idx, ZIP_FL_ENC_RAW);
            size_t n = name ? strlen(name) : 0;
            if ((n > 4 && strcmp(name + n - 4, ".xml") == 0) ||
                (n > 5 && strcmp(name + n - 5, ".rels") == 0))
                break;
            idx = (idx + 1 + (seed >> 8)) % a.count;
        }
        char *part = zp_read(&a, idx, 16u << 20, &part_len);
        size_t cap = part_len + 4096;
        uint8_t *work = part ? malloc(cap) : NULL;
        if (work) {
            memcpy(work, part, part_len);
            size_t n = LLVMFuzzerMutate(work, part_len, cap);
            out = zp_rebuild(&a, idx, work, n, (seed >> 4) & 1, &out_len);
        }
        free(work);
        free(part);
    }
    zp_close(&a);
    if (!out || out_len > max_size) {
        free(out);
        return 0;
    }
    memcpy(data, out, out_len);
    free(out);
    return out_len;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (seed & 1) {
        size_t n = mutate_one_part(data, size, max_size, seed);
        if (n) return n;
    }
    return LLVMFuzzerMutate(data, size, max_size);
}
