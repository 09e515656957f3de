-- The queue: tickets with every state change's time, ticket numbers per store day,
-- an ordered log of queue events, advisor statuses, and visits (work orders) with
-- their stage history.

ALTER TABLE advisors ADD COLUMN queue_status TEXT NOT NULL DEFAULT 'OFFLINE'
    CHECK (queue_status IN ('AVAILABLE', 'PAUSED', 'OFFLINE'));

CREATE TABLE ticket_counters (
    local_date TEXT NOT NULL,
    prefix     TEXT NOT NULL,
    last       INTEGER NOT NULL CHECK (last >= 0),
    PRIMARY KEY (local_date, prefix)
) STRICT, WITHOUT ROWID;

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    local_date        TEXT NOT NULL,
    number            TEXT NOT NULL,
    service_code      TEXT NOT NULL REFERENCES service_types (code),
    customer_id       INTEGER NOT NULL REFERENCES customers (id),
    vehicle_id        INTEGER NOT NULL REFERENCES vehicles (id),
    appointment_id    INTEGER UNIQUE REFERENCES appointments (id),
    late_appointment  INTEGER NOT NULL DEFAULT 0 CHECK (late_appointment IN (0, 1)),
    state             TEXT NOT NULL CHECK (state IN ('WAITING', 'CALLED', 'IN_SERVICE', 'DONE', 'NO_SHOW', 'CANCELLED')),
    raised            INTEGER NOT NULL DEFAULT 0 CHECK (raised IN (0, 1)),
    raise_reason      TEXT NOT NULL DEFAULT '',
    transferred_to    INTEGER REFERENCES advisors (id),
    own_advisor_id    INTEGER REFERENCES advisors (id),
    advisor_id        INTEGER REFERENCES advisors (id),
    counter_number    INTEGER NOT NULL DEFAULT 0,
    assignment_reason TEXT,
    recalls           INTEGER NOT NULL DEFAULT 0 CHECK (recalls >= 0),
    arrived_at        INTEGER NOT NULL,
    called_at         INTEGER,
    last_called_at    INTEGER,
    started_at        INTEGER,
    finished_at       INTEGER,
    created_by        TEXT NOT NULL,
    UNIQUE (local_date, number),
    CHECK (state NOT IN ('CALLED', 'IN_SERVICE') OR advisor_id IS NOT NULL)
) STRICT;

-- A customer has at most one open ticket a day, and an advisor holds at most one ticket.
CREATE UNIQUE INDEX tickets_one_open_per_customer_day ON tickets (customer_id, local_date)
    WHERE state IN ('WAITING', 'CALLED', 'IN_SERVICE');
CREATE UNIQUE INDEX tickets_one_held_per_advisor ON tickets (advisor_id)
    WHERE state IN ('CALLED', 'IN_SERVICE');
CREATE INDEX tickets_by_day ON tickets (local_date, state);
CREATE INDEX tickets_by_service_done ON tickets (service_code, finished_at) WHERE state = 'DONE';
CREATE INDEX tickets_by_customer ON tickets (customer_id, finished_at);

-- Every change of the queue, in commit order; WatchQueue streams these.
CREATE TABLE queue_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    ticket_id  INTEGER REFERENCES tickets (id),
    advisor_id INTEGER REFERENCES advisors (id),
    actor      TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE visits (
    id                  INTEGER PRIMARY KEY,
    work_order          TEXT NOT NULL UNIQUE,
    ticket_id           INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    customer_id         INTEGER NOT NULL REFERENCES customers (id),
    vehicle_id          INTEGER NOT NULL REFERENCES vehicles (id),
    service_code        TEXT NOT NULL REFERENCES service_types (code),
    advisor_id          INTEGER NOT NULL REFERENCES advisors (id),
    local_date          TEXT NOT NULL,
    mileage_km          INTEGER NOT NULL CHECK (mileage_km >= 0),
    customer_request    TEXT NOT NULL DEFAULT '',
    callback_note       TEXT NOT NULL DEFAULT '',
    stage               TEXT NOT NULL CHECK (stage IN ('RECEIVED', 'IN_REPAIR', 'WAITING_PARTS', 'QUALITY_CHECK', 'READY', 'DELIVERED')),
    promised_ready_at   INTEGER NOT NULL,
    parts_expected_date TEXT,
    opened_at           INTEGER NOT NULL,
    delivered_at        INTEGER,
    updated_at          INTEGER NOT NULL,
    CHECK ((stage = 'DELIVERED') = (delivered_at IS NOT NULL))
) STRICT;

-- A car is in at most one open visit.
CREATE UNIQUE INDEX visits_one_open_per_vehicle ON visits (vehicle_id) WHERE stage <> 'DELIVERED';
CREATE INDEX visits_by_customer ON visits (customer_id, opened_at);
CREATE INDEX visits_by_day ON visits (local_date);

CREATE TABLE visit_stages (
    id         INTEGER PRIMARY KEY,
    visit_id   INTEGER NOT NULL REFERENCES visits (id),
    stage      TEXT NOT NULL,
    at         INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX visit_stages_by_visit ON visit_stages (visit_id, id);
