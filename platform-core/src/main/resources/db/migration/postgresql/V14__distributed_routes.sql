-- The services running apart (nubo.topology=distributed): the controller publishes where each function answers and
-- where its log is read; the API, gateway and console read these rows (docs/architecture.md, "Distributed topology").
CREATE TABLE function_routes (
    namespace         VARCHAR(63)   NOT NULL,
    name              VARCHAR(253)  NOT NULL,
    uid               VARCHAR(36)   NOT NULL,
    generation        BIGINT        NOT NULL,
    -- JSON: [{"host": "10.0.0.5", "port": 40123, "generation": 3}, …], the ready replicas
    endpoints         TEXT          NOT NULL,
    timeout_ms        BIGINT        NOT NULL,
    not_ready_reason  TEXT,
    wakeable          BOOLEAN       NOT NULL,
    -- the controller that runs the replicas: its logs (tail, follow) and wake calls
    controller_url    VARCHAR(1000) NOT NULL,
    version           BIGINT        NOT NULL,
    updated_at        TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (namespace, name)
);
CREATE SEQUENCE function_route_version_seq;

-- The runtimes a controller offers (JSON: runtimes and Kubeless language ids), for validation in other services
CREATE TABLE runtime_catalogs (
    publisher   VARCHAR(255) PRIMARY KEY,
    catalog     TEXT         NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);
