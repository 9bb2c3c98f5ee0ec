-- Sync protocol 2: the server judges what a till may push, not only whether it is enrolled.
-- It keeps what it needs to judge: shifts and whose they are, sales and their lines with what has
-- been returned of them, returns, orders and their state, every number claimed (unique per store),
-- and per device what it was served and how far its facts have come in time.

-- Ids are unique per store, not across all stores.
ALTER TABLE facts DROP CONSTRAINT facts_pkey;
-- (id before kind: a batch's facts are looked up by id with `= ANY`, which every plan serves
-- from this index.)
ALTER TABLE facts ADD PRIMARY KEY (store_id, id, kind);
CREATE INDEX facts_device_seq ON facts (device_id, seq);
ALTER TABLE stock_ledger DROP CONSTRAINT stock_ledger_pkey;
ALTER TABLE stock_ledger ADD PRIMARY KEY (store_id, id);
ALTER TABLE chat_messages DROP CONSTRAINT chat_messages_pkey;
ALTER TABLE chat_messages ADD PRIMARY KEY (store_id, id);

-- What an edit's author had seen: the change log by entity, read up to what the device was served.
CREATE INDEX changes_entity ON changes (store_id, kind, entity_id, seq);
-- Each change's size as JSON, written with it: pull pages are bounded in bytes without turning
-- every row's payload into text.
ALTER TABLE changes ADD COLUMN size integer NOT NULL DEFAULT 0;
UPDATE changes SET size = octet_length(payload::text);
-- A fact's change no longer repeats its payload: the pull reads it from the fact (half the JSON
-- a push writes). Rows written before keep theirs.
ALTER TABLE changes ALTER COLUMN payload DROP NOT NULL;

-- The last position of the change log served to the device page after page without a skip: the
-- server's own record of what the device has seen (a client's claimed base is trusted only
-- downwards). The latest time of a money fact (sale, return, shift, cash) accepted from it: a
-- till cannot slip a sale in long before what it already reported. Whether it linked the store
-- (its history from before the link may be older than its enrolment).
ALTER TABLE devices ADD COLUMN served_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN last_fact_at bigint;
ALTER TABLE devices ADD COLUMN links_store boolean NOT NULL DEFAULT false;
UPDATE devices d SET links_store = true
WHERE d.created_at = (SELECT min(created_at) FROM devices e WHERE e.store_id = d.store_id);

-- The catalogue as the rules need it, small enough to stay in memory: a sale's or order's products
-- are looked up here, never in the entities' JSON. Kept by every product merge.
CREATE TABLE products (
    store_id uuid    NOT NULL REFERENCES stores (id),
    id       text    NOT NULL,
    price    bigint  NOT NULL,
    active   boolean NOT NULL,
    PRIMARY KEY (store_id, id)
);
INSERT INTO products (store_id, id, price, active)
SELECT store_id, id, coalesce((state ->> 'price')::bigint, 0), coalesce((state ->> 'active')::boolean, true)
FROM entities WHERE kind = 'product';

CREATE TABLE shifts (
    store_id   uuid   NOT NULL REFERENCES stores (id),
    id         text   NOT NULL,
    device_id  uuid   REFERENCES devices (id),
    branch     text   NOT NULL,
    terminal   text   NOT NULL,
    opened_at  bigint NOT NULL,
    closed_at  bigint,
    PRIMARY KEY (store_id, id)
);

CREATE TABLE sales (
    store_id    uuid   NOT NULL REFERENCES stores (id),
    id          text   NOT NULL,
    receipt_no  text   NOT NULL,
    branch      text   NOT NULL,
    tax_mode    text   NOT NULL,
    ppn_rate_bp bigint NOT NULL,
    PRIMARY KEY (store_id, id),
    UNIQUE (store_id, receipt_no)
);

