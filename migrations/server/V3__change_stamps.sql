-- Every change-log row gets a random stamp when it is written. A terminal keeps the stamp of the
-- row its cursor points at and sends it with each pull: a database restored from a backup has no
-- such row, or another row there, so the terminal learns its cursor is no longer valid and reads
-- the log again from the start (what it already has is skipped).
ALTER TABLE changes ADD COLUMN stamp bigint NOT NULL DEFAULT floor(random() * 9007199254740991)::bigint;
