-- 011 risk lists: the CAHRA list (conflict-affected and high-risk areas) and the watch
-- list (sanctions, credible adverse reports) the user imports (`risk countries import`,
-- `risk watchlist import`; formats in docs/risk.md). Every import is kept: the newest
-- import of a kind is the list in force, older ones are its history. The roll-up reads
-- the list in force when it computes (src/report/risklists.c); no list imported = none.
CREATE TABLE risk_list_import (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('cahra', 'watch')),
    file_name   TEXT NOT NULL,            -- as given on the command line
    sha256      TEXT NOT NULL,            -- of the imported file
    source      TEXT,                     -- given for rows without a source
    as_of       TEXT,                     -- given for rows without a date (YYYY-MM-DD)
    content     TEXT NOT NULL,            -- the CSV as imported: the list is read from it
    entries     INTEGER NOT NULL,
    imported_at TEXT NOT NULL,            -- ISO-8601 UTC
    imported_by TEXT NOT NULL
);
CREATE INDEX risk_list_import_kind ON risk_list_import (kind, id);

-- The entries as parsed at import, for queries and listings.
CREATE TABLE risk_cahra_entry (
    import_id INTEGER NOT NULL REFERENCES risk_list_import (id),
    line      INTEGER NOT NULL,           -- CSV line
    alpha2    TEXT NOT NULL,              -- ISO 3166-1 alpha-2
    country   TEXT NOT NULL,
    region    TEXT NOT NULL,              -- '' = the whole country
    source    TEXT NOT NULL,
    as_of     TEXT NOT NULL,
    PRIMARY KEY (import_id, line)
);

CREATE TABLE risk_watch_entry (
    import_id  INTEGER NOT NULL REFERENCES risk_list_import (id),
    line       INTEGER NOT NULL,
    smelter_id TEXT NOT NULL,             -- canonical, '' when listed by name
    name       TEXT NOT NULL,             -- '' when listed by ID only
    metal      TEXT NOT NULL,             -- '' = any metal
    reason     TEXT NOT NULL,
    source     TEXT NOT NULL,
    date       TEXT NOT NULL,
    PRIMARY KEY (import_id, line)
);
