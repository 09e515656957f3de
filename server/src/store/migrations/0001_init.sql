-- Foundations: service types, staff, customer files, vehicles, appointments,
-- slot seats, idempotency keys and API tokens.
-- Instants are INTEGER unix seconds (UTC); store-local dates are TEXT YYYY-MM-DD.

CREATE TABLE service_types (
    code          TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    ticket_prefix TEXT NOT NULL UNIQUE CHECK (length(ticket_prefix) = 1 AND ticket_prefix GLOB '[A-Z]'),
    display_order INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO service_types (code, name_zh, name_en, ticket_prefix, display_order) VALUES
    ('maintenance', '保养',          'Maintenance',          'B', 1),
    ('repair',      '维修',          'Repair',               'W', 2),
    ('body_paint',  '钣喷/保险理赔', 'Body & paint / claim', 'P', 3),
    ('warranty',    '保修索赔',      'Warranty',             'S', 4);

CREATE TABLE advisors (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    counter_number INTEGER NOT NULL DEFAULT 0 CHECK (counter_number BETWEEN 0 AND 99),
    kind           TEXT NOT NULL CHECK (kind IN ('SERVICE_ADVISOR', 'FOLLOWUP_AGENT', 'SUPERVISOR')),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;

-- Two active advisors never share a counter.
CREATE UNIQUE INDEX advisors_active_counter ON advisors (counter_number)
    WHERE active = 1 AND counter_number > 0;

CREATE TABLE advisor_skills (
    advisor_id   INTEGER NOT NULL REFERENCES advisors (id),
    service_code TEXT NOT NULL REFERENCES service_types (code),
    PRIMARY KEY (advisor_id, service_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL UNIQUE CHECK (length(phone) = 11),
    address    TEXT NOT NULL DEFAULT '',
    wishes     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE vehicles (
    id                        INTEGER PRIMARY KEY,
    plate                     TEXT NOT NULL UNIQUE,
    customer_id               INTEGER NOT NULL REFERENCES customers (id),
    model                     TEXT NOT NULL DEFAULT '',
    vehicle_type              TEXT NOT NULL DEFAULT '',
    vin                       TEXT NOT NULL DEFAULT '',
    mileage_km                INTEGER NOT NULL DEFAULT 0 CHECK (mileage_km >= 0),
    maintenance_interval_days INTEGER NOT NULL DEFAULT 0 CHECK (maintenance_interval_days >= 0),
    maintenance_interval_km   INTEGER NOT NULL DEFAULT 0 CHECK (maintenance_interval_km >= 0),
    next_maintenance_due      TEXT,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL
) STRICT;

CREATE INDEX vehicles_customer ON vehicles (customer_id);

CREATE TABLE appointments (
    id                   INTEGER PRIMARY KEY,
    confirmation_code    TEXT NOT NULL UNIQUE,
    customer_id          INTEGER NOT NULL REFERENCES customers (id),
    vehicle_id           INTEGER NOT NULL REFERENCES vehicles (id),
    service_code         TEXT NOT NULL REFERENCES service_types (code),
    slot_start           INTEGER NOT NULL,
    slot_end             INTEGER NOT NULL CHECK (slot_end > slot_start),
    local_date           TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED', 'NO_SHOW', 'CHECKED_IN')),
    preferred_advisor_id INTEGER REFERENCES advisors (id),
    notes                TEXT NOT NULL DEFAULT '',
    overbooked           INTEGER NOT NULL DEFAULT 0 CHECK (overbooked IN (0, 1)),
    overbook_reason      TEXT NOT NULL DEFAULT '',
    created_by           TEXT NOT NULL,
    updated_by           TEXT NOT NULL,
    cancel_reason        TEXT NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    CHECK (overbooked = 0 OR overbook_reason <> '')
) STRICT;

-- At most one booked appointment per vehicle per store-local day.
CREATE UNIQUE INDEX appointments_one_booked_per_vehicle_day ON appointments (vehicle_id, local_date)
    WHERE status = 'BOOKED';
CREATE INDEX appointments_by_day ON appointments (local_date, slot_start);
CREATE INDEX appointments_by_vehicle ON appointments (vehicle_id, slot_start);

-- Seats taken per slot and service type. `booked` counts regular seats and can
-- never pass `capacity` (the CHECK backs the guarded UPDATE); seats that staff
-- overbooked on purpose are counted apart in `overbooked`.
CREATE TABLE slot_seats (
    service_code TEXT NOT NULL REFERENCES service_types (code),
    slot_start   INTEGER NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity >= 0),
    booked       INTEGER NOT NULL DEFAULT 0,
    overbooked   INTEGER NOT NULL DEFAULT 0 CHECK (overbooked >= 0),
    PRIMARY KEY (service_code, slot_start),
    CHECK (booked >= 0 AND booked <= capacity)
) STRICT, WITHOUT ROWID;

-- Idempotency keys of create requests: a retry with the same key and body gets
-- the original resource; the same key with another body is refused.
CREATE TABLE requests (
    request_id  TEXT PRIMARY KEY,
    method      TEXT NOT NULL,
    body_hash   TEXT NOT NULL,
    resource_id INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- API tokens: only the SHA-256 of a token is stored.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('kiosk', 'advisor', 'followup', 'supervisor', 'admin')),
    advisor_id INTEGER REFERENCES advisors (id),
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
