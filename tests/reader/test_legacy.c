/* test_legacy.c - the legacy half of the workbook reader on the real legacy CMRT samples:
 * OLE compound files, Excel's default-password encryption (ECMA-376 Standard packages,
 * BIFF8 RC4 and RC4 CryptoAPI) and .xls through libfreexl, plus damaged variants of
 * those files built here in memory (truncated, looping chains, wrong verifier). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/reader_internal.h"
#include "testutil.h"
#include "util/date.h"
#include "util/text.h"

#define LEGACY "rmi-templates/legacy/"

static unsigned char *load(const char *name, size_t *len)
{
    char rel[256];
    snprintf(rel, sizeof rel, LEGACY "%s", name);
    unsigned char *d = (unsigned char *)slurp(shared_path(rel), len);
    assert_non_null(d);
    return d;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static const ot_cell *cell_at(const ot_sheet *sh, const char *a1)
{
    uint32_t row, col;
    assert_true(ot_parse_a1(a1, &row, &col));
    return ot_sheet_cell(sh, row, col);
}

static const char *text_at(const ot_sheet *sh, const char *a1)
{
    const ot_cell *c = cell_at(sh, a1);
    assert_non_null(c);
    assert_int_equal(c->kind, OT_CELL_TEXT);
    return c->text;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Position of needle in hay, or (size_t)-1. */
static size_t find_bytes(const unsigned char *hay, size_t n, const unsigned char *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0) return i;
    return (size_t)-1;
}

static ot_code open_mem(const unsigned char *d, size_t n, ot_workbook **wb, ot_error *err)
{
    return ot_workbook_open_mem(d, n, "test copy", NULL, wb, err);
}

/* ---- a few CFB facts read independently of ole.c (512-byte sectors, <= 109 FAT
 * sectors, which holds for every sample) ------------------------------------------- */

static size_t cfb_sector_offset(uint32_t sec)
{
    return ((size_t)sec + 1) * 512;
}

/* File offset of the FAT entry for sector `sec`. */
static size_t cfb_fat_entry(const unsigned char *d, uint32_t sec)
{
    assert_int_equal(le16(d + 30), 9);
    assert_true(sec / 128 < le32(d + 44) && sec / 128 < 109);
    uint32_t fat_sector = le32(d + 76 + 4 * (sec / 128));
    return cfb_sector_offset(fat_sector) + 4 * (sec % 128);
}

static uint32_t cfb_next(const unsigned char *d, uint32_t sec)
{
    return le32(d + cfb_fat_entry(d, sec));
}

/* Starting sector of a root-level stream, found by scanning the directory chain. */
static uint32_t cfb_stream_start(const unsigned char *d, const char *name)
{
    size_t n = strlen(name);
    for (uint32_t sec = le32(d + 48), steps = 0; sec < 0xFFFFFFFA && steps < 1000;
         sec = cfb_next(d, sec), steps++) {
        for (int i = 0; i < 4; i++) {
            const unsigned char *e = d + cfb_sector_offset(sec) + 128 * i;
            if (le16(e + 64) != 2 * (n + 1)) continue;
            size_t k = 0;
            while (k < n && le16(e + 2 * k) == (unsigned char)name[k])
                k++;
            if (k == n) return le32(e + 116);
        }
    }
    fail_msg("stream %s not found", name);
    return 0;
}

/* ---- ECMA-376 encrypted .xlsx (Standard encryption) ------------------------------- */

static const struct {
    const char *file;
    const char *revision; /* Declaration!J3 starts with this */
} ENCRYPTED_XLSX[] = {
    {"2.02_-_empty.xlsx", "Revision 2.02"},
    {"2.03_-_empty.xlsx", "Revision 2.03"},
    {"2.03a_-_empty .xlsx", "Revision 2.03a"},
};

