package dev.mcpguard.autoconfigure;

import dev.mcpguard.pipeline.McpGuardStartupException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link McpGuardStartupException} (a start MCP Guard refuses) as Spring Boot reports a failed start: what
 * was found, and what to do. Registered in {@code META-INF/spring.factories}.
 */
final class McpGuardStartupFailureAnalyzer extends AbstractFailureAnalyzer<McpGuardStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, McpGuardStartupException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
