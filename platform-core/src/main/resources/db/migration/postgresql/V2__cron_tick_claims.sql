-- One row per cron tick fired: the primary key is what makes "each tick fires once" hold when several platform
-- instances share this store (the instance whose INSERT commits fires the tick; the others skip it). Rows older than
-- nubo.cron.claim-retention are pruned; catch-up looks up the newest row of a trigger to find the ticks it missed.
CREATE TABLE cron_tick_claims (
    trigger_uid  VARCHAR(36)  NOT NULL,
    tick_at      TIMESTAMPTZ NOT NULL,
    claimed_by   VARCHAR(128) NOT NULL,
    claimed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (trigger_uid, tick_at)
);
CREATE INDEX cron_tick_claims_tick_at ON cron_tick_claims (tick_at);