static void encrypted_xlsx_decrypts_to_a_zip(void **state)
{
    for (size_t i = 0; i < sizeof ENCRYPTED_XLSX / sizeof ENCRYPTED_XLSX[0]; i++) {
        size_t len;
        unsigned char *d = load(ENCRYPTED_XLSX[i].file, &len);
        ot_error err = {0};
        ot_ole *ole;
        assert_int_equal(ot_ole_open(d, len, &ole, &err), OT_OK);
        assert_true(ot_ole_has_stream(ole, "EncryptedPackage"));
        assert_true(ot_ole_has_stream(ole, "encryptioninfo")); /* names are case-blind */
        assert_false(ot_ole_has_stream(ole, "Workbook"));
        /* these samples use Standard encryption (EncryptionInfo version 4.2) */
        unsigned char *info;
        size_t info_len;
        assert_int_equal(ot_ole_read_stream(ole, "EncryptionInfo", 4096, &info, &info_len, &err),
                         OT_OK);
        assert_true(info_len > 8);
        assert_int_equal(le16(info), 4);
        assert_int_equal(le16(info + 2), 2);
        free(info);

        unsigned char *zip;
        size_t zip_len;
        assert_int_equal(ot_offcrypto_decrypt_package(ole, 64u << 20, &zip, &zip_len, &err), OT_OK);
        assert_true(zip_len > 1000);
        assert_memory_equal(zip, "PK\x03\x04", 4);
        /* a zip ends with its end-of-central-directory record: the StreamSize cut is right */
        assert_true(find_bytes(zip + zip_len - 22, 22, (const unsigned char *)"PK\x05\x06", 4) ==
                    0);
        free(zip);

        /* a limit below the package size is refused before decrypting */
        assert_int_equal(ot_offcrypto_decrypt_package(ole, 1000, &zip, &zip_len, &err),
                         OT_E_TOO_LARGE);
        assert_null(zip);
        ot_ole_close(ole);
        free(d);
    }
}

static void encrypted_xlsx_opens_as_workbook(void **state)
{
    for (size_t i = 0; i < sizeof ENCRYPTED_XLSX / sizeof ENCRYPTED_XLSX[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, LEGACY "%s", ENCRYPTED_XLSX[i].file);
        ot_error err = {0};
        ot_workbook *wb;
        assert_int_equal(ot_workbook_open(shared_path(rel), NULL, &wb, &err), OT_OK);
        assert_int_equal(ot_workbook_format(wb), OT_FORMAT_XLSX);
        assert_true(ot_workbook_was_encrypted(wb));
        const ot_sheet *sh;
        assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_OK);
        const char *j3 = text_at(sh, "J3");
        assert_true(starts_with(j3, ENCRYPTED_XLSX[i].revision));
        ot_workbook_close(wb);
    }
}

/* Agile encryption (Excel 2010+): no legacy sample uses it, so
 * scripts/make-agile-fixture.py re-encrypted the zip inside 2.03_-_empty.xlsx with Agile
 * encryption (SHA-512, AES-256) and checked the result with msoffcrypto-tool. Both
 * encrypted files must decrypt to the very same zip. */
static void agile_package_matches_standard(void **state)
{
    size_t std_len, agile_len;
    unsigned char *std = load("2.03_-_empty.xlsx", &std_len);
    unsigned char *agile =
        (unsigned char *)slurp(src_path("tests/fixtures/agile_default_password.xlsx"), &agile_len);
    assert_non_null(agile);
    ot_error err = {0};
    ot_ole *a, *b;
    assert_int_equal(ot_ole_open(std, std_len, &a, &err), OT_OK);
    assert_int_equal(ot_ole_open(agile, agile_len, &b, &err), OT_OK);
    unsigned char *info;
    size_t info_len;
    assert_int_equal(ot_ole_read_stream(b, "EncryptionInfo", 1 << 16, &info, &info_len, &err),
                     OT_OK);
    assert_int_equal(le16(info), 4);
    assert_int_equal(le16(info + 2), 4);
    free(info);
    unsigned char *zip_a, *zip_b;
    size_t len_a, len_b;
    assert_int_equal(ot_offcrypto_decrypt_package(a, 64u << 20, &zip_a, &len_a, &err), OT_OK);
    assert_int_equal(ot_offcrypto_decrypt_package(b, 64u << 20, &zip_b, &len_b, &err), OT_OK);
    assert_int_equal(len_a, len_b);
    assert_memory_equal(zip_a, zip_b, len_a);
    free(zip_a);
    free(zip_b);
    ot_ole_close(a);
    ot_ole_close(b);

    ot_workbook *wb;
    assert_int_equal(open_mem(agile, agile_len, &wb, &err), OT_OK);
    assert_true(ot_workbook_was_encrypted(wb));
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_OK);
    assert_true(starts_with(text_at(sh, "J3"), "Revision 2.03"));
    ot_workbook_close(wb);

    /* another password: change one base64 digit of the encrypted verifier hash */
    const char *attr = "encryptedVerifierHashValue=\"";
    size_t at = find_bytes(agile, agile_len, (const unsigned char *)attr, strlen(attr));
    assert_true(at != (size_t)-1);
    at += strlen(attr);
    agile[at] = agile[at] == 'A' ? 'B' : 'A';
    assert_int_equal(open_mem(agile, agile_len, &wb, &err), OT_E_PASSWORD);
    assert_non_null(strstr(err.message, "password-protected"));
    free(agile);
    free(std);
}

