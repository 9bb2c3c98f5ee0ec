-- Owner and admin accounts are changed only from terminals the owner trusts with them: the one
-- that linked the store, and any the owner marks so (when making its enrolment code, or later).
-- A compromised or stolen till's token cannot make itself an owner or reset an owner's password.
ALTER TABLE enrolment_codes ADD COLUMN manages_staff boolean NOT NULL DEFAULT false;
ALTER TABLE devices ADD COLUMN manages_staff boolean NOT NULL DEFAULT false;
-- Stores linked before this: the first terminal of each is the owner's.
UPDATE devices d SET manages_staff = true
WHERE d.created_at = (SELECT min(created_at) FROM devices e WHERE e.store_id = d.store_id);
