-- 021 refdata undo: the log of reference-data imports (src/refdata/persist.c;
-- docs/refdata.md). One row per import saved into the workspace (a look-up list or an
-- RMAP status list) with the whole reference store as it was before it, so
-- `oretrace refdata undo IMPORT_ID` can put it back exactly. Rows are never deleted: an
-- undone import keeps its row, marked undone. The refdata_* tables of 020 stay the store
-- in use.
CREATE TABLE refdata_import (
    import_id     INTEGER PRIMARY KEY,
    source_label  TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- template, csv, status
    as_of         TEXT NOT NULL,            -- YYYY-MM-DD, the list's date
    sha256        TEXT NOT NULL,            -- of the imported file
    file_name     TEXT NOT NULL,            -- as given on the command line
    partial       INTEGER NOT NULL DEFAULT 0,
    imported_at   TEXT NOT NULL,            -- ISO-8601 UTC
    imported_by   TEXT NOT NULL,
    audit_id      INTEGER,                  -- its refdata.import / refdata.status_import entry
    -- the store before the import, in the store file format (docs/refdata.md), deflated
    -- (zlib); NULL when nothing had been imported (the shipped snapshot was in use)
    before_state  BLOB,
    before_len    INTEGER NOT NULL DEFAULT 0, -- bytes of the inflated text
    before_sha256 TEXT NOT NULL,            -- of the inflated text ("" when NULL)
    after_sha256  TEXT NOT NULL,            -- of the store text right after the import
    undone_at     TEXT,                     -- NULL while in force
    undone_by     TEXT,
    undo_audit_id INTEGER                   -- its refdata.undo entry
);
