-- One active controller per store (nubo.topology=distributed; docs/architecture.md, "Distributed topology"): Spring
-- Integration's JDBC lock registry (dev.nubo.core.distributed.ControllerLock). The holder renews its lock; a standby
-- controller takes it once it lapsed or was released, and then runs the functions. Spring Integration's own schema
-- for this table (schema-*.sql in spring-integration-jdbc), as its DefaultLockRepository queries it.
CREATE TABLE INT_LOCK (
    LOCK_KEY      CHAR(36)     NOT NULL,
    REGION        VARCHAR(100) NOT NULL,
    CLIENT_ID     CHAR(36),
    CREATED_DATE  TIMESTAMP    NOT NULL,
    EXPIRED_AFTER TIMESTAMP    NOT NULL,
    CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION)
);