/* ---- BIFF8 .xls with RC4 / RC4 CryptoAPI --------------------------------------------- */

static const struct {
    const char *file;
    uint16_t major, minor; /* FILEPASS version: 1.1 = RC4 (MD5), 4.2 = RC4 CryptoAPI */
} ENCRYPTED_XLS[] = {
    {"3.01_-_empty.xls", 1, 1},
    {"3.01_-_filled.xls", 4, 2},
};

/* The Workbook stream of an OLE file (malloc'd). */
static unsigned char *workbook_stream(const unsigned char *d, size_t len, size_t *wlen)
{
    ot_error err = {0};
    ot_ole *ole;
    assert_int_equal(ot_ole_open(d, len, &ole, &err), OT_OK);
    unsigned char *w;
    assert_int_equal(ot_ole_read_stream(ole, "Workbook", len, &w, wlen, &err), OT_OK);
    ot_ole_close(ole);
    return w;
}

static void rc4_xls_decrypts_and_opens(void **state)
{
    for (size_t i = 0; i < sizeof ENCRYPTED_XLS / sizeof ENCRYPTED_XLS[0]; i++) {
        size_t len, wlen;
        unsigned char *d = load(ENCRYPTED_XLS[i].file, &len);
        unsigned char *w = workbook_stream(d, len, &wlen);
        /* BOF, then FILEPASS (0x002F) with RC4 (type 1) of the expected version */
        assert_int_equal(le16(w), 0x0809);
        size_t fp = 4 + le16(w + 2);
        assert_int_equal(le16(w + fp), 0x002F);
        assert_int_equal(le16(w + fp + 4), 1);
        assert_int_equal(le16(w + fp + 6), ENCRYPTED_XLS[i].major);
        assert_int_equal(le16(w + fp + 8), ENCRYPTED_XLS[i].minor);

        ot_error err = {0};
        ot_ole *ole;
        assert_int_equal(ot_ole_open(d, len, &ole, &err), OT_OK);
        unsigned char *plain;
        size_t plain_len;
        assert_int_equal(ot_offcrypto_decrypt_xls(d, len, ole, &plain, &plain_len, &err), OT_OK);
        ot_ole_close(ole);
        assert_non_null(plain);
        assert_int_equal(plain_len, len);
        /* same stream length, FILEPASS gone, records after it changed */
        size_t pwlen;
        unsigned char *pw = workbook_stream(plain, plain_len, &pwlen);
        assert_int_equal(pwlen, wlen);
        assert_int_not_equal(le16(pw + fp), 0x002F);
        assert_int_equal(le16(pw + fp + 2), le16(w + fp + 2));
        assert_memory_not_equal(pw + fp + 4, w + fp + 4, 32);
        free(pw);
        free(w);

        /* a plain file is left alone: decrypting the decrypted copy yields nothing */
        assert_int_equal(ot_ole_open(plain, plain_len, &ole, &err), OT_OK);
        unsigned char *again;
        size_t again_len;
        assert_int_equal(ot_offcrypto_decrypt_xls(plain, plain_len, ole, &again, &again_len, &err),
                         OT_OK);
        assert_null(again);
        ot_ole_close(ole);
        free(plain);

        ot_workbook *wb;
        assert_int_equal(open_mem(d, len, &wb, &err), OT_OK);
        assert_int_equal(ot_workbook_format(wb), OT_FORMAT_XLS);
        assert_true(ot_workbook_was_encrypted(wb));
        /* CMRT 3.01 sheets (rmi-templates.md 4.1) */
        assert_int_equal(ot_workbook_sheet_count(wb), 12);
        assert_string_equal(ot_workbook_sheet_name(wb, 3), "Declaration");
        assert_string_equal(ot_workbook_sheet_name(wb, 11), "Sheet1");
        const ot_sheet *sh;
        assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_OK);
        assert_true(starts_with(text_at(sh, "J3"), "Revision 3.01"));
        ot_workbook_close(wb);
        free(d);
    }
}

