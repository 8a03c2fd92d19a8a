-- 003 audit: the append-only, hash-chained audit log (see store/audit.h for the hash).
-- id is assigned by ot_audit_append (max + 1 inside the writer's transaction) because the
-- hash covers it. The triggers make the table append-only for every ordinary connection;
-- tampering then needs a raw edit, which `oretrace audit verify` detects.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    ts           TEXT NOT NULL,           -- ISO-8601 UTC with milliseconds
    actor        TEXT NOT NULL,           -- "os:alice", "web:bob", "system"
    action       TEXT NOT NULL,           -- import, send, reminder, ingest, status, override...
    subject_type TEXT,                    -- supplier, request, submission, smelter...
    subject_id   TEXT,
    detail       TEXT NOT NULL,           -- a JSON object
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);

CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);
CREATE INDEX audit_log_ts ON audit_log (ts);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;
