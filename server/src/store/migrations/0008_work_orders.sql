-- The work order (工单), first part: the reception sheet with its walk-around, and the
-- estimate in versions with the customer's answer bound to each version's content.
-- Amounts are integer fen.

-- The insurer and the claim number, for lines paid by insurance.
ALTER TABLE visits ADD COLUMN insurer TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN claim_number TEXT NOT NULL DEFAULT '';

-- The reception sheet (接车问诊单), one per visit, replaced when recorded again.
CREATE TABLE inspections (
    visit_id       INTEGER PRIMARY KEY REFERENCES visits (id),
    mileage_km     INTEGER NOT NULL CHECK (mileage_km BETWEEN 0 AND 2000000),
    fuel_eighths   INTEGER NOT NULL CHECK (fuel_eighths BETWEEN 0 AND 8),
    valuables      TEXT NOT NULL,
    customer_words TEXT NOT NULL,
    findings       TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorded_at    INTEGER NOT NULL
) STRICT;

-- Damage already on the car (环车检查), one row per panel and kind.
CREATE TABLE inspection_damages (
    visit_id INTEGER NOT NULL REFERENCES inspections (visit_id),
    panel    TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('SCRATCH', 'DENT', 'CRACK', 'PAINT')),
    note     TEXT NOT NULL,
    PRIMARY KEY (visit_id, panel, kind)
) STRICT;

-- An estimate version (估价单) and the customer's answer to it. The approval fields are
-- set together when the customer answers; the signature is kept as drawn
-- (`x,y x,y;x,y …`).
CREATE TABLE estimate_versions (
    id              INTEGER PRIMARY KEY,
    visit_id        INTEGER NOT NULL REFERENCES visits (id),
    version         INTEGER NOT NULL CHECK (version >= 1),
    state           TEXT NOT NULL CHECK (state IN ('PROPOSED', 'APPROVED', 'DECLINED')),
    content_hash    TEXT NOT NULL,
    proposed_by     TEXT NOT NULL,
    proposed_at     INTEGER NOT NULL,
    approval_method TEXT CHECK (approval_method IN ('SIGNATURE', 'PHONE', 'LINK')),
    approved_at     INTEGER,
    approved_by     TEXT NOT NULL DEFAULT '',
    called_by       TEXT NOT NULL DEFAULT '',
    called_at       INTEGER,
    customer_words  TEXT NOT NULL DEFAULT '',
    signature       TEXT NOT NULL DEFAULT '',
    UNIQUE (visit_id, version),
    CHECK ((state = 'PROPOSED') = (approved_at IS NULL))
) STRICT;

-- The lines of a version, in the order proposed.
CREATE TABLE estimate_lines (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL REFERENCES estimate_versions (id),
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('LABOUR', 'PART', 'FEE')),
    pay_type        TEXT NOT NULL CHECK (pay_type IN ('CUSTOMER', 'WARRANTY', 'INSURANCE', 'INTERNAL')),
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    hours_tenths    INTEGER NOT NULL,
    hourly_rate_fen INTEGER NOT NULL,
    quantity        INTEGER NOT NULL,
    unit_price_fen  INTEGER NOT NULL,
    stock           TEXT CHECK (stock IN ('IN_STOCK', 'TO_ORDER')),
    amount_fen      INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('PROPOSED', 'APPROVED', 'DECLINED', 'DONE')),
    done_at         INTEGER,
    done_by         TEXT NOT NULL DEFAULT '',
    UNIQUE (version_id, position)
) STRICT;
