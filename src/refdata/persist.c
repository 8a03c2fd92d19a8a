/* persist.c - the store as one versioned text file (format: docs/refdata.md).
 *
 * This is the only file that knows how the store is kept on disk: when the reference
 * data move into the workspace database, this file is replaced and refdata.h stays.
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
 * the first are comments. Unknown record types are an error (a newer format). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "refdata/refdata_internal.h"
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
        case '\\': ot_sb_puts(sb, "\\\\"); break;
        case '\t': ot_sb_puts(sb, "\\t"); break;
        case '\n': ot_sb_puts(sb, "\\n"); break;
        case '\r': ot_sb_puts(sb, "\\r"); break;
        default: ot_sb_putc(sb, *p);
        }
    }
}

static void put_record(ot_strbuf *sb, const char *type, const char *const *fields, size_t n)
{
    ot_sb_puts(sb, type);
    for (size_t i = 0; i < n; i++) put_field(sb, fields[i]);
    ot_sb_putc(sb, '\n');
}

static void serialize(const ot_refdata *rd, ot_strbuf *sb)
{
    ot_sb_printf(sb, "%s\t%d\n", FORMAT_MAGIC, FORMAT_VERSION);
    ot_sb_puts(sb, "# Smelter reference data (oretrace). Format: docs/refdata.md. The RMI "
                   "smelter lists are the Responsible Minerals Initiative's.\n");
    for (size_t i = 0; i < rd->n_sources; i++) {
        const ot_refdata_source *s = &rd->sources[i];
        char rows[32];
        snprintf(rows, sizeof rows, "%zu", s->rows);
        const char *f[] = {s->label, s->kind, s->as_of, s->sha256, rows, rd->source_metals[i]};
        put_record(sb, "source", f, 6);
    }
    for (size_t i = 0; i < rd->n_smelters; i++) {
        const ot_smelter *s = &rd->smelters[i];
        const char *f[] = {s->id, s->metal, s->standard_name, s->country, s->id_source,
                           s->street, s->city, s->state_province,
                           ot_smelter_state_name(s->state), s->successor_id,
                           s->first_source, s->last_source, s->last_seen};
        put_record(sb, "smelter", f, 13);
    }
    for (size_t i = 0; i < rd->n_aliases; i++) {
        const ot_refdata_alias *a = &rd->aliases[i];
        const char *f[] = {a->smelter_id, a->name, a->source, a->last_seen};
        put_record(sb, "alias", f, 4);
    }
    for (size_t i = 0; i < rd->n_legacy; i++) {
        const legacy_map *l = &rd->legacy[i];
        const char *f[] = {l->legacy_id, l->smelter_id, l->source};
        put_record(sb, "legacy", f, 3);
    }
    for (size_t i = 0; i < rd->n_events; i++) {
        const ot_refdata_event *e = &rd->events[i];
        const char *f[] = {e->date, e->source, e->smelter_id, ot_event_kind_name(e->kind),
                           e->old_value, e->new_value};
        put_record(sb, "event", f, 6);
    }
    for (size_t i = 0; i < rd->n_status; i++) {
        const ot_status_entry *e = &rd->status[i];
        const char *f[] = {e->smelter_id, ot_rmap_status_name(e->status), e->as_of, e->source};
        put_record(sb, "status", f, 4);
    }
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

char *ot_refdata_path(const char *workspace)
{
    const char *ws = workspace && *workspace ? workspace : ".";
    size_t n = strlen(ws) + sizeof "/refdata/refdata.tsv";
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/refdata/refdata.tsv", ws);
    return p;
}

ot_code ot_refdata_save(const ot_refdata *rd, const char *workspace, ot_error *err)
{
    const char *ws = workspace && *workspace ? workspace : ".";
    char dir[4096];
    if ((size_t)snprintf(dir, sizeof dir, "%s/refdata", ws) >= sizeof dir)
        return ot_fail(err, OT_E_USAGE, "workspace path too long: %s", ws);
    if (mkdir(ws, 0777) != 0 && errno != EEXIST)
        return ot_fail(err, OT_E_IO, "cannot create workspace folder %s: %s", ws,
                       strerror(errno));
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return ot_fail(err, OT_E_IO, "cannot create %s: %s", dir, strerror(errno));
    char *path = ot_refdata_path(ws);
    if (!path) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_code rc = ot_refdata_save_file(rd, path, err);
    free(path);
    return rc;
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
        ot_smelter s = {rd_str(rd, f[1]), rd_str(rd, f[2]), rd_str(rd, f[3]), rd_str(rd, f[4]),
                        rd_str(rd, f[5]), rd_str(rd, f[6]), rd_str(rd, f[7]), rd_str(rd, f[8]),
                        OT_SMELTER_CURRENT, NULL, rd_str(rd, f[11]), rd_str(rd, f[12]),
                        rd_str(rd, f[13])};
        if (strcmp(f[9], "retired") == 0) s.state = OT_SMELTER_RETIRED;
        else if (strcmp(f[9], "merged") == 0) s.state = OT_SMELTER_MERGED;
        else if (strcmp(f[9], "current") != 0) return bad(err, name, line, "unknown smelter state");
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
                rc = ot_fail(err, OT_E_CORRUPT, "%s has format version %s; this oretrace "
                             "reads version %d", name, f[1], FORMAT_VERSION);
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

ot_code ot_refdata_open(const char *workspace, ot_refdata **out, bool *from_snapshot,
                        ot_error *err)
{
    char *path = ot_refdata_path(workspace);
    if (!path) return ot_fail(err, OT_E_NOMEM, "out of memory");
    struct stat st;
    bool have = stat(path, &st) == 0;
    ot_code rc = have ? ot_refdata_load_file(path, out, err) : ot_refdata_load_snapshot(out, err);
    free(path);
    if (from_snapshot) *from_snapshot = !have;
    return rc;
}
