-- Service bookings (studio hours, lessons, repairs, photo sessions). The server is the authority
-- for time: a booking holds its resource over `held` (its time with the buffers before and after)
-- and the exclusion constraint makes two holds of one resource that overlap impossible, whoever
-- asks (the shop, desks through sync) and however many at once. Resources that take several
-- bookings at once (a class room) are counted under the store's lock instead.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE SEQUENCE booking_numbers;

CREATE TABLE bookings (
    id             text        NOT NULL,
    store_id       uuid        NOT NULL REFERENCES stores (id),
    booking_no     text        NOT NULL,
    service_id     text        NOT NULL,
    package_id     text        NOT NULL,
    resource_id    text        NOT NULL,
    one_at_a_time  boolean     NOT NULL,
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    held           tstzrange   NOT NULL,
    status         text        NOT NULL CHECK (status IN ('waiting_dp', 'waiting_approval', 'accepted',
                                   'rejected', 'done', 'cancelled', 'expired', 'refused')),
    -- An unpaid booking or a rejected proof holds its slot until then.
    hold_until     timestamptz,
    source         text        NOT NULL CHECK (source IN ('shop', 'desk')),
    customer_id    uuid        REFERENCES shop_customers (id),
    customer_name  text        NOT NULL,
    customer_phone text        NOT NULL DEFAULT '',
    customer_email text        NOT NULL DEFAULT '',
    device_id      uuid,
    booked_by      text,
    price          bigint      NOT NULL CHECK (price >= 0),
    dp_amount      bigint      NOT NULL CHECK (dp_amount >= 0),
    dp_paid        bigint      NOT NULL DEFAULT 0 CHECK (dp_paid >= 0),
    refund_due     bigint      NOT NULL DEFAULT 0 CHECK (refund_due >= 0),
    proof_blob     text,
    proof_at       timestamptz,
    rejected_at    timestamptz,
    reason         text        NOT NULL DEFAULT '',
    note           text        NOT NULL DEFAULT '',
    -- The calendar invitation's SEQUENCE: raised with every change the customer is sent.
    sequence       integer     NOT NULL DEFAULT 0,
    version        bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, id),
    UNIQUE (store_id, booking_no),
    CHECK (ends_at > starts_at AND lower(held) <= starts_at AND upper(held) >= ends_at),
    CONSTRAINT bookings_never_twice EXCLUDE USING gist (store_id WITH =, resource_id WITH =, held WITH &&)
        WHERE (one_at_a_time AND status IN ('waiting_dp', 'waiting_approval', 'accepted', 'rejected'))
);

-- The free-slot search: what holds a resource over a stretch of days.
CREATE INDEX bookings_busy ON bookings USING gist (store_id, resource_id, held)
    WHERE status IN ('waiting_dp', 'waiting_approval', 'accepted', 'rejected');
CREATE INDEX bookings_customer ON bookings (customer_id, starts_at DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX bookings_holds ON bookings (hold_until) WHERE status IN ('waiting_dp', 'rejected');
