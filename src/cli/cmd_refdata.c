/* cmd_refdata.c - `oretrace refdata`: import the RMI smelter reference list and RMAP
 * status lists into the workspace, and show what the store knows about a smelter.
 *
 *   refdata import FILE... [--as-of DATE] [--partial] [--fresh]
 *   refdata status-import FILE [--as-of DATE]
 *   refdata show ID|NAME [--metal M] [--date D]
 *   refdata sources
 *   refdata undo IMPORT_ID
 *   refdata export FILE */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_refdata.h"
#include "cli_store.h"
#include "store/workspace.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace refdata import FILE... [--as-of DATE] [--partial] [--fresh]\n"
            "       oretrace refdata status-import FILE [--as-of DATE]\n"
            "       oretrace refdata show ID|NAME [--metal M] [--date D]\n"
            "       oretrace refdata sources\n"
            "       oretrace refdata undo IMPORT_ID\n"
            "       oretrace refdata export FILE\n\n"
            "The smelter reference list (RMI smelter IDs, standard names, aliases, countries)\n"
            "with its history, and RMAP audit statuses with their dates. Without imports the\n"
            "snapshot shipped with oretrace is used; the first import copies it into the\n"
            "workspace database (WORKSPACE/oretrace.db) and adds to it, with an entry in the\n"
            "audit log. A workspace is created when there is none. A WORKSPACE/refdata/\n"
            "folder left by an earlier oretrace is read into the database once.\n\n"
            "  import FILE...   a genuine RMI template (CMRT, EMRT, CRT, AMRT of any version:\n"
            "                   its \"Smelter Look-up\" or legacy \"Standard Smelter Names\"\n"
            "                   sheet) or a look-up CSV with the columns metal, lookup_name,\n"
            "                   standard_name, country, smelter_id[, id_source, street, city,\n"
            "                   state_province]. A file that is not one, or has a row that is\n"
            "                   not plain reference data, is refused whole. Import older\n"
            "                   files first: renamed, merged and retired facilities are\n"
            "                   recorded as history, old names stay known.\n"
            "  status-import    an RMAP status CSV: smelter_id (or metal, name, country),\n"
            "                   status, as_of[, source]. Spellings such as \"Full Compliant\",\n"
            "                   \"Compliant\" or \"Indeterminable\" map onto Conformant, Active,\n"
            "                   Non-Conformant, Not Enrolled, Communication Suspended,\n"
            "                   Outreach Required, RMI Due Diligence Review, Unknown.\n"
            "  show ID|NAME     one smelter: names, location, status, history\n"
            "  sources          what was imported, with dates and IMPORT_IDs\n"
            "  undo IMPORT_ID   puts the reference data back exactly as they were before that\n"
            "                   import (the latest one still in force; undo newer ones first)\n"
            "  export FILE      writes the store as a snapshot file (data/refdata.tsv format,\n"
            "                   used by scripts/refresh-refdata.sh)\n\n"
            "options:\n"
            "  --as-of DATE     date of the list (default: a template's revision date; required\n"
            "                   for a look-up CSV, and for a status list without as_of)\n"
            "  --partial        the list is deliberately partial: it adds and updates smelters\n"
            "                   but retires none. Without it, a list carrying fewer than half\n"
            "                   of a metal's current smelters is refused.\n"
            "  --fresh          start from an empty store instead of the current one (used to\n"
            "                   regenerate the shipped snapshot, scripts/refresh-refdata.sh)\n"
            "  --metal M        with show NAME: the metal\n"
            "  --date D         with show: RMAP status as known on that date\n"
            "  --json           machine-readable output\n"
            "  --workspace DIR  the workspace folder\n"
            "  -h, --help       this help\n");
}

typedef struct refdata_opts {
    const char *as_of, *metal, *date, *workspace;
    bool json, fresh, partial;
} refdata_opts;

