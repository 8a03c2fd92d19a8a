-- 020 refdata: the workspace's smelter reference store (src/refdata/persist.c reads and
-- writes it; docs/refdata.md). One table per kind of record. `seq` keeps the order the
-- store holds them in (history and alias order matter to `refdata show` and the matcher)
-- and is given by the writer, so no identity column is needed on either backend.
-- Empty tables mean "nothing imported": the snapshot shipped in the program is used.
CREATE TABLE refdata_source (
    seq       INTEGER PRIMARY KEY,
    label     TEXT NOT NULL,
    kind      TEXT NOT NULL,            -- template, csv, status
    as_of     TEXT NOT NULL,            -- YYYY-MM-DD
    sha256    TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    metals    TEXT NOT NULL             -- comma list
);

CREATE TABLE refdata_smelter (
    seq            INTEGER PRIMARY KEY,
    smelter_id     TEXT NOT NULL UNIQUE,
    metal          TEXT NOT NULL,
    standard_name  TEXT NOT NULL,
    country        TEXT NOT NULL,
    id_source      TEXT NOT NULL,
    street         TEXT NOT NULL,
    city           TEXT NOT NULL,
    state_province TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('current', 'retired', 'merged')),
    successor_id   TEXT,
    first_source   TEXT NOT NULL,
    last_source    TEXT NOT NULL,
    last_seen      TEXT NOT NULL
);

CREATE TABLE refdata_alias (
    seq        INTEGER PRIMARY KEY,
    smelter_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    source     TEXT NOT NULL,           -- first source listing it
    last_seen  TEXT NOT NULL
);
CREATE INDEX refdata_alias_smelter ON refdata_alias (smelter_id);

CREATE TABLE refdata_legacy (
    seq        INTEGER PRIMARY KEY,
    legacy_id  TEXT NOT NULL,
    smelter_id TEXT NOT NULL,
    source     TEXT NOT NULL
);

CREATE TABLE refdata_event (
    seq        INTEGER PRIMARY KEY,
    event_date TEXT NOT NULL,
    source     TEXT NOT NULL,
    smelter_id TEXT NOT NULL,
    kind       TEXT NOT NULL,           -- added, renamed, country-changed, retired, ...
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL
);
CREATE INDEX refdata_event_smelter ON refdata_event (smelter_id);

-- smelter_id may name an ID the reference list does not have (a status list can be newer)
CREATE TABLE refdata_status (
    seq        INTEGER PRIMARY KEY,
    smelter_id TEXT NOT NULL,
    status     TEXT NOT NULL,           -- vocabulary name (refdata.h ot_rmap_status_name)
    as_of      TEXT NOT NULL,
    source     TEXT NOT NULL
);
CREATE INDEX refdata_status_smelter ON refdata_status (smelter_id);
