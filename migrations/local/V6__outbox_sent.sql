-- What the server acknowledged stays here for 30 days after it left the outbox, so that a sync
-- server restored from a backup can be given back what it lost (same sequence numbers, same
-- content). Device-only, never synced.
CREATE TABLE outbox_sent (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    payload   TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    acked_at  INTEGER NOT NULL
);
CREATE INDEX outbox_sent_acked ON outbox_sent (acked_at);