/* What the filled 3.01 sample holds, read independently with msoffcrypto-tool 5.0 (to
 * decrypt) and xlrd 1.2 (to read): company name, authorizer, an answer, a label that is a
 * formula (libfreexl skips formulas; we add their cached results), and the completion
 * date. The file uses the 1904 date system, where xlrd reports serial 40319 = 2014-05-22. */
static void filled_xls_values(void **state)
{
    size_t len;
    unsigned char *d = load("3.01_-_filled.xls", &len);
    ot_error err = {0};
    ot_workbook *wb;
    assert_int_equal(open_mem(d, len, &wb, &err), OT_OK);
    assert_true(ot_workbook_date1904(wb));
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_OK);
    assert_string_equal(text_at(sh, "D8"), "GoerTech Inc.");
    assert_string_equal(text_at(sh, "D18"), "Randy Thompson");
    assert_string_equal(text_at(sh, "D20"), "rthompson@goertech.com");
    assert_string_equal(text_at(sh, "D26"), "Yes");
    const ot_cell *label = cell_at(sh, "B8");
    assert_non_null(label);
    assert_true(label->formula);
    assert_string_equal(label->text, "Company Name (*):");
    /* formula results: a number, a text copied from D8 on another sheet, an error */
    const ot_cell *p3 = cell_at(sh, "P3");
    assert_non_null(p3);
    assert_true(p3->formula && p3->kind == OT_CELL_NUMBER && p3->number == 1.0);
    const ot_sheet *checker, *smelters;
    assert_int_equal(ot_workbook_sheet(wb, "Checker", &checker, &err), OT_OK);
    assert_string_equal(text_at(checker, "B4"), "GoerTech Inc.");
    assert_true(cell_at(checker, "B4")->formula);
    assert_int_equal(ot_workbook_sheet(wb, "Smelter List", &smelters, &err), OT_OK);
    const ot_cell *na = cell_at(smelters, "S18");
    assert_non_null(na);
    assert_int_equal(na->kind, OT_CELL_ERROR);
    assert_string_equal(na->text, "#N/A");
    const ot_cell *date = cell_at(sh, "D22");
    assert_non_null(date);
    assert_int_equal(date->kind, OT_CELL_NUMBER);
    assert_true(date->number == 40319.0);
    char iso[11];
    assert_true(ot_excel_serial_to_iso(date->number, true, iso));
    assert_string_equal(iso, "2014-05-22");
    ot_workbook_close(wb);
    free(d);

    /* the empty template has no company name */
    d = load("3.01_-_empty.xls", &len);
    assert_int_equal(open_mem(d, len, &wb, &err), OT_OK);
    assert_int_equal(ot_workbook_sheet(wb, "Declaration", &sh, &err), OT_OK);
    assert_null(cell_at(sh, "D8"));
    ot_workbook_close(wb);
    free(d);
}

static void jpeg_named_xls_is_refused(void **state)
{
    size_t len;
    unsigned char *d = (unsigned char *)slurp(vendored_path(LEGACY "invalid_cmrt.xls"), &len);
    assert_non_null(d);
    ot_error err = {0};
    ot_workbook *wb = NULL;
    assert_int_equal(open_mem(d, len, &wb, &err), OT_E_NOT_WORKBOOK);
    assert_null(wb);
    ot_ole *ole = NULL;
    assert_int_equal(ot_ole_open(d, len, &ole, &err), OT_E_NOT_WORKBOOK);
    assert_null(ole);
    free(d);
}

/* ---- damaged BIFF records (libfreexl would trust them) ------------------------------ */

/* The decrypted 3.01 workbook with `edit` applied to its Workbook stream (same length). */
typedef void (*stream_edit)(unsigned char *w, size_t len);

static ot_code open_edited_xls(stream_edit edit, ot_error *err)
{
    size_t len, plain_len, wlen;
    unsigned char *d = load("3.01_-_empty.xls", &len), *plain;
    ot_ole *ole;
    assert_int_equal(ot_ole_open(d, len, &ole, err), OT_OK);
    assert_int_equal(ot_offcrypto_decrypt_xls(d, len, ole, &plain, &plain_len, err), OT_OK);
    ot_ole_close(ole);
    free(d);
    unsigned char *w = workbook_stream(plain, plain_len, &wlen);
    edit(w, wlen);
    assert_int_equal(ot_ole_open(plain, plain_len, &ole, err), OT_OK);
    assert_int_equal(ot_ole_overwrite_stream(ole, "Workbook", plain, w, wlen, err), OT_OK);
    ot_ole_close(ole);
    free(w);
    ot_workbook *wb = NULL;
    ot_code rc = open_mem(plain, plain_len, &wb, err);
    ot_workbook_close(wb);
    free(plain);
    return rc;
}

