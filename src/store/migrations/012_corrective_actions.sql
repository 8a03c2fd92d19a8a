-- 012 corrective actions (OECD step 3): what the company asks of a supplier (or does
-- itself) in answer to a red flag or a gap in the supplier's answer, with an owner, a due
-- date and a status; every opening, closing and reopening kept in corrective_action_log.
-- campaign/actions.h writes them; the proposals they accept are computed, not stored.
CREATE TABLE corrective_action (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaign (id),
    supplier_id  INTEGER REFERENCES supplier (id), -- NULL: an action of the company's own
    smelter_id   TEXT,                  -- the smelter it concerns (RMI ID), NULL when none
    answers      TEXT NOT NULL DEFAULT '', -- the flag / gap codes it answers, comma-separated
    proposal_key TEXT,                  -- the proposal it accepted; NULL: written by a person
    kind         TEXT NOT NULL,         -- ACT-... (risk/actions.h)
    text         TEXT NOT NULL,
    owner        TEXT,
    due_date     TEXT,                  -- ISO date
    status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_on   TEXT NOT NULL,         -- ISO date (campaign day)
    created_at   TEXT NOT NULL,         -- timestamp
    created_by   TEXT NOT NULL,
    closed_on    TEXT,                  -- ISO date of the last closing, NULL while open
    close_note   TEXT,
    UNIQUE (campaign_id, proposal_key)
);
CREATE INDEX corrective_action_supplier ON corrective_action (supplier_id, status);
CREATE INDEX corrective_action_campaign ON corrective_action (campaign_id, status);

CREATE TABLE corrective_action_log (
    id        INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES corrective_action (id),
    event     TEXT NOT NULL CHECK (event IN ('opened', 'closed', 'reopened')),
    on_date   TEXT NOT NULL,            -- ISO date (campaign day)
    at        TEXT NOT NULL,            -- timestamp
    actor     TEXT NOT NULL,
    note      TEXT
);
CREATE INDEX corrective_action_log_action ON corrective_action_log (action_id);
