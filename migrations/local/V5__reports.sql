-- Reports: derived rows, written in the same transaction as the fact they come from, never synced,
-- rebuildable from the facts (pos-store's reporting module). Each holds its figures already split
-- the way the owner reads them: revenue is the DPP share (no tax, no shipping), tax the PPN share,
-- cost from the cost frozen on the sale line. Returns are negative rows dated on the day of the
-- return; a discount is counted once, on the sale. Clustered by WIB day (yyyymmdd) and hour, so a month
-- or a year is one range of adjacent pages, already in the order of a day-by-hour summary.

CREATE TABLE report_lines (
    day        INTEGER NOT NULL,
    id         TEXT    NOT NULL,  -- the sale line, return line or shipped order line
    -- an order is one delivered without a sale at the till (online shop, phone order)
    kind       TEXT    NOT NULL CHECK (kind IN ('sale', 'return', 'order')),
    doc_id     TEXT    NOT NULL,  -- the sale, return or order
    hour       INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    branch     TEXT    NOT NULL,
    terminal   TEXT    NOT NULL,
    cashier_id TEXT,
    product_id TEXT    NOT NULL,
    -- 1 on the first line of its document, so transactions are a sum like every other figure
    first      INTEGER NOT NULL CHECK (first IN (0, 1)),
    quantity   INTEGER NOT NULL,
    gross      INTEGER NOT NULL,  -- at list price as shelved, before discounts
    discount   INTEGER NOT NULL,  -- list price − net (line and sale discounts, price overrides)
    revenue    INTEGER NOT NULL,
    tax        INTEGER NOT NULL,
    cost       INTEGER NOT NULL,
    PRIMARY KEY (day, hour, id)
) WITHOUT ROWID;
-- By product: covering, so a year of one product's (or every product's) figures is read from the
-- index alone, already in product order.
CREATE INDEX report_lines_product ON report_lines (product_id, day, branch, kind, first, quantity, gross, discount, revenue, tax,
    cost);

-- The same figures summed per WIB hour, branch, terminal and cashier ('' for orders): what the
-- dashboard and the reports by period, cashier, branch and terminal read (a year is some tens of
-- thousands of rows, not a million).
CREATE TABLE report_hours (
    day          INTEGER NOT NULL,
    hour         INTEGER NOT NULL,
    branch       TEXT    NOT NULL,
    terminal     TEXT    NOT NULL,
    cashier_id   TEXT    NOT NULL,
    quantity     INTEGER NOT NULL,
    transactions INTEGER NOT NULL,
    gross        INTEGER NOT NULL,
    discount     INTEGER NOT NULL,
    returns      INTEGER NOT NULL,
    return_count INTEGER NOT NULL,
    revenue      INTEGER NOT NULL,
    tax          INTEGER NOT NULL,
    cost         INTEGER NOT NULL,
    PRIMARY KEY (day, hour, branch, terminal, cashier_id)
) WITHOUT ROWID;

-- What paid for each sale and what each return gave back (negative), by tender.
CREATE TABLE report_payments (
    day        INTEGER NOT NULL,
    id         TEXT    NOT NULL,  -- the tender
    doc_id     TEXT    NOT NULL,
    branch     TEXT    NOT NULL,
    terminal   TEXT    NOT NULL,
    cashier_id TEXT,
    kind       TEXT    NOT NULL,
    amount     INTEGER NOT NULL,
    PRIMARY KEY (day, id)
) WITHOUT ROWID;

-- 0 until the rows above were built from the facts already in the file (done once, on open).
CREATE TABLE report_state (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    built INTEGER NOT NULL
);
INSERT INTO report_state (id, built) VALUES (1, 0);

-- Low stock and oversold at a glance: each balance carries its product's alert level (0 for an
-- inactive product or one without a level), kept by triggers, so "what is low now" reads a
-- partial index instead of every product in every branch.
ALTER TABLE stock_levels ADD COLUMN alert_at INTEGER NOT NULL DEFAULT 0;
UPDATE stock_levels SET alert_at = ifnull((SELECT CASE WHEN p.active = 1 THEN max(p.low_stock_threshold, p.min_stock) ELSE 0 END
                                          FROM products p WHERE p.id = stock_levels.product_id), 0);
DROP TRIGGER stock_levels_follow_ledger;
CREATE TRIGGER stock_levels_follow_ledger AFTER INSERT ON stock_movements BEGIN
    INSERT INTO stock_levels (product_id, branch, on_hand, alert_at)
    VALUES (new.product_id, new.branch, new.quantity,
            ifnull((SELECT CASE WHEN active = 1 THEN max(low_stock_threshold, min_stock) ELSE 0 END
                    FROM products WHERE id = new.product_id), 0))
    ON CONFLICT (product_id, branch) DO UPDATE SET on_hand = on_hand + new.quantity;
END;
CREATE TRIGGER stock_levels_alert_follows_product AFTER UPDATE OF low_stock_threshold, min_stock, active ON products BEGIN
    UPDATE stock_levels
    SET alert_at = CASE WHEN new.active = 1 THEN max(new.low_stock_threshold, new.min_stock) ELSE 0 END
    WHERE product_id = new.id;
END;
CREATE INDEX stock_levels_low ON stock_levels (branch, on_hand) WHERE alert_at > 0 AND on_hand >= 0 AND on_hand <= alert_at;
CREATE INDEX stock_levels_negative ON stock_levels (branch, on_hand) WHERE on_hand < 0;