/* Offset of the n-th record (0-based) of this type, or fails. */
static size_t find_record(const unsigned char *w, size_t len, uint16_t type, int n)
{
    for (size_t pos = 0; pos + 4 <= len; pos += 4 + le16(w + pos + 2))
        if (le16(w + pos) == type && n-- == 0) return pos;
    fail_msg("record 0x%04X not found", type);
    return 0;
}

static void dimension_too_tall(unsigned char *w, size_t len)
{
    put32(w + find_record(w, len, 0x0200, 2) + 4 + 4, 70000); /* rwMac of the 3rd sheet */
}

static void sheet_without_dimension(unsigned char *w, size_t len)
{
    /* the 2nd BoundSheet points at the 1st sheet's BOF: the 2nd sheet's own substream is
     * no longer selected, so it gets no DIMENSION (libfreexl would patch it up by
     * reallocating another sheet's grid) */
    size_t first = find_record(w, len, 0x0085, 0), second = find_record(w, len, 0x0085, 1);
    memcpy(w + second + 4, w + first + 4, 4);
}

static void sst_string_too_long(unsigned char *w, size_t len)
{
    size_t sst = find_record(w, len, 0x00FC, 0);
    w[sst + 4 + 8] = 0xFF; /* first string: 65535 characters */
    w[sst + 4 + 9] = 0xFF;
}

static void record_over_limit(unsigned char *w, size_t len)
{
    size_t sst = find_record(w, len, 0x00FC, 0);
    w[sst + 2] = 0x30; /* SST length 0x2030 = 8240 > 8224 */
    w[sst + 3] = 0x20;
}

static void format_string_too_long(unsigned char *w, size_t len)
{
    size_t fmt = find_record(w, len, 0x041E, 0);
    w[fmt + 4 + 2] = 0xF0; /* character count far beyond the record */
    w[fmt + 4 + 3] = 0x7F;
}

static void damaged_biff_is_refused(void **state)
{
    ot_error err = {0};
    assert_int_equal(open_edited_xls(dimension_too_tall, &err), OT_E_BAD_CELL);
    assert_int_equal(open_edited_xls(sheet_without_dimension, &err), OT_E_CORRUPT);
    assert_non_null(strstr(err.message, "DIMENSION"));
    assert_int_equal(open_edited_xls(sst_string_too_long, &err), OT_E_CORRUPT);
    assert_int_equal(open_edited_xls(record_over_limit, &err), OT_E_CORRUPT);
    assert_int_equal(open_edited_xls(format_string_too_long, &err), OT_E_CORRUPT);
}

/* ---- a password other than the default ------------------------------------------- */

static void expect_password_error(unsigned char *d, size_t len, size_t at)
{
    assert_true(at != (size_t)-1);
    d[at] ^= 0x5A;
    ot_error err = {0};
    ot_workbook *wb = NULL;
    assert_int_equal(open_mem(d, len, &wb, &err), OT_E_PASSWORD);
    assert_null(wb);
    assert_non_null(strstr(err.message, "password-protected"));
}

static void flipped_verifier_means_password(void **state)
{
    /* ECMA-376 Standard: EncryptedVerifier sits after the header in EncryptionInfo */
    size_t len;
    unsigned char *d = load("2.03_-_empty.xlsx", &len);
    ot_error err = {0};
    ot_ole *ole;
    assert_int_equal(ot_ole_open(d, len, &ole, &err), OT_OK);
    unsigned char *info;
    size_t info_len;
    assert_int_equal(ot_ole_read_stream(ole, "EncryptionInfo", 4096, &info, &info_len, &err),
                     OT_OK);
    ot_ole_close(ole);
    size_t verifier = 12 + le32(info + 8) + 20;
    assert_true(verifier + 16 <= info_len);
    expect_password_error(d, len, find_bytes(d, len, info + verifier, 16));
    free(info);
    free(d);

    /* BIFF8: the verifier is inside FILEPASS, which is stored in clear */
    for (size_t i = 0; i < sizeof ENCRYPTED_XLS / sizeof ENCRYPTED_XLS[0]; i++) {
        size_t wlen;
        d = load(ENCRYPTED_XLS[i].file, &len);
        unsigned char *w = workbook_stream(d, len, &wlen);
        const unsigned char *payload = w + 4 + le16(w + 2) + 4;
        size_t off = ENCRYPTED_XLS[i].major == 1 ? 22 : 14 + le32(payload + 10) + 20;
        expect_password_error(d, len, find_bytes(d, len, payload + off, 16));
        free(w);
        free(d);
    }
}

