-- The counter: terminals, shifts, customers, sales with lines and tenders, returns, parked sales,
-- oversold flags and the sync outbox. Facts (sales, lines, tenders, returns, cash movements) are
-- append-only; a return or void is a new fact that points at the old one.

-- Store-wide policies (cashier discount limit, returns need a supervisor), synced like settings.
CREATE TABLE store_policies (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Settings of this device only (terminal code, printer), never synced.
CREATE TABLE device_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE customers (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    phone      TEXT    NOT NULL DEFAULT '',
    email      TEXT    NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX customers_phone ON customers (phone);

CREATE TABLE shifts (
    id            TEXT    PRIMARY KEY,
    terminal      TEXT    NOT NULL,
    branch        TEXT    NOT NULL,
    opened_by     TEXT    NOT NULL REFERENCES users (id),
    opened_at     INTEGER NOT NULL,
    opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
    closed_by     TEXT    REFERENCES users (id),
    closed_at     INTEGER,
    counted_cash  INTEGER,
    expected_cash INTEGER,
    note          TEXT    NOT NULL DEFAULT ''
);
-- One open shift per terminal.
CREATE UNIQUE INDEX shifts_one_open ON shifts (terminal) WHERE closed_at IS NULL;

CREATE TABLE cash_movements (
    id       TEXT    PRIMARY KEY,
    shift_id TEXT    NOT NULL REFERENCES shifts (id),
    amount   INTEGER NOT NULL CHECK (amount <> 0),
    reason   TEXT    NOT NULL,
    user_id  TEXT    NOT NULL REFERENCES users (id),
    at       INTEGER NOT NULL
);

-- Gap-free numbering per terminal and series (S: sales, R: returns).
CREATE TABLE receipt_sequences (
    terminal TEXT    NOT NULL,
    series   TEXT    NOT NULL,
    last     INTEGER NOT NULL,
    PRIMARY KEY (terminal, series)
) WITHOUT ROWID;

CREATE TABLE sales (
    id             TEXT    PRIMARY KEY,
    receipt_no     TEXT    NOT NULL UNIQUE,
    -- the till's own id for this checkout: a retried checkout finds the sale instead of repeating it
    client_ref     TEXT    NOT NULL UNIQUE,
    branch         TEXT    NOT NULL,
    terminal       TEXT    NOT NULL,
    shift_id       TEXT    NOT NULL REFERENCES shifts (id),
    cashier_id     TEXT    NOT NULL REFERENCES users (id),
    customer_id    TEXT    REFERENCES customers (id),
    at             INTEGER NOT NULL,
    business_date  TEXT    NOT NULL,
    gross          INTEGER NOT NULL,
    discount_total INTEGER NOT NULL,
    dpp            INTEGER NOT NULL,
    ppn            INTEGER NOT NULL,
    total          INTEGER NOT NULL,
    tax_mode       TEXT    NOT NULL,
    ppn_rate_bp    INTEGER NOT NULL,
    paid           INTEGER NOT NULL,
    change_due     INTEGER NOT NULL,
    CHECK (dpp + ppn = total)
);
CREATE INDEX sales_shift ON sales (shift_id);
CREATE INDEX sales_date ON sales (business_date);

CREATE TABLE sale_lines (
    id              TEXT    PRIMARY KEY,
    sale_id         TEXT    NOT NULL REFERENCES sales (id),
    line_no         INTEGER NOT NULL,
    product_id      TEXT    NOT NULL REFERENCES products (id),
    sku             TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    list_price      INTEGER NOT NULL,
    unit_price      INTEGER NOT NULL CHECK (unit_price >= 0),
    line_discount   INTEGER NOT NULL CHECK (line_discount >= 0),
    sale_discount   INTEGER NOT NULL CHECK (sale_discount >= 0),
    net             INTEGER NOT NULL CHECK (net >= 0),
    unit_cost       INTEGER NOT NULL,
    UNIQUE (sale_id, line_no)
);
CREATE INDEX sale_lines_product ON sale_lines (product_id);

CREATE TABLE tenders (
    id        TEXT    PRIMARY KEY,
    sale_id   TEXT    REFERENCES sales (id),
    return_id TEXT    REFERENCES returns (id),
    kind      TEXT    NOT NULL CHECK (kind IN ('cash', 'card', 'transfer', 'qris')),
    amount    INTEGER NOT NULL,
    reference TEXT    NOT NULL DEFAULT '',
    CHECK ((sale_id IS NULL) <> (return_id IS NULL))
);
CREATE INDEX tenders_sale ON tenders (sale_id);

CREATE TABLE returns (
    id          TEXT    PRIMARY KEY,
    return_no   TEXT    NOT NULL UNIQUE,
    sale_id     TEXT    NOT NULL REFERENCES sales (id),
    branch      TEXT    NOT NULL,
    terminal    TEXT    NOT NULL,
    shift_id    TEXT    NOT NULL REFERENCES shifts (id),
    cashier_id  TEXT    NOT NULL REFERENCES users (id),
    approved_by TEXT    REFERENCES users (id),
    at          INTEGER NOT NULL,
    business_date TEXT  NOT NULL,
    reason      TEXT    NOT NULL,
    dpp         INTEGER NOT NULL,
    ppn         INTEGER NOT NULL,
    total       INTEGER NOT NULL CHECK (total >= 0),
    CHECK (dpp + ppn = total)
);
CREATE INDEX returns_sale ON returns (sale_id);
CREATE INDEX returns_shift ON returns (shift_id);

CREATE TABLE return_lines (
    id           TEXT    PRIMARY KEY,
    return_id    TEXT    NOT NULL REFERENCES returns (id),
    sale_line_id TEXT    NOT NULL REFERENCES sale_lines (id),
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    amount       INTEGER NOT NULL CHECK (amount >= 0)
);
CREATE INDEX return_lines_sale_line ON return_lines (sale_line_id);

-- Discounts and overrides above the cashier's limit, with the supervisor who allowed them.
CREATE TABLE sale_approvals (
    id          TEXT    PRIMARY KEY,
    sale_id     TEXT    NOT NULL REFERENCES sales (id),
    line_no     INTEGER,
    kind        TEXT    NOT NULL,
    approved_by TEXT    NOT NULL REFERENCES users (id),
    reason      TEXT    NOT NULL
);

CREATE TABLE parked_sales (
    id         TEXT    PRIMARY KEY,
    terminal   TEXT    NOT NULL,
    user_id    TEXT    NOT NULL REFERENCES users (id),
    label      TEXT    NOT NULL,
    cart       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- A product sold below zero on hand: it sold (the customer held it), and the owner reviews why.
CREATE TABLE oversold (
    id          TEXT    PRIMARY KEY,
    product_id  TEXT    NOT NULL REFERENCES products (id),
    branch      TEXT    NOT NULL,
    sale_id     TEXT    REFERENCES sales (id),
    on_hand     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    resolved_at INTEGER
);

-- Facts waiting for the sync server, numbered gap-free per device in the writing transaction.
CREATE TABLE outbox (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    payload   TEXT    NOT NULL,
    at        INTEGER NOT NULL
);

-- Stock movements from sales and returns point at their fact.
ALTER TABLE stock_movements ADD COLUMN ref_id TEXT;

CREATE TRIGGER sales_append_only_u BEFORE UPDATE ON sales BEGIN SELECT RAISE(ABORT, 'sales are append-only'); END;
CREATE TRIGGER sales_append_only_d BEFORE DELETE ON sales BEGIN SELECT RAISE(ABORT, 'sales are append-only'); END;
CREATE TRIGGER sale_lines_append_only_u BEFORE UPDATE ON sale_lines BEGIN SELECT RAISE(ABORT, 'sale lines are append-only'); END;
CREATE TRIGGER sale_lines_append_only_d BEFORE DELETE ON sale_lines BEGIN SELECT RAISE(ABORT, 'sale lines are append-only'); END;
CREATE TRIGGER tenders_append_only_u BEFORE UPDATE ON tenders BEGIN SELECT RAISE(ABORT, 'tenders are append-only'); END;
CREATE TRIGGER tenders_append_only_d BEFORE DELETE ON tenders BEGIN SELECT RAISE(ABORT, 'tenders are append-only'); END;
CREATE TRIGGER returns_append_only_u BEFORE UPDATE ON returns BEGIN SELECT RAISE(ABORT, 'returns are append-only'); END;
CREATE TRIGGER returns_append_only_d BEFORE DELETE ON returns BEGIN SELECT RAISE(ABORT, 'returns are append-only'); END;
