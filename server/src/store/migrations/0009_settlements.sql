-- The work order, second part: the settlement (结算单) with its discounts and old parts,
-- and the payments. The figures follow from the terms kept here and the lines settled.

-- One settlement per visit, made again (replaced) until the first payment.
CREATE TABLE settlements (
    visit_id               INTEGER PRIMARY KEY REFERENCES visits (id),
    whole_discount_fen     INTEGER NOT NULL DEFAULT 0 CHECK (whole_discount_fen >= 0),
    whole_discount_percent INTEGER NOT NULL DEFAULT 0 CHECK (whole_discount_percent BETWEEN 0 AND 100),
    limit_percent          INTEGER NOT NULL,
    settled_by             TEXT NOT NULL,
    settled_at             INTEGER NOT NULL,
    discount_approved_by   TEXT NOT NULL DEFAULT '',
    discount_approved_at   INTEGER,
    discount_note          TEXT NOT NULL DEFAULT ''
) STRICT;

-- The done lines a settlement settles, each with its discount and, for a part, what
-- happens to the old part.
CREATE TABLE settlement_lines (
    visit_id         INTEGER NOT NULL REFERENCES settlements (visit_id),
    line_id          INTEGER NOT NULL REFERENCES estimate_lines (id),
    discount_fen     INTEGER NOT NULL DEFAULT 0 CHECK (discount_fen >= 0),
    discount_percent INTEGER NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
    old_parts        TEXT CHECK (old_parts IN ('RETURNED', 'LEFT')),
    PRIMARY KEY (visit_id, line_id)
) STRICT;

-- Payments against a visit's settlement.
CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES visits (id),
    method      TEXT NOT NULL CHECK (method IN ('CASH', 'BANK_CARD', 'WECHAT_PAY', 'ALIPAY', 'INSURER_DIRECT',
                                                'WARRANTY_CLAIM', 'ON_ACCOUNT')),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    reference   TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX payments_visit ON payments (visit_id);
