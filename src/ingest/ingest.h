/* ingest.h - taking returned workbooks into a campaign: every file is kept, read,
 * validated, its smelters resolved, tied to the supplier it answers for, and counted.
 *
 * Per file, in this order:
 *   1. vault: the exact bytes are stored under their SHA-256 before anything parses them
 *      (store/vault.h). Bytes already ingested are reported as duplicates and skipped, so
 *      re-running a batch (after a crash, or with overlapping folders) adds nothing twice.
 *   2. read, validate, resolve: in parallel across cores, from the vault's copy.
 *   3. one transaction: submission, declaration, answers, smelter rows with their
 *      resolution, products, mines, findings, the campaign_file row (link, outcome,
 *      superseding), the request's new status and the audit entries. Writes happen on
 *      the calling thread, in input order.
 * A process killed at any point leaves whole files or nothing; the next run completes.
 *
 * Linking a file to a supplier, first rule that gives one answer wins:
 *   option     --supplier ID given by the user (confidence 1);
 *   token      the supplier's upload token (OT-...) in the file name or in any
 *              declaration text (confidence 1);
 *   email      the declaration's contact or authoriser e-mail domain belongs to exactly
 *              one supplier's contacts (webmail domains ignored; confidence 0.9);
 *   unique_id  the declaration's unique ID equals a supplier_id (confidence 0.9);
 *   name       the company name, normalised (case, punctuation, legal forms such as GmbH,
 *              Inc., Co., Ltd.), equals one supplier's (0.95) or is clearly the most
 *              similar (token overlap >= 0.8 and 0.1 ahead of the next; the score).
 * A file that links to no supplier is kept and counted as unlinked, queued for a person
 * (`oretrace campaign link`). A later file for the same supplier supersedes the earlier
 * ones; the supplier's status follows the latest: responded_valid, corrected (valid after
 * an invalid one), declined (valid, and every metal answered "No" to question 1), or
 * responded_invalid (invalid or unreadable). */
#ifndef OT_INGEST_H
#define OT_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "campaign/campaign.h"
#include "util/fileio.h"
#include "refdata/refdata.h"
#include "util/pathlist.h"
#include "validate/validate.h"

typedef struct ot_ingest_options {
    const char *supplier_id;        /* link every file to this supplier (NULL: find out) */
    unsigned threads;               /* 0: one per core */
    int32_t today;                  /* day number for status dates */
    const char *source;             /* "cli" (default), "portal", "email" */
    const ot_refdata *refdata;      /* smelter resolution; NULL: rows stay unresolved */
    const ot_smelter_ref *smelters; /* reference-based validation rules; may be NULL */
    ot_db *vault_db;                /* a second connection to the workspace's database, for
                                     * the thread that stores files in the vault while the
                                     * calling thread writes (one connection per thread);
                                     * required */
} ot_ingest_options;

typedef struct ot_ingest_file {
    const char *path;
    char sha256[OT_SHA256_HEX_LEN];
    bool duplicate;         /* these bytes were ingested before: nothing written */
    const char *outcome;    /* "valid", "invalid", "unreadable" (NULL for duplicates) */
    char template_name[24]; /* "CMRT 6.5", "" when not read */
    size_t errors, warnings;
    size_t smelters, smelters_resolved;
    char campaign[24];        /* the campaign it went to ("2025/EMRT"), "" when none */
    char unlinked_reason[96]; /* why it went to no campaign ("no EMRT campaign for 2025") */
    const char *supplier_id;  /* linked supplier, NULL when unlinked */
    const char *link_method;  /* option, token, email, unique_id, name */
    double link_confidence;
    const char *message; /* why unreadable, or why it could not be stored */
    int64_t submission_id;
} ot_ingest_file;

/* Called on the calling thread after each file, in input order. */
typedef void (*ot_ingest_file_fn)(const ot_ingest_file *f, size_t done, size_t total, void *ctx);

