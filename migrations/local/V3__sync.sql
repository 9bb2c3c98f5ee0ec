-- Sync: the outbox's own counter (rows leave the outbox once the server holds them, the sequence
-- never restarts), the server version each synced entity was last seen at, what the server found
-- (set-aside records, conflicts, overwritten values), changes this terminal could not apply, and
-- chat messages.

CREATE TABLE outbox_counter (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT INTO outbox_counter (id, last) SELECT 1, ifnull(max(seq), 0) FROM outbox;
CREATE INDEX outbox_entity ON outbox (kind, entity_id);

-- Cursor, last sync, device id, server address (device-only, never synced).
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE products ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE suppliers ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE store_profile ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;

-- Found by the server (set aside, conflict, overwrite) or by this terminal (could not apply).
CREATE TABLE sync_issues (
    id          TEXT    PRIMARY KEY,
    issue       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    record_id   TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    origin      TEXT    NOT NULL DEFAULT '',
    detail      TEXT,
    at          INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by TEXT
);
CREATE INDEX sync_issues_open ON sync_issues (resolved_at, at);

CREATE TABLE chat_messages (
    id              TEXT    PRIMARY KEY,
    conversation_id TEXT    NOT NULL,
    author          TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX chat_messages_conversation ON chat_messages (conversation_id, at);
CREATE TRIGGER chat_messages_append_only_u BEFORE UPDATE ON chat_messages BEGIN SELECT RAISE(ABORT, 'chat messages are append-only'); END;

-- Terminal codes repeat across branches (T1 in Bandung and in Jakarta): one open shift per
-- terminal of a branch.
DROP INDEX shifts_one_open;
CREATE UNIQUE INDEX shifts_one_open ON shifts (branch, terminal) WHERE closed_at IS NULL;

-- Who resolved an oversold flag.
ALTER TABLE oversold ADD COLUMN resolved_by TEXT;
