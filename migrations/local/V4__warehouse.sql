-- The warehouse: courier services with their rate formula, orders to deliver (from the online shop
-- or the counter) with their lines, every status change, and stock reserved for paid orders.

CREATE TABLE courier_services (
    id            TEXT    PRIMARY KEY,
    courier       TEXT    NOT NULL,
    service       TEXT    NOT NULL,
    base_price    INTEGER NOT NULL CHECK (base_price >= 0),
    price_per_kg  INTEGER NOT NULL CHECK (price_per_kg >= 0),
    price_per_km  INTEGER NOT NULL DEFAULT 0 CHECK (price_per_km >= 0),
    volume_factor INTEGER NOT NULL DEFAULT 5000 CHECK (volume_factor > 0),
    min_days      INTEGER NOT NULL DEFAULT 1,
    max_days      INTEGER NOT NULL DEFAULT 3,
    -- the courier's tracking page; {tracking} is replaced by the number
    tracking_url  TEXT    NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (courier, service)
);
INSERT INTO courier_services (id, courier, service, base_price, price_per_kg, min_days, max_days, tracking_url) VALUES
    ('jne-reg', 'JNE', 'REG', 15000, 5000, 2, 3, 'https://www.jne.co.id/tracking-package?awb={tracking}'),
    ('jne-yes', 'JNE', 'YES', 25000, 8000, 1, 1, 'https://www.jne.co.id/tracking-package?awb={tracking}'),
    ('jnt-ez', 'J&T', 'EZ', 12000, 4000, 2, 4, 'https://jet.co.id/track?awb={tracking}'),
    ('sicepat-reg', 'SiCepat', 'REG', 11000, 4500, 2, 3, 'https://www.sicepat.com/checkAwb?awb={tracking}'),
    ('own', 'Hurtrock', 'Kurir toko', 10000, 0, 0, 1, '');

CREATE TABLE orders (
    id               TEXT    PRIMARY KEY,
    order_no         TEXT    NOT NULL UNIQUE,
    source           TEXT    NOT NULL CHECK (source IN ('online', 'counter')),
    status           TEXT    NOT NULL CHECK (status IN ('awaiting_payment', 'paid', 'picking', 'packed', 'shipped',
                                                        'delivered', 'cancelled', 'backordered')),
    branch           TEXT    NOT NULL,
    customer_name    TEXT    NOT NULL,
    customer_phone   TEXT    NOT NULL DEFAULT '',
    customer_email   TEXT    NOT NULL DEFAULT '',
    -- The shipping address as ordered: labels print this, never the customer's current profile.
    ship_name        TEXT    NOT NULL,
    ship_phone       TEXT    NOT NULL,
    ship_address     TEXT    NOT NULL,
    ship_city        TEXT    NOT NULL DEFAULT '',
    ship_postal      TEXT    NOT NULL DEFAULT '',
    courier_service  TEXT    NOT NULL REFERENCES courier_services (id),
    shipping_cost    INTEGER NOT NULL CHECK (shipping_cost >= 0),
    subtotal         INTEGER NOT NULL CHECK (subtotal >= 0),
    total            INTEGER NOT NULL CHECK (total >= 0),
    payment_status   TEXT    NOT NULL CHECK (payment_status IN ('unpaid', 'paid', 'refund_due', 'refunded')),
    packed_weight_g  INTEGER CHECK (packed_weight_g > 0),
    tracking_no      TEXT    UNIQUE,
    -- The order this one's remaining lines were split from (a partial shipment's backorder).
    parent_id        TEXT    REFERENCES orders (id),
    sale_id          TEXT    REFERENCES sales (id),
    note             TEXT    NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX orders_status ON orders (status, created_at);

CREATE TABLE order_lines (
    id          TEXT    PRIMARY KEY,
    order_id    TEXT    NOT NULL REFERENCES orders (id),
    line_no     INTEGER NOT NULL,
    product_id  TEXT    NOT NULL REFERENCES products (id),
    sku         TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    unit_price  INTEGER NOT NULL CHECK (unit_price >= 0),
    packed      INTEGER NOT NULL DEFAULT 0 CHECK (packed >= 0 AND packed <= quantity),
    UNIQUE (order_id, line_no)
);

-- Every status change, who and when (append-only).
CREATE TABLE order_events (
    id          TEXT    PRIMARY KEY,
    order_id    TEXT    NOT NULL REFERENCES orders (id),
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    user_id     TEXT    REFERENCES users (id),
    note        TEXT    NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, at);
CREATE TRIGGER order_events_append_only_u BEFORE UPDATE ON order_events BEGIN SELECT RAISE(ABORT, 'order events are append-only'); END;
CREATE TRIGGER order_events_append_only_d BEFORE DELETE ON order_events BEGIN SELECT RAISE(ABORT, 'order events are append-only'); END;

-- Units held for paid orders: available = on hand − reserved. Released on cancel; on shipping the
-- reservation ends and a stock movement takes the units out.
CREATE TABLE stock_reservations (
    order_line_id TEXT    PRIMARY KEY REFERENCES order_lines (id),
    product_id    TEXT    NOT NULL REFERENCES products (id),
    branch        TEXT    NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    created_at    INTEGER NOT NULL,
    released_at   INTEGER
);
CREATE INDEX stock_reservations_open ON stock_reservations (product_id, branch) WHERE released_at IS NULL;

-- Label printer profile and batch print jobs of this workstation (resumable after a fault).
CREATE TABLE label_jobs (
    id         TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL,
    total      INTEGER NOT NULL,
    done       INTEGER NOT NULL DEFAULT 0,
    payload    TEXT    NOT NULL,
    error      TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
