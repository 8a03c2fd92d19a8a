-- 030 ingest results: what was read from each received file. Written by ingest in ONE
-- transaction per file (submission row, declaration, answers, smelter rows, products,
-- mines, findings, audit entry), after the file's bytes are already in the vault.
-- Every version a supplier sends is kept: one submission per distinct file (sha256);
-- which one is current for a supplier is decided by the campaign (campaign_file).

CREATE TABLE submission (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE REFERENCES vault_file (sha256),
    original_name TEXT,
    received_at   TEXT NOT NULL,          -- ISO-8601 UTC, when ingest first saw the file
    source        TEXT NOT NULL DEFAULT 'cli',  -- cli, portal, email
    -- Which supplier / request a file answers is the campaign's business: see
    -- campaign_file (011_campaigns), keyed by submission.id.
    -- read: a template was read (see declaration and finding); unreadable: not a
    -- readable workbook; not_template: a workbook but not an RMI template.
    status        TEXT NOT NULL CHECK (status IN ('read', 'unreadable', 'not_template')),
    error_code    TEXT,                   -- ot_error_code_name() when not read
    error_message TEXT,
    errors        INTEGER NOT NULL DEFAULT 0,   -- findings by severity, for quick lists
    warnings      INTEGER NOT NULL DEFAULT 0,
    valid         INTEGER NOT NULL DEFAULT 0    -- 1 when read and no error finding
);
CREATE INDEX submission_received ON submission (received_at);

-- The declaration page: one row per read submission.
CREATE TABLE declaration (
    submission_id       INTEGER PRIMARY KEY REFERENCES submission (id),
    family              TEXT NOT NULL,    -- CMRT, EMRT, CRT, AMRT
    version             TEXT,             -- as the file states it, e.g. "6.5"
    layout_version      TEXT,             -- the layout applied
    exact_layout        INTEGER NOT NULL DEFAULT 1,
    language            TEXT,
    scope               TEXT,             -- letter A/B/C (D legacy), NULL when unknown
    scope_text          TEXT,             -- as written
    scope_description   TEXT,
    company_name        TEXT,
    unique_id           TEXT,
    unique_id_authority TEXT,
    address             TEXT,
    contact_name        TEXT,
    contact_email       TEXT,
    contact_phone       TEXT,
    authorizer_name     TEXT,
    authorizer_title    TEXT,
    authorizer_email    TEXT,
    authorizer_phone    TEXT,
    effective_date      TEXT,             -- ISO date when the cell held a date, else NULL
    effective_date_text TEXT,             -- as written
    smelter_count       INTEGER NOT NULL DEFAULT 0,
    product_count       INTEGER NOT NULL DEFAULT 0,
    mine_count          INTEGER NOT NULL DEFAULT 0
);

-- Minerals the template covers (EMRT/AMRT: the ones selected), in template order.
CREATE TABLE declaration_metal (
    submission_id INTEGER NOT NULL REFERENCES submission (id),
    position      INTEGER NOT NULL,
    metal         TEXT NOT NULL,
    PRIMARY KEY (submission_id, position)
);

-- Questions 1..8 per metal.
CREATE TABLE answer (
    submission_id INTEGER NOT NULL REFERENCES submission (id),
    question_key  TEXT NOT NULL,          -- "1".."8" as printed in the template
    role          TEXT NOT NULL,          -- intentional, covered_countries, recycled, ...
    metal         TEXT NOT NULL,
    answer        TEXT,
    comment       TEXT,
    cell          TEXT,                   -- A1 reference of the answer cell
    PRIMARY KEY (submission_id, question_key, metal)
);

-- Company-level questions A..K; metal is '' unless the question is asked per mineral.
CREATE TABLE company_answer (
    submission_id INTEGER NOT NULL REFERENCES submission (id),
    letter        TEXT NOT NULL,
    role          TEXT NOT NULL,          -- policy, due_diligence, review, corrective, ...
    metal         TEXT NOT NULL DEFAULT '',
    answer        TEXT,
    comment       TEXT,
    cell          TEXT,
    PRIMARY KEY (submission_id, letter, metal)
);

-- Smelter List rows as reported, plus how refdata resolved each one. The resolution
-- columns are updated when the row is resolved again against newer reference data; the
-- reported columns never change.
CREATE TABLE smelter_row (
    id               INTEGER PRIMARY KEY,
    submission_id    INTEGER NOT NULL REFERENCES submission (id),
    row_no           INTEGER NOT NULL,    -- row in the Smelter List sheet
    metal            TEXT,
    smelter_id_input TEXT,
    lookup_name      TEXT,
    name             TEXT,
    country          TEXT,
    reported_id      TEXT,
    id_source        TEXT,
    street           TEXT,
    city             TEXT,
    state            TEXT,
    contact_name     TEXT,
    contact_email    TEXT,
    next_steps       TEXT,
    mine_name        TEXT,
    mine_country     TEXT,
    recycled         TEXT,
    comments         TEXT,
    -- resolution (refdata): the RMI smelter ID this row is, how we know, how sure
    smelter_id       TEXT,                -- "CID001234"; NULL when unresolved
    match_method     TEXT,                -- id, name, alias, fuzzy, none, not_a_smelter, ...
    match_confidence DOUBLE PRECISION,    -- 0..1
    resolved_name    TEXT,                -- the standard name
    resolved_country TEXT,
    rmap_status      TEXT,                -- Conformant, Active, ... as of status_date
    status_date      TEXT,
    resolved_at      TEXT,
    UNIQUE (submission_id, row_no)
);
CREATE INDEX smelter_row_smelter ON smelter_row (smelter_id);

CREATE TABLE product_row (
    submission_id    INTEGER NOT NULL REFERENCES submission (id),
    row_no           INTEGER NOT NULL,
    product_number   TEXT,
    product_name     TEXT,
    requester_number TEXT,
    requester_name   TEXT,
    comments         TEXT,
    PRIMARY KEY (submission_id, row_no)
);

CREATE TABLE mine_row (
    submission_id INTEGER NOT NULL REFERENCES submission (id),
    row_no        INTEGER NOT NULL,
    metal         TEXT,
    smelter_name  TEXT,
    mine_name     TEXT,
    mine_id       TEXT,
    id_source     TEXT,
    country       TEXT,
    street        TEXT,
    city          TEXT,
    state         TEXT,
    contact_name  TEXT,
    contact_email TEXT,
    next_steps    TEXT,
    comments      TEXT,
    PRIMARY KEY (submission_id, row_no)
);

-- Validation findings (validate/findings.h).
CREATE TABLE finding (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submission (id),
    code          TEXT NOT NULL,          -- stable rule code, e.g. CMRT-REQ-CONTACT-EMAIL
    severity      TEXT NOT NULL,          -- error, warning
    sheet         TEXT,
    cell          TEXT,                   -- A1 reference
    field         TEXT,
    metal         TEXT,
    message       TEXT NOT NULL,
    fix           TEXT
);
CREATE INDEX finding_submission ON finding (submission_id);
CREATE INDEX finding_code ON finding (code);

-- A received submission is a record under retention: it is never deleted (its derived
-- rows above may be rewritten when a file is read again with a corrected layout).
CREATE TRIGGER submission_no_delete BEFORE DELETE ON submission
BEGIN
    SELECT RAISE(ABORT, 'submissions are kept for the retention period and cannot be deleted');
END;
