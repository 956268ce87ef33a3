-- Secrets: key names in clear (for reads), values only as AES-GCM ciphertext of their JSON map.
CREATE TABLE secrets (
    namespace         VARCHAR(63)  NOT NULL REFERENCES namespaces (name),
    name              VARCHAR(253) NOT NULL,
    uid               VARCHAR(36)  NOT NULL UNIQUE,
    resource_version  BIGINT       NOT NULL,
    labels            TEXT         NOT NULL,
    key_names         TEXT         NOT NULL,
    sealed_data       TEXT         NOT NULL,
    key_id            VARCHAR(32)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);
