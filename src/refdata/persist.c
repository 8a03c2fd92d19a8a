/* persist.c - where the store is kept (docs/refdata.md): the only file that knows.
 *
 * A workspace keeps its reference data in the workspace database (tables refdata_*,
 * migration src/store/migrations/006_refdata.sql), read and written through store.h; a
 * save rewrites them in one transaction together with an audit entry per import. When
 * the tables are empty the snapshot shipped in the program is used. The snapshot
 * (data/refdata.tsv) and the files earlier versions kept in WORKSPACE/refdata/ use the
 * versioned text format below; such a file is imported into the database once, on the
 * first open, and left in place.
 *
 *   #oretrace-refdata<TAB>1
 *   source<TAB>label<TAB>kind<TAB>as_of<TAB>sha256<TAB>rows<TAB>metals
 *   smelter<TAB>id<TAB>metal<TAB>standard_name<TAB>country<TAB>id_source<TAB>street<TAB>
 *          city<TAB>state_province<TAB>state<TAB>successor_id<TAB>first_source<TAB>
 *          last_source<TAB>last_seen
 *   alias<TAB>smelter_id<TAB>name<TAB>source<TAB>last_seen
 *   legacy<TAB>legacy_id<TAB>smelter_id<TAB>source
 *   event<TAB>date<TAB>source<TAB>smelter_id<TAB>kind<TAB>old<TAB>new
 *   status<TAB>smelter_id<TAB>status<TAB>as_of<TAB>source
 *
 * Fields escape backslash, tab, CR and LF as \\ \t \r \n. Lines starting with '#' after
 * the first are comments. Unknown record types are an error (a newer format).
 *
 * The same text is the store's state for the import log (persist_undo.c): each import
 * saved records the store as it was before it, so it can be undone exactly. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "refdata/refdata_internal.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/workspace.h"
#include "util/fileio.h"
#include "util/strbuf.h"

#define FORMAT_MAGIC "#oretrace-refdata"
#define FORMAT_VERSION 1
#define MAX_STORE_BYTES (256u << 20)

bool rd_event_kind_parse(const char *s, ot_event_kind *out);

/* ---- writing ----------------------------------------------------------------------- */

static void put_field(ot_strbuf *sb, const char *s)
{
    ot_sb_putc(sb, '\t');
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '\\':
            ot_sb_puts(sb, "\\\\");
            break;
        case '\t':
            ot_sb_puts(sb, "\\t");
            break;
        case '\n':
            ot_sb_puts(sb, "\\n");
            break;
        case '\r':
            ot_sb_puts(sb, "\\r");
            break;
        default:
            ot_sb_putc(sb, *p);
        }
    }
}

static void put_record(ot_strbuf *sb, const char *type, const char *const *fields, size_t n)
{
    ot_sb_puts(sb, type);
    for (size_t i = 0; i < n; i++)
        put_field(sb, fields[i]);
    ot_sb_putc(sb, '\n');
}

/* ---- the records, shared by the file and the database ----------------------------- */

/* Each table is read back into the same records the file format has, so one parser
 * (parse_record) builds the store from either. Columns in record field order. */
typedef struct rd_table {
    const char *record; /* record type of the file format */
    const char *table;
    const char *select;
    const char *insert;
    int columns;
} rd_table;

