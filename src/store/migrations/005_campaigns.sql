-- 011 campaigns: one survey per reporting year, a request per supplier with its upload
-- token, status and history, every message written (request, reminders, escalations),
-- and how each received file is tied to the campaign (ingest).
CREATE TABLE campaign (
    id             INTEGER PRIMARY KEY,
    reporting_year INTEGER NOT NULL UNIQUE,
    template       TEXT NOT NULL,            -- "CMRT 6.5"
    due_date       TEXT NOT NULL,            -- ISO date
    created_at     TEXT NOT NULL
);

CREATE TABLE request (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES campaign (id),
    supplier_id   INTEGER NOT NULL REFERENCES supplier (id),
    token         TEXT NOT NULL UNIQUE,      -- OT-... (campaign/token.h)
    status        TEXT NOT NULL CHECK (status IN ('not_contacted', 'requested', 'reminded',
                      'escalated', 'responded_valid', 'responded_invalid', 'corrected',
                      'declined', 'out_of_scope')),
    status_date   TEXT NOT NULL,             -- ISO date of the last status change
    requested_on  TEXT,                      -- ISO date of the request: day 0 of follow-up
    followups     INTEGER NOT NULL DEFAULT 0, -- follow-up steps generated so far
    reminders     INTEGER NOT NULL DEFAULT 0,
    escalations   INTEGER NOT NULL DEFAULT 0,
    category      TEXT NOT NULL DEFAULT '',  -- supplier's normalised category (reports)
    UNIQUE (campaign_id, supplier_id)
);
CREATE INDEX request_campaign_status ON request (campaign_id, status, category);

-- Every message generated for a request; (request_id, step) makes generation idempotent.
CREATE TABLE request_message (
    request_id     INTEGER NOT NULL REFERENCES request (id),
    step           INTEGER NOT NULL,         -- 0 request, 1.. follow-ups in schedule order
    label          TEXT NOT NULL,            -- request, reminder-1, escalation-1-buyer
    due_on         TEXT NOT NULL,            -- the day the schedule set
    created_at     TEXT NOT NULL,
    eml_path       TEXT NOT NULL,            -- relative to the workspace
    message_id     TEXT NOT NULL,
    recipients     TEXT NOT NULL,
    delivered_at   TEXT,                     -- SMTP delivery, when configured
    delivery_error TEXT,
    PRIMARY KEY (request_id, step)
);

CREATE TABLE request_status_log (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES request (id),
    status     TEXT NOT NULL,
    on_date    TEXT NOT NULL,                -- ISO date (campaign day)
    at         TEXT NOT NULL,                -- timestamp
    note       TEXT
);
CREATE INDEX request_status_log_request ON request_status_log (request_id);

-- A received file as the campaign sees it. submission_id is submission.id (030_ingest,
-- created later, hence no foreign key). request_id NULL = not linked yet: queued for a
-- person. superseded_by: a later file from the same supplier replaced this one.
CREATE TABLE campaign_file (
    submission_id   INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaign (id),
    request_id      INTEGER REFERENCES request (id),
    outcome         TEXT NOT NULL CHECK (outcome IN ('valid', 'invalid', 'unreadable')),
    declined        INTEGER NOT NULL DEFAULT 0, -- valid, declares no necessary 3TG
    link_method     TEXT,                    -- option, token, email, unique_id, name
    link_confidence DOUBLE PRECISION,
    link_note       TEXT,
    superseded_by   INTEGER,
    received_at     TEXT NOT NULL
);
CREATE INDEX campaign_file_campaign ON campaign_file (campaign_id, outcome);
CREATE INDEX campaign_file_request ON campaign_file (request_id, received_at);
