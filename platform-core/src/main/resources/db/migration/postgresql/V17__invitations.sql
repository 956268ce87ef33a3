-- Invitations: a namespace admin invites someone with a role; the code (stored as a SHA-256, shown once) lets them
-- create their own user once, before it expires.
CREATE TABLE namespace_invitations (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    code_hash   VARCHAR(64)  NOT NULL UNIQUE,
    namespace   VARCHAR(63)  NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    invited_by  VARCHAR(63)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX namespace_invitations_namespace ON namespace_invitations (namespace);
