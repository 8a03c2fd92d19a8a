/* test_biff_sst.c - the .xls shared string table (SST + CONTINUE records, MS-XLS 2.4.265,
 * 2.5.293) read across record boundaries, on BIFF8 streams built here byte by byte:
 * formatting runs and phonetic data (ExtRst) that run on into the next CONTINUE record,
 * characters over three records that change width at each boundary (the fHighByte byte a
 * CONTINUE starts with), a string header split between records. Each such workbook also
 * goes through libfreexl (which never sees the table) to the cells a user gets. Then
 * damaged tables: one clear error, no read past a record (the ASan build checks), and a
 * few thousand seeded mutations of the table. (Real files with runs across a CONTINUE,
 * written by LibreOffice, are read in tests/template/test_libreoffice.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/biff.h"
#include "reader/reader_internal.h"
#include "testutil.h"

enum {
    T_EOF = 0x000A,
    T_CONTINUE = 0x003C,
    T_BOUNDSHEET = 0x0085,
    T_SST = 0x00FC,
    T_LABELSST = 0x00FD,
    T_DIMENSION = 0x0200,
    T_BOF = 0x0809,
};

/* ---- building streams ------------------------------------------------------------ */

typedef struct bytes {
    unsigned char *d;
    size_t len, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->d = realloc(b->d, b->cap);
        assert_non_null(b->d);
    }
    if (n) memcpy(b->d + b->len, p, n);
    b->len += n;
}