static const rd_table TABLES[] = {
    {"source", "refdata_source",
     "SELECT label, kind, as_of, sha256, row_count, metals FROM refdata_source ORDER BY seq",
     "INSERT INTO refdata_source (seq, label, kind, as_of, sha256, row_count, metals) "
     "VALUES (?, ?, ?, ?, ?, ?, ?)",
     6},
    {"smelter", "refdata_smelter",
     "SELECT smelter_id, metal, standard_name, country, id_source, street, city, "
     "state_province, state, successor_id, first_source, last_source, last_seen "
     "FROM refdata_smelter ORDER BY seq",
     "INSERT INTO refdata_smelter (seq, smelter_id, metal, standard_name, country, id_source, "
     "street, city, state_province, state, successor_id, first_source, last_source, last_seen) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
     13},
    {"alias", "refdata_alias",
     "SELECT smelter_id, name, source, last_seen FROM refdata_alias ORDER BY seq",
     "INSERT INTO refdata_alias (seq, smelter_id, name, source, last_seen) VALUES (?, ?, ?, ?, ?)",
     4},
    {"legacy", "refdata_legacy",
     "SELECT legacy_id, smelter_id, source FROM refdata_legacy ORDER BY seq",
     "INSERT INTO refdata_legacy (seq, legacy_id, smelter_id, source) VALUES (?, ?, ?, ?)", 3},
    {"event", "refdata_event",
     "SELECT event_date, source, smelter_id, kind, old_value, new_value "
     "FROM refdata_event ORDER BY seq",
     "INSERT INTO refdata_event (seq, event_date, source, smelter_id, kind, old_value, new_value) "
     "VALUES (?, ?, ?, ?, ?, ?, ?)",
     6},
    {"status", "refdata_status",
     "SELECT smelter_id, status, as_of, source FROM refdata_status ORDER BY seq",
     "INSERT INTO refdata_status (seq, smelter_id, status, as_of, source) VALUES (?, ?, ?, ?, ?)",
     4},
};
#define N_TABLES (sizeof TABLES / sizeof TABLES[0])

/* The fields of record i of table t (TABLES order), as the file format writes them;
 * num holds the row count's digits. */
static void record_fields(const ot_refdata *rd, size_t t, size_t i, const char **f, char *num)
{
    switch (t) {
    case 0: {
        const ot_refdata_source *s = &rd->sources[i];
        snprintf(num, 32, "%zu", s->rows);
        const char *v[] = {s->label, s->kind, s->as_of, s->sha256, num, rd->source_metals[i]};
        memcpy(f, v, sizeof v);
        return;
    }
    case 1: {
        const ot_smelter *s = &rd->smelters[i];
        const char *v[] = {s->id,           s->metal,          s->standard_name,
                           s->country,      s->id_source,      s->street,
                           s->city,         s->state_province, ot_smelter_state_name(s->state),
                           s->successor_id, s->first_source,   s->last_source,
                           s->last_seen};
        memcpy(f, v, sizeof v);
        return;
    }
    case 2: {
        const ot_refdata_alias *a = &rd->aliases[i];
        const char *v[] = {a->smelter_id, a->name, a->source, a->last_seen};
        memcpy(f, v, sizeof v);
        return;
    }
    case 3: {
        const legacy_map *l = &rd->legacy[i];
        const char *v[] = {l->legacy_id, l->smelter_id, l->source};
        memcpy(f, v, sizeof v);
        return;
    }
    case 4: {
        const ot_refdata_event *e = &rd->events[i];
        const char *v[] = {e->date,      e->source,   e->smelter_id, ot_event_kind_name(e->kind),
                           e->old_value, e->new_value};
        memcpy(f, v, sizeof v);
        return;
    }
    default: {
        const ot_status_entry *e = &rd->status[i];
        const char *v[] = {e->smelter_id, ot_rmap_status_name(e->status), e->as_of, e->source};
        memcpy(f, v, sizeof v);
        return;
    }
    }
}

static size_t record_count(const ot_refdata *rd, size_t t)
{
    const size_t n[N_TABLES] = {rd->n_sources, rd->n_smelters, rd->n_aliases,
                                rd->n_legacy,  rd->n_events,   rd->n_status};
    return n[t];
}

static void serialize(const ot_refdata *rd, ot_strbuf *sb)
{
    ot_sb_printf(sb, "%s\t%d\n", FORMAT_MAGIC, FORMAT_VERSION);
    ot_sb_puts(sb, "# Smelter reference data (oretrace). Format: docs/refdata.md. The RMI "
                   "smelter lists are the Responsible Minerals Initiative's.\n");
    for (size_t t = 0; t < N_TABLES; t++) {
        for (size_t i = 0; i < record_count(rd, t); i++) {
            const char *f[16];
            char num[32];
            record_fields(rd, t, i, f, num);
            put_record(sb, TABLES[t].record, f, (size_t)TABLES[t].columns);
        }
    }
}

