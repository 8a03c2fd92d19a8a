/* vsupport.h - what the validate tests share: a smelter reference read from the look-up
 * CSVs (the RMI templates' own Smelter Look-up sheets, vendored from ../shared/refdata in
 * tests/fixtures/reference/refdata), reading
 * a workbook into a declaration, and finding lookups. Header-only: every test program
 * includes it once. */
#ifndef OT_VSUPPORT_H
#define OT_VSUPPORT_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader/workbook.h"
#include "template/template.h"
#include "testutil.h"
#include "validate/validate.h"

/* ---- CSV smelter reference ---- */

typedef struct csv_smelter {
    char metal[24], name[160], id[16];
} csv_smelter;

typedef struct csv_ref {
    csv_smelter *rows;
    size_t count, cap;
    ot_smelter_ref ref;
} csv_ref;

/* Splits one RFC 4180 line (no embedded newlines in these files) into up to max fields. */
static inline size_t csv_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *out = p, *start = p;
        if (*p == '"') {
            p++;
            start = out = p;
            while (*p) {
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *out++ = *p++;
                }
            }
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r')
                *out++ = *p++;
        }
        char sep = *p;
        *out = '\0';
        fields[n++] = start;
        if (sep != ',') break;
        p++;
    }
    return n;
}

static inline size_t csv_metals_of_id(void *self, const char *id, const char **metals, size_t max)
{
    csv_ref *r = self;
    size_t n = 0;
    while (*id == ' ')
        id++;
    for (size_t i = 0; i < r->count; i++) {
        if (strcasecmp(r->rows[i].id, id) != 0) continue;
        bool seen = false;
        for (size_t k = 0; k < n && k < max; k++)
            seen |= strcmp(metals[k], r->rows[i].metal) == 0;
        if (seen) continue;
        if (n < max) metals[n] = r->rows[i].metal;
        n++;
    }
    return n;
}

static const char *csv_id_of_name(void *self, const char *metal, const char *name)
{
    csv_ref *r = self;
    for (size_t i = 0; i < r->count; i++)
        if (strcasecmp(r->rows[i].metal, metal) == 0 && strcasecmp(r->rows[i].name, name) == 0 &&
            r->rows[i].id[0])
            return r->rows[i].id;
    return NULL;
}

static inline bool csv_covers_metal(void *self, const char *metal)
{
    csv_ref *r = self;
    for (size_t i = 0; i < r->count; i++)
        if (strcasecmp(r->rows[i].metal, metal) == 0) return true;
    return false;
}

static inline void csv_ref_add(csv_ref *r, const char *metal, const char *name, const char *id)
{
    if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->rows = realloc(r->rows, r->cap * sizeof *r->rows);
    }
    csv_smelter *s = &r->rows[r->count++];
    snprintf(s->metal, sizeof s->metal, "%s", metal);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->id, sizeof s->id, "%s", id);
}

static inline void csv_ref_load_file(csv_ref *r, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[1024];
    bool header = true;
    while (fgets(line, sizeof line, f)) {
        if (header) {
            header = false;
            continue;
        }
        char *fields[9];
        if (csv_split(line, fields, 9) < 5) continue;
        csv_ref_add(r, fields[0], fields[1], fields[4]);
    }
    fclose(f);
}

/* The CMRT 6.5 and EMRT 2.1 look-ups. */
static inline void csv_ref_init(csv_ref *r)
{
    memset(r, 0, sizeof *r);
    csv_ref_load_file(r, vendored_path("refdata/cmrt-6.5-smelter-lookup.csv"));
    csv_ref_load_file(r, vendored_path("refdata/emrt-2.1-smelter-lookup.csv"));
    r->ref = (ot_smelter_ref){r, csv_metals_of_id, csv_id_of_name, csv_covers_metal};
}

static inline void csv_ref_free(csv_ref *r)
{
    free(r->rows);
    memset(r, 0, sizeof *r);
}

/* ---- reading and validating ---- */

typedef struct loaded {
    ot_workbook *wb;
    ot_declaration *d;
} loaded;

static inline bool load_declaration(const char *path, loaded *out)
{
    ot_error err;
    memset(out, 0, sizeof *out);
    if (ot_workbook_open(path, NULL, &out->wb, &err) != OT_OK) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        return false;
    }
    if (ot_template_read(out->wb, &out->d, &err) != OT_OK) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        ot_workbook_close(out->wb);
        out->wb = NULL;
        return false;
    }
    return true;
}

static inline void unload(loaded *l)
{
    ot_declaration_free(l->d);
    ot_workbook_close(l->wb);
    memset(l, 0, sizeof *l);
}

/* Number of findings whose code ends with suffix (after the family prefix) at sheet!cell
 * (cell NULL: anywhere). */
static inline size_t count_findings(const ot_findings *f, const char *suffix, const char *sheet,
                                    const char *cell)
{
    size_t n = 0, ls = strlen(suffix);
    for (size_t i = 0; i < f->count; i++) {
        const ot_finding *x = &f->items[i];
        const char *dash = strchr(x->code, '-');
        if (!dash || strcmp(dash + 1, suffix) != 0 || strlen(dash + 1) != ls) continue;
        if (sheet && strcmp(x->sheet, sheet) != 0) continue;
        if (cell && strcmp(x->cell, cell) != 0) continue;
        n++;
    }
    return n;
}

static inline void print_findings(const ot_findings *f)
{
    for (size_t i = 0; i < f->count; i++)
        fprintf(stderr, "    %s %s %s!%s %s\n", f->items[i].code,
                ot_severity_name(f->items[i].severity), f->items[i].sheet, f->items[i].cell,
                f->items[i].message);
}

#endif