/* ---- damaged compound files ------------------------------------------------------- */

static const struct {
    const char *file;
    const char *stream; /* the big stream the file is about */
} OLE_FILES[] = {
    {"2.02_-_empty.xlsx", "EncryptedPackage"},   {"2.03_-_empty.xlsx", "EncryptedPackage"},
    {"2.03a_-_empty .xlsx", "EncryptedPackage"}, {"3.01_-_empty.xls", "Workbook"},
    {"3.01_-_filled.xls", "Workbook"},
};

/* One past the first byte of the stream's sector that lies furthest into the file: any
 * cut up to there loses bytes the reader needs (the tail of a file may be unused). */
static size_t needed_prefix(const unsigned char *d, const char *stream)
{
    size_t furthest = 0;
    uint32_t sec = cfb_stream_start(d, stream);
    for (int steps = 0; sec < 0xFFFFFFFA && steps < 100000; steps++) {
        if (cfb_sector_offset(sec) > furthest) furthest = cfb_sector_offset(sec);
        sec = cfb_next(d, sec);
    }
    return furthest + 1;
}

static void truncated_files_are_refused(void **state)
{
    for (size_t i = 0; i < sizeof OLE_FILES / sizeof OLE_FILES[0]; i++) {
        size_t len;
        unsigned char *d = load(OLE_FILES[i].file, &len);
        size_t end = needed_prefix(d, OLE_FILES[i].stream);
        assert_true(end > 8192 && end <= len);
        size_t cuts[] = {8,    100,     511,     512,        513,     1536,
                         4096, end / 3, end / 2, end - 4096, end - 1, end};
        for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
            /* a separate allocation of exactly the cut length, so ASan sees overreads */
            unsigned char *cut = malloc(cuts[k]);
            assert_non_null(cut);
            memcpy(cut, d, cuts[k]);
            ot_error err = {0};
            ot_workbook *wb = NULL;
            ot_code rc = open_mem(cut, cuts[k], &wb, &err);
            if (rc != OT_E_TRUNCATED && rc != OT_E_CORRUPT)
                fail_msg("%s cut at %zu: %s (%s)", OLE_FILES[i].file, cuts[k],
                         ot_error_code_name(rc), err.message);
            assert_null(wb);
            assert_true(err.message[0] != '\0');
            free(cut);
        }
        free(d);
    }
}

static void looping_chains_are_corrupt(void **state)
{
    size_t len;
    ot_error err = {0};
    ot_workbook *wb = NULL;
    ot_ole *ole = NULL;

    /* the directory chain points back at itself */
    unsigned char *d = load("3.01_-_empty.xls", &len);
    uint32_t dir = le32(d + 48);
    put32(d + cfb_fat_entry(d, dir), dir);
    assert_int_equal(ot_ole_open(d, len, &ole, &err), OT_E_CORRUPT);
    assert_null(ole);
    assert_non_null(strstr(err.message, "loop"));
    free(d);

    /* the Workbook stream's tenth sector links back to its first */
    d = load("3.01_-_empty.xls", &len);
    uint32_t start = cfb_stream_start(d, "Workbook"), sec = start;
    for (int i = 0; i < 9; i++)
        sec = cfb_next(d, sec);
    put32(d + cfb_fat_entry(d, sec), start);
    assert_int_equal(open_mem(d, len, &wb, &err), OT_E_CORRUPT);
    assert_null(wb);
    assert_non_null(strstr(err.message, "loop"));
    free(d);

    /* same for the encrypted package of an .xlsx */
    d = load("2.02_-_empty.xlsx", &len);
    start = cfb_stream_start(d, "EncryptedPackage");
    sec = cfb_next(d, cfb_next(d, start));
    put32(d + cfb_fat_entry(d, sec), start);
    assert_int_equal(open_mem(d, len, &wb, &err), OT_E_CORRUPT);
    assert_null(wb);
    free(d);

    /* a chain pointing past the FAT */
    d = load("3.01_-_filled.xls", &len);
    start = cfb_stream_start(d, "Workbook");
    put32(d + cfb_fat_entry(d, start), 0x00FFFFFF);
    assert_int_equal(open_mem(d, len, &wb, &err), OT_E_CORRUPT);
    free(d);
}

