-- The follow-up desk: each customer's follow-up agent, reasons of lost customers,
-- reception flags on visits, follow-ups (calls to make), calls (outbound and inbound),
-- letters, escalations, campaigns and stand-ins for absent agents.

ALTER TABLE customers ADD COLUMN followup_agent_id INTEGER REFERENCES advisors (id);
ALTER TABLE customers ADD COLUMN lost_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN mystery_shopper INTEGER NOT NULL DEFAULT 0 CHECK (mystery_shopper IN (0, 1));
ALTER TABLE visits ADD COLUMN likely_to_complain INTEGER NOT NULL DEFAULT 0 CHECK (likely_to_complain IN (0, 1));

CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('GATHERING', 'OFFER', 'FREE_CHECK', 'RECALL')),
    event_date  TEXT NOT NULL,
    call_date   TEXT NOT NULL,
    audience    TEXT NOT NULL CHECK (audience IN ('ALL_BASE', 'MAINTENANCE_DUE', 'VEHICLES')),
    due_before  TEXT,
    vehicles    TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE follow_ups (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('FIRST', 'SECOND', 'CAMPAIGN', 'MAINTENANCE_REMINDER', 'FLAGGED_VISIT')),
    status            TEXT NOT NULL CHECK (status IN ('OPEN', 'DONE', 'LETTER_DUE', 'CLOSED')),
    customer_id       INTEGER NOT NULL REFERENCES customers (id),
    vehicle_id        INTEGER REFERENCES vehicles (id),
    visit_id          INTEGER REFERENCES visits (id),
    campaign_id       INTEGER REFERENCES campaigns (id),
    previous_id       INTEGER REFERENCES follow_ups (id),
    owner_agent_id    INTEGER REFERENCES advisors (id),
    due_from          TEXT NOT NULL,
    due_until         TEXT NOT NULL,
    next_attempt_date TEXT,
    attempts          INTEGER NOT NULL DEFAULT 0,
    reminder_for      TEXT,
    created_at        INTEGER NOT NULL,
    closed_at         INTEGER,
    CHECK (due_from <= due_until)
) STRICT;

-- One follow-up of each kind per visit, one invitation per customer and campaign, one
-- reminder per vehicle and due date.
CREATE UNIQUE INDEX follow_ups_per_visit ON follow_ups (visit_id, kind) WHERE visit_id IS NOT NULL;
CREATE UNIQUE INDEX follow_ups_per_campaign ON follow_ups (campaign_id, customer_id) WHERE campaign_id IS NOT NULL;
CREATE UNIQUE INDEX follow_ups_per_reminder ON follow_ups (vehicle_id, reminder_for) WHERE kind = 'MAINTENANCE_REMINDER';
CREATE INDEX follow_ups_open ON follow_ups (status, due_from);
CREATE INDEX follow_ups_by_owner ON follow_ups (owner_agent_id, status);

CREATE TABLE calls (
    id               INTEGER PRIMARY KEY,
    follow_up_id     INTEGER REFERENCES follow_ups (id),
    customer_id      INTEGER NOT NULL REFERENCES customers (id),
    inbound          INTEGER NOT NULL CHECK (inbound IN (0, 1)),
    at               INTEGER NOT NULL,
    agent            TEXT NOT NULL,
    outcome          TEXT CHECK (outcome IN ('REACHED', 'NO_ANSWER', 'WRONG_NUMBER', 'REFUSED')),
    satisfaction     INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    topics           TEXT NOT NULL DEFAULT '',
    requests         TEXT NOT NULL DEFAULT '',
    complaints       TEXT NOT NULL DEFAULT '',
    answered_on_call INTEGER NOT NULL DEFAULT 1 CHECK (answered_on_call IN (0, 1)),
    note             TEXT NOT NULL DEFAULT '',
    inbound_kind     TEXT CHECK (inbound_kind IN ('ENQUIRY', 'COMPLAINT')),
    CHECK ((inbound = 1) = (inbound_kind IS NOT NULL)),
    CHECK ((inbound = 0) = (outcome IS NOT NULL))
) STRICT;

CREATE INDEX calls_by_time ON calls (at);
CREATE INDEX calls_by_follow_up ON calls (follow_up_id);

CREATE TABLE letters (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    follow_up_id INTEGER REFERENCES follow_ups (id),
    campaign_id  INTEGER REFERENCES campaigns (id),
    reason       TEXT NOT NULL CHECK (reason IN ('NO_ANSWER', 'WRONG_NUMBER', 'CAMPAIGN_INVITATION', 'OTHER')),
    due_date     TEXT NOT NULL,
    sent_date    TEXT,
    content      TEXT NOT NULL DEFAULT '',
    sent_by      TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX letters_due ON letters (sent_date, due_date);

CREATE TABLE escalations (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    follow_up_id    INTEGER REFERENCES follow_ups (id),
    call_id         INTEGER REFERENCES calls (id),
    complaint       TEXT NOT NULL,
    raised_at       INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    raised_by       TEXT NOT NULL,
    resolved_at     INTEGER,
    solution        TEXT NOT NULL DEFAULT '',
    customer_told_at INTEGER,
    resolved_by     TEXT NOT NULL DEFAULT '',
    CHECK (resolved_at IS NOT NULL OR customer_told_at IS NULL)
) STRICT;

CREATE TABLE standins (
    id               INTEGER PRIMARY KEY,
    absent_agent_id  INTEGER NOT NULL REFERENCES advisors (id),
    standin_agent_id INTEGER NOT NULL REFERENCES advisors (id),
    from_date        TEXT NOT NULL,
    until_date       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    CHECK (from_date <= until_date),
    CHECK (absent_agent_id <> standin_agent_id)
) STRICT;
