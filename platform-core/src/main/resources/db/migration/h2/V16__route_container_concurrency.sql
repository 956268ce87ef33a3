-- The cap per replica travels with the route (docs/architecture.md, "Distributed topology"): a gateway, API or
-- dispatcher running apart gives each replica at most this many calls at once, as in one process (ReplicaSlots).
-- 0: no cap (rows an older controller wrote).
ALTER TABLE function_routes ADD COLUMN container_concurrency INTEGER DEFAULT 0 NOT NULL;
