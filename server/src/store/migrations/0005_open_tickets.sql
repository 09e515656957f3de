-- The tickets still open, by day: the first queue change of a day closes those of
-- earlier days, and must not walk the whole ticket history to find them.
CREATE INDEX tickets_open_by_day ON tickets (local_date)
    WHERE state IN ('WAITING', 'CALLED', 'IN_SERVICE');