static int parse_opts(int argc, char **argv, refdata_opts *o)
{
    static const struct option opts[] = {
        {"as-of", required_argument, NULL, 'a'}, {"metal", required_argument, NULL, 'm'},
        {"date", required_argument, NULL, 'd'},  {"workspace", required_argument, NULL, 'w'},
        {"json", no_argument, NULL, 'j'},        {"fresh", no_argument, NULL, 'f'},
        {"partial", no_argument, NULL, 'p'},     {NULL, 0, NULL, 0},
    };
    optind = 2; /* argv[1] is the sub-command */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a': o->as_of = optarg; break;
        case 'm': o->metal = optarg; break;
        case 'd': o->date = optarg; break;
        case 'w': o->workspace = optarg; break;
        case 'j': o->json = true; break;
        case 'f': o->fresh = true; break;
        case 'p': o->partial = true; break;
        default:
            cli_errorf("refdata", "unknown or incomplete option '%s' (see oretrace refdata --help)",
                       argv[optind - 1]);
            return OT_EXIT_USAGE;
        }
    }
    if (o->date) {
        static char iso[11];
        if (!ot_refdata_parse_date(o->date, iso)) {
            cli_errorf("refdata", "--date '%s' is not a date (use YYYY-MM-DD)", o->date);
            return OT_EXIT_USAGE;
        }
        o->date = iso;
    }
    return OT_EXIT_OK;
}

static int exit_for(ot_code code)
{
    switch (code) {
    case OT_E_IO: case OT_E_NOT_WORKBOOK: case OT_E_TRUNCATED: case OT_E_CORRUPT:
    case OT_E_PASSWORD: case OT_E_ENCRYPTION: case OT_E_ZIP_BOMB: case OT_E_XML_DTD:
    case OT_E_UNSAFE_PATH: case OT_E_MISSING_PART: case OT_E_BAD_CELL: case OT_E_TOO_LARGE:
    case OT_E_NOT_FOUND: case OT_E_INVALID: case OT_E_NOT_TEMPLATE:
        return OT_EXIT_UNREADABLE;
    case OT_E_USAGE: return OT_EXIT_USAGE;
    default: return OT_EXIT_FAILURE;
    }
}

/* The workspace a writing sub-command works in: made by `oretrace init` (only init
 * creates a database), and opened once here so a damaged one is refused with the reason. */
static int ensure_workspace(const char *dir, bool quiet)
{
    (void)quiet;
    ot_workspace *ws = NULL;
    int rc = cli_open_workspace("refdata", dir, &ws);
    ot_workspace_close(ws);
    return rc;
}

static void print_import(const char *file, const ot_import_report *r)
{
    if (r->duplicate) {
        printf("%s: already imported as %s; nothing changed.\n", file, r->label);
        return;
    }
    printf("%s: %s, list of %s: %zu smelters (%s)", file, r->label, r->as_of, r->smelters,
           r->metals);
    printf("; %zu added, %zu renamed, %zu moved country, %zu retired, %zu merged, %zu "
           "reinstated, %zu new names, %zu legacy IDs",
           r->added, r->renamed, r->country_changed, r->retired, r->merged, r->reinstated,
           r->aliases_added, r->legacy_ids);
    if (r->backfill) printf("; older than the lists already imported: kept as history");
    if (r->partial) printf("; imported as a partial list: nothing retired");
    printf(".\n");
}

