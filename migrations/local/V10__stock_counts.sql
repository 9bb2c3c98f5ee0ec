-- Stock takes (issue 13): a count session at a branch, and its entries from every terminal that
-- counts it. Entries are facts (append-only); the session opens, then is posted or cancelled once.
CREATE TABLE stock_counts (
    id          TEXT    PRIMARY KEY,
    branch      TEXT    NOT NULL,
    scope       TEXT    NOT NULL CHECK (scope IN ('store', 'category', 'shelf')),
    category_id TEXT,
    label       TEXT    NOT NULL DEFAULT '',
    blind       INTEGER NOT NULL DEFAULT 0,
    started_at  INTEGER NOT NULL,
    started_by  TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'posted', 'cancelled')),
    closed_at   INTEGER,
    closed_by   TEXT
);
CREATE INDEX stock_counts_branch ON stock_counts (branch, status, started_at);

CREATE TABLE stock_count_entries (
    id         TEXT    PRIMARY KEY,
    count_id   TEXT    NOT NULL REFERENCES stock_counts (id),
    product_id TEXT    NOT NULL,
    quantity   INTEGER NOT NULL,
    mode       TEXT    NOT NULL CHECK (mode IN ('add', 'set')),
    at         INTEGER NOT NULL,
    user_id    TEXT    NOT NULL,
    terminal   TEXT    NOT NULL
);
CREATE INDEX stock_count_entries_count ON stock_count_entries (count_id, product_id, at);
CREATE TRIGGER stock_count_entries_append_only_u BEFORE UPDATE ON stock_count_entries BEGIN
    SELECT RAISE(ABORT, 'count entries are append-only');
END;
CREATE TRIGGER stock_count_entries_append_only_d BEFORE DELETE ON stock_count_entries BEGIN
    SELECT RAISE(ABORT, 'count entries are append-only');
END;
