package dev.mcpguard.consumers.postgres;

import dev.mcpguard.audit.jpa.AuditEventRepository;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * A tool on MCP Guard's audit trail through its Spring Data repository, injected like the application's own.
 */
@Component
public class AuditTools {

	private final AuditEventRepository audit;

	public AuditTools(AuditEventRepository audit) {
		this.audit = audit;
	}

	@McpTool(name = "audit_rows", description = "Counts the audit rows of a principal")
	public long auditRows(@McpToolParam(description = "the principal") String principal) {
		return this.audit.findByPrincipal(principal, PageRequest.of(0, 1, Sort.by("seq"))).getTotalElements();
	}

}
