-- The number a kiosk showed a customer it registered while the server was
-- unreachable, kept on the ticket or appointment its outbox created, so the desk's
-- view matches the customer's screen; and when a ticket was transferred, so a
-- transfer to an advisor who stays paused is released after the hold time.
ALTER TABLE tickets ADD COLUMN provisional_number TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN transferred_at INTEGER;
ALTER TABLE appointments ADD COLUMN provisional_number TEXT NOT NULL DEFAULT '';
