-- A repair's ticket on its booking (the bench's): the stage on its own path (dropped off,
-- estimated, approved, in progress, ready, collected), the instrument, the problem, the estimate.
ALTER TABLE bookings ADD COLUMN repair jsonb;
