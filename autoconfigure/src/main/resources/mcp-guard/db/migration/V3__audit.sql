-- Audit trail: one row per tools/call outcome or authentication failure, in one hash chain shared by every
-- instance. row_hash = SHA-256(prev_hash || canonical row content); seq is gap-free in chain order.
CREATE TABLE mcp_guard_audit (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    seq          BIGINT        NOT NULL,
    event_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    principal    VARCHAR(200),
    auth_method  VARCHAR(20),
    session_id   VARCHAR(200),
    client_ip    VARCHAR(64),
    tool         VARCHAR(200),
    arguments    TEXT,
    outcome      VARCHAR(20)   NOT NULL,
    message      VARCHAR(2000),
    duration_ms  BIGINT        NOT NULL,
    approval_id  VARCHAR(100),
    trace_id     VARCHAR(64),
    prev_hash    CHAR(64)      NOT NULL,
    row_hash     CHAR(64)      NOT NULL,
    CONSTRAINT uk_mcp_guard_audit_seq UNIQUE (seq)
);

-- The mcpaudit endpoint filters by any of these and sorts newest first.
CREATE INDEX ix_mcp_guard_audit_time ON mcp_guard_audit (event_time);
CREATE INDEX ix_mcp_guard_audit_principal ON mcp_guard_audit (principal, event_time);
CREATE INDEX ix_mcp_guard_audit_tool ON mcp_guard_audit (tool, event_time);
CREATE INDEX ix_mcp_guard_audit_outcome ON mcp_guard_audit (outcome, event_time);

-- Head of the chain, locked (SELECT ... FOR UPDATE) by the writer of each batch, and the checkpoint left by the
-- retention purge: the seq and hash of the last purged row, where verification starts.
CREATE TABLE mcp_guard_audit_chain (
    id           VARCHAR(20)   NOT NULL PRIMARY KEY,
    last_seq     BIGINT        NOT NULL,
    last_hash    CHAR(64)      NOT NULL,
    purged_seq   BIGINT        NOT NULL,
    purged_hash  CHAR(64)      NOT NULL
);

INSERT INTO mcp_guard_audit_chain (id, last_seq, last_hash, purged_seq, purged_hash)
VALUES ('main', 0, '0000000000000000000000000000000000000000000000000000000000000000',
        0, '0000000000000000000000000000000000000000000000000000000000000000');
