-- A repair's ticket on its booking (JSON of pos_domain::bookings::repair::RepairTicket), as the
-- server holds it or as this desk set it ahead of the server's answer.
ALTER TABLE bookings ADD COLUMN repair TEXT CHECK (repair IS NULL OR json_valid(repair));