static json_t *import_json(const char *file, const ot_import_report *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string(file));
    json_object_set_new(o, "source", json_string(r->label));
    json_object_set_new(o, "as_of", json_string(r->as_of));
    json_object_set_new(o, "duplicate", json_boolean(r->duplicate));
    json_object_set_new(o, "backfill", json_boolean(r->backfill));
    json_object_set_new(o, "metals", json_string(r->metals));
    json_object_set_new(o, "rows", json_integer((json_int_t)r->rows));
    json_object_set_new(o, "smelters", json_integer((json_int_t)r->smelters));
    json_object_set_new(o, "added", json_integer((json_int_t)r->added));
    json_object_set_new(o, "renamed", json_integer((json_int_t)r->renamed));
    json_object_set_new(o, "country_changed", json_integer((json_int_t)r->country_changed));
    json_object_set_new(o, "retired", json_integer((json_int_t)r->retired));
    json_object_set_new(o, "merged", json_integer((json_int_t)r->merged));
    json_object_set_new(o, "reinstated", json_integer((json_int_t)r->reinstated));
    json_object_set_new(o, "aliases_added", json_integer((json_int_t)r->aliases_added));
    json_object_set_new(o, "legacy_ids", json_integer((json_int_t)r->legacy_ids));
    json_object_set_new(o, "partial", json_boolean(r->partial));
    json_object_set_new(o, "partial_metals", json_string(r->partial_metals));
    return o;
}

static int do_import(int argc, char **argv, const refdata_opts *o)
{
    if (optind >= argc) {
        cli_errorf("refdata", "import: give at least one FILE (see oretrace refdata --help)");
        return OT_EXIT_USAGE;
    }
    const char *ws = cli_workspace(o->workspace);
    int rc = ensure_workspace(ws, o->json);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata *rd;
    ot_error err = {0};
    if (o->fresh) {
        if (ot_refdata_new(&rd, &err) != OT_OK) {
            cli_errorf("refdata", "%s", err.message);
            return OT_EXIT_FAILURE;
        }
    } else if ((rc = cli_refdata_open("refdata", o->workspace, &rd, NULL)) != OT_EXIT_OK)
        return rc;
    json_t *list = json_array();
    ot_import_opts opts = {o->as_of, o->partial};
    for (int i = optind; i < argc; i++) {
        ot_import_report rep;
        if (ot_refdata_import_with(rd, argv[i], &opts, &rep, &err) != OT_OK) {
            /* nothing is saved: a failed batch leaves the store as it was */
            cli_errorf("refdata", "%s%s", err.message,
                       rep.too_small ? "; give --partial to import it so"
                       : rep.need_date ? " (--as-of DATE)" : "");
            json_decref(list);
            ot_refdata_free(rd);
            return exit_for(err.code);
        }
        if (o->json) json_array_append_new(list, import_json(argv[i], &rep));
        else print_import(argv[i], &rep);
    }
    rc = OT_EXIT_OK;
    if (ot_refdata_save(rd, ws, &err) != OT_OK) {
        cli_errorf("refdata", "%s", err.message);
        rc = OT_EXIT_FAILURE;
    }
    ot_refdata_free(rd);
    if (o->json && rc == OT_EXIT_OK) return cli_print_json(list);
    json_decref(list);
    return rc;
}

