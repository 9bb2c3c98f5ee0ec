-- Sync protocol 2: every outbox record names the staff member who did it (the server checks that
-- person's role for what the record does). Records queued before this carry none.
ALTER TABLE outbox ADD COLUMN by TEXT;
ALTER TABLE outbox_sent ADD COLUMN by TEXT;
