-- Sync protocol 2: every outbox record names the staff member who did it (the server checks that
-- person's role for what the record does). Records queued before this carry none.
ALTER TABLE outbox ADD COLUMN by TEXT;
ALTER TABLE outbox_sent ADD COLUMN by TEXT;

-- A change that could not be applied is tried again after each page that brought something new,
-- the least-tried first, and no more after 50 tries (it stays on the owner's review list): a pile
-- of changes that never apply cannot starve the ones that would.
ALTER TABLE sync_issues ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sync_issues_retry ON sync_issues (issue, resolved_at, attempts, at);