static int do_status_import(int argc, char **argv, const refdata_opts *o)
{
    if (optind + 1 != argc) {
        cli_errorf("refdata", "status-import: give one FILE (see oretrace refdata --help)");
        return OT_EXIT_USAGE;
    }
    const char *ws = cli_workspace(o->workspace);
    int rc = ensure_workspace(ws, o->json);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata *rd;
    if ((rc = cli_refdata_open("refdata", o->workspace, &rd, NULL)) != OT_EXIT_OK) return rc;
    ot_status_import_report rep;
    ot_error err = {0};
    if (ot_refdata_import_status(rd, argv[optind], o->as_of, &rep, &err) != OT_OK) {
        cli_errorf("refdata", "%s%s", err.message,
                   strstr(err.message, "no date given") ? " (--as-of DATE)" : "");
        ot_refdata_free(rd);
        return exit_for(err.code);
    }
    if (ot_refdata_save(rd, ws, &err) != OT_OK) {
        cli_errorf("refdata", "%s", err.message);
        ot_refdata_free(rd);
        return OT_EXIT_FAILURE;
    }
    ot_refdata_free(rd);
    if (o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "file", json_string(argv[optind]));
        json_object_set_new(j, "source", json_string(rep.label));
        json_object_set_new(j, "rows", json_integer((json_int_t)rep.rows));
        json_object_set_new(j, "imported", json_integer((json_int_t)rep.imported));
        json_object_set_new(j, "by_name", json_integer((json_int_t)rep.by_name));
        json_object_set_new(j, "unknown_ids", json_integer((json_int_t)rep.unknown_ids));
        json_object_set_new(j, "unmatched", json_integer((json_int_t)rep.unmatched));
        json_object_set_new(j, "skipped", json_integer((json_int_t)rep.skipped_bad));
        json_object_set_new(j, "first_problem", json_string(rep.first_problem));
        return cli_print_json(j);
    }
    printf("%s: %zu rows, %zu statuses stored (%zu placed by name)", argv[optind], rep.rows,
           rep.imported, rep.by_name);
    if (rep.unknown_ids) printf(", %zu for IDs not on the reference list", rep.unknown_ids);
    if (rep.unmatched || rep.skipped_bad)
        printf("; %zu rows skipped (first: %s)", rep.unmatched + rep.skipped_bad,
               rep.first_problem);
    printf(".\n");
    return OT_EXIT_OK;
}

/* ---- show -------------------------------------------------------------------------- */

static bool related(const ot_refdata *rd, const ot_smelter *s, const char *id)
{
    if (strcmp(id, s->id) == 0) return true;
    const ot_smelter *o = ot_refdata_find(rd, id);
    return o && ot_refdata_resolve_current(rd, o) == s;
}

static json_t *show_json(const ot_refdata *rd, const ot_smelter *s, const char *date)
{
    json_t *o = json_object();
    json_object_set_new(o, "smelter_id", json_string(s->id));
    json_object_set_new(o, "metal", json_string(s->metal));
    json_object_set_new(o, "standard_name", json_string(s->standard_name));
    json_object_set_new(o, "country", json_string(s->country));
    json_object_set_new(o, "city", json_string(s->city));
    json_object_set_new(o, "state_province", json_string(s->state_province));
    json_object_set_new(o, "street", json_string(s->street));
    json_object_set_new(o, "id_source", json_string(s->id_source));
    json_object_set_new(o, "state", json_string(ot_smelter_state_name(s->state)));
    json_object_set_new(o, "successor_id", s->successor_id ? json_string(s->successor_id) : json_null());
    json_object_set_new(o, "first_source", json_string(s->first_source));
    json_object_set_new(o, "last_source", json_string(s->last_source));
    json_object_set_new(o, "last_seen", json_string(s->last_seen));
    const ot_status_entry *st = ot_refdata_status(rd, s->id, date);
    json_object_set_new(o, "status", st ? json_string(ot_rmap_status_name(st->status)) : json_null());
    json_object_set_new(o, "status_as_of", st ? json_string(st->as_of) : json_null());
    json_object_set_new(o, "status_source", st ? json_string(st->source) : json_null());
    json_t *names = json_array();
    for (size_t i = 0; i < ot_refdata_alias_count(rd); i++) {
        const ot_refdata_alias *a = ot_refdata_alias_at(rd, i);
        if (!related(rd, s, a->smelter_id)) continue;
        json_t *n = json_object();
        json_object_set_new(n, "name", json_string(a->name));
        json_object_set_new(n, "listed_under", json_string(a->smelter_id));
        json_object_set_new(n, "source", json_string(a->source));
        json_array_append_new(names, n);
    }
    json_object_set_new(o, "names", names);
    json_t *legacy = json_array();
    for (size_t i = 0; i < ot_refdata_legacy_count(rd); i++) {
        const char *l, *id;
        ot_refdata_legacy_at(rd, i, &l, &id);
        if (strcmp(id, s->id) == 0) json_array_append_new(legacy, json_string(l));
    }
    json_object_set_new(o, "legacy_ids", legacy);
    json_t *hist = json_array();
    for (size_t i = 0; i < ot_refdata_event_count(rd); i++) {
        const ot_refdata_event *e = ot_refdata_event_at(rd, i);
        if (!related(rd, s, e->smelter_id)) continue;
        json_t *h = json_object();
        json_object_set_new(h, "date", json_string(e->date));
        json_object_set_new(h, "event", json_string(ot_event_kind_name(e->kind)));
        json_object_set_new(h, "smelter_id", json_string(e->smelter_id));
        json_object_set_new(h, "old", json_string(e->old_value));
        json_object_set_new(h, "new", json_string(e->new_value));
        json_object_set_new(h, "source", json_string(e->source));
        json_array_append_new(hist, h);
    }
    json_object_set_new(o, "history", hist);
    return o;
}

