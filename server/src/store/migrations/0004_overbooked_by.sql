-- Who overbooked an appointment, kept apart from updated_by (which the next change
-- overwrites), so "who and why" stays on record.
ALTER TABLE appointments ADD COLUMN overbooked_by TEXT NOT NULL DEFAULT '';
-- For appointments overbooked before this column existed, the booker is the best guess
-- (an overbooking reschedule recorded its author only as updated_by).
UPDATE appointments SET overbooked_by = created_by WHERE overbooked = 1;
