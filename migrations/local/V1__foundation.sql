-- Foundation: store profile, staff, catalogue, stock ledger and audit log.
-- Times are UTC milliseconds since the epoch; money is whole rupiah; ids are UUIDv7 text.

CREATE TABLE store_profile (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    name               TEXT    NOT NULL,
    address            TEXT    NOT NULL,
    phone              TEXT    NOT NULL,
    npwp               TEXT    NOT NULL,
    branch_code        TEXT    NOT NULL,
    opening_hours      TEXT    NOT NULL,
    vat_registered     INTEGER NOT NULL CHECK (vat_registered IN (0, 1)),
    ppn_rate_bp        INTEGER NOT NULL CHECK (ppn_rate_bp BETWEEN 0 AND 10000),
    prices_include_tax INTEGER NOT NULL CHECK (prices_include_tax IN (0, 1)),
    version            INTEGER NOT NULL DEFAULT 1,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE users (
    id              TEXT    PRIMARY KEY,
    email           TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    name            TEXT    NOT NULL,
    role            TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'cashier', 'warehouse')),
    password_hash   TEXT    NOT NULL,
    pin_hash        TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE categories (
    id         TEXT    PRIMARY KEY,
    parent_id  TEXT    REFERENCES categories (id),
    name       TEXT    NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- Two sibling categories may not share a name (top-level ones are siblings of each other).
CREATE UNIQUE INDEX categories_sibling_name ON categories (ifnull(parent_id, ''), name COLLATE NOCASE);

CREATE TABLE suppliers (
    id           TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    contact_name TEXT    NOT NULL DEFAULT '',
    phone        TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    address      TEXT    NOT NULL DEFAULT '',
    notes        TEXT    NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX suppliers_name ON suppliers (name COLLATE NOCASE);

CREATE TABLE products (
    id                  TEXT    PRIMARY KEY,
    sku                 TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    barcode             TEXT    UNIQUE,
    barcode_kind        TEXT    CHECK (barcode_kind IN ('ean13', 'upc_a', 'code128')),
    name                TEXT    NOT NULL,
    -- lower-cased name for index-backed prefix search
    name_key            TEXT    NOT NULL,
    brand               TEXT    NOT NULL DEFAULT '',
    model               TEXT    NOT NULL DEFAULT '',
    category_id         TEXT    NOT NULL REFERENCES categories (id),
    supplier_id         TEXT    REFERENCES suppliers (id),
    price               INTEGER NOT NULL CHECK (price >= 0),
    cost                INTEGER NOT NULL CHECK (cost >= 0),
    weight_g            INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    length_mm           INTEGER NOT NULL DEFAULT 0 CHECK (length_mm >= 0),
    width_mm            INTEGER NOT NULL DEFAULT 0 CHECK (width_mm >= 0),
    height_mm           INTEGER NOT NULL DEFAULT 0 CHECK (height_mm >= 0),
    min_stock           INTEGER NOT NULL DEFAULT 0 CHECK (min_stock >= 0),
    low_stock_threshold INTEGER NOT NULL DEFAULT 0 CHECK (low_stock_threshold >= 0),
    featured            INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK ((barcode IS NULL) = (barcode_kind IS NULL))
);
CREATE INDEX products_name_key ON products (name_key);
CREATE INDEX products_category ON products (category_id);

-- Word-prefix search over name, brand, model and SKU ("strat" finds "Fender Player Stratocaster").
CREATE VIRTUAL TABLE products_fts USING fts5 (
    name, brand, model, sku,
    content = 'products', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts (rowid, name, brand, model, sku) VALUES (new.rowid, new.name, new.brand, new.model, new.sku);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, name, brand, model, sku) VALUES ('delete', old.rowid, old.name, old.brand, old.model, old.sku);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF name, brand, model, sku ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, name, brand, model, sku) VALUES ('delete', old.rowid, old.name, old.brand, old.model, old.sku);
    INSERT INTO products_fts (rowid, name, brand, model, sku) VALUES (new.rowid, new.name, new.brand, new.model, new.sku);
END;

-- The stock ledger: append-only; on-hand is the sum of a product's movements.
CREATE TABLE stock_movements (
    id         TEXT    PRIMARY KEY,
    product_id TEXT    NOT NULL REFERENCES products (id),
    branch     TEXT    NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity <> 0),
    -- opening, count, damage, correction; later issues add sale, return, receipt, ...
    reason     TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    user_id    TEXT    REFERENCES users (id),
    at         INTEGER NOT NULL
);
CREATE INDEX stock_movements_product ON stock_movements (product_id, branch, at);
CREATE TRIGGER stock_movements_append_only_u BEFORE UPDATE ON stock_movements BEGIN
    SELECT RAISE(ABORT, 'stock movements are append-only');
END;
CREATE TRIGGER stock_movements_append_only_d BEFORE DELETE ON stock_movements BEGIN
    SELECT RAISE(ABORT, 'stock movements are append-only');
END;

-- A cached balance, kept by trigger in the same transaction as the movement, so it can never
-- disagree with the ledger; rebuildable with: DELETE FROM stock_levels; INSERT ... SELECT SUM().
CREATE TABLE stock_levels (
    product_id TEXT    NOT NULL REFERENCES products (id),
    branch     TEXT    NOT NULL,
    on_hand    INTEGER NOT NULL,
    PRIMARY KEY (product_id, branch)
) WITHOUT ROWID;
CREATE TRIGGER stock_levels_follow_ledger AFTER INSERT ON stock_movements BEGIN
    INSERT INTO stock_levels (product_id, branch, on_hand) VALUES (new.product_id, new.branch, new.quantity)
    ON CONFLICT (product_id, branch) DO UPDATE SET on_hand = on_hand + new.quantity;
END;

CREATE TABLE audit_events (
    id        TEXT    PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   TEXT    REFERENCES users (id),
    action    TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id TEXT,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE TRIGGER audit_events_append_only_u BEFORE UPDATE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
CREATE TRIGGER audit_events_append_only_d BEFORE DELETE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
