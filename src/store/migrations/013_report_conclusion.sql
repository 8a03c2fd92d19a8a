-- 013 report conclusions: a person's replacement of the RCOI conclusion that the decision
-- rule derives from the data (docs/report.md), always with a justification the report
-- prints. Rows are only added, never changed: the latest row of a campaign applies, and
-- conclusion 'derived' returns the campaign to the rule. Each row is audited.
CREATE TABLE report_conclusion (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES campaign(id),
    conclusion    TEXT NOT NULL CHECK (conclusion IN
                      ('derived', 'no_necessary_3tg', 'rcoi_negative', 'dd_required')),
    outcome       TEXT NOT NULL CHECK (outcome IN
                      ('not_applicable', 'no_cc_or_scrap', 'conflict_free', 'undetermined')),
    justification TEXT NOT NULL CHECK (length(trim(justification)) > 0),
    actor         TEXT NOT NULL,
    decided_at    TEXT NOT NULL
);
CREATE INDEX report_conclusion_by_campaign ON report_conclusion (campaign_id, id);
