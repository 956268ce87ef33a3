-- The gateway's calls per second into a namespace's functions; NULL: no limit.
ALTER TABLE namespace_quotas ADD COLUMN calls_per_second INTEGER;
