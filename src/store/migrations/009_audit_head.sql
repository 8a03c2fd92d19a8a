-- 009 audit head: from this version on, the audit chain's head (entry count and hash) is
-- also kept outside the database, in audit.head beside it (store/audit.h), rewritten
-- after every commit that appends entries; `oretrace audit verify` compares the two, so a
-- log cut short at its end or a replaced database is detected. This row records that the
-- workspace keeps the file (a missing one is then reported, not silently recreated).
INSERT INTO workspace_meta (key, value) VALUES ('audit_head_file', 'audit.head')
    ON CONFLICT (key) DO NOTHING;