static void put8(bytes *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

static void put16(bytes *b, unsigned v)
{
    put8(b, v & 0xFF);
    put8(b, v >> 8 & 0xFF);
}

static void put32(bytes *b, uint32_t v)
{
    put16(b, v & 0xFFFF);
    put16(b, v >> 16);
}

static void put_str(bytes *b, const char *s)
{
    put(b, s, strlen(s));
}

/* UTF-16LE code units */
static void put_wide(bytes *b, const uint16_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put16(b, u[i]);
}

static void filler(bytes *b, size_t n) /* run / ExtRst bytes: their content is skipped */
{
    for (size_t i = 0; i < n; i++)
        put8(b, 0xA0 + (unsigned)(i % 16));
}

/* Starts a record; record_end fills in its size. */
static size_t record_begin(bytes *b, unsigned type)
{
    size_t at = b->len;
    put16(b, type);
    put16(b, 0);
    return at;
}

static void record_end(bytes *b, size_t at)
{
    size_t n = b->len - at - 4;
    assert_true(n <= 8224);
    b->d[at + 2] = (unsigned char)(n & 0xFF);
    b->d[at + 3] = (unsigned char)(n >> 8);
}

static void bof(bytes *b, unsigned dt)
{
    size_t r = record_begin(b, T_BOF);
    put16(b, 0x0600);
    put16(b, dt);
    put16(b, 0x0DBB); /* build */
    put16(b, 0x07CC); /* year */
    put32(b, 0);
    put32(b, 0x06);
    record_end(b, r);
}

static void eof(bytes *b)
{
    record_end(b, record_begin(b, T_EOF));
}

/* A workbook of one sheet "Strings" whose A1..A<cells> are LABELSST cells 0..cells-1,
 * with the shared string records given (already framed). */
static bytes workbook_with(const bytes *sst, unsigned cells)
{
    bytes b = {0};
    bof(&b, 0x0005);
    size_t sheet = record_begin(&b, T_BOUNDSHEET);
    size_t offset_at = b.len;
    put32(&b, 0); /* the sheet's BOF, below */
    put8(&b, 0);
    put8(&b, 0);
    put8(&b, 7);
    put8(&b, 0);
    put_str(&b, "Strings");
    record_end(&b, sheet);
    put(&b, sst->d, sst->len);
    eof(&b);
    uint32_t at = (uint32_t)b.len;
    for (int i = 0; i < 4; i++)
        b.d[offset_at + i] = (unsigned char)(at >> (8 * i));
    bof(&b, 0x0010);
    size_t dim = record_begin(&b, T_DIMENSION);
    put32(&b, 0);
    put32(&b, cells);
    put16(&b, 0);
    put16(&b, 1);
    put16(&b, 0);
    record_end(&b, dim);
    for (unsigned i = 0; i < cells; i++) {
        size_t r = record_begin(&b, T_LABELSST);
        put16(&b, i);
        put16(&b, 0);
        put16(&b, 0x0F);
        put32(&b, i);
        record_end(&b, r);
    }
    eof(&b);
    return b;
}

/* The table of the first test: six strings and every way of running on into the next
 * record that MS-XLS allows. */
static bytes crossing_table(void)
{
    static const uint16_t SSE_EURO[] = {0x00DF, 'e', 0x20AC}, ZINN[] = {'Z', 'i', 'n', 'n', '-'},
                          ZEXCL[] = {'z', '!'};
    bytes t = {0};
    size_t r = record_begin(&t, T_SST);
    put32(&t, 6);
    put32(&t, 6);
    /* 1: "Alpha", three formatting runs (12 bytes), the record ends after 6 of them */
    put16(&t, 5), put8(&t, 0x08), put16(&t, 3), put_str(&t, "Alpha"), filler(&t, 6);
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    filler(&t, 6); /* the rest of the runs: no flags byte before them */
    /* 2: "Beta" with 20 bytes of phonetic data, the record ends after 7 */
    put16(&t, 4), put8(&t, 0x04), put32(&t, 20), put_str(&t, "Beta"), filler(&t, 7);
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    filler(&t, 13);
    /* 3: "Grüße€": three 1-byte characters here, the other three as UTF-16 next */
    put16(&t, 6), put8(&t, 0x00), put(&t, "Gr\xFC", 3);
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    put8(&t, 0x01), put_wide(&t, SSE_EURO, 3);
    /* 4: "Zinn-erz!" over three records, 2-byte, 1-byte, 2-byte; one run, 4 bytes ExtRst */
    put16(&t, 9), put8(&t, 0x0D), put16(&t, 1), put32(&t, 4), put_wide(&t, ZINN, 5);
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    put8(&t, 0x00), put_str(&t, "er");
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    put8(&t, 0x01), put_wide(&t, ZEXCL, 2), filler(&t, 4 + 4);
    /* 5: "Mica", its header split after the character count; the characters end the
     * record, its two runs start the next one */
    put16(&t, 4);
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    put8(&t, 0x08), put16(&t, 2), put_str(&t, "Mica");
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    filler(&t, 8);
    /* 6: the empty string */
    put16(&t, 0), put8(&t, 0x00);
    record_end(&t, r);
    return t;
}

static const char *const CROSSING_TEXT[6] = {"Alpha",
                                             "Beta",
                                             "Gr\xC3\xBC\xC3\x9F"
                                             "e\xE2\x82\xAC",
                                             "Zinn-erz!",
                                             "Mica",
                                             ""};

static void assert_sst_string(const ot_biff_info *info, size_t i, const char *want)
{
    assert_true(i < info->sst_count);
    size_t n = info->sst_start[i + 1] - info->sst_start[i];
    assert_int_equal(n, strlen(want));
    assert_memory_equal(info->sst_text + info->sst_start[i], want, n);
}

/* ---- reading ------------------------------------------------------------------------ */

static void strings_continue_across_records(void **state)
{
    (void)state;
    bytes sst = crossing_table();
    bytes w = workbook_with(&sst, 6);
    ot_biff_info info;
    ot_error err = {0};
    assert_int_equal(ot_biff_check(w.d, w.len, &info, &err), OT_OK);
    assert_int_equal(info.sst_count, 6);
    for (size_t i = 0; i < 6; i++)
        assert_sst_string(&info, i, CROSSING_TEXT[i]);
    ot_biff_info_free(&info);
    free(w.d);
    free(sst.d);
}

/* Opens a stream (wrapped in a compound file) as `inspect` would open the file. */
static ot_code open_stream(const bytes *w, ot_workbook **wb, unsigned char **file, ot_error *err)
{
    size_t len;
    assert_int_equal(ot_biff_wrap(w->d, w->len, file, &len, err), OT_OK);
    return ot_workbook_open_mem(*file, len, "built.xls", NULL, wb, err);
}

static void cells_get_the_shared_strings(void **state)
{
    (void)state;
    bytes sst = crossing_table();
    bytes w = workbook_with(&sst, 6);
    ot_workbook *wb;
    unsigned char *file;
    ot_error err = {0};
    assert_int_equal(open_stream(&w, &wb, &file, &err), OT_OK);
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Strings", &sh, &err), OT_OK);
    for (uint32_t row = 1; row <= 5; row++) {
        const ot_cell *c = ot_sheet_cell(sh, row, 1);
        assert_non_null(c);
        assert_int_equal(c->kind, OT_CELL_TEXT);
        assert_string_equal(c->text, CROSSING_TEXT[row - 1]);
    }
    assert_null(ot_sheet_cell(sh, 6, 1)); /* the empty string is no cell */
    ot_workbook_close(wb);
    free(file);
    free(w.d);
    free(sst.d);
}

/* A table that declares more strings than it holds is read as far as it goes (some
 * writers count wrong); a cell pointing past it is refused. */
static void short_table_reads_what_it_has(void **state)
{
    (void)state;
    bytes sst = {0};
    size_t r = record_begin(&sst, T_SST);
    put32(&sst, 100), put32(&sst, 100);
    put16(&sst, 3), put8(&sst, 0), put_str(&sst, "Tin");
    record_end(&sst, r);
    bytes w = workbook_with(&sst, 2);
    ot_biff_info info;
    ot_error err = {0};
    assert_int_equal(ot_biff_check(w.d, w.len, &info, &err), OT_OK);
    assert_int_equal(info.sst_count, 1);
    assert_sst_string(&info, 0, "Tin");
    ot_biff_info_free(&info);

    ot_workbook *wb;
    unsigned char *file;
    assert_int_equal(open_stream(&w, &wb, &file, &err), OT_OK);
    const ot_sheet *sh;
    assert_int_equal(ot_workbook_sheet(wb, "Strings", &sh, &err), OT_E_CORRUPT);
    assert_non_null(strstr(err.message, "shared string 2 of 1"));
    ot_workbook_close(wb);
    free(file);
    free(w.d);
    free(sst.d);
}

/* ---- damaged tables ----------------------------------------------------------------- */

/* The SST record's body starts with the counts; *r is left open for the caller. */
static bytes table_start(size_t *r, uint32_t count)
{
    bytes t = {0};
    *r = record_begin(&t, T_SST);
    put32(&t, count);
    put32(&t, count);
    return t;
}

static ot_code check_table(bytes *sst, ot_error *err)
{
    bytes w = workbook_with(sst, 0);
    ot_biff_info info;
    ot_code rc = ot_biff_check(w.d, w.len, &info, err);
    if (rc == OT_OK) ot_biff_info_free(&info);
    free(w.d);
    free(sst->d);
    return rc;
}

static void damaged_tables_are_refused(void **state)
{
    (void)state;
    ot_error err = {0};
    size_t r;
    /* runs declared beyond the last record */
    bytes t = table_start(&r, 1);
    put16(&t, 2), put8(&t, 0x08), put16(&t, 50), put_str(&t, "Au"), filler(&t, 40);
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    filler(&t, 20);
    record_end(&t, r);
    assert_int_equal(check_table(&t, &err), OT_E_CORRUPT);
    assert_non_null(strstr(err.message, "shared string 1 runs past the end of its table"));

    /* phonetic data of 4 GiB */
    t = table_start(&r, 1);
    put16(&t, 2), put8(&t, 0x04), put32(&t, 0xFFFFFFFFu), put_str(&t, "Au"), filler(&t, 100);
    record_end(&t, r);
    assert_int_equal(check_table(&t, &err), OT_E_CORRUPT);

    /* characters that go on, but the next record is not a CONTINUE */
    t = table_start(&r, 2);
    put16(&t, 10), put8(&t, 0x00), put_str(&t, "Tung");
    record_end(&t, r);
    assert_int_equal(check_table(&t, &err), OT_E_CORRUPT);

    /* ... or an empty CONTINUE, which has no room for the flags byte */
    t = table_start(&r, 1);
    put16(&t, 10), put8(&t, 0x01), put16(&t, 'T');
    record_end(&t, r);
    record_end(&t, record_begin(&t, T_CONTINUE));
    assert_int_equal(check_table(&t, &err), OT_E_CORRUPT);

    /* a header cut after its character count */
    t = table_start(&r, 1);
    put16(&t, 10);
    record_end(&t, r);
    assert_int_equal(check_table(&t, &err), OT_E_CORRUPT);

    /* two tables */
    t = table_start(&r, 0);
    record_end(&t, r);
    r = record_begin(&t, T_SST);
    put32(&t, 0), put32(&t, 0);
    record_end(&t, r);
    assert_int_equal(check_table(&t, &err), OT_E_CORRUPT);

    /* a header too short for its counts */
    t = (bytes){0};
    r = record_begin(&t, T_SST);
    put32(&t, 1);
    record_end(&t, r);
    assert_int_equal(check_table(&t, &err), OT_E_CORRUPT);
}

/* A 2-byte character cut in half by a record boundary: its stray byte is dropped and the
 * rest read from the next record, as other readers do; nothing is read out of bounds. */
static void half_a_wide_character(void **state)
{
    (void)state;
    size_t r;
    bytes t = table_start(&r, 1);
    put16(&t, 2), put8(&t, 0x01), put16(&t, 'O'), put8(&t, 'K');
    record_end(&t, r);
    r = record_begin(&t, T_CONTINUE);
    put8(&t, 0x00), put_str(&t, "K");
    record_end(&t, r);
    bytes w = workbook_with(&t, 1);
    ot_biff_info info;
    ot_error err = {0};
    assert_int_equal(ot_biff_check(w.d, w.len, &info, &err), OT_OK);
    assert_sst_string(&info, 0, "OK");
    ot_biff_info_free(&info);
    free(w.d);
    free(t.d);
}

/* Seeded byte damage inside the table records of the crossing workbook: every outcome is
 * success or one known error, and under ASan nothing reads outside a record. */
static void mutated_tables_give_one_clear_outcome(void **state)
{
    (void)state;
    bytes sst = crossing_table();
    bytes base = workbook_with(&sst, 6);
    size_t sst_at = 0;
    while (memcmp(base.d + sst_at, sst.d, sst.len) != 0)
        sst_at++;
    uint64_t s = 0x5353545f6d757461ULL; /* fixed seed: the same inputs every run */
    size_t ok = 0, refused = 0;
    for (int i = 0; i < 3000; i++) {
        bytes w = {0};
        put(&w, base.d, base.len);
        for (int k = 1 + i % 4; k; k--) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            size_t at = sst_at + (size_t)(s % sst.len);
            if (i & 1)
                w.d[at] = (unsigned char)(s >> 32); /* any byte */
            else
                w.d[at] ^= (unsigned char)(1u << (s >> 40) % 8); /* one bit */
        }
        ot_workbook *wb = NULL;
        unsigned char *file = NULL;
        ot_error err = {0};
        size_t len;
        ot_code rc = ot_biff_wrap(w.d, w.len, &file, &len, &err);
        if (rc == OT_OK) rc = ot_workbook_open_mem(file, len, "mutated.xls", NULL, &wb, &err);
        const ot_sheet *sh;
        if (rc == OT_OK) rc = ot_workbook_sheet(wb, "Strings", &sh, &err);
        if (rc == OT_OK)
            ok++;
        else
            refused++;
        /* a changed record header can make anything of the record: FILEPASS too */
        if (rc != OT_OK && rc != OT_E_CORRUPT && rc != OT_E_ENCRYPTION && rc != OT_E_PASSWORD &&
            rc != OT_E_BAD_CELL && rc != OT_E_TOO_LARGE && rc != OT_E_TRUNCATED)
            fail_msg("mutation %d: unexpected %s: %s", i, ot_error_code_name(rc), err.message);
        if (rc != OT_OK) assert_true(err.message[0] != '\0');
        ot_workbook_close(wb);
        free(file);
        free(w.d);
    }
    printf("sst mutations: %zu read, %zu refused\n", ok, refused);
    assert_true(ok > 0 && refused > 0);
    free(base.d);
    free(sst.d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_continue_across_records),
        cmocka_unit_test(cells_get_the_shared_strings),
        cmocka_unit_test(short_table_reads_what_it_has),
        cmocka_unit_test(damaged_tables_are_refused),
        cmocka_unit_test(half_a_wide_character),
        cmocka_unit_test(mutated_tables_give_one_clear_outcome),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
