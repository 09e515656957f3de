-- Who overbooked an appointment, kept apart from updated_by (which the next change
-- overwrites), so "who and why" stays on record.
ALTER TABLE appointments ADD COLUMN overbooked_by TEXT NOT NULL DEFAULT '';
UPDATE appointments SET overbooked_by = created_by WHERE overbooked = 1;