char *rd_state_text(const ot_refdata *rd, size_t *len)
{
    ot_strbuf sb = {0};
    serialize(rd, &sb);
    if (sb.failed || !sb.data) {
        ot_sb_free(&sb);
        return NULL;
    }
    *len = sb.len;
    return sb.data; /* the buffer is handed over, not freed */
}

ot_code ot_refdata_save_file(const ot_refdata *rd, const char *path, ot_error *err)
{
    ot_strbuf sb = {0};
    serialize(rd, &sb);
    if (sb.failed) {
        ot_sb_free(&sb);
        return ot_fail(err, OT_E_NOMEM, "out of memory writing the reference store");
    }
    ot_code rc = ot_write_file_atomic(path, sb.data, sb.len, err);
    ot_sb_free(&sb);
    return rc;
}

/* The folder earlier versions kept the workspace's store in (read once, see below). */
char *ot_refdata_path(const char *workspace)
{
    const char *ws = workspace && *workspace ? workspace : ".";
    size_t n = strlen(ws) + sizeof "/refdata/refdata.tsv";
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/refdata/refdata.tsv", ws);
    return p;
}

/* ---- reading ----------------------------------------------------------------------- */

/* Splits a line in place into unescaped fields. Returns the field count. */
static size_t split_line(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *w = line, *start = line;
    for (char *p = line;; p++) {
        if (*p == '\t' || *p == '\0') {
            bool end = *p == '\0';
            *w = '\0';
            if (n < max) fields[n++] = start;
            if (end) break;
            start = w = p + 1;
            continue;
        }
        if (*p == '\\' && p[1]) {
            p++;
            *w++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
            continue;
        }
        *w++ = *p;
    }
    return n;
}

static ot_code bad(ot_error *err, const char *name, size_t line, const char *why)
{
    return ot_fail(err, OT_E_CORRUPT, "%s line %zu: %s", name, line, why);
}

static ot_code parse_record(ot_refdata *rd, char **f, size_t n, const char *name, size_t line,
                            ot_error *err)
{
    const char *type = f[0];
    if (strcmp(type, "source") == 0) {
        if (n != 7) return bad(err, name, line, "source record needs 6 fields");
        ot_refdata_source s = {f[1], f[2], f[3], f[4], (size_t)strtoull(f[5], NULL, 10)};
        if (!rd_add_source(rd, &s, f[6])) return ot_fail(err, OT_E_NOMEM, "out of memory");
    } else if (strcmp(type, "smelter") == 0) {
        if (n != 14) return bad(err, name, line, "smelter record needs 13 fields");
        if (rd_smelter_mut(rd, f[1])) return bad(err, name, line, "smelter ID listed twice");
        ot_smelter s = {rd_str(rd, f[1]),   rd_str(rd, f[2]),
                        rd_str(rd, f[3]),   rd_str(rd, f[4]),
                        rd_str(rd, f[5]),   rd_str(rd, f[6]),
                        rd_str(rd, f[7]),   rd_str(rd, f[8]),
                        OT_SMELTER_CURRENT, NULL,
                        rd_str(rd, f[11]),  rd_str(rd, f[12]),
                        rd_str(rd, f[13])};
        if (strcmp(f[9], "retired") == 0)
            s.state = OT_SMELTER_RETIRED;
        else if (strcmp(f[9], "merged") == 0)
            s.state = OT_SMELTER_MERGED;
        else if (strcmp(f[9], "current") != 0)
            return bad(err, name, line, "unknown smelter state");
        if (*f[10]) s.successor_id = rd_str(rd, f[10]);
        if (!*s.id) return bad(err, name, line, "smelter without an ID");
        if (rd_add_smelter(rd, &s) == SIZE_MAX) return ot_fail(err, OT_E_NOMEM, "out of memory");
    } else if (strcmp(type, "alias") == 0) {
        if (n != 4 && n != 5) return bad(err, name, line, "alias record needs 4 fields");
        rd_add_alias(rd, f[1], f[2], f[3], n == 5 ? f[4] : "");
    } else if (strcmp(type, "legacy") == 0) {
        if (n != 4) return bad(err, name, line, "legacy record needs 3 fields");
        rd_add_legacy(rd, f[1], f[2], f[3]);
    } else if (strcmp(type, "event") == 0) {
        if (n != 7) return bad(err, name, line, "event record needs 6 fields");
        ot_event_kind k;
        if (!rd_event_kind_parse(f[4], &k)) return bad(err, name, line, "unknown event kind");
        if (!rd_add_event(rd, f[1], f[2], f[3], k, f[5], f[6]))
            return ot_fail(err, OT_E_NOMEM, "out of memory");
    } else if (strcmp(type, "status") == 0) {
        if (n != 5) return bad(err, name, line, "status record needs 4 fields");
        ot_rmap_status st;
        if (!ot_rmap_status_parse(f[2], &st)) return bad(err, name, line, "unknown status");
        ot_status_entry e = {rd_str(rd, f[1]), st, rd_str(rd, f[3]), rd_str(rd, f[4])};
        if (!rd_push_status(rd, &e)) return ot_fail(err, OT_E_NOMEM, "out of memory");
    } else {
        return bad(err, name, line, "unknown record type (written by a newer oretrace?)");
    }
    return OT_OK;
}

