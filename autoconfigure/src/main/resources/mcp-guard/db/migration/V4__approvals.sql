-- Approval requests of tools that need a human decision (@RequiresApproval, ApprovalPolicy). One row per
-- principal, tool and exact arguments while it is open; open_key is set only while the request is open (pending,
-- approved and unused, denied and not expired), so the unique constraint stops duplicates of an open request and
-- closed rows (NULL keys) never collide.
CREATE TABLE mcp_guard_approval (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    principal       VARCHAR(200)  NOT NULL,
    tool            VARCHAR(200)  NOT NULL,
    arguments_hash  CHAR(64)      NOT NULL,
    arguments       TEXT          NOT NULL,
    reason          VARCHAR(500),
    status          VARCHAR(16)   NOT NULL,
    open_key        CHAR(64),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_by      VARCHAR(200),
    decided_at      TIMESTAMP WITH TIME ZONE,
    comment         VARCHAR(2000),
    consumed_at     TIMESTAMP WITH TIME ZONE,
    -- status is PENDING, APPROVED, DENIED, CONSUMED or EXPIRED. No CHECK constraint: H2 2.4.240 binds a CHECK
    -- with a value list to the connection that created it and fails once that connection closes (h2database#4302).
    CONSTRAINT uk_mcp_guard_approval_open UNIQUE (open_key)
);

CREATE INDEX ix_mcp_guard_approval_status ON mcp_guard_approval (status, expires_at);
