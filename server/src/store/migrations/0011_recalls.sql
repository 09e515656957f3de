-- Recalls (召回) and service campaigns: a carmaker's campaign and the VINs it covers,
-- each closed as done here, done elsewhere or not applicable.

CREATE TABLE recall_campaigns (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at INTEGER NOT NULL
) STRICT;

CREATE TABLE recall_vehicles (
    campaign_id INTEGER NOT NULL REFERENCES recall_campaigns (id),
    vin         TEXT NOT NULL CHECK (length(vin) = 17),
    outcome     TEXT CHECK (outcome IN ('DONE_HERE', 'DONE_ELSEWHERE', 'NOT_APPLICABLE')),
    work_order  TEXT NOT NULL DEFAULT '',
    closed_by   TEXT NOT NULL DEFAULT '',
    closed_at   INTEGER,
    PRIMARY KEY (campaign_id, vin),
    CHECK ((outcome IS NULL) = (closed_at IS NULL))
) STRICT;
-- The flags look a vehicle's open recalls up by VIN.
CREATE INDEX recall_vehicles_open ON recall_vehicles (vin) WHERE outcome IS NULL;
-- Vehicles are found by VIN for the flags and the import.
CREATE INDEX IF NOT EXISTS vehicles_vin ON vehicles (vin) WHERE vin <> '';