static int history_cmp(const void *a, const void *b)
{
    const ot_refdata_event *x = *(const ot_refdata_event *const *)a;
    const ot_refdata_event *y = *(const ot_refdata_event *const *)b;
    return strcmp(x->date, y->date);
}

static void show_text(const ot_refdata *rd, const ot_smelter *s, const char *date)
{
    printf("%s  %s\n", s->id, s->standard_name);
    printf("  metal:      %s\n", s->metal);
    printf("  country:    %s", *s->country ? s->country : "(not given)");
    if (*s->city || *s->state_province)
        printf("  (%s%s%s)", s->city, *s->city && *s->state_province ? ", " : "",
               s->state_province);
    printf("\n  on the list: %s", ot_smelter_state_name(s->state));
    if (s->successor_id) printf(", replaced by %s", s->successor_id);
    printf(" (last listed in %s, %s)\n", s->last_source, s->last_seen);
    const ot_status_entry *st = ot_refdata_status(rd, s->id, date);
    if (st) printf("  RMAP:       %s as of %s (%s)\n", ot_rmap_status_name(st->status), st->as_of,
                   st->source);
    else printf("  RMAP:       no status known\n");
    printf("  names:\n");
    for (size_t i = 0; i < ot_refdata_alias_count(rd); i++) {
        const ot_refdata_alias *a = ot_refdata_alias_at(rd, i);
        if (!related(rd, s, a->smelter_id)) continue;
        printf("    %s", a->name);
        if (strcmp(a->smelter_id, s->id) != 0) printf("  [as %s]", a->smelter_id);
        printf("  (%s)\n", a->source);
    }
    for (size_t i = 0; i < ot_refdata_legacy_count(rd); i++) {
        const char *l, *id;
        ot_refdata_legacy_at(rd, i, &l, &id);
        if (strcmp(id, s->id) == 0) printf("  legacy ID:  %s\n", l);
    }
    size_t n = 0, cap = ot_refdata_event_count(rd);
    const ot_refdata_event **ev = malloc((cap + 1) * sizeof *ev);
    if (!ev) return;
    for (size_t i = 0; i < cap; i++) {
        const ot_refdata_event *e = ot_refdata_event_at(rd, i);
        if (related(rd, s, e->smelter_id)) ev[n++] = e;
    }
    qsort(ev, n, sizeof *ev, history_cmp);
    if (n) printf("  history:\n");
    for (size_t i = 0; i < n; i++) {
        const ot_refdata_event *e = ev[i];
        printf("    %s  %-15s", e->date, ot_event_kind_name(e->kind));
        if (strcmp(e->smelter_id, s->id) != 0) printf(" %s", e->smelter_id);
        if (*e->old_value && *e->new_value) printf(" '%s' -> '%s'", e->old_value, e->new_value);
        else if (*e->new_value) printf(" '%s'", e->new_value);
        else if (*e->old_value) printf(" '%s'", e->old_value);
        printf("  (%s)\n", e->source);
    }
    free(ev);
}

