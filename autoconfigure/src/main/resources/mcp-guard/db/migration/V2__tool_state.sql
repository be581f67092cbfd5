-- Runtime kill switch: tools switched off (or back on) by an operator, shared by every instance.
CREATE TABLE mcp_guard_tool_state (
    tool_name   VARCHAR(200) NOT NULL PRIMARY KEY,
    enabled     BOOLEAN      NOT NULL,
    reason      VARCHAR(500),
    changed_by  VARCHAR(200),
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
