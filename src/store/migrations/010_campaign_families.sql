-- 010 campaign families: a reporting year can run several surveys, one per template
-- family (a CMRT campaign for 3TG and an EMRT campaign for cobalt and mica side by side),
-- so a campaign is keyed by (reporting_year, family). The campaign and request tables are
-- rebuilt (SQLite cannot drop a UNIQUE column constraint or change a CHECK): their rows
-- are copied aside, the tables dropped and created anew, and the rows put back; foreign
-- keys are checked at commit (defer_foreign_keys), when every referenced row is back.
-- Existing campaigns take their family from their template name ("CMRT 6.5" -> CMRT).
--
-- request gains: the statuses responded_outdated (the current file is valid but dated
-- before the reporting period or of an older template version than asked for) and
-- non_responsive (no answer after the follow-ups, set by a person); a due date of its
-- own (a correction request sets a new one); the day its follow-up schedule counts from
-- (the request, or the last correction request); how many correction requests went out
-- and for which file the last one was written.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE campaign_010 AS SELECT * FROM campaign;
CREATE TEMP TABLE request_010 AS SELECT * FROM request;
DROP TABLE request;
DROP TABLE campaign;

CREATE TABLE campaign (
    id             INTEGER PRIMARY KEY,
    reporting_year INTEGER NOT NULL,
    family         TEXT NOT NULL CHECK (family IN ('CMRT', 'EMRT', 'CRT', 'AMRT')),
    template       TEXT NOT NULL,            -- "CMRT 6.5": family and version asked for
    due_date       TEXT NOT NULL,            -- ISO date
    created_at     TEXT NOT NULL,
    UNIQUE (reporting_year, family)
);
INSERT INTO campaign (id, reporting_year, family, template, due_date, created_at)
    SELECT id, reporting_year, upper(substr(template, 1, instr(template || ' ', ' ') - 1)),
           template, due_date, created_at FROM campaign_010;

CREATE TABLE request (
    id             INTEGER PRIMARY KEY,
    campaign_id    INTEGER NOT NULL REFERENCES campaign (id),
    supplier_id    INTEGER NOT NULL REFERENCES supplier (id),
    token          TEXT NOT NULL UNIQUE,      -- OT-... (campaign/token.h)
    status         TEXT NOT NULL CHECK (status IN ('not_contacted', 'requested', 'reminded',
                       'escalated', 'responded_valid', 'responded_invalid',
                       'responded_outdated', 'corrected', 'declined', 'non_responsive',
                       'out_of_scope')),
    status_date    TEXT NOT NULL,             -- ISO date of the last status change
    requested_on   TEXT,                      -- ISO date of the request (surveyed)
    followups      INTEGER NOT NULL DEFAULT 0, -- follow-up steps of the current cycle
    reminders      INTEGER NOT NULL DEFAULT 0,
    escalations    INTEGER NOT NULL DEFAULT 0,
    category       TEXT NOT NULL DEFAULT '',  -- supplier's normalised category (reports)
    due_date       TEXT,                      -- ISO date; NULL: the campaign's
    followup_from  TEXT,                      -- day 0 of the follow-ups; NULL: requested_on
    corrections    INTEGER NOT NULL DEFAULT 0, -- correction requests written
    correction_for INTEGER,                   -- the file (submission id) the last one named
    UNIQUE (campaign_id, supplier_id)
);
INSERT INTO request (id, campaign_id, supplier_id, token, status, status_date, requested_on,
                     followups, reminders, escalations, category)
    SELECT id, campaign_id, supplier_id, token, status, status_date, requested_on, followups,
           reminders, escalations, category FROM request_010;
CREATE INDEX request_campaign_status ON request (campaign_id, status, category);

DROP TABLE request_010;
DROP TABLE campaign_010;

-- Findings about a file as an answer to its campaign (not about the file itself, which
-- the finding table holds): dated before the reporting period, an older template
-- version than the one asked for. Rewritten whenever the file is (re)linked.
CREATE TABLE campaign_finding (
    submission_id INTEGER NOT NULL,          -- campaign_file.submission_id
    campaign_id   INTEGER NOT NULL REFERENCES campaign (id),
    code          TEXT NOT NULL,             -- CAMPAIGN-DATE-BEFORE-PERIOD, ...
    sheet         TEXT,
    cell          TEXT,
    message       TEXT NOT NULL,
    fix           TEXT,
    PRIMARY KEY (submission_id, code)
);

-- A file linked by hand that could not be read is kept with its supplier but is never
-- the supplier's current submission (held_back = 1).
ALTER TABLE campaign_file ADD COLUMN held_back INTEGER NOT NULL DEFAULT 0;

-- Every hand link, with what it replaced, so `campaign unlink` can put it back.
CREATE TABLE campaign_link_log (
    id                 INTEGER PRIMARY KEY,
    submission_id      INTEGER NOT NULL,
    campaign_id        INTEGER NOT NULL REFERENCES campaign (id),
    request_id         INTEGER NOT NULL REFERENCES request (id),
    before_campaign_id INTEGER,              -- NULL: the file was in no campaign
    before_request_id  INTEGER,              -- NULL: it was unlinked
    before_method      TEXT,
    before_confidence  DOUBLE PRECISION,
    before_status      TEXT,                 -- the status of request_id before the link
    before_other_status TEXT,                -- the status of before_request_id before it
    note               TEXT,
    at                 TEXT NOT NULL,
    actor              TEXT NOT NULL,
    undone_at          TEXT
);
CREATE INDEX campaign_link_log_file ON campaign_link_log (submission_id);
