-- Blobs (product photos and thumbnails) a store's terminals uploaded, named by the SHA-256 of
-- their bytes: uploaded once, stored once per store, read by the store's other terminals (and
-- later the online shop).
CREATE TABLE blobs (
    store_id    uuid        NOT NULL REFERENCES stores (id),
    hash        text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    bytes       bytea       NOT NULL,
    size        integer     NOT NULL,
    device_id   uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, hash)
);
