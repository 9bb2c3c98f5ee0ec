-- Service bookings at the desk: the owner's set-up (resources with their hours, services with
-- packages and rules; each a JSON document checked by pos_domain::bookings::setup, synced as
-- reference data) and the bookings as the server decided them, plus those this desk pencilled in
-- that the server has not answered yet.
CREATE TABLE booking_resources (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    doc        TEXT    NOT NULL CHECK (json_valid(doc)),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE booking_services (
    id         TEXT    PRIMARY KEY,
    slug       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    doc        TEXT    NOT NULL CHECK (json_valid(doc)),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE bookings (
    id             TEXT    PRIMARY KEY,
    -- The server's number; none while pencilled.
    booking_no     TEXT,
    service_id     TEXT    NOT NULL,
    package_id     TEXT    NOT NULL,
    resource_id    TEXT    NOT NULL DEFAULT '',
    start_ms       INTEGER NOT NULL,
    end_ms         INTEGER NOT NULL CHECK (end_ms > start_ms),
    status         TEXT    NOT NULL CHECK (status IN ('pencilled', 'waiting_dp', 'waiting_approval', 'accepted',
                               'rejected', 'done', 'cancelled', 'expired', 'refused')),
    hold_until     INTEGER,
    source         TEXT    NOT NULL CHECK (source IN ('shop', 'desk')),
    customer_name  TEXT    NOT NULL,
    customer_phone TEXT    NOT NULL DEFAULT '',
    customer_email TEXT    NOT NULL DEFAULT '',
    price          INTEGER NOT NULL,
    dp_amount      INTEGER NOT NULL,
    dp_paid        INTEGER NOT NULL DEFAULT 0,
    refund_due     INTEGER NOT NULL DEFAULT 0,
    proof          TEXT,
    reason         TEXT    NOT NULL DEFAULT '',
    note           TEXT    NOT NULL DEFAULT '',
    sequence       INTEGER NOT NULL DEFAULT 0,
    -- The server's version of it (0 while pencilled).
    version        INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX bookings_calendar ON bookings (start_ms, resource_id);
CREATE UNIQUE INDEX bookings_number ON bookings (booking_no) WHERE booking_no IS NOT NULL;

-- Sync protocol 3 brings the booking kinds, which the server kept from this terminal until now:
-- read the store's change log again from its start (applying is idempotent) to have them.
UPDATE sync_state SET value = '0' WHERE key = 'cursor';
DELETE FROM sync_state WHERE key = 'cursor_stamp';
