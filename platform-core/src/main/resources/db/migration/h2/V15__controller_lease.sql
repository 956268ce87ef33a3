-- One active controller per store (nubo.topology=distributed; docs/architecture.md, "Distributed topology"): the
-- holder renews its lease; a standby controller takes it over once it lapsed, and then runs the functions.
CREATE TABLE controller_leases (
    name            VARCHAR(63)   PRIMARY KEY,
    -- the holding controller instance (its URL and a random id of this run)
    holder          VARCHAR(1100) NOT NULL,
    controller_url  VARCHAR(1000) NOT NULL,
    -- epoch milliseconds by the holder's clock
    expires_at_ms   BIGINT        NOT NULL
);