-- Each sale line with what has been returned and refunded of it so far: a return is judged
-- against this under the store's lock, so two tills can never return one unit twice.
CREATE TABLE sale_lines (
    store_id   uuid   NOT NULL REFERENCES stores (id),
    id         text   NOT NULL,
    sale_id    text   NOT NULL,
    product_id text   NOT NULL,
    quantity   bigint NOT NULL,
    net        bigint NOT NULL,
    returned   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX sale_lines_sale ON sale_lines (store_id, sale_id);

CREATE TABLE returns (
    store_id  uuid NOT NULL REFERENCES stores (id),
    id        text NOT NULL,
    return_no text NOT NULL,
    sale_id   text NOT NULL,
    PRIMARY KEY (store_id, id),
    UNIQUE (store_id, return_no)
);

CREATE TABLE orders (
    store_id       uuid NOT NULL REFERENCES stores (id),
    id             text NOT NULL,
    order_no       text NOT NULL,
    branch         text NOT NULL,
    status         text NOT NULL,
    payment_status text NOT NULL,
    -- The terminal that took it at its counter (None: the online shop's).
    device_id      uuid REFERENCES devices (id),
    PRIMARY KEY (store_id, id),
    UNIQUE (store_id, order_no)
);

-- What stores already hold, read from their facts.
INSERT INTO shifts (store_id, id, device_id, branch, terminal, opened_at, closed_at)
SELECT f.store_id, f.id, f.device_id, coalesce(f.payload #>> '{shift,branch}', f.payload ->> 'branch'),
       coalesce(f.payload #>> '{shift,terminal}', f.payload ->> 'terminal'),
       coalesce((f.payload #>> '{shift,opened_at}')::bigint, (f.payload ->> 'opened_at')::bigint, 0), NULL
FROM facts f WHERE f.kind = 'shift_opened'
ON CONFLICT DO NOTHING;
UPDATE shifts s SET closed_at = coalesce((f.payload #>> '{shift,closed_at}')::bigint, (f.payload ->> 'closed_at')::bigint)
FROM facts f WHERE f.kind = 'shift_closed' AND f.store_id = s.store_id AND f.id = s.id;

INSERT INTO sales (store_id, id, receipt_no, branch, tax_mode, ppn_rate_bp)
SELECT f.store_id, f.id, coalesce(f.payload ->> 'receipt_no', f.id), f.payload ->> 'branch',
       coalesce(f.payload ->> 'tax_mode', 'not_registered'), coalesce((f.payload ->> 'ppn_rate_bp')::bigint, 0)
FROM facts f WHERE f.kind = 'sale'
ON CONFLICT DO NOTHING;
INSERT INTO sale_lines (store_id, id, sale_id, product_id, quantity, net)
SELECT f.store_id, l ->> 'id', f.id, l ->> 'product_id', (l ->> 'quantity')::bigint, coalesce((l ->> 'net')::bigint, 0)
FROM facts f, jsonb_array_elements(f.payload -> 'lines') l WHERE f.kind = 'sale'
ON CONFLICT DO NOTHING;
INSERT INTO returns (store_id, id, return_no, sale_id)
SELECT f.store_id, f.id, coalesce(f.payload ->> 'return_no', f.id), f.payload ->> 'sale_id'
FROM facts f WHERE f.kind = 'return'
ON CONFLICT DO NOTHING;
UPDATE sale_lines sl SET returned = r.q
FROM (SELECT f.store_id, l ->> 'sale_line_id' AS line, sum((l ->> 'quantity')::bigint) AS q
      FROM facts f, jsonb_array_elements(f.payload -> 'lines') l WHERE f.kind = 'return'
      GROUP BY 1, 2) r
WHERE sl.store_id = r.store_id AND sl.id = r.line;

INSERT INTO orders (store_id, id, order_no, branch, status, payment_status, device_id)
SELECT f.store_id, f.id, f.payload ->> 'order_no', f.payload ->> 'branch', f.payload ->> 'status',
       coalesce(f.payload ->> 'payment_status', 'unpaid'), f.device_id
FROM facts f WHERE f.kind = 'order'
ON CONFLICT DO NOTHING;
UPDATE orders o SET status = e.to_status
FROM (SELECT DISTINCT ON (f.store_id, f.payload ->> 'order_id') f.store_id, f.payload ->> 'order_id' AS order_id,
             f.payload ->> 'to' AS to_status
      FROM facts f WHERE f.kind = 'order_event' ORDER BY f.store_id, f.payload ->> 'order_id', f.received_at DESC) e
WHERE o.store_id = e.store_id AND o.id = e.order_id;

-- Shop keys can be listed and revoked by the owner; an id to name them by.
ALTER TABLE shop_keys ADD COLUMN id uuid;
UPDATE shop_keys SET id = gen_random_uuid() WHERE id IS NULL;
ALTER TABLE shop_keys ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX shop_keys_id ON shop_keys (id);
ALTER TABLE shop_keys ADD COLUMN last_used_at timestamptz;

-- Owner sessions can be ended (sign out, password change); codes can be withdrawn.
ALTER TABLE owner_sessions ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE enrolment_codes ADD COLUMN id uuid;
UPDATE enrolment_codes SET id = gen_random_uuid() WHERE id IS NULL;
ALTER TABLE enrolment_codes ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX enrolment_codes_id ON enrolment_codes (id);
ALTER TABLE enrolment_codes ADD COLUMN revoked_at timestamptz;

-- Failed sign-ins are counted per email and client address, whether the email has an account or
-- not (the answer never tells them apart), and per email across all addresses. A lock from one
-- address does not lock the owner out from another.
CREATE TABLE login_failures (
    email_hash   bytea       NOT NULL,
    client       text        NOT NULL,
    failures     int         NOT NULL,
    locked_until timestamptz,
    last_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email_hash, client)
);

-- Devices that pulled before this kept reading the log every few seconds: count them as having
-- been served what the log held when this ran.
UPDATE devices d SET served_seq = s.change_seq FROM stores s WHERE s.id = d.store_id;
