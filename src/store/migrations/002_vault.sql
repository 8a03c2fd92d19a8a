-- 002 vault: one row per distinct received file (the bytes live in DIR/vault/ab/cdef...
-- under their SHA-256), and every name the file arrived under. Received files are records
-- that must be kept (retention): rows can be added, never changed or deleted.
CREATE TABLE vault_file (
    sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size       BIGINT NOT NULL CHECK (size >= 0),
    first_seen TEXT NOT NULL              -- ISO-8601 UTC
);

CREATE TABLE vault_name (
    sha256        TEXT NOT NULL REFERENCES vault_file (sha256),
    original_name TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    PRIMARY KEY (sha256, original_name)
);

CREATE TRIGGER vault_file_no_update BEFORE UPDATE ON vault_file
BEGIN
    SELECT RAISE(ABORT, 'vault_file rows are kept as received and cannot be changed');
END;

CREATE TRIGGER vault_file_no_delete BEFORE DELETE ON vault_file
BEGIN
    SELECT RAISE(ABORT, 'vault_file rows are kept for the retention period and cannot be deleted');
END;

CREATE TRIGGER vault_name_no_delete BEFORE DELETE ON vault_name
BEGIN
    SELECT RAISE(ABORT, 'vault_name rows are kept for the retention period and cannot be deleted');
END;