typedef struct ot_ingest_summary {
    size_t files, ingested, duplicates;
    size_t valid, invalid, unreadable;
    size_t linked, unlinked, superseded;
    size_t failed; /* files that could not be stored at all (I/O) */
    /* seconds: wall time of the vault pass and the write pass; summed per-file times of
     * the parallel read / validation / matching work */
    double vault_s, read_s, validate_s, match_s, db_s, total_s;
} ot_ingest_summary;

/* Appends to out the files given and the workbooks in the folders given (recursively:
 * *.xlsx, *.xlsm, *.xls; regular files only), sorted per folder. Folder entries left out
 * are in out->skipped: symbolic links (unless follow_links), sub-folders that cannot be
 * opened, link loops, what is not a regular file (util/pathlist.h). A missing argument
 * or a given folder that cannot be opened is OT_E_IO. */
ot_code ot_ingest_collect(const char *const *args, size_t n, bool follow_links, ot_pathlist *out,
                          ot_error *err);

/* Ingests the files into campaign c. Returns OT_OK when every file was handled (each
 * file's own outcome is in its ot_ingest_file); an error only for what stops the batch
 * (database, unknown --supplier). */
ot_code ot_ingest(ot_workspace *ws, const ot_campaign_info *c, const char *const *paths, size_t n,
                  const ot_ingest_options *o, const char *actor, ot_ingest_file_fn on_file,
                  void *ctx, ot_ingest_summary *sum, ot_error *err);

/* Links a queued (unlinked), wrongly linked or campaign-less file to a supplier of
 * campaign c by hand, with the same superseding and status rules; audited as an override
 * with the note. A file of another template family than the campaign's is refused
 * (OT_E_CONFLICT). An unreadable file is kept with the supplier but held back: it never
 * becomes the supplier's current submission (*held_back tells). */
ot_code ot_ingest_link(ot_workspace *ws, const ot_campaign_info *c, int64_t submission_id,
                       const char *supplier_id, const char *note, const char *actor, int32_t today,
                       bool *held_back, ot_error *err);

/* Undoes the last hand link of a file that is still in force: the file goes back to where
 * it was (unlinked, linked to another supplier, or in no campaign), both suppliers' files
 * and statuses are brought up to date (a supplier left without files gets back the status
 * it had before the link); audited with the note. *supplier_id receives the supplier the
 * link had named (malloc'd). OT_E_NOT_FOUND when the file has no such link. */
ot_code ot_ingest_unlink(ot_workspace *ws, int64_t submission_id, const char *note,
                         const char *actor, int32_t today, char **supplier_id, ot_error *err);

/* A file ingested into a campaign, and how it was linked. */
typedef struct ot_ingested_file {
    int64_t file_id;  /* the submission id */
    const char *name; /* the file's name as received */
    const char *received_at;
    const char *outcome;     /* valid, invalid, unreadable */
    const char *supplier_id; /* NULL when unlinked */
    const char *link_method; /* option, token, email, unique_id, name, person; NULL unlinked */
    bool has_confidence;
    double confidence;
    int64_t superseded_by; /* the file that superseded it, 0 when it is current */
    bool held_back;        /* unreadable, linked by hand: never the supplier's current file */
    int64_t errors, warnings;
    const char *company_name;                 /* as the declaration states it; NULL when not read */
    const ot_file_finding *campaign_findings; /* dated before the period, older version */
    size_t n_campaign_findings;
} ot_ingested_file;

typedef ot_code (*ot_ingested_fn)(const ot_ingested_file *f, void *ctx, ot_error *err);
/* Calls fn for every file of campaign c (only the unlinked ones when unlinked_only), by
 * file id. */
ot_code ot_ingest_files_each(ot_workspace *ws, const ot_campaign_info *c, bool unlinked_only,
                             ot_ingested_fn fn, void *ctx, ot_error *err);

#endif