static int do_show(int argc, char **argv, const refdata_opts *o)
{
    if (optind + 1 != argc) {
        cli_errorf("refdata", "show: give one smelter ID or name (quote names with spaces)");
        return OT_EXIT_USAGE;
    }
    const char *what = argv[optind];
    ot_refdata *rd;
    int rc = cli_refdata_open("refdata", o->workspace, &rd, NULL);
    if (rc != OT_EXIT_OK) return rc;
    const ot_smelter *s = ot_refdata_find(rd, what);
    ot_match_result r = {0};
    if (!s) {
        ot_matcher *m;
        ot_error err = {0};
        if (ot_matcher_build(rd, &m, &err) != OT_OK) {
            cli_errorf("refdata", "%s", err.message);
            ot_refdata_free(rd);
            return OT_EXIT_FAILURE;
        }
        ot_match_input in = {o->metal, NULL, NULL, what, NULL};
        ot_match(m, &in, &r);
        s = r.smelter;
        if (!s) {
            cli_errorf("refdata", "no smelter called '%s'%s%s", what,
                       r.candidate_count ? "; closest:" : "", r.candidate_count ? "" : "");
            for (size_t i = 0; i < r.candidate_count; i++)
                fprintf(stderr, "  %s  %s (%s, %s)\n", r.candidates[i].smelter->id,
                        r.candidates[i].smelter->standard_name, r.candidates[i].smelter->metal,
                        r.candidates[i].smelter->country);
            if (r.notes & OT_NOTE_AMBIGUOUS && !o->metal)
                fprintf(stderr, "  (several metals: add --metal)\n");
            ot_matcher_free(m);
            ot_refdata_free(rd);
            return OT_EXIT_FAILURE;
        }
        ot_matcher_free(m);
    }
    if (o->json) rc = cli_print_json(show_json(rd, s, o->date));
    else show_text(rd, s, o->date);
    ot_refdata_free(rd);
    return rc;
}

static int do_export(int argc, char **argv, const refdata_opts *o)
{
    if (optind + 1 != argc) {
        cli_errorf("refdata", "export: give one FILE (see oretrace refdata --help)");
        return OT_EXIT_USAGE;
    }
    ot_refdata *rd;
    int rc = cli_refdata_open("refdata", o->workspace, &rd, NULL);
    if (rc != OT_EXIT_OK) return rc;
    ot_error err = {0};
    if (ot_refdata_save_file(rd, argv[optind], &err) != OT_OK) {
        cli_errorf("refdata", "%s", err.message);
        rc = OT_EXIT_FAILURE;
    }
    ot_refdata_free(rd);
    return rc;
}

int cmd_refdata(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? OT_EXIT_USAGE : OT_EXIT_OK;
    }
    if (cli_wants_help(argc, argv)) {
        help(stdout);
        return OT_EXIT_OK;
    }
    refdata_opts o = {0};
    int rc = parse_opts(argc, argv, &o);
    if (rc != OT_EXIT_OK) return rc;
    const char *sub = argv[1];
    if (strcmp(sub, "import") == 0) return do_import(argc, argv, &o);
    if (strcmp(sub, "status-import") == 0) return do_status_import(argc, argv, &o);
    if (strcmp(sub, "show") == 0) return do_show(argc, argv, &o);
    if (strcmp(sub, "sources") == 0) return cli_refdata_sources(o.workspace, o.json);
    if (strcmp(sub, "undo") == 0) {
        if (optind + 1 != argc) {
            cli_errorf("refdata", "undo: give one IMPORT_ID (see oretrace refdata sources)");
            return OT_EXIT_USAGE;
        }
        return cli_refdata_undo(o.workspace, argv[optind], o.json);
    }
    if (strcmp(sub, "export") == 0) return do_export(argc, argv, &o);
    cli_errorf("refdata", "unknown sub-command '%s' (import, status-import, show, sources, "
               "undo, export)", sub);
    return OT_EXIT_USAGE;
}
