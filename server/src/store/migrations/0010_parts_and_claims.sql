-- The work order, third part: parts back-orders (缺货下定单), warranty claims (保修索赔),
-- and the roles of the parts desk and the warranty clerk.

-- The parts desk and the warranty clerk get tokens of their own: the role list is widened (SQLite changes a
-- CHECK only by copying the table).
CREATE TABLE api_tokens_new (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('kiosk', 'advisor', 'followup', 'supervisor', 'admin', 'parts', 'warranty')),
    advisor_id INTEGER REFERENCES advisors (id),
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
INSERT INTO api_tokens_new (id, token_hash, role, advisor_id, label, created_at, revoked_at)
    SELECT id, token_hash, role, advisor_id, label, created_at, revoked_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;

-- One order per part line to order, from the supplier, with the date they expect.
CREATE TABLE part_orders (
    id            INTEGER PRIMARY KEY,
    visit_id      INTEGER NOT NULL REFERENCES visits (id),
    line_id       INTEGER NOT NULL UNIQUE REFERENCES estimate_lines (id),
    supplier      TEXT NOT NULL,
    expected_date TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('ORDERED', 'ARRIVED')),
    ordered_by    TEXT NOT NULL,
    ordered_at    INTEGER NOT NULL,
    arrived_at    INTEGER,
    arrived_by    TEXT NOT NULL DEFAULT '',
    CHECK ((state = 'ARRIVED') = (arrived_at IS NOT NULL))
) STRICT;
CREATE INDEX part_orders_visit ON part_orders (visit_id);
CREATE INDEX part_orders_open ON part_orders (state, expected_date);

-- One warranty claim per visit: its warranty lines done, sent to the carmaker.
CREATE TABLE warranty_claims (
    id           INTEGER PRIMARY KEY,
    visit_id     INTEGER NOT NULL UNIQUE REFERENCES visits (id),
    claimed_fen  INTEGER NOT NULL CHECK (claimed_fen >= 0),
    approved_fen INTEGER,
    state        TEXT NOT NULL CHECK (state IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'PAID')),
    note         TEXT NOT NULL DEFAULT '',
    submitted_by TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    decided_by   TEXT NOT NULL DEFAULT '',
    decided_at   INTEGER,
    reason       TEXT NOT NULL DEFAULT '',
    paid_at      INTEGER
) STRICT;
CREATE INDEX warranty_claims_decided ON warranty_claims (decided_at);
