-- The online shop's customer accounts: registered with email and phone, the email verified by a
-- link, signed in with a password (argon2id) into a session kept as a cookie's hash; one-time
-- links for verifying and resetting (hashes only, with their expiry); saved addresses; a cart and
-- a checkout may belong to an account.

CREATE TABLE shop_customers (
    id            uuid        PRIMARY KEY,
    store_id      uuid        NOT NULL REFERENCES stores (id),
    email         text        NOT NULL,
    name          text        NOT NULL,
    phone         text        NOT NULL,
    password_hash text        NOT NULL,
    verified_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX shop_customers_email ON shop_customers (store_id, lower(email));

CREATE TABLE shop_sessions (
    token_hash  bytea       PRIMARY KEY,
    customer_id uuid        NOT NULL REFERENCES shop_customers (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX shop_sessions_customer ON shop_sessions (customer_id);

CREATE TABLE shop_links (
    token_hash  bytea       PRIMARY KEY,
    customer_id uuid        NOT NULL REFERENCES shop_customers (id) ON DELETE CASCADE,
    purpose     text        NOT NULL CHECK (purpose IN ('verify', 'reset')),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE TABLE shop_addresses (
    id          uuid        PRIMARY KEY,
    customer_id uuid        NOT NULL REFERENCES shop_customers (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    phone       text        NOT NULL,
    address     text        NOT NULL,
    city        text        NOT NULL,
    postal      text        NOT NULL,
    used_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (customer_id, address, postal)
);

ALTER TABLE shop_carts ADD COLUMN customer_id uuid REFERENCES shop_customers (id) ON DELETE SET NULL;
CREATE INDEX shop_carts_customer ON shop_carts (customer_id);
ALTER TABLE shop_checkouts ADD COLUMN customer_id uuid REFERENCES shop_customers (id) ON DELETE SET NULL;
CREATE INDEX shop_checkouts_customer ON shop_checkouts (customer_id, created_at);