ot_code rd_parse(ot_refdata *rd, const char *text, size_t len, const char *name, ot_error *err)
{
    char *copy = malloc(len + 1);
    if (!copy) return ot_fail(err, OT_E_NOMEM, "out of memory reading %s", name);
    memcpy(copy, text, len);
    copy[len] = '\0';
    ot_code rc = OT_OK;
    size_t line_no = 0;
    for (char *line = copy, *next; line; line = next) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        next = nl ? nl + 1 : NULL;
        if (!nl && !*line) break; /* after the final newline */
        line_no++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r') line[--l] = '\0';
        if (line_no == 1) {
            char *f[3];
            size_t n = split_line(line, f, 3);
            if (n < 2 || strcmp(f[0], FORMAT_MAGIC) != 0) {
                rc = ot_fail(err, OT_E_CORRUPT, "%s is not an oretrace reference store", name);
                break;
            }
            if (atoi(f[1]) != FORMAT_VERSION) {
                rc = ot_fail(err, OT_E_CORRUPT,
                             "%s has format version %s; this oretrace "
                             "reads version %d",
                             name, f[1], FORMAT_VERSION);
                break;
            }
            continue;
        }
        if (line[0] == '#' || line[0] == '\0') continue;
        char *f[16];
        size_t n = split_line(line, f, 16);
        rc = parse_record(rd, f, n, name, line_no, err);
        if (rc != OT_OK) break;
    }
    if (rc == OT_OK && line_no == 0) rc = ot_fail(err, OT_E_CORRUPT, "%s is empty", name);
    free(copy);
    if (rc == OT_OK) rd_sort_status(rd);
    return rc;
}

ot_code ot_refdata_load_file(const char *path, ot_refdata **out, ot_error *err)
{
    *out = NULL;
    unsigned char *data;
    size_t len;
    ot_code rc = ot_read_file(path, MAX_STORE_BYTES, &data, &len, err);
    if (rc != OT_OK) return rc;
    ot_refdata *rd;
    rc = ot_refdata_new(&rd, err);
    if (rc == OT_OK) rc = rd_parse(rd, (const char *)data, len, path, err);
    free(data);
    if (rc != OT_OK) {
        ot_refdata_free(rd);
        return rc;
    }
    *out = rd;
    return OT_OK;
}

extern const unsigned char ot_refdata_snapshot[];
extern const size_t ot_refdata_snapshot_len;

ot_code ot_refdata_load_snapshot(ot_refdata **out, ot_error *err)
{
    *out = NULL;
    ot_refdata *rd;
    ot_code rc = ot_refdata_new(&rd, err);
    if (rc != OT_OK) return rc;
    if (ot_refdata_snapshot_len > 0) {
        rc = rd_parse(rd, (const char *)ot_refdata_snapshot, ot_refdata_snapshot_len,
                      "the shipped snapshot", err);
        if (rc != OT_OK) {
            ot_refdata_free(rd);
            return rc;
        }
    }
    *out = rd;
    return OT_OK;
}

