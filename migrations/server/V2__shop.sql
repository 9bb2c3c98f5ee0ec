-- The online shop: API keys the owner issues to the shop, and the orders it sent (once per number).
-- Facts made by the server itself (online orders, payments) have no device.

ALTER TABLE facts ALTER COLUMN device_id DROP NOT NULL;
ALTER TABLE facts ALTER COLUMN seq DROP NOT NULL;

CREATE TABLE shop_keys (
    key_hash   bytea       PRIMARY KEY,
    store_id   uuid        NOT NULL REFERENCES stores (id),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE TABLE shop_orders (
    store_id     uuid   NOT NULL REFERENCES stores (id),
    order_no     text   NOT NULL,
    order_id     text   NOT NULL,
    request_hash bytea  NOT NULL,
    paid         boolean NOT NULL,
    PRIMARY KEY (store_id, order_no)
);
