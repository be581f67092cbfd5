-- Signed checkpoints of the audit chain: the chain head (seq, row hash) at a time, signed with a key the database
-- never holds (mcp.guard.audit.checkpoint.key). A rewrite of the rows behind a checkpoint, head included, no longer
-- matches it. One row per signed seq: instances signing the same head keep the first.
CREATE TABLE mcp_guard_audit_checkpoint (
    seq          BIGINT        NOT NULL PRIMARY KEY,
    row_hash     CHAR(64)      NOT NULL,
    signed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id       VARCHAR(100)  NOT NULL,
    signature    VARCHAR(128)  NOT NULL
);

-- The outcome index did not pay for itself (src/docs/audit.md, "Cost of a row"): it cost every append a quarter of
-- its database CPU, a search by outcome alone stays fast without it (the time index, newest first), and a search
-- by principal and outcome got slower with it (the planner walked it instead of the principal index).
DROP INDEX ix_mcp_guard_audit_outcome;
