package dev.mcpguard.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link AotConditionsMismatchException} as Spring Boot reports a failed start: what differs, and what
 * to do. Registered in {@code META-INF/spring.factories}.
 */
final class AotConditionsMismatchFailureAnalyzer extends AbstractFailureAnalyzer<AotConditionsMismatchException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AotConditionsMismatchException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
