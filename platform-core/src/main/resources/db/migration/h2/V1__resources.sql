-- Every kind (Function now, triggers later) lives in one table: metadata columns + JSON spec/status.
CREATE TABLE namespaces (
    name        VARCHAR(63) PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO namespaces (name, created_at) VALUES ('default', CURRENT_TIMESTAMP);

-- resourceVersion: one counter across kinds, so a change is always a higher number
CREATE SEQUENCE resource_version_seq;

CREATE TABLE resources (
    kind              VARCHAR(63)  NOT NULL,
    namespace         VARCHAR(63)  NOT NULL REFERENCES namespaces (name),
    name              VARCHAR(253) NOT NULL,
    uid               VARCHAR(36)  NOT NULL UNIQUE,
    generation        BIGINT       NOT NULL,
    resource_version  BIGINT       NOT NULL,
    labels            CHARACTER LARGE OBJECT NOT NULL,
    spec              CHARACTER LARGE OBJECT NOT NULL,
    status            CHARACTER LARGE OBJECT,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, namespace, name)
);

CREATE TABLE users (
    name           VARCHAR(63)  PRIMARY KEY,
    password_hash  VARCHAR(255) NOT NULL,
    role           VARCHAR(32)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE api_tokens (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(63)  NOT NULL,
    token_hash  VARCHAR(128) NOT NULL UNIQUE,
    subject     VARCHAR(63)  NOT NULL,
    role        VARCHAR(32)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
