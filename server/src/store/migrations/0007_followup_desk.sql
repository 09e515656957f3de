-- The follow-up desk against the seed: a complaint is researched by the agent before
-- it reaches the supervisor; calls carry whether they came too early, what is new
-- about a repeated topic, and (for outbound calls that are no follow-up, such as
-- calls to lost customers) why they were made and the reason found; a follow-up may
-- follow an inbound enquiry.

-- When the agent's research ends (NULL: raised to the supervisor by hand), when the
-- escalation was reported to the supervisor by hand, by whom and with what note.
-- (One that ran out of research time reached them at research_due_at; nothing is
-- written then.)
ALTER TABLE escalations ADD COLUMN research_due_at INTEGER;
ALTER TABLE escalations ADD COLUMN reported_at INTEGER;
ALTER TABLE escalations ADD COLUMN reported_by TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN report_note TEXT NOT NULL DEFAULT '';
-- Escalations raised before this went to the supervisor at once.
UPDATE escalations SET reported_at = raised_at, reported_by = raised_by;

ALTER TABLE calls ADD COLUMN too_early INTEGER NOT NULL DEFAULT 0 CHECK (too_early IN (0, 1));
ALTER TABLE calls ADD COLUMN new_content TEXT NOT NULL DEFAULT '';
-- Every outbound call that is no follow-up says why it was made; other calls do not.
ALTER TABLE calls ADD COLUMN purpose TEXT
    CHECK (purpose IN ('LOST_CUSTOMER', 'OTHER'))
    CHECK ((purpose IS NULL) = (inbound = 1 OR follow_up_id IS NOT NULL));
ALTER TABLE calls ADD COLUMN lost_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX calls_by_customer ON calls (customer_id, at);

-- A follow-up after an inbound enquiry or complaint names that call; one per call and kind.
ALTER TABLE follow_ups ADD COLUMN inbound_call_id INTEGER REFERENCES calls (id);
CREATE UNIQUE INDEX follow_ups_per_inbound_call ON follow_ups (inbound_call_id, kind)
    WHERE inbound_call_id IS NOT NULL;
