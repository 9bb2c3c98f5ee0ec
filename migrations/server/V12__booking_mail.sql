-- The customer is mailed each change of their booking (with its calendar invitation): the version
-- last mailed, so a change is mailed once whichever instance sends it.
ALTER TABLE bookings ADD COLUMN mailed_version bigint NOT NULL DEFAULT 0;
CREATE INDEX bookings_unmailed ON bookings (updated_at) WHERE version > mailed_version;