/* ---- the workspace database (migration 006_refdata.sql) ---------------------------- */

static ot_code load_table(ot_db *db, ot_refdata *rd, const rd_table *t, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db, t->select, &st, err);
    if (rc != OT_OK) return rc;
    ot_step step;
    size_t row = 0;
    char *f[16];
    f[0] = (char *)t->record;
    while ((step = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        row++;
        for (int c = 0; c < t->columns; c++) {
            const char *v = ot_stmt_text(st, c);
            f[c + 1] = (char *)(v ? v : ""); /* parse_record only reads the fields */
        }
        char where[64];
        snprintf(where, sizeof where, "the workspace database (%s)", t->record);
        rc = parse_record(rd, f, (size_t)t->columns + 1, where, row, err);
        if (rc != OT_OK) break;
    }
    if (rc == OT_OK && step == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}

/* Reads the reference data held in the workspace database; an empty store when none. */
static ot_code load_db(ot_db *db, ot_refdata **out, ot_error *err)
{
    *out = NULL;
    ot_refdata *rd;
    ot_code rc = ot_refdata_new(&rd, err);
    for (size_t i = 0; rc == OT_OK && i < N_TABLES; i++)
        rc = load_table(db, rd, &TABLES[i], err);
    if (rc != OT_OK) {
        ot_refdata_free(rd);
        return rc;
    }
    rd_sort_status(rd);
    *out = rd;
    return OT_OK;
}

static bool store_empty(const ot_refdata *rd)
{
    for (size_t t = 0; t < N_TABLES; t++)
        if (record_count(rd, t)) return false;
    return true;
}

ot_code rd_db_state(ot_db *db, char **text, size_t *len, ot_error *err)
{
    *text = NULL;
    *len = 0;
    ot_refdata *rd;
    ot_code rc = load_db(db, &rd, err);
    if (rc != OT_OK) return rc;
    if (!store_empty(rd) && !(*text = rd_state_text(rd, len)))
        rc = ot_fail(err, OT_E_NOMEM, "out of memory reading the reference data");
    ot_refdata_free(rd);
    return rc;
}

static ot_code write_table(ot_db *db, const ot_refdata *rd, size_t t, ot_error *err)
{
    char del[64]; /* a table name from TABLES, never a value */
    snprintf(del, sizeof del, "DELETE FROM %s", TABLES[t].table);
    ot_code rc = ot_db_exec(db, del, OT_DB_NO_PARAMS, err);
    if (rc != OT_OK || !rd || record_count(rd, t) == 0) return rc;
    ot_stmt *st;
    if ((rc = ot_db_prepare(db, TABLES[t].insert, &st, err)) != OT_OK) return rc;
    for (size_t i = 0; rc == OT_OK && i < record_count(rd, t); i++) {
        const char *f[16];
        char num[32];
        record_fields(rd, t, i, f, num);
        ot_stmt_reset(st);
        rc = ot_stmt_bind_int(st, 1, (int64_t)i, err);
        for (int c = 0; rc == OT_OK && c < TABLES[t].columns; c++) {
            /* the row count is a number; successor_id is NULL when there is none */
            if (t == 0 && c == 4)
                rc = ot_stmt_bind_int(st, c + 2, (int64_t)strtoll(f[c], NULL, 10), err);
            else
                rc = ot_stmt_bind_text(st, c + 2, f[c] ? f[c] : t == 1 && c == 9 ? NULL : "", err);
        }
        if (rc == OT_OK && ot_stmt_step(st, err) == OT_STEP_ERROR) rc = err->code;
    }
    ot_stmt_finalize(st);
    return rc;
}

ot_code rd_db_write(ot_db *db, const ot_refdata *rd, ot_error *err)
{
    ot_code rc = OT_OK;
    for (size_t t = 0; rc == OT_OK && t < N_TABLES; t++)
        rc = write_table(db, rd, t, err);
    return rc;
}

/* Replaces the workspace's reference data with rd and records each import made since it
 * was opened: a row in the import log with the store before it, and an audit entry (plus
 * `extra_action` when given), all in one transaction: a failure leaves the database as
 * it was. The tables are rewritten whole: a few thousand rows, well under the time an
 * import takes to read its workbook. */
static ot_code save_db(ot_db *db, const ot_refdata *rd, const char *extra_action,
                       const char *extra_detail, ot_error *err)
{
    ot_code rc = ot_db_begin(db, err);
    if (rc != OT_OK) return rc;
    /* the first import's "before" is what the database held, which is not what rd was
     * opened from when it started empty (a fresh store) or from the snapshot */
    char *db_before = NULL;
    size_t db_before_len = 0;
    if (rd->n_audit) rc = rd_db_state(db, &db_before, &db_before_len, err);
    if (rc == OT_OK) rc = rd_db_write(db, rd, err);
    if (rc == OT_OK) rc = rd_log_notes(db, rd, db_before, db_before_len, err);
    free(db_before);
    if (rc == OT_OK && extra_action)
        rc = ot_audit_append(db, ot_audit_os_actor(), extra_action, "refdata", "workspace",
                             extra_detail, NULL, err);
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    return rc;
}

/* A workspace made by an earlier oretrace kept its store in WORKSPACE/refdata/refdata.tsv.
 * Read it once into the database (the file stays, untouched; the database wins from then
 * on). *out stays NULL when there is no such file. */
static ot_code migrate_old_file(ot_db *db, const char *path, ot_refdata **out, ot_error *err)
{
    *out = NULL;
    struct stat st;
    if (!path || stat(path, &st) != 0) return OT_OK;
    ot_code rc = ot_refdata_load_file(path, out, err);
    if (rc == OT_OK)
        rc = save_db(db, *out, "refdata.migrate_files", "{\"from\":\"refdata/refdata.tsv\"}", err);
    if (rc != OT_OK) {
        ot_refdata_free(*out);
        *out = NULL;
    }
    return rc;
}

ot_code ot_refdata_load_db(ot_db *db, const char *old_store, ot_refdata **out, bool *from_snapshot,
                           ot_error *err)
{
    *out = NULL;
    if (from_snapshot) *from_snapshot = true;
    ot_refdata *rd = NULL;
    ot_code rc = load_db(db, &rd, err);
    if (rc == OT_OK && rd->n_sources == 0 && rd->n_smelters == 0) {
        ot_refdata_free(rd);
        rd = NULL;
        rc = migrate_old_file(db, old_store, &rd, err);
    }
    if (rc != OT_OK) return rc;
    if (!rd) return ot_refdata_load_snapshot(out, err);
    if (from_snapshot) *from_snapshot = false;
    *out = rd;
    return OT_OK;
}

ot_code ot_refdata_open(const char *workspace, ot_refdata **out, bool *from_snapshot, ot_error *err)
{
    *out = NULL;
    if (from_snapshot) *from_snapshot = true;
    const char *dir = workspace && *workspace ? workspace : ".";
    if (!ot_workspace_exists(dir)) return ot_refdata_load_snapshot(out, err);
    ot_workspace *ws;
    ot_code rc = ot_workspace_open(dir, &ws, err);
    if (rc != OT_OK) return rc;
    char *old_store = ot_refdata_path(ws->dir);
    rc = old_store ? ot_refdata_load_db(ws->db, old_store, out, from_snapshot, err)
                   : ot_fail(err, OT_E_NOMEM, "out of memory");
    free(old_store);
    ot_workspace_close(ws);
    return rc;
}

ot_code ot_refdata_save_db(const ot_refdata *rd, ot_db *db, ot_error *err)
{
    ot_code rc = save_db(db, rd, NULL, NULL, err);
    /* the imports are recorded now; a second save must not log them again. The notes are
     * bookkeeping beside the store's content, which save leaves as it is. */
    if (rc == OT_OK) rd_clear_notes((ot_refdata *)rd);
    return rc;
}
