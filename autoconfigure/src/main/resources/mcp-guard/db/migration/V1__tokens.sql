-- Issued bearer tokens: only the SHA-256 of each token is stored.
CREATE TABLE mcp_guard_token (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    principal     VARCHAR(200) NOT NULL,
    roles         VARCHAR(1000) NOT NULL,
    token_hash    CHAR(64)     NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    created_by    VARCHAR(200),
    rotated_from  VARCHAR(36),
    CONSTRAINT uk_mcp_guard_token_hash UNIQUE (token_hash)
);

-- Revocations of issued and static tokens (static ids are 'static:<principal>').
CREATE TABLE mcp_guard_token_revocation (
    token_id    VARCHAR(210) NOT NULL PRIMARY KEY,
    revoked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_by  VARCHAR(200),
    reason      VARCHAR(500)
);
