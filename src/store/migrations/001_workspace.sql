-- 001 workspace: facts about the workspace itself (when it was created, by which oretrace).
-- schema_version is created by the migration runner (store/sqlite.c) before any migration.
CREATE TABLE workspace_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
