-- Visitors' likes of the pieces of work on a service's page: one per visitor (the cookie's hash)
-- per piece; a second press takes it back.
CREATE TABLE booking_portfolio_likes (
    store_id     uuid        NOT NULL REFERENCES stores (id),
    item_id      text        NOT NULL,
    visitor_hash bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, item_id, visitor_hash)
);
