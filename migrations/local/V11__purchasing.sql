-- Purchasing and receiving (issue 13). A purchase order is reference data (drafted, sent or
-- cancelled by people; edited while a draft); receipts and returns to suppliers are facts whose
-- lines are stock movements with the same ids, so "received" is the sum of the receipts and a
-- receipt can never be counted twice.
CREATE TABLE purchase_orders (
    id           TEXT    PRIMARY KEY,
    po_no        TEXT    NOT NULL UNIQUE,
    branch       TEXT    NOT NULL,
    supplier_id  TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'sent', 'cancelled')),
    note         TEXT    NOT NULL DEFAULT '',
    expected_at  INTEGER,
    ppn_bp       INTEGER NOT NULL DEFAULT 0 CHECK (ppn_bp BETWEEN 0 AND 10000),
    created_by   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    cancelled_at INTEGER,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    sync_version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX purchase_orders_branch ON purchase_orders (branch, status, created_at);
CREATE INDEX purchase_orders_supplier ON purchase_orders (supplier_id, created_at);

CREATE TABLE purchase_order_lines (
    id          TEXT    PRIMARY KEY,
    po_id       TEXT    NOT NULL REFERENCES purchase_orders (id),
    position    INTEGER NOT NULL,
    product_id  TEXT    NOT NULL,
    ordered     INTEGER NOT NULL CHECK (ordered > 0),
    unit_cost   INTEGER NOT NULL CHECK (unit_cost >= 0),
    discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000)
);
CREATE INDEX purchase_order_lines_po ON purchase_order_lines (po_id, position);
CREATE INDEX purchase_order_lines_product ON purchase_order_lines (product_id);

CREATE TABLE goods_receipts (
    id          TEXT    PRIMARY KEY,
    po_id       TEXT,
    branch      TEXT    NOT NULL,
    terminal    TEXT    NOT NULL,
    supplier_id TEXT    NOT NULL,
    -- the supplier's delivery note (surat jalan) number
    reference   TEXT    NOT NULL DEFAULT '',
    landed      INTEGER NOT NULL DEFAULT 0 CHECK (landed >= 0),
    landed_by   TEXT    NOT NULL DEFAULT 'value' CHECK (landed_by IN ('value', 'weight')),
    note        TEXT    NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,
    user_id     TEXT    NOT NULL
);
CREATE INDEX goods_receipts_po ON goods_receipts (po_id, at);
CREATE INDEX goods_receipts_branch ON goods_receipts (branch, at);

-- A line's id is its stock movement's id.
CREATE TABLE goods_receipt_lines (
    id          TEXT    PRIMARY KEY,
    receipt_id  TEXT    NOT NULL REFERENCES goods_receipts (id),
    po_line_id  TEXT,
    product_id  TEXT    NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    unit_cost   INTEGER NOT NULL CHECK (unit_cost >= 0),
    landed_unit INTEGER NOT NULL CHECK (landed_unit >= 0),
    cost_before INTEGER NOT NULL,
    cost_after  INTEGER NOT NULL
);
CREATE INDEX goods_receipt_lines_receipt ON goods_receipt_lines (receipt_id);
CREATE INDEX goods_receipt_lines_po_line ON goods_receipt_lines (po_line_id);
CREATE INDEX goods_receipt_lines_product ON goods_receipt_lines (product_id);

CREATE TABLE supplier_returns (
    id          TEXT    PRIMARY KEY,
    branch      TEXT    NOT NULL,
    supplier_id TEXT    NOT NULL,
    receipt_id  TEXT,
    reason      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    user_id     TEXT    NOT NULL
);
CREATE INDEX supplier_returns_branch ON supplier_returns (branch, at);

CREATE TABLE supplier_return_lines (
    id         TEXT    PRIMARY KEY,
    return_id  TEXT    NOT NULL REFERENCES supplier_returns (id),
    product_id TEXT    NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    unit_cost  INTEGER NOT NULL CHECK (unit_cost >= 0)
);
CREATE INDEX supplier_return_lines_return ON supplier_return_lines (return_id);

-- What this terminal has scanned for a receipt not yet posted (local, never synced): one row per
-- product, so a crash or a closed window keeps the scans.
CREATE TABLE receiving_drafts (
    po_id      TEXT    NOT NULL,
    product_id TEXT    NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    at         INTEGER NOT NULL,
    PRIMARY KEY (po_id, product_id)
) WITHOUT ROWID;

-- Products whose price changed and whose shelf label should be printed again.
CREATE TABLE shelf_label_queue (
    product_id TEXT    PRIMARY KEY,
    old_price  INTEGER NOT NULL,
    new_price  INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    reason     TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TRIGGER goods_receipt_lines_append_only_u BEFORE UPDATE ON goods_receipt_lines BEGIN
    SELECT RAISE(ABORT, 'receipt lines are append-only');
END;
CREATE TRIGGER goods_receipt_lines_append_only_d BEFORE DELETE ON goods_receipt_lines BEGIN
    SELECT RAISE(ABORT, 'receipt lines are append-only');
END;
