-- Per-namespace quotas; NULL: no limit.
CREATE TABLE namespace_quotas (
    namespace   VARCHAR(63) PRIMARY KEY,
    functions   INTEGER,
    triggers    INTEGER,
    replicas    INTEGER,
    memory      VARCHAR(32),
    code_bytes  BIGINT
);
