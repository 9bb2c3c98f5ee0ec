-- Product photos (issue 13). The pictures are files named by content hash in a folder beside this
-- database (`blobs`), never inside it; `product_photos` lists each product's photos in order
-- (the first is the main one) and syncs as one record per product.
CREATE TABLE product_photos (
    product_id TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    -- the 2 048 px photo and the 256 px thumbnail, by SHA-256
    hash       TEXT    NOT NULL,
    thumb      TEXT    NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    PRIMARY KEY (product_id, hash)
) WITHOUT ROWID;
CREATE INDEX product_photos_order ON product_photos (product_id, position);

-- The version of each product's photo list this terminal last had from the server: the base of
-- its next edit of that list.
CREATE TABLE product_photo_sets (
    product_id   TEXT    PRIMARY KEY,
    sync_version INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The blob files this terminal holds: made here (kept until the server has them) or fetched
-- from the server (a cache, the least recently used evicted past the limit).
CREATE TABLE blobs (
    hash      TEXT    PRIMARY KEY,
    bytes     INTEGER NOT NULL,
    origin    TEXT    NOT NULL CHECK (origin IN ('made', 'fetched')),
    uploaded  INTEGER NOT NULL DEFAULT 0,
    last_used INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX blobs_upload ON blobs (origin, uploaded);
CREATE INDEX blobs_lru ON blobs (origin, last_used);

-- Blobs someone looked for that are not here yet: the sync engine fetches them.
CREATE TABLE blobs_wanted (
    hash  TEXT    PRIMARY KEY,
    at    INTEGER NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