/* A FAT larger than the header's 109 DIFAT slots needs extra DIFAT sectors. We grow a real
 * file's FAT to 110 sectors (the new ones mark nothing: all free) and list the 110th in
 * an appended DIFAT sector; the Workbook stream must read back unchanged. */
static unsigned char *with_extra_difat(const unsigned char *d, size_t len, size_t *out_len)
{
    assert_int_equal(len % 512, 0);
    uint32_t fat_sectors = le32(d + 44), first_new = (uint32_t)(len / 512 - 1);
    assert_true(fat_sectors < 109);
    uint32_t added_fat = 110 - fat_sectors;
    size_t new_len = len + 512 * ((size_t)added_fat + 1);
    unsigned char *n = malloc(new_len);
    assert_non_null(n);
    memcpy(n, d, len);
    memset(n + len, 0xFF, new_len - len);
    for (uint32_t k = 0; k < added_fat - 1; k++)
        put32(n + 76 + 4 * (fat_sectors + k), first_new + k); /* header slots up to 109 */
    uint32_t difat = first_new + added_fat;
    put32(n + cfb_sector_offset(difat), first_new + added_fat - 1); /* the 110th FAT sector */
    put32(n + cfb_sector_offset(difat) + 508, 0xFFFFFFFE);          /* end of DIFAT chain */
    put32(n + 44, 110);
    put32(n + 68, difat);
    put32(n + 72, 1);
    *out_len = new_len;
    return n;
}

static void extra_difat_sectors(void **state)
{
    size_t len, wlen, grown_len, gwlen;
    unsigned char *d = load("2.03_-_empty.xlsx", &len);
    ot_error err = {0};
    ot_ole *ole;
    assert_int_equal(ot_ole_open(d, len, &ole, &err), OT_OK);
    unsigned char *w;
    assert_int_equal(ot_ole_read_stream(ole, "EncryptedPackage", len, &w, &wlen, &err), OT_OK);
    ot_ole_close(ole);

    unsigned char *g = with_extra_difat(d, len, &grown_len);
    assert_int_equal(ot_ole_open(g, grown_len, &ole, &err), OT_OK);
    unsigned char *gw;
    assert_int_equal(ot_ole_read_stream(ole, "EncryptedPackage", grown_len, &gw, &gwlen, &err),
                     OT_OK);
    ot_ole_close(ole);
    assert_int_equal(gwlen, wlen);
    assert_memory_equal(gw, w, wlen);
    free(gw);

    /* the DIFAT sector promising a next one that is itself: refused, not looped on */
    size_t difat_off = cfb_sector_offset(le32(g + 68));
    put32(g + 44, 110 + 127);
    put32(g + 72, 2);
    put32(g + difat_off + 508, le32(g + 68));
    assert_int_not_equal(ot_ole_open(g, grown_len, &ole, &err), OT_OK);
    assert_true(err.code == OT_E_CORRUPT || err.code == OT_E_TRUNCATED);

    /* DIFAT chain running past the end of the file */
    put32(g + difat_off + 508, 0x00100000);
    assert_int_equal(ot_ole_open(g, grown_len, &ole, &err), OT_E_TRUNCATED);
    free(g);
    free(w);
    free(d);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jpeg_named_xls_is_refused),
    };
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(encrypted_xlsx_decrypts_to_a_zip),
        cmocka_unit_test(encrypted_xlsx_opens_as_workbook),
        cmocka_unit_test(agile_package_matches_standard),
        cmocka_unit_test(rc4_xls_decrypts_and_opens),
        cmocka_unit_test(filled_xls_values),
        cmocka_unit_test(damaged_biff_is_refused),
        cmocka_unit_test(flipped_verifier_means_password),
        cmocka_unit_test(truncated_files_are_refused),
        cmocka_unit_test(looping_chains_are_corrupt),
        cmocka_unit_test(extra_difat_sectors),
    };
    return run_test_groups(argc, argv, tests, shared_tests, "the legacy CMRT 2.x/3.01 files", NULL,
                           NULL);
}
